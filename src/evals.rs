//! Step 3 of the framework: validate with evals. The plan names a short,
//! diverse shortlist to test on real data; results read back with
//! `recommend --evals` replace benchmark quality (see
//! [`crate::evals_results`] for reading them and [`crate::recommend`] for
//! how they enter the ranking).

use schemars::JsonSchema;
use serde::Serialize;

use crate::num::ser_num;
use crate::report_doc::Candidate;
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
    /// The 95% Wilson interval of the pass rate.
    #[schemars(with = "[f64; 2]")]
    #[serde(serialize_with = "crate::num::ser_pair")]
    pub pass_rate_range: [f64; 2],
    /// The model's benchmark-based quality estimate, for comparison; null
    /// when the model fails a hard constraint.
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub benchmark_quality: Option<f64>,
    /// Its range and basis (null when not a candidate).
    #[schemars(with = "Option<[f64; 2]>")]
    #[serde(serialize_with = "ser_opt_pair")]
    pub benchmark_quality_range: Option<[f64; 2]>,
    pub benchmark_quality_basis: Option<crate::quality::QualityBasis>,
    /// Rank with benchmark quality; null when the model fails a hard
    /// constraint (it is measured but not a candidate).
    pub rank_before: Option<usize>,
    /// Rank with the measured pass rates (the report's ranking).
    pub rank_after: Option<usize>,
}

fn ser_opt_pair<S: serde::Serializer>(v: &Option<[f64; 2]>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => crate::num::ser_pair(v, s),
        None => s.serialize_none(),
    }
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

/// Most candidates tied with rank 1 the plan lists (the report names the
/// rest): beyond five models an eval round costs more than it settles.
pub const TIED_CAP: usize = 4;

/// Diversity picks (best closed, best open, cheapest good-enough) are added
/// only while the shortlist is shorter than this.
const DIVERSE_UP_TO: usize = 6;

/// The shortlist goes where the doubt is: the leader, the candidates tied
/// with it (up to [`TIED_CAP`]), each route's model and the strongest
/// contender whose quality is only a prior — each with why; then, while
/// the list is short, the best closed, the best open and the cheapest
/// good-enough model.
pub fn plan(candidates: &[Candidate], strategy: Option<&Strategy>, good_enough: f64) -> EvalPlan {
    let mut list: Vec<(String, String)> = Vec::new();
    fn push(list: &mut Vec<(String, String)>, id: &str, reason: String, always: bool) {
        if let Some(entry) = list.iter_mut().find(|(s, _)| s == id) {
            entry.1.push_str(&format!("; {reason}"));
        } else if always || list.len() < DIVERSE_UP_TO {
            list.push((id.to_owned(), reason));
        }
    }
    let mut add = |id: &str, reason: String, always: bool| push(&mut list, id, reason, always);
    let prior = |c: &Candidate| {
        c.quality_basis
            .is_prior()
            .then(|| format!("quality unknown: {}", c.quality_basis.as_str()))
    };
    if let Some(c) = candidates.first() {
        let mut reason = "top-ranked candidate".to_owned();
        if let Some(p) = prior(c) {
            reason.push_str(&format!(" ({p})"));
        }
        add(&c.id, reason, true);
    }
    let tied: Vec<&Candidate> = candidates.iter().filter(|c| c.tied_with_leader).collect();
    for c in tied.iter().take(TIED_CAP) {
        let mut reason = format!("tied with #1 (#{}: score ranges overlap)", c.rank);
        if let Some(p) = prior(c) {
            reason.push_str(&format!("; {p}"));
        }
        add(&c.id, reason, true);
    }
    if let Some(st) = strategy {
        for r in &st.routes {
            add(
                &r.model,
                format!("the strategy's `{}` route", r.traffic),
                true,
            );
        }
    }
    // The best-ranked candidate resting on a prior that is not listed yet
    // (a listed one already says "quality unknown").
    if let Some(c) = candidates
        .iter()
        .find(|c| c.quality_basis.is_prior() && !list.iter().any(|(id, _)| *id == c.id))
    {
        push(
            &mut list,
            &c.id,
            format!(
                "strongest unmeasured contender (#{}; quality unknown: {}, {:.2}–{:.2})",
                c.rank,
                c.quality_basis.as_str(),
                c.quality_range[0],
                c.quality_range[1]
            ),
            true,
        );
    }
    let mut add = |id: &str, reason: String, always: bool| push(&mut list, id, reason, always);
    if let Some(c) = candidates.iter().find(|c| c.weights == "closed") {
        add(&c.id, "best closed model".to_owned(), false);
    }
    if let Some(c) = candidates.iter().find(|c| c.weights == "open") {
        add(&c.id, "best open-weight model".to_owned(), false);
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
        add(&c.id, "cheapest good-enough model".to_owned(), false);
    }
    let (shortlist, why): (Vec<String>, Vec<String>) = list.into_iter().unzip();
    let imputed: Vec<&str> = candidates
        .iter()
        .filter(|c| shortlist.contains(&c.id) && c.quality_basis.is_prior())
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
            " No independent benchmark measured {}: {}",
            imputed.join(", "),
            if imputed.len() == 1 {
                "its quality is a prior, so its eval decides."
            } else {
                "their quality is a prior, so their evals decide."
            }
        ));
    }
    if !tied.is_empty() && tied.len() <= TIED_CAP {
        advice.push_str(&format!(
            " Every candidate tied with #1 is on the list (the plan takes up to {TIED_CAP})."
        ));
    }
    if tied.len() > TIED_CAP {
        const NAMED: usize = 8;
        // The tied candidates the list leaves out (a route's model or the
        // strongest unmeasured contender may be on it for its own reason).
        let left: Vec<&str> = tied[TIED_CAP..]
            .iter()
            .map(|c| c.id.as_str())
            .filter(|id| !shortlist.iter().any(|s| s == id))
            .collect();
        let mut rest: Vec<String> = left.iter().take(NAMED).map(|id| (*id).to_owned()).collect();
        if left.len() > NAMED {
            rest.push(format!("{} more", left.len() - NAMED));
        }
        if !rest.is_empty() {
            advice.push_str(&format!(
                " {} candidates are tied with #1; the plan tests the first {TIED_CAP} (cap) — also tied, not on the list: {}.",
                tied.len(),
                rest.join(", ")
            ));
        }
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
