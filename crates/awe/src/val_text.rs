//! Values as text, the way `awe run --invoke` reads its arguments and prints its results
//! (and the playground shows them): integers in decimal, floats as the text format's
//! literals (`1.5`, `-0x1p-149`, `nan:0x200000`, `inf`), a `v128` as a shape and its lanes
//! (`i32x4 1 2 3 4` in, `v128.const i32x4 0x00000001 ...` out).

use crate::{AsContextMut, RootScope, Val, ValType};
use awe_module::{Ieee32, Ieee64, Instr};
use awe_text::num::{parse_f32, parse_f64, parse_i};

impl Val {
    /// Reads a value of type `ty` from `text`: an integer (decimal or `0x` hex, signed or
    /// not), a float literal of the text format, or for `v128` a shape and its lanes,
    /// lane 0 first, as one string (`"i32x4 1 2 3 4"`, `"f32x4 1.5 -0 nan inf"`, also
    /// after `v128.const`, as [`Val::to_text`] prints it).
    /// `None` if `text` is not one, or `ty` is a reference type (no text names a
    /// reference).
    pub fn from_text(ty: ValType, text: &str) -> Option<Val> {
        let text = text.trim();
        Some(match ty {
            ValType::I32 => Val::I32(parse_i(text, 32)?.ok()? as u32 as i32),
            ValType::I64 => Val::I64(parse_i(text, 64)?.ok()? as i64),
            ValType::F32 => Val::F32(parse_f32(text)?.ok()?),
            ValType::F64 => Val::F64(parse_f64(text)?.ok()?),
            ValType::V128 => Val::V128(v128_from_text(text)?),
            ValType::Ref(_) => return None,
        })
    }

    /// The value as text: integers in decimal (signed), floats so that they read back to
    /// the same bits, a `v128` as the `v128.const` instruction that makes it, a
    /// reference as `null` or its kind (`funcref`, `externref`, `exnref`).
    pub fn to_text(&self) -> String {
        // The text form of a constant instruction, without its keyword.
        let konst = |i: Instr| {
            let s = i.to_string();
            s.split_once(' ').map_or(s.clone(), |(_, v)| v.to_owned())
        };
        match *self {
            Val::I32(x) => x.to_string(),
            Val::I64(x) => x.to_string(),
            Val::F32(b) => konst(Instr::F32Const { value: Ieee32(b) }),
            Val::F64(b) => konst(Instr::F64Const { value: Ieee64(b) }),
            Val::V128(x) => Instr::V128Const {
                value: Box::new(awe_module::V128(x.to_le_bytes())),
            }
            .to_string(),
            Val::FuncRef(None) | Val::ExternRef(None) | Val::ExnRef(None) | Val::AnyRef(None) => {
                "null".to_owned()
            }
            Val::AnyRef(Some(a)) => match a.as_i31() {
                Some(v) => format!("i31 {}", v.get_i32()),
                None if a.as_externref().is_some() => "anyref (a host reference)".to_owned(),
                None => "anyref".to_owned(),
            },
            Val::ExnRef(Some(_)) => "exnref".to_owned(),
            Val::FuncRef(Some(_)) => "funcref".to_owned(),
            Val::ExternRef(Some(_)) => "externref".to_owned(),
        }
    }
}

/// How deep [`Val::to_text_in`] prints objects within objects.
const MAX_DEPTH: usize = 4;

/// How many values [`Val::to_text_in`] prints of one result (an array's elements, the
/// fields of the objects in it, ...), at most.
const MAX_VALUES: usize = 100;

impl Val {
    /// The value as text, as [`Val::to_text`] prints it, with GC's structs and arrays
    /// shown with their contents: `(struct 1 2.5 null)`, `(array 1 2 3)`, objects within
    /// objects as deep as 4 (deeper ones as `(struct ...)`), at most 100 values in
    /// all (`...` for the rest, with an array's length: `(array 0 0 ... 1000 elements)`).
    /// The references it reads are rooted in a scope of its own.
    pub fn to_text_in(&self, store: impl AsContextMut) -> String {
        let mut scope = RootScope::new(store);
        let mut out = String::new();
        let mut budget = MAX_VALUES;
        write_val(self, &mut scope, 0, &mut budget, &mut out);
        out
    }
}

/// Appends `v` as text to `out` (see [`Val::to_text_in`]), taking what it prints from
/// `budget`.
fn write_val(
    v: &Val,
    store: &mut impl AsContextMut,
    depth: usize,
    budget: &mut usize,
    out: &mut String,
) {
    *budget = budget.saturating_sub(1);
    let Val::AnyRef(Some(a)) = v else {
        let text = v.to_text();
        if depth > 0 && text.contains(' ') {
            out.push_str(&format!("({text})"));
        } else {
            out.push_str(&text);
        }
        return;
    };
    let (kind, items, len) = if let Ok(Some(s)) = a.as_struct(&*store) {
        ("struct", s.fields(&*store).unwrap_or_default(), None)
    } else if let Ok(Some(arr)) = a.as_array(&*store) {
        let len = arr.len(&*store).unwrap_or(0);
        let shown = len.min(u32::try_from(*budget).unwrap_or(u32::MAX));
        let items = (0..shown)
            .filter_map(|i| arr.get(&*store, i).ok())
            .collect();
        ("array", items, Some(len as usize))
    } else {
        let text = v.to_text();
        if depth > 0 {
            out.push_str(&format!("({text})"));
        } else {
            out.push_str(&text);
        }
        return;
    };
    out.push('(');
    out.push_str(kind);
    if depth >= MAX_DEPTH {
        out.push_str(" ...)");
        return;
    }
    let mut shown = 0;
    for item in &items {
        if *budget == 0 {
            break;
        }
        out.push(' ');
        write_val(item, store, depth + 1, budget, out);
        shown += 1;
    }
    let total = len.unwrap_or(items.len());
    if shown < total {
        out.push_str(" ...");
        if let Some(n) = len {
            out.push_str(&format!(" {n} elements"));
        }
    }
    out.push(')');
}

/// A `v128` as the text format writes a `v128.const`'s operands: a shape and its lanes
/// (after `v128.const`, as [`Val::to_text`] prints it, or without).
fn v128_from_text(text: &str) -> Option<u128> {
    let text = text.strip_prefix("v128.const").unwrap_or(text);
    let mut words = text.split_whitespace();
    let shape = words.next()?;
    let lanes: Vec<&str> = words.collect();
    let (count, bits) = match shape {
        "i8x16" => (16, 8),
        "i16x8" => (8, 16),
        "i32x4" | "f32x4" => (4, 32),
        "i64x2" | "f64x2" => (2, 64),
        _ => return None,
    };
    if lanes.len() != count {
        return None;
    }
    let mut v = 0u128;
    for (i, lane) in lanes.iter().enumerate() {
        let x = match shape {
            "f32x4" => u64::from(parse_f32(lane)?.ok()?),
            "f64x2" => parse_f64(lane)?.ok()?,
            _ => parse_i(lane, bits)?.ok()?,
        };
        let mask = if bits == 64 {
            u64::MAX
        } else {
            (1 << bits) - 1
        };
        v |= u128::from(x & mask) << (i * bits as usize);
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(ty: ValType, text: &str, shown: &str) {
        let v = Val::from_text(ty, text).unwrap_or_else(|| panic!("{text:?} as {ty}"));
        assert_eq!(v.to_text(), shown, "{text:?}");
        assert_eq!(
            Val::from_text(ty, &v.to_text()).map(|w| w.to_text()),
            Some(v.to_text())
        );
    }

    #[test]
    fn values_read_and_print_as_the_cli_does() {
        round(ValType::I32, "-1", "-1");
        round(ValType::I32, "0xffffffff", "-1");
        round(ValType::I64, "9223372036854775807", "9223372036854775807");
        round(ValType::F32, "1.5", "1.5");
        round(ValType::F64, "-0", "-0");
        round(ValType::F64, "nan:0x1", "nan:0x1");
        round(
            ValType::V128,
            "i32x4 1 2 3 -1",
            "v128.const i32x4 0x00000001 0x00000002 0x00000003 0xffffffff",
        );
        assert_eq!(Val::from_text(ValType::I32, "1.5"), None);
        assert_eq!(Val::from_text(ValType::V128, "i32x4 1 2 3"), None);
        assert_eq!(Val::from_text(ValType::FUNCREF, "null"), None);
        assert_eq!(Val::FuncRef(None).to_text(), "null");
    }
}
