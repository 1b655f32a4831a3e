//! Checkpoints: where the interpreter's code has `ConsumeFuel`, with the same amounts.
//!
//! With `Checkpoints::Fuel` a checkpoint opens on entry, at each `loop` in reachable
//! code and after each `end` of a frame that is not dead; with `Checkpoints::Loops`
//! only at the loops (where it only looks at the interrupt flag). Every instruction,
//! reachable or not, counts one at the checkpoint open after it: a `loop` or `end`
//! counts at its own. The amounts are known only at the end, so each checkpoint's
//! amount is an `iconst` placeholder, replaced then ([`patch`]).
//!
//! A checkpoint: if the interrupt flag is set or the fuel left is below the amount,
//! `libcalls.checkpoint(vmctx, amount)` (the host decides, then the fuel is consumed
//! or it traps) and a status check; else the fuel is consumed inline.

use super::*;
use cranelift_codegen::ir::{Inst, ValueDef};

/// The checkpoints of a function.
pub(super) struct Fuel {
    mode: Checkpoints,
    /// Each checkpoint's amount placeholder (none at an interrupt-only checkpoint) and
    /// the instructions counted at it.
    points: Vec<(Option<Inst>, u64)>,
    /// The checkpoint open (the last one).
    open: Option<usize>,
}

impl Fuel {
    pub(super) fn new(mode: Checkpoints) -> Self {
        Fuel {
            mode,
            points: Vec::new(),
            open: None,
        }
    }

    /// Whether fuel is counted: checkpoints on entry and after ends too.
    pub(super) fn counts(&self) -> bool {
        self.mode == Checkpoints::Fuel
    }

    /// Whether loop headers have checkpoints.
    pub(super) fn at_loops(&self) -> bool {
        self.mode != Checkpoints::None
    }

    /// Counts one instruction at the open checkpoint.
    pub(super) fn count(&mut self) {
        if let Some(i) = self.open {
            self.points[i].1 += 1;
        }
    }

    /// The placeholders and amounts, in order.
    pub(super) fn points(&self) -> Vec<(Option<Inst>, u64)> {
        self.points.clone()
    }
}

/// Puts each checkpoint's amount in place of its placeholder; the amounts, in order.
pub(super) fn patch(func: &mut Function, points: &[(Option<Inst>, u64)]) -> Vec<u64> {
    for &(inst, amount) in points {
        if let Some(inst) = inst {
            func.replace(inst).iconst(types::I64, amount as i64);
        }
    }
    points.iter().map(|p| p.1).collect()
}

impl Translator<'_, '_> {
    /// Opens a checkpoint here, for the instruction at `offset` (a loop or an end; 0 on
    /// entry), the frame a failure there adds to the backtrace.
    pub(super) fn checkpoint(&mut self, offset: u32) {
        let saved = std::mem::replace(&mut self.offset, offset);
        match self.fuel.mode {
            Checkpoints::None => {}
            Checkpoints::Loops => {
                self.fuel.points.push((None, 0));
                self.fuel.open = Some(self.fuel.points.len() - 1);
                let flag = self.interrupt_flag();
                let zero = self.iconst64(0);
                self.slow_checkpoint(flag, zero, None);
            }
            Checkpoints::Fuel => {
                let amount = self.iconst64(0);
                let ValueDef::Result(placeholder, _) = self.b.func.dfg.value_def(amount) else {
                    unreachable!("an iconst's result")
                };
                self.fuel.points.push((Some(placeholder), 0));
                self.fuel.open = Some(self.fuel.points.len() - 1);
                let flag = self.interrupt_flag();
                let fuel = self.vmctx_load(types::I64, offsets::FUEL);
                let short = self.b.ins().icmp(IntCC::UnsignedLessThan, fuel, amount);
                let slow = self.b.ins().bor(flag, short);
                let left = self.b.ins().isub(fuel, amount);
                self.slow_checkpoint(slow, amount, Some(left));
            }
        }
        self.offset = saved;
    }

    /// The interrupt flag, nonzero when set (an `i8`). An atomic load: also a barrier
    /// Cranelift's alias analysis does not move loads across, so that a loop without
    /// stores still reads the flag at every iteration.
    pub(super) fn interrupt_flag(&mut self) -> Value {
        let ptr = self.vmctx_load(types::I64, offsets::INTERRUPT);
        self.b.ins().atomic_load(types::I8, trusted(), ptr)
    }

    /// If `slow`, the checkpoint libcall for `amount` and a status check; else (with
    /// fuel) `left` is the fuel left.
    fn slow_checkpoint(&mut self, slow: Value, amount: Value, left: Option<Value>) {
        let (slow_block, fast, cont) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.set_cold_block(slow_block);
        self.b.ins().brif(slow, slow_block, &[], fast, &[]);
        self.b.seal_block(slow_block);
        self.b.seal_block(fast);
        self.b.switch_to_block(fast);
        if let Some(left) = left {
            self.b
                .ins()
                .store(trusted(), left, self.vmctx, offsets::FUEL);
        }
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(slow_block);
        self.libcall(Libcall::Checkpoint, &[self.vmctx, amount]);
        self.check_status();
        // The host may have grown the memory meanwhile.
        self.reload_memory();
        self.b.ins().jump(cont, &[]);
        self.b.seal_block(cont);
        self.b.switch_to_block(cont);
    }
}
