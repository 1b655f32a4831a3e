//! Guest memory as the calls see it: every pointer the guest passes is checked against
//! the memory's size (in 64-bit arithmetic, so nothing wraps) and its natural
//! alignment before any byte is touched. A bad pointer traps, as the witx rules say
//! ("if a misaligned pointer is passed to a function, the function shall trap"; the same
//! for out-of-bounds pointers the function dereferences), and as wasmtime does.

use crate::error::{CallResult, Fail, trap};
use crate::types::Errno;
use crate::types::layout::IOVEC_SIZE;
use std::ops::Range;

/// The most iovecs one read or write uses (POSIX's `IOV_MAX` on Linux); a request with
/// more is done in part, which the calls' contract allows (short reads and writes).
pub(crate) const IOV_MAX: usize = 1024;

/// The most bytes one read or write moves (Linux's own limit per call): the counts the
/// calls return fit an `i32`.
pub(crate) const MAX_IO: u64 = 0x7fff_f000;

/// The guest's linear memory during one call (empty if the module exports none).
pub(crate) struct GuestMem<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMem<'a> {
    pub(crate) fn new(bytes: &'a mut [u8]) -> Self {
        GuestMem { bytes }
    }

    /// The byte range `ptr..ptr + len`, if it lies inside memory and `ptr` is a
    /// multiple of `align`; a trap otherwise.
    pub(crate) fn range(&self, ptr: u32, len: u64, align: u32) -> CallResult<Range<usize>> {
        if !ptr.is_multiple_of(align) {
            return Err(trap(format!(
                "WASI call: pointer 0x{ptr:x} is not aligned to {align} bytes"
            )));
        }
        let end = u64::from(ptr) + len;
        if end > self.bytes.len() as u64 {
            return Err(trap(format!(
                "WASI call: {len} bytes at 0x{ptr:x} are out of bounds of memory \
                 ({} bytes)",
                self.bytes.len()
            )));
        }
        Ok(ptr as usize..end as usize)
    }

    /// Checks that a result of `len` bytes can be written at `ptr`, before the call does
    /// anything it could not undo.
    pub(crate) fn check(&self, ptr: u32, len: u32, align: u32) -> CallResult {
        self.range(ptr, u64::from(len), align).map(drop)
    }

    /// The bytes at `ptr..ptr + len`.
    pub(crate) fn bytes(&self, ptr: u32, len: u32) -> CallResult<&[u8]> {
        let r = self.range(ptr, u64::from(len), 1)?;
        Ok(&self.bytes[r])
    }

    /// The bytes at `ptr..ptr + len`, mutably.
    pub(crate) fn bytes_mut(&mut self, ptr: u32, len: u32) -> CallResult<&mut [u8]> {
        let r = self.range(ptr, u64::from(len), 1)?;
        Ok(&mut self.bytes[r])
    }

    /// The whole memory (for writes from several iovecs).
    pub(crate) fn all(&self) -> &[u8] {
        self.bytes
    }

    /// The whole memory (for reads into several iovecs).
    pub(crate) fn all_mut(&mut self) -> &mut [u8] {
        self.bytes
    }

    /// A path or other string argument: `ILSEQ` if it is not UTF-8 (as wasmtime).
    pub(crate) fn str(&self, ptr: u32, len: u32) -> CallResult<&str> {
        std::str::from_utf8(self.bytes(ptr, len)?).map_err(|_| Fail::Errno(Errno::Ilseq))
    }

    fn array<const N: usize>(&self, ptr: u32) -> CallResult<[u8; N]> {
        let r = self.range(ptr, N as u64, N as u32)?;
        let mut out = [0; N];
        out.copy_from_slice(&self.bytes[r]);
        Ok(out)
    }

    /// A `u8` at `ptr`.
    pub(crate) fn read_u8(&self, ptr: u32) -> CallResult<u8> {
        Ok(self.array::<1>(ptr)?[0])
    }

    /// A `u16` at `ptr` (aligned).
    pub(crate) fn read_u16(&self, ptr: u32) -> CallResult<u16> {
        self.array(ptr).map(u16::from_le_bytes)
    }

    /// A `u32` at `ptr` (aligned).
    pub(crate) fn read_u32(&self, ptr: u32) -> CallResult<u32> {
        self.array(ptr).map(u32::from_le_bytes)
    }

    /// A `u64` at `ptr` (aligned).
    pub(crate) fn read_u64(&self, ptr: u32) -> CallResult<u64> {
        self.array(ptr).map(u64::from_le_bytes)
    }

    /// Writes `bytes` at `ptr`.
    pub(crate) fn write(&mut self, ptr: u32, bytes: &[u8]) -> CallResult {
        let r = self.range(ptr, bytes.len() as u64, 1)?;
        self.bytes[r].copy_from_slice(bytes);
        Ok(())
    }

    fn write_aligned(&mut self, ptr: u32, bytes: &[u8]) -> CallResult {
        let r = self.range(ptr, bytes.len() as u64, bytes.len() as u32)?;
        self.bytes[r].copy_from_slice(bytes);
        Ok(())
    }

    /// Writes a `u8` at `ptr`.
    pub(crate) fn write_u8(&mut self, ptr: u32, v: u8) -> CallResult {
        self.write_aligned(ptr, &[v])
    }

    /// Writes a `u32` at `ptr` (aligned).
    pub(crate) fn write_u32(&mut self, ptr: u32, v: u32) -> CallResult {
        self.write_aligned(ptr, &v.to_le_bytes())
    }

    /// Writes a `u64` at `ptr` (aligned).
    pub(crate) fn write_u64(&mut self, ptr: u32, v: u64) -> CallResult {
        self.write_aligned(ptr, &v.to_le_bytes())
    }

    /// The buffers of the `count` iovecs at `ptr`, each checked against memory: the
    /// non-empty ones, at most [`IOV_MAX`] of them and [`MAX_IO`] bytes in all (the last
    /// one shortened). The array itself must lie in memory, so `count` is bounded by the
    /// memory's size, and nothing is allocated for the iovecs left out.
    pub(crate) fn iovecs(&self, ptr: u32, count: u32) -> CallResult<Vec<Range<usize>>> {
        self.range(ptr, u64::from(count) * u64::from(IOVEC_SIZE), 4)?;
        let mut out = Vec::new();
        let mut total = 0u64;
        for i in 0..count {
            let at = ptr + i * IOVEC_SIZE;
            let buf = self.read_u32(at)?;
            let len = self.read_u32(at + 4)?;
            let r = self.range(buf, u64::from(len), 1)?;
            if len == 0 {
                continue;
            }
            let take = u64::from(len).min(MAX_IO - total);
            out.push(r.start..r.start + take as usize);
            total += take;
            if out.len() == IOV_MAX || total == MAX_IO {
                break;
            }
        }
        Ok(out)
    }
}
