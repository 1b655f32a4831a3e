//! The WAST script runner: runs the official WebAssembly test suite's scripts (and our
//! own) directive by directive, and reports each as passed, failed or skipped.
//!
//! ```
//! let report = awe_wast::run_script(
//!     "example.wast",
//!     r#"(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")"#,
//! );
//! assert_eq!(report.counts().to_string(), "1 passed, 0 failed");
//! ```
//!
//! The runner decodes binary modules and parses text modules itself. Everything beyond
//! that goes through the [`Backend`] trait, the one place where the validator and the
//! engine plug in; [`Awe`] is awe: its validator and its engine. A directive
//! that needs a capability awe lacks is [skipped](Outcome::Skipped) with the reason, after
//! whatever could be checked (for example, a `module` directive's module must still
//! decode or parse, and validate, before its instantiation is skipped).
//!
//! Error messages match like the reference interpreter's: the actual message must start
//! with the expected one, in [today's wording](current_wording). A script can also accept
//! other scripts' expectations for the same binary modules ([`Alternatives`],
//! [`run_script_with_options`]).
//!
//! [`known`] reads the conformance harness's list of tolerated failures and [`table`]
//! writes the README's conformance table.
#![warn(missing_docs)]

pub mod alternatives;
pub mod backend;
pub mod known;
pub mod pattern;
pub mod report;
mod runner;
pub mod table;
mod wording;

pub use alternatives::{Accepted, Alternatives};
pub use backend::{Awe, Backend, ExecError, Limit, Support, Unsupported, Val};
pub use report::{Alternative, Counts, DirectiveResult, Outcome, Report, Skip};
pub use runner::{Options, run_script_with, run_script_with_options};
pub use wording::{current_wording, message_matches};

/// Runs a script with awe ([`Awe`]), in a fresh store.
pub fn run_script(name: &str, src: &str) -> Report {
    run_script_with(&mut Awe::default(), name, src)
}
