//! Step 3 of the framework: validate with evals. The plan names a short,
//! diverse shortlist to test on real data; results read back with
//! `recommend --evals` replace benchmark quality (see [`crate::evals`]).

use schemars::JsonSchema;
use serde::Serialize;

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
    let mut advice = format!(
        "Never choose on benchmarks alone: run these {} models on 50–200 of your real requests, graded on what matters to \
         your users, before committing (Step 3 — evals beat benchmarks). `fmselect export promptfoo` writes the eval \
         config; `fmselect recommend --evals results.json` re-ranks with your measured pass rates.",
        shortlist.len()
    );
    if !imputed.is_empty() {
        advice.push_str(&format!(
            " Quality of {} is partly imputed from its tier: measure it.",
            imputed.join(", ")
        ));
    }
    EvalPlan {
        shortlist,
        why,
        advice,
    }
}
