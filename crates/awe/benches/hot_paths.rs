//! Criterion micro-benchmarks of awe's hot paths: calls across the host boundary both
//! ways, memory loads and stores, `br_table`, and decode + validate throughput on a
//! large module.
//!
//! `cargo bench -p awe --bench hot_paths` (the `bench` profile: LTO, one codegen unit).
//! Not part of `cargo test` (`test = false` in Cargo.toml). Results: bench/RESULTS.md.

use awe::{Engine, Linker, Module, Store};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// A module instantiated in a fresh store, no imports.
fn instance(wat: &str) -> (Store<()>, awe::Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).expect("valid module");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

/// Host to wasm: one call of an exported function, from `TypedFunc::call` and from the
/// untyped `Func::call`.
fn host_to_wasm(c: &mut Criterion) {
    let (mut store, instance) = instance(
        r#"(module
             (func (export "nop"))
             (func (export "add") (param i32 i32) (result i32)
               (i32.add (local.get 0) (local.get 1))))"#,
    );
    let mut g = c.benchmark_group("host_to_wasm");
    g.throughput(Throughput::Elements(1));
    let nop = instance.get_typed_func::<(), ()>(&store, "nop").unwrap();
    g.bench_function("typed nop()", |b| {
        b.iter(|| nop.call(&mut store, ()).unwrap())
    });
    let add = instance
        .get_typed_func::<(i32, i32), i32>(&store, "add")
        .unwrap();
    g.bench_function("typed add(i32, i32) -> i32", |b| {
        b.iter(|| add.call(&mut store, (black_box(1), black_box(2))).unwrap())
    });
    let untyped = instance.get_func(&store, "add").unwrap();
    let params = [awe::Val::I32(1), awe::Val::I32(2)];
    let mut results = [awe::Val::I32(0)];
    g.bench_function("untyped add(i32, i32) -> i32", |b| {
        b.iter(|| untyped.call(&mut store, &params, &mut results).unwrap())
    });
    g.finish();
}

/// Wasm to host: a loop in wasm calling an imported host function 1000 times.
fn wasm_to_host(c: &mut Criterion) {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (import "host" "inc" (func $inc (param i32) (result i32)))
             (func (export "run") (param $n i32) (result i32) (local $acc i32)
               (loop $next
                 (local.set $acc (call $inc (local.get $acc)))
                 (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
               (local.get $acc)))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "inc", |x: i32| x.wrapping_add(1))
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    let mut g = c.benchmark_group("wasm_to_host");
    g.throughput(Throughput::Elements(1000));
    g.bench_function("1000 calls of inc(i32) -> i32", |b| {
        b.iter(|| run.call(&mut store, black_box(1000)).unwrap())
    });
    g.finish();
}

/// Memory: sums and copies 64 KiB with i32 and i64 loads and stores.
fn memory(c: &mut Criterion) {
    let (mut store, instance) = instance(
        r#"(module
             (memory 2)
             (func (export "sum32") (param $n i32) (result i32) (local $i i32) (local $s i32)
               (loop $next
                 (local.set $s (i32.add (local.get $s) (i32.load (local.get $i))))
                 (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4)))
                                        (local.get $n))))
               (local.get $s))
             (func (export "copy64") (param $n i32) (local $i i32)
               (loop $next
                 (i64.store offset=65536 (local.get $i) (i64.load (local.get $i)))
                 (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8)))
                                        (local.get $n)))))
             (func (export "store8") (param $n i32) (local $i i32)
               (loop $next
                 (i32.store8 (local.get $i) (local.get $i))
                 (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                        (local.get $n))))))"#,
    );
    const BYTES: i32 = 65536;
    let mut g = c.benchmark_group("memory");
    g.throughput(Throughput::Bytes(BYTES as u64));
    let sum32 = instance
        .get_typed_func::<i32, i32>(&store, "sum32")
        .unwrap();
    g.bench_function("i32.load sum of 64 KiB", |b| {
        b.iter(|| sum32.call(&mut store, black_box(BYTES)).unwrap())
    });
    let copy64 = instance
        .get_typed_func::<i32, ()>(&store, "copy64")
        .unwrap();
    g.bench_function("i64.load + i64.store copy of 64 KiB", |b| {
        b.iter(|| copy64.call(&mut store, black_box(BYTES)).unwrap())
    });
    let store8 = instance
        .get_typed_func::<i32, ()>(&store, "store8")
        .unwrap();
    g.bench_function("i32.store8 fill of 64 KiB", |b| {
        b.iter(|| store8.call(&mut store, black_box(BYTES)).unwrap())
    });
    g.finish();
}

/// `br_table`: a loop dispatching on `i & 7` over eight cases, 10,000 times.
fn br_table(c: &mut Criterion) {
    let (mut store, instance) = instance(
        r#"(module
             (func (export "switch") (param $n i32) (result i32) (local $acc i32)
               (loop $next
                 (block $done
                   (block $c7 (block $c6 (block $c5 (block $c4
                   (block $c3 (block $c2 (block $c1 (block $c0
                     (br_table $c0 $c1 $c2 $c3 $c4 $c5 $c6 $c7
                       (i32.and (local.get $n) (i32.const 7))))
                   (local.set $acc (i32.add (local.get $acc) (i32.const 1))) (br $done))
                   (local.set $acc (i32.xor (local.get $acc) (i32.const 3))) (br $done))
                   (local.set $acc (i32.mul (local.get $acc) (i32.const 5))) (br $done))
                   (local.set $acc (i32.sub (local.get $acc) (i32.const 7))) (br $done))
                   (local.set $acc (i32.rotl (local.get $acc) (i32.const 1))) (br $done))
                   (local.set $acc (i32.add (local.get $acc) (local.get $n))) (br $done))
                   (local.set $acc (i32.or (local.get $acc) (i32.const 64))) (br $done))
                   (local.set $acc (i32.shr_u (local.get $acc) (i32.const 1))))
                 (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
               (local.get $acc)))"#,
    );
    let switch = instance
        .get_typed_func::<i32, i32>(&store, "switch")
        .unwrap();
    let mut g = c.benchmark_group("br_table");
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("10,000 dispatches over 8 cases", |b| {
        b.iter(|| switch.call(&mut store, black_box(10_000)).unwrap())
    });
    g.finish();
}

/// The text of a large module: `functions` functions mixing arithmetic, loads and
/// stores, `if`, loops, `br_table` and calls (a deterministic pseudo-random mix).
fn large_module_wat(functions: u32) -> String {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let mut w = String::from("(module (memory 1) (global $g (mut i32) (i32.const 0))\n");
    w += "(type $t (func (param i32) (result i32)))\n";
    w += "(table 16 funcref) (elem (i32.const 0) func";
    for i in 0..16 {
        w += &format!(" {i}");
    }
    w += ")\n";
    for f in 0..functions {
        w += "(func (type $t) (local $a i32) (local $b i32) (local $c i64) (local $d f64)\n";
        for _ in 0..12 {
            let k = rnd(1000) as i32 - 500;
            w += &match rnd(8) {
                0 => format!("(local.set $a (i32.add (local.get 0) (i32.const {k})))\n"),
                1 => format!(
                    "(i32.store (i32.and (local.get $a) (i32.const 0xfffc)) (local.get $b))\n\
                     (local.set $b (i32.xor (local.get $b) (i32.load offset={} (i32.const 0))))\n",
                    rnd(4096) * 4
                ),
                2 => format!(
                    "(if (i32.lt_s (local.get $a) (i32.const {k}))\n\
                       (then (local.set $b (i32.mul (local.get $b) (i32.const 3))))\n\
                       (else (local.set $a (i32.shr_u (local.get $a) (i32.const 1)))))\n"
                ),
                3 => "(block $out (loop $l\n\
                        (local.set $b (i32.add (local.get $b) (local.get $a)))\n\
                        (br_if $out (i32.gt_u (local.get $b) (i32.const 1000)))\n\
                        (br $l)))\n"
                    .to_owned(),
                4 => format!(
                    "(local.set $c (i64.add (local.get $c) (i64.extend_i32_s (local.get $a))))\n\
                     (local.set $d (f64.add (local.get $d) (f64.const {k}.5)))\n"
                ),
                5 => "(block (block (block\n\
                        (br_table 0 1 2 (i32.and (local.get $b) (i32.const 3))))\n\
                        (local.set $a (i32.const 1)))\n\
                        (local.set $a (i32.const 2)))\n"
                    .to_owned(),
                6 if f > 0 => format!(
                    "(local.set $a (call {} (local.get $b)))\n",
                    rnd(u64::from(f))
                ),
                _ => "(global.set $g (i32.add (global.get $g) (local.get $a)))\n\
                      (local.set $b (call_indirect (type $t) (local.get $a) \
                      (i32.and (local.get $b) (i32.const 15))))\n"
                    .to_owned(),
            };
        }
        w += "(i32.add (local.get $a) (local.get $b)))\n";
    }
    w + ")"
}

/// Decode and validate (`Module::new` on bytes: what awe does before instantiating),
/// and decoding alone, of a large generated module; throughput in bytes of module.
fn decode_validate(c: &mut Criterion) {
    let text = large_module_wat(8000);
    let model = awe_text::parse_module(&text).expect("the generated module parses");
    let bytes = awe_binary::encode(&model);
    let engine = Engine::default();
    let mut g = c.benchmark_group("decode_validate");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10);
    let size = format!("{:.1} MB", bytes.len() as f64 / 1e6);
    g.bench_with_input(
        BenchmarkId::new("Module::new (decode + validate)", &size),
        &bytes,
        |b, bytes| b.iter(|| Module::new(&engine, bytes).unwrap()),
    );
    g.bench_with_input(
        BenchmarkId::new("awe_binary::decode alone", &size),
        &bytes,
        |b, bytes| b.iter(|| awe_binary::decode(bytes).unwrap()),
    );
    g.finish();
}

/// Instantiations per second of one compiled module, as an embedder serving requests
/// would do: a module with a memory, a data segment, a table with an element segment,
/// globals and a start function, instantiated into a fresh store each time.
fn instantiate(c: &mut Criterion) {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
             (memory 1) (data (i32.const 0) "hello, instance")
             (table 8 funcref) (elem (i32.const 0) $f $f $f $f)
             (global $g (mut i32) (i32.const 0))
             (func $f (result i32) (global.get $g))
             (func $start (global.set $g (i32.const 42)))
             (start $start)
             (export "f" (func $f)))"#,
    )
    .expect("the module compiles");
    let linker = awe::Linker::<()>::new(&engine);
    let mut g = c.benchmark_group("instantiate");
    g.throughput(Throughput::Elements(1));
    g.bench_function("fresh store + instantiate (1 page, table, start)", |b| {
        b.iter(|| {
            let mut store = Store::new(&engine, ());
            linker.instantiate(&mut store, &module).unwrap()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = host_to_wasm, wasm_to_host, memory, br_table, decode_validate, instantiate
}
criterion_main!(benches);
