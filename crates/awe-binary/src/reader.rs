//! A cursor over the whole binary with the spec's rules for integers
//! ([spec §5.2](https://webassembly.github.io/spec/core/binary/values.html)).
//!
//! Like the reference interpreter, reads are not cut off at the end of a section or
//! function body; the caller compares the position with the declared size afterwards
//! ("section size mismatch"). This is what makes the reported error the one the test
//! suite expects, e.g. "END opcode expected" when a body runs into the next one.

use crate::error::{DecodeError, DecodeErrorKind as K, Result};

/// A position in a byte slice.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// What the format has (see [`crate::Encoding`]).
    pub(crate) encoding: crate::Encoding,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            encoding: crate::Encoding::WASM3,
        }
    }

    /// Moves to `pos` (at most the end).
    pub fn skip_to(&mut self, pos: usize) {
        self.pos = pos.min(self.data.len());
    }

    /// The current offset.
    #[inline]
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The whole input.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Whether all input has been read.
    #[inline]
    pub fn at_end(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Bytes left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// An error of `kind` at `offset`.
    #[cold]
    pub fn error<T>(&self, kind: K, offset: usize) -> Result<T> {
        Err(DecodeError::new(kind, offset))
    }

    /// The next byte without consuming it.
    #[inline]
    pub fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// One byte.
    #[inline]
    pub fn u8(&mut self) -> Result<u8> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => self.error(K::UnexpectedEndOfSection, self.data.len()),
        }
    }

    /// `n` raw bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return self.error(K::UnexpectedEndOfSection, self.data.len());
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// An unsigned LEB128 integer of at most `bits` bits (the spec's `uN`); more than
    /// 64 bits count as 64.
    #[inline]
    pub fn vu(&mut self, bits: u32) -> Result<u64> {
        let mut result = 0u64;
        let mut shift = 0u32;
        let mut left = bits.min(64) as i32;
        loop {
            if left <= 0 {
                return self.error(K::IntegerTooLong, self.pos);
            }
            let b = self.u8()?;
            if left < 7 && u32::from(b & 0x7f) >= 1 << left {
                return self.error(K::IntegerTooLarge, self.pos - 1);
            }
            result |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(result);
            }
            shift += 7;
            left -= 7;
        }
    }

    /// A signed LEB128 integer of at most `bits` bits (the spec's `sN`); more than 64
    /// bits count as 64.
    #[inline]
    pub fn vs(&mut self, bits: u32) -> Result<i64> {
        let mut result = 0i64;
        let mut shift = 0u32;
        let mut left = bits.min(64) as i32;
        loop {
            if left <= 0 {
                return self.error(K::IntegerTooLong, self.pos);
            }
            let b = self.u8()?;
            if left < 7 {
                let mask = ((-1i32 << (left - 1)) & 0x7f) as u8;
                if b & mask != 0 && b & mask != mask {
                    return self.error(K::IntegerTooLarge, self.pos - 1);
                }
            }
            result |= i64::from(b & 0x7f) << shift;
            shift += 7;
            left -= 7;
            if b & 0x80 == 0 {
                if shift < 64 && b & 0x40 != 0 {
                    result |= -1i64 << shift;
                }
                return Ok(result);
            }
        }
    }

    /// `u32`.
    #[inline(always)]
    pub fn u32(&mut self) -> Result<u32> {
        // Most are one byte (indices, alignments, small offsets).
        if let Some(&b) = self.data.get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(u32::from(b));
        }
        self.u32_long()
    }

    /// A `u32` of more than one byte (or none).
    #[inline(never)]
    fn u32_long(&mut self) -> Result<u32> {
        Ok(self.vu(32)? as u32)
    }

    /// `u64` (memory64's offsets and limits).
    #[inline(always)]
    pub fn u64(&mut self) -> Result<u64> {
        if let Some(&b) = self.data.get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(u64::from(b));
        }
        self.vu(64)
    }

    /// `s32`.
    #[inline(always)]
    pub fn s32(&mut self) -> Result<i32> {
        // One byte: -64..=63, the sign in bit 6.
        if let Some(&b) = self.data.get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(i32::from((b << 1) as i8) >> 1);
        }
        self.s32_long()
    }

    /// An `s32` of more than one byte (or none).
    #[inline(never)]
    fn s32_long(&mut self) -> Result<i32> {
        Ok(self.vs(32)? as i32)
    }

    /// `s33`, as used by block types.
    pub fn s33(&mut self) -> Result<i64> {
        self.vs(33)
    }

    /// `s64`.
    pub fn s64(&mut self) -> Result<i64> {
        self.vs(64)
    }

    /// A little-endian fixed-width `u32` (float bits).
    pub fn fixed_u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A little-endian fixed-width `u64` (float bits).
    pub fn fixed_u64(&mut self) -> Result<u64> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// A length or count: a `u32` that must not exceed the bytes that follow it.
    ///
    /// Checking this before anything is allocated from it keeps hostile counts from
    /// reserving memory the input cannot back.
    pub fn len32(&mut self) -> Result<usize> {
        let start = self.pos;
        let n = self.u32()? as usize;
        if n > self.data.len() - start {
            return self.error(K::LengthOutOfBounds, start);
        }
        Ok(n)
    }

    /// A name: a length-prefixed UTF-8 string.
    pub fn name(&mut self) -> Result<&'a str> {
        let start = self.pos;
        let n = self.len32()?;
        let bytes = self.bytes(n)?;
        std::str::from_utf8(bytes).or_else(|_| self.error(K::MalformedUtf8, start))
    }
}

/// How much to reserve for `count` items read from `r`: never more than a small bound,
/// so that a count the input does not back costs nothing before reading fails.
pub(crate) fn capacity(count: usize) -> usize {
    count.min(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vu(bytes: &[u8], bits: u32) -> Result<u64> {
        Reader::new(bytes).vu(bits)
    }

    fn vs(bytes: &[u8], bits: u32) -> Result<i64> {
        Reader::new(bytes).vs(bits)
    }

    fn kind<T: std::fmt::Debug>(r: Result<T>) -> K {
        r.unwrap_err().kind
    }

    #[test]
    fn unsigned_leb() {
        assert_eq!(vu(&[0x00], 32).unwrap(), 0);
        assert_eq!(vu(&[0xe5, 0x8e, 0x26], 32).unwrap(), 624485);
        assert_eq!(
            vu(&[0xff, 0xff, 0xff, 0xff, 0x0f], 32).unwrap(),
            u32::MAX as u64
        );
        assert_eq!(vu(&[0x80, 0x80, 0x80, 0x80, 0x00], 32).unwrap(), 0);
        assert_eq!(
            kind(vu(&[0xff, 0xff, 0xff, 0xff, 0x1f], 32)),
            K::IntegerTooLarge
        );
        assert_eq!(
            kind(vu(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 32)),
            K::IntegerTooLong
        );
        assert_eq!(kind(vu(&[0x80, 0x80], 32)), K::UnexpectedEndOfSection);
        assert_eq!(kind(vu(&[0x02], 1)), K::IntegerTooLarge);
        assert_eq!(kind(vu(&[0x81, 0x00], 1)), K::IntegerTooLong);
    }

    #[test]
    fn signed_leb() {
        assert_eq!(vs(&[0x7f], 32).unwrap(), -1);
        assert_eq!(vs(&[0x40], 7).unwrap(), -64);
        assert_eq!(
            vs(&[0xff, 0xff, 0xff, 0xff, 0x07], 32).unwrap(),
            i32::MAX as i64
        );
        assert_eq!(
            vs(&[0x80, 0x80, 0x80, 0x80, 0x78], 32).unwrap(),
            i32::MIN as i64
        );
        assert_eq!(
            kind(vs(&[0x80, 0x80, 0x80, 0x80, 0x70], 32)),
            K::IntegerTooLarge
        );
        assert_eq!(
            kind(vs(&[0xff, 0xff, 0xff, 0xff, 0x0f], 32)),
            K::IntegerTooLarge
        );
        assert_eq!(
            vs(
                &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f],
                64
            )
            .unwrap(),
            i64::MIN
        );
        assert_eq!(
            kind(vs(
                &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e],
                64
            )),
            K::IntegerTooLarge
        );
    }
}
