;; The translator's handling of unreachable code, block parameters and branches that
;; move values (found by differential execution against wasmi; see issue 14).

;; A dead `if` with parameters: its `else` arm is as dead as its `then` arm, and must
;; not overwrite the live value the branch carries out (awe returned 1).
(module
  (func (export "f") (result i64)
    i64.const 0
    (block br 0 unreachable
      (if (param i32) (result i64) (then unreachable) (else drop i64.const 1))
      unreachable)))
(assert_return (invoke "f") (i64.const 0))

;; The same family: a dead `else` arm that drops a live value below it (the translator
;; panicked with an index out of bounds; with two results at another line).
(module
  (func (export "f") (result i32)
    i32.const 1
    (block unreachable (if (param i32) (then drop) (else drop))))
  (func (export "g") (result i32 i32)
    i32.const 1
    i32.const 2
    (block unreachable (if (param i32 i32) (then drop drop) (else drop drop)))))
(assert_trap (invoke "f") "unreachable")
(assert_trap (invoke "g") "unreachable")

;; A branch in a dead `else` arm to a dead block (the module was refused: "op 1
;; branches to 2").
(module
  (func (export "f") return (block (if (i32.const 1) (then) (else (br 1)))))
  (func (export "g") (result i32)
    (i32.const 7)
    (return)
    (loop (param i32) (result i32)
      (if (param i32) (result i32) (i32.const 0) (then) (else (br 1)))
      (br_if 0 (i32.const 1)))))
(assert_return (invoke "f"))
(assert_return (invoke "g") (i32.const 7))

;; Dead code nested deeply, with every kind of construct, ending in a live value.
(module
  (func (export "f") (param i32) (result i32)
    (block (result i32)
      (local.get 0)
      (br 0)
      (block (param i32) (result i32)
        (loop (param i32) (result i32)
          (if (param i32) (result i32) (i32.const 9)
            (then (drop) (i32.const 3))
            (else (br 2)))
          (br_if 0 (i32.const 1)))
        (global.set 0 (i32.const 5)))
      (drop)
      (i32.const 11)))
  (global (export "gl") (mut i32) (i32.const 0)))
(assert_return (invoke "f" (i32.const 42)) (i32.const 42))
(assert_return (get "gl") (i32.const 0))

;; br_table whose entries return two or more results read from low locals: each
;; entry moves the values itself (a later entry read cells only the first one filled).
(module
  (func (export "f") (param i32 i64) (result i64 f32)
    local.get 1 f32.const 0 local.get 0 br_table 0 0)
  (func (export "g") (param i32 i64) (result i64 i32)
    (block (result i64 i32)
      local.get 1 local.get 0 local.get 0 br_table 1 0 1)
    (return))
  (func (export "h") (param i64 i32) (result i32 i64)
    (block (result i32 i64)
      local.get 1 local.get 0 local.get 1 br_table 1 0 0)
    (drop) (drop) (i32.const -1) (i64.const -1)))
(assert_return (invoke "f" (i32.const 1) (i64.const 42)) (i64.const 42) (f32.const 0))
(assert_return (invoke "f" (i32.const 0) (i64.const 42)) (i64.const 42) (f32.const 0))
(assert_return (invoke "g" (i32.const 0) (i64.const 5)) (i64.const 5) (i32.const 0))
(assert_return (invoke "g" (i32.const 1) (i64.const 6)) (i64.const 6) (i32.const 1))
(assert_return (invoke "g" (i32.const 2) (i64.const 7)) (i64.const 7) (i32.const 2))
(assert_return (invoke "h" (i64.const 8) (i32.const 0)) (i32.const 0) (i64.const 8))
(assert_return (invoke "h" (i64.const 8) (i32.const 1)) (i32.const -1) (i64.const -1))
(assert_return (invoke "h" (i64.const 8) (i32.const 9)) (i32.const -1) (i64.const -1))

;; br_if that returns two results read from low locals: the path that does not take
;; the branch still has the values where they were.
(module
  (func (export "f") (param i32 i32) (result i32 i32)
    local.get 1 local.get 0
    (br_if 0 (local.get 0))
    (i32.add (i32.const 100))
    (return))
  (func (export "g") (param i64 i32) (result i32 i64)
    (block (result i32 i64)
      local.get 1 local.get 0
      (br_if 1 (local.get 1))
      (br_if 0 (i32.const 1)))
    (drop) (drop) (i32.const 55) (i64.const 66)))
(assert_return (invoke "f" (i32.const 0) (i32.const 3)) (i32.const 3) (i32.const 100))
(assert_return (invoke "f" (i32.const 1) (i32.const 3)) (i32.const 3) (i32.const 1))
(assert_return (invoke "g" (i64.const 4) (i32.const 1)) (i32.const 1) (i64.const 4))
(assert_return (invoke "g" (i64.const 4) (i32.const 0)) (i32.const 55) (i64.const 66))

;; `if` with parameters and results in live code, operands of every kind: locals,
;; constants and temporaries, then and else arms, with and without an else.
(module
  (func (export "f") (param i32 i32) (result i32 i32)
    (local.get 1) (i32.const 10) (local.get 0)
    (if (param i32 i32) (result i32 i32)
      (then (i32.add) (local.get 1))
      (else (i32.sub) (i32.const 0))))
  (func (export "g") (param i32) (result i32)
    (i32.const 5) (local.get 0)
    (if (param i32) (result i32) (then (i32.const 2) (i32.mul)))
    (local.get 0) (i32.add))
  (func (export "h") (param i32) (result i32)
    (i32.const 1)
    (local.get 0)
    (if (param i32) (result i32)
      (then (br 0))
      (else (drop) (i32.const 2) (br 0)))))
(assert_return (invoke "f" (i32.const 1) (i32.const 3)) (i32.const 13) (i32.const 3))
(assert_return (invoke "f" (i32.const 0) (i32.const 3)) (i32.const -7) (i32.const 0))
(assert_return (invoke "g" (i32.const 0)) (i32.const 5))
(assert_return (invoke "g" (i32.const 4)) (i32.const 14))
(assert_return (invoke "h" (i32.const 1)) (i32.const 1))
(assert_return (invoke "h" (i32.const 0)) (i32.const 2))

;; A loop with parameters carried by its back edge from a branch table.
(module
  (func (export "f") (param i32) (result i32)
    (block (result i32 i32)
      (i32.const 0) (local.get 0)
      (loop (param i32 i32) (result i32 i32)
        (local.set 0)
        (i32.add (local.get 0))
        (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
        (br_table 0 1 (i32.eqz (local.get 0)))))
    (drop)))
(assert_return (invoke "f" (i32.const 4)) (i32.const 10))
(assert_return (invoke "f" (i32.const 1)) (i32.const 1))
