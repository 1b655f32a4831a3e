//! The type section: references between types, GC's composite types and declared
//! subtyping ([spec §3.2.10–3.2.11](https://webassembly.github.io/spec/core/valid/types.html#recursive-types),
//! matching: [§3.3.2](https://webassembly.github.io/spec/core/valid/matching.html#composite-types)).

use crate::context::Context;
use crate::error::{Result, bail};
use awe_module::*;

/// Checks every type of the type section: it refers only to types of its own recursion
/// group or of earlier ones; struct and array types and `sub` need gc; a declared
/// supertype comes before the type, is not final, and the type's composite type
/// matches the supertype's.
pub(crate) fn type_section(ctx: &Context<'_>) -> Result<()> {
    let m = ctx.module;
    // Each type's subtyping depth (0 without a supertype).
    let mut depths: Vec<u8> = Vec::with_capacity(m.types.len());
    let mut i = 0;
    while i < m.types.len() {
        let (group, _) = m.rec_group_of(TypeIdx(i as u32));
        let end = i + group.len().max(1);
        for (at, t) in group.iter().enumerate() {
            let x = TypeIdx((i + at) as u32);
            check_refs(t, end)?;
            if !ctx.features.gc && !matches!(t.composite, CompositeType::Func(_)) {
                bail!("struct and array types need gc, which is not enabled");
            }
            if !ctx.features.gc && !t.is_plain() {
                bail!("subtypes need gc, which is not enabled");
            }
            check_supertypes(ctx, x, t)?;
            let depth = t
                .supertypes
                .first()
                .map_or(0, |s| depths[s.index()].saturating_add(1));
            if usize::from(depth) > MAX_SUBTYPING_DEPTH {
                bail!(
                    "sub type hierarchy too deep: type {x} has depth {depth}, at most {MAX_SUBTYPING_DEPTH}"
                );
            }
            depths.push(depth);
        }
        i = end;
    }
    Ok(())
}

/// The deepest chain of declared supertypes a type may have: an implementation limit,
/// as wasmparser's, wasmtime's and V8's (63), so that a subtype test walks a bounded
/// chain (validation and casts compare types by walking it).
pub const MAX_SUBTYPING_DEPTH: usize = 63;

/// The value types a composite type holds: parameters and results, fields, elements.
pub(crate) fn val_types(t: &CompositeType) -> impl Iterator<Item = ValType> + '_ {
    let (params, results, fields): (&[ValType], &[ValType], &[FieldType]) = match t {
        CompositeType::Func(f) => (&f.params, &f.results, &[]),
        CompositeType::Struct(fs) => (&[], &[], fs),
        CompositeType::Array(f) => (&[], &[], std::slice::from_ref(f)),
    };
    params
        .iter()
        .chain(results)
        .copied()
        .chain(fields.iter().filter_map(|f| match f.storage {
            StorageType::Val(v) => Some(v),
            _ => None,
        }))
}

/// A type may refer to the types of its group and those before (below `end`).
fn check_refs(t: &SubType, end: usize) -> Result<()> {
    for v in val_types(&t.composite) {
        if let Some(r) = v.concrete()
            && r.index() >= end
        {
            bail!("unknown type {r}");
        }
    }
    Ok(())
}

fn check_supertypes(ctx: &Context<'_>, x: TypeIdx, t: &SubType) -> Result<()> {
    if t.supertypes.len() > 1 {
        bail!("sub type {x} has multiple supertypes");
    }
    let Some(&s) = t.supertypes.first() else {
        return Ok(());
    };
    if s >= x {
        bail!("unknown type {s}: a supertype must be defined before its subtypes");
    }
    let sup = &ctx.module.types[s.index()];
    if sup.is_final {
        bail!("sub type {x} has a final supertype {s}");
    }
    if !composite_matches(ctx, &t.composite, &sup.composite) {
        bail!("sub type {x} does not match its supertype {s}");
    }
    Ok(())
}

/// Whether composite type `a` matches `b`: function types contravariantly in their
/// parameters and covariantly in their results, a struct type with at least `b`'s
/// fields, each matching, and array types whose elements match.
pub(crate) fn composite_matches(ctx: &Context<'_>, a: &CompositeType, b: &CompositeType) -> bool {
    match (a, b) {
        (CompositeType::Func(a), CompositeType::Func(b)) => {
            ctx.vals_match(&b.params, &a.params) && ctx.vals_match(&a.results, &b.results)
        }
        (CompositeType::Struct(a), CompositeType::Struct(b)) => {
            a.len() >= b.len() && a.iter().zip(b).all(|(&x, &y)| field_matches(ctx, x, y))
        }
        (CompositeType::Array(a), CompositeType::Array(b)) => field_matches(ctx, *a, *b),
        _ => false,
    }
}

/// Whether field type `a` matches `b`: the same mutability, and storage that matches
/// (both ways for a mutable field).
fn field_matches(ctx: &Context<'_>, a: FieldType, b: FieldType) -> bool {
    a.mutable == b.mutable
        && storage_matches(ctx, a.storage, b.storage)
        && (!a.mutable || storage_matches(ctx, b.storage, a.storage))
}

/// Whether storage type `a` matches `b`: packed types are only themselves.
pub(crate) fn storage_matches(ctx: &Context<'_>, a: StorageType, b: StorageType) -> bool {
    match (a, b) {
        (StorageType::Val(a), StorageType::Val(b)) => ctx.val_matches(a, b),
        (a, b) => a == b,
    }
}
