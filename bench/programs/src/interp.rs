//! A small stack-machine interpreter running a Collatz program: a `match` on the opcode
//! per instruction (a `br_table` in wasm), so dispatch and unpredictable branches.

// Opcodes; those with an operand take the next word.
const PUSH: i32 = 0; // PUSH imm
const LOAD: i32 = 1; // LOAD slot
const STORE: i32 = 2; // STORE slot
const ADD: i32 = 3;
const SUB: i32 = 4; // (unused by the program; kept as a dispatch case)
const MUL: i32 = 5;
const AND: i32 = 6;
const SHR: i32 = 7;
const LT: i32 = 8;
const EQ: i32 = 9;
const JZ: i32 = 10; // JZ target
const JNZ: i32 = 11; // JNZ target
const JMP: i32 = 12; // JMP target
const INC: i32 = 13; // INC slot
const RET: i32 = 14;

/// The program: the total number of Collatz steps of every k in 1..n, n in slot 0.
fn program() -> Vec<i32> {
    // Labels are patched in at the end: (position of the operand, label).
    let (outer, inner, even, cont, next, end) = (0, 1, 2, 3, 4, 5);
    let mut labels = [0i32; 6];
    let mut fixups = Vec::new();
    let mut code = Vec::new();
    let emit = |code: &mut Vec<i32>, words: &[i32]| code.extend_from_slice(words);
    let mut jump = |code: &mut Vec<i32>, op: i32, label: usize| {
        code.push(op);
        fixups.push((code.len(), label));
        code.push(0);
    };
    emit(&mut code, &[PUSH, 1, STORE, 1]); // k = 1
    emit(&mut code, &[PUSH, 0, STORE, 3]); // steps = 0
    labels[outer] = code.len() as i32; // while k < n
    emit(&mut code, &[LOAD, 1, LOAD, 0, LT]);
    jump(&mut code, JZ, end);
    emit(&mut code, &[LOAD, 1, STORE, 2]); // x = k
    labels[inner] = code.len() as i32; // until x == 1
    emit(&mut code, &[LOAD, 2, PUSH, 1, EQ]);
    jump(&mut code, JNZ, next);
    emit(&mut code, &[LOAD, 2, PUSH, 1, AND]); // if x is odd
    jump(&mut code, JZ, even);
    emit(&mut code, &[LOAD, 2, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 2]); // x = 3x + 1
    jump(&mut code, JMP, cont);
    labels[even] = code.len() as i32; // else x = x >> 1
    emit(&mut code, &[LOAD, 2, PUSH, 1, SHR, STORE, 2]);
    labels[cont] = code.len() as i32; // steps += 1
    emit(&mut code, &[INC, 3]);
    jump(&mut code, JMP, inner);
    labels[next] = code.len() as i32; // k += 1
    emit(&mut code, &[INC, 1]);
    jump(&mut code, JMP, outer);
    labels[end] = code.len() as i32; // return steps
    emit(&mut code, &[LOAD, 3, RET]);
    for (at, label) in fixups {
        code[at] = labels[label];
    }
    code
}

/// Runs `code` with `n` in slot 0; the value it returns.
fn exec(code: &[i32], n: i32) -> i32 {
    let mut slots = [0i32; 8];
    let mut stack = [0i32; 32];
    let mut sp = 0usize;
    let mut pc = 0usize;
    slots[0] = n;
    loop {
        let op = code[pc];
        pc += 1;
        match op {
            PUSH => {
                stack[sp] = code[pc];
                sp += 1;
                pc += 1;
            }
            LOAD => {
                stack[sp] = slots[code[pc] as usize];
                sp += 1;
                pc += 1;
            }
            STORE => {
                sp -= 1;
                slots[code[pc] as usize] = stack[sp];
                pc += 1;
            }
            ADD | SUB | MUL | AND | SHR | LT | EQ => {
                sp -= 1;
                let (a, b) = (stack[sp - 1], stack[sp]);
                stack[sp - 1] = match op {
                    ADD => a.wrapping_add(b),
                    SUB => a.wrapping_sub(b),
                    MUL => a.wrapping_mul(b),
                    AND => a & b,
                    SHR => ((a as u32) >> (b as u32 & 31)) as i32,
                    LT => (a < b) as i32,
                    _ => (a == b) as i32,
                };
            }
            JZ | JNZ => {
                sp -= 1;
                if (stack[sp] == 0) == (op == JZ) {
                    pc = code[pc] as usize;
                } else {
                    pc += 1;
                }
            }
            JMP => pc = code[pc] as usize,
            INC => {
                slots[code[pc] as usize] += 1;
                pc += 1;
            }
            RET => return stack[sp - 1],
            _ => return -1,
        }
    }
}

/// `iterations` runs of the program for n = 1000..1063; the sum of their results.
pub fn run(iterations: i32) -> i32 {
    let code = program();
    let mut total = 0i32;
    for it in 0..iterations {
        let n = 1000 + (it.wrapping_add(total) & 63);
        total = total.wrapping_add(exec(&code, n));
    }
    total
}

#[cfg(test)]
mod tests {
    #[test]
    fn collatz() {
        let direct = |n: i32| -> i32 {
            (1..n)
                .map(|k| {
                    let (mut x, mut s) = (k as u32, 0);
                    while x != 1 {
                        x = if x % 2 == 0 { x / 2 } else { 3 * x + 1 };
                        s += 1;
                    }
                    s
                })
                .sum()
        };
        let code = super::program();
        for n in [1, 2, 10, 1000] {
            assert_eq!(super::exec(&code, n), direct(n), "n = {n}");
        }
    }
}
