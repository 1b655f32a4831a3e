//! A small module for awe's tests: an imported host function, exported functions, a
//! data segment holding a string, a mutable static, and an indirect call through a
//! table of function pointers (so that rustc emits a table and an element section).
#![no_std]

#[link(wasm_import_module = "env")]
unsafe extern "C" {
    /// Provided by the host: prints `len` bytes at `ptr`.
    fn log(ptr: *const u8, len: usize);
}

/// The greeting, placed in a data segment.
static GREETING: &str = "Hello from rustc, awe!";

/// A mutable static, starting at 100 (so it has a data segment of its own, `.data`):
/// `bump` adds one to it.
static mut COUNTER: u32 = 100;

fn add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

fn sub(a: i32, b: i32) -> i32 {
    a.wrapping_sub(b)
}

fn mul(a: i32, b: i32) -> i32 {
    a.wrapping_mul(b)
}

/// Operations chosen at run time: calls through this table are `call_indirect`.
static OPS: [fn(i32, i32) -> i32; 3] = [add, sub, mul];

/// Applies operation `op` (0 add, 1 sub, 2 mul, anything else 0) through the table.
#[unsafe(no_mangle)]
pub extern "C" fn apply(op: u32, a: i32, b: i32) -> i32 {
    match OPS.get(op as usize) {
        Some(f) => f(a, b),
        None => 0,
    }
}

/// Logs the greeting through the host and returns its length.
#[unsafe(no_mangle)]
pub extern "C" fn greet() -> u32 {
    // SAFETY: the host reads `len` bytes from linear memory at `ptr`.
    unsafe { log(GREETING.as_ptr(), GREETING.len()) };
    GREETING.len() as u32
}

/// Adds one to the counter and returns its new value.
#[unsafe(no_mangle)]
pub extern "C" fn bump() -> u32 {
    // SAFETY: wasm32-unknown-unknown without threads is single-threaded.
    unsafe {
        COUNTER += 1;
        COUNTER
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
