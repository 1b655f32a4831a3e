//! Running a module in awe, through the public `awe` API only.

use crate::imports;
use crate::trace::*;
use awe::{
    AddrType, Caller, Engine, Extern, Func, FuncType, Global, GlobalType, Limits, Linker, MemType,
    Memory, Module, Mutability, RefType, Store, StoreLimits, Table, TableType, TrapCode,
    TrapReason, Val, ValType,
};

/// How the engines run a module.
#[derive(Clone, Copy, Debug)]
pub struct ExecOptions {
    /// Translate every function of awe's module before any call.
    pub eager: bool,
    /// Run awe with fuel (checkpoints in the code); without, only wasm-smith's
    /// `ensure_termination` bounds the work (valid for generated modules only).
    pub awe_fuel: bool,
    /// Compare NaNs as equal whatever their bits.
    pub nan_tolerant: bool,
    /// How awe runs functions (`Tiered` compiles each on its first call, in the
    /// background: calls switch tiers while the case runs).
    pub strategy: awe::Strategy,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions {
            eager: false,
            awe_fuel: true,
            nan_tolerant: false,
            strategy: awe::Strategy::Interpreter,
        }
    }
}

impl ExecOptions {
    /// The options of case `seed`: eager translation (when `eager`) in odd seeds, a
    /// quarter of the generated (not `mutated`) modules run in awe without fuel, as awe
    /// runs by default (wasm-smith's `ensure_termination` bounds them), and the
    /// strategies in turn (interpreter, compiler, tiered), so that each tier meets the
    /// oracle.
    pub fn for_seed(seed: u64, mutated: bool, eager: bool) -> Self {
        ExecOptions {
            eager: eager && seed % 2 == 1,
            awe_fuel: mutated || !seed.is_multiple_of(4),
            nan_tolerant: false,
            strategy: STRATEGIES[(seed / 2 % 3) as usize],
        }
    }
}

/// The fuel of each call, in both engines (they count differently: running out is no
/// verdict).
pub const CALL_FUEL: u64 = 20_000_000;
/// The most pages a memory may have, in both engines (`memory.grow` fails beyond).
pub const MAX_PAGES: u32 = 64;
/// The most elements a table may have, in both engines.
pub const MAX_TABLE_ELEMENTS: u32 = 1000;

/// The types of the exported functions of an awe module.
pub type FuncExports = Vec<(String, Vec<Ty>, Vec<Ty>)>;

/// The host's state in a store: the log of host calls.
#[derive(Default)]
struct HostData {
    host: imports::HostState,
}

fn ty(t: ValType) -> Ty {
    match t {
        ValType::I32 => Ty::I32,
        ValType::I64 => Ty::I64,
        ValType::F32 => Ty::F32,
        ValType::F64 => Ty::F64,
        ValType::V128 => Ty::V128,
        ValType::FUNCREF => Ty::FuncRef,
        ValType::EXTERNREF => Ty::ExternRef,
        ValType::Ref(_) => unreachable!("the generator makes no typed references"),
    }
}

fn val_type(t: Ty) -> ValType {
    match t {
        Ty::I32 => ValType::I32,
        Ty::I64 => ValType::I64,
        Ty::F32 => ValType::F32,
        Ty::F64 => ValType::F64,
        Ty::V128 => ValType::V128,
        Ty::FuncRef => ValType::FUNCREF,
        Ty::ExternRef => ValType::EXTERNREF,
    }
}

/// A value as the trace records it; a host reference is its key.
fn to_value(store: &impl awe::AsContext, v: &Val) -> Value {
    match *v {
        Val::I32(x) => Value::I32(x as u32),
        Val::I64(x) => Value::I64(x as u64),
        Val::F32(x) => Value::F32(x),
        Val::F64(x) => Value::F64(x),
        Val::V128(x) => Value::V128(x),
        Val::FuncRef(f) => Value::FuncRef(f.is_some()),
        Val::ExternRef(r) => Value::ExternRef(r.map(|r| {
            r.data(store)
                .ok()
                .flatten()
                .and_then(|d| d.downcast_ref::<u32>())
                .copied()
                .unwrap_or(u32::MAX)
        })),
        Val::ExnRef(_) => unreachable!("the generator makes no exception handling"),
        Val::AnyRef(_) => unreachable!("the generator makes no GC references"),
    }
}

/// A traced value for awe; a host reference is one to its key, in `store`.
fn to_val(store: impl awe::AsContextMut, v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x as i32),
        Value::I64(x) => Val::I64(x as i64),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
        Value::V128(x) => Val::V128(x),
        Value::FuncRef(_) => Val::FuncRef(None),
        Value::ExternRef(r) => Val::ExternRef(r.and_then(|k| awe::ExternRef::new(store, k).ok())),
    }
}

fn outcome_of_error(e: &awe::Error) -> Outcome {
    let Some(t) = e.as_trap() else {
        return Outcome::Error(e.to_string());
    };
    match &t.reason {
        TrapReason::Code(c) => match c {
            TrapCode::Unreachable => Outcome::Trap(TrapKind::Unreachable),
            TrapCode::IntegerDivideByZero => Outcome::Trap(TrapKind::DivideByZero),
            TrapCode::IntegerOverflow => Outcome::Trap(TrapKind::IntegerOverflow),
            TrapCode::InvalidConversionToInteger => Outcome::Trap(TrapKind::InvalidConversion),
            TrapCode::MemoryOutOfBounds => Outcome::Trap(TrapKind::MemoryOutOfBounds),
            TrapCode::TableOutOfBounds | TrapCode::UndefinedElement => {
                Outcome::Trap(TrapKind::TableOutOfBounds)
            }
            TrapCode::UninitializedElement => Outcome::Trap(TrapKind::NullElement),
            TrapCode::IndirectCallTypeMismatch => Outcome::Trap(TrapKind::SignatureMismatch),
            TrapCode::StackOverflow => Outcome::NoVerdict(NoVerdict::Stack),
            TrapCode::OutOfFuel => Outcome::NoVerdict(NoVerdict::Fuel),
            other => Outcome::Trap(TrapKind::Other(other.to_string())),
        },
        TrapReason::Host(_) => Outcome::Trap(TrapKind::Host),
        TrapReason::Unsupported(m) => Outcome::Trap(TrapKind::Unsupported(m.clone())),
        TrapReason::Exception(_) => Outcome::Trap(TrapKind::Other(t.to_string())),
    }
}

/// The exported functions of `module` with their types, in export order.
pub fn func_exports(module: &Module) -> FuncExports {
    module
        .exports()
        .into_iter()
        .filter_map(|e| match e.ty {
            awe::ExternType::Func(f) => Some((
                e.name,
                f.params.iter().map(|&t| ty(t)).collect(),
                f.results.iter().map(|&t| ty(t)).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// Every strategy, for the cases to take in turn and the corpus to replay in each.
pub const STRATEGIES: [awe::Strategy; 3] = [
    awe::Strategy::Interpreter,
    awe::Strategy::Compiler,
    awe::Strategy::Tiered,
];

fn engine(fuel: bool, strategy: awe::Strategy) -> Engine {
    let mut c = awe::Config::new();
    c.consume_fuel(fuel);
    c.strategy(strategy).tier_up_calls(1);
    // What the oracles run (wasmi has neither exception handling nor GC).
    c.features(crate::generator::AWE_DIFF_FEATURES);
    Engine::new(&c).unwrap()
}

/// Host items, by name, in a store.
fn define_host(
    store: &mut Store<HostData>,
    linker: &mut Linker<HostData>,
) -> Vec<(String, Extern)> {
    let mut items = Vec::new();
    for f in imports::FUNCS {
        let ft = FuncType::new(
            f.params.iter().map(|&t| val_type(t)).collect::<Vec<_>>(),
            f.results.iter().map(|&t| val_type(t)).collect::<Vec<_>>(),
        );
        let name = f.name;
        let func = Func::new(
            &mut *store,
            ft,
            move |mut caller: Caller<'_, HostData>, args: &[Val], out: &mut [Val]| {
                let args: Vec<Value> = args.iter().map(|a| to_value(&caller, a)).collect();
                let res = caller
                    .data_mut()
                    .host
                    .call(name, args)
                    .map_err(|()| awe::Error::Usage(format!("host function {name} failed")))?;
                for (o, r) in out.iter_mut().zip(res) {
                    *o = to_val(&mut caller, r);
                }
                Ok(())
            },
        );
        linker
            .define(&*store, imports::MODULE, name, func)
            .expect("a new name, an object of the store");
    }
    let limits = |(min, max): (u32, u32)| Limits {
        min: u64::from(min),
        max: Some(u64::from(max)),
    };
    if let Ok(m) = Memory::new(
        &mut *store,
        MemType {
            address: AddrType::I32,
            limits: limits(imports::MEMORY_PAGES),
        },
    ) {
        items.push(("memory".to_string(), Extern::from(m)));
    }
    if let Ok(t) = Table::new(
        &mut *store,
        TableType {
            address: AddrType::I32,
            limits: limits(imports::TABLE_SIZE),
            elem: RefType::FUNCREF,
        },
        Val::FuncRef(None),
    ) {
        items.push(("table".to_string(), Extern::from(t)));
    }
    let globals = [
        (
            "g_i64",
            ValType::I64,
            Mutability::Const,
            Val::I64(imports::G_I64),
        ),
        (
            "g_i32",
            ValType::I32,
            Mutability::Var,
            Val::I32(imports::G_I32),
        ),
    ];
    for (name, content, mutability, v) in globals {
        if let Ok(g) = Global::new(
            &mut *store,
            GlobalType {
                content,
                mutability,
            },
            v,
        ) {
            items.push((name.to_string(), Extern::from(g)));
        }
    }
    for (name, item) in &items {
        linker
            .define(&*store, imports::MODULE, name, *item)
            .expect("a new name, an object of the store");
    }
    items
}

/// The state of `items`.
fn state_of(store: &Store<HostData>, items: &[(String, Extern)]) -> State {
    items
        .iter()
        .filter_map(|(name, item)| {
            let s = match item {
                Extern::Memory(m) => ItemState::Memory {
                    pages: m.size(store),
                    hash: hash_bytes(m.data(store)),
                },
                Extern::Global(g) => ItemState::Global(to_value(store, &g.get(store))),
                Extern::Table(t) => ItemState::Table(
                    (0..t.size(store))
                        .map(|i| {
                            !matches!(
                                t.get(store, i),
                                Some(Val::FuncRef(None) | Val::ExternRef(None)) | None
                            )
                        })
                        .collect(),
                ),
                Extern::Func(_) | Extern::Tag(_) => return None,
            };
            Some((name.clone(), s))
        })
        .collect()
}

/// Runs `bytes` in awe: compile, (eager translation,) instantiation, then `plan` (the
/// calls of the exported functions), stopping at the first call with no verdict.
/// `plan` is computed from the exports, so that every engine gets the same calls.
pub fn run(
    bytes: &[u8],
    opts: ExecOptions,
    plan: &dyn Fn(&FuncExports) -> Vec<PlannedCall>,
) -> (Run, Vec<PlannedCall>) {
    let mut run = Run::default();
    let engine = engine(opts.awe_fuel, opts.strategy);
    let module = match Module::from_binary(&engine, bytes) {
        Ok(m) => m,
        Err(e) => {
            run.compile = Some(Err(e.to_string()));
            return (run, Vec::new());
        }
    };
    run.compile = Some(Ok(()));
    let calls = plan(&func_exports(&module));
    if opts.eager {
        let t = module.translate_all().map_err(|e| e.to_string());
        let failed = t.is_err();
        run.translate = Some(t);
        if failed {
            return (run, calls);
        }
        // And every function the strategy compiles, compiled now (a compiler that
        // panics on a function shows up here even if it is never called).
        module.compile_all();
    }
    let mut store = Store::new(&engine, HostData::default());
    store.limits(StoreLimits {
        memory_pages: Some(u64::from(MAX_PAGES)),
        table_elements: Some(MAX_TABLE_ELEMENTS),
        instances: Some(4),
        ..StoreLimits::default()
    });
    let mut linker = Linker::new(&engine);
    let host_items = define_host(&mut store, &mut linker);
    let host_state: Vec<(String, Extern)> = host_items
        .iter()
        .map(|(n, i)| (format!("env.{n}"), *i))
        .collect();
    if opts.awe_fuel {
        let _ = store.set_fuel(CALL_FUEL);
    }
    let instance = match linker.instantiate(&mut store, &module) {
        Ok(i) => i,
        Err(e) => {
            run.instantiate = Some(CallRecord {
                outcome: outcome_of_error(&e),
                host: store.data_mut().host.take_log(),
                state: state_of(&store, &host_state),
            });
            return (run, calls);
        }
    };
    let mut items: Vec<(String, Extern)> = instance
        .exports(&store)
        .map(|e| (e.name().to_owned(), e.into_extern()))
        .filter(|(_, e)| !matches!(e, Extern::Func(_)))
        .collect();
    items.extend(host_state);
    run.instantiate = Some(CallRecord {
        outcome: Outcome::Values(vec![]),
        host: store.data_mut().host.take_log(),
        state: state_of(&store, &items),
    });
    for call in &calls {
        if opts.awe_fuel {
            let _ = store.set_fuel(CALL_FUEL);
        }
        let outcome = match instance.get_func(&store, &call.name) {
            None => Outcome::Error(format!("no function export {}", call.name)),
            Some(f) => {
                let args: Vec<Val> = call.args.iter().map(|&v| to_val(&mut store, v)).collect();
                let n = f.ty(&store).results.len();
                let mut out = vec![Val::I32(0); n];
                match f.call(&mut store, &args, &mut out) {
                    Ok(()) => Outcome::Values(out.iter().map(|v| to_value(&store, v)).collect()),
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
    (run, calls)
}
