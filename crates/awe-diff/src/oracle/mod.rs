//! The oracles: wasmi 2.0 (the main one) and wasmi 1.x (the tie-breaker). Both run the
//! same code (`body.rs`, included into each module) on the same plan as awe, with the
//! same host environment and limits; the few API differences are the shims here.

/// wasmi 2.0.
pub mod wasmi2 {
    use wasmi as w;
    use wasmi::Nullable;

    fn table_elem_non_null(t: &w::Table, store: &w::Store<HostData>, i: u64) -> bool {
        t.get(store, i).is_some_and(|r| !r.is_null())
    }

    fn new_table(store: &mut w::Store<HostData>, min: u32, max: u32) -> Result<w::Table, w::Error> {
        let ty = w::TableType::new(w::RefType::Func, min, Some(max));
        w::Table::new(store, ty, w::Ref::Func(Nullable::Null))
    }

    include!("body.rs");
}

/// wasmi 1.x.
pub mod wasmi1 {
    use wasmi1 as w;
    use wasmi1::Ref as Nullable;

    fn table_elem_non_null(t: &w::Table, store: &w::Store<HostData>, i: u64) -> bool {
        match t.get(store, i) {
            Some(w::Val::FuncRef(r)) => !r.is_null(),
            Some(w::Val::ExternRef(r)) => !r.is_null(),
            _ => false,
        }
    }

    fn new_table(store: &mut w::Store<HostData>, min: u32, max: u32) -> Result<w::Table, w::Error> {
        let ty = w::TableType::new(w::ValType::FuncRef, min, Some(max));
        w::Table::new(store, ty, w::Val::FuncRef(Nullable::Null))
    }

    include!("body.rs");
}

#[cfg(feature = "wasmtime")]
pub mod wasmtime;

/// Which oracle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oracle {
    /// wasmi 2.0.
    Wasmi2,
    /// wasmi 1.x.
    Wasmi1,
    /// wasmtime (only with the cargo feature `wasmtime`).
    #[cfg(feature = "wasmtime")]
    Wasmtime,
}

impl Oracle {
    /// Runs `bytes` on `calls` (see [`wasmi2::run`]).
    pub fn run(self, bytes: &[u8], calls: &[crate::trace::PlannedCall]) -> crate::trace::Run {
        match self {
            Oracle::Wasmi2 => wasmi2::run(bytes, calls),
            Oracle::Wasmi1 => wasmi1::run(bytes, calls),
            #[cfg(feature = "wasmtime")]
            Oracle::Wasmtime => wasmtime::run(bytes, calls),
        }
    }

    /// The name.
    pub fn name(self) -> &'static str {
        match self {
            Oracle::Wasmi2 => "wasmi 2.0",
            Oracle::Wasmi1 => "wasmi 1.1",
            #[cfg(feature = "wasmtime")]
            Oracle::Wasmtime => "wasmtime 48",
        }
    }
}
