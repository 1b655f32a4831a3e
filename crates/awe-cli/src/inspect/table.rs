//! Aligned text tables.

use std::io::{self, Write};

/// A table of text cells, printed with each column as wide as its widest cell.
pub struct Table {
    headers: Vec<String>,
    /// Per column: `r` aligns right, anything else left.
    align: Vec<u8>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers; `align` has one letter per column, `l` or `r`.
    pub fn new(headers: &[&str], align: &str) -> Table {
        Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            align: align.bytes().collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are empty).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the header and the rows, indented by two spaces.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let empty = String::new();
        let line = |cells: &mut dyn Iterator<Item = &String>| {
            let mut s = String::from(" ");
            for (i, cell) in cells.take(columns).enumerate() {
                let pad = " ".repeat(widths[i] - width(cell));
                s.push(' ');
                if self.align.get(i) == Some(&b'r') {
                    s.push_str(&pad);
                    s.push_str(cell);
                } else {
                    s.push_str(cell);
                    s.push_str(&pad);
                }
                s.push(' ');
            }
            s.truncate(s.trim_end().len());
            s
        };
        writeln!(out, "{}", line(&mut self.headers.iter()))?;
        for row in &self.rows {
            let mut cells = row.iter().chain(std::iter::repeat(&empty));
            writeln!(out, "{}", line(&mut cells))?;
        }
        Ok(())
    }
}

/// The width of a cell in columns (one per character; good enough for the names wasm
/// modules hold).
fn width(s: &str) -> usize {
    s.chars().count()
}
