;; `module definition` and `module instance` (WAST of WebAssembly 3.0's scripts): a
;; definition is validated, not instantiated; each instance of it is a new one.

(module definition $counter
  (global $n (mut i32) (i32.const 0))
  (func (export "next") (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (global.get $n)))

(module instance $a $counter)
(module instance $b $counter)
(assert_return (invoke $a "next") (i32.const 1))
(assert_return (invoke $a "next") (i32.const 2))
(assert_return (invoke $b "next") (i32.const 1))
;; The last instance is the current module.
(assert_return (invoke "next") (i32.const 2))
