//! `awe inspect`: what a binary module holds, as a summary ([`Report`], plain or JSON)
//! or byte by byte (`--hex`, see [`hex`]).

mod hex;
mod table;

use crate::error::Result;
use crate::input::Input;
use awe_binary::{Observer, SectionInfo};
use awe_module::{ExportDesc, ExternKind, FuncIdx, ImportDesc, Module};
use serde::Serialize;
use std::fmt;
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::PathBuf;
use table::Table;

/// Arguments of `awe inspect`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The binary module to inspect (`-` reads standard input).
    pub file: PathBuf,

    /// Dump every byte (like `xxd -g1`), each line followed by what its bytes mean.
    #[arg(long, conflicts_with = "json")]
    pub hex: bool,

    /// Print the summary as JSON, for other tools.
    #[arg(long)]
    pub json: bool,
}

/// Runs `awe inspect`.
pub fn run(args: &Args) -> Result<()> {
    let input = Input::read(&args.file)?;
    // A text module is shown as the binary it encodes to.
    let bytes = input.binary()?;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.hex {
        let mut notes = Notes::default();
        let decoded = awe_binary::decode_with(&bytes, &mut notes);
        let error = decoded.as_ref().err();
        hex::write(&mut out, &bytes, &notes.notes, error)?;
        out.flush()?;
        return match decoded {
            Ok(_) => Ok(()),
            Err(e) => Err(input.decode_error(&e)),
        };
    }
    let mut sections = Sections::default();
    let module =
        awe_binary::decode_with(&bytes, &mut sections).map_err(|e| input.decode_error(&e))?;
    let report = Report::new(&input, bytes.len(), &sections.sections, &module);
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        report.write_text(&mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// Collects the sections the decoder reports, and nothing else.
#[derive(Default)]
struct Sections {
    sections: Vec<SectionInfo>,
}

impl Observer for Sections {
    fn section(&mut self, section: &SectionInfo) {
        self.sections.push(section.clone());
    }
}

/// One note of the decoder: what a byte range holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The bytes described.
    pub range: Range<usize>,
    /// Nesting depth (of blocks, for instructions).
    pub indent: u32,
    /// What they are.
    pub text: String,
}

/// Collects every note the decoder makes.
#[derive(Default)]
struct Notes {
    notes: Vec<Note>,
}

impl Observer for Notes {
    fn note(&mut self, range: Range<usize>, indent: u32, what: fmt::Arguments<'_>) {
        self.notes.push(Note {
            range,
            indent,
            text: what.to_string(),
        });
    }
}

/// What `awe inspect` tells about a module; printed as text or serialized as JSON.
#[derive(Serialize, Debug)]
pub struct Report {
    /// The file as named on the command line.
    pub file: String,
    /// Its size in bytes.
    pub size: usize,
    /// The binary format version (always 1 for a module that decodes).
    pub version: u32,
    /// Every section, in file order.
    pub sections: Vec<SectionReport>,
    /// The imports, in order.
    pub imports: Vec<ImportReport>,
    /// The exports, in order.
    pub exports: Vec<ExportReport>,
    /// Every table, imported ones first (their index space).
    pub tables: Vec<SpaceReport>,
    /// Every memory, imported ones first (their index space): 64-bit ones are
    /// `(memory i64 ...)`.
    pub memories: Vec<SpaceReport>,
    /// Every tag, imported ones first.
    pub tags: Vec<SpaceReport>,
    /// The start function, if any.
    pub start: Option<FuncRef>,
    /// The names of the custom sections, in file order.
    pub custom_sections: Vec<String>,
    /// The module name from the `name` section.
    pub module_name: Option<String>,
    /// Function names from the `name` section, by increasing index.
    pub function_names: Vec<FuncRef>,
}

/// One section.
#[derive(Serialize, Debug)]
pub struct SectionReport {
    /// Binary section id.
    pub id: u8,
    /// Section name (`custom` for custom sections).
    pub name: &'static str,
    /// The name of a custom section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_name: Option<String>,
    /// Offset of the section id byte.
    pub start: usize,
    /// Offset just past the section.
    pub end: usize,
    /// Offset of the payload, after the id and size.
    pub payload_start: usize,
    /// Payload size in bytes (as the header says): `end - payload_start`.
    pub size: usize,
    /// Number of items for vector sections; 1 for the start and data count sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// One import.
#[derive(Serialize, Debug)]
pub struct ImportReport {
    /// Its index in the space of its kind (functions, tables, memories or globals).
    pub index: u32,
    /// `func`, `table`, `memory` or `global`.
    pub kind: &'static str,
    /// Module name.
    pub module: String,
    /// Item name.
    pub name: String,
    /// The type index of an imported function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_index: Option<u32>,
    /// The type in text format, e.g. `(func (param i32))`, `(memory 1)`.
    #[serde(rename = "type")]
    pub ty: String,
}

/// One export.
#[derive(Serialize, Debug)]
pub struct ExportReport {
    /// The name it is exported under.
    pub name: String,
    /// `func`, `table`, `memory` or `global`.
    pub kind: &'static str,
    /// Its index in the space of its kind.
    pub index: u32,
    /// The name section's name of an exported function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
}

/// A table or memory of the module's index space.
#[derive(Serialize, Debug)]
pub struct SpaceReport {
    /// Its index.
    pub index: u32,
    /// The type in text format, e.g. `(memory i64 1 10)`.
    #[serde(rename = "type")]
    pub ty: String,
    /// `module.name` when it is imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<String>,
}

/// A function index and its name, if the name section has one.
#[derive(Serialize, Debug)]
pub struct FuncRef {
    /// The function index.
    pub index: u32,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Report {
    /// The report on `module`, decoded from `input` with these sections.
    pub fn new(input: &Input, size: usize, sections: &[SectionInfo], module: &Module) -> Report {
        let func_name = |f: FuncIdx| module.names.func(f).map(str::to_owned);

        let sections: Vec<SectionReport> = sections
            .iter()
            .map(|s| SectionReport {
                id: s.id.id(),
                name: s.id.name(),
                custom_name: s.custom_name.clone(),
                start: s.range.start,
                end: s.range.end,
                payload_start: s.payload.start,
                size: s.payload.len(),
                count: s.count,
            })
            .collect();

        let mut next = [0u32; 5];
        let imports = module
            .imports
            .iter()
            .map(|i| {
                let kind = i.desc.kind();
                let slot = &mut next[kind_slot(kind)];
                let index = *slot;
                *slot = slot.saturating_add(1);
                let (type_index, ty) = match i.desc {
                    ImportDesc::Func(t) => (
                        Some(t.0),
                        match module.types.get(t.index()) {
                            Some(ft) => ft.to_string(),
                            None => i.desc.to_string(),
                        },
                    ),
                    other => (None, other.to_string()),
                };
                ImportReport {
                    index,
                    kind: kind.name(),
                    module: i.module.clone(),
                    name: i.name.clone(),
                    type_index,
                    ty,
                }
            })
            .collect();

        let exports = module
            .exports
            .iter()
            .map(|e| ExportReport {
                name: e.name.clone(),
                kind: e.desc.kind().name(),
                index: e.desc.index(),
                function_name: match e.desc {
                    ExportDesc::Func(f) => func_name(f),
                    _ => None,
                },
            })
            .collect();

        let tag_type = |t: awe_module::TagType| match module.types.get(t.ty.index()) {
            Some(ft) => ft.to_string().replacen("(func", "(tag", 1),
            None => t.to_string(),
        };
        let space = |kind: ExternKind, defined: Vec<String>| {
            let imported = module.imports.iter().filter(|i| i.desc.kind() == kind);
            imported
                .map(|i| {
                    let ty = match i.desc {
                        ImportDesc::Table(t) => t.to_string(),
                        ImportDesc::Memory(m) => m.to_string(),
                        ImportDesc::Tag(t) => tag_type(t),
                        _ => String::new(),
                    };
                    (ty, Some(format!("{}.{}", shown(&i.module), shown(&i.name))))
                })
                .chain(defined.into_iter().map(|ty| (ty, None)))
                .enumerate()
                .map(|(index, (ty, import))| SpaceReport {
                    index: index as u32,
                    ty,
                    import,
                })
                .collect::<Vec<_>>()
        };
        let tables = space(
            ExternKind::Table,
            module.tables.iter().map(|t| t.ty.to_string()).collect(),
        );
        let memories = space(
            ExternKind::Memory,
            module.memories.iter().map(ToString::to_string).collect(),
        );
        let tags = space(
            ExternKind::Tag,
            module.tags.iter().map(|&t| tag_type(t)).collect(),
        );

        let custom_sections = sections
            .iter()
            .filter_map(|s| s.custom_name.clone())
            .collect();

        Report {
            file: input.name.clone(),
            size,
            version: 1,
            sections,
            imports,
            exports,
            tables,
            memories,
            tags,
            start: module.start.map(|f| FuncRef {
                index: f.0,
                name: func_name(f),
            }),
            custom_sections,
            module_name: module.names.module.clone(),
            function_names: module
                .names
                .funcs
                .iter()
                .map(|(f, name)| FuncRef {
                    index: f.0,
                    name: Some(name.clone()),
                })
                .collect(),
        }
    }

    /// Writes the report as aligned text.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{}: WebAssembly binary module, version {}, {} bytes",
            self.file, self.version, self.size
        )?;
        let width = hex_width(self.size);

        writeln!(out)?;
        writeln!(
            out,
            "Sections ({}; a range includes the section header, the size is the payload's):",
            self.sections.len()
        )?;
        let mut t = Table::new(&["id", "section", "range", "size", "count"], "rllrr");
        for s in &self.sections {
            let name = match &s.custom_name {
                Some(n) => format!("custom {n:?}"),
                None => s.name.to_owned(),
            };
            t.row(vec![
                s.id.to_string(),
                name,
                format!("0x{:0w$x}..0x{:0w$x}", s.start, s.end, w = width),
                s.size.to_string(),
                s.count.map(|c| c.to_string()).unwrap_or_default(),
            ]);
        }
        t.write(out)?;

        writeln!(out)?;
        if self.imports.is_empty() {
            writeln!(out, "Imports: none")?;
        } else {
            writeln!(out, "Imports ({}):", self.imports.len())?;
            let mut t = Table::new(&["kind", "index", "module", "name", "type"], "lrlll");
            for i in &self.imports {
                let ty = match i.type_index {
                    Some(t) => format!("type {t}: {}", i.ty),
                    None => i.ty.clone(),
                };
                t.row(vec![
                    i.kind.to_owned(),
                    i.index.to_string(),
                    shown(&i.module),
                    shown(&i.name),
                    ty,
                ]);
            }
            t.write(out)?;
        }

        writeln!(out)?;
        if self.exports.is_empty() {
            writeln!(out, "Exports: none")?;
        } else {
            writeln!(out, "Exports ({}):", self.exports.len())?;
            let mut t = Table::new(&["name", "kind", "index", "function name"], "llrl");
            for e in &self.exports {
                t.row(vec![
                    shown(&e.name),
                    e.kind.to_owned(),
                    e.index.to_string(),
                    e.function_name.as_deref().map(shown).unwrap_or_default(),
                ]);
            }
            t.write(out)?;
        }

        let spaces = [
            ("Tables", &self.tables),
            ("Memories", &self.memories),
            ("Tags", &self.tags),
        ];
        for (what, items) in spaces {
            writeln!(out)?;
            if items.is_empty() {
                writeln!(out, "{what}: none")?;
                continue;
            }
            writeln!(out, "{what} ({}):", items.len())?;
            let mut t = Table::new(&["index", "type", "imported from"], "rll");
            for item in items.iter() {
                t.row(vec![
                    item.index.to_string(),
                    item.ty.clone(),
                    item.import.clone().unwrap_or_default(),
                ]);
            }
            t.write(out)?;
        }

        writeln!(out)?;
        match &self.start {
            None => writeln!(out, "Start function: none")?,
            Some(FuncRef { index, name: None }) => writeln!(out, "Start function: {index}")?,
            Some(FuncRef {
                index,
                name: Some(n),
            }) => writeln!(out, "Start function: {index} {}", shown(n))?,
        }

        writeln!(out)?;
        if self.custom_sections.is_empty() {
            writeln!(out, "Custom sections: none")?;
        } else {
            writeln!(out, "Custom sections ({}):", self.custom_sections.len())?;
            for name in &self.custom_sections {
                writeln!(out, "  {name:?}")?;
            }
        }

        writeln!(out)?;
        if let Some(m) = &self.module_name {
            writeln!(out, "Module name: {}", shown(m))?;
        }
        if self.function_names.is_empty() {
            writeln!(out, "Function names: none")?;
        } else {
            writeln!(out, "Function names ({}):", self.function_names.len())?;
            let mut t = Table::new(&["index", "name"], "rl");
            for f in &self.function_names {
                t.row(vec![
                    f.index.to_string(),
                    f.name.as_deref().map(shown).unwrap_or_default(),
                ]);
            }
            t.write(out)?;
        }
        Ok(())
    }
}

/// Which of the five index spaces `kind` is.
fn kind_slot(kind: ExternKind) -> usize {
    match kind {
        ExternKind::Func => 0,
        ExternKind::Table => 1,
        ExternKind::Memory => 2,
        ExternKind::Global => 3,
        ExternKind::Tag => 4,
    }
}

/// How many hex digits offsets into a file of `len` bytes need (at least 4).
pub fn hex_width(len: usize) -> usize {
    let digits = (usize::BITS - len.leading_zeros()).div_ceil(4) as usize;
    digits.max(4)
}

/// A name as shown in text: as it is when it is plain, quoted with escapes when it is
/// empty or holds white space or control characters (which would break the layout).
fn shown(name: &str) -> String {
    if !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        name.to_owned()
    } else {
        format!("{name:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_width_grows_past_four_digits() {
        assert_eq!(hex_width(0), 4);
        assert_eq!(hex_width(0xffff), 4);
        assert_eq!(hex_width(0x10000), 5);
        assert_eq!(hex_width(0x1234567), 7);
    }

    #[test]
    fn names_with_spaces_or_controls_are_quoted() {
        assert_eq!(shown("apply"), "apply");
        assert_eq!(shown("a b"), "\"a b\"");
        assert_eq!(shown(""), "\"\"");
        assert_eq!(shown("x\ny"), "\"x\\ny\"");
    }

    #[test]
    fn tables_align_columns() {
        let mut t = Table::new(&["n", "name"], "rl");
        t.row(vec!["1".into(), "a".into()]);
        t.row(vec!["100".into(), "bb".into()]);
        t.row(vec!["7".into()]);
        let mut out = Vec::new();
        t.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "    n  name\n    1  a\n  100  bb\n    7\n"
        );
    }
}
