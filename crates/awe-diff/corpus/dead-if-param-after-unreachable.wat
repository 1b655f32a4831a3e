;; An `if` with a parameter in unreachable code after `unreachable`: f traps.
;; invoke f -> trap unreachable
(module
  (func (export "f") (result i32)
    i32.const 1
    (block
      unreachable
      (if (param i32) (then drop) (else drop)))))
