//! [`ResourceLimiter`]: the host decides how far a store's memories and tables grow
//! and how many instances, memories and tables it may have (wasmtime's shape).

use crate::error::Result;

/// Decides on a store's growth (installed with [`crate::Store::limiter`]). Every
/// growth within a memory's or table's own maximum and the store's configured limits
/// ([`crate::StoreLimits`]) asks it first.
pub trait ResourceLimiter: Send {
    /// A memory is about to grow from `current` to `desired` bytes (`maximum`: its own
    /// maximum in bytes); also asked, from 0, for each memory an instantiation creates.
    ///
    /// # Errors
    /// An error traps (`memory.grow`) or fails the API call. `Ok(false)` refuses
    /// quietly: `memory.grow` returns -1.
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;

    /// A table is about to grow from `current` to `desired` elements, as
    /// [`ResourceLimiter::memory_growing`].
    ///
    /// # Errors
    /// As [`ResourceLimiter::memory_growing`]'s.
    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool>;

    /// The most instances the store may have.
    fn instances(&self) -> usize {
        10_000
    }

    /// The most tables the store may have.
    fn tables(&self) -> usize {
        10_000
    }

    /// The most memories the store may have.
    fn memories(&self) -> usize {
        10_000
    }
}

/// How a store finds its limiter in its data.
pub(crate) type LimiterFn<T> =
    Box<dyn (FnMut(&mut T) -> &mut dyn ResourceLimiter) + Send + Sync + 'static>;
