//! The GC ops that leave the threaded code ([spec §4.4.6](https://webassembly.github.io/spec/core/exec/instructions.html#aggregate-reference-instructions)):
//! allocation (which may collect), field and element access, bulk array operations and
//! casts, on the runtime's heap (`crate::gc`).

use super::Frame;
use crate::gc::{Layout, heap_from_code};
use crate::gc_runtime::{cells_from_bytes, pack};
use crate::ops::Op;
use crate::runtime::Runtime;
use crate::trap::{Trap, TrapCode};

/// Runs GC op `op` of the running frame (the last of `frames`, this call's wasm
/// frames); `false` if `op` is not one.
pub(super) fn run(rt: &mut Runtime, frames: &[Frame], op: Op) -> Result<bool, Trap> {
    let Some(cur) = frames.last() else {
        return Ok(false);
    };
    let (regs, i) = (cur.base, cur.instance.0 as usize);
    macro_rules! r {
        ($x:expr) => {
            rt.stack[regs + $x as usize]
        };
    }
    macro_rules! layout {
        ($ty:expr) => {{
            let inst = &rt.instances[i];
            let id = inst.type_ids[$ty as usize];
            (id, rt.gc.layout(&rt.types, id))
        }};
    }
    match op {
        Op::StructNew { d, base, ty } | Op::StructNewPlain { d, base, ty, .. } => {
            let (id, l) = layout!(ty);
            let Layout::Struct {
                fields,
                offsets,
                cells,
                ..
            } = &*l
            else {
                return Err(Trap::new(TrapCode::Unreachable));
            };
            reserve(rt, frames, *cells as usize, &[])?;
            let at = regs + base as usize;
            let mut v = rt.gc.take_cells(*cells as usize);
            v.copy_from_slice(&rt.stack[at..at + *cells as usize]);
            for (f, &o) in fields.iter().zip(offsets.iter()) {
                v[o as usize] = pack(f.storage, v[o as usize]);
            }
            r!(d) = rt.gc_insert(id, v, 0);
        }
        Op::StructNewDefault { d, ty } => {
            let (id, l) = layout!(ty);
            let Layout::Struct { cells, .. } = &*l else {
                return Err(Trap::new(TrapCode::Unreachable));
            };
            reserve(rt, frames, *cells as usize, &[])?;
            let mut v = rt.gc.take_cells(*cells as usize);
            v.fill(0);
            r!(d) = rt.gc_insert(id, v, 0);
        }
        Op::ArrayNew { d, base, ty } => {
            let (id, l) = layout!(ty);
            let (elem, n) = array_layout(&l)?;
            let at = regs + base as usize;
            let len = rt.stack[at + n] as u32 as usize;
            reserve(rt, frames, len.saturating_mul(n), &[])?;
            let value: Vec<u64> = rt.stack[at..at + n]
                .iter()
                .map(|&v| pack(elem.storage, v))
                .collect();
            let cells: Box<[u64]> = value.iter().copied().cycle().take(len * n).collect();
            r!(d) = rt.gc_insert(id, cells, len as u32);
        }
        Op::ArrayNewDefault { d, len, ty } => {
            let (id, l) = layout!(ty);
            let (_, n) = array_layout(&l)?;
            let len = r!(len) as u32 as usize;
            reserve(rt, frames, len.saturating_mul(n), &[])?;
            r!(d) = rt.gc_insert(id, vec![0; len * n].into(), len as u32);
        }
        Op::ArrayNewFixed { d, base, ty, len } => {
            let (id, l) = layout!(ty);
            let (elem, n) = array_layout(&l)?;
            let count = len as usize * n;
            reserve(rt, frames, count, &[])?;
            let at = regs + base as usize;
            let cells: Box<[u64]> = rt.stack[at..at + count]
                .iter()
                .map(|&v| pack(elem.storage, v))
                .collect();
            r!(d) = rt.gc_insert(id, cells, len);
        }
        Op::ArrayNewData { d, base, ty, data } => {
            let (id, l) = layout!(ty);
            let (elem, n) = array_layout(&l)?;
            let (offset, len) = (r!(base) as u32 as usize, r!(base + 1) as u32 as usize);
            let size = elem.storage.byte_size().unwrap_or(1) as usize;
            let seg = rt.instances[i].datas[data as usize].clone();
            let seg: &[u8] = seg.as_deref().unwrap_or(&[]);
            let end = len
                .checked_mul(size)
                .and_then(|b| b.checked_add(offset))
                .filter(|&e| e <= seg.len())
                .ok_or(Trap::new(TrapCode::MemoryOutOfBounds))?;
            reserve(rt, frames, len.saturating_mul(n), &[])?;
            let cells = cells_from_bytes(elem.storage, &seg[offset..end]);
            r!(d) = rt.gc_insert(id, cells.into(), len as u32);
        }
        Op::ArrayNewElem { d, base, ty, elem } => {
            let (id, _) = layout!(ty);
            let (offset, len) = (r!(base) as u32 as usize, r!(base + 1) as u32 as usize);
            let seg = &rt.instances[i].elems[elem as usize];
            let end = offset
                .checked_add(len)
                .filter(|&e| e <= seg.len())
                .ok_or(Trap::new(TrapCode::TableOutOfBounds))?;
            let cells: Box<[u64]> = seg[offset..end].into();
            reserve(rt, frames, len, &cells)?;
            r!(d) = rt.gc_insert(id, cells, len as u32);
        }
        Op::ArrayFill { base, ty } => {
            let (_, l) = layout!(ty);
            let (elem, n) = array_layout(&l)?;
            let offset = r!(base + 1) as u32 as usize;
            let value: Vec<u64> = (0..n)
                .map(|k| pack(elem.storage, rt.stack[regs + base as usize + 2 + k]))
                .collect();
            let count = rt.stack[regs + base as usize + 2 + n] as u32 as usize;
            let o = rt
                .gc
                .object_mut(r!(base))
                .ok_or(Trap::new(TrapCode::NullArrayReference))?;
            let len = o.cells.len() / n;
            if offset.checked_add(count).is_none_or(|e| e > len) {
                return Err(Trap::new(TrapCode::ArrayOutOfBounds));
            }
            for k in offset..offset + count {
                o.cells[k * n..k * n + n].copy_from_slice(&value);
            }
        }
        Op::ArrayCopy {
            base,
            dst_ty,
            src_ty: _,
        } => {
            let (_, l) = layout!(dst_ty);
            let (_, n) = array_layout(&l)?;
            let (dst, d_off) = (r!(base), r!(base + 1) as u32 as usize);
            let (src, s_off) = (r!(base + 2), r!(base + 3) as u32 as usize);
            let count = r!(base + 4) as u32 as usize;
            let (Some(dlen), Some(slen)) = (
                rt.gc.object(dst).map(|o| o.cells.len() / n),
                rt.gc.object(src).map(|o| o.cells.len() / n),
            ) else {
                return Err(Trap::new(TrapCode::NullArrayReference));
            };
            if d_off.checked_add(count).is_none_or(|e| e > dlen)
                || s_off.checked_add(count).is_none_or(|e| e > slen)
            {
                return Err(Trap::new(TrapCode::ArrayOutOfBounds));
            }
            // The two may be the same array: copy through a buffer.
            let from: Vec<u64> = rt.gc.object(src).map_or(Vec::new(), |o| {
                o.cells[s_off * n..(s_off + count) * n].to_vec()
            });
            if let Some(o) = rt.gc.object_mut(dst) {
                o.cells[d_off * n..(d_off + count) * n].copy_from_slice(&from);
            }
        }
        Op::ArrayInitData { base, ty, data } => {
            let (_, l) = layout!(ty);
            let (elem, n) = array_layout(&l)?;
            let (arr, d_off) = (r!(base), r!(base + 1) as u32 as usize);
            let (s_off, count) = (r!(base + 2) as u32 as usize, r!(base + 3) as u32 as usize);
            let size = elem.storage.byte_size().unwrap_or(1) as usize;
            let seg = rt.instances[i].datas[data as usize].clone();
            let seg: &[u8] = seg.as_deref().unwrap_or(&[]);
            let o = rt
                .gc
                .object_mut(arr)
                .ok_or(Trap::new(TrapCode::NullArrayReference))?;
            if d_off
                .checked_add(count)
                .is_none_or(|e| e > o.cells.len() / n)
            {
                return Err(Trap::new(TrapCode::ArrayOutOfBounds));
            }
            let end = count
                .checked_mul(size)
                .and_then(|b| b.checked_add(s_off))
                .filter(|&e| e <= seg.len())
                .ok_or(Trap::new(TrapCode::MemoryOutOfBounds))?;
            let cells = cells_from_bytes(elem.storage, &seg[s_off..end]);
            o.cells[d_off * n..(d_off + count) * n].copy_from_slice(&cells);
        }
        Op::ArrayInitElem { base, ty: _, elem } => {
            let (arr, d_off) = (r!(base), r!(base + 1) as u32 as usize);
            let (s_off, count) = (r!(base + 2) as u32 as usize, r!(base + 3) as u32 as usize);
            let seg = &rt.instances[i].elems[elem as usize];
            let Some(o) = rt.gc.object(arr) else {
                return Err(Trap::new(TrapCode::NullArrayReference));
            };
            if d_off.checked_add(count).is_none_or(|e| e > o.cells.len()) {
                return Err(Trap::new(TrapCode::ArrayOutOfBounds));
            }
            if s_off.checked_add(count).is_none_or(|e| e > seg.len()) {
                return Err(Trap::new(TrapCode::TableOutOfBounds));
            }
            let from = seg[s_off..s_off + count].to_vec();
            if let Some(o) = rt.gc.object_mut(arr) {
                o.cells[d_off..d_off + count].copy_from_slice(&from);
            }
        }
        Op::RefTest {
            d,
            s,
            nullable,
            heap,
        } => {
            let is = rt.ref_is(&rt.instances[i], r!(s), heap_from_code(heap), nullable != 0);
            r!(d) = u64::from(is);
        }
        Op::RefCast { s, nullable, heap } => {
            if !rt.ref_is(&rt.instances[i], r!(s), heap_from_code(heap), nullable != 0) {
                return Err(Trap::new(TrapCode::CastFailure));
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Makes room for an object of `cells` cells (see `Runtime::gc_reserve`), with the
/// roots of the value stack taken precisely where the frames' code has stack maps (see
/// [`stack_roots`]).
fn reserve(rt: &mut Runtime, frames: &[Frame], cells: usize, extra: &[u64]) -> Result<(), Trap> {
    rt.gc_room(cells, |rt| {
        let mut roots = extra.to_vec();
        let below = stack_roots(rt, frames, &mut roots);
        rt.collect_garbage(below, &roots);
    })
    .map_err(Trap::new)
}

/// Appends to `roots` the value stack's cells that may hold references to objects in
/// `frames` (the running call's, possibly none) and in the frames of the calls that
/// called the host ([`Runtime::suspended`]): for each frame, the cells its stack map
/// names at the op the frame is at (an allocation, or a call), or every cell of a frame
/// without one. Returns where the frames begin: every cell below is a root too.
pub(crate) fn stack_roots(rt: &Runtime, frames: &[Frame], roots: &mut Vec<u64>) -> usize {
    let mut below = rt.stack_top;
    for frames in rt.suspended.0.iter().map(Vec::as_slice).chain([frames]) {
        for f in frames {
            frame_roots(rt, f, roots);
        }
        if let Some(f) = frames.first() {
            below = below.min(f.base);
        }
    }
    below
}

/// The cells of frame `f` that may hold references to objects, appended to `roots`.
fn frame_roots(rt: &Runtime, f: &Frame, roots: &mut Vec<u64>) {
    // SAFETY: a frame's code lives as long as its function (see `Frame`), which the
    // runtime keeps.
    let c = unsafe { &*f.compiled };
    // The frame is at the op before `ip` (it called, or the op left the threaded code).
    let at = (f.ip as usize)
        .wrapping_sub(c.code.as_ptr() as usize)
        .checked_div(std::mem::size_of::<Op>())
        .and_then(|n| n.checked_sub(1));
    let cell = |r: crate::ops::Reg| rt.stack.get(f.base + usize::from(r)).copied();
    match (&c.stack_maps, at) {
        (Some(maps), Some(at)) if let Some(point) = maps.at(at as u32) => {
            roots.extend(maps.locals.iter().chain(point).filter_map(|&r| cell(r)));
        }
        _ => {
            let end = (f.base + c.frame_size as usize).min(rt.stack.len());
            roots.extend_from_slice(&rt.stack[f.base.min(end)..end]);
        }
    }
}

/// An array type's element type and cells.
fn array_layout(l: &Layout) -> Result<(awe_module::FieldType, usize), Trap> {
    match l {
        Layout::Array {
            elem, elem_cells, ..
        } => Ok((*elem, *elem_cells as usize)),
        _ => Err(Trap::new(TrapCode::Unreachable)),
    }
}
