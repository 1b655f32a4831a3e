//! Isolation between stores: every method of every handle type, given a store the
//! handle does not belong to, is refused (an error where the method returns a
//! `Result`, else a panic with the same message) and neither store changes.
//!
//! Regression test for handles that read and wrote whatever store they were given:
//! `mem_a.data(&store_b)` returned store B's bytes, `mem_a.data_mut(&mut store_b)[0] =
//! b'X'` wrote into B.

use awe::{
    Engine, Extern, ExternRef, Func, Global, Instance, Linker, Memory, Module, Store, Table,
    TypedFunc, Val,
};
use std::panic::{AssertUnwindSafe, catch_unwind};

const MODULE: &str = r#"(module
  (memory (export "mem") 1 3)
  (table (export "tab") 2 5 funcref)
  (global (export "g") (mut i64) (i64.const 7))
  (func $f (export "f") (result i32) (i32.const 42))
  (elem (i32.const 1) $f))"#;

const WRONG_STORE: &str = "object used with a store it does not belong to";

/// One store with one instance of [`MODULE`], its memory starting with `secret`.
struct Tenant {
    store: Store<()>,
    inst: Instance,
    mem: Memory,
    tab: Table,
    g: Global,
    f: Func,
    typed: TypedFunc<(), i32>,
    r: ExternRef,
}

impl Tenant {
    fn new(engine: &Engine, secret: &[u8], g: i64) -> Tenant {
        let module = Module::new(engine, MODULE).unwrap();
        let mut store = Store::new(engine, ());
        let inst = Linker::new(engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let mem = inst.get_memory(&store, "mem").unwrap();
        mem.write(&mut store, 0, secret).unwrap();
        let tab = inst.get_table(&store, "tab").unwrap();
        let g_ = inst.get_global(&store, "g").unwrap();
        g_.set(&mut store, Val::I64(g)).unwrap();
        let f = inst.get_func(&store, "f").unwrap();
        let typed = f.typed::<(), i32>(&store).unwrap();
        let r = ExternRef::new(&mut store, String::from_utf8_lossy(secret).into_owned()).unwrap();
        Tenant {
            store,
            inst,
            mem,
            tab,
            g: g_,
            f,
            typed,
            r,
        }
    }

    /// What a foreign handle could have read or changed.
    fn state(&self) -> String {
        format!(
            "mem {:?}, pages {}, table {}, g {:?}",
            &self.mem.data(&self.store)[..8],
            self.mem.size(&self.store),
            self.tab.size(&self.store),
            self.g.get(&self.store)
        )
    }
}

/// How a use of `a`'s handles with `b`'s store ended.
fn outcome(
    a: &Tenant,
    b: &mut Tenant,
    f: impl FnOnce(&Tenant, &mut Store<()>) -> String,
) -> String {
    match catch_unwind(AssertUnwindSafe(|| f(a, &mut b.store))) {
        Ok(r) => format!("returned {r}"),
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            format!("panicked: {msg}")
        }
    }
}

type Use = Box<dyn Fn(&Tenant, &mut Store<()>) -> String>;

/// Every method of every handle type that takes a store, used with the wrong one.
fn uses() -> Vec<(&'static str, Use)> {
    fn u<R: std::fmt::Debug>(f: impl Fn(&Tenant, &mut Store<()>) -> R + 'static) -> Use {
        Box::new(move |a, s| format!("{:?}", f(a, s)))
    }
    vec![
        ("Memory::ty", u(|a, s| a.mem.ty(&*s))),
        (
            "ExternRef::data",
            u(|a, s| {
                a.r.data(&*s)
                    .map(|d| d.and_then(|d| d.downcast_ref::<String>().cloned()))
                    .map_err(|e| e.to_string())
            }),
        ),
        ("Memory::size", u(|a, s| a.mem.size(&*s))),
        ("Memory::data_size", u(|a, s| a.mem.data_size(&*s))),
        (
            "Memory::grow",
            u(|a, s| a.mem.grow(&mut *s, 1).map_err(|e| e.to_string())),
        ),
        ("Memory::data", u(|a, s| a.mem.data(&*s)[..8].to_vec())),
        (
            "Memory::data_mut",
            u(|a, s| {
                let d = a.mem.data_mut(s);
                d[0] = b'X';
                d[..8].to_vec()
            }),
        ),
        (
            "Memory::data_and_store_mut",
            u(|a, s| {
                let (d, _) = a.mem.data_and_store_mut(s);
                d[0] = b'X';
                d[..8].to_vec()
            }),
        ),
        (
            "Memory::read",
            u(|a, s| {
                let mut buf = [0u8; 8];
                a.mem
                    .read(&*s, 0, &mut buf)
                    .map(|_| buf)
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "Memory::write",
            u(|a, s| a.mem.write(&mut *s, 0, b"X").map_err(|e| e.to_string())),
        ),
        ("Table::ty", u(|a, s| a.tab.ty(&*s))),
        ("Table::size", u(|a, s| a.tab.size(&*s))),
        ("Table::get", u(|a, s| a.tab.get(&*s, 1))),
        (
            "Table::set",
            u(|a, s| {
                a.tab
                    .set(&mut *s, 0, Val::FuncRef(None))
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "Table::grow",
            u(|a, s| {
                a.tab
                    .grow(&mut *s, 1, Val::FuncRef(None))
                    .map_err(|e| e.to_string())
            }),
        ),
        ("Global::ty", u(|a, s| a.g.ty(&*s))),
        ("Global::get", u(|a, s| a.g.get(&*s))),
        (
            "Global::set",
            u(|a, s| a.g.set(&mut *s, Val::I64(-1)).map_err(|e| e.to_string())),
        ),
        ("Func::ty", u(|a, s| a.f.ty(&*s))),
        (
            "Func::call",
            u(|a, s| {
                let mut out = [Val::I32(0)];
                a.f.call(&mut *s, &[], &mut out)
                    .map(|_| out)
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "Func::typed",
            u(|a, s| {
                a.f.typed::<(), i32>(&*s)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "TypedFunc::call",
            u(|a, s| a.typed.call(&mut *s, ()).map_err(|e| e.to_string())),
        ),
        (
            "Instance::get_export",
            u(|a, s| a.inst.get_export(&*s, "mem")),
        ),
        (
            "Instance::exports",
            u(|a, s| a.inst.exports(&*s).collect::<Vec<_>>()),
        ),
        ("Instance::get_func", u(|a, s| a.inst.get_func(&*s, "f"))),
        (
            "Instance::get_typed_func",
            u(|a, s| {
                a.inst
                    .get_typed_func::<(), i32>(&*s, "f")
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "Instance::get_memory",
            u(|a, s| a.inst.get_memory(&*s, "mem")),
        ),
        (
            "Instance::get_table",
            u(|a, s| a.inst.get_table(&*s, "tab")),
        ),
        (
            "Instance::get_global",
            u(|a, s| a.inst.get_global(&*s, "g")),
        ),
        (
            "Instance::new with a foreign import",
            u(|a, s| {
                let engine = s.engine().clone();
                let m = Module::new(&engine, r#"(module (import "a" "mem" (memory 1)))"#).unwrap();
                Instance::new(&mut *s, &m, &[Extern::Memory(a.mem)])
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "Linker::instance",
            u(|a, s| {
                let mut linker = Linker::new(s.engine());
                linker
                    .instance(&mut *s, "a", a.inst)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "Linker::define",
            u(|a, s| {
                let mut linker = Linker::new(s.engine());
                linker
                    .define(&*s, "a", "mem", a.mem)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }),
        ),
        (
            "InstancePre::instantiate with another store's import",
            u(|a, s| {
                let engine = s.engine().clone();
                let mut linker = Linker::new(&engine);
                linker.define(&a.store, "a", "mem", a.mem).unwrap();
                let m = Module::new(&engine, r#"(module (import "a" "mem" (memory 1)))"#).unwrap();
                let pre = linker.instantiate_pre(&m).unwrap();
                pre.instantiate(&mut *s)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }),
        ),
    ]
}

#[test]
fn every_handle_refuses_a_store_it_does_not_belong_to() {
    let engine = Engine::default();
    let a = Tenant::new(&engine, b"A-secret", 1);
    let mut b = Tenant::new(&engine, b"B-public", 2);
    let (a_before, b_before) = (a.state(), b.state());
    let mut wrong = Vec::new();
    // The expected panics are not news.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for (name, use_) in uses() {
        let got = outcome(&a, &mut b, |a, s| use_(a, s));
        let refused = got == format!("panicked: {WRONG_STORE}")
            || (got.starts_with("returned Err(") && got.contains(WRONG_STORE));
        if !refused {
            wrong.push(format!("{name}: {got}"));
        }
        if a.state() != a_before || b.state() != b_before {
            wrong.push(format!(
                "{name} changed a store: {} and {}",
                a.state(),
                b.state()
            ));
            break;
        }
    }
    std::panic::set_hook(hook);
    assert!(wrong.is_empty(), "not refused:\n{}", wrong.join("\n"));
}

#[test]
fn handles_still_work_with_their_own_store() {
    let engine = Engine::default();
    let mut a = Tenant::new(&engine, b"A-secret", 1);
    assert_eq!(&a.mem.data(&a.store)[..8], b"A-secret");
    a.mem.data_mut(&mut a.store)[0] = b'a';
    assert_eq!(
        a.state(),
        "mem [97, 45, 115, 101, 99, 114, 101, 116], pages 1, table 2, g I64(1)"
    );
    assert_eq!(a.typed.call(&mut a.store, ()).unwrap(), 42);
    assert_eq!(a.inst.exports(&a.store).len(), 4);
}
