//! Typed function references across the embedding API: values of `(ref $t)` and
//! `(ref null $t)` types checked where the host hands them over, imports matched by type
//! equivalence and subtyping.

use awe::{
    Engine, FuncType, Global, GlobalType, HeapType, Linker, Module, Mutability, RefType, Store,
    Val, ValType,
};

const WAT: &str = r#"(module
  (type $bin (func (param i32 i32) (result i32)))
  (type $un (func (param i32) (result i32)))
  (elem declare func $add $neg)
  (func $add (export "add") (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $neg (export "neg") (type $un) (i32.sub (i32.const 0) (local.get 0)))
  ;; Calls a non-null reference to a $bin.
  (func (export "apply") (param $f (ref $bin)) (param i32 i32) (result i32)
    (call_ref $bin (local.get 1) (local.get 2) (local.get $f)))
  ;; A null, or a reference to $add.
  (func (export "pick") (param i32) (result (ref null $bin))
    (if (result (ref null $bin)) (local.get 0)
      (then (ref.func $add)) (else (ref.null $bin))))
  (global (export "g") (ref $bin) (ref.func $add))
)"#;

fn setup() -> (Store<()>, awe::Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, inst)
}

/// A value of a concrete reference type must be a function of an equal type, and not
/// null unless the type is nullable.
#[test]
fn host_arguments_are_checked_against_concrete_types() {
    let (mut store, inst) = setup();
    let apply = inst.get_func(&store, "apply").unwrap();
    let add = inst.get_func(&store, "add").unwrap();
    let neg = inst.get_func(&store, "neg").unwrap();
    let mut out = [Val::I32(0)];
    let args = |f: Val| [f, Val::I32(40), Val::I32(2)];
    apply
        .call(&mut store, &args(Val::FuncRef(Some(add))), &mut out)
        .unwrap();
    assert_eq!(out[0].unwrap_i32(), 42);
    for wrong in [Val::FuncRef(Some(neg)), Val::FuncRef(None), Val::I32(1)] {
        let e = apply.call(&mut store, &args(wrong), &mut out).unwrap_err();
        assert!(
            e.to_string().contains("expected a value of type (ref"),
            "{e}"
        );
    }
    // The parameter's type names the runtime's number of `$bin`, which `add` has.
    let ty = apply.ty(&store);
    let ValType::Ref(RefType {
        nullable: false,
        heap: HeapType::Concrete(_),
    }) = ty.params[0]
    else {
        panic!("{ty}");
    };
    assert_eq!(add.ty(&store).params, [ValType::I32, ValType::I32]);
}

/// Results of typed reference types come back as function references (or null).
#[test]
fn typed_results_are_function_references() {
    let (mut store, inst) = setup();
    let pick = inst.get_func(&store, "pick").unwrap();
    let add = inst.get_func(&store, "add").unwrap();
    let mut out = [Val::I32(0)];
    pick.call(&mut store, &[Val::I32(1)], &mut out).unwrap();
    assert_eq!(out[0].unwrap_funcref(), Some(add));
    pick.call(&mut store, &[Val::I32(0)], &mut out).unwrap();
    assert_eq!(out[0].unwrap_funcref(), None);
    let g = inst.get_global(&store, "g").unwrap();
    assert_eq!(g.get(&store).unwrap_funcref(), Some(add));
}

/// An import of `(ref null $t)` takes a constant global of the same type, or of a
/// subtype (`(ref $t)`), from another module: the types are equal across modules by
/// structure; a global of another function type does not fit.
#[test]
fn imports_match_by_equivalence_and_subtyping() {
    let (mut store, inst) = setup();
    let g = inst.get_global(&store, "g").unwrap();
    let importer = r#"(module
      (type $b (func (param i32 i32) (result i32)))
      (import "m" "g" (global $g (ref null $b)))
      (func (export "run") (result i32)
        (call_ref $b (i32.const 1) (i32.const 2) (global.get $g))))"#;
    let engine = store.engine().clone();
    let m = Module::new(&engine, importer).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "m", "g", g).unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let run = i.get_typed_func::<(), i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 3);

    // A host global holding a function of another type does not fit.
    let neg = inst.get_func(&store, "neg").unwrap();
    let ty = GlobalType::new(un_ref_type(&mut store), Mutability::Const);
    let other = Global::new(&mut store, ty, Val::FuncRef(Some(neg))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define(&store, "m", "g", other).unwrap();
    let e = linker.instantiate(&mut store, &m).unwrap_err();
    assert!(e.to_string().contains("incompatible import type"), "{e}");
}

/// `(ref $u)` of `$u = (func (param i32) (result i32))` as `store`'s runtime numbers
/// types (they are the store's own): from a parameter of a function of that store.
fn un_ref_type(store: &mut Store<()>) -> ValType {
    let engine = store.engine().clone();
    let m = Module::new(
        &engine,
        r#"(module (type $u (func (param i32) (result i32)))
             (func (export "f") (param (ref $u))))"#,
    )
    .unwrap();
    let i = Linker::new(&engine).instantiate(&mut *store, &m).unwrap();
    let ty: FuncType = i.get_func(&*store, "f").unwrap().ty(&*store);
    ty.params[0]
}

/// A global of a non-null type cannot be made with a null, nor set to one.
#[test]
fn non_null_globals_refuse_null() {
    let (mut store, inst) = setup();
    let g = inst.get_global(&store, "g").unwrap();
    let ty = g.ty(&store);
    let e = Global::new(&mut store, ty, Val::FuncRef(None)).unwrap_err();
    assert!(e.to_string().contains("does not match"), "{e}");
    let ty = GlobalType::new(ty.content, Mutability::Var);
    let add = inst.get_func(&store, "add").unwrap();
    let h = Global::new(&mut store, ty, Val::FuncRef(Some(add))).unwrap();
    assert!(h.set(&mut store, Val::FuncRef(None)).is_err());
    assert!(h.set(&mut store, Val::FuncRef(Some(add))).is_ok());
}
