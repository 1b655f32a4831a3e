//! wasmtime (Cranelift), a third and independent oracle: built only with the cargo
//! feature `wasmtime` (about 8 minutes of build), for long runs and replays. It settles
//! the cases where wasmi 2.0 is alone against awe and wasmi 1.x: a case is confirmed as
//! wasmi 2.0's bug only when wasmtime, too, agrees with awe.
//!
//! The host environment, limits and plan are the wasmi oracles' (`body.rs`); wasmtime
//! gets more fuel than they do (its fuel counts differently), and a run of it that ends
//! any call without a verdict confirms nothing.

use crate::awe_side::{CALL_FUEL, MAX_PAGES, MAX_TABLE_ELEMENTS};
use crate::imports;
use crate::trace::*;
use wasmtime as w;

/// The host's state in a store.
struct HostData {
    host: imports::HostState,
    limits: w::StoreLimits,
}

/// The error a failing host function returns.
#[derive(Debug)]
struct HostFailure;

impl std::fmt::Display for HostFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("host function failed")
    }
}

impl std::error::Error for HostFailure {}

fn val_type(t: Ty) -> w::ValType {
    match t {
        Ty::I32 => w::ValType::I32,
        Ty::I64 => w::ValType::I64,
        Ty::F32 => w::ValType::F32,
        Ty::F64 => w::ValType::F64,
        Ty::V128 => w::ValType::V128,
        Ty::FuncRef => w::ValType::FuncRef,
        Ty::ExternRef => w::ValType::ExternRef,
    }
}

fn extern_key(r: &w::Rooted<w::ExternRef>, store: &w::Store<HostData>) -> u32 {
    r.data(store)
        .ok()
        .flatten()
        .and_then(|d| d.downcast_ref::<u32>().copied())
        .unwrap_or(u32::MAX)
}

fn to_value(v: &w::Val, store: &w::Store<HostData>) -> Value {
    match v {
        w::Val::I32(x) => Value::I32(*x as u32),
        w::Val::I64(x) => Value::I64(*x as u64),
        w::Val::F32(x) => Value::F32(*x),
        w::Val::F64(x) => Value::F64(*x),
        w::Val::V128(x) => Value::V128(x.as_u128()),
        w::Val::FuncRef(r) => Value::FuncRef(r.is_some()),
        w::Val::ExternRef(r) => Value::ExternRef(r.as_ref().map(|r| extern_key(r, store))),
        _ => Value::I32(0),
    }
}

fn to_val(v: Value, store: &mut w::Store<HostData>) -> w::Val {
    match v {
        Value::I32(x) => w::Val::I32(x as i32),
        Value::I64(x) => w::Val::I64(x as i64),
        Value::F32(x) => w::Val::F32(x),
        Value::F64(x) => w::Val::F64(x),
        Value::V128(x) => w::Val::V128(w::V128::from(x)),
        Value::FuncRef(_) => w::Val::FuncRef(None),
        Value::ExternRef(None) => w::Val::ExternRef(None),
        Value::ExternRef(Some(k)) => w::Val::ExternRef(w::ExternRef::new(store, k).ok()),
    }
}

fn outcome_of_error(e: &w::Error) -> Outcome {
    use w::Trap as C;
    if let Some(c) = e.downcast_ref::<w::Trap>() {
        return match c {
            C::UnreachableCodeReached => Outcome::Trap(TrapKind::Unreachable),
            C::MemoryOutOfBounds => Outcome::Trap(TrapKind::MemoryOutOfBounds),
            C::TableOutOfBounds => Outcome::Trap(TrapKind::TableOutOfBounds),
            C::IndirectCallToNull => Outcome::Trap(TrapKind::NullElement),
            C::IntegerDivisionByZero => Outcome::Trap(TrapKind::DivideByZero),
            C::IntegerOverflow => Outcome::Trap(TrapKind::IntegerOverflow),
            C::BadConversionToInteger => Outcome::Trap(TrapKind::InvalidConversion),
            C::StackOverflow => Outcome::NoVerdict(NoVerdict::Stack),
            C::BadSignature => Outcome::Trap(TrapKind::SignatureMismatch),
            C::OutOfFuel => Outcome::NoVerdict(NoVerdict::Fuel),
            _ => Outcome::NoVerdict(NoVerdict::Resource),
        };
    }
    if e.downcast_ref::<HostFailure>().is_some() {
        return Outcome::Trap(TrapKind::Host);
    }
    let msg = format!("{e:#}");
    if msg.contains("out of bounds table access") {
        return Outcome::Trap(TrapKind::TableOutOfBounds);
    }
    if msg.contains("out of bounds memory access") {
        return Outcome::Trap(TrapKind::MemoryOutOfBounds);
    }
    Outcome::Error(msg)
}

fn engine() -> w::Engine {
    let mut c = w::Config::new();
    c.consume_fuel(true)
        .wasm_multi_memory(true)
        .wasm_tail_call(true)
        .wasm_extended_const(true)
        .wasm_function_references(false)
        .wasm_gc(false)
        .wasm_memory64(true)
        .wasm_simd(true)
        .wasm_relaxed_simd(false);
    w::Engine::new(&c).expect("wasmtime's engine for WebAssembly 2.0")
}

/// The state of `items`.
fn state_of(store: &mut w::Store<HostData>, items: &[(String, w::Extern)]) -> State {
    items
        .iter()
        .filter_map(|(name, item)| {
            let s = match item {
                w::Extern::Memory(m) => ItemState::Memory {
                    pages: m.size(&*store),
                    hash: hash_bytes(m.data(&*store)),
                },
                w::Extern::Global(g) => {
                    let v = g.get(&mut *store);
                    ItemState::Global(to_value(&v, store))
                }
                w::Extern::Table(t) => ItemState::Table(
                    (0..t.size(&*store))
                        .map(|i| {
                            t.get(&mut *store, i).is_some_and(|r| match r {
                                w::Ref::Func(f) => f.is_some(),
                                w::Ref::Extern(e) => e.is_some(),
                                _ => false,
                            })
                        })
                        .collect(),
                ),
                _ => return None,
            };
            Some((name.clone(), s))
        })
        .collect()
}

fn define_host(
    store: &mut w::Store<HostData>,
    linker: &mut w::Linker<HostData>,
) -> Vec<(String, w::Extern)> {
    let engine = store.engine().clone();
    for f in imports::FUNCS {
        let ty = w::FuncType::new(
            &engine,
            f.params.iter().map(|&t| val_type(t)),
            f.results.iter().map(|&t| val_type(t)),
        );
        let name = f.name;
        let func = w::Func::new(
            &mut *store,
            ty,
            move |mut caller: w::Caller<'_, HostData>, args: &[w::Val], out: &mut [w::Val]| {
                let args: Vec<Value> = args
                    .iter()
                    .map(|a| match a {
                        w::Val::I32(x) => Value::I32(*x as u32),
                        w::Val::I64(x) => Value::I64(*x as u64),
                        w::Val::F32(x) => Value::F32(*x),
                        w::Val::F64(x) => Value::F64(*x),
                        w::Val::V128(x) => Value::V128(x.as_u128()),
                        _ => Value::I32(0),
                    })
                    .collect();
                let res = caller
                    .data_mut()
                    .host
                    .call(name, args)
                    .map_err(|()| w::Error::new(HostFailure))?;
                for (o, r) in out.iter_mut().zip(res) {
                    *o = match r {
                        Value::I32(x) => w::Val::I32(x as i32),
                        Value::I64(x) => w::Val::I64(x as i64),
                        Value::F32(x) => w::Val::F32(x),
                        Value::F64(x) => w::Val::F64(x),
                        Value::V128(x) => w::Val::V128(w::V128::from(x)),
                        _ => w::Val::I32(0),
                    };
                }
                Ok(())
            },
        );
        let _ = linker.define(&*store, imports::MODULE, name, func);
    }
    let mut items: Vec<(String, w::Extern)> = Vec::new();
    let (min, max) = imports::MEMORY_PAGES;
    if let Ok(m) = w::Memory::new(&mut *store, w::MemoryType::new(min, Some(max))) {
        items.push(("memory".into(), w::Extern::Memory(m)));
    }
    let (min, max) = imports::TABLE_SIZE;
    let ty = w::TableType::new(w::RefType::FUNCREF, min, Some(max));
    if let Ok(t) = w::Table::new(&mut *store, ty, w::Ref::Func(None)) {
        items.push(("table".into(), w::Extern::Table(t)));
    }
    let globals = [
        (
            "g_i64",
            w::ValType::I64,
            w::Val::I64(imports::G_I64),
            w::Mutability::Const,
        ),
        (
            "g_i32",
            w::ValType::I32,
            w::Val::I32(imports::G_I32),
            w::Mutability::Var,
        ),
    ];
    for (name, ty, v, m) in globals {
        if let Ok(g) = w::Global::new(&mut *store, w::GlobalType::new(ty, m), v) {
            items.push((name.into(), w::Extern::Global(g)));
        }
    }
    for (name, item) in &items {
        let _ = linker.define(&*store, imports::MODULE, name, item.clone());
    }
    items
}

/// Runs `bytes`: compile, instantiate (with the start function), then `calls`,
/// stopping at the first with no verdict (as the wasmi oracles do).
pub fn run(bytes: &[u8], calls: &[PlannedCall]) -> Run {
    let mut run = Run::default();
    let engine = engine();
    let module = match w::Module::new(&engine, bytes) {
        Ok(m) => m,
        Err(e) => {
            run.compile = Some(Err(format!("{e:#}")));
            return run;
        }
    };
    run.compile = Some(Ok(()));
    let limits = w::StoreLimitsBuilder::new()
        .memory_size(MAX_PAGES as usize * 65536)
        .table_elements(MAX_TABLE_ELEMENTS as usize)
        .instances(4)
        .build();
    let mut store = w::Store::new(
        &engine,
        HostData {
            host: imports::HostState::default(),
            limits,
        },
    );
    store.limiter(|d| &mut d.limits);
    let mut linker = w::Linker::new(&engine);
    let host_items: Vec<(String, w::Extern)> = define_host(&mut store, &mut linker)
        .into_iter()
        .map(|(n, i)| (format!("env.{n}"), i))
        .collect();
    let fuel = CALL_FUEL.saturating_mul(100);
    let _ = store.set_fuel(fuel);
    let instance = match linker.instantiate(&mut store, &module) {
        Ok(i) => i,
        Err(e) => {
            let outcome = outcome_of_error(&e);
            let host = store.data_mut().host.take_log();
            run.instantiate = Some(CallRecord {
                outcome,
                host,
                state: state_of(&mut store, &host_items),
            });
            return run;
        }
    };
    let mut items: Vec<(String, w::Extern)> = instance
        .exports(&mut store)
        .map(|e| (e.name().to_string(), e.into_extern()))
        .filter(|(_, e)| !matches!(e, w::Extern::Func(_)))
        .collect();
    items.extend(host_items);
    let host = store.data_mut().host.take_log();
    run.instantiate = Some(CallRecord {
        outcome: Outcome::Values(vec![]),
        host,
        state: state_of(&mut store, &items),
    });
    for call in calls {
        let _ = store.set_fuel(fuel);
        let outcome = match instance.get_func(&mut store, &call.name) {
            None => Outcome::Error(format!("no function export {}", call.name)),
            Some(f) => {
                let args: Vec<w::Val> = call.args.iter().map(|&v| to_val(v, &mut store)).collect();
                let n = f.ty(&store).results().len();
                let mut out = vec![w::Val::I32(0); n];
                match f.call(&mut store, &args, &mut out) {
                    Ok(()) => Outcome::Values(out.iter().map(|v| to_value(v, &store)).collect()),
                    Err(e) => outcome_of_error(&e),
                }
            }
        };
        let stop = matches!(outcome, Outcome::NoVerdict(_));
        let host = store.data_mut().host.take_log();
        let record = CallRecord {
            outcome,
            host,
            state: state_of(&mut store, &items),
        };
        run.calls.push(record);
        if stop {
            break;
        }
    }
    run
}
