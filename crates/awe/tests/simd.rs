//! `v128` values through the embedding API: `Val::V128` in untyped calls, `awe::V128` in
//! typed functions and host closures (mixed with scalars, so that a cell counted wrong
//! would show), globals, host functions called from wasm, and exception payloads.

use awe::{
    Caller, Engine, Error, ExnRef, Func, FuncType, Global, GlobalType, Instance, Linker, Module,
    Mutability, Store, Tag, V128, Val, ValType,
};

const MODULE: &str = r#"(module
  (import "host" "mix" (func $mix (param i32 v128 f64 v128) (result v128 i64)))
  (import "host" "e" (tag $e (param v128 i32)))
  (global (export "g") (mut v128) (v128.const i32x4 1 2 3 4))
  (func (export "add") (param i32 v128 v128) (result v128 i32)
    (i32x4.add (local.get 1) (local.get 2)) (local.get 0))
  (func (export "via-host") (param v128) (result v128 i64)
    (call $mix (i32.const 10) (local.get 0) (f64.const 0.5) (v128.const i64x2 -1 1)))
  (func (export "catch") (result v128 i32)
    (block $h (result v128 i32)
      (try_table (catch $e $h) (call $mix (i32.const -1) (v128.const i64x2 0 0)
                                          (f64.const 0) (v128.const i64x2 0 0)) (drop) (drop))
      (v128.const i64x2 0 0) (i32.const 0))))"#;

fn setup() -> (Store<()>, Instance, Tag) {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(
        &mut store,
        &FuncType::new([ValType::V128, ValType::I32], []),
    )
    .unwrap();
    let mix = Func::wrap(
        &mut store,
        move |mut caller: Caller<'_, ()>,
              n: i32,
              a: V128,
              x: f64,
              b: V128|
              -> awe::Result<(V128, i64)> {
            if n < 0 {
                let payload = [
                    Val::V128(0xfeed_0000_0000_0000_0000_0000_0000_beef),
                    Val::I32(n),
                ];
                let exn = ExnRef::new(&mut caller, &tag, &payload)?;
                return Err(Error::Exception(exn));
            }
            let sum = a.as_u128().wrapping_add(b.as_u128());
            Ok((V128::from(sum), i64::from(n) + (x * 2.0) as i64))
        },
    );
    let mut linker = Linker::new(store.engine());
    linker.define(&store, "host", "mix", mix).unwrap();
    linker.define(&store, "host", "e", tag).unwrap();
    let module = Module::new(store.engine(), MODULE).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance, tag)
}

const A: u128 = 0x0000_0004_0000_0003_0000_0002_0000_0001;
const B: u128 = 0x0000_0040_0000_0030_0000_0020_0000_0010;

#[test]
fn typed_functions_take_and_return_v128() {
    let (mut store, instance, _) = setup();
    let add = instance
        .get_typed_func::<(i32, V128, V128), (V128, i32)>(&store, "add")
        .unwrap();
    let (v, n) = add
        .call(&mut store, (7, V128::from(A), V128::from(B)))
        .unwrap();
    assert_eq!(v.as_u128(), 0x0000_0044_0000_0033_0000_0022_0000_0011);
    assert_eq!(n, 7);
    // The wrong types are refused.
    assert!(
        instance
            .get_typed_func::<(i32, i32, V128), (V128, i32)>(&store, "add")
            .is_err()
    );
}

#[test]
fn untyped_calls_pass_val_v128() {
    let (mut store, instance, _) = setup();
    let add = instance.get_func(&store, "add").unwrap();
    let mut out = [Val::I32(0), Val::I32(0)];
    add.call(
        &mut store,
        &[Val::I32(-3), Val::V128(A), Val::V128(B)],
        &mut out,
    )
    .unwrap();
    assert_eq!(
        out,
        [
            Val::V128(0x0000_0044_0000_0033_0000_0022_0000_0011),
            Val::I32(-3)
        ]
    );
}

#[test]
fn host_functions_take_and_return_v128() {
    let (mut store, instance, _) = setup();
    let f = instance
        .get_typed_func::<V128, (V128, i64)>(&store, "via-host")
        .unwrap();
    let (v, n) = f.call(&mut store, V128::from(5)).unwrap();
    // i64x2 -1 1 is 0x1_ffff_ffff_ffff_ffff: plus 5.
    assert_eq!(
        v.as_u128(),
        (1u128 << 64 | u128::from(u64::MAX)).wrapping_add(5)
    );
    assert_eq!(n, 11);
}

#[test]
fn v128_globals_hold_all_128_bits() {
    let (mut store, instance, _) = setup();
    let g = instance.get_global(&store, "g").unwrap();
    assert_eq!(g.get(&store), Val::V128(A));
    g.set(&mut store, Val::V128(u128::MAX - 1)).unwrap();
    assert_eq!(g.get(&store), Val::V128(u128::MAX - 1));
    let own = Global::new(
        &mut store,
        GlobalType {
            content: ValType::V128,
            mutability: Mutability::Const,
        },
        Val::V128(B),
    )
    .unwrap();
    assert_eq!(own.get(&store), Val::V128(B));
}

#[test]
fn exception_payloads_carry_v128() {
    let (mut store, instance, tag) = setup();
    let f = instance
        .get_typed_func::<(), (V128, i32)>(&store, "catch")
        .unwrap();
    let (v, n) = f.call(&mut store, ()).unwrap();
    assert_eq!(v.as_u128(), 0xfeed_0000_0000_0000_0000_0000_0000_beef);
    assert_eq!(n, -1);
    // An exception made by the embedder keeps all 128 bits too.
    let exn = ExnRef::new(&mut store, &tag, &[Val::V128(A), Val::I32(2)]).unwrap();
    assert_eq!(exn.payload(&store), [Val::V128(A), Val::I32(2)]);
}
