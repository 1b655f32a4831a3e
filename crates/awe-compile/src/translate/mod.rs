//! A validated function body to Cranelift IR, one instruction at a time.
//!
//! Files by job: `support` (the pass before, which refuses what is not supported),
//! `control` (blocks, loops, `if`, branches, returns, unreachable code), `fuel` (the
//! interpreter's checkpoints, with its amounts), `numeric` (the scalar rows of the
//! instruction table), `memory` (loads, stores, `memory.size`/`grow`), `bulk` (the bulk
//! memory and table instructions, through the engine), `calls` (direct and indirect
//! calls), `variables` (locals, globals, constants, references, `select`, `drop`).
//!
//! The wasm operand stack is simulated: each entry is a Cranelift value. Locals are
//! Cranelift variables (the frontend builds the SSA form), as are memory 0's base and
//! length, read from the context on entry and again after anything that may move or
//! grow the memory (every call and libcall).
//!
//! Every trap calls `libcalls.trap` and then jumps to the exit block, which stores the
//! caller's call depth back and returns zeros; after every call or libcall that can
//! fail, a nonzero `status` makes the function add its frame (`libcalls.frame`) and
//! exit the same way.

mod bulk;
mod calls;
mod control;
mod fuel;
mod memory;
mod numeric;
mod support;
mod variables;

use crate::signature::{Libcall, trusted, val_type, val_types, wasm_signature};
use awe_engine::TrapCode;
use awe_engine::native::{Checkpoints, offsets, trap_number};
use awe_module::{FuncType, Instr};
use awe_validate::{Context, ValidModule};
use control::Frame;
use cranelift_codegen::entity::packed_option::ReservedValue;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    Block, Function, InstBuilder, SigRef, StackSlot, Type, UserFuncName, Value, types,
};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use std::collections::HashMap;

/// A function translated: its IR, and the fuel amounts of its checkpoints in order.
pub(crate) struct Translated {
    pub(crate) func: Function,
    pub(crate) amounts: Vec<u64>,
}

/// Why translation stopped: something unsupported, or a body that does not decode
/// (which a `ValidModule` rules out).
struct Error(String);

impl From<String> for Error {
    fn from(s: String) -> Self {
        Error(s)
    }
}

impl From<awe_binary::DecodeError> for Error {
    fn from(e: awe_binary::DecodeError) -> Self {
        Error(format!("the body does not decode: {}", e.message()))
    }
}

/// Translates defined function `index` of `module`, with `checkpoints`.
pub(crate) fn translate(
    isa: &dyn TargetIsa,
    module: &ValidModule,
    index: u32,
    checkpoints: Checkpoints,
) -> Result<Translated, String> {
    let m = module.module();
    let ctx = module.context();
    let func = m
        .funcs
        .get(index as usize)
        .ok_or_else(|| format!("no defined function {index}"))?;
    let ty = m
        .type_func(func.ty)
        .ok_or_else(|| format!("type {} is not a function type", func.ty))?;
    let imported = m.num_imported_funcs();
    let func_index = imported + index;
    let sig = wasm_signature(ty)?;
    let mut locals = Vec::new();
    for l in &func.locals {
        locals.push((l.count, val_type(l.ty)?));
    }
    let scan = support::scan(&ctx, func)?;

    let mut ir = Function::with_name_signature(UserFuncName::user(0, func_index), sig);
    let mut fctx = FunctionBuilderContext::new();
    let b = FunctionBuilder::new(&mut ir, &mut fctx);
    let mut t = Translator::new(b, ctx, isa.default_call_conv(), func_index, checkpoints);
    t.prologue(ty, &locals, scan.uses_memory)?;
    awe_binary::for_each_instr(func, |_, offset, instr| t.instr(offset.unwrap_or(0), instr))
        .map_err(|Error(e)| e)?;
    let points = t.finish(isa);
    let amounts = fuel::patch(&mut ir, &points);
    Ok(Translated { func: ir, amounts })
}

/// The translation of one function.
pub(super) struct Translator<'a, 'b> {
    b: FunctionBuilder<'b>,
    ctx: Context<'a>,
    /// The host's calling convention (the libcalls').
    host: CallConv,
    /// The function's index in its module (imports first), for traps and frames.
    func_index: u32,
    /// The byte offset of the instruction being translated (0 if unknown).
    offset: u32,
    /// The context: the first parameter.
    vmctx: Value,
    /// The call depth on entry, stored back on every return.
    depth: Value,
    results: Vec<Type>,
    locals: Vec<Variable>,
    /// The operand stack.
    stack: Vec<Value>,
    /// The control frames, the function's first.
    frames: Vec<Frame>,
    /// Memory 0's base and length, when the function accesses memory.
    memory: Option<(Variable, Variable)>,
    /// Where traps and failed calls go: stores the depth back, returns zeros. Made on
    /// first use, filled in at the end.
    exit: Option<Block>,
    /// The shared block of each trap code's checks (`trap_if`).
    traps: HashMap<TrapCode, Block>,
    /// The cells of calls through the engine, and the most any call needs, in bytes.
    cells: Option<StackSlot>,
    cells_size: u32,
    libcall_sigs: HashMap<Libcall, SigRef>,
    wasm_sigs: HashMap<FuncType, SigRef>,
    fuel: fuel::Fuel,
}

impl<'a, 'b> Translator<'a, 'b> {
    fn new(
        b: FunctionBuilder<'b>,
        ctx: Context<'a>,
        host: CallConv,
        func_index: u32,
        checkpoints: Checkpoints,
    ) -> Self {
        Translator {
            b,
            ctx,
            host,
            func_index,
            offset: 0,
            vmctx: Value::reserved_value(),
            depth: Value::reserved_value(),
            results: Vec::new(),
            locals: Vec::new(),
            stack: Vec::new(),
            frames: Vec::new(),
            memory: None,
            exit: None,
            traps: HashMap::new(),
            cells: None,
            cells_size: 0,
            libcall_sigs: HashMap::new(),
            wasm_sigs: HashMap::new(),
            fuel: fuel::Fuel::new(checkpoints),
        }
    }

    /// The entry: the stack check, the depth counted, the locals, memory, the entry's
    /// checkpoint.
    fn prologue(
        &mut self,
        ty: &FuncType,
        locals: &[(u32, Type)],
        uses_memory: bool,
    ) -> Result<(), String> {
        self.results = val_types(&ty.results)?;
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        self.b.seal_block(entry);
        let params = self.b.block_params(entry).to_vec();
        self.vmctx = params[0];
        // Too deep, or too little stack left: "call stack exhausted", before the frame
        // counts (offset u32::MAX: not in the backtrace).
        let depth = self.vmctx_load(types::I64, offsets::DEPTH);
        let max = self.vmctx_load(types::I64, offsets::MAX_DEPTH);
        let limit = self.vmctx_load(types::I64, offsets::STACK_LIMIT);
        let sp = self.b.ins().get_stack_pointer(types::I64);
        let deep = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, depth, max);
        let low = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        let over = self.b.ins().bor(deep, low);
        let (overflow, body) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(overflow);
        self.b.ins().brif(over, overflow, &[], body, &[]);
        self.b.seal_block(overflow);
        self.b.seal_block(body);
        self.b.switch_to_block(overflow);
        self.call_trap(TrapCode::StackOverflow, u32::MAX);
        let zeros = self.zeros();
        self.b.ins().return_(&zeros);

        self.b.switch_to_block(body);
        self.depth = depth;
        let deeper = self.b.ins().iadd_imm_u(depth, 1);
        self.b
            .ins()
            .store(trusted(), deeper, self.vmctx, offsets::DEPTH);
        let param_types = val_types(&ty.params)?;
        for (&t, &v) in param_types.iter().zip(&params[1..]) {
            let var = self.b.declare_var(t);
            self.b.def_var(var, v);
            self.locals.push(var);
        }
        for &(count, t) in locals {
            let zero = self.zero(t);
            for _ in 0..count {
                let var = self.b.declare_var(t);
                self.b.def_var(var, zero);
                self.locals.push(var);
            }
        }
        if uses_memory {
            let base = self.b.declare_var(types::I64);
            let len = self.b.declare_var(types::I64);
            self.memory = Some((base, len));
            self.reload_memory();
        }
        self.frames.push(Frame::function(self.results.len()));
        if self.fuel.counts() {
            self.checkpoint(0);
        }
        Ok(())
    }

    /// Translates one instruction at byte `offset`.
    fn instr(&mut self, offset: u32, instr: &Instr) -> Result<(), Error> {
        self.offset = offset;
        if !self.control(instr)? && self.reachable() {
            self.operation(instr)?;
        }
        // Every instruction counts at the checkpoint open after it (its own, for the
        // `loop` or `end` that opens one), reachable or not, as in the interpreter.
        self.fuel.count();
        Ok(())
    }

    /// Every instruction but the structured control ones, in reachable code.
    fn operation(&mut self, instr: &Instr) -> Result<(), String> {
        if self.numeric(instr) || self.access(instr)? || self.variable(instr)? {
            return Ok(());
        }
        match instr {
            Instr::Unreachable => {
                self.trap(TrapCode::Unreachable);
                self.set_unreachable();
            }
            Instr::Nop => {}
            Instr::Br { label } => self.br(label.index()),
            Instr::BrIf { label } => self.br_if(label.index()),
            Instr::BrTable { targets } => self.br_table(targets),
            Instr::Return => {
                self.return_from_function();
                self.set_unreachable();
            }
            Instr::Call { func } => self.call(*func)?,
            Instr::CallIndirect { ty, table } => self.call_indirect(*ty, *table)?,
            Instr::MemorySize { .. } => self.memory_size(),
            Instr::MemoryGrow { .. } => self.memory_grow(),
            _ => {
                if !self.bulk(instr)? {
                    return Err(format!("unsupported: {}", instr.name()));
                }
            }
        }
        Ok(())
    }

    /// Ends the translation: fills in the exit block and the size of the calls' cells,
    /// and seals every block. The checkpoints' amount placeholders, with their amounts.
    fn finish(mut self, isa: &dyn TargetIsa) -> Vec<(Option<cranelift_codegen::ir::Inst>, u64)> {
        self.fill_trap_blocks();
        if let Some(exit) = self.exit {
            self.b.switch_to_block(exit);
            self.b
                .ins()
                .store(trusted(), self.depth, self.vmctx, offsets::DEPTH);
            let zeros = self.zeros();
            self.b.ins().return_(&zeros);
        }
        if let Some(slot) = self.cells {
            self.b.func.sized_stack_slots[slot].size = self.cells_size;
        }
        self.b.seal_all_blocks();
        let points = self.fuel.points();
        self.b.finalize(isa.frontend_config());
        points
    }

    // ----- the operand stack -----

    fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    fn pop(&mut self) -> Value {
        self.stack.pop().expect("validation: an operand")
    }

    /// The top `n` operands, popped.
    fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }

    /// The top `n` operands, left on the stack.
    fn top(&self, n: usize) -> Vec<Value> {
        self.stack[self.stack.len() - n..].to_vec()
    }

    // ----- constants and the context -----

    /// The zero of type `t` (the default of a local, a trapping function's results).
    fn zero(&mut self, t: Type) -> Value {
        match t {
            types::F32 => self.b.ins().f32const(0.0f32),
            types::F64 => self.b.ins().f64const(0.0f64),
            t => self.b.ins().iconst(t, 0),
        }
    }

    /// Zeros of the function's result types.
    fn zeros(&mut self) -> Vec<Value> {
        let results = self.results.clone();
        results.into_iter().map(|t| self.zero(t)).collect()
    }

    fn iconst32(&mut self, v: u32) -> Value {
        self.b.ins().iconst(types::I32, i64::from(v))
    }

    fn iconst64(&mut self, v: u64) -> Value {
        self.b.ins().iconst(types::I64, v as i64)
    }

    /// A field of the context.
    fn vmctx_load(&mut self, ty: Type, offset: i32) -> Value {
        self.b.ins().load(ty, trusted(), self.vmctx, offset)
    }

    /// Reads memory 0's base and length again (after a call or a libcall).
    fn reload_memory(&mut self) {
        if let Some((base, len)) = self.memory {
            let b = self.vmctx_load(types::I64, offsets::MEM_BASE);
            let l = self.vmctx_load(types::I64, offsets::MEM_LEN);
            self.b.def_var(base, b);
            self.b.def_var(len, l);
        }
    }

    // ----- libcalls, traps, exits -----

    /// Calls libcall `lc` with `args` (the context first); its result, if it has one.
    fn libcall(&mut self, lc: Libcall, args: &[Value]) -> Option<Value> {
        let host = self.host;
        let sig = *self
            .libcall_sigs
            .entry(lc)
            .or_insert_with(|| self.b.import_signature(lc.signature(host)));
        let f = self.vmctx_load(types::I64, lc.offset());
        let call = self.b.ins().call_indirect(sig, f, args);
        self.b.inst_results(call).first().copied()
    }

    /// Calls `libcalls.trap` for `code` in this function at `offset`.
    fn call_trap(&mut self, code: TrapCode, offset: u32) {
        let code = self.iconst32(trap_number(code));
        let func = self.iconst32(self.func_index);
        let offset = self.iconst32(offset);
        self.libcall(Libcall::Trap, &[self.vmctx, code, func, offset]);
    }

    /// Traps with `code` here: the libcall, then the exit. Fills the current block.
    fn trap(&mut self, code: TrapCode) {
        self.call_trap(code, self.offset);
        let exit = self.exit_block();
        self.b.ins().jump(exit, &[]);
    }

    /// Traps with `code` if `cond` (an integer) is nonzero; translation goes on in the
    /// block where it is not.
    /// The checks of one trap code share one cold block with the libcall, which gets
    /// the instruction's offset as its parameter (filled in `finish`): less code for
    /// Cranelift than a libcall per check.
    fn trap_if(&mut self, cond: Value, code: TrapCode) {
        let trap = match self.traps.get(&code) {
            Some(&b) => b,
            None => {
                let b = self.b.create_block();
                self.b.set_cold_block(b);
                self.b.append_block_param(b, types::I32);
                self.traps.insert(code, b);
                b
            }
        };
        // The offset is made in a cold block of the check's own, so that the hot path
        // is the branch alone.
        let (site, cont) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(site);
        self.b.ins().brif(cond, site, &[], cont, &[]);
        self.b.seal_block(site);
        self.b.seal_block(cont);
        self.b.switch_to_block(site);
        let offset = self.iconst32(self.offset);
        self.b.ins().jump(trap, &control::block_args(&[offset]));
        self.b.switch_to_block(cont);
    }

    /// The shared trap blocks of `trap_if`: the libcall with the offset they got, then
    /// the exit.
    fn fill_trap_blocks(&mut self) {
        let mut traps: Vec<(TrapCode, Block)> = self.traps.drain().collect();
        // In a fixed order: the same function compiles to the same code.
        traps.sort_by_key(|&(code, _)| trap_number(code));
        for (code, block) in traps {
            self.b.switch_to_block(block);
            let offset = self.b.block_params(block)[0];
            let code = self.iconst32(trap_number(code));
            let func = self.iconst32(self.func_index);
            self.libcall(Libcall::Trap, &[self.vmctx, code, func, offset]);
            let exit = self.exit_block();
            self.b.ins().jump(exit, &[]);
        }
    }

    /// After a call or a libcall that can fail: if `status` is set, adds this frame to
    /// the pending trap's backtrace and exits.
    fn check_status(&mut self) {
        let status = self.vmctx_load(types::I32, offsets::STATUS);
        let (failed, cont) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(failed);
        self.b.ins().brif(status, failed, &[], cont, &[]);
        self.b.seal_block(failed);
        self.b.seal_block(cont);
        self.b.switch_to_block(failed);
        let func = self.iconst32(self.func_index);
        let offset = self.iconst32(self.offset);
        self.libcall(Libcall::Frame, &[self.vmctx, func, offset]);
        let exit = self.exit_block();
        self.b.ins().jump(exit, &[]);
        self.b.switch_to_block(cont);
    }

    fn exit_block(&mut self) -> Block {
        if let Some(b) = self.exit {
            return b;
        }
        let b = self.b.create_block();
        self.b.set_cold_block(b);
        self.exit = Some(b);
        b
    }

    /// Returns `values` (the function's results): the depth stored back first.
    fn emit_return(&mut self, values: &[Value]) {
        self.b
            .ins()
            .store(trusted(), self.depth, self.vmctx, offsets::DEPTH);
        self.b.ins().return_(values);
    }
}
