;; Extended constant expressions: `i32`/`i64` `add`, `sub` and `mul` (wrapping) over
;; constants and imported immutable globals.

(module $consts
  (global (export "base") i32 (i32.const 0x7fff_fff0))
  (global (export "big") i64 (i64.const 0x2_0000_0001))
  (global (export "page") i32 (i32.const 16)))
(register "consts" $consts)

(module
  (global $base (import "consts" "base") i32)
  (global $imported_big (import "consts" "big") i64)
  (global $page (import "consts" "page") i32)
  (global $next i32 (i32.add (global.get $base) (i32.const 0x20)))
  (global $big i64 (i64.mul (i64.const 0x1_0000_0001) (i64.const 0x1_0000_0001)))
  (global $diff i64 (i64.sub (i64.const 0) (global.get $imported_big)))
  (memory 1)
  (data (i32.add (global.get $page) (i32.const 4)) "xy")
  (func (export "next") (result i32) (global.get $next))
  (func (export "big") (result i64) (global.get $big))
  (func (export "diff") (result i64) (global.get $diff))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(assert_return (invoke "next") (i32.const 0x8000_0010))
(assert_return (invoke "big") (i64.const 0x2_0000_0001))
(assert_return (invoke "diff") (i64.const -0x2_0000_0001))
(assert_return (invoke "load" (i32.const 20)) (i32.const 0x78))
(assert_return (invoke "load" (i32.const 21)) (i32.const 0x79))

;; A table's elements at an offset computed from an imported global.
(module $host
  (global (export "at") i32 (i32.const 3)))
(register "host" $host)
(module
  (global $at (import "host" "at") i32)
  (table 8 funcref)
  (elem (table 0) (i32.sub (i32.mul (global.get $at) (i32.const 2)) (i32.const 1)) func $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
)
(assert_return (invoke "call" (i32.const 5)) (i32.const 7))
(assert_trap (invoke "call" (i32.const 4)) "uninitialized element")

;; WebAssembly 3.0's `global.get` in constant expressions: any immutable global defined
;; before (a global's initializer sees those before it; segments see them all).
(module
  (global $a i32 (i32.const 10))
  (global $b i32 (i32.mul (global.get $a) (i32.const 3)))
  (memory 1)
  (data (i32.add (global.get $b) (global.get $c)) "z")
  (global $c i32 (i32.const 2))
  (func (export "b") (result i32) (global.get $b))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
(assert_return (invoke "b") (i32.const 30))
(assert_return (invoke "load" (i32.const 32)) (i32.const 0x7a))
(assert_invalid
  (module (global i32 (global.get 0)))
  "unknown global")
(assert_invalid
  (module (global i32 (global.get 1)) (global i32 (i32.const 0)))
  "unknown global")
(assert_invalid
  (module (global $m (import "consts" "m") (mut i32)) (global i32 (global.get $m)))
  "constant expression required")
;; Operands of the wrong type, too few, and instructions that are not constant.
(assert_invalid
  (module (global i32 (i32.add (i32.const 1) (i64.const 2))))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.add (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (global i64 (i64.div_s (i64.const 1) (i64.const 1))))
  "constant expression required")
(assert_invalid
  (module (global i32 (i32.and (i32.const 1) (i32.const 1))))
  "constant expression required")
