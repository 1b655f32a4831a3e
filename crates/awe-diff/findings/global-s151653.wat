;; awe-diff: global at seed 151653 (eager true, awe fuel true): after 2(0): "\0": 18014398509481977 vs "\0": -18014398509481984
;; wasmi 2.0 alone (awe = wasmi 1.1)
(module
  (type (;0;) (func (param i32) (result i32)))
  (import "env" "memory" (memory (;0;) 1 4))
  (import "env" "g_i64" (global (;0;) i64))
  (func (;0;) (type 0) (param i32) (result i32)
    (local i64 i32 i64 i32 i64 i32 f32 f32 f64 f64 i32 i64)
    i32.const 1
    if
    else
      unreachable
    end
    i32.const 0
    global.set 4
    i32.const 0
    global.get 0
    local.tee 1
    i64.const 1
    local.get 0
    loop (type 0) (param i32) (result i32)
      i32.const 0
      if
        unreachable
      end
      i32.const 0
      global.set 4
      local.set 2
      local.get 2
      if
      else
        i32.const 0
        if
        else
          local.get 2
          local.get 3
          i64.store32 offset=57005
        end
      end
      f32.const 1
      block
        block
          local.get 4
          br_if 0
          local.get 4
          br_if 0
          br 1
        end
      end
      local.get 5
      block
        block
          local.get 6
          br_if 0
          local.get 6
          br_if 0
          br 1
        end
      end
      i32.const 0
      if
      end
      i32.const 0
      if
      end
      i32.const 0
      if
      else
      end
      i64.const 1
      memory.size
      i32.const 1
      if
      end
      i32.const 0
      if
      end
      i32.const 0
      if
      end
      local.set 11
      memory.size
      if
      else
        i32.const -728123457
        if
        else
          i32.const 1
          local.get 12
          i64.store8 offset=751967341
        end
      end
      global.get 1
      i64.xor
      global.set 1
      global.get 1
      i64.xor
      global.set 1
      i32.reinterpret_f32
      global.get 2
      i32.xor
      global.set 2
      i32.const 1
    end
    global.get 3
    i32.xor
    global.set 3
    global.get 1
    i64.xor
    global.set 1
    global.get 1
    i64.xor
    global.set 1)
  (global (;1;) (mut i64) (i64.const 0))
  (global (;2;) (mut i32) (i32.const 0))
  (global (;3;) (mut i32) (i32.const 0))
  (global (;4;) (mut i32) (i32.const 0))
  (export "2" (func 0))
  (export "" (global 1)))
