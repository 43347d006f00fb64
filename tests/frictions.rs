//! The frictions a new user met (issue 14), each pinned: a file given to the
//! wrong command names the right one, `catalog validate` checks a rules file
//! as rules, `--top 0` says what it did, every problem of a file in one
//! round, completions and man pages that install, the questionnaire's
//! questions and its Ctrl-D.

use std::path::{Path, PathBuf};

#[path = "support/cli.rs"]
mod cli;
use cli::*;

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("frictions-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

#[test]
fn recommend_on_a_scenario_points_to_compare_and_back() {
    let out = fmselect(&["recommend", "requirements/examples/seed-scenario.yaml"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("error[wrong-document]: this is a scenario file"),
        "{err}"
    );
    assert!(
        err.contains("fmselect compare requirements/examples/seed-scenario.yaml"),
        "{err}"
    );
    assert!(
        !err.contains("unknown key"),
        "one error, not a list of keys: {err}"
    );

    let out = fmselect(&["compare", "requirements/examples/minimal.yaml"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("fmselect recommend requirements/examples/minimal.yaml"));
}

#[test]
fn catalog_validate_checks_the_rules_file_as_rules() {
    let mut args = vec!["catalog".to_owned(), "validate".to_owned()];
    let mut files: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog"))
            .unwrap()
            .map(|e| format!("catalog/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|f| f.ends_with(".yaml"))
            .collect();
    files.sort();
    assert!(files.contains(&"catalog/rules.yaml".to_owned()));
    args.extend(files);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = fmselect(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("catalog/rules.yaml: ok (a rules file, checked as rules:"),
        "{}",
        stdout(&out)
    );
    // A broken rules file is still checked as rules, with its own errors.
    let dir = temp_dir("rules");
    let bad = dir.join("rules.yaml");
    std::fs::write(&bad, "schema_version: 1\nrules:\n  - id: x\n").unwrap();
    let out = fmselect(&["catalog", "validate", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    // (On failure the summary goes to stderr with the errors.)
    let err = stderr(&out);
    assert!(
        err.contains("a rules file, checked as rules: 1 error"),
        "{err}"
    );
    assert!(err.contains("missing required key `explain`"), "{err}");
}

#[test]
fn top_zero_says_it_shows_none_not_that_nothing_qualifies() {
    let out = fmselect(&[
        "recommend",
        "requirements/examples/minimal.yaml",
        "--top",
        "0",
    ]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("none shown (--top 0)"), "{text}");
    assert!(
        !text.contains("no model satisfies every hard constraint"),
        "{text}"
    );
}

#[test]
fn unknown_keys_and_range_errors_come_in_one_round() {
    let dir = temp_dir("round");
    let file = dir.join("req.yaml");
    std::fs::write(
        &file,
        "task:\n  type: rag-qa\n  tpye: x\nvolume:\n  requests_per_month: -5\naccuracy:\n  complex_share: 3\n",
    )
    .unwrap();
    let out = fmselect(&["recommend", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    for expected in [
        "error[unknown-key]: unknown key `tpye`",
        "`volume.requests_per_month` is -5",
        "`accuracy.complex_share` is 3",
        "3 errors",
    ] {
        assert!(err.contains(expected), "missing `{expected}`:\n{err}");
    }
}

#[test]
fn completions_create_missing_directories() {
    let dir = temp_dir("completions");
    let target = dir.join("share/bash-completion/completions/fmselect");
    let out = fmselect(&["completions", "bash", "-o", target.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let script = std::fs::read_to_string(&target).expect("the script was written");
    assert!(script.contains("_fmselect"), "a bash completion script");
}

#[test]
fn the_man_page_has_no_dangling_references() {
    let out = fmselect(&["man"]);
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    assert!(page.contains(".SH SUBCOMMANDS") && page.contains("fmselect recommend"));
    assert!(
        !page.contains("fmselect\\-recommend(1)"),
        "a reference to a page that is not there"
    );

    // One page per command: every reference resolves.
    let dir = temp_dir("man");
    let out = fmselect(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut refs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let text = text.replace("\\-", "-");
        for (i, _) in text.match_indices("(1)") {
            let name: String = text[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if name.starts_with("fmselect") {
                refs += 1;
                assert!(
                    dir.join(format!("{name}.1")).exists(),
                    "{name}(1) has no page"
                );
            }
        }
    }
    assert!(
        refs >= 8,
        "expected the subcommand references, found {refs}"
    );
}

#[test]
fn recommend_help_layers_prices_over_the_embedded_catalog() {
    let out = fmselect(&["recommend", "--help"]);
    let help = stdout(&out);
    assert!(
        help.contains("--catalog @embedded --catalog prices.yaml"),
        "{help}"
    );
    assert!(!help.contains("--catalog prices.json --catalog @embedded"));
}

#[test]
fn end_of_input_cancels_the_questionnaire_cleanly() {
    let dir = temp_dir("init");
    let file = dir.join("req.yaml");
    let out = fmselect(&["init", "--interactive", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("cancelled (end of input): nothing written"),
        "{err}"
    );
    assert!(!err.contains("error["), "{err}");
    assert!(!file.exists());
}
