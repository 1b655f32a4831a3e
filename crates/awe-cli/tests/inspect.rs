//! Tests of `awe inspect`, run as a user runs it: the built binary on a module compiled
//! by rustc (`tests/data/rustc/sample.wasm`).
//!
//! - Golden files in `tests/golden/` for the plain, `--hex` and `--json` outputs; run
//!   with `AWE_BLESS=1` to rewrite them after a deliberate change (then review the diff).
//! - Cross-checks against `wasmparser`, an independent parser: sections (ids, byte
//!   ranges, item counts), imports, exports and names that `--json` reports, the section
//!   headers the `--hex` notes show, and the dumped bytes themselves.
//! - Error paths: exit code 1 and `error: ...` on standard error, never a panic.

mod common;

use common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;
use wasmparser::{KnownCustom, Name, Parser, Payload};

/// The sample module, relative to the workspace root (the tests run `awe` from there so
/// that the path shown in the outputs does not depend on the machine).
const SAMPLE: &str = "tests/data/rustc/sample.wasm";

fn sample_bytes() -> Vec<u8> {
    fs::read(workspace_root().join(SAMPLE)).expect("read the sample module")
}

/// Compares `actual` with the golden file `name`, or rewrites it under `AWE_BLESS=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("AWE_BLESS").is_some_and(|v| v == "1") {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with AWE_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output, first at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             (run with AWE_BLESS=1 to accept the new output, then review the diff)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line),
        );
    }
}

#[test]
fn plain_output_matches_golden() {
    golden("sample.inspect.txt", &awe_ok(&["inspect", SAMPLE]));
}

#[test]
fn hex_output_matches_golden() {
    golden("sample.hex.txt", &awe_ok(&["inspect", "--hex", SAMPLE]));
}

#[test]
fn json_output_matches_golden() {
    golden("sample.json", &awe_ok(&["inspect", "--json", SAMPLE]));
}

/// A section as wasmparser sees it.
#[derive(Debug, PartialEq)]
struct OracleSection {
    id: u64,
    payload: (u64, u64),
    count: Option<u64>,
    custom_name: Option<String>,
}

/// Everything the oracle says about the sample.
#[derive(Default)]
struct Oracle {
    sections: Vec<OracleSection>,
    /// (module, name, kind)
    imports: Vec<(String, String, &'static str)>,
    /// (name, kind, index)
    exports: Vec<(String, &'static str, u64)>,
    start: Option<u32>,
    module_name: Option<String>,
    function_names: Vec<(u64, String)>,
}

fn oracle(bytes: &[u8]) -> Oracle {
    let mut o = Oracle::default();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.expect("wasmparser accepts the sample");
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let mut custom_name = None;
        let count = match &payload {
            Payload::TypeSection(r) => Some(r.count()),
            Payload::ImportSection(r) => {
                for i in r.clone().into_imports() {
                    let i = i.unwrap();
                    let kind = match i.ty {
                        wasmparser::TypeRef::Func(_) => "func",
                        wasmparser::TypeRef::Table(_) => "table",
                        wasmparser::TypeRef::Memory(_) => "memory",
                        wasmparser::TypeRef::Global(_) => "global",
                        other => panic!("unexpected import {other:?}"),
                    };
                    o.imports.push((i.module.into(), i.name.into(), kind));
                }
                Some(r.count())
            }
            Payload::FunctionSection(r) => Some(r.count()),
            Payload::TableSection(r) => Some(r.count()),
            Payload::MemorySection(r) => Some(r.count()),
            Payload::GlobalSection(r) => Some(r.count()),
            Payload::ExportSection(r) => {
                for e in r.clone() {
                    let e = e.unwrap();
                    let kind = match e.kind {
                        wasmparser::ExternalKind::Func => "func",
                        wasmparser::ExternalKind::Table => "table",
                        wasmparser::ExternalKind::Memory => "memory",
                        wasmparser::ExternalKind::Global => "global",
                        other => panic!("unexpected export {other:?}"),
                    };
                    o.exports.push((e.name.into(), kind, e.index.into()));
                }
                Some(r.count())
            }
            Payload::StartSection { func, .. } => {
                o.start = Some(*func);
                Some(1)
            }
            Payload::ElementSection(r) => Some(r.count()),
            Payload::DataCountSection { .. } => Some(1),
            Payload::CodeSectionStart { count, .. } => Some(*count),
            Payload::DataSection(r) => Some(r.count()),
            Payload::CustomSection(r) => {
                custom_name = Some(r.name().to_owned());
                if let KnownCustom::Name(names) = r.as_known() {
                    for n in names {
                        match n.unwrap() {
                            Name::Module { name, .. } => o.module_name = Some(name.into()),
                            Name::Function(map) => {
                                for naming in map {
                                    let naming = naming.unwrap();
                                    o.function_names
                                        .push((naming.index.into(), naming.name.into()));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                None
            }
            other => panic!("unexpected section {other:?}"),
        };
        o.sections.push(OracleSection {
            id: id.into(),
            payload: (range.start, range.end),
            count: count.map(u64::from),
            custom_name,
        });
    }
    o
}

/// The length of `n` as unsigned LEB128 (as in a section header).
fn leb128_len(mut n: u64) -> u64 {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn string(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

#[test]
fn json_agrees_with_wasmparser() {
    let bytes = sample_bytes();
    let oracle = oracle(&bytes);
    let json: Value = serde_json::from_str(&awe_ok(&["inspect", "--json", SAMPLE])).unwrap();

    assert_eq!(num(&json["size"]), bytes.len() as u64);
    let sections = json["sections"].as_array().unwrap();
    let ours: Vec<OracleSection> = sections
        .iter()
        .map(|s| OracleSection {
            id: num(&s["id"]),
            payload: (num(&s["payload_start"]), num(&s["end"])),
            count: s.get("count").map(num),
            custom_name: s.get("custom_name").map(string),
        })
        .collect();
    assert_eq!(ours, oracle.sections);

    // The sections tile the file after the 8-byte header, and each header is the id byte
    // and the size as LEB128 (the sample has no overlong sizes).
    let mut at = 8;
    for s in sections {
        let (start, payload_start, end) =
            (num(&s["start"]), num(&s["payload_start"]), num(&s["end"]));
        assert_eq!(start, at, "section {s} does not start where the last ended");
        assert_eq!(num(&s["size"]), end - payload_start, "{s}");
        assert_eq!(
            payload_start - start,
            1 + leb128_len(end - payload_start),
            "{s}"
        );
        assert!(
            ["name", "start", "end", "payload_start", "size", "id"]
                .iter()
                .all(|k| s.get(k).is_some()),
            "{s}"
        );
        at = end;
    }
    assert_eq!(at, bytes.len() as u64);

    let imports: Vec<_> = json["imports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (string(&i["module"]), string(&i["name"]), string(&i["kind"])))
        .collect();
    let expected: Vec<_> = oracle
        .imports
        .iter()
        .map(|(m, n, k)| (m.clone(), n.clone(), (*k).to_owned()))
        .collect();
    assert_eq!(imports, expected);

    let exports: Vec<_> = json["exports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (string(&e["name"]), string(&e["kind"]), num(&e["index"])))
        .collect();
    let expected: Vec<_> = oracle
        .exports
        .iter()
        .map(|(n, k, i)| (n.clone(), (*k).to_owned(), *i))
        .collect();
    assert_eq!(exports, expected);

    // An exported function shows its name from the name section.
    for e in json["exports"].as_array().unwrap() {
        let name = oracle
            .function_names
            .iter()
            .find(|(i, _)| e["kind"] == "func" && *i == num(&e["index"]))
            .map(|(_, n)| n.clone());
        assert_eq!(e.get("function_name").map(string), name, "{e}");
    }

    assert_eq!(
        json["start"].get("index").map(num),
        oracle.start.map(u64::from)
    );
    let customs: Vec<String> = json["custom_sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(string)
        .collect();
    let expected: Vec<String> = oracle
        .sections
        .iter()
        .filter_map(|s| s.custom_name.clone())
        .collect();
    assert_eq!(customs, expected);
    assert_eq!(json["module_name"].as_str(), oracle.module_name.as_deref());
    let names: Vec<(u64, String)> = json["function_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (num(&f["index"]), string(&f["name"])))
        .collect();
    assert_eq!(names, oracle.function_names);

    // The sample has what the rustc project promises.
    let ids: Vec<u64> = oracle.sections.iter().map(|s| s.id).collect();
    for id in [2, 4, 7, 9, 10, 11] {
        assert!(ids.contains(&id), "no section {id} in the sample");
    }
    assert!(oracle.module_name.is_some() && !oracle.function_names.is_empty());
}

/// Parses the dump lines of `--hex` output back into bytes and offsets.
fn dumped_bytes(hex: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    for line in hex.lines().filter(|l| !l.starts_with(' ')) {
        let (offset, rest) = line.split_once(": ").expect("a dump line");
        assert_eq!(
            usize::from_str_radix(offset, 16).unwrap(),
            bytes.len(),
            "{line}"
        );
        // 16 columns of "xx " then a space and the ASCII column.
        let hex_part = &rest[..16 * 3];
        for cell in hex_part.split_whitespace() {
            bytes.push(u8::from_str_radix(cell, 16).unwrap());
        }
        let ascii = &rest[16 * 3 + 1..];
        assert_eq!(
            ascii.len(),
            hex_part.split_whitespace().count(),
            "ASCII column of {line}"
        );
    }
    bytes
}

#[test]
fn hex_dumps_every_byte_and_notes_each_section_header() {
    let bytes = sample_bytes();
    let hex = awe_ok(&["inspect", "--hex", SAMPLE]);
    assert_eq!(dumped_bytes(&hex), bytes);

    // Section header notes: "          0008..000a  section 1 (type), size 23".
    let headers: Vec<(u64, u64, u64, u64)> = hex
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix("          ")?;
            let (range, text) = l.split_once("  ")?;
            let (start, end) = range.split_once("..")?;
            let rest = text.strip_prefix("section ")?;
            let (id, rest) = rest.split_once(' ')?;
            let size = rest.rsplit_once("size ")?.1;
            Some((
                u64::from_str_radix(start, 16).unwrap(),
                u64::from_str_radix(end, 16).unwrap(),
                id.parse().unwrap(),
                size.parse().unwrap(),
            ))
        })
        .collect();
    let oracle = oracle(&bytes);
    let expected: Vec<(u64, u64, u64, u64)> = oracle
        .sections
        .iter()
        .map(|s| {
            let size = s.payload.1 - s.payload.0;
            (s.payload.0 - 1 - leb128_len(size), s.payload.0, s.id, size)
        })
        .collect();
    assert_eq!(headers, expected);

    // Every note line sits under the dump line holding the first byte it describes.
    let mut line_start = None;
    for l in hex.lines() {
        if let Some(note) = l.strip_prefix("          ") {
            let start = note.split(['.', ' ']).next().unwrap();
            let start = usize::from_str_radix(start, 16).unwrap();
            let ls = line_start.expect("a note before the first dump line");
            assert!((ls..ls + 16).contains(&start), "{l} is under line {ls:x}");
        } else {
            line_start = Some(usize::from_str_radix(&l[..8], 16).unwrap());
        }
    }
    assert!(hex.contains("call_indirect"), "instructions are shown");
    assert!(hex.contains("Hello from rustc, awe!"), "data is shown");
}

/// Runs `awe` and checks that it failed cleanly with a one-line error.
fn awe_fails(args: &[&str]) -> (String, String) {
    let (out, err) = awe_failure(args);
    assert_eq!(err.lines().count(), 1, "one line of error: {err}");
    (out, err)
}

#[test]
fn truncated_module_is_an_error_with_an_offset() {
    let bytes = sample_bytes();
    // Cut in the middle of the code section.
    let path = scratch("truncated.wasm", &bytes[..0xe0]);
    let p = path.to_str().unwrap();
    for mode in [&["inspect"][..], &["inspect", "--json"]] {
        let (out, err) = awe_fails(&[mode, &[p]].concat());
        assert_eq!(out, "", "no output on error");
        assert!(err.starts_with(&format!("error: {p}: ")), "{err}");
        assert!(err.contains(" at offset 0x"), "{err}");
    }

    // --hex dumps everything, notes up to the failure (the code section's size is out
    // of bounds: its header note covers the bytes read), and the error at its place.
    let (out, err) = awe_fails(&["inspect", "--hex", p]);
    assert_eq!(dumped_bytes(&out), &bytes[..0xe0]);
    assert!(out.contains("section 9 (element)"), "{out}");
    assert!(out.contains("00a7..00a9  section 10 (code)"), "{out}");
    assert_eq!(error_marker(&out, &err), 0xa8);
}

/// Checks that the `--hex` output shows the error of `err` at its offset; returns it.
fn error_marker(out: &str, err: &str) -> usize {
    let offset = err.rsplit_once("at offset 0x").unwrap().1.trim();
    let offset = usize::from_str_radix(offset, 16).unwrap();
    let marker = out
        .lines()
        .find(|l| l.contains("error: "))
        .expect("the error is shown in the dump");
    let shown = marker.split_whitespace().next().unwrap();
    assert_eq!(
        usize::from_str_radix(shown, 16).unwrap(),
        offset,
        "{marker}"
    );
    assert!(
        marker.contains(
            err.split(": ")
                .last()
                .unwrap()
                .split(" at offset")
                .next()
                .unwrap()
        )
    );
    offset
}

#[test]
fn bad_instruction_is_shown_where_it_is() {
    let mut bytes = sample_bytes();
    // `i32.gt_u` in `apply` becomes 0xff, which is no opcode.
    assert_eq!(bytes[0xd0], 0x4b);
    bytes[0xd0] = 0xff;
    let path = scratch("bad-opcode.wasm", &bytes);
    let p = path.to_str().unwrap();
    let (_, err) = awe_fails(&["inspect", p]);
    assert_eq!(
        err,
        format!("error: {p}: illegal opcode ff at offset 0xd0\n")
    );
    let (out, err) = awe_fails(&["inspect", "--hex", p]);
    assert_eq!(dumped_bytes(&out), bytes);
    assert_eq!(error_marker(&out, &err), 0xd0);
    // The notes go up to the instruction before, and stop there.
    let notes: Vec<&str> = out.lines().filter(|l| l.starts_with(' ')).collect();
    assert!(
        notes[notes.len() - 2].ends_with("      i32.const 2"),
        "{out}"
    );
    assert!(
        notes[notes.len() - 1].contains("error: illegal opcode ff"),
        "{out}"
    );
}

#[test]
fn non_wasm_file_is_an_error_with_an_offset() {
    let path = scratch("not-wasm.bin", b"this is not WebAssembly\n");
    let p = path.to_str().unwrap();
    let (_, err) = awe_fails(&["inspect", p]);
    assert_eq!(
        err,
        format!("error: {p}: magic header not detected at offset 0x0\n")
    );
    let (_, err) = awe_fails(&["inspect", "--hex", p]);
    assert!(err.contains("at offset 0x0"), "{err}");

    // Text that is not a module, and a wrong version.
    let path = scratch("empty.wasm", b"");
    let (_, err) = awe_fails(&["inspect", path.to_str().unwrap()]);
    assert!(err.ends_with("unexpected end at offset 0x0\n"), "{err}");
    let path = scratch("version2.wasm", b"\0asm\x02\0\0\0");
    let (_, err) = awe_fails(&["inspect", path.to_str().unwrap()]);
    assert!(
        err.ends_with("unknown binary version at offset 0x4\n"),
        "{err}"
    );
}

#[test]
fn missing_file_is_an_error() {
    let (out, err) = awe_fails(&["inspect", "no/such/file.wasm"]);
    assert_eq!(out, "");
    assert_eq!(err, "error: no/such/file.wasm: cannot read: no such file\n");
    let (_, err) = awe_fails(&["inspect", "--json", "crates"]);
    assert_eq!(err, "error: crates: cannot read: is a directory\n");
}

#[test]
fn usage_errors_are_clap_errors() {
    for args in [
        &["inspect"][..],
        &["inspect", "--hex", "--json", SAMPLE],
        &["run"],
    ] {
        let o = awe(args);
        assert_eq!(o.status.code(), Some(2), "awe {args:?}");
        assert!(stderr(&o).starts_with("error: "), "awe {args:?}");
    }
    // A first word that is no command is a module to run, as `awe run` would.
    let (_, err) = awe_fails(&["frobnicate"]);
    assert_eq!(err, "error: frobnicate: cannot read: no such file\n");
}

#[test]
fn reads_standard_input() {
    let o = Command::new(env!("CARGO_BIN_EXE_awe"))
        .args(["inspect", "--json", "-"])
        .stdin(fs::File::open(workspace_root().join(SAMPLE)).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["file"], "<stdin>");
    assert_eq!(num(&json["size"]), sample_bytes().len() as u64);
}

/// Whatever the input, `awe inspect` ends with 0 or 1 and never panics: every
/// truncation of the sample, and the sample with each byte replaced by 0x00 and by 0xff.
#[test]
fn never_panics_on_damaged_input() {
    let bytes = sample_bytes();
    let mut cases: Vec<(String, Vec<u8>)> = (0..bytes.len())
        .map(|n| (format!("first {n} bytes"), bytes[..n].to_vec()))
        .collect();
    for i in 0..bytes.len() {
        for v in [0x00, 0xff] {
            if bytes[i] != v {
                let mut b = bytes.clone();
                b[i] = v;
                cases.push((format!("byte {i:#x} set to {v:#x}"), b));
            }
        }
    }
    let path = scratch("damaged.wasm", b"");
    let p = path.to_str().unwrap();
    let mut failures = 0;
    for (i, (what, case)) in cases.iter().enumerate() {
        fs::write(&path, case).unwrap();
        // Every case in --hex mode (which reports everything the decoder sees); every
        // third in the summary modes too (alternating), to keep the test quick.
        let modes: &[&[&str]] = match i % 6 {
            0 => &[&["inspect", "--hex"], &["inspect"]],
            3 => &[&["inspect", "--hex"], &["inspect", "--json"]],
            _ => &[&["inspect", "--hex"]],
        };
        for mode in modes {
            let o = awe(&[mode, &[p][..]].concat());
            let err = stderr(&o);
            match o.status.code() {
                Some(0) => assert_eq!(err, "", "{what}"),
                Some(1) => {
                    failures += 1;
                    assert!(
                        err.starts_with("error: ") && err.contains(" at offset 0x"),
                        "{what}: {err}"
                    );
                }
                code => panic!("{what}: {mode:?} ended with {code:?}: {err}"),
            }
        }
    }
    assert!(failures > bytes.len(), "most damaged inputs are rejected");
}
