//! `--strategy`: how `awe run` and `awe wast` run functions.

/// The values of `--strategy`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StrategyArg {
    /// Everything in the interpreter.
    Interp,
    /// Each function compiled to native code before its first call.
    Jit,
    /// Start in the interpreter, compile the functions that run often.
    #[default]
    Tiered,
}

impl From<StrategyArg> for awe::Strategy {
    fn from(s: StrategyArg) -> awe::Strategy {
        match s {
            StrategyArg::Interp => awe::Strategy::Interpreter,
            StrategyArg::Jit => awe::Strategy::Compiler,
            StrategyArg::Tiered => awe::Strategy::Tiered,
        }
    }
}
