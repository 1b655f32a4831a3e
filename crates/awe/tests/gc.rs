//! GC's objects through the embedding API: a collector that reclaims while the program
//! runs, the store's heap limit, and references the host holds.

use awe::{AnyRef, Config, Engine, I31, Instance, Linker, Module, Store, Val};

const LIST: &str = r#"
(module
  (type $node (struct (field $v i64) (field $next (ref null $node))))
  (global $kept (mut (ref null $node)) (ref.null $node))
  ;; Allocates `n` short-lived nodes; every millionth is kept in a list.
  (func (export "churn") (param $n i32) (result i64)
    (local $i i32) (local $sum i64) (local $t (ref null $node))
    (loop $l
      (local.set $t (struct.new $node (i64.extend_i32_u (local.get $i)) (ref.null $node)))
      (local.set $sum (i64.add (local.get $sum) (struct.get $node $v (local.get $t))))
      (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 1000000)))
        (then (global.set $kept
          (struct.new $node (local.get $sum) (global.get $kept)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))
  ;; The kept list's length.
  (func (export "kept") (result i32)
    (local $n i32) (local $t (ref null $node))
    (local.set $t (global.get $kept))
    (block $done
      (loop $l
        (br_if $done (ref.is_null (local.get $t)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $t (struct.get $node $next (local.get $t)))
        (br $l)))
    (local.get $n))
  (func (export "big") (param $n i32) (result (ref any))
    (array.new_default $bytes (local.get $n)))
  (type $bytes (array (mut i8)))
  (func (export "pair") (result (ref any))
    (struct.new $node (i64.const 7) (ref.null $node)))
  (func (export "v") (param (ref null any)) (result i64)
    (struct.get $node $v (ref.cast (ref $node) (local.get 0)))))
"#;

fn instance(config: &Config) -> (Store<()>, Instance) {
    let engine = Engine::new(config).unwrap();
    let module = Module::new(&engine, LIST).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, instance)
}

#[test]
fn ten_million_short_lived_structs_are_collected_while_running() {
    let mut config = Config::new();
    // Without collections the nodes would take about 640 MB: a 32 MiB heap holds only
    // what is alive.
    config.max_gc_heap_bytes(32 << 20);
    let (mut store, instance) = instance(&config);
    let churn = instance
        .get_typed_func::<i32, i64>(&store, "churn")
        .unwrap();
    let n = 10_000_000i64;
    assert_eq!(churn.call(&mut store, n as i32).unwrap(), n * (n - 1) / 2);
    let kept = instance.get_typed_func::<(), i32>(&store, "kept").unwrap();
    assert_eq!(kept.call(&mut store, ()).unwrap(), 10);
    let stats = store.gc_stats();
    assert!(stats.collections > 10, "{stats:?}");
    assert!(stats.bytes < 32 << 20, "{stats:?}");
}

#[test]
fn an_allocation_past_the_heap_limit_traps() {
    let mut config = Config::new();
    config.max_gc_heap_bytes(1 << 20);
    let (mut store, instance) = instance(&config);
    let big = instance.get_func(&store, "big").unwrap();
    let mut out = [Val::I32(0)];
    let err = big
        .call(&mut store, &[Val::I32(1 << 20)], &mut out)
        .unwrap_err();
    assert!(err.to_string().contains("GC heap is full"), "{err}");
    // A smaller one still fits.
    big.call(&mut store, &[Val::I32(1 << 10)], &mut out)
        .unwrap();
    assert!(matches!(out[0], Val::AnyRef(Some(a)) if a.is_array(&store).unwrap()));
}

#[test]
fn a_struct_the_host_holds_survives_collections() {
    let (mut store, instance) = instance(&Config::new());
    let pair = instance.get_func(&store, "pair").unwrap();
    let mut out = [Val::I32(0)];
    pair.call(&mut store, &[], &mut out).unwrap();
    let Val::AnyRef(Some(held)) = out[0] else {
        panic!("{:?}", out[0]);
    };
    assert!(held.is_struct(&store).unwrap());
    let fields = held.struct_fields(&store).unwrap().unwrap();
    assert_eq!(fields, [Val::I64(7), Val::AnyRef(None)]);
    assert!(held.array_elements(&store).unwrap().is_none());
    // Enough garbage for several collections.
    let churn = instance
        .get_typed_func::<i32, i64>(&store, "churn")
        .unwrap();
    churn.call(&mut store, 300_000).unwrap();
    assert!(store.gc_stats().collections > 0);
    let v = instance.get_func(&store, "v").unwrap();
    let mut r = [Val::I64(0)];
    v.call(&mut store, &[Val::AnyRef(Some(held))], &mut r)
        .unwrap();
    assert_eq!(r[0], Val::I64(7));
}

#[test]
fn i31_references_cross_both_ways() {
    let (mut store, instance) = instance(&Config::new());
    let v = instance.get_func(&store, "v").unwrap();
    let i = AnyRef::from_i31(&store, I31::wrapping_u32(5));
    assert_eq!(i.as_i31().map(I31::get_i32), Some(5));
    // Not a `$node`: the cast in `v` traps.
    let mut r = [Val::I64(0)];
    let err = v
        .call(&mut store, &[Val::AnyRef(Some(i))], &mut r)
        .unwrap_err();
    assert!(err.to_string().contains("cast failure"), "{err}");
    assert_eq!(I31::new_i32(-1).map(I31::get_i32), Some(-1));
    assert_eq!(I31::new_i32(1 << 30), None);
}

/// binary-trees (bench/gc): references held in temporaries across calls that allocate
/// (`struct.new (call $make) (call $make)`) survive the collections the calls run.
#[test]
fn binary_trees_keeps_what_its_frames_hold() {
    let engine = Engine::default();
    let wat = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/gc/binary-trees.wat"
    ))
    .unwrap();
    let module = Module::new(&engine, &wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    // Node counts: V8 and wasmtime give the same.
    assert_eq!(run.call(&mut store, 12).unwrap(), 674_478);
    assert!(store.gc_stats().collections > 0, "{:?}", store.gc_stats());
}
