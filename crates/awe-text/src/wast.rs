//! WAST scripts: modules, actions and assertions, as used by the official test suite
//! ([reference interpreter's script format](https://github.com/WebAssembly/spec/tree/main/interpreter#scripts)).
//!
//! A text module that does not parse does not stop the script: its directive keeps the
//! error, so that a runner can report it and go on.

use crate::cursor::Cursor;
use crate::error::{Result, Span, TextError};
use crate::lexer::TokenKind;
use crate::num;
use crate::parser::parse_module_body;
use awe_module::{HeapType, Module};

/// A parsed script.
#[derive(Debug)]
pub struct Script {
    /// The directives in order.
    pub directives: Vec<Directive>,
}

/// One directive and where it is.
#[derive(Debug)]
pub struct Directive {
    /// Its span in the script.
    pub span: Span,
    /// Its line (1-based).
    pub line: usize,
    /// What it says.
    pub kind: DirectiveKind,
}

/// What a directive says.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum DirectiveKind {
    /// Define (and instantiate) a module.
    Module(ScriptModule),
    /// Make the exports of a module importable under `name`.
    Register {
        name: String,
        module: Option<String>,
    },
    /// `(module instance $I? $M)`: instantiates the module defined as `$M` (by
    /// `module definition`), naming the instance `$I`.
    ModuleInstance {
        instance: Option<String>,
        definition: String,
    },
    /// Perform an action and ignore its results.
    Action(Action),
    AssertReturn {
        action: Action,
        results: Vec<ResultPattern>,
    },
    /// An action, or the instantiation of a module, traps with `message`.
    AssertTrap {
        exec: Execute,
        message: String,
    },
    AssertExhaustion {
        action: Action,
        message: String,
    },
    /// An action ends with an exception that nothing caught (exception handling).
    AssertException {
        action: Action,
    },
    AssertInvalid {
        module: ScriptModule,
        message: String,
    },
    AssertMalformed {
        module: ScriptModule,
        message: String,
    },
    AssertUnlinkable {
        module: ScriptModule,
        message: String,
    },
    AssertUninstantiable {
        module: ScriptModule,
        message: String,
    },
}

/// A module in a script.
#[derive(Debug)]
pub struct ScriptModule {
    /// Its `$name`, without the `$`.
    pub id: Option<String>,
    /// `(module definition ...)`: defined, not instantiated (`module instance` does).
    pub definition: bool,
    /// How it is written.
    pub source: ModuleSource,
    /// Where it is.
    pub span: Span,
}

/// How a script module is written.
#[derive(Debug)]
pub enum ModuleSource {
    /// In the text format, already parsed (or the error that stopped it).
    Text(std::result::Result<Box<Module>, TextError>),
    /// `(module binary "...")`: the bytes.
    Binary(Vec<u8>),
    /// `(module quote "...")`: text to be parsed when the directive runs.
    Quote(String),
}

/// Something a script runs: an action, or instantiating a module.
#[derive(Debug)]
pub enum Execute {
    /// An action.
    Action(Action),
    /// A module.
    Module(ScriptModule),
}

/// `(invoke ...)` or `(get ...)`.
#[derive(Debug)]
pub enum Action {
    /// Call an exported function.
    Invoke {
        /// The module (`None`: the last one defined).
        module: Option<String>,
        /// The export name.
        name: String,
        /// The arguments.
        args: Vec<Value>,
    },
    /// Read an exported global.
    Get {
        /// The module (`None`: the last one defined).
        module: Option<String>,
        /// The export name.
        name: String,
    },
}

/// A constant argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// `i32.const`.
    I32(u32),
    /// `i64.const`.
    I64(u64),
    /// `f32.const`, as bits.
    F32(u32),
    /// `f64.const`, as bits.
    F64(u64),
    /// `v128.const`, little-endian bytes.
    V128([u8; 16]),
    /// `ref.null ht` of an abstract heap type (`func`, `extern`, `any`, ...).
    RefNull(HeapType),
    /// `ref.extern N`: a host reference.
    RefExtern(u32),
    /// `ref.host N`: host reference `N` as an `anyref` (what `any.convert_extern` makes
    /// of `ref.extern N`).
    RefHost(u32),
}

/// What a float result must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatPattern<T> {
    /// Exactly these bits.
    Bits(T),
    /// A canonical NaN of either sign.
    CanonicalNan,
    /// A NaN with the top mantissa bit set, of either sign.
    ArithmeticNan,
}

/// What a vector result must be, lane by lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum V128Pattern {
    /// Integer lanes (any shape): exactly these bytes.
    Bytes([u8; 16]),
    /// `f32x4` lanes.
    F32x4([FloatPattern<u32>; 4]),
    /// `f64x2` lanes.
    F64x2([FloatPattern<u64>; 2]),
}

/// What a result must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultPattern {
    /// `i32.const`.
    I32(u32),
    /// `i64.const`.
    I64(u64),
    /// `f32.const`.
    F32(FloatPattern<u32>),
    /// `f64.const`.
    F64(FloatPattern<u64>),
    /// `v128.const`.
    V128(V128Pattern),
    /// `ref.null` of the heap type's hierarchy (`None`: any null).
    RefNull(Option<HeapType>),
    /// `ref.extern N`, or any non-null host reference when `None`.
    RefExtern(Option<u32>),
    /// `ref.func`: any non-null function reference.
    RefFunc,
    /// `ref.host N`: host reference `N` seen as an `anyref`.
    RefHost(u32),
    /// A non-null reference of an abstract heap type of the `any` hierarchy:
    /// `(ref.any)`, `(ref.eq)`, `(ref.i31)`, `(ref.struct)`, `(ref.array)`.
    RefAbstract(HeapType),
    /// `(either ...)`: any one of the alternatives (relaxed SIMD's scripts: each result
    /// the specification allows). A nested `either`'s alternatives are read into the
    /// enclosing one's, so no alternative is an `Either`.
    Either(Vec<ResultPattern>),
}

/// Parses a WAST script.
pub fn parse_script(src: &str) -> Result<Script> {
    let mut c = Cursor::new(src)?;
    let mut directives = Vec::new();
    if c.peek_at(1)
        .is_some_and(|t| t.kind == TokenKind::Keyword && crate::parser::is_module_field(c.text(t)))
    {
        // A script that is one module's fields.
        let source = ModuleSource::Text(crate::parser::parse_module(src).map(Box::new));
        let span = Span::new(0, src.len());
        return Ok(Script {
            directives: vec![Directive {
                span,
                line: 1,
                kind: DirectiveKind::Module(ScriptModule {
                    id: None,
                    definition: false,
                    source,
                    span,
                }),
            }],
        });
    }
    while !c.at_end() {
        let start = c.here();
        let kind = directive(&mut c)?;
        let end = c.pos_offset();
        let span = Span::new(start.start as usize, end);
        directives.push(Directive {
            span,
            line: span.line_col(src).0,
            kind,
        });
    }
    Ok(Script { directives })
}

fn directive(c: &mut Cursor<'_>) -> Result<DirectiveKind> {
    let instance = c.peek_at(2).is_some_and(|t| c.text(t) == "instance");
    if c.at_paren("module") && instance {
        // `(module instance $I? $M)`.
        c.lparen()?;
        c.expect_keyword("module")?;
        c.expect_keyword("instance")?;
        let id = |c: &mut Cursor<'_>| {
            c.opt_id()
                .map(|(id, _)| crate::parser::id_name(id).into_owned())
        };
        let first = id(c);
        let (instance, definition) = match id(c) {
            Some(def) => (first, def),
            None => (None, first.map_or_else(|| c.unexpected(), Ok)?),
        };
        c.rparen()?;
        return Ok(DirectiveKind::ModuleInstance {
            instance,
            definition,
        });
    }
    if c.at_paren("module") {
        return Ok(DirectiveKind::Module(module(c)?));
    }
    c.lparen()?;
    let kw_span = c.here();
    let kw = c.keyword()?;
    let d = match kw {
        "register" => {
            let name = c.name()?;
            let module = c
                .opt_id()
                .map(|(id, _)| crate::parser::id_name(id).into_owned());
            DirectiveKind::Register { name, module }
        }
        "invoke" | "get" => {
            c.pos -= 2;
            return Ok(DirectiveKind::Action(action(c)?));
        }
        "assert_return" => {
            let action = action(c)?;
            let mut results = Vec::new();
            while !c.is(TokenKind::RParen) {
                results.push(result_pattern(c)?);
            }
            DirectiveKind::AssertReturn { action, results }
        }
        "assert_trap" => {
            let exec = if c.at_paren("module") {
                Execute::Module(module(c)?)
            } else {
                Execute::Action(action(c)?)
            };
            DirectiveKind::AssertTrap {
                exec,
                message: message(c)?,
            }
        }
        "assert_exhaustion" => DirectiveKind::AssertExhaustion {
            action: action(c)?,
            message: message(c)?,
        },
        "assert_exception" => DirectiveKind::AssertException { action: action(c)? },
        "assert_invalid" | "assert_malformed" | "assert_unlinkable" | "assert_uninstantiable" => {
            let module = module(c)?;
            let message = message(c)?;
            match kw {
                "assert_invalid" => DirectiveKind::AssertInvalid { module, message },
                "assert_malformed" => DirectiveKind::AssertMalformed { module, message },
                "assert_unlinkable" => DirectiveKind::AssertUnlinkable { module, message },
                _ => DirectiveKind::AssertUninstantiable { module, message },
            }
        }
        other => return c.error(kw_span, format!("unknown directive {other}")),
    };
    c.rparen()?;
    Ok(d)
}

fn message(c: &mut Cursor<'_>) -> Result<String> {
    let span = c.here();
    let bytes = c.string()?;
    String::from_utf8(bytes).or_else(|_| c.error(span, "malformed UTF-8 encoding"))
}

/// `(module $id? ...)`, `(module $id? binary "..."*)` or `(module $id? quote "..."*)`.
fn module(c: &mut Cursor<'_>) -> Result<ScriptModule> {
    let start = c.here();
    let form_start = c.pos;
    c.lparen()?;
    c.expect_keyword("module")?;
    let definition = c.eat_keyword("definition");
    let id = c
        .opt_id()
        .map(|(id, _)| crate::parser::id_name(id).into_owned());
    let source = if c.eat_keyword("binary") {
        let mut bytes = Vec::new();
        while c.is_string() {
            bytes.extend(c.string()?);
        }
        c.rparen()?;
        ModuleSource::Binary(bytes)
    } else if c.eat_keyword("quote") {
        let mut text = Vec::new();
        while c.is_string() {
            text.extend(c.string()?);
            text.push(b' ');
        }
        c.rparen()?;
        match String::from_utf8(text) {
            Ok(text) => ModuleSource::Quote(text),
            // Text that is not UTF-8 is malformed before any of it is read.
            Err(_) => ModuleSource::Text(Err(TextError::new(start, "malformed UTF-8 encoding"))),
        }
    } else {
        let parsed = parse_module_body(c).and_then(|mut m| {
            c.rparen()?;
            m.names.module = id.clone();
            Ok(Box::new(m))
        });
        if parsed.is_err() {
            // Skip the rest of the form and keep the error.
            c.pos = form_start;
            c.skip_item()?;
        }
        ModuleSource::Text(parsed)
    };
    let span = Span::new(start.start as usize, c.pos_offset());
    Ok(ScriptModule {
        id,
        definition,
        source,
        span,
    })
}

fn action(c: &mut Cursor<'_>) -> Result<Action> {
    c.lparen()?;
    let kw_span = c.here();
    let kw = c.keyword()?;
    let module = c
        .opt_id()
        .map(|(id, _)| crate::parser::id_name(id).into_owned());
    let name = c.name()?;
    let a = match kw {
        "invoke" => {
            let mut args = Vec::new();
            while !c.is(TokenKind::RParen) {
                args.push(value(c)?);
            }
            Action::Invoke { module, name, args }
        }
        "get" => Action::Get { module, name },
        _ => return c.error(kw_span, "unexpected token"),
    };
    c.rparen()?;
    Ok(a)
}

/// An abstract heap type (a script names no module's types).
fn heap_type(c: &mut Cursor<'_>) -> Result<HeapType> {
    match HeapType::from_abstract_name(c.keyword()?) {
        Some(h) => Ok(h),
        None => {
            c.pos -= 1;
            c.unexpected()
        }
    }
}

fn value(c: &mut Cursor<'_>) -> Result<Value> {
    c.lparen()?;
    let v = match c.keyword()? {
        "i32.const" => {
            Value::I32(c.literal(|s| num::parse_i(s, 32), "constant out of range")? as u32)
        }
        "i64.const" => Value::I64(c.literal(|s| num::parse_i(s, 64), "constant out of range")?),
        "f32.const" => Value::F32(c.literal(num::parse_f32, "constant out of range")?),
        "f64.const" => Value::F64(c.literal(num::parse_f64, "constant out of range")?),
        "v128.const" => Value::V128(v128_bytes(c)?),
        "ref.null" => Value::RefNull(heap_type(c)?),
        "ref.extern" => Value::RefExtern(c.u32()?),
        "ref.host" => Value::RefHost(c.u32()?),
        _ => {
            c.pos -= 1;
            return c.unexpected();
        }
    };
    c.rparen()?;
    Ok(v)
}

/// The lanes of a `v128.const` with exact values.
fn v128_bytes(c: &mut Cursor<'_>) -> Result<[u8; 16]> {
    let shape = c.keyword()?;
    let (lanes, width) = shape_of(c, shape)?;
    let mut bytes = Vec::with_capacity(16);
    for _ in 0..lanes {
        let v: u64 = match shape {
            "f32x4" => u64::from(c.literal(num::parse_f32, "constant out of range")?),
            "f64x2" => c.literal(num::parse_f64, "constant out of range")?,
            _ => c.literal(|s| num::parse_i(s, width * 8), "constant out of range")?,
        };
        bytes.extend_from_slice(&v.to_le_bytes()[..width as usize]);
    }
    let mut a = [0u8; 16];
    a.copy_from_slice(&bytes);
    Ok(a)
}

fn shape_of(c: &Cursor<'_>, shape: &str) -> Result<(usize, u32)> {
    Ok(match shape {
        "i8x16" => (16, 1),
        "i16x8" => (8, 2),
        "i32x4" | "f32x4" => (4, 4),
        "i64x2" | "f64x2" => (2, 8),
        _ => return c.error(c.here(), "unexpected token"),
    })
}

fn float_pattern<T>(c: &mut Cursor<'_>, parse: fn(&str) -> num::Lit<T>) -> Result<FloatPattern<T>> {
    if c.eat_keyword("nan:canonical") {
        return Ok(FloatPattern::CanonicalNan);
    }
    if c.eat_keyword("nan:arithmetic") {
        return Ok(FloatPattern::ArithmeticNan);
    }
    c.literal(parse, "constant out of range")
        .map(FloatPattern::Bits)
}

fn result_pattern(c: &mut Cursor<'_>) -> Result<ResultPattern> {
    if c.at_paren("either") {
        either(c)
    } else {
        one_result(c)
    }
}

/// `(either result*)`, read without recursion: the alternatives of a nested `either`
/// become the enclosing one's.
fn either(c: &mut Cursor<'_>) -> Result<ResultPattern> {
    let mut alternatives = Vec::new();
    let mut open = 0usize;
    loop {
        if c.at_paren("either") {
            c.lparen()?;
            c.expect_keyword("either")?;
            open += 1;
        } else if c.is(TokenKind::RParen) {
            c.rparen()?;
            open -= 1;
            if open == 0 {
                return Ok(ResultPattern::Either(alternatives));
            }
        } else {
            alternatives.push(one_result(c)?);
        }
    }
}

/// A result pattern other than `either`.
fn one_result(c: &mut Cursor<'_>) -> Result<ResultPattern> {
    c.lparen()?;
    let p = match c.keyword()? {
        "i32.const" => {
            ResultPattern::I32(c.literal(|s| num::parse_i(s, 32), "constant out of range")? as u32)
        }
        "i64.const" => {
            ResultPattern::I64(c.literal(|s| num::parse_i(s, 64), "constant out of range")?)
        }
        "f32.const" => ResultPattern::F32(float_pattern(c, num::parse_f32)?),
        "f64.const" => ResultPattern::F64(float_pattern(c, num::parse_f64)?),
        "v128.const" => {
            let shape = c.keyword()?;
            match shape {
                "f32x4" => {
                    let mut lanes = [FloatPattern::Bits(0); 4];
                    for lane in &mut lanes {
                        *lane = float_pattern(c, num::parse_f32)?;
                    }
                    ResultPattern::V128(V128Pattern::F32x4(lanes))
                }
                "f64x2" => {
                    let mut lanes = [FloatPattern::Bits(0); 2];
                    for lane in &mut lanes {
                        *lane = float_pattern(c, num::parse_f64)?;
                    }
                    ResultPattern::V128(V128Pattern::F64x2(lanes))
                }
                _ => {
                    c.pos -= 1;
                    ResultPattern::V128(V128Pattern::Bytes(v128_bytes(c)?))
                }
            }
        }
        "ref.null" => {
            if c.is(TokenKind::RParen) {
                ResultPattern::RefNull(None)
            } else {
                ResultPattern::RefNull(Some(heap_type(c)?))
            }
        }
        "ref.extern" => {
            if c.is(TokenKind::RParen) {
                ResultPattern::RefExtern(None)
            } else {
                ResultPattern::RefExtern(Some(c.u32()?))
            }
        }
        "ref.host" => ResultPattern::RefHost(c.u32()?),
        "ref.any" => ResultPattern::RefAbstract(HeapType::Any),
        "ref.eq" => ResultPattern::RefAbstract(HeapType::Eq),
        "ref.i31" => ResultPattern::RefAbstract(HeapType::I31),
        "ref.struct" => ResultPattern::RefAbstract(HeapType::Struct),
        "ref.array" => ResultPattern::RefAbstract(HeapType::Array),
        "ref.func" => {
            // `(ref.func)` or `(ref.func $f)`: any function reference.
            if !c.is(TokenKind::RParen) {
                c.next()?;
            }
            ResultPattern::RefFunc
        }
        _ => {
            c.pos -= 1;
            return c.unexpected();
        }
    };
    c.rparen()?;
    Ok(p)
}

impl Cursor<'_> {
    /// The offset just after the last token read.
    pub(crate) fn pos_offset(&self) -> usize {
        if self.pos == 0 {
            return 0;
        }
        self.peek_at_abs(self.pos - 1)
            .map_or(self.src.len(), |t| t.span.end as usize)
    }
}
