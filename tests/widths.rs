//! Terminal reports at 60, 80, 100 and 120 columns (issue 14): a snapshot of
//! every example at every width, and the two promises checked on each: no
//! line is wider than the width (unless it is one word longer than the whole
//! width), and no word or number is split — every word of a narrow report is
//! a word of the same report rendered so wide that nothing wraps.

use std::collections::BTreeSet;
use std::path::Path;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

const WIDTHS: [usize; 4] = [60, 80, 100, 120];

/// Every example file with the command that reads it.
fn examples() -> Vec<(String, &'static str)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("requirements/examples");
    let mut files: Vec<(String, &str)> = std::fs::read_dir(&dir)
        .expect("requirements/examples exists")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| {
            let command = if n == "seed-scenario.yaml" {
                "compare"
            } else {
                "recommend"
            };
            (n, command)
        })
        .collect();
    files.sort();
    assert!(files.len() >= 8, "expected 8 examples, found {files:?}");
    files
}

fn render(command: &str, file: &str, width: usize, extra: &[&str]) -> String {
    let path = format!("requirements/examples/{file}");
    let mut args = vec![command, path.as_str()];
    args.extend_from_slice(extra);
    let columns = width.to_string();
    let out = fmselect_env(&args, &[("COLUMNS", &columns)]);
    assert_eq!(code(&out), 0, "{args:?} at {width}: {}", stderr(&out));
    stdout(&out)
}

/// The words of a report, table borders removed.
fn words(text: &str) -> BTreeSet<String> {
    // The note naming hidden columns (it may wrap) exists only when narrow.
    let mut in_note = false;
    text.lines()
        .filter(|l| {
            in_note |= l.starts_with("  (not shown at ");
            let keep = !in_note;
            in_note &= !l.ends_with(')');
            keep
        })
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || "│┆┌┐└┘─┬┴╞╪╡═".contains(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn width_of(line: &str) -> usize {
    // Box-drawing characters, "·", "—", "→", "†", "◀" are one column wide;
    // the examples hold no wide (CJK) characters.
    line.chars().count()
}

fn check(command: &str, file: &str, extra: &[&str]) {
    let wide = words(&render(command, file, 1000, extra));
    for width in WIDTHS {
        let text = render(command, file, width, extra);
        for line in text.lines() {
            assert!(
                width_of(line) <= width || line.trim().split(' ').count() == 1,
                "{command} {file} {extra:?} at {width} columns: line of {} columns:\n{line}\n\n{text}",
                width_of(line)
            );
        }
        let split: Vec<String> = words(&text)
            .into_iter()
            .filter(|w| !wide.contains(w))
            .collect();
        assert!(
            split.is_empty(),
            "{command} {file} {extra:?} at {width} columns splits {split:?}:\n{text}"
        );
    }
}

#[test]
fn no_line_is_wider_than_the_width_and_no_word_is_split() {
    for (file, command) in examples() {
        check(command, &file, &[]);
        if command == "recommend" {
            check(command, &file, &["--explain"]);
        }
    }
}

#[test]
fn catalog_list_and_show_fit_too() {
    for width in WIDTHS {
        let columns = width.to_string();
        for args in [
            vec!["catalog", "list"],
            vec!["catalog", "show", "claude-opus-4-6"],
            vec!["catalog", "show", "gpt-oss-120b"],
        ] {
            let out = fmselect_env(&args, &[("COLUMNS", &columns)]);
            assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
            for line in stdout(&out).lines() {
                assert!(
                    width_of(line) <= width || line.trim().split(' ').count() == 1,
                    "{args:?} at {width}: {line}"
                );
            }
        }
    }
}

#[test]
fn snapshots_of_every_example_at_four_widths() {
    for (file, command) in examples() {
        for width in WIDTHS {
            let text = render(command, &file, width, &[]);
            insta::assert_snapshot!(format!("{}@{width}", file.trim_end_matches(".yaml")), text);
        }
    }
}

#[test]
fn zero_or_garbage_columns_mean_the_default_width() {
    let file = "knowledge-assistant.yaml";
    let default = render("recommend", file, 100, &[]);
    for columns in ["0", "", "wide"] {
        let out = fmselect_env(
            &["recommend", &format!("requirements/examples/{file}")],
            &[("COLUMNS", columns)],
        );
        assert_eq!(stdout(&out), default, "COLUMNS={columns:?}");
    }
}

/// The widest line `recommend` prints on a real pseudo-terminal of `cols`
/// columns (util-linux `script`), with `COLUMNS` set or not.
fn widest_on_a_terminal(cols: u16, columns: Option<&str>) -> usize {
    let bin = env!("CARGO_BIN_EXE_fmselect");
    let mut cmd = std::process::Command::new("script");
    cmd.args([
        "-qec",
        &format!(
            "stty cols {cols} rows 40; exec {bin} recommend requirements/examples/minimal.yaml --top 2"
        ),
        "/dev/null",
    ])
    .current_dir(env!("CARGO_MANIFEST_DIR"))
    .env("NO_COLOR", "1")
    .env("SOURCE_DATE_EPOCH", EPOCH)
    .env_remove("COLUMNS")
    .env_remove("FMSELECT_CATALOG")
    .stdin(std::process::Stdio::null());
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd.output().expect("script runs");
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(
        text.contains("Candidates"),
        "no report on the terminal: {text}"
    );
    text.lines().map(width_of).max().unwrap_or(0)
}

#[test]
fn a_terminal_sets_the_width_and_a_zero_width_terminal_falls_back() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "util-linux `script` is missing under CI=true"
        );
        eprintln!("SKIPPED: no util-linux `script` for a pseudo-terminal");
        return;
    }
    assert_eq!(
        widest_on_a_terminal(0, None),
        100,
        "width 0 is unknown: the default"
    );
    assert!(widest_on_a_terminal(0, Some("72")) <= 72, "then COLUMNS");
    let w = widest_on_a_terminal(70, Some("120"));
    assert!((60..=70).contains(&w), "the terminal's width wins: {w}");
}
