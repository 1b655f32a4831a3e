//! The list of known failures the conformance harness tolerates.
//!
//! One entry a line, `folder/file.wast:LINE  reason`; `#` starts a comment, blank lines
//! are ignored. A listed directive that fails is tolerated. A listed directive that does
//! not fail (it passes now, is skipped, or there is none on that line) is a problem, so
//! the list only shrinks; so is any failure that is not listed.

use crate::report::Report;
use std::collections::{BTreeMap, BTreeSet};

/// One tolerated failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The script, as the harness names it: `wasm-v2/binary.wast`.
    pub file: String,
    /// The directive's line.
    pub line: usize,
    /// Why it fails (required).
    pub reason: String,
}

/// The parsed list.
#[derive(Clone, Debug, Default)]
pub struct KnownFailures {
    /// Entries by script, then line.
    entries: BTreeMap<String, BTreeMap<usize, Entry>>,
}

/// What checking one report against the list found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Failures that are listed.
    pub tolerated: usize,
    /// Unlisted failures and listed directives that did not fail, one message each.
    pub problems: Vec<String>,
}

impl KnownFailures {
    /// Parses the list; an error names the line of the list that is wrong.
    pub fn parse(text: &str) -> Result<KnownFailures, String> {
        let mut known = KnownFailures::default();
        for (n, raw) in text.lines().enumerate() {
            let n = n + 1;
            let content = raw.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let (location, reason) = content
                .split_once(char::is_whitespace)
                .map(|(l, r)| (l, r.trim()))
                .unwrap_or((content, ""));
            if reason.is_empty() {
                return Err(format!(
                    "line {n}: `{location}` has no reason (write `file.wast:LINE  reason`)"
                ));
            }
            let (file, line) = location
                .rsplit_once(':')
                .filter(|(f, _)| f.ends_with(".wast"))
                .ok_or_else(|| {
                    format!("line {n}: expected `folder/file.wast:LINE`, found `{location}`")
                })?;
            let line: usize = line
                .parse()
                .ok()
                .filter(|&l| l > 0)
                .ok_or_else(|| format!("line {n}: `{line}` is not a line number"))?;
            let entry = Entry {
                file: file.to_owned(),
                line,
                reason: reason.to_owned(),
            };
            if known
                .entries
                .entry(file.to_owned())
                .or_default()
                .insert(line, entry)
                .is_some()
            {
                return Err(format!("line {n}: {location} is listed twice"));
            }
        }
        Ok(known)
    }

    /// The tracked list, `crates/awe-wast/known-failures.txt` (built in), which every
    /// test that runs the suite's scripts goes by.
    ///
    /// # Panics
    /// If the list does not parse (its own test says where).
    pub fn tracked() -> KnownFailures {
        KnownFailures::parse(include_str!("../known-failures.txt"))
            .unwrap_or_else(|e| panic!("known-failures.txt: {e}"))
    }

    /// The entry for the directive at `line` of script `file`, if it is listed.
    pub fn lists(&self, file: &str, line: usize) -> Option<&Entry> {
        self.entries.get(file)?.get(&line)
    }

    /// Whether a failure described as `file.wast:LINE...` is listed.
    pub fn lists_failure(&self, failure: &str) -> bool {
        let mut parts = failure.splitn(3, ':');
        let (Some(file), Some(line)) = (parts.next(), parts.next()) else {
            return false;
        };
        line.trim()
            .parse()
            .is_ok_and(|line| self.lists(file.trim_start_matches("FAIL "), line).is_some())
    }

    /// All entries, by script and line.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values().flat_map(|m| m.values())
    }

    /// The scripts that have entries.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Checks a report (named like the entries) against the list.
    pub fn check(&self, report: &Report) -> Verdict {
        let listed = self.entries.get(&report.name);
        let mut verdict = Verdict::default();
        let mut failed_lines = BTreeSet::new();
        for r in report.failures() {
            failed_lines.insert(r.line);
            if listed.is_some_and(|l| l.contains_key(&r.line)) {
                verdict.tolerated += 1;
            } else {
                verdict
                    .problems
                    .push(format!("{}:{r} (not a known failure)", report.name));
            }
        }
        for entry in listed.into_iter().flat_map(|l| l.values()) {
            if failed_lines.contains(&entry.line) {
                continue;
            }
            let now = report
                .results
                .iter()
                .find(|r| r.line == entry.line)
                .map_or("there is no directive on that line".to_owned(), |r| {
                    format!("{}: {}", r.directive, r.outcome)
                });
            verdict.problems.push(format!(
                "{}:{}: listed as a known failure but did not fail ({now}): remove it from the list",
                entry.file, entry.line
            ));
        }
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Unsupported;
    use crate::report::{DirectiveResult, Outcome, Skip};

    fn report(results: Vec<(usize, Outcome)>) -> Report {
        Report {
            name: "wasm-v1/x.wast".to_owned(),
            results: results
                .into_iter()
                .map(|(line, outcome)| DirectiveResult {
                    line,
                    directive: "module",
                    outcome,
                    alternative: None,
                })
                .collect(),
        }
    }

    #[test]
    fn parses_entries_comments_and_blank_lines() {
        let k = KnownFailures::parse(
            "# header\n\nwasm-v1/x.wast:3  1.0 said otherwise # trailing\nsimd/y.wast:10\tbecause\n",
        )
        .unwrap();
        let e: Vec<_> = k.entries().collect();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].file, "simd/y.wast");
        assert_eq!(e[1].line, 3);
        assert_eq!(e[1].reason, "1.0 said otherwise");
        assert_eq!(
            k.files().collect::<Vec<_>>(),
            ["simd/y.wast", "wasm-v1/x.wast"]
        );
    }

    #[test]
    fn rejects_bad_lines() {
        for bad in [
            "wasm-v1/x.wast:3",
            "wasm-v1/x.wast  reason",
            "wasm-v1/x.wast:0  reason",
            "wasm-v1/x.wast:a  reason",
            "wasm-v1/x.wat:3  reason",
            "a.wast:1  r\na.wast:1  again",
        ] {
            assert!(KnownFailures::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn listed_failures_are_tolerated_and_others_reported() {
        let k = KnownFailures::parse("wasm-v1/x.wast:3  known\n").unwrap();
        let failed = || Outcome::failed("a", "b");
        let v = k.check(&report(vec![(1, Outcome::Passed), (3, failed())]));
        assert_eq!(
            v,
            Verdict {
                tolerated: 1,
                problems: vec![]
            }
        );
        let v = k.check(&report(vec![(3, failed()), (5, failed())]));
        assert_eq!(v.tolerated, 1);
        assert_eq!(v.problems.len(), 1);
        assert!(v.problems[0].starts_with("wasm-v1/x.wast:5: module: expected a, got b"));
    }

    #[test]
    fn listed_but_not_failing_is_a_problem() {
        let k = KnownFailures::parse("wasm-v1/x.wast:3  known\nwasm-v1/x.wast:9  gone\n").unwrap();
        let skipped = Outcome::skipped(Skip::Unsupported(Unsupported::Validation));
        let v = k.check(&report(vec![(3, Outcome::Passed), (4, skipped)]));
        assert_eq!(v.tolerated, 0);
        assert_eq!(v.problems.len(), 2, "{:?}", v.problems);
        assert!(
            v.problems[0]
                .contains("x.wast:3: listed as a known failure but did not fail (module: passed)")
        );
        assert!(v.problems[1].contains("no directive on that line"));
    }
}
