//! What the filter and cost steps produce for the ranking and the strategy:
//! each model that passed the hard constraints with its costed deployments,
//! and how one deployment is scored (the one scoring path,
//! [`score::Criteria::score`]). A domain module below the stages, so the
//! strategy does not import from `recommend` (issue 9 item 8).

use crate::catalog::Model;
use crate::cost::{DeploymentCost, Traffic};
use crate::filter::Allowed;
use crate::quality::Quality;
use crate::report_doc::Excluded;
use crate::rules::ModelVerdict;
use crate::score;

/// One costed deployment of one model.
#[derive(Debug, Clone)]
pub struct Deployment<'c> {
    pub model: &'c Model,
    pub allowed: Allowed,
    pub cost: DeploymentCost,
}

/// A model that passed the hard constraints, with its costed deployments.
#[derive(Debug, Clone)]
pub struct Screened<'c> {
    pub model: &'c Model,
    pub verdict: ModelVerdict,
    pub quality: Quality,
    pub options: Vec<Deployment<'c>>,
}

/// The result of the filter and cost steps, shared by the ranking and by the
/// strategy (which re-costs routes).
pub struct Analysis<'c> {
    pub screened: Vec<Screened<'c>>,
    pub excluded: Vec<Excluded>,
    pub traffic: Traffic,
    pub warnings: Vec<String>,
}

/// What one deployment of a screened model is scored as.
pub fn subject<'s>(
    s: &'s Screened,
    allowed: Allowed,
    monthly_usd: Option<f64>,
    range: Option<(f64, f64)>,
) -> score::Subject<'s> {
    score::Subject {
        model: s.model,
        quality: &s.quality,
        boost: s.verdict.boost,
        kind: s.model.offerings[allowed.offering].kind,
        monthly_usd,
        cost_range: range,
    }
}

/// The weighted score of one deployment of a screened model for a given
/// monthly cost and the cost range it is judged in (see
/// [`score::Criteria::score`], the one scoring path).
pub fn deployment_score(
    criteria: &score::Criteria,
    s: &Screened,
    allowed: Allowed,
    monthly_usd: Option<f64>,
    range: Option<(f64, f64)>,
) -> f64 {
    criteria
        .score(
            &subject(s, allowed, monthly_usd, range),
            s.quality.value,
            false,
        )
        .0
}

/// The (min, max) of known costs, for the cost criterion's log scale.
pub fn cost_range(costs: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    costs.fold(None, |acc, c| match acc {
        None => Some((c, c)),
        Some((lo, hi)) => Some((lo.min(c), hi.max(c))),
    })
}
