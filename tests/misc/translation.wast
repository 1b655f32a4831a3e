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

;; A load or store does the i32.add of its address: the sum wraps at 32 bits before the
;; offset is added, and traps exactly where the separate ops would.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08")
  (func (export "load_imm") (param i32) (result i32)
    (i32.load (i32.add (local.get 0) (i32.const 4))))
  (func (export "load_regs") (param i32 i32) (result i32)
    (i32.load8_u offset=1 (i32.add (local.get 0) (local.get 1))))
  (func (export "load16s_imm") (param i32) (result i32)
    (i32.load16_s (i32.add (local.get 0) (i32.const -2))))
  (func (export "load64_regs") (param i32 i32) (result i64)
    (i64.load (i32.add (local.get 0) (local.get 1))))
  (func (export "store_imm") (param i32 i32) (result i32)
    (i32.store8 (i32.add (local.get 0) (i32.const 1)) (local.get 1))
    (i32.load8_u (i32.const 1)))
  (func (export "store_regs") (param i32 i32 i32) (result i32)
    (i32.store16 offset=2 (i32.add (local.get 0) (local.get 1)) (local.get 2))
    (i32.load16_u (i32.const 2)))
  (func (export "store64_imm") (param i32 i64) (result i64)
    (i64.store (i32.add (local.get 0) (i32.const 8)) (local.get 1))
    (i64.load (i32.const 0))))
(assert_return (invoke "load_imm" (i32.const -4)) (i32.const 0x04030201))
(assert_return (invoke "load_imm" (i32.const 0)) (i32.const 0x08070605))
(assert_trap (invoke "load_imm" (i32.const 65530)) "out of bounds memory access")
(assert_return (invoke "load_regs" (i32.const -1) (i32.const 1)) (i32.const 2))
(assert_trap (invoke "load_regs" (i32.const 65535) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load16s_imm" (i32.const 2)) (i32.const 0x0201))
(assert_trap (invoke "load16s_imm" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "load64_regs" (i32.const 0x80000000) (i32.const 0x80000000)) (i64.const 0x0807060504030201))
(assert_return (invoke "store_imm" (i32.const 0) (i32.const 0xaa)) (i32.const 0xaa))
(assert_trap (invoke "store_imm" (i32.const 65535) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "store_regs" (i32.const -5) (i32.const 5) (i32.const 0xbeef)) (i32.const 0xbeef))
(assert_return (invoke "store64_imm" (i32.const -8) (i64.const 42)) (i64.const 42))
(assert_trap (invoke "store64_imm" (i32.const 65528) (i64.const 1)) "out of bounds memory access")

;; A load or store does `base + (index << k)` itself; the shift wraps its amount and the
;; sum wraps at 32 bits, as the separate ops would.
(module
  (memory 1)
  (data (i32.const 0) "\01\00\02\00\03\00\04\00\05\00\06\00\07\00\08\00")
  (func (export "elem16") (param i32 i32) (result i32)
    (i32.load16_u (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 1)))))
  (func (export "elem16_swapped") (param i32 i32) (result i32)
    (i32.load16_u (i32.add (i32.shl (local.get 1) (i32.const 33)) (local.get 0))))
  (func (export "elem32") (param i32 i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
  (func (export "set64") (param i32 i32 i64) (result i64)
    (i64.store (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3))) (local.get 2))
    (i64.load (i32.const 8)))
  (func (export "loop_sum") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1)
        (i32.load16_u (i32.add (i32.const 0) (i32.shl (local.get 2) (i32.const 1))))))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 2) (local.get 0))))
    (local.get 1)))
(assert_return (invoke "elem16" (i32.const 0) (i32.const 3)) (i32.const 4))
(assert_return (invoke "elem16" (i32.const 4) (i32.const -2)) (i32.const 1))
(assert_trap (invoke "elem16" (i32.const 65534) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "elem16_swapped" (i32.const 2) (i32.const 1)) (i32.const 3))
(assert_return (invoke "elem32" (i32.const 0) (i32.const 1)) (i32.const 0x00060005))
(assert_return (invoke "elem32" (i32.const 8) (i32.const 0x40000000)) (i32.const 0x00080007))
(assert_return (invoke "elem32" (i32.const 0) (i32.const 16382)) (i32.const 0))
(assert_trap (invoke "elem32" (i32.const 0) (i32.const 16383)) "out of bounds memory access")
(assert_return (invoke "set64" (i32.const 0) (i32.const 1) (i64.const 77)) (i64.const 77))
(assert_return (invoke "set64" (i32.const 16) (i32.const 0x3fffffff) (i64.const 9)) (i64.const 9))
(assert_return (invoke "loop_sum" (i32.const 4)) (i32.const 10))
