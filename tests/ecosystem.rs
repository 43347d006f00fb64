//! The commands around the pipeline: completions, man page, schemas, init,
//! catalog list/show — run through the real binary.

use std::path::PathBuf;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-eco-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn completions_generate_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef fmselect"),
        ("fish", "complete -c fmselect"),
    ] {
        let o = fmselect(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let text = stdout(&o);
        assert!(text.contains(marker), "{shell} completions lack `{marker}`");
        assert!(
            text.contains("recommend") && text.contains("compare"),
            "{shell} completions lack subcommands"
        );
    }
    let o = fmselect(&["completions", "tcsh"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_man_page_renders() {
    let o = fmselect(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.starts_with(".ie") || text.contains(".TH fmselect 1"),
        "not roff: {}",
        &text[..80.min(text.len())]
    );
    assert!(text.contains("recommend"));
}

#[test]
fn every_schema_is_json_with_a_title() {
    for doc in [
        "requirements",
        "catalog",
        "rules",
        "report",
        "scenario",
        "compare-report",
    ] {
        let o = fmselect(&["schema", doc]);
        assert_eq!(o.status.code(), Some(0), "{doc}");
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("schema is JSON");
        assert!(
            v["title"].as_str().is_some_and(|t| t.contains("fmselect")),
            "{doc}"
        );
        assert_eq!(
            v["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{doc}"
        );
        let committed = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("schemas")
                .join(format!("{doc}.schema.json")),
        )
        .unwrap();
        assert_eq!(
            stdout(&o),
            committed,
            "schemas/{doc}.schema.json differs from `fmselect schema {doc}`"
        );
    }
}

#[test]
fn init_template_round_trips_through_recommend_and_never_overwrites() {
    let dir = temp_dir("init");
    let file = dir.join("req.yaml");
    let path = file.to_string_lossy().into_owned();
    let o = fmselect(&["init", &path]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout(&o).is_empty(),
        "init FILE writes the file, not stdout"
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# yaml-language-server: $schema="));

    let o = fmselect(&["recommend", &path, "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["requirements"]["task"]["type"], "rag-qa");
    assert_eq!(
        report["requirements"]["volume"]["requests_per_month"],
        10000
    );

    std::fs::write(&file, "keep me").unwrap();
    let o = fmselect(&["init", &path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "keep me",
        "init must not overwrite"
    );
    let o = fmselect(&["init", &path, "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&file).unwrap(), "keep me");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_without_a_terminal_prints_the_template() {
    let o = fmselect(&["init"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("task:\n  type: rag-qa"));
}

#[test]
fn catalog_list_filters_and_prints_the_spec_json() {
    let o = fmselect(&["catalog", "list", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let all: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(all["schema_version"], 1);
    let models = all["models"].as_array().unwrap();
    assert!(
        models.len() >= 30,
        "the embedded catalog has at least 30 current models"
    );
    for m in models {
        for key in [
            "id",
            "name",
            "provider",
            "weights",
            "context_window",
            "modalities",
            "offerings",
        ] {
            assert!(m.get(key).is_some(), "model {} lacks `{key}`", m["id"]);
        }
    }

    let o = fmselect(&[
        "catalog",
        "list",
        "--weights",
        "open",
        "--modality",
        "image",
        "--min-context",
        "1000000",
        "--format",
        "json",
    ]);
    let some: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = some["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.is_empty() && ids.len() < models.len(),
        "the filters select a proper subset: {ids:?}"
    );
    for m in some["models"].as_array().unwrap() {
        assert_eq!(m["weights"], "open");
        assert!(m["context_window"].as_u64().unwrap() >= 1_000_000);
        assert!(
            m["modalities"]["input"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == "image")
        );
    }
    assert!(ids.contains(&"llama-4-scout"), "{ids:?}");
}

#[test]
fn catalog_show_names_sources_and_suggests_ids() {
    let o = fmselect(&["catalog", "show", "claude-opus-4-6"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.contains("Claude Opus 4.6") && text.contains("Sources"),
        "{text}"
    );
    let o = fmselect(&["catalog", "show", "claude-opus-4-6", "--format", "json"]);
    let m: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(m["id"], "claude-opus-4-6");
    assert!(!m["sources"].as_array().unwrap().is_empty());

    let o = fmselect(&["catalog", "show", "claude-opus-4.6"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `claude-opus-4-6`?"));
}

#[test]
fn the_embedded_catalog_validates_without_errors() {
    let o = fmselect(&[
        "catalog",
        "validate",
        "catalog/metrics.yaml",
        "catalog/hardware.yaml",
        "catalog/assumptions.yaml",
        "catalog/models.yaml",
        "catalog/models-open.yaml",
        "catalog/models-lineup.yaml",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout(&o).lines().filter(|l| l.contains(": ok")).count(), 6);
    // Every fact is sourced: no model has facts without a source naming them.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("missing-source"), "{stderr}");
}
