#!/usr/bin/env python3
"""tests/wasi/compare.py: every WASI test case (cases.json) in awe and in wasmtime.

Each case runs in awe (`awe run`, the binary built by cargo) and in wasmtime (its Python
package, pinned, installed into a virtual environment under target/ when the running
Python lacks it), each in a fresh temporary directory laid out the same way, with the
same arguments, environment, preopened directories and standard input. Compared: the
standard output, the exit code (a trap is its own outcome), and the files the case
names afterwards; also each against the committed expected output (expected/NAME.stdout).
Cases marked `native` also run textstat's native build (tests/wasi/rust/target/release/
textstat, from build.sh), which must agree with both.

    tests/wasi/compare.py                 # every case; exit code 1 on any difference
    tests/wasi/compare.py echo escape     # only these cases
    tests/wasi/compare.py --bless         # rewrite expected/*.stdout: from the native
                                          # build for `native` cases, wasmtime otherwise
    tests/wasi/compare.py --awe PATH      # this awe binary (default: target/debug/awe,
                                          # built with `cargo build -p awe-cli`)
    tests/wasi/compare.py --no-awe        # wasmtime (and native) only

A case with `wasmtime_differs` (a reason) is one where wasmtime answers otherwise as a
whole (say, a call it does not support): its expected output is awe's (--bless takes it
from awe), wasmtime's output is compared with expected/NAME.wasmtime.stdout instead, and
the two runtimes' outputs are not compared with each other.

The escape suite's lines name a WASI errno; runtimes may refuse the same attempt with
different errnos, so for `escape` cases the verdicts are compared, and differing errnos
are listed but do not count as a difference.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TARGET = ROOT / "target"
WASMTIME_VERSION = "50.0.1"
NATIVE = HERE / "rust" / "target" / "release" / "textstat"
# awe's outcome for a trap: the exit code and the start of its message on stderr.
AWE_TRAP_EXIT = 1


# ---------------------------------------------------------------------------------------
# Cases


def load_cases():
    return json.loads((HERE / "cases.json").read_text())["cases"]


def content(spec):
    """A content spec (string, {"file": ...}, {"repeat": ..., "times": n}) as bytes."""
    if isinstance(spec, str):
        return spec.encode()
    if "file" in spec:
        return (HERE / spec["file"]).read_bytes()
    return (spec["repeat"] * spec["times"]).encode()


def lay_out(case, tmp):
    """Creates the case's files, directories and symbolic links under tmp."""
    for d in case.get("mkdirs", []):
        (tmp / d).mkdir(parents=True, exist_ok=True)
    for host, *_ in case.get("dirs", []):
        (tmp / host).mkdir(parents=True, exist_ok=True)
    for rel, spec in case.get("files", {}).items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_bytes(content(spec))
    for rel, target in case.get("symlinks", {}).items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, tmp / rel)


def args_of(case, tmp):
    return [a.replace("{tmp}", str(tmp)) for a in case.get("args", [])]


def snapshot(tmp, skip):
    """Every path under tmp but `skip` (a top-level name) and what is under it, with its
    kind, content or link target, and modification time: what the escape suite must
    leave unchanged."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(tmp):
        if Path(dirpath) == tmp:
            dirnames[:] = [d for d in dirnames if d != skip]
            filenames = [f for f in filenames if f != skip]
            names = [".", *dirnames, *filenames]
        else:
            names = [*dirnames, *filenames]
        for name in names:
            p = Path(dirpath) / name
            rel = os.path.normpath(os.path.relpath(p, tmp))
            st = os.lstat(p)
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p), st.st_mtime_ns)
            elif p.is_dir():
                out[rel] = ("dir", None, st.st_mtime_ns)
            else:
                out[rel] = ("file", p.read_bytes(), st.st_mtime_ns)
    return out


def check_after(case, tmp):
    """The case's after/listings conditions; a list of failures."""
    bad = []
    for rel, spec in case.get("after", {}).items():
        p = tmp / rel
        if spec is None:
            if os.path.lexists(p):
                bad.append(f"{rel} exists")
        elif not p.is_file():
            bad.append(f"{rel} missing")
        elif p.read_bytes() != content(spec):
            bad.append(f"{rel} has other content")
    for rel, names in case.get("listings", {}).items():
        got = sorted(os.listdir(tmp / rel))
        if got != names:
            bad.append(f"{rel} holds {got}, expected {names}")
    return bad


ESCAPE_LINE = re.compile(r"^attempt (\S+): (refused \(errno (\d+)\)|ESCAPED)$")


def escape_verdicts(stdout):
    """{attempt: errno or None when escaped}; raises on an unexpected line."""
    out = {}
    lines = stdout.decode().splitlines()
    for line in lines[:-1]:
        m = ESCAPE_LINE.match(line)
        if not m:
            raise ValueError(f"unexpected line {line!r}")
        out[m[1]] = int(m[3]) if m[3] else None
    return out


# ---------------------------------------------------------------------------------------
# Runners: each returns (stdout bytes, stderr bytes, exit code or "trap").


def run_awe(awe, case, tmp, io):
    cmd = [str(awe), "run"]
    for host, guest, *ro in case.get("dirs", []):
        cmd += ["--dir", f"{tmp / host}::{guest}" + (":ro" if ro else "")]
    for k, v in case.get("env", {}).items():
        cmd += ["--env", f"{k}={v}"]
    cmd += [str(HERE / "wasm" / case["wasm"]), *args_of(case, tmp)]
    with open(io / "stdin", "rb") as stdin:
        r = subprocess.run(cmd, stdin=stdin, capture_output=True, timeout=120, cwd=tmp)
    code = r.returncode
    if code == AWE_TRAP_EXIT and case.get("exit") == "trap" and r.stderr.count(b"error: ") > 0:
        code = "trap"
    return r.stdout, r.stderr, code


def run_wasmtime(wasmtime, case, tmp, io):
    config = wasmtime.Config()
    config.wasm_exceptions = True  # the C++ programs' (cpp/)
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    cfg = wasmtime.WasiConfig()
    cfg.argv = [str(HERE / "wasm" / case["wasm"]), *args_of(case, tmp)]
    cfg.env = list(case.get("env", {}).items())
    for host, guest, *ro in case.get("dirs", []):
        cfg.preopen_dir(str(tmp / host), guest, fs_mutable=not ro)
    cfg.stdin_file = str(io / "stdin")
    cfg.stdout_file = str(io / "wasmtime.stdout")
    cfg.stderr_file = str(io / "wasmtime.stderr")
    store.set_wasi(cfg)
    module = wasmtime.Module.from_file(engine, str(HERE / "wasm" / case["wasm"]))
    cwd = os.getcwd()
    os.chdir(tmp)
    trap = b""
    try:
        instance = linker.instantiate(store, module)
        instance.exports(store)["_start"](store)
        code = 0
    except wasmtime.ExitTrap as e:
        code = e.code
    except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
        # What a command line would print after the guest's own standard error.
        trap = f"error: {e}\n".encode()
        code = "trap"
    finally:
        os.chdir(cwd)
        del store
    err = (io / "wasmtime.stderr").read_bytes() + (trap if code == "trap" else b"")
    return (io / "wasmtime.stdout").read_bytes(), err, code


def run_native(case, tmp, io):
    """textstat's native build, with guest paths in arguments mapped to host paths."""
    args = args_of(case, tmp)
    for host, guest, *_ in case.get("dirs", []):
        args = [str(tmp / host) + a[len(guest):] if a == guest or a.startswith(guest + "/") else a for a in args]
    with open(io / "stdin", "rb") as stdin:
        r = subprocess.run([str(NATIVE), *args], stdin=stdin, capture_output=True, timeout=60, cwd=tmp)
    return r.stdout, r.stderr, r.returncode


def run_in_fresh_dir(case, runner):
    """Lays the case out in a new temporary directory, runs it, and returns the runner's
    result with the failures of the after-conditions and the escape checks."""
    with tempfile.TemporaryDirectory(prefix=f"awe-wasi-{case['name']}-") as base:
        io = Path(base)
        tmp = io / "root"
        tmp.mkdir()
        lay_out(case, tmp)
        (io / "stdin").write_bytes(content(case["stdin"]) if "stdin" in case else b"")
        before = snapshot(tmp, "sandbox")
        out, err, code = runner(case, tmp, io)
        bad = check_after(case, tmp)
        if case.get("check") == "escape":
            after = snapshot(tmp, "sandbox")
            for rel in sorted(set(before) | set(after)):
                if before.get(rel) != after.get(rel):
                    bad.append(f"outside the sandbox, {rel} changed: {before.get(rel)} -> {after.get(rel)}")
        return out, err, code, bad


# ---------------------------------------------------------------------------------------
# Setup


def wasmtime_module():
    """The pinned wasmtime package: from this Python, or re-run in a venv that has it."""
    try:
        import importlib.metadata

        import wasmtime

        if importlib.metadata.version("wasmtime") == WASMTIME_VERSION:
            return wasmtime
    except ImportError:
        pass
    venv = TARGET / "wasi-venv"
    python = venv / "bin" / "python"
    if os.environ.get("AWE_WASI_IN_VENV"):
        sys.exit(f"wasmtime {WASMTIME_VERSION} is not importable in {sys.executable}")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"wasmtime=={WASMTIME_VERSION}"], check=True)
    os.execve(str(python), [str(python), __file__, *sys.argv[1:]], {**os.environ, "AWE_WASI_IN_VENV": "1"})


def awe_binary(path):
    if path:
        return Path(path).resolve()
    subprocess.run(["cargo", "build", "-q", "-p", "awe-cli"], check=True, cwd=ROOT)
    return TARGET / "debug" / "awe"


# ---------------------------------------------------------------------------------------
# Comparing


def describe(code):
    return "trap" if code == "trap" else f"exit {code}"


def first_difference(a, b):
    a, b = a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: {x!r} vs {y!r}"
    return f"{len(a)} lines vs {len(b)} lines"


def stderr_ok(case, err):
    want = case.get("stderr", "")
    if isinstance(want, str):
        return err == want.encode()
    return all(s.encode() in err for s in want["contains"])


def known_differences(case, out):
    """wasmtime's output with the case's known differences mapped to what awe prints
    (and the expected file holds), and a note for each one seen."""
    known = case.get("known_differences", {})
    lines, notes = [], []
    for line in out.decode(errors="surrogateescape").split("\n"):
        for awe_line, wasmtime_line in known.items():
            if line == wasmtime_line:
                notes.append(f"known difference: wasmtime {wasmtime_line!r}, awe {awe_line!r}")
                line = awe_line
        lines.append(line)
    return "\n".join(lines).encode(errors="surrogateescape"), notes


def wasmtime_expected(case):
    """The committed wasmtime output of a `wasmtime_differs` case, or None."""
    path = HERE / "expected" / f"{case['name']}.wasmtime.stdout"
    return path.read_bytes() if path.exists() else None


def compare_case(case, runs, expected):
    """Differences between the runs ({runtime: (out, err, code, bad)}) and the expected
    output; and notes that are not differences."""
    diffs, notes = [], []
    escape = case.get("check") == "escape"
    differs = case.get("wasmtime_differs")
    for name, (out, err, code, bad) in runs.items():
        want_out = expected
        if differs and name == "wasmtime":
            want_out = wasmtime_expected(case)
        for b in bad:
            diffs.append(f"{name}: {b}")
        if code != case["exit"]:
            diffs.append(f"{name}: {describe(code)}, expected {describe(case['exit'])}")
        if not stderr_ok(case, err) and not (name == "native" and isinstance(case.get("stderr"), dict)):
            diffs.append(f"{name}: stderr {err[:300]!r}")
        if want_out is not None and not escape and out != want_out:
            diffs.append(f"{name}: stdout differs from expected, {first_difference(out, want_out)}")
        if escape:
            try:
                verdicts = escape_verdicts(out)
                want = escape_verdicts(expected) if expected is not None else verdicts
            except ValueError as e:
                diffs.append(f"{name}: {e}")
                continue
            escaped = [a for a, e in verdicts.items() if e is None]
            if escaped:
                diffs.append(f"{name}: ESCAPED: {', '.join(escaped)}")
            if list(verdicts) != list(want):
                diffs.append(f"{name}: attempts {list(verdicts)} differ from expected {list(want)}")
            if len(verdicts) < 10:
                diffs.append(f"{name}: only {len(verdicts)} attempts")
    names = list(runs)
    for other in names[1:]:
        a, b = runs[names[0]], runs[other]
        if escape:
            va, vb = escape_verdicts(a[0]), escape_verdicts(b[0])
            errnos = [f"{k} {va[k]}/{vb.get(k)}" for k in va if va[k] != vb.get(k)]
            if errnos:
                notes.append(f"errnos differ ({names[0]}/{other}): " + ", ".join(errnos))
        elif differs and "wasmtime" in (names[0], other):
            if a[0] != b[0]:
                notes.append(f"wasmtime differs, as expected: {differs}")
        elif a[0] != b[0]:
            diffs.append(f"stdout: {names[0]} vs {other}: {first_difference(a[0], b[0])}")
        if a[2] != b[2]:
            diffs.append(f"{names[0]} {describe(a[2])}, {other} {describe(b[2])}")
    return diffs, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", nargs="*")
    ap.add_argument("--bless", action="store_true")
    ap.add_argument("--awe")
    ap.add_argument("--no-awe", action="store_true")
    a = ap.parse_args()
    wasmtime = wasmtime_module()
    cases = [c for c in load_cases() if not a.cases or c["name"] in a.cases]
    # Blessing needs awe only for the cases whose expected output is awe's.
    needs_awe = not a.no_awe and (not a.bless or any(c.get("wasmtime_differs") for c in cases))
    awe = awe_binary(a.awe) if needs_awe else None
    have_native = NATIVE.exists()
    if not have_native:
        print(f"note: {NATIVE} is missing (tests/wasi/build.sh builds it): no native runs")
    failed = 0
    print(f"wasmtime {WASMTIME_VERSION}" + (f", awe {awe}" if awe else ""))
    for case in cases:
        runs = {}
        if awe and (not a.bless or case.get("wasmtime_differs")):
            runs["awe"] = run_in_fresh_dir(case, lambda c, t, io: run_awe(awe, c, t, io))
        runs["wasmtime"] = run_in_fresh_dir(case, lambda c, t, io: run_wasmtime(wasmtime, c, t, io))
        out, known = known_differences(case, runs["wasmtime"][0])
        runs["wasmtime"] = (out, *runs["wasmtime"][1:])
        if case.get("native") and have_native:
            runs["native"] = run_in_fresh_dir(case, run_native)
        exp_path = HERE / "expected" / f"{case['name']}.stdout"
        if case.get("stdout_is_stdin"):
            expected = content(case["stdin"])
        elif a.bless:
            src = "native" if case.get("native") else "awe" if case.get("wasmtime_differs") else "wasmtime"
            if src not in runs:
                sys.exit(f"{case['name']}: needs the {src} run to bless")
            exp_path.write_bytes(runs[src][0])
            expected = runs[src][0]
            if case.get("wasmtime_differs"):
                (HERE / "expected" / f"{case['name']}.wasmtime.stdout").write_bytes(runs["wasmtime"][0])
        else:
            expected = exp_path.read_bytes() if exp_path.exists() else None
        diffs, notes = compare_case(case, runs, expected)
        notes += known
        verdict = "same" if not diffs else "DIFFERENT"
        failed += bool(diffs)
        print(f"{case['name']:28} {' '.join(f'{k}={describe(v[2])}' for k, v in runs.items()):40} {verdict}")
        for d in diffs:
            print(f"    {d}")
        for n in notes:
            print(f"    note: {n}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
