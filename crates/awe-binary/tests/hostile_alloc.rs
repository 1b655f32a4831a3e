//! Hostile counts: tiny modules that declare huge counts and lengths must be rejected
//! without reserving memory for them. A counting global allocator (this binary's own,
//! so that it disturbs no other test) measures the peak of the bytes held while one
//! input is decoded, and every input of N bytes must stay below [`bound`]`(N)`.

#![allow(unsafe_code)] // the counting allocator

mod common;

use awe_binary::decode;
use common::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting per thread the bytes held and their peak. Per thread,
/// so that tests running in parallel do not see each other's allocations.
struct Counting;

thread_local! {
    static HELD: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(bytes: usize) {
    // `try_with`: the thread-locals may be gone while a thread is torn down.
    let _ = HELD.try_with(|held| {
        let now = held.get() + bytes as isize;
        held.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrink(bytes: usize) {
    let _ = HELD.try_with(|held| held.set(held.get() - bytes as isize));
}

// SAFETY: every call is forwarded to `System` with the caller's arguments unchanged, so
// `System`'s guarantees hold; the counting touches only const-initialized thread-locals
// without destructors, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc_zeroed` is `System.alloc_zeroed`'s.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: the caller's contract for `dealloc` is `System.dealloc`'s.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc` is `System.realloc`'s.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as if the old and the new block were held together for a moment,
            // as they are when the block moves.
            grow(new_size);
            shrink(layout.size());
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the peak of the bytes this thread held, over
/// what it held before, while `f` ran (the result is still held at the end).
fn peak_of<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = HELD.get();
    PEAK.set(before);
    let r = f();
    (r, (PEAK.get() - before).max(0) as usize)
}

/// The most that decoding an input of `len` bytes may hold at once.
fn bound(len: usize) -> usize {
    64 * len + 64 * 1024
}

#[test]
fn the_counting_allocator_counts() {
    let (v, peak) = peak_of(|| vec![0u8; 1 << 20]);
    assert!(peak >= 1 << 20, "peak {peak}");
    drop(v);
    let ((), peak) = peak_of(|| {
        let mut v = Vec::<u64>::with_capacity(1000);
        v.push(1);
    });
    assert!((8000..9000).contains(&peak), "peak {peak}");
}

/// What a hostile input must come to.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Rejected.
    Error,
    /// A `name` section that cannot be decoded is kept as bytes: the module decodes,
    /// with no names and the section among the custom ones.
    NameSectionKept,
}

/// A hostile case: where a count or length goes (given as the bytes that replace it,
/// plus what follows), and what must come of it.
struct Case {
    what: &'static str,
    build: fn(&[u8]) -> Vec<u8>,
    expect: Expect,
}

/// A module with the type `[] -> []`, one function of it and a code section holding the
/// body whose instructions (after "no locals") are `instrs`.
fn with_body(instrs: &[u8]) -> Vec<u8> {
    with_locals_and_body(&cat(&[&[0x00], instrs]))
}

/// Like [`with_body`], with the local declarations included in `body`.
fn with_locals_and_body(body: &[u8]) -> Vec<u8> {
    let mut code = vec![0x01];
    leb(&mut code, body.len() as u64);
    code.extend_from_slice(body);
    module(&[
        (1, &[0x01, 0x60, 0x00, 0x00]),
        (3, &[0x01, 0x00]),
        (10, &code),
    ])
}

/// A module with a `name` custom section whose payload (after the name) is `payload`.
fn with_names(payload: &[u8]) -> Vec<u8> {
    module(&[(0, &cat(&[b"\x04name", payload]))])
}

/// A `name` subsection.
fn subsection(id: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![id];
    leb(&mut out, payload.len() as u64);
    out.extend_from_slice(payload);
    out
}

use Expect::*;

const CASES: &[Case] = &[
    Case {
        what: "types",
        build: |t| module(&[(1, t)]),
        expect: Error,
    },
    Case {
        what: "type params",
        build: |t| module(&[(1, &cat(&[&[1, 0x60], t]))]),
        expect: Error,
    },
    Case {
        what: "type results",
        build: |t| module(&[(1, &cat(&[&[1, 0x60, 0], t]))]),
        expect: Error,
    },
    Case {
        what: "imports",
        build: |t| module(&[(2, t)]),
        expect: Error,
    },
    Case {
        what: "import module name",
        build: |t| module(&[(2, &cat(&[&[1], t]))]),
        expect: Error,
    },
    Case {
        what: "import item name",
        build: |t| module(&[(2, &cat(&[&[1, 0], t]))]),
        expect: Error,
    },
    Case {
        what: "functions",
        build: |t| module(&[(3, t)]),
        expect: Error,
    },
    Case {
        what: "tables",
        build: |t| module(&[(4, t)]),
        expect: Error,
    },
    Case {
        what: "memories",
        build: |t| module(&[(5, t)]),
        expect: Error,
    },
    Case {
        what: "globals",
        build: |t| module(&[(6, t)]),
        expect: Error,
    },
    Case {
        what: "exports",
        build: |t| module(&[(7, t)]),
        expect: Error,
    },
    Case {
        what: "export name",
        build: |t| module(&[(7, &cat(&[&[1], t]))]),
        expect: Error,
    },
    Case {
        what: "element segments",
        build: |t| module(&[(9, t)]),
        expect: Error,
    },
    Case {
        what: "element function indices",
        build: |t| module(&[(9, &cat(&[&[1, 0x01, 0x00], t]))]),
        expect: Error,
    },
    Case {
        what: "element expressions",
        build: |t| module(&[(9, &cat(&[&[1, 0x05, 0x70], t]))]),
        expect: Error,
    },
    Case {
        what: "active element function indices",
        build: |t| module(&[(9, &cat(&[&[1, 0x00, 0x41, 0x00, 0x0b], t]))]),
        expect: Error,
    },
    Case {
        what: "data count",
        build: |t| module(&[(12, t)]),
        expect: Error,
    },
    Case {
        what: "data segments",
        build: |t| module(&[(11, t)]),
        expect: Error,
    },
    Case {
        what: "data bytes",
        build: |t| module(&[(11, &cat(&[&[1, 0x01], t]))]),
        expect: Error,
    },
    Case {
        what: "active data bytes",
        build: |t| module(&[(11, &cat(&[&[1, 0x00, 0x41, 0x00, 0x0b], t]))]),
        expect: Error,
    },
    Case {
        what: "function bodies",
        build: |t| module(&[(1, &[1, 0x60, 0, 0]), (3, &[1, 0]), (10, t)]),
        expect: Error,
    },
    Case {
        what: "function body size",
        build: |t| module(&[(1, &[1, 0x60, 0, 0]), (3, &[1, 0]), (10, &cat(&[&[1], t]))]),
        expect: Error,
    },
    Case {
        what: "local declarations",
        build: with_locals_and_body,
        expect: Error,
    },
    Case {
        what: "locals of one declaration (twice)",
        build: |t| with_locals_and_body(&cat(&[&[2], t, &[0x7f], t, &[0x7f, 0x0b]])),
        expect: Error,
    },
    Case {
        what: "br_table targets",
        build: |t| with_body(&cat(&[&[0x41, 0x00, 0x0e], t])),
        expect: Error,
    },
    Case {
        what: "select types",
        build: |t| with_body(&cat(&[&[0x1c], t])),
        expect: Error,
    },
    Case {
        what: "custom section name",
        build: |t| module(&[(0, t)]),
        expect: Error,
    },
    Case {
        what: "section size",
        build: |t| cat(&[b"\0asm\x01\0\0\0\x01", t]),
        expect: Error,
    },
    Case {
        what: "name section: module name",
        build: |t| with_names(&subsection(0, t)),
        expect: NameSectionKept,
    },
    Case {
        what: "name section: function names",
        build: |t| with_names(&subsection(1, t)),
        expect: NameSectionKept,
    },
    Case {
        what: "name section: function name",
        build: |t| with_names(&subsection(1, &cat(&[&[1, 0], t]))),
        expect: NameSectionKept,
    },
    Case {
        what: "name section: functions with local names",
        build: |t| with_names(&subsection(2, t)),
        expect: NameSectionKept,
    },
    Case {
        what: "name section: local names",
        build: |t| with_names(&subsection(2, &cat(&[&[1, 0], t]))),
        expect: NameSectionKept,
    },
    Case {
        what: "name section: subsection size",
        build: |t| with_names(&cat(&[&[3], t])),
        expect: NameSectionKept,
    },
];

/// The variant whose count is 2^32 - 1 with nothing behind it.
const UNBACKED: &str = "2^32-1";

/// The stricter bound for a count no input bytes back: the length check must stop it
/// before anything is reserved for it (the capped pre-allocation alone would let up to
/// 1024 items through).
fn unbacked_bound(len: usize) -> usize {
    16 * len + 1024
}

/// Decodes `input` and checks that it comes to `expect` within the allocation bound.
fn check(case: &Case, variant: &str, input: &[u8]) -> Result<(), String> {
    let what = format!("{} ({variant}, {} bytes)", case.what, input.len());
    let (result, peak) = peak_of(|| decode(input));
    let limit = match variant {
        UNBACKED => unbacked_bound(input.len()),
        _ => bound(input.len()),
    };
    if peak >= limit {
        return Err(format!(
            "{what}: decoding held up to {peak} bytes, over the bound of {limit}\ninput: {}",
            hex(input)
        ));
    }
    match (case.expect, result) {
        (Error, Err(e)) if e.offset <= input.len() => Ok(()),
        (NameSectionKept, Ok(m))
            if m.names.is_empty() && m.customs.len() == 1 && m.customs[0].name == "name" =>
        {
            Ok(())
        }
        (expect, result) => Err(format!(
            "{what}: expected {expect:?}, got {result:?}\ninput: {}",
            hex(input)
        )),
    }
}

#[test]
fn huge_counts_fail_fast_within_the_allocation_bound() {
    // Each count two ways: 2^32 - 1 with nothing behind it (the length check stops it),
    // and one more than the (invalid) bytes behind it, which passes the length check
    // and so exercises the capped pre-allocation.
    const BACKED: usize = 4000;
    let mut huge = Vec::new();
    leb(&mut huge, u64::from(u32::MAX));
    let mut backed = Vec::new();
    leb(&mut backed, BACKED as u64 + 1);
    backed.extend(std::iter::repeat_n(0xff, BACKED));
    let mut failures = Vec::new();
    for case in CASES {
        for (variant, tail) in [(UNBACKED, &huge), ("backed", &backed)] {
            let input = (case.build)(tail);
            if let Err(f) = check(case, variant, &input) {
                failures.push(f);
            }
        }
    }
    for f in &failures {
        println!("{f}\n");
    }
    assert!(failures.is_empty(), "{} failures (above)", failures.len());
    println!(
        "{} hostile inputs rejected within the bound",
        2 * CASES.len()
    );
}

#[test]
fn testsuite_modules_and_mutations_stay_within_the_allocation_bound() {
    let modules = testsuite_modules();
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    let (mut tried, mut worst) = (0usize, (0usize, String::new()));
    let mut failures = Vec::new();
    for (what, bytes) in modules {
        let mut inputs = vec![(what.clone(), bytes.clone())];
        for k in 0..2 {
            let mut m = bytes.clone();
            if m.is_empty() {
                continue;
            }
            for _ in 0..=rng.below(3) {
                let at = rng.below(m.len());
                m[at] = [0x00, 0x7f, 0x80, 0xff, rng.next() as u8][rng.below(5)];
            }
            inputs.push((format!("{what} mutation {k}"), m));
        }
        for (what, input) in inputs {
            tried += 1;
            let (result, peak) = peak_of(|| decode(&input));
            drop(result);
            if peak > worst.0 {
                worst = (peak, format!("{what} ({} bytes)", input.len()));
            }
            if peak >= bound(input.len()) {
                failures.push(format!(
                    "{what}: {} bytes held up to {peak}, over the bound of {}",
                    input.len(),
                    bound(input.len())
                ));
            }
        }
    }
    println!(
        "{tried} inputs decoded within the allocation bound; the most held: {} bytes, by {}",
        worst.0, worst.1
    );
    for f in failures.iter().take(10) {
        println!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} failures (first ten above)",
        failures.len()
    );
    assert!(tried > 10_000, "too few inputs: {tried}");
}

/// `n` copies of `item` after the count `n`: the payload of a vector section.
fn items(n: usize, item: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    leb(&mut out, n as u64);
    out.extend(item.repeat(n));
    out
}

/// The bound for valid modules packed with the smallest items: the model is bigger than
/// such encodings (an 80-byte `Func` for a 4-byte function, 24 + 32 bytes for a 1-byte
/// element expression) and vectors grow by doubling, so the factor is higher than
/// [`bound`]'s. Still linear: decoding cannot be made to hold more than this.
fn dense_bound(len: usize) -> usize {
    128 * len + 64 * 1024
}

#[test]
fn densest_modules_stay_within_a_linear_allocation_bound() {
    // The smallest encodings of each kind of item, many of them: the most the model
    // holds per input byte.
    const N: usize = 20_000;
    let body = [0x02, 0x00, 0x0b]; // size 2: no locals, end
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("types", module(&[(1, &items(N, &[0x60, 0, 0]))])),
        ("imports", module(&[(2, &items(N, &[0, 0, 0, 0]))])),
        (
            "functions",
            module(&[
                (1, &[1, 0x60, 0, 0]),
                (3, &items(N, &[0])),
                (10, &items(N, &body)),
            ]),
        ),
        ("tables", module(&[(4, &items(N, &[0x70, 0, 0]))])),
        ("memories", module(&[(5, &items(N, &[0, 0]))])),
        ("globals", module(&[(6, &items(N, &[0x7f, 0, 0x0b]))])),
        ("exports", module(&[(7, &items(N, &[0, 0, 0]))])),
        (
            "passive element segments",
            module(&[(9, &items(N, &[1, 0, 0]))]),
        ),
        (
            "element expressions",
            module(&[(9, &cat(&[&[1, 5, 0x70], &items(N, &[0x0b])]))]),
        ),
        ("passive data segments", module(&[(11, &items(N, &[1, 0]))])),
        ("custom sections", module(&vec![(0, &[0u8][..]); N])),
        ("nops", with_body(&cat(&[&[0x01].repeat(N), &[0x0b]]))),
        (
            "br_tables",
            with_body(&cat(&[&[0x41, 0, 0x0e, 1, 0, 0].repeat(N), &[0x0b]])),
        ),
        (
            "typed selects",
            with_body(&cat(&[&[0x1c, 1, 0x7f].repeat(N), &[0x0b]])),
        ),
        (
            "local declarations",
            with_locals_and_body(&cat(&[&items(N, &[1, 0x7f]), &[0x0b]])),
        ),
        (
            "function names",
            with_names(&subsection(1, &{
                let mut v = Vec::new();
                leb(&mut v, N as u64);
                for i in 0..N {
                    leb(&mut v, i as u64);
                    v.push(0);
                }
                v
            })),
        ),
    ];
    let mut failures = Vec::new();
    for (what, input) in &cases {
        let (result, peak) = peak_of(|| decode(input));
        let ok = result.is_ok();
        drop(result);
        println!(
            "{what}: {} bytes, decoded: {ok}, held up to {peak} ({:.1} per byte)",
            input.len(),
            peak as f64 / input.len() as f64
        );
        if !ok {
            failures.push(format!("{what}: does not decode"));
        }
        if peak >= dense_bound(input.len()) {
            failures.push(format!(
                "{what}: over the bound of {}",
                dense_bound(input.len())
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
