//! Several memories and 64-bit ones through the embedding API: a sparse 6 GiB memory64
//! where the store's limits allow it and a clear refusal where they do not, 64-bit sizes
//! in `Memory`, and each WebAssembly 3.0 feature turned off in `Config`.

use awe::{Config, Engine, Instance, Linker, MemType, Memory, Module, Store, StoreLimits, Val};

const GIB: u64 = 1 << 30;
const PAGE: u64 = 65536;

/// A module with a 64-bit memory of one page that grows it and reads and writes far up.
const SPARSE: &str = r#"(module
  (memory (export "m") i64 1)
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "load") (param i64) (result i64) (i64.load (local.get 0))))"#;

fn call(store: &mut Store<()>, i: &Instance, name: &str, args: &[Val]) -> awe::Result<Vec<Val>> {
    let f = i
        .get_func(&mut *store, name)
        .unwrap_or_else(|| panic!("no export {name}"));
    let n = f.ty(&*store).results.len();
    let mut out = vec![Val::I32(0); n];
    f.call(&mut *store, args, &mut out)?;
    Ok(out)
}

#[test]
#[cfg_attr(miri, ignore = "reserves 6 GiB of address space")]
fn a_sparse_six_gib_memory64_grows_where_the_limits_allow() {
    let engine = Engine::default();
    let module = Module::new(&engine, SPARSE).unwrap();
    let mut store = Store::new(&engine, ());
    store.limits(StoreLimits {
        memory_pages: Some(7 * GIB / PAGE),
        total_memory_bytes: Some(7 * GIB),
        ..StoreLimits::default()
    });
    let i = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let pages = 6 * GIB / PAGE;
    let old = call(&mut store, &i, "grow", &[Val::I64((pages - 1) as i64)]).unwrap();
    assert_eq!(old, [Val::I64(1)]);
    let m = i.get_memory(&mut store, "m").unwrap();
    assert_eq!(m.size(&store), pages);
    assert_eq!(m.data_size(&store) as u64, 6 * GIB);
    // Far past 4 GiB, and the last word: only the pages touched are committed.
    for at in [5 * GIB + 12345, 6 * GIB - 8] {
        call(
            &mut store,
            &i,
            "store",
            &[Val::I64(at as i64), Val::I64(at as i64 ^ 7)],
        )
        .unwrap();
        let v = call(&mut store, &i, "load", &[Val::I64(at as i64)]).unwrap();
        assert_eq!(v, [Val::I64(at as i64 ^ 7)]);
    }
    let e = call(&mut store, &i, "load", &[Val::I64((6 * GIB - 7) as i64)]).unwrap_err();
    assert!(e.to_string().contains("out of bounds memory access"), "{e}");
    assert_eq!(
        m.data(&store)[(6 * GIB - 8) as usize],
        ((6 * GIB - 8) ^ 7) as u8
    );
    // Past the store's limit of 7 GiB: -1, of type i64.
    let refused = call(&mut store, &i, "grow", &[Val::I64((GIB / PAGE + 1) as i64)]).unwrap();
    assert_eq!(refused, [Val::I64(-1)]);
}

#[test]
fn the_default_limits_refuse_a_six_gib_memory_clearly() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let pages = 6 * GIB / PAGE;
    let big = format!("(module (memory i64 {pages}))");
    let module = Module::new(&engine, &big).unwrap();
    let e = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(e.to_string().contains("exceeds the limit"), "{e}");
    // Growing there is refused as well: -1, and the memory keeps its size.
    let module = Module::new(&engine, SPARSE).unwrap();
    let i = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let r = call(&mut store, &i, "grow", &[Val::I64(pages as i64)]).unwrap();
    assert_eq!(r, [Val::I64(-1)]);
    assert_eq!(i.get_memory(&mut store, "m").unwrap().size(&store), 1);
}

#[test]
fn host_memories_of_64_bit_addresses_have_64_bit_sizes() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = Memory::new(&mut store, MemType::new64(1, Some(1 << 20))).unwrap();
    assert_eq!(m.ty(&store).address, awe::AddrType::I64);
    assert_eq!(m.grow(&mut store, 2).unwrap(), 1);
    assert_eq!(m.size(&store), 3);
    assert!(m.grow(&mut store, u64::MAX).is_err());
    // It imports where a 64-bit memory is imported, not where a 32-bit one is.
    let mut linker = Linker::new(&engine);
    linker.define(&store, "host", "m", m).unwrap();
    let ok = Module::new(&engine, r#"(module (import "host" "m" (memory i64 1)))"#).unwrap();
    linker.instantiate(&mut store, &ok).unwrap();
    let bad = Module::new(&engine, r#"(module (import "host" "m" (memory 1)))"#).unwrap();
    let e = linker.instantiate(&mut store, &bad).unwrap_err();
    assert!(e.to_string().contains("incompatible import type"), "{e}");
    // A 32-bit memory may not be larger than 4 GiB.
    let e = Memory::new(&mut store, MemType::new(65537, None)).unwrap_err();
    assert!(e.to_string().contains("memory size"), "{e}");
}

/// Each feature, when off, makes the modules that use it invalid with a message naming it.
#[test]
fn each_feature_can_be_turned_off() {
    type Switch = fn(&mut Config);
    let cases: [(&str, &str, Switch, &str); 7] = [
        (
            "(module (memory i64 1))",
            "memory64",
            |c| {
                c.wasm_memory64(false);
            },
            "64-bit memories need memory64",
        ),
        (
            "(module (memory 1) (memory 1))",
            "multi-memory",
            |c| {
                c.wasm_multi_memory(false);
            },
            "multiple memories",
        ),
        (
            "(module (func (return_call 0)))",
            "tail-call",
            |c| {
                c.wasm_tail_call(false);
            },
            "tail calls need tail-call",
        ),
        (
            "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))",
            "extended-const",
            |c| {
                c.wasm_extended_const(false);
            },
            "constant expression required",
        ),
        (
            "(module (func (param v128)))",
            "simd",
            |c| {
                c.wasm_simd(false);
            },
            "v128 needs simd",
        ),
        (
            "(module (func (drop (i8x16.splat (i32.const 1)))))",
            "simd",
            |c| {
                c.wasm_simd(false);
            },
            "vector instructions need simd",
        ),
        (
            "(module (func (param v128) (result v128)
               (i8x16.relaxed_swizzle (local.get 0) (local.get 0))))",
            "relaxed-simd",
            |c| {
                c.wasm_relaxed_simd(false);
            },
            "relaxed vector instructions need relaxed-simd",
        ),
    ];
    for (text, name, off, message) in cases {
        assert!(Module::new(&Engine::default(), text).is_ok(), "{text}");
        let mut config = Config::new();
        off(&mut config);
        let e = Module::new(&Engine::new(&config).unwrap(), text).unwrap_err();
        assert!(e.to_string().contains(message), "{text}: {e}");
        // By name too, as `--features` takes them.
        let mut config = Config::new();
        config.wasm_features(&format!("-{name}")).unwrap();
        let e = Module::new(&Engine::new(&config).unwrap(), text).unwrap_err();
        assert!(
            e.to_string().contains(message),
            "{text} without {name}: {e}"
        );
    }
    let e = Config::new()
        .wasm_features("-threads")
        .map(drop)
        .unwrap_err();
    assert!(e.to_string().contains("unknown feature"), "{e}");
}
