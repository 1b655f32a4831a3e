//! `Module::serialize` and `Module::deserialize`: precompiled modules run as compiled
//! ones do, and bytes that are not one of this build's, for this configuration, are
//! refused with a message, never a panic.
#![allow(unsafe_code)]

use awe::{Config, Engine, Linker, Module, Store};

const SOURCE: &str = r#"(module
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (memory (export "mem") 1)
  (data (i32.const 16) "precompiled")
  (global $calls (mut i32) (i32.const 0))
  (func $fib (export "fib") (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "twice_fib") (param i32) (result i32)
    (call $twice (call $fib (local.get 0))))
  (func (export "calls") (result i32) (global.get $calls))
  (func (export "trap") (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "simd") (result i32)
    (i32x4.extract_lane 1 (i32x4.add (i32x4.splat (i32.const 7)) (v128.const i32x4 0 1 2 3)))))"#;

/// Calls every export of a module from SOURCE and returns what they gave.
fn exercise(engine: &Engine, module: &Module) -> (i32, i32, i32, String, i32, Vec<u8>) {
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker
        .func_wrap("host", "twice", |x: i32| x * 2)
        .expect("defines");
    let instance = linker
        .instantiate(&mut store, module)
        .expect("instantiates");
    let fib = instance.get_typed_func::<i32, i32>(&store, "fib").unwrap();
    let twice_fib = instance
        .get_typed_func::<i32, i32>(&store, "twice_fib")
        .unwrap();
    let calls = instance.get_typed_func::<(), i32>(&store, "calls").unwrap();
    let trap = instance.get_typed_func::<i32, i32>(&store, "trap").unwrap();
    let simd = instance.get_typed_func::<(), i32>(&store, "simd").unwrap();
    let a = fib.call(&mut store, 15).unwrap();
    let b = twice_fib.call(&mut store, 10).unwrap();
    let c = calls.call(&mut store, ()).unwrap();
    let t = trap.call(&mut store, 0).unwrap_err().to_string();
    let s = simd.call(&mut store, ()).unwrap();
    let mem = instance.get_memory(&store, "mem").unwrap();
    let data = mem.data(&store)[16..27].to_vec();
    (a, b, c, t, s, data)
}

#[test]
fn a_precompiled_module_runs_as_the_compiled_one() {
    let engine = Engine::default();
    let module = Module::new(&engine, SOURCE).unwrap();
    let expected = exercise(&engine, &module);
    assert_eq!(expected.0, 610);
    assert_eq!(expected.4, 8, "the SIMD function runs");
    assert_eq!(expected.5, b"precompiled");
    let bytes = module.serialize().unwrap();
    assert!(Module::is_precompiled(&bytes));
    // SAFETY: the bytes come from `serialize` just above.
    let loaded = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
    assert_eq!(exercise(&engine, &loaded), expected);
    // The same imports and exports; and a second serialization is the same bytes.
    assert_eq!(loaded.imports(), module.imports());
    assert_eq!(loaded.exports(), module.exports());
    assert_eq!(loaded.serialize().unwrap(), bytes);
}

#[test]
fn a_trap_in_precompiled_code_has_its_backtrace() {
    let engine = Engine::default();
    let module = Module::new(&engine, SOURCE).unwrap();
    let bytes = module.serialize().unwrap();
    // SAFETY: the bytes come from `serialize` just above.
    let loaded = unsafe { Module::deserialize(&engine, &bytes) }.unwrap();
    let (.., t, _, _) = exercise(&engine, &loaded);
    let (.., expected, _, _) = exercise(&engine, &module);
    assert!(t.starts_with("integer divide by zero"), "{t}");
    assert_eq!(t, expected);
}

#[test]
fn code_for_fuel_runs_only_where_fuel_is_on() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let fuel_engine = Engine::new(&config).unwrap();
    let module = Module::new(&fuel_engine, SOURCE).unwrap();
    let bytes = module.serialize().unwrap();
    let plain = Engine::default();
    // SAFETY: the bytes come from `serialize` just above.
    let err = unsafe { Module::deserialize(&plain, &bytes) }
        .unwrap_err()
        .to_string();
    assert!(err.contains("precompiled with fuel"), "{err}");
    // In an engine with fuel, it counts fuel as the compiled module does.
    // SAFETY: as above.
    let loaded = unsafe { Module::deserialize(&fuel_engine, &bytes) }.unwrap();
    let used = |m: &Module| {
        let mut store = Store::new(&fuel_engine, ());
        store.set_fuel(1_000_000).unwrap();
        let mut linker = Linker::new(&fuel_engine);
        linker.func_wrap("host", "twice", |x: i32| x * 2).unwrap();
        let i = linker.instantiate(&mut store, m).unwrap();
        let fib = i.get_typed_func::<i32, i32>(&store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 12).unwrap(), 144);
        1_000_000 - store.get_fuel().unwrap()
    };
    assert_eq!(used(&loaded), used(&module));
}

#[test]
fn what_is_not_a_precompiled_module_is_refused() {
    let engine = Engine::default();
    let module = Module::new(&engine, SOURCE).unwrap();
    let bytes = module.serialize().unwrap();
    let refused = |b: &[u8]| {
        // SAFETY: nothing that is refused runs; what is accepted is the serialized bytes
        // themselves or differs only in the module's bytes, which are validated.
        match unsafe { Module::deserialize(&engine, b) } {
            Ok(_) => None,
            Err(e) => Some(e.to_string()),
        }
    };
    let wasm = awe_binary::encode(&awe_text::parse_module(SOURCE).unwrap());
    assert!(refused(&wasm).unwrap().contains("not a precompiled module"));
    assert!(refused(b"").unwrap().contains("not a precompiled module"));
    // Every truncation is refused, with an offset.
    for n in 0..bytes.len() {
        let e = refused(&bytes[..n]).unwrap_or_else(|| panic!("{n} bytes accepted"));
        assert!(
            e.contains("offset") || e.contains("not a precompiled"),
            "{n}: {e}"
        );
    }
    let mut extra = bytes.clone();
    extra.push(0);
    assert!(refused(&extra).unwrap().contains("unexpected bytes"));
    // Another format, another version of awe.
    let mut other = bytes.clone();
    other[8] ^= 1;
    assert!(refused(&other).unwrap().contains("format"));
    let mut other = bytes.clone();
    other[13] ^= 1;
    assert!(refused(&other).unwrap().contains("not by this build"));
    // A count of functions that the module does not have.
    let mut other = bytes.clone();
    // The header: magic (8), format (4), the version's length and text, the layout (8),
    // the checkpoints (1); then the module's length (8) and bytes.
    let at = 12 + 1 + usize::from(bytes[12]) + 8 + 1;
    let wasm_len = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    let funcs_at = at + 8 + wasm_len;
    other[funcs_at] += 1;
    assert!(refused(&other).is_some());
    // A huge count (the first function's `init`) is refused before anything is
    // allocated for it: after the count of functions (4), the function's flag (1), its
    // index (4), three `u16`s and its frame size (4).
    let mut other = bytes.clone();
    let init_at = funcs_at + 4 + 1 + 4 + 6 + 4;
    other[init_at..init_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(refused(&other).unwrap().contains("length out of bounds"));
}

#[test]
fn deserializing_a_missing_file_is_an_error() {
    let engine = Engine::default();
    // SAFETY: there is no file to trust.
    let err = unsafe { Module::deserialize_file(&engine, "/nonexistent/x.cwasm") }
        .unwrap_err()
        .to_string();
    assert!(err.contains("/nonexistent/x.cwasm"), "{err}");
}

#[test]
fn no_damaged_byte_makes_deserialize_panic() {
    let engine = Engine::default();
    let bytes = Module::new(&engine, SOURCE).unwrap().serialize().unwrap();
    for at in 0..bytes.len() {
        for bit in 0..8 {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1 << bit;
            // SAFETY: whatever is accepted is dropped, never run.
            let _ = unsafe { Module::deserialize(&engine, &damaged) };
        }
    }
}
