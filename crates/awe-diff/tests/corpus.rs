//! Every case of `corpus/` (past divergences, minimized, named after what they
//! reproduce) through the comparison, lazily and eagerly: awe and wasmi 2.0 must agree
//! (or disagree only as a known oracle bug explains), and each `;; invoke` line's
//! expectation must hold in awe.

use std::path::Path;

#[test]
fn corpus_cases_agree() {
    awe_diff::check::quiet_panics();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let cases = awe_diff::corpus::load_dir(&dir).expect("the corpus loads");
    assert!(cases.len() >= 5, "the corpus holds {} cases", cases.len());
    let failures = awe_diff::check::on_big_stack(move || {
        cases
            .iter()
            .filter_map(|c| awe_diff::corpus::check_case(c).err())
            .collect::<Vec<_>>()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
