;; golden: none
;; A constant left on the stack across a block, a call and a branch carrying a value.
(module
  (func $dummy)
  (func (export "nested-block-value") (result i32)
    (i32.add
      (i32.const 1)
      (block (result i32)
        (call $dummy)
        (i32.add (i32.const 4) (br 0 (i32.const 8)))))))
