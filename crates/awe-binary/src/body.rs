//! Going through a function body's instructions, whether the body was decoded into
//! [`Func::body`] or kept in its encoding ([`Func::encoded`], from
//! [`crate::decode_shared`], which leaves reading the instructions to this module).

use crate::error::{DecodeError, DecodeErrorKind as K, Result};
use crate::instr::is_prefix;
use crate::reader::Reader;
use crate::visit::{BuildInstr, VisitInstr, visit_after_opcode, visit_instr};
use awe_module::{EncodedBody, Func, Instr};

/// Calls `each` with every instruction of `func`'s body in order, its position in the
/// body and its byte offset in the binary (when known), and stops at the first error.
///
/// An encoded body is decoded as it goes, without keeping anything, by the decoder's
/// rules ([`crate::decode`] would reject the module with the same error): the reader is
/// not cut off at the body's end, `else` only directly inside an `if`, the body ends
/// with the `end` that closes it, exactly at its size. A decoding error is passed on
/// through `E`'s `From`.
pub fn for_each_instr<E: From<DecodeError>>(
    func: &Func,
    mut each: impl FnMut(usize, Option<u32>, &Instr) -> Result<(), E>,
) -> Result<(), E> {
    let Some(enc) = &func.encoded else {
        for (i, instr) in func.body.iter().enumerate() {
            each(i, func.offsets.get(i).copied(), instr)?;
        }
        return Ok(());
    };
    decode_each(enc, |i, at, instr| {
        let r = each(i, Some(at), &instr);
        if instr.owns_memory() {
            drop(instr);
        } else {
            // Nothing to free: no call to the drop glue for each instruction.
            std::mem::forget(instr);
        }
        r
    })
}

/// Goes through `func`'s body like [`for_each_instr`], handing every instruction to the
/// visitor `v` (its immediates as read from the bytes: no [`Instr`] is built for an
/// encoded body; a decoded one's are cloned), then what `v` returned to `each` with the
/// instruction's position and byte offset (when known). Returns the number of
/// instructions.
#[inline]
pub fn visit_body<V: VisitInstr, E: From<DecodeError>>(
    func: &Func,
    v: &mut V,
    mut each: impl FnMut(usize, Option<u32>, V::Output) -> Result<(), E>,
) -> Result<usize, E> {
    let Some(enc) = &func.encoded else {
        for (i, instr) in func.body.iter().enumerate() {
            let offset = func.offsets.get(i).copied();
            v.before_instr(offset.unwrap_or(0));
            each(i, offset, visit_instr(instr, v))?;
        }
        return Ok(func.body.len());
    };
    walk(enc, v, |i, at, out| each(i, Some(at), out))
}

/// Decodes an encoded body by the decoder's rules (see [`for_each_instr`]), handing
/// `each` every instruction by value with its position and offset.
fn decode_each<E: From<DecodeError>>(
    enc: &EncodedBody,
    each: impl FnMut(usize, u32, Instr) -> Result<(), E>,
) -> Result<(), E> {
    walk(enc, &mut BuildInstr, each).map(|_| ())
}

/// Reads an encoded body by the decoder's rules (see [`for_each_instr`]): each
/// instruction goes to `v`, and what `v` made of it to `each`, with its position and
/// offset. Returns the number of instructions.
#[inline(always)]
fn walk<V: VisitInstr, E: From<DecodeError>>(
    enc: &EncodedBody,
    v: &mut V,
    mut each: impl FnMut(usize, u32, V::Output) -> Result<(), E>,
) -> Result<usize, E> {
    let range = enc.range();
    let mut r = Reader::new(enc.module_bytes());
    r.skip_to(range.start);
    // For each open block, whether it is an `if` that may still take an `else`.
    let mut open: Vec<bool> = Vec::with_capacity(16);
    open.push(false);
    let mut i = 0;
    while !open.is_empty() {
        let at = r.pos();
        v.before_instr(at as u32);
        let byte = r.u8()?;
        let out = match byte {
            0x0b => {
                open.pop();
                v.end()
            }
            0x05 => match open.last_mut() {
                Some(f @ true) => {
                    *f = false;
                    v.r#else()
                }
                _ => return Err(DecodeError::new(K::EndExpected, at).into()),
            },
            // `block`, `loop`, `try_table`.
            0x02 | 0x03 | 0x1f => {
                let out = visit_after_opcode(&mut r, byte, 0, at, v)?;
                open.push(false);
                out
            }
            0x04 => {
                let out = visit_after_opcode(&mut r, byte, 0, at, v)?;
                open.push(true);
                out
            }
            _ if is_prefix(byte) => {
                let sub = r.u32()?;
                visit_after_opcode(&mut r, byte, sub, at, v)?
            }
            // No sub-opcode: the decoding of the opcode is one jump.
            _ => visit_after_opcode(&mut r, byte, 0, at, v)?,
        };
        each(i, at as u32, out)?;
        i += 1;
    }
    if r.pos() != range.end {
        return Err(DecodeError::new(K::SectionSizeMismatch, range.start).into());
    }
    Ok(i)
}

/// The first reason why `module`'s encoded bodies would not decode: a malformed body
/// (in order), or `memory.init` or `data.drop` without a data count section. For a
/// module from [`crate::decode_shared`], whose bodies it did not read, this is the error
/// [`crate::decode`] reports (or one of them, when other parts are malformed too).
pub fn check_bodies(module: &awe_module::Module) -> Result<()> {
    let mut uses_data = false;
    let mut end = 0;
    for f in &module.funcs {
        if let Some(enc) = &f.encoded {
            end = enc.module_bytes().len();
            for_each_instr(f, |_, _, i| {
                uses_data |= i.uses_data_index();
                Ok::<(), DecodeError>(())
            })?;
        }
    }
    if uses_data && module.data_count.is_none() {
        return Err(DecodeError::new(K::DataCountRequired, end));
    }
    Ok(())
}

/// The body of `func` as a list of instructions and their offsets (both as in
/// [`Func::body`] and [`Func::offsets`] after [`crate::decode`]).
pub fn body_instrs(func: &Func) -> Result<(Vec<Instr>, Vec<u32>)> {
    let Some(enc) = &func.encoded else {
        return Ok((func.body.clone(), func.offsets.clone()));
    };
    // Instructions take two bytes or more but for a few one-byte ones; the input backs
    // the capacity.
    let mut body = Vec::with_capacity(enc.range().len() / 2);
    let mut offsets = Vec::with_capacity(enc.range().len() / 2);
    decode_each(enc, |_, at, instr| {
        body.push(instr);
        offsets.push(at);
        Ok::<(), DecodeError>(())
    })?;
    Ok((body, offsets))
}

/// Turns every encoded body of `module` into a decoded one, so that the module is what
/// [`crate::decode`] makes of the same bytes.
pub fn decode_bodies(module: &mut awe_module::Module) -> Result<()> {
    for f in &mut module.funcs {
        if f.encoded.is_some() {
            let (body, offsets) = body_instrs(f)?;
            f.body = body;
            f.offsets = offsets;
            f.encoded = None;
        }
    }
    Ok(())
}
