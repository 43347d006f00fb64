//! The README's "Use in CI" snippet (issue 14) runs verbatim: its `run:`
//! lines, taken from README.md, run with bash (`-eo pipefail`, as GitHub
//! Actions runs them) and the real jq, with the built binary on PATH, in a
//! directory holding a copy of the example requirements. It passes as
//! written, and fails when the check it makes is false.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "support/cli.rs"]
mod cli;
use cli::EPOCH;

/// The `run: |` block after the `ci-snippet` marker in README.md.
fn snippet() -> String {
    let readme = include_str!("../README.md");
    let at = readme
        .find("<!-- ci-snippet")
        .expect("README.md marks its CI snippet with <!-- ci-snippet -->");
    let block = &readme[at..];
    let start = block
        .find("```yaml\n")
        .expect("a yaml block after the marker")
        + 8;
    let end = start + block[start..].find("```").expect("the block ends");
    let yaml = &block[start..end];
    let run = yaml.find("run: |\n").expect("a `run: |` step") + 7;
    let lines: Vec<&str> = yaml[run..]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(lines.len() >= 2, "the step has its commands: {lines:?}");
    lines.join("\n") + "\n"
}

fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ci-snippet-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let examples = dir.join("requirements/examples");
    std::fs::create_dir_all(&examples).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("requirements/examples");
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), examples.join(entry.file_name())).unwrap();
    }
    dir
}

fn jq_available() -> bool {
    Command::new("jq")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `script` with bash in `dir`; returns (exit code, stderr).
fn run(script: &str, dir: &Path) -> (i32, String) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_fmselect")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("FMSELECT_CATALOG")
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_readme_ci_snippet_runs_verbatim_and_can_fail() {
    if !jq_available() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "jq is not installed, and CI=true: .ci/run must install it (apt-get install jq)"
        );
        eprintln!("SKIPPED: jq is not installed (apt-get install -y jq); CI never skips this");
        return;
    }
    let script = snippet();
    assert!(script.contains(".strategy.kind"), "{script}");
    assert!(script.contains(".strategy.monthly_cost_usd"), "{script}");
    assert!(!script.contains(".candidates[0]"), "{script}");

    let dir = workdir("pass");
    let (code, err) = run(&script, &dir);
    assert_eq!(
        code, 0,
        "the README snippet fails as written:\n{script}\n{err}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["strategy"]["kind"], "blend");

    // The check can fail: a budget below the plan's cost, or another kind.
    for (from, to) in [("< 25000", "< 1000"), ("\"blend\"", "\"buy\"")] {
        let changed = script.replace(from, to);
        assert_ne!(changed, script, "`{from}` is in the snippet");
        let (code, _) = run(&changed, &workdir("fail"));
        assert_ne!(code, 0, "the check passes even with {to}:\n{changed}");
    }
    // Exit 3 (nothing satisfies the constraints) fails the step too.
    let dir = workdir("exit3");
    std::fs::write(
        dir.join("requirements/examples/knowledge-assistant.yaml"),
        "task: { type: rag-qa }\nconstraints:\n  models: { allow: [no-such-model] }\n",
    )
    .unwrap();
    let (code, _) = run(&script, &dir);
    assert_eq!(code, 3, "a plan-less report fails the step with exit 3");
}
