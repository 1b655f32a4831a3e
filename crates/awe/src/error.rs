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
    /// Execution trapped (also during instantiation). Its source is the trap, whose
    /// source is the host's error when a host function failed.
    #[error("{0}")]
    Trap(#[source] Trap),
    /// A mistake in using the API (wrong store, wrong argument types, ...).
    #[error("{0}")]
    Usage(String),
    /// An error of the host's own (from a host function, or [`Error::msg`]); its
    /// source is that error.
    #[error("{0}")]
    Host(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// An exception no handler caught (exception handling); a host function returns
    /// this to throw one.
    #[error("uncaught exception")]
    Exception(crate::ExnRef),
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

    /// The message, and for a trap its backtrace, a line per frame, innermost first, as
    /// `awe run` prints it: `    at NAME (function 3), offset 0x2a` with the name
    /// section's name of the function in `module` (through `show_name`, e.g. a
    /// demangler), `    at function 3` without one; the offset when the module was
    /// binary.
    pub fn with_backtrace(
        &self,
        module: &crate::Module,
        show_name: impl Fn(&str) -> String,
    ) -> String {
        let mut msg = self.to_string();
        for f in self.as_trap().map_or(&[][..], |t| &t.backtrace) {
            let name = module.func_name(f.func_index).map_or_else(
                || format!("function {}", f.func_index),
                |n| format!("{} (function {})", show_name(n), f.func_index),
            );
            match f.offset {
                Some(o) => msg.push_str(&format!("\n    at {name}, offset 0x{o:x}")),
                None => msg.push_str(&format!("\n    at {name}")),
            }
        }
        msg
    }

    pub(crate) fn usage(msg: impl fmt::Display) -> Self {
        Error::Usage(msg.to_string())
    }

    /// An error with a message, e.g. for a host function to fail with.
    pub fn msg(msg: impl fmt::Display) -> Self {
        Error::Host(msg.to_string().into())
    }

    /// The error a host function's `Err` becomes: an `awe::Error` as it was (a trap of
    /// a call the host function made stays that trap), any other as [`Error::Host`].
    pub fn from_host(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        match e.into().downcast::<Error>() {
            Ok(e) => *e,
            Err(other) => Error::Host(other),
        }
    }

    /// The first error of type `E` in this error's chain of sources: the error itself, a
    /// trap, the host's own error that a trap carries, and so on (as `anyhow`'s
    /// `downcast_ref`).
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(e) = next {
            if let Some(found) = e.downcast_ref::<E>() {
                return Some(found);
            }
            next = e.source();
        }
        None
    }
}

impl From<Trap> for Error {
    fn from(t: Trap) -> Self {
        Error::Trap(t)
    }
}

impl Error {
    /// A trap of store `store` as the API reports it: an uncaught exception is
    /// [`Error::Exception`], whose exception the store then keeps.
    pub(crate) fn from_trap(rt: &mut awe_engine::Runtime, store: u64, t: Trap) -> Error {
        match t.reason {
            awe_engine::TrapReason::Exception(addr) => {
                rt.reference_exception(addr);
                Error::Exception(crate::ExnRef { store, addr })
            }
            _ => Error::Trap(t),
        }
    }
}

/// An I/O error of the host's (reading a module, writing a precompiled one), so that `?`
/// works on it in a function returning [`Result`], as with wasmtime's.
impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Host(Box::new(e))
    }
}

/// The result type of the API.
pub type Result<T, E = Error> = std::result::Result<T, E>;
