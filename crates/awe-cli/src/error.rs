//! The error type of the command line tool.

use std::fmt;
use std::io;

/// Why a command failed. Displayed after `error: `.
#[derive(Debug)]
pub enum Error {
    /// A message for the user, complete in itself (it names the file concerned).
    Message(String),
    /// Standard output was closed by its reader; the command stops quietly.
    BrokenPipe,
    /// The program run asked to exit (WASI `proc_exit`) with this code: the process
    /// exits with it, quietly.
    Exit(i32),
}

impl Error {
    /// An error with the given message.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Message(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Message(m) => f.write_str(m),
            Error::BrokenPipe => f.write_str("broken pipe"),
            Error::Exit(code) => write!(f, "exited with code {code}"),
        }
    }
}

impl std::error::Error for Error {}

/// Errors while writing the output (reading input has its own messages, see
/// [`crate::input`]).
impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::msg(format!("cannot write output: {e}"))
        }
    }
}

/// The result of a command.
pub type Result<T, E = Error> = std::result::Result<T, E>;
