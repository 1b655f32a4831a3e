(module $demo
  (type $binop (;0;) (func (param $lhs i32) (param $rhs i32) (result i32)))
  (type $void (;1;) (func))
  (type (;2;) (func (param i32)))
  (type (;3;) (func (result i32)))
  (import "env" "log" (func $log (;0;) (type 2) (param $value i32)))
  (import "env" "counter" (global $counter (;0;) (mut i32)))
  (import "env" "memory" (memory $mem (;0;) 1))
  (func $add (;1;) (type $binop) (param $a i32) (param $b i32) (result i32)
    (local $sum i32) (local i64 f32) (local $last f64)
    local.get $a
    local.get $b
    i32.add
    local.tee $sum
    call $log
    local.get $sum)
  (func $count_down (;2;) (type 2) (param $n i32)
    block $done
      loop $again
        local.get $n
        i32.eqz
        br_if $done
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        global.get $counter
        i32.const 1
        i32.add
        global.set $counter
        block $again
          local.get $n
          global.get $limit
          i32.gt_u
          br_if 1
          br $done
        end
        br $again
      end
    end)
  (func (;3;) (type 3) (result i32)
    i32.const 2
    i32.const 3
    call $add)
  (func $init (;4;) (type $void)
    i32.const 10
    call $count_down)
  (global $limit (;1;) i32 (i32.const 100))
  (export "run" (func 3))
  (export "add" (func $add))
  (export "quote\"back\\slash" (global $limit))
  (export "héllo, \u{1f600}\09!" (memory $mem))
  (start $init))
