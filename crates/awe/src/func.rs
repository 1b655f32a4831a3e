//! Functions: [`Func`] (any function of a store), [`TypedFunc`] (with Rust types checked
//! once), and host functions made from ordinary closures.

use crate::error::{Error, Result};
use crate::store::{
    AsContext, AsContextMut, Caller, SEAL, StoreInner, cells_of, inner_of, try_inner_of_mut,
};
use crate::values::{FuncType, Val, ValType};
use awe_engine::FuncAddr;
use std::marker::PhantomData;
use std::sync::Arc;

/// A function of a store: defined by a module or by the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: u64,
    pub(crate) addr: FuncAddr,
}

impl Func {
    /// A host function of type `ty` from a closure over [`Val`]s.
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let func = host_from_vals(ty.clone(), f);
        add_host(store.store_inner_mut(SEAL), ty, func)
    }

    /// A host function from a closure with typed parameters and results, e.g.
    /// `|a: i32, b: i32| a + b`, or `|caller: Caller<'_, T>, x: i64| ...` to reach the
    /// store; results may be `()`, a value, a tuple, or a `Result` of those.
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, func) = f.into_func();
        add_host(store.store_inner_mut(SEAL), ty, func)
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        inner_of(&store, self.store).rt.func_type(self.addr).clone()
    }

    /// Calls the function with `params`, writing its results into `results`.
    ///
    /// # Errors
    /// A trap (`Error::Trap`: of wasm, or a host function's error), arguments or room for
    /// results that do not match the function's type, or a function of another store.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let inner = try_inner_of_mut(&mut store, self.store)?;
        let ty = inner.rt.func_type(self.addr).clone();
        let args = cells_of(params, &ty.params, &inner.rt, inner.id)?;
        if results.len() != ty.results.len() {
            return Err(Error::usage(format!(
                "expected room for {} results, got {}",
                ty.results.len(),
                results.len()
            )));
        }
        let mut out = vec![0u64; ty.result_cells()];
        awe_engine::call(inner, self.addr, &args, &mut out)
            .map_err(|t| Error::from_trap(&mut inner.rt, inner.id, t))?;
        for (r, v) in
            results
                .iter_mut()
                .zip(Val::from_cells_in(&out, &ty.results, &inner.rt, inner.id))
        {
            *r = v;
        }
        Ok(())
    }

    /// The function with Rust parameter and result types, checked once here.
    ///
    /// # Errors
    /// If the function's type is not `Params -> Results`.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        let ty = self.ty(&store);
        if ty.params != Params::types() || ty.results != Results::types() {
            return Err(Error::usage(format!(
                "type mismatch: the function is {ty}, not {}",
                FuncType::new(Params::types(), Results::types())
            )));
        }
        Ok(TypedFunc {
            func: *self,
            _marker: PhantomData,
        })
    }
}

/// A host function of type `ty` on cells, from a closure over [`Val`]s (which get the
/// calling store's references).
pub(crate) fn host_from_vals<T: 'static>(
    ty: FuncType,
    f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
) -> crate::store::HostFn<T> {
    let (params, results) = (ty.params, ty.results);
    Arc::new(
        move |caller: Caller<'_, T>, args: &[u64], out: &mut [u64]| -> Result<()> {
            let store_id = caller.store.id;
            let args = Val::from_cells_in(args, &params, &caller.store.rt, store_id);
            let mut vals: Vec<Val> = results.iter().map(|&t| Val::default_for(t)).collect();
            let store = &mut *caller.store;
            let instance = caller.instance;
            f(Caller { store, instance }, &args, &mut vals)?;
            let cells = cells_of(&vals, &results, &store.rt, store_id)
                .map_err(|e| Error::usage(format!("host function results: {e}")))?;
            out.copy_from_slice(&cells);
            Ok(())
        },
    )
}

/// A new function of the store `inner` calling `func`.
pub(crate) fn add_host<T>(
    inner: &mut StoreInner<T>,
    ty: FuncType,
    func: crate::store::HostFn<T>,
) -> Func {
    let id = inner.host_funcs.len() as u32;
    inner.host_funcs.push(func);
    let addr = inner.rt.add_host_func(ty, id);
    Func {
        store: inner.id,
        addr,
    }
}

/// A function whose parameter and result types are Rust types.
#[derive(Debug)]
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// Calls the function.
    ///
    /// # Errors
    /// A trap (`Error::Trap`: of wasm, or a host function's error), or a function of
    /// another store.
    pub fn call(&self, mut store: impl AsContextMut, params: Params) -> Result<Results> {
        let inner = try_inner_of_mut(&mut store, self.func.store)?;
        let mut args = [0u64; 32];
        let n = params.write_cells(&mut args, inner.id)?;
        let mut out = [0u64; 32];
        let m: usize = Results::types().iter().map(|t| t.cells()).sum();
        if m > out.len() {
            return Err(Error::usage("too many results for a typed call"));
        }
        awe_engine::call(inner, self.func.addr, &args[..n], &mut out[..m])
            .map_err(|t| Error::from_trap(&mut inner.rt, inner.id, t))?;
        Ok(Results::read_cells(&out[..m], inner.id))
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }
}

/// A Rust type that is a WebAssembly value type.
pub trait WasmTy: Copy + Send + 'static {
    /// Its WebAssembly type.
    fn valtype() -> ValType;
    /// The value in `cells` (its first one, or two for a `v128`).
    #[doc(hidden)]
    fn from_cells(cells: &[u64], store: u64) -> Self;
    /// Writes the value to the first of `out` (one cell, or two for a `v128`).
    #[doc(hidden)]
    fn to_cells(self, out: &mut [u64], store: u64) -> Result<()>;
}

impl WasmTy for crate::values::V128 {
    fn valtype() -> ValType {
        ValType::V128
    }
    #[inline]
    fn from_cells(cells: &[u64], _store: u64) -> Self {
        crate::values::V128::from(u128::from(cells[0]) | u128::from(cells[1]) << 64)
    }
    #[inline]
    fn to_cells(self, out: &mut [u64], _store: u64) -> Result<()> {
        let v = self.as_u128();
        out[0] = v as u64;
        out[1] = (v >> 64) as u64;
        Ok(())
    }
}

macro_rules! wasm_ty {
    ($t:ty, $v:ident, |$c:ident| $from:expr, |$x:ident| $to:expr) => {
        impl WasmTy for $t {
            fn valtype() -> ValType {
                ValType::$v
            }
            #[inline]
            fn from_cells(cells: &[u64], _store: u64) -> Self {
                let $c = cells[0];
                $from
            }
            #[inline]
            fn to_cells(self, out: &mut [u64], _store: u64) -> Result<()> {
                let $x = self;
                out[0] = $to;
                Ok(())
            }
        }
    };
}
/// References as typed values: `None` is null; a reference of another store is refused.
macro_rules! ref_ty {
    ($($t:ty, $v:ident, $vt:ident, $unwrap:ident;)*) => {$(
        impl WasmTy for Option<$t> {
            fn valtype() -> ValType {
                ValType::$vt
            }
            #[inline]
            fn from_cells(cells: &[u64], store: u64) -> Self {
                Val::from_cell(cells[0], ValType::$vt, store).$unwrap()
            }
            #[inline]
            fn to_cells(self, out: &mut [u64], store: u64) -> Result<()> {
                out[0] = Val::$v(self)
                    .to_cell(store)
                    .ok_or_else(|| Error::usage(crate::store::WRONG_STORE))?;
                Ok(())
            }
        }
    )*};
}

ref_ty! {
    Func, FuncRef, FUNCREF, unwrap_funcref;
    crate::values::ExternRef, ExternRef, EXTERNREF, unwrap_externref;
}

wasm_ty!(i32, I32, |c| c as u32 as i32, |x| u64::from(x as u32));
wasm_ty!(u32, I32, |c| c as u32, |x| u64::from(x));
wasm_ty!(i64, I64, |c| c as i64, |x| x as u64);
wasm_ty!(u64, I64, |c| c, |x| x);
wasm_ty!(f32, F32, |c| f32::from_bits(c as u32), |x| u64::from(
    x.to_bits()
));
wasm_ty!(f64, F64, |c| f64::from_bits(c), |x| x.to_bits());

/// Parameters of a typed call: a [`WasmTy`], or a tuple of them.
pub trait WasmParams: Send + 'static {
    /// The WebAssembly types.
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn write_cells(self, out: &mut [u64], store: u64) -> Result<usize>;
}

/// Results of a typed call: `()`, a [`WasmTy`], or a tuple of them.
pub trait WasmResults: Sized + Send + 'static {
    /// The WebAssembly types.
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn read_cells(cells: &[u64], store: u64) -> Self;
    #[doc(hidden)]
    fn write_results(self, out: &mut [u64], store: u64) -> Result<()>;
}

impl<T: WasmTy> WasmParams for T {
    fn types() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn write_cells(self, out: &mut [u64], store: u64) -> Result<usize> {
        self.to_cells(out, store)?;
        Ok(T::valtype().cells())
    }
}

impl<T: WasmTy> WasmResults for T {
    fn types() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn read_cells(cells: &[u64], store: u64) -> Self {
        T::from_cells(cells, store)
    }
    fn write_results(self, out: &mut [u64], store: u64) -> Result<()> {
        self.to_cells(out, store)
    }
}

macro_rules! tuples {
    ($($n:literal: ($($t:ident $i:tt),*);)*) => {$(
        impl<$($t: WasmTy),*> WasmParams for ($($t,)*) {
            fn types() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            #[allow(unused_variables, unused_mut, unused_assignments, unused_comparisons, clippy::absurd_extreme_comparisons)]
            fn write_cells(self, out: &mut [u64], store: u64) -> Result<usize> {
                let n = 0 $( + $t::valtype().cells() )*;
                if n > out.len() {
                    return Err(Error::usage("too many parameters for a typed call"));
                }
                let mut at = 0;
                $(
                    self.$i.to_cells(&mut out[at..], store)?;
                    at += $t::valtype().cells();
                )*
                Ok(at)
            }
        }

        impl<$($t: WasmTy),*> WasmResults for ($($t,)*) {
            fn types() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            #[allow(unused_variables, unused_mut, unused_assignments, clippy::unused_unit)]
            fn read_cells(cells: &[u64], store: u64) -> Self {
                let mut at = 0;
                ($({
                    let v = $t::from_cells(&cells[at..], store);
                    at += $t::valtype().cells();
                    let _ = at;
                    v
                },)*)
            }
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn write_results(self, out: &mut [u64], store: u64) -> Result<()> {
                let mut at = 0;
                $(
                    self.$i.to_cells(&mut out[at..], store)?;
                    at += $t::valtype().cells();
                )*
                Ok(())
            }
        }
    )*};
}

tuples! {
    0: ();
    1: (A 0);
    2: (A 0, B 1);
    3: (A 0, B 1, C 2);
    4: (A 0, B 1, C 2, D 3);
    5: (A 0, B 1, C 2, D 3, E 4);
    6: (A 0, B 1, C 2, D 3, E 4, F 5);
    7: (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    8: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    9: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    10: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    11: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    12: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
    13: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
    14: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
    15: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
    16: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15);
}

/// What a host closure returns: results, or a `Result` of them (an `Err` traps).
pub trait HostResult: Send + 'static {
    /// The results' types.
    type Results: WasmResults;
    #[doc(hidden)]
    fn into_result(self) -> Result<Self::Results>;
}

impl<R: WasmResults> HostResult for R {
    type Results = R;
    fn into_result(self) -> Result<R> {
        Ok(self)
    }
}

/// Any error type a host function may fail with: `awe::Error`, `anyhow::Error`, a
/// `Box<dyn Error + Send + Sync>`, any `std::error::Error + Send + Sync` (see
/// [`Error::from_host`]).
impl<R: WasmResults, E> HostResult for Result<R, E>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>> + Send + 'static,
{
    type Results = R;
    fn into_result(self) -> Result<R> {
        self.map_err(Error::from_host)
    }
}

/// A closure that can be a host function (see [`Func::wrap`]).
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    #[doc(hidden)]
    fn into_func(self) -> (FuncType, crate::store::HostFn<T>);
}

/// Marker for closures that take a [`Caller`] first.
pub struct WithCaller<P>(PhantomData<P>);

macro_rules! into_func {
    ($(($($t:ident $i:tt),*);)*) => {$(
        impl<T, F, R, $($t: WasmTy),*> IntoFunc<T, ($($t,)*), R> for F
        where
            F: Fn($($t),*) -> R + Send + Sync + 'static,
            R: HostResult,
        {
            fn into_func(self) -> (FuncType, crate::store::HostFn<T>) {
                let ty = FuncType::new(vec![$($t::valtype()),*], R::Results::types());
                #[allow(unused_assignments)]
                let f = move |caller: Caller<'_, T>, args: &[u64], out: &mut [u64]| -> Result<()> {
                    let _ = &args;
                    let store = caller.store.id;
                    let mut at = 0;
                    let _ = &mut at;
                    let r = (self)($({
                        let v = $t::from_cells(&args[at..], store);
                        at += $t::valtype().cells();
                        v
                    }),*).into_result()?;
                    r.write_results(out, store)
                };
                (ty, Arc::new(f))
            }
        }

        impl<T, F, R, $($t: WasmTy),*> IntoFunc<T, WithCaller<($($t,)*)>, R> for F
        where
            F: Fn(Caller<'_, T>, $($t),*) -> R + Send + Sync + 'static,
            R: HostResult,
        {
            fn into_func(self) -> (FuncType, crate::store::HostFn<T>) {
                let ty = FuncType::new(vec![$($t::valtype()),*], R::Results::types());
                #[allow(unused_assignments)]
                let f = move |caller: Caller<'_, T>, args: &[u64], out: &mut [u64]| -> Result<()> {
                    let _ = &args;
                    let store = caller.store.id;
                    let mut at = 0;
                    let _ = &mut at;
                    let r = (self)(caller, $({
                        let v = $t::from_cells(&args[at..], store);
                        at += $t::valtype().cells();
                        v
                    }),*).into_result()?;
                    r.write_results(out, store)
                };
                (ty, Arc::new(f))
            }
        }
    )*};
}

into_func! {
    ();
    (A1 0);
    (A1 0, A2 1);
    (A1 0, A2 1, A3 2);
    (A1 0, A2 1, A3 2, A4 3);
    (A1 0, A2 1, A3 2, A4 3, A5 4);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10, A12 11);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10, A12 11, A13 12);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10, A12 11, A13 12, A14 13);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10, A12 11, A13 12, A14 13, A15 14);
    (A1 0, A2 1, A3 2, A4 3, A5 4, A6 5, A7 6, A8 7, A9 8, A10 9, A11 10, A12 11, A13 12, A14 13, A15 14, A16 15);
}
