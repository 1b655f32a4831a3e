;; Regressions of the translator to register bytecode.

;; An empty infinite loop in code that does not run: without checkpoints its branch
;; jumps to itself (offset 0), which must not be mistaken for an unpatched branch.
(module
  (func (export "f") (param i32) (result i32)
    (if (local.get 0) (then (loop (br 0))))
    (i32.const 1)))
(assert_return (invoke "f" (i32.const 0)) (i32.const 1))

;; br_if out of a block with values left below the block's own operands.
(module
  (func (export "g") (param i32) (result i32)
    (i32.const 10)
    (block (br_if 0 (local.get 0)) (nop))
    (i32.const 5)
    (i32.add)))
(assert_return (invoke "g" (i32.const 0)) (i32.const 15))
(assert_return (invoke "g" (i32.const 1)) (i32.const 15))

;; A result computed into cell 0 while parameter 0 is still needed by the same op.
(module
  (func (export "h") (param i32 i32) (result i32)
    (i32.sub (local.get 1) (local.get 0))))
(assert_return (invoke "h" (i32.const 3) (i32.const 10)) (i32.const 7))

;; Fused compare-with-constant and i64 compare branches, taken and not.
(module
  (func (export "lt5") (param i32) (result i32)
    (block (br_if 0 (i32.lt_s (local.get 0) (i32.const 5))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "geu64") (param i64 i64) (result i32)
    (block (br_if 0 (i64.ge_u (local.get 0) (local.get 1))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "eqz64") (param i64) (result i32)
    (block (br_if 0 (i64.eqz (local.get 0))) (return (i32.const 0)))
    (i32.const 1)))
(assert_return (invoke "lt5" (i32.const 4)) (i32.const 1))
(assert_return (invoke "lt5" (i32.const 5)) (i32.const 0))
(assert_return (invoke "lt5" (i32.const -7)) (i32.const 1))
(assert_return (invoke "geu64" (i64.const -1) (i64.const 1)) (i32.const 1))
(assert_return (invoke "geu64" (i64.const 1) (i64.const -1)) (i32.const 0))
(assert_return (invoke "eqz64" (i64.const 0)) (i32.const 1))
(assert_return (invoke "eqz64" (i64.const 0x100000000)) (i32.const 0))
