//! Issue 11: required capabilities, preview models, and the API-side cost
//! of prompt caching, batch and audio input, and rate limits, through the
//! real binary.
//!
//! Capability and preview rules use a small fixture catalog
//! (`tests/fixtures/capabilities/catalog.yaml`); the costs use the embedded
//! catalog's list prices (LiteLLM 2026-07-24), computed by hand below, with
//! one offering left by denying the other hosts.

use std::path::PathBuf;

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

const CATALOG: &str = "tests/fixtures/capabilities/catalog.yaml";

/// Writes `yaml` to a fresh requirements file and returns its path.
fn requirements(name: &str, yaml: &str) -> PathBuf {
    scratch_file("issue-11", &format!("{name}.yaml"), yaml)
}

fn report(args: &[&str], expected_exit: i32) -> Value {
    let mut all = vec!["recommend"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = fmselect(&all);
    assert_eq!(code(&out), expected_exit, "{args:?}\n{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("stdout is JSON")
}

fn candidate<'a>(r: &'a Value, id: &str) -> &'a Value {
    array(r, "candidates")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("`{id}` is not a candidate: {:#}", r["excluded"]))
}

fn excluded_reasons(r: &Value, id: &str) -> Vec<String> {
    array(r, "excluded")
        .iter()
        .find(|e| e["id"] == id)
        .map(|e| {
            array(e, "reasons")
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn issue_11_tool_calling_excludes_false_and_flags_unknown() {
    // The preview model is left out: the other three tie, ranked by id, so
    // tools-unknown leads the shortlist.
    let req = requirements(
        "tools",
        "task: { type: agent, capabilities: [tool-calling] }\n\
         constraints: { models: { deny: [tools-preview] } }\n",
    );
    let r = report(&[req.to_str().unwrap(), "--catalog", CATALOG], 0);
    // Known missing: excluded, with the reason.
    let reasons = excluded_reasons(&r, "tools-no");
    assert!(
        reasons.iter().any(|s| s.contains("no tool calling")),
        "{reasons:?}"
    );
    // Known present: a candidate, nothing unverified.
    assert!(candidate(&r, "tools-yes").get("unverified").is_none());
    // Unknown: kept, flagged, and on the eval plan's list of things to test.
    let unknown = candidate(&r, "tools-unknown");
    assert_eq!(unknown["unverified"], serde_json::json!(["tool calling"]));
    assert!(
        array(unknown, "reasons")
            .iter()
            .any(|s| s.as_str().unwrap().starts_with("unverified: tool calling")),
        "{unknown:#}"
    );
    let to_test: Vec<&str> = array(&r, "evals.to_test")
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        to_test.contains(&"tools-unknown: tool calling"),
        "{to_test:?}"
    );
    assert!(text(&r, "evals.advice").contains("tools-unknown: tool calling"));
    // Without the requirement nothing is excluded or flagged.
    let plain = requirements("plain", "task: { type: agent }\n");
    let r = report(&[plain.to_str().unwrap(), "--catalog", CATALOG], 0);
    assert_eq!(array(&r, "excluded").len(), 0);
    assert!(r["evals"].get("to_test").is_none());
    assert!(candidate(&r, "tools-unknown").get("unverified").is_none());
}

#[test]
fn issue_11_structured_output_excludes_the_pro_models_that_lack_it() {
    // LiteLLM: gpt-5.4-pro and gpt-5.5-pro have supports_response_schema: false.
    let req = requirements(
        "schema",
        "task: { type: extraction, capabilities: [structured-output] }\n",
    );
    let r = report(&[req.to_str().unwrap()], 0);
    for id in ["gpt-5.4-pro", "gpt-5.5-pro"] {
        let reasons = excluded_reasons(&r, id);
        assert!(
            reasons.iter().any(|s| s.contains("no structured output")),
            "{id}: {reasons:?}"
        );
    }
    assert!(candidate(&r, "gpt-5.4").get("unverified").is_none());
}

#[test]
fn issue_11_preview_models_are_flagged_or_excluded() {
    let req = requirements("preview", "task: { type: chat }\n");
    let r = report(&[req.to_str().unwrap(), "--catalog", CATALOG], 0);
    assert_eq!(candidate(&r, "tools-preview")["preview"], true);
    assert!(candidate(&r, "tools-yes").get("preview").is_none());
    for format in ["table", "markdown"] {
        let out = fmselect(&[
            "recommend",
            req.to_str().unwrap(),
            "--catalog",
            CATALOG,
            "--format",
            format,
        ]);
        // Tables wrap the name to the column; the mark stays beside it.
        let text = stdout(&out).replace(['│', '┆'], " ");
        let words: Vec<&str> = text.split_whitespace().collect();
        let marked = words.windows(2).enumerate().any(|(i, w)| {
            w == ["Tools", "Preview"] && words[i..].iter().take(12).any(|w| *w == "(preview)")
        });
        assert!(marked, "{format}");
    }
    let strict = requirements(
        "no-preview",
        "task: { type: chat }\nconstraints: { allow_preview: false }\n",
    );
    let r = report(&[strict.to_str().unwrap(), "--catalog", CATALOG], 0);
    let reasons = excluded_reasons(&r, "tools-preview");
    assert!(
        reasons.iter().any(|s| s.contains("allow_preview is false")),
        "{reasons:?}"
    );
}

/// The one candidate's cost, its parts by name → (tokens, price, USD).
fn only_cost(r: &Value) -> (f64, Vec<(String, f64, f64, f64)>) {
    let c = &array(r, "candidates")[0];
    let parts = array(c, "cost.api.parts")
        .iter()
        .map(|p| {
            (
                text(p, "part").to_owned(),
                num(p, "tokens_per_month"),
                num(p, "per_mtok"),
                num(p, "monthly_usd"),
            )
        })
        .collect();
    (num(c, "monthly_cost_usd"), parts)
}

const ONE_HOST: &str = "providers: { deny: [azure, aws-bedrock, google-vertex] }";

#[test]
fn issue_11_cache_hits_cost_matches_list_prices() {
    // Claude Sonnet 4.6 at Anthropic: in $3, out $15, cache read $0.30,
    // cache write $3.75 per 1M. 10,000 requests × 1,000 in / 300 out:
    // 8M cached × 0.30 = $2.40; 2M new context written × 3.75 = $7.50;
    // 3M out × 15 = $45 → $54.90 (uncached: 10M × 3 + 45 = $75).
    let req = requirements(
        "cache",
        &format!(
            "task: {{ type: agent }}\nvolume: {{ cache_hit_share: 0.8 }}\n\
             constraints: {{ models: {{ allow: [claude-sonnet-4-6] }}, {ONE_HOST} }}\n"
        ),
    );
    let r = report(&[req.to_str().unwrap()], 0);
    let (total, parts) = only_cost(&r);
    assert_eq!(total, 54.9);
    assert_eq!(
        parts,
        [
            ("cache-write".to_owned(), 2e6, 3.75, 7.5),
            ("cached-input".to_owned(), 8e6, 0.3, 2.4),
            ("output".to_owned(), 3e6, 15.0, 45.0),
        ]
    );
    assert_eq!(num(&r, "requirements.volume.cache_hit_share"), 0.8);
}

#[test]
fn issue_11_batch_share_cost_matches_list_prices() {
    // GPT-5.4 at OpenAI, batch API: in $1.25, out $7.50 per 1M (standard
    // 2.50 / 15). latency.class batch → batch_share 1.0:
    // 10M × 1.25 + 3M × 7.5 = 12.5 + 22.5 = $35.
    let req = requirements(
        "batch",
        &format!(
            "task: {{ type: extraction }}\nlatency: {{ class: batch, ttft_ms: 500 }}\n\
             constraints: {{ models: {{ allow: [gpt-5.4] }}, {ONE_HOST} }}\n"
        ),
    );
    // The 500 ms TTFT limit would exclude GPT-5.4 (134 s measured), but a
    // batch share of 1.0 never waits for a first token.
    let r = report(&[req.to_str().unwrap()], 0);
    let (total, parts) = only_cost(&r);
    assert_eq!(total, 35.0);
    assert_eq!(
        parts,
        [
            ("batch-input".to_owned(), 1e7, 1.25, 12.5),
            ("batch-output".to_owned(), 3e6, 7.5, 22.5),
        ]
    );
    assert_eq!(num(&r, "requirements.volume.batch_share"), 1.0);
}

#[test]
fn issue_11_audio_input_mix_uses_the_audio_price() {
    // Gemini 3 Flash Preview on the Gemini API: text in $0.50, audio in
    // $1.00, out $3.00 per 1M. input_mix audio 0.8: 8M audio × 1 = $8;
    // 2M text × 0.5 = $1; 3M out × 3 = $9 → $18 (all text: 5 + 9 = $14).
    let req = requirements(
        "audio",
        &format!(
            "task: {{ type: summarization, input: [text, audio] }}\n\
             volume: {{ input_mix: {{ text: 0.2, audio: 0.8 }} }}\n\
             constraints: {{ models: {{ allow: [gemini-3-flash-preview] }}, {ONE_HOST} }}\n"
        ),
    );
    let r = report(&[req.to_str().unwrap()], 0);
    let (total, parts) = only_cost(&r);
    assert_eq!(total, 18.0);
    assert!(
        parts.contains(&("audio-input".to_owned(), 8e6, 1.0, 8.0)),
        "{parts:?}"
    );
    assert!(
        parts.contains(&("input".to_owned(), 2e6, 0.5, 1.0)),
        "{parts:?}"
    );
}

#[test]
fn issue_11_rate_limit_warning_at_the_right_peak() {
    // Gemini 3.5 Flash on the Gemini API: LiteLLM lists rpm 2,000 and tpm
    // 800,000. With 100 in / 100 out tokens per request, 30 rps is 1,800
    // requests/min and 360,000 tokens/min (under both); 40 rps is 2,400
    // requests/min (over) and 480,000 tokens/min (under).
    let at = |rps: u32| {
        let req = requirements(
            &format!("rate-{rps}"),
            &format!(
                "task: {{ type: chat }}\n\
                 volume: {{ requests_per_month: 1000000, input_tokens: 100, output_tokens: 100, peak_rps: {rps} }}\n\
                 constraints: {{ models: {{ allow: [gemini-3.5-flash] }}, {ONE_HOST} }}\n"
            ),
        );
        report(&[req.to_str().unwrap()], 0)
    };
    let warnings = |r: &Value| -> Vec<String> {
        array(r, "warnings")
            .iter()
            .map(|w| w.as_str().unwrap().to_owned())
            .filter(|w| w.contains("rate limit"))
            .collect()
    };
    assert!(warnings(&at(30)).is_empty(), "{:?}", warnings(&at(30)));
    let w = warnings(&at(40));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("gemini-3.5-flash")
            && w[0].contains("2,400 requests/min")
            && w[0].contains("2,000 requests/min"),
        "{w:?}"
    );
    // A warning, not an exclusion.
    assert_eq!(array(&at(40), "candidates").len(), 1);
}

#[test]
fn issue_11_the_new_examples_show_the_new_cost_parts() {
    for (file, part) in [
        ("requirements/examples/coding-agent.yaml", "cached-input"),
        (
            "requirements/examples/nightly-extraction.yaml",
            "batch-input",
        ),
        ("requirements/examples/call-review.yaml", "audio-input"),
    ] {
        let r = report(&[file], 0);
        let any = array(&r, "candidates").iter().any(|c| {
            c["cost"]["api"]["parts"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["part"] == part))
        });
        assert!(any, "{file}: no candidate has a {part} part");
        for format in ["table", "markdown"] {
            let out = fmselect(&["recommend", file, "--format", format]);
            assert_eq!(code(&out), 0);
            assert!(
                stdout(&out).contains(part),
                "{file} {format}: the {part} part is not shown"
            );
        }
    }
}

#[test]
fn issue_11_catalog_lists_at_least_90_active_models() {
    let out = fmselect(&["catalog", "list", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let active = array(&v, "models")
        .iter()
        .filter(|m| m["deprecated"].is_null())
        .count();
    assert!(active >= 90, "{active} active models");
}
