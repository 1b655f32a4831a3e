//! Exception handling (WebAssembly 3.0): [`Tag`]s, which identify exceptions, and
//! [`ExnRef`]s, references to exceptions, as wasmtime has them. A host function throws
//! by returning [`Error::Exception`](crate::Error::Exception); an exception no handler
//! catches reaches the embedder as that error, whose [`ExnRef`] tells the tag and the
//! payload.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, SEAL, inner_of, try_inner_of_mut};
use crate::values::{FuncType, Val};
use awe_engine::{ExnAddr, TagAddr};

/// A tag: the identity of the exceptions thrown with it, and the types of their payload
/// (its type's parameters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    pub(crate) store: u64,
    pub(crate) addr: TagAddr,
}

impl Tag {
    /// A new tag of type `ty` (whose results must be empty), unlike every other tag.
    ///
    /// # Errors
    /// `Error::Usage` if `ty` has results.
    pub fn new(mut store: impl AsContextMut, ty: &FuncType) -> Result<Tag> {
        if !ty.results.is_empty() {
            return Err(Error::usage("a tag's type has no results"));
        }
        let inner = store.store_inner_mut(SEAL);
        let addr = inner.rt.add_tag(ty.clone());
        Ok(Tag {
            store: inner.id,
            addr,
        })
    }

    /// The tag's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        inner_of(&store, self.store).rt.tag_type(self.addr).clone()
    }
}

/// A reference to an exception (`exnref`): a tag and a payload, kept as long as the
/// store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExnRef {
    pub(crate) store: u64,
    pub(crate) addr: ExnAddr,
}

impl ExnRef {
    /// A new exception of `tag` with `payload`, for a host function to throw
    /// (`Err(Error::Exception(exn))`).
    ///
    /// # Errors
    /// `Error::Usage` if the payload does not match the tag's parameters, or the tag or
    /// a reference in the payload belongs to another store.
    pub fn new(mut store: impl AsContextMut, tag: &Tag, payload: &[Val]) -> Result<ExnRef> {
        let inner = try_inner_of_mut(&mut store, tag.store)?;
        let ty = inner.rt.tag_type(tag.addr);
        if payload.len() != ty.params.len()
            || payload
                .iter()
                .zip(&ty.params)
                .any(|(v, t)| !v.matches(*t, &inner.rt))
        {
            return Err(Error::usage("the payload does not match the tag's type"));
        }
        let mut cells = Vec::with_capacity(payload.len());
        for v in payload {
            v.push_cells(crate::values::Cx::of(inner), &mut cells)?;
        }
        let addr = inner.rt.new_referenced_exception(tag.addr, &cells);
        Ok(ExnRef {
            store: inner.id,
            addr,
        })
    }

    /// The exception's tag.
    pub fn tag(&self, store: impl AsContext) -> Tag {
        let inner = inner_of(&store, self.store);
        let (tag, _) = inner
            .rt
            .exception(self.addr)
            .expect("an exception referenced is kept");
        Tag {
            store: self.store,
            addr: tag,
        }
    }

    /// The exception's payload, the values it was thrown with.
    pub fn payload(&self, store: impl AsContext) -> Vec<Val> {
        let inner = inner_of(&store, self.store);
        let (tag, cells) = inner
            .rt
            .exception(self.addr)
            .expect("an exception referenced is kept");
        let ty = inner.rt.tag_type(tag);
        Val::from_cells(cells, &ty.params, crate::values::Cx::of(inner))
    }
}
