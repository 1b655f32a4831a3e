;; Several memories (multi-memory) and 64-bit memories and tables (memory64), WebAssembly
;; 3.0: every access names its memory, addresses and lengths are of the memory's type,
;; bounds checks cannot wrap, and one memory imported twice is one memory.

(module $lib
  (memory (export "m32") 1 2)
  (memory (export "m64") i64 1 3)
  (table (export "t64") i64 2 funcref))
(register "lib" $lib)

(module
  (memory $a 1)
  (memory $b i64 1 4)
  (memory $c 0)
  (data (memory $a) (i32.const 0) "\01\02\03\04")
  (data (memory $b) (i64.const 65532) "wxyz")
  (data $passive "hello")

  ;; Loads and stores of each memory, plain and at an offset.
  (func (export "a32") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "b8") (param i64) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "b16s") (param i64) (result i32) (i32.load16_s $b (local.get 0)))
  (func (export "b64") (param i64) (result i64) (i64.load $b offset=8 (local.get 0)))
  (func (export "b32_at_max_offset") (param i64) (result i32)
    (i32.load $b offset=0xffff_ffff_ffff_fff0 (local.get 0)))
  (func (export "store_b") (param i64 i64) (i64.store $b offset=4 (local.get 0) (local.get 1)))
  (func (export "store_b8") (param i64 i32) (i32.store8 $b (local.get 0) (local.get 1)))
  (func (export "store_c") (param i32) (i32.store $c (local.get 0) (i32.const 1)))
  (func (export "f32_b") (param i64 f32) (result f32)
    (f32.store $b (local.get 0) (local.get 1))
    (f32.load $b (local.get 0)))

  ;; Sizes and growth: memory $b counts pages in i64, -1 is i64's.
  (func (export "size_a") (result i32) (memory.size $a))
  (func (export "size_b") (result i64) (memory.size $b))
  (func (export "size_c") (result i32) (memory.size $c))
  (func (export "grow_b") (param i64) (result i64) (memory.grow $b (local.get 0)))
  (func (export "grow_c") (param i32) (result i32) (memory.grow $c (local.get 0)))

  ;; Bulk operations between and within memories.
  (func (export "copy_a_to_b") (param i64 i32 i32)
    (memory.copy $b $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_b_to_a") (param i32 i64 i32)
    (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_b_to_b") (param i64 i64 i64)
    (memory.copy $b $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill_b") (param i64 i32 i64)
    (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_b") (param i64 i32 i32)
    (memory.init $b $passive (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_a") (param i32 i32 i32)
    (memory.init $a $passive (local.get 0) (local.get 1) (local.get 2)))
)

(assert_return (invoke "a32" (i32.const 0)) (i32.const 0x04030201))
(assert_return (invoke "b8" (i64.const 65532)) (i32.const 0x77))
(assert_return (invoke "b8" (i64.const 65535)) (i32.const 0x7a))
(assert_trap (invoke "b8" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "b8" (i64.const 0x1_0000_0000)) "out of bounds memory access")
(assert_trap (invoke "b8" (i64.const -1)) "out of bounds memory access")
(assert_return (invoke "b16s" (i64.const 65534)) (i32.const 0x7a79))
(assert_trap (invoke "b16s" (i64.const 65535)) "out of bounds memory access")
;; An address plus an offset past 2^64 is out of bounds, not a wrapped address.
(assert_trap (invoke "b32_at_max_offset" (i64.const 0x10)) "out of bounds memory access")
(assert_trap (invoke "b32_at_max_offset" (i64.const 0x20)) "out of bounds memory access")
(assert_trap (invoke "b64" (i64.const -8)) "out of bounds memory access")
(assert_trap (invoke "b64" (i64.const 65521)) "out of bounds memory access")
(assert_return (invoke "store_b" (i64.const 100) (i64.const 0x1122334455667788)))
(assert_return (invoke "b64" (i64.const 96)) (i64.const 0x1122334455667788))
(assert_trap (invoke "store_b" (i64.const 65525) (i64.const 0)) "out of bounds memory access")
(assert_return (invoke "f32_b" (i64.const 200) (f32.const nan:0x200001)) (f32.const nan:0x200001))
;; Memory $c has no pages; memory $a is untouched by stores to $b.
(assert_trap (invoke "store_c" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "a32" (i32.const 100)) (i32.const 0))

(assert_return (invoke "size_a") (i32.const 1))
(assert_return (invoke "size_b") (i64.const 1))
(assert_return (invoke "size_c") (i32.const 0))
(assert_return (invoke "grow_b" (i64.const 2)) (i64.const 1))
(assert_return (invoke "size_b") (i64.const 3))
(assert_return (invoke "grow_b" (i64.const 2)) (i64.const -1))
(assert_return (invoke "grow_b" (i64.const 0x1_0000_0001)) (i64.const -1))
(assert_return (invoke "grow_b" (i64.const -1)) (i64.const -1))
(assert_return (invoke "grow_b" (i64.const 1)) (i64.const 3))
(assert_return (invoke "b8" (i64.const 0x3_ffff)) (i32.const 0))
(assert_return (invoke "grow_c" (i32.const 1)) (i32.const 0))
(assert_return (invoke "size_c") (i32.const 1))
(assert_return (invoke "size_a") (i32.const 1))

;; Copies between memories of both address types: the length is an i32.
(assert_return (invoke "copy_a_to_b" (i64.const 0x2_0000) (i32.const 0) (i32.const 4)))
(assert_return (invoke "b8" (i64.const 0x2_0003)) (i32.const 4))
(assert_return (invoke "copy_b_to_a" (i32.const 8) (i64.const 65532) (i32.const 4)))
(assert_return (invoke "a32" (i32.const 8)) (i32.const 0x7a797877))
(assert_trap (invoke "copy_a_to_b" (i64.const 0x3_fffe) (i32.const 0) (i32.const 4)) "out of bounds memory access")
(assert_trap (invoke "copy_b_to_a" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "copy_b_to_a" (i32.const 0) (i64.const 0x4_0000) (i32.const 0)))
;; Within memory $b, lengths are i64; overlapping ranges copy as if through a buffer.
(assert_return (invoke "copy_b_to_b" (i64.const 65533) (i64.const 65532) (i64.const 4)))
(assert_return (invoke "b8" (i64.const 65533)) (i32.const 0x77))
(assert_return (invoke "b8" (i64.const 65536)) (i32.const 0x7a))
(assert_trap (invoke "copy_b_to_b" (i64.const 0) (i64.const 1) (i64.const -1)) "out of bounds memory access")
(assert_trap (invoke "fill_b" (i64.const 1) (i32.const 7) (i64.const -1)) "out of bounds memory access")
(assert_return (invoke "fill_b" (i64.const 0x3_fffe) (i32.const 7) (i64.const 2)))
(assert_return (invoke "b8" (i64.const 0x3_ffff)) (i32.const 7))
(assert_return (invoke "init_b" (i64.const 0x3_fffb) (i32.const 0) (i32.const 5)))
(assert_return (invoke "b8" (i64.const 0x3_ffff)) (i32.const 0x6f))
(assert_trap (invoke "init_b" (i64.const 0x3_fffc) (i32.const 0) (i32.const 5)) "out of bounds memory access")
(assert_return (invoke "init_a" (i32.const 16) (i32.const 1) (i32.const 4)))
(assert_return (invoke "a32" (i32.const 16)) (i32.const 0x6f6c6c65))

;; One memory imported twice is one memory: a store through either is seen by both.
(module
  (import "lib" "m32" (memory $x 1))
  (import "lib" "m32" (memory $y 1))
  (import "lib" "m64" (memory $z i64 1))
  (func (export "store_x_load_y") (param i32 i32) (result i32)
    (i32.store $x (local.get 0) (local.get 1))
    (i32.load $y (local.get 0)))
  (func (export "copy_x_to_y") (param i32 i32 i32) (result i32)
    (memory.copy $y $x (local.get 0) (local.get 1) (local.get 2))
    (i32.load $x (local.get 1)))
  (func (export "grow_y_size_x") (result i32)
    (drop (memory.grow $y (i32.const 1)))
    (memory.size $x))
  (func (export "z_size") (result i64) (memory.size $z)))
(assert_return (invoke "store_x_load_y" (i32.const 40) (i32.const 0x12345678)) (i32.const 0x12345678))
(assert_return (invoke "copy_x_to_y" (i32.const 42) (i32.const 40) (i32.const 4)) (i32.const 0x56785678))
(assert_return (invoke "grow_y_size_x") (i32.const 2))
(assert_return (invoke "z_size") (i64.const 1))

;; Address types must match for an import.
(assert_unlinkable
  (module (import "lib" "m64" (memory 1)))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "m32" (memory i64 1)))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "t64" (table 2 funcref)))
  "incompatible import type")

;; Validation: addresses of the memory's type, offsets within 32 bits for 32-bit memories.
(assert_invalid
  (module (memory 1) (memory i64 1) (func (drop (i32.load 1 (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (module (memory 1) (memory i64 1) (func (drop (i32.load 0 (i64.const 0)))))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0)))))
  "offset out of range")
(assert_invalid
  (module (memory 1) (memory i64 1) (func (memory.copy 0 1 (i32.const 0) (i64.const 0) (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (memory i64 0x1_0000_0000_0001))
  "memory size")
(assert_invalid
  (module (memory 1) (func (drop (i32.load 1 (i32.const 0)))))
  "unknown memory")
(module (memory i64 0 0x1_0000_0000_0000))

;; 64-bit tables: indices, sizes and lengths are i64s.
(module
  (type $t (func (result i32)))
  (table $t64 i64 3 10 funcref)
  (table $t32 2 funcref)
  (elem (table $t64) (i64.const 1) func $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "call") (param i64) (result i32) (call_indirect $t64 (type $t) (local.get 0)))
  (func (export "size") (result i64) (table.size $t64))
  (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
  (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t64 (local.get 0))))
  (func (export "set") (param i64) (table.set $t64 (local.get 0) (ref.func $seven)))
  (func (export "fill") (param i64 i64) (table.fill $t64 (local.get 0) (ref.func $seven) (local.get 1)))
  (func (export "copy_to_32") (param i32 i64 i32) (table.copy $t32 $t64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "is_null_32") (param i32) (result i32) (ref.is_null (table.get $t32 (local.get 0)))))
(assert_return (invoke "call" (i64.const 1)) (i32.const 7))
(assert_trap (invoke "call" (i64.const 0)) "uninitialized element")
(assert_trap (invoke "call" (i64.const 3)) "undefined element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0001)) "undefined element")
(assert_trap (invoke "call" (i64.const -1)) "undefined element")
(assert_return (invoke "size") (i64.const 3))
(assert_return (invoke "grow" (i64.const 2)) (i64.const 3))
(assert_return (invoke "grow" (i64.const 6)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "size") (i64.const 5))
(assert_return (invoke "is_null" (i64.const 4)) (i32.const 1))
(assert_trap (invoke "is_null" (i64.const 0x1_0000_0000)) "out of bounds table access")
(assert_return (invoke "set" (i64.const 4)))
(assert_return (invoke "call" (i64.const 4)) (i32.const 7))
(assert_trap (invoke "set" (i64.const 0x1_0000_0004)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const -1)) "out of bounds table access")
(assert_return (invoke "fill" (i64.const 2) (i64.const 3)))
(assert_return (invoke "call" (i64.const 2)) (i32.const 7))
(assert_return (invoke "copy_to_32" (i32.const 0) (i64.const 3) (i32.const 2)))
(assert_return (invoke "is_null_32" (i32.const 1)) (i32.const 0))
(assert_trap (invoke "copy_to_32" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1)) "out of bounds table access")
