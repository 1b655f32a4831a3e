//! Round trips of the binary and text formats, and awe's validation verdict against
//! wasmparser's.

use crate::compare::{Class, Divergence};
use awe_module::Module;

/// `m` with every function's instruction offsets cleared (they depend on the encoding).
fn without_offsets(mut m: Module) -> Module {
    for f in &mut m.funcs {
        f.offsets = Default::default();
    }
    m
}

/// What the text format keeps of a module: instruction offsets cleared, runs of locals
/// of one type merged, no custom sections (other than names) and no data count section
/// (text has neither), and the names awe's parser keeps (the module's, the functions',
/// the defined functions' locals').
fn text_comparable(m: Module) -> Module {
    let mut m = without_offsets(m);
    for f in &mut m.funcs {
        let mut runs: Vec<awe_module::Local> = Vec::new();
        for l in f.locals.iter().filter(|l| l.count > 0) {
            match runs.last_mut() {
                Some(last) if last.ty == l.ty => last.count += l.count,
                _ => runs.push(*l),
            }
        }
        f.locals = runs;
    }
    m.customs.clear();
    m.data_count = None;
    let imported = m.num_imported_funcs();
    m.names.locals.retain(|(f, _)| f.0 >= imported);
    m.names.other.clear();
    m
}

fn diverge(detail: String) -> Option<Divergence> {
    Some(Divergence {
        class: Class::Roundtrip,
        call: None,
        detail,
    })
}

/// Checks `bytes`: awe's verdict (decode, then validate) is wasmparser's (with the
/// features awe validates, `AWE_FEATURES`), apart from wasmparser's implementation limits; a module that decodes
/// survives encode → decode, `awe_text::print` → `awe_text::parse_module`, and
/// wasmprinter's text parses (in awe) to the decoded module and to what `wat` makes of
/// that text.
pub fn check_roundtrip(bytes: &[u8]) -> Option<Divergence> {
    let decoded = awe_binary::decode(bytes);
    let awe_ok = match &decoded {
        Ok(m) => awe_validate::check_with(m, crate::generator::AWE_VALIDATES)
            .map_err(|e| e.message.to_string()),
        Err(e) => Err(format!("malformed: {}", e.message())),
    };
    let oracle = crate::generator::wasmparser_validate(bytes);
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
    match awe_text::parse_module(&text).map(text_comparable) {
        Ok(m2) if m2 == text_comparable(m.clone()) => {}
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
    // Names become identifiers in text (wasmprinter's choice of which): not compared.
    let no_names = |m: Module| {
        let mut m = text_comparable(m);
        m.names = Default::default();
        m
    };
    let ours = match awe_text::parse_module(&wtext) {
        Ok(m2) => no_names(m2),
        Err(e) => {
            return diverge(format!(
                "awe cannot parse wasmprinter's text: {}",
                e.render(&wtext, "<wasmprinter>")
            ));
        }
    };
    if ours != no_names(m.clone()) {
        return diverge(
            "wasmprinter's text parses (in awe) to another module than the binary".into(),
        );
    }
    if let Ok(wbytes) = wat::parse_str(&wtext) {
        match awe_binary::decode(&wbytes).map(no_names) {
            Ok(wm) if wm == ours => {}
            Ok(_) => return diverge("wasmprinter's text: awe's parse differs from wat's".into()),
            Err(e) => {
                return diverge(format!(
                    "wat's binary of wasmprinter's text does not decode: {e}"
                ));
            }
        }
    }
    None
}
