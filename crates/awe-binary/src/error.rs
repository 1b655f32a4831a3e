//! Decoding errors: a kind with the official test suite's wording, and a byte offset.

use awe_module::Opcode;
use std::fmt;

/// Why a binary module is malformed. The messages follow the wording of the
/// WebAssembly reference interpreter, which the official test suite checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is documented by its message
pub enum DecodeErrorKind {
    #[error("magic header not detected")]
    MagicHeader,
    #[error("unknown binary version")]
    UnknownVersion,
    /// The input ended inside the module header.
    #[error("unexpected end")]
    UnexpectedEnd,
    /// The input ended inside a section.
    #[error("unexpected end of section or function")]
    UnexpectedEndOfSection,
    #[error("integer representation too long")]
    IntegerTooLong,
    #[error("integer too large")]
    IntegerTooLarge,
    #[error("length out of bounds")]
    LengthOutOfBounds,
    #[error("malformed section id")]
    MalformedSectionId,
    #[error("section size mismatch")]
    SectionSizeMismatch,
    /// A section out of order, or repeated.
    #[error("unexpected content after last section")]
    UnexpectedContent,
    #[error("malformed UTF-8 encoding")]
    MalformedUtf8,
    #[error("function and code section have inconsistent lengths")]
    FuncCodeMismatch,
    #[error("data count and data section have inconsistent lengths")]
    DataCountMismatch,
    #[error("data count section required")]
    DataCountRequired,
    #[error("too many locals")]
    TooManyLocals,
    /// The opcode in hex as the reference interpreter writes it (`illegal opcode ff`,
    /// `illegal opcode fc 17`).
    #[error("illegal opcode {}", opcode_hex(.0))]
    IllegalOpcode(Opcode),
    #[error("END opcode expected")]
    EndExpected,
    #[error("zero byte expected")]
    ZeroByteExpected,
    #[error("malformed memop flags")]
    MalformedMemop,
    #[error("malformed value type")]
    MalformedValueType,
    #[error("malformed reference type")]
    MalformedRefType,
    #[error("malformed heap type")]
    MalformedHeapType,
    #[error("malformed table")]
    MalformedTable,
    #[error("malformed function type")]
    MalformedFuncType,
    #[error("malformed br_on_cast flags")]
    MalformedCastFlags,
    #[error("malformed catch clause")]
    MalformedCatchKind,
    #[error("malformed tag attribute")]
    MalformedTagAttribute,
    #[error("malformed limits flags")]
    MalformedLimitsFlags,
    #[error("malformed mutability")]
    MalformedMutability,
    #[error("malformed import kind")]
    MalformedImportKind,
    #[error("malformed export kind")]
    MalformedExportKind,
    #[error("malformed element kind")]
    MalformedElemKind,
    #[error("malformed elements segment kind")]
    MalformedElemSegmentKind,
    #[error("malformed data segment kind")]
    MalformedDataSegmentKind,
    /// Offsets beyond 4 GiB (bodies kept encoded are ranges of 32-bit offsets).
    #[error("module too large")]
    TooLarge,
}

fn opcode_hex(o: &Opcode) -> String {
    match o.sub {
        None => format!("{:02x}", o.byte),
        Some(sub) => format!("{:02x} {sub}", o.byte),
    }
}

/// A malformed binary: what is wrong and at which byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// What is wrong.
    pub kind: DecodeErrorKind,
    /// Offset of the offending byte from the start of the binary.
    pub offset: usize,
}

impl DecodeError {
    /// An error of `kind` at `offset`.
    pub fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        DecodeError { kind, offset }
    }

    /// The message alone, without the offset (as the test suite words it).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset 0x{:x}", self.kind, self.offset)
    }
}

impl std::error::Error for DecodeError {}

/// The result of decoding.
pub type Result<T, E = DecodeError> = std::result::Result<T, E>;
