//! Reading instructions without building [`Instr`]s: the decoder hands each instruction's
//! immediates straight to a [`VisitInstr`], one method per row of the instruction table
//! (the shape of wasmparser's operator visitor). The validator is such a visitor; the
//! decoder's own [`Instr`]s are made by another ([`BuildInstr`]).

use crate::error::{DecodeErrorKind as K, Result};
use crate::instr::{Immediate, is_prefix};
use crate::reader::Reader;
use awe_module::*;

macro_rules! define_visit {
    ($( $name:ident $fname:ident $text:literal [$op:literal $($sub:literal)?]
        $({ $($field:ident : $ty:ty),* })? => $class:ident $(($($arg:tt)*))?; )*) => {
        /// Takes instructions one at a time: a method per instruction of
        /// [`awe_module::for_each_instruction!`], named by the table's `fn_name` column,
        /// with the instruction's immediates by value in binary order.
        #[allow(missing_docs)]
        pub trait VisitInstr {
            /// What each method returns.
            type Output;
            /// Called with each instruction's byte offset in the binary (0 when unknown)
            /// before the instruction's method; nothing by default.
            #[inline(always)]
            fn before_instr(&mut self, _offset: u32) {}
            $( fn $fname(&mut self $($(, $field: $ty)*)?) -> Self::Output; )*
        }

        /// Reads the immediates of the instruction whose opcode byte (and sub-opcode, 0
        /// when there is no prefix) has just been read and hands it to `v`; `at` is the
        /// offset of the opcode.
        #[inline(always)]
        pub(crate) fn visit_after_opcode<V: VisitInstr>(
            r: &mut Reader<'_>,
            byte: u8,
            sub: u32,
            at: usize,
            v: &mut V,
        ) -> Result<V::Output> {
            Ok(match (byte, sub) {
                $( ($op, opcode_sub!($($sub)?)) => {
                    v.$fname($($( <$ty as Immediate>::decode(r)? ),*)?)
                } )*
                _ => {
                    let opcode = Opcode {
                        byte,
                        sub: if is_prefix(byte) { Some(sub) } else { None },
                    };
                    return r.error(K::IllegalOpcode(opcode), at);
                }
            })
        }

        /// Hands an instruction already decoded to `v` (its immediates cloned).
        pub fn visit_instr<V: VisitInstr>(instr: &Instr, v: &mut V) -> V::Output {
            match instr {
                $( Instr::$name $({ $($field),* })? => {
                    v.$fname($($( Clone::clone($field) ),*)?)
                } )*
            }
        }

        /// The visitor that makes each instruction an [`Instr`].
        pub(crate) struct BuildInstr;

        impl VisitInstr for BuildInstr {
            type Output = Instr;
            $(
                #[inline(always)]
                fn $fname(&mut self $($(, $field: $ty)*)?) -> Instr {
                    Instr::$name $({ $($field),* })?
                }
            )*
        }
    };
}

macro_rules! opcode_sub {
    () => {
        0
    };
    ($sub:literal) => {
        $sub
    };
}

awe_module::for_each_instruction!(define_visit);
