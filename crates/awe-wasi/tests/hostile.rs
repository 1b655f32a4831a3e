//! Every call with arbitrary arguments (extreme integers, pointers at and past the end of
//! memory, misaligned ones) over a memory of arbitrary bytes: each returns an errno or
//! traps cleanly, never panics, and nothing outside the sandbox changes.

mod common;

use awe_wasi::WasiCtxBuilder;
use common::{FUNCS, Guest, Outcome};
use std::fs;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize]
    }
}

#[test]
fn arbitrary_arguments_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("sandbox")).unwrap();
    fs::write(tmp.path().join("outside.txt"), "keep").unwrap();
    fs::write(tmp.path().join("sandbox/f"), "0123456789").unwrap();
    let ctx = WasiCtxBuilder::new()
        .preopened_dir(tmp.path().join("sandbox"), "/s", false)
        .unwrap()
        .build()
        .unwrap();
    let mut g = Guest::new(ctx);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Small numbers are descriptors, flags and counts; the rest pointers and lengths.
    let values: &[i64] = &[
        0,
        1,
        2,
        3,
        4,
        5,
        7,
        8,
        16,
        100,
        1000,
        4095,
        65528,
        65532,
        65535,
        65536,
        0x7fff_ffff,
        -1,
        -8,
        i64::MAX,
        i64::MIN,
    ];
    let mut traps = 0;
    let mut errnos = std::collections::BTreeMap::new();
    for round in 0..6000 {
        // Memory: mostly small numbers (plausible descriptors, lengths, short paths)
        // and some arbitrary bytes, but no clock timeouts to sleep on: a subscription
        // tag byte of 0 (clock) gets a zero timeout by the reset below.
        let mut bytes = vec![0u8; 65536];
        for chunk in bytes.chunks_mut(8) {
            let v = match rng.next() % 4 {
                0 => 0,
                1 => rng.next() % 16,
                2 => rng.next() % 70000,
                _ => rng.next(),
            };
            chunk.copy_from_slice(&v.to_le_bytes());
        }
        // poll_oneoff reads clock timeouts at offset 24 of each 48-byte subscription:
        // keep them at most 1 ms.
        for at in (24..65536 - 8).step_by(8) {
            if at % 48 == 24 {
                bytes[at..at + 8].copy_from_slice(&(rng.next() % 1_000_000).to_le_bytes());
            }
        }
        g.write(0, &bytes);
        let (name, params) = rng.pick(FUNCS);
        if name == "poll_oneoff" || name == "proc_exit" {
            // Their subscription array may start anywhere: only aligned starts keep
            // the timeouts above where they are read.
            if name == "poll_oneoff" {
                let subs = 48 * (rng.next() % 1300) as i64;
                let n = rng.next() % 4;
                match g.call(name, &[subs, 8 * (rng.next() % 8000) as i64, n as i64, 4]) {
                    Outcome::Trap(_) => traps += 1,
                    Outcome::Errno(_) => {}
                }
            }
            continue;
        }
        let args: Vec<i64> = params.chars().map(|_| rng.pick(values)).collect();
        match g.call(name, &args) {
            Outcome::Trap(e) => {
                assert!(awe_wasi::exit_code(&e).is_none(), "round {round}");
                traps += 1;
            }
            Outcome::Errno(e) => *errnos.entry(format!("{e:?}")).or_insert(0) += 1,
        }
    }
    assert!(traps > 0, "some pointers were out of bounds");
    // Not everything failed early: many calls succeeded, with various errnos besides.
    assert!(
        errnos.get("Success").copied().unwrap_or(0) > 300,
        "{errnos:?}"
    );
    assert!(errnos.len() > 8, "{errnos:?}");
    assert_eq!(fs::read(tmp.path().join("outside.txt")).unwrap(), b"keep");
    let outside: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(outside.len(), 2, "{outside:?}");
}
