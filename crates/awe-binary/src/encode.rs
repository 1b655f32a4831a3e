//! The module encoder: the model back to canonical bytes
//! ([spec §5](https://webassembly.github.io/spec/core/binary/index.html)).
//!
//! Decoding what it writes gives back the same [`Module`].

use crate::instr::encode_instr;
use crate::types::*;
use awe_module::*;

/// Appends `v` as unsigned LEB128.
pub fn write_u32(out: &mut Vec<u8>, v: u32) {
    write_u64(out, u64::from(v));
}

/// Appends `v` as unsigned LEB128.
pub fn write_u64(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Appends `v` as signed LEB128.
pub fn write_s64(out: &mut Vec<u8>, mut v: i64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0);
        if done {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Appends `v` as signed LEB128.
pub fn write_s32(out: &mut Vec<u8>, v: i32) {
    write_s64(out, i64::from(v));
}

/// Appends `v` as signed LEB128 (block type indices are `s33`).
pub fn write_s33(out: &mut Vec<u8>, v: i64) {
    write_s64(out, v);
}

fn write_name(out: &mut Vec<u8>, s: &str) {
    write_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn write_vec<T>(out: &mut Vec<u8>, items: &[T], mut f: impl FnMut(&mut Vec<u8>, &T)) {
    write_u32(out, items.len() as u32);
    for item in items {
        f(out, item);
    }
}

fn write_expr(out: &mut Vec<u8>, instrs: &[Instr]) {
    for i in instrs {
        encode_instr(i, out);
    }
}

fn write_section(out: &mut Vec<u8>, id: SectionId, payload: &[u8]) {
    out.push(id.id());
    write_u32(out, payload.len() as u32);
    out.extend_from_slice(payload);
}

/// Encodes a module in the binary format.
pub fn encode(m: &Module) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    let customs_after = |id: Option<SectionId>| m.customs.iter().filter(move |c| c.after == id);
    // The decoder decodes only the first `name` section that decodes cleanly (while it
    // has no names yet); later ones stay bytes in `customs`. So `m.names` is written
    // before any custom section called `name`, and at the end when there is none.
    let mut names_pending = !m.names.is_empty();
    let mut write_customs = |out: &mut Vec<u8>, id: Option<SectionId>| {
        for c in customs_after(id) {
            if names_pending && c.name == "name" {
                write_names_section(out, &m.names);
                names_pending = false;
            }
            let mut p = Vec::new();
            write_name(&mut p, &c.name);
            p.extend_from_slice(&c.data);
            write_section(out, SectionId::Custom, &p);
        }
    };
    write_customs(&mut out, None);

    use SectionId as S;
    let order = [
        S::Type,
        S::Import,
        S::Function,
        S::Table,
        S::Memory,
        S::Tag,
        S::Global,
        S::Export,
        S::Start,
        S::Element,
        S::DataCount,
        S::Code,
        S::Data,
    ];
    for id in order {
        // An empty section is written only when a custom section must follow it, so
        // that custom sections keep their place.
        let wanted = customs_after(Some(id)).next().is_some();
        let mut p = Vec::new();
        let present = match id {
            S::Type => {
                // Entries: the explicit groups, and each type in none.
                let grouped: u32 = m.rec_groups.iter().map(|g| g.len).sum();
                write_u32(
                    &mut p,
                    m.types.len() as u32 - grouped + m.rec_groups.len() as u32,
                );
                let mut groups = m.rec_groups.iter().peekable();
                let mut i = 0;
                loop {
                    // (Empty groups too, wherever they are.)
                    if let Some(g) = groups.next_if(|g| g.start as usize == i) {
                        p.push(0x4e);
                        write_u32(&mut p, g.len);
                        let end = (i + g.len as usize).min(m.types.len());
                        for t in &m.types[i..end] {
                            write_sub_type(&mut p, t);
                        }
                        i = end;
                        continue;
                    }
                    let Some(t) = m.types.get(i) else {
                        break;
                    };
                    write_sub_type(&mut p, t);
                    i += 1;
                }
                !m.types.is_empty()
            }
            S::Import => {
                write_vec(&mut p, &m.imports, |o, i| {
                    write_name(o, &i.module);
                    write_name(o, &i.name);
                    match &i.desc {
                        ImportDesc::Func(t) => {
                            o.push(0);
                            write_u32(o, t.0);
                        }
                        ImportDesc::Table(t) => {
                            o.push(1);
                            write_table_type(o, t);
                        }
                        ImportDesc::Memory(t) => {
                            o.push(2);
                            write_mem_type(o, t);
                        }
                        ImportDesc::Global(t) => {
                            o.push(3);
                            write_global_type(o, t);
                        }
                        ImportDesc::Tag(t) => {
                            o.push(4);
                            write_tag_type(o, t);
                        }
                    }
                });
                !m.imports.is_empty()
            }
            S::Function => {
                write_vec(&mut p, &m.funcs, |o, f| write_u32(o, f.ty.0));
                !m.funcs.is_empty()
            }
            S::Table => {
                write_vec(&mut p, &m.tables, |o, t| match &t.init {
                    Some(init) => {
                        o.extend([0x40, 0x00]);
                        write_table_type(o, &t.ty);
                        write_expr(o, &init.instrs);
                    }
                    None => write_table_type(o, &t.ty),
                });
                !m.tables.is_empty()
            }
            S::Memory => {
                write_vec(&mut p, &m.memories, write_mem_type);
                !m.memories.is_empty()
            }
            S::Tag => {
                write_vec(&mut p, &m.tags, write_tag_type);
                !m.tags.is_empty()
            }
            S::Global => {
                write_vec(&mut p, &m.globals, |o, g| {
                    write_global_type(o, &g.ty);
                    write_expr(o, &g.init.instrs);
                });
                !m.globals.is_empty()
            }
            S::Export => {
                write_vec(&mut p, &m.exports, |o, e| {
                    write_name(o, &e.name);
                    o.push(match e.desc.kind() {
                        ExternKind::Func => 0,
                        ExternKind::Table => 1,
                        ExternKind::Memory => 2,
                        ExternKind::Global => 3,
                        ExternKind::Tag => 4,
                    });
                    write_u32(o, e.desc.index());
                });
                !m.exports.is_empty()
            }
            S::Start => match m.start {
                Some(f) => {
                    write_u32(&mut p, f.0);
                    true
                }
                None => false,
            },
            S::Element => {
                write_vec(&mut p, &m.elems, write_elem);
                !m.elems.is_empty()
            }
            S::DataCount => match m.data_count {
                Some(n) => {
                    write_u32(&mut p, n);
                    true
                }
                None => false,
            },
            S::Code => {
                write_vec(&mut p, &m.funcs, write_code);
                !m.funcs.is_empty()
            }
            S::Data => {
                write_vec(&mut p, &m.datas, write_data);
                !m.datas.is_empty()
            }
            S::Custom => unreachable!("custom sections are written separately"),
        };
        let can_be_empty = !matches!(id, S::Start | S::DataCount);
        if present || (wanted && can_be_empty) {
            write_section(&mut out, id, &p);
        }
        write_customs(&mut out, Some(id));
    }

    if names_pending {
        write_names_section(&mut out, &m.names);
    }
    out
}

fn write_names_section(out: &mut Vec<u8>, names: &Names) {
    let mut p = Vec::new();
    write_name(&mut p, "name");
    write_names(&mut p, names);
    write_section(out, SectionId::Custom, &p);
}

fn write_elem(o: &mut Vec<u8>, e: &Elem) {
    let exprs = matches!(e.items, ElemItems::Exprs(_));
    // The type the first form implies: `funcref` for expressions, `(ref func)` for
    // function indices (whose references are never null).
    let funcref = !exprs || e.ty == RefType::FUNCREF;
    // Pick the flags of the binary form (spec §5.5.12) that expresses this segment.
    let flags: u32 = match &e.mode {
        ElemMode::Active { table, .. } if table.0 == 0 && funcref => 0,
        ElemMode::Passive => 1,
        ElemMode::Active { .. } => 2,
        ElemMode::Declarative => 3,
    } | if exprs { 4 } else { 0 };
    write_u32(o, flags);
    if let ElemMode::Active { table, offset } = &e.mode {
        if flags & 2 != 0 {
            write_u32(o, table.0);
        }
        write_expr(o, &offset.instrs);
    }
    if flags & 3 != 0 {
        if exprs {
            write_ref_type(o, e.ty);
        } else {
            o.push(0x00); // elemkind funcref
        }
    }
    match &e.items {
        ElemItems::Funcs(fs) => write_vec(o, fs, |o, f| write_u32(o, f.0)),
        ElemItems::Exprs(es) => write_vec(o, es, |o, e| write_expr(o, &e.instrs)),
    }
}

fn write_code(o: &mut Vec<u8>, f: &Func) {
    let mut body = Vec::new();
    write_vec(&mut body, &f.locals, |o, l| {
        write_u32(o, l.count);
        write_val_type(o, l.ty);
    });
    match &f.encoded {
        // Re-encoded instruction by instruction, so that the output is canonical
        // whatever LEB128 forms the input used; bytes that do not decode (an
        // `EncodedBody` made by hand) are copied as they are.
        Some(enc) => {
            let locals = body.len();
            let each = |_, _, i: &Instr| {
                encode_instr(i, &mut body);
                Ok::<(), crate::DecodeError>(())
            };
            if crate::for_each_instr(f, each).is_err() {
                body.truncate(locals);
                body.extend_from_slice(enc.bytes());
            }
        }
        None => write_expr(&mut body, &f.body),
    }
    write_u32(o, body.len() as u32);
    o.extend_from_slice(&body);
}

fn write_data(o: &mut Vec<u8>, d: &Data) {
    match &d.mode {
        DataMode::Active { memory, offset } if memory.0 == 0 => {
            o.push(0);
            write_expr(o, &offset.instrs);
        }
        DataMode::Passive => o.push(1),
        DataMode::Active { memory, offset } => {
            o.push(2);
            write_u32(o, memory.0);
            write_expr(o, &offset.instrs);
        }
    }
    write_u32(o, d.init.len() as u32);
    o.extend_from_slice(&d.init);
}

fn write_names(o: &mut Vec<u8>, n: &Names) {
    let sub = |o: &mut Vec<u8>, id: u8, payload: &[u8]| {
        o.push(id);
        write_u32(o, payload.len() as u32);
        o.extend_from_slice(payload);
    };
    if let Some(name) = &n.module {
        let mut p = Vec::new();
        write_name(&mut p, name);
        sub(o, 0, &p);
    }
    if !n.funcs.is_empty() {
        let mut p = Vec::new();
        write_vec(&mut p, &n.funcs, |o, (i, s)| {
            write_u32(o, i.0);
            write_name(o, s);
        });
        sub(o, 1, &p);
    }
    if !n.locals.is_empty() {
        let mut p = Vec::new();
        write_vec(&mut p, &n.locals, |o, (f, locals)| {
            write_u32(o, f.0);
            write_vec(o, locals, |o, (i, s)| {
                write_u32(o, i.0);
                write_name(o, s);
            });
        });
        sub(o, 2, &p);
    }
    for (id, data) in &n.other {
        sub(o, *id, data);
    }
}
