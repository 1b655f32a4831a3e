//! What an interrupt stops: the call running in the store when it is requested, with
//! the calls it makes through host functions; never a call that starts later. (Another
//! thread's request to a running loop: `tests/engine.rs`.) Epochs and their deadlines.

use awe::{Caller, Config, Engine, Error, Linker, Module, Store, TrapCode};

/// `spin` loops forever, calling `env.tick` on every iteration; `f` returns 7, `g` too
/// through a call (a checkpoint); `outer` calls `env.reenter`, which calls back into wasm.
const MODULE: &str = r#"(module
  (import "env" "tick" (func $tick))
  (import "env" "reenter" (func $reenter (result i32)))
  (func (export "spin") (loop (call $tick) (br 0)))
  (func (export "inner") (result i32) (loop (br 0)) (i32.const 1))
  (func (export "outer") (result i32) (call $reenter))
  (func $f (export "f") (result i32) (i32.const 7))
  (func (export "g") (result i32) (call $f)))"#;

/// A store with one instance of [`MODULE`]: `tick` interrupts the store's call once
/// `ticks` of them have been made; `reenter` interrupts, then calls `inner`.
fn setup(ticks: u32) -> (Store<u32>, awe::Instance) {
    let engine = Engine::new(Config::new().interruptible(true)).unwrap();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, 0u32);
    let handle = store.interrupt_handle();
    let again = handle.clone();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "tick", move |mut caller: Caller<'_, u32>| {
            *caller.data_mut() += 1;
            if *caller.data() == ticks {
                handle.interrupt();
            }
        })
        .unwrap();
    linker
        .func_wrap(
            "env",
            "reenter",
            move |mut caller: Caller<'_, u32>| -> Result<i32, Error> {
                again.interrupt();
                let inner = caller.get_export("inner").unwrap().into_func().unwrap();
                let mut out = [awe::Val::I32(0)];
                inner.call(&mut caller, &[], &mut out)?;
                Ok(out[0].i32().unwrap())
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    (store, inst)
}

fn trap_of<T: std::fmt::Debug>(r: Result<T, Error>) -> TrapCode {
    match r {
        Err(e) => e.trap_code().unwrap_or_else(|| panic!("not a trap: {e}")),
        Ok(v) => panic!("no trap: {v:?}"),
    }
}

#[test]
fn an_interrupt_stops_the_running_call() {
    let (mut store, inst) = setup(3);
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    assert_eq!(trap_of(spin.call(&mut store, ())), TrapCode::Interrupted);
    assert_eq!(
        *store.data(),
        3,
        "stopped at the first checkpoint after the request"
    );
}

/// Regression: a request made after a call ended made the next call fail, with no way
/// to reset it.
#[test]
fn an_interrupt_after_a_call_ended_does_not_stop_the_next_call() {
    let (mut store, inst) = setup(u32::MAX);
    let g = inst.get_typed_func::<(), i32>(&store, "g").unwrap();
    assert_eq!(g.call(&mut store, ()).unwrap(), 7);
    store.interrupt_handle().interrupt();
    assert_eq!(g.call(&mut store, ()).unwrap(), 7);
    assert_eq!(g.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn an_interrupted_call_leaves_the_store_usable() {
    let (mut store, inst) = setup(1);
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    assert_eq!(trap_of(spin.call(&mut store, ())), TrapCode::Interrupted);
    let g = inst.get_typed_func::<(), i32>(&store, "g").unwrap();
    assert_eq!(g.call(&mut store, ()).unwrap(), 7);
}

#[test]
fn an_interrupt_reaches_wasm_that_a_host_function_calls_back() {
    // `reenter` requests the interrupt while `outer` runs, then calls `inner`, which
    // loops: the nested call is part of the running call and is stopped.
    let (mut store, inst) = setup(u32::MAX);
    let outer = inst.get_typed_func::<(), i32>(&store, "outer").unwrap();
    assert_eq!(trap_of(outer.call(&mut store, ())), TrapCode::Interrupted);
    let f = inst.get_typed_func::<(), i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, ()).unwrap(), 7);
}

/// `spin` loops forever; `g` returns 7 through a call.
const EPOCH_MODULE: &str = r#"(module
  (func (export "spin") (loop (br 0)))
  (func $f (result i32) (i32.const 7))
  (func (export "g") (result i32) (call $f)))"#;

fn epoch_store(engine: &Engine) -> (Store<()>, awe::Instance) {
    let module = Module::new(engine, EPOCH_MODULE).unwrap();
    let mut store = Store::new(engine, ());
    let inst = Linker::new(engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, inst)
}

fn epoch_engine() -> Engine {
    let mut config = Config::new();
    config.epoch_interruption(true);
    Engine::new(&config).unwrap()
}

#[test]
fn an_epoch_deadline_stops_a_loop_when_the_engine_reaches_it() {
    let engine = epoch_engine();
    let (mut store, inst) = epoch_store(&engine);
    store.set_epoch_deadline(2);
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            for _ in 0..2 {
                std::thread::sleep(std::time::Duration::from_millis(30));
                engine.increment_epoch();
            }
        })
    };
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    assert_eq!(trap_of(spin.call(&mut store, ())), TrapCode::Interrupted);
    ticker.join().unwrap();
}

#[test]
fn a_deadline_already_reached_stops_the_next_call_and_a_new_one_lets_it_run() {
    let engine = epoch_engine();
    let (mut store, inst) = epoch_store(&engine);
    let g = inst.get_typed_func::<(), i32>(&store, "g").unwrap();
    store.set_epoch_deadline(0);
    assert_eq!(trap_of(g.call(&mut store, ())), TrapCode::Interrupted);
    // Still past it: every call is stopped until a new deadline is set.
    assert_eq!(trap_of(g.call(&mut store, ())), TrapCode::Interrupted);
    store.set_epoch_deadline(1);
    assert_eq!(g.call(&mut store, ()).unwrap(), 7);
    engine.increment_epoch();
    assert_eq!(trap_of(g.call(&mut store, ())), TrapCode::Interrupted);
}

#[test]
fn epochs_touch_only_the_stores_whose_deadline_they_reach() {
    let engine = epoch_engine();
    let (mut near, near_inst) = epoch_store(&engine);
    let (mut far, far_inst) = epoch_store(&engine);
    let (mut none, none_inst) = epoch_store(&engine);
    near.set_epoch_deadline(1);
    far.set_epoch_deadline(100);
    engine.increment_epoch();
    let call = |store: &mut Store<()>, inst: &awe::Instance| {
        inst.get_typed_func::<(), i32>(&*store, "g")
            .unwrap()
            .call(store, ())
    };
    assert_eq!(trap_of(call(&mut near, &near_inst)), TrapCode::Interrupted);
    assert_eq!(call(&mut far, &far_inst).unwrap(), 7);
    assert_eq!(call(&mut none, &none_inst).unwrap(), 7);
    // A store that is gone is forgotten by the engine.
    drop(far);
    engine.increment_epoch();
}

#[test]
fn an_epoch_callback_decides_to_go_on_or_stop() {
    let engine = epoch_engine();
    let module = Module::new(&engine, EPOCH_MODULE).unwrap();
    let mut store = Store::new(&engine, 0u32);
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(|mut caller| {
        *caller.data_mut() += 1;
        if *caller.data() < 4 {
            Ok(awe::UpdateDeadline::Continue(1))
        } else {
            Err(Error::msg("time is up"))
        }
    });
    let ticker = {
        let engine = engine.clone();
        std::thread::spawn(move || {
            for _ in 0..60 {
                std::thread::sleep(std::time::Duration::from_millis(5));
                engine.increment_epoch();
            }
        })
    };
    let spin = inst.get_typed_func::<(), ()>(&store, "spin").unwrap();
    let e = spin.call(&mut store, ()).unwrap_err();
    assert!(e.to_string().starts_with("time is up"), "{e}");
    assert_eq!(*store.data(), 4, "three times on, the fourth stopped");
    // An explicit interrupt still traps, without asking the callback.
    store.set_epoch_deadline(u64::MAX);
    let handle = store.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(30));
        handle.interrupt();
    });
    assert_eq!(trap_of(spin.call(&mut store, ())), TrapCode::Interrupted);
    assert_eq!(*store.data(), 4);
    stopper.join().unwrap();
    ticker.join().unwrap();
}
