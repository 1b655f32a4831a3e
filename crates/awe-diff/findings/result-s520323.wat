;; awe-diff: result at seed 520323 (eager true, awe fuel true): 4(0, 9223372036854775807): [9223372036854775807] vs [0]
;; wasmi 2.0 alone (awe = wasmi 1.1)
(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param i32 i64) (result i64)))
  (type (;3;) (func (param i32) (result i32)))
  (type (;4;) (func (result i32)))
  (type (;5;) (func))
  (import "env" "tick" (func (;0;) (type 4) (result i32)))
  (import "env" "table" (table (;0;) 4 16 funcref))
  (import "env" "g_i32" (global (;0;) (mut i32)))
  (func (;1;) (type 2) (param i32 i64) (result i64)
    i32.const 0
    if
      unreachable
    end
    global.get 3
    global.set 3
    local.get 1
    local.tee 1
    global.get 0
    i32.extend8_s
    block (type 3) (param i32) (result i32)
      local.tee 0
      table.size 0
      br_if 0
      loop (type 0) (param i32)
        global.get 3
        if
          unreachable
        end
        global.get 3
        i32.const 1
        i32.sub
        global.set 3
        br 1
        ref.null func
        local.get 0
        ref.null extern
        ref.null func
        local.get 1
        i64.const 0
        i32.const -4194304
        ref.null extern
        elem.drop 0
        i32.const 0
        nop
        br 0
        i32.const 0
        i32.ctz
        i64.extend_i32_s
        loop (type 5)
          i32.const 599158040
          if
            unreachable
          end
          global.get 3
          i32.const 1
          i32.sub
          global.set 3
          loop (type 5)
            global.get 3
            i32.eqz
            if
              unreachable
            end
            global.get 3
            i32.const 1
            i32.sub
            global.set 3
            local.get 0
            call_indirect (type 4)
            global.set 0
          end
          global.get 0
          elem.drop 0
          i32.const 0
          i32.popcnt
          local.set 0
          i32.const 0
          if (type 0) (param i32)
            block (type 0) (param i32)
              i32.const 0
              global.set 0
              call 0
              table.get 1
              local.get 1
              block (type 1) (param i64)
                i64.clz
                i32.const 1
                block (type 5)
                end
                local.get 1
                loop (type 1) (param i64)
                  global.get 3
                  i32.eqz
                  if
                    unreachable
                  end
                  global.get 3
                  global.set 3
                  block (type 1) (param i64)
                    elem.drop 0
                    ref.null extern
                    nop
                    i32.const 0
                    table.get 1
                    ref.is_null
                    loop
                      global.get 3
                      i32.eqz
                      if
                        unreachable
                      end
                      global.get 3
                      global.set 3
                      local.get 0
                      block (type 5)
                        block (type 5)
                          elem.drop 0
                          i64.const -549755813889
                          i64.ctz
                          local.get 0
                          loop (result i32)
                            i32.const 0
                            if
                            else
                              unreachable
                            end
                            global.get 3
                            i32.const 1
                            i32.sub
                            global.set 3
                            block (result i64)
                              table.size 0
                              br 5
                              block (type 0) (param i32)
                                br 0
                                block (type 3) (param i32) (result i32)
                                  table.get 1
                                  loop (type 5)
                                    global.get 3
                                    if
                                      unreachable
                                    end
                                    global.get 3
                                    global.set 3
                                    global.get 0
                                    loop (result externref)
                                      global.get 3
                                      if
                                        unreachable
                                      end
                                      global.get 3
                                      global.set 3
                                      ref.null extern
                                      br 3
                                      ref.null func
                                      i32.const 0
                                      i64.extend_i32_u
                                      br 0
                                      i64.clz
                                      br 4
                                      i64.const 0
                                      call 0
                                      loop (type 3) (param i32) (result i32)
                                        i32.const 0
                                        if
                                          unreachable
                                        end
                                        i32.const 1
                                        global.set 3
                                        i32.eqz
                                        local.set 0
                                        i64.const 0
                                        i32.const 512
                                        block (result i32)
                                          elem.drop 0
                                          block (type 4) (result i32)
                                            block (result i64)
                                              ref.null func
                                              global.get 0
                                              i64.const 0
                                              i64.extend32_s
                                              ref.null extern
                                              br 13
                                              i32.const 0
                                              loop (result i32)
                                                global.get 3
                                                i32.eqz
                                                if
                                                  unreachable
                                                end
                                                global.get 3
                                                i32.const 1
                                                i32.sub
                                                global.set 3
                                                ref.null extern
                                                br 12
                                                ref.is_null
                                              end
                                              i32.gt_s
                                              global.get 1
                                              i32.xor
                                              global.set 1
                                              drop
                                              global.get 2
                                              i64.xor
                                              global.set 2
                                              i32.const 0
                                              i32.xor
                                              global.set 1
                                              drop
                                              i64.const 0
                                            end
                                            global.get 2
                                            i64.xor
                                            global.set 2
                                            i32.const 0
                                          end
                                        end
                                        global.get 1
                                        i32.xor
                                        global.set 1
                                        global.get 1
                                        i32.xor
                                        global.set 1
                                        global.get 2
                                        i64.xor
                                        global.set 2
                                        i32.const 1
                                      end
                                      global.get 1
                                      i32.xor
                                      global.set 1
                                      global.get 2
                                      i64.xor
                                      global.set 2
                                      drop
                                    end
                                    drop
                                    global.get 1
                                    i32.xor
                                    global.set 1
                                  end
                                  drop
                                  i32.const 0
                                end
                                global.get 1
                                i32.xor
                                global.set 1
                              end
                              i64.const 0
                            end
                            global.get 2
                            i64.xor
                            global.set 2
                            i32.const 0
                          end
                          global.get 1
                          i32.xor
                          global.set 1
                          global.get 1
                          i32.xor
                          global.set 1
                          global.get 2
                          i64.xor
                          global.set 2
                        end
                      end
                      i32.const 0
                      i32.xor
                      global.set 1
                    end
                    global.get 1
                    i32.xor
                    global.set 1
                    drop
                    global.get 2
                    i64.xor
                    global.set 2
                  end
                end
                global.get 1
                i32.xor
                global.set 1
                global.get 2
                i64.xor
                global.set 2
              end
              drop
              global.get 1
              i32.xor
              global.set 1
            end
          else
            i32.const 1
            i32.xor
            global.set 1
          end
        end
        global.get 2
        i64.xor
        global.set 2
        drop
        global.get 1
        i32.xor
        global.set 1
        global.get 2
        i64.xor
        global.set 2
        global.get 2
        i64.xor
        global.set 2
        drop
        drop
        global.get 1
        i32.xor
        global.set 1
        drop
      end
      i32.const 3
    end
    global.get 1
    i32.xor
    global.set 1)
  (table (;1;) 0 externref)
  (global (;1;) (mut i32) (i32.const 0))
  (global (;2;) (mut i64) (i64.const 0))
  (global (;3;) (mut i32) (i32.const 3))
  (export "" (func 1))
  (elem (;0;) (i32.const 0) func))
