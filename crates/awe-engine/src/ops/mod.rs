//! The register bytecode the interpreter executes.
//!
//! A frame is an array of 64-bit cells: parameters, then locals, then temporaries for
//! the operand stack. An op names the cells it reads and writes, so `local.get`,
//! constants and most moves produce no op at all. Branch offsets are relative to the
//! branching op. Every op is a row of the op table (`ops/table.rs`), which this module and
//! the interpreter expand.

pub(crate) mod table;

/// A frame cell index.
pub type Reg = u16;

/// A frame cell an op writes its one result to. A field of this type is the op's
/// destination: the translator may retarget it (a result followed by `local.set`
/// is written straight to the local).
pub type Dst = Reg;

/// A branch offset, relative to the branching op. A field of this type makes an op a
/// branch: the translator patches it, threads it and checks that it lands in the code.
pub type Jump = i32;

/// A memory of the running instance, as the ops that may access any memory name it: its
/// index (below [`MAX_MEMORIES`]), with [`WIDE`] set when its addresses are 64-bit.
/// (Memory 0 with 32-bit addresses has ops of its own, which name no memory.)
pub type MemSel = u16;

/// The bit of a [`MemSel`] that says the memory's addresses are 64-bit (memory64).
pub const WIDE: MemSel = 0x8000;

/// The most memories a module may have for the interpreter to run it (the indices a
/// [`MemSel`] holds); validation has no such limit.
pub const MAX_MEMORIES: usize = WIDE as usize;

/// The most cells a frame may have.
pub const MAX_REGS: usize = Reg::MAX as usize;

/// The pattern for field `$f` of type `$t` when looking for a field of type `$want`:
/// the field itself if its type is `$want`, else `_`.
macro_rules! field_pat {
    (Jump, Jump, $f:ident) => {
        $f
    };
    (Dst, Dst, $f:ident) => {
        $f
    };
    ($want:ident, $t:ident, $f:ident) => {
        _
    };
}

/// `Some` of field `$f` if its type `$t` is `$want`, else `None`.
macro_rules! field_some {
    (Jump, Jump, $f:ident) => {
        Some($f)
    };
    (Dst, Dst, $f:ident) => {
        Some($f)
    };
    ($want:ident, $t:ident, $f:ident) => {
        None
    };
}

macro_rules! define_ops {
    (
        [$($state:ident),*]
        prelude $prelude:tt
        helpers $helpers:tt
        ops {
            $(
                $(#[$meta:meta])*
                $name:ident { $($f:ident : $t:ident),* }
                $(lowers $access:ident ($($lowers:ident),*))?
                $(imm_of $imm:ident)?
                => $($kind:ident)? $body:block
            )*
        }
        inverses { $( $x:ident $y:ident { $($xf:ident),* }, )* }
        unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
        binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
        simd { $( $vn:ident $vf:ident $vt:literal [$vop:literal $($vsub:literal)?] $({ $($vfield:ident : $vty:ty),* })? => $vcl:ident $(($($vargs:tt)*))?; )* }
    ) => {
        /// One instruction of the register bytecode (a row of the op table, `ops/table.rs`).
        ///
        /// `#[repr(u16)]`: every variant starts with a `u16` tag, numbered in declaration
        /// order from 0, which the interpreter reads to find the op's handler.
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[allow(missing_docs)]
        #[repr(u16)]
        pub enum Op {
            $( $(#[$meta])* $name { $($f: $t),* }, )*
            $( $un { d: Dst, a: Reg }, )*
            $( $bn { d: Dst, a: Reg, b: Reg }, )*
            $( $vn { d: Dst, a: Reg, b: Reg, c: Reg, lane: u16 }, )*
        }

        impl Op {
            /// Whether the op branches (has a field of type [`Jump`]): a look-up by its
            /// tag, cheap enough for a pass over all the code.
            #[inline(always)]
            pub fn is_branch(&self) -> bool {
                /// Whether each variant branches, by tag.
                const BRANCHES: &[bool] = &[
                    $( false $( || is_jump!($t) )*, )*
                    $( { let _ = stringify!($un); false }, )*
                    $( { let _ = stringify!($bn); false }, )*
                    $( { let _ = stringify!($vn); false }, )*
                ];
                BRANCHES[self.tag()]
            }

            /// The branch offset of a branching op (its field of type [`Jump`]), to patch it.
            #[inline]
            pub fn branch_offset_mut(&mut self) -> Option<&mut Jump> {
                if !self.is_branch() {
                    return None;
                }
                self.jump_field()
            }

            /// [`Self::branch_offset_mut`] of any op.
            fn jump_field(&mut self) -> Option<&mut Jump> {
                match self {
                    $( Op::$name { $($f: field_pat!(Jump, $t, $f)),* } => {
                        None $( .or(field_some!(Jump, $t, $f)) )*
                    } )*
                    $( Op::$un { .. } => None, )*
                    $( Op::$bn { .. } => None, )*
                    $( Op::$vn { .. } => None, )*
                }
            }

            /// The branch offset of a branching op.
            #[inline]
            pub fn branch_offset(&self) -> Option<Jump> {
                if !self.is_branch() {
                    return None;
                }
                let mut op = *self;
                op.branch_offset_mut().map(|o| *o)
            }

            /// The cell an op writes its one result to (its field of type [`Dst`]), to
            /// retarget it.
            pub fn dest_mut(&mut self) -> Option<&mut Dst> {
                match self {
                    $( Op::$name { $($f: field_pat!(Dst, $t, $f)),* } => {
                        None $( .or(field_some!(Dst, $t, $f)) )*
                    } )*
                    $( Op::$un { d, .. } => Some(d), )*
                    $( Op::$bn { d, .. } => Some(d), )*
                    $( Op::$vn { d, .. } => Some(d), )*
                }
            }

            /// Calls `visit` with every cell the op names (its fields of type [`Reg`] and
            /// [`Dst`]), to renumber them.
            pub fn for_each_cell_mut(&mut self, mut visit: impl FnMut(&mut Reg)) {
                match self {
                    $( Op::$name { $($f),* } => { $( cell_field!($t, $f, visit); )* } )*
                    $( Op::$un { d, a } => { visit(d); visit(a); } )*
                    $( Op::$bn { d, a, b } => { visit(d); visit(a); visit(b); } )*
                    $( Op::$vn { d, a, b, c, .. } => { visit(d); visit(a); visit(b); visit(c); } )*
                }
            }

            /// The cell an op writes its one result to.
            pub fn dest(&self) -> Option<Dst> {
                let mut op = *self;
                op.dest_mut().map(|d| *d)
            }

            /// The branch taken exactly when this one is not, with the same operands and
            /// offset; `None` if this is not a conditional branch.
            pub fn inverse_branch(self) -> Option<Op> {
                Some(match self {
                    $(
                        Op::$x { $($xf),* } => Op::$y { $($xf),* },
                        Op::$y { $($xf),* } => Op::$x { $($xf),* },
                    )*
                    _ => return None,
                })
            }

            /// Whether the op's handler leaves the threaded code (a row of kind `exit`: it
            /// traps or returns to the interpreter's slow path), ending the chain of
            /// handlers.
            pub const fn leaves_threaded_code(&self) -> bool {
                match self {
                    $( Op::$name { .. } => is_exit!($($kind)?), )*
                    $( Op::$un { .. } => false, )*
                    $( Op::$bn { .. } => false, )*
                    $( Op::$vn { .. } => false, )*
                }
            }

            /// Appends the op's encoding to `out`: its tag, then its fields in the
            /// order of the op table, each little-endian (the form of precompiled code).
            pub fn write(&self, out: &mut Vec<u8>) {
                Field::put(self.tag() as u16, out);
                match *self {
                    $( Op::$name { $($f),* } => { $( Field::put($f, out); )* } )*
                    $( Op::$un { d, a } => { Field::put(d, out); Field::put(a, out); } )*
                    $( Op::$bn { d, a, b } => {
                        Field::put(d, out);
                        Field::put(a, out);
                        Field::put(b, out);
                    } )*
                    $( Op::$vn { d, a, b, c, lane } => {
                        Field::put(d, out);
                        Field::put(a, out);
                        Field::put(b, out);
                        Field::put(c, out);
                        Field::put(lane, out);
                    } )*
                }
            }

            /// Reads an op written by [`Op::write`] from the front of `input`, which it
            /// advances; `None` if the bytes are not an op.
            pub fn read(input: &mut &[u8]) -> Option<Op> {
                /// The reader of each variant, by tag.
                const READERS: &[fn(&mut &[u8]) -> Option<Op>] = &[
                    $( |r| {
                        let _ = &r;
                        Some(Op::$name { $($f: Field::get(r)?),* })
                    }, )*
                    $( |r| Some(Op::$un { d: Field::get(r)?, a: Field::get(r)? }), )*
                    $( |r| Some(Op::$bn {
                        d: Field::get(r)?,
                        a: Field::get(r)?,
                        b: Field::get(r)?,
                    }), )*
                    $( |r| Some(Op::$vn {
                        d: Field::get(r)?,
                        a: Field::get(r)?,
                        b: Field::get(r)?,
                        c: Field::get(r)?,
                        lane: Field::get(r)?,
                    }), )*
                ];
                let tag: u16 = Field::get(input)?;
                READERS.get(usize::from(tag))?(input)
            }

            /// The op table's layout (every variant's name, fields and their types, in
            /// order), which precompiled code must have been made with.
            pub const LAYOUT: &'static str = concat!(
                $( stringify!($name), "{", $( stringify!($f), ":", stringify!($t), "," ,)* "}", )*
                $( stringify!($un), "{d:Dst,a:Reg,}", )*
                $( stringify!($bn), "{d:Dst,a:Reg,b:Reg,}", )*
                $( stringify!($vn), "{d:Dst,a:Reg,b:Reg,c:Reg,lane:u16,}", )*
            );
        }
    };
}

/// A field type of ops: how it is written in precompiled code (little-endian).
trait Field: Sized {
    fn put(self, out: &mut Vec<u8>);
    fn get(input: &mut &[u8]) -> Option<Self>;
}

macro_rules! field_types {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }

            fn get(input: &mut &[u8]) -> Option<Self> {
                let (bytes, rest) = input.split_first_chunk()?;
                *input = rest;
                Some(<$t>::from_le_bytes(*bytes))
            }
        }
    )*};
}

field_types!(u8, u16, i16, u32, i32, u64);

/// Visits field `$f` of type `$t` with `$visit` if it names a cell.
macro_rules! cell_field {
    (Reg, $f:ident, $visit:ident) => {
        $visit($f)
    };
    (Dst, $f:ident, $visit:ident) => {
        $visit($f)
    };
    ($t:ident, $f:ident, $visit:ident) => {
        let _ = $f;
    };
}

/// Whether a field of type `$t` makes an op a branch.
macro_rules! is_jump {
    (Jump) => {
        true
    };
    ($t:ident) => {
        false
    };
}

/// Whether a row's kind is `exit`.
macro_rules! is_exit {
    (exit) => {
        true
    };
    ($($kind:ident)?) => {
        false
    };
}

crate::ops::table::for_each_op!(define_ops);

// Ops stay small: code is a vector of them.
const _: () = assert!(std::mem::size_of::<Op>() <= 16);
