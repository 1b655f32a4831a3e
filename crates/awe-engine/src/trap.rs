//! Traps ([spec §4.4](https://webassembly.github.io/spec/core/exec/runtime.html#results)):
//! why execution stopped, in the spec's wording.

/// Why a WebAssembly computation trapped. The messages are the official test suite's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum TrapCode {
    /// `unreachable` was executed.
    #[error("unreachable")]
    Unreachable,
    /// Integer division or remainder by zero.
    #[error("integer divide by zero")]
    IntegerDivideByZero,
    /// Signed division overflow (`INT_MIN / -1`), or a float too large for an integer.
    #[error("integer overflow")]
    IntegerOverflow,
    /// A NaN converted to an integer.
    #[error("invalid conversion to integer")]
    InvalidConversionToInteger,
    /// A memory access outside the memory.
    #[error("out of bounds memory access")]
    MemoryOutOfBounds,
    /// A table access outside the table.
    #[error("out of bounds table access")]
    TableOutOfBounds,
    /// `call_indirect` to an index outside the table.
    #[error("undefined element")]
    UndefinedElement,
    /// `call_indirect` to a null table entry.
    #[error("uninitialized element")]
    UninitializedElement,
    /// `call_indirect` to a function of another type.
    #[error("indirect call type mismatch")]
    IndirectCallTypeMismatch,
    /// Calls nested deeper than the configured limit.
    #[error("call stack exhausted")]
    StackOverflow,
    /// The store ran out of fuel.
    #[error("all fuel consumed")]
    OutOfFuel,
    /// Another thread asked the call to stop.
    #[error("interrupted")]
    Interrupted,
}
