(module
  (type (;0;) (func (param i32) (result i32 i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func (param i32 i32) (result i32)))
  (func (;0;) (type 1) (param i32) (result i32)
    block (result i32)
      block
        block
          local.get 0
          br_table 0 1 2
        end
        i32.const 10
        return
      end
      i32.const 20
    end
    local.get 0
    if (result i32)
      i32.const 1
    else
      local.get 0
      if
        nop
      end
      loop
        local.get 0
        i32.eqz
        br_if 0
      end
      i32.const 2
    end
    i32.add)
  (func (;1;) (type 0) (param i32) (result i32 i32)
    local.get 0
    block (type 0) (param i32) (result i32 i32)
      local.get 0
    end)
  (func (;2;) (type 2) (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.const 1
    select (result i32)
    local.get 0
    local.get 1
    i32.const 0
    select
    drop
    unreachable))
