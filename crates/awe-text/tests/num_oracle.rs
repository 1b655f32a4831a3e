//! Numeric literals against the `wat` crate (a dev-dependency oracle): for thousands of
//! generated literals, awe must produce the same bits, or reject the same ones.

use awe_binary::decode;
use awe_module::Instr;
use awe_text::num::{parse_f32, parse_f64, parse_i};

/// Deterministic xorshift.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn hex_digits(r: &mut Rng, n: u64) -> String {
    (0..n)
        .map(|_| char::from_digit(r.below(16) as u32, 16).unwrap())
        .collect()
}

fn literal(r: &mut Rng) -> String {
    let sign = ["", "-", "+"][r.below(3) as usize];
    match r.below(3) {
        0 => {
            let n = 1 + r.below(20);
            let int = hex_digits(r, n);
            let n = r.below(20);
            let frac = hex_digits(r, n);
            let e = r.below(2200) as i64 - 1100;
            format!("{sign}0x{int}.{frac}p{e}")
        }
        1 => {
            let n = 1 + r.below(25);
            let int: String = (0..n)
                .map(|_| char::from_digit(r.below(10) as u32, 10).unwrap())
                .collect();
            let n = r.below(25);
            let frac: String = (0..n)
                .map(|_| char::from_digit(r.below(10) as u32, 10).unwrap())
                .collect();
            let e = r.below(700) as i64 - 350;
            format!("{sign}{int}.{frac}e{e}")
        }
        _ => {
            let n = 1 + r.below(17);
            let digits = hex_digits(r, n);
            format!("{sign}0x{digits}")
        }
    }
}

/// What `wat` makes of `ty.const lit`: the instruction, or None if it rejects it.
fn oracle(ty: &str, lit: &str) -> Option<Instr> {
    let bytes = wat::parse_str(format!("(module (func {ty}.const {lit} drop))")).ok()?;
    Some(decode(&bytes).unwrap().funcs[0].body[0].clone())
}

#[test]
fn literals_match_wat() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    for _ in 0..4000 {
        let lit = literal(&mut r);
        let f32_ours = parse_f32(&lit).and_then(Result::ok);
        let f32_theirs = oracle("f32", &lit).map(|i| match i {
            Instr::F32Const { value } => value.0,
            other => panic!("{other:?}"),
        });
        assert_eq!(f32_ours, f32_theirs, "f32.const {lit}");
        let f64_ours = parse_f64(&lit).and_then(Result::ok);
        let f64_theirs = oracle("f64", &lit).map(|i| match i {
            Instr::F64Const { value } => value.0,
            other => panic!("{other:?}"),
        });
        assert_eq!(f64_ours, f64_theirs, "f64.const {lit}");
        if !lit.contains(['.', 'p']) {
            for (ty, bits) in [("i32", 32), ("i64", 64)] {
                let ours = parse_i(&lit, bits).and_then(Result::ok);
                let theirs = oracle(ty, &lit).map(|i| match i {
                    Instr::I32Const { value } => value as u32 as u64,
                    Instr::I64Const { value } => value as u64,
                    other => panic!("{other:?}"),
                });
                assert_eq!(ours, theirs, "{ty}.const {lit}");
            }
        }
        checked += 1;
    }
    println!("{checked} literals agree with wat");
}
