//! `fmselect diff` and `fmselect check`: what changed in the decision between
//! two `recommend --format json` reports, most important first.
//!
//! The comparison works on the reports as [`serde_json::Value`], not on
//! [`crate::report::Report`], so that a decision committed by another version
//! of fmselect (keys added, renamed or gone) is still compared where the keys
//! agree; every key it wanted and could not read on one side is listed under
//! `not_compared` rather than guessed. Reporters ([`crate::report::diff`])
//! only render the finished [`DiffReport`].

mod compare;
mod load;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::num::{ser_num, ser_opt_num};
use crate::report_doc::Tool;

pub use compare::get;
pub use load::{load_report, parse_report};

/// Default `--cost-tolerance`: monthly cost, setup and TCO may move this many
/// percent before the move counts as a change. Five percent absorbs rounding
/// and small price drift; a price cut that changes the bill noticeably does not
/// hide under it.
pub const DEFAULT_COST_TOLERANCE_PCT: f64 = 5.0;

/// What a change may be counted as for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    /// The strategy kind (buy, build, blend, or none).
    Strategy,
    /// A route's model, deployment, host or share; a route added or removed.
    Routes,
    /// The top pick or the eval shortlist.
    Top,
    /// Monthly cost, setup or TCO beyond the cost tolerance.
    Cost,
}

impl FailOn {
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Strategy => "strategy",
            FailOn::Routes => "routes",
            FailOn::Top => "top",
            FailOn::Cost => "cost",
        }
    }
}

/// Default `--fail-on`: a different strategy or different routes.
pub const DEFAULT_FAIL_ON: [FailOn; 2] = [FailOn::Strategy, FailOn::Routes];

/// What part of the decision a change is about, in order of importance (the
/// order of the diff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    Strategy,
    Route,
    Top,
    Shortlist,
    Cost,
    Category,
    Exclusion,
    Adaptation,
    Catalog,
    Requirement,
    Assumption,
    Fact,
    /// What would change the answer (`what_would_change.levers`).
    Lever,
    Warning,
}

impl Aspect {
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Strategy => "strategy",
            Aspect::Route => "route",
            Aspect::Top => "top",
            Aspect::Shortlist => "shortlist",
            Aspect::Cost => "cost",
            Aspect::Category => "category",
            Aspect::Exclusion => "exclusion",
            Aspect::Adaptation => "adaptation",
            Aspect::Catalog => "catalog",
            Aspect::Requirement => "requirement",
            Aspect::Assumption => "assumption",
            Aspect::Fact => "fact",
            Aspect::Lever => "lever",
            Aspect::Warning => "warning",
        }
    }

    /// The `--fail-on` group a change of this aspect belongs to (cost
    /// changes count only beyond the tolerance).
    fn group(self) -> Option<FailOn> {
        match self {
            Aspect::Strategy => Some(FailOn::Strategy),
            Aspect::Route => Some(FailOn::Routes),
            Aspect::Top | Aspect::Shortlist => Some(FailOn::Top),
            Aspect::Cost => Some(FailOn::Cost),
            _ => None,
        }
    }
}

/// How to judge changes.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffOptions {
    /// Percent a cost may move before it counts (see [`DEFAULT_COST_TOLERANCE_PCT`]).
    pub cost_tolerance_pct: f64,
    /// The groups of changes that make the decision "changed" (exit 4).
    pub fail_on: Vec<FailOn>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            cost_tolerance_pct: DEFAULT_COST_TOLERANCE_PCT,
            fail_on: DEFAULT_FAIL_ON.to_vec(),
        }
    }
}

/// The diff document (`fmselect diff --format json`), schema_version 1.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DiffReport {
    pub schema_version: u32,
    pub tool: Tool,
    /// The committed (or earlier) report.
    pub old: ReportInfo,
    /// The fresh (or later) report.
    pub new: ReportInfo,
    #[serde(serialize_with = "ser_num")]
    pub cost_tolerance_pct: f64,
    /// The groups of changes that count (`--fail-on`).
    pub fail_on: Vec<FailOn>,
    /// Some change that counts happened: the command exits 4.
    pub decision_changed: bool,
    /// The `--fail-on` groups that changed.
    pub changed: Vec<FailOn>,
    /// One line: `no change`, or what changed.
    pub summary: String,
    /// Every difference found, most important first.
    pub changes: Vec<Change>,
    /// What could not be compared (a key missing or unreadable on one side).
    pub not_compared: Vec<NotCompared>,
    /// Remarks on the comparison itself (e.g. different schema or tool versions).
    pub notes: Vec<String>,
}

/// Where a compared report came from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ReportInfo {
    /// The file name, or what produced the report (`check`).
    pub source: String,
    pub schema_version: Option<u64>,
    pub tool_version: Option<String>,
    pub catalog_as_of: Option<String>,
    /// `buy`, `build`, `blend`, or null when nothing satisfies the constraints.
    pub strategy: Option<String>,
}

/// One difference between the reports.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    pub aspect: Aspect,
    /// What changed, e.g. `strategy.kind`, `route complex`, `claude-sonnet-4-6`.
    pub subject: String,
    /// The value in the old report (null when absent there).
    pub old: Value,
    /// The value in the new report (null when absent there).
    pub new: Value,
    /// For costs: the move in percent of the old value (null when the old
    /// value is zero or unknown).
    #[serde(serialize_with = "ser_opt_num")]
    pub change_pct: Option<f64>,
    /// The change counts toward `--fail-on` (exit 4).
    pub counts: bool,
    /// The change in words.
    pub statement: String,
}

/// A key that could not be compared.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NotCompared {
    /// The key, as a dotted path into the report.
    pub path: String,
    pub reason: String,
}

/// A report to compare: where it came from and its JSON.
pub struct Side<'a> {
    pub source: &'a str,
    pub report: &'a Value,
}

// ---------------------------------------------------------------------------
// The comparison.

/// Compares two recommend reports.
pub fn diff(old: &Side<'_>, new: &Side<'_>, opts: &DiffOptions) -> DiffReport {
    let d = compare::compare(old.report, new.report, opts);

    let mut fail_on = opts.fail_on.clone();
    fail_on.sort();
    fail_on.dedup();
    let changed: Vec<FailOn> = fail_on
        .iter()
        .copied()
        .filter(|g| {
            d.changes
                .iter()
                .any(|c| c.counts && c.aspect.group() == Some(*g))
        })
        .collect();
    let summary = if d.changes.is_empty() {
        "no change".to_owned()
    } else if changed.is_empty() {
        format!(
            "no change that counts (--fail-on {}); {} other difference{}",
            join(&fail_on),
            d.changes.len(),
            if d.changes.len() == 1 { "" } else { "s" }
        )
    } else {
        format!("the decision changed: {}", join(&changed))
    };
    let old_info = info(old);
    let new_info = info(new);
    let mut notes = Vec::new();
    if old_info.schema_version != new_info.schema_version {
        notes.push(format!(
            "the reports have different schema versions ({} and {}): compared where the keys agree",
            show_opt(old_info.schema_version),
            show_opt(new_info.schema_version)
        ));
    }
    if old_info.tool_version != new_info.tool_version {
        notes.push(format!(
            "the reports come from different fmselect versions ({} and {}): compared where the keys agree",
            old_info.tool_version.as_deref().unwrap_or("unknown"),
            new_info.tool_version.as_deref().unwrap_or("unknown")
        ));
    }
    DiffReport {
        schema_version: 1,
        tool: Tool::current(),
        old: old_info,
        new: new_info,
        cost_tolerance_pct: opts.cost_tolerance_pct,
        fail_on,
        decision_changed: !changed.is_empty(),
        changed,
        summary,
        changes: d.changes,
        not_compared: d.not_compared,
        notes,
    }
}

fn join(groups: &[FailOn]) -> String {
    groups
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn show_opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

fn info(side: &Side<'_>) -> ReportInfo {
    let r = side.report;
    ReportInfo {
        source: side.source.to_owned(),
        schema_version: get(r, "schema_version").and_then(Value::as_u64),
        tool_version: get(r, "tool.version")
            .and_then(Value::as_str)
            .map(str::to_owned),
        catalog_as_of: get(r, "catalog.as_of")
            .and_then(Value::as_str)
            .map(str::to_owned),
        strategy: get(r, "strategy.kind")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::source::Source;
    use serde_json::json;

    fn report(kind: &str, monthly: f64) -> Value {
        json!({
            "schema_version": 1,
            "tool": { "name": "fmselect", "version": "0.1.0" },
            "catalog": { "sources": ["embedded"], "as_of": "2026-11-30", "models": 2, "rules": ["embedded"] },
            "requirements": { "volume": { "requests_per_month": 1000 } },
            "assumptions": { "peak_factor": 3 },
            "categories": [],
            "candidates": [ { "id": "m1", "deployment": "api", "host": "h" } ],
            "candidates_total": 1,
            "excluded": [],
            "strategy": {
                "kind": kind,
                "routes": [ { "traffic": "all", "share": 1, "model": "m1", "deployment": "api", "host": "h" } ],
                "monthly_cost_usd": monthly, "setup_cost_usd": 0, "tco_usd": monthly * 24.0,
                "reasons": ["because"]
            },
            "adaptation": { "technique": "rag" },
            "evals": { "shortlist": ["m1"] },
            "warnings": []
        })
    }

    fn run(a: &Value, b: &Value, opts: &DiffOptions) -> DiffReport {
        diff(
            &Side {
                source: "a",
                report: a,
            },
            &Side {
                source: "b",
                report: b,
            },
            opts,
        )
    }

    #[test]
    fn identical_reports_have_no_change() {
        let r = report("buy", 100.0);
        let d = run(&r, &r, &DiffOptions::default());
        assert_eq!(d.summary, "no change");
        assert!(d.changes.is_empty() && d.not_compared.is_empty() && !d.decision_changed);
    }

    #[test]
    fn cost_counts_only_beyond_the_tolerance() {
        let opts = DiffOptions {
            cost_tolerance_pct: 5.0,
            fail_on: vec![FailOn::Cost],
        };
        let d = run(&report("buy", 100.0), &report("buy", 104.0), &opts);
        assert!(!d.decision_changed, "{d:#?}");
        assert_eq!(d.changes[0].change_pct, Some(4.0));
        let d = run(&report("buy", 100.0), &report("buy", 106.0), &opts);
        assert!(d.decision_changed);
        assert_eq!(d.changed, vec![FailOn::Cost]);
        assert!(
            d.changes[0]
                .statement
                .starts_with("monthly cost $100.00 → $106.00 (+6.0%, beyond")
        );
    }

    #[test]
    fn strategy_comes_first_and_missing_keys_are_named() {
        let old = report("buy", 100.0);
        let mut new = report("build", 100.0);
        new.as_object_mut().unwrap().remove("evals");
        let d = run(&old, &new, &DiffOptions::default());
        assert_eq!(d.changes[0].aspect, Aspect::Strategy);
        assert_eq!(d.changes[0].statement, "strategy buy → build: because");
        assert!(d.decision_changed);
        assert_eq!(d.not_compared[0].path, "evals.shortlist");
        assert!(d.not_compared[0].reason.contains("the new report"));
    }

    #[test]
    fn nothing_satisfying_any_more_is_a_strategy_change_and_routes_go() {
        let old = report("buy", 100.0);
        let mut new = report("buy", 100.0);
        new["strategy"] = Value::Null;
        new["candidates"] = json!([]);
        new["candidates_total"] = 0.into();
        new["evals"]["shortlist"] = json!([]);
        new["excluded"] =
            json!([{ "id": "m1", "reasons": ["context window 8 tokens is below the 16 needed"] }]);
        new["categories"] = json!([{ "id": "long-context", "reason": "long prompts" }]);
        let d = run(&old, &new, &DiffOptions::default());
        let statements: Vec<&str> = d.changes.iter().map(|c| c.statement.as_str()).collect();
        assert_eq!(
            statements[..5],
            [
                "strategy buy → none (nothing satisfies the hard constraints)",
                "route `all` (100%, m1 via api (h)) is gone",
                "top pick m1 via api (h) → none",
                "eval shortlist: removed m1",
                "category `long-context` now applies: long prompts",
            ],
            "{statements:#?}"
        );
        assert!(statements.contains(
            &"m1 (route `all`, top pick) is now excluded: context window 8 tokens is below the 16 needed"
        ));
        assert_eq!(d.changed, vec![FailOn::Strategy, FailOn::Routes]);
        // Costs are not compared against a missing plan: the strategy says it.
        assert!(d.changes.iter().all(|c| c.aspect != Aspect::Cost));
    }

    #[test]
    fn a_route_share_move_is_a_route_change() {
        let old = report("blend", 100.0);
        let mut new = report("blend", 100.0);
        new["strategy"]["routes"][0]["share"] = json!(0.7);
        new["strategy"]["routes"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "traffic": "sensitive", "share": 0.3, "model": "m2", "deployment": "self-hosted", "host": "a100-80gb" }));
        let d = run(&old, &new, &DiffOptions::default());
        assert_eq!(d.changes[0].statement, "route `all`: share 100% → 70%");
        assert_eq!(
            d.changes[1].statement,
            "new route `sensitive`: 30%, m2 self-hosted on a100-80gb"
        );
        assert!(
            d.changes
                .iter()
                .all(|c| c.counts == (c.aspect == Aspect::Route))
        );
    }

    #[test]
    fn a_report_is_recognised_and_anything_else_is_located() {
        let ok = Source::from_text("r.json", report("buy", 1.0).to_string());
        assert!(parse_report(&ok).is_ok());
        let compare = Source::from_text(
            "c.json",
            "{\n  \"schema_version\": 1,\n  \"tool\": {\"name\": \"fmselect\"},\n  \"options\": [],\n  \"recommended\": null\n}\n",
        );
        let e = parse_report(&compare).unwrap_err();
        assert_eq!(e.0[0].code, "not-a-report");
        assert!(e.0[0].message.contains("compare"), "{e}");
        let other = Source::from_text("x.json", "{\"tool\": {\"name\": \"other\"}}");
        let e = parse_report(&other).unwrap_err();
        assert_eq!(e.0[0].pos, Some(Pos::new(1, 19)), "{e}");
    }
}
