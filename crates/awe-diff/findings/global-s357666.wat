;; awe-diff: global at seed 357666 (eager false, awe fuel true): after 7(2147483647, 0): "11": 2147483636 vs "11": 11
;; wasmi 2.0 alone (awe = wasmi 1.1)
(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f32)))
  (type (;3;) (func (param f64)))
  (type (;4;) (func (param i32 i64) (result i64)))
  (type (;5;) (func (param f64) (result f64 i32)))
  (type (;6;) (func (param i32) (result i32)))
  (type (;7;) (func (result i32)))
  (import "env" "log_i64" (func (;0;) (type 1) (param i64)))
  (import "env" "log_f32" (func (;1;) (type 2) (param f32)))
  (import "env" "log_f64" (func (;2;) (type 3) (param f64)))
  (import "env" "mix" (func (;3;) (type 4) (param i32 i64) (result i64)))
  (import "env" "split" (func (;4;) (type 5) (param f64) (result f64 i32)))
  (import "env" "tick" (func (;5;) (type 7) (result i32)))
  (import "env" "table" (table (;0;) 4 16 funcref))
  (func (;6;) (type 5) (param f64) (result f64 i32)
    (local f32 f32 f32)
    global.get 6
    i32.eqz
    if
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    i64.const -388805494349411003
    f32.convert_i64_s
    f32.floor
    local.tee 1
    f32.const nan
    local.get 1
    local.get 1
    f32.eq
    select
    f32.trunc
    local.tee 2
    f32.const nan
    local.get 2
    local.get 2
    f32.eq
    select
    i32.trunc_sat_f32_u
    f32.reinterpret_i32
    local.tee 3
    local.get 3
    f32.ne
    local.get 3
    f32.const inf
    f32.eq
    local.get 3
    f32.const -inf
    f32.eq
    i32.or
    i32.or
    if
      f32.const 0
      local.set 3
    end
    local.get 3
    f32.const 0
    f32.lt
    if
      f32.const 0
      local.set 3
    end
    local.get 3
    f32.const 2147483500
    f32.gt
    if
      f32.const 2147483500
      local.set 3
    end
    local.get 3
    i32.trunc_f32_u
    global.get 2
    i32.xor
    global.set 2
    f64.const -1.4856141433648635e-115
    i32.const 2147483647)
  (func (;7;) (type 4) (param i32 i64) (result i64)
    (local f64 f32)
    global.get 6
    i32.eqz
    if
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    local.get 0
    f32.convert_i32_u
    local.get 0
    local.tee 0
    call 5
    elem.drop 0
    global.get 0
    ref.is_null
    if (type 6) (param i32) (result i32)
      f64.const 2.9169692241793394e-75
      f64.ceil
      local.tee 2
      f64.const nan
      local.get 2
      local.get 2
      f64.eq
      select
      i32.trunc_sat_f64_u
      i32.popcnt
      i32.gt_s
      f32.convert_i32_s
      local.get 1
      i32.const -4096
      f64.const 1.1125369292536007e-308
      global.get 0
      table.size 0
      i32.const -1
      f64.convert_i32_s
      call 2
      i64.const -8831916373301370334
      f32.const -2.5273339e32
      f32.trunc
      local.tee 3
      f32.const nan
      local.get 3
      local.get 3
      f32.eq
      select
      i64.const -7226152744046265801
      i64.ctz
      f64.const -nan:0xfffffffffffdf
      f64.const 6.353410265097555e-39
      block (type 7) (result i32)
        ref.func 4
        drop
        i32.const 5
      end
      global.get 2
      i32.xor
      global.set 2
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      global.get 4
      i64.xor
      global.set 4
      i32.reinterpret_f32
      global.get 5
      i32.xor
      global.set 5
      global.get 4
      i64.xor
      global.set 4
      global.get 2
      i32.xor
      global.set 2
      drop
      i64.reinterpret_f64
      global.get 3
      i64.xor
      global.set 3
      global.get 2
      i32.xor
      global.set 2
      global.get 4
      i64.xor
      global.set 4
      i32.reinterpret_f32
      global.get 5
      i32.xor
      global.set 5
      i32.const -319198801
    end
    global.get 2
    i32.xor
    global.set 2
    global.get 2
    i32.xor
    global.set 2
    i32.reinterpret_f32
    global.get 5
    i32.xor
    global.set 5
    i64.const 3)
  (global (;0;) (mut funcref) (ref.func 7))
  (global (;1;) funcref (ref.func 4))
  (global (;2;) (mut i32) (i32.const 0))
  (global (;3;) (mut i64) (i64.const 0))
  (global (;4;) (mut i64) (i64.const 0))
  (global (;5;) (mut i32) (i32.const 0))
  (global (;6;) (mut i32) (i32.const 20000))
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (func 7))
  (export "8" (table 0))
  (export "9" (global 0))
  (export "10" (global 1))
  (export "11" (global 2))
  (export "Q" (global 3))
  (export "U\15" (global 4))
  (export "14" (global 5))
  (elem (;0;) (i32.const 0) func))
