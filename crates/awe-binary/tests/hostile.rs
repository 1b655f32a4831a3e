//! The decoder against hostile input: mutated and truncated test-suite modules, deep
//! nesting, and error offsets. (Huge declared counts and the allocation bound are in
//! `hostile_alloc.rs`, whose counting allocator wants a binary of its own.)

mod common;

use awe_binary::decode;
use common::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// Whether a panic on this thread is expected and caught (the report shows it).
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent for panics [`try_input`] catches and
/// prints all others as usual.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.get() {
                default(info);
            }
        }));
    });
}

/// What happened to one input.
enum Outcome {
    Decoded,
    Rejected,
}

/// Decodes `input`, turning a panic or a broken round trip into a failure that shows
/// the input in hex, and an error offset past the end into one too.
fn try_input(input: &[u8], what: &str) -> Result<Outcome, String> {
    try_input_with(input, what, false)
}

/// [`try_input`], and with `observe` also decoding with an observer that formats every
/// note (as `awe inspect` does), which must see ranges inside the input and change
/// nothing.
fn try_input_with(input: &[u8], what: &str, observe: bool) -> Result<Outcome, String> {
    quiet_panics();
    QUIET.set(true);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let result = decode(input);
        if observe {
            let mut checker = Checker {
                len: input.len(),
                text: String::new(),
                problems: Vec::new(),
            };
            let observed = awe_binary::decode_with(input, &mut checker);
            if let Some(p) = checker.problems.first() {
                return Err(p.clone());
            }
            if observed != result {
                return Err(format!("an observer changes the result: {observed:?}"));
            }
        }
        match result {
            Ok(m) => round_trip_failure(&m).map_or(Ok(Outcome::Decoded), Err),
            Err(e) if e.offset > input.len() => Err(format!(
                "error offset {} past the end of {} bytes: {e}",
                e.offset,
                input.len()
            )),
            Err(_) => Ok(Outcome::Rejected),
        }
    }));
    QUIET.set(false);
    match result {
        Ok(Ok(o)) => Ok(o),
        Ok(Err(msg)) => Err(format!("{what}: {msg}\ninput: {}", hex(input))),
        Err(_) => Err(format!(
            "{what}: the decoder panicked\ninput: {}",
            hex(input)
        )),
    }
}

/// An observer that formats every note and collects ranges outside the input.
struct Checker {
    len: usize,
    text: String,
    problems: Vec<String>,
}

impl Checker {
    fn range(&mut self, r: &std::ops::Range<usize>, what: &str) {
        if r.start > r.end || r.end > self.len {
            self.problems.push(format!(
                "{what} range {r:?} outside the {} input bytes",
                self.len
            ));
        }
    }
}

impl awe_binary::Observer for Checker {
    fn section(&mut self, s: &awe_binary::SectionInfo) {
        self.range(&s.range, "section");
        self.range(&s.payload, "section payload");
    }

    fn note(&mut self, range: std::ops::Range<usize>, _indent: u32, what: std::fmt::Arguments<'_>) {
        use std::fmt::Write;
        self.range(&range, "note");
        self.text.clear();
        self.text.write_fmt(what).unwrap();
    }
}

/// Writes every test-suite module into the folder named by `AWE_FUZZ_SEED_DIR`, as the
/// fuzzer's starting corpus (see fuzz/README.md).
#[test]
#[ignore = "writes files; run on purpose to seed the fuzz corpus"]
fn write_fuzz_seeds() {
    let dir = std::env::var("AWE_FUZZ_SEED_DIR").expect("set AWE_FUZZ_SEED_DIR");
    std::fs::create_dir_all(&dir).unwrap();
    let modules = testsuite_modules();
    for (i, (_, bytes)) in modules.iter().enumerate() {
        std::fs::write(format!("{dir}/suite-{i:05}.wasm"), bytes).unwrap();
    }
    println!("wrote {} modules to {dir}", modules.len());
}

/// Applies one random edit to `bytes`: overwrite, flip a bit, insert, delete, or write a
/// LEB128-ish byte (0x00, 0x7f, 0x80, 0xff) that turns counts and sizes hostile.
fn mutate(bytes: &mut Vec<u8>, rng: &mut XorShift) {
    if bytes.is_empty() {
        bytes.push(rng.next() as u8);
        return;
    }
    let at = rng.below(bytes.len());
    match rng.below(6) {
        0 => bytes[at] = rng.next() as u8,
        1 => bytes[at] ^= 1 << rng.below(8),
        2 => bytes.insert(at, rng.next() as u8),
        3 => {
            bytes.remove(at);
        }
        4 => bytes[at] = [0x00, 0x7f, 0x80, 0xff][rng.below(4)],
        _ => {
            // A run of continuation bytes: a long or too-large LEB128.
            let n = 1 + rng.below(5);
            for _ in 0..n {
                bytes.insert(at, 0xff);
            }
        }
    }
}

#[test]
fn mutated_and_truncated_testsuite_modules_decode_or_fail_cleanly() {
    let modules = testsuite_modules();
    assert!(modules.len() > 3000, "too few modules: {}", modules.len());
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let (mut tried, mut decoded, mut rejected) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    let mut run = |input: &[u8], what: &str| {
        tried += 1;
        // Every fourth input also goes through an observer (slower: it formats).
        match try_input_with(input, what, tried % 4 == 0) {
            Ok(Outcome::Decoded) => decoded += 1,
            Ok(Outcome::Rejected) => rejected += 1,
            Err(msg) => failures.push(msg),
        }
    };
    for (what, bytes) in modules {
        run(bytes, what);
        if bytes.is_empty() {
            continue;
        }
        // Truncations: the last byte gone, and three random cuts.
        let random_cuts: Vec<usize> = (0..3).map(|_| rng.below(bytes.len())).collect();
        for len in [bytes.len() - 1].into_iter().chain(random_cuts) {
            run(&bytes[..len], &format!("{what} cut to {len}"));
        }
        // Mutations: one to four random edits.
        for k in 0..8 {
            let mut m = bytes.clone();
            for _ in 0..=rng.below(4) {
                mutate(&mut m, &mut rng);
            }
            run(&m, &format!("{what} mutation {k}"));
        }
    }
    println!("hostile smoke: {tried} inputs tried, {decoded} decoded, {rejected} rejected");
    for f in failures.iter().take(10) {
        println!("{f}\n");
    }
    assert!(
        failures.is_empty(),
        "{} failures (first ten above)",
        failures.len()
    );
    assert!(tried > 50_000, "too few inputs: {tried}");
    // Both outcomes must be common, or the mutations are not testing much.
    assert!(
        decoded > tried / 20,
        "too few decoded: {decoded} of {tried}"
    );
    assert!(
        rejected > tried / 5,
        "too few rejected: {rejected} of {tried}"
    );
}

/// A `name` custom section naming the module `module_name`.
fn name_section(module_name: &str) -> Vec<u8> {
    let mut sub = Vec::new();
    leb(&mut sub, module_name.len() as u64);
    sub.extend_from_slice(module_name.as_bytes());
    let mut p = b"\x04name\x00".to_vec();
    leb(&mut p, sub.len() as u64);
    p.extend_from_slice(&sub);
    p
}

#[test]
fn two_name_sections_round_trip() {
    let (a, b) = (name_section("a"), name_section("b"));
    let input = module(&[(0, &a), (0, &b)]);
    let m = decode(&input).unwrap();
    assert_eq!(m.names.module.as_deref(), Some("a"));
    assert_eq!(
        m.customs.len(),
        1,
        "the second name section is kept as bytes"
    );
    assert_eq!(round_trip_failure(&m), None);
}

#[test]
fn name_section_after_an_undecodable_one_round_trips() {
    // The first `name` section is cut short (kept as bytes), the second decodes.
    let mut broken = name_section("a");
    broken.pop();
    let good = name_section("b");
    let types = [0x01, 0x60, 0x00, 0x00];
    let input = module(&[(0, &broken), (1, &types), (0, &good)]);
    let m = decode(&input).unwrap();
    assert_eq!(m.names.module.as_deref(), Some("b"));
    assert_eq!(m.customs.len(), 1);
    assert_eq!(round_trip_failure(&m), None);
}

#[test]
fn reader_integers_wider_than_64_bits_do_not_overflow_the_shift() {
    // `Reader` is public: a caller asking for more than 64 bits must get an error or a
    // value, never a shift overflow.
    let long = [0xffu8; 20];
    assert!(awe_binary::Reader::new(&long).vu(100).is_err());
    assert!(awe_binary::Reader::new(&long).vs(100).is_err());
    let mut top = [0x80u8; 10];
    top[9] = 0x01;
    assert_eq!(awe_binary::Reader::new(&top).vu(100), Ok(1 << 63));
    top[9] = 0x7f;
    assert_eq!(awe_binary::Reader::new(&top).vs(100), Ok(i64::MIN));
    assert!(awe_binary::Reader::new(&[0x00]).vu(u32::MAX).is_ok());
}

/// The first finding of the `decode` fuzz target (reduced by hand to
/// `two_name_sections_round_trip`): two identical, valid `name` sections.
#[test]
fn fuzz_duplicate_name_sections_round_trip() {
    let input = unhex(
        "0061736d010000000105016000017f03030200000708010463616c6c00000a0b02040010010b0400\
         41020b0010046e616d650003024d660b040041020b0010046e616d650003024d660b040041000000\
         080104010401010167",
    );
    assert_eq!(try_input(&input, "fuzz finding").err(), None);
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// How deep the nesting tests go.
const DEPTH: usize = 1_000_000;

/// The stack the nesting tests decode on: far too small for one frame per level (a
/// million levels). It holds the decoder's deepest frame in a debug build, where every
/// row of the instruction table keeps its own temporaries: that frame passed 64 KiB
/// when GC's instructions were added.
const SMALL_STACK: usize = 128 * 1024;

/// A module with one function `[] -> []` whose body (locals included) is `body`.
fn module_with_body(body: &[u8]) -> Vec<u8> {
    let mut code = vec![0x01];
    leb(&mut code, body.len() as u64 + 1);
    code.push(0x00); // no locals
    code.extend_from_slice(body);
    module(&[
        (1, &[0x01, 0x60, 0x00, 0x00]),
        (3, &[0x01, 0x00]),
        (10, &code),
    ])
}

/// Decodes `input` on a thread with a [`SMALL_STACK`] and returns the number of
/// instructions of the first function, or the error message.
fn decode_on_small_stack(input: Vec<u8>) -> Result<usize, String> {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || {
            decode(&input)
                .map(|m| m.funcs[0].body.len())
                .map_err(|e| e.to_string())
        })
        .unwrap()
        .join()
        .expect("the decoder overflowed a small stack or panicked")
}

/// `n` copies of `unit`.
fn repeat(unit: &[u8], n: usize) -> Vec<u8> {
    unit.repeat(n)
}

#[test]
fn a_million_nested_blocks_decode_without_recursion() {
    let body = cat(&[
        &repeat(&[0x02, 0x40], DEPTH), // block
        &repeat(&[0x0b], DEPTH),       // end
        &[0x0b],                       // the function's end
    ]);
    assert_eq!(
        decode_on_small_stack(module_with_body(&body)),
        Ok(2 * DEPTH + 1)
    );
}

#[test]
fn a_million_nested_loops_and_ifs_with_else_decode_without_recursion() {
    // loop (i32.const 0 if ... else ... end) end, a million deep.
    let open = [0x03, 0x40, 0x41, 0x00, 0x04, 0x40];
    let close = [0x05, 0x0b, 0x0b];
    let n = DEPTH / 2;
    let body = cat(&[&repeat(&open, n), &repeat(&close, n), &[0x0b]]);
    assert_eq!(
        decode_on_small_stack(module_with_body(&body)),
        Ok(6 * n + 1)
    );
}

#[test]
fn a_million_unterminated_blocks_are_rejected_without_recursion() {
    let body = repeat(&[0x02, 0x40], DEPTH);
    let input = module_with_body(&body);
    let len = input.len();
    let err = decode_on_small_stack(input).unwrap_err();
    assert!(
        err.starts_with("unexpected end of section or function"),
        "{err} ({len} bytes)"
    );
}

#[test]
fn a_million_unterminated_blocks_in_a_body_followed_by_another_are_rejected() {
    // The open blocks run into the next function's bytes, which must not be read as
    // this one's: the size check (or an opcode error) stops it.
    let mut code = vec![0x02];
    let body = cat(&[&[0x00], &repeat(&[0x02, 0x40], DEPTH)]);
    leb(&mut code, body.len() as u64);
    code.extend_from_slice(&body);
    code.extend_from_slice(&[0x02, 0x00, 0x0b]);
    let input = module(&[
        (1, &[0x01, 0x60, 0x00, 0x00]),
        (3, &[0x02, 0x00, 0x00]),
        (10, &code),
    ]);
    assert!(decode_on_small_stack(input).is_err());
}

#[test]
fn a_million_nested_blocks_in_a_constant_expression_decode_without_recursion() {
    // A global's initializer: i32.const 0 inside a million blocks.
    let mut global = vec![0x01, 0x7f, 0x00];
    global.extend(repeat(&[0x02, 0x40], DEPTH));
    global.extend_from_slice(&[0x41, 0x00]);
    global.extend(repeat(&[0x0b], DEPTH + 1));
    let input = module(&[(6, &global)]);
    let result = std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || decode(&input).map(|m| m.globals[0].init.instrs.len()))
        .unwrap()
        .join()
        .expect("the decoder overflowed a small stack or panicked");
    assert_eq!(result, Ok(2 * DEPTH + 2));
}

#[test]
fn errors_carry_offsets_inside_the_input() {
    use awe_binary::DecodeErrorKind as K;
    let err = |bytes: &[u8]| decode(bytes).unwrap_err();
    let header = b"\0asm\x01\0\0\0";
    let cases: Vec<(&str, Vec<u8>, K, usize)> = vec![
        ("empty", vec![], K::UnexpectedEnd, 0),
        ("short magic", b"\0as".to_vec(), K::UnexpectedEnd, 3),
        ("bad magic", b"\0asn\x01\0\0\0".to_vec(), K::MagicHeader, 0),
        (
            "short version",
            b"\0asm\x01\0".to_vec(),
            K::UnexpectedEnd,
            6,
        ),
        (
            "bad version",
            b"\0asm\x02\0\0\0".to_vec(),
            K::UnknownVersion,
            4,
        ),
        (
            "bad section id",
            cat(&[header, &[0x0e, 0x00]]),
            K::MalformedSectionId,
            8,
        ),
        (
            "size past the end",
            cat(&[header, &[0x01, 0x05, 0x01]]),
            K::LengthOutOfBounds,
            9,
        ),
        (
            "count past the end",
            cat(&[header, &[0x01, 0x02, 0x05, 0x60]]),
            K::LengthOutOfBounds,
            10,
        ),
        (
            "section shorter than its content",
            cat(&[header, &[0x01, 0x02, 0x01, 0x60, 0x00, 0x00]]),
            K::SectionSizeMismatch,
            10,
        ),
        (
            "sections out of order",
            cat(&[header, &[0x03, 0x01, 0x00, 0x01, 0x01, 0x00]]),
            K::UnexpectedContent,
            11,
        ),
        (
            "illegal opcode",
            module_with_body(&[0xff, 0x0b]),
            K::IllegalOpcode(awe_module::Opcode {
                byte: 0xff,
                sub: None,
            }),
            module_with_body(&[]).len(),
        ),
    ];
    for (what, bytes, kind, offset) in cases {
        let e = err(&bytes);
        assert_eq!((e.kind, e.offset), (kind, offset), "{what}: {e}");
        assert!(e.offset <= bytes.len(), "{what}");
    }

    // Every cut of decodable test-suite modules: an error, if any, lies within the cut.
    let mut cuts = 0;
    let decodable = testsuite_modules()
        .iter()
        .filter(|(_, b)| b.len() < 1000 && decode(b).is_ok())
        .take(400);
    for (what, bytes) in decodable {
        for len in 0..bytes.len() {
            cuts += 1;
            if let Err(e) = decode(&bytes[..len]) {
                assert!(e.offset <= len, "{what} cut to {len}: {e}");
            }
        }
    }
    assert!(cuts > 10_000, "too few cuts: {cuts}");
}
