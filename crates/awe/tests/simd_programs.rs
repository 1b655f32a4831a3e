//! The SIMD benchmark programs (bench/wasm, built from bench/programs with
//! `-C target-feature=+simd128` by bench/build.sh), run in awe as an embedder would: each
//! program's `run(iterations)` must return the checksum its native build computed, which
//! build.sh records in bench/wasm/simd-checksums.txt. A wrong lane in any vector op the
//! program executes changes the checksum.

use awe::{Config, Engine, Linker, Module, Store};
use std::path::PathBuf;

/// The SIMD programs: each has `bench/wasm/NAME.wasm` and a line in simd-checksums.txt.
const PROGRAMS: &[&str] = &["blur", "linalg", "bytescan", "matmul-simd"];

fn bench_wasm(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../bench/wasm")
        .join(file)
}

/// The lines of simd-checksums.txt: (name, iterations, checksum).
fn checksums() -> Vec<(String, i32, i32)> {
    let path = bench_wasm("simd-checksums.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
            [name, n, sum] => (name.to_string(), n.parse().unwrap(), sum.parse().unwrap()),
            _ => panic!("simd-checksums.txt: not NAME ITERATIONS CHECKSUM: {l:?}"),
        })
        .collect()
}

/// Runs `name`'s export `run(iterations)` in a fresh store and returns its result.
fn run(name: &str, iterations: i32) -> i32 {
    let engine = Engine::default();
    let module = Module::from_file(&engine, bench_wasm(&format!("{name}.wasm"))).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
    run.call(&mut store, iterations)
        .unwrap_or_else(|e| panic!("{name}: run({iterations}) trapped: {e}"))
}

/// `name` returns its native checksum.
fn check(name: &str) {
    let (_, iterations, want) = checksums()
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("{name}: no line in simd-checksums.txt"));
    let got = run(name, iterations);
    assert_eq!(
        got, want,
        "{name}: run({iterations}) returned {got}, its native build {want}"
    );
}

#[test]
fn blur() {
    check("blur");
}

#[test]
fn linalg() {
    check("linalg");
}

#[test]
fn bytescan() {
    check("bytescan");
}

#[test]
fn matmul_simd() {
    check("matmul-simd");
}

/// The checksums file has exactly the programs above, and each program uses vector
/// instructions (it is refused with SIMD off), so that a build without `+simd128` cannot
/// pass unnoticed.
#[test]
fn the_programs_are_simd_programs() {
    let listed: Vec<String> = checksums().into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(listed, PROGRAMS, "simd-checksums.txt");
    let mut config = Config::new();
    config.wasm_simd(false);
    let no_simd = Engine::new(&config).unwrap();
    for name in PROGRAMS {
        let path = bench_wasm(&format!("{name}.wasm"));
        Module::from_file(&Engine::default(), &path).unwrap();
        assert!(
            Module::from_file(&no_simd, &path).is_err(),
            "{name}.wasm validates without SIMD: not built with +simd128"
        );
    }
}
