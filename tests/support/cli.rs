//! Shared by the end-to-end tests: run the real binary under fixed
//! conditions, and read JSON reports by dotted path with clear failures.
#![allow(dead_code)] // each test file uses a different subset

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The requirements files of `requirements/examples`, sorted, as paths
/// from the package root (the folder also holds `compare`'s scenario, which
/// is left out because it does not load as requirements).
pub fn requirement_examples() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("requirements/examples");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("requirements/examples exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| {
            fmselect::source::Source::read(&p.to_string_lossy())
                .and_then(|s| fmselect::requirements::load(&s))
                .is_ok()
        })
        .map(|p| {
            format!(
                "requirements/examples/{}",
                p.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    files
}

/// A path for `name` in this test process's scratch directory `group`,
/// under Cargo's `target/tmp` (created).
pub fn scratch_path(group: &str, name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-{group}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// [`scratch_path`], written with `text`.
pub fn scratch_file(group: &str, name: &str, text: &str) -> PathBuf {
    let path = scratch_path(group, name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `SOURCE_DATE_EPOCH` for every run: 2026-11-30, so nothing date-dependent
/// (retired models, stale prices) moves between runs.
pub const EPOCH: &str = "1795996800";

/// Runs the binary from the package root with a fixed date, no catalog from
/// the environment, no colour and no terminal.
pub fn fmselect(args: &[&str]) -> Output {
    fmselect_env(args, &[])
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status
        .code()
        .expect("fmselect exits normally, not by a signal")
}

/// The value at a dotted path; panics naming the path when a key is missing
/// (a present `null` is returned as `Value::Null`).
pub fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    let mut cur = v;
    for key in path.split('.') {
        cur = match key.parse::<usize>() {
            Ok(i) => cur
                .get(i)
                .unwrap_or_else(|| panic!("missing index `{key}` of `{path}`")),
            Err(_) => cur
                .get(key)
                .unwrap_or_else(|| panic!("missing key `{key}` of `{path}` in {cur:#}")),
        };
    }
    cur
}

pub fn num(v: &Value, path: &str) -> f64 {
    at(v, path)
        .as_f64()
        .unwrap_or_else(|| panic!("`{path}` is not a number: {}", at(v, path)))
}

pub fn text<'a>(v: &'a Value, path: &str) -> &'a str {
    at(v, path)
        .as_str()
        .unwrap_or_else(|| panic!("`{path}` is not a string: {}", at(v, path)))
}

pub fn array<'a>(v: &'a Value, path: &str) -> &'a Vec<Value> {
    at(v, path)
        .as_array()
        .unwrap_or_else(|| panic!("`{path}` is not an array: {}", at(v, path)))
}

/// [`fmselect`] with extra environment variables (e.g. `COLUMNS`, which
/// sets the table width when stdout is not a terminal; default 100).
pub fn fmselect_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fmselect"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .envs(env.iter().copied())
        .env_remove("FMSELECT_CATALOG")
        .stdin(Stdio::null())
        .output()
        .expect("the fmselect binary runs")
}
