//! Running a script's directives, in order, against a [`Backend`].

use crate::alternatives::{Accepted, Alternatives, Assertion, Met};
use crate::backend::{Backend, ExecError, Support, Unsupported, Val};
use crate::pattern::{ShowPattern, all_match, list};
use crate::report::{Alternative, DirectiveResult, Outcome, Report, Skip};
use crate::wording::{message_matches, show_message};
use awe_module::Module;
use awe_text::wast::{Action, Directive, DirectiveKind, Execute, ModuleSource, ScriptModule};
use std::collections::HashMap;

/// How a script is run. The default: every directive as the script says.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// Other scripts' expectations that the script accepts too: an `assert_malformed` or
    /// `assert_invalid` of a `module binary` whose bytes a directive asserting the same
    /// holds there also passes with that directive's message (the result records which:
    /// [`DirectiveResult::alternative`]).
    pub alternatives: Option<&'a Alternatives>,
}

/// Runs a script against `backend` and reports every directive.
///
/// `name` names the script in the report. A script that does not parse at all gives one
/// failed result (directive `script`) at the place of the error.
pub fn run_script_with<B: Backend>(backend: &mut B, name: &str, src: &str) -> Report {
    run_script_with_options(backend, name, src, Options::default())
}

/// [`run_script_with`], with options.
pub fn run_script_with_options<B: Backend>(
    backend: &mut B,
    name: &str,
    src: &str,
    options: Options<'_>,
) -> Report {
    let results = match awe_text::parse_script(src) {
        Ok(script) => {
            let mut runner = Runner {
                backend,
                src,
                options,
                current: None,
                named: HashMap::new(),
                definitions: HashMap::new(),
            };
            script
                .directives
                .into_iter()
                .map(|d| runner.directive(d))
                .collect()
        }
        Err(e) => {
            let (line, col) = e.span.line_col(src);
            vec![DirectiveResult {
                line,
                directive: "script",
                outcome: Outcome::failed(
                    "a script that parses",
                    format!("{:?} at {line}:{col}", e.message),
                ),
                alternative: None,
            }]
        }
    };
    Report {
        name: name.to_owned(),
        results,
    }
}

/// A module a later directive may use: instantiated, or why not.
#[derive(Clone)]
enum Slot<I> {
    Ready(I),
    Missing(Skip),
}

/// What validating and instantiating a module came to.
enum Defined<I> {
    Instance(I),
    Invalid(String),
    Error(ExecError),
    Unsupported(Unsupported),
}

struct Runner<'a, B: Backend> {
    backend: &'a mut B,
    /// The script's text.
    src: &'a str,
    options: Options<'a>,
    /// The last module defined: the one actions without a module name use.
    current: Option<Slot<B::Instance>>,
    /// Modules defined with a `$name`.
    named: HashMap<String, Slot<B::Instance>>,
    /// `module definition`s, by name: loaded (and valid), not instantiated; `None` when
    /// the definition did not load.
    definitions: HashMap<String, Option<Module>>,
}

/// The keyword of a directive, for reports.
fn keyword(kind: &DirectiveKind) -> &'static str {
    match kind {
        DirectiveKind::Module(_) => "module",
        DirectiveKind::ModuleInstance { .. } => "module instance",
        DirectiveKind::Register { .. } => "register",
        DirectiveKind::Action(Action::Invoke { .. }) => "invoke",
        DirectiveKind::Action(Action::Get { .. }) => "get",
        DirectiveKind::AssertReturn { .. } => "assert_return",
        DirectiveKind::AssertTrap { .. } => "assert_trap",
        DirectiveKind::AssertExhaustion { .. } => "assert_exhaustion",
        DirectiveKind::AssertException { .. } => "assert_exception",
        DirectiveKind::AssertInvalid { .. } => "assert_invalid",
        DirectiveKind::AssertMalformed { .. } => "assert_malformed",
        DirectiveKind::AssertUnlinkable { .. } => "assert_unlinkable",
        DirectiveKind::AssertUninstantiable { .. } => "assert_uninstantiable",
    }
}

/// What a module must do to be loaded, for reports.
fn loads(source: &ModuleSource) -> &'static str {
    match source {
        ModuleSource::Binary(_) => "a module that decodes",
        ModuleSource::Text(_) | ModuleSource::Quote(_) => "a module that parses",
    }
}

/// What a directive asserting `assertion` of `module` and expecting `own` accepts: with
/// `alternatives`, for a binary module, their messages for the same bytes too.
fn accepted<'x>(
    alternatives: Option<&'x Alternatives>,
    assertion: Assertion,
    module: &ScriptModule,
    own: &'x str,
) -> Accepted<'x> {
    match (&module.source, alternatives) {
        (ModuleSource::Binary(bytes), Some(a)) => a.accepted(assertion, bytes, own),
        (ModuleSource::Quote(text), Some(a)) => {
            a.accepted(assertion, &crate::alternatives::quote_key(text), own)
        }
        _ => Accepted::own(own),
    }
}

/// The outcome of a directive whose module was rejected with the message `got`, and the
/// other script's expectation it passed with.
fn rejected_with(accepted: &Accepted<'_>, got: &str) -> (Outcome, Option<Alternative>) {
    match accepted.met_by(got) {
        Some(Met::Own) => (Outcome::Passed, None),
        Some(Met::Other(e)) => (
            Outcome::Passed,
            Some(Alternative {
                by: format!("{}:{}", e.script, e.line),
                message: e.message.clone(),
                own: accepted.own.to_owned(),
            }),
        ),
        None => (
            Outcome::failed(accepted.to_string(), format!("{got:?}")),
            None,
        ),
    }
}

impl<B: Backend> Runner<'_, B> {
    fn directive(&mut self, d: Directive) -> DirectiveResult {
        let directive = keyword(&d.kind);
        let mut alternative = None;
        let outcome = match d.kind {
            DirectiveKind::Module(m) if m.definition => self.definition(m),
            DirectiveKind::Module(m) => self.module(m, d.line),
            DirectiveKind::ModuleInstance {
                instance,
                definition,
            } => self.module_instance(instance, &definition, d.line),
            DirectiveKind::Register { name, module } => self.register(&name, module.as_deref()),
            DirectiveKind::Action(action) => match self.act(&action) {
                Ok(Ok(_)) => Outcome::Passed,
                Ok(Err(e)) => Outcome::failed("success", e.to_string()),
                Err(outcome) => outcome,
            },
            DirectiveKind::AssertReturn { action, results } => match self.act(&action) {
                Ok(Ok(values)) if all_match(&results, &values) => Outcome::Passed,
                Ok(Ok(values)) => {
                    Outcome::failed(list(results.iter().map(ShowPattern)), list(&values))
                }
                Ok(Err(e)) => Outcome::failed(list(results.iter().map(ShowPattern)), e.to_string()),
                Err(outcome) => outcome,
            },
            DirectiveKind::AssertTrap {
                exec: Execute::Action(action),
                message,
            } => self.assert_fails(
                &action,
                &message,
                |e| matches!(e, ExecError::Trap(_)),
                "trap",
            ),
            DirectiveKind::AssertExhaustion { action, message } => self.assert_fails(
                &action,
                &message,
                |e| matches!(e, ExecError::Exhaustion(_)),
                "exhaustion",
            ),
            DirectiveKind::AssertException { action } => self.assert_fails(
                &action,
                "",
                |e| matches!(e, ExecError::Exception(_)),
                "uncaught exception",
            ),
            DirectiveKind::AssertTrap {
                exec: Execute::Module(module),
                message,
            }
            | DirectiveKind::AssertUninstantiable { module, message } => self
                .assert_not_instantiated(
                    module,
                    &message,
                    |e| matches!(e, ExecError::Trap(_)),
                    "trap",
                ),
            DirectiveKind::AssertUnlinkable { module, message } => self.assert_not_instantiated(
                module,
                &message,
                |e| matches!(e, ExecError::Link(_)),
                "link error",
            ),
            DirectiveKind::AssertInvalid { module, message } => {
                let alternatives = self.options.alternatives;
                let accepted = accepted(alternatives, Assertion::Invalid, &module, &message);
                let (outcome, a) = self.assert_invalid(module, &accepted);
                alternative = a;
                outcome
            }
            DirectiveKind::AssertMalformed { module, message } => {
                let alternatives = self.options.alternatives;
                let accepted = accepted(alternatives, Assertion::Malformed, &module, &message);
                let (outcome, a) = assert_malformed(&*self.backend, module, &accepted);
                alternative = a;
                outcome
            }
        };
        DirectiveResult {
            line: d.line,
            directive,
            outcome,
            alternative,
        }
    }

    /// Decodes or parses a module; a failure is the directive's outcome.
    fn load(&self, m: ScriptModule) -> Result<Module, Outcome> {
        let expected = loads(&m.source);
        match m.source {
            ModuleSource::Text(Ok(module)) => Ok(*module),
            ModuleSource::Text(Err(e)) => {
                let (line, col) = e.span.line_col(self.src);
                Err(Outcome::failed(
                    expected,
                    format!("{:?} at {line}:{col}", e.message),
                ))
            }
            ModuleSource::Binary(bytes) => self.backend.decode(&bytes).map_err(|e| {
                Outcome::failed(
                    expected,
                    format!("{:?} at offset 0x{:x}", e.message(), e.offset),
                )
            }),
            ModuleSource::Quote(text) => self
                .backend
                .parse(&text)
                .map_err(|e| Outcome::failed(expected, format!("{:?}", e.message))),
        }
    }

    /// Validates (when the backend can) and instantiates.
    fn define(&mut self, module: &Module) -> Defined<B::Instance> {
        let validated = match self.backend.validate(module) {
            Ok(Ok(())) => true,
            Ok(Err(message)) => return Defined::Invalid(message),
            Err(_) => false,
        };
        match self.backend.instantiate(module) {
            Ok(Ok(instance)) => Defined::Instance(instance),
            Ok(Err(e)) => Defined::Error(e),
            // The first capability missing on the way is the reason.
            Err(_) if !validated => Defined::Unsupported(Unsupported::Validation),
            Err(u) => Defined::Unsupported(u),
        }
    }

    fn module(&mut self, m: ScriptModule, line: usize) -> Outcome {
        let id = m.id.clone();
        let failed = Slot::Missing(Skip::ModuleFailed { line });
        let (outcome, slot) = match self.load(m) {
            Err(outcome) => (outcome, failed),
            Ok(module) => match self.define(&module) {
                Defined::Instance(i) => (Outcome::Passed, Slot::Ready(i)),
                Defined::Invalid(message) => (
                    Outcome::failed("a valid module", format!("invalid: {message:?}")),
                    failed,
                ),
                Defined::Error(e) => (
                    Outcome::failed("a module that instantiates", e.to_string()),
                    failed,
                ),
                Defined::Unsupported(u) => (
                    Outcome::skipped(u),
                    Slot::Missing(Unsupported::Execution.into()),
                ),
            },
        };
        if let Some(id) = id {
            self.named.insert(id, slot.clone());
        }
        self.current = Some(slot);
        outcome
    }

    /// `(module definition $M ...)`: the module must load and be valid; it is kept, not
    /// instantiated.
    fn definition(&mut self, m: ScriptModule) -> Outcome {
        let id = m.id.clone();
        let (outcome, kept) = match self.load(m) {
            Err(outcome) => (outcome, None),
            Ok(module) => match self.backend.validate(&module) {
                Ok(Err(message)) => (
                    Outcome::failed("a valid module", format!("invalid: {message:?}")),
                    None,
                ),
                Ok(Ok(())) => (Outcome::Passed, Some(module)),
                Err(u) => (Outcome::skipped(u), Some(module)),
            },
        };
        if let Some(id) = id {
            self.definitions.insert(id, kept);
        }
        outcome
    }

    /// `(module instance $I? $M)`: instantiates definition `$M` as the current module.
    fn module_instance(&mut self, name: Option<String>, definition: &str, line: usize) -> Outcome {
        let failed = Slot::Missing(Skip::ModuleFailed { line });
        let (outcome, slot) = match self.definitions.get(definition) {
            None => (
                Outcome::failed(format!("a module definition ${definition}"), "none"),
                failed,
            ),
            Some(None) => (Outcome::skipped(Skip::ModuleFailed { line }), failed),
            Some(Some(module)) => {
                let module = module.clone();
                match self.define(&module) {
                    Defined::Instance(i) => (Outcome::Passed, Slot::Ready(i)),
                    Defined::Invalid(message) => (
                        Outcome::failed("a valid module", format!("invalid: {message:?}")),
                        failed,
                    ),
                    Defined::Error(e) => (
                        Outcome::failed("a module that instantiates", e.to_string()),
                        failed,
                    ),
                    Defined::Unsupported(u) => (
                        Outcome::skipped(u),
                        Slot::Missing(Unsupported::Execution.into()),
                    ),
                }
            }
        };
        if let Some(name) = name {
            self.named.insert(name, slot.clone());
        }
        self.current = Some(slot);
        outcome
    }

    /// The instance an action or `register` names (`None`: the last module defined).
    fn instance(&self, name: Option<&str>) -> Result<B::Instance, Outcome> {
        let slot = match name {
            None => self
                .current
                .as_ref()
                .ok_or_else(|| Outcome::failed("a module defined before", "none"))?,
            Some(n) => self.named.get(n).ok_or_else(|| {
                Outcome::failed(format!("a module named ${n} defined before"), "none")
            })?,
        };
        match slot {
            Slot::Ready(i) => Ok(i.clone()),
            Slot::Missing(reason) => Err(Outcome::skipped(reason.clone())),
        }
    }

    fn register(&mut self, name: &str, module: Option<&str>) -> Outcome {
        let instance = match self.instance(module) {
            Ok(i) => i,
            Err(outcome) => return outcome,
        };
        match self.backend.register(name, &instance) {
            Ok(()) => Outcome::Passed,
            Err(u) => Outcome::skipped(u),
        }
    }

    /// Performs an action: its values or error, or, when it could not be performed, the
    /// directive's outcome.
    fn act(&mut self, action: &Action) -> Result<Result<Vec<Val>, ExecError>, Outcome> {
        let done: Support<Result<Vec<Val>, ExecError>> = match action {
            Action::Invoke { module, name, args } => {
                let instance = self.instance(module.as_deref())?;
                self.backend.invoke(&instance, name, args)
            }
            Action::Get { module, name } => {
                let instance = self.instance(module.as_deref())?;
                self.backend
                    .get(&instance, name)
                    .map(|r| r.map(|v| vec![v]))
            }
        };
        done.map_err(Outcome::skipped)
    }

    /// `assert_trap` of an action, or `assert_exhaustion`: the action must fail so.
    fn assert_fails(
        &mut self,
        action: &Action,
        message: &str,
        kind: fn(&ExecError) -> bool,
        what: &str,
    ) -> Outcome {
        let expected = format!("{what} {}", show_message(message));
        match self.act(action) {
            Ok(Err(e)) if kind(&e) && message_matches(e.message(), message) => Outcome::Passed,
            Ok(Err(e)) => Outcome::failed(expected, e.to_string()),
            Ok(Ok(values)) => Outcome::failed(expected, format!("results {}", list(&values))),
            Err(outcome) => outcome,
        }
    }

    /// `assert_unlinkable`, `assert_uninstantiable`, `assert_trap` of a module: it must be
    /// well-formed and valid, and instantiating it must fail so.
    fn assert_not_instantiated(
        &mut self,
        module: ScriptModule,
        message: &str,
        kind: fn(&ExecError) -> bool,
        what: &str,
    ) -> Outcome {
        let module = match self.load(module) {
            Ok(m) => m,
            Err(outcome) => return outcome,
        };
        let expected = format!("{what} {}", show_message(message));
        match self.define(&module) {
            Defined::Error(e) if kind(&e) && message_matches(e.message(), message) => {
                Outcome::Passed
            }
            Defined::Error(e) => Outcome::failed(expected, e.to_string()),
            Defined::Instance(_) => Outcome::failed(expected, "a module that instantiates"),
            Defined::Invalid(m) => Outcome::failed(expected, format!("invalid: {m:?}")),
            Defined::Unsupported(u) => Outcome::skipped(u),
        }
    }

    /// `assert_invalid`: the module must be well-formed, and the validator must reject it
    /// with an accepted message.
    fn assert_invalid(
        &mut self,
        module: ScriptModule,
        accepted: &Accepted<'_>,
    ) -> (Outcome, Option<Alternative>) {
        let module = match self.load(module) {
            Ok(m) => m,
            Err(outcome) => return (outcome, None),
        };
        match self.backend.validate(&module) {
            Ok(Err(m)) => rejected_with(accepted, &m),
            Ok(Ok(())) => (
                Outcome::failed(accepted.to_string(), "a valid module"),
                None,
            ),
            Err(u) => (Outcome::skipped(u), None),
        }
    }
}

/// `assert_malformed`: decoding (binary) or parsing (text, quote) must fail with an
/// accepted message.
fn assert_malformed<B: Backend>(
    backend: &B,
    module: ScriptModule,
    accepted: &Accepted<'_>,
) -> (Outcome, Option<Alternative>) {
    let (rejected, loaded) = match module.source {
        ModuleSource::Binary(bytes) => (
            backend.decode(&bytes).err().map(|e| e.message()),
            "a module that decodes",
        ),
        ModuleSource::Quote(text) => (
            backend.parse(&text).err().map(|e| e.message),
            "a module that parses",
        ),
        ModuleSource::Text(parsed) => (parsed.err().map(|e| e.message), "a module that parses"),
    };
    match rejected {
        Some(m) => rejected_with(accepted, &m),
        None => (Outcome::failed(accepted.to_string(), loaded), None),
    }
}
