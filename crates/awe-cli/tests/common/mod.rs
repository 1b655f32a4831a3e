//! Running the built `awe` binary in tests.
#![allow(dead_code)] // each test file uses its own subset

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where the tests run `awe`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `awe` with `args` from the workspace root.
pub fn awe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_awe"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .expect("run awe")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `awe` and checks that it succeeded quietly; returns its output.
pub fn awe_ok(args: &[&str]) -> String {
    let o = awe(args);
    assert_eq!(o.status.code(), Some(0), "awe {args:?}: {}", stderr(&o));
    assert_eq!(stderr(&o), "", "awe {args:?} wrote to stderr");
    stdout(&o)
}

/// A scratch file for one test, under Cargo's temporary directory for tests.
pub fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("awe-cli-tests");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

/// Runs `awe` and checks that it failed cleanly: exit code 1, `error: ` first on
/// standard error, no panic. Returns stdout and stderr.
pub fn awe_failure(args: &[&str]) -> (String, String) {
    let o = awe(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "awe {args:?}: {err}");
    assert!(err.starts_with("error: "), "awe {args:?}: {err}");
    assert!(!err.contains("panicked"), "awe {args:?}: {err}");
    (stdout(&o), err)
}
