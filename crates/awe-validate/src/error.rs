//! Validation errors: the test suite's wording, and where.

use awe_module::FuncIdx;
use std::fmt;

/// Why a module is invalid, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The message; it starts with the official test suite's wording (e.g. "type
    /// mismatch"), sometimes followed by details.
    pub message: String,
    /// The function whose body is invalid, if the problem is in a body.
    pub func: Option<FuncIdx>,
    /// The byte offset of the offending instruction or item, when the module was decoded
    /// from a binary.
    pub offset: Option<usize>,
    /// The position of the offending instruction in its body, when in a body.
    pub instr: Option<usize>,
}

impl ValidationError {
    /// An error with no location yet.
    pub fn new(message: impl Into<String>) -> Self {
        ValidationError {
            message: message.into(),
            func: None,
            offset: None,
            instr: None,
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match (self.func, self.offset, self.instr) {
            (Some(func), Some(offset), _) => {
                write!(f, " in function {func} at offset 0x{offset:x}")
            }
            (Some(func), None, Some(i)) => write!(f, " in function {func}, instruction {i}"),
            (Some(func), None, None) => write!(f, " in function {func}"),
            (None, Some(offset), _) => write!(f, " at offset 0x{offset:x}"),
            (None, None, _) => Ok(()),
        }
    }
}

impl std::error::Error for ValidationError {}

/// A body kept encoded that does not decode (only an `EncodedBody` made by hand can be
/// such): the decoder's message, at its offset.
impl From<awe_binary::DecodeError> for ValidationError {
    fn from(e: awe_binary::DecodeError) -> Self {
        ValidationError {
            offset: Some(e.offset),
            ..ValidationError::new(e.message())
        }
    }
}

/// The result of validation.
pub type Result<T, E = ValidationError> = std::result::Result<T, E>;

/// Fails with `message` (formatted) when `cond` holds.
macro_rules! bail {
    ($($fmt:tt)*) => {
        return Err($crate::error::ValidationError::new(format!($($fmt)*)).into())
    };
}
pub(crate) use bail;
