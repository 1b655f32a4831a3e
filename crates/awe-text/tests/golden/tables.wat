(module
  (type $t (;0;) (func))
  (type (;1;) (func (param externref)))
  (func $a (;0;) (type $t))
  (func $b (;1;) (type 1) (param externref)
    i32.const 0
    call_indirect $funcs (type $t)
    i32.const 0
    local.get 0
    table.set $externs
    ref.func $b
    drop
    i32.const 0
    table.get $funcs
    drop
    ref.null extern
    i32.const 1
    table.grow $externs
    drop
    table.size $funcs
    drop
    i32.const 0
    ref.null func
    i32.const 1
    table.fill $funcs
    i32.const 0
    i32.const 0
    i32.const 1
    table.init $funcs $passive
    elem.drop $passive
    i32.const 0
    i32.const 1
    i32.const 1
    table.copy $externs $externs
    local.get 0
    ref.is_null
    drop)
  (table $funcs (;0;) 4 funcref)
  (table $externs (;1;) 2 10 externref)
  (global $g (;0;) (mut externref) (ref.null extern))
  (global $h (;1;) funcref (ref.func $a))
  (export "funcs" (table $funcs))
  (elem (;0;) (i32.const 0) func $a $b)
  (elem (;1;) (i32.const 2) funcref (ref.func $a) (ref.null func))
  (elem $passive (;2;) func $a)
  (elem (;3;) externref (ref.null extern) (ref.null extern))
  (elem (;4;) declare func $b)
  (elem (;5;) (table $externs) (i32.const 0) externref (ref.null extern)))
