//! Issue 4, "Bad input never hurts": the corpus of hostile inputs.
//!
//! Every entry of `tests/corpus/{requirements,catalog,rules,scenarios}/` (a
//! file, or a directory named like one) is given to the real binary in the
//! role its folder names:
//!
//! - `requirements/*`: `fmselect recommend FILE --format json`
//! - `catalog/*`: `fmselect catalog validate FILE`
//! - `rules/*`: `fmselect recommend requirements/examples/minimal.yaml --rules FILE --format json`
//! - `scenarios/*`: `fmselect compare FILE --format json`
//!
//! and must be refused the same way every time: exit code 1, nothing on
//! stdout, no panic, stderr naming the file (with `:line:col` when the file
//! has lines to point at) and matching its committed snapshot in
//! `tests/snapshots/` (review changes with `cargo insta review`, or accept
//! them with `INSTA_UPDATE=always cargo test --test corpus`).
//!
//! Inputs too big to commit (over the size cap, 100k levels deep) are
//! generated in `tests/hostile.rs`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_fmselect");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs the binary from the crate root with a fixed "today" (staleness
/// warnings depend on it) and no catalog from the environment.
fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .env("SOURCE_DATE_EPOCH", "1788000000") // 2026-08-29
        .env_remove("FMSELECT_CATALOG")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the fmselect binary runs")
}

/// Whether a file has lines a diagnostic can point at: UTF-8 text with at
/// least one line that is not blank or a comment.
fn has_lines(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false; // a directory, a missing file
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return false;
    };
    text.split(['\n', '\r']).any(|l| {
        let t = l.trim().trim_start_matches('\u{feff}');
        !t.is_empty() && !t.starts_with('#')
    })
}

/// Asserts the refusal contract for `input` and returns stderr.
pub fn assert_refused(out: &Output, input: &str, located: bool) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack overflow"),
        "{input}: the binary crashed:\n{stderr}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{input}: expected exit code 1\nstderr:\n{stderr}\nstdout:\n{stdout}"
    );
    assert!(
        stdout.is_empty(),
        "{input}: stdout must stay empty on error, got:\n{stdout}"
    );
    assert!(
        stderr.contains(&format!("--> {input}")),
        "{input}: stderr does not name the file:\n{stderr}"
    );
    if located {
        let prefix = format!("--> {input}:");
        let located_line = stderr.lines().any(|l| {
            l.trim_start().strip_prefix(&prefix).is_some_and(|rest| {
                let mut parts = rest.split(':');
                parts.next().is_some_and(|n| n.parse::<u32>().is_ok())
                    && parts.next().is_some_and(|n| n.parse::<u32>().is_ok())
            })
        });
        assert!(
            located_line,
            "{input}: no diagnostic says `{input}:line:col`:\n{stderr}"
        );
    }
    // No terminal control sequence from the input reaches the terminal.
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{input}: raw control characters on stderr:\n{stderr:?}"
    );
    stderr
}

/// Runs one corpus entry in its role and snapshots its stderr as
/// `tests/snapshots/corpus__{kind}@{file}.snap`.
fn check_entry(kind: &str, path: &Path, args: impl Fn(&str) -> Vec<String>) {
    let rel = path
        .strip_prefix(ROOT)
        .expect("corpus entries live in the crate")
        .to_str()
        .expect("corpus names are UTF-8")
        .replace('\\', "/");
    let args = args(&rel);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    let stderr = assert_refused(&out, &rel, has_lines(path));
    insta::assert_snapshot!(kind, stderr);
}

#[test]
fn requirements() {
    insta::glob!("corpus/requirements/*", |path| {
        check_entry("requirements", path, |f| {
            vec![
                "recommend".into(),
                f.into(),
                "--format".into(),
                "json".into(),
            ]
        })
    });
}

#[test]
fn catalog() {
    insta::glob!("corpus/catalog/*", |path| {
        check_entry("catalog", path, |f| {
            vec!["catalog".into(), "validate".into(), f.into()]
        })
    });
}

#[test]
fn rules() {
    insta::glob!("corpus/rules/*", |path| {
        check_entry("rules", path, |f| {
            vec![
                "recommend".into(),
                "requirements/examples/minimal.yaml".into(),
                "--rules".into(),
                f.into(),
                "--format".into(),
                "json".into(),
            ]
        })
    });
}

#[test]
fn scenarios() {
    insta::glob!("corpus/scenarios/*", |path| {
        check_entry("scenarios", path, |f| {
            vec!["compare".into(), f.into(), "--format".into(), "json".into()]
        })
    });
}

/// Files that cannot be committed as corpus entries: a missing file in each
/// role.
#[test]
fn missing_files() {
    for (args, input) in [
        (
            vec!["recommend", "tests/corpus/no-such-requirements.yaml"],
            "tests/corpus/no-such-requirements.yaml",
        ),
        (
            vec!["catalog", "validate", "tests/corpus/no-such-catalog.json"],
            "tests/corpus/no-such-catalog.json",
        ),
        (
            vec![
                "recommend",
                "requirements/examples/minimal.yaml",
                "--rules",
                "tests/corpus/no-such-rules.yaml",
            ],
            "tests/corpus/no-such-rules.yaml",
        ),
        (
            vec![
                "recommend",
                "requirements/examples/minimal.yaml",
                "--catalog",
                "tests/corpus/no-such-catalog.yaml",
            ],
            "tests/corpus/no-such-catalog.yaml",
        ),
    ] {
        let out = run(&args);
        let stderr = assert_refused(&out, input, false);
        assert!(stderr.contains("error[file-not-found]"), "{stderr}");
    }
    let out = run(&["recommend", "tests/corpus/no-such-requirements.yaml"]);
    insta::assert_snapshot!("missing_file", String::from_utf8_lossy(&out.stderr));
}

/// Every role refuses a directory with the same clear message.
#[test]
fn directories() {
    for args in [
        vec!["recommend", "tests/corpus"],
        vec!["catalog", "validate", "tests/corpus"],
        vec![
            "recommend",
            "requirements/examples/minimal.yaml",
            "--rules",
            "tests/corpus",
        ],
    ] {
        let out = run(&args);
        let stderr = assert_refused(&out, "tests/corpus", false);
        assert!(stderr.contains("error[file-is-directory]"), "{stderr}");
    }
}

/// Standard input gets the same diagnostics, named `<stdin>`.
#[test]
fn hostile_standard_input() {
    use std::io::Write;
    for (input, code) in [
        (&b"task:\n  tpye: chat\n"[..], "unknown-key"),
        (b"\xff\xfet\x00a\x00s\x00k\x00", "not-utf8"),
        (b"{\"task\": {\"type\": \"chatbot\"}}", "unknown-value"),
        (b"", "file-empty"),
    ] {
        let mut child = Command::new(BIN)
            .args(["recommend", "-", "--format", "json"])
            .current_dir(ROOT)
            .env_remove("FMSELECT_CATALOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the fmselect binary runs");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input)
            .expect("stdin takes the input");
        let out = child.wait_with_output().expect("the binary finishes");
        let stderr = assert_refused(&out, "<stdin>", false);
        assert!(
            stderr.contains(&format!("error[{code}]")),
            "{input:?}: expected {code}:\n{stderr}"
        );
    }
}
