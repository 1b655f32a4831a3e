//! Chooses the interpreter's dispatch (see `src/exec.rs`, `dispatch!`).
//!
//! `cfg(awe_tail_calls)`: handlers end with a call to the next op's handler in tail
//! position, which LLVM compiles to a jump. It does so only when optimizing (opt-level
//! 2, 3, `s` or `z`) and on targets whose calling convention allows a sibling call with
//! the handlers' five register arguments; and not with debug assertions, whose checks
//! of unsafe preconditions (`ub_checks`) take the address of locals in the memory
//! handlers, which turns their tail calls into calls. Elsewhere, or with feature
//! `portable-dispatch`, handlers return to a loop, which is slower but never relies on
//! the optimizer to keep the native stack flat.
//!
//! Under Miri (`cargo miri` sets `CARGO_CFG_MIRI` for build scripts) dispatch is always
//! portable: Miri ignores the opt-level (the workspace's dev profile gives `awe-engine`
//! 3, without debug assertions) and performs no tail calls, so every op run would nest
//! one more interpreted frame, and it cannot run the empty `asm!` of the threaded
//! branches (see `crates/awe-engine/MIRI.md`).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=OPT_LEVEL");
    println!("cargo::rustc-check-cfg=cfg(awe_tail_calls)");
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let optimizing = matches!(opt.as_str(), "2" | "3" | "s" | "z");
    let sibling_calls = matches!(
        arch.as_str(),
        "x86_64" | "x86" | "aarch64" | "arm" | "riscv64" | "riscv32" | "loongarch64" | "s390x"
    );
    let debug_assertions = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some();
    let portable = std::env::var_os("CARGO_FEATURE_PORTABLE_DISPATCH").is_some();
    let miri = std::env::var_os("CARGO_CFG_MIRI").is_some();
    if optimizing && sibling_calls && !debug_assertions && !portable && !miri {
        println!("cargo::rustc-cfg=awe_tail_calls");
    }
}
