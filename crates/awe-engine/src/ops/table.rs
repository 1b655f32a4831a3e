//! The op table: every op of the register bytecode, described once.
//!
//! [`for_each_op!`] calls a macro with the whole table; each consumer expands the parts
//! it needs, so that a fact missing from a row is a compile error rather than a silent
//! gap:
//! - `crate::ops` makes the [`Op`](crate::ops::Op) enum from the rows' fields, and from
//!   the fields' types the facts the translator needs: a field of type
//!   [`Jump`](crate::ops::Jump) is a branch offset (patched, threaded and checked by
//!   the translator's verifier), a field of type [`Dst`](crate::ops::Dst) the cell an
//!   op writes its one result to (which `local.set` may retarget); the `inverses`
//!   section gives each conditional branch its opposite;
//! - `crate::exec` makes one handler per row (its body, with the row's fields bound),
//!   the handler table indexed by tag, the ops' names and their count.
//!
//! The table is, in order:
//! - `[ip, regs, mem, mem_len, st]`: the names of every handler's parameters (the
//!   next op, the frame's cells, the memory's address and length, the `State`);
//! - `prelude { ... }`: helper macros pasted into every handler (where its parameters
//!   are in scope);
//! - `helpers { ... }`: handlers of no op of their own, which handlers tail-call;
//! - `ops { ... }`: one row per op: doc comments, `Name { field: Type, ... }`, for the
//!   plain loads and stores the instructions the op lowers (`lowers load(I32Load,
//!   F32Load)`: the translator expands its lowering of those instructions from these),
//!   for the ops with an immediate right operand the binary instruction they stand for
//!   when that operand is a constant (`imm_of I32Add`; an `i64` constant must fit the
//!   `i32` field), `=>`, and its handler in one of four forms:
//!   - `{ ... }`: the body runs with every field bound and `ip` past the op, then the
//!     handler continues with the op at `ip` (a branch inside may dispatch elsewhere);
//!   - `tail { ... }`: every field bound; the body decides where to go next (it ends
//!     in a jump, a return or a call);
//!   - `delegate { ... }`: no field bound; the body hands the op to a helper, which
//!     reads it again;
//!   - `exit { ... }`: no field bound; the op leaves the threaded code (to `interpret`, or
//!     with a trap), ending the chain of handlers;
//! - `inverses { ... }`: pairs of conditional branches each taken exactly when the other
//!   is not, with their fields;
//! - then, added by [`awe_module::for_each_scalar_instruction!`], the scalar numeric
//!   instructions of the instruction table, `unary { ... }` and `binary { ... }`: one op
//!   each, `Name { d: Dst, a: Reg }` or `Name { d: Dst, a: Reg, b: Reg }`, named as the
//!   instruction, whose handler applies the row's function of `crate::num` (`fn_name`)
//!   with the operand and result types of its class.
//!
//! Adding an op is adding its row here; the translator then emits it where it applies.

/// Calls macro `$m` with the op table (see the module's documentation).
macro_rules! for_each_op {
    ($m:ident) => {
        awe_module::for_each_numeric_instruction! { $m
    [ip, regs, mem, mem_len, st]
    prelude {
        #[allow(unused_macros)]
        macro_rules! r {
            ($x:expr) => {
                // SAFETY: `regs` points at the frame's base, which has `REG_WINDOW` cells
                // after it in the stack (see `Handler`), and a `Reg` is below `REG_WINDOW`.
                *unsafe { &mut *regs.add(usize::from($x as $crate::ops::Reg)) }
            };
        }
        /// The `v128` in cells `$x` (its low half) and `$x + 1`, as a `simd::V128` (its
        /// bytes in memory order: on a little-endian host the two cells' bytes as they are).
        #[allow(unused_macros)]
        macro_rules! v {
            ($x:expr) => {{
                let x = usize::from($x as $crate::ops::Reg);
                // SAFETY: as in `r!`: the stack has `REG_WINDOW` cells from `regs` on, more
                // than `Reg::MAX + 1`, so cells `x` and `x + 1` are in it.
                #[cfg(target_endian = "little")]
                let v: [u8; 16] = unsafe { std::ptr::read_unaligned(regs.add(x) as *const [u8; 16]) };
                // SAFETY: as above.
                #[cfg(target_endian = "big")]
                let v: [u8; 16] = unsafe {
                    $crate::simd::v128_from_u128(u128::from(*regs.add(x)) | u128::from(*regs.add(x + 1)) << 64)
                };
                v
            }};
        }
        /// Writes the `simd::V128` `$v` to cells `$x` (its low half) and `$x + 1`.
        #[allow(unused_macros)]
        macro_rules! set_v {
            ($x:expr, $v:expr) => {{
                let v: [u8; 16] = $v;
                let x = usize::from($x as $crate::ops::Reg);
                // SAFETY: as in `v!`.
                #[cfg(target_endian = "little")]
                unsafe {
                    std::ptr::write_unaligned(regs.add(x) as *mut [u8; 16], v)
                };
                // SAFETY: as in `v!`.
                #[cfg(target_endian = "big")]
                unsafe {
                    let v = $crate::simd::v128_to_u128(v);
                    *regs.add(x) = v as u64;
                    *regs.add(x + 1) = (v >> 64) as u64;
                }
            }};
        }
        #[allow(unused_macros)]
        macro_rules! trap {
            ($c:expr) => {{
                return trap_exit(st, ip, $c);
            }};
        }
        #[allow(unused_macros)]
        macro_rules! check {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(c) => trap!(c),
                }
            };
        }
        /// Hands the op just run to `interpret`.
        #[allow(unused_macros)]
        macro_rules! slow {
            () => {{
                st.cur().ip = ip;
                return Exit::Slow;
            }};
        }
        /// The 32-bit sum of an address cell and another cell or a constant.
        #[allow(unused_macros)]
        macro_rules! sum {
            ($a:expr, $b:expr) => {
                u64::from(($a as u32).wrapping_add($b as u32))
            };
        }
        #[allow(unused_macros)]
        macro_rules! load {
            ($d:expr, $addr:expr, $offset:expr, $n:literal, $conv:expr) => {
                load_at!($d, r!($addr), $offset, $n, $conv)
            };
        }
        #[allow(unused_macros)]
        macro_rules! store {
            ($addr:expr, $s:expr, $offset:expr, $n:literal) => {
                store_at!(r!($addr), $s, $offset, $n)
            };
        }
        #[allow(unused_macros)]
        macro_rules! load_at {
            ($d:expr, $addr:expr, $offset:expr, $n:literal, $conv:expr) => {{
                let v = loaded!($addr, $offset, $n, $conv);
                r!($d) = v;
            }};
        }
        /// The `$n` bytes at address `$addr` + `$offset`, converted by `$conv` (or the
        /// trap).
        #[allow(unused_macros)]
        macro_rules! loaded {
            ($addr:expr, $offset:expr, $n:literal, $conv:expr) => {{
                let ea = check!(effective($addr, $offset, $n, mem_len));
                // SAFETY: `ea + $n <= mem_len` (checked by `effective`), and `mem` points
                // at the `mem_len` bytes of the instance's memory (see `Handler`). (A
                // value, not a local array copied into: a local whose address is taken
                // can keep the dispatch from being a tail call.)
                let b = unsafe { std::ptr::read_unaligned(mem.add(ea) as *const [u8; $n]) };
                $conv(b)
            }};
        }
        #[allow(unused_macros)]
        macro_rules! store_at {
            ($addr:expr, $s:expr, $offset:expr, $n:literal) => {{
                let v = r!($s).to_le_bytes();
                let ea = check!(effective($addr, $offset, $n, mem_len));
                let mut b = [0u8; $n];
                b.copy_from_slice(&v[..$n]);
                // SAFETY: as in `load_at!`.
                unsafe { std::ptr::write_unaligned(mem.add(ea) as *mut [u8; $n], b) };
            }};
        }
        /// The address and length of the memory an op of any memory names by a `MemSel`:
        /// memory 0 is `mem`, another is looked up in the instance.
        #[allow(unused_macros)]
        macro_rules! memory_at {
            ($sel:expr) => {{
                let i = usize::from($sel & !$crate::ops::WIDE);
                if i == 0 { (mem, mem_len) } else { st.memory_at(i) }
            }};
        }
        /// The address (or length) in cell `$x` for memory `$sel`: 64 bits wide for a
        /// memory with 64-bit addresses, else 32.
        #[allow(unused_macros)]
        macro_rules! address {
            ($x:expr, $sel:expr) => {
                if $sel & $crate::ops::WIDE != 0 { r!($x) } else { u64::from(r!($x) as u32) }
            };
        }
        /// `load!` from memory `$sel` (any memory, addresses of its type).
        #[allow(unused_macros)]
        macro_rules! load_mem {
            ($d:expr, $addr:expr, $sel:expr, $offset:expr, $n:literal, $conv:expr) => {{
                let (base, len) = memory_at!($sel);
                let ea = check!(effective_wide(address!($addr, $sel), $offset, $n, len));
                // SAFETY: `ea + $n <= len` (checked by `effective_wide`), and `base` points
                // at the `len` bytes of the memory (`memory_at!`).
                let b = unsafe { std::ptr::read_unaligned(base.add(ea) as *const [u8; $n]) };
                r!($d) = $conv(b);
            }};
        }
        /// `store!` to memory `$sel` (any memory, addresses of its type).
        #[allow(unused_macros)]
        macro_rules! store_mem {
            ($addr:expr, $s:expr, $sel:expr, $offset:expr, $n:literal) => {{
                let v = r!($s).to_le_bytes();
                let (base, len) = memory_at!($sel);
                let ea = check!(effective_wide(address!($addr, $sel), $offset, $n, len));
                let mut b = [0u8; $n];
                b.copy_from_slice(&v[..$n]);
                // SAFETY: as in `load_mem!`.
                unsafe { std::ptr::write_unaligned(base.add(ea) as *mut [u8; $n], b) };
            }};
        }
        /// `d = op2(op1(a, b), c)` (or `op2(c, op1(a, b))`) on f64 cells.
        #[allow(unused_macros)]
        macro_rules! f64_pair {
            ($d:expr, $op1:ident($a:expr, $b:expr), $op2:ident(_, $c:expr)) => {{
                let t = num::$op1(f64::from_bits(r!($a)), f64::from_bits(r!($b)));
                r!($d) = num::$op2(t, f64::from_bits(r!($c))).to_bits();
            }};
            ($d:expr, $op1:ident($a:expr, $b:expr), $op2:ident($c:expr, _)) => {{
                let t = num::$op1(f64::from_bits(r!($a)), f64::from_bits(r!($b)));
                r!($d) = num::$op2(f64::from_bits(r!($c)), t).to_bits();
            }};
        }
        #[allow(unused_macros)]
        macro_rules! imm {
            ($d:expr, $a:expr, $t:ty, $f:expr) => {{
                let x = <$t as Cell>::from_cell(r!($a));
                r!($d) = Cell::to_cell($f(x));
            }};
        }
        #[allow(unused_macros)]
        macro_rules! jump {
            ($offset:expr) => {{
                // SAFETY: the translator checked that every branch target is an op of the
                // code (`ip` is one past the branch).
                let ip = unsafe { ip.offset($offset as isize - 1) };
                dispatch!(ip, regs, mem, mem_len, st)
            }};
        }
        /// Jumps if `cond` holds. Each way dispatches on its own, so that the branch
        /// stays a branch (a `cmov` choosing the next op would make the dispatch wait
        /// for the condition) and each way gets its own prediction. The empty `asm!`
        /// in one way keeps LLVM from merging the two into a `cmov` anyway, which it
        /// does where the ways look alike.
        #[allow(unused_macros)]
        macro_rules! branch_if {
            ($cond:expr, $offset:expr) => {{
                if $cond {
                    // SAFETY: an empty instruction sequence, which touches nothing.
                    // (Only with threaded dispatch, whose targets all have `asm!`.)
                    #[cfg(awe_tail_calls)]
                    unsafe {
                        std::arch::asm!("", options(nomem, nostack, preserves_flags));
                    }
                    jump!($offset)
                }
            }};
        }
        /// The second op of a pair (see "pairs" below): if the op at `ip` is a `$next`,
        /// continues with its handler, called directly (a jump the processor always
        /// predicts, where a dispatch is an indirect one); otherwise the handler goes on
        /// to dispatch it.
        #[allow(unused_macros)]
        macro_rules! then {
            ($next:ident) => {
                // SAFETY: the first op of a pair falls through, so the code has an op
                // after it (`translate::finish`), at `ip`.
                if matches!(unsafe { *ip }, Op::$next { .. }) {
                    #[cfg(feature = "op-stats")]
                    stats::record(ip);
                    // SAFETY: the op at `ip` is a `$next`; the rest is unchanged.
                    return unsafe { handler::$next(ip, regs, mem, mem_len, st) };
                }
            };
        }
        /// `d = $v` (a loaded `u32`), then a jump by `$offset` if `$cond` (of `$v`) holds.
        #[allow(unused_macros)]
        macro_rules! load_branch {
            ($d:expr, $load:expr, $v:ident, $cond:expr, $offset:expr) => {{
                let $v: u32 = $load;
                r!($d) = u64::from($v);
                branch_if!($cond, $offset);
            }};
        }
        /// `d = x + y` (32 bits), then a jump by `$offset` if `d op rhs` holds, compared
        /// as `$t`; `rhs` is read after `d` is written.
        #[allow(unused_macros)]
        macro_rules! add_branch {
            ($d:expr, $x:expr, $y:expr, $op:tt, $t:ty, $rhs:expr, $offset:expr) => {{
                let v = ($x as u32).wrapping_add($y as u32);
                r!($d) = u64::from(v);
                branch_if!((v as $t) $op ($rhs as $t), $offset);
            }};
        }
        /// Returns to the calling frame in the threaded code; the outermost frame's
        /// return goes to `interpret`.
        #[allow(unused_macros)]
        macro_rules! ret {
            () => {{
                let n = st.frames.len();
                if n < 2 {
                    slow!();
                }
                let from = st.frames[n - 1].instance;
                st.frames.truncate(n - 1);
                let to = st.frames[n - 2];
                let (mem, mem_len) = if to.instance != from {
                    st.load_instance()
                } else {
                    (mem, mem_len)
                };
                // The returning frame's cells are done with: the caller's are next.
                let _ = regs;
                // SAFETY: the stack has `REG_WINDOW` cells from a caller's base on (see
                // `State::load_code`).
                let regs = unsafe { st.stack.as_mut_ptr().add(to.base) };
                let ip = to.ip;
                dispatch!(ip, regs, mem, mem_len, st)
            }};
        }
        /// The fast path of a call within the running instance to the function whose
        /// ready code is `$callee` (null: not ready), with arguments at cell `$b`: a
        /// frame that fits, no interrupt pending, at most `$max` cells to initialize
        /// (copied a group of `INIT_GROUP` at a time). A callee with more goes to helper `$more`; anything
        /// else to `call_general`.
        #[allow(unused_macros)]
        macro_rules! call_in_instance {
            ($callee:expr, $b:expr, $max:literal, $more:ident) => {{
                let callee_ptr: *const CompiledFunc = $callee;
                let n = st.frames.len();
                // SAFETY: `regs` points at the running frame's base in the stack.
                let base = unsafe { regs.offset_from(st.stack.as_ptr()) } as usize + usize::from($b);
                if callee_ptr.is_null()
                    || n == 0
                    || n >= st.max_frames
                    || n == st.frames.capacity()
                    || base > st.base_limit
                    || st.interrupt.load(std::sync::atomic::Ordering::Relaxed)
                {
                    // SAFETY: as for `Call`.
                    return unsafe { handler::call_general(ip, regs, mem, mem_len, st) };
                }
                // SAFETY: code in a `ModuleCode`'s cache lives as long as the `ModuleCode`,
                // which the function keeps.
                let callee = unsafe { &*callee_ptr };
                let init = &callee.init[..];
                if init.len() > $max {
                    // SAFETY: as for `Call`.
                    return unsafe { handler::$more(ip, regs, mem, mem_len, st) };
                }
                // The frames are written through a pointer, and their length once, so
                // that nothing here can reallocate them (a call to grow them would make
                // this handler save registers).
                let frames = st.frames.as_mut_ptr();
                // SAFETY: `0 < n < capacity` (checked above): the running frame is at
                // `n - 1`, and there is room at `n`.
                unsafe {
                    let caller = &mut *frames.add(n - 1);
                    caller.ip = ip;
                    let instance = caller.instance;
                    frames.add(n).write(Frame {
                        ip: callee.code.as_ptr(),
                        compiled: callee_ptr,
                        base,
                        instance,
                    });
                    st.frames.set_len(n + 1);
                }
                // SAFETY: `base <= st.base_limit`, so the stack has `REG_WINDOW` cells from
                // `base` on: more than the frame's parameters and `init` cells.
                let regs = unsafe { regs.add(usize::from($b)) };
                // SAFETY: as above; `init` is `INIT_SMALL` cells, or at least `INIT_MIN`
                // cells and whole groups of `INIT_GROUP` (see `CompiledFunc::init`).
                unsafe {
                    let dst = regs.add(usize::from(callee.params));
                    let src = init.as_ptr();
                    // One of the two sizes whatever the length (most callees have no
                    // more), then the other groups (at most two).
                    let copy = |k: usize, n: usize| {
                        debug_assert!(n == INIT_SMALL || n == INIT_GROUP);
                        if n == INIT_SMALL {
                            let g = std::ptr::read_unaligned(src.add(k) as *const [u64; INIT_SMALL]);
                            std::ptr::write_unaligned(dst.add(k) as *mut [u64; INIT_SMALL], g);
                        } else {
                            let g = std::ptr::read_unaligned(src.add(k) as *const [u64; INIT_GROUP]);
                            std::ptr::write_unaligned(dst.add(k) as *mut [u64; INIT_GROUP], g);
                        }
                    };
                    if init.len() == INIT_SMALL {
                        copy(0, INIT_SMALL);
                    } else {
                        copy(0, INIT_GROUP);
                        copy(INIT_GROUP, INIT_GROUP);
                        const { assert!($max <= INIT_MIN + 2 * INIT_GROUP) };
                        if init.len() > INIT_MIN {
                            copy(INIT_MIN, INIT_GROUP);
                            if init.len() > INIT_MIN + INIT_GROUP {
                                copy(INIT_MIN + INIT_GROUP, INIT_GROUP);
                            }
                        }
                    }
                }
                let ip = callee.code.as_ptr();
                dispatch!(ip, regs, mem, mem_len, st)
            }};
        }
        /// The ready code of the function that `call_indirect` through entry `$i` of
        /// table `$table` expecting type `$ty` calls, if it is a function of the running
        /// instance; else null (`call_general` then does the call, or the trap).
        #[allow(unused_macros)]
        macro_rules! indirect_ready {
            ($ty:expr, $table:expr, $i:expr) => {
                match indirect_callee(st.inst, st.tables, st.funcs, st.types, $ty, $table, $i) {
                    Ok(addr) => match &st.funcs[addr.0 as usize].kind {
                        FuncKind::Wasm { instance, code, index } if *instance == st.cur().instance => {
                            code.ready()[*index as usize].get()
                        }
                        _ => std::ptr::null(),
                    },
                    Err(_) => std::ptr::null(),
                }
            };
        }
    }
    helpers {
        /// Any call: `Call`, `CallIndirect`, and what `CallLocal`'s fast path
        /// leaves. Calls a wasm function in the threaded code when its code is
        /// ready, growing the frame stack or the value stack as needed; leaves to
        /// `interpret` a host function, a function not translated yet, and a call through
        /// a table entry that traps with its index.
        fn call_general() {
            // SAFETY: a call's handler passes `ip` one past the call op.
            let op = unsafe { *ip.sub(1) };
            let (addr, b) = match op {
                Op::Call { func, base } => (st.inst.funcs[func as usize], base),
                Op::CallLocal { index, base } => (st.inst.defined_func(index), base),
                Op::CallIndirect { ty, table, index, base } => {
                    let i = r!(index);
                    match indirect_callee(st.inst, st.tables, st.funcs, st.types, ty, table, i) {
                        Ok(addr) => (addr, base),
                        // The slow path makes the trap that gives the entry's index.
                        Err((_, Some(_))) => slow!(),
                        Err((code, None)) => trap!(code),
                    }
                }
                _ => slow!(),
            };
            let FuncKind::Wasm { instance, code, index } = &st.funcs[addr.0 as usize].kind
            else {
                slow!();
            };
            let instance = *instance;
            let callee_ptr = code.ready()[*index as usize].get();
            if callee_ptr.is_null() {
                slow!();
            }
            // SAFETY: code in a `ModuleCode`'s cache lives as long as the
            // `ModuleCode`, which the function keeps.
            let callee = unsafe { &*callee_ptr };
            // An interrupt: the slow path asks the host (`Host::interrupted`).
            if st.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
                slow!();
            }
            // SAFETY: `regs` points at the running frame's base in the stack.
            let base = unsafe { regs.offset_from(st.stack.as_ptr()) } as usize
                + usize::from(b);
            let depth = st.outer + st.frames.len();
            check!(open_frame(st.stack, st.config, depth, base, callee));
            st.base_limit = base_limit(st.stack, st.config);
            let caller = st.cur();
            caller.ip = ip;
            let switch = caller.instance != instance;
            st.frames.push(Frame {
                ip: callee.code.as_ptr(),
                compiled: callee_ptr,
                base,
                instance,
            });
            let (mem, mem_len) = if switch {
                st.load_instance()
            } else {
                (mem, mem_len)
            };
            let (ip, regs) = st.load_code();
            dispatch!(ip, regs, mem, mem_len, st)
        }
    }
    ops {

            // ----- control -----
            Unreachable {} => exit { trap!(TrapCode::Unreachable) }
            /// `throw`: an exception of tag `tag` (of the instance) with the payload in
            /// cells `base..`; `interpret` finds the handler.
            Throw { tag: u32, base: Reg } => exit { slow!() }
            /// `throw_ref`: throws again the exception `exn` refers to (null traps).
            ThrowRef { exn: Reg } => exit { slow!() }
            /// Jump by `offset` ops.
            Br { offset: Jump } => tail { jump!(offset) }
            /// Jump if the i32 in `cond` is not zero.
            BrIfNez { cond: Reg, offset: Jump } => { branch_if!(r!(cond) as u32 != 0, offset); }
            /// Jump if the i32 in `cond` is zero.
            BrIfEqz { cond: Reg, offset: Jump } => { branch_if!(r!(cond) as u32 == 0, offset); }
            /// Jump if an `i32` comparison of `a` and `b` holds (fused `i32.<cmp>` + `br_if`).
            BrI32Eq { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as u32 == r!(b) as u32, offset); }
            BrI32Ne { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as u32 != r!(b) as u32, offset); }
            BrI32LtS { a: Reg, b: Reg, offset: Jump } => { branch_if!((r!(a) as i32) < r!(b) as i32, offset); }
            BrI32LtU { a: Reg, b: Reg, offset: Jump } => { branch_if!((r!(a) as u32) < r!(b) as u32, offset); }
            BrI32GtS { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as i32 > r!(b) as i32, offset); }
            BrI32GtU { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as u32 > r!(b) as u32, offset); }
            BrI32LeS { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as i32 <= r!(b) as i32, offset); }
            BrI32LeU { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as u32 <= r!(b) as u32, offset); }
            BrI32GeS { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as i32 >= r!(b) as i32, offset); }
            BrI32GeU { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as u32 >= r!(b) as u32, offset); }
            /// Jump if an `i32` comparison of `a` with a constant holds.
            BrI32EqImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as i32 == imm, offset); }
            BrI32NeImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as i32 != imm, offset); }
            BrI32LtSImm { a: Reg, imm: i32, offset: Jump } => { branch_if!((r!(a) as i32) < imm, offset); }
            BrI32LtUImm { a: Reg, imm: i32, offset: Jump } => { branch_if!((r!(a) as u32) < imm as u32, offset); }
            BrI32GtSImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as i32 > imm, offset); }
            BrI32GtUImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as u32 > imm as u32, offset); }
            BrI32LeSImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as i32 <= imm, offset); }
            BrI32LeUImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as u32 <= imm as u32, offset); }
            BrI32GeSImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as i32 >= imm, offset); }
            BrI32GeUImm { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as u32 >= imm as u32, offset); }
            /// Jump if `a & imm` is not zero / is zero (fused `i32.and` with a constant and
            /// `br_if` or `if`: a flag test).
            BrI32AndImmNez { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as u32 & imm as u32 != 0, offset); }
            BrI32AndImmEqz { a: Reg, imm: i32, offset: Jump } => { branch_if!(r!(a) as u32 & imm as u32 == 0, offset); }
            /// `d = a + add`, then jump if an `i32` comparison of `d` and `b` holds (a fused
            /// `i32.add` of a constant and compare-and-branch: a loop counter's step and
            /// test). `b` is read after `d` is written.
            AddImmBrI32Eq { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, ==, u32, r!(b), offset); }
            AddImmBrI32Ne { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, !=, u32, r!(b), offset); }
            AddImmBrI32LtS { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, <, i32, r!(b), offset); }
            AddImmBrI32LtU { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, <, u32, r!(b), offset); }
            AddImmBrI32GtS { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, >, i32, r!(b), offset); }
            AddImmBrI32GtU { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, >, u32, r!(b), offset); }
            AddImmBrI32LeS { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, <=, i32, r!(b), offset); }
            AddImmBrI32LeU { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, <=, u32, r!(b), offset); }
            AddImmBrI32GeS { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, >=, i32, r!(b), offset); }
            AddImmBrI32GeU { d: Reg, a: Reg, add: i16, b: Reg, offset: Jump } => { add_branch!(d, r!(a), add as i32, >=, u32, r!(b), offset); }
            /// `d = a + add`, then jump if an `i32` comparison of `d` with a constant holds.
            AddImmBrI32EqImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, ==, u32, imm, offset); }
            AddImmBrI32NeImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, !=, u32, imm, offset); }
            AddImmBrI32LtSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, <, i32, imm, offset); }
            AddImmBrI32LtUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, <, u32, imm, offset); }
            AddImmBrI32GtSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, >, i32, imm, offset); }
            AddImmBrI32GtUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, >, u32, imm, offset); }
            AddImmBrI32LeSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, <=, i32, imm, offset); }
            AddImmBrI32LeUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, <=, u32, imm, offset); }
            AddImmBrI32GeSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, >=, i32, imm, offset); }
            AddImmBrI32GeUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => { add_branch!(d, r!(a), add as i32, >=, u32, imm, offset); }
            /// `d = a + b`, then jump if an `i32` comparison of `d` and `c` holds (`c` is
            /// read after `d` is written).
            AddBrI32Eq { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), ==, u32, r!(c), offset); }
            AddBrI32Ne { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), !=, u32, r!(c), offset); }
            AddBrI32LtS { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), <, i32, r!(c), offset); }
            AddBrI32LtU { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), <, u32, r!(c), offset); }
            AddBrI32GtS { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), >, i32, r!(c), offset); }
            AddBrI32GtU { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), >, u32, r!(c), offset); }
            AddBrI32LeS { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), <=, i32, r!(c), offset); }
            AddBrI32LeU { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), <=, u32, r!(c), offset); }
            AddBrI32GeS { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), >=, i32, r!(c), offset); }
            AddBrI32GeU { d: Reg, a: Reg, b: Reg, c: Reg, offset: Jump } => { add_branch!(d, r!(a), r!(b), >=, u32, r!(c), offset); }
            /// Jump if the i64 in `cond` is zero / not zero (fused `i64.eqz` + `br_if`).
            BrI64Eqz { cond: Reg, offset: Jump } => { branch_if!(r!(cond) == 0, offset); }
            BrI64Nez { cond: Reg, offset: Jump } => { branch_if!(r!(cond) != 0, offset); }
            /// Jump if an `i64` comparison of `a` and `b` holds.
            BrI64Eq { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) == r!(b), offset); }
            BrI64Ne { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) != r!(b), offset); }
            BrI64LtS { a: Reg, b: Reg, offset: Jump } => { branch_if!((r!(a) as i64) < r!(b) as i64, offset); }
            BrI64LtU { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) < r!(b), offset); }
            BrI64GtS { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as i64 > r!(b) as i64, offset); }
            BrI64GtU { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) > r!(b), offset); }
            BrI64LeS { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as i64 <= r!(b) as i64, offset); }
            BrI64LeU { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) <= r!(b), offset); }
            BrI64GeS { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) as i64 >= r!(b) as i64, offset); }
            BrI64GeU { a: Reg, b: Reg, offset: Jump } => { branch_if!(r!(a) >= r!(b), offset); }
            /// Jump if an `f64` comparison of `a` and `b` holds (`Not`: does not hold,
            /// which differs from the opposite comparison when an operand is NaN).
            BrF64Eq { a: Reg, b: Reg, offset: Jump } => { branch_if!(f64::from_bits(r!(a)) == f64::from_bits(r!(b)), offset); }
            BrF64Ne { a: Reg, b: Reg, offset: Jump } => { branch_if!(f64::from_bits(r!(a)) != f64::from_bits(r!(b)), offset); }
            BrF64Lt { a: Reg, b: Reg, offset: Jump } => { branch_if!(f64::from_bits(r!(a)) < f64::from_bits(r!(b)), offset); }
            BrF64Gt { a: Reg, b: Reg, offset: Jump } => { branch_if!(f64::from_bits(r!(a)) > f64::from_bits(r!(b)), offset); }
            BrF64Le { a: Reg, b: Reg, offset: Jump } => { branch_if!(f64::from_bits(r!(a)) <= f64::from_bits(r!(b)), offset); }
            BrF64Ge { a: Reg, b: Reg, offset: Jump } => { branch_if!(f64::from_bits(r!(a)) >= f64::from_bits(r!(b)), offset); }
            // `!(a < b)` on floats is meant: it differs from `a >= b` when an operand is NaN.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            BrF64NotLt { a: Reg, b: Reg, offset: Jump } => { branch_if!(!(f64::from_bits(r!(a)) < f64::from_bits(r!(b))), offset); }
            // `!(a < b)` on floats is meant: it differs from `a >= b` when an operand is NaN.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            BrF64NotGt { a: Reg, b: Reg, offset: Jump } => { branch_if!(!(f64::from_bits(r!(a)) > f64::from_bits(r!(b))), offset); }
            // `!(a < b)` on floats is meant: it differs from `a >= b` when an operand is NaN.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            BrF64NotLe { a: Reg, b: Reg, offset: Jump } => { branch_if!(!(f64::from_bits(r!(a)) <= f64::from_bits(r!(b))), offset); }
            // `!(a < b)` on floats is meant: it differs from `a >= b` when an operand is NaN.
            #[allow(clippy::neg_cmp_op_on_partial_ord)]
            BrF64NotGe { a: Reg, b: Reg, offset: Jump } => { branch_if!(!(f64::from_bits(r!(a)) >= f64::from_bits(r!(b))), offset); }
            /// Jump to the `Br` at position `min(index, len)` of the `len + 1` that follow.
            BrTable { index: Reg, len: u32 } => tail {
                let i = (r!(index) as u32).min(len);
                // SAFETY: the translator checked that the `len + 1` entries follow.
                let entry = unsafe { ip.add(i as usize) };
                // Every entry is a `Br` (checked by the translator): take it at once.
                // SAFETY: `entry` is an op of `code`.
                let ip = match unsafe { *entry } {
                    // SAFETY: a branch target is an op of `code` (`translate::finish`).
                    Op::Br { offset } => unsafe { entry.offset(offset as isize) },
                    _ => entry,
                };
                dispatch!(ip, regs, mem, mem_len, st)
            }
            /// Return to the caller; the results are in cells `0..n`.
            Return {} => tail { ret!() }
            /// Return the one result in cell `s` (copied to cell 0 first).
            ReturnReg { s: Reg } => tail {
                r!(0) = r!(s);
                ret!()
            }
            /// Call function `func` of the instance with arguments in cells `base..`; the
            /// results come back in the same place.
            Call { func: u32, base: Reg } => delegate {
                // SAFETY: `ip` is past the call op, as `call_general` wants.
                unsafe { handler::call_general(ip, regs, mem, mem_len, st) }
            }
            /// Call the module's own defined function number `index` (its index in the
            /// function space minus the imports): a call within the instance.
            // The fast path of the commonest call: to a function of the same instance
            // whose code is ready, with a frame that fits and few cells to initialize.
            CallLocal { index: u32, base: Reg } => tail {
                let callee = match st.ready.get(index as usize) {
                    Some(c) => c.get(),
                    None => std::ptr::null(),
                };
                call_in_instance!(callee, base, 32, call_general)
            }
            /// Call through table `table` entry `index`, expecting type `ty`.
            // The fast path when the entry is a function of the running instance whose code
            // is ready; `call_general` does the rest (and traps).
            CallIndirect { ty: u32, table: u32, index: Reg, base: Reg } => tail {
                let callee = indirect_ready!(ty, table, r!(index));
                call_in_instance!(callee, base, 32, call_general)
            }
            /// `return_call`: call function `func` of the instance with arguments in cells
            /// `base..` in place of this frame (its results are this function's).
            ReturnCall { func: u32, base: Reg } => exit { slow!() }
            /// `return_call_indirect`: as `CallIndirect`, in place of this frame.
            ReturnCallIndirect { ty: u32, table: u32, index: Reg, base: Reg } => exit { slow!() }
            /// `call_ref`: call the function `callee` refers to (null traps) with arguments
            /// in cells `base..` (validation proved its type).
            CallRef { callee: Reg, base: Reg } => exit { slow!() }
            /// `return_call_ref`: as `CallRef`, in place of this frame.
            ReturnCallRef { callee: Reg, base: Reg } => exit { slow!() }
            /// Use `amount` fuel (only emitted when fuel is on).
            ConsumeFuel { amount: u32 } => {
                // An interrupt: the slow path asks the host, then counts the fuel.
                if st.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
                    slow!();
                }
                if st.config.fuel {
                    let amount = u64::from(amount);
                    if *st.fuel < amount {
                        *st.fuel = 0;
                        trap!(TrapCode::OutOfFuel);
                    }
                    *st.fuel -= amount;
                }
            }

            // ----- moves and constants -----
            Copy { d: Reg, s: Reg } => { r!(d) = r!(s); }
            /// `d1 = s1`, then `d2 = s2` (fused pair of moves).
            Copy2 { d1: Reg, s1: Reg, d2: Reg, s2: Reg } => {
                r!(d1) = r!(s1);
                r!(d2) = r!(s2);
            }
            Const32 { d: Reg, v: u32 } => { r!(d) = u64::from(v); }
            Const64 { d: Reg, v: u64 } => { r!(d) = v; }
            /// `d = if cond != 0 { a } else { b }`.
            Select { d: Dst, a: Reg, b: Reg, cond: Reg } => {
                r!(d) = if r!(cond) as u32 != 0 { r!(a) } else { r!(b) };
            }

            /// `d = if cond != 0 { a } else { b }` of `v128`s (two cells each).
            SelectV128 { d: Dst, a: Reg, b: Reg, cond: Reg } => {
                let v = if r!(cond) as u32 != 0 { v!(a) } else { v!(b) };
                set_v!(d, v);
            }

            // ----- globals -----
            /// `global.get` of a `v128` global: its cell and its high half.
            GlobalGetV128 { d: Dst, global: u32 } => {
                let g = &st.globals[st.inst.globals[global as usize].0 as usize];
                set_v!(d, $crate::simd::v128_from_u128(u128::from(g.value) | u128::from(g.high) << 64));
            }
            /// `global.set` of a `v128` global.
            GlobalSetV128 { s: Reg, global: u32 } => {
                let v = $crate::simd::v128_to_u128(v!(s));
                let g = &mut st.globals[st.inst.globals[global as usize].0 as usize];
                g.value = v as u64;
                g.high = (v >> 64) as u64;
            }
            GlobalGet { d: Dst, global: u32 } => {
                r!(d) = st.globals[st.inst.globals[global as usize].0 as usize].value;
            }
            GlobalSet { s: Reg, global: u32 } => {
                st.globals[st.inst.globals[global as usize].0 as usize].value = r!(s);
            }
            /// `d = a + imm` (32 bits), then `global = d` (fused `i32.add` or `i32.sub` of
            /// a constant and `global.set`).
            GlobalSetAddImm { d: Reg, a: Reg, global: u32, imm: i32 } => {
                let v = sum!(r!(a), imm);
                r!(d) = v;
                st.globals[st.inst.globals[global as usize].0 as usize].value = v;
            }
            /// `d = global + imm` (32 bits), then `global = d` (also the `global.get`
            /// before: a shadow stack pointer moved).
            GlobalAddImm { d: Reg, global: u32, imm: i32 } => {
                let g = &mut st.globals[st.inst.globals[global as usize].0 as usize].value;
                let v = sum!(*g, imm);
                *g = v;
                r!(d) = v;
            }

            // ----- memory -----
            I32Load { d: Dst, addr: Reg, offset: u32 } lowers load(I32Load, F32Load) => { load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I64Load { d: Dst, addr: Reg, offset: u32 } lowers load(I64Load, F64Load) => { load!(d, addr, offset, 8, u64::from_le_bytes); }
            I32Load8S { d: Dst, addr: Reg, offset: u32 } lowers load(I32Load8S) => { load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8U { d: Dst, addr: Reg, offset: u32 } lowers load(I32Load8U) => { load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load16S { d: Dst, addr: Reg, offset: u32 } lowers load(I32Load16S) => { load!(d, addr, offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16U { d: Dst, addr: Reg, offset: u32 } lowers load(I32Load16U) => { load!(d, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I64Load8S { d: Dst, addr: Reg, offset: u32 } lowers load(I64Load8S) => { load!(d, addr, offset, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64); }
            I64Load8U { d: Dst, addr: Reg, offset: u32 } lowers load(I64Load8U) => { load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I64Load16S { d: Dst, addr: Reg, offset: u32 } lowers load(I64Load16S) => { load!(d, addr, offset, 2, |b| i16::from_le_bytes(b) as i64 as u64); }
            I64Load16U { d: Dst, addr: Reg, offset: u32 } lowers load(I64Load16U) => { load!(d, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I64Load32S { d: Dst, addr: Reg, offset: u32 } lowers load(I64Load32S) => { load!(d, addr, offset, 4, |b| i32::from_le_bytes(b) as i64 as u64); }
            I64Load32U { d: Dst, addr: Reg, offset: u32 } lowers load(I64Load32U) => { load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I32Store { addr: Reg, s: Reg, offset: u32 } lowers store(I32Store, F32Store) => { store!(addr, s, offset, 4); }
            I64Store { addr: Reg, s: Reg, offset: u32 } lowers store(I64Store, F64Store) => { store!(addr, s, offset, 8); }
            I32Store8 { addr: Reg, s: Reg, offset: u32 } lowers store(I32Store8) => { store!(addr, s, offset, 1); }
            I32Store16 { addr: Reg, s: Reg, offset: u32 } lowers store(I32Store16) => { store!(addr, s, offset, 2); }
            I64Store8 { addr: Reg, s: Reg, offset: u32 } lowers store(I64Store8) => { store!(addr, s, offset, 1); }
            I64Store16 { addr: Reg, s: Reg, offset: u32 } lowers store(I64Store16) => { store!(addr, s, offset, 2); }
            I64Store32 { addr: Reg, s: Reg, offset: u32 } lowers store(I64Store32) => { store!(addr, s, offset, 4); }
            // ----- memory, with the address an `i32.add` of two cells or of a cell and a
            // constant (fused `i32.add` + load or store; the sum wraps at 32 bits as the
            // `i32.add` did) -----
            I32LoadAdd { d: Dst, a: Reg, b: Reg, offset: u32 } => { load_at!(d, sum!(r!(a), r!(b)), offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I32LoadAddImm { d: Dst, a: Reg, imm: i32, offset: u32 } => { load_at!(d, sum!(r!(a), imm), offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I64LoadAdd { d: Dst, a: Reg, b: Reg, offset: u32 } => { load_at!(d, sum!(r!(a), r!(b)), offset, 8, u64::from_le_bytes); }
            I64LoadAddImm { d: Dst, a: Reg, imm: i32, offset: u32 } => { load_at!(d, sum!(r!(a), imm), offset, 8, u64::from_le_bytes); }
            I32Load8SAdd { d: Dst, a: Reg, b: Reg, offset: u32 } => { load_at!(d, sum!(r!(a), r!(b)), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8SAddImm { d: Dst, a: Reg, imm: i32, offset: u32 } => { load_at!(d, sum!(r!(a), imm), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8UAdd { d: Dst, a: Reg, b: Reg, offset: u32 } => { load_at!(d, sum!(r!(a), r!(b)), offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load8UAddImm { d: Dst, a: Reg, imm: i32, offset: u32 } => { load_at!(d, sum!(r!(a), imm), offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load16SAdd { d: Dst, a: Reg, b: Reg, offset: u32 } => { load_at!(d, sum!(r!(a), r!(b)), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16SAddImm { d: Dst, a: Reg, imm: i32, offset: u32 } => { load_at!(d, sum!(r!(a), imm), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16UAdd { d: Dst, a: Reg, b: Reg, offset: u32 } => { load_at!(d, sum!(r!(a), r!(b)), offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I32Load16UAddImm { d: Dst, a: Reg, imm: i32, offset: u32 } => { load_at!(d, sum!(r!(a), imm), offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I32StoreAdd { a: Reg, b: Reg, s: Reg, offset: u32 } => { store_at!(sum!(r!(a), r!(b)), s, offset, 4); }
            I32StoreAddImm { a: Reg, s: Reg, imm: i32, offset: u32 } => { store_at!(sum!(r!(a), imm), s, offset, 4); }
            I64StoreAdd { a: Reg, b: Reg, s: Reg, offset: u32 } => { store_at!(sum!(r!(a), r!(b)), s, offset, 8); }
            I64StoreAddImm { a: Reg, s: Reg, imm: i32, offset: u32 } => { store_at!(sum!(r!(a), imm), s, offset, 8); }
            I32Store8Add { a: Reg, b: Reg, s: Reg, offset: u32 } => { store_at!(sum!(r!(a), r!(b)), s, offset, 1); }
            I32Store8AddImm { a: Reg, s: Reg, imm: i32, offset: u32 } => { store_at!(sum!(r!(a), imm), s, offset, 1); }
            I32Store16Add { a: Reg, b: Reg, s: Reg, offset: u32 } => { store_at!(sum!(r!(a), r!(b)), s, offset, 2); }
            I32Store16AddImm { a: Reg, s: Reg, imm: i32, offset: u32 } => { store_at!(sum!(r!(a), imm), s, offset, 2); }
            // ... and with the address `a + b * scale` (fused `i32.shl` by a constant `k`,
            // `i32.add`, load or store; `scale` is `1 << k`: a multiplication needs no
            // shift count register, which x86 has only one of) -----
            I32LoadAddShl { d: Dst, a: Reg, b: Reg, scale: u32, offset: u32 } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I64LoadAddShl { d: Dst, a: Reg, b: Reg, scale: u32, offset: u32 } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 8, u64::from_le_bytes); }
            I32Load8SAddShl { d: Dst, a: Reg, b: Reg, scale: u32, offset: u32 } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8UAddShl { d: Dst, a: Reg, b: Reg, scale: u32, offset: u32 } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load16SAddShl { d: Dst, a: Reg, b: Reg, scale: u32, offset: u32 } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16UAddShl { d: Dst, a: Reg, b: Reg, scale: u32, offset: u32 } => { load_at!(d, sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I32StoreAddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 4); }
            I64StoreAddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 8); }
            I32Store8AddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 1); }
            I32Store16AddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 } => { store_at!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), s, offset, 2); }
            // ... and `(a + imm) + b * scale` (also the `i32.add` of a constant before
            // the shift and add; the access's own offset is 0) -----
            I32LoadAddShlImm { d: Dst, a: Reg, b: Reg, scale: u32, imm: i32 } => { load_at!(d, sum!(sum!(r!(a), imm), (r!(b) as u32).wrapping_mul(scale)), 0, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I32StoreAddShlImm { a: Reg, b: Reg, s: Reg, scale: u32, imm: i32 } => { store_at!(sum!(sum!(r!(a), imm), (r!(b) as u32).wrapping_mul(scale)), s, 0, 4); }
            // ... and a load, then a branch on the loaded value (fused load and `br_if`,
            // `if` or a compare-and-branch on it): `d = load`, then jump if `d` (the
            // value, not a reload; `b` is read after `d` is written) is zero, not zero,
            // equal to `b`, not equal. With `and imm` there is no room for `d`: the value
            // is a temporary that only the branch reads, never written to a cell -----
            I32LoadBrIfEqz { d: Reg, addr: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 4, u32::from_le_bytes), v, v == 0, to); }
            I32LoadBrIfNez { d: Reg, addr: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 4, u32::from_le_bytes), v, v != 0, to); }
            I32LoadBrEq { d: Reg, addr: Reg, b: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 4, u32::from_le_bytes), v, v == r!(b) as u32, to); }
            I32LoadBrNe { d: Reg, addr: Reg, b: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 4, u32::from_le_bytes), v, v != r!(b) as u32, to); }
            I32LoadBrAndImmEqz { addr: Reg, offset: u32, imm: i32, to: Jump } => { branch_if!(loaded!(r!(addr), offset, 4, u32::from_le_bytes) & imm as u32 == 0, to); }
            I32LoadBrAndImmNez { addr: Reg, offset: u32, imm: i32, to: Jump } => { branch_if!(loaded!(r!(addr), offset, 4, u32::from_le_bytes) & imm as u32 != 0, to); }
            I32Load8UBrIfEqz { d: Reg, addr: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 1, |b: [u8; 1]| u32::from(b[0])), v, v == 0, to); }
            I32Load8UBrIfNez { d: Reg, addr: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 1, |b: [u8; 1]| u32::from(b[0])), v, v != 0, to); }
            I32Load8UBrEq { d: Reg, addr: Reg, b: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 1, |b: [u8; 1]| u32::from(b[0])), v, v == r!(b) as u32, to); }
            I32Load8UBrNe { d: Reg, addr: Reg, b: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 1, |b: [u8; 1]| u32::from(b[0])), v, v != r!(b) as u32, to); }
            I32Load8UBrAndImmEqz { addr: Reg, offset: u32, imm: i32, to: Jump } => { branch_if!(loaded!(r!(addr), offset, 1, |b: [u8; 1]| u32::from(b[0])) & imm as u32 == 0, to); }
            I32Load8UBrAndImmNez { addr: Reg, offset: u32, imm: i32, to: Jump } => { branch_if!(loaded!(r!(addr), offset, 1, |b: [u8; 1]| u32::from(b[0])) & imm as u32 != 0, to); }
            I32Load16UBrIfEqz { d: Reg, addr: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 2, |b| u32::from(u16::from_le_bytes(b))), v, v == 0, to); }
            I32Load16UBrIfNez { d: Reg, addr: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 2, |b| u32::from(u16::from_le_bytes(b))), v, v != 0, to); }
            I32Load16UBrEq { d: Reg, addr: Reg, b: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 2, |b| u32::from(u16::from_le_bytes(b))), v, v == r!(b) as u32, to); }
            I32Load16UBrNe { d: Reg, addr: Reg, b: Reg, offset: u32, to: Jump } => { load_branch!(d, loaded!(r!(addr), offset, 2, |b| u32::from(u16::from_le_bytes(b))), v, v != r!(b) as u32, to); }
            I32Load16UBrAndImmEqz { addr: Reg, offset: u32, imm: i32, to: Jump } => { branch_if!(loaded!(r!(addr), offset, 2, |b| u32::from(u16::from_le_bytes(b))) & imm as u32 == 0, to); }
            I32Load16UBrAndImmNez { addr: Reg, offset: u32, imm: i32, to: Jump } => { branch_if!(loaded!(r!(addr), offset, 2, |b| u32::from(u16::from_le_bytes(b))) & imm as u32 != 0, to); }
            // ----- memory: any memory of the instance (`mem` a `MemSel`), loads and
            // stores with 64-bit offsets. The plain loads and stores above are memory 0's
            // with 32-bit addresses; these are the others'.
            I32LoadMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I32Load, F32Load) => { load_mem!(d, addr, memory, offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I64LoadMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I64Load, F64Load) => { load_mem!(d, addr, memory, offset, 8, u64::from_le_bytes); }
            I32Load8SMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I32Load8S) => { load_mem!(d, addr, memory, offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32)); }
            I32Load8UMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I32Load8U) => { load_mem!(d, addr, memory, offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I32Load16SMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I32Load16S) => { load_mem!(d, addr, memory, offset, 2, |b| u64::from(i16::from_le_bytes(b) as i32 as u32)); }
            I32Load16UMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I32Load16U) => { load_mem!(d, addr, memory, offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I64Load8SMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I64Load8S) => { load_mem!(d, addr, memory, offset, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64); }
            I64Load8UMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I64Load8U) => { load_mem!(d, addr, memory, offset, 1, |b: [u8; 1]| u64::from(b[0])); }
            I64Load16SMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I64Load16S) => { load_mem!(d, addr, memory, offset, 2, |b| i16::from_le_bytes(b) as i64 as u64); }
            I64Load16UMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I64Load16U) => { load_mem!(d, addr, memory, offset, 2, |b| u64::from(u16::from_le_bytes(b))); }
            I64Load32SMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I64Load32S) => { load_mem!(d, addr, memory, offset, 4, |b| i32::from_le_bytes(b) as i64 as u64); }
            I64Load32UMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } lowers load_mem(I64Load32U) => { load_mem!(d, addr, memory, offset, 4, |b| u64::from(u32::from_le_bytes(b))); }
            I32StoreMem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } lowers store_mem(I32Store, F32Store) => { store_mem!(addr, s, memory, offset, 4); }
            I64StoreMem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } lowers store_mem(I64Store, F64Store) => { store_mem!(addr, s, memory, offset, 8); }
            I32Store8Mem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } lowers store_mem(I32Store8) => { store_mem!(addr, s, memory, offset, 1); }
            I32Store16Mem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } lowers store_mem(I32Store16) => { store_mem!(addr, s, memory, offset, 2); }
            I64Store8Mem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } lowers store_mem(I64Store8) => { store_mem!(addr, s, memory, offset, 1); }
            I64Store16Mem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } lowers store_mem(I64Store16) => { store_mem!(addr, s, memory, offset, 2); }
            I64Store32Mem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } lowers store_mem(I64Store32) => { store_mem!(addr, s, memory, offset, 4); }
            // ----- memory: `v128` loads and stores of 16 bytes (the narrower vector
            // accesses are a scalar access and a lane op), of memory 0 with 32-bit
            // addresses, then of any memory.
            V128Load { d: Dst, addr: Reg, offset: u32 } => {
                let v = loaded!(r!(addr), offset, 16, |b: [u8; 16]| b);
                set_v!(d, v);
            }
            V128Store { addr: Reg, s: Reg, offset: u32 } => {
                let b = v!(s);
                let ea = check!(effective(r!(addr), offset, 16, mem_len));
                // SAFETY: as in `load_at!`.
                unsafe { std::ptr::write_unaligned(mem.add(ea) as *mut [u8; 16], b) };
            }
            /// `V128Load` at the 32-bit sum of two cells (fused `i32.add`).
            V128LoadAdd { d: Dst, a: Reg, b: Reg, offset: u32 } => {
                let v = loaded!(sum!(r!(a), r!(b)), offset, 16, |b: [u8; 16]| b);
                set_v!(d, v);
            }
            /// `V128Load` at the 32-bit sum of a cell and a constant.
            V128LoadAddImm { d: Dst, a: Reg, imm: i32, offset: u32 } => {
                let v = loaded!(sum!(r!(a), imm), offset, 16, |b: [u8; 16]| b);
                set_v!(d, v);
            }
            /// `V128Load` at `a + b * scale` (32 bits).
            V128LoadAddShl { d: Dst, a: Reg, b: Reg, scale: u32, offset: u32 } => {
                let v = loaded!(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 16, |b: [u8; 16]| b);
                set_v!(d, v);
            }
            /// `V128Store` at the 32-bit sum of two cells.
            V128StoreAdd { a: Reg, b: Reg, s: Reg, offset: u32 } => {
                let v = v!(s);
                let ea = check!(effective(sum!(r!(a), r!(b)), offset, 16, mem_len));
                // SAFETY: as in `load_at!`.
                unsafe { std::ptr::write_unaligned(mem.add(ea) as *mut [u8; 16], v) };
            }
            /// `V128Store` at the 32-bit sum of a cell and a constant.
            V128StoreAddImm { a: Reg, s: Reg, imm: i32, offset: u32 } => {
                let v = v!(s);
                let ea = check!(effective(sum!(r!(a), imm), offset, 16, mem_len));
                // SAFETY: as in `load_at!`.
                unsafe { std::ptr::write_unaligned(mem.add(ea) as *mut [u8; 16], v) };
            }
            /// `V128Store` at `a + b * scale` (32 bits).
            V128StoreAddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 } => {
                let v = v!(s);
                let ea = check!(effective(sum!(r!(a), (r!(b) as u32).wrapping_mul(scale)), offset, 16, mem_len));
                // SAFETY: as in `load_at!`.
                unsafe { std::ptr::write_unaligned(mem.add(ea) as *mut [u8; 16], v) };
            }
            // ----- vector pairs: the product rounded, then the sum (no fused
            // multiply-add), in the operands' order (`right`: the product is the
            // addition's right operand).
            /// `f32x4.mul` of `a` and `b`, then `f32x4.add` of it and `c`.
            F32x4MulAdd { d: Dst, a: Reg, b: Reg, c: Reg, right: u16 } => {
                let p = $crate::simd::f32x4_mul(v!(a), v!(b));
                let v = if right == 0 { $crate::simd::f32x4_add(p, v!(c)) } else { $crate::simd::f32x4_add(v!(c), p) };
                set_v!(d, v);
            }
            /// `f64x2.mul` of `a` and `b`, then `f64x2.add` of it and `c`.
            F64x2MulAdd { d: Dst, a: Reg, b: Reg, c: Reg, right: u16 } => {
                let p = $crate::simd::f64x2_mul(v!(a), v!(b));
                let v = if right == 0 { $crate::simd::f64x2_add(p, v!(c)) } else { $crate::simd::f64x2_add(v!(c), p) };
                set_v!(d, v);
            }
            V128LoadMem { d: Dst, addr: Reg, memory: MemSel, offset: u64 } => {
                let (base, len) = memory_at!(memory);
                let ea = check!(effective_wide(address!(addr, memory), offset, 16, len));
                // SAFETY: as in `load_mem!`.
                let b = unsafe { std::ptr::read_unaligned(base.add(ea) as *const [u8; 16]) };
                set_v!(d, b);
            }
            V128StoreMem { addr: Reg, s: Reg, memory: MemSel, offset: u64 } => {
                let b = v!(s);
                let (base, len) = memory_at!(memory);
                let ea = check!(effective_wide(address!(addr, memory), offset, 16, len));
                // SAFETY: as in `load_mem!`.
                unsafe { std::ptr::write_unaligned(base.add(ea) as *mut [u8; 16], b) };
            }
            // The bulk operations name their memories (`MemSel`s) in every case.
            MemorySize { d: Dst, memory: MemSel } => {
                let (_, len) = memory_at!(memory);
                r!(d) = (len / $crate::runtime::PAGE_SIZE) as u64;
            }
            // Ops that need `interpret` (changes to the runtime's arenas).
            MemoryGrow { d: Dst, delta: Reg, memory: MemSel } => exit { slow!() }
            MemoryFill { dst: Reg, val: Reg, len: Reg, memory: MemSel } => {
                let (base, size) = memory_at!(memory);
                let (dst, val, len) = (address!(dst, memory), r!(val) as u8, address!(len, memory));
                let Some(at) = $crate::runtime::in_bounds(dst, len, size) else {
                    trap!(TrapCode::MemoryOutOfBounds);
                };
                if len != 0 {
                    // SAFETY: `at + len <= size` (`in_bounds`), and `base` points at the
                    // `size` bytes of the memory (`memory_at!`; not null, as `size > 0`).
                    unsafe { std::ptr::write_bytes(base.add(at), val, len as usize) };
                }
            }
            MemoryCopy { dst: Reg, src: Reg, len: Reg, dmem: MemSel, smem: MemSel } => {
                let (dbase, dsize) = memory_at!(dmem);
                let (sbase, ssize) = memory_at!(smem);
                // The length is 64-bit only if both memories' addresses are.
                let len = address!(len, dmem & smem);
                let (Some(d), Some(s)) = (
                    $crate::runtime::in_bounds(address!(dst, dmem), len, dsize),
                    $crate::runtime::in_bounds(address!(src, smem), len, ssize),
                ) else {
                    trap!(TrapCode::MemoryOutOfBounds);
                };
                if len != 0 {
                    // SAFETY: both ranges are inside their memories (`in_bounds`;
                    // `memory_at!` gives each memory's bytes, not null as both sizes are
                    // above 0), and `copy` allows them to overlap (the same memory, or one
                    // memory imported twice).
                    unsafe { std::ptr::copy(sbase.add(s), dbase.add(d), len as usize) };
                }
            }
            MemoryInit { data: u32, dst: Reg, src: Reg, len: Reg, memory: MemSel } => exit { slow!() }
            DataDrop { data: u32 } => exit { slow!() }

            // ----- tables and references -----
            // (Indices and lengths are of the table's address type: `TableInst::index`.)
            TableGet { d: Dst, index: Reg, table: u32 } => {
                let t = &st.tables[st.inst.tables[table as usize].0 as usize];
                match t.get(t.index(r!(index))) {
                    Some(v) => r!(d) = v,
                    None => trap!(TrapCode::TableOutOfBounds),
                }
            }
            TableSet { index: Reg, s: Reg, table: u32 } => {
                let v = r!(s);
                let t = &mut st.tables[st.inst.tables[table as usize].0 as usize];
                match t.slot(t.index(r!(index))) {
                    Some(i) => t.elements[i] = v,
                    None => trap!(TrapCode::TableOutOfBounds),
                }
            }
            TableSize { d: Dst, table: u32 } => {
                let t = st.inst.tables[table as usize];
                r!(d) = st.tables[t.0 as usize].elements.len() as u64;
            }
            TableGrow { d: Dst, init: Reg, delta: Reg, table: u32 } => exit { slow!() }
            TableFill { table: u32, dst: Reg, val: Reg, len: Reg } => {
                let t = &mut st.tables[st.inst.tables[table as usize].0 as usize];
                let (dst, val, len) = (t.index(r!(dst)), r!(val), t.index(r!(len)));
                let Some(dst) = $crate::runtime::in_bounds(dst, len, t.elements.len()) else {
                    trap!(TrapCode::TableOutOfBounds);
                };
                t.elements[dst..dst + len as usize].fill(val);
            }
            TableCopy { dst: Reg, src: Reg, len: Reg, dst_table: u32, src_table: u32 } => {
                let (dt, srct) = (st.inst.tables[dst_table as usize], st.inst.tables[src_table as usize]);
                let (d, s) = (&st.tables[dt.0 as usize], &st.tables[srct.0 as usize]);
                // The length is 64-bit only if both tables' indices are.
                let len = if d.ty.address.is_64() && s.ty.address.is_64() { r!(len) } else { u64::from(r!(len) as u32) };
                let (Some(dst), Some(src)) = (
                    $crate::runtime::in_bounds(d.index(r!(dst)), len, d.elements.len()),
                    $crate::runtime::in_bounds(s.index(r!(src)), len, s.elements.len()),
                ) else {
                    trap!(TrapCode::TableOutOfBounds);
                };
                let len = len as usize;
                if dt == srct {
                    st.tables[dt.0 as usize].elements.copy_within(src..src + len, dst);
                } else {
                    let tmp: Vec<u64> = st.tables[srct.0 as usize].elements[src..src + len].to_vec();
                    st.tables[dt.0 as usize].elements[dst..dst + len].copy_from_slice(&tmp);
                }
            }
            TableInit { dst: Reg, src: Reg, len: Reg, table: u32, elem: u32 } => exit { slow!() }
            ElemDrop { elem: u32 } => exit { slow!() }
            RefIsNull { d: Dst, s: Reg } => { r!(d) = u64::from(r!(s) == 0); }
            /// `ref.as_non_null`: trap if the reference in `s` is null (it stays there).
            RefAsNonNull { s: Reg } => {
                if r!(s) == 0 {
                    trap!(TrapCode::NullReference);
                }
            }
            RefFunc { d: Dst, func: u32 } => {
                r!(d) = u64::from(st.inst.funcs[func as usize].0) + 1;
            }

            // ----- GC (`crate::gc`): objects are the runtime's, so the ops that touch
            // them leave the threaded code (`exec::gc`). `ty` is a type index of the
            // running module; `base` the first of consecutive operand cells; `ext` of a
            // get is 0 (`get`), 1 (`get_s`) or 2 (`get_u`). -----
            /// `struct.new`: the fields' values in cells from `base` on.
            StructNew { d: Dst, base: Reg, ty: u32 } => exit { slow!() }
            /// `struct.new` of a struct type of `cells` cells and no packed field: in the
            /// threaded code unless the heap must collect first (or is full), when it
            /// leaves it as `StructNew` does.
            StructNewPlain { d: Dst, base: Reg, ty: u32, cells: u32 } => {
                let n = cells as usize;
                let bytes = $crate::gc::bytes_for(n);
                if st.gc.wants_collection(bytes)
                    || st.gc.bytes.saturating_add(bytes) > st.config.max_gc_heap_bytes
                {
                    slow!();
                }
                let id = st.inst.type_ids[ty as usize];
                let mut v = st.gc.take_cells(n);
                for (k, c) in v.iter_mut().enumerate() {
                    *c = r!(usize::from(base) + k);
                }
                r!(d) = st.gc.insert(id, v, 0);
            }
            StructNewDefault { d: Dst, ty: u32 } => exit { slow!() }
            /// `struct.get`: the field at cell `at` of the struct in `obj`, read as `kind`
            /// says (`gc::access`). Validation typed the reference: a struct of the type or
            /// a subtype, which has the field.
            StructGet { d: Dst, obj: Reg, kind: u8, at: u32 } => {
                let Some(o) = st.gc.object(r!(obj)) else {
                    trap!(TrapCode::NullStructReference);
                };
                let at = at as usize;
                if kind == $crate::gc::access::V128 {
                    let (lo, hi) = (o.cells[at], o.cells[at + 1]);
                    r!(d) = lo;
                    r!(d + 1) = hi;
                } else {
                    r!(d) = $crate::gc::read_cell(kind, o.cells[at]);
                }
            }
            /// `struct.set`: the value in `s` (and `s + 1` for a `v128`) into the field at
            /// cell `at`.
            StructSet { obj: Reg, s: Reg, kind: u8, at: u32 } => {
                let v = r!(s);
                let hi = if kind == $crate::gc::access::V128 { r!(s + 1) } else { 0 };
                let Some(o) = st.gc.object_mut(r!(obj)) else {
                    trap!(TrapCode::NullStructReference);
                };
                let at = at as usize;
                o.cells[at] = $crate::gc::write_cell(kind, v);
                if kind == $crate::gc::access::V128 {
                    o.cells[at + 1] = hi;
                }
            }
            /// `array.new`: the value (one or two cells), then the length, from `base` on.
            ArrayNew { d: Dst, base: Reg, ty: u32 } => exit { slow!() }
            ArrayNewDefault { d: Dst, len: Reg, ty: u32 } => exit { slow!() }
            ArrayNewFixed { d: Dst, base: Reg, ty: u32, len: u32 } => exit { slow!() }
            /// `array.new_data`: the segment's offset and the length from `base` on.
            ArrayNewData { d: Dst, base: Reg, ty: u32, data: u32 } => exit { slow!() }
            ArrayNewElem { d: Dst, base: Reg, ty: u32, elem: u32 } => exit { slow!() }
            /// `array.get`: the array and the index from `base` on, the element read as
            /// `kind` says.
            ArrayGet { d: Dst, base: Reg, kind: u8 } => {
                let i = r!(base + 1) as u32 as usize;
                let Some(o) = st.gc.object(r!(base)) else {
                    trap!(TrapCode::NullArrayReference);
                };
                if i >= o.len as usize {
                    trap!(TrapCode::ArrayOutOfBounds);
                }
                if kind == $crate::gc::access::V128 {
                    let (lo, hi) = (o.cells[2 * i], o.cells[2 * i + 1]);
                    r!(d) = lo;
                    r!(d + 1) = hi;
                } else {
                    r!(d) = $crate::gc::read_cell(kind, o.cells[i]);
                }
            }
            /// `array.set`: the array, the index and the value from `base` on.
            ArraySet { base: Reg, kind: u8 } => {
                let i = r!(base + 1) as u32 as usize;
                let v = r!(base + 2);
                let hi = if kind == $crate::gc::access::V128 { r!(base + 3) } else { 0 };
                let Some(o) = st.gc.object_mut(r!(base)) else {
                    trap!(TrapCode::NullArrayReference);
                };
                if i >= o.len as usize {
                    trap!(TrapCode::ArrayOutOfBounds);
                }
                if kind == $crate::gc::access::V128 {
                    o.cells[2 * i] = v;
                    o.cells[2 * i + 1] = hi;
                } else {
                    o.cells[i] = $crate::gc::write_cell(kind, v);
                }
            }
            ArrayLen { d: Dst, arr: Reg } => {
                let Some(o) = st.gc.object(r!(arr)) else {
                    trap!(TrapCode::NullArrayReference);
                };
                r!(d) = u64::from(o.len);
            }
            /// `array.fill`: the array, the offset, the value and the count from `base` on.
            ArrayFill { base: Reg, ty: u32 } => exit { slow!() }
            /// `array.copy`: the destination and its offset, the source and its offset,
            /// and the count from `base` on.
            ArrayCopy { base: Reg, dst_ty: u32, src_ty: u32 } => exit { slow!() }
            /// `array.init_data`: the array, its offset, the segment's offset and the
            /// count from `base` on.
            ArrayInitData { base: Reg, ty: u32, data: u32 } => exit { slow!() }
            ArrayInitElem { base: Reg, ty: u32, elem: u32 } => exit { slow!() }
            /// `ref.test`: whether the reference in `s` is a `(ref null? heap)` (`heap`
            /// as `gc::heap_code` writes it, `nullable` 0 or 1).
            RefTest { d: Dst, s: Reg, nullable: u8, heap: u32 } => exit { slow!() }
            /// `ref.cast`: trap unless the reference in `s` is a `(ref null? heap)` (it
            /// stays there).
            RefCast { s: Reg, nullable: u8, heap: u32 } => exit { slow!() }
            /// `ref.i31`: the low 31 bits of the `i32` in `s`.
            RefI31 { d: Dst, s: Reg } => { r!(d) = $crate::gc::i31_cell(r!(s) as u32); }
            /// `i31.get_s` (`signed` 1) or `i31.get_u` (0).
            I31Get { d: Dst, s: Reg, signed: u8 } => {
                let c = r!(s);
                if c == 0 {
                    trap!(TrapCode::NullI31Reference);
                }
                r!(d) = u64::from($crate::gc::i31_get(c, signed != 0));
            }
            AnyConvertExtern { d: Dst, s: Reg } => { r!(d) = $crate::gc::internalize(r!(s)); }
            ExternConvertAny { d: Dst, s: Reg } => { r!(d) = $crate::gc::externalize(r!(s)); }

            // (numeric: one op per scalar numeric row of the instruction table, added at
            // the end by `for_each_scalar_instruction!`)

            // ----- two f64 operations in one (`F64AddMul`: `d = (a + b) * c`; `R`: the
            // first result is the right operand, `F64MulAddR`: `d = c + a * b`), each
            // rounded as the two ops would -----
            // Two f64 operations: the first's result (`_`) is an operand of the second.
            F64AddAdd { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_add(a, b), f64_add(_, c)); }
            F64AddSub { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_add(a, b), f64_sub(_, c)); }
            F64AddMul { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_add(a, b), f64_mul(_, c)); }
            F64SubAdd { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_sub(a, b), f64_add(_, c)); }
            F64SubSub { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_sub(a, b), f64_sub(_, c)); }
            F64SubMul { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_sub(a, b), f64_mul(_, c)); }
            F64MulAdd { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_mul(a, b), f64_add(_, c)); }
            F64MulSub { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_mul(a, b), f64_sub(_, c)); }
            F64MulMul { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_mul(a, b), f64_mul(_, c)); }
            F64AddAddR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_add(a, b), f64_add(c, _)); }
            F64AddSubR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_add(a, b), f64_sub(c, _)); }
            F64AddMulR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_add(a, b), f64_mul(c, _)); }
            F64SubAddR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_sub(a, b), f64_add(c, _)); }
            F64SubSubR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_sub(a, b), f64_sub(c, _)); }
            F64SubMulR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_sub(a, b), f64_mul(c, _)); }
            F64MulAddR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_mul(a, b), f64_add(c, _)); }
            F64MulSubR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_mul(a, b), f64_sub(c, _)); }
            F64MulMulR { d: Dst, a: Reg, b: Reg, c: Reg } => { f64_pair!(d, f64_mul(a, b), f64_mul(c, _)); }

            // ----- numeric with a constant right operand -----
            I32AddImm { d: Dst, a: Reg, imm: i32 } imm_of I32Add => { imm!(d, a, i32, |x: i32| x.wrapping_add(imm)); }
            /// `d = a + b * scale` (fused `i32.shl` by a constant `k`, `scale = 1 << k`, or
            /// `i32.mul` by `scale`, and `i32.add`, as an array element's address is
            /// computed).
            I32AddShl { d: Dst, a: Reg, b: Reg, scale: u32 } => {
                r!(d) = sum!(r!(a), (r!(b) as u32).wrapping_mul(scale));
            }
            /// `d = (a + imm) + b * scale` (also the `i32.add` of a constant before).
            I32AddShlImm { d: Dst, a: Reg, b: Reg, scale: u32, imm: i32 } => {
                r!(d) = sum!(sum!(r!(a), imm), (r!(b) as u32).wrapping_mul(scale));
            }
            /// `d = a + (b < c)`, unsigned and signed (fused `i32.lt_u`/`i32.lt_s` and the
            /// `i32.add` of its result: a branchless count, as a partition does).
            I32AddLtU { d: Dst, a: Reg, b: Reg, c: Reg } => {
                r!(d) = sum!(r!(a), u32::from((r!(b) as u32) < r!(c) as u32));
            }
            I32AddLtS { d: Dst, a: Reg, b: Reg, c: Reg } => {
                r!(d) = sum!(r!(a), u32::from((r!(b) as i32) < r!(c) as i32));
            }
            I32SubImm { d: Dst, a: Reg, imm: i32 } imm_of I32Sub => { imm!(d, a, i32, |x: i32| x.wrapping_sub(imm)); }
            I32AndImm { d: Dst, a: Reg, imm: i32 } imm_of I32And => { imm!(d, a, i32, |x: i32| x & imm); }
            I32OrImm { d: Dst, a: Reg, imm: i32 } imm_of I32Or => { imm!(d, a, i32, |x: i32| x | imm); }
            I32XorImm { d: Dst, a: Reg, imm: i32 } imm_of I32Xor => { imm!(d, a, i32, |x: i32| x ^ imm); }
            I32ShlImm { d: Dst, a: Reg, imm: i32 } imm_of I32Shl => { imm!(d, a, i32, |x: i32| x.wrapping_shl(imm as u32)); }
            I32ShrSImm { d: Dst, a: Reg, imm: i32 } imm_of I32ShrS => { imm!(d, a, i32, |x: i32| x.wrapping_shr(imm as u32)); }
            I32ShrUImm { d: Dst, a: Reg, imm: i32 } imm_of I32ShrU => { imm!(d, a, i32, |x: i32| (x as u32).wrapping_shr(imm as u32) as i32); }
            I32MulImm { d: Dst, a: Reg, imm: i32 } imm_of I32Mul => { imm!(d, a, i32, |x: i32| x.wrapping_mul(imm)); }
            I32EqImm { d: Dst, a: Reg, imm: i32 } imm_of I32Eq => { imm!(d, a, i32, |x: i32| i32::from(x == imm)); }
            I32NeImm { d: Dst, a: Reg, imm: i32 } imm_of I32Ne => { imm!(d, a, i32, |x: i32| i32::from(x != imm)); }
            I32LtSImm { d: Dst, a: Reg, imm: i32 } imm_of I32LtS => { imm!(d, a, i32, |x: i32| i32::from(x < imm)); }
            I32LtUImm { d: Dst, a: Reg, imm: i32 } imm_of I32LtU => { imm!(d, a, i32, |x: i32| i32::from((x as u32) < imm as u32)); }
            I32GtSImm { d: Dst, a: Reg, imm: i32 } imm_of I32GtS => { imm!(d, a, i32, |x: i32| i32::from(x > imm)); }
            I32GtUImm { d: Dst, a: Reg, imm: i32 } imm_of I32GtU => { imm!(d, a, i32, |x: i32| i32::from(x as u32 > imm as u32)); }
            I32LeSImm { d: Dst, a: Reg, imm: i32 } imm_of I32LeS => { imm!(d, a, i32, |x: i32| i32::from(x <= imm)); }
            I32LeUImm { d: Dst, a: Reg, imm: i32 } imm_of I32LeU => { imm!(d, a, i32, |x: i32| i32::from(x as u32 <= imm as u32)); }
            I32GeSImm { d: Dst, a: Reg, imm: i32 } imm_of I32GeS => { imm!(d, a, i32, |x: i32| i32::from(x >= imm)); }
            I32GeUImm { d: Dst, a: Reg, imm: i32 } imm_of I32GeU => { imm!(d, a, i32, |x: i32| i32::from(x as u32 >= imm as u32)); }
            I64AddImm { d: Dst, a: Reg, imm: i32 } imm_of I64Add => { imm!(d, a, i64, |x: i64| x.wrapping_add(i64::from(imm))); }
            I64SubImm { d: Dst, a: Reg, imm: i32 } imm_of I64Sub => { imm!(d, a, i64, |x: i64| x.wrapping_sub(i64::from(imm))); }
            I64AndImm { d: Dst, a: Reg, imm: i32 } imm_of I64And => { imm!(d, a, i64, |x: i64| x & i64::from(imm)); }
            I64ShlImm { d: Dst, a: Reg, imm: i32 } imm_of I64Shl => { imm!(d, a, i64, |x: i64| x.wrapping_shl(imm as u32)); }
            I64ShrSImm { d: Dst, a: Reg, imm: i32 } imm_of I64ShrS => { imm!(d, a, i64, |x: i64| x.wrapping_shr(imm as u32)); }
            I64ShrUImm { d: Dst, a: Reg, imm: i32 } imm_of I64ShrU => { imm!(d, a, i64, |x: i64| (x as u64).wrapping_shr(imm as u32) as i64); }
            I64OrImm { d: Dst, a: Reg, imm: i32 } imm_of I64Or => { imm!(d, a, i64, |x: i64| x | i64::from(imm)); }
            I64XorImm { d: Dst, a: Reg, imm: i32 } imm_of I64Xor => { imm!(d, a, i64, |x: i64| x ^ i64::from(imm)); }
            I64MulImm { d: Dst, a: Reg, imm: i32 } imm_of I64Mul => { imm!(d, a, i64, |x: i64| x.wrapping_mul(i64::from(imm))); }
            /// `d = (a << imm) | b` (fused `i64.shl` by a constant and `i64.or`: bytes put
            /// together into a word, as a big-endian read does).
            I64OrShlImm { d: Dst, a: Reg, imm: i32, b: Reg } => {
                r!(d) = r!(a).wrapping_shl(imm as u32) | r!(b);
            }
            /// `d = (load8_u(addr + offset) << shift) | b` (also the `i64.load8_u` of the
            /// shifted byte before: a big-endian read, one byte an op; `shift < 64`).
            I64Load8UOrShl { d: Dst, addr: Reg, b: Reg, shift: u16, offset: u32 } => {
                let v = loaded!(r!(addr), offset, 1, |b: [u8; 1]| u64::from(b[0]));
                r!(d) = (v << (shift & 63)) | r!(b);
            }

            // ----- pairs: an op that continues with the op after it by a direct jump to
            // its handler when it is the op the pair names (else by a dispatch). The
            // second op stays in place, so no position moves; the translator makes pairs
            // last, on finished code -----
            /// `I32AddImm`, then `I32AddImm`.
            I32AddImmThenAddImm { d: Dst, a: Reg, imm: i32 } => {
                imm!(d, a, i32, |x: i32| x.wrapping_add(imm));
                then!(I32AddImm);
            }
            /// `I32AddImm`, then `I32Store`.
            I32AddImmThenStore { d: Dst, a: Reg, imm: i32 } => {
                imm!(d, a, i32, |x: i32| x.wrapping_add(imm));
                then!(I32Store);
            }
            /// `I32AddImm`, then `Br`.
            I32AddImmThenBr { d: Dst, a: Reg, imm: i32 } => {
                imm!(d, a, i32, |x: i32| x.wrapping_add(imm));
                then!(Br);
            }
            /// `I32AddImm`, then `AddImmBrI32NeImm`.
            I32AddImmThenAddImmBrNe { d: Dst, a: Reg, imm: i32 } => {
                imm!(d, a, i32, |x: i32| x.wrapping_add(imm));
                then!(AddImmBrI32NeImm);
            }
            /// `I32Load`, then `I32Load`.
            I32LoadThenLoad { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)));
                then!(I32Load);
            }
            /// `I32Load`, then `I32Store`.
            I32LoadThenStore { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)));
                then!(I32Store);
            }
            /// `I32Store`, then `I32AddImm`.
            I32StoreThenAddImm { addr: Reg, s: Reg, offset: u32 } => {
                store!(addr, s, offset, 4);
                then!(I32AddImm);
            }
            /// `I32Store`, then `I32Store`.
            I32StoreThenStore { addr: Reg, s: Reg, offset: u32 } => {
                store!(addr, s, offset, 4);
                then!(I32Store);
            }
            /// `I32Load8U`, then `I32Load8UBrNe` (two strings compared a byte at a time).
            I32Load8UThenLoad8UBrNe { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0]));
                then!(I32Load8UBrNe);
            }
            /// `I32Load8U`, then `BrTable`.
            I32Load8UThenBrTable { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0]));
                then!(BrTable);
            }
            /// `I32Load`, then `I32AddShl`.
            I32LoadThenAddShl { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)));
                then!(I32AddShl);
            }
            /// `I64AddImm`, then `I32Load8U`.
            I64AddImmThenLoad8U { d: Dst, a: Reg, imm: i32 } => {
                imm!(d, a, i64, |x: i64| x.wrapping_add(i64::from(imm)));
                then!(I32Load8U);
            }
            /// `I64Load8UOrShl`, then `I64Load8UOrShl` (a big-endian read).
            I64Load8UOrShlThenOrShl { d: Dst, addr: Reg, b: Reg, shift: u16, offset: u32 } => {
                let v = loaded!(r!(addr), offset, 1, |b: [u8; 1]| u64::from(b[0]));
                r!(d) = (v << (shift & 63)) | r!(b);
                then!(I64Load8UOrShl);
            }
            /// `I32Load8UBrNe` not taken, then `I32AddImm`.
            I32Load8UBrNeThenAddImm { d: Reg, addr: Reg, b: Reg, offset: u32, to: Jump } => {
                load_branch!(d, loaded!(r!(addr), offset, 1, |b: [u8; 1]| u32::from(b[0])), v, v != r!(b) as u32, to);
                then!(I32AddImm);
            }
            /// `AddImmBrI32NeImm` not taken, then `I32Load8U`.
            AddImmBrI32NeImmThenLoad8U { d: Reg, a: Reg, add: i16, imm: i32, offset: Jump } => {
                add_branch!(d, r!(a), add as i32, !=, u32, imm, offset);
                then!(I32Load8U);
            }
            /// `I32Load`, then `I32Add`.
            I32LoadThenAdd { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)));
                then!(I32Add);
            }
            /// `I32Load8U`, then `I32ShlImm`.
            I32Load8UThenShlImm { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0]));
                then!(I32ShlImm);
            }
            /// `I32Load8S`, then `I32AndImm`.
            I32Load8SThenAndImm { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 1, |b: [u8; 1]| u64::from(b[0] as i8 as i32 as u32));
                then!(I32AndImm);
            }
            /// `I64Load`, then `I64Store`.
            I64LoadThenStore { d: Dst, addr: Reg, offset: u32 } => {
                load!(d, addr, offset, 8, u64::from_le_bytes);
                then!(I64Store);
            }
            /// `I32AddShl`, then `I32AddImm`.
            I32AddShlThenAddImm { d: Dst, a: Reg, b: Reg, scale: u32 } => {
                r!(d) = sum!(r!(a), (r!(b) as u32).wrapping_mul(scale));
                then!(I32AddImm);
            }
            /// `I32Store`, then `Br`.
            I32StoreThenBr { addr: Reg, s: Reg, offset: u32 } => {
                store!(addr, s, offset, 4);
                then!(Br);
            }
            /// `Copy`, then `Br`.
            CopyThenBr { d: Reg, s: Reg } => {
                r!(d) = r!(s);
                then!(Br);
            }
            /// `Copy`, then `CallLocal`.
            CopyThenCallLocal { d: Reg, s: Reg } => {
                r!(d) = r!(s);
                then!(CallLocal);
            }
            /// `Copy2`, then `CallLocal`.
            Copy2ThenCallLocal { d1: Reg, s1: Reg, d2: Reg, s2: Reg } => {
                r!(d1) = r!(s1);
                r!(d2) = r!(s2);
                then!(CallLocal);
            }
            /// `BrI32AndImmEqz`, then `BrI32AndImmEqz`.
            BrI32AndImmEqzThenAndImmEqz { a: Reg, imm: i32, offset: Jump } => {
                branch_if!(r!(a) as u32 & imm as u32 == 0, offset);
                then!(BrI32AndImmEqz);
            }
    }
    inverses {
        BrIfNez BrIfEqz { cond, offset },
        BrI32Eq BrI32Ne { a, b, offset },
        BrI32LtS BrI32GeS { a, b, offset },
        BrI32LtU BrI32GeU { a, b, offset },
        BrI32GtS BrI32LeS { a, b, offset },
        BrI32GtU BrI32LeU { a, b, offset },
        BrI32EqImm BrI32NeImm { a, imm, offset },
        BrI32LtSImm BrI32GeSImm { a, imm, offset },
        BrI32LtUImm BrI32GeUImm { a, imm, offset },
        BrI32GtSImm BrI32LeSImm { a, imm, offset },
        BrI32GtUImm BrI32LeUImm { a, imm, offset },
        BrI32AndImmNez BrI32AndImmEqz { a, imm, offset },
        I32LoadBrIfNez I32LoadBrIfEqz { d, addr, offset, to },
        I32LoadBrEq I32LoadBrNe { d, addr, b, offset, to },
        I32LoadBrAndImmNez I32LoadBrAndImmEqz { addr, offset, imm, to },
        I32Load8UBrIfNez I32Load8UBrIfEqz { d, addr, offset, to },
        I32Load8UBrEq I32Load8UBrNe { d, addr, b, offset, to },
        I32Load8UBrAndImmNez I32Load8UBrAndImmEqz { addr, offset, imm, to },
        I32Load16UBrIfNez I32Load16UBrIfEqz { d, addr, offset, to },
        I32Load16UBrEq I32Load16UBrNe { d, addr, b, offset, to },
        I32Load16UBrAndImmNez I32Load16UBrAndImmEqz { addr, offset, imm, to },
        BrI64Eqz BrI64Nez { cond, offset },
        BrI64Eq BrI64Ne { a, b, offset },
        BrI64LtS BrI64GeS { a, b, offset },
        BrI64LtU BrI64GeU { a, b, offset },
        BrI64GtS BrI64LeS { a, b, offset },
        BrI64GtU BrI64LeU { a, b, offset },
        BrF64Eq BrF64Ne { a, b, offset },
        BrF64Lt BrF64NotLt { a, b, offset },
        BrF64Gt BrF64NotGt { a, b, offset },
        BrF64Le BrF64NotLe { a, b, offset },
        BrF64Ge BrF64NotGe { a, b, offset },
        AddImmBrI32Eq AddImmBrI32Ne { d, a, add, b, offset },
        AddImmBrI32LtS AddImmBrI32GeS { d, a, add, b, offset },
        AddImmBrI32LtU AddImmBrI32GeU { d, a, add, b, offset },
        AddImmBrI32GtS AddImmBrI32LeS { d, a, add, b, offset },
        AddImmBrI32GtU AddImmBrI32LeU { d, a, add, b, offset },
        AddImmBrI32EqImm AddImmBrI32NeImm { d, a, add, imm, offset },
        AddImmBrI32LtSImm AddImmBrI32GeSImm { d, a, add, imm, offset },
        AddImmBrI32LtUImm AddImmBrI32GeUImm { d, a, add, imm, offset },
        AddImmBrI32GtSImm AddImmBrI32LeSImm { d, a, add, imm, offset },
        AddImmBrI32GtUImm AddImmBrI32LeUImm { d, a, add, imm, offset },
        AddBrI32Eq AddBrI32Ne { d, a, b, c, offset },
        AddBrI32LtS AddBrI32GeS { d, a, b, c, offset },
        AddBrI32LtU AddBrI32GeU { d, a, b, c, offset },
        AddBrI32GtS AddBrI32LeS { d, a, b, c, offset },
        AddBrI32GtU AddBrI32LeU { d, a, b, c, offset },
    }
        }
    };
}

pub(crate) use for_each_op;
