//! Lowering GC's instructions (the instruction table's rows of class `gc`): the ops that
//! touch objects leave the threaded code (`exec::gc` runs them); `ref.eq` is the cells'
//! equality, `i31` and the conversions between `anyref` and `externref` are ops of
//! their own.

use super::StackMaps;
use super::Translator;
use crate::gc::{access, access_of, heap_code};
use crate::ops::{Op, Reg};
use awe_module::*;

impl Translator<'_, '_> {
    /// Translates a GC instruction; `false` if `instr` is not one.
    pub(super) fn gc(&mut self, instr: &Instr) -> bool {
        match *instr {
            // Equal references are equal cells (see `crate::gc`).
            Instr::RefEq => return self.numeric(&Instr::I64Eq),
            Instr::StructNew { ty } => {
                let live = self.live_refs();
                let n = self.struct_cells(ty);
                let packed = self.ctx.module.types[ty.index()]
                    .as_struct()
                    .is_some_and(|fs| fs.iter().any(|f| f.storage.is_packed()));
                let base = self.operands(n);
                let d = self.push_temp();
                self.safepoint(self.code.len(), live);
                self.emit_result(if packed {
                    Op::StructNew { d, base, ty: ty.0 }
                } else {
                    Op::StructNewPlain {
                        d,
                        base,
                        ty: ty.0,
                        cells: n as u32,
                    }
                });
            }
            Instr::StructNewDefault { ty } => {
                let live = self.live_refs();
                let d = self.push_temp();
                self.safepoint(self.code.len(), live);
                self.emit_result(Op::StructNewDefault { d, ty: ty.0 });
            }
            Instr::StructGet { ty, field }
            | Instr::StructGetS { ty, field }
            | Instr::StructGetU { ty, field } => {
                let signed = matches!(instr, Instr::StructGetS { .. });
                let (storage, at) = self.field_at(ty, field);
                let kind = access_of(storage, signed);
                let obj = self.pop_reg();
                if kind == access::V128 {
                    let d = self.push_v128_temp();
                    self.emit(Op::StructGet { d, obj, kind, at });
                } else {
                    let d = self.push_temp();
                    self.emit_result(Op::StructGet { d, obj, kind, at });
                }
            }
            Instr::StructSet { ty, field } => {
                let (storage, at) = self.field_at(ty, field);
                let base = self.operands(1 + storage.unpacked().cells());
                self.emit(Op::StructSet {
                    obj: base,
                    s: base + 1,
                    kind: access_of(storage, false),
                    at,
                });
            }
            Instr::ArrayNew { ty } => {
                let live = self.live_refs();
                let n = self.elem_cells(ty);
                let base = self.operands(n + 1);
                let d = self.push_temp();
                self.safepoint(self.code.len(), live);
                self.emit_result(Op::ArrayNew { d, base, ty: ty.0 });
            }
            Instr::ArrayNewDefault { ty } => {
                let live = self.live_refs();
                let len = self.pop_reg();
                let d = self.push_temp();
                self.safepoint(self.code.len(), live);
                self.emit_result(Op::ArrayNewDefault { d, len, ty: ty.0 });
            }
            Instr::ArrayNewFixed { ty, len } => {
                let live = self.live_refs();
                let n = self.elem_cells(ty) * len as usize;
                let base = self.operands(n);
                let d = self.push_temp();
                self.safepoint(self.code.len(), live);
                self.emit_result(Op::ArrayNewFixed {
                    d,
                    base,
                    ty: ty.0,
                    len,
                });
            }
            Instr::ArrayNewData { ty, data } => {
                let live = self.live_refs();
                let base = self.operands(2);
                let d = self.push_temp();
                self.safepoint(self.code.len(), live);
                self.emit_result(Op::ArrayNewData {
                    d,
                    base,
                    ty: ty.0,
                    data: data.0,
                });
            }
            Instr::ArrayNewElem { ty, elem } => {
                let live = self.live_refs();
                let base = self.operands(2);
                let d = self.push_temp();
                self.safepoint(self.code.len(), live);
                self.emit_result(Op::ArrayNewElem {
                    d,
                    base,
                    ty: ty.0,
                    elem: elem.0,
                });
            }
            Instr::ArrayGet { ty } | Instr::ArrayGetS { ty } | Instr::ArrayGetU { ty } => {
                let signed = matches!(instr, Instr::ArrayGetS { .. });
                let kind = access_of(self.elem_storage(ty), signed);
                let base = self.operands(2);
                if kind == access::V128 {
                    let d = self.push_v128_temp();
                    self.emit(Op::ArrayGet { d, base, kind });
                } else {
                    let d = self.push_temp();
                    self.emit_result(Op::ArrayGet { d, base, kind });
                }
            }
            Instr::ArraySet { ty } => {
                let storage = self.elem_storage(ty);
                let base = self.operands(2 + storage.unpacked().cells());
                self.emit(Op::ArraySet {
                    base,
                    kind: access_of(storage, false),
                });
            }
            Instr::ArrayLen => {
                let arr = self.pop_reg();
                let d = self.push_temp();
                self.emit_result(Op::ArrayLen { d, arr });
            }
            Instr::ArrayFill { ty } => {
                let n = self.elem_cells(ty);
                let base = self.operands(3 + n);
                self.emit(Op::ArrayFill { base, ty: ty.0 });
            }
            Instr::ArrayCopy { dst, src } => {
                let base = self.operands(5);
                self.emit(Op::ArrayCopy {
                    base,
                    dst_ty: dst.0,
                    src_ty: src.0,
                });
            }
            Instr::ArrayInitData { ty, data } => {
                let base = self.operands(4);
                self.emit(Op::ArrayInitData {
                    base,
                    ty: ty.0,
                    data: data.0,
                });
            }
            Instr::ArrayInitElem { ty, elem } => {
                let base = self.operands(4);
                self.emit(Op::ArrayInitElem {
                    base,
                    ty: ty.0,
                    elem: elem.0,
                });
            }
            Instr::RefTest { ty } => self.ref_test(ty.ref_type()),
            Instr::RefTestNull { ty } => self.ref_test(ty.ref_type()),
            Instr::RefCast { ty } => self.ref_cast(ty.ref_type()),
            Instr::RefCastNull { ty } => self.ref_cast(ty.ref_type()),
            Instr::BrOnCast { cast } => self.br_on_cast(cast, false),
            Instr::BrOnCastFail { cast } => self.br_on_cast(cast, true),
            Instr::RefI31 => self.unary(|d, s| Op::RefI31 { d, s }),
            Instr::I31GetS => self.unary(|d, s| Op::I31Get { d, s, signed: 1 }),
            Instr::I31GetU => self.unary(|d, s| Op::I31Get { d, s, signed: 0 }),
            Instr::AnyConvertExtern => self.unary(|d, s| Op::AnyConvertExtern { d, s }),
            Instr::ExternConvertAny => self.unary(|d, s| Op::ExternConvertAny { d, s }),
            _ => return false,
        }
        true
    }

    /// The cells of the temporaries that may hold a reference to a GC object now, before
    /// the instruction being translated pops its operands (`None` without stack maps):
    /// from the operands' types the function validated along has, matched entry by
    /// entry with the translator's stack (a `v128` is two entries here). Locals are in
    /// the maps' `locals`, constants are no objects.
    pub(super) fn live_refs(&mut self) -> Option<Box<[Reg]>> {
        let v = self.shadow.as_ref()?;
        let mut cells = Vec::new();
        let mut pos = 0;
        for t in v.operand_types() {
            let Some(t) = *t else {
                self.maps_ok = false;
                return None;
            };
            if pos >= self.stack.len() {
                self.maps_ok = false;
                return None;
            }
            if self.traced(t) && self.stack[pos] == super::Operand::Temp {
                cells.push(self.reg(pos));
            }
            pos += t.cells();
        }
        if pos != self.stack.len() {
            self.maps_ok = false;
            return None;
        }
        Some(cells.into())
    }

    /// Records that the op at `at` is a safepoint with `cells` (from `live_refs`).
    pub(super) fn safepoint(&mut self, at: usize, cells: Option<Box<[Reg]>>) {
        if let Some(c) = cells {
            self.maps.push((at as u32, c));
        }
    }

    /// Whether values of type `t` may be references to objects: the `any` and `extern`
    /// hierarchies.
    fn traced(&self, t: ValType) -> bool {
        crate::gc::may_hold_object(t, |c| self.ctx.module.types.get(c as usize))
    }

    /// The stack maps, their cells numbered as the frame has them (see `Cells`).
    pub(super) fn stack_maps(&mut self, cells: &super::finish::Cells) -> Option<StackMaps> {
        let v = self.shadow.as_ref()?;
        if !self.maps_ok {
            return None;
        }
        let mut locals = Vec::new();
        for (i, &t) in v.locals().iter().enumerate() {
            let c = match self.local_cells.get(i) {
                Some(&(c, _)) => usize::from(c),
                None => i,
            };
            if self.traced(t) {
                locals.push(c as Reg);
            }
        }
        let mut points = std::mem::take(&mut self.maps);
        for (_, cs) in &mut points {
            for c in cs.iter_mut() {
                cells.place_cell(c);
            }
        }
        points.sort_by_key(|p| p.0);
        Some(StackMaps {
            locals: locals.into(),
            points: points.into(),
        })
    }

    /// The top `n` entries in consecutive cells of their own, popped: the first cell.
    fn operands(&mut self, n: usize) -> Reg {
        self.materialize_top(n);
        let pos = self.stack.len() - n;
        let base = self.reg(pos);
        self.stack.truncate(pos);
        base
    }

    /// An op of one operand and one result.
    fn unary(&mut self, op: impl FnOnce(Reg, Reg) -> Op) {
        let s = self.pop_reg();
        let d = self.push_temp();
        self.emit_result(op(d, s));
    }

    /// The cells of struct type `ty`'s fields together.
    fn struct_cells(&self, ty: TypeIdx) -> usize {
        self.ctx.module.types[ty.index()]
            .as_struct()
            .map_or(0, |fs| {
                fs.iter().map(|f| f.storage.unpacked().cells()).sum()
            })
    }

    /// What field `field` of struct type `ty` stores, and its first cell in a struct.
    fn field_at(&self, ty: TypeIdx, field: FieldIdx) -> (StorageType, u32) {
        let fields = self.ctx.module.types[ty.index()].as_struct().unwrap_or(&[]);
        let at = fields
            .iter()
            .take(field.index())
            .map(|f| f.storage.unpacked().cells() as u32)
            .sum();
        let storage = fields
            .get(field.index())
            .map_or(StorageType::I8, |f| f.storage);
        (storage, at)
    }

    /// What an element of array type `ty` stores.
    fn elem_storage(&self, ty: TypeIdx) -> StorageType {
        self.ctx.module.types[ty.index()]
            .as_array()
            .map_or(StorageType::I8, |f| f.storage)
    }

    /// The cells of an element of array type `ty`.
    fn elem_cells(&self, ty: TypeIdx) -> usize {
        self.ctx.module.types[ty.index()]
            .as_array()
            .map_or(1, |f| f.storage.unpacked().cells())
    }

    fn ref_test(&mut self, t: RefType) {
        let s = self.pop_reg();
        let d = self.push_temp();
        self.emit_result(Op::RefTest {
            d,
            s,
            nullable: u8::from(t.nullable),
            heap: heap_code(t.heap),
        });
    }

    /// `ref.cast`: the reference stays where it is; only one of another type stops here.
    fn ref_cast(&mut self, t: RefType) {
        let (o, pos) = self.pop();
        let s = self.use_operand(o, pos);
        self.emit(Op::RefCast {
            s,
            nullable: u8::from(t.nullable),
            heap: heap_code(t.heap),
        });
        self.stack.push(o, false);
        self.last_write = None;
    }

    /// `br_on_cast` (branches when the reference is of the target type) and
    /// `br_on_cast_fail` (when it is not): the test's result goes to a cell of its own,
    /// and the reference stays on the stack either way.
    fn br_on_cast(&mut self, cast: BrCast, on_fail: bool) {
        let top = self.stack.len() - 1;
        self.materialize(top);
        let s = self.reg(top);
        let t = self.push_temp();
        self.emit(Op::RefTest {
            d: t,
            s,
            nullable: u8::from(cast.to.nullable),
            heap: heap_code(cast.to.heap),
        });
        self.stack.pop();
        self.last_write = None;
        self.branch_on_cell(cast.label.index(), t, !on_fail);
    }
}
