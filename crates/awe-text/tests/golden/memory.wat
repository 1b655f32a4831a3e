(module
  (type (;0;) (func (param i32) (result i64)))
  (type (;1;) (func (result v128)))
  (func (;0;) (type 0) (param i32) (result i64)
    local.get 0
    i32.load offset=4
    drop
    local.get 0
    i64.load8_s offset=1
    local.get 0
    i64.load32_u align=2
    i64.add
    local.get 0
    local.get 0
    i32.load16_u
    i32.store8 offset=3
    i32.const 0
    i32.const 0
    i32.const 7
    memory.init 1
    data.drop 1
    i32.const 0
    i32.const 16
    i32.const 4
    memory.copy
    i32.const 0
    i32.const 255
    i32.const 4
    memory.fill
    memory.size
    memory.grow
    drop)
  (func (;1;) (type 1) (result v128)
    f32.const nan:0x200000
    drop
    f64.const -nan
    drop
    f32.const -1e-45
    drop
    f64.const 0.1
    drop
    f32.const inf
    drop
    f64.const -1.7976931348623157e308
    drop
    i64.const -9223372036854775808
    drop
    v128.const i32x4 0x04030201 0x08070605 0x0c0b0a09 0x100f0e0d
    i32.const 0
    v128.const i32x4 0x3f800000 0x80000000 0x7fc00000 0x7f800000
    v128.load64_lane offset=8 1
    i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31)
  (memory (;0;) 1 2)
  (data (;0;) (i32.const 16) "hello\0a\00\ff\"quoted\" \\ back")
  (data (;1;) "passive"))
