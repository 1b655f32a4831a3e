//! Types in the binary format ([spec §5.3](https://webassembly.github.io/spec/core/binary/types.html)).

use crate::encode::{write_u32, write_u64};
use crate::error::{DecodeErrorKind as K, Result};
use crate::reader::{Reader, capacity};
use awe_module::*;

/// `heaptype`: an abstract heap type's one-byte negative code, or a type index, both as
/// an `s33` ([spec §5.3.3](https://webassembly.github.io/spec/core/binary/types.html#heap-types)).
pub(crate) fn read_heap_type(r: &mut Reader<'_>) -> Result<HeapType> {
    let at = r.pos();
    let x = r.vs(33)?;
    if x >= 0 {
        return Ok(HeapType::concrete(TypeIdx(x as u32)));
    }
    let h = abstract_from_s7(x).filter(|&h| heap_type_enabled(r, h));
    h.map_or_else(|| r.error(K::MalformedHeapType, at), Ok)
}

/// The abstract heap type whose shorthand code is `x` (a negative `s7`).
fn abstract_from_s7(x: i64) -> Option<HeapType> {
    HeapType::from_abstract_code((x & 0x7f) as u8).filter(|_| (-0x40..0).contains(&x))
}

/// Whether the decoder's encoding has heap type `h` (`exn` only with exceptions).
fn heap_type_enabled(r: &Reader<'_>, h: HeapType) -> bool {
    !matches!(h, HeapType::Exn | HeapType::NoExn) || r.encoding.exceptions
}

/// `reftype`: `0x64 heaptype` (non-null), `0x63 heaptype` (nullable), or a nullable
/// abstract type's shorthand (`0x70` for `funcref`)
/// ([spec §5.3.4](https://webassembly.github.io/spec/core/binary/types.html#reference-types)).
pub(crate) fn read_ref_type(r: &mut Reader<'_>) -> Result<RefType> {
    match read_ref_or_num(r, K::MalformedRefType)? {
        ValType::Ref(t) => Ok(t),
        _ => r.error(K::MalformedRefType, r.pos() - 1),
    }
}

/// `valtype`: a number or vector type's code, or a reference type.
pub(crate) fn read_val_type(r: &mut Reader<'_>) -> Result<ValType> {
    read_ref_or_num(r, K::MalformedValueType)
}

/// A value type, `malformed` if its first byte is none's.
fn read_ref_or_num(r: &mut Reader<'_>, malformed: K) -> Result<ValType> {
    let at = r.pos();
    let nullable = match r.peek() {
        Some(0x63) => true,
        Some(0x64) => false,
        _ => {
            let x = r.vs(7)?;
            let num = ValType::num_from_code((x & 0x7f) as u8).filter(|_| (-0x40..0).contains(&x));
            if let Some(t) = num {
                return Ok(t);
            }
            return match abstract_from_s7(x).filter(|&h| heap_type_enabled(r, h)) {
                Some(h) => Ok(ValType::Ref(RefType::null(h))),
                None => r.error(malformed, at),
            };
        }
    };
    r.u8()?;
    let heap = read_heap_type(r)?;
    Ok(ValType::Ref(RefType { nullable, heap }))
}

/// Writes a heap type (see [`read_heap_type`]).
pub(crate) fn write_heap_type(out: &mut Vec<u8>, h: HeapType) {
    match (h, h.abstract_code()) {
        (_, Some(code)) => out.push(code),
        (HeapType::Concrete(t), None) => crate::encode::write_s33(out, i64::from(t.get().0)),
        _ => unreachable!("a heap type is abstract or concrete"),
    }
}

/// Writes a reference type, by its shorthand when it has one.
pub(crate) fn write_ref_type(out: &mut Vec<u8>, t: RefType) {
    match t.heap.abstract_code() {
        Some(code) if t.nullable => out.push(code),
        _ => {
            out.push(if t.nullable { 0x63 } else { 0x64 });
            write_heap_type(out, t.heap);
        }
    }
}

/// Writes a value type.
pub(crate) fn write_val_type(out: &mut Vec<u8>, t: ValType) {
    match t {
        ValType::Ref(r) => write_ref_type(out, r),
        _ => out.extend(t.num_code()),
    }
}

/// `subtype`: `0x50 vec(typeidx) comptype` (open to subtypes), `0x4f vec(typeidx)
/// comptype` (final), or a `comptype` alone (final, no supertype)
/// ([spec §5.3.10](https://webassembly.github.io/spec/core/binary/types.html#recursive-types)).
pub(crate) fn read_sub_type(r: &mut Reader<'_>) -> Result<SubType> {
    let is_final = match r.peek() {
        Some(0x50) => false,
        Some(0x4f) => true,
        _ => return Ok(SubType::plain(read_composite_type(r)?)),
    };
    r.u8()?;
    let n = r.len32()?;
    let mut supertypes = Vec::with_capacity(capacity(n));
    for _ in 0..n {
        supertypes.push(TypeIdx(r.u32()?));
    }
    let composite = read_composite_type(r)?;
    Ok(SubType {
        is_final,
        supertypes,
        composite,
    })
}

/// `comptype`: `0x60` and a function type, `0x5f` and a struct's fields, `0x5e` and an
/// array's element type.
fn read_composite_type(r: &mut Reader<'_>) -> Result<CompositeType> {
    let at = r.pos();
    Ok(match r.vs(7)? {
        -0x20 => {
            let params = read_val_types(r)?;
            let results = read_val_types(r)?;
            CompositeType::Func(FuncType { params, results })
        }
        -0x21 => {
            let n = r.len32()?;
            let mut fields = Vec::with_capacity(capacity(n));
            for _ in 0..n {
                fields.push(read_field_type(r)?);
            }
            CompositeType::Struct(fields)
        }
        -0x22 => CompositeType::Array(read_field_type(r)?),
        _ => return r.error(K::MalformedFuncType, at),
    })
}

/// `fieldtype`: a storage type (a value type, or `0x78` for `i8`, `0x77` for `i16`) and
/// its mutability.
fn read_field_type(r: &mut Reader<'_>) -> Result<FieldType> {
    let storage = match r.peek() {
        Some(0x78) => {
            r.u8()?;
            StorageType::I8
        }
        Some(0x77) => {
            r.u8()?;
            StorageType::I16
        }
        _ => StorageType::Val(read_val_type(r)?),
    };
    let mutable = read_mutability(r)? == Mutability::Var;
    Ok(FieldType { storage, mutable })
}

fn read_mutability(r: &mut Reader<'_>) -> Result<Mutability> {
    let at = r.pos();
    match r.u8()? {
        0 => Ok(Mutability::Const),
        1 => Ok(Mutability::Var),
        _ => r.error(K::MalformedMutability, at),
    }
}

/// Writes a `subtype` (see [`read_sub_type`]): a plain composite type when it is final
/// with no supertype.
pub(crate) fn write_sub_type(out: &mut Vec<u8>, t: &SubType) {
    if !t.is_plain() {
        out.push(if t.is_final { 0x4f } else { 0x50 });
        write_u32(out, t.supertypes.len() as u32);
        for s in &t.supertypes {
            write_u32(out, s.0);
        }
    }
    match &t.composite {
        CompositeType::Func(f) => write_func_type(out, f),
        CompositeType::Struct(fields) => {
            out.push(0x5f);
            write_u32(out, fields.len() as u32);
            for f in fields {
                write_field_type(out, *f);
            }
        }
        CompositeType::Array(f) => {
            out.push(0x5e);
            write_field_type(out, *f);
        }
    }
}

fn write_field_type(out: &mut Vec<u8>, f: FieldType) {
    match f.storage {
        StorageType::I8 => out.push(0x78),
        StorageType::I16 => out.push(0x77),
        StorageType::Val(t) => write_val_type(out, t),
    }
    out.push(u8::from(f.mutable));
}

fn read_val_types(r: &mut Reader<'_>) -> Result<Vec<ValType>> {
    let n = r.len32()?;
    let mut v = Vec::with_capacity(capacity(n));
    for _ in 0..n {
        v.push(read_val_type(r)?);
    }
    Ok(v)
}

/// `addrtype limits`: a flags byte (bit 0: a maximum follows; bit 2: 64-bit
/// addresses), then the limits, `u64`s for either address type (validation bounds them)
/// ([spec §5.3.8](https://webassembly.github.io/spec/core/binary/types.html#limits)).
/// Shared memories (bit 1) come with threads.
pub(crate) fn read_limits(r: &mut Reader<'_>) -> Result<(AddrType, Limits)> {
    if !r.encoding.memory64 {
        // WebAssembly 2.0: a flag of one bit, then `u32`s.
        let has_max = r.vu(1)? == 1;
        let min = u64::from(r.u32()?);
        let max = if has_max {
            Some(u64::from(r.u32()?))
        } else {
            None
        };
        return Ok((AddrType::I32, Limits { min, max }));
    }
    let at = r.pos();
    let flags = r.u8()?;
    if flags & !0b101 != 0 {
        return r.error(K::MalformedLimitsFlags, at);
    }
    let address = if flags & 0b100 != 0 {
        AddrType::I64
    } else {
        AddrType::I32
    };
    let min = r.u64()?;
    let max = if flags & 1 != 0 { Some(r.u64()?) } else { None };
    Ok((address, Limits { min, max }))
}

/// `tabletype`.
pub(crate) fn read_table_type(r: &mut Reader<'_>) -> Result<TableType> {
    let elem = read_ref_type(r)?;
    let (address, limits) = read_limits(r)?;
    Ok(TableType {
        address,
        limits,
        elem,
    })
}

/// `memtype`.
pub(crate) fn read_mem_type(r: &mut Reader<'_>) -> Result<MemType> {
    let (address, limits) = read_limits(r)?;
    Ok(MemType { address, limits })
}

/// `globaltype`.
pub(crate) fn read_global_type(r: &mut Reader<'_>) -> Result<GlobalType> {
    let content = read_val_type(r)?;
    let mutability = read_mutability(r)?;
    Ok(GlobalType {
        content,
        mutability,
    })
}

fn write_func_type(out: &mut Vec<u8>, t: &FuncType) {
    out.push(0x60);
    for list in [&t.params, &t.results] {
        write_u32(out, list.len() as u32);
        for &t in list.iter() {
            write_val_type(out, t);
        }
    }
}

/// `addrtype limits` (see [`read_limits`]).
pub(crate) fn write_limits(out: &mut Vec<u8>, address: AddrType, l: &Limits) {
    let wide = if address.is_64() { 0b100 } else { 0 };
    out.push(wide | u8::from(l.max.is_some()));
    for v in std::iter::once(l.min).chain(l.max) {
        write_u64(out, v);
    }
}

/// `tagtype`: an attribute (0, an exception) and a type index
/// ([spec §5.3.12](https://webassembly.github.io/spec/core/binary/types.html#tag-types)).
pub(crate) fn read_tag_type(r: &mut Reader<'_>) -> Result<TagType> {
    let at = r.pos();
    if r.u8()? != 0 {
        return r.error(K::MalformedTagAttribute, at);
    }
    Ok(TagType {
        ty: TypeIdx(r.u32()?),
    })
}

pub(crate) fn write_tag_type(out: &mut Vec<u8>, t: &TagType) {
    out.push(0);
    write_u32(out, t.ty.0);
}

pub(crate) fn write_table_type(out: &mut Vec<u8>, t: &TableType) {
    write_ref_type(out, t.elem);
    write_limits(out, t.address, &t.limits);
}

pub(crate) fn write_mem_type(out: &mut Vec<u8>, t: &MemType) {
    write_limits(out, t.address, &t.limits);
}

pub(crate) fn write_global_type(out: &mut Vec<u8>, t: &GlobalType) {
    write_val_type(out, t.content);
    out.push(match t.mutability {
        Mutability::Const => 0,
        Mutability::Var => 1,
    });
}
