//! What running a script found: one outcome per directive, and counts.

use crate::backend::Unsupported;
use std::fmt;
use std::ops::AddAssign;

/// Why a directive was not checked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Skip {
    /// It needs a capability awe does not have yet.
    Unsupported(Unsupported),
    /// It uses a module that did not load: the directive at this line failed (and is
    /// counted as failed there).
    ModuleFailed {
        /// The line of the module's directive.
        line: usize,
    },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Unsupported(u) => u.fmt(f),
            Skip::ModuleFailed { line } => write!(f, "the module of line {line} did not load"),
        }
    }
}

impl From<Unsupported> for Skip {
    fn from(u: Unsupported) -> Skip {
        Skip::Unsupported(u)
    }
}

/// How one directive went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything it asks for was checked and holds.
    Passed,
    /// Something it asks for does not hold.
    Failed {
        /// What the script asked for.
        expected: String,
        /// What came back instead.
        got: String,
    },
    /// Not checked, or not completely (what could be checked held).
    Skipped {
        /// Why.
        reason: Skip,
    },
}

impl Outcome {
    /// A failure.
    pub fn failed(expected: impl Into<String>, got: impl Into<String>) -> Outcome {
        Outcome::Failed {
            expected: expected.into(),
            got: got.into(),
        }
    }

    /// A skip.
    pub fn skipped(reason: impl Into<Skip>) -> Outcome {
        Outcome::Skipped {
            reason: reason.into(),
        }
    }

    /// Whether it failed.
    pub fn is_failed(&self) -> bool {
        matches!(self, Outcome::Failed { .. })
    }
}

impl fmt::Display for Outcome {
    /// `passed`, `expected ..., got ...`, or `skipped: <reason>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Passed => f.write_str("passed"),
            Outcome::Failed { expected, got } => write!(f, "expected {expected}, got {got}"),
            Outcome::Skipped { reason } => write!(f, "skipped: {reason}"),
        }
    }
}

/// Another script's expectation for the same module that a directive passed with, its
/// own not being met (see [`Alternatives`](crate::Alternatives)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternative {
    /// The directive whose expectation was met: `multi-value/binary.wast:762`.
    pub by: String,
    /// Its message.
    pub message: String,
    /// The message the directive itself expects.
    pub own: String,
}

/// One directive's outcome and where the directive is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveResult {
    /// Its line in the script (1-based).
    pub line: usize,
    /// Its keyword: `module`, `assert_return`, ... (`invoke`/`get` for a bare action;
    /// `script` for a script that does not parse).
    pub directive: &'static str,
    /// How it went.
    pub outcome: Outcome,
    /// When it passed with another script's expectation, not its own: which.
    pub alternative: Option<Alternative>,
}

impl fmt::Display for DirectiveResult {
    /// `<line>: <directive>: <outcome>`, then, when it passed with another script's
    /// expectation, ` (as <by> expects of the same module: "<message>"; this script
    /// expects "<own>")`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.line, self.directive, self.outcome)?;
        if let Some(a) = &self.alternative {
            write!(
                f,
                " (as {} expects of the same module: {:?}; this script expects {:?})",
                a.by, a.message, a.own
            )?;
        }
        Ok(())
    }
}

/// How many directives passed, failed and were skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped.
    pub skipped: usize,
}

impl Counts {
    /// All directives counted.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.skipped
    }

    /// Counts one outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
        }
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }
}

impl fmt::Display for Counts {
    /// `N passed, N failed`, then `, N skipped` when any were.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)?;
        if self.skipped > 0 {
            write!(f, ", {} skipped", self.skipped)?;
        }
        Ok(())
    }
}

/// What running one script found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The script's name, as given to the runner (a path or `folder/file.wast`).
    pub name: String,
    /// One result per directive, in script order.
    pub results: Vec<DirectiveResult>,
}

impl Report {
    /// The counts over all directives.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.results {
            c.add(&r.outcome);
        }
        c
    }

    /// The directives that failed.
    pub fn failures(&self) -> impl Iterator<Item = &DirectiveResult> {
        self.results.iter().filter(|r| r.outcome.is_failed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_line_format() {
        let mut c = Counts {
            passed: 3,
            failed: 1,
            skipped: 0,
        };
        assert_eq!(c.to_string(), "3 passed, 1 failed");
        c.skipped = 2;
        assert_eq!(c.to_string(), "3 passed, 1 failed, 2 skipped");
        assert_eq!(c.total(), 6);
    }

    #[test]
    fn outcomes_shown() {
        let r = DirectiveResult {
            line: 4,
            directive: "assert_malformed",
            outcome: Outcome::failed("\"unexpected end\"", "a module that decodes"),
            alternative: None,
        };
        assert_eq!(
            r.to_string(),
            "4: assert_malformed: expected \"unexpected end\", got a module that decodes"
        );
        let r = DirectiveResult {
            outcome: Outcome::Passed,
            alternative: Some(Alternative {
                by: "wasm-v2/custom.wast:84".to_owned(),
                message: "length out of bounds".to_owned(),
                own: "unexpected end".to_owned(),
            }),
            ..r
        };
        assert_eq!(
            r.to_string(),
            "4: assert_malformed: passed (as wasm-v2/custom.wast:84 expects of the same \
             module: \"length out of bounds\"; this script expects \"unexpected end\")"
        );
        assert_eq!(
            Outcome::skipped(Unsupported::Execution).to_string(),
            "skipped: execution not available yet"
        );
        assert_eq!(
            Outcome::skipped(Skip::ModuleFailed { line: 3 }).to_string(),
            "skipped: the module of line 3 did not load"
        );
    }
}
