//! The runtime's types: every defined type of every module (and of host functions and
//! tags) gets a runtime number, equal for equivalent types (iso-recursively: equal
//! recursion groups, the same place in them), with its definition made of runtime
//! numbers, so that imports, `call_indirect` and (with GC) casts compare types across
//! modules ([spec §4.2.1 "type canonicalization"](https://webassembly.github.io/spec/core/valid/conventions.html#rolling-and-unrolling)).

use awe_module::*;
use std::collections::HashMap;

/// The runtime's types (see the module's documentation).
#[derive(Debug, Default)]
pub(crate) struct TypeRegistry {
    /// The first runtime number of each recursion group seen, by its key
    /// ([`rec_group_key`]); the group's types have the numbers after it in order.
    groups: HashMap<Vec<SubType>, u32>,
    /// The definition of each runtime number: references and supertypes are runtime
    /// numbers.
    defs: Vec<SubType>,
}

impl TypeRegistry {
    /// The runtime number of the first type of the recursion group whose key is `key`
    /// (made by [`rec_group_key`] with earlier types as runtime numbers).
    pub(crate) fn group(&mut self, key: Vec<SubType>) -> u32 {
        if let Some(&base) = self.groups.get(&key) {
            return base;
        }
        let base = self.defs.len() as u32;
        let resolve = |i: u32| {
            if i & REC_REF != 0 {
                base + (i & !REC_REF)
            } else {
                i
            }
        };
        self.defs
            .extend(key.iter().map(|t| t.map_concrete(resolve)));
        self.groups.insert(key, base);
        base
    }

    /// The runtime number of a function type of no recursion group whose references are
    /// runtime numbers already (a host function's, a tag's).
    pub(crate) fn func(&mut self, t: &FuncType) -> u32 {
        self.group(vec![SubType::from(t.clone())])
    }

    /// The runtime number of each type of module `m`.
    pub(crate) fn module(&mut self, m: &Module) -> Vec<u32> {
        let mut ids: Vec<u32> = Vec::with_capacity(m.types.len());
        while ids.len() < m.types.len() {
            let start = ids.len() as u32;
            let (group, _) = m.rec_group_of(TypeIdx(start));
            if group.is_empty() {
                break;
            }
            // A valid group refers only to itself and to earlier types.
            let key = rec_group_key(group, start, |j| ids.get(j as usize).copied().unwrap_or(j));
            let base = self.group(key);
            ids.extend((0..group.len() as u32).map(|at| base + at));
        }
        ids
    }

    /// The definition of runtime number `t`.
    pub(crate) fn def(&self, t: u32) -> Option<&SubType> {
        self.defs.get(t as usize)
    }

    /// Whether runtime type `a` is `b` or has it among its supertypes.
    pub(crate) fn matches(&self, a: u32, b: u32) -> bool {
        matches(&self.defs, a, b)
    }

    /// Every definition, by runtime number.
    pub(crate) fn defs(&self) -> &[SubType] {
        &self.defs
    }

    /// Whether a value of type `a` may be used where `b` is expected, both of runtime
    /// numbers ([spec §3.3.4](https://webassembly.github.io/spec/core/valid/matching.html#value-types)).
    pub(crate) fn val_matches(&self, a: ValType, b: ValType) -> bool {
        match (a, b) {
            (ValType::Ref(a), ValType::Ref(b)) => {
                (!a.nullable || b.nullable) && self.heap_matches(a.heap, b.heap)
            }
            (a, b) => a == b,
        }
    }

    /// Whether heap type `a` matches `b`, both of runtime numbers.
    pub(crate) fn heap_matches(&self, a: HeapType, b: HeapType) -> bool {
        use HeapType as H;
        if a == b {
            return true;
        }
        let kind = |t: PackedIdx| {
            self.def(t.get().0).map(|d| match d.composite {
                CompositeType::Func(_) => H::Func,
                CompositeType::Struct(_) => H::Struct,
                CompositeType::Array(_) => H::Array,
            })
        };
        match (a, b) {
            (H::Concrete(x), H::Concrete(y)) => self.matches(x.get().0, y.get().0),
            (H::Concrete(x), b) => kind(x).is_some_and(|k| k.abstract_matches(b)),
            (a, H::Concrete(y)) => match kind(y) {
                Some(H::Func) => a == H::NoFunc,
                Some(_) => a == H::None,
                None => false,
            },
            (a, b) => a.abstract_matches(b),
        }
    }
}

/// Whether runtime type `a` is `b` or declares it as a supertype, directly or not, in
/// `defs` (a supertype always has a smaller runtime number than its subtypes: it is
/// defined before them).
pub(crate) fn matches(defs: &[SubType], mut a: u32, b: u32) -> bool {
    loop {
        if a == b {
            return true;
        }
        match defs.get(a as usize).and_then(|d| d.supertypes.first()) {
            Some(s) if s.0 < a => a = s.0,
            _ => return false,
        }
    }
}
