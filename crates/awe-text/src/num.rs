//! Numeric literals ([spec §6.3.1](https://webassembly.github.io/spec/core/text/values.html)).
//!
//! Each function returns `None` when the text is not a literal of that form, and
//! `Some(Err(OutOfRange))` when it is one but its value does not fit.

/// A literal of the right form whose value does not fit the type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfRange;

/// Parsing outcome: not a literal (`None`), out of range, or the value.
pub type Lit<T> = Option<Result<T, OutOfRange>>;

/// Digits in base `radix` with single `_` separators between digits; returns the digits
/// without separators, or `None` if the form is wrong.
fn digits(s: &str, radix: u32) -> Option<String> {
    let b = s.as_bytes();
    if b.is_empty() || b[0] == b'_' || b[b.len() - 1] == b'_' {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut last_underscore = false;
    for &c in b {
        if c == b'_' {
            if last_underscore {
                return None;
            }
            last_underscore = true;
            continue;
        }
        if !(c as char).is_digit(radix) {
            return None;
        }
        last_underscore = false;
        out.push(c as char);
    }
    Some(out)
}

fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

/// An unsigned integer `uN` without sign: decimal or `0x` hex. The value as u128
/// (saturated: anything past u64 is out of range for every type).
fn unsigned_magnitude(s: &str) -> Option<u128> {
    let (radix, body) = match s.strip_prefix("0x") {
        Some(h) => (16, h),
        None => (10, s),
    };
    let d = digits(body, radix)?;
    let mut v: u128 = 0;
    for c in d.chars() {
        v = v
            .saturating_mul(radix as u128)
            .saturating_add(c.to_digit(radix)? as u128);
    }
    Some(v)
}

/// `uN`: an unsigned integer of `bits` bits, no sign allowed.
pub fn parse_u(s: &str, bits: u32) -> Lit<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    let v = unsigned_magnitude(s)?;
    Some(if v < 1u128 << bits {
        Ok(v as u64)
    } else {
        Err(OutOfRange)
    })
}

/// `iN` as written after `iN.const`: signed or unsigned, `-2^(N-1) ..= 2^N - 1`; the
/// result is the two's complement bit pattern.
pub fn parse_i(s: &str, bits: u32) -> Lit<u64> {
    let (neg, mag) = split_sign(s);
    let v = unsigned_magnitude(mag)?;
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    Some(if neg {
        if v <= 1u128 << (bits - 1) {
            Ok((v as u64).wrapping_neg() & mask)
        } else {
            Err(OutOfRange)
        }
    } else if v < 1u128 << bits {
        Ok(v as u64)
    } else {
        Err(OutOfRange)
    })
}

/// A binary floating-point format.
#[derive(Clone, Copy)]
struct Format {
    /// Stored mantissa bits.
    mantissa: u32,
    /// Exponent bits.
    exponent: u32,
}

const F32: Format = Format {
    mantissa: 23,
    exponent: 8,
};
const F64: Format = Format {
    mantissa: 52,
    exponent: 11,
};

impl Format {
    fn bias(self) -> i64 {
        (1 << (self.exponent - 1)) - 1
    }
    fn inf_bits(self) -> u64 {
        ((1u64 << self.exponent) - 1) << self.mantissa
    }
    fn sign_bit(self) -> u64 {
        1u64 << (self.mantissa + self.exponent)
    }
}

/// `f32` literal bits.
pub fn parse_f32(s: &str) -> Lit<u32> {
    parse_float(s, F32).map(|r| r.map(|b| b as u32))
}

/// `f64` literal bits.
pub fn parse_f64(s: &str) -> Lit<u64> {
    parse_float(s, F64)
}

fn parse_float(s: &str, f: Format) -> Lit<u64> {
    let (neg, mag) = split_sign(s);
    let sign = if neg { f.sign_bit() } else { 0 };
    let bits = if mag == "inf" {
        Ok(f.inf_bits())
    } else if mag == "nan" {
        Ok(f.inf_bits() | 1 << (f.mantissa - 1))
    } else if let Some(payload) = mag.strip_prefix("nan:0x") {
        let d = digits(payload, 16)?;
        let v = u128::from_str_radix(&d, 16).unwrap_or(u128::MAX);
        if v >= 1 && v < 1u128 << f.mantissa {
            Ok(f.inf_bits() | v as u64)
        } else {
            Err(OutOfRange)
        }
    } else if let Some(hex) = mag.strip_prefix("0x") {
        hex_float(hex, f)?
    } else {
        decimal_float(mag, f)?
    };
    Some(bits.map(|b| b | sign))
}

/// Splits `p.q(e|p)±x` into its parts, checking each part's digits.
struct FloatParts {
    int: String,
    frac: String,
    exp: Option<(bool, String)>,
}

fn float_parts(s: &str, radix: u32, exp_chars: [char; 2]) -> Option<FloatParts> {
    let (mantissa, exp) = match s.find(exp_chars) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let int = digits(int, radix)?;
    let frac = match frac {
        Some("") | None => String::new(),
        Some(f) => digits(f, radix)?,
    };
    let exp = match exp {
        None => None,
        Some(e) => {
            let (neg, e) = split_sign(e);
            Some((neg, digits(e, 10)?))
        }
    };
    Some(FloatParts { int, frac, exp })
}

fn decimal_float(s: &str, f: Format) -> Option<Result<u64, OutOfRange>> {
    let p = float_parts(s, 10, ['e', 'E'])?;
    let mut text = format!(
        "{}.{}",
        p.int,
        if p.frac.is_empty() { "0" } else { &p.frac }
    );
    if let Some((neg, e)) = &p.exp {
        // Keep the exponent parseable: a huge one saturates to over/underflow anyway.
        let e = e.trim_start_matches('0');
        let e = if e.len() > 6 {
            "999999"
        } else if e.is_empty() {
            "0"
        } else {
            e
        };
        text.push_str(&format!("e{}{}", if *neg { "-" } else { "" }, e));
    }
    let bits = if f.mantissa == 23 {
        let v: f32 = text.parse().ok()?;
        (!v.is_infinite()).then_some(u64::from(v.to_bits()))
    } else {
        let v: f64 = text.parse().ok()?;
        (!v.is_infinite()).then_some(v.to_bits())
    };
    Some(bits.ok_or(OutOfRange))
}

/// A hexadecimal float, rounded to nearest, ties to even.
fn hex_float(s: &str, f: Format) -> Option<Result<u64, OutOfRange>> {
    let p = float_parts(s, 16, ['p', 'P'])?;
    // The significand as an integer (64 significant bits kept, the rest folded into a
    // sticky bit) and a power of two.
    let mut mant: u64 = 0;
    let mut exp: i64 = 0;
    let mut sticky = false;
    let mut seen_nonzero = false;
    for (i, c) in p.int.chars().chain(p.frac.chars()).enumerate() {
        let d = c.to_digit(16)? as u64;
        let in_frac = i >= p.int.len();
        seen_nonzero |= d != 0;
        if !seen_nonzero {
            if in_frac {
                exp -= 4;
            }
            continue;
        }
        if mant >> 60 == 0 {
            mant = mant << 4 | d;
            if in_frac {
                exp -= 4;
            }
        } else {
            sticky |= d != 0;
            if !in_frac {
                exp += 4;
            }
        }
    }
    if let Some((neg, e)) = &p.exp {
        let e: i64 = e.parse::<i64>().unwrap_or(i64::MAX / 4).min(1 << 40);
        exp += if *neg { -e } else { e };
    }
    if mant == 0 {
        return Some(Ok(0));
    }
    Some(round_to_format(mant, exp, sticky, f))
}

/// Rounds `mant * 2^exp` (with `sticky` standing for nonzero bits below `mant`) to the
/// format: nearest, ties to even; infinity is out of range.
fn round_to_format(mant: u64, exp: i64, sticky: bool, f: Format) -> Result<u64, OutOfRange> {
    let m = i64::from(f.mantissa);
    let emin = 1 - f.bias();
    let msb = 63 - i64::from(mant.leading_zeros());
    let e = msb + exp; // value in [2^e, 2^(e+1))
    // The exponent of the last significand bit we can keep.
    let quantum = if e < emin { emin - m } else { e - m };
    let shift = quantum - exp;
    let mut sig: u64;
    if shift <= 0 {
        sig = mant << (-shift) as u32;
    } else if shift >= 64 {
        // Everything is below the quantum; only "more than half" rounds up.
        let half_or_more = shift == 64 && mant >> 63 == 1;
        let above_half = half_or_more && (mant << 1 != 0 || sticky);
        sig = u64::from(above_half);
    } else {
        let shift = shift as u32;
        let kept = mant >> shift;
        let rest = mant & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        sig = kept;
        if rest > half || (rest == half && (sticky || kept & 1 == 1)) {
            sig += 1;
        }
    }
    let mut biased = if sig >> m == 0 {
        0 // subnormal (or zero)
    } else {
        quantum + m + f.bias()
    };
    if sig >> (m + 1) != 0 {
        sig >>= 1;
        biased += 1;
    }
    if biased == 0 && sig >> m != 0 {
        biased = 1; // rounded up from subnormal to the smallest normal
    }
    if biased >= (1 << f.exponent) - 1 {
        return Err(OutOfRange);
    }
    let mantissa_bits = sig & ((1u64 << m) - 1);
    Ok((biased as u64) << m | mantissa_bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_u("0x1_0000_0000", 32), Some(Err(OutOfRange)));
        assert_eq!(parse_u("4294967295", 32), Some(Ok(u32::MAX as u64)));
        assert_eq!(parse_u("1__0", 32), None);
        assert_eq!(parse_u("_1", 32), None);
        assert_eq!(parse_u("0x", 32), None);
        assert_eq!(parse_u("+1", 32), None);
        assert_eq!(parse_i("-0x8000_0000", 32), Some(Ok(0x8000_0000)));
        assert_eq!(parse_i("-0x8000_0001", 32), Some(Err(OutOfRange)));
        assert_eq!(parse_i("0xffff_ffff", 32), Some(Ok(0xffff_ffff)));
        assert_eq!(parse_i("-1", 64), Some(Ok(u64::MAX)));
        assert_eq!(parse_i("18446744073709551616", 64), Some(Err(OutOfRange)));
        assert_eq!(parse_i("-9223372036854775808", 64), Some(Ok(1 << 63)));
    }

    #[test]
    fn floats() {
        assert_eq!(parse_f32("nan"), Some(Ok(0x7fc0_0000)));
        assert_eq!(parse_f32("-nan:0x1"), Some(Ok(0xff80_0001)));
        assert_eq!(parse_f32("nan:0x80_0000"), Some(Err(OutOfRange)));
        assert_eq!(parse_f32("nan:0x0"), Some(Err(OutOfRange)));
        assert_eq!(parse_f64("-inf"), Some(Ok(0xfff0_0000_0000_0000)));
        assert_eq!(parse_f32("0x1p127"), Some(Ok(0x7f00_0000)));
        assert_eq!(parse_f32("0x1p128"), Some(Err(OutOfRange)));
        assert_eq!(parse_f32("0x1.fffffefp127"), Some(Ok(0x7f7f_ffff)));
        assert_eq!(parse_f32("0x1.ffffffp127"), Some(Err(OutOfRange)));
        assert_eq!(parse_f32("0x1p-149"), Some(Ok(1)));
        assert_eq!(parse_f32("0x1p-150"), Some(Ok(0)));
        assert_eq!(parse_f32("0x1.000001p-150"), Some(Ok(1)));
        assert_eq!(parse_f32("1e39"), Some(Err(OutOfRange)));
        assert_eq!(parse_f64("1e-400"), Some(Ok(0)));
        assert_eq!(parse_f64("0.1"), Some(Ok(0.1f64.to_bits())));
        assert_eq!(parse_f64("1_000.000_1"), Some(Ok(1000.0001f64.to_bits())));
        assert_eq!(parse_f64("1."), Some(Ok(1f64.to_bits())));
        assert_eq!(parse_f64("1.e1"), Some(Ok(10f64.to_bits())));
        assert_eq!(parse_f64("1e"), None);
        assert_eq!(parse_f64(".5"), None);
        assert_eq!(parse_f64("0x.8"), None);
        assert_eq!(parse_f64("1._5"), None);
        assert_eq!(parse_f64("infinity"), None);
    }
}
