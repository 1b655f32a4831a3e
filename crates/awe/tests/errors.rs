//! Errors that work with `?` and `anyhow`: host functions fail with any error type, the
//! embedder finds the host's own error and the trap in the error's chain, a trap of wasm
//! that a host function called passes through it unchanged; typed functions of up to 16
//! parameters and results.

use awe::{Caller, Engine, Error, Linker, Module, Store, Trap, TrapCode};

/// An error of the host's own.
#[derive(Debug, PartialEq)]
struct Overdrawn {
    by: i32,
}

impl std::fmt::Display for Overdrawn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "overdrawn by {}", self.by)
    }
}

impl std::error::Error for Overdrawn {}

const MODULE: &str = r#"(module
  (import "bank" "withdraw" (func $withdraw (param i32) (result i32)))
  (import "bank" "reenter" (func $reenter))
  (func (export "run") (param i32) (result i32) (call $withdraw (local.get 0)))
  (func (export "boom") unreachable)
  (func (export "outer") (call $reenter)))"#;

/// The module with `withdraw` failing as `fail` says for amounts over 100.
fn setup<E>(fail: fn(i32) -> E) -> (Store<()>, awe::Instance)
where
    E: Into<Box<dyn std::error::Error + Send + Sync>> + Send + 'static,
{
    let engine = Engine::default();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("bank", "withdraw", move |amount: i32| -> Result<i32, E> {
            if amount > 100 {
                return Err(fail(amount - 100));
            }
            Ok(100 - amount)
        })
        .unwrap();
    linker
        .func_wrap(
            "bank",
            "reenter",
            |mut caller: Caller<'_, ()>| -> awe::Result<()> {
                let boom = caller.get_export("boom").unwrap().into_func().unwrap();
                boom.typed::<(), ()>(&caller)?.call(&mut caller, ())
            },
        )
        .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &module).unwrap();
    (store, inst)
}

fn run(store: &mut Store<()>, inst: &awe::Instance, amount: i32) -> awe::Result<i32> {
    inst.get_typed_func::<i32, i32>(&*store, "run")?
        .call(store, amount)
}

#[test]
fn a_host_error_of_its_own_type_is_found_in_the_chain() {
    let (mut store, inst) = setup(|by| Overdrawn { by });
    assert_eq!(run(&mut store, &inst, 30).unwrap(), 70);
    let e = run(&mut store, &inst, 130).unwrap_err();
    assert_eq!(e.downcast_ref::<Overdrawn>(), Some(&Overdrawn { by: 30 }));
    // The chain: the error, its trap (with the wasm frames), the host's error.
    let trap = e.downcast_ref::<Trap>().expect("a trap");
    assert!(!trap.backtrace.is_empty());
    let source = std::error::Error::source(&e).expect("the trap");
    let host = source.source().expect("the host's error");
    assert_eq!(host.to_string(), "overdrawn by 30");
    assert!(e.to_string().starts_with("overdrawn by 30"), "{e}");
}

#[test]
fn a_host_function_may_fail_with_anyhow() {
    let (mut store, inst) = setup(|by| anyhow::Error::new(Overdrawn { by }).context("withdrawal"));
    let e = run(&mut store, &inst, 101).unwrap_err();
    assert!(e.to_string().starts_with("withdrawal"), "{e}");
    // anyhow's context chain is the host error's source chain.
    assert_eq!(e.downcast_ref::<Overdrawn>(), Some(&Overdrawn { by: 1 }));
}

#[test]
fn a_host_function_may_fail_with_a_message() {
    let (mut store, inst) = setup(|by| Error::msg(format!("short by {by}")));
    let e = run(&mut store, &inst, 150).unwrap_err();
    assert!(e.to_string().starts_with("short by 50"), "{e}");
    assert_eq!(e.trap_code(), None);
}

#[test]
fn a_wasm_trap_passes_through_a_host_function_unchanged() {
    let (mut store, inst) = setup(|by| Overdrawn { by });
    let outer = inst.get_typed_func::<(), ()>(&store, "outer").unwrap();
    let e = outer.call(&mut store, ()).unwrap_err();
    assert_eq!(e.trap_code(), Some(TrapCode::Unreachable));
}

#[test]
fn awe_errors_go_into_anyhow_with_question_marks() {
    fn main_like() -> anyhow::Result<i32> {
        let (mut store, inst) = setup(|by| Overdrawn { by });
        Ok(run(&mut store, &inst, 500)?)
    }
    let e = main_like().unwrap_err();
    let awe_error = e.downcast_ref::<Error>().expect("an awe::Error inside");
    assert_eq!(
        awe_error.downcast_ref::<Overdrawn>(),
        Some(&Overdrawn { by: 400 })
    );
}

#[test]
fn typed_functions_take_sixteen_parameters_and_results() {
    let engine = Engine::default();
    let params = "(param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)";
    let results = "(result i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)";
    let gets: String = (0..16).rev().map(|i| format!("(local.get {i})")).collect();
    let wat = format!(
        r#"(module (import "host" "rev" (func $rev {params} {results}))
             (func (export "rev2") {params} {results} {gets} (call $rev)))"#
    );
    let module = Module::new(&engine, wat).unwrap();
    let mut linker = Linker::new(&engine);
    type Sixteen = (
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
        i32,
    );
    linker
        .func_wrap(
            "host",
            "rev",
            |a: i32,
             b: i32,
             c: i32,
             d: i32,
             e: i32,
             f: i32,
             g: i32,
             h: i32,
             i: i32,
             j: i32,
             k: i32,
             l: i32,
             m: i32,
             n: i32,
             o: i32,
             p: i32|
             -> Sixteen { (p, o, n, m, l, k, j, i, h, g, f, e, d, c, b, a) },
        )
        .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let rev2 = inst
        .get_typed_func::<Sixteen, Sixteen>(&store, "rev2")
        .unwrap();
    let args: Sixteen = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    // Reversed by wasm, reversed back by the host. (Tuples this long have no `==`.)
    let (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) = rev2.call(&mut store, args).unwrap();
    assert_eq!(
        [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p],
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    );
}
