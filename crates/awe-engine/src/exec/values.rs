//! Values in cells, numeric outcomes and memory addresses, as the handlers read them.

use crate::trap::TrapCode;

/// A value in a cell.
pub(super) trait Cell: Copy {
    fn from_cell(c: u64) -> Self;
    fn to_cell(self) -> u64;
}

impl Cell for i32 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        c as u32 as i32
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        u64::from(self as u32)
    }
}

impl Cell for i64 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        c as i64
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        self as u64
    }
}

impl Cell for f32 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        f32::from_bits(c as u32)
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        u64::from(self.to_bits())
    }
}

impl Cell for f64 {
    #[inline(always)]
    fn from_cell(c: u64) -> Self {
        f64::from_bits(c)
    }
    #[inline(always)]
    fn to_cell(self) -> u64 {
        self.to_bits()
    }
}

/// A numeric result, trapping or not.
pub(super) trait Outcome<T> {
    fn outcome(self) -> Result<T, TrapCode>;
}

macro_rules! outcomes {
    ($($t:ty),*) => {$(
        impl Outcome<$t> for $t {
            #[inline(always)]
            fn outcome(self) -> Result<$t, TrapCode> {
                Ok(self)
            }
        }
        impl Outcome<$t> for Result<$t, TrapCode> {
            #[inline(always)]
            fn outcome(self) -> Result<$t, TrapCode> {
                self
            }
        }
    )*};
}
outcomes!(i32, i64, f32, f64);

/// The effective address of an access of `size` bytes, if it is inside `len` bytes.
#[inline(always)]
pub(super) fn effective(
    addr: u64,
    offset: u32,
    size: usize,
    len: usize,
) -> Result<usize, TrapCode> {
    let ea = (addr as u32 as u64) + u64::from(offset);
    if ea + size as u64 > len as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    Ok(ea as usize)
}

/// The effective address of an access of `size` bytes at `addr` + `offset` (64-bit
/// address arithmetic, for the ops that may access any memory), if it is inside `len`
/// bytes. No sum can wrap: an overflow is out of bounds.
#[inline(always)]
pub(super) fn effective_wide(
    addr: u64,
    offset: u64,
    size: usize,
    len: usize,
) -> Result<usize, TrapCode> {
    match addr.checked_add(offset) {
        Some(ea) if ea <= len as u64 && size as u64 <= len as u64 - ea => Ok(ea as usize),
        _ => Err(TrapCode::MemoryOutOfBounds),
    }
}
