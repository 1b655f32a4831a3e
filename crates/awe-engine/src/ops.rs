//! The register bytecode the interpreter executes.
//!
//! A frame is an array of 64-bit cells: parameters, then locals, then temporaries for
//! the operand stack. An op names the cells it reads and writes, so `local.get`,
//! constants and most moves produce no op at all. Branch offsets are relative to the
//! branching op.

/// A frame cell index.
pub type Reg = u16;

/// The most cells a frame may have.
pub const MAX_REGS: usize = Reg::MAX as usize;

macro_rules! define_ops {
    ($( $name:ident $func:ident ($($arg:ident : $ty:ident),*) -> $($ret:ident)+; )*) => {
        /// One instruction of the register bytecode.
        ///
        /// `#[repr(u16)]`: every variant starts with a `u16` tag, numbered in declaration
        /// order from 0, which the interpreter reads to find the op's handler.
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[allow(missing_docs)]
        #[repr(u16)]
        pub enum Op {
            // ----- control -----
            Unreachable,
            /// Jump by `offset` ops.
            Br { offset: i32 },
            /// Jump if the i32 in `cond` is not zero.
            BrIfNez { cond: Reg, offset: i32 },
            /// Jump if the i32 in `cond` is zero.
            BrIfEqz { cond: Reg, offset: i32 },
            /// Jump if an `i32` comparison of `a` and `b` holds (fused `i32.<cmp>` + `br_if`).
            BrI32Eq { a: Reg, b: Reg, offset: i32 },
            BrI32Ne { a: Reg, b: Reg, offset: i32 },
            BrI32LtS { a: Reg, b: Reg, offset: i32 },
            BrI32LtU { a: Reg, b: Reg, offset: i32 },
            BrI32GtS { a: Reg, b: Reg, offset: i32 },
            BrI32GtU { a: Reg, b: Reg, offset: i32 },
            BrI32LeS { a: Reg, b: Reg, offset: i32 },
            BrI32LeU { a: Reg, b: Reg, offset: i32 },
            BrI32GeS { a: Reg, b: Reg, offset: i32 },
            BrI32GeU { a: Reg, b: Reg, offset: i32 },
            /// Jump if an `i32` comparison of `a` with a constant holds.
            BrI32EqImm { a: Reg, imm: i32, offset: i32 },
            BrI32NeImm { a: Reg, imm: i32, offset: i32 },
            BrI32LtSImm { a: Reg, imm: i32, offset: i32 },
            BrI32LtUImm { a: Reg, imm: i32, offset: i32 },
            BrI32GtSImm { a: Reg, imm: i32, offset: i32 },
            BrI32GtUImm { a: Reg, imm: i32, offset: i32 },
            BrI32LeSImm { a: Reg, imm: i32, offset: i32 },
            BrI32LeUImm { a: Reg, imm: i32, offset: i32 },
            BrI32GeSImm { a: Reg, imm: i32, offset: i32 },
            BrI32GeUImm { a: Reg, imm: i32, offset: i32 },
            /// `d = a + add`, then jump if an `i32` comparison of `d` and `b` holds (a fused
            /// `i32.add` of a constant and compare-and-branch: a loop counter's step and
            /// test). `b` is read after `d` is written.
            AddImmBrI32Eq { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32Ne { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32LtS { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32LtU { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32GtS { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32GtU { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32LeS { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32LeU { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32GeS { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            AddImmBrI32GeU { d: Reg, a: Reg, add: i16, b: Reg, offset: i32 },
            /// `d = a + add`, then jump if an `i32` comparison of `d` with a constant holds.
            AddImmBrI32EqImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32NeImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32LtSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32LtUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32GtSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32GtUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32LeSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32LeUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32GeSImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            AddImmBrI32GeUImm { d: Reg, a: Reg, add: i16, imm: i32, offset: i32 },
            /// `d = a + b`, then jump if an `i32` comparison of `d` and `c` holds (`c` is
            /// read after `d` is written).
            AddBrI32Eq { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32Ne { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32LtS { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32LtU { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32GtS { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32GtU { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32LeS { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32LeU { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32GeS { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            AddBrI32GeU { d: Reg, a: Reg, b: Reg, c: Reg, offset: i32 },
            /// Jump if the i64 in `cond` is zero / not zero (fused `i64.eqz` + `br_if`).
            BrI64Eqz { cond: Reg, offset: i32 },
            BrI64Nez { cond: Reg, offset: i32 },
            /// Jump if an `i64` comparison of `a` and `b` holds.
            BrI64Eq { a: Reg, b: Reg, offset: i32 },
            BrI64Ne { a: Reg, b: Reg, offset: i32 },
            BrI64LtS { a: Reg, b: Reg, offset: i32 },
            BrI64LtU { a: Reg, b: Reg, offset: i32 },
            BrI64GtS { a: Reg, b: Reg, offset: i32 },
            BrI64GtU { a: Reg, b: Reg, offset: i32 },
            BrI64LeS { a: Reg, b: Reg, offset: i32 },
            BrI64LeU { a: Reg, b: Reg, offset: i32 },
            BrI64GeS { a: Reg, b: Reg, offset: i32 },
            BrI64GeU { a: Reg, b: Reg, offset: i32 },
            /// Jump if an `f64` comparison of `a` and `b` holds (`Not`: does not hold,
            /// which differs from the opposite comparison when an operand is NaN).
            BrF64Eq { a: Reg, b: Reg, offset: i32 },
            BrF64Ne { a: Reg, b: Reg, offset: i32 },
            BrF64Lt { a: Reg, b: Reg, offset: i32 },
            BrF64Gt { a: Reg, b: Reg, offset: i32 },
            BrF64Le { a: Reg, b: Reg, offset: i32 },
            BrF64Ge { a: Reg, b: Reg, offset: i32 },
            BrF64NotLt { a: Reg, b: Reg, offset: i32 },
            BrF64NotGt { a: Reg, b: Reg, offset: i32 },
            BrF64NotLe { a: Reg, b: Reg, offset: i32 },
            BrF64NotGe { a: Reg, b: Reg, offset: i32 },
            /// Jump to the `Br` at position `min(index, len)` of the `len + 1` that follow.
            BrTable { index: Reg, len: u32 },
            /// Return to the caller; the results are in cells `0..n`.
            Return,
            /// Return the one result in cell `s` (copied to cell 0 first).
            ReturnReg { s: Reg },
            /// Call function `func` of the instance with arguments in cells `base..`; the
            /// results come back in the same place.
            Call { func: u32, base: Reg },
            /// Call the module's own defined function number `index` (its index in the
            /// function space minus the imports): a call within the instance.
            CallLocal { index: u32, base: Reg },
            /// Call through table `table` entry `index`, expecting type `ty`.
            CallIndirect { ty: u32, table: u32, index: Reg, base: Reg },
            /// Use `amount` fuel (only emitted when fuel is on).
            ConsumeFuel { amount: u32 },

            // ----- moves and constants -----
            Copy { d: Reg, s: Reg },
            /// `d1 = s1`, then `d2 = s2` (fused pair of moves).
            Copy2 { d1: Reg, s1: Reg, d2: Reg, s2: Reg },
            Const32 { d: Reg, v: u32 },
            Const64 { d: Reg, v: u64 },
            /// `d = if cond != 0 { a } else { b }`.
            Select { d: Reg, a: Reg, b: Reg, cond: Reg },

            // ----- globals -----
            GlobalGet { d: Reg, global: u32 },
            GlobalSet { s: Reg, global: u32 },

            // ----- memory -----
            I32Load { d: Reg, addr: Reg, offset: u32 },
            I64Load { d: Reg, addr: Reg, offset: u32 },
            I32Load8S { d: Reg, addr: Reg, offset: u32 },
            I32Load8U { d: Reg, addr: Reg, offset: u32 },
            I32Load16S { d: Reg, addr: Reg, offset: u32 },
            I32Load16U { d: Reg, addr: Reg, offset: u32 },
            I64Load8S { d: Reg, addr: Reg, offset: u32 },
            I64Load8U { d: Reg, addr: Reg, offset: u32 },
            I64Load16S { d: Reg, addr: Reg, offset: u32 },
            I64Load16U { d: Reg, addr: Reg, offset: u32 },
            I64Load32S { d: Reg, addr: Reg, offset: u32 },
            I64Load32U { d: Reg, addr: Reg, offset: u32 },
            I32Store { addr: Reg, s: Reg, offset: u32 },
            I64Store { addr: Reg, s: Reg, offset: u32 },
            I32Store8 { addr: Reg, s: Reg, offset: u32 },
            I32Store16 { addr: Reg, s: Reg, offset: u32 },
            I64Store8 { addr: Reg, s: Reg, offset: u32 },
            I64Store16 { addr: Reg, s: Reg, offset: u32 },
            I64Store32 { addr: Reg, s: Reg, offset: u32 },
            // ----- memory, with the address an `i32.add` of two cells or of a cell and a
            // constant (fused `i32.add` + load or store; the sum wraps at 32 bits as the
            // `i32.add` did) -----
            I32LoadAdd { d: Reg, a: Reg, b: Reg, offset: u32 },
            I32LoadAddImm { d: Reg, a: Reg, imm: i32, offset: u32 },
            I64LoadAdd { d: Reg, a: Reg, b: Reg, offset: u32 },
            I64LoadAddImm { d: Reg, a: Reg, imm: i32, offset: u32 },
            I32Load8SAdd { d: Reg, a: Reg, b: Reg, offset: u32 },
            I32Load8SAddImm { d: Reg, a: Reg, imm: i32, offset: u32 },
            I32Load8UAdd { d: Reg, a: Reg, b: Reg, offset: u32 },
            I32Load8UAddImm { d: Reg, a: Reg, imm: i32, offset: u32 },
            I32Load16SAdd { d: Reg, a: Reg, b: Reg, offset: u32 },
            I32Load16SAddImm { d: Reg, a: Reg, imm: i32, offset: u32 },
            I32Load16UAdd { d: Reg, a: Reg, b: Reg, offset: u32 },
            I32Load16UAddImm { d: Reg, a: Reg, imm: i32, offset: u32 },
            I32StoreAdd { a: Reg, b: Reg, s: Reg, offset: u32 },
            I32StoreAddImm { a: Reg, s: Reg, imm: i32, offset: u32 },
            I64StoreAdd { a: Reg, b: Reg, s: Reg, offset: u32 },
            I64StoreAddImm { a: Reg, s: Reg, imm: i32, offset: u32 },
            I32Store8Add { a: Reg, b: Reg, s: Reg, offset: u32 },
            I32Store8AddImm { a: Reg, s: Reg, imm: i32, offset: u32 },
            I32Store16Add { a: Reg, b: Reg, s: Reg, offset: u32 },
            I32Store16AddImm { a: Reg, s: Reg, imm: i32, offset: u32 },
            // ... and with the address `a + b * scale` (fused `i32.shl` by a constant `k`,
            // `i32.add`, load or store; `scale` is `1 << k`: a multiplication needs no
            // shift count register, which x86 has only one of) -----
            I32LoadAddShl { d: Reg, a: Reg, b: Reg, scale: u32, offset: u32 },
            I64LoadAddShl { d: Reg, a: Reg, b: Reg, scale: u32, offset: u32 },
            I32Load8SAddShl { d: Reg, a: Reg, b: Reg, scale: u32, offset: u32 },
            I32Load8UAddShl { d: Reg, a: Reg, b: Reg, scale: u32, offset: u32 },
            I32Load16SAddShl { d: Reg, a: Reg, b: Reg, scale: u32, offset: u32 },
            I32Load16UAddShl { d: Reg, a: Reg, b: Reg, scale: u32, offset: u32 },
            I32StoreAddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 },
            I64StoreAddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 },
            I32Store8AddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 },
            I32Store16AddShl { a: Reg, b: Reg, s: Reg, scale: u32, offset: u32 },
            // ... and `(a + imm) + b * scale` (also the `i32.add` of a constant before
            // the shift and add; the access's own offset is 0) -----
            I32LoadAddShlImm { d: Reg, a: Reg, b: Reg, scale: u32, imm: i32 },
            I32StoreAddShlImm { a: Reg, b: Reg, s: Reg, scale: u32, imm: i32 },
            MemorySize { d: Reg },
            MemoryGrow { d: Reg, delta: Reg },
            MemoryFill { dst: Reg, val: Reg, len: Reg },
            MemoryCopy { dst: Reg, src: Reg, len: Reg },
            MemoryInit { data: u32, dst: Reg, src: Reg, len: Reg },
            DataDrop { data: u32 },

            // ----- tables and references -----
            TableGet { d: Reg, index: Reg, table: u32 },
            TableSet { index: Reg, s: Reg, table: u32 },
            TableSize { d: Reg, table: u32 },
            TableGrow { d: Reg, init: Reg, delta: Reg, table: u32 },
            TableFill { table: u32, dst: Reg, val: Reg, len: Reg },
            TableCopy { dst: Reg, src: Reg, len: Reg, dst_table: u32, src_table: u32 },
            TableInit { dst: Reg, src: Reg, len: Reg, table: u32, elem: u32 },
            ElemDrop { elem: u32 },
            RefIsNull { d: Reg, s: Reg },
            RefFunc { d: Reg, func: u32 },

            // ----- numeric, one per row of `for_each_numeric!` -----
            $( $name { d: Reg, $($arg: Reg),* }, )*

            // ----- two f64 operations in one (`F64AddMul`: `d = (a + b) * c`; `R`: the
            // first result is the right operand, `F64MulAddR`: `d = c + a * b`), each
            // rounded as the two ops would -----
            F64AddAdd { d: Reg, a: Reg, b: Reg, c: Reg },
            F64AddSub { d: Reg, a: Reg, b: Reg, c: Reg },
            F64AddMul { d: Reg, a: Reg, b: Reg, c: Reg },
            F64SubAdd { d: Reg, a: Reg, b: Reg, c: Reg },
            F64SubSub { d: Reg, a: Reg, b: Reg, c: Reg },
            F64SubMul { d: Reg, a: Reg, b: Reg, c: Reg },
            F64MulAdd { d: Reg, a: Reg, b: Reg, c: Reg },
            F64MulSub { d: Reg, a: Reg, b: Reg, c: Reg },
            F64MulMul { d: Reg, a: Reg, b: Reg, c: Reg },
            F64AddAddR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64AddSubR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64AddMulR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64SubAddR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64SubSubR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64SubMulR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64MulAddR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64MulSubR { d: Reg, a: Reg, b: Reg, c: Reg },
            F64MulMulR { d: Reg, a: Reg, b: Reg, c: Reg },

            // ----- numeric with a constant right operand -----
            I32AddImm { d: Reg, a: Reg, imm: i32 },
            /// `d = a + b * scale` (fused `i32.shl` by a constant `k`, `scale = 1 << k`,
            /// and `i32.add`, as an array element's address is computed).
            I32AddShl { d: Reg, a: Reg, b: Reg, scale: u32 },
            /// `d = (a + imm) + b * scale` (also the `i32.add` of a constant before).
            I32AddShlImm { d: Reg, a: Reg, b: Reg, scale: u32, imm: i32 },
            /// `d = a + (b < c)`, unsigned and signed (fused `i32.lt_u`/`i32.lt_s` and the
            /// `i32.add` of its result: a branchless count, as a partition does).
            I32AddLtU { d: Reg, a: Reg, b: Reg, c: Reg },
            I32AddLtS { d: Reg, a: Reg, b: Reg, c: Reg },
            I32SubImm { d: Reg, a: Reg, imm: i32 },
            I32AndImm { d: Reg, a: Reg, imm: i32 },
            I32OrImm { d: Reg, a: Reg, imm: i32 },
            I32XorImm { d: Reg, a: Reg, imm: i32 },
            I32ShlImm { d: Reg, a: Reg, imm: i32 },
            I32ShrSImm { d: Reg, a: Reg, imm: i32 },
            I32ShrUImm { d: Reg, a: Reg, imm: i32 },
            I32MulImm { d: Reg, a: Reg, imm: i32 },
            I32EqImm { d: Reg, a: Reg, imm: i32 },
            I32NeImm { d: Reg, a: Reg, imm: i32 },
            I32LtSImm { d: Reg, a: Reg, imm: i32 },
            I32LtUImm { d: Reg, a: Reg, imm: i32 },
            I32GtSImm { d: Reg, a: Reg, imm: i32 },
            I32GtUImm { d: Reg, a: Reg, imm: i32 },
            I32LeSImm { d: Reg, a: Reg, imm: i32 },
            I32LeUImm { d: Reg, a: Reg, imm: i32 },
            I32GeSImm { d: Reg, a: Reg, imm: i32 },
            I32GeUImm { d: Reg, a: Reg, imm: i32 },
            I64AddImm { d: Reg, a: Reg, imm: i32 },
            I64SubImm { d: Reg, a: Reg, imm: i32 },
            I64AndImm { d: Reg, a: Reg, imm: i32 },
            I64ShlImm { d: Reg, a: Reg, imm: i32 },
            I64ShrSImm { d: Reg, a: Reg, imm: i32 },
            I64ShrUImm { d: Reg, a: Reg, imm: i32 },
        }
    };
}

crate::for_each_numeric!(define_ops);

// Ops stay small: code is a vector of them.
const _: () = assert!(std::mem::size_of::<Op>() <= 16);
