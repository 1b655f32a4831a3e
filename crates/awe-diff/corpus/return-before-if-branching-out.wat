;; Dead code after `return` holding an `if` whose else arm branches out: f returns.
;; invoke f -> []
(module
  (func (export "f")
    return
    (block (if (i32.const 1) (then) (else (br 1))))))
