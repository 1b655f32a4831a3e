//! The runtime ([spec §4.2](https://webassembly.github.io/spec/core/exec/runtime.html)):
//! functions, tables, memories, globals and instances, each in an arena and named by
//! its address. Values live in 64-bit cells: integers and floats as bits, references as
//! `0` for null, `address + 1` for a function, `n + 1` for host reference `n`.

use crate::memory::LinearMemory;
use crate::translate::{Checkpoints, CompiledFunc, TranslateError, translate};
use crate::trap::{Trap, TrapCode};
use awe_module::*;
use awe_validate::ValidModule;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

/// Bytes in a page of linear memory.
pub const PAGE_SIZE: usize = 65536;

macro_rules! addr {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(transparent)]
        pub struct $name(pub u32);
    )*};
}
addr! {
    /// A function of the runtime.
    FuncAddr;
    /// A table of the runtime.
    TableAddr;
    /// A memory of the runtime.
    MemAddr;
    /// A global of the runtime.
    GlobalAddr;
    /// An instance of the runtime.
    InstanceAddr;
    /// A tag of the runtime (exception handling).
    TagAddr;
    /// An exception of the runtime, what an `exnref` refers to.
    ExnAddr;
}

/// The default of [`Config::min_native_stack`]: 64 KiB, eight times what one level of
/// wasm → host → wasm uses in a debug build of the embedding API (7.9 KiB; see
/// ARCHITECTURE.md, "No native recursion").
pub const MIN_NATIVE_STACK: usize = 64 << 10;

/// The default of [`Config::max_total_memory_bytes`]: 4 GiB, one 32-bit memory of the
/// largest size.
pub const MAX_TOTAL_MEMORY_BYTES: u64 = 1 << 32;

/// Limits and switches of a runtime.
#[derive(Clone, Debug)]
pub struct Config {
    /// Deepest nesting of calls before "call stack exhausted".
    pub max_call_depth: usize,
    /// Most cells of the value stack (all frames together).
    pub max_stack_cells: usize,
    /// Bytes of native stack a call from the host must find left to enter the
    /// interpreter; with less it fails with "call stack exhausted". Host functions that
    /// call wasm nest the interpreter on the native stack: this ends their recursion
    /// before the thread's stack overflows (where the thread's bounds are known).
    pub min_native_stack: usize,
    /// Most pages a memory may grow to (besides its own maximum, and 4 GiB for a memory
    /// with 32-bit addresses). A memory reserves address space for the most it may
    /// grow to.
    pub max_memory_pages: u64,
    /// Most bytes of linear memory the runtime's memories may have together (the sum of
    /// their current sizes): `memory.grow` past it returns -1, and a new memory that
    /// would pass it is refused.
    pub max_total_memory_bytes: u64,
    /// Most elements a table may grow to (besides its own maximum).
    pub max_table_elements: u32,
    /// Most instances.
    pub max_instances: usize,
    /// Most bytes GC's objects (structs and arrays) may take together, counted after a
    /// collection: an allocation past it traps ("out of memory: the GC heap is full").
    pub max_gc_heap_bytes: usize,
    /// Whether code counts fuel.
    pub fuel: bool,
    /// Whether loops check the interrupt flag (calls always do).
    pub interruptible: bool,
    /// The WebAssembly features modules may use (all by default).
    pub features: awe_validate::Features,
    /// How functions run: interpreted, compiled, or compiled once hot (with a
    /// [`Config::compiler`]; without one everything is interpreted).
    pub strategy: crate::native::Strategy,
    /// The compiling tier's code generator, if one is installed.
    pub compiler: Option<Arc<dyn crate::native::Compiler>>,
    /// With [`Strategy::Tiered`](crate::native::Strategy::Tiered), the calls a function
    /// runs interpreted before it is compiled.
    pub tier_up_calls: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_call_depth: 10_000,
            max_stack_cells: 16 << 20,
            min_native_stack: MIN_NATIVE_STACK,
            max_memory_pages: 65536,
            max_total_memory_bytes: MAX_TOTAL_MEMORY_BYTES,
            max_table_elements: 10_000_000,
            max_instances: 10_000,
            max_gc_heap_bytes: 1 << 30,
            fuel: false,
            interruptible: false,
            features: awe_validate::Features::ALL,
            strategy: crate::native::Strategy::Tiered,
            compiler: None,
            tier_up_calls: 1000,
        }
    }
}

/// The translation of one function, made on its first call.
type Translated = OnceLock<Result<Arc<CompiledFunc>, TranslateError>>;

/// A validated module with its functions translated on first call; shared by every
/// instance of it, across threads.
#[derive(Debug)]
pub struct ModuleCode {
    module: ValidModule,
    compiled: Box<[Translated]>,
    /// For each defined function, its code once translated (null before): what calls
    /// read, instead of the `OnceLock` in `compiled` that owns the code.
    ready: Box<[CodeCache]>,
    /// Where the code has checkpoints (see [`translate`]).
    checkpoints: Checkpoints,
    /// The number of imported functions: defined function `i` is function
    /// `imported_funcs + i` (counted once, not per call).
    imported_funcs: u32,
    /// The compiled functions, with a compiler and a strategy that compiles.
    pub(crate) native: Option<crate::native::NativeTier>,
}

impl ModuleCode {
    /// Prepares `module` for execution without checkpoints; nothing is translated yet.
    pub fn new(module: ValidModule) -> Self {
        Self::for_config(module, &Config::default())
    }

    /// Prepares `module` for runtimes with `config`: its code counts fuel if
    /// [`Config::fuel`] is on, and checks interrupts in loops if
    /// [`Config::interruptible`] is on.
    pub fn for_config(module: ValidModule, config: &Config) -> Self {
        let n = module.module().funcs.len();
        let checkpoints = Checkpoints::for_config(config);
        ModuleCode {
            imported_funcs: module.module().num_imported_funcs(),
            module,
            compiled: (0..n).map(|_| OnceLock::new()).collect(),
            ready: (0..n).map(|_| CodeCache::default()).collect(),
            checkpoints,
            native: crate::native::NativeTier::new(config, n),
        }
    }

    /// The module.
    pub fn module(&self) -> &Module {
        self.module.module()
    }

    /// Where the code has checkpoints.
    pub(crate) fn checkpoints(&self) -> Checkpoints {
        self.checkpoints
    }

    /// Takes `code` as the translation of defined function `i` (precompiled code, which
    /// `precompiled` checked as far as it can).
    pub(crate) fn install(&self, i: usize, code: CompiledFunc) {
        if self.compiled[i].set(Ok(Arc::new(code))).is_ok()
            && let Some(Ok(c)) = self.compiled[i].get()
        {
            self.ready[i].set(c);
        }
    }

    /// The code of defined function `i` (translated on first use).
    pub fn compiled(&self, i: usize) -> Result<Arc<CompiledFunc>, TranslateError> {
        self.ensure(i).map(|_| ()).and_then(|()| {
            self.compiled[i]
                .get()
                .and_then(|r| r.as_ref().ok().cloned())
                .ok_or_else(|| TranslateError::Unsupported("not translated".into()))
        })
    }

    /// The code of defined function `i`, translated now if it was not yet; no reference
    /// count is touched.
    pub fn ensure(&self, i: usize) -> Result<&CompiledFunc, TranslateError> {
        match self.translated(i) {
            Ok(c) => Ok(c),
            Err(e) => Err(e.clone()),
        }
    }

    /// The code of defined function `i` if it has been translated.
    pub fn compiled_ref(&self, i: usize) -> Option<&CompiledFunc> {
        self.compiled.get(i)?.get()?.as_ref().ok().map(|c| &**c)
    }

    fn translated(&self, i: usize) -> &Result<Arc<CompiledFunc>, TranslateError> {
        let cell = &self.compiled[i];
        let r = cell.get_or_init(|| {
            let m = self.module.module();
            let ctx = self.module.context();
            let index = FuncIdx(self.imported_funcs + i as u32);
            translate(&ctx, index, &m.funcs[i], self.checkpoints).map(Arc::new)
        });
        // The interpreter's own calls go straight to the translation only once the
        // function is to stay interpreted (else its calls go through `call_func`, which
        // counts them and runs native code).
        if let Ok(c) = r
            && self
                .native
                .as_ref()
                .is_none_or(|n| n.interpreted_for_good(i))
        {
            self.ready[i].set(c);
        }
        r
    }

    /// The validated module.
    pub(crate) fn valid(&self) -> &ValidModule {
        &self.module
    }

    /// Why defined function `i` runs in the interpreter although a compiler is
    /// installed (once its compilation was tried), for diagnostics.
    pub fn not_compiled(&self, i: usize) -> Option<&str> {
        self.native.as_ref()?.unsupported(i)
    }

    /// Compiles defined function `i` to native code now if it was not: `None` without a
    /// compiling tier, else whether it has native code (the reason it has not).
    pub fn compile_now(&self, i: usize) -> Option<Result<(), String>> {
        let tier = self.native.as_ref()?;
        Some(
            tier.compiled(&self.module, self.checkpoints, i)
                .map(|_| ())
                .map_err(str::to_owned),
        )
    }

    /// Whether defined function `i` has native code.
    pub fn is_compiled(&self, i: usize) -> bool {
        self.native.as_ref().is_some_and(|n| n.has_code(i))
    }

    /// For each defined function, its code once it has been translated (null before).
    #[inline(always)]
    pub(crate) fn ready(&self) -> &[CodeCache] {
        &self.ready
    }
}

/// What a function is.
#[derive(Clone, Debug)]
pub(crate) enum FuncKind {
    /// Defined in a module.
    Wasm {
        /// Its instance.
        instance: InstanceAddr,
        /// Its module's code.
        code: Arc<ModuleCode>,
        /// Its index among the module's defined functions.
        index: u32,
    },
    /// Provided by the host: the embedder knows what `id` means.
    Host {
        /// The embedder's number for it.
        id: u32,
    },
}

/// Where the translated code of a wasm function is, once its first call translated it:
/// the interpreter's calls look here instead of through the module's `OnceLock`. It
/// points into that `OnceLock`'s `Arc`, which the `ModuleCode` keeps as long as itself.
#[derive(Debug, Default)]
pub(crate) struct CodeCache(std::sync::atomic::AtomicPtr<CompiledFunc>);

impl CodeCache {
    /// The code, or null before the function's first call (and for host functions).
    #[inline(always)]
    pub(crate) fn get(&self) -> *const CompiledFunc {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Remembers `code`, which must be owned by the same [`ModuleCode`].
    fn set(&self, code: &CompiledFunc) {
        self.0.store(
            code as *const CompiledFunc as *mut CompiledFunc,
            std::sync::atomic::Ordering::Release,
        );
    }
}

/// A function.
#[derive(Clone, Debug)]
pub(crate) struct FuncInst {
    /// Its type.
    pub(crate) ty: FuncType,
    /// Its type's number in the runtime (equal types, equal numbers).
    pub(crate) type_id: u32,
    /// Its instance's address (`u32::MAX` for a host function) and its index among
    /// the defined functions there: what native code's `call_indirect` reads
    /// ([`crate::native::FUNC_OWNER`]) to jump to a callee of its own instance.
    pub(crate) owner: u32,
    pub(crate) defined: u32,
    /// What it is.
    pub(crate) kind: FuncKind,
}

/// A table.
#[derive(Clone, Debug)]
pub(crate) struct TableInst {
    /// What of an index cell is the index: all 64 bits for 64-bit indices, the low 32
    /// for 32-bit ones (`TableInst::index`, one `and` on the calls' path).
    pub(crate) mask: u64,
    /// Its type (the minimum is its current size).
    pub(crate) ty: TableType,
    /// Its elements, as reference cells.
    pub(crate) elements: Vec<u64>,
}

impl TableInst {
    /// The index (or length) in a cell: all 64 bits for a table with 64-bit indices,
    /// the low 32 for one with 32-bit indices.
    #[inline(always)]
    pub(crate) fn index(&self, cell: u64) -> u64 {
        cell & self.mask
    }

    /// Index `i` as a position in `elements`, if it is one.
    #[inline(always)]
    pub(crate) fn slot(&self, i: u64) -> Option<usize> {
        usize::try_from(i).ok().filter(|&i| i < self.elements.len())
    }

    /// Element `i` (an index of the table's type), if there is one.
    #[inline(always)]
    pub(crate) fn get(&self, i: u64) -> Option<u64> {
        self.elements.get(usize::try_from(i).ok()?).copied()
    }
}

/// A tag: what identifies the exceptions thrown with it.
#[derive(Clone, Debug)]
pub(crate) struct TagInst {
    /// Its type (the payload is the parameters).
    pub(crate) ty: FuncType,
    /// Its type's number in the runtime.
    pub(crate) type_id: u32,
}

/// An exception: a tag and its payload.
#[derive(Clone, Debug)]
pub(crate) struct ExnInst {
    /// The tag.
    pub(crate) tag: TagAddr,
    /// The payload cells, one per parameter of the tag's type.
    pub(crate) payload: Box<[u64]>,
    /// Whether a reference to it may exist (`catch_ref`, `catch_all_ref`, the host):
    /// one no reference reached is freed when a handler without `_ref` catches it.
    pub(crate) referenced: bool,
}

/// A linear memory.
#[derive(Debug)]
pub(crate) struct MemoryInst {
    /// Its type (the minimum is its current size in pages).
    pub(crate) ty: MemType,
    /// Its bytes, at an address that does not move when it grows (on unix).
    pub(crate) data: LinearMemory,
}

impl MemoryInst {
    /// Its size in pages.
    pub(crate) fn pages(&self) -> u64 {
        (self.data.len() / PAGE_SIZE) as u64
    }
}

/// A global.
#[derive(Clone, Debug)]
pub(crate) struct GlobalInst {
    /// Its type.
    pub(crate) ty: GlobalType,
    /// Its value cell (the low 64 bits of a `v128`): what `global.get` reads.
    pub(crate) value: u64,
    /// The high 64 bits of a `v128` value (0 for every other type).
    pub(crate) high: u64,
}

impl GlobalInst {
    /// Its value as 128 bits: a `v128` whole, any other type zero-extended.
    pub(crate) fn value128(&self) -> u128 {
        u128::from(self.high) << 64 | u128::from(self.value)
    }

    /// Sets its value from 128 bits (only a `v128` keeps the high half).
    pub(crate) fn set_value128(&mut self, v: u128) {
        self.value = v as u64;
        self.high = if self.ty.content == ValType::V128 {
            (v >> 64) as u64
        } else {
            0
        };
    }
}

/// An instance of a module.
#[derive(Debug)]
pub(crate) struct ModuleInst {
    /// Its module's code.
    pub(crate) code: Arc<ModuleCode>,
    /// Its function space.
    pub(crate) funcs: Vec<FuncAddr>,
    /// Its table space.
    pub(crate) tables: Vec<TableAddr>,
    /// Its memory space.
    pub(crate) memories: Vec<MemAddr>,
    /// Its global space.
    pub(crate) globals: Vec<GlobalAddr>,
    /// Its tag space.
    pub(crate) tags: Vec<TagAddr>,
    /// The runtime type number of each of its types.
    pub(crate) type_ids: Vec<u32>,
    /// Its element segments (empty once dropped).
    pub(crate) elems: Vec<Vec<u64>>,
    /// Its data segments (`None` once dropped).
    pub(crate) datas: Vec<Option<Arc<[u8]>>>,
}

impl ModuleInst {
    /// The address of its defined function number `index` (its index in the function
    /// space less the imports), which `Op::CallLocal` names.
    pub(crate) fn defined_func(&self, index: u32) -> FuncAddr {
        self.funcs[(self.code.imported_funcs + index) as usize]
    }
}

/// Something an instance imports or exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extern {
    /// A function.
    Func(FuncAddr),
    /// A table.
    Table(TableAddr),
    /// A memory.
    Memory(MemAddr),
    /// A global.
    Global(GlobalAddr),
    /// A tag.
    Tag(TagAddr),
}

/// Every entity of a store, and the value stack.
///
/// Its arenas, fuel and stack are the engine's own: an embedder reaches them only
/// through its methods, named for what they do, which keep the invariants the
/// interpreter relies on. The fields cannot be named from outside:
///
/// ```compile_fail,E0616
/// let rt = awe_engine::Runtime::new(awe_engine::Config::default());
/// let _ = rt.memories.len();
/// ```
///
/// ```compile_fail,E0616
/// let mut rt = awe_engine::Runtime::new(awe_engine::Config::default());
/// rt.fuel = u64::MAX;
/// ```
///
/// and the entities in them are not exported:
///
/// ```compile_fail,E0432
/// use awe_engine::MemoryInst;
/// ```
#[derive(Debug, Default)]
pub struct Runtime {
    /// Limits and switches.
    pub(crate) config: Config,
    /// Functions. Only ever appended to: the interpreter keeps pointers to their code.
    pub(crate) funcs: Vec<FuncInst>,
    /// Tables.
    pub(crate) tables: Vec<TableInst>,
    /// Memories.
    pub(crate) memories: Vec<MemoryInst>,
    /// Globals.
    pub(crate) globals: Vec<GlobalInst>,
    /// Instances.
    pub(crate) instances: Vec<ModuleInst>,
    /// Tags.
    pub(crate) tags: Vec<TagInst>,
    /// Exceptions (`None`: a free slot, in `free_exceptions`).
    pub(crate) exceptions: Vec<Option<ExnInst>>,
    /// The free slots of `exceptions`.
    pub(crate) free_exceptions: Vec<u32>,
    /// The runtime number of each type (see [`crate::types`]).
    pub(crate) types: crate::types::TypeRegistry,
    /// GC's objects (see [`crate::gc`]).
    pub(crate) gc: crate::gc::GcHeap,
    /// The value stack (frames of all active calls). The interpreter keeps at least
    /// [`crate::exec::REG_WINDOW`] cells after the base of every active frame, which its
    /// unchecked cell accesses rely on; so only this crate may change it.
    pub(crate) stack: Vec<u64>,
    /// First free cell of the stack: where a new outermost call puts its frame.
    pub(crate) stack_top: usize,
    /// Wasm frames of the calls in progress that called the host (the frames of the
    /// innermost call from the host are counted by the interpreter alone).
    pub(crate) depth: usize,
    /// The frames of those calls, outermost first, while their host functions run (for
    /// the collector's stack maps).
    pub(crate) suspended: crate::exec::Suspended,
    /// Bytes of all memories together (see [`Config::max_total_memory_bytes`]).
    pub(crate) memory_bytes: u64,
    /// Fuel left, when fuel is on.
    pub(crate) fuel: u64,
    /// Set by another thread to stop the running call at its next checkpoint (function
    /// entry, loop iteration, block end) with [`crate::TrapCode::Interrupted`].
    pub(crate) interrupt: Arc<AtomicBool>,
    /// Set with `interrupt` by an embedder's explicit request (not by an epoch), for the
    /// host to tell the two apart; cleared with it at the outermost entry.
    pub(crate) interrupt_requested: Arc<AtomicBool>,
    /// The epoch deadline: the engine's epoch counter and the value it must reach
    /// for the next call to be interrupted at once (see `Runtime::set_epoch_deadline`).
    pub(crate) epoch_deadline: Option<(Arc<std::sync::atomic::AtomicU64>, u64)>,
}

/// `t` with each concrete heap type's index (of the module) made the runtime number of
/// that type (`ids`, the instance's `type_ids`): the types the runtime keeps and compares.
fn canonical_val_type(t: ValType, ids: &[u32]) -> ValType {
    t.map_concrete(&mut |i| ids.get(i as usize).copied().unwrap_or(i))
}

/// A function type made of runtime type numbers (see [`canonical_val_type`]).
fn canonical_func_type(t: &FuncType, ids: &[u32]) -> FuncType {
    t.map_concrete(|i| ids.get(i as usize).copied().unwrap_or(i))
}

/// A table type made of runtime type numbers (see [`canonical_val_type`]).
fn canonical_table_type(mut t: TableType, ids: &[u32]) -> TableType {
    if let ValType::Ref(r) = canonical_val_type(t.elem.val_type(), ids) {
        t.elem = r;
    }
    t
}

/// A global type made of runtime type numbers (see [`canonical_val_type`]).
fn canonical_global_type(mut t: GlobalType, ids: &[u32]) -> GlobalType {
    t.content = canonical_val_type(t.content, ids);
    t
}

/// Why instantiation failed.
#[derive(Debug)]
pub enum InstantiateError {
    /// An import does not fit ("incompatible import type"), or imports are missing.
    Link(String),
    /// A trap while initializing segments or running the start function.
    Trap(Trap),
    /// Code that cannot run here.
    Unsupported(String),
}

impl Runtime {
    /// An empty runtime.
    pub fn new(config: Config) -> Self {
        Runtime {
            config,
            ..Runtime::default()
        }
    }

    /// Adds a host function of type `ty`; `id` is the embedder's number for it.
    pub fn add_host_func(&mut self, ty: FuncType, id: u32) -> FuncAddr {
        let type_id = self.types.func(&ty);
        self.funcs.push(FuncInst {
            ty,
            type_id,
            owner: u32::MAX,
            defined: 0,
            kind: FuncKind::Host { id },
        });
        FuncAddr(self.funcs.len() as u32 - 1)
    }

    /// The most pages memory type `ty` may ever have here: its maximum, within what its
    /// addresses reach (4 GiB for 32-bit ones; for 64-bit ones what this host's
    /// address space does), the per-memory and the total limit.
    fn max_pages(&self, ty: &MemType) -> u64 {
        let total = self.config.max_total_memory_bytes / PAGE_SIZE as u64;
        ty.limits
            .max
            .unwrap_or(u64::MAX)
            .min(addressable_pages(ty))
            .min(self.config.max_memory_pages)
            .min(total)
    }

    /// Whether `bytes` more of linear memory stay within the total limit.
    fn memory_fits(&self, bytes: u64) -> bool {
        self.memory_bytes
            .checked_add(bytes)
            .is_some_and(|total| total <= self.config.max_total_memory_bytes)
    }

    /// Adds a memory of type `ty`: address space for its maximum size is reserved, and
    /// its pages committed as they are first touched.
    pub fn add_memory(&mut self, ty: MemType) -> Result<MemAddr, String> {
        if ty.limits.min > self.config.max_memory_pages {
            return Err(format!(
                "memory of {} pages exceeds the limit of {} pages",
                ty.limits.min, self.config.max_memory_pages
            ));
        }
        if ty.limits.min > addressable_pages(&ty) {
            return Err(format!(
                "memory of {} pages exceeds this host's address space",
                ty.limits.min
            ));
        }
        // Within the address space, so no overflow.
        let bytes = ty.limits.min * PAGE_SIZE as u64;
        if !self.memory_fits(bytes) {
            return Err(format!(
                "memory of {} pages would bring the store's linear memory to {} bytes, \
                 over its limit of {} bytes",
                ty.limits.min,
                self.memory_bytes.saturating_add(bytes),
                self.config.max_total_memory_bytes
            ));
        }
        // `min` is within the limits checked above, so within the address space.
        let maximum = self.max_pages(&ty).max(ty.limits.min) as usize * PAGE_SIZE;
        let data = LinearMemory::new(bytes as usize, maximum)?;
        self.memory_bytes += bytes;
        self.memories.push(MemoryInst { ty, data });
        Ok(MemAddr(self.memories.len() as u32 - 1))
    }

    /// Adds a tag of type `ty` (a function type with no results).
    pub fn add_tag(&mut self, ty: FuncType) -> TagAddr {
        let type_id = self.types.func(&ty);
        self.tags.push(TagInst { ty, type_id });
        TagAddr(self.tags.len() as u32 - 1)
    }

    /// A new exception of `tag` with `payload` (one cell per parameter of the tag's
    /// type), in a free slot if there is one.
    pub(crate) fn new_exception(&mut self, tag: TagAddr, payload: Box<[u64]>) -> ExnAddr {
        let exn = ExnInst {
            tag,
            payload,
            referenced: false,
        };
        match self.free_exceptions.pop() {
            Some(slot) => {
                self.exceptions[slot as usize] = Some(exn);
                ExnAddr(slot)
            }
            None => {
                self.exceptions.push(Some(exn));
                ExnAddr(self.exceptions.len() as u32 - 1)
            }
        }
    }

    /// Frees exception `e` if no reference to it was ever made.
    pub(crate) fn drop_exception_if_unreferenced(&mut self, e: ExnAddr) {
        if let Some(slot) = self.exceptions.get_mut(e.0 as usize)
            && slot.as_ref().is_some_and(|x| !x.referenced)
        {
            *slot = None;
            self.free_exceptions.push(e.0);
        }
    }

    /// Adds a table of type `ty` filled with `init`.
    pub fn add_table(&mut self, ty: TableType, init: u64) -> Result<TableAddr, String> {
        if ty.limits.min > u64::from(self.config.max_table_elements) {
            return Err(format!(
                "table of {} elements exceeds the limit of {} elements",
                ty.limits.min, self.config.max_table_elements
            ));
        }
        let mut elements = Vec::new();
        elements
            .try_reserve_exact(ty.limits.min as usize)
            .map_err(|_| format!("cannot allocate a table of {} elements", ty.limits.min))?;
        elements.resize(ty.limits.min as usize, init);
        let mask = if ty.address.is_64() {
            u64::MAX
        } else {
            u64::from(u32::MAX)
        };
        self.tables.push(TableInst { mask, ty, elements });
        Ok(TableAddr(self.tables.len() as u32 - 1))
    }

    /// Adds a global holding `value` (128 bits for a `v128`, else the value's cell).
    pub fn add_global(&mut self, ty: GlobalType, value: u128) -> GlobalAddr {
        let mut g = GlobalInst {
            ty,
            value: 0,
            high: 0,
        };
        g.set_value128(value);
        self.globals.push(g);
        GlobalAddr(self.globals.len() as u32 - 1)
    }

    /// Grows memory `m` by `delta` pages; the old size, or `None` if it cannot.
    pub fn grow_memory(&mut self, m: MemAddr, delta: u64) -> Option<u64> {
        let max = self.max_pages(&self.memories[m.0 as usize].ty);
        let added = delta.checked_mul(PAGE_SIZE as u64)?;
        if !self.memory_fits(added) {
            return None;
        }
        let mem = &mut self.memories[m.0 as usize];
        let old = mem.pages();
        let new = old.checked_add(delta)?;
        // `new <= max` keeps the size within the address space.
        if new > max || !mem.data.grow_to(new as usize * PAGE_SIZE) {
            return None;
        }
        mem.ty.limits.min = new;
        self.memory_bytes += added;
        Some(old)
    }

    /// Grows table `t` by `delta` elements set to `init`; the old size, or `None`.
    pub fn grow_table(&mut self, t: TableAddr, delta: u32, init: u64) -> Option<u32> {
        let limit = self.config.max_table_elements;
        let table = &mut self.tables[t.0 as usize];
        let old = table.elements.len() as u32;
        let new = old.checked_add(delta)?;
        if u64::from(new)
            > table
                .ty
                .limits
                .max
                .unwrap_or(u64::MAX)
                .min(u64::from(limit))
        {
            return None;
        }
        table.elements.try_reserve_exact(delta as usize).ok()?;
        table.elements.resize(new as usize, init);
        table.ty.limits.min = u64::from(new);
        Some(old)
    }

    /// Whether `actual` may be used where `expected` is imported (limits subtyping).
    fn limits_match(actual: &Limits, expected: &Limits) -> bool {
        actual.min >= expected.min
            && match expected.max {
                None => true,
                Some(em) => actual.max.is_some_and(|am| am <= em),
            }
    }

    /// Instantiates `code` with `imports` (in the order of the module's imports):
    /// allocation, segment initialization, then the start function
    /// ([spec §4.5.4](https://webassembly.github.io/spec/core/exec/modules.html#instantiation)).
    /// `call` runs a function (the start function) with the embedder's host.
    pub fn instantiate(
        &mut self,
        code: &Arc<ModuleCode>,
        imports: &[Extern],
    ) -> Result<(InstanceAddr, Option<FuncAddr>), InstantiateError> {
        // Objects the constant expressions make are held by the instance being built,
        // which is no root yet: no collection until it is made.
        let paused = std::mem::replace(&mut self.gc.paused, true);
        let r = self.instantiate_paused(code, imports);
        self.gc.paused = paused;
        r
    }

    fn instantiate_paused(
        &mut self,
        code: &Arc<ModuleCode>,
        imports: &[Extern],
    ) -> Result<(InstanceAddr, Option<FuncAddr>), InstantiateError> {
        let trap = |c: TrapCode| InstantiateError::Trap(Trap::new(c));
        let m = code.module();
        if self.instances.len() >= self.config.max_instances {
            return Err(InstantiateError::Link(format!(
                "too many instances (the limit is {})",
                self.config.max_instances
            )));
        }
        if imports.len() != m.imports.len() {
            return Err(InstantiateError::Link(format!(
                "the module has {} imports, {} were given",
                m.imports.len(),
                imports.len()
            )));
        }
        let type_ids = self.types.module(m);
        // Every type's layout, which the collector follows (the threaded `StructNewPlain`
        // allocates without making one).
        for &id in &type_ids {
            self.gc.layout(&self.types, id);
        }
        let mut inst = ModuleInst {
            code: code.clone(),
            funcs: Vec::new(),
            tables: Vec::new(),
            memories: Vec::new(),
            globals: Vec::new(),
            tags: Vec::new(),
            type_ids,
            elems: Vec::new(),
            datas: Vec::new(),
        };
        for (imp, ext) in m.imports.iter().zip(imports) {
            let incompatible = |what: &str| {
                InstantiateError::Link(format!(
                    "incompatible import type for {:?} {:?}: {what}",
                    imp.module, imp.name
                ))
            };
            match (imp.desc, *ext) {
                (ImportDesc::Func(t), Extern::Func(f)) => {
                    let want = inst.type_ids[t.index()];
                    if !self.types.matches(self.funcs[f.0 as usize].type_id, want) {
                        return Err(incompatible("function types differ"));
                    }
                    inst.funcs.push(f);
                }
                (ImportDesc::Table(t), Extern::Table(a)) => {
                    let actual = &self.tables[a.0 as usize].ty;
                    let t = canonical_table_type(t, &inst.type_ids);
                    if actual.elem != t.elem
                        || actual.address != t.address
                        || !Self::limits_match(&actual.limits, &t.limits)
                    {
                        return Err(incompatible("table types differ"));
                    }
                    inst.tables.push(a);
                }
                (ImportDesc::Memory(t), Extern::Memory(a)) => {
                    let actual = &self.memories[a.0 as usize].ty;
                    if actual.address != t.address {
                        return Err(incompatible("memory address types differ"));
                    }
                    if !Self::limits_match(&actual.limits, &t.limits) {
                        return Err(incompatible("memory limits differ"));
                    }
                    inst.memories.push(a);
                }
                (ImportDesc::Global(t), Extern::Global(a)) => {
                    let actual = self.globals[a.0 as usize].ty;
                    let t = canonical_global_type(t, &inst.type_ids);
                    // A constant global may be of a subtype; a mutable one is of the type.
                    let fits = actual.mutability == t.mutability
                        && match t.mutability {
                            Mutability::Const => self.types.val_matches(actual.content, t.content),
                            Mutability::Var => actual.content == t.content,
                        };
                    if !fits {
                        return Err(incompatible("global types differ"));
                    }
                    inst.globals.push(a);
                }
                (ImportDesc::Tag(t), Extern::Tag(a)) => {
                    if self.tags[a.0 as usize].type_id != inst.type_ids[t.ty.index()] {
                        return Err(incompatible("tag types differ"));
                    }
                    inst.tags.push(a);
                }
                _ => return Err(incompatible("kinds differ")),
            }
        }
        let addr = InstanceAddr(self.instances.len() as u32);
        for (i, f) in m.funcs.iter().enumerate() {
            let ty = canonical_func_type(m.valid_func_type(f.ty), &inst.type_ids);
            let type_id = inst.type_ids[f.ty.index()];
            self.funcs.push(FuncInst {
                ty,
                type_id,
                owner: addr.0,
                defined: i as u32,
                kind: FuncKind::Wasm {
                    instance: addr,
                    code: code.clone(),
                    index: i as u32,
                },
            });
            inst.funcs.push(FuncAddr(self.funcs.len() as u32 - 1));
        }
        for t in &m.tags {
            let ty = canonical_func_type(m.valid_func_type(t.ty), &inst.type_ids);
            self.tags.push(TagInst {
                ty,
                type_id: inst.type_ids[t.ty.index()],
            });
            inst.tags.push(TagAddr(self.tags.len() as u32 - 1));
        }
        for g in &m.globals {
            let value = self.eval_const(&inst, &g.init).map_err(trap)?;
            let ty = canonical_global_type(g.ty, &inst.type_ids);
            inst.globals.push(self.add_global(ty, value));
        }
        for t in &m.tables {
            let init = match &t.init {
                Some(e) => self.eval_cell(&inst, e).map_err(trap)?,
                None => 0,
            };
            let ty = canonical_table_type(t.ty, &inst.type_ids);
            let a = self.add_table(ty, init).map_err(InstantiateError::Link)?;
            inst.tables.push(a);
        }
        for t in &m.memories {
            let a = self.add_memory(*t).map_err(InstantiateError::Link)?;
            inst.memories.push(a);
        }
        for e in &m.elems {
            let refs: Vec<u64> = match &e.items {
                ElemItems::Funcs(fs) => fs
                    .iter()
                    .map(|f| u64::from(inst.funcs[f.index()].0) + 1)
                    .collect(),
                ElemItems::Exprs(es) => {
                    let mut refs = Vec::with_capacity(es.len());
                    for x in es {
                        refs.push(self.eval_cell(&inst, x).map_err(trap)?);
                    }
                    refs
                }
            };
            inst.elems.push(refs);
        }
        inst.datas = m
            .datas
            .iter()
            .map(|d| Some(Arc::from(d.init.as_slice())))
            .collect();
        let start = m.start.map(|f| inst.funcs[f.index()]);
        self.instances.push(inst);

        // Active and declarative segments, in order; a trap keeps what was done.
        for (i, e) in m.elems.iter().enumerate() {
            match &e.mode {
                ElemMode::Active { table, offset } => {
                    let at = self.eval_scalar(&self.instances[addr.0 as usize], offset) as u64;
                    let n = e.items.len() as u32;
                    self.table_init(addr, table.0, i as u32, at, 0, n)
                        .map_err(|c| InstantiateError::Trap(Trap::new(c)))?;
                    self.instances[addr.0 as usize].elems[i].clear();
                }
                ElemMode::Declarative => self.instances[addr.0 as usize].elems[i].clear(),
                ElemMode::Passive => {}
            }
        }
        for (i, d) in m.datas.iter().enumerate() {
            if let DataMode::Active { memory, offset } = &d.mode {
                let at = self.eval_scalar(&self.instances[addr.0 as usize], offset) as u64;
                let n = d.init.len() as u32;
                self.memory_init(addr, memory.0, i as u32, at, 0, n)
                    .map_err(|c| InstantiateError::Trap(Trap::new(c)))?;
                self.instances[addr.0 as usize].datas[i] = None;
            }
        }
        Ok((addr, start))
    }

    /// The value of a (valid) constant expression: its cell, or all 128 bits of a `v128`.
    /// Extended constants compute on a stack, wrapping as their instructions do; GC's
    /// allocate (the stack's values are roots meanwhile), which may trap when the GC
    /// heap is full.
    fn eval_const(&mut self, inst: &ModuleInst, e: &ConstExpr) -> Result<u128, TrapCode> {
        let gc = |i: &Instr| i.opcode().byte == 0xfb;
        if !e.instrs.iter().any(gc) {
            return Ok(self.eval_scalar(inst, e));
        }
        let mut stack: Vec<u64> = Vec::new();
        for i in &e.instrs {
            if !gc(i) {
                let mut one = Vec::new();
                self.const_step(inst, i, &mut one);
                stack.extend(one.into_iter().map(|v| v as u64));
                continue;
            }
            let cells = |t: TypeIdx| -> (u32, Option<Vec<FieldType>>, Option<FieldType>) {
                let id = inst.type_ids[t.index()];
                let def = self.types.def(id);
                (
                    id,
                    def.and_then(|d| d.as_struct()).map(<[FieldType]>::to_vec),
                    def.and_then(|d| d.as_array()),
                )
            };
            let everything = self.stack.len();
            let v = match *i {
                Instr::RefI31 => crate::gc::i31_cell(stack.pop().unwrap_or(0) as u32),
                Instr::AnyConvertExtern => crate::gc::internalize(stack.pop().unwrap_or(0)),
                Instr::ExternConvertAny => crate::gc::externalize(stack.pop().unwrap_or(0)),
                Instr::StructNew { ty } | Instr::StructNewDefault { ty } => {
                    let (id, fields, _) = cells(ty);
                    let fields = fields.unwrap_or_default();
                    let n: usize = fields.iter().map(|f| f.storage.unpacked().cells()).sum();
                    self.gc_reserve(n, everything, &stack)?;
                    let v: Vec<u64> = if matches!(i, Instr::StructNew { .. }) {
                        let from = stack.len().saturating_sub(n);
                        stack.split_off(from)
                    } else {
                        vec![0; n]
                    };
                    self.gc_insert(id, v.into(), 0)
                }
                Instr::ArrayNew { ty } | Instr::ArrayNewDefault { ty } => {
                    let (id, _, elem) = cells(ty);
                    let n = elem.map_or(1, |f| f.storage.unpacked().cells());
                    let len = stack.pop().unwrap_or(0) as u32 as usize;
                    self.gc_reserve(len.saturating_mul(n), everything, &stack)?;
                    let value: Vec<u64> = if matches!(i, Instr::ArrayNew { .. }) {
                        let from = stack.len().saturating_sub(n);
                        stack.split_off(from)
                    } else {
                        vec![0; n]
                    };
                    let v: Box<[u64]> = value.iter().copied().cycle().take(len * n).collect();
                    self.gc_insert(id, v, len as u32)
                }
                Instr::ArrayNewFixed { ty, len } => {
                    let (id, _, elem) = cells(ty);
                    let n = elem.map_or(1, |f| f.storage.unpacked().cells()) * len as usize;
                    self.gc_reserve(n, everything, &stack)?;
                    let from = stack.len().saturating_sub(n);
                    let v = stack.split_off(from);
                    self.gc_insert(id, v.into(), len)
                }
                // Validation admits no other GC instruction in a constant expression.
                _ => 0,
            };
            stack.push(v);
        }
        Ok(u128::from(stack.pop().unwrap_or(0)))
    }

    /// [`Runtime::eval_const`] of an expression without GC's instructions.
    fn eval_scalar(&self, inst: &ModuleInst, e: &ConstExpr) -> u128 {
        let mut stack: Vec<u128> = Vec::with_capacity(2);
        for i in &e.instrs {
            self.const_step(inst, i, &mut stack);
        }
        stack.pop().unwrap_or(0)
    }

    /// One instruction of a constant expression other than GC's.
    fn const_step(&self, inst: &ModuleInst, i: &Instr, stack: &mut Vec<u128>) {
        {
            let v = match i {
                Instr::I32Const { value } => u128::from(*value as u32),
                Instr::I64Const { value } => u128::from(*value as u64),
                Instr::F32Const { value } => u128::from(value.0),
                Instr::F64Const { value } => u128::from(value.0),
                Instr::V128Const { value } => u128::from_le_bytes(value.0),
                Instr::RefNull { .. } => 0,
                Instr::RefFunc { func } => u128::from(inst.funcs[func.index()].0) + 1,
                Instr::GlobalGet { global } => {
                    self.globals[inst.globals[global.index()].0 as usize].value128()
                }
                Instr::I32Add
                | Instr::I32Sub
                | Instr::I32Mul
                | Instr::I64Add
                | Instr::I64Sub
                | Instr::I64Mul => {
                    let (b, a) = (
                        stack.pop().unwrap_or(0) as u64,
                        stack.pop().unwrap_or(0) as u64,
                    );
                    // The low 32 bits of 64-bit wrapping arithmetic are the 32-bit result.
                    let r = match i {
                        Instr::I32Add | Instr::I64Add => a.wrapping_add(b),
                        Instr::I32Sub | Instr::I64Sub => a.wrapping_sub(b),
                        _ => a.wrapping_mul(b),
                    };
                    let i64 = matches!(i, Instr::I64Add | Instr::I64Sub | Instr::I64Mul);
                    u128::from(if i64 { r } else { u64::from(r as u32) })
                }
                // `end`; validation admits nothing else.
                _ => return,
            };
            stack.push(v);
        }
    }

    /// The cell of a (valid) constant expression of a scalar or reference type.
    fn eval_cell(&mut self, inst: &ModuleInst, e: &ConstExpr) -> Result<u64, TrapCode> {
        self.eval_const(inst, e).map(|v| v as u64)
    }

    /// `table.init`: copies `n` references of element segment `elem` from `src` to
    /// `dst` (an index of the table's address type) of table `table` of instance `inst`.
    pub(crate) fn table_init(
        &mut self,
        inst: InstanceAddr,
        table: u32,
        elem: u32,
        dst: u64,
        src: u32,
        n: u32,
    ) -> Result<(), TrapCode> {
        let i = &self.instances[inst.0 as usize];
        let seg = &i.elems[elem as usize];
        let t = i.tables[table as usize];
        let elements = &mut self.tables[t.0 as usize].elements;
        let (s, n) = (src as usize, n as usize);
        let d = in_bounds(dst, n as u64, elements.len()).ok_or(TrapCode::TableOutOfBounds)?;
        if s + n > seg.len() {
            return Err(TrapCode::TableOutOfBounds);
        }
        elements[d..d + n].copy_from_slice(&seg[s..s + n]);
        Ok(())
    }

    /// `memory.init`: copies `n` bytes of data segment `data` from `src` to `dst` (an
    /// address of the memory's type) of memory `memory` of instance `inst`.
    pub(crate) fn memory_init(
        &mut self,
        inst: InstanceAddr,
        memory: u32,
        data: u32,
        dst: u64,
        src: u32,
        n: u32,
    ) -> Result<(), TrapCode> {
        let i = &self.instances[inst.0 as usize];
        let seg: &[u8] = i.datas[data as usize].as_deref().unwrap_or(&[]);
        let Some(&m) = i.memories.get(memory as usize) else {
            return Err(TrapCode::MemoryOutOfBounds);
        };
        let mem = &mut self.memories[m.0 as usize].data;
        let (s, n) = (src as usize, n as usize);
        let d = in_bounds(dst, n as u64, mem.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        if s + n > seg.len() {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        mem[d..d + n].copy_from_slice(&seg[s..s + n]);
        Ok(())
    }
}

/// `at` as an index, if `n` items from it are within `len` (sums that cannot overflow:
/// every operand is a 64-bit address or length).
pub(crate) fn in_bounds(at: u64, n: u64, len: usize) -> Option<usize> {
    let end = at.checked_add(n)?;
    (end <= len as u64).then_some(at as usize)
}

/// The most pages a memory of type `ty` can address here: 4 GiB with 32-bit addresses,
/// with 64-bit ones as much as this host's address space holds (`isize::MAX` bytes).
fn addressable_pages(ty: &MemType) -> u64 {
    match ty.address {
        AddrType::I32 => 65536,
        AddrType::I64 => (isize::MAX as u64) / PAGE_SIZE as u64,
    }
}
