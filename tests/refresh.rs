//! The price-refresh flow (issue 14): a LiteLLM price list imported with
//! `catalog import`, then layered over the curated catalog with
//! `--catalog @embedded --catalog litellm.yaml`. Layering merges each model
//! field by field: the list's prices win, the curated tier, benchmarks and
//! sources stay, and the report says how many entries were refreshed. The
//! list used alone gets a report saying quality is unknown for its models
//! and how to layer it instead.

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

const REQ: &str = "requirements/examples/knowledge-assistant.yaml";

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("refresh-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

fn json(args: &[&str], expected: i32) -> Value {
    let out = fmselect(args);
    assert_eq!(code(&out), expected, "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON on stdout")
}

/// The fixture's LiteLLM cut, imported as the README shows.
fn imported(dir: &Path) -> String {
    let out_file = dir.join("litellm.yaml");
    let out = fmselect(&[
        "catalog",
        "import",
        "--from",
        "litellm",
        "tests/fixtures/import/litellm/model_prices_and_context_window.json",
        "--as-of",
        "2026-07-24",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    out_file.to_string_lossy().into_owned()
}

fn ids(list: &Value) -> Vec<String> {
    array(list, "models")
        .iter()
        .map(|m| text(m, "id").to_owned())
        .collect()
}

#[test]
fn layering_a_price_list_refreshes_the_curated_entries_and_says_how_many() {
    let dir = temp_dir("layer");
    let file = imported(&dir);
    let embedded = ids(&json(
        &["catalog", "list", "--format", "json", "--include-retired"],
        0,
    ));
    let list = ids(&json(
        &[
            "catalog",
            "list",
            "--catalog",
            &file,
            "--format",
            "json",
            "--include-retired",
        ],
        0,
    ));
    let both: Vec<&String> = list.iter().filter(|id| embedded.contains(id)).collect();
    assert!(
        !both.is_empty(),
        "the fixture shares models with the curated catalog"
    );

    let report = json(
        &[
            "recommend",
            REQ,
            "--catalog",
            "@embedded",
            "--catalog",
            &file,
            "--format",
            "json",
        ],
        0,
    );
    let layers = array(&report, "catalog.layers");
    assert_eq!(layers.len(), 2, "{layers:?}");
    assert_eq!(text(&report, "catalog.layers.0.source"), "embedded");
    assert_eq!(
        num(&report, "catalog.layers.1.refreshed") as usize,
        both.len()
    );
    assert_eq!(
        num(&report, "catalog.layers.1.added") as usize,
        list.len() - both.len()
    );
    assert_eq!(
        num(&report, "catalog.models") as usize,
        embedded.len() + list.len() - both.len()
    );

    // The table says it too.
    let out = fmselect(&[
        "recommend",
        REQ,
        "--catalog",
        "@embedded",
        "--catalog",
        &file,
    ]);
    assert!(
        stdout(&out).contains(&format!("refreshed {} models", both.len())),
        "{}",
        stdout(&out)
    );

    // Every refreshed model keeps its curated tier and benchmarks.
    for id in both {
        let curated = json(&["catalog", "show", id, "--format", "json"], 0);
        let layered = json(
            &[
                "catalog",
                "show",
                id,
                "--catalog",
                "@embedded",
                "--catalog",
                &file,
                "--format",
                "json",
            ],
            0,
        );
        for key in ["tier", "benchmarks", "name", "weights", "sources"] {
            if key == "sources" {
                for s in array(&curated, key) {
                    assert!(array(&layered, key).contains(s), "{id}: lost a source");
                }
            } else {
                assert_eq!(
                    at(&layered, key),
                    at(&curated, key),
                    "{id}: `{key}` changed"
                );
            }
        }
    }
}

#[test]
fn a_later_files_facts_win_and_the_facts_it_lacks_are_kept() {
    let dir = temp_dir("facts");
    let file = dir.join("prices.yaml");
    std::fs::write(
        &file,
        "schema_version: 1\nas_of: \"2026-11-01\"\nmodels:\n\
         - id: claude-opus-4-6\n  name: claude-opus-4-6\n  provider: anthropic\n\
         \x20 modalities: { input: [text], output: [text] }\n\
         \x20 offerings:\n  - kind: api\n    host: anthropic\n    input_per_mtok: 4.0\n    output_per_mtok: 20.0\n\
         \x20   source: a test price list\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let curated = json(
        &["catalog", "show", "claude-opus-4-6", "--format", "json"],
        0,
    );
    let layered = json(
        &[
            "catalog",
            "show",
            "claude-opus-4-6",
            "--catalog",
            "@embedded",
            "--catalog",
            file,
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(at(&layered, "tier"), at(&curated, "tier"));
    assert_eq!(at(&layered, "benchmarks"), at(&curated, "benchmarks"));
    assert_eq!(
        text(&layered, "name"),
        "Claude Opus 4.6",
        "a placeholder name does not win"
    );
    assert_eq!(
        array(&layered, "offerings").len(),
        array(&curated, "offerings").len(),
        "the price matched an offering; none added, none lost"
    );
    let api = array(&layered, "offerings")
        .iter()
        .find(|o| o["host"] == "anthropic")
        .expect("the anthropic offering");
    assert_eq!(num(api, "input_per_mtok"), 4.0);
    assert_eq!(num(api, "output_per_mtok"), 20.0);
    assert_eq!(text(api, "source"), "a test price list");
    // The modalities the list states win (text only here).
    assert_eq!(
        at(&layered, "modalities.input"),
        &serde_json::json!(["text"])
    );

    // Order matters: the curated catalog layered over the list wins back.
    let reversed = json(
        &[
            "catalog",
            "show",
            "claude-opus-4-6",
            "--catalog",
            file,
            "--catalog",
            "@embedded",
            "--format",
            "json",
        ],
        0,
    );
    let api = array(&reversed, "offerings")
        .iter()
        .find(|o| o["host"] == "anthropic")
        .expect("the anthropic offering");
    assert_eq!(
        api["input_per_mtok"],
        array(&curated, "offerings")
            .iter()
            .find(|o| o["host"] == "anthropic")
            .unwrap()["input_per_mtok"]
    );
}

#[test]
fn a_price_list_alone_says_quality_is_unknown_and_how_to_layer_it() {
    let dir = temp_dir("alone");
    let file = imported(&dir);
    let out = fmselect(&["recommend", REQ, "--catalog", &file, "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let models = num(&report, "catalog.models") as usize;
    assert_eq!(num(&report, "catalog.quality_unknown") as usize, models);
    let warning = array(&report, "warnings")
        .iter()
        .filter_map(Value::as_str)
        .find(|w| w.starts_with("quality is unknown"))
        .expect("a warning about unknown quality");
    assert!(
        warning.contains(&format!("for {models} of {models} models")),
        "{warning}"
    );
    assert!(
        warning.contains(&format!("--catalog @embedded --catalog {file}")),
        "{warning}"
    );
    // Layered, only the added models lack quality evidence.
    let layered = json(
        &[
            "recommend",
            REQ,
            "--catalog",
            "@embedded",
            "--catalog",
            &file,
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(
        num(&layered, "catalog.quality_unknown"),
        num(&layered, "catalog.layers.1.added")
    );
}

#[test]
fn the_bulk_route_never_rests_on_a_prior_alone() {
    let dir = temp_dir("bulk");
    let file = imported(&dir);
    let report = json(
        &[
            "recommend",
            REQ,
            "--catalog",
            "@embedded",
            "--catalog",
            &file,
            "--format",
            "json",
        ],
        0,
    );
    for route in array(&report, "strategy.routes") {
        let id = text(route, "model");
        let show = json(
            &[
                "catalog",
                "show",
                id,
                "--catalog",
                "@embedded",
                "--catalog",
                &file,
                "--format",
                "json",
            ],
            0,
        );
        assert!(
            !at(&show, "tier").is_null()
                || !at(&show, "benchmarks").as_object().unwrap().is_empty(),
            "route {} rests on `{id}`, whose quality is unknown",
            text(route, "traffic")
        );
    }
}
