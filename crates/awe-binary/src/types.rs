//! Types in the binary format ([spec §5.3](https://webassembly.github.io/spec/core/binary/types.html)).

use crate::encode::{write_u32, write_u64};
use crate::error::{DecodeErrorKind as K, Result};
use crate::reader::{Reader, capacity};
use awe_module::*;

/// The codes of value types are one-byte negative `s7` numbers.
fn val_type_from_s7(x: i64) -> Option<ValType> {
    ValType::from_code((x & 0x7f) as u8).filter(|_| (-0x40..0).contains(&x))
}

/// `valtype`.
pub(crate) fn read_val_type(r: &mut Reader<'_>) -> Result<ValType> {
    let at = r.pos();
    let x = r.vs(7)?;
    val_type_from_s7(x)
        .filter(|&t| t != ValType::ExnRef || r.encoding.exceptions)
        .map_or_else(|| r.error(K::MalformedValueType, at), Ok)
}

/// `reftype`.
pub(crate) fn read_ref_type(r: &mut Reader<'_>) -> Result<RefType> {
    let at = r.pos();
    let x = r.vs(7)?;
    let t = val_type_from_s7(x).filter(|&t| t != ValType::ExnRef || r.encoding.exceptions);
    match t.and_then(ValType::as_ref_type) {
        Some(t) => Ok(t),
        None => r.error(K::MalformedRefType, at),
    }
}

/// `functype`.
pub(crate) fn read_func_type(r: &mut Reader<'_>) -> Result<FuncType> {
    let at = r.pos();
    if r.vs(7)? != -0x20 {
        return r.error(K::MalformedFuncType, at);
    }
    let params = read_val_types(r)?;
    let results = read_val_types(r)?;
    Ok(FuncType { params, results })
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
    let at = r.pos();
    let mutability = match r.u8()? {
        0 => Mutability::Const,
        1 => Mutability::Var,
        _ => return r.error(K::MalformedMutability, at),
    };
    Ok(GlobalType {
        content,
        mutability,
    })
}

pub(crate) fn write_func_type(out: &mut Vec<u8>, t: &FuncType) {
    out.push(0x60);
    for list in [&t.params, &t.results] {
        write_u32(out, list.len() as u32);
        out.extend(list.iter().map(|t| t.code()));
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
    out.push(t.elem.code());
    write_limits(out, t.address, &t.limits);
}

pub(crate) fn write_mem_type(out: &mut Vec<u8>, t: &MemType) {
    write_limits(out, t.address, &t.limits);
}

pub(crate) fn write_global_type(out: &mut Vec<u8>, t: &GlobalType) {
    out.push(t.content.code());
    out.push(match t.mutability {
        Mutability::Const => 0,
        Mutability::Var => 1,
    });
}
