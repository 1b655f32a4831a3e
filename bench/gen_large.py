#!/usr/bin/env python3
"""Generates the large modules of the start-up benchmarks, byte for byte the same on
every machine (our own PRNG, no dependencies).

    gen_large.py many OUT.wasm   # 10,000 functions of ~500 bytes each  (~5 MB)
    gen_large.py huge OUT.wasm   # 24 functions of ~200 KB each         (~5 MB)

Each module exports `run(n: i32) -> i32`, which calls every generated function `n` times
over and returns a checksum. The bodies mix what compilers meet in real code: i32/i64/f64
arithmetic, loads and stores, `if`/`else`, short loops, `br_table`, direct calls and
`call_indirect` to small leaf functions, a global. Nothing traps and no NaN is ever
produced, so every engine must return the same checksum.
"""

import sys

LEAVES = 64  # small functions, called directly and through the table


class Rng:
    """xorshift64*: the same sequence on every Python."""

    def __init__(self, seed):
        self.s = seed or 1

    def next(self):
        s = self.s
        s ^= (s >> 12)
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= (s >> 27)
        self.s = s
        return (s * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def below(self, n):
        return (self.next() >> 33) % n


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


# Opcodes.
BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, BR_TABLE = 0x02, 0x03, 0x04, 0x05, 0x0B, 0x0C, 0x0D, 0x0E
CALL, CALL_INDIRECT = 0x10, 0x11
LGET, LSET, LTEE, GGET, GSET = 0x20, 0x21, 0x22, 0x23, 0x24
I32LOAD, I32STORE, I32CONST, I64CONST, F64CONST = 0x28, 0x36, 0x41, 0x42, 0x44
I32_LT_S, I32_LT_U, F64_GT = 0x48, 0x49, 0x64
I32_BINOPS = [0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78]
I64ADD, I64MUL, I64XOR, I64SHR_U = 0x7C, 0x7E, 0x85, 0x88
I32WRAP, I64EXTEND_U, F64ADD, F64MUL, F64CONVERT_S = 0xA7, 0xAD, 0xA0, 0xA2, 0xB7
EMPTY = 0x40

# Locals of a generated function: 0 the parameter, 1-4 i32, 5 i64, 6 f64, 7 loop counter.
I32S = [0, 1, 2, 3, 4]
L64, LF64, LCOUNT = 5, 6, 7
LOCALS = vec([uleb(4) + b"\x7f", uleb(1) + b"\x7e", uleb(1) + b"\x7c", uleb(1) + b"\x7f"])


def op(*bs):
    return bytes(bs)


def get(i):
    return op(LGET) + uleb(i)


def set_(i):
    return op(LSET) + uleb(i)


def i32c(v):
    return op(I32CONST) + sleb(v)


class Gen:
    def __init__(self, rng):
        self.r = rng

    def any32(self):
        return I32S[self.r.below(len(I32S))]

    def dest32(self):
        return I32S[1 + self.r.below(len(I32S) - 1)]

    def stmt(self, depth, in_loop=False):
        """One statement: leaves the operand stack as it found it."""
        r = self.r
        k = r.below(14 if depth < 2 else 9)
        a, b, d = self.any32(), self.any32(), self.dest32()
        if k <= 2:  # arithmetic
            rhs = get(b) if r.below(2) else i32c(r.below(2000) - 1000)
            return get(a) + rhs + op(I32_BINOPS[r.below(len(I32_BINOPS))]) + set_(d)
        if k == 3:  # store then load
            return (get(a) + i32c(0xFFFC) + op(0x71) + get(b) + op(I32STORE, 2) + uleb(0)
                    + get(b) + i32c(0xFFFC) + op(0x71) + op(I32LOAD, 2) + uleb(0)
                    + get(d) + op(0x73) + set_(d))
        if k == 4:  # direct call of a leaf
            return get(a) + op(CALL) + uleb(r.below(LEAVES)) + set_(d)
        if k == 5:  # indirect call of a leaf
            return (get(a) + get(b) + i32c(LEAVES - 1) + op(0x71)
                    + op(CALL_INDIRECT) + uleb(0) + uleb(0) + set_(d))
        if k == 6:  # i64
            return (get(a) + op(I64EXTEND_U) + get(L64) + op(I64CONST) + sleb(r.below(1 << 20) + 1)
                    + op(I64MUL) + op(I64ADD) + set_(L64)
                    + get(L64) + op(I64CONST) + sleb(17 + r.below(20)) + op(I64SHR_U) + op(I32WRAP)
                    + get(d) + op(0x73) + set_(d))
        if k == 7:  # f64, bounded: never inf, never NaN
            return (get(LF64) + op(F64CONST) + _f64(0.5) + op(F64MUL)
                    + get(a) + op(F64CONVERT_S) + op(F64ADD) + set_(LF64)
                    + get(LF64) + op(F64CONST) + _f64(float(r.below(1000))) + op(F64_GT)
                    + get(d) + op(0x6A) + set_(d))
        if k == 8:  # global
            return op(GGET) + uleb(0) + get(a) + op(0x6A) + op(GSET) + uleb(0)
        if k <= 10:  # if / else
            out = get(a) + i32c(r.below(200) - 100) + op(I32_LT_S) + op(IF, EMPTY)
            out += b"".join(self.stmt(depth + 1, in_loop) for _ in range(1 + r.below(3)))
            out += op(ELSE)
            out += b"".join(self.stmt(depth + 1, in_loop) for _ in range(1 + r.below(3)))
            return out + op(END)
        if k <= 12 and not in_loop:  # a short counted loop
            out = i32c(0) + set_(LCOUNT) + op(LOOP, EMPTY)
            out += b"".join(self.stmt(depth + 1, True) for _ in range(1 + r.below(3)))
            out += (get(LCOUNT) + i32c(1) + op(0x6A) + op(LTEE) + uleb(LCOUNT)
                    + i32c(2 + r.below(4)) + op(I32_LT_U) + op(BR_IF, 0) + op(END))
            return out
        # br_table over a & 3: three cases and the default (skip all)
        out = op(BLOCK, EMPTY, BLOCK, EMPTY, BLOCK, EMPTY, BLOCK, EMPTY)
        out += get(a) + i32c(3) + op(0x71) + op(BR_TABLE) + vec([uleb(0), uleb(1), uleb(2)]) + uleb(3)
        out += op(END) + self.stmt(depth + 1, in_loop) + op(BR, 2)
        out += op(END) + self.stmt(depth + 1, in_loop) + op(BR, 1)
        out += op(END) + self.stmt(depth + 1, in_loop)
        return out + op(END)

    def body(self, statements):
        code = b"".join(self.stmt(0) for _ in range(statements))
        tail = get(1) + get(2) + op(0x73) + get(3) + op(0x6A) + get(4) + op(0x73) + get(0) + op(0x6A)
        return LOCALS + code + tail + op(END)


def _f64(x):
    import struct
    return struct.pack("<d", x)


def leaf(i):
    body = get(0) + i32c(2 * i + 1) + op(0x6C) + i32c(i * 7919) + op(0x73) + i32c(i % 31 + 1) + op(0x77)
    return vec([]) + body + op(END)


def module(functions, statements, seed):
    rng = Rng(seed)
    g = Gen(rng)
    total = LEAVES + functions + 1  # leaves, generated functions, run
    run_index = total - 1
    types = vec([op(0x60) + vec([b"\x7f"]) + vec([b"\x7f"])])
    funcs = vec([uleb(0)] * total)
    table = vec([op(0x70, 0x00) + uleb(LEAVES)])
    memory = vec([op(0x00) + uleb(1)])
    globals_ = vec([op(0x7F, 0x01) + i32c(0) + op(END)])
    exports = vec([vec([bytes([c]) for c in b"run"]) + op(0x00) + uleb(run_index)])
    elems = vec([uleb(0) + i32c(0) + op(END) + vec([uleb(i) for i in range(LEAVES)])])
    bodies = [leaf(i) for i in range(LEAVES)]
    bodies += [g.body(statements) for _ in range(functions)]
    # run(n): acc = 0; loop n times: acc = f(acc ^ k) for every generated f; acc ^ global
    run = vec([uleb(1) + b"\x7f"])  # local 1: acc
    run += op(BLOCK, EMPTY, LOOP, EMPTY) + get(0) + op(0x45) + op(BR_IF, 1)
    for k in range(functions):
        run += get(1) + i32c(k) + op(0x73) + op(CALL) + uleb(LEAVES + k) + set_(1)
    run += get(0) + i32c(1) + op(0x6B) + set_(0) + op(BR, 0) + op(END, END)
    run += get(1) + op(GGET) + uleb(0) + op(0x73) + op(END)
    bodies.append(run)
    code = vec([uleb(len(b)) + b for b in bodies])
    return (b"\0asm\x01\0\0\0" + section(1, types) + section(3, funcs) + section(4, table)
            + section(5, memory) + section(6, globals_) + section(7, exports)
            + section(9, elems) + section(10, code))


SHAPES = {
    "many": (10_000, 10, 1),
    "huge": (24, 4_000, 2),
}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SHAPES:
        sys.exit(__doc__)
    functions, statements, seed = SHAPES[sys.argv[1]]
    data = module(functions, statements, seed)
    with open(sys.argv[2], "wb") as f:
        f.write(data)
    print(f"wrote {sys.argv[2]} ({len(data)} bytes, {functions} functions)")
