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
    /// `throw_ref` of a null reference.
    #[error("null exception reference")]
    NullExceptionReference,
    /// `call_ref` or `return_call_ref` of a null reference.
    #[error("null function reference")]
    NullFunctionReference,
    /// `ref.as_non_null` of a null reference.
    #[error("null reference")]
    NullReference,
    /// `struct.get` or `struct.set` of a null reference.
    #[error("null structure reference")]
    NullStructReference,
    /// An `array.*` instruction on a null reference.
    #[error("null array reference")]
    NullArrayReference,
    /// `i31.get_s` or `i31.get_u` of a null reference.
    #[error("null i31 reference")]
    NullI31Reference,
    /// An array access or copy outside the array.
    #[error("out of bounds array access")]
    ArrayOutOfBounds,
    /// `ref.cast` of a reference not of the type.
    #[error("cast failure")]
    CastFailure,
    /// An allocation the store's GC heap limit refuses (after a collection).
    #[error("out of memory: the GC heap is full")]
    GcHeapExhausted,
}

impl TrapCode {
    /// Every trap code, in declaration order: `ALL[code as usize] == code` (native code
    /// names a code by that number).
    pub const ALL: [TrapCode; 21] = [
        TrapCode::Unreachable,
        TrapCode::IntegerDivideByZero,
        TrapCode::IntegerOverflow,
        TrapCode::InvalidConversionToInteger,
        TrapCode::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds,
        TrapCode::UndefinedElement,
        TrapCode::UninitializedElement,
        TrapCode::IndirectCallTypeMismatch,
        TrapCode::StackOverflow,
        TrapCode::OutOfFuel,
        TrapCode::Interrupted,
        TrapCode::NullExceptionReference,
        TrapCode::NullFunctionReference,
        TrapCode::NullReference,
        TrapCode::NullStructReference,
        TrapCode::NullArrayReference,
        TrapCode::NullI31Reference,
        TrapCode::ArrayOutOfBounds,
        TrapCode::CastFailure,
        TrapCode::GcHeapExhausted,
    ];
}

/// A trap with where it happened.
#[derive(Debug)]
pub struct Trap {
    /// Why.
    pub reason: TrapReason,
    /// The wasm frames active when it happened, innermost first.
    pub backtrace: Vec<BacktraceFrame>,
    /// A detail shown after the message, like the table index of a failed
    /// `call_indirect` ("uninitialized element 7").
    pub detail: Option<u64>,
}

/// Why a computation stopped.
#[derive(Debug)]
pub enum TrapReason {
    /// A trap of WebAssembly itself.
    Code(TrapCode),
    /// An error returned by a host function.
    Host(Box<dyn std::error::Error + Send + Sync>),
    /// Code this engine cannot run.
    Unsupported(String),
    /// An exception that no handler caught (thrown by wasm or by a host function, which
    /// throws by returning this reason).
    Exception(crate::runtime::ExnAddr),
}

/// One frame of a trap's backtrace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BacktraceFrame {
    /// The instance of the function.
    pub(crate) instance: crate::runtime::InstanceAddr,
    /// The function's index in its module.
    pub func_index: u32,
    /// The byte offset of the instruction in the binary, when known.
    pub offset: Option<u32>,
}

impl Trap {
    /// A trap for `code`, with no backtrace yet.
    pub fn new(code: TrapCode) -> Self {
        Trap {
            reason: TrapReason::Code(code),
            backtrace: Vec::new(),
            detail: None,
        }
    }

    /// A trap for `code` with a detail (an index) shown after the message.
    pub fn with_detail(code: TrapCode, detail: u64) -> Self {
        Trap {
            detail: Some(detail),
            ..Trap::new(code)
        }
    }

    /// Any reason, with no backtrace yet.
    pub fn from_reason(reason: TrapReason) -> Self {
        Trap {
            reason,
            backtrace: Vec::new(),
            detail: None,
        }
    }

    /// The trap code, if it is a trap of WebAssembly itself.
    pub fn code(&self) -> Option<TrapCode> {
        match self.reason {
            TrapReason::Code(c) => Some(c),
            _ => None,
        }
    }
}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Self {
        Trap::new(code)
    }
}

impl std::fmt::Display for Trap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.reason {
            TrapReason::Code(c) => c.fmt(f)?,
            TrapReason::Host(e) => e.fmt(f)?,
            TrapReason::Unsupported(s) => f.write_str(s)?,
            TrapReason::Exception(_) => f.write_str("uncaught exception")?,
        }
        if let Some(d) = self.detail {
            write!(f, " {d}")?;
        }
        Ok(())
    }
}

/// The source of a host function's trap is the host's error.
impl std::error::Error for Trap {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.reason {
            TrapReason::Host(e) => Some(&**e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TrapCode;

    #[test]
    fn every_trap_code_is_listed_at_its_number() {
        for (i, &c) in TrapCode::ALL.iter().enumerate() {
            assert_eq!(c as usize, i, "{c:?}");
        }
        assert_eq!(TrapCode::ALL.len(), TrapCode::GcHeapExhausted as usize + 1);
    }
}
