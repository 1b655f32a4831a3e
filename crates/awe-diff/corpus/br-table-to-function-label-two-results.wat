;; br_table to the function's label with two results: f(1, 42) = 42 0.
;; invoke f 1 42 -> [42 f32:0x0]
;; invoke f 0 -7 -> [-7 f32:0x0]
(module
  (func (export "f") (param i32 i64) (result i64 f32)
    local.get 1
    f32.const 0
    local.get 0
    br_table 0 0))
