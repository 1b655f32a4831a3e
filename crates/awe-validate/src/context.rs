//! The validation context ([spec §3.1.1](https://webassembly.github.io/spec/core/valid/conventions.html#contexts)):
//! every index space of a module, imported items first.

use crate::error::{Result, bail};
use crate::features::Features;
use awe_module::*;
use std::collections::HashMap;

/// What the instructions of a module may refer to: the module and its index spaces.
pub struct Context<'m> {
    /// The module.
    pub module: &'m Module,
    /// Its index spaces: made here, or borrowed from a [`crate::ValidModule`], which
    /// keeps them, so that translating each function does not build them again.
    spaces: std::borrow::Cow<'m, Spaces>,
    /// The features instructions may use.
    pub features: Features,
}

/// The index spaces of a module: the items it imports, then those it defines.
#[derive(Debug, Clone)]
pub struct Spaces {
    /// The type index of every function.
    pub funcs: Vec<TypeIdx>,
    /// Every table.
    pub tables: Vec<TableType>,
    /// Every memory.
    pub memories: Vec<MemType>,
    /// Every global.
    pub globals: Vec<GlobalType>,
    /// The type of every tag.
    pub tags: Vec<TypeIdx>,
    /// How many globals are imported.
    pub imported_globals: usize,
    /// Whether each function may be referenced by `ref.func` in a body: it is
    /// mentioned outside function bodies (exports, element segments, globals).
    declared: Vec<bool>,
    /// For each type, the first type of the module equivalent to it (iso-recursively:
    /// its recursion group is equal to the other's, see [`rec_group_key`]): two types
    /// are equivalent when these are equal.
    canon: Vec<u32>,
}

impl<'m> Context<'m> {
    /// The context of `module`.
    pub fn new(module: &'m Module) -> Self {
        Context {
            module,
            spaces: std::borrow::Cow::Owned(Spaces::new(module)),
            features: Features::ALL,
        }
    }

    /// The context of `module`, whose index spaces are `spaces` (made by
    /// [`Spaces::new`] from the same module).
    pub fn with_spaces(module: &'m Module, spaces: &'m Spaces) -> Self {
        Context {
            module,
            spaces: std::borrow::Cow::Borrowed(spaces),
            features: Features::ALL,
        }
    }

    /// The index spaces.
    pub fn spaces(&self) -> &Spaces {
        &self.spaces
    }
}

impl Spaces {
    /// The index spaces of `module`.
    pub fn new(module: &Module) -> Self {
        let mut c = Spaces {
            funcs: Vec::new(),
            tables: Vec::new(),
            memories: Vec::new(),
            globals: Vec::new(),
            tags: Vec::new(),
            imported_globals: 0,
            declared: Vec::new(),
            canon: canonical_types(module),
        };
        for i in &module.imports {
            match i.desc {
                ImportDesc::Func(t) => c.funcs.push(t),
                ImportDesc::Table(t) => c.tables.push(t),
                ImportDesc::Memory(t) => c.memories.push(t),
                ImportDesc::Global(t) => c.globals.push(t),
                ImportDesc::Tag(t) => c.tags.push(t.ty),
            }
        }
        c.imported_globals = c.globals.len();
        c.funcs.extend(module.funcs.iter().map(|f| f.ty));
        c.tables.extend(module.tables.iter().map(|t| t.ty));
        c.memories.extend(module.memories.iter().copied());
        c.globals.extend(module.globals.iter().map(|g| g.ty));
        c.tags.extend(module.tags.iter().map(|t| t.ty));

        c.declared = vec![false; c.funcs.len()];
        let declare = |f: FuncIdx, d: &mut Vec<bool>| {
            if let Some(x) = d.get_mut(f.index()) {
                *x = true;
            }
        };
        let exprs = module
            .globals
            .iter()
            .map(|g| &g.init)
            .chain(module.tables.iter().filter_map(|t| t.init.as_ref()))
            .chain(module.elems.iter().flat_map(|e| match &e.items {
                ElemItems::Exprs(v) => v.iter().collect::<Vec<_>>(),
                ElemItems::Funcs(_) => Vec::new(),
            }));
        for e in exprs {
            for i in &e.instrs {
                if let Instr::RefFunc { func } = i {
                    declare(*func, &mut c.declared);
                }
            }
        }
        for e in &module.elems {
            if let ElemItems::Funcs(fs) = &e.items {
                for &f in fs {
                    declare(f, &mut c.declared);
                }
            }
        }
        for e in &module.exports {
            if let ExportDesc::Func(f) = e.desc {
                declare(f, &mut c.declared);
            }
        }
        c
    }
}

impl<'m> Context<'m> {
    /// The type of function `f`.
    pub fn func_type(&self, f: FuncIdx) -> Result<&'m FuncType> {
        match self.spaces.funcs.get(f.index()) {
            Some(&t) => self.type_func(t),
            None => bail!("unknown function {f}"),
        }
    }

    /// Type `t`, which must be a function type.
    pub fn type_func(&self, t: TypeIdx) -> Result<&'m FuncType> {
        match self.module.types.get(t.index()) {
            Some(st) => match &st.composite {
                CompositeType::Func(ft) => Ok(ft),
                _ => bail!("type mismatch: type {t} is not a function type"),
            },
            None => bail!("unknown type {t}"),
        }
    }

    /// Type `t`, which must be a struct type: its fields.
    pub fn type_struct(&self, t: TypeIdx) -> Result<&'m [FieldType]> {
        match self.module.types.get(t.index()) {
            Some(st) => match &st.composite {
                CompositeType::Struct(fields) => Ok(fields),
                _ => bail!("type mismatch: type {t} is not a struct type"),
            },
            None => bail!("unknown type {t}"),
        }
    }

    /// Type `t`, which must be an array type: its element type.
    pub fn type_array(&self, t: TypeIdx) -> Result<FieldType> {
        match self.module.types.get(t.index()) {
            Some(st) => match &st.composite {
                CompositeType::Array(f) => Ok(*f),
                _ => bail!("type mismatch: type {t} is not an array type"),
            },
            None => bail!("unknown type {t}"),
        }
    }

    /// Table `t`.
    pub fn table(&self, t: TableIdx) -> Result<TableType> {
        match self.spaces.tables.get(t.index()) {
            Some(&tt) => Ok(tt),
            None => bail!("unknown table {t}"),
        }
    }

    /// Memory `m`.
    pub fn memory(&self, m: MemIdx) -> Result<MemType> {
        match self.spaces.memories.get(m.index()) {
            Some(&mt) => Ok(mt),
            None => bail!("unknown memory {m}"),
        }
    }

    /// Global `g`.
    pub fn global(&self, g: GlobalIdx) -> Result<GlobalType> {
        match self.spaces.globals.get(g.index()) {
            Some(&gt) => Ok(gt),
            None => bail!("unknown global {g}"),
        }
    }

    /// The type of tag `t` (whose parameters are its exceptions' payload).
    pub fn tag(&self, t: TagIdx) -> Result<&'m FuncType> {
        match self.spaces.tags.get(t.index()) {
            Some(&ty) => self.type_func(ty),
            None => bail!("unknown tag {t}"),
        }
    }

    /// The reference type of element segment `e`.
    pub fn elem(&self, e: ElemIdx) -> Result<RefType> {
        match self.module.elems.get(e.index()) {
            Some(s) => Ok(s.ty),
            None => bail!("unknown elem segment {e}"),
        }
    }

    /// Checks that data segment `d` exists.
    pub fn data(&self, d: DataIdx) -> Result<()> {
        if d.index() >= self.module.datas.len() {
            bail!("unknown data segment {d}");
        }
        Ok(())
    }

    /// Whether `ref.func f` is allowed in a function body.
    pub fn is_declared(&self, f: FuncIdx) -> bool {
        self.spaces
            .declared
            .get(f.index())
            .copied()
            .unwrap_or(false)
    }
}

/// For each type of `m`, the first one equivalent to it (see [`Spaces::canon`]). A
/// reference to a later group (invalid, refused by validation) is kept as it is.
fn canonical_types(m: &Module) -> Vec<u32> {
    let mut canon: Vec<u32> = Vec::with_capacity(m.types.len());
    let mut seen: HashMap<(Vec<SubType>, u32), u32> = HashMap::new();
    let mut i = 0;
    while i < m.types.len() {
        let (group, _) = m.rec_group_of(TypeIdx(i as u32));
        let start = i as u32;
        let key = rec_group_key(group, start, |j| {
            canon.get(j as usize).copied().unwrap_or(j)
        });
        for at in 0..group.len() as u32 {
            let first = *seen.entry((key.clone(), at)).or_insert(start + at);
            canon.push(first);
        }
        i += group.len().max(1);
    }
    canon
}

/// The bottom reference type's heap type: the type of a reference popped in unreachable
/// code where nothing is known (the spec's `bot`), a subtype of every heap type. Only the
/// validator makes it; no module can name it (no type has this index).
pub(crate) const BOT: HeapType = HeapType::concrete(TypeIdx(u32::MAX));

impl Context<'_> {
    /// Whether types `a` and `b` of the module are equivalent.
    pub fn same_type(&self, a: TypeIdx, b: TypeIdx) -> bool {
        a == b || {
            let canon = &self.spaces.canon;
            matches!((canon.get(a.index()), canon.get(b.index())), (Some(x), Some(y)) if x == y)
        }
    }

    /// The top of heap type `h`'s hierarchy (`func` for a function type, `any` for a
    /// struct or array type).
    pub fn heap_top(&self, h: HeapType) -> HeapType {
        match h
            .as_concrete()
            .and_then(|t| self.module.types.get(t.index()))
        {
            Some(t) => match t.composite {
                CompositeType::Func(_) => HeapType::Func,
                _ => HeapType::Any,
            },
            None => h.abstract_top().unwrap_or(HeapType::Func),
        }
    }

    /// The abstract heap type just above concrete type `t`: `func`, `struct` or `array`.
    fn concrete_kind(&self, t: TypeIdx) -> Option<HeapType> {
        self.module.types.get(t.index()).map(|t| match t.composite {
            CompositeType::Func(_) => HeapType::Func,
            CompositeType::Struct(_) => HeapType::Struct,
            CompositeType::Array(_) => HeapType::Array,
        })
    }

    /// Whether concrete type `a` is `b` or declares it as a supertype, directly or
    /// through its supertypes ([spec §3.3.2](https://webassembly.github.io/spec/core/valid/matching.html#defined-types)).
    /// A supertype always has a smaller index (validation of the type section checks
    /// it), so the walk ends.
    pub fn type_matches(&self, mut a: TypeIdx, b: TypeIdx) -> bool {
        loop {
            if self.same_type(a, b) {
                return true;
            }
            match self
                .module
                .types
                .get(a.index())
                .and_then(|t| t.supertypes.first())
            {
                Some(&s) if s < a => a = s,
                _ => return false,
            }
        }
    }

    /// Whether heap type `a` matches (is a subtype of) `b`
    /// ([spec §3.3.3](https://webassembly.github.io/spec/core/valid/matching.html#heap-types)).
    pub fn heap_matches(&self, a: HeapType, b: HeapType) -> bool {
        use HeapType as H;
        if a == b || a == BOT {
            return true;
        }
        match (a, b) {
            (H::Concrete(x), H::Concrete(y)) => self.type_matches(x.get(), y.get()),
            (H::Concrete(x), b) => self
                .concrete_kind(x.get())
                .is_some_and(|k| k.abstract_matches(b)),
            (a, H::Concrete(y)) => match self.concrete_kind(y.get()) {
                Some(H::Func) => a == H::NoFunc,
                Some(_) => a == H::None,
                None => false,
            },
            (a, b) => a.abstract_matches(b),
        }
    }

    /// Whether reference type `a` matches `b`: its heap type matches, and it is not
    /// nullable unless `b` is.
    pub fn ref_matches(&self, a: RefType, b: RefType) -> bool {
        (!a.nullable || b.nullable) && self.heap_matches(a.heap, b.heap)
    }

    /// Whether value type `a` matches `b` ([spec §3.3.4](https://webassembly.github.io/spec/core/valid/matching.html#value-types)).
    #[inline]
    pub fn val_matches(&self, a: ValType, b: ValType) -> bool {
        a == b
            || match (a, b) {
                (ValType::Ref(a), ValType::Ref(b)) => self.ref_matches(a, b),
                _ => false,
            }
    }

    /// Whether each of `a` matches the one of `b` at its place (and there are as many).
    pub fn vals_match(&self, a: &[ValType], b: &[ValType]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| self.val_matches(x, y))
    }

    /// Whether type `a` matches type `b` (is a subtype of it: declared so, or
    /// equivalent).
    pub fn func_type_matches(&self, a: TypeIdx, b: TypeIdx) -> bool {
        self.type_matches(a, b)
    }
}
