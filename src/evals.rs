//! Step 3 of the framework: validate with evals. The plan names a short,
//! diverse shortlist to test on real data; results read back with
//! `recommend --evals` replace benchmark quality (see
//! [`crate::evals_results`] for reading them and [`crate::recommend`] for
//! how they enter the ranking).

use schemars::JsonSchema;
use serde::Serialize;

use crate::num::ser_num;
use crate::report::Candidate;
use crate::strategy::Strategy;

/// The eval plan (SPEC §6 `evals`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EvalPlan {
    /// Model ids to test, most important first.
    pub shortlist: Vec<String>,
    /// Why each is on the list (same order).
    pub why: Vec<String>,
    pub advice: String,
    /// The models your eval results measured (`recommend --evals`), in
    /// ranking order; absent without `--evals`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measured: Vec<MeasuredModel>,
    /// Where the measurements came from and how they were used; absent
    /// without `--evals`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measurement: Option<Measurement>,
    /// Required capabilities the catalog does not confirm for a shortlisted
    /// model, as `model-id: capability`: test these too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_test: Vec<String>,
}

/// One model measured by your evals.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct MeasuredModel {
    /// The fmselect model id.
    pub id: String,
    /// The promptfoo provider ids whose rows were counted for it.
    pub providers: Vec<String>,
    /// Passed rows / graded rows, 0..1.
    #[serde(serialize_with = "ser_num")]
    pub pass_rate: f64,
    /// Graded rows (test cases × prompts); rows that errored are not graded.
    pub tests: u64,
    pub passed: u64,
    /// Rows that failed with a provider error (no graded answer), left out
    /// of the pass rate.
    pub errors: u64,
    /// The model's benchmark-based quality, for comparison.
    #[serde(serialize_with = "ser_num")]
    pub benchmark_quality: f64,
    /// Rank with benchmark quality; null when the model fails a hard
    /// constraint (it is measured but not a candidate).
    pub rank_before: Option<usize>,
    /// Rank with the measured pass rates (the report's ranking).
    pub rank_after: Option<usize>,
}

/// The eval results file and how its pass rates were used.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Measurement {
    /// The results file as named on the command line.
    pub file: String,
    /// `metadata.promptfooVersion` of the file, when present.
    pub promptfoo_version: Option<String>,
    /// Whether pass rates replaced benchmark quality in the ranking (only
    /// when at least two candidates were measured).
    pub applied: bool,
    /// How to read the ranking: pass rates and benchmark quality are on
    /// different scales.
    pub note: String,
    /// Providers of the results that match no catalog model (set their
    /// `label` to the fmselect model id).
    pub unmatched_providers: Vec<String>,
}

/// A diverse shortlist: the top candidate, the best closed, the best open,
/// the cheapest good-enough, and the strategy's route models.
pub fn plan(candidates: &[Candidate], strategy: Option<&Strategy>, good_enough: f64) -> EvalPlan {
    let mut shortlist: Vec<String> = Vec::new();
    let mut why: Vec<String> = Vec::new();
    let mut add = |id: &str, reason: String| {
        if let Some(i) = shortlist.iter().position(|s| s == id) {
            why[i].push_str(&format!("; {reason}"));
        } else if shortlist.len() < 5 {
            shortlist.push(id.to_owned());
            why.push(reason);
        }
    };
    if let Some(c) = candidates.first() {
        add(&c.id, "top-ranked candidate".to_owned());
    }
    if let Some(st) = strategy {
        for r in &st.routes {
            add(&r.model, format!("the strategy's `{}` route", r.traffic));
        }
    }
    if let Some(c) = candidates.iter().find(|c| c.weights == "closed") {
        add(&c.id, "best closed model".to_owned());
    }
    if let Some(c) = candidates.iter().find(|c| c.weights == "open") {
        add(&c.id, "best open-weight model".to_owned());
    }
    if let Some(c) = candidates
        .iter()
        .filter(|c| c.quality >= good_enough && c.monthly_cost_usd.is_some())
        .min_by(|x, y| {
            x.monthly_cost_usd
                .unwrap_or(f64::INFINITY)
                .total_cmp(&y.monthly_cost_usd.unwrap_or(f64::INFINITY))
                .then_with(|| x.id.cmp(&y.id))
        })
    {
        add(&c.id, "cheapest good-enough model".to_owned());
    }
    let imputed: Vec<&str> = candidates
        .iter()
        .filter(|c| {
            shortlist.contains(&c.id) && c.quality_source == crate::quality::QualitySource::Imputed
        })
        .map(|c| c.id.as_str())
        .collect();
    let mut advice = if shortlist.is_empty() {
        "No model satisfies the hard constraints, so there is nothing to test yet: relax the constraints behind the \
         exclusions listed in the report, then evaluate the shortlist on your real data (Step 3)."
            .to_owned()
    } else {
        format!(
            "Never choose on benchmarks alone: run {} on 50–200 of your real requests, graded on what matters to \
             your users, before committing (Step 3 — evals beat benchmarks). `fmselect export promptfoo` writes the eval \
             config; `fmselect recommend --evals results.json` re-ranks with your measured pass rates.",
            if shortlist.len() == 1 {
                "this model".to_owned()
            } else {
                format!("these {} models", shortlist.len())
            }
        )
    };
    if !imputed.is_empty() {
        advice.push_str(&format!(
            " Quality of {} is partly imputed from its tier: measure it.",
            imputed.join(", ")
        ));
    }
    let to_test: Vec<String> = candidates
        .iter()
        .filter(|c| shortlist.contains(&c.id))
        .flat_map(|c| c.unverified.iter().map(move |u| format!("{}: {u}", c.id)))
        .collect();
    if !to_test.is_empty() {
        advice.push_str(&format!(
            " The catalog does not confirm every required capability; test {}.",
            to_test.join(", ")
        ));
    }
    EvalPlan {
        shortlist,
        why,
        advice,
        measured: Vec::new(),
        measurement: None,
        to_test,
    }
}
