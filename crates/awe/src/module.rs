//! [`Module`]: compiled code, stateless, shareable between threads.

use crate::engine::Engine;
use crate::error::{Error, Result};
use awe_engine::ModuleCode;
use awe_module::{ExternKind, ImportDesc};
use std::sync::Arc;

/// What an import or export is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternType {
    /// A function of this type.
    Func(awe_module::FuncType),
    /// A table.
    Table(awe_module::TableType),
    /// A memory.
    Memory(awe_module::MemType),
    /// A global.
    Global(awe_module::GlobalType),
    /// A tag whose exceptions carry this type's parameters.
    Tag(awe_module::FuncType),
}

/// An import of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportType {
    /// The module name.
    pub module: String,
    /// The item name.
    pub name: String,
    /// What must be provided.
    pub ty: ExternType,
}

impl ImportType {
    /// The module name.
    pub fn module(&self) -> &str {
        &self.module
    }

    /// The item name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What must be provided.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// An export of a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportType {
    /// The name.
    pub name: String,
    /// What it is.
    pub ty: ExternType,
}

impl ExportType {
    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What it is.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// A compiled module: decoded (or parsed), validated, ready to instantiate any number
/// of times in any store. Functions are translated on their first call.
#[derive(Clone, Debug)]
pub struct Module {
    pub(crate) engine: Engine,
    pub(crate) code: Arc<ModuleCode>,
}

impl Module {
    /// Compiles a module from the binary or text format.
    ///
    /// # Errors
    /// `Error::Compile`: malformed or invalid, with the byte offset (binary) or the line and
    /// column (text).
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        if bytes.starts_with(b"\0asm") {
            return Self::from_binary(engine, bytes);
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::Compile(format!(
                "malformed UTF-8 encoding at offset {}",
                e.valid_up_to()
            ))
        })?;
        let m =
            awe_text::parse_module(text).map_err(|e| Error::Compile(e.render(text, "<module>")))?;
        Self::from_module(engine, m)
    }

    /// Compiles a module from the binary format (the bytes are copied once: the module
    /// keeps its function bodies in their encoding).
    ///
    /// # Errors
    /// `Error::Compile`: malformed or invalid, with the byte offset.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        Self::from_shared(engine, &Arc::from(bytes))
    }

    /// Compiles a module from the binary format without copying the bytes: its function
    /// bodies stay ranges of `bytes`, decoded when they are validated (all of them, now)
    /// and when each is translated (on its first call).
    ///
    /// # Errors
    /// `Error::Compile`: malformed or invalid, with the byte offset.
    pub fn from_shared(engine: &Engine, bytes: &Arc<[u8]>) -> Result<Module> {
        let m = awe_binary::decode_shared(bytes).map_err(|e| Error::Compile(e.to_string()))?;
        Self::from_module(engine, m)
    }

    /// Compiles a module of the model.
    ///
    /// # Errors
    /// `Error::Compile`: the module is invalid.
    pub fn from_module(engine: &Engine, m: awe_module::Module) -> Result<Module> {
        let features = engine.config().runtime.features;
        let valid =
            awe_validate::validate_with(m, features).map_err(|e| Error::Compile(e.to_string()))?;
        Ok(Module {
            engine: engine.clone(),
            code: Arc::new(ModuleCode::for_config(valid, &engine.config().runtime)),
        })
    }

    /// Compiles the module in file `path` (binary or text format).
    ///
    /// # Errors
    /// If the file cannot be read (`Error::Usage`, with the path), or does not hold a
    /// valid module.
    pub fn from_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::usage(format!("{}: cannot read: {e}", path.display())))?;
        if bytes.starts_with(b"\0asm") {
            return Self::from_shared(engine, &Arc::from(bytes));
        }
        Self::new(engine, bytes)
    }

    /// Checks that `bytes` are a valid module for `engine`, without keeping anything.
    ///
    /// # Errors
    /// The reason they are not (malformed or invalid), with where.
    pub fn validate(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<()> {
        Self::new(engine, bytes).map(drop)
    }

    /// The module in precompiled form, to be loaded by [`Module::deserialize`] without
    /// translating its functions again: a versioned format tied to this build of awe and
    /// to the engine's configuration (fuel and interruption change the code). Every
    /// function is translated now, if it was not yet.
    ///
    /// # Errors
    /// None today; the `Result` is wasmtime's shape.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        Ok(self.code.serialize())
    }

    /// Loads a module that [`Module::serialize`] wrote: its binary is decoded and
    /// validated as any module's, and its functions' code is taken as it is, not
    /// translated again.
    ///
    /// # Errors
    /// `Error::Compile`: the bytes are not a precompiled module, were written by
    /// another build of awe or for an engine configured otherwise (fuel, interruption),
    /// or are damaged, or hold an invalid module or code the interpreter cannot run.
    ///
    /// # Safety
    /// As wasmtime's: the bytes must come from `serialize` (of this build, kept where
    /// nobody else could change them). The module is validated, but the translated code
    /// is only checked for what keeps the interpreter inside its own frames and code;
    /// code that is not a translation of the module could break wasm's sandbox. Never
    /// deserialize bytes from an untrusted source: compile the module's binary instead.
    #[allow(unsafe_code)]
    pub unsafe fn deserialize(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        // SAFETY: the caller's promise, passed on.
        let code = unsafe { ModuleCode::deserialize(bytes.as_ref(), &engine.config().runtime) }
            .map_err(|e| Error::Compile(e.to_string()))?;
        Ok(Module {
            engine: engine.clone(),
            code: Arc::new(code),
        })
    }

    /// Whether `bytes` start as a precompiled module ([`Module::serialize`]'s form) does.
    pub fn is_precompiled(bytes: &[u8]) -> bool {
        awe_engine::precompiled::is_precompiled(bytes)
    }

    /// [`Module::deserialize`] of the bytes of file `path`.
    ///
    /// # Errors
    /// If the file cannot be read (`Error::Usage`, with the path), else as
    /// [`Module::deserialize`].
    ///
    /// # Safety
    /// As [`Module::deserialize`]: the file must have been written by `serialize`.
    #[allow(unsafe_code)]
    pub unsafe fn deserialize_file(
        engine: &Engine,
        path: impl AsRef<std::path::Path>,
    ) -> Result<Module> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::usage(format!("{}: cannot read: {e}", path.display())))?;
        // SAFETY: the caller's promise, passed on.
        unsafe { Self::deserialize(engine, bytes) }
    }

    /// The engine the module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Translates every function now instead of on its first call, and returns the
    /// first translation error (with the function's index). For tests and fuzzing: a
    /// translator bug in a function that is never called is otherwise never seen.
    ///
    /// # Errors
    /// The first function that cannot be translated, with its index.
    pub fn translate_all(&self) -> Result<()> {
        let imported = self.code.module().num_imported_funcs();
        for i in 0..self.code.module().funcs.len() {
            self.code
                .ensure(i)
                .map_err(|e| Error::Compile(format!("function {}: {e}", imported as usize + i)))?;
        }
        Ok(())
    }

    /// Where each defined function runs now (in order; the first is function
    /// `imports` of the module): for diagnostics and tests of the compiling tier.
    pub fn function_tiers(&self) -> Vec<FunctionTier> {
        (0..self.code.module().funcs.len())
            .map(|i| {
                if self.code.is_compiled(i) {
                    FunctionTier::Compiled
                } else if let Some(why) = self.code.not_compiled(i) {
                    FunctionTier::NotCompiled(why.to_owned())
                } else {
                    FunctionTier::Interpreted
                }
            })
            .collect()
    }

    /// Compiles every function to native code now (where the engine's strategy
    /// compiles at all), instead of on its first or its hot calls; then
    /// [`Module::function_tiers`] says which the compiler does not support and why.
    pub fn compile_all(&self) {
        for i in 0..self.code.module().funcs.len() {
            let _ = self.code.compile_now(i);
        }
    }

    /// The imports, in order.
    pub fn imports(&self) -> Vec<ImportType> {
        let m = self.code.module();
        m.imports
            .iter()
            .map(|i| ImportType {
                module: i.module.clone(),
                name: i.name.clone(),
                ty: match i.desc {
                    ImportDesc::Func(t) => ExternType::Func(m.valid_func_type(t).clone()),
                    ImportDesc::Table(t) => ExternType::Table(t),
                    ImportDesc::Memory(t) => ExternType::Memory(t),
                    ImportDesc::Global(t) => ExternType::Global(t),
                    ImportDesc::Tag(t) => ExternType::Tag(m.valid_func_type(t.ty).clone()),
                },
            })
            .collect()
    }

    /// The exports, in order.
    pub fn exports(&self) -> Vec<ExportType> {
        let m = self.code.module();
        let kinds = |k: ExternKind| m.imports.iter().filter(move |i| i.desc.kind() == k);
        m.exports
            .iter()
            .filter_map(|e| {
                let i = e.desc.index() as usize;
                let ty = match e.desc.kind() {
                    ExternKind::Func => {
                        ExternType::Func(m.func_type(awe_module::FuncIdx(i as u32))?.clone())
                    }
                    ExternKind::Table => ExternType::Table(match kinds(ExternKind::Table).nth(i) {
                        Some(imp) => match imp.desc {
                            ImportDesc::Table(t) => t,
                            _ => return None,
                        },
                        None => m.tables.get(i - kinds(ExternKind::Table).count())?.ty,
                    }),
                    ExternKind::Memory => {
                        ExternType::Memory(match kinds(ExternKind::Memory).nth(i) {
                            Some(imp) => match imp.desc {
                                ImportDesc::Memory(t) => t,
                                _ => return None,
                            },
                            None => *m.memories.get(i - kinds(ExternKind::Memory).count())?,
                        })
                    }
                    ExternKind::Global => {
                        ExternType::Global(match kinds(ExternKind::Global).nth(i) {
                            Some(imp) => match imp.desc {
                                ImportDesc::Global(t) => t,
                                _ => return None,
                            },
                            None => m.globals.get(i - kinds(ExternKind::Global).count())?.ty,
                        })
                    }
                    ExternKind::Tag => {
                        let t = match kinds(ExternKind::Tag).nth(i) {
                            Some(imp) => match imp.desc {
                                ImportDesc::Tag(t) => t,
                                _ => return None,
                            },
                            None => *m.tags.get(i - kinds(ExternKind::Tag).count())?,
                        };
                        ExternType::Tag(m.type_func(t.ty)?.clone())
                    }
                };
                Some(ExportType {
                    name: e.name.clone(),
                    ty,
                })
            })
            .collect()
    }

    /// The payloads of the custom sections called `name`.
    pub fn custom_sections<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.code
            .module()
            .customs
            .iter()
            .filter(move |c| c.name == name)
            .map(|c| c.data.as_slice())
    }

    /// The function names of the `name` section, for backtraces.
    pub fn func_name(&self, index: u32) -> Option<&str> {
        self.code.module().names.func(awe_module::FuncIdx(index))
    }
}

// A module is shared between threads.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Module>();
};

/// Where a defined function runs ([`Module::function_tiers`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FunctionTier {
    /// In the interpreter, not compiled (yet).
    Interpreted,
    /// Native code.
    Compiled,
    /// In the interpreter for good: the compiler does not support what it uses.
    NotCompiled(String),
}
