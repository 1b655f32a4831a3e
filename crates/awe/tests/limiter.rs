//! A host's ResourceLimiter decides how far memories and tables grow and how many
//! instances, memories and tables a store has, as wasmtime's.

use awe::{Engine, Error, Linker, Module, ResourceLimiter, Store};

/// Memories of at most `max_bytes`, tables of at most 8 elements, `instances` instances;
/// every question asked is written down.
#[derive(Default)]
struct Policy {
    max_bytes: usize,
    instances: usize,
    fail: bool,
    asked: Vec<String>,
}

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the policy says no")
    }
}

impl std::error::Error for Refused {}

impl ResourceLimiter for Policy {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> awe::Result<bool> {
        self.asked
            .push(format!("memory {current} -> {desired} (max {maximum:?})"));
        if self.fail {
            return Err(Error::from_host(Refused));
        }
        Ok(desired <= self.max_bytes)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> awe::Result<bool> {
        self.asked
            .push(format!("table {current} -> {desired} (max {maximum:?})"));
        Ok(desired <= 8)
    }

    fn instances(&self) -> usize {
        self.instances
    }
}

const MODULE: &str = r#"(module
  (memory (export "mem") 1 10)
  (table (export "tab") 2 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "grow_table") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))"#;

fn setup(policy: Policy) -> (Store<Policy>, awe::Instance, Module) {
    let engine = Engine::default();
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, policy);
    store.limiter(|p| p);
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, inst, module)
}

fn grow(store: &mut Store<Policy>, inst: &awe::Instance, f: &str, n: i32) -> awe::Result<i32> {
    inst.get_typed_func::<i32, i32>(&*store, f)?.call(store, n)
}

#[test]
fn the_limiter_decides_every_growth() {
    let (mut store, inst, _) = setup(Policy {
        max_bytes: 3 << 16,
        instances: 10,
        ..Policy::default()
    });
    assert_eq!(grow(&mut store, &inst, "grow", 2).unwrap(), 1);
    assert_eq!(grow(&mut store, &inst, "grow", 1).unwrap(), -1);
    assert_eq!(
        grow(&mut store, &inst, "grow", 0).unwrap(),
        3,
        "no question for no growth"
    );
    let mem = inst.get_memory(&store, "mem").unwrap();
    let e = mem.grow(&mut store, 1).unwrap_err();
    assert_eq!(e.to_string(), "cannot grow the memory by 1 pages");
    assert_eq!(grow(&mut store, &inst, "grow_table", 6).unwrap(), 2);
    assert_eq!(grow(&mut store, &inst, "grow_table", 1).unwrap(), -1);
    assert_eq!(
        store.data().asked,
        [
            "memory 0 -> 65536 (max Some(655360))",
            "table 0 -> 2 (max None)",
            "memory 65536 -> 196608 (max Some(655360))",
            "memory 196608 -> 262144 (max Some(655360))",
            "memory 196608 -> 262144 (max Some(655360))",
            "table 2 -> 8 (max None)",
            "table 8 -> 9 (max None)",
        ]
    );
}

#[test]
fn an_error_of_the_limiter_traps() {
    let (mut store, inst, _) = setup(Policy {
        max_bytes: 1 << 20,
        instances: 10,
        ..Policy::default()
    });
    store.data_mut().fail = true;
    let e = grow(&mut store, &inst, "grow", 1).unwrap_err();
    assert!(e.downcast_ref::<Refused>().is_some(), "{e}");
    assert!(e.to_string().starts_with("the policy says no"), "{e}");
}

#[test]
fn the_limiter_caps_instances_and_initial_sizes() {
    let (mut store, _, module) = setup(Policy {
        max_bytes: 1 << 20,
        instances: 1,
        ..Policy::default()
    });
    let engine = store.engine().clone();
    let e = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the store's limiter allows 1 instances, 2 wanted"
    );
    // A memory larger from the start than the policy allows.
    store.data_mut().instances = 10;
    store.data_mut().max_bytes = 1 << 16;
    let big = Module::new(&engine, "(module (memory 2))").unwrap();
    let e = Linker::new(&engine)
        .instantiate(&mut store, &big)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the store's limiter refused a memory of the module"
    );
    let e = awe::Memory::new(&mut store, awe::MemoryType::new(2, None)).unwrap_err();
    assert_eq!(e.to_string(), "the store's limiter refused the memory");
}
