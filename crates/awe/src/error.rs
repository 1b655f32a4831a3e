//! Errors, in the shape of the JS API: compile, link and runtime errors.

use std::fmt;

pub use awe_engine::{BacktraceFrame, Trap, TrapCode, TrapReason};

/// Everything that can go wrong when compiling, linking or running WebAssembly.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes or text are not a valid module (malformed or invalid), with where.
    #[error("{0}")]
    Compile(String),
    /// An import is missing or does not fit ("unknown import", "incompatible import type").
    #[error("{0}")]
    Link(String),
    /// Execution trapped (also during instantiation).
    #[error("{0}")]
    Trap(Trap),
    /// A mistake in using the API (wrong store, wrong argument types, ...).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The trap, if this is one.
    pub fn as_trap(&self) -> Option<&Trap> {
        match self {
            Error::Trap(t) => Some(t),
            _ => None,
        }
    }

    /// The trap code, if this is a trap of WebAssembly itself.
    pub fn trap_code(&self) -> Option<TrapCode> {
        self.as_trap().and_then(Trap::code)
    }

    pub(crate) fn usage(msg: impl fmt::Display) -> Self {
        Error::Usage(msg.to_string())
    }
}

impl From<Trap> for Error {
    fn from(t: Trap) -> Self {
        Error::Trap(t)
    }
}

/// The result type of the API.
pub type Result<T, E = Error> = std::result::Result<T, E>;
