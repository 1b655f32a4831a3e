//! Reading the module a command works on.

use crate::error::{Error, Result};
use awe_binary::DecodeError;
use awe_module::Module;
use std::borrow::Cow;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

/// A module file as given on the command line, read into memory.
pub struct Input {
    /// How to name the file in messages (`-` is `<stdin>`).
    pub name: String,
    /// Its bytes (shared: a binary module's bodies stay ranges of them, see
    /// `awe::Module::from_shared`).
    pub bytes: Arc<[u8]>,
    /// Whether the name ends in `.wat` or `.wast`.
    text_extension: bool,
}

impl Input {
    /// Reads `path`, or standard input if it is `-`.
    pub fn read(path: &Path) -> Result<Input> {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::msg(format!("<stdin>: cannot read: {}", io_message(&e))))?;
            return Ok(Input {
                name: "<stdin>".to_owned(),
                bytes: bytes.into(),
                text_extension: false,
            });
        }
        let name = path.display().to_string();
        let text_extension = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("wat") || e.eq_ignore_ascii_case("wast"));
        let bytes = read_shared(path)
            .map_err(|e| Error::msg(format!("{name}: cannot read: {}", io_message(&e))))?;
        Ok(Input {
            name,
            bytes,
            text_extension,
        })
    }

    /// Whether this looks like the text format rather than a binary module: not starting
    /// with the binary magic, and named `.wat`/`.wast` or starting (after white space)
    /// with `(` or a comment.
    pub fn is_text(&self) -> bool {
        if self.bytes.starts_with(b"\0asm") {
            return false;
        }
        if self.text_extension {
            return true;
        }
        let rest = self.bytes.trim_ascii_start();
        rest.starts_with(b"(") || rest.starts_with(b";;")
    }

    /// The error to report when decoding failed with `e`.
    pub fn decode_error(&self, e: &DecodeError) -> Error {
        Error::msg(format!("{}: {e}", self.name))
    }

    /// The module in the binary format: the bytes as they are, or, for the text
    /// format, the module parsed and encoded.
    pub fn binary(&self) -> Result<Cow<'_, [u8]>> {
        if self.is_text() {
            Ok(Cow::Owned(awe_binary::encode(&self.parse_text()?)))
        } else {
            Ok(Cow::Borrowed(&self.bytes))
        }
    }

    /// The module, from either format.
    pub fn module(&self) -> Result<Module> {
        if self.is_text() {
            self.parse_text()
        } else {
            awe_binary::decode(&self.bytes).map_err(|e| self.decode_error(&e))
        }
    }

    /// Parses the text format; an error shows the line with a caret under the place.
    fn parse_text(&self) -> Result<Module> {
        let src = std::str::from_utf8(&self.bytes).map_err(|e| {
            Error::msg(format!(
                "{}: malformed UTF-8 encoding at offset {}",
                self.name,
                e.valid_up_to()
            ))
        })?;
        awe_text::parse_module(src).map_err(|e| Error::msg(e.render(src, &self.name)))
    }
}

/// Reads a file straight into shared memory (`Arc::from` a `Vec` would copy it, and for
/// a moment hold it twice); a file that is not the size its metadata says is read as a
/// stream.
fn read_shared(path: &Path) -> io::Result<Arc<[u8]>> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if let Ok(len) = usize::try_from(len) {
        // One allocation of exactly `len` bytes, no copy.
        let mut bytes: Arc<[u8]> = std::iter::repeat_n(0, len).collect();
        if let Some(buf) = Arc::get_mut(&mut bytes)
            && file.read_exact(buf).is_ok()
            && file.read(&mut [0])? == 0
        {
            return Ok(bytes);
        }
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes.into())
}

/// A short message for an I/O error, without the OS error number when the kind says it.
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => e.to_string(),
    }
}
