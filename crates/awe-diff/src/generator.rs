//! Generation: a seed → a deterministic byte stream → `arbitrary::Unstructured` → a
//! wasm-smith module; byte mutations of it; the arguments of each call.

use crate::trace::{PlannedCall, Ty, Value};
use arbitrary::Unstructured;

/// splitmix64: a tiny deterministic generator.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

/// The seed of a string (e.g. a commit hash): FNV-1a of its bytes.
pub fn seed_from_str(s: &str) -> u64 {
    seed_from_bytes(s.as_bytes())
}

/// The seed of a byte string (a fuzz target's input): FNV-1a of the bytes.
pub fn seed_from_bytes(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What to generate (by default: SIMD in about half the modules).
#[derive(Clone, Copy, Debug)]
pub struct GenOptions {
    /// Let modules have SIMD (each does with probability 1/2, swarm testing); off: none.
    pub simd: bool,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions { simd: true }
    }
}

/// The fuel of wasm-smith's `ensure_termination` (a global decremented at every
/// function entry and loop header, shared by all calls of an instance): it bounds the
/// work of a module without either engine's fuel, the same in both.
pub const MODULE_FUEL: u32 = 20_000;

/// What awe validates, as wasmparser's features: WebAssembly 2.0, with 3.0's extended
/// constant expressions, tail calls, multi-memory and memory64 (what [`config`]
/// generates, SIMD aside).
pub const AWE_FEATURES: wasmparser::WasmFeatures = wasmparser::WasmFeatures::WASM2
    .union(wasmparser::WasmFeatures::EXTENDED_CONST)
    .union(wasmparser::WasmFeatures::TAIL_CALL)
    .union(wasmparser::WasmFeatures::MULTI_MEMORY)
    .union(wasmparser::WasmFeatures::MEMORY64);

/// [`AWE_FEATURES`] as awe's features: what the oracles run (wasmi has neither
/// exception handling nor typed function references nor GC nor relaxed SIMD; wasmparser
/// has GC's recursion groups only with all of GC, and with exceptions it reads GC's
/// bottom types, `noexn`). Exception handling, typed function references and relaxed
/// SIMD are checked against wasmparser by awe-validate's differential test instead.
pub const AWE_VALIDATES: awe::WasmFeatures = awe::WasmFeatures {
    gc: false,
    exceptions: false,
    function_references: false,
    relaxed_simd: false,
    ..awe::WasmFeatures::ALL
};

/// What awe runs in the differential runs.
pub const AWE_DIFF_FEATURES: awe::WasmFeatures = AWE_VALIDATES;

/// wasmparser's verdict on `bytes` under awe's rules ([`AWE_FEATURES`]): WebAssembly 3.0
/// lets a constant expression's `global.get` read an immutable global defined before,
/// which wasmparser ties to its GC feature, so a module refused for that alone is judged
/// again with GC on.
pub fn wasmparser_validate(bytes: &[u8]) -> Result<(), wasmparser::BinaryReaderError> {
    use wasmparser::{Validator, WasmFeatures};
    match Validator::new_with_features(AWE_FEATURES).validate_all(bytes) {
        Err(e) if e.message().contains("global.get of locally defined global") => {
            Validator::new_with_features(AWE_FEATURES | WasmFeatures::GC)
                .validate_all(bytes)
                .map(drop)
        }
        r => r.map(drop),
    }
}

/// A wasm-smith configuration for what awe executes today: WebAssembly 2.0 (SIMD in
/// half the modules, unless turned off) and 3.0's extended constant expressions, tail calls, several memories
/// and 64-bit memories and tables, each feature
/// sometimes left out (swarm testing), everything exported, canonical NaNs, the host
/// imports of [`crate::imports`].
pub fn config(u: &mut Unstructured<'_>, opts: GenOptions) -> arbitrary::Result<wasm_smith::Config> {
    let simd = opts.simd && u.ratio(1, 2)?;
    Ok(wasm_smith::Config {
        // Later proposals.
        gc_enabled: false,
        exceptions_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        relaxed_simd_enabled: false,
        wide_arithmetic_enabled: false,
        compact_imports_enabled: false,
        custom_page_sizes_enabled: false,
        custom_descriptors_enabled: false,
        acquire_release_atomics_enabled: false,
        multibyte_array_access_enabled: false,
        simd_enabled: simd,
        // Of WebAssembly 3.0: what awe runs of it.
        extended_const_enabled: u.ratio(1, 2)?,
        tail_call_enabled: u.ratio(1, 2)?,
        memory64_enabled: u.ratio(1, 3)?,
        max_memories: if u.ratio(1, 3)? { 3 } else { 1 },
        bulk_memory_enabled: u.ratio(9, 10)?,
        reference_types_enabled: u.ratio(9, 10)?,
        multi_value_enabled: u.ratio(9, 10)?,
        saturating_float_to_int_enabled: u.ratio(9, 10)?,
        sign_extension_ops_enabled: u.ratio(9, 10)?,
        allow_floats: u.ratio(9, 10)?,
        canonicalize_nans: true,
        export_everything: true,
        available_imports: Some(crate::imports::available_imports(simd)),
        // Small memories and tables: they are hashed after every call.
        max_memory32_bytes: 4 * 65536,
        max_memory64_bytes: 4 * 65536,
        max_table_elements: 64,
        disallow_traps: u.ratio(1, 4)?,
        // Shapes.
        min_types: 1,
        max_types: u.int_in_range(1..=20)?,
        max_imports: u.int_in_range(0..=8)?,
        min_funcs: 1,
        max_funcs: u.int_in_range(1..=12)?,
        max_tables: u.int_in_range(0..=3)?,
        max_globals: u.int_in_range(0..=10)?,
        max_element_segments: u.int_in_range(0..=6)?,
        max_elements: u.int_in_range(0..=16)?,
        max_data_segments: u.int_in_range(0..=6)?,
        max_nesting_depth: u.int_in_range(0..=12)?,
        max_instructions: u.int_in_range(0..=300)?,
        // Summed over imports and exports, which export_everything makes many.
        max_type_size: 1000,
        ..wasm_smith::Config::default()
    })
}

/// Whether a valid module uses SIMD (wasmparser refuses it without).
pub fn uses_simd(bytes: &[u8]) -> bool {
    wasmparser::Validator::new_with_features(AWE_FEATURES - wasmparser::WasmFeatures::SIMD)
        .validate_all(bytes)
        .is_err()
}

/// The module of `seed`, or `None` when the stream does not make one.
pub fn generate(seed: u64, opts: GenOptions) -> Option<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let len = if rng.below(8) == 0 {
        4096 + rng.below(12 * 1024)
    } else {
        256 + rng.below(4096)
    };
    generate_from(&rng.bytes(len), opts)
}

/// The module wasm-smith makes of `data` (the fuzz targets' input), or `None`.
pub fn generate_from(data: &[u8], opts: GenOptions) -> Option<Vec<u8>> {
    let mut u = Unstructured::new(data);
    let config = config(&mut u, opts).ok()?;
    let mut m = wasm_smith::Module::new(config, &mut u).ok()?;
    m.ensure_termination(MODULE_FUEL).ok()?;
    Some(m.to_bytes())
}

/// `bytes` with one to four bytes flipped, inserted, deleted or replaced (after the
/// header, so that the result is still a module often).
pub fn mutate(bytes: &[u8], seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0x6d75_7461_7465);
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        if out.len() <= 8 {
            break;
        }
        let at = 8 + rng.below(out.len() - 8);
        match rng.below(5) {
            0 => out[at] ^= 1 << rng.below(8),
            1 => out.insert(at, rng.next_u64() as u8),
            2 => {
                out.remove(at);
            }
            3 => out[at] = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x0b, 0x41][rng.below(8)],
            _ => out[at] = rng.next_u64() as u8,
        }
    }
    out
}

/// How many argument sets each export is called with.
pub const ARG_SETS: usize = 3;

/// A value of type `ty` from `rng`: often an edge case; floats are canonical NaNs when
/// NaN.
pub fn value(ty: Ty, rng: &mut Rng) -> Value {
    let r = rng.next_u64();
    let pick = rng.below(8);
    match ty {
        Ty::I32 => Value::I32(match pick {
            0 => 0,
            1 => 1,
            2 => u32::MAX,
            3 => i32::MIN as u32,
            4 => i32::MAX as u32,
            5 => (r % 64) as u32,
            _ => r as u32,
        }),
        Ty::I64 => Value::I64(match pick {
            0 => 0,
            1 => 1,
            2 => u64::MAX,
            3 => i64::MIN as u64,
            4 => i64::MAX as u64,
            5 => r % 64,
            _ => r,
        }),
        Ty::F32 => Value::F32(match pick {
            0 => 0,
            1 => 0x8000_0000,
            2 => 0x7fc0_0000,
            3 => f32::INFINITY.to_bits(),
            4 => 1.5f32.to_bits(),
            5 => ((r % 2000) as f32 - 1000.0).to_bits(),
            _ if f32::from_bits(r as u32).is_nan() => 0x7fc0_0000,
            _ => r as u32,
        }),
        Ty::F64 => Value::F64(match pick {
            0 => 0,
            1 => 0x8000_0000_0000_0000,
            2 => 0x7ff8_0000_0000_0000,
            3 => f64::NEG_INFINITY.to_bits(),
            4 => 2.5f64.to_bits(),
            5 => ((r % 2000) as f64 - 1000.0).to_bits(),
            _ if f64::from_bits(r).is_nan() => 0x7ff8_0000_0000_0000,
            _ => r,
        }),
        Ty::V128 => {
            let r2 = rng.next_u64();
            Value::V128(match pick {
                0 => 0,
                1 => u128::MAX,
                // Lanes at their edges: i8 0x80/0x7f, i16, i32 and i64 minima.
                2 => 0x807f_807f_807f_807f_807f_807f_807f_807f,
                3 => 0x8000_0000_0000_0000_7fff_ffff_8000_7fff,
                // Float lanes: f32x4 (1.5, -0.0, inf, NaN), then f64x2 (2.5, -inf).
                4 => 0x7fc0_0000_7f80_0000_8000_0000_3fc0_0000,
                5 => (u128::from(f64::NEG_INFINITY.to_bits()) << 64) | u128::from(2.5f64.to_bits()),
                _ => (u128::from(r2) << 64) | u128::from(r),
            })
        }
        Ty::FuncRef => Value::FuncRef(false),
        Ty::ExternRef => Value::ExternRef(if pick < 4 { None } else { Some(pick as u32) }),
    }
}

/// The calls of a module: [`ARG_SETS`] rounds, each calling every exported function
/// (in export order) with arguments from `seed`.
pub fn plan(funcs: &[(String, Vec<Ty>, Vec<Ty>)], seed: u64) -> Vec<PlannedCall> {
    let mut rng = Rng::new(seed ^ 0x6172_6773);
    let mut calls = Vec::new();
    for round in 0..ARG_SETS {
        for (name, params, _) in funcs {
            let args = params
                .iter()
                .map(|&t| {
                    if round == 0 {
                        zero(t)
                    } else {
                        value(t, &mut rng)
                    }
                })
                .collect();
            calls.push(PlannedCall {
                name: name.clone(),
                args,
            });
        }
    }
    calls
}

fn zero(t: Ty) -> Value {
    match t {
        Ty::I32 => Value::I32(0),
        Ty::V128 => Value::V128(0),
        Ty::I64 => Value::I64(0),
        Ty::F32 => Value::F32(0),
        Ty::F64 => Value::F64(0),
        Ty::FuncRef => Value::FuncRef(false),
        Ty::ExternRef => Value::ExternRef(None),
    }
}
