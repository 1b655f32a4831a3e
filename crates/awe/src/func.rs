//! Functions: [`Func`] (any function of a store), [`TypedFunc`] (with Rust types checked
//! once), and host functions made from ordinary closures.

use crate::error::{Error, Result};
use crate::store::{
    AsContext, AsContextMut, Caller, SEAL, StoreInner, cells_of, inner_of, try_inner_of_mut,
};
use crate::values::{Cx, FuncType, Val, ValType};
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
        for (r, v) in results
            .iter_mut()
            .zip(Val::from_cells(&out, &ty.results, Cx::of(inner)))
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
        let rt = &inner_of(&store, self.store).rt;
        let (params, results) = (Params::types(), Results::types());
        let mismatch = || {
            Error::usage(format!(
                "type mismatch: the function is {ty}, not {}",
                FuncType::new(params.clone(), results.clone())
            ))
        };
        if params.len() != ty.params.len() || results.len() != ty.results.len() {
            return Err(mismatch());
        }
        // Its results must be Rust's; Rust's parameters must be the function's, or of a
        // supertype of a function's concrete type (`StructRef` for a `(ref $node)`), each
        // such argument checked when called.
        if !ty
            .results
            .iter()
            .zip(&results)
            .all(|(&a, &b)| rt.val_type_matches(a, b))
        {
            return Err(mismatch());
        }
        let mut checked = Vec::new();
        for (&rust, &param) in params.iter().zip(&ty.params) {
            if rt.val_type_matches(rust, param) {
                checked.push((param, false));
            } else if param.concrete().is_some() && rt.val_type_matches(param, rust) {
                checked.push((param, true));
            } else {
                return Err(mismatch());
            }
        }
        let checked = checked
            .iter()
            .any(|&(_, check)| check)
            .then(|| Arc::from(checked));
        Ok(TypedFunc {
            func: *self,
            checked,
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
            let args = Val::from_cells(args, &params, Cx::of(caller.store));
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
    /// The function's parameter types and whether each argument is checked against its
    /// type when called, if any is.
    checked: Option<Arc<[(ValType, bool)]>>,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        TypedFunc {
            func: self.func,
            checked: self.checked.clone(),
            _marker: PhantomData,
        }
    }
}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// Calls the function.
    ///
    /// # Errors
    /// A trap (`Error::Trap`: of wasm, or a host function's error), or a function of
    /// another store.
    pub fn call(&self, mut store: impl AsContextMut, params: Params) -> Result<Results> {
        let inner = try_inner_of_mut(&mut store, self.func.store)?;
        let mut args = [0u64; 32];
        let n = params.write_cells(&mut args, Cx::of(inner))?;
        if let Some(checked) = &self.checked {
            check_args(&inner.rt, &args[..n], checked)?;
        }
        let mut out = [0u64; 32];
        let m: usize = Results::types().iter().map(|t| t.cells()).sum();
        if m > out.len() {
            return Err(Error::usage("too many results for a typed call"));
        }
        awe_engine::call(inner, self.func.addr, &args[..n], &mut out[..m])
            .map_err(|t| Error::from_trap(&mut inner.rt, inner.id, t))?;
        Ok(Results::read_cells(&out[..m], Cx::of(inner)))
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }
}

/// Checks that the reference arguments of a typed call are of the function's concrete
/// parameter types where `checked` says so (the other arguments are by their Rust type).
fn check_args(rt: &awe_engine::Runtime, args: &[u64], checked: &[(ValType, bool)]) -> Result<()> {
    let mut at = 0;
    for (i, &(t, check)) in checked.iter().enumerate() {
        if let (ValType::Ref(r), true) = (t, check) {
            let ok = match (args[at], rt.abstract_heap(r.heap)) {
                (0, _) => r.nullable,
                (c, crate::HeapType::Func) => r.heap.as_concrete().is_some_and(|want| {
                    rt.type_matches(
                        rt.func_type_id(awe_engine::FuncAddr((c - 1) as u32)),
                        want.0,
                    )
                }),
                (c, _) => rt.any_matches(c, r.heap),
            };
            if !ok {
                return Err(Error::usage(format!(
                    "argument {i} is not of the parameter's type {t}"
                )));
            }
        }
        at += t.cells();
    }
    Ok(())
}

/// A Rust type that is a WebAssembly value type.
pub trait WasmTy: Copy + Send + 'static {
    /// Its WebAssembly type.
    fn valtype() -> ValType;
    /// The value in `cells` (its first one, or two for a `v128`).
    #[doc(hidden)]
    fn from_cells(cells: &[u64], cx: Cx<'_>) -> Self;
    /// Writes the value to the first of `out` (one cell, or two for a `v128`).
    #[doc(hidden)]
    fn to_cells(self, out: &mut [u64], cx: Cx<'_>) -> Result<()>;
}

impl WasmTy for crate::values::V128 {
    fn valtype() -> ValType {
        ValType::V128
    }
    #[inline]
    fn from_cells(cells: &[u64], _cx: Cx<'_>) -> Self {
        crate::values::V128::from(u128::from(cells[0]) | u128::from(cells[1]) << 64)
    }
    #[inline]
    fn to_cells(self, out: &mut [u64], _cx: Cx<'_>) -> Result<()> {
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
            fn from_cells(cells: &[u64], _cx: Cx<'_>) -> Self {
                let $c = cells[0];
                $from
            }
            #[inline]
            fn to_cells(self, out: &mut [u64], _cx: Cx<'_>) -> Result<()> {
                let $x = self;
                out[0] = $to;
                Ok(())
            }
        }
    };
}
/// References as typed values: `Option<R>` of a nullable type (`None` is null), `R` of
/// the non-null one; a reference of another store (or whose root ended) is refused.
/// GC's references, read from wasm, are rooted as every handle is (see
/// [`crate::RootScope`]).
macro_rules! ref_ty {
    ($($t:ty, $heap:ident, $get:expr, $put:expr;)*) => {$(
        impl WasmTy for Option<$t> {
            fn valtype() -> ValType {
                ValType::Ref(crate::RefType::null(crate::HeapType::$heap))
            }
            #[inline]
            fn from_cells(cells: &[u64], cx: Cx<'_>) -> Self {
                ($get)(Val::from_cell(cells[0], Self::valtype(), cx))
            }
            #[inline]
            fn to_cells(self, out: &mut [u64], cx: Cx<'_>) -> Result<()> {
                out[0] = self.map_or(Ok(0), |r| ($put)(r, cx).to_cell(cx))?;
                Ok(())
            }
        }

        impl WasmTy for $t {
            fn valtype() -> ValType {
                ValType::Ref(crate::RefType::non_null(crate::HeapType::$heap))
            }
            #[inline]
            fn from_cells(cells: &[u64], cx: Cx<'_>) -> Self {
                // Validation keeps a non-null type's values non-null.
                <Option<$t>>::from_cells(cells, cx).expect("a non-null reference")
            }
            #[inline]
            fn to_cells(self, out: &mut [u64], cx: Cx<'_>) -> Result<()> {
                Some(self).to_cells(out, cx)
            }
        }
    )*};
}

ref_ty! {
    Func, Func, |v: Val| v.unwrap_funcref(), |r, _: Cx<'_>| Val::FuncRef(Some(r));
    crate::values::ExternRef, Extern, |v: Val| v.unwrap_externref(),
        |r, _: Cx<'_>| Val::ExternRef(Some(r));
    crate::AnyRef, Any, |v: Val| v.unwrap_anyref(), |r, _: Cx<'_>| Val::AnyRef(Some(r));
    crate::EqRef, Eq, |v: Val| v.unwrap_anyref().map(crate::EqRef),
        |r: crate::EqRef, _: Cx<'_>| Val::AnyRef(Some(r.0));
    crate::StructRef, Struct, |v: Val| v.unwrap_anyref().map(crate::StructRef),
        |r: crate::StructRef, _: Cx<'_>| Val::AnyRef(Some(r.0));
    crate::ArrayRef, Array, |v: Val| v.unwrap_anyref().map(crate::ArrayRef),
        |r: crate::ArrayRef, _: Cx<'_>| Val::AnyRef(Some(r.0));
    crate::I31, I31, |v: Val| v.unwrap_anyref().and_then(|r| r.as_i31()),
        |r: crate::I31, cx: Cx<'_>| Val::AnyRef(Some(crate::AnyRef {
            store: cx.id,
            cell: awe_engine::gc::i31_cell(r.0),
            root: None,
        }));
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
    fn write_cells(self, out: &mut [u64], cx: Cx<'_>) -> Result<usize>;
}

/// Results of a typed call: `()`, a [`WasmTy`], or a tuple of them.
pub trait WasmResults: Sized + Send + 'static {
    /// The WebAssembly types.
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn read_cells(cells: &[u64], cx: Cx<'_>) -> Self;
    #[doc(hidden)]
    fn write_results(self, out: &mut [u64], cx: Cx<'_>) -> Result<()>;
}

impl<T: WasmTy> WasmParams for T {
    fn types() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn write_cells(self, out: &mut [u64], cx: Cx<'_>) -> Result<usize> {
        self.to_cells(out, cx)?;
        Ok(T::valtype().cells())
    }
}

impl<T: WasmTy> WasmResults for T {
    fn types() -> Vec<ValType> {
        vec![T::valtype()]
    }
    fn read_cells(cells: &[u64], cx: Cx<'_>) -> Self {
        T::from_cells(cells, cx)
    }
    fn write_results(self, out: &mut [u64], cx: Cx<'_>) -> Result<()> {
        self.to_cells(out, cx)
    }
}

macro_rules! tuples {
    ($($n:literal: ($($t:ident $i:tt),*);)*) => {$(
        impl<$($t: WasmTy),*> WasmParams for ($($t,)*) {
            fn types() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            #[allow(unused_variables, unused_mut, unused_assignments, unused_comparisons, clippy::absurd_extreme_comparisons)]
            fn write_cells(self, out: &mut [u64], cx: Cx<'_>) -> Result<usize> {
                let n = 0 $( + $t::valtype().cells() )*;
                if n > out.len() {
                    return Err(Error::usage("too many parameters for a typed call"));
                }
                let mut at = 0;
                $(
                    self.$i.to_cells(&mut out[at..], cx)?;
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
            fn read_cells(cells: &[u64], cx: Cx<'_>) -> Self {
                let mut at = 0;
                ($({
                    let v = $t::from_cells(&cells[at..], cx);
                    at += $t::valtype().cells();
                    let _ = at;
                    v
                },)*)
            }
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn write_results(self, out: &mut [u64], cx: Cx<'_>) -> Result<()> {
                let mut at = 0;
                $(
                    self.$i.to_cells(&mut out[at..], cx)?;
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
                    let mut at = 0;
                    let _ = &mut at;
                    let r = (self)($({
                        let v = $t::from_cells(&args[at..], Cx::of(caller.store));
                        at += $t::valtype().cells();
                        v
                    }),*).into_result()?;
                    r.write_results(out, Cx::of(caller.store))
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
                    let Caller { store, instance } = caller;
                    let mut at = 0;
                    let _ = &mut at;
                    let vals = ($({
                        let v = $t::from_cells(&args[at..], Cx::of(store));
                        at += $t::valtype().cells();
                        v
                    },)*);
                    let _ = &vals;
                    let caller = Caller { store: &mut *store, instance };
                    let r = (self)(caller, $(vals.$i),*).into_result()?;
                    r.write_results(out, Cx::of(store))
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
