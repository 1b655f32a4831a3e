;; Every kind of directive that needs the engine: instantiation, calls, globals,
;; registration, traps, exhaustion, unlinkable and uninstantiable modules.

(module $adder
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (global (export "answer") i32 (i32.const 42))
)
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (get $adder "answer") (i32.const 42))
(register "adder" $adder)

(module
  (import "adder" "add" (func $add (param i32 i32) (result i32)))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_u (local.get 0) (local.get 1)))
  (func $loop (export "loop") (call $loop))
)
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_exhaustion (invoke "loop") "call stack exhausted")

(assert_invalid (module (func (result i32))) "type mismatch")
(assert_unlinkable (module (import "adder" "nope" (func))) "unknown import")
(assert_trap (module (func $start unreachable) (start $start)) "unreachable")
