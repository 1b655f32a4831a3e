//! The handlers, one per row of the op table (`crate::ops::table`).

use super::dispatch::{Exit, Handler, State, Zero, tag_of, trap_exit};
#[cfg(feature = "op-stats")]
use super::stats;
use super::values::{Cell, Outcome, effective, effective_wide};
use super::{Frame, base_limit, indirect_callee, open_frame};
use crate::num;
use crate::ops::Op;
use crate::runtime::FuncKind;
use crate::simd;
use crate::translate::{CompiledFunc, INIT_GROUP, INIT_MIN, INIT_SMALL};
use crate::trap::TrapCode;

/// One handler: binds the op's fields (or not, by the row's kind), pastes the prelude
/// (helper macros that see the handler's parameters), runs the body, and continues as
/// the kind says (see `ops::table`).
macro_rules! handler {
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] $prelude:tt
     $(#[$meta:meta])* $name:ident { $($f:ident),* } [$($kind:ident)?] $body:block) => {
        $(#[$meta])*
        pub(in crate::exec) unsafe fn $name(
            $ip: *const Op,
            $regs: *mut u64,
            $mem: *mut u8,
            $mem_len: usize,
            $st: &mut State<'_>,
        ) -> Exit {
            handler_body!([$ip, $regs, $mem, $mem_len, $st] $prelude $name { $($f),* } [$($kind)?] $body)
        }
    };
}

/// The body of a handler, by the row's kind.
macro_rules! handler_body {
    // Fields bound; then the op at `ip`: a `tail` body that ends by dispatching it.
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] $prelude:tt
     $name:ident { $($f:ident),* } [] $body:block) => {
        handler_body!([$ip, $regs, $mem, $mem_len, $st] $prelude $name { $($f),* } [tail] {
            $body
            dispatch!($ip, $regs, $mem, $mem_len, $st)
        })
    };
    // Fields bound; the body goes on.
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] { $($prelude:tt)* }
     $name:ident { $($f:ident),* } [tail] $body:block) => {{
        // SAFETY: `HANDLERS` maps the tag of `Op::$name` to this function, and a handler
        // is only called for an op whose tag selects it.
        let Op::$name { $($f),* } = (unsafe { *$ip }) else {
            // SAFETY: as above.
            unsafe { std::hint::unreachable_unchecked() }
        };
        // SAFETY: one past an op is at most the end of the code.
        let $ip = unsafe { $ip.add(1) };
        $($prelude)*
        $body
    }};
    // No field bound; the body goes on (`delegate`) or leaves (`exit`).
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] $prelude:tt
     $name:ident { $($f:ident),* } [delegate] $body:block) => {
        handler_body!(@unbound [$ip] $prelude $body)
    };
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] $prelude:tt
     $name:ident { $($f:ident),* } [exit] $body:block) => {{
        // Leaving the threaded code, the handler passes nothing on.
        let _ = ($regs, $mem, $mem_len);
        handler_body!(@unbound [$ip] $prelude $body)
    }};
    // A helper: `ip` is already past the op it handles.
    ([$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident] { $($prelude:tt)* }
     $name:ident {} [helper] $body:block) => {{
        $($prelude)*
        $body
    }};
    (@unbound [$ip:ident] { $($prelude:tt)* } $body:block) => {{
        // SAFETY: one past an op is at most the end of the code.
        let $ip = unsafe { $ip.add(1) };
        $($prelude)*
        $body
    }};
}

/// The body of the handler of a vector op, by its row's class (see `crate::simd` for the
/// functions' signatures): `v128` operands and results are cell pairs (`v!`, `set_v!`), the
/// others single cells; `lane` is the lane index of the lane ops, `c` the third operand of a
/// ternary op or the lane selectors of a shuffle (a `v128` in cells).
macro_rules! vector_body {
    (unop(V128), $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = ($b, $c, $l);
        set_v!($d, simd::$f(v!($a)));
    }};
    (binop(V128), $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = ($c, $l);
        set_v!($d, simd::$f(v!($a), v!($b)));
    }};
    (ternop(V128), $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = $l;
        set_v!($d, simd::$f(v!($a), v!($b), v!($c)));
    }};
    (testop(V128), $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = ($b, $c, $l);
        r!($d) = Cell::to_cell(simd::$f(v!($a)));
    }};
    (cvtop($t:ident, V128), $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = ($b, $c, $l);
        let x = <awe_module::scalar_operand_type!(@ $t) as Cell>::from_cell(r!($a));
        set_v!($d, simd::$f(x));
    }};
    (extract($t:ident, $n:literal), $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = ($b, $c);
        let x: awe_module::scalar_operand_type!(@ $t) = simd::$f(v!($a), $l as u8);
        r!($d) = Cell::to_cell(x);
    }};
    (replace($t:ident, $n:literal), $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = $c;
        let x = <awe_module::scalar_operand_type!(@ $t) as Cell>::from_cell(r!($b));
        set_v!($d, simd::$f(v!($a), x, $l as u8));
    }};
    (vshift, $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = ($c, $l);
        set_v!($d, simd::$f(v!($a), <i32 as Cell>::from_cell(r!($b))));
    }};
    (shuffle, $f:ident, $d:ident, $a:ident, $b:ident, $c:ident, $l:ident) => {{
        let _ = $l;
        set_v!($d, simd::$f(v!($a), v!($b), v!($c)));
    }};
}

/// Defines one handler per row of the op table (in module `handler`), named after the
/// op, and the tables indexed by tag: `handler::HANDLERS` and `handler::NAMES`.
macro_rules! define_handlers {
    (
        [$ip:ident, $regs:ident, $mem:ident, $mem_len:ident, $st:ident]
        prelude $prelude:tt
        helpers { $( $(#[doc = $hdoc:literal])* fn $h:ident() $hbody:block )* }
        ops {
            $(
                $(#[$meta:meta])*
                $name:ident { $($f:ident : $t:ident),* }
                $(lowers $access:ident ($($lowers:ident),*))?
                $(imm_of $imm:ident)?
                => $($kind:ident)? $body:block
            )*
        }
        inverses $inverses:tt
        unary { $( $un:ident $uf:ident $ut:literal [$uop:literal $($usub:literal)?] => $ucl:ident $uargs:tt; )* }
        binary { $( $bn:ident $bf:ident $bt:literal [$bop:literal $($bsub:literal)?] => $bcl:ident $bargs:tt; )* }
        simd { $( $vn:ident $vf:ident $vt:literal [$vop:literal $($vsub:literal)?] $({ $($vfield:ident : $vty:ty),* })? => $vcl:ident $(($($vargs:tt)*))?; )* }
    ) => {
        /// The handlers, one per op.
        #[allow(non_snake_case)]
        pub(super) mod handler {
            use super::*;
            $(
                // Tail-called directly by handlers: kept out of line.
                handler!([$ip, $regs, $mem, $mem_len, $st] $prelude
                    $(#[doc = $hdoc])* #[inline(never)] $h {} [helper] $hbody);
            )*
            $(
                handler!([$ip, $regs, $mem, $mem_len, $st] $prelude
                    $(#[$meta])* $name { $($f),* } [$($kind)?] $body);
            )*
            $(
                handler!([$ip, $regs, $mem, $mem_len, $st] $prelude $un { d, a } [] {
                    let x = <awe_module::scalar_operand_type!($ucl $uargs) as Cell>::from_cell(r!(a));
                    let v: awe_module::scalar_result_type!($ucl $uargs) =
                        check!(Outcome::outcome(num::$uf(x)));
                    r!(d) = v.to_cell();
                });
            )*
            $(
                handler!([$ip, $regs, $mem, $mem_len, $st] $prelude $bn { d, a, b } [] {
                    let x = <awe_module::scalar_operand_type!($bcl $bargs) as Cell>::from_cell(r!(a));
                    let y = <awe_module::scalar_operand_type!($bcl $bargs) as Cell>::from_cell(r!(b));
                    let v: awe_module::scalar_result_type!($bcl $bargs) =
                        check!(Outcome::outcome(num::$bf(x, y)));
                    r!(d) = v.to_cell();
                });
            )*
            $(
                handler!([$ip, $regs, $mem, $mem_len, $st] $prelude $vn { d, a, b, c, lane } [] {
                    vector_body!($vcl $(($($vargs)*))?, $vf, d, a, b, c, lane);
                });
            )*

            /// The number of ops.
            pub(in crate::exec) const COUNT: usize =
                [$(stringify!($name),)* $(stringify!($un),)* $(stringify!($bn),)* $(stringify!($vn),)*].len();

            /// The name of every op, at its tag.
            pub(in crate::exec) static NAMES: [&str; COUNT] = {
                let mut names = [""; COUNT];
                $( names[tag_of(&Op::$name { $($f: Zero::ZERO),* })] = stringify!($name); )*
                $( names[tag_of(&Op::$un { d: 0, a: 0 })] = stringify!($un); )*
                $( names[tag_of(&Op::$bn { d: 0, a: 0, b: 0 })] = stringify!($bn); )*
                $( names[tag_of(&Op::$vn { d: 0, a: 0, b: 0, c: 0, lane: 0 })] = stringify!($vn); )*
                names
            };

            /// Whether each op leaves the threaded code, at its tag.
            pub(in crate::exec) static EXITS: [bool; COUNT] = {
                let mut exits = [false; COUNT];
                $(
                    let op = Op::$name { $($f: Zero::ZERO),* };
                    exits[tag_of(&op)] = op.leaves_threaded_code();
                )*
                exits
            };

            /// The handler of every op, at its tag. Every op has exactly one row, so the
            /// `COUNT` tags are `0..COUNT` and each gets its handler; the assertions check it.
            pub(in crate::exec) static HANDLERS: [Handler; COUNT] = {
                let mut table: [Option<Handler>; COUNT] = [None; COUNT];
                $(
                    let t = tag_of(&Op::$name { $($f: Zero::ZERO),* });
                    assert!(t < COUNT && table[t].is_none());
                    table[t] = Some($name as Handler);
                )*
                $(
                    let t = tag_of(&Op::$un { d: 0, a: 0 });
                    assert!(t < COUNT && table[t].is_none());
                    table[t] = Some($un as Handler);
                )*
                $(
                    let t = tag_of(&Op::$bn { d: 0, a: 0, b: 0 });
                    assert!(t < COUNT && table[t].is_none());
                    table[t] = Some($bn as Handler);
                )*
                $(
                    let t = tag_of(&Op::$vn { d: 0, a: 0, b: 0, c: 0, lane: 0 });
                    assert!(t < COUNT && table[t].is_none());
                    table[t] = Some($vn as Handler);
                )*
                let mut out: [Handler; COUNT] = [Unreachable as Handler; COUNT];
                let mut i = 0;
                while i < COUNT {
                    match table[i] {
                        Some(h) => out[i] = h,
                        None => panic!("an op without a handler"),
                    }
                    i += 1;
                }
                out
            };
        }
    };
}

crate::ops::table::for_each_op!(define_handlers);

impl Op {
    /// The number of variants.
    pub const COUNT: usize = handler::COUNT;

    /// This op's variant, numbered from 0 in declaration order (its `#[repr(u16)]` tag).
    pub const fn tag(&self) -> usize {
        tag_of(self)
    }

    /// The name of the variant numbered `tag`.
    pub fn variant_name(tag: usize) -> Option<&'static str> {
        handler::NAMES.get(tag).copied()
    }

    /// Whether the handler of the variant numbered `tag` leaves the threaded code (see
    /// [`Op::leaves_threaded_code`]).
    pub fn variant_leaves_threaded_code(tag: usize) -> Option<bool> {
        handler::EXITS.get(tag).copied()
    }
}
