//! Same inputs, byte-identical output (STYLE §11): three runs of
//! `fmselect recommend` on an example give the same stdout in every format.
//! Hash-map iteration order, the clock or thread timing leaking into a report
//! would show up here as a difference between runs.

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_fmselect");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn recommend(format: &str, extra: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN)
        .args([
            "recommend",
            "requirements/examples/knowledge-assistant.yaml",
            "--format",
            format,
        ])
        .args(extra)
        .current_dir(ROOT)
        .env_remove("FMSELECT_CATALOG")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .output()
        .expect("the fmselect binary runs");
    assert!(
        matches!(out.status.code(), Some(0) | Some(3)),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty(), "{format}: empty report");
    out.stdout
}

#[test]
fn three_runs_give_byte_identical_reports() {
    for format in ["json", "table", "markdown"] {
        for extra in [&[][..], &["--explain"][..]] {
            let first = recommend(format, extra);
            for run in 2..=3 {
                let again = recommend(format, extra);
                assert!(
                    first == again,
                    "{format} {extra:?}: run {run} differs from run 1:\n--- run 1\n{}\n--- run {run}\n{}",
                    String::from_utf8_lossy(&first),
                    String::from_utf8_lossy(&again)
                );
            }
        }
    }
}
