//! Array trampolines: how the engine calls a compiled function. One per function type,
//! `extern "C" fn(vmctx, cells, function)` in the host's calling convention: it reads
//! the parameters from `cells` (cell `i` at `cells + 8 * i`), calls `function` in the
//! tail convention with the context first, and writes the results back as whole cells.

use crate::signature::{load_cell, store_cell, trampoline_signature, val_types, wasm_signature};
use awe_module::FuncType;
use cranelift_codegen::ir::{Function, InstBuilder, UserFuncName};
use cranelift_codegen::isa::TargetIsa;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

/// The IR of the array trampoline of functions of type `ty`.
pub(crate) fn build(isa: &dyn TargetIsa, ty: &FuncType) -> Result<Function, String> {
    let callee = wasm_signature(ty)?;
    let params = val_types(&ty.params)?;
    let mut func = Function::with_name_signature(
        UserFuncName::testcase("trampoline"),
        trampoline_signature(isa.default_call_conv()),
    );
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let (vmctx, cells, function) = match *b.block_params(entry) {
        [v, c, f] => (v, c, f),
        _ => unreachable!("three parameters"),
    };
    let mut args = vec![vmctx];
    for (i, &t) in params.iter().enumerate() {
        args.push(load_cell(&mut b, t, cells, 8 * i as i32));
    }
    let sig = b.import_signature(callee);
    let call = b.ins().call_indirect(sig, function, &args);
    let results = b.inst_results(call).to_vec();
    for (i, r) in results.into_iter().enumerate() {
        store_cell(&mut b, r, cells, 8 * i as i32);
    }
    b.ins().return_(&[]);
    b.finalize(isa.frontend_config());
    Ok(func)
}
