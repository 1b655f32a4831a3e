//! Typed indices ([spec §2.5.1](https://webassembly.github.io/spec/core/syntax/modules.html#indices)).
//!
//! Each index space has its own type so that a function index cannot be used where a
//! global index is expected. In every space that can be imported, imported items are
//! numbered first, followed by the items the module defines.

use std::fmt;

macro_rules! define_indices {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index as a `usize`, for indexing a vector.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl From<u32> for $name {
            #[inline]
            fn from(i: u32) -> Self {
                $name(i)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    )*};
}

define_indices! {
    /// Index into the type section.
    TypeIdx;
    /// Index into the function space (imported functions first).
    FuncIdx;
    /// Index into the table space (imported tables first).
    TableIdx;
    /// Index into the memory space (imported memories first).
    MemIdx;
    /// Index into the global space (imported globals first).
    GlobalIdx;
    /// Index into the tag space (imported tags first).
    TagIdx;
    /// Index of an element segment.
    ElemIdx;
    /// Index of a data segment.
    DataIdx;
    /// Index of a local: parameters first, then declared locals.
    LocalIdx;
    /// Relative depth of an enclosing block, loop or if (0 is the innermost).
    LabelIdx;
    /// Index of a field of a struct type.
    FieldIdx;
}
