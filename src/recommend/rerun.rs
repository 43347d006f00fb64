//! The decision run again for moved inputs (the levers, SPEC §9
//! `what_would_change.levers`): filter, cost and strategy, without the
//! ranking's explanations, the eval plan or the sizing arithmetic.
//!
//! A lever moves one input and asks for the answer dozens of times (the
//! volume lever bisects for its flip), so what the moved input cannot
//! change is taken from the run instead of computed again:
//! - the rules' verdicts, when the rules read the moved requirements as
//!   they read the run's ([`Evaluator::reads_same`]); with a repriced
//!   catalog (the price lever) only the models that moved are judged again;
//! - each model's quality, which depends on the catalog alone (and on the
//!   user's evals, which replace it as they did in the run); with a
//!   repriced catalog, the measured models' and the priors the moved
//!   prices cannot reach (family priors compare prices).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

use super::{context, decide_on_the_ladder, judge_all, judged, screen_and_cost_scored};
use crate::assumptions::Resolved;
use crate::catalog::Catalog;
use crate::levers::{Answer, Moved};
use crate::quality::{Quality, QualityBasis, QualityModel};
use crate::rules::{Evaluator, ModelVerdict, RuleSet};

/// What a decision run again can reuse of the run.
pub(super) struct Rerun<'a, 'c> {
    pub catalog: &'c Catalog,
    pub rules: &'a RuleSet,
    /// The run's evaluator and its verdicts, one per model in catalog order.
    pub evaluator: &'a Evaluator<'a>,
    pub verdicts: &'a [ModelVerdict],
    pub quality: &'a QualityModel,
    /// The quality the user's evals measured, replacing `quality`'s.
    pub overrides: Option<&'a BTreeMap<String, Quality>>,
    /// `quality`'s score of each model of `catalog` scored so far, by id.
    pub scored: RefCell<BTreeMap<String, Quality>>,
}

impl Rerun<'_, '_> {
    /// The answer for the moved inputs; `None` when no plan meets every
    /// constraint.
    pub fn decide(&self, moved: Moved) -> Option<Answer> {
        let Moved { req, a, repriced } = moved;
        let catalog = repriced.map_or(self.catalog, |r| r.catalog);
        let evaluator;
        let verdicts: Cow<[ModelVerdict]> = if !self.evaluator.reads_same(req) {
            evaluator = Evaluator::new(self.rules, req).ok()?;
            Cow::Owned(judge_all(catalog, &evaluator).ok()?)
        } else if let Some(r) = repriced {
            // The models the copy left as they were keep their verdicts.
            Cow::Owned(
                catalog
                    .models
                    .iter()
                    .zip(self.verdicts)
                    .map(|(m, v)| match m.id == r.model {
                        true => judged(self.evaluator, m),
                        false => Ok(v.clone()),
                    })
                    .collect::<Result<_, _>>()
                    .ok()?,
            )
        } else {
            Cow::Borrowed(self.verdicts)
        };
        // The answer alone: no sizing arithmetic is written.
        let quiet = Resolved {
            explain_sizing: false,
            ..a.clone()
        };
        // A measured model's quality rests on benchmarks alone; a prior
        // also on the family's prices, so a repriced catalog takes them
        // again.
        let repriced_quality = repriced.and_then(|r| {
            let moved = r.catalog.models.iter().find(|m| m.id == r.model)?;
            Some((self.quality.repriced(r.catalog), moved))
        });
        let quality_of = |m: &crate::catalog::Model| {
            if let Some(q) = self.overrides.and_then(|o| o.get(&m.id)) {
                return q.clone();
            }
            match &repriced_quality {
                None => self.memo(m),
                Some((model, moved)) => {
                    let known = self.scored.borrow().get(&m.id).cloned();
                    match known {
                        Some(q) if q.basis == QualityBasis::Benchmarks => q,
                        _ if model.same_prior(self.quality, m, moved) => self.memo(m),
                        _ => model.score(m),
                    }
                }
            }
        };
        let analysis =
            screen_and_cost_scored(catalog, self.rules, &verdicts, quality_of, req, &quiet);
        if analysis.screened.is_empty() {
            return None;
        }
        let mut adaptation = crate::adaptation::advise(req, &quiet, catalog);
        let mut ctx = context(
            catalog,
            self.rules,
            req,
            &quiet,
            &analysis,
            &analysis.screened,
            &adaptation,
        );
        decide_on_the_ladder(&mut ctx, &mut adaptation, catalog)
            .ok()
            .map(|s| Answer::of(&s))
    }

    /// `quality`'s score of `m`, a model of the run's catalog, computed the
    /// first time.
    fn memo(&self, m: &crate::catalog::Model) -> Quality {
        if let Some(q) = self.scored.borrow().get(&m.id) {
            return q.clone();
        }
        let q = self.quality.score(m);
        self.scored.borrow_mut().insert(m.id.clone(), q.clone());
        q
    }
}
