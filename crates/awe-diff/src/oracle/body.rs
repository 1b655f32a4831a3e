// Included by `oracle/mod.rs` into one module per wasmi version, with `w` naming that
// version's crate, `Nullable` its nullable reference type, and the shims
// `table_elem_non_null` and `new_table`.

use crate::awe_side::{CALL_FUEL, MAX_PAGES, MAX_TABLE_ELEMENTS};
use crate::imports;
use crate::trace::*;

/// The host's state in a store.
pub struct HostData {
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

impl w::errors::HostError for HostFailure {}

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

fn to_value(v: &w::Val, store: &w::Store<HostData>) -> Value {
    match v {
        w::Val::I32(x) => Value::I32(*x as u32),
        w::Val::I64(x) => Value::I64(*x as u64),
        w::Val::F32(x) => Value::F32(x.to_bits()),
        w::Val::F64(x) => Value::F64(x.to_bits()),
        w::Val::V128(x) => Value::V128(x.as_u128()),
        w::Val::FuncRef(r) => Value::FuncRef(!r.is_null()),
        w::Val::ExternRef(r) => Value::ExternRef(
            r.val()
                .map(|e| e.data(store).downcast_ref::<u32>().copied().unwrap_or(u32::MAX)),
        ),
    }
}

fn to_val(v: Value, store: &mut w::Store<HostData>) -> w::Val {
    match v {
        Value::I32(x) => w::Val::I32(x as i32),
        Value::I64(x) => w::Val::I64(x as i64),
        Value::F32(x) => w::Val::F32(w::F32::from_bits(x)),
        Value::F64(x) => w::Val::F64(w::F64::from_bits(x)),
        Value::V128(x) => w::Val::V128(w::V128::from(x)),
        Value::FuncRef(_) => w::Val::FuncRef(Nullable::Null),
        Value::ExternRef(None) => w::Val::ExternRef(Nullable::Null),
        Value::ExternRef(Some(k)) => w::Val::ExternRef(Nullable::Val(w::ExternRef::new(store, k))),
    }
}

fn outcome_of_error(e: &w::Error) -> Outcome {
    use w::TrapCode as C;
    if let Some(c) = e.as_trap_code() {
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
            #[allow(unreachable_patterns)]
            other => Outcome::NoVerdict(if format!("{other:?}").contains("Memory") {
                NoVerdict::Resource
            } else {
                NoVerdict::Stack
            }),
        };
    }
    if e.downcast_ref::<HostFailure>().is_some() {
        return Outcome::Trap(TrapKind::Host);
    }
    // Segment initialization out of bounds at instantiation is a table or memory error,
    // not a trap code, in wasmi.
    let msg = e.to_string();
    if msg.starts_with("out of bounds table access") {
        return Outcome::Trap(TrapKind::TableOutOfBounds);
    }
    if msg.starts_with("out of bounds memory access") {
        return Outcome::Trap(TrapKind::MemoryOutOfBounds);
    }
    Outcome::Error(msg)
}

fn engine() -> w::Engine {
    let mut c = w::Config::default();
    // WebAssembly 2.0 and what awe runs of 3.0 (wasmi enables more 3.0 proposals by
    // default); relaxed SIMD off (its results differ between engines by design).
    c.wasm_simd(true)
        .wasm_relaxed_simd(false)
        .wasm_multi_memory(true)
        .wasm_memory64(true)
        .wasm_tail_call(true)
        .wasm_extended_const(true)
        .wasm_custom_page_sizes(false)
        .wasm_wide_arithmetic(false)
        .consume_fuel(true)
        .compilation_mode(w::CompilationMode::Eager);
    w::Engine::new(&c)
}

/// Whether wasmi accepts `bytes` (`Err` with its message if not).
pub fn validate(bytes: &[u8]) -> Result<(), String> {
    w::Module::new(&engine(), bytes)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// The state of `items`.
fn state_of(store: &w::Store<HostData>, items: &[(String, w::Extern)]) -> State {
    items
        .iter()
        .filter_map(|(name, item)| {
            let s = match item {
                w::Extern::Memory(m) => ItemState::Memory {
                    pages: m.size(store),
                    hash: hash_bytes(m.data(store)),
                },
                w::Extern::Global(g) => ItemState::Global(to_value(&g.get(store), store)),
                w::Extern::Table(t) => ItemState::Table(
                    (0..t.size(store))
                        .map(|i| table_elem_non_null(t, store, i))
                        .collect(),
                ),
                w::Extern::Func(_) => return None,
            };
            Some((name.clone(), s))
        })
        .collect()
}

fn define_host(
    store: &mut w::Store<HostData>,
    linker: &mut w::Linker<HostData>,
) -> Vec<(String, w::Extern)> {
    for f in imports::FUNCS {
        let ty = w::FuncType::new(
            f.params.iter().map(|&t| val_type(t)).collect::<Vec<_>>(),
            f.results.iter().map(|&t| val_type(t)).collect::<Vec<_>>(),
        );
        let name = f.name;
        let func = w::Func::new(
            &mut *store,
            ty,
            move |mut caller: w::Caller<'_, HostData>,
                  args: &[w::Val],
                  out: &mut [w::Val]|
                  -> Result<(), w::Error> {
                let args: Vec<Value> = args
                    .iter()
                    .map(|a| match a {
                        w::Val::I32(x) => Value::I32(*x as u32),
                        w::Val::I64(x) => Value::I64(*x as u64),
                        w::Val::F32(x) => Value::F32(x.to_bits()),
                        w::Val::F64(x) => Value::F64(x.to_bits()),
                        w::Val::V128(x) => Value::V128(x.as_u128()),
                        _ => Value::I32(0),
                    })
                    .collect();
                let res = caller.data_mut().host.call(name, args).map_err(|()| w::Error::host(HostFailure))?;
                for (o, r) in out.iter_mut().zip(res) {
                    *o = match r {
                        Value::I32(x) => w::Val::I32(x as i32),
                        Value::I64(x) => w::Val::I64(x as i64),
                        Value::F32(x) => w::Val::F32(w::F32::from_bits(x)),
                        Value::F64(x) => w::Val::F64(w::F64::from_bits(x)),
                        Value::V128(x) => w::Val::V128(w::V128::from(x)),
                        _ => w::Val::I32(0),
                    };
                }
                Ok(())
            },
        );
        let _ = linker.define(imports::MODULE, name, func);
    }
    let mut items: Vec<(String, w::Extern)> = Vec::new();
    let (min, max) = imports::MEMORY_PAGES;
    if let Ok(m) = w::Memory::new(&mut *store, w::MemoryType::new(min, Some(max))) {
        items.push(("memory".into(), w::Extern::Memory(m)));
    }
    let (min, max) = imports::TABLE_SIZE;
    if let Ok(t) = new_table(store, min, max) {
        items.push(("table".into(), w::Extern::Table(t)));
    }
    let g = w::Global::new(&mut *store, w::Val::I64(imports::G_I64), w::Mutability::Const);
    items.push(("g_i64".into(), w::Extern::Global(g)));
    let g = w::Global::new(&mut *store, w::Val::I32(imports::G_I32), w::Mutability::Var);
    items.push(("g_i32".into(), w::Extern::Global(g)));
    for (name, item) in &items {
        let _ = linker.define(imports::MODULE, name, *item);
    }
    items
}

/// Runs `bytes`: compile, instantiate (with the start function), then `calls`,
/// stopping at the first with no verdict.
pub fn run(bytes: &[u8], calls: &[PlannedCall]) -> Run {
    let mut run = Run::default();
    let engine = engine();
    let module = match w::Module::new(&engine, bytes) {
        Ok(m) => m,
        Err(e) => {
            run.compile = Some(Err(e.to_string()));
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
    let _ = store.set_fuel(CALL_FUEL);
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(i) => i,
        Err(e) => {
            run.instantiate = Some(CallRecord {
                outcome: outcome_of_error(&e),
                host: store.data_mut().host.take_log(),
                state: state_of(&store, &host_items),
            });
            return run;
        }
    };
    let mut items: Vec<(String, w::Extern)> = instance
        .exports(&store)
        .map(|e| (e.name().to_string(), e.into_extern()))
        .filter(|(_, e)| !matches!(e, w::Extern::Func(_)))
        .collect();
    items.extend(host_items);
    run.instantiate = Some(CallRecord {
        outcome: Outcome::Values(vec![]),
        host: store.data_mut().host.take_log(),
        state: state_of(&store, &items),
    });
    for call in calls {
        let _ = store.set_fuel(CALL_FUEL);
        let outcome = match instance.get_func(&store, &call.name) {
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
        let record = CallRecord {
            outcome,
            host: store.data_mut().host.take_log(),
            state: state_of(&store, &items),
        };
        run.calls.push(record);
        if stop {
            break;
        }
    }
    run
}
