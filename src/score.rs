//! The weighted multi-criteria score (SPEC §5): quality, monthly cost,
//! latency, privacy fit, time to market and lock-in, each 0..1, weighted by
//! the requirements' `priorities`, plus the boosts of fired rules; and the
//! Pareto flag and the deterministic ranking.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::catalog::{Model, OfferingKind, Weights};
use crate::num::{round_to, ser_num};
use crate::requirements::Requirements;
use crate::rules::Scoring;

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
}

/// Cost criterion: log scale between the cheapest and dearest candidate
/// deployment (1 = cheapest). Prices span three orders of magnitude, so a
/// linear scale would flatten everything but the dearest.
pub fn cost_component(monthly: Option<f64>, range: Option<(f64, f64)>, weight: f64) -> Component {
    let (value, note) = match (monthly, range) {
        (None, _) => (
            0.0,
            "monthly cost unknown (a price is missing from the catalog)".to_owned(),
        ),
        (Some(c), Some((lo, hi))) if hi > lo => {
            let f = |x: f64| x.max(0.01).ln();
            let v = 1.0 - (f(c) - f(lo)) / (f(hi) - f(lo));
            (
                v.clamp(0.0, 1.0),
                format!(
                    "{} a month; log scale between {} and {}",
                    usd(c),
                    usd(lo),
                    usd(hi)
                ),
            )
        }
        (Some(c), _) => (1.0, format!("{} a month", usd(c))),
    };
    component("cost", weight, value, note)
}

fn usd(v: f64) -> String {
    crate::num::fmt_usd(v)
}

/// Latency criterion from the catalog's typical speed against the latency
/// class's targets; neutral 0.5 when the catalog has no speed figure.
pub fn latency_component(
    model: &Model,
    kind: OfferingKind,
    req: &Requirements,
    scoring: &Scoring,
    weight: f64,
) -> Component {
    let class = match req.latency.class {
        crate::requirements::LatencyClass::Realtime => "realtime",
        crate::requirements::LatencyClass::Interactive => "interactive",
        crate::requirements::LatencyClass::Batch => "batch",
    };
    let target = scoring.latency.get(class).copied();
    let ttft_target = req.latency.ttft_ms.or(target.map(|t| t.ttft_ms));
    let tps_target = req.latency.output_tps.or(target.map(|t| t.output_tps));
    let mut parts = Vec::new();
    let mut notes = Vec::new();
    if let (Some(ttft), Some(t)) = (model.speed.ttft_ms, ttft_target) {
        parts.push((t / ttft.max(1.0)).min(1.0));
        notes.push(format!(
            "first token {} ms (target {} ms)",
            ttft.round(),
            t.round()
        ));
    }
    if let (Some(tps), Some(t)) = (model.speed.output_tps, tps_target) {
        parts.push((tps / t.max(f64::MIN_POSITIVE)).min(1.0));
        notes.push(format!("{} tokens/s (target {})", tps.round(), t.round()));
    }
    if parts.is_empty() {
        return component(
            "latency",
            weight,
            0.5,
            "no speed figure in the catalog: neutral 0.5".to_owned(),
        );
    }
    let mut note = notes.join(", ");
    if kind == OfferingKind::SelfHosted {
        note.push_str("; measured on a hosted API, your own serving may differ");
    }
    component(
        "latency",
        weight,
        parts.iter().sum::<f64>() / parts.len() as f64,
        note,
    )
}

/// Privacy criterion: the rules' fit of this deployment kind for the data.
pub fn privacy_component(
    kind: OfferingKind,
    req: &Requirements,
    scoring: &Scoring,
    weight: f64,
) -> Component {
    let sens = req.data.sensitivity.as_str();
    let kind_name = kind_name(kind);
    let value = scoring
        .privacy
        .get(sens)
        .and_then(|t| t.get(kind_name))
        .copied();
    match value {
        Some(v) => component(
            "privacy",
            weight,
            v,
            format!("{kind_name} deployment for {sens} data"),
        ),
        None => component(
            "privacy",
            weight,
            0.5,
            format!("no privacy score for {kind_name} with {sens} data: neutral 0.5"),
        ),
    }
}

/// Time-to-market criterion: the setup weeks of the strategy the deployment
/// implies (`buy` for APIs and private cloud, `build` for self-hosting),
/// relative to the fastest; 0 when it misses the deadline.
pub fn time_to_market_component(
    kind: OfferingKind,
    req: &Requirements,
    a: &Resolved,
    weight: f64,
) -> Component {
    let strategy = if kind == OfferingKind::SelfHosted {
        "build"
    } else {
        "buy"
    };
    let weeks = a.strategy_setup(strategy).1;
    let fastest = ["buy", "build", "blend"]
        .iter()
        .filter_map(|s| a.strategy_setup(s).1)
        .fold(f64::INFINITY, f64::min);
    let Some(weeks) = weeks else {
        return component(
            "time_to_market",
            weight,
            0.5,
            format!("no setup time assumed for `{strategy}`: neutral 0.5"),
        );
    };
    if let Some(deadline) = req.time_to_market_weeks
        && weeks > deadline
    {
        return component(
            "time_to_market",
            weight,
            0.0,
            format!(
                "about {weeks} weeks to set up ({strategy}), past the {deadline}-week deadline"
            ),
        );
    }
    let value = if weeks > 0.0 && fastest.is_finite() {
        (fastest / weeks).min(1.0)
    } else {
        1.0
    };
    component(
        "time_to_market",
        weight,
        value,
        format!("about {weeks} weeks to set up ({strategy})"),
    )
}

/// Lock-in criterion from the rules' table.
pub fn lock_in_component(model: &Model, scoring: &Scoring, weight: f64) -> Component {
    let private_hosts: std::collections::BTreeSet<&str> = model
        .offerings
        .iter()
        .filter(|o| o.kind == OfferingKind::PrivateCloud)
        .filter_map(|o| o.host.as_deref())
        .collect();
    let (key, note) = match model.weights {
        Some(Weights::Open) => (
            "open",
            "open weights: can move to any host or your own GPUs".to_owned(),
        ),
        _ if private_hosts.len() >= 2 => (
            "closed-multi-cloud",
            format!(
                "not open weights, but sold by {} clouds",
                private_hosts.len()
            ),
        ),
        Some(Weights::Closed) => ("closed", "closed, one vendor".to_owned()),
        None => (
            "closed",
            "weights not known to be open: treated as closed".to_owned(),
        ),
    };
    let value = scoring.lock_in.get(key).copied().unwrap_or(0.5);
    component("lock_in", weight, value, note)
}

fn component(name: &str, weight: f64, value: f64, note: String) -> Component {
    Component {
        name: name.to_owned(),
        weight,
        value: round_to(value.clamp(0.0, 1.0), 4),
        note,
    }
}

pub fn kind_name(kind: OfferingKind) -> &'static str {
    match kind {
        OfferingKind::Api => "api",
        OfferingKind::PrivateCloud => "private-cloud",
        OfferingKind::SelfHosted => "self-hosted",
    }
}

/// The weighted score: Σ weight × value / Σ weight, plus `boost`, within 0..1.
pub fn weighted(components: &[Component], boost: f64) -> f64 {
    let total: f64 = components.iter().map(|c| c.weight).sum();
    let base = if total > 0.0 {
        components.iter().map(|c| c.weight * c.value).sum::<f64>() / total
    } else {
        0.0
    };
    round_to((base + boost).clamp(0.0, 1.0), 4)
}

/// For each (quality, monthly cost) point, whether no other point is at least
/// as good on both and better on one. An unknown cost counts as infinite.
pub fn pareto(points: &[(f64, Option<f64>)]) -> Vec<bool> {
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
        let cs = vec![
            component("quality", 3.0, 1.0, String::new()),
            component("cost", 1.0, 0.0, String::new()),
        ];
        assert_eq!(weighted(&cs, 0.0), 0.75);
        assert_eq!(weighted(&cs, 0.5), 1.0);
        assert_eq!(weighted(&[], 0.0), 0.0);
    }

    #[test]
    fn cost_is_log_scaled() {
        let c = cost_component(Some(100.0), Some((10.0, 1000.0)), 1.0);
        assert_eq!(c.value, 0.5);
        assert_eq!(
            cost_component(Some(10.0), Some((10.0, 1000.0)), 1.0).value,
            1.0
        );
        assert_eq!(cost_component(None, Some((10.0, 1000.0)), 1.0).value, 0.0);
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
