//! The references to GC objects the host holds: roots of every collection for as long as
//! the host may use them, and no longer.
//!
//! Two kinds, as wasmtime's `Rooted` and `ManuallyRooted` (the embedding API's
//! `RootScope` and `ManuallyRooted` are made of them):
//! - *scoped* roots, a stack: each reference the host is handed pushes one, and leaving a
//!   scope (a host function's return, the end of an embedder's `RootScope`) pops those
//!   pushed since it began;
//! - *manual* roots, in slots, each kept until the host releases it.
//!
//! Every root has a generation, unique in its runtime, which the host's handle keeps: a
//! handle whose root was popped or released no longer matches its slot (whatever was
//! pushed there since), so using it is an error, never a reference to a freed or reused
//! object.

use std::num::NonZeroU64;

/// A root the host holds: which slot, of which kind, and its generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RootId {
    index: u32,
    manual: bool,
    generation: NonZeroU64,
}

/// The host's roots (see the module's documentation).
#[derive(Debug, Default)]
pub(crate) struct HostRoots {
    /// Scoped roots, innermost last: a cell and its generation.
    scoped: Vec<(u64, NonZeroU64)>,
    /// Manual roots: a cell and its generation, or `None` for a free slot (in `free`).
    manual: Vec<Option<(u64, NonZeroU64)>>,
    /// The free slots of `manual`.
    free: Vec<u32>,
    /// Generations given so far.
    generations: u64,
}

impl HostRoots {
    fn next_generation(&mut self) -> NonZeroU64 {
        self.generations += 1;
        NonZeroU64::MIN.saturating_add(self.generations)
    }

    /// A new scoped root of `cell`.
    pub(crate) fn push(&mut self, cell: u64) -> RootId {
        let generation = self.next_generation();
        self.scoped.push((cell, generation));
        RootId {
            index: (self.scoped.len() - 1) as u32,
            manual: false,
            generation,
        }
    }

    /// A new manual root of `cell`.
    pub(crate) fn push_manual(&mut self, cell: u64) -> RootId {
        let generation = self.next_generation();
        let index = match self.free.pop() {
            Some(i) => {
                self.manual[i as usize] = Some((cell, generation));
                i
            }
            None => {
                self.manual.push(Some((cell, generation)));
                (self.manual.len() - 1) as u32
            }
        };
        RootId {
            index,
            manual: true,
            generation,
        }
    }

    /// Releases manual root `id` (nothing if it is no live manual root).
    pub(crate) fn release(&mut self, id: RootId) {
        if id.manual && self.cell(id).is_some() {
            self.manual[id.index as usize] = None;
            self.free.push(id.index);
        }
    }

    /// The cell of root `id`, if it is still held.
    pub(crate) fn cell(&self, id: RootId) -> Option<u64> {
        let slot = if id.manual {
            self.manual.get(id.index as usize).copied().flatten()
        } else {
            self.scoped.get(id.index as usize).copied()
        };
        slot.filter(|&(_, g)| g == id.generation).map(|(c, _)| c)
    }

    /// The number of scoped roots: what [`HostRoots::pop_to`] returns to.
    pub(crate) fn scope(&self) -> usize {
        self.scoped.len()
    }

    /// Pops the scoped roots pushed since [`HostRoots::scope`] returned `mark`.
    pub(crate) fn pop_to(&mut self, mark: usize) {
        self.scoped.truncate(mark);
    }

    /// Every cell held.
    pub(crate) fn cells(&self) -> impl Iterator<Item = u64> + '_ {
        let scoped = self.scoped.iter().map(|&(c, _)| c);
        scoped.chain(self.manual.iter().flatten().map(|&(c, _)| c))
    }

    /// How many roots are held.
    pub(crate) fn len(&self) -> usize {
        self.scoped.len() + self.manual.len() - self.free.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_popped_root_stays_dead_when_its_slot_is_reused() {
        let mut r = HostRoots::default();
        let outer = r.push(8);
        let mark = r.scope();
        let inner = r.push(12);
        assert_eq!(r.cell(inner), Some(12));
        r.pop_to(mark);
        assert_eq!(r.cell(inner), None);
        let again = r.push(12);
        assert_eq!(
            r.cell(inner),
            None,
            "same slot, same cell, a new generation"
        );
        assert_eq!(r.cell(again), Some(12));
        assert_eq!(r.cell(outer), Some(8));
        assert_eq!(r.cells().collect::<Vec<_>>(), [8, 12]);
    }

    #[test]
    fn a_released_manual_root_stays_dead_when_its_slot_is_reused() {
        let mut r = HostRoots::default();
        let a = r.push_manual(16);
        r.pop_to(0);
        assert_eq!(r.cell(a), Some(16), "scopes do not release manual roots");
        r.release(a);
        assert_eq!(r.cell(a), None);
        let b = r.push_manual(16);
        assert_eq!(r.cell(a), None);
        r.release(a);
        assert_eq!(
            r.cell(b),
            Some(16),
            "releasing a dead root releases nothing"
        );
        assert_eq!(r.len(), 1);
    }
}
