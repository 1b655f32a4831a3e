;; golden: none
;; Typed function references: call_ref and return_call_ref (through the slow path), ref.as_non_null, br_on_null and br_on_non_null to a block (a jump) and to the function's label (a return).
(module
  (type $bin (func (param i32 i32) (result i32)))
  (elem declare func $add)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func (export "call") (param $f (ref null $bin)) (result i32)
    (call_ref $bin (i32.const 1) (i32.const 2) (local.get $f)))
  (func (export "tail") (param $f (ref null $bin)) (result i32)
    (return_call_ref $bin (i32.const 3) (i32.const 4) (ref.as_non_null (local.get $f))))
  (func (export "null-or") (param $f (ref null $bin)) (result i32)
    (block $null
      (return (call_ref $bin (i32.const 5) (i32.const 6) (br_on_null $null (local.get $f)))))
    (i32.const -1))
  (func (export "non-null") (param $f (ref null $bin)) (result (ref null $bin))
    (br_on_non_null 0 (local.get $f))
    (ref.func $add))
  (func (export "keep") (param $f (ref null $bin)) (result i32)
    (block $got (result (ref $bin))
      (br_on_non_null $got (local.get $f))
      (return (i32.const 0)))
    (drop)
    (i32.const 1)))
