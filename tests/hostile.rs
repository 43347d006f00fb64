//! Issue 4, "Bad input never hurts": hostile inputs too big to commit, made
//! at test time in a temporary folder (the size cap, 100k-deep nesting, a
//! large generated catalog), and the cleanliness of the output channels (a
//! closed pipe, terminal escapes in catalog text).
//!
//! Timing is not asserted here (machines are noisy); the figures for the
//! release build are measured with hyperfine and reported in the issue.

#[path = "support/gen.rs"]
mod generator;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_fmselect");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A fresh folder for this test's generated inputs.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch folder can be made");
    dir
}

/// Runs the binary in `dir` (so that file names in messages are relative).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795996800") // 2026-11-30: the generated catalogs are dated before it
        .env_remove("FMSELECT_CATALOG")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the fmselect binary runs")
}

/// Asserts exit code 1, an empty stdout, no crash, and the diagnostic code;
/// returns stderr.
fn assert_refused(out: &Output, code: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "crashed:\n{stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(out.stdout.is_empty(), "stdout must stay empty on error");
    assert!(
        stderr.contains(&format!("error[{code}]")),
        "expected {code}:\n{stderr}"
    );
    stderr
}

/// A file one byte over the 256 MiB cap is refused before it is read (a
/// sparse file: it takes no disk space).
#[test]
fn file_over_the_size_cap() {
    let dir = scratch("size-cap");
    let path = dir.join("huge.yaml");
    let file = std::fs::File::create(&path).expect("the file can be made");
    file.set_len(fmselect::source::MAX_INPUT_BYTES + 1)
        .expect("a sparse file can be made");
    drop(file);
    let validate = run_in(&dir, &["catalog", "validate", "huge.yaml"]);
    let stderr = assert_refused(&validate, "file-too-large");
    insta::assert_snapshot!(stderr);
    let recommend = run_in(&dir, &["recommend", "huge.yaml"]);
    assert_refused(&recommend, "file-too-large");
    // Exactly at the cap is read (and then found to be binary zeros).
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("the file opens");
    file.set_len(fmselect::source::MAX_INPUT_BYTES)
        .expect("the file shrinks");
    drop(file);
    let at_cap = run_in(&dir, &["catalog", "validate", "huge.yaml"]);
    assert_refused(&at_cap, "binary-file");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An endless binary stream (`/dev/zero`) is refused from its first block,
/// not after reading 256 MiB of it.
#[test]
fn endless_binary_stream() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("SKIPPED endless_binary_stream: no /dev/zero on this system");
        return;
    }
    // Refused on its metadata (a device, not a regular file), before a
    // byte of it is read (issue 13).
    let out = run_in(Path::new(ROOT), &["catalog", "validate", "/dev/zero"]);
    let stderr = assert_refused(&out, "file-not-regular");
    assert!(stderr.contains("--> /dev/zero"), "{stderr}");
}

/// 100,000 levels of nesting, in YAML (flow and block style) and JSON, in
/// every role: refused with `input-limit`, located, no stack overflow.
#[test]
fn nesting_100k_levels_deep() {
    const DEPTH: usize = 100_000;
    let dir = scratch("deep");
    let flow = format!("{}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH));
    std::fs::write(dir.join("deep.yaml"), &flow).expect("write");
    std::fs::write(dir.join("deep.json"), &flow).expect("write");
    let objects = format!("{}1{}\n", "{\"a\":".repeat(DEPTH), "}".repeat(DEPTH));
    std::fs::write(dir.join("deep-objects.json"), &objects).expect("write");
    let mut block = String::with_capacity(DEPTH * 12);
    for level in 0..2_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("a:\n");
    }
    std::fs::write(dir.join("deep-block.yaml"), &block).expect("write");
    let minimal = Path::new(ROOT).join("requirements/examples/minimal.yaml");
    let minimal = minimal.to_str().expect("UTF-8 path");
    let mut snapshots = String::new();
    for file in [
        "deep.yaml",
        "deep.json",
        "deep-objects.json",
        "deep-block.yaml",
    ] {
        for args in [
            vec!["recommend", file],
            vec!["catalog", "validate", file],
            vec!["recommend", minimal, "--rules", file],
        ] {
            let out = run_in(&dir, &args);
            let stderr = assert_refused(&out, "input-limit");
            assert!(
                stderr.contains(&format!("--> {file}:1:")) || file == "deep-block.yaml",
                "{file}: not located:\n{stderr}"
            );
        }
        let out = run_in(&dir, &["catalog", "validate", file]);
        snapshots.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    insta::assert_snapshot!(snapshots);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The YAML budgets leave room for a 100k-model catalog: count the parser
/// events and nodes of a generated 1,000-model catalog and check that a
/// hundred times as many stay within the limits of `node::yaml_options`.
#[test]
fn yaml_budgets_fit_a_100k_model_catalog() {
    use std::sync::Mutex;
    static REPORT: Mutex<Option<(usize, usize)>> = Mutex::new(None);
    fn record(report: &serde_saphyr::budget::BudgetReport) {
        *REPORT.lock().unwrap() = Some((report.events, report.nodes));
    }
    let text = generator::catalog(1_000, generator::Format::Yaml);
    let mut options = fmselect::node::yaml_options();
    let budget = options.budget.clone().expect("fmselect sets a budget");
    options.budget_report = Some(record);
    let parsed: Result<fmselect::catalog::CatalogFile, _> =
        serde_saphyr::from_str_with_options(&text, options);
    let file = parsed.expect("the generated catalog parses");
    assert_eq!(file.models.len(), 1_000);
    let (events, nodes) = REPORT.lock().unwrap().expect("the budget was reported");
    assert!(
        events * 100 < budget.max_events / 2 && nodes * 100 < budget.max_nodes / 2,
        "a 100k-model catalog needs about {} events and {} nodes; the limits are {} and {}",
        events * 100,
        nodes * 100,
        budget.max_events,
        budget.max_nodes
    );
    // And the file size: 100k models stay under the input cap.
    assert!((text.len() as u64) * 100 < fmselect::source::MAX_INPUT_BYTES);
}

/// A generated catalog (YAML and JSON) validates cleanly through the binary.
/// The debug build is slow, so this uses 2,000 models; the 100k-model run is
/// `large_generated_catalogs_load` below (`--ignored`, in release).
#[test]
fn generated_catalogs_validate() {
    check_generated_catalogs(2_000);
}

/// `cargo test --release --test hostile -- --ignored`: the 100k-model
/// catalogs load (about 110 MB each).
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn large_generated_catalogs_load() {
    check_generated_catalogs(100_000);
}

fn check_generated_catalogs(count: usize) {
    let dir = scratch(&format!("generated-{count}"));
    for (name, format) in [
        ("models.yaml", generator::Format::Yaml),
        ("models.json", generator::Format::Json),
    ] {
        std::fs::write(dir.join(name), generator::catalog(count, format)).expect("write");
        let out = run_in(&dir, &["catalog", "validate", name]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert_eq!(
            stdout.trim(),
            format!("{name}: ok ({count} models)"),
            "{stderr}"
        );
        assert!(stderr.is_empty(), "{name}: unexpected warnings:\n{stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A mistake in every model of a large catalog is reported in linear time
/// (each diagnostic's line is found through an index, not by rescanning).
#[test]
fn a_mistake_in_every_model_is_reported_for_each() {
    let dir = scratch("many-mistakes");
    let text = generator::catalog(2_000, generator::Format::Yaml)
        .replace("released: 20", "released: 19")
        .replace("    tier: ", "    tire: ");
    std::fs::write(dir.join("models.yaml"), text).expect("write");
    let out = run_in(&dir, &["catalog", "validate", "models.yaml"]);
    let stderr = assert_refused(&out, "unknown-key");
    // All 2,000 are found; the first 50 are shown, then a count (issue 13).
    assert_eq!(
        stderr.matches("error[unknown-key]").count(),
        50,
        "the first 50 are shown"
    );
    assert!(stderr.contains("… and 1950 more not shown"), "{stderr}");
    assert!(stderr.contains("models.yaml: 2000 errors"), "summary line");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `fmselect recommend ... | head -1`: when the reader goes away, the
/// binary stops quietly — exit 0, no message, no panic.
#[test]
fn broken_pipe_is_not_an_error() {
    for format in ["table", "json", "markdown"] {
        let mut child = Command::new(BIN)
            .args([
                "recommend",
                "requirements/examples/knowledge-assistant.yaml",
                "--explain",
                "--format",
                format,
            ])
            .current_dir(ROOT)
            .env_remove("FMSELECT_CATALOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the fmselect binary runs");
        // Close the read end at once, before the report is written: the
        // write then fails with EPIPE (as with `| head -1`).
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr is piped")
            .read_to_string(&mut stderr)
            .expect("stderr is readable");
        let status = child.wait().expect("the binary finishes");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("error"),
            "{format}: a closed pipe produced a message:\n{stderr}"
        );
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
    }
    // Through a real shell pipeline, too.
    if Command::new("sh").arg("-c").arg("true").status().is_ok() {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "'{BIN}' recommend requirements/examples/knowledge-assistant.yaml --explain | head -1"
            ))
            .current_dir(ROOT)
            .env_remove("FMSELECT_CATALOG")
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "stderr:\n{stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
}

/// A catalog whose model name carries terminal escapes and a Markdown pipe:
/// the table shows the escapes as text, Markdown escapes the pipe, JSON
/// escapes both as JSON does, and nothing raw reaches the terminal.
#[test]
fn catalog_text_cannot_drive_the_terminal_or_break_tables() {
    let dir = scratch("escapes");
    std::fs::write(
        dir.join("evil.yaml"),
        "schema_version: 1\nmodels:\n  - id: evil-model\n    name: \"Evil \\e[31mRED\\e[0m | \\e]0;title\\a pipe\"\n    \
         provider: acme\n    weights: closed\n    license: proprietary\n    context_window: 128000\n    tier: strong\n    \
         modalities: { input: [text], output: [text] }\n    offerings:\n      - kind: api\n        host: \"acme\\e[2J\"\n        \
         input_per_mtok: 1\n        output_per_mtok: 2\n        source: test\n        as_of: 2026-08-01\n    \
         sources: [{ what: [identity, license, context, modalities, tier], ref: test, as_of: 2026-08-01 }]\n",
    )
    .expect("write");
    let req = Path::new(ROOT).join("requirements/examples/minimal.yaml");
    let req = req.to_str().expect("UTF-8 path");
    for format in ["table", "markdown", "json"] {
        let out = run_in(
            &dir,
            &[
                "recommend",
                req,
                "--catalog",
                "evil.yaml",
                "--format",
                format,
                "--explain",
            ],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        for raw in ['\u{1b}', '\u{7}'] {
            assert!(
                !stdout.contains(raw) && !stderr.contains(raw),
                "{format}: a raw control character reached the terminal:\n{stdout:?}"
            );
        }
        assert!(stdout.contains("Evil"), "{format}: the model is shown");
        match format {
            "table" => assert!(stdout.contains("\\u{1b}[31mRED"), "{stdout}"),
            "markdown" => {
                assert!(stdout.contains("RED\\\\u{1b}\\[0m \\| "), "{stdout}");
                // Every row of the alternatives table keeps its 9 columns.
                for row in stdout
                    .lines()
                    .filter(|l| l.contains("evil-model") && l.starts_with('|'))
                {
                    let cells = row.replace("\\|", "").matches('|').count() - 1;
                    assert_eq!(cells, 9, "{row}");
                }
            }
            _ => {
                let report: serde_json::Value =
                    serde_json::from_str(&stdout).expect("the JSON report parses");
                let name = report["candidates"][0]["name"].as_str().unwrap_or_default();
                assert!(
                    name.contains('\u{1b}'),
                    "JSON keeps the data exact: {name:?}"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
