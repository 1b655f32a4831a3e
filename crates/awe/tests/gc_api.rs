//! GC's references in the embedding API: how long the host holds them (scopes, manual
//! roots, host functions' arguments), typed handles, and structs and arrays made and
//! changed from Rust.

use awe::{
    AnyRef, ArrayRef, ArrayType, Config, Engine, FieldType, Func, HeapType, I31, Instance, Linker,
    ManuallyRooted, Module, RootScope, StorageType, Store, StructRef, StructType, Val, ValType,
};

const WAT: &str = r#"
(module
  (type $node (struct (field $v i64) (field $next (mut (ref null $node)))))
  (type $bytes (array (mut i8)))
  (type $vals (array f64))
  (type $pt (struct (field i32) (field i32)))
  (import "host" "see" (func $see (param (ref null struct))))
  (func (export "pt_y") (param (ref null any)) (result i32)
    (struct.get $pt 1 (ref.cast (ref $pt) (local.get 0))))
  (func (export "node") (param i64) (result (ref $node))
    (struct.new $node (local.get 0) (ref.null $node)))
  (func (export "v") (param (ref null any)) (result i64)
    (struct.get $node $v (ref.cast (ref $node) (local.get 0))))
  (func (export "next") (param (ref $node)) (result (ref null $node))
    (struct.get $node $next (local.get 0)))
  (func (export "bytes") (param i32) (result (ref $bytes))
    (array.new $bytes (i32.const 0x1ff) (local.get 0)))
  (func (export "byte_sum") (param (ref $bytes)) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get 0))))
        (local.set $s (i32.add (local.get $s)
          (array.get_u $bytes (local.get 0) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "vals") (result (ref $vals))
    (array.new_fixed $vals 2 (f64.const 1.5) (f64.const -2)))
  ;; Hands `n` new nodes to the host, one call each.
  (func (export "show") (param $n i32)
    (loop $l
      (call $see (struct.new $node (i64.extend_i32_u (local.get $n)) (ref.null $node)))
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l)))
  (func (export "is_node") (param (ref null any)) (result i32)
    (ref.test (ref $node) (local.get 0))))
"#;

fn setup(config: &Config) -> (Store<u64>, Instance) {
    let engine = Engine::new(config).unwrap();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, 0u64);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "see",
            |mut caller: awe::Caller<'_, u64>, s: Option<StructRef>| {
                let v = s.unwrap().field(&caller, 0).unwrap().unwrap_i64();
                *caller.data_mut() += v as u64;
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

fn node(store: &mut impl awe::AsContextMut, instance: &Instance, v: i64) -> StructRef {
    let f = instance
        .get_typed_func::<i64, StructRef>(&*store, "node")
        .unwrap();
    f.call(store, v).unwrap()
}

#[test]
fn a_root_scope_releases_what_the_host_was_handed_in_it() {
    let (mut store, instance) = setup(&Config::new());
    let base = store.gc_stats().host_roots;
    for i in 0..10_000 {
        let mut scope = RootScope::new(&mut store);
        let n = node(&mut scope, &instance, i);
        assert_eq!(n.field(&scope, 0).unwrap().unwrap_i64(), i);
    }
    assert_eq!(store.gc_stats().host_roots, base);
    store.gc();
    assert_eq!(store.gc_stats().objects, 0, "every node was garbage");

    // Outside any scope, handles live as long as the store.
    for i in 0..100 {
        node(&mut store, &instance, i);
    }
    assert_eq!(store.gc_stats().host_roots, base + 100);
    store.gc();
    assert_eq!(store.gc_stats().objects, 100);
}

#[test]
fn a_handle_whose_scope_ended_is_an_error_not_another_object() {
    let (mut store, instance) = setup(&Config::new());
    let stale = {
        let mut scope = RootScope::new(&mut store);
        node(&mut scope, &instance, 1)
    };
    store.gc();
    // A new object may take the freed slot: the stale handle must not reach it.
    let fresh = node(&mut store, &instance, 2);
    let e = stale.field(&store, 0).unwrap_err().to_string();
    assert!(e.contains("root ended"), "{e}");
    let v = instance.get_func(&store, "v").unwrap();
    let mut out = [Val::I64(0)];
    let e = v
        .call(
            &mut store,
            &[Val::AnyRef(Some(stale.to_anyref()))],
            &mut out,
        )
        .unwrap_err();
    assert!(e.to_string().contains("root ended"), "{e}");
    v.call(&mut store, &[fresh.into()], &mut out).unwrap();
    assert_eq!(out[0].unwrap_i64(), 2);
}

#[test]
fn scopes_nest() {
    let (mut store, instance) = setup(&Config::new());
    let mut outer = RootScope::new(&mut store);
    let a = node(&mut outer, &instance, 1);
    {
        let mut inner = RootScope::new(&mut outer);
        let b = node(&mut inner, &instance, 2);
        assert_eq!(b.field(&inner, 0).unwrap().unwrap_i64(), 2);
        assert_eq!(a.field(&inner, 0).unwrap().unwrap_i64(), 1);
    }
    assert_eq!(a.field(&outer, 0).unwrap().unwrap_i64(), 1);
}

#[test]
fn a_manual_root_outlives_scopes_until_unrooted() {
    let (mut store, instance) = setup(&Config::new());
    let kept = {
        let mut scope = RootScope::new(&mut store);
        let n = node(&mut scope, &instance, 42);
        ManuallyRooted::new(&scope, n).unwrap()
    };
    store.gc();
    assert_eq!(store.gc_stats().objects, 1);
    let n = kept.get();
    assert_eq!(n.field(&store, 0).unwrap().unwrap_i64(), 42);
    let copy = kept.clone(&store).unwrap();
    kept.unroot(&store);
    store.gc();
    assert_eq!(copy.get().field(&store, 0).unwrap().unwrap_i64(), 42);
    assert!(
        n.field(&store, 0).is_err(),
        "the first root's handles are dead"
    );
    copy.unroot(&store);
    store.gc();
    assert_eq!(store.gc_stats().objects, 0);
}

#[test]
fn a_host_function_s_arguments_are_released_when_it_returns() {
    let (mut store, instance) = setup(&Config::new());
    let base = store.gc_stats().host_roots;
    let show = instance.get_typed_func::<i32, ()>(&store, "show").unwrap();
    show.call(&mut store, 100_000).unwrap();
    assert_eq!(*store.data(), 100_000 * 100_001 / 2);
    assert_eq!(store.gc_stats().host_roots, base);
    store.gc();
    assert_eq!(store.gc_stats().objects, 0);
}

#[test]
fn structs_made_by_the_host_are_of_the_module_s_types() {
    let (mut store, instance) = setup(&Config::new());
    let node_fn = instance.get_func(&store, "node").unwrap();
    let ValType::Ref(r) = node_fn.ty(&store).results[0] else {
        panic!("a reference")
    };
    let node_ty = StructType::from_heap_type(&store, r.heap).unwrap();
    assert_eq!(
        node_ty.fields(&store).unwrap(),
        [
            FieldType {
                storage: StorageType::Val(ValType::I64),
                mutable: false,
            },
            FieldType {
                storage: StorageType::Val(ValType::Ref(awe::RefType::null(node_ty.heap_type()))),
                mutable: true,
            },
        ]
    );
    let tail = StructRef::new(&mut store, &node_ty, &[Val::I64(7), Val::AnyRef(None)]).unwrap();
    let head = StructRef::new(&mut store, &node_ty, &[Val::I64(8), tail.into()]).unwrap();
    let v = instance
        .get_typed_func::<Option<AnyRef>, i64>(&store, "v")
        .unwrap();
    assert_eq!(v.call(&mut store, Some(head.to_anyref())).unwrap(), 8);
    let next = instance
        .get_typed_func::<StructRef, Option<StructRef>>(&store, "next")
        .unwrap();
    assert_eq!(next.call(&mut store, head).unwrap(), Some(tail));
    assert_eq!(next.call(&mut store, tail).unwrap(), None);

    // A recursive type is its own: a host type with a field of `(ref null $node)` is not
    // `$node` (whose field refers into its own recursion group).
    let fields = node_ty.fields(&store).unwrap();
    assert_ne!(StructType::new(&mut store, fields).unwrap(), node_ty);
    // A type the host defines equal to the module's `$pt` is `$pt`.
    let i32_field = FieldType {
        storage: StorageType::Val(ValType::I32),
        mutable: false,
    };
    let pt = StructType::new(&mut store, [i32_field, i32_field]).unwrap();
    let p = StructRef::new(&mut store, &pt, &[Val::I32(3), Val::I32(4)]).unwrap();
    let pt_y = instance
        .get_typed_func::<Option<AnyRef>, i32>(&store, "pt_y")
        .unwrap();
    assert_eq!(pt_y.call(&mut store, Some(p.to_anyref())).unwrap(), 4);
    let other = StructType::new(
        &mut store,
        [FieldType {
            storage: StorageType::Val(ValType::I64),
            mutable: false,
        }],
    )
    .unwrap();
    assert_ne!(other, node_ty);
    let o = StructRef::new(&mut store, &other, &[Val::I64(1)]).unwrap();
    let is_node = instance
        .get_typed_func::<Option<AnyRef>, i32>(&store, "is_node")
        .unwrap();
    assert_eq!(is_node.call(&mut store, Some(o.to_anyref())).unwrap(), 0);
    assert_eq!(is_node.call(&mut store, Some(head.to_anyref())).unwrap(), 1);
    assert!(
        head.to_anyref()
            .matches_ty(&store, node_ty.heap_type())
            .unwrap()
    );
    assert!(
        !o.to_anyref()
            .matches_ty(&store, node_ty.heap_type())
            .unwrap()
    );
    // A function of `(ref $node)` takes a `StructRef` that is a `$node`, checked.
    let e = next.call(&mut store, o).unwrap_err();
    assert!(e.to_string().contains("not of the parameter's type"), "{e}");
    assert!(
        instance
            .get_typed_func::<i64, Option<StructRef>>(&store, "next")
            .is_err()
    );
}

#[test]
fn fields_are_checked_when_set() {
    let (mut store, instance) = setup(&Config::new());
    let n = node(&mut store, &instance, 5);
    let e = n.set_field(&mut store, 0, Val::I64(1)).unwrap_err();
    assert!(e.to_string().contains("immutable"), "{e}");
    let e = n.set_field(&mut store, 1, Val::I64(1)).unwrap_err();
    assert!(e.to_string().contains("expected a value of type"), "{e}");
    assert!(n.set_field(&mut store, 2, Val::I64(1)).is_err());
    let m = node(&mut store, &instance, 6);
    n.set_field(&mut store, 1, m.into()).unwrap();
    let next = n.field(&store, 1).unwrap().unwrap_anyref().unwrap();
    assert_eq!(next.as_struct(&store).unwrap(), Some(m));
    let i = AnyRef::from_i31(&store, I31::wrapping_u32(3));
    let e = n.set_field(&mut store, 1, i.into());
    assert!(e.is_err(), "an i31 is no $node");
    let ty = n.ty(&store).unwrap();
    let e = StructRef::new(&mut store, &ty, &[Val::I64(1)]).unwrap_err();
    assert!(e.to_string().contains("2 fields"), "{e}");
}

#[test]
fn arrays_made_read_and_changed_from_rust() {
    let (mut store, instance) = setup(&Config::new());
    let bytes_fn = instance
        .get_typed_func::<i32, ArrayRef>(&store, "bytes")
        .unwrap();
    let b = bytes_fn.call(&mut store, 3).unwrap();
    assert_eq!(b.len(&store).unwrap(), 3);
    // Packed elements read zero-extended: 0x1ff kept its low 8 bits.
    assert_eq!(b.get(&store, 0).unwrap().unwrap_i32(), 0xff);
    b.set(&mut store, 1, Val::I32(0x102)).unwrap();
    assert_eq!(b.get(&store, 1).unwrap().unwrap_i32(), 2);
    assert!(
        b.get(&store, 3)
            .unwrap_err()
            .to_string()
            .contains("out of bounds")
    );
    let ty = b.ty(&store).unwrap();
    assert_eq!(
        ty.element_type(&store).unwrap(),
        FieldType {
            storage: StorageType::I8,
            mutable: true,
        }
    );
    let sum = instance
        .get_typed_func::<ArrayRef, i32>(&store, "byte_sum")
        .unwrap();
    let made = ArrayRef::new(&mut store, &ty, &Val::I32(10), 1000).unwrap();
    assert_eq!(sum.call(&mut store, made).unwrap(), 10_000);
    let fixed = ArrayRef::new_fixed(&mut store, &ty, &[Val::I32(1), Val::I32(300)]).unwrap();
    assert_eq!(sum.call(&mut store, fixed).unwrap(), 1 + 300 % 256);

    let vals = instance
        .get_typed_func::<(), ArrayRef>(&store, "vals")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    let v: Vec<f64> = vals
        .elems(&store)
        .unwrap()
        .iter()
        .map(|v| v.unwrap_f64())
        .collect();
    assert_eq!(v, [1.5, -2.0]);
    assert!(
        vals.set(&mut store, 0, Val::from(0.0)).is_err(),
        "immutable"
    );

    // A type of the host's own.
    let ints = ArrayType::new(
        &mut store,
        FieldType {
            storage: StorageType::Val(ValType::I32),
            mutable: true,
        },
    )
    .unwrap();
    let a = ArrayRef::new(&mut store, &ints, &Val::I32(-1), 4).unwrap();
    assert_eq!(a.elems(&store).unwrap(), vec![Val::I32(-1); 4]);
    assert!(a.to_anyref().as_eqref(&store).unwrap().is_some());
}

#[test]
fn a_huge_array_from_rust_is_refused_by_the_heap_limit() {
    let mut config = Config::new();
    config.max_gc_heap_bytes(1 << 20);
    let (mut store, instance) = setup(&config);
    let b = instance
        .get_typed_func::<i32, ArrayRef>(&store, "bytes")
        .unwrap()
        .call(&mut store, 1)
        .unwrap();
    let ty = b.ty(&store).unwrap();
    let e = ArrayRef::new(&mut store, &ty, &Val::I32(0), u32::MAX).unwrap_err();
    assert!(e.to_string().contains("out of memory"), "{e}");
}

#[test]
fn types_and_references_of_another_store_are_refused() {
    let (mut store, instance) = setup(&Config::new());
    let (mut other, _) = setup(&Config::new());
    let n = node(&mut store, &instance, 1);
    let ty = n.ty(&store).unwrap();
    assert!(StructRef::new(&mut other, &ty, &[Val::I64(1), Val::AnyRef(None)]).is_err());
    assert!(n.field(&other, 0).is_err());
    let f = Func::wrap(&mut other, |_: Option<AnyRef>| {});
    assert!(
        f.call(&mut other, &[Val::AnyRef(Some(n.to_anyref()))], &mut [])
            .is_err()
    );
    assert_eq!(StructType::from_heap_type(&store, HeapType::Any), None);
}

const NESTED: &str = r#"
(module
  (type $node (struct (field $v i64) (field $next (ref null $node))))
  (import "host" "churn" (func $churn))
  (import "host" "again" (func $again (param i32) (result i64)))
  ;; Keeps one node in a local across a host call that collects; a second node is
  ;; garbage by then (it was only a temporary).
  (func (export "hold") (result i64)
    (local $keep (ref null $node))
    (local.set $keep (struct.new $node (i64.const 11) (ref.null $node)))
    (drop (struct.new $node (i64.const 99) (ref.null $node)))
    (call $churn)
    (struct.get $node $v (local.get $keep)))
  ;; Holds a list of `n` nodes while the host calls in again, `depth` times deep.
  (func $nest (export "nest") (param $depth i32) (result i64)
    (local $list (ref null $node)) (local $i i32) (local $sum i64)
    (loop $l
      (local.set $list (struct.new $node (i64.extend_i32_u (local.get $i)) (local.get $list)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (i32.const 1000))))
    (if (local.get $depth)
      (then (local.set $sum (call $again (i32.sub (local.get $depth) (i32.const 1))))))
    ;; Garbage enough for collections in the innermost call.
    (local.set $i (i32.const 0))
    (loop $l
      (drop (struct.new $node (i64.const 0) (ref.null $node)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (i32.const 200000))))
    (block $done
      (loop $l
        (br_if $done (ref.is_null (local.get $list)))
        (local.set $sum (i64.add (local.get $sum)
          (struct.get $node $v (local.get $list))))
        (local.set $list (struct.get $node $next (local.get $list)))
        (br $l)))
    (local.get $sum)))
"#;

#[test]
fn frames_below_a_host_call_keep_exactly_what_their_maps_say() {
    let engine = Engine::default();
    let module = Module::new(&engine, NESTED).unwrap();
    let mut store = Store::new(&engine, 0u64);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "churn", |mut caller: awe::Caller<'_, u64>| {
            let ty = StructType::new(
                &mut caller,
                [FieldType {
                    storage: StorageType::Val(ValType::I32),
                    mutable: false,
                }],
            )
            .unwrap();
            {
                let mut scope = RootScope::new(&mut caller);
                for i in 0..1000 {
                    StructRef::new(&mut scope, &ty, &[Val::I32(i)]).unwrap();
                }
            }
            caller.gc();
            *caller.data_mut() = caller.gc_stats().objects as u64;
        })
        .unwrap();
    linker
        .func_wrap(
            "host",
            "again",
            |mut caller: awe::Caller<'_, u64>, depth: i32| -> awe::Result<i64> {
                let nest = caller
                    .get_export("nest")
                    .and_then(|e| e.into_func())
                    .unwrap()
                    .typed::<i32, i64>(&caller)?;
                nest.call(&mut caller, depth)
            },
        )
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let hold = instance.get_typed_func::<(), i64>(&store, "hold").unwrap();
    assert_eq!(hold.call(&mut store, ()).unwrap(), 11);
    assert_eq!(*store.data(), 1, "only the node in the local survived");

    let nest = instance.get_typed_func::<i32, i64>(&store, "nest").unwrap();
    // Each level's list sums to 0 + 1 + ... + 999.
    assert_eq!(nest.call(&mut store, 3).unwrap(), 4 * 999 * 1000 / 2);
    assert!(store.gc_stats().collections > 4);
}

#[test]
fn stores_and_handles_stay_send_and_sync() {
    // The frames a host call suspends live in the runtime (raw pointers into code): the
    // store must stay shareable as before.
    fn both<T: Send + Sync>() {}
    both::<Store<()>>();
    both::<AnyRef>();
    both::<ManuallyRooted<StructRef>>();
    both::<RootScope<&mut Store<()>>>();
}
