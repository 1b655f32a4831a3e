;; awe-diff: global at seed 454756 (eager false, awe fuel false): after 3(f64:0x0): "}2N>R": 27 vs "}2N>R": 65563
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
  (import "env" "log_i32" (func (;0;) (type 0) (param i32)))
  (import "env" "log_f32" (func (;1;) (type 2) (param f32)))
  (import "env" "mix" (func (;2;) (type 4) (param i32 i64) (result i64)))
  (import "env" "g_i64" (global (;0;) i64))
  (func (;3;) (type 3) (param f64)
    (local i64 i64 i32 i32 f64 i32 i32 f64)
    global.get 6
    i32.eqz
    if
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    i32.const 65536
    local.set 3
    block
      block
        memory.size
        i32.const 65536
        i32.mul
        i32.const 55798
        local.get 3
        i32.add
        i32.le_u
        br_if 0
        local.get 3
        i32.const 0
        i32.le_s
        br_if 0
        local.get 3
        i32.load16_s offset=55794 align=1
        local.set 4
        br 1
      end
      i32.const 0
      local.set 4
    end
    local.get 4
    f64.const 3.096949610779062e141
    local.tee 0
    f64.floor
    local.tee 5
    f64.const nan
    local.get 5
    local.get 5
    f64.eq
    select
    memory.size
    f32.convert_i32_s
    i32.trunc_sat_f32_s
    nop
    memory.size
    i32.lt_s
    if (type 5) (param f64) (result f64 i32)
      i32.const -4
      local.set 6
      block
        block
          memory.size
          i32.const 65536
          i32.mul
          i32.const 61724
          local.get 6
          i32.add
          i32.le_u
          br_if 0
          local.get 6
          i32.const 0
          i32.le_s
          br_if 0
          local.get 6
          i32.load16_u offset=61720
          local.set 7
          br 1
        end
        i32.const 0
        local.set 7
      end
      local.get 7
      local.get 2
      ref.null func
      f32.const -1.0384593e34
      loop (result f64)
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
        f64.abs
        f64.ceil
        local.tee 8
        f64.const nan
        local.get 8
        local.get 8
        f64.eq
        select
      end
      i64.reinterpret_f64
      global.get 2
      i64.xor
      global.set 2
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      drop
      global.get 4
      i64.xor
      global.set 4
    else
      i32.const 27
    end
    global.get 5
    i32.xor
    global.set 5
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    global.get 5
    i32.xor
    global.set 5)
  (func (;4;) (type 6) (param i32) (result i32)
    (local i32 i32 i32 i64 i32 f32)
    global.get 6
    i32.eqz
    if
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    f32.const 2.2959e-41
    i64.trunc_sat_f32_s
    loop (type 1) (param i64)
      global.get 6
      i32.eqz
      if
        unreachable
      end
      global.get 6
      i32.const 1
      i32.sub
      global.set 6
      i64.clz
      i64.extend16_s
      global.get 1
      loop
        global.get 6
        i32.eqz
        if
          unreachable
        end
        global.get 6
        i32.const 1
        i32.sub
        global.set 6
        ref.null extern
        ref.null func
        i64.const -4728404743156394355
        f32.const 2.2957e-41
        block
          nop
          block
            table.size 0
            i32.extend16_s
            local.set 1
            block
              block
                memory.size
                i32.const 65536
                i32.mul
                i32.const 4823
                local.get 1
                i32.add
                i32.le_u
                br_if 0
                local.get 1
                i32.const 0
                i32.le_s
                br_if 0
                local.get 1
                i32.load8_u offset=4819
                local.set 2
                br 1
              end
              i32.const 0
              local.set 2
            end
            local.get 2
            local.set 3
            block
              block
                memory.size
                i32.const 65536
                i32.mul
                i32.const 11342
                local.get 3
                i32.add
                i32.le_u
                br_if 0
                local.get 3
                i32.const 0
                i32.le_s
                br_if 0
                local.get 3
                i64.load offset=11334 align=1
                local.set 4
                br 1
              end
              i64.const 0
              local.set 4
            end
            local.get 4
            br 3
            elem.drop 1
            table.size 0
            local.get 0
            local.set 5
            block
              block
                memory.size
                i32.const 65536
                i32.mul
                i32.const 37574
                local.get 5
                i32.add
                i32.le_u
                br_if 0
                local.get 5
                i32.const 0
                i32.le_s
                br_if 0
                local.get 5
                f32.load offset=37570 align=2
                local.set 6
                br 1
              end
              f32.const 0
              local.set 6
            end
            local.get 6
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            global.get 5
            i32.xor
            global.set 5
          end
        end
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        global.get 4
        i64.xor
        global.set 4
        drop
        drop
      end
      global.get 4
      i64.xor
      global.set 4
      global.get 4
      i64.xor
      global.set 4
    end
    i32.const -1742412682)
  (func (;5;) (type 1) (param i64)
    (local i64 externref f64 i32 i32 i32 i32 i32 i64)
    global.get 6
    i32.eqz
    if
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    f64.const -8.813273355245043e113
    f64.floor
    local.tee 3
    f64.const nan
    local.get 3
    local.get 3
    f64.eq
    select
    f64.neg
    ref.null func
    i32.const 524288
    local.set 4
    block
      block
        memory.size
        i32.const 65536
        i32.mul
        i32.const 61947
        local.get 4
        i32.add
        i32.le_u
        br_if 0
        local.get 4
        i32.const 0
        i32.le_s
        br_if 0
        local.get 4
        i32.load16_u offset=61943 align=1
        local.set 5
        br 1
      end
      i32.const 0
      local.set 5
    end
    local.get 5
    local.set 6
    block
      block
        memory.size
        i32.const 65536
        i32.mul
        i32.const 38727
        local.get 6
        i32.add
        i32.le_u
        br_if 0
        local.get 6
        i32.const 0
        i32.le_s
        br_if 0
        local.get 6
        i32.load16_s offset=38723
        local.set 7
        br 1
      end
      i32.const 0
      local.set 7
    end
    local.get 7
    f64.convert_i32_u
    i64.const 31
    local.set 1
    elem.drop 1
    memory.size
    block (type 0) (param i32)
      local.set 8
      block
        block
          memory.size
          i32.const 65536
          i32.mul
          i32.const 27845
          local.get 8
          i32.add
          i32.le_u
          br_if 0
          local.get 8
          i32.const 0
          i32.le_s
          br_if 0
          local.get 8
          i64.load8_u offset=27837
          local.set 9
          br 1
        end
        i64.const 0
        local.set 9
      end
      local.get 9
      global.get 4
      i64.xor
      global.set 4
    end
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    drop
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2)
  (table (;0;) 3 26 externref)
  (memory (;0;) 1 2)
  (global (;1;) i64 (global.get 0))
  (global (;2;) (mut i64) (i64.const 0))
  (global (;3;) (mut i32) (i32.const 0))
  (global (;4;) (mut i64) (i64.const 0))
  (global (;5;) (mut i32) (i32.const 0))
  (global (;6;) (mut i32) (i32.const 20000))
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (table 0))
  (export "7" (memory 0))
  (export "8" (global 0))
  (export "9" (global 1))
  (export "10" (global 2))
  (export "11" (global 3))
  (export "%}@" (global 4))
  (export "}2N>R" (global 5))
  (elem (;0;) funcref)
  (elem (;1;) declare externref))
