//! The everyday constructors and accessors a wasmtime user reaches for.

use awe::{
    Engine, ExternType, Func, Global, GlobalType, Linker, Memory, MemoryType, Module, Mutability,
    RefType, Store, Table, TableType, Val, ValType,
};

const WAT: &str = r#"(module (import "env" "f" (func (param i32) (result i64)))
  (memory (export "mem") 1) (func (export "answer") (result i32) (i32.const 42)))"#;

#[test]
fn modules_from_files_in_either_format() {
    let engine = Engine::default();
    let dir = std::env::temp_dir().join(format!("awe-everyday-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("m.wat");
    std::fs::write(&text, WAT).unwrap();
    let binary = dir.join("m.wasm");
    std::fs::write(
        &binary,
        awe_binary::encode(&awe_text::parse_module(WAT).unwrap()),
    )
    .unwrap();
    for path in [&text, &binary] {
        let m = Module::from_file(&engine, path).unwrap();
        assert_eq!(m.exports().len(), 2);
        // Its engine makes stores it can be instantiated in.
        let mut store = Store::new(m.engine(), ());
        let mut linker = Linker::new(m.engine());
        linker.func_wrap("env", "f", |x: i32| i64::from(x)).unwrap();
        let inst = linker.instantiate(&mut store, &m).unwrap();
        let answer = inst.get_typed_func::<(), i32>(&store, "answer").unwrap();
        assert_eq!(answer.call(&mut store, ()).unwrap(), 42);
    }
    let e = Module::from_file(&engine, dir.join("missing.wasm")).unwrap_err();
    assert!(e.to_string().contains("missing.wasm: cannot read"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_takes_the_engine() {
    let engine = Engine::default();
    Module::validate(&engine, WAT).unwrap();
    let e = Module::validate(&engine, "(module (func (result i32)))").unwrap_err();
    assert!(e.to_string().contains("type mismatch"), "{e}");
}

#[test]
fn import_types_answer_by_methods() {
    let engine = Engine::default();
    let m = Module::new(&engine, WAT).unwrap();
    let imports = m.imports();
    let i = &imports[0];
    assert_eq!((i.module(), i.name()), ("env", "f"));
    let ExternType::Func(ty) = i.ty() else {
        panic!("a function import")
    };
    assert_eq!(
        (ty.params.as_slice(), ty.results.as_slice()),
        (&[ValType::I32][..], &[ValType::I64][..])
    );
    let names: Vec<String> = m.exports().iter().map(|e| e.name().to_owned()).collect();
    assert_eq!(names, ["mem", "answer"]);
}

#[test]
fn stores_by_default_and_their_data_back() {
    let mut store: Store<Vec<u8>> = Store::default();
    store.data_mut().push(7);
    assert_eq!(store.into_data(), [7]);
}

#[test]
fn object_types_from_constructors() {
    let mut store = Store::<()>::default();
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(2))).unwrap();
    assert_eq!(mem.ty(&store), MemoryType::new(1, Some(2)));
    let table = Table::new(
        &mut store,
        TableType::new(RefType::FUNCREF, 3, None),
        Val::FuncRef(None),
    )
    .unwrap();
    assert_eq!(table.size(&store), 3);
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I64, Mutability::Var),
        5i64.into(),
    )
    .unwrap();
    g.set(&mut store, Val::from(6i64)).unwrap();
    assert_eq!(g.get(&store).unwrap_i64(), 6);
}

#[test]
fn vals_convert_both_ways() {
    let mut store = Store::<()>::default();
    let f = Func::wrap(&mut store, || 1);
    let cases: [(Val, &str); 6] = [
        (7.into(), "I32(7)"),
        (7i64.into(), "I64(7)"),
        (1.5f32.into(), "F32(1069547520)"),
        (Val::from(2.5f64), "F64(4612811918334230528)"),
        (
            Val::from(u128::MAX),
            "V128(340282366920938463463374607431768211455)",
        ),
        (Val::from(None::<Func>), "FuncRef(None)"),
    ];
    for (v, want) in cases {
        assert_eq!(format!("{v:?}"), want);
    }
    assert_eq!(Val::from(7).unwrap_i32(), 7);
    assert_eq!(Val::from(1.5f32).unwrap_f32(), 1.5);
    assert_eq!(Val::from(f).unwrap_funcref(), Some(f));
    let e = std::panic::catch_unwind(|| Val::from(7).unwrap_i64()).unwrap_err();
    assert_eq!(
        e.downcast_ref::<String>().unwrap(),
        "expected a i64 value, got I32(7)"
    );
    // And a linker finds what the store holds.
    let engine = store.engine().clone();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "one", f).unwrap();
    assert!(linker.get(&mut store, "env", "one").is_some());
}

#[test]
fn a_host_function_reads_and_sets_the_fuel() {
    let mut config = awe::Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).unwrap();
    // `spin` calls `env.refuel` forever; fuel runs out only when refuel stops refilling.
    let m = Module::new(
        &engine,
        r#"(module (import "env" "refuel" (func $refuel))
             (func (export "spin") (loop (call $refuel) (br 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "refuel", |mut caller: awe::Caller<'_, Vec<u64>>| {
            let left = caller.get_fuel().unwrap();
            caller.data_mut().push(left);
            if caller.data().len() < 5 {
                caller.set_fuel(1_000).unwrap();
            }
        })
        .unwrap();
    let mut store = Store::new(&engine, Vec::new());
    store.set_fuel(1_000).unwrap();
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let e = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(e.trap_code(), Some(awe::TrapCode::OutOfFuel));
    let seen = store.into_data();
    // The refills were seen by the next calls (the same amount left each time), then
    // the fuel ran down: each iteration costs the same.
    let (refilled, after) = seen.split_at(5);
    assert!(refilled.iter().all(|&f| f == refilled[0]), "{seen:?}");
    let step = refilled[0] - after[0];
    assert!(
        step > 0 && after.windows(2).all(|w| w[0] - w[1] == step),
        "{seen:?}"
    );
    assert!(*after.last().unwrap() < step, "{seen:?}");
    // Without fuel in the config, asking is an error.
    let mut plain: Store<()> = Store::default();
    let f = awe::Func::wrap(&mut plain, |caller: awe::Caller<'_, ()>| {
        assert!(caller.get_fuel().is_err());
    });
    f.call(&mut plain, &[], &mut []).unwrap();
}

#[test]
fn references_in_typed_signatures() {
    let engine = Engine::default();
    let m = Module::new(
        &engine,
        r#"(module (import "env" "pick" (func $pick (param i32) (result funcref)))
             (table 1 funcref)
             (func $seven (result i32) (i32.const 7)) (elem declare func $seven)
             (func (export "seven") (result funcref) (ref.func $seven))
             (func (export "call") (param funcref) (result i32)
               (table.set (i32.const 0) (local.get 0))
               (call_indirect (result i32) (i32.const 0)))
             (func (export "pick") (param i32) (result funcref) (call $pick (local.get 0)))
             (func (export "same") (param externref) (result externref) (local.get 0)))"#,
    )
    .unwrap();
    let other: Func = {
        let mut other_store = Store::<Option<Func>>::default();
        Func::wrap(&mut other_store, || 1)
    };
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "pick",
            move |caller: awe::Caller<'_, Option<Func>>, i: i32| {
                if i == 0 { *caller.data() } else { Some(other) }
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, None);
    let inst = linker.instantiate(&mut store, &m).unwrap();
    let seven = inst
        .get_typed_func::<(), Option<Func>>(&store, "seven")
        .unwrap();
    let f = seven.call(&mut store, ()).unwrap().expect("not null");
    let call = inst
        .get_typed_func::<Option<Func>, i32>(&store, "call")
        .unwrap();
    assert_eq!(call.call(&mut store, Some(f)).unwrap(), 7);
    let e = call.call(&mut store, None).unwrap_err();
    assert_eq!(
        e.trap_code(),
        Some(awe::TrapCode::UninitializedElement),
        "{e}"
    );
    // A host function returns a reference: its own store's, or another's (refused).
    *store.data_mut() = Some(f);
    let pick = inst
        .get_typed_func::<i32, Option<Func>>(&store, "pick")
        .unwrap();
    assert_eq!(pick.call(&mut store, 0).unwrap(), Some(f));
    let e = pick.call(&mut store, 1).unwrap_err();
    assert!(e.to_string().contains("does not belong"), "{e}");
    let same = inst
        .get_typed_func::<Option<awe::ExternRef>, Option<awe::ExternRef>>(&store, "same")
        .unwrap();
    let r = awe::ExternRef::new(&mut store, 5u32).unwrap();
    assert_eq!(same.call(&mut store, Some(r)).unwrap(), Some(r));
    assert_eq!(same.call(&mut store, None).unwrap(), None);
}

#[test]
fn externrefs_carry_host_data() {
    let engine = Engine::default();
    let m = Module::new(
        &engine,
        r#"(module (table $t 4 externref)
             (func (export "put") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
             (func (export "get") (param i32) (result externref) (table.get $t (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let put = inst
        .get_typed_func::<(i32, Option<awe::ExternRef>), ()>(&store, "put")
        .unwrap();
    let get = inst
        .get_typed_func::<i32, Option<awe::ExternRef>>(&store, "get")
        .unwrap();
    let name = awe::ExternRef::new(&mut store, String::from("a host string")).unwrap();
    let counter = awe::ExternRef::new(&mut store, std::sync::Mutex::new(0u64)).unwrap();
    put.call(&mut store, (0, Some(name))).unwrap();
    put.call(&mut store, (1, Some(counter))).unwrap();
    // Wasm kept them; the host reads and changes what they point to.
    let back = get.call(&mut store, 0).unwrap().unwrap();
    assert_eq!(
        back.data(&store)
            .unwrap()
            .unwrap()
            .downcast_ref::<String>()
            .unwrap(),
        "a host string"
    );
    let c = get.call(&mut store, 1).unwrap().unwrap();
    *c.data(&store)
        .unwrap()
        .unwrap()
        .downcast_ref::<std::sync::Mutex<u64>>()
        .unwrap()
        .lock()
        .unwrap() += 1;
    let again = get.call(&mut store, 1).unwrap().unwrap();
    let n = *again
        .data(&store)
        .unwrap()
        .unwrap()
        .downcast_ref::<std::sync::Mutex<u64>>()
        .unwrap()
        .lock()
        .unwrap();
    assert_eq!(n, 1);
    assert!(get.call(&mut store, 2).unwrap().is_none());
    // Another store's reference is refused.
    let mut other = Store::<()>::default();
    let foreign = awe::ExternRef::new(&mut other, 1u8).unwrap();
    let e = put.call(&mut store, (3, Some(foreign))).unwrap_err();
    assert!(e.to_string().contains("does not belong"), "{e}");
    let e = foreign.data(&store).unwrap_err();
    assert!(e.to_string().contains("does not belong"), "{e}");
}
