//! How much native stack the running thread has left: what bounds nested interpreter
//! entries (wasm → host → wasm → ...), which, unlike wasm-to-wasm calls, recurse on the
//! native stack.
//!
//! The lowest usable address of the thread's stack is read from the thread library once
//! per thread (`pthread_getattr_np` on Linux, `pthread_get_stackaddr_np` on macOS) and
//! cached; the stack pointer is approximated by the address of a local. Elsewhere the
//! bound is unknown and only the call depth limit applies.

use std::cell::Cell;

thread_local! {
    /// The lowest usable address of this thread's stack: 0 before it was read,
    /// `usize::MAX` when it cannot be known.
    static LOW: Cell<usize> = const { Cell::new(0) };
}

/// An approximation of the stack pointer: the address of a local of this (never inlined)
/// function.
#[inline(never)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Bytes of native stack left below the caller, or `None` if the thread's stack bounds
/// are unknown.
pub fn remaining() -> Option<usize> {
    Some(stack_pointer().saturating_sub(low()?))
}

/// The lowest usable address of this thread's stack, if known (read once per thread).
pub fn low() -> Option<usize> {
    let mut low = LOW.with(Cell::get);
    if low == 0 {
        low = stack_low().unwrap_or(usize::MAX);
        LOW.with(|l| l.set(low));
    }
    (low != usize::MAX).then_some(low)
}

/// An approximation of the caller's stack pointer.
pub fn approximate_pointer() -> usize {
    stack_pointer()
}

/// The lowest usable address of the calling thread's stack (the guard page excluded).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[allow(unsafe_code)]
fn stack_low() -> Option<usize> {
    // Miri runs no foreign thread library: there only the call depth bounds entries.
    if cfg!(miri) {
        return None;
    }
    let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
    // SAFETY: `pthread_getattr_np` initializes `attr` for the calling thread (checked by
    // its return value) before anything reads it; `pthread_attr_getstack` only writes
    // the two out-parameters; `attr` is destroyed once, after its last use.
    unsafe {
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let r = libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size);
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        (r == 0 && !addr.is_null()).then_some(addr as usize)
    }
}

/// The lowest address of the calling thread's stack.
#[cfg(target_os = "macos")]
#[allow(unsafe_code)]
fn stack_low() -> Option<usize> {
    if cfg!(miri) {
        return None;
    }
    // SAFETY: both functions only read the calling thread's own descriptor.
    let (top, size) = unsafe {
        let me = libc::pthread_self();
        (
            libc::pthread_get_stackaddr_np(me) as usize,
            libc::pthread_get_stacksize_np(me),
        )
    };
    top.checked_sub(size).filter(|&low| low != 0)
}

/// Unknown on other targets.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn stack_low() -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_thread_knows_its_stack() {
        let left = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(super::remaining)
            .unwrap()
            .join()
            .unwrap();
        #[cfg(all(
            any(target_os = "linux", target_os = "android", target_os = "macos"),
            not(miri)
        ))]
        {
            let left = left.expect("known on this target");
            // The thread library may give the thread the cached stack of an ended one,
            // up to four times the size asked for (glibc).
            assert!(left > 512 << 10 && left <= 4 << 20, "{left}");
        }
        #[cfg(any(
            not(any(target_os = "linux", target_os = "android", target_os = "macos")),
            miri
        ))]
        assert_eq!(left, None);
    }
}
