//! Compiled code run against a context made here (not the engine's): the trampolines'
//! cells, many results, traps and their zeros, the entry's stack check, fuel, memory
//! bounds, calls through the libcalls and to native code, interrupts.
#![allow(unsafe_code)]

use super::*;
use awe_engine::TrapCode;
use awe_engine::native::{Trampoline, offsets, trap_number};
use std::cell::RefCell;
use std::sync::atomic::AtomicBool;

/// What the libcalls saw.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Event {
    Trap {
        code: u32,
        func: u32,
        offset: u32,
    },
    Frame {
        func: u32,
        offset: u32,
    },
    Checkpoint(u64),
    Call(u32),
    CallIndirect {
        ty: u32,
        table: u32,
        index: u64,
    },
    MemoryGrow(u64),
    Bulk {
        op: u32,
        imms: (u32, u32),
        args: (u64, u64, u64),
    },
}

thread_local! {
    static EVENTS: RefCell<Vec<Event>> = const { RefCell::new(Vec::new()) };
}

fn record(e: Event) {
    EVENTS.with(|v| v.borrow_mut().push(e));
}

fn events() -> Vec<Event> {
    EVENTS.with(|v| std::mem::take(&mut *v.borrow_mut()))
}

/// A context laid out as `VmCtx`'s native-visible fields are: words at the offsets.
struct Ctx {
    words: Box<[u64; 128]>,
    interrupt: Box<AtomicBool>,
}

impl Ctx {
    fn new() -> Ctx {
        assert!((offsets::BULK as usize) < 128 * 8 - 8);
        let mut c = Ctx {
            words: Box::new([0; 128]),
            interrupt: Box::new(AtomicBool::new(false)),
        };
        c.set(offsets::MAX_DEPTH, 100);
        c.set(
            offsets::INTERRUPT,
            &*c.interrupt as *const AtomicBool as u64,
        );
        c.set(offsets::CALL, lib_call as *const () as u64);
        c.set(
            offsets::CALL_INDIRECT,
            lib_call_indirect as *const () as u64,
        );
        c.set(offsets::TRAP, lib_trap as *const () as u64);
        c.set(offsets::FRAME, lib_frame as *const () as u64);
        c.set(offsets::CHECKPOINT, lib_checkpoint as *const () as u64);
        c.set(offsets::MEMORY_GROW, lib_memory_grow as *const () as u64);
        c.set(offsets::BULK, lib_bulk as *const () as u64);
        c
    }

    fn set(&mut self, offset: i32, v: u64) {
        self.words[offset as usize / 8] = v;
    }

    fn get(&self, offset: i32) -> u64 {
        self.words[offset as usize / 8]
    }

    fn status(&self) -> u32 {
        // `status` is the first `u32`, the low half of word 0.
        assert_eq!(offsets::STATUS, 0);
        self.words[0] as u32
    }
}

/// The word at `offset` of the context at `ctx`.
///
/// # Safety
/// `ctx` must be a `Ctx`'s words.
unsafe fn word(ctx: *mut u64, offset: i32) -> *mut u64 {
    // SAFETY: the caller's contract; every offset is within the words.
    unsafe { ctx.add(offset as usize / 8) }
}

unsafe extern "C" fn lib_trap(ctx: *mut u64, code: u32, func: u32, offset: u32) {
    record(Event::Trap { code, func, offset });
    // SAFETY: compiled code passes its context, a `Ctx`'s words.
    unsafe { *word(ctx, offsets::STATUS) = 1 };
}

unsafe extern "C" fn lib_frame(_: *mut u64, func: u32, offset: u32) {
    record(Event::Frame { func, offset });
}

/// Consumes the fuel or fails, as the engine's does; clears the interrupt flag.
unsafe extern "C" fn lib_checkpoint(ctx: *mut u64, amount: u64) {
    record(Event::Checkpoint(amount));
    // SAFETY: as for `lib_trap`; the interrupt word points at the `Ctx`'s flag.
    unsafe {
        let flag = *word(ctx, offsets::INTERRUPT) as *const AtomicBool;
        (*flag).store(false, std::sync::atomic::Ordering::Relaxed);
        let fuel = word(ctx, offsets::FUEL);
        if *fuel < amount {
            *word(ctx, offsets::STATUS) = 1;
        } else {
            *fuel -= amount;
        }
    }
}

/// The function at address 42 adds its two `i32` arguments, 7 doubles its one; 43
/// fails.
unsafe extern "C" fn lib_call(ctx: *mut u64, addr: u32, cells: *mut u64) {
    record(Event::Call(addr));
    // SAFETY: compiled code passes cells for the arguments and the result.
    unsafe {
        match addr {
            42 => *cells = u64::from((*cells as u32).wrapping_add(*cells.add(1) as u32)),
            7 => *cells = u64::from((*cells as u32).wrapping_mul(2)),
            _ => *word(ctx, offsets::STATUS) = 1,
        }
    }
}

unsafe extern "C" fn lib_call_indirect(
    _: *mut u64,
    ty: u32,
    table: u32,
    index: u64,
    cells: *mut u64,
) {
    record(Event::CallIndirect { ty, table, index });
    // SAFETY: compiled code passes cells for the result.
    unsafe { *cells = 0xffff_ffff_0000_0007 };
}

unsafe extern "C" fn lib_memory_grow(_: *mut u64, _memory: u32, delta: u64) -> u64 {
    record(Event::MemoryGrow(delta));
    u64::MAX
}

unsafe extern "C" fn lib_bulk(_: *mut u64, op: u32, a: u32, b: u32, x: u64, y: u64, z: u64) -> u64 {
    record(Event::Bulk {
        op,
        imms: (a, b),
        args: (x, y, z),
    });
    5
}

fn module(wat: &str) -> ValidModule {
    awe_validate::validate(awe_text::parse_module(wat).expect("parses")).expect("valid")
}

/// Compiled function `index` of `m` and its array trampoline.
fn compiled(
    c: &Cranelift,
    m: &ValidModule,
    index: u32,
    cp: Checkpoints,
) -> (NativeFunc, Trampoline) {
    let f = c.compile(m, index, cp).expect("compiles");
    let module = m.module();
    let ty = module.type_func(module.funcs[index as usize].ty).unwrap();
    let t = c.trampoline(ty).unwrap();
    // SAFETY: the trampoline's code is an array trampoline (`trampoline::build`), kept
    // mapped by `c`'s cache as long as `c` lives.
    let t = unsafe { std::mem::transmute::<*const u8, Trampoline>(t.as_ptr()) };
    (f, t)
}

/// Runs `f` through `t` with `cells` (arguments in, results out) in `ctx`.
fn run(ctx: &mut Ctx, f: &NativeFunc, t: Trampoline, cells: &mut [u64]) {
    // SAFETY: `f` was compiled for a module whose every need the context meets (the
    // tests give each what its function reads), `cells` is large enough for its
    // parameters and results, and `t` is its type's trampoline.
    unsafe {
        t(
            ctx.words.as_mut_ptr().cast(),
            cells.as_mut_ptr(),
            f.call_ptr(),
        )
    };
}

#[test]
fn trampoline_moves_every_type() {
    let c = Cranelift::new().unwrap();
    let m = module(
        r#"(module (func (param i32 f32 i64 f64) (result f64 i32 f32 i64)
            local.get 3 local.get 0 local.get 1 local.get 2))"#,
    );
    let (f, t) = compiled(&c, &m, 0, Checkpoints::None);
    let mut ctx = Ctx::new();
    // High halves of the 32-bit cells are not read.
    let mut cells = [
        0xdead_beef_8000_0007,
        0xdead_beef_0000_0000 | u64::from(1.5f32.to_bits()),
        u64::MAX - 1,
        (-2.25f64).to_bits(),
    ];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(
        cells,
        [
            (-2.25f64).to_bits(),
            0x8000_0007,
            u64::from(1.5f32.to_bits()),
            u64::MAX - 1
        ]
    );
    assert_eq!(ctx.get(offsets::DEPTH), 0);
    assert_eq!(ctx.status(), 0);
    assert_eq!(events(), []);
}

#[test]
fn many_results() {
    let c = Cranelift::new().unwrap();
    let n = 24;
    let results = "i64 f32 ".repeat(n / 2);
    let body: String = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                format!("(i64.const {})", i * 1000)
            } else {
                format!("(f32.const {i})")
            }
        })
        .collect();
    let m = module(&format!("(module (func (result {results}) {body}))"));
    let (f, t) = compiled(&c, &m, 0, Checkpoints::None);
    let mut cells = vec![u64::MAX; n];
    run(&mut Ctx::new(), &f, t, &mut cells);
    for (i, &cell) in cells.iter().enumerate() {
        let expected = if i % 2 == 0 {
            i as u64 * 1000
        } else {
            u64::from((i as f32).to_bits())
        };
        assert_eq!(cell, expected, "result {i}");
    }
}

#[test]
fn a_trap_returns_zeros_and_the_depth() {
    let c = Cranelift::new().unwrap();
    let m = module(
        r#"(module (func (param i32) (result i32 f64)
            (drop (i32.div_u (i32.const 1) (local.get 0)))
            (i32.const 7) (f64.const 1) unreachable))"#,
    );
    let (f, t) = compiled(&c, &m, 0, Checkpoints::None);
    for (arg, code) in [
        (0, TrapCode::IntegerDivideByZero),
        (1, TrapCode::Unreachable),
    ] {
        let mut ctx = Ctx::new();
        ctx.set(offsets::DEPTH, 5);
        let mut cells = [arg, 99];
        run(&mut ctx, &f, t, &mut cells);
        assert_eq!(cells, [0, 0]);
        assert_eq!(ctx.get(offsets::DEPTH), 5);
        assert_eq!(ctx.status(), 1);
        // Text modules have no byte offsets: 0.
        assert_eq!(
            events(),
            [Event::Trap {
                code: trap_number(code),
                func: 0,
                offset: 0
            }]
        );
    }
}

#[test]
fn too_deep_traps_on_entry() {
    let c = Cranelift::new().unwrap();
    let m =
        module(r#"(module (func (result i32) (i32.const 1)) (func (result i32) (i32.const 2)))"#);
    let (f, t) = compiled(&c, &m, 1, Checkpoints::None);
    let mut ctx = Ctx::new();
    ctx.set(offsets::DEPTH, 100);
    let mut cells = [9];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [0]);
    assert_eq!(ctx.get(offsets::DEPTH), 100);
    let trap = Event::Trap {
        code: trap_number(TrapCode::StackOverflow),
        func: 1,
        offset: u32::MAX,
    };
    assert_eq!(events(), std::slice::from_ref(&trap));
    // The stack pointer below the limit: the same.
    let mut ctx = Ctx::new();
    ctx.set(offsets::STACK_LIMIT, u64::MAX);
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(events(), [trap]);
    // Neither: it runs.
    let mut ctx = Ctx::new();
    ctx.set(offsets::DEPTH, 99);
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!((cells, events()), ([2], vec![]));
    assert_eq!(ctx.get(offsets::DEPTH), 99);
}

/// A loop of `n` rounds consumes the entry's amount, `n` times the loop's, and the
/// amount after its end, as the interpreter counts them; too little fuel goes to the
/// checkpoint libcall with the amount due.
#[test]
fn fuel_is_counted_at_the_checkpoints() {
    let c = Cranelift::new().unwrap();
    let m = module(
        r#"(module (func (param i32) (result i32) (local i32)
            (loop
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if 0 (i32.lt_u (local.get 1) (local.get 0))))
            (local.get 1)))"#,
    );
    let amounts = c.checkpoint_amounts(&m, 0, Checkpoints::Fuel).unwrap();
    // Entry: `loop` opens its own. Loop: loop, local.get, i32.const, i32.add,
    // local.set, local.get, local.get, i32.lt_u, br_if, end (the end opens its own).
    // After: end, local.get, end.
    assert_eq!(amounts, [0, 9, 3]);
    let (f, t) = compiled(&c, &m, 0, Checkpoints::Fuel);
    let mut ctx = Ctx::new();
    ctx.set(offsets::FUEL, 1000);
    let mut cells = [10];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [10]);
    assert_eq!(ctx.get(offsets::FUEL), 1000 - 10 * 9 - 3);
    assert_eq!(events(), []);
    // Fuel for four rounds: the fifth loop header fails.
    let mut ctx = Ctx::new();
    ctx.set(offsets::FUEL, 4 * 9 + 8);
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [0]);
    assert_eq!(ctx.get(offsets::DEPTH), 0);
    assert_eq!(
        events(),
        [Event::Checkpoint(9), Event::Frame { func: 0, offset: 0 }]
    );
    // An interrupt at a loop header: the libcall, which clears the flag and consumes.
    let mut ctx = Ctx::new();
    ctx.set(offsets::FUEL, 1000);
    ctx.interrupt
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let mut cells = [10];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [10]);
    assert_eq!(events(), [Event::Checkpoint(0)]);
    assert_eq!(ctx.get(offsets::FUEL), 1000 - 10 * 9 - 3);
    // With loop checkpoints only: the interrupt checked, no fuel.
    let (f, t) = compiled(&c, &m, 0, Checkpoints::Loops);
    let mut ctx = Ctx::new();
    ctx.interrupt
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let mut cells = [10];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!((cells, events()), ([10], vec![Event::Checkpoint(0)]));
    assert_eq!(ctx.get(offsets::FUEL), 0);
}

#[test]
fn memory_accesses_are_bounds_checked() {
    let c = Cranelift::new().unwrap();
    let m = module(
        r#"(module (memory 1)
            (func (param i32 i64) (result i64)
              (i64.store offset=4 (local.get 0) (local.get 1))
              (i64.load32_s offset=4 (local.get 0)))
            (func (result i32) (memory.grow (i32.const 3)))
            (func (result i32) (memory.size)))"#,
    );
    let (f, t) = compiled(&c, &m, 0, Checkpoints::None);
    let mut memory = vec![0u8; 65536];
    let mut ctx = Ctx::new();
    ctx.set(offsets::MEM_BASE, memory.as_mut_ptr() as u64);
    ctx.set(offsets::MEM_LEN, memory.len() as u64);
    let mut cells = [65524, 0x1234_5678_8000_0001];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells[0], 0xffff_ffff_8000_0001);
    assert_eq!(memory[65528..], 0x1234_5678_8000_0001u64.to_le_bytes());
    assert_eq!(events(), []);
    // One byte further: out of bounds, nothing written.
    let mut cells = [65525, 1];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [0, 1]);
    assert_eq!(
        events(),
        [Event::Trap {
            code: trap_number(TrapCode::MemoryOutOfBounds),
            func: 0,
            offset: 0
        }]
    );
    assert_eq!(memory[65528..], 0x1234_5678_8000_0001u64.to_le_bytes());
    // An address whose 32 bits are "negative": zero-extended, out of bounds.
    let mut cells = [u64::from(u32::MAX), 1];
    ctx.set(offsets::STATUS, 0);
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(events().len(), 1);
    // memory.grow through the engine (which refuses here: -1), memory.size from the
    // length.
    let (f, t) = compiled(&c, &m, 1, Checkpoints::None);
    let mut cells = [0];
    ctx.set(offsets::STATUS, 0);
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(
        (cells, events()),
        ([u64::from(u32::MAX)], vec![Event::MemoryGrow(3)])
    );
    let (f, t) = compiled(&c, &m, 2, Checkpoints::None);
    ctx.set(offsets::MEM_LEN, 5 << 16);
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [5]);
}

#[test]
fn calls_through_the_engine_and_to_native_code() {
    let c = Cranelift::new().unwrap();
    let m = module(
        r#"(module
            (import "h" "add" (func $add (param i32 i32) (result i32)))
            (table 2 funcref)
            (func $twice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
            (func (param i32) (result i32)
              (call $twice (call $add (local.get 0) (i32.const 10))))
            (func (param i32) (result i32)
              (call_indirect (param i32) (result i32) (i32.const 1) (local.get 0))))"#,
    );
    let (twice, _) = compiled(&c, &m, 0, Checkpoints::None);
    let (f, t) = compiled(&c, &m, 1, Checkpoints::None);
    let func_addrs: [u32; 4] = [42, 7, 8, 9];
    let mut ctx = Ctx::new();
    ctx.set(offsets::FUNC_ADDRS, func_addrs.as_ptr() as u64);
    // `$twice` not compiled yet: through the engine (whose "function 7" adds too).
    let mut natives: [*const u8; 3] = [std::ptr::null(); 3];
    ctx.set(offsets::NATIVE_CALLS, natives.as_ptr() as u64);
    let mut cells = [5];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(
        (cells, events()),
        ([30], vec![Event::Call(42), Event::Call(7)])
    );
    // Compiled: called directly.
    natives[0] = twice.call_ptr();
    ctx.set(offsets::NATIVE_CALLS, natives.as_ptr() as u64);
    let mut cells = [5];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!((cells, events()), ([30], vec![Event::Call(42)]));
    // A failed call: this frame added, zeros.
    let func_addrs: [u32; 4] = [43, 7, 8, 9];
    ctx.set(offsets::FUNC_ADDRS, func_addrs.as_ptr() as u64);
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(
        (cells, events()),
        (
            [0],
            vec![Event::Call(43), Event::Frame { func: 2, offset: 0 }]
        )
    );
    // An interrupt before a call: the checkpoint libcall, amount 0.
    ctx.set(offsets::STATUS, 0);
    let func_addrs: [u32; 4] = [42, 7, 8, 9];
    ctx.set(offsets::FUNC_ADDRS, func_addrs.as_ptr() as u64);
    ctx.interrupt
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let mut cells = [1];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [22]);
    assert_eq!(events(), [Event::Checkpoint(0), Event::Call(42)]);
    // call_indirect: type, table, the index zero-extended; the i32 result from the low
    // half of its cell.
    let (f, t) = compiled(&c, &m, 2, Checkpoints::None);
    let mut cells = [u64::from(u32::MAX)];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [7]);
    assert_eq!(
        events(),
        [Event::CallIndirect {
            ty: 1,
            table: 0,
            index: u64::from(u32::MAX)
        }]
    );
}

#[test]
fn bulk_and_table_instructions_go_to_the_engine() {
    let c = Cranelift::new().unwrap();
    let m = module(
        r#"(module (memory 1) (table 3 funcref) (elem declare func 0)
            (func (param i32) (result i32)
              (memory.fill (local.get 0) (i32.const 255) (i32.const 3))
              (table.set (i32.const 1) (ref.func 0))
              (table.grow (table.get (local.get 0)) (i32.const 2))))"#,
    );
    let (f, t) = compiled(&c, &m, 0, Checkpoints::None);
    let mut ctx = Ctx::new();
    let func_addrs: [u32; 1] = [11];
    ctx.set(offsets::FUNC_ADDRS, func_addrs.as_ptr() as u64);
    let mut cells = [u64::from(u32::MAX)];
    run(&mut ctx, &f, t, &mut cells);
    assert_eq!(cells, [5]);
    let bulk = |op: awe_engine::native::BulkOp, imms, args| Event::Bulk {
        op: op as u32,
        imms,
        args,
    };
    use awe_engine::native::BulkOp::*;
    assert_eq!(
        events(),
        [
            bulk(MemoryFill, (0, 0), (u64::from(u32::MAX), 255, 3)),
            bulk(TableSet, (0, 0), (1, 12, 0)),
            bulk(TableGet, (0, 0), (u64::from(u32::MAX), 0, 0)),
            bulk(TableGrow, (0, 0), (5, 2, 0)),
        ]
    );
}

/// A function whose frame would be over `MAX_FRAME` stays interpreted: here the
/// arguments of a call of 2100 parameters, passed on the stack.
#[test]
fn huge_frames_are_refused() {
    let c = Cranelift::new().unwrap();
    let n = 2100;
    let args = "(i64.const 1) ".repeat(n);
    let m = module(&format!(
        "(module (func (param {})) (func (call 0 {args})))",
        "i64 ".repeat(n)
    ));
    let e = c.compile(&m, 1, Checkpoints::None).unwrap_err();
    assert!(e.starts_with("unsupported: a stack frame of "), "{e}");
}

/// What is not supported is refused with an `unsupported:` reason, even in dead code.
#[test]
fn unsupported_features_are_refused() {
    let c = Cranelift::new().unwrap();
    for (wat, reason) in [
        ("(func (local v128))", "unsupported: uses v128"),
        ("(func (param externref))", "unsupported: uses externref"),
        (
            "(func (result i32) unreachable (v128.const i64x2 0 0) drop)",
            "unsupported: uses v128",
        ),
        ("(func (return_call 0))", "unsupported: return_call"),
        (
            "(memory i64 1) (func (drop (i32.load (i64.const 0))))",
            "unsupported: a 64-bit memory",
        ),
        (
            "(memory 1) (memory 1) (func (drop (i32.load 1 (i32.const 0))))",
            "unsupported: a memory other than memory 0",
        ),
        (
            "(table 1 externref) (func (drop (table.size 0)))",
            "unsupported: a table of externref",
        ),
        ("(tag) (func (throw 0))", "unsupported: throw"),
        (
            "(func (drop (ref.null extern)))",
            "unsupported: uses externref",
        ),
    ] {
        let m = module(&format!("(module {wat})"));
        let e = c.compile(&m, 0, Checkpoints::Fuel).unwrap_err();
        assert!(e.starts_with(reason), "{wat}: {e}");
    }
}

mod numeric;
