;; Exception handling (WebAssembly 3.0): handlers in nested try_tables and frames, the
;; payload in the label's cells, references kept in locals, globals and tables, tags
;; of another instance, and traps.

(module $lib
  (tag $shared (export "shared") (param i64))
  (func (export "throw_shared") (param i64) (throw $shared (local.get 0))))
(register "lib" $lib)

(module
  (import "lib" "shared" (tag $shared (param i64)))
  (import "lib" "throw_shared" (func $throw_shared (param i64)))
  (tag $a (param i32))
  (tag $b (param i32 f64))
  (tag $c)
  (table $t 2 funcref)
  (table $exns 2 exnref)
  (global $kept (mut exnref) (ref.null exn))
  (elem (table $t) (i32.const 0) func $deep $throw_c)

  ;; A throw three frames down, through call_indirect, caught by the outer frame.
  (func $deep (param i32)
    (if (i32.eqz (local.get 0))
      (then (throw $a (i32.const 99))))
    (call_indirect $t (param i32) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))
  (func $throw_c (param i32) (throw $c))
  (func (export "deep") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $a $h) (call $deep (local.get 0)))
      (i32.const -1)))

  ;; The innermost handler that matches: the inner one does not catch $a.
  (func (export "nested") (param i32) (result i32)
    (block $outer (result i32)
      (try_table (catch $a $outer)
        (block $inner (result i32 f64)
          (try_table (catch $b $inner)
            (if (local.get 0)
              (then (throw $b (i32.const 7) (f64.const 0.5)))
              (else (throw $a (i32.const 3)))))
          (unreachable))
        (drop)
        (return (i32.add (i32.const 100))))
      (unreachable))
    (i32.add (i32.const 200)))

  ;; A handler in a loop, the loop going on after each catch; values below the
  ;; try_table's operands stay.
  (func (export "loop") (param $n i32) (result i32)
    (local $sum i32)
    (loop $next
      (local.set $sum
        (i32.add (local.get $sum)
          (i32.mul (i32.const 2)
            (block $h (result i32)
              (try_table (result i32) (catch $a $h)
                (throw $a (local.get $n)))))))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))

  ;; catch_all, and branches to a loop label that takes no values.
  (func (export "catch_all") (param i32) (result i32)
    (local $tries i32)
    (loop $again
      (local.set $tries (i32.add (local.get $tries) (i32.const 1)))
      (try_table (catch_all $again)
        (if (i32.lt_u (local.get $tries) (local.get 0))
          (then (call_indirect $t (param i32) (i32.const 0) (i32.const 1))))))
    (local.get $tries))

  ;; References: kept in a global and a table, thrown again later, compared with null.
  (func (export "keep") (param i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $a (local.get 0)))
      (unreachable))
    (global.set $kept)
    (table.set $exns (i32.const 1) (global.get $kept)))
  (func (export "rethrow_kept") (result i32)
    (block $h (result i32)
      (try_table (catch $a $h) (throw_ref (table.get $exns (i32.const 1))))
      (i32.const -1)))
  (func (export "kept_is_null") (result i32) (ref.is_null (global.get $kept)))
  (func (export "throw_null") (throw_ref (ref.null exn)))

  ;; A tag of another instance: its exceptions are caught by it, and a thrown one goes
  ;; out uncaught through handlers of other tags.
  (func (export "shared") (param i64) (result i64)
    (block $h (result i64)
      (try_table (catch $shared $h) (call $throw_shared (local.get 0)))
      (i64.const -1)))
  (func (export "uncaught") (param i64)
    (block $h (result i32)
      (try_table (catch $a $h) (call $throw_shared (local.get 0)))
      (return))
    (drop))

  ;; A trap is not an exception: catch_all does not catch it.
  (func (export "trap") (result i32)
    (block $h (try_table (catch_all $h) (unreachable)))
    (i32.const 1)))

(assert_return (invoke "deep" (i32.const 0)) (i32.const 99))
(assert_return (invoke "deep" (i32.const 5)) (i32.const 99))
(assert_return (invoke "nested" (i32.const 1)) (i32.const 107))
(assert_return (invoke "nested" (i32.const 0)) (i32.const 203))
(assert_return (invoke "loop" (i32.const 10)) (i32.const 110))
(assert_return (invoke "catch_all" (i32.const 5)) (i32.const 5))
(assert_return (invoke "kept_is_null") (i32.const 1))
(assert_return (invoke "keep" (i32.const 42)))
(assert_return (invoke "kept_is_null") (i32.const 0))
(assert_return (invoke "rethrow_kept") (i32.const 42))
(assert_return (invoke "rethrow_kept") (i32.const 42))
(assert_trap (invoke "throw_null") "null exception reference")
(assert_return (invoke "shared" (i64.const -9)) (i64.const -9))
(assert_exception (invoke "uncaught" (i64.const 1)))
(assert_trap (invoke "trap") "unreachable")

;; Validation: clauses pass what their labels take, tags have no results.
(assert_invalid
  (module (tag $e (param i32))
    (func (block $h (result i64) (try_table (catch $e $h)) (unreachable)) (drop)))
  "type mismatch")
(assert_invalid
  (module (tag $e)
    (func (block $h (try_table (catch_ref $e $h)))))
  "type mismatch")
(assert_invalid
  (module (func (try_table (catch 0 0))))
  "unknown tag")
(assert_invalid
  (module (tag $e) (func (try_table (catch $e 1))))
  "unknown label")
(assert_invalid
  (module (type (func (result i32))) (tag (type 0)))
  "non-empty tag result type")
(assert_malformed
  (module binary "\00asm" "\01\00\00\00" "\01\04\01\60\00\00" "\0d\03\01\01\00")
  "malformed tag attribute")
