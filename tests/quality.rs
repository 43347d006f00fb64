//! Issue 12: quality as an estimate with a range, ties said as ties, priors
//! said as priors, evals where the doubt is — end to end on the embedded
//! catalog and the shipped examples.

use std::path::PathBuf;

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

fn report(args: &[&str]) -> Value {
    let o = fmselect(args);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("stdout is one JSON document")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    scratch_file("quality", name, text)
}

/// The quality part of a candidate's first reason: its evidence, in words.
fn evidence(c: &Value) -> String {
    let reason = c["reasons"][0].as_str().expect("explained candidate");
    reason
        .split_once("): ")
        .map(|x| x.1)
        .unwrap_or(reason)
        .to_owned()
}

#[test]
fn issue_12_max_quality_no_identical_quality_unless_the_evidence_is() {
    let r = report(&[
        "recommend",
        "requirements/examples/max-quality.yaml",
        "--format",
        "json",
    ]);
    let cs = array(&r, "candidates");
    assert!(cs.len() > 20, "{}", cs.len());
    for (i, a) in cs.iter().enumerate() {
        for b in &cs[i + 1..] {
            let same = a["quality"] == b["quality"]
                && a["quality_range"] == b["quality_range"]
                && a["quality_basis"] == b["quality_basis"];
            if same {
                assert_eq!(
                    evidence(a),
                    evidence(b),
                    "{} and {} show the same quality on different evidence",
                    a["id"],
                    b["id"]
                );
            }
        }
    }
    // Before issue 12, fifteen unbenchmarked frontier models shared 0.9532
    // and filled the top of the ranking as one tie broken by id. The catalog
    // now lists many more unbenchmarked models (issue 11's line-ups); their
    // priors must not crowd out the measured ones at the top.
    assert_eq!(cs[0]["quality_basis"], "benchmarks", "{}", cs[0]["id"]);
    let priors = cs
        .iter()
        .take(10)
        .filter(|c| c["quality_basis"] != "benchmarks")
        .count();
    assert!(
        priors <= 3,
        "{priors} of the first 10 candidates rest on a prior"
    );
}

#[test]
fn issue_12_tables_and_markdown_show_ranges_and_mark_the_basis() {
    let table = stdout(&fmselect(&[
        "recommend",
        "requirements/examples/max-quality.yaml",
        "--top",
        "52",
    ]));
    let range = regex_like_range(&table);
    assert!(range, "no `0.xx–0.yy` range in the table:\n{table}");
    assert!(table.contains(" F "), "no family-prior mark:\n{table}");
    assert!(table.contains("F = family prior"), "{table}");
    let md = stdout(&fmselect(&[
        "recommend",
        "requirements/examples/max-quality.yaml",
        "--format",
        "markdown",
        "--top",
        "52",
    ]));
    assert!(regex_like_range(&md), "{md}");
    assert!(md.contains("T = tier prior"), "{md}");
}

/// Whether the text holds a quality range such as `0.82–0.95`.
fn regex_like_range(text: &str) -> bool {
    text.split('–').zip(text.split('–').skip(1)).any(|(a, b)| {
        let left: String = a.chars().rev().take(4).collect::<String>();
        let right: String = b.chars().take(4).collect();
        left.chars().rev().collect::<String>().starts_with("0.") && right.starts_with("0.")
            || right.starts_with("1.0")
    })
}

/// A maximum-accuracy coding requirement ranks first a model within 3
/// points of the best measured coding index of the candidates, or reports
/// the leaders as tied and puts them in the eval plan.
#[test]
fn issue_12_max_accuracy_coding_ranks_a_leader_of_the_coding_index() {
    let req = temp_file(
        "coding.yaml",
        "task: { type: code }\naccuracy: { level: maximum }\npriorities: { quality: 5, cost: 1, latency: 1, privacy: 1, time_to_market: 1, lock_in: 0 }\n",
    );
    let r = report(&["recommend", req.to_str().unwrap(), "--format", "json"]);
    let list = report(&["catalog", "list", "--format", "json"]);
    let coding = |id: &str| {
        array(&list, "models")
            .iter()
            .find(|m| m["id"] == id)
            .and_then(|m| m["benchmarks"]["aa_coding_v4_1"].as_f64())
    };
    let cs = array(&r, "candidates");
    let best = cs
        .iter()
        .filter_map(|c| coding(c["id"].as_str().unwrap()))
        .fold(f64::NEG_INFINITY, f64::max);
    let first = coding(text(&r, "candidates.0.id"));
    let within = first.is_some_and(|v| best - v <= 3.0);
    let shortlist = array(&r, "evals.shortlist");
    let tied: Vec<&Value> = cs
        .iter()
        .filter(|c| c["tied_with_leader"] == true)
        .collect();
    let leaders_tied_and_tested = !tied.is_empty()
        && tied
            .iter()
            .take(4)
            .all(|c| shortlist.iter().any(|s| *s == c["id"]));
    assert!(
        within || leaders_tied_and_tested,
        "#1 {} codes at {first:?}, the best candidate at {best}; tied: {}",
        text(&r, "candidates.0.id"),
        tied.len()
    );
}

/// A catalog where a newer model of a measured family is not measured (the
/// prior and the ties must be said); a second family's two measured
/// releases give the in-family gain the prior adds.
const PRIOR_CATALOG: &str = r#"schema_version: 1
as_of: 2026-11-30
metrics:
  - { id: aa_intelligence_v4_1r, name: Index, unit: index, independent: true, source: test, as_of: 2026-08-01 }
  - { id: lmarena_text_elo_2026_08, name: Arena, unit: elo, independent: true, source: test, as_of: 2026-08-01 }
models:
  - id: fam-one
    name: Fam One
    provider: acme
    family: fam
    released: 2026-01-10
    weights: closed
    tier: frontier
    context_window: 200000
    modalities: { input: [text], output: [text] }
    benchmarks: { aa_intelligence_v4_1r: 60, lmarena_text_elo_2026_08: 1500 }
    benchmarks_ci: { lmarena_text_elo_2026_08: 6 }
    offerings: [ { kind: api, host: acme, input_per_mtok: 1, output_per_mtok: 4 } ]
  - id: fam-two
    name: Fam Two
    provider: acme
    family: fam
    released: 2026-06-10
    weights: closed
    tier: frontier
    context_window: 200000
    modalities: { input: [text], output: [text] }
    offerings: [ { kind: api, host: acme, input_per_mtok: 1, output_per_mtok: 4 } ]
  - id: line-one
    name: Line One
    provider: gamma
    family: line
    released: 2025-06-01
    weights: closed
    tier: strong
    context_window: 200000
    modalities: { input: [text], output: [text] }
    benchmarks: { aa_intelligence_v4_1r: 40, lmarena_text_elo_2026_08: 1400 }
    offerings: [ { kind: api, host: gamma, input_per_mtok: 20, output_per_mtok: 80 } ]
  - id: line-two
    name: Line Two
    provider: gamma
    family: line
    released: 2026-02-01
    weights: closed
    tier: strong
    context_window: 200000
    modalities: { input: [text], output: [text] }
    benchmarks: { aa_intelligence_v4_1r: 46, lmarena_text_elo_2026_08: 1430 }
    offerings: [ { kind: api, host: gamma, input_per_mtok: 20, output_per_mtok: 80 } ]
  - id: other
    name: Other
    provider: beta
    family: other
    released: 2026-03-01
    weights: closed
    tier: frontier
    context_window: 200000
    modalities: { input: [text], output: [text] }
    benchmarks: { aa_intelligence_v4_1r: 63, lmarena_text_elo_2026_08: 1510 }
    benchmarks_ci: { lmarena_text_elo_2026_08: 6 }
    offerings: [ { kind: api, host: beta, input_per_mtok: 10, output_per_mtok: 40 } ]
"#;

fn prior_report(format: &str) -> std::process::Output {
    let cat = temp_file("prior-catalog.yaml", PRIOR_CATALOG);
    let req = temp_file(
        "prior-req.yaml",
        "task: { type: chat }\naccuracy: { level: maximum }\n",
    );
    fmselect(&[
        "recommend",
        req.to_str().unwrap(),
        "--catalog",
        cat.to_str().unwrap(),
        "--format",
        format,
    ])
}

#[test]
fn issue_12_a_successor_is_not_ranked_below_its_measured_predecessor_by_the_prior() {
    let o = prior_report("json");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rank = |id: &str| {
        array(&r, "candidates")
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["rank"].as_u64().unwrap())
            .unwrap()
    };
    assert!(rank("fam-two") < rank("fam-one"), "{r:#}");
    let two = &array(&r, "candidates")[0];
    assert_eq!(two["quality_basis"], "family-prior");
    assert_eq!(at(&r, "ranking.leader_on_prior"), true);
    // Ties with the leader are reported in JSON...
    assert!(
        array(&r, "ranking.tied_with_leader")
            .iter()
            .any(|t| t == "fam-one"),
        "{}",
        at(&r, "ranking")
    );
    // ... and the eval plan tests the tied ones and says why.
    let why = array(&r, "evals.why");
    assert!(
        why.iter()
            .any(|w| w.as_str().unwrap().contains("tied with #1")),
        "{why:?}"
    );
    assert!(
        why[0]
            .as_str()
            .unwrap()
            .contains("quality unknown: family-prior"),
        "{why:?}"
    );
}

#[test]
fn issue_12_ties_and_a_prior_leader_are_said_in_every_format() {
    for format in ["table", "markdown"] {
        let out = stdout(&prior_report(format)).replace("\\#", "#");
        assert!(out.contains("tied with #1"), "{format}:\n{out}");
        assert!(
            out.contains("rests on a prior (family-prior)"),
            "{format}:\n{out}"
        );
        assert!(out.contains("=2"), "{format}: no tie mark\n{out}");
        assert!(
            out.contains("what decided it") || out.contains("same score"),
            "{format}:\n{out}"
        );
    }
}

#[test]
fn issue_12_stale_metrics_are_flagged() {
    let r = report(&[
        "recommend",
        "requirements/examples/minimal.yaml",
        "--format",
        "json",
    ]);
    let stale: Vec<&Value> = array(&r, "candidates")
        .iter()
        .filter(|c| c["quality_stale"] == true)
        .collect();
    assert!(!stale.is_empty());
    assert!(
        stale[0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("days before the catalog's date"),
        "{}",
        stale[0]["reasons"][0]
    );
}
