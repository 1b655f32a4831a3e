//! Every row of the instruction table against the `wat` crate (a dev-dependency oracle):
//! an instruction with sample immediates, printed by `Display`, assembled by `wat`, must
//! decode to the same instruction, and our encoding of it must be `wat`'s.

use awe_binary::{decode, encode_instr};
use awe_module::*;

/// A sample immediate that is not the all-zero value, so that order mistakes show.
trait Sample {
    fn sample() -> Self;
}

macro_rules! sample_index {
    ($($t:ident = $v:expr),*) => {$(
        impl Sample for $t {
            fn sample() -> Self {
                $t($v)
            }
        }
    )*};
}
// Indices valid in the module `check` builds: 2 types, 2 funcs, 2 tables, 1 memory,
// 2 globals, 2 element and 2 data segments, 3 locals.
sample_index!(
    TypeIdx = 1,
    FuncIdx = 1,
    TableIdx = 1,
    GlobalIdx = 1,
    ElemIdx = 1,
    DataIdx = 1,
    LocalIdx = 2,
    LabelIdx = 0,
    LaneIdx = 1,
    MemIdx = 0,
    TagIdx = 0,
    FieldIdx = 0
);

impl<T: Sample> Sample for Box<T> {
    fn sample() -> Self {
        Box::new(T::sample())
    }
}
impl Sample for BlockType {
    fn sample() -> Self {
        BlockType::Value(ValType::I64)
    }
}
impl Sample for BrTable {
    fn sample() -> Self {
        BrTable {
            targets: vec![LabelIdx(0), LabelIdx(0)].into(),
            default: LabelIdx(0),
        }
    }
}
impl Sample for MemArg {
    fn sample() -> Self {
        // A memory index and a 64-bit offset: the multi-memory and memory64 encodings.
        MemArg {
            align: 0,
            memory: MemIdx(1),
            offset: 7 << 33,
        }
    }
}
impl Sample for i32 {
    fn sample() -> Self {
        -123_456
    }
}
impl Sample for i64 {
    fn sample() -> Self {
        -1_234_567_890_123
    }
}
impl Sample for Ieee32 {
    fn sample() -> Self {
        Ieee32((-1.5f32).to_bits())
    }
}
impl Sample for Ieee64 {
    fn sample() -> Self {
        Ieee64(1e300f64.to_bits())
    }
}
impl Sample for V128 {
    fn sample() -> Self {
        V128(std::array::from_fn(|i| i as u8 * 17))
    }
}
impl Sample for Shuffle {
    fn sample() -> Self {
        Shuffle(std::array::from_fn(|i| 31 - i as u8))
    }
}
impl Sample for HeapType {
    fn sample() -> Self {
        HeapType::Extern
    }
}
impl Sample for u32 {
    fn sample() -> Self {
        3
    }
}
impl Sample for RefHeap {
    fn sample() -> Self {
        RefHeap(HeapType::Struct)
    }
}
impl Sample for RefNullHeap {
    fn sample() -> Self {
        RefNullHeap(HeapType::I31)
    }
}
impl Sample for BrCast {
    fn sample() -> Self {
        BrCast {
            label: LabelIdx(0),
            from: RefType::null(HeapType::Any),
            to: RefType::non_null(HeapType::Eq),
        }
    }
}
impl Sample for Vec<Catch> {
    fn sample() -> Self {
        vec![
            Catch {
                kind: CatchKind::CatchRef,
                tag: TagIdx(0),
                label: LabelIdx(1),
            },
            Catch {
                kind: CatchKind::CatchAll,
                tag: TagIdx(0),
                label: LabelIdx(0),
            },
        ]
    }
}
impl Sample for Vec<ValType> {
    fn sample() -> Self {
        vec![ValType::F64]
    }
}

macro_rules! all_samples {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        vec![ $( Instr::$name $({ $($field: <$ty as Sample>::sample()),* })?, )* ]
    };
}

/// Assembles `instr` inside a function with `wat` and decodes it with awe.
fn check(instr: &Instr) -> Result<(), String> {
    let mut text = instr.to_string();
    if matches!(
        instr,
        Instr::Block { .. } | Instr::Loop { .. } | Instr::If { .. } | Instr::TryTable { .. }
    ) {
        text.push_str(" end");
    }
    let wat = format!(
        "(module
           (type (func)) (type (func (param i32)))
           (table 1 funcref) (table 1 funcref) (memory 1)
           (global i32 (i32.const 0)) (global (mut i32) (i32.const 0))
           (elem func 0) (elem func 1) (data \"\") (data \"\")
           (func (type 0)) (func (type 0) (local i32 i64 v128) {text}))"
    );
    let bytes = wat::parse_str(&wat).map_err(|e| format!("{text}: wat rejects it: {e}"))?;
    let m = decode(&bytes).map_err(|e| format!("{text}: decode: {e}"))?;
    let body = &m.funcs[1].body;
    if body.len() < 2 || body[0] != *instr {
        return Err(format!(
            "{text}: decodes as {:?}",
            &body[..body.len().min(2)]
        ));
    }
    let mut ours = Vec::new();
    encode_instr(instr, &mut ours);
    let at = m.funcs[1].offsets[0] as usize;
    let theirs = &bytes[at..m.funcs[1].offsets[1] as usize];
    if ours != theirs {
        return Err(format!(
            "{text}: we encode {ours:02x?}, wat encodes {theirs:02x?}"
        ));
    }
    Ok(())
}

#[test]
fn every_instruction_matches_the_wat_oracle() {
    let samples: Vec<Instr> = awe_module::for_each_instruction!(all_samples);
    let mut failures = Vec::new();
    let mut checked = 0;
    for instr in &samples {
        // `else` and `end` only make sense with their block; they are covered by the
        // test suite round trip.
        if matches!(instr, Instr::Else | Instr::End) {
            continue;
        }
        checked += 1;
        if let Err(e) = check(instr) {
            failures.push(e);
        }
    }
    println!("{checked} instructions checked");
    assert!(checked > 430, "table too small: {checked}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn float_text_round_trips_bits() {
    // Display must print floats so that they read back to the same bits.
    for bits in [
        0x7fc0_0000u32,
        0xffc0_0000,
        0x7f80_0001,
        0x8000_0000,
        0x0000_0001,
        0x7f7f_ffff,
    ] {
        let i = Instr::F32Const {
            value: Ieee32(bits),
        };
        check(&i).unwrap();
    }
    for bits in [
        0x7ff8_0000_0000_0000u64,
        0x7ff0_0000_0000_0001,
        0x8000_0000_0000_0000,
        1,
        0x7fef_ffff_ffff_ffff,
    ] {
        let i = Instr::F64Const {
            value: Ieee64(bits),
        };
        check(&i).unwrap();
    }
}

/// The relaxed SIMD rows are exactly the instructions whose opcodes
/// `Opcode::is_relaxed_vector` names (the validator's feature switch goes by it), and
/// every one of them is a vector instruction.
#[test]
fn relaxed_vector_opcodes_are_the_relaxed_rows() {
    let samples: Vec<Instr> = awe_module::for_each_instruction!(all_samples);
    let mut relaxed = 0;
    for instr in &samples {
        let op = instr.opcode();
        let named = instr.name().contains(".relaxed_");
        assert_eq!(op.is_relaxed_vector(), named, "{}", instr.name());
        assert_eq!(op.is_vector(), op.byte == 0xfd, "{}", instr.name());
        assert!(!named || op.is_vector(), "{}", instr.name());
        relaxed += usize::from(named);
    }
    assert_eq!(relaxed, 20);
}
