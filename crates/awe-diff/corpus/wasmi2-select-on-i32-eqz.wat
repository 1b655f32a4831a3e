;; wasmi 2.0's bug 1 (ORACLE_BUGS.md): a `select` on `i32.eqz x` (or `x != 0`) always
;; takes one operand. The comparison sets it aside (awe = wasmi 1.1); the expectations
;; check that awe is right.
;; invoke f 0 -> [10]
;; invoke f 3 -> [20]
;; invoke ne 0 -> [20]
;; invoke ne 3 -> [10]
;; invoke div 7 -> [14]
;; invoke div 0 -> [100]
(module
  (func (export "f") (param i32) (result i32)
    i32.const 10
    i32.const 20
    local.get 0
    i32.eqz
    select)
  (func (export "ne") (param i32) (result i32)
    i32.const 10
    i32.const 20
    local.get 0
    i32.const 0
    i32.ne
    select)
  (func (export "div") (param i32) (result i32)
    i32.const 100
    i32.const 1
    local.get 0
    local.get 0
    i32.eqz
    select
    i32.div_u))
