//! Going through a function body's instructions, whether the body was decoded into
//! [`Func::body`] or kept in its encoding ([`Func::encoded`], from
//! [`crate::decode_shared`]).

use crate::error::{DecodeError, Result};
use crate::instr::{decode_instr_after_opcode, is_prefix};
use crate::reader::Reader;
use awe_module::{Func, Instr};

/// Calls `each` with every instruction of `func`'s body in order, its position in the
/// body and its byte offset in the binary (when known), and stops at the first error.
///
/// An encoded body is decoded as it goes, without keeping anything: its bytes were
/// checked by the decoder that kept them, so a decoding error here can only come from
/// an [`awe_module::EncodedBody`] made by hand; it is passed on through `E`'s `From`.
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
    let range = enc.range();
    let mut r = Reader::new(&enc.module_bytes()[..range.end]);
    r.skip_to(range.start);
    let mut i = 0;
    while !r.at_end() {
        let at = r.pos();
        let instr = next_instr(&mut r)?;
        each(i, Some(at as u32), &instr)?;
        i += 1;
    }
    Ok(())
}

/// The instruction at the reader's position.
#[inline]
fn next_instr(r: &mut Reader<'_>) -> Result<Instr> {
    let at = r.pos();
    let byte = r.u8()?;
    Ok(match byte {
        0x0b => Instr::End,
        0x05 => Instr::Else,
        _ => {
            let sub = if is_prefix(byte) { r.u32()? } else { 0 };
            decode_instr_after_opcode(r, byte, sub, at)?
        }
    })
}

/// The body of `func` as a list of instructions and their offsets (both as in
/// [`Func::body`] and [`Func::offsets`] after [`crate::decode`]).
pub fn body_instrs(func: &Func) -> Result<(Vec<Instr>, Vec<u32>)> {
    let mut body = Vec::new();
    let mut offsets = Vec::new();
    for_each_instr(func, |_, at, instr| {
        body.push(instr.clone());
        if let Some(at) = at {
            offsets.push(at);
        }
        Ok::<(), DecodeError>(())
    })?;
    if offsets.len() != body.len() {
        offsets.clear();
    }
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
