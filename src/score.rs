//! The weighted multi-criteria score (SPEC §5): quality, monthly cost,
//! latency, privacy fit, time to market and lock-in, each 0..1, weighted by
//! the requirements' `priorities`, plus the boosts of fired rules; and the
//! Pareto flag and the deterministic ranking.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::catalog::{Model, OfferingKind, Weights};
use crate::num::{round_to, ser_num};
use crate::quality::Quality;
use crate::requirements::Requirements;
use crate::rules::{RuleSet, Scoring};

/// One criterion of a candidate's score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Component {
    /// `quality`, `cost`, `latency`, `privacy`, `time_to_market`, `lock_in`.
    pub name: String,
    /// The priority (0..5) it is weighted by.
    #[serde(serialize_with = "ser_num")]
    pub weight: f64,
    /// 0..1, higher is better.
    #[serde(serialize_with = "ser_num")]
    pub value: f64,
    /// How the value was found.
    pub note: String,
    /// The catalog lacks the fact this criterion needs (a price, a speed
    /// figure): the value is a default, and the score range spans 0..1 for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
}

/// Cost criterion: log scale between the cheapest and dearest candidate
/// deployment (1 = cheapest). Prices span three orders of magnitude, so a
/// linear scale would flatten everything but the dearest.
///
/// Each criterion comes as a value plus a note made only when asked for:
/// ranking and routing score every deployment of every model (100k in a
/// large catalog) but explain only the ones they keep (see
/// [`Criteria::score`]).
pub fn cost_criterion(
    monthly: Option<f64>,
    range: Option<(f64, f64)>,
) -> (Option<f64>, impl FnOnce() -> String) {
    let value = match (monthly, range) {
        (None, _) => None,
        // Costs under a cent are all a cent on the log scale: below that the
        // span would be 0 / 0.
        (Some(c), Some((lo, hi))) if cent_log(hi) > cent_log(lo) => {
            let v = 1.0 - (cent_log(c) - cent_log(lo)) / (cent_log(hi) - cent_log(lo));
            Some(v.clamp(0.0, 1.0))
        }
        (Some(_), _) => Some(1.0),
    };
    let note = move || match (monthly, range) {
        (None, _) => {
            "monthly cost unknown (a price is missing from the catalog): scored 0".to_owned()
        }
        (Some(c), Some((lo, hi))) if cent_log(hi) > cent_log(lo) => format!(
            "{} a month; log scale between {} and {}",
            usd(c),
            usd(lo),
            usd(hi)
        ),
        (Some(c), _) => format!("{} a month", usd(c)),
    };
    (value, note)
}

fn cent_log(usd: f64) -> f64 {
    usd.max(0.01).ln()
}

fn usd(v: f64) -> String {
    crate::num::fmt_usd(v)
}

/// Latency criterion from the catalog's typical speed against the latency
/// class's targets; neutral 0.5 when the catalog has no speed figure.
pub fn latency_criterion(
    model: &Model,
    kind: OfferingKind,
    req: &Requirements,
    scoring: &Scoring,
) -> (Option<f64>, impl FnOnce() -> String) {
    let class = match req.latency.class {
        crate::requirements::LatencyClass::Realtime => "realtime",
        crate::requirements::LatencyClass::Interactive => "interactive",
        crate::requirements::LatencyClass::Batch => "batch",
    };
    let target = scoring.latency.get(class).copied();
    let ttft_target = req.latency.ttft_ms.or(target.map(|t| t.ttft_ms));
    let tps_target = req.latency.output_tps.or(target.map(|t| t.output_tps));
    let ttft = model.speed.ttft_ms.zip(ttft_target);
    let tps = model.speed.output_tps.zip(tps_target);
    let mut parts = Vec::new();
    if let Some((ttft, t)) = ttft {
        parts.push((t / ttft.max(1.0)).min(1.0));
    }
    if let Some((tps, t)) = tps {
        parts.push((tps / t.max(f64::MIN_POSITIVE)).min(1.0));
    }
    let value = (!parts.is_empty()).then(|| parts.iter().sum::<f64>() / parts.len() as f64);
    let note = move || {
        let mut notes = Vec::new();
        if let Some((ttft, t)) = ttft {
            notes.push(format!(
                "first token {} ms (target {} ms)",
                ttft.round(),
                t.round()
            ));
        }
        if let Some((tps, t)) = tps {
            notes.push(format!("{} tokens/s (target {})", tps.round(), t.round()));
        }
        if notes.is_empty() {
            return "no speed figure in the catalog: neutral 0.5".to_owned();
        }
        let mut note = notes.join(", ");
        if kind == OfferingKind::SelfHosted {
            note.push_str("; measured on a hosted API, your own serving may differ");
        }
        note
    };
    (value, note)
}

/// Privacy criterion: the rules' fit of this deployment kind for the data.
pub fn privacy_criterion(
    kind: OfferingKind,
    req: &Requirements,
    scoring: &Scoring,
) -> (f64, impl FnOnce() -> String) {
    let sens = req.data.sensitivity.as_str();
    let kind_name = kind_name(kind);
    let value = scoring
        .privacy
        .get(sens)
        .and_then(|t| t.get(kind_name))
        .copied();
    let note = move || match value {
        Some(_) => format!("{kind_name} deployment for {sens} data"),
        None => format!("no privacy score for {kind_name} with {sens} data: neutral 0.5"),
    };
    (value.unwrap_or(0.5), note)
}

/// Time-to-market criterion: the setup weeks of the strategy the deployment
/// implies (`buy` for APIs and private cloud, `build` for self-hosting),
/// relative to the fastest; 0 when it misses the deadline.
pub fn time_to_market_criterion(
    kind: OfferingKind,
    req: &Requirements,
    a: &Resolved,
) -> (f64, impl FnOnce() -> String) {
    let strategy = if kind == OfferingKind::SelfHosted {
        "build"
    } else {
        "buy"
    };
    let needs = crate::setup::Needs::of(req, a);
    let weeks_of = |strategy: &str| {
        let shape = crate::setup::Shape {
            self_hosted: strategy != "buy",
            self_hosted_all: strategy == "build",
            routed: strategy == "blend",
            rag: needs.rag,
            fine_tuning: needs.fine_tuning,
            sensitive: needs.security_review,
        };
        Some(crate::setup::weeks(a, strategy, shape))
    };
    let weeks = weeks_of(strategy);
    let fastest = ["buy", "build", "blend"]
        .iter()
        .filter_map(|s| weeks_of(s))
        .fold(f64::INFINITY, f64::min);
    let late = match (weeks, req.time_to_market_weeks) {
        (Some(weeks), Some(deadline)) if weeks > deadline => Some(deadline),
        _ => None,
    };
    let value = match (weeks, late) {
        (None, _) => 0.5,
        (Some(_), Some(_)) => 0.0,
        (Some(weeks), None) if weeks > 0.0 && fastest.is_finite() => (fastest / weeks).min(1.0),
        (Some(_), None) => 1.0,
    };
    let note = move || match (weeks, late) {
        (None, _) => format!("no setup time assumed for `{strategy}`: neutral 0.5"),
        (Some(weeks), Some(deadline)) => {
            format!("about {weeks} weeks to set up ({strategy}), past the {deadline}-week deadline")
        }
        (Some(weeks), None) => format!("about {weeks} weeks to set up ({strategy})"),
    };
    (value, note)
}

/// Lock-in criterion from the rules' table.
pub fn lock_in_criterion(model: &Model, scoring: &Scoring) -> (f64, impl FnOnce() -> String) {
    let private_hosts: std::collections::BTreeSet<&str> = model
        .offerings
        .iter()
        .filter(|o| o.kind == OfferingKind::PrivateCloud)
        .filter_map(|o| o.host.as_deref())
        .collect();
    let clouds = private_hosts.len();
    let weights = model.weights;
    let key = match weights {
        Some(Weights::Open) => "open",
        _ if clouds >= 2 => "closed-multi-cloud",
        Some(Weights::Closed) | None => "closed",
    };
    let note = move || match weights {
        Some(Weights::Open) => "open weights: can move to any host or your own GPUs".to_owned(),
        _ if clouds >= 2 => format!("not open weights, but sold by {clouds} clouds"),
        Some(Weights::Closed) => "closed, one vendor".to_owned(),
        None => "weights not known to be open: treated as closed".to_owned(),
    };
    (scoring.lock_in.get(key).copied().unwrap_or(0.5), note)
}

/// What is scored: one deployment of one model.
pub struct Subject<'a> {
    pub model: &'a Model,
    pub quality: &'a Quality,
    /// The fired rules' boost for the model.
    pub boost: f64,
    pub kind: OfferingKind,
    pub monthly_usd: Option<f64>,
    /// The cost range the cost criterion is judged in.
    pub cost_range: Option<(f64, f64)>,
}

/// What a deployment is scored against.
pub struct Criteria<'a> {
    pub req: &'a Requirements,
    pub rules: &'a RuleSet,
    pub a: &'a Resolved,
    /// The time-to-market value of an API (buy) and of a self-hosted
    /// (build) deployment: the same for every deployment of its kind, so
    /// computed once.
    time_to_market: [std::cell::OnceCell<f64>; 2],
}

impl<'a> Criteria<'a> {
    pub fn new(req: &'a Requirements, rules: &'a RuleSet, a: &'a Resolved) -> Criteria<'a> {
        Criteria {
            req,
            rules,
            a,
            time_to_market: Default::default(),
        }
    }

    /// The weighted score of `s` with its quality taken as `quality` (the
    /// estimate, or an end of its range), and — with `explain` — the
    /// components behind it. The one place that lists the six criteria:
    /// ranking and routing (100k deployments in a large catalog) ask for no
    /// notes, the report's candidates for theirs.
    pub fn score(&self, s: &Subject, quality: f64, explain: bool) -> (f64, Vec<Component>) {
        self.score_at(s, quality, None, explain)
    }

    /// [`Criteria::score`] with the criteria the catalog cannot score (no
    /// price: 0; no speed figure: a neutral 0.5) taken as `unknown` instead.
    fn score_at(
        &self,
        s: &Subject,
        quality: f64,
        unknown: Option<f64>,
        explain: bool,
    ) -> (f64, Vec<Component>) {
        let (req, rules, p) = (self.req, self.rules, &self.req.priorities);
        let mut acc = Accumulator {
            explain,
            pairs: Vec::with_capacity(6),
            components: Vec::new(),
        };
        acc.add("quality", p.quality, (quality, || quality_note(s.quality)));
        let (cost, note) = cost_criterion(s.monthly_usd, s.cost_range);
        acc.add_unknown("cost", p.cost, cost.ok_or(0.0), unknown, note);
        let (latency, note) = latency_criterion(s.model, s.kind, req, &rules.scoring);
        acc.add_unknown("latency", p.latency, latency.ok_or(0.5), unknown, note);
        acc.add(
            "privacy",
            p.privacy,
            privacy_criterion(s.kind, req, &rules.scoring),
        );
        if explain {
            acc.add(
                "time_to_market",
                p.time_to_market,
                time_to_market_criterion(s.kind, req, self.a),
            );
        } else {
            let slot = &self.time_to_market[usize::from(s.kind == OfferingKind::SelfHosted)];
            let value = *slot.get_or_init(|| time_to_market_criterion(s.kind, req, self.a).0);
            acc.add("time_to_market", p.time_to_market, (value, String::new));
        }
        acc.add(
            "lock_in",
            p.lock_in,
            lock_in_criterion(s.model, &rules.scoring),
        );
        let shortfall = good_enough_shortfall(quality, req, rules);
        (
            weighted_values(acc.pairs.into_iter(), s.boost - shortfall),
            acc.components,
        )
    }

    /// The score the evidence allows: at the low end of the quality range
    /// with every criterion the catalog cannot score at 0, and at the high
    /// end with those at 1 (a model whose speed is unknown may be the
    /// fastest).
    pub fn score_range(&self, s: &Subject) -> [f64; 2] {
        [
            self.score_at(s, s.quality.low, Some(0.0), false).0,
            self.score_at(s, s.quality.high, Some(1.0), false).0,
        ]
    }
}

struct Accumulator {
    explain: bool,
    pairs: Vec<(f64, f64)>,
    components: Vec<Component>,
}

impl Accumulator {
    fn add<N: FnOnce() -> String>(&mut self, name: &str, weight: f64, (value, note): (f64, N)) {
        self.add_unknown(name, weight, Ok(value), None, note);
    }

    /// A criterion whose value may be unknown (`Err(default)`): scored at
    /// `unknown` when given, else at the default, and flagged.
    fn add_unknown<N: FnOnce() -> String>(
        &mut self,
        name: &str,
        weight: f64,
        value: Result<f64, f64>,
        unknown: Option<f64>,
        note: N,
    ) {
        let (value, is_unknown) = match value {
            Ok(v) => (v, false),
            Err(default) => (unknown.unwrap_or(default), true),
        };
        let value = criterion_value(value);
        self.pairs.push((weight, value));
        if self.explain {
            self.components.push(Component {
                name: name.to_owned(),
                weight,
                value,
                note: note(),
                unknown: is_unknown,
            });
        }
    }
}

fn quality_note(q: &Quality) -> String {
    let (low, high) = (format!("{:.2}", q.low), format!("{:.2}", q.high));
    if low == high {
        format!("{:.3} ({})", q.value, q.basis.as_str())
    } else {
        format!(
            "{low}–{high} ({}), scored at the estimate",
            q.basis.as_str()
        )
    }
}

/// How far quality falls short of "good enough" for the accuracy level
/// (the rules' `good_enough_quality`), subtracted from the score.
pub fn good_enough_shortfall(quality: f64, req: &Requirements, rules: &RuleSet) -> f64 {
    rules
        .scoring
        .good_enough_quality
        .get(req.accuracy.level.as_str())
        .map_or(0.0, |t| (t - quality).max(0.0))
}

/// A criterion's value as reported: within 0..1, four decimals.
pub fn criterion_value(value: f64) -> f64 {
    round_to(value.clamp(0.0, 1.0), 4)
}

pub fn kind_name(kind: OfferingKind) -> &'static str {
    match kind {
        OfferingKind::Api => "api",
        OfferingKind::PrivateCloud => "private-cloud",
        OfferingKind::SelfHosted => "self-hosted",
    }
}

/// The weighted score: Σ weight × value / Σ weight, plus `boost`, within 0..1.
pub fn weighted_values(pairs: impl Iterator<Item = (f64, f64)> + Clone, boost: f64) -> f64 {
    let total: f64 = pairs.clone().map(|(weight, _)| weight).sum();
    let base = if total > 0.0 {
        pairs.map(|(weight, value)| weight * value).sum::<f64>() / total
    } else {
        0.0
    };
    round_to((base + boost).clamp(0.0, 1.0), 4)
}

/// For each (quality, monthly cost) point, whether no other point is at least
/// as good on both and better on one. An unknown cost counts as infinite.
///
/// One sort and one sweep, best quality first: a point is beaten exactly
/// when a point of higher quality costs no more, or one of equal quality
/// costs less. (Comparing every pair took minutes on 100k candidates.)
pub fn pareto(points: &[(f64, Option<f64>)]) -> Vec<bool> {
    let cost = |c: Option<f64>| c.unwrap_or(f64::INFINITY);
    if points.iter().any(|&(q, c)| q.is_nan() || cost(c).is_nan()) {
        return pareto_pairwise(points);
    }
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&x, &y| points[y].0.total_cmp(&points[x].0));
    let mut front = vec![false; points.len()];
    // The cheapest cost among points of strictly higher quality.
    let mut cheapest_better = f64::INFINITY;
    let mut seen_better = false;
    let mut start = 0;
    while start < order.len() {
        let quality = points[order[start]].0;
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| points[i].0 == quality)
                .count();
        let group = &order[start..end];
        let cheapest_equal = group
            .iter()
            .map(|&i| cost(points[i].1))
            .fold(f64::INFINITY, f64::min);
        for &i in group {
            let c = cost(points[i].1);
            let beaten = (seen_better && cheapest_better <= c) || cheapest_equal < c;
            front[i] = !beaten;
        }
        cheapest_better = cheapest_better.min(cheapest_equal);
        seen_better = true;
        start = end;
    }
    front
}

/// [`pareto`] by comparing every pair: the definition, for NaN inputs.
fn pareto_pairwise(points: &[(f64, Option<f64>)]) -> Vec<bool> {
    let cost = |c: Option<f64>| c.unwrap_or(f64::INFINITY);
    points
        .iter()
        .map(|&(q, c)| {
            !points
                .iter()
                .any(|&(q2, c2)| q2 >= q && cost(c2) <= cost(c) && (q2 > q || cost(c2) < cost(c)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_by_hand_and_clamped() {
        let pairs = [(3.0, 1.0), (1.0, 0.0)];
        assert_eq!(weighted_values(pairs.into_iter(), 0.0), 0.75);
        assert_eq!(weighted_values(pairs.into_iter(), 0.5), 1.0);
        assert_eq!(weighted_values([].into_iter(), 0.0), 0.0);
    }

    #[test]
    fn cost_is_log_scaled() {
        let cost = |c| {
            cost_criterion(c, Some((10.0, 1000.0)))
                .0
                .map(criterion_value)
        };
        assert_eq!(cost(Some(100.0)), Some(0.5));
        assert_eq!(cost(Some(10.0)), Some(1.0));
        assert_eq!(cost(None), None);
        // Every cost under a cent: no span on the log scale, all cheapest (a
        // proptest found the 0 / 0 this used to be).
        assert_eq!(
            cost_criterion(Some(0.001), Some((0.0001, 0.005))).0,
            Some(1.0)
        );
    }

    #[test]
    fn pareto_sweep_matches_the_pairwise_definition() {
        // A deterministic spread with ties in quality and cost, unknown costs
        // and signed zeros.
        let mut state = 7u64;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % n
        };
        for len in 0..60 {
            let points: Vec<(f64, Option<f64>)> = (0..len)
                .map(|_| {
                    let q = [0.0, -0.0, 0.25, 0.5, 0.75, 1.0][next(6) as usize];
                    let c = match next(5) {
                        0 => None,
                        k => Some([0.0, 10.0, 50.0, f64::INFINITY][(k - 1) as usize]),
                    };
                    (q, c)
                })
                .collect();
            assert_eq!(pareto(&points), pareto_pairwise(&points), "{points:?}");
        }
    }

    #[test]
    fn pareto_front() {
        let pts = [
            (0.9, Some(100.0)),
            (0.5, Some(10.0)),
            (0.4, Some(50.0)),
            (0.9, Some(200.0)),
            (1.0, None),
        ];
        assert_eq!(pareto(&pts), vec![true, true, false, false, true]);
    }
}
