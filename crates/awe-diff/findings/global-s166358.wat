;; awe-diff: global at seed 166358 (eager false, awe fuel true): after 2(2147483647, 0): "\tޢ": 0 vs "\tޢ": 65536
;; wasmi 2.0 alone (awe = wasmi 1.1)
(module
  (type (;0;) (func (param i64)))
  (type (;1;) (func (param i32 i64) (result i64)))
  (type (;2;) (func (param f64) (result f64 i32)))
  (import "env" "split" (func (;0;) (type 2) (param f64) (result f64 i32)))
  (import "env" "memory" (memory (;0;) 1 4))
  (import "env" "g_i64" (global (;0;) i64))
  (func (;1;) (type 1) (param i32 i64) (result i64)
    (local f64 f32 i32 i32 f32 f64 f64 f64 f64 f32 i32 i32 i32 i32 i32 i32)
    i32.const 0
    if
      unreachable
    end
    global.get 5
    global.set 5
    block
      local.get 2
      call 0
      local.set 5
      block
        block
          memory.size
          i32.const 0
          local.get 5
          i32.add
          i32.le_u
          br_if 0
          local.get 5
          i32.const 0
          i32.le_s
          br_if 0
          br 1
        end
        nop
      end
      local.get 6
      i64.const 1
      local.get 0
      if (type 0) (param i64)
        f64.convert_i64_s
        local.tee 2
        i64.trunc_sat_f64_u
        i32.const 0
        if
        end
        i32.const 0
        if
        end
        i32.const 0
        if
        end
        i32.const 0
        global.get 0
        f32.convert_i64_s
        f64.const -6.586923735866962e-280
        f64.const nan
        i32.const 0
        select
        block
        end
        block
          block
            local.get 12
            br_if 0
            local.get 12
            br_if 0
            br 1
          end
        end
        local.get 13
        local.set 14
        block
          block
            memory.size
            local.get 14
            i32.le_u
            br_if 0
            local.get 14
            br_if 0
            br 1
          end
        end
        i32.const 0
        local.set 16
        block
          block
            local.get 16
            br_if 0
            local.get 16
            br_if 0
            br 1
          end
        end
        local.get 17
        global.get 1
        i32.xor
        global.set 1
        i64.reinterpret_f64
        i64.const 0
        i64.xor
        global.set 2
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        global.get 1
        i32.xor
        global.set 1
        global.get 4
        i64.xor
        global.set 4
      else
        global.get 4
        i64.xor
        global.set 4
      end
      i32.reinterpret_f32
      i32.const 1
      i32.xor
      global.set 3
      i64.reinterpret_f64
      global.get 2
      i64.xor
      global.set 2
    end
    i64.const 0)
  (global (;1;) (mut i32) (i32.const 0))
  (global (;2;) (mut i64) (i64.const 0))
  (global (;3;) (mut i32) (i32.const 0))
  (global (;4;) (mut i64) (i64.const 0))
  (global (;5;) (mut i32) (i32.const 18))
  (export "" (func 1))
  (export "'" (global 3)))
