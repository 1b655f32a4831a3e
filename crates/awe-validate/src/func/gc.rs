//! The validation rules of GC's instructions, the rows of class `gc`
//! ([spec §3.4.4–3.4.6](https://webassembly.github.io/spec/core/valid/instructions.html#aggregate-reference-instructions)).

use super::{FuncValidator, Gc, VResult};
use crate::error::bail;
use crate::subtypes::storage_matches;
use awe_module::*;

fn nullable(t: TypeIdx) -> ValType {
    ValType::Ref(RefType::null(HeapType::concrete(t)))
}

fn non_null(t: TypeIdx) -> ValType {
    ValType::Ref(RefType::non_null(HeapType::concrete(t)))
}

const I32: ValType = ValType::I32;

impl FuncValidator<'_, '_> {
    pub(super) fn gc_enabled(&self) -> VResult<()> {
        if !self.ctx.features.gc {
            bail!("GC instructions need gc, which is not enabled");
        }
        Ok(())
    }

    /// Field `field` of struct type `ty`.
    fn field(&self, ty: TypeIdx, field: FieldIdx) -> VResult<FieldType> {
        let fields = self.ctx.type_struct(ty)?;
        match fields.get(field.index()) {
            Some(&f) => Ok(f),
            None => bail!("unknown field {field}"),
        }
    }

    /// The element type of array type `ty`, which must be mutable.
    fn mutable_array(&self, ty: TypeIdx) -> VResult<FieldType> {
        let f = self.ctx.type_array(ty)?;
        if !f.mutable {
            bail!("immutable array {ty}");
        }
        Ok(f)
    }

    /// A `get` of a field or element of `storage`: `signed` is `None` for a plain get
    /// (which a packed field refuses), `Some` for `get_s`/`get_u` (which need one).
    fn check_packing(storage: StorageType, signed: Option<bool>) -> VResult<()> {
        match (storage.is_packed(), signed) {
            (true, None) => bail!("type mismatch: a packed field needs get_s or get_u"),
            (false, Some(_)) => bail!("type mismatch: get_s and get_u need a packed field"),
            _ => Ok(()),
        }
    }

    fn struct_get_any(
        &mut self,
        ty: TypeIdx,
        field: FieldIdx,
        signed: Option<bool>,
    ) -> VResult<()> {
        let f = self.field(ty, field)?;
        Self::check_packing(f.storage, signed)?;
        self.pop(nullable(ty))?;
        self.push(f.storage.unpacked());
        Ok(())
    }

    fn array_get_any(&mut self, ty: TypeIdx, signed: Option<bool>) -> VResult<()> {
        let f = self.ctx.type_array(ty)?;
        Self::check_packing(f.storage, signed)?;
        self.pop(I32)?;
        self.pop(nullable(ty))?;
        self.push(f.storage.unpacked());
        Ok(())
    }

    /// `n` operands of type `t` (`array.new_fixed`): an `n` beyond the operands there
    /// is fine only in unreachable code, and costs nothing to check.
    fn pop_n(&mut self, t: ValType, n: u32) -> VResult<()> {
        let height = self.ctrls.last().map_or(0, |f| f.height);
        let there = self.vals.len() - height;
        let n = n as usize;
        if n > there && !self.ctrls.last().is_some_and(|f| f.unreachable) {
            bail!("type mismatch: array.new_fixed needs {n} operands, found {there}");
        }
        for _ in 0..n.min(there) {
            self.pop(t)?;
        }
        Ok(())
    }

    /// The element segment `elem`'s references must be of the array's element type.
    fn elem_fits(&self, elem: ElemIdx, storage: StorageType) -> VResult<()> {
        let t = self.ctx.elem(elem)?;
        if !storage_matches(self.ctx, StorageType::Val(t.val_type()), storage) {
            bail!("type mismatch: element segment of {t} for an array of {storage}");
        }
        Ok(())
    }

    /// An array of numbers or vectors, for data segments.
    fn numeric_array(storage: StorageType) -> VResult<()> {
        if storage.byte_size().is_none() {
            bail!("array type is not numeric or vector");
        }
        Ok(())
    }

    /// A cast's target type, valid, with the operand popped: a reference of the same
    /// hierarchy. Returns the operand's type.
    fn pop_castable(&mut self, to: RefType) -> VResult<RefType> {
        crate::ref_type_valid(self.ctx, to)?;
        let top = self.ctx.heap_top(to.heap);
        let r = self.pop_ref("a cast")?;
        if !self.ctx.heap_matches(r.heap, top) {
            bail!(
                "type mismatch: a cast to {to} needs a reference of {top}'s hierarchy, found {r}"
            );
        }
        Ok(r)
    }

    /// `br_on_cast` and `br_on_cast_fail`: `to` must match `from`; the label's last
    /// type takes what branches (`to` when the cast succeeds, `from` minus `to` when it
    /// fails); what stays is the other.
    fn br_on_cast_any(&mut self, cast: BrCast, on_fail: bool) -> VResult<()> {
        crate::ref_type_valid(self.ctx, cast.from)?;
        crate::ref_type_valid(self.ctx, cast.to)?;
        if !self.ctx.ref_matches(cast.to, cast.from) {
            bail!("type mismatch: {} does not match {}", cast.to, cast.from);
        }
        // `from` minus `to`: null stays possible only if the cast refuses null.
        let diff = RefType {
            nullable: cast.from.nullable && !cast.to.nullable,
            heap: cast.from.heap,
        };
        let (branch, stay) = if on_fail {
            (diff, cast.to)
        } else {
            (cast.to, diff)
        };
        let f = self.label(cast.label)?;
        let types = self.label_types(&f);
        let Some((&last, rest)) = types.split_last() else {
            bail!("type mismatch: a br_on_cast label must take a reference");
        };
        if !self.ctx.val_matches(branch.val_type(), last) {
            bail!("type mismatch: br_on_cast passes {branch} to a label of {last}");
        }
        self.pop(cast.from.val_type())?;
        self.pop_all(rest)?;
        self.push_all(rest);
        self.push(stay.val_type());
        Ok(())
    }
}

impl Gc for FuncValidator<'_, '_> {
    /// `ref.eq`: two `eqref`s, equal or not.
    fn ref_eq(&mut self) -> VResult<()> {
        let eqref = ValType::Ref(RefType::null(HeapType::Eq));
        self.pop(eqref)?;
        self.pop(eqref)?;
        self.push(I32);
        Ok(())
    }

    fn struct_new(&mut self, ty: TypeIdx) -> VResult<()> {
        let fields = self.ctx.type_struct(ty)?;
        for f in fields.iter().rev() {
            self.pop(f.storage.unpacked())?;
        }
        self.push(non_null(ty));
        Ok(())
    }

    fn struct_new_default(&mut self, ty: TypeIdx) -> VResult<()> {
        let fields = self.ctx.type_struct(ty)?;
        if let Some(f) = fields.iter().find(|f| !f.storage.is_defaultable()) {
            bail!("type mismatch: field type {} is not defaultable", f.storage);
        }
        self.push(non_null(ty));
        Ok(())
    }

    fn struct_get(&mut self, ty: TypeIdx, field: FieldIdx) -> VResult<()> {
        self.struct_get_any(ty, field, None)
    }

    fn struct_get_s(&mut self, ty: TypeIdx, field: FieldIdx) -> VResult<()> {
        self.struct_get_any(ty, field, Some(true))
    }

    fn struct_get_u(&mut self, ty: TypeIdx, field: FieldIdx) -> VResult<()> {
        self.struct_get_any(ty, field, Some(false))
    }

    fn struct_set(&mut self, ty: TypeIdx, field: FieldIdx) -> VResult<()> {
        let f = self.field(ty, field)?;
        if !f.mutable {
            bail!("immutable field {field}");
        }
        self.pop(f.storage.unpacked())?;
        self.pop(nullable(ty))?;
        Ok(())
    }

    fn array_new(&mut self, ty: TypeIdx) -> VResult<()> {
        let f = self.ctx.type_array(ty)?;
        self.pop(I32)?;
        self.pop(f.storage.unpacked())?;
        self.push(non_null(ty));
        Ok(())
    }

    fn array_new_default(&mut self, ty: TypeIdx) -> VResult<()> {
        let f = self.ctx.type_array(ty)?;
        if !f.storage.is_defaultable() {
            bail!(
                "type mismatch: array element type {} is not defaultable",
                f.storage
            );
        }
        self.pop(I32)?;
        self.push(non_null(ty));
        Ok(())
    }

    fn array_new_fixed(&mut self, ty: TypeIdx, len: u32) -> VResult<()> {
        let f = self.ctx.type_array(ty)?;
        self.pop_n(f.storage.unpacked(), len)?;
        self.push(non_null(ty));
        Ok(())
    }

    fn array_new_data(&mut self, ty: TypeIdx, data: DataIdx) -> VResult<()> {
        let f = self.ctx.type_array(ty)?;
        Self::numeric_array(f.storage)?;
        self.data_count()?;
        self.ctx.data(data)?;
        self.pop_all(&[I32, I32])?;
        self.push(non_null(ty));
        Ok(())
    }

    fn array_new_elem(&mut self, ty: TypeIdx, elem: ElemIdx) -> VResult<()> {
        let f = self.ctx.type_array(ty)?;
        self.elem_fits(elem, f.storage)?;
        self.pop_all(&[I32, I32])?;
        self.push(non_null(ty));
        Ok(())
    }

    fn array_get(&mut self, ty: TypeIdx) -> VResult<()> {
        self.array_get_any(ty, None)
    }

    fn array_get_s(&mut self, ty: TypeIdx) -> VResult<()> {
        self.array_get_any(ty, Some(true))
    }

    fn array_get_u(&mut self, ty: TypeIdx) -> VResult<()> {
        self.array_get_any(ty, Some(false))
    }

    fn array_set(&mut self, ty: TypeIdx) -> VResult<()> {
        let f = self.mutable_array(ty)?;
        self.pop(f.storage.unpacked())?;
        self.pop(I32)?;
        self.pop(nullable(ty))?;
        Ok(())
    }

    fn array_len(&mut self) -> VResult<()> {
        self.pop(ValType::Ref(RefType::null(HeapType::Array)))?;
        self.push(I32);
        Ok(())
    }

    fn array_fill(&mut self, ty: TypeIdx) -> VResult<()> {
        let f = self.mutable_array(ty)?;
        self.pop(I32)?;
        self.pop(f.storage.unpacked())?;
        self.pop(I32)?;
        self.pop(nullable(ty))?;
        Ok(())
    }

    fn array_copy(&mut self, dst: TypeIdx, src: TypeIdx) -> VResult<()> {
        let d = self.mutable_array(dst)?;
        let s = self.ctx.type_array(src)?;
        if !storage_matches(self.ctx, s.storage, d.storage) {
            bail!("array types do not match: {} into {}", s.storage, d.storage);
        }
        self.pop_all(&[nullable(dst), I32, nullable(src), I32, I32])
    }

    fn array_init_data(&mut self, ty: TypeIdx, data: DataIdx) -> VResult<()> {
        let f = self.mutable_array(ty)?;
        Self::numeric_array(f.storage)?;
        self.data_count()?;
        self.ctx.data(data)?;
        self.pop_all(&[nullable(ty), I32, I32, I32])
    }

    fn array_init_elem(&mut self, ty: TypeIdx, elem: ElemIdx) -> VResult<()> {
        let f = self.mutable_array(ty)?;
        self.elem_fits(elem, f.storage)?;
        self.pop_all(&[nullable(ty), I32, I32, I32])
    }

    fn ref_test(&mut self, ty: RefHeap) -> VResult<()> {
        self.pop_castable(ty.ref_type())?;
        self.push(I32);
        Ok(())
    }

    fn ref_test_null(&mut self, ty: RefNullHeap) -> VResult<()> {
        self.pop_castable(ty.ref_type())?;
        self.push(I32);
        Ok(())
    }

    fn ref_cast(&mut self, ty: RefHeap) -> VResult<()> {
        self.pop_castable(ty.ref_type())?;
        self.push(ty.ref_type().val_type());
        Ok(())
    }

    fn ref_cast_null(&mut self, ty: RefNullHeap) -> VResult<()> {
        self.pop_castable(ty.ref_type())?;
        self.push(ty.ref_type().val_type());
        Ok(())
    }

    fn br_on_cast(&mut self, cast: BrCast) -> VResult<()> {
        self.br_on_cast_any(cast, false)
    }

    fn br_on_cast_fail(&mut self, cast: BrCast) -> VResult<()> {
        self.br_on_cast_any(cast, true)
    }

    /// `any.convert_extern`: an `externref` seen as an `anyref`, null or not as it was.
    fn any_convert_extern(&mut self) -> VResult<()> {
        let r = self.pop_ref("any.convert_extern")?;
        if !self.ctx.heap_matches(r.heap, HeapType::Extern) {
            bail!("type mismatch: any.convert_extern needs an externref, found {r}");
        }
        self.push(
            RefType {
                nullable: r.nullable,
                heap: HeapType::Any,
            }
            .val_type(),
        );
        Ok(())
    }

    /// `extern.convert_any`: an `anyref` seen as an `externref`.
    fn extern_convert_any(&mut self) -> VResult<()> {
        let r = self.pop_ref("extern.convert_any")?;
        if !self.ctx.heap_matches(r.heap, HeapType::Any) {
            bail!("type mismatch: extern.convert_any needs an anyref, found {r}");
        }
        self.push(
            RefType {
                nullable: r.nullable,
                heap: HeapType::Extern,
            }
            .val_type(),
        );
        Ok(())
    }

    fn ref_i31(&mut self) -> VResult<()> {
        self.pop(I32)?;
        self.push(ValType::Ref(RefType::non_null(HeapType::I31)));
        Ok(())
    }

    fn i31_get_s(&mut self) -> VResult<()> {
        self.pop(ValType::Ref(RefType::null(HeapType::I31)))?;
        self.push(I32);
        Ok(())
    }

    fn i31_get_u(&mut self) -> VResult<()> {
        self.pop(ValType::Ref(RefType::null(HeapType::I31)))?;
        self.push(I32);
        Ok(())
    }
}
