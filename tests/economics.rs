//! Decisions a CFO would sign: setup scaled to the project, budgets and
//! deadlines that rule strategies out, blends that use the GPUs they pay
//! for, honest framing of the cost against the compliant pure-API plan.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

use cli::{code, fmselect, stderr, stdout};
use serde_json::Value;

fn example(name: &str) -> String {
    format!("requirements/examples/{name}")
}

fn run_json(file: &str) -> (i32, Value) {
    let out = fmselect(&["recommend", file, "--format", "json"]);
    let v = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{file}: {e}\n{}", stderr(&out)));
    (code(&out), v)
}

/// A copy of an example with `from` replaced by `to`, in a fresh directory.
fn variant(name: &str, from: &str, to: &str) -> PathBuf {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(example(name))).unwrap();
    assert!(text.contains(from), "{name} has no `{from}`");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "fmselect-economics-{}-{}",
        std::process::id(),
        name.len() + from.len() + to.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}-{}", to.len(), name));
    std::fs::write(&file, text.replace(from, to)).unwrap();
    file
}

fn option<'a>(r: &'a Value, kind: &str) -> &'a Value {
    r["strategy"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == kind)
        .unwrap()
}

#[test]
fn a_hobby_chatbot_is_set_up_in_days() {
    let (exit, r) = run_json(&example("hobby-chatbot.yaml"));
    assert_eq!(exit, 0);
    assert_eq!(r["strategy"]["kind"], "buy");
    let setup = r["strategy"]["setup_cost_usd"].as_f64().unwrap();
    let weeks = r["strategy"]["time_to_market_weeks"].as_f64().unwrap();
    assert!(setup <= 2500.0 && weeks <= 1.0, "{setup} / {weeks}");
    let parts = option(&r, "buy")["setup_parts"].as_array().unwrap();
    assert_eq!(parts.len(), 1, "integration only: {parts:?}");
}

#[test]
fn a_setup_budget_rules_a_strategy_out_with_its_reason() {
    let file = variant("hobby-chatbot.yaml", "setup_usd: 2000", "setup_usd: 500");
    let (exit, r) = run_json(file.to_str().unwrap());
    assert_eq!(exit, 3, "no strategy fits a $500 setup budget");
    assert_eq!(r["strategy"], Value::Null);
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("above the $500.00 setup budget"),
        "{warnings}"
    );
    assert!(
        warnings.contains("raise the setup budget to $1,250"),
        "{warnings}"
    );
}

#[test]
fn a_deadline_rules_a_strategy_out_with_its_reason() {
    // The knowledge assistant must ship in 12 weeks: build (14) is out.
    let (_, r) = run_json(&example("knowledge-assistant.yaml"));
    let build = option(&r, "build");
    assert_eq!(build["feasible"], false);
    assert!(
        build["notes"]
            .to_string()
            .contains("past the 12-week deadline")
    );
    // With 9 weeks, neither build nor blend (10) is possible, and buy may not
    // carry the confidential share: exit 3, saying what would help.
    let file = variant(
        "knowledge-assistant.yaml",
        "time_to_market_weeks: 12",
        "time_to_market_weeks: 9",
    );
    let (exit, r) = run_json(file.to_str().unwrap());
    assert_eq!(exit, 3);
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("allow 10 weeks to ship"), "{warnings}");
    assert!(
        warnings.contains("data.allow_private_cloud: true"),
        "{warnings}"
    );
}

#[test]
fn a_blend_puts_bulk_on_the_gpus_it_pays_for() {
    let (_, r) = run_json(&example("knowledge-assistant.yaml"));
    let routes = r["strategy"]["routes"].as_array().unwrap();
    let local = routes.iter().find(|x| x["traffic"] == "sensitive").unwrap();
    assert_eq!(local["deployment"], "self-hosted");
    // More than the 30% confidential share: the bulk rides on the spare
    // capacity of the GPU that must be rented anyway.
    assert!(local["share"].as_f64().unwrap() > 0.3 + 1e-6, "{local}");
    assert!(
        local["reason"]
            .as_str()
            .unwrap()
            .contains("non-sensitive bulk")
    );
    // And the plan costs no more than the same blend with an API bulk route
    // would: the GPU's cost did not move.
    let alone = local["sizing"]["compute_usd_per_month"].as_f64().unwrap();
    assert!(alone > 0.0);
}

#[test]
fn setup_is_the_sum_of_its_parts() {
    let (_, r) = run_json(&example("knowledge-assistant.yaml"));
    for o in r["strategy"]["options"].as_array().unwrap() {
        let Some(parts) = o["setup_parts"].as_array() else {
            continue;
        };
        let sum: f64 = parts.iter().map(|p| p["usd"].as_f64().unwrap()).sum();
        assert!(
            (sum - o["setup_cost_usd"].as_f64().unwrap()).abs() < 0.01,
            "{o}"
        );
    }
    // The seed's Option C for its scenario: $55,000 over 10 weeks.
    assert_eq!(r["strategy"]["kind"], "blend");
    assert_eq!(r["strategy"]["setup_cost_usd"], 55000.0);
    assert_eq!(r["strategy"]["time_to_market_weeks"], 10.0);
}

#[test]
fn no_table_or_markdown_report_prints_a_percentage_beyond_100() {
    let files: Vec<PathBuf> = cli::requirement_examples()
        .into_iter()
        .map(PathBuf::from)
        .collect();
    for f in &files {
        for format in ["table", "markdown"] {
            let out = fmselect(&["recommend", f.to_str().unwrap(), "--format", format]);
            let text = stdout(&out);
            for word in text.split(|c: char| c.is_whitespace() || c == '(' || c == '|') {
                if let Some(n) = word
                    .trim_end_matches([',', '.', ')', ';', ':'])
                    .strip_suffix('%')
                {
                    let n: f64 = n
                        .trim_start_matches(['−', '-', '+'])
                        .replace(',', "")
                        .parse()
                        .unwrap_or(0.0);
                    assert!(n <= 100.0, "{} ({format}) prints {word}", f.display());
                }
            }
        }
    }
}

/// Every route of a fine-tuning plan runs where tuned weights can be
/// served: self-hosted open weights, or an offering with `fine_tuning`.
fn assert_routes_serve_tuned_weights(r: &Value) {
    let catalog = stdout(&fmselect(&["catalog", "list", "--format", "json"]));
    let catalog: Value = serde_json::from_str(&catalog).unwrap();
    for route in r["strategy"]["routes"].as_array().unwrap() {
        if route["deployment"] == "self-hosted" {
            continue;
        }
        let model = catalog["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == route["model"])
            .unwrap();
        let tunable = model["offerings"].as_array().unwrap().iter().any(|o| {
            o["kind"] == route["deployment"]
                && o["host"] == route["host"]
                && o.get("fine_tuning").is_some_and(|f| !f.is_null())
        });
        assert!(tunable, "route {route} cannot serve tuned weights");
    }
}

#[test]
fn fine_tuning_runs_only_where_tuned_weights_can_be_served() {
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-ft-{}.yaml", std::process::id()));
    let base = "task: { type: content }\nadaptation: { consistent_style: true, labeled_examples: 5000, knowledge_changes: rarely }\n";
    std::fs::write(&file, base).unwrap();
    let (exit, r) = run_json(file.to_str().unwrap());
    assert_eq!(exit, 0);
    assert_eq!(r["adaptation"]["technique"], "fine-tuning");
    assert_routes_serve_tuned_weights(&r);
    // The training compute is costed or said to be unknown, in the
    // adaptation's reasons.
    let reasons = r["adaptation"]["reasons"].to_string();
    assert!(reasons.contains("training tokens"), "{reasons}");

    // Only Anthropic's models: no offering of theirs serves tuned weights
    // in the catalog, so the ladder stops at prompting and says why.
    std::fs::write(
        &file,
        format!("{base}constraints: {{ providers: {{ allow: [anthropic] }} }}\n"),
    )
    .unwrap();
    let (exit, r) = run_json(file.to_str().unwrap());
    assert_eq!(exit, 0, "{r}");
    assert_eq!(r["adaptation"]["technique"], "prompting");
    let reasons = r["adaptation"]["reasons"].to_string();
    assert!(
        reasons.contains("no deployment the constraints allow can serve tuned weights"),
        "{reasons}"
    );
    let setup: Vec<String> = r["strategy"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["setup_parts"].as_array().cloned().unwrap_or_default())
        .map(|p| p["component"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !setup.iter().any(|c| c.starts_with("fine_tuning")),
        "no fine-tuning in the setup once the ladder stops: {setup:?}"
    );
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn the_knowledge_assistant_sets_its_plan_beside_the_seed_quote() {
    let (exit, r) = run_json(&example("knowledge-assistant.yaml"));
    assert_eq!(exit, 0);
    let st = &r["strategy"];
    let q = &st["reference_quote"];
    assert_eq!(q["quote_monthly_usd"], 3200);
    let plan = st["monthly_cost_usd"].as_f64().unwrap();
    let ratio = q["plan_ratio"].as_f64().unwrap();
    assert!((ratio - plan / 3200.0).abs() < 1e-3, "{q}");
    // Tokens are linear in volume: the quoted model's token cost at the
    // volume given reaches the quote.
    let requests = r["requirements"]["volume"]["requests_per_month"]
        .as_f64()
        .unwrap();
    let tokens = q["model_monthly_usd"].as_f64().unwrap();
    let at = q["requests_per_month_at_quote"].as_f64().unwrap();
    assert!((tokens * at / requests - 3200.0).abs() < 1.0, "{q}");
    let statement = q["statement"].as_str().unwrap();
    assert!(
        statement.contains("$3,200") && statement.contains("Claude Sonnet 4.6"),
        "{statement}"
    );
    let table = stdout(&fmselect(&[
        "recommend",
        &example("knowledge-assistant.yaml"),
    ]));
    assert!(table.contains("Against the quote:"), "{table}");
    // Without a quote, nothing is said of one.
    let (_, hobby) = run_json(&example("hobby-chatbot.yaml"));
    assert!(hobby["strategy"].get("reference_quote").is_none());
}

#[test]
fn a_route_below_the_good_enough_bar_says_so_in_the_default_report() {
    // At `maximum` accuracy no local model reaches the 0.8 bar, yet the
    // confidential share must stay local.
    let file = variant(
        "knowledge-assistant.yaml",
        "  level: high",
        "  level: maximum",
    );
    let (exit, r) = run_json(file.to_str().unwrap());
    assert_eq!(exit, 0);
    let warnings = r["strategy"]["warnings"].to_string();
    assert!(
        warnings.contains("route `sensitive`") && warnings.contains("is below the 0.80"),
        "{warnings}"
    );
    let table = stdout(&fmselect(&["recommend", file.to_str().unwrap()]));
    assert!(table.contains("is below the 0.80"), "{table}");
}
