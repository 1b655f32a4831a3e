//! Executable memory: machine code copied into a fresh anonymous mapping while it is
//! read-write, then made read-and-execute (never writable and executable at once), and
//! unmapped when dropped. Also where compiled code becomes a [`NativeFunc`].
#![allow(unsafe_code)]

use awe_engine::native::NativeFunc;
use std::sync::Arc;

/// Machine code in a mapping of its own, read-only and executable.
pub(crate) struct CodeMemory {
    ptr: *mut u8,
    /// The mapping's length (whole pages).
    len: usize,
}

// SAFETY: the mapping is owned by this value alone and never written after `new`
// returned (it is not writable), so sharing or moving it between threads is sound.
unsafe impl Send for CodeMemory {}
// SAFETY: as for `Send`: nothing in it can change.
unsafe impl Sync for CodeMemory {}

impl CodeMemory {
    /// `code` in executable memory.
    #[cfg(unix)]
    pub(crate) fn new(code: &[u8]) -> Result<CodeMemory, String> {
        use rustix::mm::{MapFlags, MprotectFlags, ProtFlags, mmap_anonymous, mprotect};
        let page = rustix::param::page_size();
        let len = code.len().max(1).div_ceil(page) * page;
        // SAFETY: a new private anonymous mapping wherever the kernel puts it: no memory
        // of this process changes.
        let ptr = unsafe {
            mmap_anonymous(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE,
            )
        }
        .map_err(|e| format!("mapping {len} bytes for code: {e}"))?;
        // Unmapped by `drop` from here on, whatever happens.
        let mem = CodeMemory {
            ptr: ptr.cast(),
            len,
        };
        // SAFETY: the mapping is `len >= code.len()` bytes, writable, and nothing else
        // refers to it; `code` is another object.
        unsafe { std::ptr::copy_nonoverlapping(code.as_ptr(), mem.ptr, code.len()) };
        // SAFETY: the range is exactly this value's own mapping, which no reference
        // points into (the copy is done).
        unsafe { mprotect(ptr, len, MprotectFlags::READ | MprotectFlags::EXEC) }
            .map_err(|e| format!("making code executable: {e}"))?;
        flush_instruction_cache(mem.ptr, code.len());
        Ok(mem)
    }

    /// Without a Unix `mmap`, no executable memory.
    #[cfg(not(unix))]
    pub(crate) fn new(_code: &[u8]) -> Result<CodeMemory, String> {
        Err("unsupported: executable memory on this host".into())
    }

    /// The code's first byte.
    pub(crate) fn as_ptr(&self) -> *const u8 {
        self.ptr
    }

    /// The mapping's length in bytes (whole pages).
    #[cfg(test)]
    pub(crate) fn mapped_len(&self) -> usize {
        self.len
    }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: the mapping is this value's own; the code in it cannot run any more,
        // since whatever could call it (a `NativeFunc`, a trampoline's user) keeps this
        // value alive through an `Arc` while it may.
        unsafe {
            let _ = rustix::mm::munmap(self.ptr.cast(), self.len);
        }
    }
}

/// After new code was written: the instruction cache is coherent with data on x86-64;
/// on aarch64 the lines are cleaned to the point of unification and invalidated.
#[cfg(target_arch = "aarch64")]
fn flush_instruction_cache(start: *const u8, len: usize) {
    let ctr: u64;
    // SAFETY: reading CTR_EL0 (the cache type register), which user space may read on
    // Linux and macOS, has no side effect.
    unsafe { std::arch::asm!("mrs {0}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
    let dline = 4usize << ((ctr >> 16) & 0xf);
    let iline = 4usize << (ctr & 0xf);
    let (begin, end) = (start as usize, start as usize + len);
    let mut at = begin & !(dline - 1);
    while at < end {
        // SAFETY: cleaning a data cache line of mapped memory changes no value.
        unsafe { std::arch::asm!("dc cvau, {0}", in(reg) at, options(nostack)) };
        at += dline;
    }
    // SAFETY: a barrier.
    unsafe { std::arch::asm!("dsb ish", options(nostack)) };
    let mut at = begin & !(iline - 1);
    while at < end {
        // SAFETY: invalidating an instruction cache line changes no value.
        unsafe { std::arch::asm!("ic ivau, {0}", in(reg) at, options(nostack)) };
        at += iline;
    }
    // SAFETY: barriers.
    unsafe { std::arch::asm!("dsb ish", "isb", options(nostack)) };
}

#[cfg(not(target_arch = "aarch64"))]
fn flush_instruction_cache(_start: *const u8, _len: usize) {}

/// What keeps a compiled function's code and its trampoline mapped.
struct Owner {
    _code: CodeMemory,
    _trampoline: Arc<CodeMemory>,
}

/// A compiled function: `code` (whose first byte is its entry, compiled by
/// `crate::translate` for its module) with `trampoline`, the array trampoline of its type
/// (`crate::trampoline`).
pub(crate) fn native_func(code: CodeMemory, trampoline: Arc<CodeMemory>) -> NativeFunc {
    let (call, tramp) = (code.as_ptr(), trampoline.as_ptr());
    let owner = Arc::new(Owner {
        _code: code,
        _trampoline: trampoline,
    });
    // SAFETY: `call` is the entry of code the translator made for the function by the
    // engine's native contract, `tramp` the array trampoline made for its type; both are
    // executable (`CodeMemory::new`) and stay mapped as long as `owner` lives.
    unsafe { NativeFunc::new(call, tramp, owner) }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The permissions of the mapping at `addr` in /proc/self/maps (`r-xp`, ...).
    fn permissions(addr: usize) -> Option<String> {
        let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
        maps.lines().find_map(|line| {
            let mut fields = line.split_whitespace();
            let (range, perms) = (fields.next()?, fields.next()?);
            let (lo, hi) = range.split_once('-')?;
            let (lo, hi) = (
                usize::from_str_radix(lo, 16).ok()?,
                usize::from_str_radix(hi, 16).ok()?,
            );
            (lo <= addr && addr < hi).then(|| perms.to_owned())
        })
    }

    #[test]
    fn code_is_executable_and_not_writable() {
        let code: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
        let mem = CodeMemory::new(&code).unwrap();
        let addr = mem.as_ptr() as usize;
        assert_eq!(permissions(addr).as_deref(), Some("r-xp"));
        assert_eq!(
            permissions(addr + mem.mapped_len() - 1).as_deref(),
            Some("r-xp")
        );
        // SAFETY: the mapping is readable and holds the copy.
        let copied = unsafe { std::slice::from_raw_parts(mem.as_ptr(), code.len()) };
        assert_eq!(copied, &code[..]);
        assert_eq!(mem.mapped_len() % rustix::param::page_size(), 0);
    }
}
