//! Instructions ([spec §2.4](https://webassembly.github.io/spec/core/syntax/instructions.html)).
//!
//! Every instruction is described exactly once, in [`for_each_instruction!`]. The decoder,
//! encoder, printer, validator and translator all expand that table, so adding an opcode
//! means adding one row.

use crate::index::*;
use crate::types::{HeapType, RefType, ValType};
use std::fmt;

/// Calls the macro `$m` with the table of every WebAssembly 2.0 instruction.
///
/// Each row reads
/// `Name fn_name "text.name" [opcode sub-opcode?] { immediate: Type, ... }? => class(args)?;`
///
/// * `Name` is the [`Instr`] variant; `fn_name` a snake-case name for functions about it
///   (the engine's numeric semantics are `awe_engine::num::fn_name`, the methods of
///   `awe_binary::VisitInstr` are named by it; keywords are raw: `r#loop`); `"text.name"`
///   its text format keyword.
/// * `[0x6a]` is a one-byte opcode; `[0xfc 8]` a prefix byte followed by a LEB128 u32.
/// * The immediates are listed in binary order.
/// * The class tells the validator and translator the operand types:
///   `special` (handled one by one), `gc` (GC's instructions, handled one by one too),
///   `load(T, a)` / `store(T, a)` (value type and natural
///   alignment as a power of two), `konst(T)`, `unop(T)`, `binop(T)`, `ternop(T)`,
///   `testop(T)` (`[T] -> [i32]`), `relop(T)` (`[T T] -> [i32]`), `cvtop(From, To)`,
///   `extract(T, lanes)`, `replace(T, lanes)`, `load_lane(a, lanes)`, `store_lane(a, lanes)`,
///   `vshift` (`[v128 i32] -> [v128]`), `shuffle`.
///
/// A consumer matches rows with:
///
/// ```ignore
/// ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
///     $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*)
/// ```
#[macro_export]
macro_rules! for_each_instruction {
    ($m:ident) => {
        $crate::__instruction_rows! { other flat [unary flat [binary flat [vmem flat [simd flat [done []]]]]] $m [] }
    };
}

/// Calls the macro `$m` with the scalar numeric rows of [`for_each_instruction!`]: those
/// of class `testop`, `unop` or `cvtop` on scalar types, then those of class `binop` or
/// `relop`, as `$m! { $($pre)* unary { rows } binary { rows } }`: the tokens `$pre`
/// first, then the rows in the same format as the whole table's. The engine's numeric
/// ops, their handlers and their translation are expanded from these.
#[macro_export]
macro_rules! for_each_scalar_instruction {
    ($m:ident $($pre:tt)*) => {
        $crate::__instruction_rows! { unary wrap [binary wrap [done []]] $m [$($pre)*] }
    };
}

/// Calls the macro `$m` as [`for_each_scalar_instruction!`] does, with the vector rows that
/// compute on values (every SIMD row but the memory accesses and `v128.const`) after them:
/// `$m! { $($pre)* unary { rows } binary { rows } simd { rows } }`. The engine's vector ops,
/// their handlers and their translation are expanded from the `simd` rows.
#[macro_export]
macro_rules! for_each_numeric_instruction {
    ($m:ident $($pre:tt)*) => {
        $crate::__instruction_rows! { unary wrap [binary wrap [simd wrap [done []]]] $m [$($pre)*] }
    };
}

/// The Rust type of the operands of a scalar numeric class (a row of
/// [`for_each_scalar_instruction!`]): `T` of `unop(T)`, `binop(T)`, `testop(T)`,
/// `relop(T)`, and `From` of `cvtop(From, To)`, as `i32`, `i64`, `f32` or `f64`.
#[macro_export]
macro_rules! scalar_operand_type {
    (cvtop($from:ident, $to:ident)) => {
        $crate::scalar_operand_type!(@ $from)
    };
    ($class:ident($t:ident)) => {
        $crate::scalar_operand_type!(@ $t)
    };
    (@ I32) => { i32 };
    (@ I64) => { i64 };
    (@ F32) => { f32 };
    (@ F64) => { f64 };
}

/// The Rust type of the result of a scalar numeric class: `T` of `unop(T)` and
/// `binop(T)`, `i32` for `testop` and `relop`, `To` of `cvtop(From, To)`.
#[macro_export]
macro_rules! scalar_result_type {
    (cvtop($from:ident, $to:ident)) => {
        $crate::scalar_operand_type!(@ $to)
    };
    (testop($t:ident)) => {
        i32
    };
    (relop($t:ident)) => {
        i32
    };
    ($class:ident($t:ident)) => {
        $crate::scalar_operand_type!(@ $t)
    };
}

/// The instruction table in groups: `$group $how [$next] $m [$acc]` appends the group's
/// rows to `$acc` (`flat`, or `wrap`ped as `group { rows }`) and continues with `$next`;
/// `done` calls `$m` with what was gathered. Each row is written once, here.
#[doc(hidden)]
#[macro_export]
macro_rules! __instruction_rows {
    (done [] $m:ident [$($acc:tt)*]) => {
        $m! { $($acc)* }
    };
    (@put flat $group:ident [$($next:tt)*] $m:ident [$($acc:tt)*] { $($rows:tt)* }) => {
        $crate::__instruction_rows! { $($next)* $m [$($acc)* $($rows)*] }
    };
    (@put wrap $group:ident [$($next:tt)*] $m:ident [$($acc:tt)*] { $($rows:tt)* }) => {
        $crate::__instruction_rows! { $($next)* $m [$($acc)* $group { $($rows)* }] }
    };
    (other $how:ident $next:tt $m:ident $acc:tt) => {
        $crate::__instruction_rows! { @put $how other $next $m $acc {
            Unreachable unreachable "unreachable" [0x00] => special;
            Nop nop "nop" [0x01] => special;
            Block block "block" [0x02] { ty: BlockType } => special;
            Loop r#loop "loop" [0x03] { ty: BlockType } => special;
            If r#if "if" [0x04] { ty: BlockType } => special;
            Else r#else "else" [0x05] => special;
            Throw throw "throw" [0x08] { tag: TagIdx } => special;
            ThrowRef throw_ref "throw_ref" [0x0a] => special;
            End end "end" [0x0b] => special;
            Br br "br" [0x0c] { label: LabelIdx } => special;
            BrIf br_if "br_if" [0x0d] { label: LabelIdx } => special;
            BrTable br_table "br_table" [0x0e] { targets: Box<BrTable> } => special;
            Return r#return "return" [0x0f] => special;
            Call call "call" [0x10] { func: FuncIdx } => special;
            CallIndirect call_indirect "call_indirect" [0x11] { ty: TypeIdx, table: TableIdx } => special;
            ReturnCall return_call "return_call" [0x12] { func: FuncIdx } => special;
            ReturnCallIndirect return_call_indirect "return_call_indirect" [0x13] { ty: TypeIdx, table: TableIdx } => special;
            CallRef call_ref "call_ref" [0x14] { ty: TypeIdx } => special;
            ReturnCallRef return_call_ref "return_call_ref" [0x15] { ty: TypeIdx } => special;
            Drop drop "drop" [0x1a] => special;
            Select select "select" [0x1b] => special;
            SelectTyped select_typed "select" [0x1c] { types: Box<Vec<ValType>> } => special;
            TryTable try_table "try_table" [0x1f] { ty: BlockType, catches: Box<Vec<Catch>> } => special;
            LocalGet local_get "local.get" [0x20] { local: LocalIdx } => special;
            LocalSet local_set "local.set" [0x21] { local: LocalIdx } => special;
            LocalTee local_tee "local.tee" [0x22] { local: LocalIdx } => special;
            GlobalGet global_get "global.get" [0x23] { global: GlobalIdx } => special;
            GlobalSet global_set "global.set" [0x24] { global: GlobalIdx } => special;
            TableGet table_get "table.get" [0x25] { table: TableIdx } => special;
            TableSet table_set "table.set" [0x26] { table: TableIdx } => special;
            I32Load i32_load "i32.load" [0x28] { memarg: MemArg } => load(I32, 2);
            I64Load i64_load "i64.load" [0x29] { memarg: MemArg } => load(I64, 3);
            F32Load f32_load "f32.load" [0x2a] { memarg: MemArg } => load(F32, 2);
            F64Load f64_load "f64.load" [0x2b] { memarg: MemArg } => load(F64, 3);
            I32Load8S i32_load8_s "i32.load8_s" [0x2c] { memarg: MemArg } => load(I32, 0);
            I32Load8U i32_load8_u "i32.load8_u" [0x2d] { memarg: MemArg } => load(I32, 0);
            I32Load16S i32_load16_s "i32.load16_s" [0x2e] { memarg: MemArg } => load(I32, 1);
            I32Load16U i32_load16_u "i32.load16_u" [0x2f] { memarg: MemArg } => load(I32, 1);
            I64Load8S i64_load8_s "i64.load8_s" [0x30] { memarg: MemArg } => load(I64, 0);
            I64Load8U i64_load8_u "i64.load8_u" [0x31] { memarg: MemArg } => load(I64, 0);
            I64Load16S i64_load16_s "i64.load16_s" [0x32] { memarg: MemArg } => load(I64, 1);
            I64Load16U i64_load16_u "i64.load16_u" [0x33] { memarg: MemArg } => load(I64, 1);
            I64Load32S i64_load32_s "i64.load32_s" [0x34] { memarg: MemArg } => load(I64, 2);
            I64Load32U i64_load32_u "i64.load32_u" [0x35] { memarg: MemArg } => load(I64, 2);
            I32Store i32_store "i32.store" [0x36] { memarg: MemArg } => store(I32, 2);
            I64Store i64_store "i64.store" [0x37] { memarg: MemArg } => store(I64, 3);
            F32Store f32_store "f32.store" [0x38] { memarg: MemArg } => store(F32, 2);
            F64Store f64_store "f64.store" [0x39] { memarg: MemArg } => store(F64, 3);
            I32Store8 i32_store8 "i32.store8" [0x3a] { memarg: MemArg } => store(I32, 0);
            I32Store16 i32_store16 "i32.store16" [0x3b] { memarg: MemArg } => store(I32, 1);
            I64Store8 i64_store8 "i64.store8" [0x3c] { memarg: MemArg } => store(I64, 0);
            I64Store16 i64_store16 "i64.store16" [0x3d] { memarg: MemArg } => store(I64, 1);
            I64Store32 i64_store32 "i64.store32" [0x3e] { memarg: MemArg } => store(I64, 2);
            MemorySize memory_size "memory.size" [0x3f] { mem: MemIdx } => special;
            MemoryGrow memory_grow "memory.grow" [0x40] { mem: MemIdx } => special;
            I32Const i32_const "i32.const" [0x41] { value: i32 } => konst(I32);
            I64Const i64_const "i64.const" [0x42] { value: i64 } => konst(I64);
            F32Const f32_const "f32.const" [0x43] { value: Ieee32 } => konst(F32);
            F64Const f64_const "f64.const" [0x44] { value: Ieee64 } => konst(F64);
            RefNull ref_null "ref.null" [0xd0] { ty: HeapType } => special;
            RefIsNull ref_is_null "ref.is_null" [0xd1] => special;
            RefFunc ref_func "ref.func" [0xd2] { func: FuncIdx } => special;
            RefAsNonNull ref_as_non_null "ref.as_non_null" [0xd4] => special;
            BrOnNull br_on_null "br_on_null" [0xd5] { label: LabelIdx } => special;
            BrOnNonNull br_on_non_null "br_on_non_null" [0xd6] { label: LabelIdx } => special;
            RefEq ref_eq "ref.eq" [0xd3] => gc;
            // GC (0xFB prefix)
            StructNew struct_new "struct.new" [0xfb 0] { ty: TypeIdx } => gc;
            StructNewDefault struct_new_default "struct.new_default" [0xfb 1] { ty: TypeIdx } => gc;
            StructGet struct_get "struct.get" [0xfb 2] { ty: TypeIdx, field: FieldIdx } => gc;
            StructGetS struct_get_s "struct.get_s" [0xfb 3] { ty: TypeIdx, field: FieldIdx } => gc;
            StructGetU struct_get_u "struct.get_u" [0xfb 4] { ty: TypeIdx, field: FieldIdx } => gc;
            StructSet struct_set "struct.set" [0xfb 5] { ty: TypeIdx, field: FieldIdx } => gc;
            ArrayNew array_new "array.new" [0xfb 6] { ty: TypeIdx } => gc;
            ArrayNewDefault array_new_default "array.new_default" [0xfb 7] { ty: TypeIdx } => gc;
            ArrayNewFixed array_new_fixed "array.new_fixed" [0xfb 8] { ty: TypeIdx, len: u32 } => gc;
            ArrayNewData array_new_data "array.new_data" [0xfb 9] { ty: TypeIdx, data: DataIdx } => gc;
            ArrayNewElem array_new_elem "array.new_elem" [0xfb 10] { ty: TypeIdx, elem: ElemIdx } => gc;
            ArrayGet array_get "array.get" [0xfb 11] { ty: TypeIdx } => gc;
            ArrayGetS array_get_s "array.get_s" [0xfb 12] { ty: TypeIdx } => gc;
            ArrayGetU array_get_u "array.get_u" [0xfb 13] { ty: TypeIdx } => gc;
            ArraySet array_set "array.set" [0xfb 14] { ty: TypeIdx } => gc;
            ArrayLen array_len "array.len" [0xfb 15] => gc;
            ArrayFill array_fill "array.fill" [0xfb 16] { ty: TypeIdx } => gc;
            ArrayCopy array_copy "array.copy" [0xfb 17] { dst: TypeIdx, src: TypeIdx } => gc;
            ArrayInitData array_init_data "array.init_data" [0xfb 18] { ty: TypeIdx, data: DataIdx } => gc;
            ArrayInitElem array_init_elem "array.init_elem" [0xfb 19] { ty: TypeIdx, elem: ElemIdx } => gc;
            RefTest ref_test "ref.test" [0xfb 20] { ty: RefHeap } => gc;
            RefTestNull ref_test_null "ref.test" [0xfb 21] { ty: RefNullHeap } => gc;
            RefCast ref_cast "ref.cast" [0xfb 22] { ty: RefHeap } => gc;
            RefCastNull ref_cast_null "ref.cast" [0xfb 23] { ty: RefNullHeap } => gc;
            BrOnCast br_on_cast "br_on_cast" [0xfb 24] { cast: BrCast } => gc;
            BrOnCastFail br_on_cast_fail "br_on_cast_fail" [0xfb 25] { cast: BrCast } => gc;
            AnyConvertExtern any_convert_extern "any.convert_extern" [0xfb 26] => gc;
            ExternConvertAny extern_convert_any "extern.convert_any" [0xfb 27] => gc;
            RefI31 ref_i31 "ref.i31" [0xfb 28] => gc;
            I31GetS i31_get_s "i31.get_s" [0xfb 29] => gc;
            I31GetU i31_get_u "i31.get_u" [0xfb 30] => gc;
            MemoryInit memory_init "memory.init" [0xfc 8] { data: DataIdx, mem: MemIdx } => special;
            DataDrop data_drop "data.drop" [0xfc 9] { data: DataIdx } => special;
            MemoryCopy memory_copy "memory.copy" [0xfc 10] { dst: MemIdx, src: MemIdx } => special;
            MemoryFill memory_fill "memory.fill" [0xfc 11] { mem: MemIdx } => special;
            TableInit table_init "table.init" [0xfc 12] { elem: ElemIdx, table: TableIdx } => special;
            ElemDrop elem_drop "elem.drop" [0xfc 13] { elem: ElemIdx } => special;
            TableCopy table_copy "table.copy" [0xfc 14] { dst: TableIdx, src: TableIdx } => special;
            TableGrow table_grow "table.grow" [0xfc 15] { table: TableIdx } => special;
            TableSize table_size "table.size" [0xfc 16] { table: TableIdx } => special;
            TableFill table_fill "table.fill" [0xfc 17] { table: TableIdx } => special;
        } }
    };
    (unary $how:ident $next:tt $m:ident $acc:tt) => {
        $crate::__instruction_rows! { @put $how unary $next $m $acc {
            I32Eqz i32_eqz "i32.eqz" [0x45] => testop(I32);
            I64Eqz i64_eqz "i64.eqz" [0x50] => testop(I64);
            I32Clz i32_clz "i32.clz" [0x67] => unop(I32);
            I32Ctz i32_ctz "i32.ctz" [0x68] => unop(I32);
            I32Popcnt i32_popcnt "i32.popcnt" [0x69] => unop(I32);
            I64Clz i64_clz "i64.clz" [0x79] => unop(I64);
            I64Ctz i64_ctz "i64.ctz" [0x7a] => unop(I64);
            I64Popcnt i64_popcnt "i64.popcnt" [0x7b] => unop(I64);
            F32Abs f32_abs "f32.abs" [0x8b] => unop(F32);
            F32Neg f32_neg "f32.neg" [0x8c] => unop(F32);
            F32Ceil f32_ceil "f32.ceil" [0x8d] => unop(F32);
            F32Floor f32_floor "f32.floor" [0x8e] => unop(F32);
            F32Trunc f32_trunc "f32.trunc" [0x8f] => unop(F32);
            F32Nearest f32_nearest "f32.nearest" [0x90] => unop(F32);
            F32Sqrt f32_sqrt "f32.sqrt" [0x91] => unop(F32);
            F64Abs f64_abs "f64.abs" [0x99] => unop(F64);
            F64Neg f64_neg "f64.neg" [0x9a] => unop(F64);
            F64Ceil f64_ceil "f64.ceil" [0x9b] => unop(F64);
            F64Floor f64_floor "f64.floor" [0x9c] => unop(F64);
            F64Trunc f64_trunc "f64.trunc" [0x9d] => unop(F64);
            F64Nearest f64_nearest "f64.nearest" [0x9e] => unop(F64);
            F64Sqrt f64_sqrt "f64.sqrt" [0x9f] => unop(F64);
            I32WrapI64 i32_wrap_i64 "i32.wrap_i64" [0xa7] => cvtop(I64, I32);
            I32TruncF32S i32_trunc_f32_s "i32.trunc_f32_s" [0xa8] => cvtop(F32, I32);
            I32TruncF32U i32_trunc_f32_u "i32.trunc_f32_u" [0xa9] => cvtop(F32, I32);
            I32TruncF64S i32_trunc_f64_s "i32.trunc_f64_s" [0xaa] => cvtop(F64, I32);
            I32TruncF64U i32_trunc_f64_u "i32.trunc_f64_u" [0xab] => cvtop(F64, I32);
            I64ExtendI32S i64_extend_i32_s "i64.extend_i32_s" [0xac] => cvtop(I32, I64);
            I64ExtendI32U i64_extend_i32_u "i64.extend_i32_u" [0xad] => cvtop(I32, I64);
            I64TruncF32S i64_trunc_f32_s "i64.trunc_f32_s" [0xae] => cvtop(F32, I64);
            I64TruncF32U i64_trunc_f32_u "i64.trunc_f32_u" [0xaf] => cvtop(F32, I64);
            I64TruncF64S i64_trunc_f64_s "i64.trunc_f64_s" [0xb0] => cvtop(F64, I64);
            I64TruncF64U i64_trunc_f64_u "i64.trunc_f64_u" [0xb1] => cvtop(F64, I64);
            F32ConvertI32S f32_convert_i32_s "f32.convert_i32_s" [0xb2] => cvtop(I32, F32);
            F32ConvertI32U f32_convert_i32_u "f32.convert_i32_u" [0xb3] => cvtop(I32, F32);
            F32ConvertI64S f32_convert_i64_s "f32.convert_i64_s" [0xb4] => cvtop(I64, F32);
            F32ConvertI64U f32_convert_i64_u "f32.convert_i64_u" [0xb5] => cvtop(I64, F32);
            F32DemoteF64 f32_demote_f64 "f32.demote_f64" [0xb6] => cvtop(F64, F32);
            F64ConvertI32S f64_convert_i32_s "f64.convert_i32_s" [0xb7] => cvtop(I32, F64);
            F64ConvertI32U f64_convert_i32_u "f64.convert_i32_u" [0xb8] => cvtop(I32, F64);
            F64ConvertI64S f64_convert_i64_s "f64.convert_i64_s" [0xb9] => cvtop(I64, F64);
            F64ConvertI64U f64_convert_i64_u "f64.convert_i64_u" [0xba] => cvtop(I64, F64);
            F64PromoteF32 f64_promote_f32 "f64.promote_f32" [0xbb] => cvtop(F32, F64);
            I32ReinterpretF32 i32_reinterpret_f32 "i32.reinterpret_f32" [0xbc] => cvtop(F32, I32);
            I64ReinterpretF64 i64_reinterpret_f64 "i64.reinterpret_f64" [0xbd] => cvtop(F64, I64);
            F32ReinterpretI32 f32_reinterpret_i32 "f32.reinterpret_i32" [0xbe] => cvtop(I32, F32);
            F64ReinterpretI64 f64_reinterpret_i64 "f64.reinterpret_i64" [0xbf] => cvtop(I64, F64);
            I32Extend8S i32_extend8_s "i32.extend8_s" [0xc0] => unop(I32);
            I32Extend16S i32_extend16_s "i32.extend16_s" [0xc1] => unop(I32);
            I64Extend8S i64_extend8_s "i64.extend8_s" [0xc2] => unop(I64);
            I64Extend16S i64_extend16_s "i64.extend16_s" [0xc3] => unop(I64);
            I64Extend32S i64_extend32_s "i64.extend32_s" [0xc4] => unop(I64);
            I32TruncSatF32S i32_trunc_sat_f32_s "i32.trunc_sat_f32_s" [0xfc 0] => cvtop(F32, I32);
            I32TruncSatF32U i32_trunc_sat_f32_u "i32.trunc_sat_f32_u" [0xfc 1] => cvtop(F32, I32);
            I32TruncSatF64S i32_trunc_sat_f64_s "i32.trunc_sat_f64_s" [0xfc 2] => cvtop(F64, I32);
            I32TruncSatF64U i32_trunc_sat_f64_u "i32.trunc_sat_f64_u" [0xfc 3] => cvtop(F64, I32);
            I64TruncSatF32S i64_trunc_sat_f32_s "i64.trunc_sat_f32_s" [0xfc 4] => cvtop(F32, I64);
            I64TruncSatF32U i64_trunc_sat_f32_u "i64.trunc_sat_f32_u" [0xfc 5] => cvtop(F32, I64);
            I64TruncSatF64S i64_trunc_sat_f64_s "i64.trunc_sat_f64_s" [0xfc 6] => cvtop(F64, I64);
            I64TruncSatF64U i64_trunc_sat_f64_u "i64.trunc_sat_f64_u" [0xfc 7] => cvtop(F64, I64);
        } }
    };
    (binary $how:ident $next:tt $m:ident $acc:tt) => {
        $crate::__instruction_rows! { @put $how binary $next $m $acc {
            I32Eq i32_eq "i32.eq" [0x46] => relop(I32);
            I32Ne i32_ne "i32.ne" [0x47] => relop(I32);
            I32LtS i32_lt_s "i32.lt_s" [0x48] => relop(I32);
            I32LtU i32_lt_u "i32.lt_u" [0x49] => relop(I32);
            I32GtS i32_gt_s "i32.gt_s" [0x4a] => relop(I32);
            I32GtU i32_gt_u "i32.gt_u" [0x4b] => relop(I32);
            I32LeS i32_le_s "i32.le_s" [0x4c] => relop(I32);
            I32LeU i32_le_u "i32.le_u" [0x4d] => relop(I32);
            I32GeS i32_ge_s "i32.ge_s" [0x4e] => relop(I32);
            I32GeU i32_ge_u "i32.ge_u" [0x4f] => relop(I32);
            I64Eq i64_eq "i64.eq" [0x51] => relop(I64);
            I64Ne i64_ne "i64.ne" [0x52] => relop(I64);
            I64LtS i64_lt_s "i64.lt_s" [0x53] => relop(I64);
            I64LtU i64_lt_u "i64.lt_u" [0x54] => relop(I64);
            I64GtS i64_gt_s "i64.gt_s" [0x55] => relop(I64);
            I64GtU i64_gt_u "i64.gt_u" [0x56] => relop(I64);
            I64LeS i64_le_s "i64.le_s" [0x57] => relop(I64);
            I64LeU i64_le_u "i64.le_u" [0x58] => relop(I64);
            I64GeS i64_ge_s "i64.ge_s" [0x59] => relop(I64);
            I64GeU i64_ge_u "i64.ge_u" [0x5a] => relop(I64);
            F32Eq f32_eq "f32.eq" [0x5b] => relop(F32);
            F32Ne f32_ne "f32.ne" [0x5c] => relop(F32);
            F32Lt f32_lt "f32.lt" [0x5d] => relop(F32);
            F32Gt f32_gt "f32.gt" [0x5e] => relop(F32);
            F32Le f32_le "f32.le" [0x5f] => relop(F32);
            F32Ge f32_ge "f32.ge" [0x60] => relop(F32);
            F64Eq f64_eq "f64.eq" [0x61] => relop(F64);
            F64Ne f64_ne "f64.ne" [0x62] => relop(F64);
            F64Lt f64_lt "f64.lt" [0x63] => relop(F64);
            F64Gt f64_gt "f64.gt" [0x64] => relop(F64);
            F64Le f64_le "f64.le" [0x65] => relop(F64);
            F64Ge f64_ge "f64.ge" [0x66] => relop(F64);
            I32Add i32_add "i32.add" [0x6a] => binop(I32);
            I32Sub i32_sub "i32.sub" [0x6b] => binop(I32);
            I32Mul i32_mul "i32.mul" [0x6c] => binop(I32);
            I32DivS i32_div_s "i32.div_s" [0x6d] => binop(I32);
            I32DivU i32_div_u "i32.div_u" [0x6e] => binop(I32);
            I32RemS i32_rem_s "i32.rem_s" [0x6f] => binop(I32);
            I32RemU i32_rem_u "i32.rem_u" [0x70] => binop(I32);
            I32And i32_and "i32.and" [0x71] => binop(I32);
            I32Or i32_or "i32.or" [0x72] => binop(I32);
            I32Xor i32_xor "i32.xor" [0x73] => binop(I32);
            I32Shl i32_shl "i32.shl" [0x74] => binop(I32);
            I32ShrS i32_shr_s "i32.shr_s" [0x75] => binop(I32);
            I32ShrU i32_shr_u "i32.shr_u" [0x76] => binop(I32);
            I32Rotl i32_rotl "i32.rotl" [0x77] => binop(I32);
            I32Rotr i32_rotr "i32.rotr" [0x78] => binop(I32);
            I64Add i64_add "i64.add" [0x7c] => binop(I64);
            I64Sub i64_sub "i64.sub" [0x7d] => binop(I64);
            I64Mul i64_mul "i64.mul" [0x7e] => binop(I64);
            I64DivS i64_div_s "i64.div_s" [0x7f] => binop(I64);
            I64DivU i64_div_u "i64.div_u" [0x80] => binop(I64);
            I64RemS i64_rem_s "i64.rem_s" [0x81] => binop(I64);
            I64RemU i64_rem_u "i64.rem_u" [0x82] => binop(I64);
            I64And i64_and "i64.and" [0x83] => binop(I64);
            I64Or i64_or "i64.or" [0x84] => binop(I64);
            I64Xor i64_xor "i64.xor" [0x85] => binop(I64);
            I64Shl i64_shl "i64.shl" [0x86] => binop(I64);
            I64ShrS i64_shr_s "i64.shr_s" [0x87] => binop(I64);
            I64ShrU i64_shr_u "i64.shr_u" [0x88] => binop(I64);
            I64Rotl i64_rotl "i64.rotl" [0x89] => binop(I64);
            I64Rotr i64_rotr "i64.rotr" [0x8a] => binop(I64);
            F32Add f32_add "f32.add" [0x92] => binop(F32);
            F32Sub f32_sub "f32.sub" [0x93] => binop(F32);
            F32Mul f32_mul "f32.mul" [0x94] => binop(F32);
            F32Div f32_div "f32.div" [0x95] => binop(F32);
            F32Min f32_min "f32.min" [0x96] => binop(F32);
            F32Max f32_max "f32.max" [0x97] => binop(F32);
            F32Copysign f32_copysign "f32.copysign" [0x98] => binop(F32);
            F64Add f64_add "f64.add" [0xa0] => binop(F64);
            F64Sub f64_sub "f64.sub" [0xa1] => binop(F64);
            F64Mul f64_mul "f64.mul" [0xa2] => binop(F64);
            F64Div f64_div "f64.div" [0xa3] => binop(F64);
            F64Min f64_min "f64.min" [0xa4] => binop(F64);
            F64Max f64_max "f64.max" [0xa5] => binop(F64);
            F64Copysign f64_copysign "f64.copysign" [0xa6] => binop(F64);
        } }
    };
    (vmem $how:ident $next:tt $m:ident $acc:tt) => {
        $crate::__instruction_rows! { @put $how vmem $next $m $acc {
            // SIMD (0xFD prefix): memory accesses and constants
            V128Load v128_load "v128.load" [0xfd 0] { memarg: MemArg } => load(V128, 4);
            V128Load8x8S v128_load8x8_s "v128.load8x8_s" [0xfd 1] { memarg: MemArg } => load(V128, 3);
            V128Load8x8U v128_load8x8_u "v128.load8x8_u" [0xfd 2] { memarg: MemArg } => load(V128, 3);
            V128Load16x4S v128_load16x4_s "v128.load16x4_s" [0xfd 3] { memarg: MemArg } => load(V128, 3);
            V128Load16x4U v128_load16x4_u "v128.load16x4_u" [0xfd 4] { memarg: MemArg } => load(V128, 3);
            V128Load32x2S v128_load32x2_s "v128.load32x2_s" [0xfd 5] { memarg: MemArg } => load(V128, 3);
            V128Load32x2U v128_load32x2_u "v128.load32x2_u" [0xfd 6] { memarg: MemArg } => load(V128, 3);
            V128Load8Splat v128_load8_splat "v128.load8_splat" [0xfd 7] { memarg: MemArg } => load(V128, 0);
            V128Load16Splat v128_load16_splat "v128.load16_splat" [0xfd 8] { memarg: MemArg } => load(V128, 1);
            V128Load32Splat v128_load32_splat "v128.load32_splat" [0xfd 9] { memarg: MemArg } => load(V128, 2);
            V128Load64Splat v128_load64_splat "v128.load64_splat" [0xfd 10] { memarg: MemArg } => load(V128, 3);
            V128Store v128_store "v128.store" [0xfd 11] { memarg: MemArg } => store(V128, 4);
            V128Const v128_const "v128.const" [0xfd 12] { value: Box<V128> } => konst(V128);
            V128Load8Lane v128_load8_lane "v128.load8_lane" [0xfd 84] { memarg: MemArg, lane: LaneIdx } => load_lane(0, 16);
            V128Load16Lane v128_load16_lane "v128.load16_lane" [0xfd 85] { memarg: MemArg, lane: LaneIdx } => load_lane(1, 8);
            V128Load32Lane v128_load32_lane "v128.load32_lane" [0xfd 86] { memarg: MemArg, lane: LaneIdx } => load_lane(2, 4);
            V128Load64Lane v128_load64_lane "v128.load64_lane" [0xfd 87] { memarg: MemArg, lane: LaneIdx } => load_lane(3, 2);
            V128Store8Lane v128_store8_lane "v128.store8_lane" [0xfd 88] { memarg: MemArg, lane: LaneIdx } => store_lane(0, 16);
            V128Store16Lane v128_store16_lane "v128.store16_lane" [0xfd 89] { memarg: MemArg, lane: LaneIdx } => store_lane(1, 8);
            V128Store32Lane v128_store32_lane "v128.store32_lane" [0xfd 90] { memarg: MemArg, lane: LaneIdx } => store_lane(2, 4);
            V128Store64Lane v128_store64_lane "v128.store64_lane" [0xfd 91] { memarg: MemArg, lane: LaneIdx } => store_lane(3, 2);
            V128Load32Zero v128_load32_zero "v128.load32_zero" [0xfd 92] { memarg: MemArg } => load(V128, 2);
            V128Load64Zero v128_load64_zero "v128.load64_zero" [0xfd 93] { memarg: MemArg } => load(V128, 3);
        } }
    };
    (simd $how:ident $next:tt $m:ident $acc:tt) => {
        $crate::__instruction_rows! { @put $how simd $next $m $acc {
            I8x16Shuffle i8x16_shuffle "i8x16.shuffle" [0xfd 13] { lanes: Box<Shuffle> } => shuffle;
            I8x16Swizzle i8x16_swizzle "i8x16.swizzle" [0xfd 14] => binop(V128);
            I8x16Splat i8x16_splat "i8x16.splat" [0xfd 15] => cvtop(I32, V128);
            I16x8Splat i16x8_splat "i16x8.splat" [0xfd 16] => cvtop(I32, V128);
            I32x4Splat i32x4_splat "i32x4.splat" [0xfd 17] => cvtop(I32, V128);
            I64x2Splat i64x2_splat "i64x2.splat" [0xfd 18] => cvtop(I64, V128);
            F32x4Splat f32x4_splat "f32x4.splat" [0xfd 19] => cvtop(F32, V128);
            F64x2Splat f64x2_splat "f64x2.splat" [0xfd 20] => cvtop(F64, V128);
            I8x16ExtractLaneS i8x16_extract_lane_s "i8x16.extract_lane_s" [0xfd 21] { lane: LaneIdx } => extract(I32, 16);
            I8x16ExtractLaneU i8x16_extract_lane_u "i8x16.extract_lane_u" [0xfd 22] { lane: LaneIdx } => extract(I32, 16);
            I8x16ReplaceLane i8x16_replace_lane "i8x16.replace_lane" [0xfd 23] { lane: LaneIdx } => replace(I32, 16);
            I16x8ExtractLaneS i16x8_extract_lane_s "i16x8.extract_lane_s" [0xfd 24] { lane: LaneIdx } => extract(I32, 8);
            I16x8ExtractLaneU i16x8_extract_lane_u "i16x8.extract_lane_u" [0xfd 25] { lane: LaneIdx } => extract(I32, 8);
            I16x8ReplaceLane i16x8_replace_lane "i16x8.replace_lane" [0xfd 26] { lane: LaneIdx } => replace(I32, 8);
            I32x4ExtractLane i32x4_extract_lane "i32x4.extract_lane" [0xfd 27] { lane: LaneIdx } => extract(I32, 4);
            I32x4ReplaceLane i32x4_replace_lane "i32x4.replace_lane" [0xfd 28] { lane: LaneIdx } => replace(I32, 4);
            I64x2ExtractLane i64x2_extract_lane "i64x2.extract_lane" [0xfd 29] { lane: LaneIdx } => extract(I64, 2);
            I64x2ReplaceLane i64x2_replace_lane "i64x2.replace_lane" [0xfd 30] { lane: LaneIdx } => replace(I64, 2);
            F32x4ExtractLane f32x4_extract_lane "f32x4.extract_lane" [0xfd 31] { lane: LaneIdx } => extract(F32, 4);
            F32x4ReplaceLane f32x4_replace_lane "f32x4.replace_lane" [0xfd 32] { lane: LaneIdx } => replace(F32, 4);
            F64x2ExtractLane f64x2_extract_lane "f64x2.extract_lane" [0xfd 33] { lane: LaneIdx } => extract(F64, 2);
            F64x2ReplaceLane f64x2_replace_lane "f64x2.replace_lane" [0xfd 34] { lane: LaneIdx } => replace(F64, 2);
            I8x16Eq i8x16_eq "i8x16.eq" [0xfd 35] => binop(V128);
            I8x16Ne i8x16_ne "i8x16.ne" [0xfd 36] => binop(V128);
            I8x16LtS i8x16_lt_s "i8x16.lt_s" [0xfd 37] => binop(V128);
            I8x16LtU i8x16_lt_u "i8x16.lt_u" [0xfd 38] => binop(V128);
            I8x16GtS i8x16_gt_s "i8x16.gt_s" [0xfd 39] => binop(V128);
            I8x16GtU i8x16_gt_u "i8x16.gt_u" [0xfd 40] => binop(V128);
            I8x16LeS i8x16_le_s "i8x16.le_s" [0xfd 41] => binop(V128);
            I8x16LeU i8x16_le_u "i8x16.le_u" [0xfd 42] => binop(V128);
            I8x16GeS i8x16_ge_s "i8x16.ge_s" [0xfd 43] => binop(V128);
            I8x16GeU i8x16_ge_u "i8x16.ge_u" [0xfd 44] => binop(V128);
            I16x8Eq i16x8_eq "i16x8.eq" [0xfd 45] => binop(V128);
            I16x8Ne i16x8_ne "i16x8.ne" [0xfd 46] => binop(V128);
            I16x8LtS i16x8_lt_s "i16x8.lt_s" [0xfd 47] => binop(V128);
            I16x8LtU i16x8_lt_u "i16x8.lt_u" [0xfd 48] => binop(V128);
            I16x8GtS i16x8_gt_s "i16x8.gt_s" [0xfd 49] => binop(V128);
            I16x8GtU i16x8_gt_u "i16x8.gt_u" [0xfd 50] => binop(V128);
            I16x8LeS i16x8_le_s "i16x8.le_s" [0xfd 51] => binop(V128);
            I16x8LeU i16x8_le_u "i16x8.le_u" [0xfd 52] => binop(V128);
            I16x8GeS i16x8_ge_s "i16x8.ge_s" [0xfd 53] => binop(V128);
            I16x8GeU i16x8_ge_u "i16x8.ge_u" [0xfd 54] => binop(V128);
            I32x4Eq i32x4_eq "i32x4.eq" [0xfd 55] => binop(V128);
            I32x4Ne i32x4_ne "i32x4.ne" [0xfd 56] => binop(V128);
            I32x4LtS i32x4_lt_s "i32x4.lt_s" [0xfd 57] => binop(V128);
            I32x4LtU i32x4_lt_u "i32x4.lt_u" [0xfd 58] => binop(V128);
            I32x4GtS i32x4_gt_s "i32x4.gt_s" [0xfd 59] => binop(V128);
            I32x4GtU i32x4_gt_u "i32x4.gt_u" [0xfd 60] => binop(V128);
            I32x4LeS i32x4_le_s "i32x4.le_s" [0xfd 61] => binop(V128);
            I32x4LeU i32x4_le_u "i32x4.le_u" [0xfd 62] => binop(V128);
            I32x4GeS i32x4_ge_s "i32x4.ge_s" [0xfd 63] => binop(V128);
            I32x4GeU i32x4_ge_u "i32x4.ge_u" [0xfd 64] => binop(V128);
            F32x4Eq f32x4_eq "f32x4.eq" [0xfd 65] => binop(V128);
            F32x4Ne f32x4_ne "f32x4.ne" [0xfd 66] => binop(V128);
            F32x4Lt f32x4_lt "f32x4.lt" [0xfd 67] => binop(V128);
            F32x4Gt f32x4_gt "f32x4.gt" [0xfd 68] => binop(V128);
            F32x4Le f32x4_le "f32x4.le" [0xfd 69] => binop(V128);
            F32x4Ge f32x4_ge "f32x4.ge" [0xfd 70] => binop(V128);
            F64x2Eq f64x2_eq "f64x2.eq" [0xfd 71] => binop(V128);
            F64x2Ne f64x2_ne "f64x2.ne" [0xfd 72] => binop(V128);
            F64x2Lt f64x2_lt "f64x2.lt" [0xfd 73] => binop(V128);
            F64x2Gt f64x2_gt "f64x2.gt" [0xfd 74] => binop(V128);
            F64x2Le f64x2_le "f64x2.le" [0xfd 75] => binop(V128);
            F64x2Ge f64x2_ge "f64x2.ge" [0xfd 76] => binop(V128);
            V128Not v128_not "v128.not" [0xfd 77] => unop(V128);
            V128And v128_and "v128.and" [0xfd 78] => binop(V128);
            V128Andnot v128_andnot "v128.andnot" [0xfd 79] => binop(V128);
            V128Or v128_or "v128.or" [0xfd 80] => binop(V128);
            V128Xor v128_xor "v128.xor" [0xfd 81] => binop(V128);
            V128Bitselect v128_bitselect "v128.bitselect" [0xfd 82] => ternop(V128);
            V128AnyTrue v128_any_true "v128.any_true" [0xfd 83] => testop(V128);
            F32x4DemoteF64x2Zero f32x4_demote_f64x2_zero "f32x4.demote_f64x2_zero" [0xfd 94] => unop(V128);
            F64x2PromoteLowF32x4 f64x2_promote_low_f32x4 "f64x2.promote_low_f32x4" [0xfd 95] => unop(V128);
            I8x16Abs i8x16_abs "i8x16.abs" [0xfd 96] => unop(V128);
            I8x16Neg i8x16_neg "i8x16.neg" [0xfd 97] => unop(V128);
            I8x16Popcnt i8x16_popcnt "i8x16.popcnt" [0xfd 98] => unop(V128);
            I8x16AllTrue i8x16_all_true "i8x16.all_true" [0xfd 99] => testop(V128);
            I8x16Bitmask i8x16_bitmask "i8x16.bitmask" [0xfd 100] => testop(V128);
            I8x16NarrowI16x8S i8x16_narrow_i16x8_s "i8x16.narrow_i16x8_s" [0xfd 101] => binop(V128);
            I8x16NarrowI16x8U i8x16_narrow_i16x8_u "i8x16.narrow_i16x8_u" [0xfd 102] => binop(V128);
            F32x4Ceil f32x4_ceil "f32x4.ceil" [0xfd 103] => unop(V128);
            F32x4Floor f32x4_floor "f32x4.floor" [0xfd 104] => unop(V128);
            F32x4Trunc f32x4_trunc "f32x4.trunc" [0xfd 105] => unop(V128);
            F32x4Nearest f32x4_nearest "f32x4.nearest" [0xfd 106] => unop(V128);
            I8x16Shl i8x16_shl "i8x16.shl" [0xfd 107] => vshift;
            I8x16ShrS i8x16_shr_s "i8x16.shr_s" [0xfd 108] => vshift;
            I8x16ShrU i8x16_shr_u "i8x16.shr_u" [0xfd 109] => vshift;
            I8x16Add i8x16_add "i8x16.add" [0xfd 110] => binop(V128);
            I8x16AddSatS i8x16_add_sat_s "i8x16.add_sat_s" [0xfd 111] => binop(V128);
            I8x16AddSatU i8x16_add_sat_u "i8x16.add_sat_u" [0xfd 112] => binop(V128);
            I8x16Sub i8x16_sub "i8x16.sub" [0xfd 113] => binop(V128);
            I8x16SubSatS i8x16_sub_sat_s "i8x16.sub_sat_s" [0xfd 114] => binop(V128);
            I8x16SubSatU i8x16_sub_sat_u "i8x16.sub_sat_u" [0xfd 115] => binop(V128);
            F64x2Ceil f64x2_ceil "f64x2.ceil" [0xfd 116] => unop(V128);
            F64x2Floor f64x2_floor "f64x2.floor" [0xfd 117] => unop(V128);
            I8x16MinS i8x16_min_s "i8x16.min_s" [0xfd 118] => binop(V128);
            I8x16MinU i8x16_min_u "i8x16.min_u" [0xfd 119] => binop(V128);
            I8x16MaxS i8x16_max_s "i8x16.max_s" [0xfd 120] => binop(V128);
            I8x16MaxU i8x16_max_u "i8x16.max_u" [0xfd 121] => binop(V128);
            F64x2Trunc f64x2_trunc "f64x2.trunc" [0xfd 122] => unop(V128);
            I8x16AvgrU i8x16_avgr_u "i8x16.avgr_u" [0xfd 123] => binop(V128);
            I16x8ExtaddPairwiseI8x16S i16x8_extadd_pairwise_i8x16_s "i16x8.extadd_pairwise_i8x16_s" [0xfd 124] => unop(V128);
            I16x8ExtaddPairwiseI8x16U i16x8_extadd_pairwise_i8x16_u "i16x8.extadd_pairwise_i8x16_u" [0xfd 125] => unop(V128);
            I32x4ExtaddPairwiseI16x8S i32x4_extadd_pairwise_i16x8_s "i32x4.extadd_pairwise_i16x8_s" [0xfd 126] => unop(V128);
            I32x4ExtaddPairwiseI16x8U i32x4_extadd_pairwise_i16x8_u "i32x4.extadd_pairwise_i16x8_u" [0xfd 127] => unop(V128);
            I16x8Abs i16x8_abs "i16x8.abs" [0xfd 128] => unop(V128);
            I16x8Neg i16x8_neg "i16x8.neg" [0xfd 129] => unop(V128);
            I16x8Q15mulrSatS i16x8_q15mulr_sat_s "i16x8.q15mulr_sat_s" [0xfd 130] => binop(V128);
            I16x8AllTrue i16x8_all_true "i16x8.all_true" [0xfd 131] => testop(V128);
            I16x8Bitmask i16x8_bitmask "i16x8.bitmask" [0xfd 132] => testop(V128);
            I16x8NarrowI32x4S i16x8_narrow_i32x4_s "i16x8.narrow_i32x4_s" [0xfd 133] => binop(V128);
            I16x8NarrowI32x4U i16x8_narrow_i32x4_u "i16x8.narrow_i32x4_u" [0xfd 134] => binop(V128);
            I16x8ExtendLowI8x16S i16x8_extend_low_i8x16_s "i16x8.extend_low_i8x16_s" [0xfd 135] => unop(V128);
            I16x8ExtendHighI8x16S i16x8_extend_high_i8x16_s "i16x8.extend_high_i8x16_s" [0xfd 136] => unop(V128);
            I16x8ExtendLowI8x16U i16x8_extend_low_i8x16_u "i16x8.extend_low_i8x16_u" [0xfd 137] => unop(V128);
            I16x8ExtendHighI8x16U i16x8_extend_high_i8x16_u "i16x8.extend_high_i8x16_u" [0xfd 138] => unop(V128);
            I16x8Shl i16x8_shl "i16x8.shl" [0xfd 139] => vshift;
            I16x8ShrS i16x8_shr_s "i16x8.shr_s" [0xfd 140] => vshift;
            I16x8ShrU i16x8_shr_u "i16x8.shr_u" [0xfd 141] => vshift;
            I16x8Add i16x8_add "i16x8.add" [0xfd 142] => binop(V128);
            I16x8AddSatS i16x8_add_sat_s "i16x8.add_sat_s" [0xfd 143] => binop(V128);
            I16x8AddSatU i16x8_add_sat_u "i16x8.add_sat_u" [0xfd 144] => binop(V128);
            I16x8Sub i16x8_sub "i16x8.sub" [0xfd 145] => binop(V128);
            I16x8SubSatS i16x8_sub_sat_s "i16x8.sub_sat_s" [0xfd 146] => binop(V128);
            I16x8SubSatU i16x8_sub_sat_u "i16x8.sub_sat_u" [0xfd 147] => binop(V128);
            F64x2Nearest f64x2_nearest "f64x2.nearest" [0xfd 148] => unop(V128);
            I16x8Mul i16x8_mul "i16x8.mul" [0xfd 149] => binop(V128);
            I16x8MinS i16x8_min_s "i16x8.min_s" [0xfd 150] => binop(V128);
            I16x8MinU i16x8_min_u "i16x8.min_u" [0xfd 151] => binop(V128);
            I16x8MaxS i16x8_max_s "i16x8.max_s" [0xfd 152] => binop(V128);
            I16x8MaxU i16x8_max_u "i16x8.max_u" [0xfd 153] => binop(V128);
            I16x8AvgrU i16x8_avgr_u "i16x8.avgr_u" [0xfd 155] => binop(V128);
            I16x8ExtmulLowI8x16S i16x8_extmul_low_i8x16_s "i16x8.extmul_low_i8x16_s" [0xfd 156] => binop(V128);
            I16x8ExtmulHighI8x16S i16x8_extmul_high_i8x16_s "i16x8.extmul_high_i8x16_s" [0xfd 157] => binop(V128);
            I16x8ExtmulLowI8x16U i16x8_extmul_low_i8x16_u "i16x8.extmul_low_i8x16_u" [0xfd 158] => binop(V128);
            I16x8ExtmulHighI8x16U i16x8_extmul_high_i8x16_u "i16x8.extmul_high_i8x16_u" [0xfd 159] => binop(V128);
            I32x4Abs i32x4_abs "i32x4.abs" [0xfd 160] => unop(V128);
            I32x4Neg i32x4_neg "i32x4.neg" [0xfd 161] => unop(V128);
            I32x4AllTrue i32x4_all_true "i32x4.all_true" [0xfd 163] => testop(V128);
            I32x4Bitmask i32x4_bitmask "i32x4.bitmask" [0xfd 164] => testop(V128);
            I32x4ExtendLowI16x8S i32x4_extend_low_i16x8_s "i32x4.extend_low_i16x8_s" [0xfd 167] => unop(V128);
            I32x4ExtendHighI16x8S i32x4_extend_high_i16x8_s "i32x4.extend_high_i16x8_s" [0xfd 168] => unop(V128);
            I32x4ExtendLowI16x8U i32x4_extend_low_i16x8_u "i32x4.extend_low_i16x8_u" [0xfd 169] => unop(V128);
            I32x4ExtendHighI16x8U i32x4_extend_high_i16x8_u "i32x4.extend_high_i16x8_u" [0xfd 170] => unop(V128);
            I32x4Shl i32x4_shl "i32x4.shl" [0xfd 171] => vshift;
            I32x4ShrS i32x4_shr_s "i32x4.shr_s" [0xfd 172] => vshift;
            I32x4ShrU i32x4_shr_u "i32x4.shr_u" [0xfd 173] => vshift;
            I32x4Add i32x4_add "i32x4.add" [0xfd 174] => binop(V128);
            I32x4Sub i32x4_sub "i32x4.sub" [0xfd 177] => binop(V128);
            I32x4Mul i32x4_mul "i32x4.mul" [0xfd 181] => binop(V128);
            I32x4MinS i32x4_min_s "i32x4.min_s" [0xfd 182] => binop(V128);
            I32x4MinU i32x4_min_u "i32x4.min_u" [0xfd 183] => binop(V128);
            I32x4MaxS i32x4_max_s "i32x4.max_s" [0xfd 184] => binop(V128);
            I32x4MaxU i32x4_max_u "i32x4.max_u" [0xfd 185] => binop(V128);
            I32x4DotI16x8S i32x4_dot_i16x8_s "i32x4.dot_i16x8_s" [0xfd 186] => binop(V128);
            I32x4ExtmulLowI16x8S i32x4_extmul_low_i16x8_s "i32x4.extmul_low_i16x8_s" [0xfd 188] => binop(V128);
            I32x4ExtmulHighI16x8S i32x4_extmul_high_i16x8_s "i32x4.extmul_high_i16x8_s" [0xfd 189] => binop(V128);
            I32x4ExtmulLowI16x8U i32x4_extmul_low_i16x8_u "i32x4.extmul_low_i16x8_u" [0xfd 190] => binop(V128);
            I32x4ExtmulHighI16x8U i32x4_extmul_high_i16x8_u "i32x4.extmul_high_i16x8_u" [0xfd 191] => binop(V128);
            I64x2Abs i64x2_abs "i64x2.abs" [0xfd 192] => unop(V128);
            I64x2Neg i64x2_neg "i64x2.neg" [0xfd 193] => unop(V128);
            I64x2AllTrue i64x2_all_true "i64x2.all_true" [0xfd 195] => testop(V128);
            I64x2Bitmask i64x2_bitmask "i64x2.bitmask" [0xfd 196] => testop(V128);
            I64x2ExtendLowI32x4S i64x2_extend_low_i32x4_s "i64x2.extend_low_i32x4_s" [0xfd 199] => unop(V128);
            I64x2ExtendHighI32x4S i64x2_extend_high_i32x4_s "i64x2.extend_high_i32x4_s" [0xfd 200] => unop(V128);
            I64x2ExtendLowI32x4U i64x2_extend_low_i32x4_u "i64x2.extend_low_i32x4_u" [0xfd 201] => unop(V128);
            I64x2ExtendHighI32x4U i64x2_extend_high_i32x4_u "i64x2.extend_high_i32x4_u" [0xfd 202] => unop(V128);
            I64x2Shl i64x2_shl "i64x2.shl" [0xfd 203] => vshift;
            I64x2ShrS i64x2_shr_s "i64x2.shr_s" [0xfd 204] => vshift;
            I64x2ShrU i64x2_shr_u "i64x2.shr_u" [0xfd 205] => vshift;
            I64x2Add i64x2_add "i64x2.add" [0xfd 206] => binop(V128);
            I64x2Sub i64x2_sub "i64x2.sub" [0xfd 209] => binop(V128);
            I64x2Mul i64x2_mul "i64x2.mul" [0xfd 213] => binop(V128);
            I64x2Eq i64x2_eq "i64x2.eq" [0xfd 214] => binop(V128);
            I64x2Ne i64x2_ne "i64x2.ne" [0xfd 215] => binop(V128);
            I64x2LtS i64x2_lt_s "i64x2.lt_s" [0xfd 216] => binop(V128);
            I64x2GtS i64x2_gt_s "i64x2.gt_s" [0xfd 217] => binop(V128);
            I64x2LeS i64x2_le_s "i64x2.le_s" [0xfd 218] => binop(V128);
            I64x2GeS i64x2_ge_s "i64x2.ge_s" [0xfd 219] => binop(V128);
            I64x2ExtmulLowI32x4S i64x2_extmul_low_i32x4_s "i64x2.extmul_low_i32x4_s" [0xfd 220] => binop(V128);
            I64x2ExtmulHighI32x4S i64x2_extmul_high_i32x4_s "i64x2.extmul_high_i32x4_s" [0xfd 221] => binop(V128);
            I64x2ExtmulLowI32x4U i64x2_extmul_low_i32x4_u "i64x2.extmul_low_i32x4_u" [0xfd 222] => binop(V128);
            I64x2ExtmulHighI32x4U i64x2_extmul_high_i32x4_u "i64x2.extmul_high_i32x4_u" [0xfd 223] => binop(V128);
            F32x4Abs f32x4_abs "f32x4.abs" [0xfd 224] => unop(V128);
            F32x4Neg f32x4_neg "f32x4.neg" [0xfd 225] => unop(V128);
            F32x4Sqrt f32x4_sqrt "f32x4.sqrt" [0xfd 227] => unop(V128);
            F32x4Add f32x4_add "f32x4.add" [0xfd 228] => binop(V128);
            F32x4Sub f32x4_sub "f32x4.sub" [0xfd 229] => binop(V128);
            F32x4Mul f32x4_mul "f32x4.mul" [0xfd 230] => binop(V128);
            F32x4Div f32x4_div "f32x4.div" [0xfd 231] => binop(V128);
            F32x4Min f32x4_min "f32x4.min" [0xfd 232] => binop(V128);
            F32x4Max f32x4_max "f32x4.max" [0xfd 233] => binop(V128);
            F32x4Pmin f32x4_pmin "f32x4.pmin" [0xfd 234] => binop(V128);
            F32x4Pmax f32x4_pmax "f32x4.pmax" [0xfd 235] => binop(V128);
            F64x2Abs f64x2_abs "f64x2.abs" [0xfd 236] => unop(V128);
            F64x2Neg f64x2_neg "f64x2.neg" [0xfd 237] => unop(V128);
            F64x2Sqrt f64x2_sqrt "f64x2.sqrt" [0xfd 239] => unop(V128);
            F64x2Add f64x2_add "f64x2.add" [0xfd 240] => binop(V128);
            F64x2Sub f64x2_sub "f64x2.sub" [0xfd 241] => binop(V128);
            F64x2Mul f64x2_mul "f64x2.mul" [0xfd 242] => binop(V128);
            F64x2Div f64x2_div "f64x2.div" [0xfd 243] => binop(V128);
            F64x2Min f64x2_min "f64x2.min" [0xfd 244] => binop(V128);
            F64x2Max f64x2_max "f64x2.max" [0xfd 245] => binop(V128);
            F64x2Pmin f64x2_pmin "f64x2.pmin" [0xfd 246] => binop(V128);
            F64x2Pmax f64x2_pmax "f64x2.pmax" [0xfd 247] => binop(V128);
            I32x4TruncSatF32x4S i32x4_trunc_sat_f32x4_s "i32x4.trunc_sat_f32x4_s" [0xfd 248] => unop(V128);
            I32x4TruncSatF32x4U i32x4_trunc_sat_f32x4_u "i32x4.trunc_sat_f32x4_u" [0xfd 249] => unop(V128);
            F32x4ConvertI32x4S f32x4_convert_i32x4_s "f32x4.convert_i32x4_s" [0xfd 250] => unop(V128);
            F32x4ConvertI32x4U f32x4_convert_i32x4_u "f32x4.convert_i32x4_u" [0xfd 251] => unop(V128);
            I32x4TruncSatF64x2SZero i32x4_trunc_sat_f64x2_s_zero "i32x4.trunc_sat_f64x2_s_zero" [0xfd 252] => unop(V128);
            I32x4TruncSatF64x2UZero i32x4_trunc_sat_f64x2_u_zero "i32x4.trunc_sat_f64x2_u_zero" [0xfd 253] => unop(V128);
            F64x2ConvertLowI32x4S f64x2_convert_low_i32x4_s "f64x2.convert_low_i32x4_s" [0xfd 254] => unop(V128);
            F64x2ConvertLowI32x4U f64x2_convert_low_i32x4_u "f64x2.convert_low_i32x4_u" [0xfd 255] => unop(V128);
            // Relaxed SIMD (WebAssembly 3.0): opcodes 0x100 to 0x113.
            I8x16RelaxedSwizzle i8x16_relaxed_swizzle "i8x16.relaxed_swizzle" [0xfd 256] => binop(V128);
            I32x4RelaxedTruncF32x4S i32x4_relaxed_trunc_f32x4_s "i32x4.relaxed_trunc_f32x4_s" [0xfd 257] => unop(V128);
            I32x4RelaxedTruncF32x4U i32x4_relaxed_trunc_f32x4_u "i32x4.relaxed_trunc_f32x4_u" [0xfd 258] => unop(V128);
            I32x4RelaxedTruncF64x2SZero i32x4_relaxed_trunc_f64x2_s_zero "i32x4.relaxed_trunc_f64x2_s_zero" [0xfd 259] => unop(V128);
            I32x4RelaxedTruncF64x2UZero i32x4_relaxed_trunc_f64x2_u_zero "i32x4.relaxed_trunc_f64x2_u_zero" [0xfd 260] => unop(V128);
            F32x4RelaxedMadd f32x4_relaxed_madd "f32x4.relaxed_madd" [0xfd 261] => ternop(V128);
            F32x4RelaxedNmadd f32x4_relaxed_nmadd "f32x4.relaxed_nmadd" [0xfd 262] => ternop(V128);
            F64x2RelaxedMadd f64x2_relaxed_madd "f64x2.relaxed_madd" [0xfd 263] => ternop(V128);
            F64x2RelaxedNmadd f64x2_relaxed_nmadd "f64x2.relaxed_nmadd" [0xfd 264] => ternop(V128);
            I8x16RelaxedLaneselect i8x16_relaxed_laneselect "i8x16.relaxed_laneselect" [0xfd 265] => ternop(V128);
            I16x8RelaxedLaneselect i16x8_relaxed_laneselect "i16x8.relaxed_laneselect" [0xfd 266] => ternop(V128);
            I32x4RelaxedLaneselect i32x4_relaxed_laneselect "i32x4.relaxed_laneselect" [0xfd 267] => ternop(V128);
            I64x2RelaxedLaneselect i64x2_relaxed_laneselect "i64x2.relaxed_laneselect" [0xfd 268] => ternop(V128);
            F32x4RelaxedMin f32x4_relaxed_min "f32x4.relaxed_min" [0xfd 269] => binop(V128);
            F32x4RelaxedMax f32x4_relaxed_max "f32x4.relaxed_max" [0xfd 270] => binop(V128);
            F64x2RelaxedMin f64x2_relaxed_min "f64x2.relaxed_min" [0xfd 271] => binop(V128);
            F64x2RelaxedMax f64x2_relaxed_max "f64x2.relaxed_max" [0xfd 272] => binop(V128);
            I16x8RelaxedQ15mulrS i16x8_relaxed_q15mulr_s "i16x8.relaxed_q15mulr_s" [0xfd 273] => binop(V128);
            I16x8RelaxedDotI8x16I7x16S i16x8_relaxed_dot_i8x16_i7x16_s "i16x8.relaxed_dot_i8x16_i7x16_s" [0xfd 274] => binop(V128);
            I32x4RelaxedDotI8x16I7x16AddS i32x4_relaxed_dot_i8x16_i7x16_add_s "i32x4.relaxed_dot_i8x16_i7x16_add_s" [0xfd 275] => ternop(V128);
        } }
    };
}

/// The type of a `block`, `loop` or `if` ([spec §2.4.8](https://webassembly.github.io/spec/core/syntax/instructions.html#control-instructions)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockType {
    /// No parameters, no results.
    Empty,
    /// No parameters, one result.
    Value(ValType),
    /// Parameters and results given by a function type.
    Func(TypeIdx),
}

/// The immediate of a load or store: alignment hint, memory and static offset
/// ([spec §2.4.7](https://webassembly.github.io/spec/core/syntax/instructions.html#memory-instructions)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MemArg {
    /// The alignment hint as a power of two (`align=8` is 3).
    pub align: u32,
    /// The memory accessed (0 but with multi-memory).
    pub memory: MemIdx,
    /// Added to the dynamic address (below 2^32 for a memory with 32-bit addresses, a
    /// rule of validation).
    pub offset: u64,
}

/// What a `catch` clause of a `try_table` catches
/// ([spec §2.4.8](https://webassembly.github.io/spec/core/syntax/instructions.html#control-instructions)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CatchKind {
    /// `catch x l`: exceptions of tag `x`; their payload goes to `l`.
    Catch,
    /// `catch_ref x l`: as `catch`, with the exception's reference after the payload.
    CatchRef,
    /// `catch_all l`: every exception, nothing to `l`.
    CatchAll,
    /// `catch_all_ref l`: every exception, its reference to `l`.
    CatchAllRef,
}

impl CatchKind {
    /// The binary code (0 to 3).
    pub fn code(self) -> u8 {
        match self {
            CatchKind::Catch => 0,
            CatchKind::CatchRef => 1,
            CatchKind::CatchAll => 2,
            CatchKind::CatchAllRef => 3,
        }
    }

    /// The text keyword.
    pub fn name(self) -> &'static str {
        match self {
            CatchKind::Catch => "catch",
            CatchKind::CatchRef => "catch_ref",
            CatchKind::CatchAll => "catch_all",
            CatchKind::CatchAllRef => "catch_all_ref",
        }
    }

    /// Whether the clause names a tag.
    pub fn has_tag(self) -> bool {
        matches!(self, CatchKind::Catch | CatchKind::CatchRef)
    }

    /// Whether the exception's reference goes to the label.
    pub fn has_ref(self) -> bool {
        matches!(self, CatchKind::CatchRef | CatchKind::CatchAllRef)
    }
}

/// One `catch` clause of a `try_table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Catch {
    /// Which exceptions, and what the label gets.
    pub kind: CatchKind,
    /// The tag (`catch`, `catch_ref`; 0 for the others).
    pub tag: TagIdx,
    /// Where a caught exception branches to (relative to the labels around the
    /// `try_table`, which is not one of them here).
    pub label: LabelIdx,
}

/// The target type of `ref.test` and `ref.cast` (their opcodes 20 and 22): a
/// non-nullable reference to the heap type, written `(ref ht)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefHeap(pub HeapType);

/// The target type of `ref.test` and `ref.cast` with `null` (opcodes 21 and 23): a
/// nullable reference to the heap type, written `(ref null ht)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefNullHeap(pub HeapType);

impl RefHeap {
    /// The reference type.
    pub fn ref_type(self) -> RefType {
        RefType::non_null(self.0)
    }
}

impl RefNullHeap {
    /// The reference type.
    pub fn ref_type(self) -> RefType {
        RefType::null(self.0)
    }
}

/// The immediates of `br_on_cast` and `br_on_cast_fail`: the label, the operand's type
/// and the type cast to ([spec §5.4.1](https://webassembly.github.io/spec/core/binary/instructions.html#control-instructions)).
/// In the binary format, a flags byte (bit 0: `from` is nullable, bit 1: `to` is)
/// comes before the label and the two heap types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BrCast {
    /// The branch target.
    pub label: LabelIdx,
    /// The type of the operand (which `to` must match).
    pub from: RefType,
    /// The type tested for.
    pub to: RefType,
}

/// The targets of a `br_table`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BrTable {
    /// The labels selected by operands `0..targets.len()`.
    pub targets: Box<[LabelIdx]>,
    /// The label for every other operand.
    pub default: LabelIdx,
}

/// The bits of a 32-bit float, kept exactly (NaN payloads included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ieee32(pub u32);

/// The bits of a 64-bit float, kept exactly (NaN payloads included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ieee64(pub u64);

impl Ieee32 {
    /// The float value.
    pub fn value(self) -> f32 {
        f32::from_bits(self.0)
    }
}

impl Ieee64 {
    /// The float value.
    pub fn value(self) -> f64 {
        f64::from_bits(self.0)
    }
}

/// A 128-bit vector constant, little-endian bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct V128(pub [u8; 16]);

/// The lane selectors of `i8x16.shuffle`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Shuffle(pub [u8; 16]);

/// The lane index of a lane instruction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LaneIdx(pub u8);

/// An opcode: a byte, and for prefixed instructions (`0xfc`, `0xfd`) a sub-opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Opcode {
    /// The first byte.
    pub byte: u8,
    /// The LEB128 u32 after a prefix byte.
    pub sub: Option<u32>,
}

impl Opcode {
    /// Whether this is a vector instruction's (prefix `0xfd`: SIMD and relaxed SIMD).
    pub const fn is_vector(self) -> bool {
        self.byte == 0xfd
    }

    /// Whether this is a relaxed vector instruction's: `0xfd` with a sub-opcode from
    /// `0x100` to `0x12f`, the range the relaxed SIMD proposal reserves.
    pub const fn is_relaxed_vector(self) -> bool {
        self.byte == 0xfd && matches!(self.sub, Some(0x100..=0x12f))
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sub {
            None => write!(f, "0x{:02x}", self.byte),
            Some(sub) => write!(f, "0x{:02x} {sub}", self.byte),
        }
    }
}

#[doc(hidden)]
#[macro_export]
macro_rules! __natural_align {
    (load ($t:ident, $a:literal)) => {
        Some($a)
    };
    (store ($t:ident, $a:literal)) => {
        Some($a)
    };
    (load_lane ($a:literal, $l:literal)) => {
        Some($a)
    };
    (store_lane ($a:literal, $l:literal)) => {
        Some($a)
    };
    ($($other:tt)*) => {
        None
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __opcode_sub {
    () => {
        None
    };
    ($sub:literal) => {
        Some($sub)
    };
}

macro_rules! define_instr {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        /// One instruction with its immediates.
        ///
        /// Function bodies and constant expressions are sequences of these, ending with
        /// [`Instr::End`]; blocks are delimited by `Block`/`Loop`/`If` ... `End` as in the
        /// binary format, so nesting depth never needs recursion.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Instr {
            $( $name $({ $($field: $ty),* })?, )*
        }

        impl Instr {
            /// The text format keyword, e.g. `"i32.add"`.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Instr::$name { .. } => $text, )*
                }
            }

            /// Whether an immediate owns heap memory (a `Box`), so that dropping the
            /// instruction does something. A decoder going through millions of
            /// instructions drops only those (`std::mem::forget` for the others saves
            /// a call per instruction).
            #[inline]
            pub fn owns_memory(&self) -> bool {
                match self {
                    $( Instr::$name { .. } => false $($( || std::mem::needs_drop::<$ty>() )*)?, )*
                }
            }

            /// The binary opcode.
            pub fn opcode(&self) -> Opcode {
                match self {
                    $( Instr::$name { .. } => Opcode { byte: $op, sub: $crate::__opcode_sub!($($sub)?) }, )*
                }
            }

            /// The natural alignment (power of two) of a memory access, `None` for the rest.
            pub fn natural_align(&self) -> Option<u32> {
                match self {
                    $( Instr::$name { .. } => $crate::__natural_align!($class $(($($arg)*))?), )*
                }
            }

            /// Writes the immediates in text-format order, each preceded by a space.
            #[allow(unreachable_patterns)]
            fn fmt_immediates(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    // Text order differs from binary order for these.
                    Instr::CallIndirect { ty, table } | Instr::ReturnCallIndirect { ty, table } => {
                        if table.0 != 0 {
                            write!(f, " {table}")?;
                        }
                        write!(f, " (type {ty})")
                    }
                    Instr::TableInit { elem, table } => write!(f, " {table} {elem}"),
                    // Memory 0 is implicit, but both indices of a copy or neither.
                    Instr::MemoryInit { data, mem } => {
                        mem.fmt_text(f, None)?;
                        write!(f, " {data}")
                    }
                    Instr::MemoryCopy { dst, src } if dst.0 != 0 || src.0 != 0 => {
                        write!(f, " {} {}", dst.0, src.0)
                    }
                    $( Instr::$name $({ $($field),* })? => {
                        let _natural: Option<u32> = $crate::__natural_align!($class $(($($arg)*))?);
                        $($( TextImmediate::fmt_text($field, f, _natural)?; )*)?
                        Ok(())
                    } )*
                }
            }
        }
    };
}

for_each_instruction!(define_instr);

// Keep instructions small: tools hold bodies as vectors of them (execution reads the
// bytes). A `MemArg` (a 64-bit offset and a memory index, WebAssembly 3.0) makes 24.
const _: () = assert!(std::mem::size_of::<Instr>() <= 24);

impl Instr {
    /// Whether the instruction names a data segment (`memory.init`, `data.drop`,
    /// `array.new_data`, `array.init_data`): a module whose bodies have one needs a data
    /// count section ([spec §5.5.16](https://webassembly.github.io/spec/core/binary/modules.html#data-count-section)).
    pub fn uses_data_index(&self) -> bool {
        matches!(
            self,
            Instr::MemoryInit { .. }
                | Instr::DataDrop { .. }
                | Instr::ArrayNewData { .. }
                | Instr::ArrayInitData { .. }
        )
    }
}

impl fmt::Display for Instr {
    /// The instruction in flat text syntax with numeric indices, e.g. `i32.load offset=4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        self.fmt_immediates(f)
    }
}

/// An immediate written in the text format (with a leading space when it writes anything).
trait TextImmediate {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, natural_align: Option<u32>) -> fmt::Result;
}

macro_rules! text_index {
    ($($t:ty),*) => {$(
        impl TextImmediate for $t {
            fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
                write!(f, " {}", self.0)
            }
        }
    )*};
}
text_index!(
    TypeIdx, FuncIdx, TableIdx, GlobalIdx, ElemIdx, DataIdx, LocalIdx, LabelIdx, LaneIdx, TagIdx,
    FieldIdx
);

impl TextImmediate for u32 {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        write!(f, " {self}")
    }
}

impl TextImmediate for RefHeap {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        write!(f, " {}", self.ref_type())
    }
}

impl TextImmediate for RefNullHeap {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        write!(f, " {}", self.ref_type())
    }
}

impl TextImmediate for BrCast {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        write!(f, " {} {} {}", self.label, self.from, self.to)
    }
}

impl TextImmediate for MemIdx {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        // Memory 0 is implicit in the text format.
        if self.0 != 0 {
            write!(f, " {}", self.0)?;
        }
        Ok(())
    }
}

impl<T: TextImmediate> TextImmediate for Box<T> {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, natural: Option<u32>) -> fmt::Result {
        (**self).fmt_text(f, natural)
    }
}

impl TextImmediate for BlockType {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        match self {
            BlockType::Empty => Ok(()),
            BlockType::Value(t) => write!(f, " (result {t})"),
            BlockType::Func(t) => write!(f, " (type {t})"),
        }
    }
}

impl TextImmediate for BrTable {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        for t in self.targets.iter() {
            write!(f, " {t}")?;
        }
        write!(f, " {}", self.default)
    }
}

impl TextImmediate for MemArg {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, natural: Option<u32>) -> fmt::Result {
        self.memory.fmt_text(f, None)?;
        if self.offset != 0 {
            write!(f, " offset={}", self.offset)?;
        }
        if Some(self.align) != natural {
            match 1u64.checked_shl(self.align) {
                Some(bytes) => write!(f, " align={bytes}")?,
                None => write!(f, " align=2**{}", self.align)?,
            }
        }
        Ok(())
    }
}

impl TextImmediate for i32 {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        write!(f, " {self}")
    }
}

impl TextImmediate for i64 {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        write!(f, " {self}")
    }
}

impl TextImmediate for Ieee32 {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        f.write_str(" ")?;
        fmt_float(
            f,
            self.0 as u64,
            23,
            self.value() as f64,
            |x| format!("{}", x as f32),
            |x| format!("{:e}", x as f32),
        )
    }
}

impl TextImmediate for Ieee64 {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        f.write_str(" ")?;
        fmt_float(
            f,
            self.0,
            52,
            self.value(),
            |x| format!("{x}"),
            |x| format!("{x:e}"),
        )
    }
}

/// Writes a float in a text form that reads back to the same bits: `nan:0x...` for NaNs
/// other than the canonical one, the shortest round-trip decimal otherwise.
fn fmt_float(
    f: &mut fmt::Formatter<'_>,
    bits: u64,
    mantissa_bits: u32,
    value: f64,
    plain: impl Fn(f64) -> String,
    scientific: impl Fn(f64) -> String,
) -> fmt::Result {
    let sign_bit = bits >> (mantissa_bits + if mantissa_bits == 23 { 8 } else { 11 }) & 1;
    let sign = if sign_bit == 1 { "-" } else { "" };
    if value.is_nan() {
        let payload = bits & ((1u64 << mantissa_bits) - 1);
        if payload == 1u64 << (mantissa_bits - 1) {
            return write!(f, "{sign}nan");
        }
        return write!(f, "{sign}nan:0x{payload:x}");
    }
    if value.is_infinite() {
        return write!(f, "{sign}inf");
    }
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-5..1e21).contains(&magnitude) {
        f.write_str(&plain(value))
    } else {
        f.write_str(&scientific(value))
    }
}

impl TextImmediate for V128 {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        f.write_str(" i32x4")?;
        for lane in self.0.chunks_exact(4) {
            let v = u32::from_le_bytes([lane[0], lane[1], lane[2], lane[3]]);
            write!(f, " 0x{v:08x}")?;
        }
        Ok(())
    }
}

impl TextImmediate for Shuffle {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        for lane in self.0 {
            write!(f, " {lane}")?;
        }
        Ok(())
    }
}

impl TextImmediate for HeapType {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        write!(f, " {self}")
    }
}

impl TextImmediate for Vec<Catch> {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        for c in self {
            write!(f, " ({}", c.kind.name())?;
            if c.kind.has_tag() {
                write!(f, " {}", c.tag)?;
            }
            write!(f, " {})", c.label)?;
        }
        Ok(())
    }
}

impl TextImmediate for Vec<ValType> {
    fn fmt_text(&self, f: &mut fmt::Formatter<'_>, _: Option<u32>) -> fmt::Result {
        f.write_str(" (result")?;
        for t in self {
            write!(f, " {t}")?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `owns_memory` is what decoders go by to skip dropping an instruction: true for
    /// exactly the boxed immediates (a false "false" would leak them).
    #[test]
    fn owns_memory_is_true_for_boxed_immediates_only() {
        let table = BrTable {
            targets: Box::new([LabelIdx(0)]),
            default: LabelIdx(1),
        };
        let cases = [
            (
                Instr::BrTable {
                    targets: Box::new(table),
                },
                true,
            ),
            (
                Instr::SelectTyped {
                    types: Box::new(vec![ValType::I32]),
                },
                true,
            ),
            (
                Instr::V128Const {
                    value: Box::new(V128([0; 16])),
                },
                true,
            ),
            (
                Instr::I8x16Shuffle {
                    lanes: Box::new(Shuffle([0; 16])),
                },
                true,
            ),
            (Instr::I32Add, false),
            (Instr::End, false),
            (Instr::I64Const { value: -1 }, false),
            (
                Instr::I32Load {
                    memarg: MemArg::default(),
                },
                false,
            ),
            (Instr::Call { func: FuncIdx(3) }, false),
            (
                Instr::Block {
                    ty: BlockType::Empty,
                },
                false,
            ),
        ];
        for (instr, owns) in cases {
            assert_eq!(instr.owns_memory(), owns, "{}", instr.name());
        }
    }
}
