//! SQLite as a WASI benchmark: an in-memory database, a table with an index, N rows
//! inserted in one transaction (N = the first argument, 100000 by default), then a few
//! queries: a count, a range through the index, an aggregate with grouping, an update
//! and a sum after it. Every result is printed, and a last `checksum` line folds them
//! all, so runs on different engines can be compared by one line.

use rusqlite::{Connection, params};

/// Rows inserted when no argument is given.
const DEFAULT_ROWS: u64 = 100_000;

/// A 64-bit linear congruential generator (Knuth's MMIX constants): the keys are
/// pseudo-random, so the index is filled out of order, yet the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// FNV-1a over the printed lines: the checksum of the whole run.
struct Checksum(u64);

impl Checksum {
    /// Prints `line` and folds it into the checksum.
    fn line(&mut self, line: String) {
        println!("{line}");
        for b in line.bytes().chain(std::iter::once(b'\n')) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

fn main() {
    let rows = match std::env::args().nth(1) {
        None => DEFAULT_ROWS,
        Some(arg) => match arg.parse() {
            Ok(n) => n,
            Err(_) => {
                eprintln!("usage: sqlite [ROWS]   (ROWS: a number, default {DEFAULT_ROWS})");
                std::process::exit(2);
            }
        },
    };
    if let Err(e) = run(rows) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// Builds the database with `rows` rows and runs the queries, printing each result.
fn run(rows: u64) -> rusqlite::Result<()> {
    let mut sum = Checksum(0xcbf2_9ce4_8422_2325);
    let mut db = Connection::open_in_memory()?;
    // Temporary data (the sorter of GROUP BY) in memory too: the program is given no
    // directory, so a temporary file could not be opened.
    db.execute_batch(
        "PRAGMA temp_store = MEMORY;
         CREATE TABLE items (
             id INTEGER PRIMARY KEY,
             k INTEGER NOT NULL,
             name TEXT NOT NULL,
             price REAL NOT NULL
         );
         CREATE INDEX items_k ON items (k);",
    )?;

    // Keys below 2^20, so a range of the index holds about range/2^20 of the rows.
    let mut rng = Lcg(42);
    let tx = db.transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO items (k, name, price) VALUES (?1, ?2, ?3)")?;
        for i in 0..rows {
            let k = rng.next() & 0xf_ffff;
            let name = format!("item-{}", k % 1000);
            let price = (i % 997) as f64 * 0.25;
            insert.execute(params![k as i64, name, price])?;
        }
    }
    tx.commit()?;

    let count: i64 = db.query_row("SELECT count(*) FROM items", [], |r| r.get(0))?;
    sum.line(format!("count {count}"));

    let (n, total, ids): (i64, f64, i64) = db.query_row(
        "SELECT count(*), total(price), total(id) FROM items WHERE k BETWEEN ?1 AND ?2",
        params![100_000, 200_000],
        |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, f64>(2)? as i64)),
    )?;
    sum.line(format!("range {n} {total:.2} {ids}"));

    let mut groups = db.prepare(
        "SELECT name, count(*), avg(price), max(k) FROM items
         GROUP BY name ORDER BY count(*) DESC, name LIMIT 5",
    )?;
    let mut found = groups.query([])?;
    while let Some(r) = found.next()? {
        let name: String = r.get(0)?;
        let c: i64 = r.get(1)?;
        let avg: f64 = r.get(2)?;
        let max: i64 = r.get(3)?;
        sum.line(format!("group {name} {c} {avg:.4} {max}"));
    }
    drop(found);
    drop(groups);

    let updated = db.execute(
        "UPDATE items SET price = price * 2 WHERE k < ?1",
        params![50_000],
    )?;
    sum.line(format!("update {updated}"));

    let (total, top): (f64, i64) = db.query_row(
        "SELECT total(price), coalesce(max(k), -1) FROM items WHERE price > 100",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    sum.line(format!("after {total:.2} {top}"));

    println!("checksum {:016x}", sum.0);
    Ok(())
}
