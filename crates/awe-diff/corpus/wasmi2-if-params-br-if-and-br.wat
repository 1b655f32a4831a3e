;; wasmi 2.0's bug 2 (ORACLE_BUGS.md): an `if` with parameters left by a `br_if` and by
;; a `br` from a nested block loses the operand below its parameter. Set aside by the
;; comparison (awe = wasmi 1.1); the expectations check that awe is right.
;; invoke d -1 0 -> [5 -1]
;; invoke d -1 1 -> [5 -1]
;; invoke d 100 1 -> [5 100]
(module
  (func (export "d") (param i64 i32) (result i64 i64)
    i64.const 5
    local.get 0
    i64.const 9
    i32.const 1
    if (param i64)
      local.get 1
      br_if 0
      block (result i32)
        i32.const 3
        br 1
      end
      drop
      drop
    else
      drop
    end))
