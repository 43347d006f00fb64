//! Issue 13, "Bad input never hurts, round two": the classes that are not a
//! single refused file (those are in tests/corpus): writes, non-regular
//! reads, the environment, dates, and one sanitiser for every channel.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use cli::{code, stderr};

const BIN: &str = env!("CARGO_BIN_EXE_fmselect");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile_io")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch folder can be made");
    dir
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", cli::EPOCH)
        .env_remove("FMSELECT_CATALOG")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs the binary in `dir`; fails the test (rather than hanging it) when
/// the run takes more than 30 seconds.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_with(command(dir, args), args)
}

fn run_with(mut c: Command, args: &[&str]) -> Output {
    let mut child = c.spawn().expect("the fmselect binary runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("{args:?} blocked for 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn req() -> String {
    format!("{ROOT}/requirements/examples/minimal.yaml")
}

fn assert_refused(out: &Output, code_name: &str) -> String {
    let err = stderr(out);
    assert_eq!(code(out), 1, "expected exit 1:\n{err}");
    assert!(out.stdout.is_empty(), "stdout must stay empty on error");
    assert!(
        err.contains(&format!("error[{code_name}]")),
        "expected {code_name}:\n{err}"
    );
    err
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {path:?}");
}

// ---------------------------------------------------------------------------
// 1. Writes only regular files.

#[test]
fn issue_13_outputs_onto_devices_and_fifos_are_refused() {
    let dir = scratch("devices");
    let fifo = dir.join("out.fifo");
    mkfifo(&fifo);
    let r = req();
    for target in ["/dev/null", "out.fifo"] {
        let out = run_in(&dir, &["export", "promptfoo", &r, "-o", target]);
        assert_refused(&out, "file-not-regular");
        let out = run_in(&dir, &["recommend", &r, "--chart", target]);
        assert_refused(&out, "file-not-regular");
    }
    use std::os::unix::fs::FileTypeExt;
    let null = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(
        null.file_type().is_char_device(),
        "/dev/null is still a device"
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["out.fifo"]);
}

#[test]
fn issue_13_outputs_onto_the_commands_own_inputs_are_refused() {
    let dir = scratch("own-inputs");
    let req_text = std::fs::read_to_string(req()).unwrap();
    std::fs::write(dir.join("req.yaml"), &req_text).unwrap();
    std::fs::copy(
        format!("{ROOT}/tests/fixtures/evals/catalog.yaml"),
        dir.join("catalog.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("catalog.yaml", dir.join("link.svg")).unwrap();
    let litellm =
        format!("{ROOT}/tests/fixtures/import/litellm/model_prices_and_context_window.json");
    std::fs::copy(&litellm, dir.join("prices.json")).unwrap();
    std::fs::copy(
        format!("{ROOT}/tests/fixtures/import/curated.yaml"),
        dir.join("curated.yaml"),
    )
    .unwrap();
    let cases: [&[&str]; 5] = [
        &["export", "promptfoo", "req.yaml", "-o", "req.yaml"],
        &[
            "export",
            "litellm",
            "req.yaml",
            "--catalog",
            "catalog.yaml",
            "-o",
            "./catalog.yaml",
        ],
        // Through a link: the same file.
        &[
            "recommend",
            "req.yaml",
            "--catalog",
            "catalog.yaml",
            "--chart",
            "link.svg",
        ],
        &[
            "catalog",
            "import",
            "--from",
            "litellm",
            "prices.json",
            "-o",
            "prices.json",
        ],
        &[
            "catalog",
            "import",
            "--from",
            "litellm",
            "prices.json",
            "--merge",
            "curated.yaml",
            "-o",
            "curated.yaml",
        ],
    ];
    let before: Vec<Vec<u8>> = ["req.yaml", "catalog.yaml", "prices.json", "curated.yaml"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    for args in cases {
        let out = run_in(&dir, args);
        assert_refused(&out, "output-is-input");
    }
    let after: Vec<Vec<u8>> = ["req.yaml", "catalog.yaml", "prices.json", "curated.yaml"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    assert!(before == after, "an input was changed");
    assert!(
        std::fs::symlink_metadata(dir.join("link.svg"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A new file beside them is fine.
    let out = run_in(&dir, &["export", "promptfoo", "req.yaml", "-o", "new.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn issue_13_temporaries_go_on_sigterm_and_leftovers_are_swept() {
    let dir = scratch("signals");
    // A leftover of a killed run: its process is gone.
    let stale = dir.join(format!(".out.yaml.{}.fmselect-tmp", i32::MAX - 7));
    std::fs::write(&stale, "half a file").unwrap();
    let r = req();
    let mut c = command(&dir, &["export", "promptfoo", &r, "-o", "out.yaml"]);
    c.env("FMSELECT_TEST_WRITE_DELAY_MS", "5000");
    let child = c.spawn().expect("runs");
    let pid = child.id();
    // Wait for the run's own temporary file to appear, then stop the run.
    let own = dir.join(format!(".out.yaml.{pid}.fmselect-tmp"));
    let start = Instant::now();
    while !own.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!stale.exists(), "the stale temporary was not swept");
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(15), "ends by SIGTERM");
    assert!(!own.exists(), "the temporary file survived SIGTERM");
    assert!(!dir.join("out.yaml").exists(), "no partial output");
}

// ---------------------------------------------------------------------------
// 2. Reads only regular files.

#[test]
fn issue_13_fifos_are_refused_before_they_can_block() {
    let dir = scratch("fifos");
    mkfifo(&dir.join("in.yaml"));
    std::fs::write(
        dir.join("scenario.yaml"),
        "schema_version: 1\nrequirements_file: in.yaml\noptions:\n  - { id: A, name: API, strategy: buy, setup_usd: 1, monthly_usd: 1, data_privacy: leaves-company, time_to_market_weeks: 6 }\n",
    )
    .unwrap();
    let r = req();
    let runs: [&[&str]; 4] = [
        &["recommend", "in.yaml"],
        &["recommend", &r, "--catalog", "in.yaml"],
        &["recommend", &r, "--rules", "in.yaml"],
        &["compare", "scenario.yaml"],
    ];
    for args in runs {
        let out = run_in(&dir, args);
        assert_refused(&out, "file-not-regular");
    }
    let mut c = command(&dir, &["recommend", &r]);
    c.env("FMSELECT_CATALOG", "in.yaml");
    let out = run_with(c, &["FMSELECT_CATALOG=in.yaml"]);
    let err = assert_refused(&out, "file-not-regular");
    assert!(err.contains("FMSELECT_CATALOG"), "names the origin:\n{err}");
    let out = run_in(&dir, &["recommend", "/dev/zero"]);
    assert_refused(&out, "file-not-regular");
}

#[test]
fn issue_13_models_dev_links_to_folders_are_not_followed() {
    let dir = scratch("modelsdev-loop");
    let root = dir.join("tree");
    let models = root.join("providers/acme/models");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::write(
        root.join("providers/acme/provider.toml"),
        "name = \"Acme\"\n",
    )
    .unwrap();
    std::fs::write(
        models.join("m1.toml"),
        "name = \"M1\"\n[cost]\ninput = 1.0\noutput = 2.0\n[limit]\ncontext = 8000\noutput = 1000\n\
         [modalities]\ninput = [\"text\"]\noutput = [\"text\"]\n",
    )
    .unwrap();
    // Links to parents: followed, they would make the walk exponential.
    for i in 0..8 {
        std::os::unix::fs::symlink("..", models.join(format!("up{i}"))).unwrap();
        std::os::unix::fs::symlink(".", models.join(format!("here{i}"))).unwrap();
    }
    mkfifo(&models.join("pipe.toml"));
    let out = run_in(
        &dir,
        &[
            "catalog",
            "import",
            "--from",
            "models.dev",
            "tree",
            "--as-of",
            "2026-11-01",
        ],
    );
    // It finishes (run_in fails after 30 s) with the one model, read once;
    // the FIFO is never opened.
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("entries read          1"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------
// 8. Messages and the environment.

#[test]
fn issue_13_a_malformed_fmselect_catalog_is_an_error_naming_it() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("env");
    for value in [&b""[..], b":", b"\xff\xfe.yaml"] {
        let mut c = command(&dir, &["catalog", "list"]);
        c.env("FMSELECT_CATALOG", std::ffi::OsStr::from_bytes(value));
        let out = run_with(c, &["catalog", "list"]);
        let err = assert_refused(&out, "invalid-value");
        assert!(err.contains("--> FMSELECT_CATALOG"), "{err}");
    }
}

#[test]
fn issue_13_a_future_as_of_is_flagged() {
    let dir = scratch("future");
    let text = std::fs::read_to_string(format!("{ROOT}/tests/fixtures/evals/catalog.yaml"))
        .unwrap()
        .replacen("as_of: 2026-11-30", "as_of: 2031-01-01", 1);
    assert!(
        text.contains("2031-01-01"),
        "the fixture has a top-level as_of"
    );
    std::fs::write(dir.join("future.yaml"), text).unwrap();
    let out = run_in(&dir, &["catalog", "validate", "future.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning[future-date]: `2031-01-01` lies in the future"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("future.yaml:"),
        "located: {}",
        stderr(&out)
    );
}

#[test]
fn issue_13_a_provider_path_does_not_abort_a_litellm_import() {
    let dir = scratch("litellm-provider");
    std::fs::write(
        dir.join("prices.json"),
        r#"{"good": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "max_input_tokens": 1000, "max_output_tokens": 100},
            "evil": {"litellm_provider": "../../bedrock", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "max_input_tokens": 1000, "max_output_tokens": 100}}"#,
    )
    .unwrap();
    let out = run_in(
        &dir,
        &[
            "catalog",
            "import",
            "--from",
            "litellm",
            "prices.json",
            "--as-of",
            "2026-11-01",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("bug"), "{}", stderr(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("../"));
}

#[test]
fn issue_13_an_empty_import_is_located() {
    let dir = scratch("empty-import");
    std::fs::write(
        dir.join("prices.json"),
        "{\"e\": {\"litellm_provider\": \"openai\", \"mode\": \"embedding\"}}\n",
    )
    .unwrap();
    let out = run_in(
        &dir,
        &["catalog", "import", "--from", "litellm", "prices.json"],
    );
    let err = assert_refused(&out, "empty-list");
    assert!(err.contains("--> prices.json:1:1"), "{err}");
}

// ---------------------------------------------------------------------------
// 4. One sanitiser for every channel.

/// Unsafe characters: C0 and C1 controls, DEL, bidirectional overrides and
/// zero-width characters. Line feeds and tabs are layout.
fn raw_unsafe(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = raw_unsafe(&text) {
        panic!("{what}: a raw {c:?} came out:\n{text:?}");
    }
}

/// A catalog (JSON) whose model name, family and host carry `evil`, and a
/// scenario and LiteLLM price file carrying it in names and keys.
fn hostile_inputs(dir: &Path, evil: &str) {
    let catalog = serde_json::json!({
        "schema_version": 1,
        "as_of": "2026-11-01",
        "models": [{
            "id": "evil-model",
            "name": format!("Evil{evil}name"),
            "provider": "acme",
            "family": "evil",
            "weights": "open",
            "license": format!("lic{evil}"),
            "context_window": 128000,
            "tier": "strong",
            "modalities": {"input": ["text"], "output": ["text"]},
            "notes": format!("note{evil}"),
            "offerings": [{
                "kind": "api",
                "host": "acme",
                "input_per_mtok": 1.0,
                "output_per_mtok": 2.0,
                "source": format!("src{evil}"),
                "as_of": "2026-11-01"
            }],
            "sources": [{"what": ["identity", "license", "context", "modalities", "tier"], "ref": format!("ref{evil}"), "as_of": "2026-11-01"}]
        }]
    });
    std::fs::write(dir.join("evil.json"), catalog.to_string()).unwrap();
    let name = serde_json::to_string(&format!("API{evil}option")).unwrap();
    std::fs::write(
        dir.join("scenario.yaml"),
        format!(
            "schema_version: 1\nname: {name}\noptions:\n  - {{ id: A, name: {name}, strategy: buy, setup_usd: 1, monthly_usd: 1, data_privacy: leaves-company, time_to_market_weeks: 6 }}\n"
        ),
    )
    .unwrap();
    let prices = serde_json::json!({
        format!("gpt{evil}x"): {"litellm_provider": format!("open{evil}ai"), "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "max_input_tokens": 1000, "max_output_tokens": 100},
        "gpt-ok": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "max_input_tokens": 1000, "max_output_tokens": 100}
    });
    std::fs::write(dir.join("prices.json"), prices.to_string()).unwrap();
    std::fs::copy(
        format!("{ROOT}/tests/fixtures/import/curated.yaml"),
        dir.join("curated.yaml"),
    )
    .unwrap();
}

/// Every command, on inputs carrying `evil`: nothing unsafe on stdout, on
/// stderr, or in any file written.
fn check_every_channel(evil: &str) {
    let dir = scratch("channels");
    hostile_inputs(&dir, evil);
    let r = req();
    let out_name = format!("out{evil}.yaml");
    let runs: Vec<Vec<String>> = [
        vec![
            "recommend",
            &r,
            "--catalog",
            "evil.json",
            "--explain",
            "--chart",
            "chart.svg",
        ],
        vec![
            "recommend",
            &r,
            "--catalog",
            "evil.json",
            "--format",
            "markdown",
            "--explain",
        ],
        vec![
            "recommend",
            &r,
            "--catalog",
            "evil.json",
            "--format",
            "json",
            "--explain",
        ],
        vec!["compare", "scenario.yaml", "--chart", "compare.svg"],
        vec!["compare", "scenario.yaml", "--format", "markdown"],
        vec!["compare", "scenario.yaml", "--format", "json"],
        vec!["catalog", "list", "--catalog", "evil.json"],
        vec![
            "catalog",
            "list",
            "--catalog",
            "evil.json",
            "--format",
            "json",
        ],
        vec!["catalog", "show", "evil-model", "--catalog", "evil.json"],
        vec!["catalog", "validate", "evil.json"],
        vec![
            "export",
            "promptfoo",
            &r,
            "--catalog",
            "evil.json",
            "-o",
            "promptfoo.yaml",
        ],
        vec![
            "export",
            "litellm",
            &r,
            "--catalog",
            "evil.json",
            "-o",
            "litellm.yaml",
        ],
        vec![
            "catalog",
            "import",
            "--from",
            "litellm",
            "prices.json",
            "--as-of",
            "2026-11-01",
            "-o",
            "imported.json",
        ],
        vec![
            "catalog",
            "import",
            "--from",
            "litellm",
            "prices.json",
            "--as-of",
            "2026-11-01",
            "--merge",
            "curated.yaml",
            "--add-new",
            "-o",
            "merged.yaml",
        ],
        vec!["init", &out_name],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(str::to_owned).collect())
    .collect();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_in(&dir, &args);
        assert!(
            !stderr(&out).contains("panicked"),
            "{args:?} crashed: {}",
            stderr(&out)
        );
        assert_clean(&format!("{args:?} stdout"), &out.stdout);
        assert_clean(&format!("{args:?} stderr"), &out.stderr);
    }
    let mut written = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if ["evil.json", "scenario.yaml", "prices.json", "curated.yaml"].contains(&name.as_str()) {
            continue;
        }
        written += 1;
        assert_clean(&name, &std::fs::read(entry.path()).unwrap());
    }
    assert!(written >= 6, "only {written} files were written");
}

#[test]
fn issue_13_no_raw_control_character_leaves_by_any_channel() {
    use proptest::prelude::*;
    let unsafe_chars = prop::sample::select(vec![
        '\u{1b}', '\u{7}', '\u{8}', '\r', '\u{7f}', '\u{9b}', '\u{85}', '\u{202e}', '\u{200b}',
        '\u{2066}', '\u{feff}',
    ]);
    let evil = prop::collection::vec(unsafe_chars, 1..6).prop_map(|cs| {
        // An escape sequence as a terminal would read it, then the rest.
        let mut s = String::from("\u{1b}]0;t\u{7}");
        s.extend(cs);
        s
    });
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 4,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&evil, |evil| {
            check_every_channel(&evil);
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------
// 6. Bounded resources.

/// A large file of tiny values that fails its typed parse is refused with
/// the parser's located error, without a located tree of millions of nodes
/// (dozens of times the file's size).
#[test]
fn issue_13_large_malformed_files_get_one_located_error() {
    let dir = scratch("large-malformed");
    let ones = "1,".repeat(9_000_000);
    std::fs::write(
        dir.join("ones.json"),
        format!("{{\"schema_version\": 1, \"models\": [{ones}1]}}"),
    )
    .unwrap();
    // (YAML takes the same path; at this size it is too slow for a debug
    // build, see BENCHMARKS.md for it in release.)
    let out = run_in(&dir, &["catalog", "validate", "ones.json"]);
    let err = assert_refused(&out, "wrong-type");
    assert!(err.contains("--> ones.json:1:34"), "located: {err}");
    assert!(err.contains("only its first problem is shown"), "{err}");
    assert!(!err.contains("struct"), "library wording: {err}");
}
