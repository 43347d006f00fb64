//! `fmselect recommend --evals` (issue 5, item 5): promptfoo results re-rank
//! the shortlist.
//!
//! The fixtures (tests/fixtures/evals, see NOTICE.md) are promptfoo's real
//! output format: a verbatim copy of promptfoo's own `sample-export.json`,
//! and a file derived from its rows whose pass rates flip a ranking on an
//! invented three-model catalog. Reports are read back as JSON values.

use std::path::PathBuf;
use std::process::Output;

use fmselect::catalog::Catalog;
use fmselect::evals_results::{self, ProviderMatch, match_provider};
use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

/// 2026-11-30, the fixture catalog's `as_of`.
const DIR: &str = "tests/fixtures/evals";

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// `recommend` on the fixture requirements and catalog, with extra args.
fn recommend(extra: &[&str]) -> Output {
    let req = fixture("requirements.yaml");
    let cat = fixture("catalog.yaml");
    let mut args = vec!["recommend", req.as_str(), "--catalog", cat.as_str()];
    args.extend_from_slice(extra);
    fmselect(&args)
}

fn json(o: &Output) -> Value {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("stdout is one JSON document")
}

fn candidate<'v>(report: &'v Value, id: &str) -> &'v Value {
    report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no candidate {id}"))
}

fn measured<'v>(report: &'v Value, id: &str) -> &'v Value {
    report["evals"]["measured"]
        .as_array()
        .expect("evals.measured is a list")
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in evals.measured"))
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    scratch_file("evals", name, text)
}

#[test]
fn promptfoo_results_flip_the_ranking_of_the_measured_models() {
    let before = json(&recommend(&["--format", "json"]));
    let flip = fixture("ranking-flip.json");
    let after = json(&recommend(&["--format", "json", "--evals", &flip]));

    // Benchmarks rank alpha above beta.
    let rank = |r: &Value, id: &str| candidate(r, id)["rank"].as_u64().unwrap();
    assert!(rank(&before, "alpha") < rank(&before, "beta"));
    assert!(
        before["evals"].get("measured").is_none(),
        "no `measured` key without --evals"
    );

    // The evals: alpha passes 1 of 4 rows (label `alpha`), beta 4 of 4 graded
    // rows (matched by its api_id `beta-2`), plus one errored row.
    let alpha = measured(&after, "alpha");
    let beta = measured(&after, "beta");
    assert_eq!(alpha["pass_rate"], 0.25);
    assert_eq!(
        (alpha["tests"].as_u64(), alpha["passed"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(beta["pass_rate"], 1.0);
    assert_eq!(
        (beta["tests"].as_u64(), beta["errors"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(beta["providers"][0], "anthropic:messages:beta-2");

    // The ranking changes, and the report says how.
    assert_eq!(alpha["rank_before"].as_u64(), Some(rank(&before, "alpha")));
    assert_eq!(beta["rank_before"].as_u64(), Some(rank(&before, "beta")));
    assert_eq!(alpha["rank_after"].as_u64(), Some(rank(&after, "alpha")));
    assert_eq!(beta["rank_after"].as_u64(), Some(rank(&after, "beta")));
    assert!(
        rank(&after, "beta") < rank(&after, "alpha"),
        "beta now ranks above alpha"
    );
    assert_eq!(
        (alpha["rank_before"].as_u64(), alpha["rank_after"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(
        (beta["rank_before"].as_u64(), beta["rank_after"].as_u64()),
        (Some(3), Some(2))
    );

    // Measured models carry their pass rate as quality; the unmeasured one
    // keeps its benchmark quality.
    for (id, q) in [("alpha", 0.25), ("beta", 1.0)] {
        assert_eq!(candidate(&after, id)["quality"], q);
        assert_eq!(candidate(&after, id)["quality_source"], "evals");
    }
    assert_eq!(
        candidate(&after, "gamma")["quality"],
        candidate(&before, "gamma")["quality"]
    );
    assert_ne!(candidate(&after, "gamma")["quality_source"], "evals");
    assert_eq!(
        alpha["benchmark_quality"],
        candidate(&before, "alpha")["quality"]
    );

    let m = &after["evals"]["measurement"];
    assert_eq!(m["applied"], true);
    assert_eq!(m["promptfoo_version"], "0.118.10");
    let note = m["note"].as_str().unwrap();
    assert!(note.contains("keep benchmark-based quality"), "{note}");
    assert!(note.contains("different scales"), "{note}");
    // The note says how the order is made and lists the measured models in
    // the order the report ranks them.
    assert!(note.contains("still the weighted score"), "{note}");
    let (b, a) = (
        note.find("beta (#2").unwrap(),
        note.find("alpha (#3").unwrap(),
    );
    assert!(b < a, "{note}");
    assert!(
        note.contains("the same order as their pass rates"),
        "{note}"
    );
    // Each measured model's pass rate stands beside its benchmark estimate.
    assert!(alpha["benchmark_quality_range"].is_array(), "{alpha}");
    assert!(alpha["pass_rate_range"][0].as_f64().unwrap() < 0.25);
    let unmatched = m["unmatched_providers"].as_array().unwrap();
    assert_eq!(unmatched.len(), 1);
    assert!(unmatched[0].as_str().unwrap().starts_with("openai:gpt-5:"));

    // The strategy follows: the non-sensitive route moves to the model the
    // evals prefer.
    let routes = after["strategy"]["routes"].as_array().unwrap();
    assert!(routes.iter().any(|r| r["model"] == "beta"), "{routes:?}");
}

#[test]
fn table_and_markdown_show_the_measured_models() {
    let flip = fixture("ranking-flip.json");
    for format in ["table", "markdown"] {
        let o = recommend(&["--format", format, "--evals", &flip]);
        assert_eq!(o.status.code(), Some(0));
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains("Measured by your evals"), "{format}: {text}");
        assert!(
            text.contains("3 → 2"),
            "{format}: beta's rank change: {text}"
        );
        assert!(
            text.contains("2 → 3"),
            "{format}: alpha's rank change: {text}"
        );
        assert!(text.contains("100%") && text.contains("25%"), "{format}");
        assert!(text.contains("benchmark-based quality"), "{format}");
    }
}

#[test]
fn one_measured_model_is_reported_but_does_not_rerank() {
    let text = r#"{"results": {"version": 3, "results": [
        {"provider": {"id": "openai:chat:alpha-1", "label": "alpha"}, "success": false, "failureReason": 1},
        {"provider": {"id": "openai:chat:alpha-1", "label": "alpha"}, "success": false, "failureReason": 1}
    ]}}"#;
    let path = temp_file("one-model.json", text);
    let before = json(&recommend(&["--format", "json"]));
    let after = json(&recommend(&[
        "--format",
        "json",
        "--evals",
        path.to_str().unwrap(),
    ]));
    let alpha = measured(&after, "alpha");
    assert_eq!(alpha["pass_rate"], 0.0);
    assert_eq!(alpha["rank_before"], alpha["rank_after"]);
    assert_eq!(after["evals"]["measurement"]["applied"], false);
    assert!(
        after["evals"]["measurement"]["note"]
            .as_str()
            .unwrap()
            .contains("at least two")
    );
    assert_eq!(
        after["candidates"], before["candidates"],
        "ranking unchanged"
    );
}

#[test]
fn a_malformed_results_file_is_a_located_error_with_exit_1_and_empty_stdout() {
    let bad = fixture("malformed-results.json");
    for format in ["table", "json", "markdown"] {
        let o = recommend(&["--format", format, "--evals", &bad]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        assert!(o.stdout.is_empty(), "{format}: stdout must stay empty");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("error[evals-format]"), "{err}");
        assert!(
            err.contains("tests/fixtures/evals/malformed-results.json:7:80"),
            "points at `success: \"yes\"`: {err}"
        );
        assert!(err.contains("malformed-results.json:8:20"), "{err}");
    }

    // Broken JSON: the syntax error, located.
    let path = temp_file(
        "broken.json",
        "{\"results\": {\"results\": [\n  {\"provider\": }\n]}}\n",
    );
    let o = recommend(&["--format", "json", "--evals", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error[json-syntax]") && err.contains("broken.json:2:"),
        "{err}"
    );

    // A promptfoo config instead of results.
    let path = temp_file(
        "promptfooconfig.yaml",
        "providers: [openai:gpt-5]\nprompts: ['{{q}}']\n",
    );
    let o = recommend(&["--evals", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error[evals-format]") && err.contains("promptfoo *config*"),
        "{err}"
    );

    // A missing file.
    let o = recommend(&["--evals", "tests/fixtures/evals/no-such-results.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[file-not-found]"));
}

#[test]
fn promptfoos_own_sample_export_is_read() {
    let (results, warnings) = evals_results::load(&fixture("sample-export.json")).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(results.promptfoo_version.as_deref(), Some("0.118.10"));
    let ids: Vec<&str> = results.providers.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["openai:gpt-5-mini", "openai:gpt-5"]);
    for p in &results.providers {
        // Every row failed an assertion (the sample's latency/cost thresholds).
        assert_eq!((p.passed, p.failed, p.errors), (0, 2, 0), "{p:?}");
        assert_eq!(p.label, None, "the sample's labels are empty strings");
    }
}

#[test]
fn providers_map_by_label_then_by_api_id() {
    let catalog = Catalog::load(&[fixture("catalog.yaml")]).unwrap();
    let m = |id: &str, label: Option<&str>| match_provider(id, label, &catalog);
    let model = |id: &str| ProviderMatch::Model(id.to_owned());
    // The label wins, whatever the id.
    assert_eq!(m("openai:chat:whatever", Some("beta")), model("beta"));
    assert_eq!(m("openai:chat:whatever", Some("BETA")), model("beta"));
    // Else the provider id ends with an offering's api_id...
    assert_eq!(m("openai:chat:alpha-1", None), model("alpha"));
    assert_eq!(m("openai:alpha-1", None), model("alpha"));
    assert_eq!(m("togetherai:test-lab/Gamma-70B", None), model("gamma"));
    assert_eq!(
        m("groq:test-lab/gamma-70b", None),
        model("gamma"),
        "case folded"
    );
    // ... or a model id (a self-hosted model served under its fmselect id).
    assert_eq!(m("openai:chat:gamma", None), model("gamma"));
    // A label that is no model id falls back to the provider id.
    assert_eq!(
        m("anthropic:messages:beta-2", Some("Beta 2")),
        model("beta")
    );
    // Not a suffix at a `:` boundary: no match.
    assert_eq!(m("openai:chat:xalpha-1", None), ProviderMatch::None);
    assert_eq!(m("openai:gpt-5", None), ProviderMatch::None);

    // The real sample against the embedded catalog: `openai:gpt-5-mini` is
    // GPT-5 mini's API id.
    let embedded = Catalog::embedded().unwrap();
    assert_eq!(
        match_provider("openai:gpt-5-mini", None, &embedded),
        ProviderMatch::Model("gpt-5-mini".to_owned())
    );
}

/// Issue 12: the `--evals` note says how the order is made, and when cost
/// outweighs a pass-rate gap it says the order is not the pass rates'.
#[test]
fn issue_12_evals_note_matches_an_order_that_cost_decides() {
    // beta passes every graded row but costs 100 times more; alpha passes 3 of 4.
    let catalog = std::fs::read_to_string(fixture("catalog.yaml")).unwrap();
    let at = catalog.find("  - id: beta").unwrap();
    let (head, tail) = catalog.split_at(at);
    let tail = tail
        .replacen("input_per_mtok: 2.0", "input_per_mtok: 200.0", 1)
        .replacen("output_per_mtok: 8.0", "output_per_mtok: 800.0", 1);
    let catalog = temp_file("dear-beta.yaml", &format!("{head}{tail}"));
    let mut results: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("ranking-flip.json")).unwrap())
            .unwrap();
    let rows = results["results"]["results"].as_array_mut().unwrap();
    for row in rows
        .iter_mut()
        .filter(|r| r["provider"]["label"] == "alpha")
        .take(3)
    {
        row["success"] = Value::Bool(true);
        if let Some(o) = row.as_object_mut() {
            o.remove("failureReason");
        }
    }
    let results = temp_file("alpha-75.json", &results.to_string());
    let req = fixture("requirements.yaml");
    let report = json(&fmselect(&[
        "recommend",
        &req,
        "--catalog",
        catalog.to_str().unwrap(),
        "--evals",
        results.to_str().unwrap(),
        "--format",
        "json",
    ]));
    let (alpha, beta) = (measured(&report, "alpha"), measured(&report, "beta"));
    assert_eq!(
        (alpha["pass_rate"].as_f64(), beta["pass_rate"].as_f64()),
        (Some(0.75), Some(1.0))
    );
    let (ra, rb) = (
        alpha["rank_after"].as_u64().unwrap(),
        beta["rank_after"].as_u64().unwrap(),
    );
    assert!(
        ra < rb,
        "cost should put alpha (75%) above beta (100%): {ra} vs {rb}"
    );
    let note = report["evals"]["measurement"]["note"].as_str().unwrap();
    assert!(note.contains("not the order of their pass rates"), "{note}");
    let (a, b) = (
        note.find(&format!("alpha (#{ra}"))
            .expect("alpha in the note"),
        note.find(&format!("beta (#{rb}"))
            .expect("beta in the note"),
    );
    assert!(a < b, "{note}");
    assert!(note.contains("cost 3"), "{note}");
}

/// The levers run the decision again with the quality the evals measured,
/// as the run does: the plan does not "change" at today's volume because
/// the re-run fell back to benchmark quality (it did before: a volume lever
/// at 1.0007× today's).
#[test]
fn levers_decide_with_the_evals_quality() {
    let flip = fixture("ranking-flip.json");
    let r = json(&recommend(&["--format", "json", "--evals", &flip]));
    let levers = r["what_would_change"]["levers"].as_array().unwrap();
    assert!(!levers.is_empty());
    for l in levers.iter().filter(|l| l["lever"] == "volume") {
        let ratio = l["flips_at"].as_f64().unwrap() / l["now"].as_f64().unwrap();
        assert!(!(0.99..=1.01).contains(&ratio), "{l}");
    }
}
