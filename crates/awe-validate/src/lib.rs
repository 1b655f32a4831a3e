//! Validation of WebAssembly 2.0 modules ([spec §3](https://webassembly.github.io/spec/core/valid/index.html)).
//!
//! [`validate`] is the only way to obtain a [`ValidModule`], the type the execution
//! engine accepts: a module that reaches the engine has been proven well-typed.
//! Validation takes time linear in the module's size and never recurses per nesting
//! level. [`FuncValidator`] validates one body instruction by instruction. Bodies kept
//! in their encoding (`awe_binary::decode_shared`) are decoded as they are validated,
//! and a large module's bodies are validated on several threads. The engine's translator
//! trusts a [`ValidModule`] and does not validate again.
#![warn(missing_docs)]

mod context;
mod error;
mod features;
mod func;
mod subtypes;

pub use context::{Context, Spaces};
pub use error::{Result, ValidationError};
pub use features::Features;
pub use func::{FrameKind, FuncValidator, MAX_LOCALS};

use awe_module::*;
use error::bail;
use std::collections::HashSet;

/// A module proven valid. Only [`validate`] makes one.
#[derive(Debug)]
pub struct ValidModule {
    module: Module,
    spaces: Spaces,
}

impl ValidModule {
    /// The module.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// The module's validation context (its index spaces are kept, not built again).
    pub fn context(&self) -> Context<'_> {
        Context::with_spaces(&self.module, &self.spaces)
    }
}

/// The largest memory with 32-bit addresses, in 64 KiB pages (4 GiB).
pub const MAX_PAGES: u32 = 65536;

/// The largest memory with 64-bit addresses, in 64 KiB pages (2^64 bytes).
pub const MAX_PAGES_64: u64 = 1 << 48;

/// Validates `module` (every feature on).
pub fn validate(module: Module) -> Result<ValidModule> {
    validate_with(module, Features::ALL)
}

/// Validates `module`, accepting `features`.
pub fn validate_with(module: Module, features: Features) -> Result<ValidModule> {
    check_with(&module, features)?;
    Ok(ValidModule {
        spaces: Spaces::new(&module),
        module,
    })
}

/// Checks a module without taking it.
///
/// Bodies kept in their encoding (`awe_binary::decode_shared`) are decoded as they are
/// validated; when the module is rejected, a body that does not decode is the reason
/// given (before any invalid part), as decoding comes before validation.
pub fn check(m: &Module) -> Result<()> {
    check_with(m, Features::ALL)
}

/// [`check`], accepting `features`.
pub fn check_with(m: &Module, features: Features) -> Result<()> {
    let r = check_decoded(m, features);
    if r.is_err() {
        awe_binary::check_bodies(m)?;
    }
    r
}

/// The value types a module names outside its instructions: those of its function
/// types, of its globals (imported ones too) and of its functions' locals.
fn named_val_types(m: &Module) -> impl Iterator<Item = ValType> + '_ {
    let types = m
        .types
        .iter()
        .flat_map(|t| subtypes::val_types(&t.composite));
    let globals = m.globals.iter().map(|g| &g.ty.content);
    let imported = m.imports.iter().filter_map(|i| match &i.desc {
        ImportDesc::Global(g) => Some(&g.content),
        _ => None,
    });
    let locals = m.funcs.iter().flat_map(|f| f.locals.iter().map(|l| &l.ty));
    let tables = m
        .tables
        .iter()
        .map(|t| t.ty.elem)
        .chain(m.imports.iter().filter_map(|i| match &i.desc {
            ImportDesc::Table(t) => Some(t.elem),
            _ => None,
        }))
        // A segment of function indices is of `(ref func)` in every version.
        .chain(
            m.elems
                .iter()
                .filter(|e| matches!(e.items, ElemItems::Exprs(_)))
                .map(|e| e.ty),
        )
        .map(ValType::Ref);
    types
        .chain(globals.chain(imported).chain(locals).copied())
        .chain(tables)
}

/// Checks that reference type `t` is one the features have (typed references need
/// function-references, GC's heap types gc, `exn` exceptions) and that a concrete heap
/// type is a type of the module.
pub(crate) fn ref_type_valid(ctx: &Context<'_>, t: RefType) -> Result<()> {
    let f = ctx.features;
    match t.heap {
        HeapType::Exn | HeapType::NoExn if !f.exceptions => {
            bail!("exnref needs exceptions, which is not enabled")
        }
        h if h.is_gc() && !f.gc => {
            bail!(
                "GC's heap types (any, eq, i31, struct, array, the bottom types) need gc, which is not enabled"
            )
        }
        HeapType::Concrete(i) => {
            let i = i.get();
            if i.index() >= ctx.module.types.len() {
                bail!("unknown type {i}");
            }
            if !f.function_references {
                bail!("typed function references need function-references, which is not enabled");
            }
        }
        _ if !t.nullable && !f.function_references => {
            bail!("typed function references need function-references, which is not enabled")
        }
        _ => {}
    }
    Ok(())
}

fn check_decoded(m: &Module, features: Features) -> Result<()> {
    for i in &m.imports {
        match i.desc {
            ImportDesc::Func(t) if t.index() >= m.types.len() => bail!("unknown type {t}"),
            ImportDesc::Table(t) => table_type(&t, features)?,
            ImportDesc::Memory(t) => mem_type(&t, features)?,
            _ => {}
        }
    }
    for f in &m.funcs {
        if f.ty.index() >= m.types.len() {
            bail!("unknown type {}", f.ty);
        }
    }
    if !features.gc && !m.rec_groups.is_empty() {
        bail!("recursion groups need gc, which is not enabled");
    }
    if !features.simd && named_val_types(m).any(|t| t == ValType::V128) {
        bail!("{}", func::V128_NEEDS_SIMD);
    }
    if !features.exceptions {
        let imported_table = m.imports.iter().any(|i| match i.desc {
            ImportDesc::Table(t) => t.elem == RefType::EXNREF,
            _ => false,
        });
        if imported_table
            || named_val_types(m).any(|t| t == ValType::EXNREF)
            || m.tables.iter().any(|t| t.ty.elem == RefType::EXNREF)
            || m.elems.iter().any(|e| e.ty == RefType::EXNREF)
        {
            bail!("exnref needs exceptions, which is not enabled");
        }
    }
    let tag_types = m.imports.iter().filter_map(|i| match i.desc {
        ImportDesc::Tag(t) => Some(t),
        _ => None,
    });
    for t in tag_types.chain(m.tags.iter().copied()) {
        if !features.exceptions {
            bail!("tags need exceptions, which is not enabled");
        }
        match m.types.get(t.ty.index()).map(SubType::as_func) {
            None => bail!("unknown type {}", t.ty),
            Some(None) => bail!("type mismatch: tag type {} is not a function type", t.ty),
            Some(Some(ft)) if !ft.results.is_empty() => bail!("non-empty tag result type"),
            Some(_) => {}
        }
    }
    let mut ctx = Context::new(m);
    ctx.features = features;
    subtypes::type_section(&ctx)?;
    for i in &m.imports {
        if let ImportDesc::Func(t) = i.desc {
            ctx.type_func(t)?;
        }
    }
    for f in &m.funcs {
        ctx.type_func(f.ty)?;
    }
    for t in named_val_types(m) {
        if let ValType::Ref(r) = t {
            ref_type_valid(&ctx, r)?;
        }
    }
    let imported_globals = ctx.spaces().imported_globals;
    // Without extended constants (WebAssembly 2.0), constant expressions see the
    // imported globals alone.
    let visible = |defined_before: usize| {
        imported_globals
            + if features.extended_const {
                defined_before
            } else {
                0
            }
    };
    for (i, g) in m.globals.iter().enumerate() {
        const_expr(&ctx, &g.init, g.ty.content, visible(i))?;
    }
    let globals = visible(m.globals.len());
    for t in &m.tables {
        table_type(&t.ty, features)?;
        match &t.init {
            Some(init) => {
                if !features.function_references {
                    bail!("table initializers need function-references, which is not enabled");
                }
                // Tables come before the globals: they see the imported ones.
                const_expr(&ctx, init, t.ty.elem.val_type(), imported_globals)?;
            }
            None if !t.ty.elem.nullable => {
                bail!(
                    "type mismatch: a table of {} needs an initializer",
                    t.ty.elem
                )
            }
            None => {}
        }
    }
    for t in &m.memories {
        mem_type(t, features)?;
    }
    if !features.multi_memory && ctx.spaces().memories.len() > 1 {
        bail!("multiple memories");
    }
    for e in &m.elems {
        match &e.items {
            ElemItems::Funcs(fs) => {
                for &f in fs {
                    ctx.func_type(f)?;
                }
            }
            ElemItems::Exprs(es) => {
                for x in es {
                    const_expr(&ctx, x, e.ty.val_type(), globals)?;
                }
            }
        }
        if let ElemMode::Active { table, offset } = &e.mode {
            let t = ctx.table(*table)?;
            if !ctx.ref_matches(e.ty, t.elem) {
                bail!(
                    "type mismatch: element segment of {} for a table of {}",
                    e.ty,
                    t.elem
                );
            }
            const_expr(&ctx, offset, t.address.val_type(), globals)?;
        }
    }
    for d in &m.datas {
        if let DataMode::Active { memory, offset } = &d.mode {
            let t = ctx.memory(*memory)?;
            const_expr(&ctx, offset, t.address.val_type(), globals)?;
        }
    }
    funcs(&ctx, m.num_imported_funcs(), &m.funcs)?;
    if let Some(f) = m.start {
        let t = ctx.func_type(f)?;
        if !t.params.is_empty() || !t.results.is_empty() {
            bail!("start function must take and return nothing, not {t}");
        }
    }
    let mut names = HashSet::new();
    for e in &m.exports {
        match e.desc {
            ExportDesc::Func(f) => drop(ctx.func_type(f)?),
            ExportDesc::Table(t) => drop(ctx.table(t)?),
            ExportDesc::Memory(x) => drop(ctx.memory(x)?),
            ExportDesc::Global(g) => drop(ctx.global(g)?),
            ExportDesc::Tag(t) => drop(ctx.tag(t)?),
        }
        if !names.insert(e.name.as_str()) {
            bail!("duplicate export name {:?}", e.name);
        }
    }
    Ok(())
}

/// Bodies of at least this many bytes together are validated on several threads.
const PARALLEL_BYTES: usize = 1 << 20;

/// The most threads validating bodies.
const MAX_THREADS: usize = 4;

/// A body's size in bytes (estimated for a decoded one).
fn body_size(f: &Func) -> usize {
    f.encoded
        .as_ref()
        .map_or(f.body.len() * 2, |e| e.range().len())
}

/// Validates the bodies `funcs`, the first being function `first`; the error is that of
/// the first invalid body. A large module's bodies are shared out in runs of about
/// equal size, in order, between up to [`MAX_THREADS`] threads, each stopping at its
/// run's first invalid body, so that the first run with an error has the first one.
fn funcs(ctx: &Context<'_>, first: u32, funcs: &[Func]) -> Result<()> {
    let run = |range: std::ops::Range<usize>| -> Result<()> {
        for i in range {
            func::validate_func(ctx, FuncIdx(first + i as u32), &funcs[i])?;
        }
        Ok(())
    };
    let total: usize = funcs.iter().map(body_size).sum();
    let threads = if total < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
    };
    if threads <= 1 {
        return run(0..funcs.len());
    }
    let per_run = total.div_ceil(threads);
    let mut runs = Vec::with_capacity(threads);
    let (mut start, mut size) = (0, 0);
    for (i, f) in funcs.iter().enumerate() {
        size += body_size(f);
        if size >= per_run {
            runs.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < funcs.len() {
        runs.push(start..funcs.len());
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .into_iter()
            .map(|range| {
                // A thread that cannot be had: that run is validated here, now.
                let here = range.clone();
                std::thread::Builder::new()
                    .spawn_scoped(s, move || run(range))
                    .map_err(|_| run(here))
            })
            .collect();
        // In order: the first error is the first run's with one (the scope joins the
        // threads left).
        handles.into_iter().try_for_each(|h| match h {
            Ok(h) => h.join().unwrap_or_else(|_| {
                Err(ValidationError::new(
                    "internal error: a validation thread failed",
                ))
            }),
            Err(done) => done,
        })
    })
}

fn limits(l: &Limits, max: u64, too_large: &str) -> Result<()> {
    if l.min > max {
        bail!("{too_large}");
    }
    if let Some(m) = l.max {
        if m > max {
            bail!("{too_large}");
        }
        if l.min > m {
            bail!("size minimum must not be greater than maximum");
        }
    }
    Ok(())
}

fn table_type(t: &TableType, features: Features) -> Result<()> {
    if t.address.is_64() && !features.memory64 {
        bail!("64-bit tables need memory64, which is not enabled");
    }
    match t.address {
        AddrType::I32 => limits(
            &t.limits,
            u64::from(u32::MAX),
            "table size must be at most 2^32-1",
        ),
        AddrType::I64 => limits(&t.limits, u64::MAX, "table size must be at most 2^64-1"),
    }
}

fn mem_type(t: &MemType, features: Features) -> Result<()> {
    if t.address.is_64() && !features.memory64 {
        bail!("64-bit memories need memory64, which is not enabled");
    }
    match t.address {
        AddrType::I32 => limits(
            &t.limits,
            u64::from(MAX_PAGES),
            "memory size must be at most 65536 pages (4GiB)",
        ),
        AddrType::I64 => limits(
            &t.limits,
            MAX_PAGES_64,
            "memory size must be at most 2^48 pages (16EiB)",
        ),
    }
}

/// A constant expression that must produce one value of type `ty`
/// ([spec §3.3.10](https://webassembly.github.io/spec/core/valid/instructions.html#constant-expressions)),
/// as WebAssembly 3.0 has them: constants, `ref.null`, `ref.func`, `global.get` of an
/// immutable global among the first `globals` (a global's initializer sees the imported
/// globals and those defined before it; segments see them all), and the extended
/// constants `i32`/`i64` `add`, `sub` and `mul`.
fn const_expr(ctx: &Context<'_>, e: &ConstExpr, ty: ValType, globals: usize) -> Result<()> {
    let mut stack: Vec<ValType> = Vec::new();
    let Some((Instr::End, body)) = e.instrs.split_last() else {
        bail!("constant expression required: missing end");
    };
    for i in body {
        let t = match i {
            Instr::I32Const { .. } => ValType::I32,
            Instr::I64Const { .. } => ValType::I64,
            Instr::F32Const { .. } => ValType::F32,
            Instr::F64Const { .. } => ValType::F64,
            Instr::V128Const { .. } => ValType::V128,
            Instr::RefNull { ty } => {
                let t = RefType::null(*ty);
                ref_type_valid(ctx, t)?;
                t.val_type()
            }
            Instr::RefFunc { func } => {
                ctx.func_type(*func)?;
                let ty = ctx.spaces().funcs[func.index()];
                ValType::Ref(RefType::non_null(HeapType::concrete(ty)))
            }
            Instr::GlobalGet { global } => {
                if global.index() >= globals {
                    bail!("unknown global {global}");
                }
                let g = ctx.global(*global)?;
                if g.mutability != Mutability::Const {
                    bail!("constant expression required");
                }
                g.content
            }
            Instr::I32Add | Instr::I32Sub | Instr::I32Mul if ctx.features.extended_const => {
                binop(&mut stack, ValType::I32)?
            }
            Instr::I64Add | Instr::I64Sub | Instr::I64Mul if ctx.features.extended_const => {
                binop(&mut stack, ValType::I64)?
            }
            i if ctx.features.gc => gc_const(ctx, &mut stack, i)?,
            _ => bail!("constant expression required"),
        };
        stack.push(t);
    }
    if !matches!(stack.as_slice(), [t] if ctx.val_matches(*t, ty)) {
        bail!("type mismatch: constant expression must produce one {ty}");
    }
    Ok(())
}

/// GC's constant instructions (allocations, `ref.i31`, the conversions between
/// `anyref` and `externref`): their operands popped from `stack`, their result's type.
fn gc_const(ctx: &Context<'_>, stack: &mut Vec<ValType>, i: &Instr) -> Result<ValType> {
    let mut pop = |t: ValType| -> Result<ValType> {
        match stack.pop() {
            Some(x) if ctx.val_matches(x, t) => Ok(x),
            Some(x) => bail!("type mismatch: expected {t}, found {x}"),
            None => bail!("type mismatch: an operand is missing"),
        }
    };
    let non_null = |t: TypeIdx| ValType::Ref(RefType::non_null(HeapType::concrete(t)));
    Ok(match *i {
        Instr::StructNew { ty } => {
            for f in ctx.type_struct(ty)?.iter().rev() {
                pop(f.storage.unpacked())?;
            }
            non_null(ty)
        }
        Instr::StructNewDefault { ty } => {
            if ctx
                .type_struct(ty)?
                .iter()
                .any(|f| !f.storage.is_defaultable())
            {
                bail!("type mismatch: a field type is not defaultable");
            }
            non_null(ty)
        }
        Instr::ArrayNew { ty } => {
            let f = ctx.type_array(ty)?;
            pop(ValType::I32)?;
            pop(f.storage.unpacked())?;
            non_null(ty)
        }
        Instr::ArrayNewDefault { ty } => {
            if !ctx.type_array(ty)?.storage.is_defaultable() {
                bail!("type mismatch: the element type is not defaultable");
            }
            pop(ValType::I32)?;
            non_null(ty)
        }
        Instr::ArrayNewFixed { ty, len } => {
            let f = ctx.type_array(ty)?;
            for _ in 0..len {
                pop(f.storage.unpacked())?;
            }
            non_null(ty)
        }
        Instr::RefI31 => {
            pop(ValType::I32)?;
            ValType::Ref(RefType::non_null(HeapType::I31))
        }
        Instr::AnyConvertExtern | Instr::ExternConvertAny => {
            let (from, to) = match i {
                Instr::AnyConvertExtern => (HeapType::Extern, HeapType::Any),
                _ => (HeapType::Any, HeapType::Extern),
            };
            match pop(RefType::null(from).val_type())? {
                ValType::Ref(r) => RefType {
                    nullable: r.nullable,
                    heap: to,
                }
                .val_type(),
                _ => bail!("type mismatch: a reference is needed"),
            }
        }
        _ => bail!("constant expression required"),
    })
}

/// The operands of an extended constant's `t.add`, `t.sub` or `t.mul`, popped: two of
/// type `t`. Returns the result's type.
fn binop(stack: &mut Vec<ValType>, t: ValType) -> Result<ValType> {
    for _ in 0..2 {
        if stack.pop() != Some(t) {
            bail!("type mismatch: {t} operands expected");
        }
    }
    Ok(t)
}
