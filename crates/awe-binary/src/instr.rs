//! Instructions in the binary format ([spec §5.4](https://webassembly.github.io/spec/core/binary/instructions.html)),
//! generated from the one instruction table.

use crate::encode::{write_s32, write_s33, write_s64, write_u32, write_u64};
use crate::error::{DecodeErrorKind as K, Result};
use crate::reader::{Reader, capacity};
use crate::types::{read_heap_type, read_val_type, write_heap_type, write_val_type};
use awe_module::*;

/// An instruction immediate: how it is read and written.
pub(crate) trait Immediate: Sized {
    fn decode(r: &mut Reader<'_>) -> Result<Self>;
    fn encode(&self, out: &mut Vec<u8>);
}

macro_rules! index_immediates {
    ($($t:ident),*) => {$(
        impl Immediate for $t {
            #[inline(always)]
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                Ok($t(r.u32()?))
            }
            fn encode(&self, out: &mut Vec<u8>) {
                write_u32(out, self.0);
            }
        }
    )*};
}
index_immediates!(
    TypeIdx, FuncIdx, TableIdx, GlobalIdx, ElemIdx, DataIdx, LocalIdx, LabelIdx, TagIdx, FieldIdx
);

/// The length of `array.new_fixed`.
impl Immediate for u32 {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.u32()
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_u32(out, *self);
    }
}

/// The heap type of `ref.test`/`ref.cast` (non-nullable: the opcode says).
impl Immediate for RefHeap {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        read_heap_type(r).map(RefHeap)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_heap_type(out, self.0);
    }
}

/// The heap type of `ref.test null`/`ref.cast null`.
impl Immediate for RefNullHeap {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        read_heap_type(r).map(RefNullHeap)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_heap_type(out, self.0);
    }
}

/// `br_on_cast`'s flags (bit 0: the operand type is nullable, bit 1: the target type
/// is), label and two heap types.
impl Immediate for BrCast {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let at = r.pos();
        let flags = r.u8()?;
        if flags > 3 {
            return r.error(K::MalformedCastFlags, at);
        }
        let label = LabelIdx(r.u32()?);
        let from = read_heap_type(r)?;
        let to = read_heap_type(r)?;
        Ok(BrCast {
            label,
            from: RefType {
                nullable: flags & 1 != 0,
                heap: from,
            },
            to: RefType {
                nullable: flags & 2 != 0,
                heap: to,
            },
        })
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(u8::from(self.from.nullable) | u8::from(self.to.nullable) << 1);
        write_u32(out, self.label.0);
        write_heap_type(out, self.from.heap);
        write_heap_type(out, self.to.heap);
    }
}

/// A memory index of `memory.size`, `memory.grow`, `memory.fill`, `memory.copy`,
/// `memory.init`: a `u32` (multi-memory, WebAssembly 3.0), or with
/// an [`crate::Encoding`] without multi-memory a reserved zero byte (2.0).
impl Immediate for MemIdx {
    #[inline(always)]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        if r.encoding.multi_memory {
            return r.u32().map(MemIdx);
        }
        let at = r.pos();
        match r.u8()? {
            0 => Ok(MemIdx(0)),
            _ => r.error(K::ZeroByteExpected, at),
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        // Memory 0 is the one byte 0 in either encoding.
        write_u32(out, self.0);
    }
}

impl<T: Immediate> Immediate for Box<T> {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        T::decode(r).map(Box::new)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        (**self).encode(out)
    }
}

impl Immediate for BlockType {
    #[inline(always)]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        match r.peek() {
            Some(0x40) => {
                r.u8()?;
                Ok(BlockType::Empty)
            }
            Some(b) if b & 0xc0 == 0x40 => Ok(BlockType::Value(read_val_type(r)?)),
            _ => {
                let x = r.s33()?;
                // A negative index can never be valid; keep it (as an index no module
                // has) so that validation reports "unknown type" like the reference.
                Ok(BlockType::Func(TypeIdx(
                    u32::try_from(x).unwrap_or(u32::MAX),
                )))
            }
        }
    }
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            BlockType::Empty => out.push(0x40),
            BlockType::Value(t) => write_val_type(out, *t),
            BlockType::Func(t) => write_s33(out, i64::from(t.0)),
        }
    }
}

impl Immediate for BrTable {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.len32()?;
        let mut targets = Vec::with_capacity(capacity(n));
        for _ in 0..n {
            targets.push(LabelIdx(r.u32()?));
        }
        let default = LabelIdx(r.u32()?);
        Ok(BrTable {
            targets: targets.into_boxed_slice(),
            default,
        })
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_u32(out, self.targets.len() as u32);
        for t in self.targets.iter() {
            write_u32(out, t.0);
        }
        write_u32(out, self.default.0);
    }
}

impl Immediate for MemArg {
    #[inline(always)]
    /// The flags hold the alignment (below 2^6) and, in bit 6, whether a memory
    /// index follows (multi-memory); the offset is a `u64` (memory64)
    /// ([spec §5.4.7](https://webassembly.github.io/spec/core/binary/instructions.html#memory-instructions)).
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let flags = r.u32()?;
        if !r.encoding.multi_memory {
            // WebAssembly 2.0: the flags are the alignment (validation bounds it), and
            // one of 2^32 or more is malformed; the offset is a `u32` without memory64.
            if flags >= 32 {
                return r.error(K::MalformedMemop, r.pos() - 1);
            }
            let offset = if r.encoding.memory64 {
                r.u64()?
            } else {
                u64::from(r.u32()?)
            };
            return Ok(MemArg {
                align: flags,
                memory: MemIdx(0),
                offset,
            });
        }
        if flags >= 1 << 7 {
            return r.error(K::MalformedMemop, r.pos() - 1);
        }
        let memory = if flags & 1 << 6 != 0 {
            MemIdx(r.u32()?)
        } else {
            MemIdx(0)
        };
        let offset = if r.encoding.memory64 {
            r.u64()?
        } else {
            u64::from(r.u32()?)
        };
        Ok(MemArg {
            align: flags & 0x3f,
            memory,
            offset,
        })
    }
    fn encode(&self, out: &mut Vec<u8>) {
        if self.memory.0 == 0 {
            write_u32(out, self.align);
        } else {
            write_u32(out, self.align | 1 << 6);
            write_u32(out, self.memory.0);
        }
        write_u64(out, self.offset);
    }
}

impl Immediate for i32 {
    #[inline(always)]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.s32()
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_s32(out, *self);
    }
}

impl Immediate for i64 {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.s64()
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_s64(out, *self);
    }
}

impl Immediate for Ieee32 {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.fixed_u32().map(Ieee32)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
    }
}

impl Immediate for Ieee64 {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.fixed_u64().map(Ieee64)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
    }
}

fn bytes16(r: &mut Reader<'_>) -> Result<[u8; 16]> {
    let mut a = [0u8; 16];
    a.copy_from_slice(r.bytes(16)?);
    Ok(a)
}

impl Immediate for V128 {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        bytes16(r).map(V128)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

impl Immediate for Shuffle {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        bytes16(r).map(Shuffle)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

impl Immediate for LaneIdx {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.u8().map(LaneIdx)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.0);
    }
}

/// The heap type of `ref.null`.
impl Immediate for HeapType {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        read_heap_type(r)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_heap_type(out, *self);
    }
}

/// The `catch` clauses of a `try_table`.
impl Immediate for Vec<Catch> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.len32()?;
        let mut v = Vec::with_capacity(capacity(n));
        for _ in 0..n {
            let at = r.pos();
            let kind = match r.u8()? {
                0 => CatchKind::Catch,
                1 => CatchKind::CatchRef,
                2 => CatchKind::CatchAll,
                3 => CatchKind::CatchAllRef,
                _ => return r.error(K::MalformedCatchKind, at),
            };
            let tag = if kind.has_tag() {
                TagIdx(r.u32()?)
            } else {
                TagIdx(0)
            };
            let label = LabelIdx(r.u32()?);
            v.push(Catch { kind, tag, label });
        }
        Ok(v)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_u32(out, self.len() as u32);
        for c in self {
            out.push(c.kind.code());
            if c.kind.has_tag() {
                write_u32(out, c.tag.0);
            }
            write_u32(out, c.label.0);
        }
    }
}

/// The types of a typed `select`.
impl Immediate for Vec<ValType> {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.len32()?;
        let mut v = Vec::with_capacity(capacity(n));
        for _ in 0..n {
            v.push(read_val_type(r)?);
        }
        Ok(v)
    }
    fn encode(&self, out: &mut Vec<u8>) {
        write_u32(out, self.len() as u32);
        for &t in self.iter() {
            write_val_type(out, t);
        }
    }
}

macro_rules! define_binary {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        /// Appends the binary encoding of `instr`.
        pub fn encode_instr(instr: &Instr, out: &mut Vec<u8>) {
            match instr {
                $( Instr::$name $({ $($field),* })? => {
                    out.push($op);
                    $( write_u32(out, $sub); )?
                    $($( Immediate::encode($field, out); )*)?
                } )*
            }
        }
    };
}

/// Reads the instruction whose opcode byte (and sub-opcode, 0 when there is no prefix)
/// has just been read; `at` is the offset of the opcode.
#[inline]
pub(crate) fn decode_instr_after_opcode(
    r: &mut Reader<'_>,
    byte: u8,
    sub: u32,
    at: usize,
) -> Result<Instr> {
    crate::visit::visit_after_opcode(r, byte, sub, at, &mut crate::visit::BuildInstr)
}

awe_module::for_each_instruction!(define_binary);

/// Whether `byte` introduces a prefixed opcode followed by a LEB128 sub-opcode.
#[inline]
pub(crate) fn is_prefix(byte: u8) -> bool {
    byte == 0xfb || byte == 0xfc || byte == 0xfd
}
