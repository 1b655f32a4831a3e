//! A mixed workload in the spirit of CoreMark (our own code, not CoreMark's): linked-list
//! search, reversal and merge sort; small integer matrix arithmetic; a state machine
//! scanning numbers in text; all folded into a CRC-16.

const LIST_LEN: usize = 200;
const MAT_N: usize = 20;
const TEXT_LEN: usize = 480;
const NIL: u16 = u16::MAX;

/// CRC-16 (CCITT, reflected) of one byte.
fn crc8(data: u8, mut crc: u16) -> u16 {
    let mut x = data;
    for _ in 0..8 {
        let carry = (x as u16 ^ crc) & 1;
        x >>= 1;
        crc >>= 1;
        if carry != 0 {
            crc ^= 0x8408;
        }
    }
    crc
}

fn crc16(v: u16, crc: u16) -> u16 {
    crc8((v >> 8) as u8, crc8(v as u8, crc))
}

fn crc32(v: u32, crc: u16) -> u16 {
    crc16((v >> 16) as u16, crc16(v as u16, crc))
}

/// A singly linked list in arrays: `next[i]` is the node after `i`.
struct List {
    next: [u16; LIST_LEN],
    data: [i16; LIST_LEN],
    head: u16,
}

impl List {
    fn new(seed: u32) -> List {
        let mut l = List {
            next: [NIL; LIST_LEN],
            data: [0; LIST_LEN],
            head: 0,
        };
        let mut x = seed | 1;
        for i in 0..LIST_LEN {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            l.data[i] = (x >> 20) as i16 & 0x3ff;
            l.next[i] = if i + 1 < LIST_LEN { i as u16 + 1 } else { NIL };
        }
        l
    }

    /// The position of the first node holding `v`, or -1.
    fn find(&self, v: i16) -> i32 {
        let (mut n, mut pos) = (self.head, 0);
        while n != NIL {
            if self.data[n as usize] == v {
                return pos;
            }
            n = self.next[n as usize];
            pos += 1;
        }
        -1
    }

    fn reverse(&mut self) {
        let (mut prev, mut n) = (NIL, self.head);
        while n != NIL {
            let next = self.next[n as usize];
            self.next[n as usize] = prev;
            prev = n;
            n = next;
        }
        self.head = prev;
    }

    /// Bottom-up merge sort of the nodes by `key`, relinking them.
    fn sort_by(&mut self, key: impl Fn(i16) -> i32) {
        let mut width = 1;
        loop {
            let (mut p, mut head, mut tail) = (self.head, NIL, NIL);
            let mut merges = 0;
            while p != NIL {
                merges += 1;
                let mut q = p;
                let mut psize = 0;
                while psize < width && q != NIL {
                    q = self.next[q as usize];
                    psize += 1;
                }
                let mut qsize = width;
                while psize > 0 || (qsize > 0 && q != NIL) {
                    let take_p = if psize == 0 {
                        false
                    } else if qsize == 0 || q == NIL {
                        true
                    } else {
                        key(self.data[p as usize]) <= key(self.data[q as usize])
                    };
                    let e;
                    if take_p {
                        e = p;
                        p = self.next[p as usize];
                        psize -= 1;
                    } else {
                        e = q;
                        q = self.next[q as usize];
                        qsize -= 1;
                    }
                    if tail == NIL {
                        head = e;
                    } else {
                        self.next[tail as usize] = e;
                    }
                    tail = e;
                }
                p = q;
            }
            self.next[tail as usize] = NIL;
            self.head = head;
            if merges <= 1 {
                return;
            }
            width *= 2;
        }
    }

    fn crc(&self, mut crc: u16) -> u16 {
        let mut n = self.head;
        while n != NIL {
            crc = crc16(self.data[n as usize] as u16, crc);
            n = self.next[n as usize];
        }
        crc
    }
}

fn list_bench(seed: u32) -> u16 {
    let mut l = List::new(seed);
    let mut found = 0i32;
    for k in 0..32 {
        found = found.wrapping_add(l.find((k * 37 + seed as i16) & 0x3ff));
        l.reverse();
    }
    l.sort_by(|d| (d ^ 0x155) as i32);
    let crc = l.crc(found as u16);
    l.sort_by(|d| d as i32);
    l.crc(crc)
}

fn matrix_bench(seed: u32) -> u16 {
    let mut a = [[0i16; MAT_N]; MAT_N];
    let mut b = [[0i16; MAT_N]; MAT_N];
    let mut c = [[0i32; MAT_N]; MAT_N];
    let mut x = seed;
    for i in 0..MAT_N {
        for j in 0..MAT_N {
            x = x.wrapping_mul(69069).wrapping_add(1);
            a[i][j] = (x >> 16) as i16 >> 4;
            b[i][j] = (x >> 8) as i16 >> 6;
        }
    }
    let mut crc = 0;
    // Add a constant, multiply by a constant, matrix times vector, matrix times matrix,
    // then sums of bit fields of the products.
    let k = (seed & 0xff) as i16;
    for row in a.iter_mut() {
        for v in row.iter_mut() {
            *v = v.wrapping_add(k);
        }
    }
    for i in 0..MAT_N {
        let mut acc = 0i32;
        for j in 0..MAT_N {
            acc = acc.wrapping_add(a[i][j] as i32 * k as i32);
        }
        crc = crc32(acc as u32, crc);
    }
    for i in 0..MAT_N {
        let mut acc = 0i32;
        for j in 0..MAT_N {
            acc = acc.wrapping_add(a[i][j] as i32 * b[j][0] as i32);
        }
        crc = crc32(acc as u32, crc);
    }
    for i in 0..MAT_N {
        for j in 0..MAT_N {
            let mut acc = 0i32;
            for m in 0..MAT_N {
                acc = acc.wrapping_add(a[i][m] as i32 * b[m][j] as i32);
            }
            c[i][j] = acc;
        }
    }
    let mut sum = 0i32;
    for row in c.iter() {
        for &v in row.iter() {
            sum = sum.wrapping_add(((v >> 2) & 0xf) * ((v >> 5) & 0x7f));
        }
    }
    crc32(sum as u32, crc)
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Start,
    Int,
    Sign,
    Frac,
    Exp,
    ExpSign,
    Sci,
    Invalid,
}

/// Text of comma-separated numbers: integers, signed, decimals, exponents, and garbage.
fn text(seed: u32) -> [u8; TEXT_LEN] {
    const WORDS: [&[u8]; 8] = [
        b"5012",
        b"1234",
        b"-874",
        b"+122",
        b"35.54",
        b"-110.7",
        b"5.5e+3",
        b"T0.3e-1F",
    ];
    let mut t = [b','; TEXT_LEN];
    let (mut i, mut x) = (0, seed);
    loop {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let w = WORDS[(x >> 16) as usize % WORDS.len()];
        if i + w.len() + 1 > TEXT_LEN {
            return t;
        }
        t[i..i + w.len()].copy_from_slice(w);
        i += w.len() + 1;
    }
}

fn state_bench(seed: u32) -> u16 {
    let t = text(seed);
    let mut finals = [0u32; 8];
    let mut transitions = 0u32;
    let mut s = State::Start;
    for &ch in t.iter() {
        let next = if ch == b',' {
            finals[s as usize] += 1;
            State::Start
        } else {
            let digit = ch.is_ascii_digit();
            match s {
                State::Start if digit => State::Int,
                State::Start if ch == b'+' || ch == b'-' => State::Sign,
                State::Start if ch == b'.' => State::Frac,
                State::Sign if digit => State::Int,
                State::Sign if ch == b'.' => State::Frac,
                State::Int if digit => State::Int,
                State::Int if ch == b'.' => State::Frac,
                State::Int | State::Frac if ch == b'e' || ch == b'E' => State::Exp,
                State::Frac if digit => State::Frac,
                State::Exp if ch == b'+' || ch == b'-' => State::ExpSign,
                State::Exp | State::ExpSign | State::Sci if digit => State::Sci,
                _ => State::Invalid,
            }
        };
        if next != s {
            transitions += 1;
        }
        s = next;
    }
    let mut crc = crc32(transitions, 0);
    for f in finals {
        crc = crc32(f, crc);
    }
    crc
}

/// `iterations` rounds of the three parts, each seeded by the CRC so far; the CRC.
pub fn run(iterations: i32) -> i32 {
    let mut crc = 0u16;
    for it in 0..iterations as u32 {
        let seed = it.wrapping_mul(0x9e37_79b9) ^ crc as u32;
        crc = crc16(list_bench(seed), crc);
        crc = crc16(matrix_bench(seed), crc);
        crc = crc16(state_bench(seed), crc);
    }
    crc as i32
}
