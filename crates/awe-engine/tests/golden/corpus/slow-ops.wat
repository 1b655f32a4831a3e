;; golden: none
;; The ops that leave the threaded code (their handlers return to `run`), and traps.
(module
  (memory 1)
  (table $t 2 funcref)
  (data $d "abc")
  (elem $e func $grow)
  (func $grow (param $n i32) (result i32)
    (drop (table.grow $t (ref.null func) (local.get $n)))
    (memory.grow (local.get $n)))
  (func $segments (param $a i32)
    (memory.init $d (local.get $a) (i32.const 0) (i32.const 1))
    (data.drop $d)
    (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $e))
  (func $trap (param $a i32) (result i32)
    (if (local.get $a) (then (unreachable)))
    (i32.div_s (local.get $a) (i32.const 0))))
