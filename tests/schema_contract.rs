//! Issue 13, item 9: the report contract holds. Every JSON document the
//! binary prints — `recommend` on every example (plain, `--explain`,
//! `--evals`), `compare` on every scenario, `catalog list` — is validated
//! with a real JSON Schema validator (the `jsonschema` crate) against the
//! committed schema in `schemas/` (which `schemas_do_not_drift` keeps equal
//! to `fmselect schema`'s output). Nothing here names a report key: a key
//! added to the report types is checked as soon as the schema is
//! regenerated.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::{fmselect, stderr};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The committed schema `name` (e.g. `report.schema.json`), which must be
/// what `fmselect schema DOC` prints.
fn committed_schema(name: &str, doc: &str) -> Value {
    let path = Path::new(ROOT).join("schemas").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let generated = fmselect(&["schema", doc]);
    assert_eq!(
        String::from_utf8_lossy(&generated.stdout),
        text,
        "schemas/{name} is not what `fmselect schema {doc}` prints; regenerate it"
    );
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Runs `args`, and validates its stdout (a JSON report) against `schema`.
fn assert_valid(schema: &jsonschema::Validator, args: &[&str]) -> Value {
    let out = fmselect(args);
    let code = out.status.code();
    assert!(
        matches!(code, Some(0) | Some(3)),
        "{args:?}: exit {code:?}\n{}",
        stderr(&out)
    );
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON: {e}"));
    let errors: Vec<String> = schema
        .iter_errors(&report)
        .take(20)
        .map(|e| format!("  at `{}`: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{args:?}: the report does not match its committed schema:\n{}",
        errors.join("\n")
    );
    report
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).expect("the committed schema is a valid JSON Schema")
}

/// The YAML files of `dir`, sorted, split into requirements and scenarios
/// (a scenario has top-level `options`).
fn inputs(dir: &str) -> (Vec<String>, Vec<String>) {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .expect("the folder exists")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.ends_with(".yaml").then(|| format!("{dir}/{name}"))
        })
        .collect();
    files.sort();
    files.into_iter().partition(|f| {
        let text = std::fs::read_to_string(Path::new(ROOT).join(f)).unwrap_or_default();
        !text.lines().any(|l| l.starts_with("options:"))
    })
}

#[test]
fn every_recommend_report_matches_the_committed_schema() {
    let schema = validator(&committed_schema("report.schema.json", "report"));
    let (requirements, _) = inputs("requirements/examples");
    assert!(requirements.len() >= 5, "{requirements:?}");
    let mut checked = 0;
    for req in &requirements {
        for extra in [&[][..], &["--explain"][..]] {
            let mut args = vec!["recommend", req.as_str(), "--format", "json"];
            args.extend_from_slice(extra);
            assert_valid(&schema, &args);
            checked += 1;
        }
    }
    // With eval results (the promptfoo fixture and its catalog).
    let dir = "tests/fixtures/evals";
    for extra in [&[][..], &["--explain"][..]] {
        let (req, cat, evals) = (
            format!("{dir}/requirements.yaml"),
            format!("{dir}/catalog.yaml"),
            format!("{dir}/ranking-flip.json"),
        );
        let mut args = vec![
            "recommend",
            req.as_str(),
            "--catalog",
            cat.as_str(),
            "--evals",
            evals.as_str(),
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let report = assert_valid(&schema, &args);
        assert!(
            report["evals"].get("measured").is_some(),
            "the --evals report has no `measured` section: {report:#}"
        );
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} reports checked");
}

#[test]
fn every_compare_report_matches_the_committed_schema() {
    let schema = validator(&committed_schema(
        "compare-report.schema.json",
        "compare-report",
    ));
    let (_, mut scenarios) = inputs("requirements/examples");
    scenarios.extend(inputs("tests/fixtures/recommend").1);
    assert!(scenarios.len() >= 3, "{scenarios:?}");
    for scenario in &scenarios {
        assert_valid(&schema, &["compare", scenario, "--format", "json"]);
    }
}

#[test]
fn catalog_list_matches_the_committed_schema() {
    let schema = validator(&committed_schema(
        "catalog-list.schema.json",
        "catalog-list",
    ));
    assert_valid(&schema, &["catalog", "list", "--format", "json"]);
    let evals_catalog = "tests/fixtures/evals/catalog.yaml";
    assert_valid(
        &schema,
        &[
            "catalog",
            "list",
            "--catalog",
            evals_catalog,
            "--format",
            "json",
        ],
    );
}

/// The validator is real: a report with a wrong type fails.
#[test]
fn the_validator_refuses_a_broken_report() {
    let schema = validator(&committed_schema("report.schema.json", "report"));
    let out = fmselect(&[
        "recommend",
        "requirements/examples/minimal.yaml",
        "--format",
        "json",
    ]);
    let mut report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["schema_version"] = Value::String("one".into());
    assert!(!schema.is_valid(&report));
}
