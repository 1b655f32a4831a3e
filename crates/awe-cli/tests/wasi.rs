//! `awe run` on WASI programs: every case of `tests/wasi/cases.json` (one test each) runs
//! its committed module (`tests/wasi/wasm/`) through the `awe` binary in a fresh
//! directory, against the expected standard output (`tests/wasi/expected/`, wasmtime's,
//! and for `textstat` its native build's), exit code, standard error and the files left
//! behind. The escape suite's cases also check that every attempt was refused and that
//! nothing outside the sandbox changed. No guest is built here: `tests/wasi/build.sh`
//! does that, and `tests/wasi/compare.py` runs the same cases in wasmtime.

mod common;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

use serde_json::Value;

use common::workspace_root;

fn wasi_dir() -> PathBuf {
    workspace_root().join("tests/wasi")
}

fn cases() -> Vec<Value> {
    let text = fs::read_to_string(wasi_dir().join("cases.json")).expect("read cases.json");
    let v: Value = serde_json::from_str(&text).expect("cases.json is JSON");
    v["cases"].as_array().expect("cases").clone()
}

fn case(name: &str) -> Value {
    cases()
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no case {name} in cases.json"))
}

/// A content spec: a string, `{"file": path}` or `{"repeat": s, "times": n}`.
fn content(spec: &Value) -> Vec<u8> {
    if let Some(s) = spec.as_str() {
        return s.as_bytes().to_vec();
    }
    if let Some(f) = spec["file"].as_str() {
        return fs::read(wasi_dir().join(f)).expect("read a data file");
    }
    let times = spec["times"].as_u64().expect("times") as usize;
    spec["repeat"]
        .as_str()
        .expect("repeat")
        .repeat(times)
        .into_bytes()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().expect("a string")).collect())
        .unwrap_or_default()
}

fn entries(v: &Value) -> Vec<(&String, &Value)> {
    v.as_object()
        .map(|o| o.iter().collect())
        .unwrap_or_default()
}

/// Lays the case out under `root`: directories, files, symbolic links.
fn lay_out(case: &Value, root: &Path) {
    for d in strs(&case["mkdirs"]) {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    for dir in case["dirs"].as_array().into_iter().flatten() {
        fs::create_dir_all(root.join(dir[0].as_str().unwrap())).unwrap();
    }
    for (rel, spec) in entries(&case["files"]) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content(spec)).unwrap();
    }
    for (rel, target) in entries(&case["symlinks"]) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target.as_str().unwrap(), p).unwrap();
    }
}

#[derive(Debug, PartialEq)]
enum Entry {
    Dir(SystemTime),
    File(Vec<u8>, SystemTime),
    Link(PathBuf, SystemTime),
}

/// Everything under `root` but the top-level `skip` and what is under it: kinds,
/// contents, link targets and modification times.
fn snapshot(root: &Path, skip: &str) -> BTreeMap<PathBuf, Entry> {
    let mut out = BTreeMap::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let p = root.join(&rel);
        let m = fs::symlink_metadata(&p).unwrap();
        let mtime = m.modified().unwrap();
        if m.is_symlink() {
            out.insert(rel, Entry::Link(fs::read_link(&p).unwrap(), mtime));
        } else if m.is_dir() {
            for e in fs::read_dir(&p).unwrap() {
                let name = e.unwrap().file_name();
                if !(rel.as_os_str().is_empty() && name == skip) {
                    stack.push(rel.join(name));
                }
            }
            out.insert(rel, Entry::Dir(mtime));
        } else {
            out.insert(rel, Entry::File(fs::read(&p).unwrap(), mtime));
        }
    }
    out
}

struct Run {
    stdout: Vec<u8>,
    stderr: String,
    code: Option<i32>,
}

/// Runs the case's module through `awe run` with its preopens, environment, arguments
/// and standard input.
fn run_awe(case: &Value, root: &Path, stdin: &Path) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_awe"));
    cmd.arg("run");
    for dir in case["dirs"].as_array().into_iter().flatten() {
        let host = root.join(dir[0].as_str().unwrap());
        let ro = if dir.get(2).is_some() { ":ro" } else { "" };
        cmd.arg("--dir").arg(format!(
            "{}::{}{ro}",
            host.display(),
            dir[1].as_str().unwrap()
        ));
    }
    for (k, v) in entries(&case["env"]) {
        cmd.arg("--env").arg(format!("{k}={}", v.as_str().unwrap()));
    }
    cmd.arg(wasi_dir().join("wasm").join(case["wasm"].as_str().unwrap()));
    for a in strs(&case["args"]) {
        cmd.arg(a.replace("{tmp}", &root.display().to_string()));
    }
    let out = cmd
        .current_dir(root)
        .stdin(Stdio::from(File::open(stdin).unwrap()))
        .output()
        .expect("run awe");
    Run {
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}

/// One attempt line of the escape suite: its name, and whether it was refused.
fn attempt(line: &str) -> (&str, bool) {
    let rest = line
        .strip_prefix("attempt ")
        .unwrap_or_else(|| panic!("not an attempt line: {line:?}"));
    let (name, verdict) = rest.split_once(": ").expect("NAME: verdict");
    let refused = verdict
        .strip_prefix("refused (errno ")
        .and_then(|n| n.strip_suffix(')'))
        .is_some_and(|n| n.parse::<u16>().is_ok());
    assert!(refused || verdict == "ESCAPED", "bad verdict: {line:?}");
    (name, refused)
}

/// Runs one case and checks everything it names.
fn run_case(name: &str) {
    let case = case(name);
    // Per process too: two test runs at once in one target directory must not meet.
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("awe-wasi")
        .join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    let root = base.join("root");
    fs::create_dir_all(&root).unwrap();
    lay_out(&case, &root);
    let stdin = base.join("stdin");
    let stdin_bytes = case.get("stdin").map(content).unwrap_or_default();
    fs::write(&stdin, &stdin_bytes).unwrap();
    let before = snapshot(&root, "sandbox");

    let run = run_awe(&case, &root, &stdin);
    let shown = String::from_utf8_lossy(&run.stdout);
    let ctx = format!(
        "case {name}\n--- stdout:\n{shown}\n--- stderr:\n{}",
        run.stderr
    );

    // Exit code; a trap is awe's error exit with an `error: ` line.
    match &case["exit"] {
        Value::String(s) if s == "trap" => {
            assert_eq!(run.code, Some(1), "expected a trap: {ctx}");
            assert!(
                run.stderr.contains("error: "),
                "expected a trap message: {ctx}"
            );
            assert!(!run.stderr.contains("awe panicked"), "{ctx}");
        }
        code => assert_eq!(run.code.map(i64::from), code.as_i64(), "exit code: {ctx}"),
    }

    // Standard error: exact, or containing each string.
    match &case["stderr"] {
        Value::Object(o) => {
            for s in strs(&o["contains"]) {
                assert!(run.stderr.contains(s), "stderr lacks {s:?}: {ctx}");
            }
        }
        want => assert_eq!(run.stderr, want.as_str().unwrap_or(""), "stderr: {ctx}"),
    }

    // Standard output.
    let expected = if case["stdout_is_stdin"] == true {
        stdin_bytes
    } else {
        fs::read(wasi_dir().join(format!("expected/{name}.stdout"))).expect("expected output")
    };
    if case["check"] == "escape" {
        check_escape(&run.stdout, &expected, &ctx);
        let after = snapshot(&root, "sandbox");
        for (path, was) in &before {
            assert_eq!(
                after.get(path),
                Some(was),
                "{path:?} outside the sandbox changed: {ctx}"
            );
        }
        for path in after.keys() {
            assert!(
                before.contains_key(path),
                "{path:?} appeared outside the sandbox: {ctx}"
            );
        }
    } else if run.stdout != expected {
        panic!(
            "stdout differs from the expected\n--- expected:\n{}\n{ctx}",
            String::from_utf8_lossy(&expected)
        );
    }

    // Files and listings afterwards.
    for (rel, spec) in entries(&case["after"]) {
        let p = root.join(rel);
        if spec.is_null() {
            assert!(fs::symlink_metadata(&p).is_err(), "{rel} exists: {ctx}");
        } else {
            let got = fs::read(&p).unwrap_or_else(|e| panic!("{rel}: {e}: {ctx}"));
            assert!(got == content(spec), "{rel} has other content: {ctx}");
        }
    }
    for (rel, names) in entries(&case["listings"]) {
        let mut got: Vec<String> = fs::read_dir(root.join(rel))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        got.sort();
        assert_eq!(got, strs(names), "listing of {rel}: {ctx}");
    }
    let _ = fs::remove_dir_all(&base);
}

/// The escape suite's output: every attempt refused, the same attempts as expected (the
/// errnos may differ from wasmtime's), at least 10 of them, and the summary line.
fn check_escape(stdout: &[u8], expected: &[u8], ctx: &str) {
    let got = String::from_utf8_lossy(stdout);
    let want = String::from_utf8_lossy(expected);
    let (got_lines, want_lines): (Vec<&str>, Vec<&str>) =
        (got.lines().collect(), want.lines().collect());
    let (Some((got_summary, got_attempts)), Some((_, want_attempts))) =
        (got_lines.split_last(), want_lines.split_last())
    else {
        panic!("no output: {ctx}")
    };
    let got: Vec<(&str, bool)> = got_attempts.iter().map(|l| attempt(l)).collect();
    let escaped: Vec<&str> = got.iter().filter(|a| !a.1).map(|a| a.0).collect();
    assert!(escaped.is_empty(), "ESCAPED: {escaped:?}: {ctx}");
    let names: Vec<&str> = got.iter().map(|a| a.0).collect();
    let want: Vec<&str> = want_attempts.iter().map(|l| attempt(l).0).collect();
    assert_eq!(names, want, "not the expected attempts: {ctx}");
    assert!(names.len() >= 10, "{ctx}");
    let n = names.len();
    assert_eq!(
        *got_summary,
        format!("{n} attempts: {n} refused, 0 escaped"),
        "{ctx}"
    );
}

/// One test per case; the list must name every case of cases.json.
macro_rules! cases {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        $(
            #[test]
            $(#[$attr])*
            fn $name() {
                run_case(stringify!($name));
            }
        )*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases! {
    hello,
    hello_c,
    exceptions_cpp,
    echo,
    echo_bare,
    args_c,
    copy,
    copy_big_across_preopens,
    copy_missing,
    copy_into_read_only,
    ls,
    ls_missing,
    clocks,
    sleep,
    exit_return,
    exit_0,
    exit_1,
    exit_3,
    exit_42,
    exit_125,
    exit_200_out_of_range,
    exit_raw_7,
    exit_raw_0,
    exit_raw_125,
    exit_raw_126_out_of_range,
    exit_255_out_of_range,
    exit_panic,
    exit_abort,
    exit_c_5,
    exit_c_return_9,
    exit_c_abort,
    stdin_wc,
    stdin_wc_empty,
    stdin_lines,
    stdin_cat_big,
    cat_c,
    fileops,
    files_c,
    misc,
    edges_open,
    edges_seek,
    edges_pio,
    edges_readdir,
    edges_rights,
    edges_links,
    edges_fds,
    edges_paths,
    edges_poll,
    edges_clocks,
    edges_random,
    open_c,
    textstat,
    textstat_options,
    textstat_stdin,
    textstat_missing,
    textstat_help,
    textstat_bad_arg,
    escape,
    escape_no_preopens,
}

#[test]
fn every_case_has_a_test() {
    let names: Vec<String> = cases()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, CASES, "cases.json and the cases! list differ");
}

/// The escape suite makes at least 30 attempts in all, as committed.
#[test]
fn the_escape_suite_is_large_enough() {
    let mut n = 0;
    for name in ["escape", "escape_no_preopens"] {
        let text = fs::read_to_string(wasi_dir().join(format!("expected/{name}.stdout"))).unwrap();
        n += text.lines().filter(|l| l.starts_with("attempt ")).count();
    }
    assert!(n >= 30, "{n} attempts");
}
