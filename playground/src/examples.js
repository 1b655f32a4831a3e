// The playground's examples: the first steps of learning WebAssembly. Each has a
// source in the text format and the call the page makes (`invoke`, `args`).

export const examples = [
  {
    id: 'sum',
    title: 'A sum, exported as first_export, called in a loop',
    invoke: 'sum_to',
    args: '10',
    source: `(module
  ;; The sum of two numbers, exported under the name "first_export".
  (func $sum (export "first_export") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; 1 + 2 + ... + n, by calling $sum in a loop.
  (func (export "sum_to") (param $n i32) (result i32)
    (local $i i32) (local $total i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (local.set $total (call $sum (local.get $total) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $total)))
`,
  },
  {
    id: 'console',
    title: 'Imports: console.log and console.error',
    invoke: 'count_down',
    args: '3',
    source: `(module
  (import "console" "log" (func $log (param i32)))
  (import "console" "error" (func $error (param i32)))

  ;; Logs n, n-1, ..., 1; logs an error for a negative n.
  (func (export "count_down") (param $n i32) (result i32)
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then (call $error (local.get $n)) (return (i32.const -1))))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (call $log (local.get $n))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (i32.const 0)))
`,
  },
  {
    id: 'hello',
    title: 'A memory exported by the module, "Hello" in a data segment',
    invoke: 'hello',
    args: '',
    source: `(module
  ;; console.log_str(offset, length) prints bytes of the exported memory as text.
  (import "console" "log_str" (func $log_str (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello, WebAssembly!")

  (func (export "hello") (result i32)
    (call $log_str (i32.const 16) (i32.const 19))
    ;; The first byte, 'H'.
    (i32.load8_u (i32.const 16))))
`,
  },
  {
    id: 'imported-memory',
    title: 'A memory created in JavaScript and imported',
    invoke: 'fill',
    args: '8, 42',
    source: `(module
  ;; js.mem is made by the page: new Memory({initial: 1, maximum: 2}).
  (import "js" "mem" (memory 1 2))
  (import "console" "log" (func $log (param i32)))

  ;; Writes value into the first n bytes and returns their sum.
  (func (export "fill") (param $n i32) (param $value i32) (result i32)
    (local $i i32) (local $sum i32)
    (memory.fill (i32.const 0) (local.get $value) (local.get $n))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $log (memory.size))
    (local.get $sum)))
`,
  },
  {
    id: 'table',
    title: 'A table of functions and call_indirect',
    invoke: 'apply',
    args: '1, 6, 7',
    source: `(module
  (type $binary (func (param i32 i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $add $mul $sub)
  (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
  (func $mul (type $binary) (i32.mul (local.get 0) (local.get 1)))
  (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))

  ;; Calls operation op (0: add, 1: mul, 2: sub) through the table; op 3 traps.
  (func (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $binary) (local.get $a) (local.get $b) (local.get $op))))
`,
  },
  {
    id: 'trap',
    title: 'A trap, with its backtrace',
    invoke: 'outer',
    args: '0',
    source: `(module
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $middle (param $x i32) (result i32)
    (call $divide (i32.const 100) (local.get $x)))
  ;; outer(0) divides by zero two calls down.
  (func (export "outer") (param $x i32) (result i32)
    (call $middle (local.get $x))))
`,
  },
];
