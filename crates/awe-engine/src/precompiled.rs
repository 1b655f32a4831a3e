//! Precompiled modules: a module's binary with the translated code of its functions, so
//! that loading it skips translation (the form of `Module::serialize`).
//!
//! The format is versioned and tied to the build that wrote it:
//!
//! | field | bytes |
//! | --- | --- |
//! | magic | `\0awecode` |
//! | format version | `u32` |
//! | awe's version | `u8` length, then the text |
//! | the op table's layout | `u64` (FNV-1a of [`Op::LAYOUT`]) |
//! | checkpoints | `u8`: 0 none, 1 loops, 2 fuel (the [`Config`] the code was made for) |
//! | the module | `u64` length, then its binary form |
//! | functions | `u32` count (the defined functions), then each: `u8` 0 (not translated) or 1, then `func_index` `u32`, `params`, `locals`, `results` `u16`, `frame_size` `u32`, `init` (`u32` count of `u64`), `code` (`u32` count of [`Op::write`]s), `offsets` (one `u32` per op) |
//!
//! All integers are little-endian. Reading checks everything that does not need trust:
//! the header, every count against the bytes left, the module (decoded and validated as
//! any other), and each function's frame and code as the interpreter relies on them
//! (the checks of translated code). What it cannot check is that the ops are a
//! translation of the module's bodies: that is the caller's promise (see
//! [`ModuleCode::deserialize`]).

use crate::ops::{MAX_REGS, Op};
use crate::runtime::{Config, ModuleCode};
use crate::translate::{
    self, CatchPad, Checkpoints, CompiledFunc, Handler, INIT_GROUP, INIT_MIN, INIT_SMALL,
};
use std::fmt;

/// The first bytes of a precompiled module.
pub const MAGIC: [u8; 8] = *b"\0awecode";

/// The version of the format.
const FORMAT: u32 = 2;

/// Why bytes could not be read as a precompiled module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrecompiledError(String);

impl fmt::Display for PrecompiledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PrecompiledError {}

fn error<T>(what: impl Into<String>) -> Result<T, PrecompiledError> {
    Err(PrecompiledError(what.into()))
}

/// FNV-1a of the op table's layout: code made by a build with other ops is refused.
fn layout_hash() -> u64 {
    Op::LAYOUT.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn checkpoints_code(c: Checkpoints) -> u8 {
    match c {
        Checkpoints::None => 0,
        Checkpoints::Loops => 1,
        Checkpoints::Fuel => 2,
    }
}

/// Whether `bytes` start like a precompiled module.
pub fn is_precompiled(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

impl ModuleCode {
    /// The precompiled form of the module (see the module docs of `precompiled`): its
    /// binary form and the code of every function, translated now if it was not yet (a
    /// function that cannot be translated is left to be translated, and to fail, when it
    /// is called).
    pub fn serialize(&self) -> Vec<u8> {
        let wasm = awe_binary::encode(self.module());
        let mut out = Vec::with_capacity(wasm.len() * 3);
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        let version = env!("CARGO_PKG_VERSION");
        out.push(version.len() as u8);
        out.extend_from_slice(version.as_bytes());
        out.extend_from_slice(&layout_hash().to_le_bytes());
        out.push(checkpoints_code(self.checkpoints()));
        out.extend_from_slice(&(wasm.len() as u64).to_le_bytes());
        out.extend_from_slice(&wasm);
        let n = self.module().funcs.len();
        out.extend_from_slice(&(n as u32).to_le_bytes());
        for i in 0..n {
            match self.ensure(i) {
                Ok(c) => {
                    out.push(1);
                    write_func(c, &mut out);
                }
                Err(_) => out.push(0),
            }
        }
        out
    }

    /// Reads a module that [`ModuleCode::serialize`] wrote, for runtimes with `config`:
    /// its binary is decoded and validated as any module's, its functions' code is
    /// taken as it is (nothing is translated).
    ///
    /// # Errors
    /// If `bytes` are not a precompiled module, were written by another version of awe
    /// or for another configuration (fuel and interruption change the code), are
    /// truncated or malformed, or hold an invalid module or code that breaks what the
    /// interpreter relies on (a frame too large, a branch out of the code, ...).
    ///
    /// # Safety
    /// The code must be what `serialize` wrote for this very module: the interpreter runs
    /// it without the checks that validation gave its translation (the types of cells,
    /// the indices of functions, globals, tables and memories). Bytes from anywhere but
    /// a trusted `serialize` can do anything wasm could not; for them, compile the
    /// module's binary instead.
    // `unsafe` as a contract only: nothing in here is an unsafe operation.
    #[allow(unsafe_code)]
    pub unsafe fn deserialize(
        bytes: &[u8],
        config: &Config,
    ) -> Result<ModuleCode, PrecompiledError> {
        let mut r = Input { bytes, at: 0 };
        if r.take(MAGIC.len()) != Some(&MAGIC[..]) {
            return error("not a precompiled module (magic header not detected)");
        }
        let format = r.u32()?;
        if format != FORMAT {
            return error(format!(
                "precompiled module of format {format}, this awe reads format {FORMAT}"
            ));
        }
        let len = usize::from(r.u8()?);
        let version = r.take(len).ok_or_else(|| r.truncated())?;
        let ours = env!("CARGO_PKG_VERSION");
        if version != ours.as_bytes() || r.u64()? != layout_hash() {
            return error(format!(
                "precompiled by awe {}, not by this build of awe {ours}",
                String::from_utf8_lossy(version)
            ));
        }
        let made_for = r.u8()?;
        let wanted = checkpoints_code(Checkpoints::for_config(config));
        if made_for != wanted {
            let name = |c| match c {
                0 => "without fuel or interruption",
                1 => "with interruption",
                2 => "with fuel",
                _ => "for an unknown configuration",
            };
            return error(format!(
                "precompiled {}, but the engine runs code {}",
                name(made_for),
                name(wanted)
            ));
        }
        let len = r.len(1)?;
        let wasm: std::sync::Arc<[u8]> = r.take(len).ok_or_else(|| r.truncated())?.into();
        let module = awe_binary::decode_shared(&wasm)
            .map_err(|e| PrecompiledError(format!("the precompiled module: {e}")))?;
        let valid = awe_validate::validate_with(module, config.features)
            .map_err(|e| PrecompiledError(format!("the precompiled module: {e}")))?;
        let n = r.u32()? as usize;
        if n != valid.module().funcs.len() {
            return error(format!(
                "precompiled code for {n} functions, the module defines {}",
                valid.module().funcs.len()
            ));
        }
        let code = ModuleCode::for_config(valid, config);
        let imported = code.module().num_imported_funcs();
        for i in 0..n {
            let at = r.at;
            match r.u8()? {
                0 => {}
                1 => {
                    let f = read_func(&mut r)?;
                    check_func(&code, imported + i as u32, &f)
                        .map_err(|e| PrecompiledError(format!("function at offset {at}: {e}")))?;
                    code.install(i, f);
                }
                b => return error(format!("malformed function at offset {at}: {b}")),
            }
        }
        if r.at != bytes.len() {
            return error(format!("unexpected bytes at offset {}", r.at));
        }
        Ok(code)
    }
}

fn write_func(c: &CompiledFunc, out: &mut Vec<u8>) {
    out.extend_from_slice(&c.func_index.to_le_bytes());
    for v in [c.params, c.locals, c.results] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&c.frame_size.to_le_bytes());
    out.extend_from_slice(&(c.init.len() as u32).to_le_bytes());
    for v in &c.init {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(c.code.len() as u32).to_le_bytes());
    for op in &c.code {
        op.write(out);
    }
    for o in &c.offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&(c.handlers.len() as u32).to_le_bytes());
    for h in &c.handlers {
        for v in [h.start, h.end, h.first, h.count] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out.extend_from_slice(&(c.catches.len() as u32).to_le_bytes());
    for k in &c.catches {
        // The tag, plus one (0: `catch_all`).
        out.extend_from_slice(&k.tag.map_or(0, |t| u64::from(t) + 1).to_le_bytes());
        out.push(u8::from(k.with_ref));
        out.extend_from_slice(&k.pad.to_le_bytes());
        out.extend_from_slice(&k.base.to_le_bytes());
        out.extend_from_slice(&k.cells.to_le_bytes());
    }
}

fn read_func(r: &mut Input<'_>) -> Result<CompiledFunc, PrecompiledError> {
    let func_index = r.u32()?;
    let params = r.u16()?;
    let locals = r.u16()?;
    let results = r.u16()?;
    let frame_size = r.u32()?;
    let n = r.len(8)?;
    let init = (0..n).map(|_| r.u64()).collect::<Result<Box<[u64]>, _>>()?;
    // An op takes two bytes at least, and four more for its offset.
    let n = r.len(6)?;
    let mut code = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.at;
        let mut rest = &r.bytes[at..];
        let op = Op::read(&mut rest)
            .ok_or_else(|| PrecompiledError(format!("malformed op at offset {at}")))?;
        r.at = r.bytes.len() - rest.len();
        code.push(op);
    }
    let offsets = (0..n).map(|_| r.u32()).collect::<Result<Box<[u32]>, _>>()?;
    let n = r.len(16)?;
    let handlers = (0..n)
        .map(|_| {
            Ok(Handler {
                start: r.u32()?,
                end: r.u32()?,
                first: r.u32()?,
                count: r.u32()?,
            })
        })
        .collect::<Result<Box<[Handler]>, PrecompiledError>>()?;
    let n = r.len(17)?;
    let catches = (0..n)
        .map(|_| {
            let tag = r.u64()?;
            let with_ref = r.u8()?;
            Ok(CatchPad {
                tag: match tag {
                    0 => None,
                    t => Some(
                        u32::try_from(t - 1)
                            .map_err(|_| PrecompiledError("malformed catch clause".into()))?,
                    ),
                },
                with_ref: match with_ref {
                    0 => false,
                    1 => true,
                    _ => return Err(PrecompiledError("malformed catch clause".into())),
                },
                pad: r.u32()?,
                base: r.u16()?,
                cells: r.u16()?,
            })
        })
        .collect::<Result<Box<[CatchPad]>, PrecompiledError>>()?;
    Ok(CompiledFunc {
        // Not kept in precompiled code: the collector takes every cell of such a frame.
        stack_maps: None,
        handlers,
        catches,
        code: code.into_boxed_slice(),
        func_index,
        params,
        locals,
        init,
        results,
        frame_size,
        offsets,
    })
}

/// Checks what the interpreter relies on in the code of function `index`, which is not
/// a translation it made: the function and its frame as the module has them, `init` of
/// a size a call copies, and the code as translation checks it.
fn check_func(code: &ModuleCode, index: u32, f: &CompiledFunc) -> Result<(), String> {
    let m = code.module();
    let defined = (index - m.num_imported_funcs()) as usize;
    let ty = m
        .funcs
        .get(defined)
        .and_then(|func| m.type_func(func.ty))
        .ok_or("no such function")?;
    let declared: u64 = m.funcs[defined]
        .locals
        .iter()
        .map(|l| u64::from(l.count) * l.ty.cells() as u64)
        .sum();
    if f.func_index != index
        || usize::from(f.params) != ty.param_cells()
        || usize::from(f.results) != ty.result_cells()
        || u64::from(f.locals) != declared
    {
        return Err("code of another function".into());
    }
    // A call copies `init` after the parameters in one of the sizes translation makes,
    // into the window of cells every frame has (as translation bounds it).
    let init = f.init.len();
    let init_ok = init == INIT_SMALL || (init >= INIT_MIN && init.is_multiple_of(INIT_GROUP));
    if f.frame_size as usize > MAX_REGS
        || !init_ok
        || init < usize::from(f.locals)
        || usize::from(f.params) + init > MAX_REGS + INIT_GROUP
    {
        return Err("a frame the interpreter cannot run".into());
    }
    if f.offsets.len() != f.code.len() {
        return Err("offsets for another code".into());
    }
    // The interpreter resumes at a pad, writes a clause's cells and names its tag.
    let tags = m.num_imported(awe_module::ExternKind::Tag) as usize + m.tags.len();
    let len = f.code.len() as u64;
    for h in &f.handlers {
        if h.start > h.end
            || u64::from(h.end) > len
            || u64::from(h.first) + u64::from(h.count) > f.catches.len() as u64
        {
            return Err("a try_table outside the code".into());
        }
    }
    for k in &f.catches {
        if u64::from(k.pad) >= len
            || u32::from(k.base) + u32::from(k.cells) > f.frame_size
            || k.tag.is_some_and(|t| t as usize >= tags)
        {
            return Err("a catch clause the code does not have".into());
        }
    }
    translate::check_code(&f.code)
}

/// The bytes being read, and where.
struct Input<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    fn truncated(&self) -> PrecompiledError {
        PrecompiledError(format!(
            "truncated precompiled module at offset {}",
            self.at
        ))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], PrecompiledError> {
        match self.take(N) {
            Some(s) => Ok(s.try_into().unwrap_or([0; N])),
            None => Err(self.truncated()),
        }
    }

    fn u8(&mut self) -> Result<u8, PrecompiledError> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, PrecompiledError> {
        self.array().map(u16::from_le_bytes)
    }

    fn u32(&mut self) -> Result<u32, PrecompiledError> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, PrecompiledError> {
        self.array().map(u64::from_le_bytes)
    }

    /// A count of items of at least `size` bytes each, checked against the bytes left
    /// (nothing is allocated for items the input cannot hold).
    fn len(&mut self, size: usize) -> Result<usize, PrecompiledError> {
        let at = self.at;
        let n = if size == 1 {
            self.u64()?
        } else {
            u64::from(self.u32()?)
        };
        let left = (self.bytes.len() - self.at) as u64;
        if n.checked_mul(size as u64).is_none_or(|b| b > left) {
            return error(format!("length out of bounds at offset {at}"));
        }
        Ok(n as usize)
    }
}
