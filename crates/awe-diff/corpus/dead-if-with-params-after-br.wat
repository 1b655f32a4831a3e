;; Unreachable code with block parameters: an `if` taking an i32 after `br 0`
;; (a reliability engineer's reproducer; awe's translator got it wrong). f returns 0.
;; invoke f -> [0]
(module
  (func (export "f") (result i64)
    i64.const 0
    (block
      br 0
      unreachable
      (if (param i32) (result i64) (then unreachable) (else drop i64.const 1))
      unreachable)))
