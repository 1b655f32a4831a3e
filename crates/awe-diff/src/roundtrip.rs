//! Round trips of the binary and text formats, and awe's validation verdict against
//! wasmparser's.

use crate::compare::{Class, Divergence};
use awe_module::Module;
use wasmparser::{Validator, WasmFeatures};

/// `m` with every function's instruction offsets cleared (they depend on the encoding).
fn without_offsets(mut m: Module) -> Module {
    for f in &mut m.funcs {
        f.offsets = Default::default();
    }
    m
}

fn diverge(detail: String) -> Option<Divergence> {
    Some(Divergence {
        class: Class::Roundtrip,
        call: None,
        detail,
    })
}

/// Checks `bytes`: awe's verdict (decode, then validate) is wasmparser's (WebAssembly
/// 2.0 features), apart from wasmparser's implementation limits; a module that decodes
/// survives encode → decode, `awe_text::print` → `awe_text::parse_module`, and
/// wasmprinter's text parses (in awe) to the decoded module and to what `wat` makes of
/// that text.
pub fn check_roundtrip(bytes: &[u8]) -> Option<Divergence> {
    let decoded = awe_binary::decode(bytes);
    let awe_ok = match &decoded {
        Ok(m) => awe_validate::check(m).map_err(|e| e.message.to_string()),
        Err(e) => Err(format!("malformed: {}", e.message())),
    };
    let oracle = Validator::new_with_features(WasmFeatures::WASM2).validate_all(bytes);
    if awe_ok.is_ok() != oracle.is_ok() {
        return Some(Divergence {
            class: Class::Validate,
            call: None,
            detail: format!(
                "awe: {:?}, wasmparser: {:?}",
                awe_ok,
                oracle.map(drop).map_err(|e| e.message().to_string())
            ),
        });
    }
    let Ok(m) = decoded else { return None };
    let m = without_offsets(m);
    let encoded = awe_binary::encode(&m);
    match awe_binary::decode(&encoded).map(without_offsets) {
        Ok(m2) if m2 == m => {}
        Ok(_) => return diverge("decode -> encode -> decode changed the module".into()),
        Err(e) => return diverge(format!("re-encoded module does not decode: {e}")),
    }
    let text = awe_text::print(&m);
    match awe_text::parse_module(&text).map(without_offsets) {
        Ok(m2) if m2 == m => {}
        Ok(_) => return diverge("awe print -> parse changed the module".into()),
        Err(e) => {
            return diverge(format!(
                "awe print -> parse failed: {}",
                e.render(&text, "<print>")
            ));
        }
    }
    if awe_ok.is_err() {
        // wasmprinter prints only what wasmparser reads; invalid modules stop here.
        return None;
    }
    let Ok(wtext) = wasmprinter::print_bytes(bytes) else {
        return None;
    };
    let ours = match awe_text::parse_module(&wtext) {
        Ok(m2) => without_offsets(m2),
        Err(e) => {
            return diverge(format!(
                "awe cannot parse wasmprinter's text: {}",
                e.render(&wtext, "<wasmprinter>")
            ));
        }
    };
    let mut names_cleared = ours.clone();
    let mut decoded_cleared = m.clone();
    // Names become identifiers and custom sections annotations in text: not compared.
    names_cleared.names = Default::default();
    decoded_cleared.names = Default::default();
    names_cleared.customs.clear();
    decoded_cleared.customs.clear();
    if names_cleared != decoded_cleared {
        return diverge(
            "wasmprinter's text parses (in awe) to another module than the binary".into(),
        );
    }
    match wat::parse_str(&wtext) {
        Ok(wbytes) => match awe_binary::decode(&wbytes) {
            Ok(wm) => {
                let mut wm = without_offsets(wm);
                wm.names = Default::default();
                wm.customs.clear();
                if wm != names_cleared {
                    return diverge("wasmprinter's text: awe's parse differs from wat's".into());
                }
            }
            Err(e) => {
                return diverge(format!(
                    "wat's binary of wasmprinter's text does not decode: {e}"
                ));
            }
        },
        Err(_) => {}
    }
    None
}
