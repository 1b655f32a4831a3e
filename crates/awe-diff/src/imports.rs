//! The host environment both engines give a module: functions with deterministic
//! behaviour (their calls are logged and compared), a memory, globals and a table, all
//! under module name `env`. wasm-smith may import any of them (`available_imports`).

use crate::trace::{HostCall, Ty, Value};

/// The module name of every host item.
pub const MODULE: &str = "env";

/// A host function: name, parameter and result types.
pub struct HostFunc {
    /// The field name.
    pub name: &'static str,
    /// Parameter types.
    pub params: &'static [Ty],
    /// Result types.
    pub results: &'static [Ty],
}

/// The host functions.
pub const FUNCS: &[HostFunc] = &[
    HostFunc {
        name: "log_i32",
        params: &[Ty::I32],
        results: &[],
    },
    HostFunc {
        name: "log_i64",
        params: &[Ty::I64],
        results: &[],
    },
    HostFunc {
        name: "log_f32",
        params: &[Ty::F32],
        results: &[],
    },
    HostFunc {
        name: "log_f64",
        params: &[Ty::F64],
        results: &[],
    },
    HostFunc {
        name: "mix",
        params: &[Ty::I32, Ty::I64],
        results: &[Ty::I64],
    },
    HostFunc {
        name: "mix_v128",
        params: &[Ty::V128, Ty::I32],
        results: &[Ty::V128, Ty::I32],
    },
    HostFunc {
        name: "split",
        params: &[Ty::F64],
        results: &[Ty::F64, Ty::I32],
    },
    HostFunc {
        name: "check",
        params: &[Ty::I32],
        results: &[Ty::I32],
    },
    HostFunc {
        name: "tick",
        params: &[],
        results: &[Ty::I32],
    },
];

/// The host memory `env.memory`: 1 page, at most 4.
pub const MEMORY_PAGES: (u32, u32) = (1, 4);
/// The host table `env.table` of `funcref`: 4 elements, at most 16, all null.
pub const TABLE_SIZE: (u32, u32) = (4, 16);
/// The immutable global `env.g_i64` and its value.
pub const G_I64: i64 = -7;
/// The mutable global `env.g_i32` and its initial value.
pub const G_I32: i32 = 1000;

/// The text of a module importing everything (the functions with `v128` in their type
/// only when `simd`: wasm-smith copies every type of it), for wasm-smith's
/// `available_imports`.
pub fn available_imports_wat(simd: bool) -> String {
    let mut s = String::from("(module\n");
    for f in FUNCS {
        if !simd && f.params.iter().chain(f.results).any(|&t| t == Ty::V128) {
            continue;
        }
        s.push_str(&format!("  (import \"env\" \"{}\" (func", f.name));
        let name = |t: &Ty| match t {
            Ty::I32 => "i32",
            Ty::I64 => "i64",
            Ty::F32 => "f32",
            Ty::F64 => "f64",
            Ty::FuncRef => "funcref",
            Ty::ExternRef => "externref",
            Ty::V128 => "v128",
        };
        if !f.params.is_empty() {
            s.push_str(" (param");
            for p in f.params {
                s.push(' ');
                s.push_str(name(p));
            }
            s.push(')');
        }
        if !f.results.is_empty() {
            s.push_str(" (result");
            for r in f.results {
                s.push(' ');
                s.push_str(name(r));
            }
            s.push(')');
        }
        s.push_str("))\n");
    }
    s.push_str(&format!(
        "  (import \"env\" \"memory\" (memory {} {}))\n",
        MEMORY_PAGES.0, MEMORY_PAGES.1
    ));
    s.push_str(&format!(
        "  (import \"env\" \"table\" (table {} {} funcref))\n",
        TABLE_SIZE.0, TABLE_SIZE.1
    ));
    s.push_str("  (import \"env\" \"g_i64\" (global i64))\n");
    s.push_str("  (import \"env\" \"g_i32\" (global (mut i32)))\n)\n");
    s
}

/// The binary of [`available_imports_wat`].
pub fn available_imports(simd: bool) -> Vec<u8> {
    wat::parse_str(available_imports_wat(simd)).expect("the host module's text is valid")
}

/// What host function `name` does with `args`: its results, or `Err` to trap. `ticks`
/// is the number of host calls so far in this store (state both engines keep alike).
#[allow(clippy::result_unit_err)]
pub fn call(name: &str, args: &[Value], ticks: u32) -> Result<Vec<Value>, ()> {
    let a = |i: usize| args.get(i).copied();
    Ok(match (name, a(0), a(1)) {
        ("log_i32" | "log_i64" | "log_f32" | "log_f64", _, _) => vec![],
        ("mix", Some(Value::I32(x)), Some(Value::I64(y))) => {
            vec![Value::I64(
                y.wrapping_mul(31).wrapping_add(u64::from(x)) ^ 0x5555,
            )]
        }
        // A vector across the host boundary both ways: rotated by the i32, and its low
        // lane's bits back as an i32.
        ("mix_v128", Some(Value::V128(v)), Some(Value::I32(x))) => {
            vec![
                Value::V128(v.rotate_left(x % 128) ^ 0x55),
                Value::I32(v as u32),
            ]
        }
        // The bits pass through unchanged (a NaN stays the NaN it was).
        ("split", Some(Value::F64(x)), _) => vec![Value::F64(x), Value::I32((x >> 32) as u32)],
        // Traps on some values, so host traps are compared too.
        ("check", Some(Value::I32(x)), _) => {
            if x % 16 == 5 {
                return Err(());
            }
            vec![Value::I32(x.rotate_left(3))]
        }
        ("tick", _, _) => vec![Value::I32(ticks)],
        _ => return Err(()),
    })
}

/// The host functions' state in one store: the calls made since the log was last taken,
/// and how many calls were made in all (what `tick` answers).
#[derive(Debug, Default)]
pub struct HostState {
    log: Vec<HostCall>,
    ticks: u32,
}

impl HostState {
    /// Records a call of host function `name` with `args` and answers it (see [`call`]).
    #[allow(clippy::result_unit_err)]
    pub fn call(&mut self, name: &'static str, args: Vec<Value>) -> Result<Vec<Value>, ()> {
        let ticks = self.ticks;
        self.ticks += 1;
        let results = call(name, &args, ticks);
        self.log.push(HostCall { name, args });
        results
    }

    /// The calls recorded since the last time, in order.
    pub fn take_log(&mut self) -> Vec<HostCall> {
        std::mem::take(&mut self.log)
    }
}
