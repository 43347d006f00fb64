//! End-to-end tests of `fmselect diff` and `fmselect check` (issue 15): the
//! decision under watch. Decisions are real `recommend --format json`
//! reports; catalog edits are small `--catalog` override files layered over
//! the embedded catalog (a later model with the same id replaces the
//! embedded one); the JSON diff is validated against the committed schema
//! with a real JSON Schema validator.

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::*;

const KA: &str = "requirements/examples/knowledge-assistant.yaml";
const LONG: &str = "requirements/examples/long-context.yaml";
/// The closed model of the knowledge assistant's `complex` API route.
/// The closed API model on the knowledge assistant's `complex` route.
const COMPLEX_MODEL: &str = "claude-opus-5";

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

/// `recommend --format json` into a file, as a team commits its decision.
fn decision(dir: &Path, name: &str, args: &[&str]) -> String {
    let o = fmselect(&[&["recommend"], args, &["--format", "json"]].concat());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    write(dir, name, &stdout(&o))
}

/// A one-model catalog file holding `id`'s entry from the embedded
/// catalog, passed through `edit` (which must change it).
fn override_catalog(dir: &Path, id: &str, mut edit: impl FnMut(&str) -> String) -> String {
    let embedded = [
        "catalog/models.yaml",
        "catalog/models-open.yaml",
        "catalog/models-lineup.yaml",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).unwrap())
    .collect::<Vec<_>>()
    .join("\n");
    let head = format!("  - id: {id}");
    let mut lines = embedded.lines().skip_while(|l| *l != head);
    let mut block = vec![lines.next().expect("the model is in the embedded catalog")];
    block.extend(lines.take_while(|l| l.starts_with("    ") || l.trim().is_empty()));
    let entry = block.join("\n");
    let edited = edit(&entry);
    assert_ne!(edited, entry, "the edit changed nothing");
    write(
        dir,
        &format!("{id}-override.yaml"),
        &format!("schema_version: 1\nas_of: 2026-11-30\nmodels:\n{edited}\n"),
    )
}

/// Halves the input, output and cached-input prices of the model's
/// first-party API offering (the first `kind: api`).
fn half_api_price(entry: &str) -> String {
    let mut out = Vec::new();
    let mut in_api = false;
    let mut done = false;
    for line in entry.lines() {
        let t = line.trim_start();
        if t.starts_with("- kind:") {
            in_api = !done && t == "- kind: api";
            done |= in_api;
        }
        let price = [
            "input_per_mtok: ",
            "output_per_mtok: ",
            "cached_input_per_mtok: ",
        ]
        .iter()
        .find(|k| t.starts_with(**k));
        match (in_api, price) {
            (true, Some(k)) => {
                let v: f64 = t[k.len()..].parse().unwrap();
                let indent = &line[..line.len() - t.len()];
                out.push(format!("{indent}{k}{}", v / 2.0));
            }
            _ => out.push(line.to_owned()),
        }
    }
    out.join("\n")
}

fn diff_json(args: &[&str]) -> (i32, Value) {
    let o = fmselect(&[args, &["--format", "json"]].concat());
    assert!(code(&o) == 0 || code(&o) == 4, "{}", stderr(&o));
    (code(&o), json(&o))
}

fn changes(d: &Value) -> &Vec<Value> {
    array(d, "changes")
}

fn schema_errors(d: &Value) -> Vec<String> {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/diff.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the committed schema compiles");
    validator.iter_errors(d).map(|e| e.to_string()).collect()
}

fn validate(d: &Value) {
    let errors = schema_errors(d);
    assert!(errors.is_empty(), "the diff breaks its schema: {errors:#?}");
}

#[test]
fn identical_reports_are_no_change() {
    let dir = scratch("identical");
    let a = decision(&dir, "a.json", &[KA]);
    let o = fmselect(&["diff", &a, &a]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("fmselect diff — no change\n"),
        "{}",
        stdout(&o)
    );
    // check re-runs the same inputs: the same decision.
    let o = fmselect(&["check", KA, "--against", &a]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("— no change\n"), "{}", stdout(&o));
    let (_, d) = diff_json(&["check", KA, "--against", &a]);
    assert_eq!(at(&d, "summary"), "no change");
    assert!(changes(&d).is_empty() && array(&d, "not_compared").is_empty());
    validate(&d);
    // The schema is strict enough to catch a wrong document.
    let mut wrong = d.clone();
    wrong["changes"] = serde_json::json!([{ "aspect": "price" }]);
    wrong["fail_on"] = serde_json::json!(["everything"]);
    assert!(
        schema_errors(&wrong).len() >= 2,
        "{:#?}",
        schema_errors(&wrong)
    );
}

#[test]
fn a_price_cut_counts_only_beyond_the_cost_tolerance() {
    let dir = scratch("price");
    let a = decision(&dir, "a.json", &[KA]);
    let cut = override_catalog(&dir, COMPLEX_MODEL, half_api_price);
    let b = decision(
        &dir,
        "b.json",
        &[KA, "--catalog", "@embedded", "--catalog", &cut],
    );
    let old: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    let new: Value = serde_json::from_str(&std::fs::read_to_string(&b).unwrap()).unwrap();
    let (x, y) = (
        num(&old, "strategy.monthly_cost_usd"),
        num(&new, "strategy.monthly_cost_usd"),
    );
    assert!(
        y < x,
        "halving {COMPLEX_MODEL}'s price lowers the plan's cost"
    );
    let moved_pct = (x - y) / x * 100.0;
    let inside = format!("{}", (moved_pct + 1.0).ceil());
    let outside = format!("{}", (moved_pct / 2.0 * 100.0).floor() / 100.0);

    let fail_on = ["--fail-on", "strategy,routes,cost"];
    let (c, d) =
        diff_json(&[&["diff", &a, &b, "--cost-tolerance", &inside], &fail_on[..]].concat());
    assert_eq!(c, 0, "{d:#}");
    let cost = changes(&d)
        .iter()
        .find(|c| at(c, "subject") == "strategy.monthly_cost_usd")
        .expect("the cost move is listed");
    assert_eq!(at(cost, "counts"), false);
    assert!(
        (num(cost, "change_pct") + moved_pct).abs() < 0.06,
        "{cost:#}"
    );
    validate(&d);

    let o = fmselect(
        &[
            &["diff", &a, &b, "--cost-tolerance", &outside],
            &fail_on[..],
        ]
        .concat(),
    );
    assert_eq!(code(&o), 4, "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("fmselect diff — the decision changed: cost\n"),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.contains("monthly cost"))
        .expect("a cost line");
    assert!(
        line.contains(&format!("beyond the {outside}% tolerance")),
        "{line}"
    );
    assert!(
        line.trim_start().starts_with("│ !"),
        "the cost line counts: {line}"
    );

    // Without `cost` in --fail-on the same move is shown but does not fail.
    let o = fmselect(&["diff", &a, &b, "--cost-tolerance", &outside]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("monthly cost"));
}

#[test]
fn a_catalog_edit_that_excludes_a_chosen_model_is_named_with_its_reason() {
    let dir = scratch("exclusion");
    let a = decision(&dir, "a.json", &[KA]);
    let old: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    let route = array(&old, "strategy.routes")
        .iter()
        .find(|r| at(r, "model") == COMPLEX_MODEL)
        .expect("the knowledge assistant routes traffic to the closed model");
    let traffic = text(route, "traffic").to_owned();
    // Its context window shrinks below the 16,000 tokens the prompts need.
    let small = override_catalog(&dir, COMPLEX_MODEL, |e| {
        e.lines()
            .map(|l| {
                if l.starts_with("    context_window: ") {
                    "    context_window: 8000".to_owned()
                } else if l.starts_with("    max_input_tokens: ") {
                    "    max_input_tokens: 8000".to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    let catalogs = ["--catalog", "@embedded", "--catalog", &small];
    let o = fmselect(&[&["check", KA, "--against", &a], &catalogs[..]].concat());
    assert_eq!(code(&o), 4, "{}", stdout(&o));
    // The reason is the one the fresh report gives.
    let fresh = fmselect(&[&["recommend", KA, "--format", "json"], &catalogs[..]].concat());
    let fresh = json(&fresh);
    let reasons = array(&fresh, "excluded")
        .iter()
        .find(|e| at(e, "id") == COMPLEX_MODEL)
        .map(|e| array(e, "reasons").clone())
        .expect("the model is excluded now");
    let first_reason = reasons[0].as_str().unwrap();
    assert!(first_reason.contains("context window"), "{first_reason}");
    assert!(
        stdout(&o).contains(&format!(
            "{COMPLEX_MODEL} (route `{traffic}`) is now excluded: "
        )),
        "{}",
        stdout(&o)
    );

    let (_, d) = diff_json(&[&["check", KA, "--against", &a], &catalogs[..]].concat());
    validate(&d);
    assert_eq!(at(&d, "changed"), &serde_json::json!(["routes"]));
    let first = &changes(&d)[0];
    assert_eq!(at(first, "aspect"), "route");
    assert_eq!(at(first, "subject"), format!("route {traffic}").as_str());
    assert_eq!(at(first, "old.model"), COMPLEX_MODEL);
    let exclusion = changes(&d)
        .iter()
        .find(|c| at(c, "aspect") == "exclusion" && at(c, "subject") == COMPLEX_MODEL)
        .expect("the exclusion is listed");
    assert!(
        text(exclusion, "statement").starts_with(&format!(
            "{COMPLEX_MODEL} (route `{traffic}`) is now excluded: {first_reason}"
        )),
        "{exclusion:#}"
    );
    assert_eq!(at(exclusion, "new"), &Value::Array(reasons));
}

#[test]
fn a_benchmark_edit_shows_the_figures_behind_the_quality_change() {
    let dir = scratch("benchmark");
    let a = decision(&dir, "a.json", &[KA]);
    let mut was = String::new();
    let edited = override_catalog(&dir, COMPLEX_MODEL, |e| {
        e.lines()
            .map(
                |l| match l.trim_start().strip_prefix("aa_intelligence_v4_1r: ") {
                    Some(v) => {
                        was = v.to_owned();
                        "      aa_intelligence_v4_1r: 41".to_owned()
                    }
                    None => l.to_owned(),
                },
            )
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert!(!was.is_empty() && was != "41");
    let (_, d) = diff_json(&[
        "check",
        KA,
        "--against",
        &a,
        "--catalog",
        "@embedded",
        "--catalog",
        &edited,
    ]);
    validate(&d);
    let fact = changes(&d)
        .iter()
        .find(|c| at(c, "subject") == format!("{COMPLEX_MODEL} quality reason").as_str())
        .unwrap_or_else(|| panic!("no quality fact: {d:#}"));
    assert!(
        text(fact, "old").contains(&format!(
            "Artificial Analysis Intelligence Index v4.1 (re-scored) {was}"
        )),
        "{fact:#}"
    );
    assert!(
        text(fact, "new").contains("Artificial Analysis Intelligence Index v4.1 (re-scored) 41"),
        "{fact:#}"
    );
    let quality = changes(&d)
        .iter()
        .find(|c| at(c, "subject") == format!("{COMPLEX_MODEL} quality").as_str())
        .expect("the quality figure moved");
    assert!(num(quality, "new") < num(quality, "old"));
}

/// `text` with its `requests_per_month` set to `volume`.
fn with_volume(text: &str, volume: u64) -> String {
    let out: String = text
        .lines()
        .map(
            |l| match l.trim_start().strip_prefix("requests_per_month:") {
                Some(_) => format!("  requests_per_month: {volume}"),
                None => l.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(out, text, "no requests_per_month to change");
    out
}

#[test]
fn a_strategy_flip_comes_first() {
    let dir = scratch("flip");
    // The decision was taken at a far higher volume, where self-hosting
    // pays; the requirements now say the example's own volume. The first
    // example and volume at which the strategy differs is used, so the test
    // follows catalog and cost-model changes rather than pinning one.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let req = dir.join("req.yaml").to_str().unwrap().to_owned();
    let strategy = |path: &str| -> Value {
        let o = fmselect(&["recommend", path, "--format", "json"]);
        at(&json(&o), "strategy.kind").clone()
    };
    let (original, a, old_kind, new_kind) = [
        LONG,
        "requirements/examples/max-quality.yaml",
        "requirements/examples/multimodal.yaml",
    ]
    .iter()
    .find_map(|example| {
        let original = std::fs::read_to_string(root.join(example)).unwrap();
        let now = strategy(example);
        [100_000u64, 1_000_000, 10_000_000].iter().find_map(|v| {
            write(&dir, "req.yaml", &with_volume(&original, *v));
            let then = strategy(&req);
            (then != now).then(|| {
                let a = decision(&dir, "a.json", &[&req]);
                (original.clone(), a, then, now.clone())
            })
        })
    })
    .expect("some example changes strategy at a higher volume");
    let (old_kind, new_kind) = (old_kind.as_str().unwrap(), new_kind.as_str().unwrap());
    write(&dir, "req.yaml", &original);

    let o = fmselect(&["check", &req, "--against", &a]);
    assert_eq!(code(&o), 4, "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("fmselect diff — the decision changed: strategy,routes\n"),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("│ ")).collect();
    assert!(
        rows[1].starts_with("│ ! ┆ strategy ")
            && rows[1].contains(&format!("{old_kind} → {new_kind}")),
        "{text}"
    );

    let (_, d) = diff_json(&["check", &req, "--against", &a]);
    validate(&d);
    let first = &changes(&d)[0];
    assert_eq!(at(first, "aspect"), "strategy");
    assert_eq!(
        (at(first, "old"), at(first, "new")),
        (&old_kind.into(), &new_kind.into())
    );
    assert!(
        changes(&d)
            .iter()
            .any(|c| at(c, "subject") == "requirements.volume.requests_per_month")
    );

    // Markdown for the pull-request comment, same order.
    let o = fmselect(&["check", &req, "--against", &a, "--format", "markdown"]);
    assert_eq!(code(&o), 4);
    let md = stdout(&o);
    assert!(
        md.starts_with("### fmselect: the decision changed: strategy,routes\n"),
        "{md}"
    );
    let first_row = md.lines().find(|l| l.starts_with("| **counts**")).unwrap();
    assert!(
        first_row.contains(&format!("| strategy | strategy {old_kind} → {new_kind}")),
        "{md}"
    );
}

#[test]
fn a_report_of_another_version_is_compared_where_the_keys_agree() {
    let dir = scratch("version");
    let a = decision(&dir, "a.json", &[KA]);
    let mut other: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    other["schema_version"] = 2.into();
    other["tool"]["version"] = "9.9.9".into();
    other.as_object_mut().unwrap().remove("evals");
    other["strategy"].as_object_mut().unwrap().remove("tco_usd");
    let b = write(&dir, "b.json", &other.to_string());
    let (c, d) = diff_json(&["diff", &a, &b]);
    assert_eq!(c, 0, "{d:#}");
    validate(&d);
    let paths: Vec<&str> = array(&d, "not_compared")
        .iter()
        .map(|n| text(n, "path"))
        .collect();
    assert_eq!(paths, ["evals.shortlist", "strategy.tco_usd"]);
    let notes = array(&d, "notes");
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("schema versions (1 and 2)"))
    );
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("(0.1.0 and 9.9.9)"))
    );
    let o = fmselect(&["diff", &a, &b]);
    assert!(stdout(&o).contains("Not compared:\n  `evals.shortlist` is not in the new report\n"));
}

/// Every format of one hand-written pair of reports (tests/fixtures/diff):
/// a blend that must become a build once all data is sensitive, from a
/// newer fmselect that dropped a key.
#[test]
fn snapshot_every_format() {
    let pair = [
        "diff",
        "tests/fixtures/diff/old.json",
        "tests/fixtures/diff/new.json",
    ];
    for (format, name) in [
        ("table", "diff_table"),
        ("markdown", "diff_markdown"),
        ("json", "diff_json"),
    ] {
        let o = fmselect(&[&pair[..], &["--format", format]].concat());
        assert_eq!(code(&o), 4, "{}", stderr(&o));
        if format == "json" {
            validate(&json(&o));
        }
        insta::assert_snapshot!(name, stdout(&o));
    }
}

#[test]
fn a_file_that_is_not_a_report_is_a_located_error() {
    let dir = scratch("not-a-report");
    let a = decision(&dir, "a.json", &[KA]);
    let o = fmselect(&[
        "compare",
        "requirements/examples/seed-scenario.yaml",
        "--format",
        "json",
    ]);
    let compare = write(&dir, "compare.json", &stdout(&o));
    let broken = write(
        &dir,
        "broken.json",
        "{\n  \"schema_version\": 1,\n  \"tool\": \n}\n",
    );
    for (file, located, what) in [
        (KA, format!("{KA}:"), "not-a-report"),
        (compare.as_str(), format!("{compare}:1:1"), "not-a-report"),
        (broken.as_str(), format!("{broken}:4:1"), "json-syntax"),
    ] {
        for args in [vec!["diff", &a, file], vec!["check", KA, "--against", file]] {
            let o = fmselect(&args);
            assert_eq!(code(&o), 1, "{args:?}: {}", stderr(&o));
            assert!(stdout(&o).is_empty(), "stdout stays clean");
            let err = stderr(&o);
            assert!(err.contains(&format!("error[{what}]")), "{err}");
            assert!(err.contains(&format!("--> {located}")), "{err}");
        }
    }
}

#[test]
fn the_cost_tolerance_must_be_a_percentage() {
    let o = fmselect(&["diff", "a.json", "b.json", "--cost-tolerance=-3"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not a percentage"), "{}", stderr(&o));
    let o = fmselect(&["diff", "a.json", "b.json", "--fail-on", "price"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("strategy, routes, top, cost"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------
// README "Use in CI" → "Watch the decision": the GitHub Actions job, run here.

/// The parts of a GitHub Actions workflow this test executes.
#[derive(serde::Deserialize)]
struct Workflow {
    jobs: std::collections::BTreeMap<String, Job>,
}

#[derive(serde::Deserialize)]
struct Job {
    steps: Vec<Step>,
}

#[derive(serde::Deserialize)]
struct Step {
    name: Option<String>,
    id: Option<String>,
    #[serde(rename = "if")]
    condition: Option<String>,
    run: Option<String>,
    uses: Option<String>,
    #[serde(default)]
    with: std::collections::BTreeMap<String, String>,
}

/// The README's fenced block of `lang` that follows `heading`, and the next
/// `markdown` block after it.
fn readme_blocks(heading: &str) -> (String, String) {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split_once(heading)
        .unwrap_or_else(|| panic!("README has no `{heading}`"))
        .1;
    let block = |text: &str, fence: &str| -> (String, usize) {
        let start = text
            .find(fence)
            .unwrap_or_else(|| panic!("no {fence} block"))
            + fence.len();
        let len = text[start..].find("\n```\n").unwrap();
        (text[start..start + len + 1].to_owned(), start + len)
    };
    let (yaml, end) = block(section, "```yaml\n");
    let (md, _) = block(&section[end..], "```markdown\n");
    (yaml, md)
}

/// `github.event_name == 'x'`, `steps.ID.outputs.KEY != 'y'`, joined by `&&`:
/// the conditions the README's job uses. Anything else fails the test, so
/// a new kind of condition in the README gets taught here first.
fn condition_holds(
    cond: &str,
    event: &str,
    outputs: &std::collections::BTreeMap<String, String>,
) -> bool {
    cond.split(" && ").all(|clause| {
        let (lhs, rhs, equal) = match (clause.split_once(" == "), clause.split_once(" != ")) {
            (Some((l, r)), _) => (l, r, true),
            (_, Some((l, r))) => (l, r, false),
            _ => panic!("condition `{clause}` is not understood by this test"),
        };
        let want = rhs
            .trim()
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
            .expect("a quoted literal");
        let have = match lhs.trim() {
            "github.event_name" => event.to_owned(),
            other => {
                let key = other
                    .strip_prefix("steps.")
                    .expect("github.* or steps.*")
                    .replace(".outputs.", ".");
                outputs.get(&key).cloned().unwrap_or_default()
            }
        };
        (have == want) == equal
    })
}

/// Where each step's run ended: `Some(exit code)` for a run step that ran.
struct JobRun {
    ran: Vec<(String, Option<i32>)>,
    outputs: std::collections::BTreeMap<String, String>,
}

/// Runs the job's steps for `event` in `repo` the way GitHub's runner does
/// (`bash --noprofile --norc -eo pipefail`, `$GITHUB_OUTPUT`, the step
/// summary), stopping at the first failing step. Two steps need the
/// network and are replaced by what they produce: `Install fmselect` (the
/// binary under test goes first on PATH) and `Download LiteLLM prices` (the
/// LiteLLM snapshot of tests/fixtures/import). `uses:` steps are actions:
/// the test records them and checks the file they would post.
fn run_job(workflow: &Workflow, event: &str, repo: &Path) -> JobRun {
    let bin = Path::new(env!("CARGO_BIN_EXE_fmselect")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output_file = repo.join("github-output");
    let summary = repo.join("github-step-summary");
    let mut run = JobRun {
        ran: Vec::new(),
        outputs: Default::default(),
    };
    let job = workflow.jobs.values().next().expect("one job");
    for step in &job.steps {
        let name = step.name.clone().or(step.uses.clone()).unwrap_or_default();
        if let Some(cond) = &step.condition
            && !condition_holds(cond, event, &run.outputs)
        {
            continue;
        }
        let Some(script) = &step.run else {
            if let Some(file) = step.with.get("path").or(step.with.get("content-filepath")) {
                let posted =
                    std::fs::read_to_string(repo.join(file)).expect("the posted file exists");
                assert!(posted.starts_with("### fmselect: "), "{posted}");
            }
            run.ran.push((name, None));
            continue;
        };
        match name.as_str() {
            "Install fmselect" => {
                assert!(script.starts_with("cargo install"), "{script}");
                run.ran.push((name, Some(0)));
                continue;
            }
            "Download LiteLLM prices" => {
                assert!(script.contains("-o litellm.json"), "{script}");
                std::fs::copy(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("tests/fixtures/import/litellm/model_prices_and_context_window.json"),
                    repo.join("litellm.json"),
                )
                .unwrap();
                run.ran.push((name, Some(0)));
                continue;
            }
            _ => {}
        }
        std::fs::write(&output_file, "").unwrap();
        let o = std::process::Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(repo)
            .env("PATH", &path)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env("NO_COLOR", "1")
            .env_remove("FMSELECT_CATALOG")
            .env("GITHUB_EVENT_NAME", event)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("bash runs");
        for line in std::fs::read_to_string(&output_file).unwrap().lines() {
            if let (Some(id), Some((k, v))) = (&step.id, line.split_once('=')) {
                run.outputs.insert(format!("{id}.{k}"), v.to_owned());
            }
        }
        let status = o.status.code().expect("bash exits");
        run.ran.push((name, Some(status)));
        if status != 0 {
            break;
        }
    }
    run
}

/// A repository laid out as the README describes, with its decision
/// recorded by the command the job itself tells users to run.
fn ci_repo(name: &str) -> PathBuf {
    let repo = scratch(name);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["requirements", "decisions", "catalog"] {
        std::fs::create_dir_all(repo.join(d)).unwrap();
    }
    std::fs::copy(root.join(KA), repo.join("requirements/assistant.yaml")).unwrap();
    std::fs::copy(
        root.join("tests/fixtures/import/curated.yaml"),
        repo.join("catalog/prices.yaml"),
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_fmselect"))
        .args([
            "recommend",
            "requirements/assistant.yaml",
            "--catalog",
            "@embedded",
            "--catalog",
            "catalog/prices.yaml",
            "--format",
            "json",
        ])
        .current_dir(&repo)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("FMSELECT_CATALOG")
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    std::fs::write(repo.join("decisions/assistant.json"), &o.stdout).unwrap();
    repo
}

fn names(run: &JobRun) -> Vec<(&str, Option<i32>)> {
    run.ran.iter().map(|(n, c)| (n.as_str(), *c)).collect()
}

#[test]
fn the_readme_ci_job_runs_and_shows_real_output() {
    let (yaml, shown) = readme_blocks("### Watch the decision: `fmselect check`");
    let workflow: Workflow = serde_saphyr::from_str(&yaml).expect("the README's workflow is YAML");

    // A pull request that changes nothing the decision depends on.
    let repo = ci_repo("ci-unchanged");
    let run = run_job(&workflow, "pull_request", &repo);
    assert_eq!(
        names(&run),
        [
            ("actions/checkout@v4", None),
            ("Install fmselect", Some(0)),
            ("Check the decision", Some(0)),
            ("Comment on the pull request", None),
        ]
    );
    assert_eq!(run.outputs["check.code"], "0");
    let comment = std::fs::read_to_string(repo.join("diff.md")).unwrap();
    assert!(
        comment.starts_with("### fmselect: no change\n"),
        "{comment}"
    );
    let summary = std::fs::read_to_string(repo.join("github-step-summary")).unwrap();
    assert_eq!(summary, comment);

    // The README's example: a pull request allowing private cloud.
    let repo = ci_repo("ci-private-cloud");
    let req = repo.join("requirements/assistant.yaml");
    let text = std::fs::read_to_string(&req).unwrap();
    std::fs::write(
        &req,
        text.replace("allow_private_cloud: false", "allow_private_cloud: true"),
    )
    .unwrap();
    let run = run_job(&workflow, "pull_request", &repo);
    assert_eq!(run.outputs["check.code"], "4");
    assert_eq!(
        names(&run)[2..],
        [
            ("Check the decision", Some(0)),
            ("Comment on the pull request", None),
            ("Fail when the decision changed", Some(1)),
        ]
    );
    let comment = std::fs::read_to_string(repo.join("diff.md")).unwrap();
    if std::env::var_os("FMSELECT_UPDATE_README").is_some() && shown != comment {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let old = format!("```markdown\n{shown}```");
        assert_eq!(readme.matches(&old).count(), 1, "the shown block is unique");
        std::fs::write(
            &path,
            readme.replace(&old, &format!("```markdown\n{comment}```")),
        )
        .unwrap();
    } else {
        assert_eq!(
            shown, comment,
            "README shows other output than the binary gives; after a deliberate change: \
             FMSELECT_UPDATE_README=1 cargo test --test diff the_readme_ci_job"
        );
    }

    // The weekly run: refresh the prices, re-check, open an issue if changed.
    let repo = ci_repo("ci-weekly");
    let before = std::fs::read_to_string(repo.join("catalog/prices.yaml")).unwrap();
    let run = run_job(&workflow, "schedule", &repo);
    let after = std::fs::read_to_string(repo.join("catalog/prices.yaml")).unwrap();
    assert_ne!(before, after, "the merge refreshed the prices");
    let code = &run.outputs["check.code"];
    let mut expected = vec![
        ("actions/checkout@v4", None),
        ("Install fmselect", Some(0)),
        ("Download LiteLLM prices", Some(0)),
        ("Refresh the catalog's prices", Some(0)),
        ("Check the decision", Some(0)),
    ];
    if code == "4" {
        expected.push(("Open an issue", None));
        expected.push(("Fail when the decision changed", Some(1)));
    } else {
        assert_eq!(code, "0");
    }
    assert_eq!(names(&run), expected);
    let diff = std::fs::read_to_string(repo.join("diff.md")).unwrap();
    assert!(diff.contains("catalog.as\\_of 2026-01-15 → "), "{diff}");
}

#[test]
fn check_keeps_exit_3_when_nothing_satisfied_before_either() {
    let dir = scratch("nothing");
    let ka = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(KA)).unwrap();
    // Closed weights only, yet 30% of the data must stay local.
    let req = write(
        &dir,
        "req.yaml",
        &format!("{ka}\nconstraints:\n  weights: closed\n"),
    );
    let o = fmselect(&["recommend", &req, "--format", "json"]);
    assert_eq!(code(&o), 3);
    let none = write(&dir, "none.json", &stdout(&o));
    let o = fmselect(&["check", &req, "--against", &none]);
    assert_eq!(code(&o), 3, "{}", stdout(&o));
    assert!(stdout(&o).starts_with("fmselect diff — no change\n"));
    // Against a decision that had a plan, the plan is gone: exit 4.
    let plan = decision(&dir, "plan.json", &[KA]);
    let o = fmselect(&["check", &req, "--against", &plan]);
    assert_eq!(code(&o), 4);
    let kind: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let kind = text(&kind, "strategy.kind").to_owned();
    assert!(
        stdout(&o).contains(&format!(
            "strategy {kind} → none (nothing satisfies the hard constraints)"
        )),
        "{}",
        stdout(&o)
    );
}
