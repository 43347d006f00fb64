//! `fmselect export promptfoo|litellm` (issue 5, items 4 and 5).
//!
//! Each export is parsed back with serde-saphyr into a JSON value and checked
//! against the documented shape of the target tool's file:
//! promptfoo's config (`/work/shared/data/promptfoo/FORMAT.md` §3: providers
//! as `{id, label?, config?}`, prompts, tests with `vars` and `assert`), and
//! LiteLLM's proxy config (`/work/shared/data/litellm-proxy/FORMAT.md`:
//! `model_list` entries with `model_name` and `litellm_params.model`,
//! `router_settings`, `litellm_settings.fallbacks` as one-key maps).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

/// 2026-11-30, the catalogs' `as_of`.
const DIR: &str = "tests/fixtures/evals";

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// Runs an export and returns its text (exit 0 required).
fn export(kind: &str, req: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", kind, req];
    args.extend_from_slice(extra);
    let o = fmselect(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

fn fixture_export(kind: &str) -> String {
    let cat = fixture("catalog.yaml");
    export(kind, &fixture("requirements.yaml"), &["--catalog", &cat])
}

fn parse(text: &str) -> Value {
    serde_saphyr::from_str::<Value>(text).unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"))
}

fn recommend_json(req: &str, extra: &[&str]) -> Value {
    let mut args = vec!["recommend", req, "--format", "json"];
    args.extend_from_slice(extra);
    let o = fmselect(&args);
    assert_eq!(o.status.code(), Some(0));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn examples() -> Vec<String> {
    let files = cli::requirement_examples();
    assert!(files.len() >= 5, "{files:?}");
    files
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("expected a mapping, found {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

// ---------------------------------------------------------------------------
// promptfoo

/// The documented promptfoo provider id prefixes fmselect writes.
const PROMPTFOO_PREFIXES: &[&str] = &[
    "openai:chat:",
    "anthropic:messages:",
    "google:",
    "vertex:",
    "bedrock:",
    "azure:chat:",
    "togetherai:",
    "groq:",
    "fireworks:",
    "deepseek:",
    "mistral:",
    "xai:",
    "alibaba:",
    "moonshot:",
    "openrouter:",
];

/// Checks a promptfoo config against FORMAT.md's shape; returns it parsed.
fn check_promptfoo_shape(text: &str) -> Value {
    assert!(
        text.starts_with("# ")
            && text
                .lines()
                .nth(1)
                .unwrap()
                .contains("fmselect export promptfoo"),
        "the header says which command generated it:\n{text}"
    );
    let v = parse(text);
    let top = keys(&v);
    let allowed: BTreeSet<&str> = [
        "description",
        "providers",
        "prompts",
        "tests",
        "defaultTest",
    ]
    .into();
    assert!(top.is_subset(&allowed), "unexpected top-level keys {top:?}");
    for k in ["providers", "prompts", "tests"] {
        assert!(top.contains(k), "missing `{k}`");
    }
    assert!(v["description"].is_string());

    let providers = v["providers"].as_array().expect("providers is a list");
    assert!(!providers.is_empty());
    for p in providers {
        let k = keys(p);
        assert!(k.is_subset(&["id", "label", "config"].into()), "{p}");
        let id = p["id"].as_str().expect("provider id is a string");
        assert!(
            PROMPTFOO_PREFIXES
                .iter()
                .any(|x| id.starts_with(x) && id.len() > x.len()),
            "unknown provider id syntax `{id}`"
        );
        assert!(p["label"].is_string(), "{p}");
        if let Some(c) = p.get("config") {
            assert!(c.is_object(), "{p}");
            if let Some(url) = c.get("apiBaseUrl") {
                let url = url.as_str().unwrap();
                assert!(
                    url.starts_with("http")
                        && (url.ends_with("/v1")
                            || url.ends_with("/openai")
                            || url.ends_with("/endpoints/openapi")),
                    "{url}"
                );
            }
            // Every key is named, and where promptfoo would fall back to
            // OPENAI_API_KEY the key is pinned to that same variable.
            if let Some(env) = c.get("apiKeyEnvar") {
                let env = env.as_str().unwrap();
                if let Some(key) = c.get("apiKey") {
                    assert_eq!(key.as_str().unwrap(), format!("{{{{ env.{env} }}}}"), "{p}");
                }
                assert!(
                    text.contains(&format!("apiKeyEnvar: {env}  # {env} must be set")),
                    "{env}"
                );
            }
        }
    }
    let labels: Vec<&str> = providers
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&&str> = labels.iter().collect();
    assert_eq!(
        unique.len(),
        labels.len(),
        "labels map results back: unique"
    );

    let prompts = v["prompts"].as_array().expect("prompts is a list");
    assert!(!prompts.is_empty());
    assert!(
        prompts
            .iter()
            .all(|p| p.as_str().is_some_and(|s| !s.is_empty()))
    );

    let tests = v["tests"].as_array().expect("tests is a list");
    assert!(!tests.is_empty());
    for t in tests {
        assert!(
            keys(t).is_subset(&["description", "vars", "assert"].into()),
            "{t}"
        );
        let vars = t["vars"].as_object().expect("vars is a mapping");
        assert!(vars.values().all(Value::is_string), "{t}");
        if let Some(asserts) = t.get("assert") {
            for a in asserts.as_array().expect("assert is a list") {
                assert_eq!(keys(a), ["type", "value"].into(), "{a}");
                assert!(
                    ["icontains", "llm-rubric"].contains(&a["type"].as_str().unwrap()),
                    "{a}"
                );
                assert!(a["value"].is_string());
            }
        }
    }
    v
}

#[test]
fn promptfoo_export_has_promptfoos_documented_shape() {
    let text = fixture_export("promptfoo");
    let v = check_promptfoo_shape(&text);

    // One provider per shortlisted model, labelled with the fmselect id, in
    // the eval plan's order.
    let cat = fixture("catalog.yaml");
    let report = recommend_json(&fixture("requirements.yaml"), &["--catalog", &cat]);
    let shortlist: Vec<&str> = report["evals"]["shortlist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let labels: Vec<&str> = v["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, shortlist);

    let provider = |label: &str| {
        v["providers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["label"] == label)
            .unwrap()
            .clone()
    };
    // The API model: the host's provider id + the offering's api_id.
    assert_eq!(provider("alpha")["id"], "openai:chat:alpha-1");
    // The sensitive route's self-hosted model: an OpenAI-compatible endpoint
    // with a placeholder base URL and a comment saying to replace it.
    let gamma = provider("gamma");
    assert_eq!(gamma["id"], "openai:chat:test-lab/Gamma-70B");
    assert_eq!(gamma["config"]["apiBaseUrl"], "http://localhost:8000/v1");
    assert!(text.contains("apiBaseUrl: http://localhost:8000/v1  # placeholder: replace"));

    // `evals:` of the requirements: prompts, vars, expect_contains → icontains,
    // rubric → llm-rubric.
    assert_eq!(
        v["prompts"][0],
        "You are a support assistant.\nAnswer briefly.\n\nQuestion: {{question}}"
    );
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 2);
    assert_eq!(tests[0]["description"], "refund window");
    assert_eq!(
        tests[0]["vars"]["question"],
        "How long do I have to return an item?"
    );
    assert_eq!(tests[0]["assert"][0]["type"], "icontains");
    assert_eq!(tests[0]["assert"][0]["value"], "30 days");
    assert_eq!(tests[1]["assert"][0]["type"], "llm-rubric");
    // Confidential data: the header warns about sending tests to hosted APIs.
    assert!(text.contains("WARNING: your data is confidential"));
    // The round trip: the header tells how to feed results back.
    assert!(text.contains("--evals results.json"));
}

#[test]
fn promptfoo_export_without_evals_key_has_a_valid_placeholder() {
    for req in examples() {
        let text = export("promptfoo", &req, &[]);
        let v = check_promptfoo_shape(&text);
        let report = recommend_json(&req, &[]);
        assert_eq!(
            v["providers"].as_array().unwrap().len(),
            report["evals"]["shortlist"].as_array().unwrap().len(),
            "{req}"
        );
        assert!(
            text.contains("# Placeholder: replace with your real prompt template"),
            "{req}"
        );
        assert_eq!(v["tests"].as_array().unwrap().len(), 1, "{req}");
    }
}

#[test]
fn promptfoo_ids_for_the_embedded_catalogs_hosts() {
    // The knowledge assistant: a blend of a self-hosted sensitive route, a
    // closed API and an open model on a hosted API.
    let text = export(
        "promptfoo",
        "requirements/examples/knowledge-assistant.yaml",
        &[],
    );
    let v = check_promptfoo_shape(&text);
    for p in v["providers"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let label = p["label"].as_str().unwrap();
        assert!(!label.is_empty());
        // Self-hosted and OpenAI-compatible hosts carry a base URL.
        if p["config"].get("apiBaseUrl").is_some() {
            assert!(id.starts_with("openai:chat:"), "{id}");
        }
    }
}

/// A host promptfoo has no provider for: the same model on another allowed
/// host stands in (said in a comment and on stderr); with no other host, a
/// placeholder OpenAI-compatible endpoint is written. LiteLLM knows `zai/`.
#[test]
fn unmapped_hosts_are_substituted_or_left_as_placeholders() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-export-unmapped-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let req = dir.join("req.yaml");
    std::fs::write(&req, "task:\n  type: chat\n").unwrap();
    let req = req.to_string_lossy().into_owned();
    let cat = fixture("unmapped-hosts-catalog.yaml");
    let o = fmselect(&["export", "promptfoo", &req, "--catalog", &cat]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let v = check_promptfoo_shape(&text);
    let providers = v["providers"].as_array().unwrap();
    let delta = providers.iter().find(|p| p["label"] == "delta").unwrap();
    // Together through promptfoo's OpenAI provider (its `togetherai:`
    // provider cannot be given a key; see src/export/promptfoo.rs).
    assert_eq!(delta["id"], "openai:chat:test-lab/Delta");
    assert_eq!(delta["config"]["apiBaseUrl"], "https://api.together.xyz/v1");
    assert_eq!(delta["config"]["apiKey"], "{{ env.TOGETHER_API_KEY }}");
    let epsilon = providers.iter().find(|p| p["label"] == "epsilon").unwrap();
    assert_eq!(epsilon["id"], "openai:chat:eps-1");
    assert_eq!(
        epsilon["config"]["apiBaseUrl"],
        "https://REPLACE-WITH-HOST-ENDPOINT/v1"
    );
    assert_eq!(epsilon["config"]["apiKeyEnvar"], "NOWHERE_AI_API_KEY");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`delta`") && err.contains("host `zhipu`"),
        "{err}"
    );
    assert!(
        err.contains("`epsilon`") && err.contains("placeholder"),
        "{err}"
    );

    let text = export("litellm", &req, &["--catalog", &cat]);
    let v = check_litellm_shape(&text);
    assert_eq!(v["model_list"][0]["litellm_params"]["model"], "zai/delta-1");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn export_to_a_file_writes_it_whole_and_keeps_stdout_empty() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for kind in ["promptfoo", "litellm"] {
        let path: PathBuf = dir.join(format!("{kind}.yaml"));
        std::fs::write(&path, "old content\n").unwrap();
        let cat = fixture("catalog.yaml");
        let p = path.to_string_lossy().into_owned();
        let o = fmselect(&[
            "export",
            kind,
            &fixture("requirements.yaml"),
            "--catalog",
            &cat,
            "-o",
            &p,
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.stdout.is_empty());
        assert!(String::from_utf8_lossy(&o.stderr).contains("config written to"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            fixture_export(kind)
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exports_are_deterministic() {
    for kind in ["promptfoo", "litellm"] {
        assert_eq!(fixture_export(kind), fixture_export(kind), "{kind}");
    }
}

#[test]
fn nothing_satisfies_means_exit_3_and_nothing_written() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-export-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let req = dir.join("req.yaml");
    std::fs::write(&req, "# No model of the fixture catalog accepts video.\ntask:\n  type: chat\n  input: [text, video]\n").unwrap();
    let out = dir.join("out.yaml");
    for kind in ["promptfoo", "litellm"] {
        let o = fmselect(&[
            "export",
            kind,
            req.to_str().unwrap(),
            "--catalog",
            &fixture("catalog.yaml"),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(3), "{kind}");
        assert!(o.stdout.is_empty());
        assert!(!out.exists(), "{kind}: nothing is written");
        assert!(String::from_utf8_lossy(&o.stderr).contains("no model satisfies"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unusable_input_is_exit_1_with_empty_stdout() {
    let o = fmselect(&[
        "export",
        "promptfoo",
        "tests/fixtures/evals/no-such-req.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[file-not-found]"));
}

// ---------------------------------------------------------------------------
// LiteLLM

/// Checks a LiteLLM proxy config against FORMAT.md's shape; returns it parsed.
fn check_litellm_shape(text: &str) -> Value {
    assert!(
        text.starts_with("# ")
            && text
                .lines()
                .nth(1)
                .unwrap()
                .contains("fmselect export litellm"),
        "{text}"
    );
    assert!(
        text.contains("your application decides") || text.contains("Clients send every request")
    );
    let v = parse(text);
    let top = keys(&v);
    let allowed: BTreeSet<&str> = [
        "model_list",
        "router_settings",
        "litellm_settings",
        "general_settings",
    ]
    .into();
    assert_eq!(top, allowed);
    let list = v["model_list"].as_array().expect("model_list is a list");
    assert!(!list.is_empty());
    for e in list {
        assert!(keys(e).is_subset(&["model_name", "litellm_params", "model_info"].into()));
        let name = e["model_name"].as_str().unwrap();
        assert!(name.starts_with("fmselect-"), "{name}");
        let params = e["litellm_params"].as_object().expect("litellm_params");
        let model = params["model"].as_str().unwrap();
        assert!(model.contains('/'), "provider prefix: {model}");
        // Never a secret: every credential-like value is an env reference.
        for (k, val) in params {
            if [
                "api_key",
                "aws_secret_access_key",
                "aws_access_key_id",
                "vertex_credentials",
            ]
            .contains(&k.as_str())
            {
                assert!(
                    val.as_str().is_some_and(|s| s.starts_with("os.environ/")),
                    "{k}: {val}"
                );
            }
        }
        if model.starts_with("hosted_vllm/") {
            assert_eq!(params["api_base"], "http://localhost:8000/v1");
        }
    }
    assert!(v["router_settings"]["routing_strategy"].is_string());
    assert!(
        v["general_settings"]["master_key"]
            .as_str()
            .unwrap()
            .starts_with("os.environ/")
    );
    let names: BTreeSet<&str> = list
        .iter()
        .map(|e| e["model_name"].as_str().unwrap())
        .collect();
    for f in v["litellm_settings"]["fallbacks"]
        .as_array()
        .expect("fallbacks list")
    {
        let m = f.as_object().unwrap();
        assert_eq!(m.len(), 1, "one group per fallback entry: {f}");
        let (from, to) = m.iter().next().unwrap();
        assert!(names.contains(from.as_str()), "{from}");
        for t in to.as_array().unwrap() {
            assert!(names.contains(t.as_str().unwrap()), "{t}");
        }
    }
    v
}

/// The sensitive model groups' fallbacks, with whether each target is local.
fn sensitive_fallback_targets(v: &Value) -> Vec<(String, String)> {
    let list = v["model_list"].as_array().unwrap();
    let model_of = |group: &str| {
        list.iter()
            .find(|e| e["model_name"] == group)
            .map(|e| e["litellm_params"]["model"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let mut out = Vec::new();
    for f in v["litellm_settings"]["fallbacks"].as_array().unwrap() {
        let (from, to) = f.as_object().unwrap().iter().next().unwrap();
        if from == "fmselect-sensitive" {
            for t in to.as_array().unwrap() {
                let t = t.as_str().unwrap();
                out.push((t.to_owned(), model_of(t)));
            }
        }
    }
    out
}

#[test]
fn litellm_export_has_litellms_documented_shape() {
    let text = fixture_export("litellm");
    let v = check_litellm_shape(&text);
    let cat = fixture("catalog.yaml");
    let report = recommend_json(&fixture("requirements.yaml"), &["--catalog", &cat]);
    let routes = report["strategy"]["routes"].as_array().unwrap();
    // The sensitive route (self-hosted) and the public-API route run on two
    // proxies.
    let sensitive_text = export(
        "litellm",
        &fixture("requirements.yaml"),
        &["--catalog", &cat, "--sensitive-proxy"],
    );
    let sensitive = check_litellm_shape(&sensitive_text);
    let list: Vec<Value> = [&v, &sensitive]
        .iter()
        .flat_map(|c| c["model_list"].as_array().unwrap().clone())
        .collect();
    // Every route is served; a local non-sensitive group may be on both.
    let names: BTreeSet<String> = list
        .iter()
        .map(|e| e["model_name"].as_str().unwrap().to_owned())
        .collect();
    let expected: BTreeSet<String> = routes
        .iter()
        .map(|r| format!("fmselect-{}", r["traffic"].as_str().unwrap()))
        .collect();
    assert_eq!(names, expected);
    for e in sensitive["model_list"].as_array().unwrap() {
        assert!(
            e["litellm_params"]["model"]
                .as_str()
                .unwrap()
                .starts_with("hosted_vllm/"),
            "the sensitive proxy holds only local groups: {e}"
        );
    }
    assert!(
        !v["model_list"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["model_name"] == "fmselect-sensitive")
    );
    assert!(text.contains("The sensitive route is NOT in this proxy"));
    assert!(sensitive_text.contains("send sensitive requests here"));
    let group = |name: &str| list.iter().find(|e| e["model_name"] == name).unwrap();
    // The sensitive route on self-hosted weights, the rest on the API.
    assert_eq!(
        group("fmselect-sensitive")["litellm_params"]["model"],
        "hosted_vllm/test-lab/Gamma-70B"
    );
    // The self-hosted GPUs also carry the non-sensitive bulk on capacity
    // already paid for; the hard cases go to the API.
    assert_eq!(
        group("fmselect-complex")["litellm_params"]["model"],
        "openai/alpha-1"
    );
    assert_eq!(
        group("fmselect-complex")["litellm_params"]["api_key"],
        "os.environ/OPENAI_API_KEY"
    );
    assert!(sensitive_text.contains("30% confidential requests"));
    // Neither route may fall back: the sensitive one has no other local
    // group, and the complex one has no peer of its quality.
    assert_eq!(v["litellm_settings"]["fallbacks"], Value::Array(Vec::new()));
}

#[test]
fn litellm_blend_routes_for_the_knowledge_assistant() {
    let text = export(
        "litellm",
        "requirements/examples/knowledge-assistant.yaml",
        &[],
    );
    let v = check_litellm_shape(&text);
    let names: Vec<&str> = v["model_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["model_name"].as_str().unwrap())
        .collect();
    // The sensitive route runs on its own proxy, with local groups only.
    assert!(!names.contains(&"fmselect-sensitive"), "{names:?}");
    let sensitive = check_litellm_shape(&export(
        "litellm",
        "requirements/examples/knowledge-assistant.yaml",
        &["--sensitive-proxy"],
    ));
    for e in sensitive["model_list"].as_array().unwrap() {
        assert!(
            e["litellm_params"]["model"]
                .as_str()
                .unwrap()
                .starts_with("hosted_vllm/"),
            "{e}"
        );
    }
    assert!(
        sensitive["model_list"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["model_name"] == "fmselect-sensitive")
    );
    // complex ↔ bulk back each other up when both exist.
    let fallbacks = &v["litellm_settings"]["fallbacks"];
    if names.contains(&"fmselect-complex") && names.contains(&"fmselect-bulk") {
        assert!(
            fallbacks
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.get("fmselect-complex").is_some())
        );
        assert!(
            fallbacks
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.get("fmselect-bulk").is_some())
        );
    }
}

/// The rule of the issue: NEVER a fallback that sends the sensitive route
/// off-premises — checked on every example's export.
#[test]
fn the_sensitive_route_never_falls_back_off_premises() {
    for req in examples() {
        let o = fmselect(&["export", "litellm", &req]);
        if o.status.code() == Some(3) {
            continue;
        }
        let text = String::from_utf8(o.stdout).unwrap();
        let v = check_litellm_shape(&text);
        for (group, model) in sensitive_fallback_targets(&v) {
            assert!(
                model.starts_with("hosted_vllm/"),
                "{req}: fmselect-sensitive falls back to {group} ({model}), which is not self-hosted"
            );
        }
        let report = recommend_json(&req, &[]);
        if report["requirements"]["data"]["sensitivity"] == "confidential"
            || report["requirements"]["data"]["sensitivity"] == "regulated"
        {
            assert!(
                text.contains("never falls back to a deployment outside your infrastructure"),
                "{req}"
            );
        }
    }
}
