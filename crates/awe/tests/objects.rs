//! A store's objects as the host sees them through the API (exports, memories, tables,
//! globals), checked against what wasm code in the same store sees: each step changes or
//! reads an object from one side, and its rendered result must be the expected text.

use awe::{Engine, Extern, Instance, Linker, Module, Store, Val};

const MODULE: &str = r#"(module
  (memory (export "mem") 1 3)
  (table (export "tab") 2 5 funcref)
  (global (export "g") (mut i64) (i64.const 7))
  (global (export "c") f32 (f32.const 1.5))
  (func $f (export "f") (result i32) (i32.const 42))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "mem_size") (result i32) (memory.size))
  (func (export "tab_size") (result i32) (table.size))
  (func (export "call_at") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
  (func (export "get_g") (result i64) (global.get 0))
  (func (export "set_g") (param i64) (global.set 0 (local.get 0)))
  (elem (i32.const 1) $f))"#;

/// The store and its one instance.
struct Ctx {
    store: Store<()>,
    inst: Instance,
}

impl Ctx {
    fn new() -> Ctx {
        let engine = Engine::default();
        let module = Module::new(&engine, MODULE).unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        Ctx { store, inst }
    }

    /// Calls export `name` with i32/i64 `args` (by the function's type); its results.
    fn call(&mut self, name: &str, args: &[i64]) -> String {
        let f = self.inst.get_func(&self.store, name).unwrap();
        let ty = f.ty(&self.store);
        let args: Vec<Val> = args
            .iter()
            .zip(&ty.params)
            .map(|(&a, t)| match t {
                awe::ValType::I64 => Val::I64(a),
                _ => Val::I32(a as i32),
            })
            .collect();
        let mut out: Vec<Val> = ty.results.iter().map(|&t| Val::default_for(t)).collect();
        match f.call(&mut self.store, &args, &mut out) {
            Ok(()) => format!("{out:?}"),
            Err(e) => format!("error: {e}"),
        }
    }

    fn mem(&self) -> awe::Memory {
        self.inst.get_memory(&self.store, "mem").unwrap()
    }

    fn tab(&self) -> awe::Table {
        self.inst.get_table(&self.store, "tab").unwrap()
    }

    fn global(&self, name: &str) -> awe::Global {
        self.inst.get_global(&self.store, name).unwrap()
    }

    fn f(&self) -> awe::Func {
        self.inst.get_func(&self.store, "f").unwrap()
    }
}

/// A result or an error, rendered.
fn show<T: std::fmt::Debug>(r: awe::Result<T>) -> String {
    match r {
        Ok(v) => format!("{v:?}"),
        Err(e) => format!("error: {e}"),
    }
}

type Step = (&'static str, fn(&mut Ctx) -> String, &'static str);

/// Steps in order: what is done, how, and its rendered result.
const STEPS: &[Step] = &[
    (
        "the memory's type",
        |c| format!("{:?}", c.mem().ty(&c.store).limits),
        "Limits { min: 1, max: Some(3) }",
    ),
    (
        "host writes, wasm reads",
        |c| {
            c.mem().write(&mut c.store, 100, &[9, 8]).unwrap();
            c.call("load", &[101])
        },
        "[I32(8)]",
    ),
    (
        "wasm writes, host reads",
        |c| {
            c.call("store", &[65535, 77]);
            let mut b = [0; 1];
            c.mem().read(&c.store, 65535, &mut b).unwrap();
            format!("{b:?} {}", c.mem().data(&c.store)[65535])
        },
        "[77] 77",
    ),
    (
        "host read past the end",
        |c| show(c.mem().read(&c.store, 65535, &mut [0; 2])),
        "error: out of bounds memory access",
    ),
    (
        "host writes through data_mut",
        |c| {
            c.mem().data_mut(&mut c.store)[7] = 5;
            c.call("load", &[7])
        },
        "[I32(5)]",
    ),
    (
        "host grows the memory",
        |c| show(c.mem().grow(&mut c.store, 1)),
        "1",
    ),
    (
        "wasm sees the new size",
        |c| c.call("mem_size", &[]),
        "[I32(2)]",
    ),
    (
        "the type's minimum follows",
        |c| {
            let m = c.mem();
            format!(
                "{} {} {}",
                m.ty(&c.store).limits.min,
                m.size(&c.store),
                m.data_size(&c.store)
            )
        },
        "2 2 131072",
    ),
    (
        "growing past the maximum",
        |c| show(c.mem().grow(&mut c.store, 2)),
        "error: cannot grow the memory by 2 pages",
    ),
    (
        "the table's type",
        |c| format!("{:?}", c.tab().ty(&c.store).limits),
        "Limits { min: 2, max: Some(5) }",
    ),
    (
        "the element segment's entry",
        |c| {
            let f = c.f();
            format!(
                "{}",
                c.tab().get(&c.store, 1) == Some(Val::FuncRef(Some(f)))
            )
        },
        "true",
    ),
    (
        "an empty entry",
        |c| format!("{:?}", c.tab().get(&c.store, 0)),
        "Some(FuncRef(None))",
    ),
    (
        "an entry past the end",
        |c| format!("{:?}", c.tab().get(&c.store, 2)),
        "None",
    ),
    (
        "calling the empty entry",
        |c| c.call("call_at", &[0]),
        "error: uninitialized element 0",
    ),
    (
        "host sets it, wasm calls it",
        |c| {
            let f = Val::FuncRef(Some(c.f()));
            c.tab().set(&mut c.store, 0, f).unwrap();
            c.call("call_at", &[0])
        },
        "[I32(42)]",
    ),
    (
        "setting past the end",
        |c| show(c.tab().set(&mut c.store, 2, Val::FuncRef(None))),
        "error: out of bounds table access",
    ),
    (
        "setting a value of another type",
        |c| show(c.tab().set(&mut c.store, 0, Val::I32(1))),
        "error: the value does not match the table's type",
    ),
    (
        "host grows the table",
        |c| show(c.tab().grow(&mut c.store, 2, Val::FuncRef(None))),
        "2",
    ),
    (
        "wasm sees the new size",
        |c| c.call("tab_size", &[]),
        "[I32(4)]",
    ),
    (
        "the host sees it too",
        |c| {
            format!(
                "{} {}",
                c.tab().size(&c.store),
                c.tab().ty(&c.store).limits.min
            )
        },
        "4 4",
    ),
    (
        "growing past the maximum",
        |c| show(c.tab().grow(&mut c.store, 2, Val::FuncRef(None))),
        "error: cannot grow the table by 2 elements",
    ),
    (
        "the globals' types",
        |c| {
            format!(
                "{:?} {:?}",
                c.global("g").ty(&c.store),
                c.global("c").ty(&c.store)
            )
        },
        "GlobalType { content: I64, mutability: Var } GlobalType { content: F32, mutability: Const }",
    ),
    (
        "the initial values",
        |c| {
            format!(
                "{:?} {:?}",
                c.global("g").get(&c.store),
                c.global("c").get(&c.store)
            )
        },
        "I64(7) F32(1069547520)",
    ),
    (
        "host sets, wasm reads",
        |c| {
            c.global("g").set(&mut c.store, Val::I64(-3)).unwrap();
            c.call("get_g", &[])
        },
        "[I64(-3)]",
    ),
    (
        "wasm sets, host reads",
        |c| {
            c.call("set_g", &[1 << 40]);
            format!("{:?}", c.global("g").get(&c.store))
        },
        "I64(1099511627776)",
    ),
    (
        "setting an immutable global",
        |c| show(c.global("c").set(&mut c.store, Val::F32(0))),
        "error: the global is immutable",
    ),
    (
        "setting a value of another type",
        |c| show(c.global("g").set(&mut c.store, Val::I32(0))),
        "error: the value does not match the global's type",
    ),
    (
        "every export, in order",
        |c| {
            let kinds: Vec<String> = c
                .inst
                .exports(&c.store)
                .map(|e| {
                    let name = e.name().to_owned();
                    let kind = match e.into_extern() {
                        Extern::Func(_) => "func",
                        Extern::Table(_) => "table",
                        Extern::Memory(_) => "memory",
                        Extern::Global(_) => "global",
                        Extern::Tag(_) => "tag",
                    };
                    format!("{name}:{kind}")
                })
                .collect();
            kinds.join(" ")
        },
        "mem:memory tab:table g:global c:global f:func load:func store:func mem_size:func tab_size:func call_at:func get_g:func set_g:func",
    ),
    (
        "an export that is not there",
        |c| format!("{:?}", c.inst.get_export(&c.store, "nope")),
        "None",
    ),
];

#[test]
fn host_and_wasm_see_the_same_objects() {
    let mut c = Ctx::new();
    let mut wrong = Vec::new();
    for (what, step, want) in STEPS {
        let got = step(&mut c);
        if got != *want {
            wrong.push(format!("{what}: expected {want}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
