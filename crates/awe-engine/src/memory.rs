//! Linear memory: the bytes of a wasm memory at a base address that never moves.
//!
//! On unix, a memory reserves address space for its maximum size at once (no access,
//! `MAP_NORESERVE`: nothing is committed) and makes pages accessible as it grows
//! (`mprotect`); the OS then commits a zero page on the first touch of each. So a
//! `memory.grow` costs what the program touches, not the size it asks for, and the
//! interpreter's base pointer stays valid across growth. Elsewhere a `Vec` holds the
//! bytes (zero-filled on growth; its base may move, which the interpreter allows for by
//! reloading the pointer after anything that can grow a memory).

use std::fmt;
use std::ops::{Deref, DerefMut};

/// The bytes of one linear memory (see the module documentation). Dereferences to the
/// accessible bytes: `len()` is the memory's current size.
pub struct LinearMemory {
    imp: imp::Bytes,
}

impl LinearMemory {
    /// A memory of `initial` bytes (zeros) that may grow up to `maximum` bytes.
    pub fn new(initial: usize, maximum: usize) -> Result<Self, String> {
        imp::Bytes::new(initial, maximum.max(initial))
            .map(|imp| LinearMemory { imp })
            .ok_or_else(|| format!("cannot allocate a memory of {initial} bytes"))
    }

    /// Grows to `new_len` bytes (the new ones zero); `false`, and no change, if it
    /// cannot (over the maximum given to [`LinearMemory::new`], or out of memory).
    pub fn grow_to(&mut self, new_len: usize) -> bool {
        new_len >= self.len() && self.imp.grow_to(new_len)
    }

    /// The most bytes the memory can grow to without moving.
    pub fn reserved(&self) -> usize {
        self.imp.reserved()
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        self.imp.as_slice()
    }

    /// The address of the first byte, for the interpreter, which reads and writes
    /// through it (`len()` bytes from it are the memory's). Taking it makes no reference
    /// to the bytes, so an address taken earlier stays usable: the interpreter may hold
    /// two of one memory (imported as two).
    #[inline(always)]
    pub fn base_ptr(&mut self) -> *mut u8 {
        self.imp.base_ptr()
    }

    /// The bytes, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        self.imp.as_mut_slice()
    }
}

impl Deref for LinearMemory {
    type Target = [u8];
    #[inline(always)]
    fn deref(&self) -> &[u8] {
        self.imp.as_slice()
    }
}

impl DerefMut for LinearMemory {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [u8] {
        self.imp.as_mut_slice()
    }
}

impl fmt::Debug for LinearMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinearMemory")
            .field("len", &self.len())
            .field("reserved", &self.reserved())
            .finish()
    }
}

/// A reservation of address space, made accessible from its start as it grows. (Not
/// under Miri, which has no `mprotect`: there the `Vec` below stands in.)
#[cfg(all(unix, not(miri)))]
#[allow(unsafe_code)]
mod imp {
    use rustix::mm::{MapFlags, MprotectFlags, ProtFlags};
    use std::ffi::c_void;
    use std::ptr::NonNull;

    pub(super) struct Bytes {
        /// The start of the reservation (dangling when `reserved` is 0).
        base: NonNull<u8>,
        /// Accessible bytes from `base` (read and write, zero until written).
        len: usize,
        /// Bytes mapped from `base`, inaccessible past `len`.
        reserved: usize,
    }

    // SAFETY: `Bytes` owns its mapping alone (no other handle to it exists), as a
    // `Vec<u8>` owns its buffer; `&Bytes` only gives `&[u8]`, mutation needs `&mut`.
    unsafe impl Send for Bytes {}
    // SAFETY: as above: shared references only read.
    unsafe impl Sync for Bytes {}

    /// The OS page size.
    fn page_size() -> usize {
        rustix::param::page_size()
    }

    fn round_up(n: usize, to: usize) -> Option<usize> {
        n.checked_next_multiple_of(to)
    }

    /// Maps `len` bytes of inaccessible, uncommitted address space.
    fn reserve(len: usize) -> Option<NonNull<u8>> {
        let flags = MapFlags::PRIVATE;
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let flags = flags | MapFlags::NORESERVE;
        // SAFETY: a new anonymous mapping at an address the OS chooses: it aliases
        // nothing of this process.
        let p = unsafe {
            rustix::mm::mmap_anonymous(std::ptr::null_mut(), len, ProtFlags::empty(), flags)
        }
        .ok()?;
        NonNull::new(p.cast::<u8>())
    }

    impl Bytes {
        pub(super) fn new(initial: usize, maximum: usize) -> Option<Bytes> {
            let page = page_size();
            let maximum = round_up(maximum, page)?;
            let initial_mapped = round_up(initial, page)?;
            let mut b = Bytes {
                base: NonNull::dangling(),
                len: 0,
                reserved: 0,
            };
            if maximum == 0 {
                return Some(b);
            }
            // The whole maximum if the address space allows it, else the initial size
            // alone (the memory then cannot grow).
            let (base, reserved) = match reserve(maximum) {
                Some(p) => (p, maximum),
                None if initial_mapped == 0 => return Some(b),
                None if initial_mapped < maximum => (reserve(initial_mapped)?, initial_mapped),
                None => return None,
            };
            b.base = base;
            b.reserved = reserved;
            b.grow_to(initial).then_some(b)
        }

        pub(super) fn grow_to(&mut self, new_len: usize) -> bool {
            if new_len > self.reserved {
                return false;
            }
            let page = page_size();
            // Pages already accessible: `len` rounded up (grown memories are whole wasm
            // pages, multiples of the OS page, but `new` may be given any size).
            let done = self.len.next_multiple_of(page);
            let Some(end) = round_up(new_len, page) else {
                return false;
            };
            if end > done {
                // SAFETY: `[base + done, base + end)` lies within the reservation
                // (`end <= reserved`, as `reserved` is a multiple of the page size), which
                // this value owns; making it readable and writable changes no byte, and
                // its bytes are zero (never written, as memories never shrink).
                let r = unsafe {
                    rustix::mm::mprotect(
                        self.base.as_ptr().add(done).cast::<c_void>(),
                        end - done,
                        MprotectFlags::READ | MprotectFlags::WRITE,
                    )
                };
                if r.is_err() {
                    return false;
                }
            }
            self.len = new_len;
            true
        }

        pub(super) fn reserved(&self) -> usize {
            self.reserved
        }

        #[inline(always)]
        pub(super) fn as_slice(&self) -> &[u8] {
            // SAFETY: the first `len` bytes from `base` are mapped readable and writable
            // and owned by `self` (or `len` is 0 and `base` is dangling, which a slice
            // allows); the borrow of `self` keeps them mapped.
            unsafe { std::slice::from_raw_parts(self.base.as_ptr(), self.len) }
        }

        /// The start of the bytes, made without a reference to them (so that pointers
        /// taken before stay usable, as the interpreter's to the same memory).
        #[inline(always)]
        pub(super) fn base_ptr(&mut self) -> *mut u8 {
            self.base.as_ptr()
        }

        #[inline(always)]
        pub(super) fn as_mut_slice(&mut self) -> &mut [u8] {
            // SAFETY: as in `as_slice`, and `&mut self` makes this the only reference.
            unsafe { std::slice::from_raw_parts_mut(self.base.as_ptr(), self.len) }
        }
    }

    impl Drop for Bytes {
        fn drop(&mut self) {
            if self.reserved > 0 {
                // SAFETY: `[base, base + reserved)` is the mapping this value made and
                // owns; nothing borrows it any more.
                let _ = unsafe {
                    rustix::mm::munmap(self.base.as_ptr().cast::<c_void>(), self.reserved)
                };
            }
        }
    }
}

/// A `Vec`, zero-filled on growth (targets without `mmap`).
#[cfg(any(not(unix), miri))]
mod imp {
    pub(super) struct Bytes {
        data: Vec<u8>,
        maximum: usize,
    }

    impl Bytes {
        pub(super) fn new(initial: usize, maximum: usize) -> Option<Bytes> {
            let mut b = Bytes {
                data: Vec::new(),
                maximum,
            };
            b.grow_to(initial).then_some(b)
        }

        pub(super) fn grow_to(&mut self, new_len: usize) -> bool {
            if new_len > self.maximum
                || self
                    .data
                    .try_reserve_exact(new_len - self.data.len())
                    .is_err()
            {
                return false;
            }
            self.data.resize(new_len, 0);
            true
        }

        pub(super) fn reserved(&self) -> usize {
            self.data.capacity()
        }

        #[inline(always)]
        pub(super) fn as_slice(&self) -> &[u8] {
            &self.data
        }

        /// See the other `base_ptr` (`Vec::as_mut_ptr` makes no reference to the bytes).
        #[inline(always)]
        pub(super) fn base_ptr(&mut self) -> *mut u8 {
            self.data.as_mut_ptr()
        }

        #[inline(always)]
        pub(super) fn as_mut_slice(&mut self) -> &mut [u8] {
            &mut self.data
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LinearMemory;

    #[test]
    fn grows_within_its_maximum_keeping_bytes_and_base() {
        let mut m = LinearMemory::new(65536, 4 * 65536).unwrap();
        assert_eq!(m.len(), 65536);
        assert!(m.iter().all(|&b| b == 0));
        m[65535] = 7;
        let base = m.as_ptr();
        assert!(m.grow_to(3 * 65536));
        assert_eq!(m.len(), 3 * 65536);
        assert_eq!(m[65535], 7);
        assert!(m[65536..].iter().all(|&b| b == 0));
        m[3 * 65536 - 1] = 9;
        #[cfg(all(unix, not(miri)))]
        assert_eq!(m.as_ptr(), base, "the base moved");
        let _ = base;
        assert!(!m.grow_to(5 * 65536), "over the maximum");
        assert!(!m.grow_to(65536), "a memory never shrinks");
        assert_eq!(m.len(), 3 * 65536);
        assert!(m.grow_to(4 * 65536));
    }

    #[test]
    fn an_empty_memory_is_an_empty_slice() {
        let mut m = LinearMemory::new(0, 0).unwrap();
        assert!(m.is_empty());
        assert!(!m.grow_to(1));
        assert!(m.grow_to(0));
        let mut n = LinearMemory::new(0, 65536).unwrap();
        assert!(n.is_empty());
        assert!(n.grow_to(65536));
        assert_eq!(n.as_mut_slice().len(), 65536);
    }
}
