//! Comparing results with the patterns of `assert_return`, and writing both in the
//! script's own notation for messages.

use crate::backend::Val;
use awe_module::HeapType;
use awe_text::wast::{FloatPattern, ResultPattern, V128Pattern};
use std::fmt::{self, Display, Write};

/// Whether a value is what a pattern asks for (for `either`, what one of its
/// alternatives asks for).
pub fn matches(pattern: &ResultPattern, value: &Val) -> bool {
    match (pattern, value) {
        (ResultPattern::Either(alternatives), v) => alternatives.iter().any(|p| matches(p, v)),
        (ResultPattern::I32(p), Val::I32(v)) => p == v,
        (ResultPattern::I64(p), Val::I64(v)) => p == v,
        (ResultPattern::F32(p), Val::F32(v)) => f32_matches(*p, *v),
        (ResultPattern::F64(p), Val::F64(v)) => f64_matches(*p, *v),
        (ResultPattern::V128(p), Val::V128(v)) => v128_matches(p, v),
        (ResultPattern::RefNull(None), Val::RefNull(_)) => true,
        // A null of the pattern's hierarchy (`(ref.null func)` for a null `nofunc`).
        (ResultPattern::RefNull(Some(p)), Val::RefNull(v)) => p.abstract_top() == v.abstract_top(),
        (ResultPattern::RefExtern(None), Val::RefExtern(_)) => true,
        (ResultPattern::RefExtern(Some(p)), Val::RefExtern(v)) => p == v,
        (ResultPattern::RefFunc, Val::RefFunc) => true,
        (ResultPattern::RefHost(p), Val::RefHost(v)) => p == v,
        (ResultPattern::RefExtern(None), Val::RefExternAny) => true,
        (ResultPattern::RefAbstract(HeapType::Any), Val::RefGc(_) | Val::RefHost(_)) => true,
        (ResultPattern::RefAbstract(HeapType::Eq), Val::RefGc(_)) => true,
        (ResultPattern::RefAbstract(p), Val::RefGc(v)) => p == v,
        _ => false,
    }
}

/// Whether the values are exactly what the patterns ask for, as many and in order.
pub fn all_match(patterns: &[ResultPattern], values: &[Val]) -> bool {
    patterns.len() == values.len() && patterns.iter().zip(values).all(|(p, v)| matches(p, v))
}

fn f32_matches(p: FloatPattern<u32>, bits: u32) -> bool {
    let magnitude = bits & 0x7fff_ffff;
    match p {
        FloatPattern::Bits(b) => b == bits,
        FloatPattern::CanonicalNan => magnitude == 0x7fc0_0000,
        FloatPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
    }
}

fn f64_matches(p: FloatPattern<u64>, bits: u64) -> bool {
    const QUIET: u64 = 0x7ff8_0000_0000_0000;
    let magnitude = bits & 0x7fff_ffff_ffff_ffff;
    match p {
        FloatPattern::Bits(b) => b == bits,
        FloatPattern::CanonicalNan => magnitude == QUIET,
        FloatPattern::ArithmeticNan => bits & QUIET == QUIET,
    }
}

fn v128_matches(p: &V128Pattern, bytes: &[u8; 16]) -> bool {
    match p {
        V128Pattern::Bytes(b) => b == bytes,
        V128Pattern::F32x4(lanes) => lanes
            .iter()
            .zip(bytes.chunks_exact(4))
            .all(|(p, b)| f32_matches(*p, u32::from_le_bytes(b.try_into().unwrap()))),
        V128Pattern::F64x2(lanes) => lanes
            .iter()
            .zip(bytes.chunks_exact(8))
            .all(|(p, b)| f64_matches(*p, u64::from_le_bytes(b.try_into().unwrap()))),
    }
}

fn heap(t: HeapType) -> String {
    t.to_string()
}

fn lanes_hex(bytes: &[u8; 16]) -> String {
    let mut s = String::from("i8x16");
    for b in bytes {
        let _ = write!(s, " 0x{b:02x}");
    }
    s
}

struct Float<T>(FloatPattern<T>);

impl<T: fmt::LowerHex> Display for Float<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            FloatPattern::Bits(b) => write!(f, "bits:0x{b:x}"),
            FloatPattern::CanonicalNan => f.write_str("nan:canonical"),
            FloatPattern::ArithmeticNan => f.write_str("nan:arithmetic"),
        }
    }
}

impl Display for Val {
    /// The value as a constant of the script notation, floats as their bits:
    /// `(i32.const 7)`, `(f32.const bits:0x7fc00000)`, `(ref.null func)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::I32(v) => write!(f, "(i32.const {})", *v as i32),
            Val::I64(v) => write!(f, "(i64.const {})", *v as i64),
            Val::F32(v) => write!(f, "(f32.const bits:0x{v:x})"),
            Val::F64(v) => write!(f, "(f64.const bits:0x{v:x})"),
            Val::V128(v) => write!(f, "(v128.const {})", lanes_hex(v)),
            Val::RefNull(t) => write!(f, "(ref.null {})", heap(*t)),
            Val::RefExtern(v) => write!(f, "(ref.extern {v})"),
            Val::RefHost(v) => write!(f, "(ref.host {v})"),
            Val::RefGc(h) => write!(f, "(ref.{})", heap(*h)),
            Val::RefExternAny => f.write_str("(ref.extern)"),
            Val::RefFunc => f.write_str("(ref.func)"),
            Val::RefExn => f.write_str("(ref.exn)"),
        }
    }
}

/// A pattern in the script notation, floats as their bits (see [`Val`]'s `Display`).
pub struct ShowPattern<'a>(pub &'a ResultPattern);

impl Display for ShowPattern<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ResultPattern::I32(v) => write!(f, "(i32.const {})", *v as i32),
            ResultPattern::I64(v) => write!(f, "(i64.const {})", *v as i64),
            ResultPattern::F32(p) => write!(f, "(f32.const {})", Float(*p)),
            ResultPattern::F64(p) => write!(f, "(f64.const {})", Float(*p)),
            ResultPattern::V128(V128Pattern::Bytes(b)) => {
                write!(f, "(v128.const {})", lanes_hex(b))
            }
            ResultPattern::V128(V128Pattern::F32x4(lanes)) => {
                f.write_str("(v128.const f32x4")?;
                for l in lanes {
                    write!(f, " {}", Float(*l))?;
                }
                f.write_str(")")
            }
            ResultPattern::V128(V128Pattern::F64x2(lanes)) => {
                f.write_str("(v128.const f64x2")?;
                for l in lanes {
                    write!(f, " {}", Float(*l))?;
                }
                f.write_str(")")
            }
            ResultPattern::RefNull(None) => f.write_str("(ref.null)"),
            ResultPattern::RefNull(Some(t)) => write!(f, "(ref.null {})", heap(*t)),
            ResultPattern::RefExtern(None) => f.write_str("(ref.extern)"),
            ResultPattern::RefExtern(Some(v)) => write!(f, "(ref.extern {v})"),
            ResultPattern::RefFunc => f.write_str("(ref.func)"),
            ResultPattern::RefHost(v) => write!(f, "(ref.host {v})"),
            ResultPattern::RefAbstract(h) => write!(f, "(ref.{})", heap(*h)),
            ResultPattern::Either(alternatives) => {
                f.write_str("(either")?;
                for p in alternatives {
                    write!(f, " {}", ShowPattern(p))?;
                }
                f.write_str(")")
            }
        }
    }
}

/// A list of values or patterns, space-separated; `()` when empty.
pub(crate) fn list<D: Display>(items: impl IntoIterator<Item = D>) -> String {
    let shown: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    if shown.is_empty() {
        return "()".to_owned();
    }
    shown.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_exact_floats() {
        assert!(matches(&ResultPattern::I32(7), &Val::I32(7)));
        assert!(!matches(&ResultPattern::I32(7), &Val::I32(8)));
        assert!(!matches(&ResultPattern::I32(7), &Val::I64(7)));
        let neg_zero = (-0.0f32).to_bits();
        assert!(matches(
            &ResultPattern::F32(FloatPattern::Bits(neg_zero)),
            &Val::F32(neg_zero)
        ));
        assert!(!matches(
            &ResultPattern::F32(FloatPattern::Bits(0)),
            &Val::F32(neg_zero)
        ));
    }

    #[test]
    fn nan_patterns() {
        let canonical = ResultPattern::F32(FloatPattern::CanonicalNan);
        let arithmetic = ResultPattern::F32(FloatPattern::ArithmeticNan);
        assert!(matches(&canonical, &Val::F32(0x7fc0_0000)));
        assert!(matches(&canonical, &Val::F32(0xffc0_0000)));
        assert!(!matches(&canonical, &Val::F32(0x7fc0_0001)));
        assert!(matches(&arithmetic, &Val::F32(0x7fc0_0001)));
        assert!(matches(&arithmetic, &Val::F32(0xffc0_0001)));
        assert!(!matches(&arithmetic, &Val::F32(0x7f80_0001)), "signalling");
        assert!(!matches(&arithmetic, &Val::F32(0x3fc0_0000)), "not a NaN");
        let canonical = ResultPattern::F64(FloatPattern::CanonicalNan);
        let arithmetic = ResultPattern::F64(FloatPattern::ArithmeticNan);
        assert!(matches(&canonical, &Val::F64(0xfff8_0000_0000_0000)));
        assert!(!matches(&canonical, &Val::F64(0x7ff8_0000_0000_0001)));
        assert!(matches(&arithmetic, &Val::F64(0x7ff8_0000_0000_0001)));
        assert!(!matches(&arithmetic, &Val::F64(0x7ff0_0000_0000_0001)));
    }

    #[test]
    fn vector_lanes() {
        let mut bytes = [0u8; 16];
        bytes[..4].copy_from_slice(&0x7fc0_0000u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&1.0f32.to_bits().to_le_bytes());
        let p = ResultPattern::V128(V128Pattern::F32x4([
            FloatPattern::CanonicalNan,
            FloatPattern::Bits(1.0f32.to_bits()),
            FloatPattern::Bits(0),
            FloatPattern::Bits(0),
        ]));
        assert!(matches(&p, &Val::V128(bytes)));
        bytes[15] = 1;
        assert!(!matches(&p, &Val::V128(bytes)));
        assert!(matches(
            &ResultPattern::V128(V128Pattern::Bytes(bytes)),
            &Val::V128(bytes)
        ));
    }

    #[test]
    fn references() {
        let null_func = Val::RefNull(HeapType::Func);
        assert!(matches(&ResultPattern::RefNull(None), &null_func));
        assert!(matches(
            &ResultPattern::RefNull(Some(HeapType::Func)),
            &null_func
        ));
        assert!(!matches(
            &ResultPattern::RefNull(Some(HeapType::Extern)),
            &null_func
        ));
        assert!(!matches(&ResultPattern::RefFunc, &null_func));
        assert!(matches(&ResultPattern::RefExtern(None), &Val::RefExtern(3)));
        assert!(!matches(
            &ResultPattern::RefExtern(Some(2)),
            &Val::RefExtern(3)
        ));
    }

    /// A value matches `either` when it matches one alternative, whatever their kinds.
    #[test]
    fn either_matches_one_alternative() {
        let either = ResultPattern::Either(vec![
            ResultPattern::I32(1),
            ResultPattern::F32(FloatPattern::CanonicalNan),
            ResultPattern::V128(V128Pattern::Bytes([7; 16])),
        ]);
        let cases = [
            (Val::I32(1), true),
            (Val::I32(2), false),
            (Val::F32(0xffc0_0000), true),
            (Val::F32(0x7fc0_0001), false),
            (Val::V128([7; 16]), true),
            (Val::V128([0; 16]), false),
            (Val::I64(1), false),
        ];
        for (value, want) in cases {
            assert_eq!(matches(&either, &value), want, "{value}");
        }
        assert!(!matches(&ResultPattern::Either(vec![]), &Val::I32(1)));
        assert_eq!(
            ShowPattern(&either).to_string(),
            "(either (i32.const 1) (f32.const nan:canonical) (v128.const i8x16 0x07 0x07 \
             0x07 0x07 0x07 0x07 0x07 0x07 0x07 0x07 0x07 0x07 0x07 0x07 0x07 0x07))"
        );
    }

    #[test]
    fn counts_must_agree() {
        assert!(all_match(&[], &[]));
        assert!(!all_match(&[ResultPattern::I32(1)], &[]));
        assert!(!all_match(&[], &[Val::I32(1)]));
    }

    #[test]
    fn shown_in_script_notation() {
        assert_eq!(Val::I32(u32::MAX).to_string(), "(i32.const -1)");
        assert_eq!(
            ShowPattern(&ResultPattern::F64(FloatPattern::ArithmeticNan)).to_string(),
            "(f64.const nan:arithmetic)"
        );
        assert_eq!(list(&[] as &[Val]), "()");
        assert_eq!(
            list([Val::I32(1), Val::RefFunc]),
            "(i32.const 1) (ref.func)"
        );
    }
}
