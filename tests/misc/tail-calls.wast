;; Tail calls (WebAssembly 3.0): a chain of them runs in constant stack, to functions
;; of the module, of another instance and of the host, directly and through a table.

(module $other
  (func (export "twice") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 2))))
(register "other" $other)

(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "other" "twice" (func $twice (param i64) (result i64)))
  (type $ii (func (param i64 i64) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $even $odd)

  ;; Mutual recursion a million deep (plain calls would exhaust the call stack).
  (func $even (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call_indirect (type $ii)
              (i64.sub (local.get $n) (i64.const 1))
              (i64.add (local.get $acc) (i64.const 1))
              (i32.const 1)))))
  (func $odd (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $even (i64.sub (local.get $n) (i64.const 1)) (local.get $acc)))))
  (func (export "count") (param i64) (result i64) (return_call $even (local.get 0) (i64.const 0)))

  ;; To another instance's function and to the host's: their results are this one's.
  (func (export "twice") (param i64) (result i64) (return_call $twice (local.get 0)))
  (func (export "print") (param i32) (return_call $print (local.get 0)))
  (func (export "print_then") (param i32) (result i32)
    (call $print_via (local.get 0))
    (i32.add (local.get 0) (i32.const 1)))
  (func $print_via (param i32) (return_call $print (local.get 0)))

  ;; A tail call with more arguments than the caller has cells.
  (func $wide (param i64 i64 i64 i64 i64 i64) (result i64)
    (i64.add (i64.add (i64.add (local.get 0) (local.get 1)) (i64.add (local.get 2) (local.get 3)))
             (i64.add (local.get 4) (local.get 5))))
  (func (export "widen") (param $x i64) (result i64)
    (return_call $wide (local.get $x) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
                       (i64.const 5)))

  ;; A trap in the callee; an indirect tail call through a null entry or a wrong type.
  (func $boom (result i32) (unreachable))
  (func (export "boom") (result i32) (return_call $boom))
  (func (export "null_entry") (result i64)
    (return_call_indirect (type $ii) (i64.const 0) (i64.const 0) (i32.const 5)))
)
(assert_return (invoke "count" (i64.const 1_000_000)) (i64.const 500_000))
(assert_return (invoke "count" (i64.const 1_000_001)) (i64.const 500_001))
(assert_return (invoke "twice" (i64.const 21)) (i64.const 42))
(assert_return (invoke "print" (i32.const 7)))
(assert_return (invoke "print_then" (i32.const 8)) (i32.const 9))
(assert_return (invoke "widen" (i64.const 100)) (i64.const 115))
(assert_trap (invoke "boom") "unreachable")
(assert_trap (invoke "null_entry") "undefined element")

;; A tail call's results must be the caller's.
(assert_invalid
  (module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module
    (type $t (func (result i64)))
    (table 1 funcref)
    (func (result i32) (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
