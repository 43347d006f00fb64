//! Task-specific quality as an estimate with a range, from independent
//! benchmarks (or from the user's own eval results, see [`crate::evals`]).
//!
//! Each metric is normalised to 0..1 against the best model of the catalog
//! that has it, so a score does not depend on which candidates survived the
//! filters: percentages and indices as a share of the best value, Elo ratings
//! as twice the expected win rate against the best model (1.0 for the best,
//! 0.5 for a model 190 Elo behind). The rules file says which metrics count
//! for which task type and how much.
//!
//! - **Measured** (`benchmarks`): the task's weights are renormalised over
//!   the independent metrics the model has; nothing is imputed. The range
//!   holds the source's own uncertainty of each value (LMArena's rating
//!   interval, a metric's stated ±) and widens with the weight the model has
//!   no measurement for: a missing metric may sit anywhere within its
//!   *disagreement width* of the measured blend — the 90th percentile, over
//!   the catalog's models that have it, of how far that metric lies from the
//!   blend of their other metrics.
//!   Snapshots of one benchmark (metrics sharing a `series`) stand in for
//!   each other here: a model measured on one is not unmeasured on another;
//!   and an older snapshot is normalised against what the newest snapshot's
//!   best would score on it (see `calibrate_series`), not against the best
//!   of its own, older line-up.
//! - **Stale**: a metric whose snapshot is older than the rules'
//!   `quality_evidence.stale_after_days` before the catalog's `as_of` counts
//!   `stale_weight` times its weight and is flagged.
//! - **Priors**, for a model with no independent measurement, in this order:
//!   1. `family-prior`: its family's measured models. A newer model at the
//!      same or a higher price (tier, when a price is unknown) is placed at
//!      its newest such predecessor plus the median gain between successive
//!      measured releases of a family in this catalog, its range from the
//!      predecessor's low to its high plus the largest such gain. An older
//!      model at the same or a lower price than a measured release is placed
//!      at most level with it, less the median gain (the mirror rule).
//!      Otherwise (no release date, say) the family's measured spread,
//!      widened by the largest gain each way.
//!   2. `vendor-reported`: the vendor's own figures (metrics with
//!      `independent: false`), as a share of the best vendor figure of the
//!      same metric, with a range as wide as the tier's spread: they are not
//!      comparable across vendors and never enter a measured blend.
//!   3. `tier-prior`: the spread of the tier's measured models (median,
//!      lowest low to highest high), else of the whole catalog.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::catalog::{Catalog, Metric, Model, Tier};
use crate::rules::QualityEvidence;

/// Where a quality score came from (SPEC §6 `quality_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QualitySource {
    /// Independent benchmarks measured this model.
    Benchmarks,
    /// The user's own eval results.
    Evals,
    /// No independent measurement: a prior (see `quality_basis`).
    Imputed,
}

/// The evidence behind a quality estimate (SPEC §9 `quality_basis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QualityBasis {
    /// Independent benchmarks of this model.
    Benchmarks,
    /// The user's eval pass rate.
    Evals,
    /// Its family's measured models and release order.
    FamilyPrior,
    /// The vendor's own figures (not comparable across vendors).
    VendorReported,
    /// The spread of its tier (or of the catalog).
    TierPrior,
}

impl QualityBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            QualityBasis::Benchmarks => "benchmarks",
            QualityBasis::Evals => "evals",
            QualityBasis::FamilyPrior => "family-prior",
            QualityBasis::VendorReported => "vendor-reported",
            QualityBasis::TierPrior => "tier-prior",
        }
    }

    /// Whether the estimate rests on a prior rather than a measurement.
    pub fn is_prior(self) -> bool {
        !matches!(self, QualityBasis::Benchmarks | QualityBasis::Evals)
    }

    /// The mark tables print after a quality range (empty for benchmarks).
    pub fn mark(self) -> &'static str {
        match self {
            QualityBasis::Benchmarks => "",
            QualityBasis::Evals => " E",
            QualityBasis::FamilyPrior => " F",
            QualityBasis::VendorReported => " V",
            QualityBasis::TierPrior => " T",
        }
    }

    fn source(self) -> QualitySource {
        match self {
            QualityBasis::Benchmarks => QualitySource::Benchmarks,
            QualityBasis::Evals => QualitySource::Evals,
            _ => QualitySource::Imputed,
        }
    }
}

/// The legend of [`QualityBasis::mark`], for reporters.
pub const BASIS_LEGEND: &str = "quality is a range low–high; no mark = measured by independent benchmarks, \
     F = family prior, V = vendor-reported figures, T = tier prior, E = your evals";

/// A model's quality for one task.
#[derive(Debug, Clone, PartialEq)]
pub struct Quality {
    /// The point estimate, 0..1.
    pub value: f64,
    /// The range the evidence allows, 0..1, `low <= value <= high`.
    pub low: f64,
    pub high: f64,
    pub basis: QualityBasis,
    pub source: QualitySource,
    /// Share of the task's (effective) quality weight this model has no
    /// independent measurement for, 0..1.
    pub missing_share: f64,
    /// Metrics of the estimate older than the staleness limit.
    pub stale: Vec<String>,
    /// Human-readable explanation.
    pub reasons: Vec<String>,
}

impl Quality {
    fn new(
        value: f64,
        low: f64,
        high: f64,
        basis: QualityBasis,
        missing_share: f64,
        reasons: Vec<String>,
    ) -> Quality {
        let r = |v: f64| crate::num::round_to(v.clamp(0.0, 1.0), 4);
        let value = r(value);
        Quality {
            value,
            low: r(low).min(value),
            high: r(high).max(value),
            basis,
            source: basis.source(),
            missing_share,
            stale: Vec::new(),
            reasons,
        }
    }

    /// Quality measured by the user's evals: the pass rate, with the 95%
    /// Wilson score interval of `passed` out of `tests` as its range.
    pub fn from_evals(passed: u64, tests: u64, reasons: Vec<String>) -> Quality {
        let (low, high) = wilson(passed, tests);
        let rate = if tests == 0 {
            0.0
        } else {
            passed as f64 / tests as f64
        };
        Quality::new(rate, low, high, QualityBasis::Evals, 0.0, reasons)
    }

    /// `[low, high]`.
    pub fn range(&self) -> [f64; 2] {
        [self.low, self.high]
    }
}

/// The 95% Wilson score interval of a binomial proportion.
pub fn wilson(passed: u64, tests: u64) -> (f64, f64) {
    if tests == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_964_f64;
    let n = tests as f64;
    let p = passed as f64 / n;
    let centre = p + z * z / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let denom = 1.0 + z * z / n;
    (
        ((centre - spread) / denom).max(0.0),
        ((centre + spread) / denom).min(1.0),
    )
}

/// The measured estimate of one model (numbers only).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Estimate {
    value: f64,
    low: f64,
    high: f64,
}

/// A measured model of a family.
#[derive(Debug, Clone)]
struct Member {
    name: String,
    released: Option<i64>,
    price: Option<f64>,
    tier: Option<Tier>,
    estimate: Estimate,
}

/// The measured spread of a group of models.
#[derive(Debug, Clone, Copy)]
struct Spread {
    median: f64,
    low: f64,
    high: f64,
    models: usize,
}

/// Normalisation ranges, disagreement widths, and the family and tier
/// statistics priors are drawn from.
#[derive(Debug, Clone)]
pub struct QualityModel {
    /// The independent weighted metrics some model of the catalog has.
    blend: Vec<BlendedMetric>,
    /// Σ effective weight of `blend`.
    total_weight: f64,
    /// Vendor-reported metrics some model has: id → (best, unit, name).
    vendor: Vec<(String, f64, Unit, String)>,
    families: BTreeMap<String, Vec<(String, Member)>>,
    tiers: BTreeMap<Option<Tier>, Spread>,
    overall: Option<Spread>,
    /// (median, largest) gain between successive measured releases of a
    /// family, ≥ 0; none when no family has two.
    family_gain: Option<(f64, f64)>,
    stale_after_days: u32,
}

/// One weighted metric, prepared for scoring.
#[derive(Debug, Clone)]
struct BlendedMetric {
    id: String,
    /// The task weight times the staleness factor.
    weight: f64,
    /// Best value of the catalog, and the unit.
    best: f64,
    unit: Unit,
    /// The name shown in reasons.
    name: String,
    /// The metric's stated ± (metric units), when it has one.
    uncertainty: Option<f64>,
    series: Option<String>,
    /// The newer snapshot this one's reference best was calibrated to.
    calibrated_to: Option<String>,
    /// Days between the metric's snapshot and the catalog's as_of, when
    /// above the staleness limit.
    stale_days: Option<i64>,
    as_of: String,
    /// How far (normalised) a missing value may sit from the blend.
    missing_width: f64,
}

impl QualityModel {
    /// Prepares scoring for the metric `weights` of one task type, with the
    /// default staleness rule.
    pub fn new(catalog: &Catalog, weights: &BTreeMap<String, f64>) -> QualityModel {
        QualityModel::with_evidence(catalog, weights, QualityEvidence::default())
    }

    /// [`QualityModel::new`] with the rules' staleness rule.
    pub fn with_evidence(
        catalog: &Catalog,
        weights: &BTreeMap<String, f64>,
        evidence: QualityEvidence,
    ) -> QualityModel {
        let defs: BTreeMap<&str, &Metric> =
            catalog.metrics.iter().map(|m| (m.id.as_str(), m)).collect();
        let catalog_day = catalog.as_of.as_deref().and_then(crate::dates::parse_days);
        let independent = |id: &str| defs.get(id).is_none_or(|d| d.independent != Some(false));
        let mut blend: Vec<BlendedMetric> = weights
            .iter()
            .filter(|(id, w)| **w > 0.0 && independent(id))
            .filter_map(|(id, &w)| {
                let best = best_value(catalog, id)?;
                let def = defs.get(id.as_str());
                let as_of = def.map(|d| d.as_of.clone()).unwrap_or_default();
                let stale_days = catalog_day
                    .zip(crate::dates::parse_days(&as_of))
                    .map(|(c, m)| c - m)
                    .filter(|age| *age > i64::from(evidence.stale_after_days));
                Some(BlendedMetric {
                    id: id.clone(),
                    weight: if stale_days.is_some() {
                        w * evidence.stale_weight
                    } else {
                        w
                    },
                    best,
                    unit: unit_of(def.copied()),
                    name: def.map_or(id.clone(), |d| d.name.clone()),
                    uncertainty: def.and_then(|d| d.uncertainty),
                    series: def.and_then(|d| d.series.clone()),
                    calibrated_to: None,
                    stale_days,
                    as_of,
                    missing_width: 1.0,
                })
            })
            .filter(|m| m.weight > 0.0)
            .collect();
        calibrate_series(catalog, &mut blend);
        let widths = disagreement_widths(catalog, &blend);
        for (m, w) in blend.iter_mut().zip(widths) {
            m.missing_width = w;
        }
        let total_weight = blend.iter().map(|m| m.weight).sum();
        let vendor = defs
            .values()
            .filter(|d| d.independent == Some(false))
            .filter_map(|d| {
                let best = best_value(catalog, &d.id)?;
                Some((d.id.clone(), best, unit_of(Some(d)), d.name.clone()))
            })
            .collect();
        let mut qm = QualityModel {
            blend,
            total_weight,
            vendor,
            families: BTreeMap::new(),
            tiers: BTreeMap::new(),
            overall: None,
            family_gain: None,
            stale_after_days: evidence.stale_after_days,
        };
        let mut by_tier: BTreeMap<Option<Tier>, Vec<Estimate>> = BTreeMap::new();
        let mut all = Vec::new();
        for m in &catalog.models {
            let Some(e) = qm.measure(m).map(|(e, _)| e) else {
                continue;
            };
            by_tier.entry(m.tier).or_default().push(e);
            all.push(e);
            if let Some(f) = &m.family {
                qm.families.entry(f.clone()).or_default().push((
                    m.id.clone(),
                    Member {
                        name: m.name.clone(),
                        released: m.released.as_deref().and_then(crate::dates::parse_days),
                        price: m.blended_api_price(),
                        tier: m.tier,
                        estimate: e,
                    },
                ));
            }
        }
        qm.tiers = by_tier.into_iter().map(|(t, v)| (t, spread(&v))).collect();
        qm.overall = (!all.is_empty()).then(|| spread(&all));
        qm.family_gain = family_gain(&qm.families);
        qm
    }

    /// This model for `catalog`, a copy of the one it was built from with
    /// other prices and nothing else moved (the price lever): benchmarks,
    /// and so every measured estimate and spread, are the same; the
    /// families' prices, which decide which releases compare, are taken
    /// again, and with them the family gain.
    pub fn repriced(&self, catalog: &Catalog) -> QualityModel {
        let price: BTreeMap<&str, Option<f64>> = catalog
            .models
            .iter()
            .map(|m| (m.id.as_str(), m.blended_api_price()))
            .collect();
        let mut qm = self.clone();
        for (id, member) in qm.families.values_mut().flatten() {
            if let Some(p) = price.get(id.as_str()) {
                member.price = *p;
            }
        }
        qm.family_gain = family_gain(&qm.families);
        qm
    }

    /// Whether this model, [`QualityModel::repriced`] from `before` for
    /// `moved`'s new prices, gives `model` the prior `before` gave it: the
    /// family gain is the same, and neither `model` nor its family's
    /// measured members moved (a measured estimate never depends on prices).
    pub fn same_prior(&self, before: &QualityModel, model: &Model, moved: &Model) -> bool {
        self.family_gain == before.family_gain
            && model.id != moved.id
            && (model.family.is_none() || model.family != moved.family)
    }

    /// The quality of `model` for the task.
    pub fn score(&self, model: &Model) -> Quality {
        if self.blend.is_empty() {
            return Quality::new(
                0.5,
                0.0,
                1.0,
                QualityBasis::TierPrior,
                1.0,
                vec![
                    "no independent benchmark in the catalog covers this task: quality unknown, shown as 0.5 with the full 0–1 range"
                        .to_owned(),
                ],
            );
        }
        if let Some((e, detail)) = self.measure(model) {
            let mut q = Quality::new(
                e.value,
                e.low,
                e.high,
                QualityBasis::Benchmarks,
                detail.missing_share,
                detail.reasons,
            );
            q.stale = detail.stale;
            return q;
        }
        self.family_prior(model)
            .or_else(|| self.vendor_prior(model))
            .unwrap_or_else(|| self.tier_prior(model))
    }

    /// The measured estimate of a model and its explanation, or `None` when
    /// no weighted independent metric measured it.
    fn measure(&self, model: &Model) -> Option<(Estimate, Detail)> {
        let (mut sum, mut sum_low, mut sum_high, mut have) = (0.0, 0.0, 0.0, 0.0);
        let (mut missing_width, mut covered) = (0.0, 0.0);
        let mut measured = Vec::new();
        let mut calibrated = Vec::new();
        let mut missing = Vec::new();
        let mut stale = Vec::new();
        for m in &self.blend {
            match value_of(model, &m.id) {
                Some(v) => {
                    let ci = model
                        .benchmarks_ci
                        .get(&m.id)
                        .copied()
                        .or(m.uncertainty)
                        .filter(|u| u.is_finite() && *u > 0.0);
                    let n = normalise(v, m.best, m.unit);
                    let (lo, hi) = match ci {
                        Some(u) => (
                            normalise(v - u, m.best, m.unit),
                            normalise(v + u, m.best, m.unit),
                        ),
                        None => (n, n),
                    };
                    sum += m.weight * n;
                    sum_low += m.weight * lo;
                    sum_high += m.weight * hi;
                    have += m.weight;
                    let ci_text = ci.map(|u| format!(" ±{}", trim(u))).unwrap_or_default();
                    measured.push(format!("{} {}{ci_text}", m.name, trim(v)));
                    if let Some(reference) = &m.calibrated_to {
                        calibrated.push(format!("{} (to {reference})", m.name));
                    }
                    if let Some(days) = m.stale_days {
                        stale.push(format!(
                            "{} (snapshot {}, {days} days before the catalog's date)",
                            m.name, m.as_of
                        ));
                    }
                }
                None if self.covered(model, m) => covered += m.weight,
                None => {
                    missing_width += m.weight * m.missing_width;
                    missing.push(m.name.clone());
                }
            }
        }
        if have == 0.0 {
            return None;
        }
        let value = sum / have;
        // Another snapshot of the same series stands in for a missing one:
        // the weight is renormalised away without widening the range.
        let counted = self.total_weight - covered;
        let widen = missing_width / counted;
        let missing_share = 1.0 - have / counted;
        let mut reasons = vec![format!("measured: {}", measured.join(", "))];
        if !missing.is_empty() {
            reasons.push(format!(
                "not measured, {:.0}% of the task's quality weight (renormalised over the rest, range widened by ±{:.2}): {}",
                missing_share * 100.0,
                widen,
                missing.join(", ")
            ));
        }
        if !calibrated.is_empty() {
            reasons.push(format!(
                "older snapshots put on the newest one's scale (via the models measured in both): {}",
                calibrated.join(", ")
            ));
        }
        if !stale.is_empty() {
            reasons.push(format!(
                "stale, older than {} days, counted at reduced weight: {}",
                self.stale_after_days,
                stale.join(", ")
            ));
        }
        Some((
            Estimate {
                value,
                low: sum_low / have - widen,
                high: sum_high / have + widen,
            },
            Detail {
                missing_share,
                stale,
                reasons,
            },
        ))
    }

    /// Whether `model` has another snapshot of `metric`'s series.
    fn covered(&self, model: &Model, metric: &BlendedMetric) -> bool {
        metric.series.as_ref().is_some_and(|series| {
            self.blend.iter().any(|other| {
                other.series.as_ref() == Some(series) && value_of(model, &other.id).is_some()
            })
        })
    }

    fn family_prior(&self, model: &Model) -> Option<Quality> {
        let members: Vec<&(String, Member)> = self
            .families
            .get(model.family.as_deref()?)?
            .iter()
            .filter(|(id, _)| *id != model.id)
            .collect();
        if members.is_empty() {
            return None;
        }
        let me = Member {
            name: model.name.clone(),
            released: model.released.as_deref().and_then(crate::dates::parse_days),
            price: model.blended_api_price(),
            tier: model.tier,
            estimate: Estimate {
                value: 0.0,
                low: 0.0,
                high: 0.0,
            },
        };
        let family = model.family.as_deref().unwrap_or_default();
        let predecessor = members
            .iter()
            .map(|(_, m)| m)
            .filter(|m| {
                matches!((m.released, me.released), (Some(p), Some(s)) if p < s)
                    && comparable(&me, m)
            })
            .max_by(|x, y| {
                x.released
                    .cmp(&y.released)
                    .then(x.estimate.value.total_cmp(&y.estimate.value))
            });
        if let Some(p) = predecessor {
            // Without two measured releases of a family to learn a gain
            // from, the upside is the tier's: how far its best sits above
            // its median.
            let (gain, largest) = self.family_gain.unwrap_or_else(|| {
                let upside = self
                    .tier_spread(model.tier)
                    .map_or(0.0, |(s, _)| s.high - s.median);
                (0.0, upside)
            });
            let e = p.estimate;
            return Some(Quality::new(
                e.value + gain,
                e.low,
                e.high + largest,
                QualityBasis::FamilyPrior,
                1.0,
                vec![format!(
                    "no independent benchmark: family prior from {} ({family}, released earlier, {}, measured {:.2}, range {:.2}–{:.2}) — \
                     a newer model of the family at the same or a higher price is placed at least level with its measured predecessor, \
                     plus {:.2} (the median gain between successive measured releases of a family in this catalog; the range adds up to {:.2}, the largest)",
                    p.name,
                    if me.price.is_some() && p.price.is_some() {
                        "priced at or below it"
                    } else {
                        "same or lower tier"
                    },
                    e.value,
                    e.low,
                    e.high,
                    gain,
                    largest
                )],
            ));
        }
        // An older model at the same or a lower price than a measured
        // release is placed at most level with it, less the median gain.
        let successor = members
            .iter()
            .map(|(_, m)| m)
            .filter(|m| {
                matches!((me.released, m.released), (Some(p), Some(s)) if p < s)
                    && comparable(m, &me)
            })
            .min_by(|x, y| {
                x.released
                    .cmp(&y.released)
                    .then(y.estimate.value.total_cmp(&x.estimate.value))
            });
        if let Some(n) = successor {
            let (gain, largest) = self.family_gain.unwrap_or((0.0, 0.0));
            let e = n.estimate;
            return Some(Quality::new(
                e.value - gain,
                e.low - largest,
                e.high,
                QualityBasis::FamilyPrior,
                1.0,
                vec![format!(
                    "no independent benchmark: family prior from {} ({family}, released later, {}, measured {:.2}, range {:.2}–{:.2}) — \
                     an older model of the family at the same or a lower price is placed at most level with its measured successor, \
                     less {:.2} (the median gain between successive measured releases of a family in this catalog; the range goes down by up to {:.2}, the largest)",
                    n.name,
                    if me.price.is_some() && n.price.is_some() {
                        "priced at or above it"
                    } else {
                        "same or higher tier"
                    },
                    e.value,
                    e.low,
                    e.high,
                    gain,
                    largest
                )],
            ));
        }
        let estimates: Vec<Estimate> = members.iter().map(|(_, m)| m.estimate).collect();
        let s = spread(&estimates);
        let names: Vec<&str> = members.iter().map(|(_, m)| m.name.as_str()).collect();
        // Its place in the family is unknown: it may be a release ahead of
        // or behind the measured ones, by up to the largest in-family gain.
        let largest = self.family_gain.map_or(0.0, |g| g.1);
        Some(Quality::new(
            s.median,
            s.low - largest,
            s.high + largest,
            QualityBasis::FamilyPrior,
            1.0,
            vec![format!(
                "no independent benchmark: family prior, the spread of its family's measured models ({}) widened by {:.2} \
                 (the largest gain between successive measured releases of a family in this catalog) each way; \
                 not placed against one release (none released earlier at the same or a lower price, or later at the same or \
                 a higher one, or no release date)",
                names.join(", "),
                largest
            )],
        ))
    }

    fn vendor_prior(&self, model: &Model) -> Option<Quality> {
        let figures: Vec<(f64, String)> = self
            .vendor
            .iter()
            .filter_map(|(id, best, unit, name)| {
                let v = value_of(model, id)?;
                Some((normalise(v, *best, *unit), format!("{name} {}", trim(v))))
            })
            .collect();
        if figures.is_empty() {
            return None;
        }
        let value = figures.iter().map(|f| f.0).sum::<f64>() / figures.len() as f64;
        let (below, above) = match self.tier_spread(model.tier) {
            Some((s, _)) => (s.median - s.low, s.high - s.median),
            None => (1.0, 1.0),
        };
        let names: Vec<&str> = figures.iter().map(|f| f.1.as_str()).collect();
        Some(Quality::new(
            value,
            value - below,
            value + above,
            QualityBasis::VendorReported,
            1.0,
            vec![format!(
                "no independent benchmark: vendor-reported figures ({}), each as a share of the best vendor figure of that metric; \
                 vendors' settings differ, so the range is as wide as the tier's measured spread",
                names.join(", ")
            )],
        ))
    }

    fn tier_prior(&self, model: &Model) -> Quality {
        match self.tier_spread(model.tier) {
            Some((s, whose)) => Quality::new(
                s.median,
                s.low,
                s.high,
                QualityBasis::TierPrior,
                1.0,
                vec![format!(
                    "no independent benchmark: quality unknown, tier prior — the median and spread of {whose} ({} measured models)",
                    s.models
                )],
            ),
            None => Quality::new(
                0.5,
                0.0,
                1.0,
                QualityBasis::TierPrior,
                1.0,
                vec!["no model of the catalog is measured on this task's metrics: quality unknown (0.5, range 0–1)".to_owned()],
            ),
        }
    }

    fn tier_spread(&self, tier: Option<Tier>) -> Option<(Spread, String)> {
        match self.tiers.get(&tier) {
            Some(s) if tier.is_some() => Some((*s, format!("the {} tier", tier_name(tier)))),
            _ => self.overall.map(|s| (s, "the whole catalog".to_owned())),
        }
    }
}

/// The explanation of a measured estimate.
struct Detail {
    missing_share: f64,
    stale: Vec<String>,
    reasons: Vec<String>,
}

/// Puts the older snapshots of a series on the scale of its newest one.
///
/// An old snapshot's best model is an old model, so a share of *its* best
/// flatters everything it measured against models only the newer snapshot
/// lists. Each older snapshot's reference best becomes at least what the
/// newest snapshot's best would score on it: the newest best times the
/// median ratio of the two snapshots' values (indices, percentages), or plus
/// the median difference (Elo), over the models measured in both. With no
/// model in both, the snapshot keeps its own best.
fn calibrate_series(catalog: &Catalog, blend: &mut [BlendedMetric]) {
    let newest: BTreeMap<&str, usize> =
        blend
            .iter()
            .enumerate()
            .fold(BTreeMap::new(), |mut acc: BTreeMap<&str, usize>, (i, m)| {
                if let Some(series) = m.series.as_deref() {
                    let entry = acc.entry(series).or_insert(i);
                    if (blend[i].as_of.as_str(), &blend[i].id)
                        > (blend[*entry].as_of.as_str(), &blend[*entry].id)
                    {
                        *entry = i;
                    }
                }
                acc
            });
    let mut calibrated = Vec::new();
    for (i, m) in blend.iter().enumerate() {
        let Some(&r) = m.series.as_deref().and_then(|s| newest.get(s)) else {
            continue;
        };
        if r == i || blend[r].unit != m.unit {
            continue;
        }
        let reference = &blend[r];
        let pairs: Vec<f64> = catalog
            .models
            .iter()
            .filter_map(|model| {
                let (old, new) = (value_of(model, &m.id)?, value_of(model, &reference.id)?);
                match m.unit {
                    Unit::Elo => Some(old - new),
                    Unit::Ratio => (new > 0.0).then(|| old / new),
                }
            })
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let shift = median(pairs);
        let best = match m.unit {
            Unit::Elo => reference.best + shift,
            Unit::Ratio => reference.best * shift,
        };
        calibrated.push((i, best, reference.name.clone()));
    }
    for (i, best, reference) in calibrated {
        if best > blend[i].best {
            blend[i].best = best;
            blend[i].calibrated_to = Some(reference);
        }
    }
}

/// For each metric of `blend`, how far (normalised) a model's value of it
/// lies from the blend of its other metrics: the 90th percentile (nearest
/// rank) over the models that have it and another one; 1.0 (anything is
/// possible) when no model has it together with another metric.
fn disagreement_widths(catalog: &Catalog, blend: &[BlendedMetric]) -> Vec<f64> {
    let mut deviations: Vec<Vec<f64>> = vec![Vec::new(); blend.len()];
    for model in &catalog.models {
        let values: Vec<Option<f64>> = blend
            .iter()
            .map(|m| value_of(model, &m.id).map(|v| normalise(v, m.best, m.unit)))
            .collect();
        for (i, n) in values.iter().enumerate() {
            let Some(n) = n else { continue };
            let (mut sum, mut weight) = (0.0, 0.0);
            for (j, other) in values.iter().enumerate() {
                if let (true, Some(o)) = (i != j, other) {
                    sum += blend[j].weight * o;
                    weight += blend[j].weight;
                }
            }
            if weight > 0.0 {
                deviations[i].push((n - sum / weight).abs());
            }
        }
    }
    deviations
        .into_iter()
        .map(|mut d| {
            if d.is_empty() {
                return 1.0;
            }
            d.sort_by(f64::total_cmp);
            let rank = ((d.len() as f64) * 0.9).ceil() as usize;
            d[rank.clamp(1, d.len()) - 1]
        })
        .collect()
}

/// Whether `successor` sits at the same or a higher price than
/// `predecessor` (the cheapest blended API price; the tier when a price is
/// unknown).
/// (median, largest) gain between successive measured releases of a family
/// whose successor is comparable (priced at or above its predecessor, or
/// of the same or a higher tier), ≥ 0; none when no family has two.
fn family_gain(families: &BTreeMap<String, Vec<(String, Member)>>) -> Option<(f64, f64)> {
    let mut gains = Vec::new();
    for members in families.values() {
        let mut dated: Vec<&Member> = members
            .iter()
            .map(|(_, m)| m)
            .filter(|m| m.released.is_some())
            .collect();
        dated.sort_by_key(|m| m.released);
        for pair in dated.windows(2) {
            if pair[0].released < pair[1].released && comparable(pair[1], pair[0]) {
                gains.push(pair[1].estimate.value - pair[0].estimate.value);
            }
        }
    }
    if gains.is_empty() {
        return None;
    }
    let largest = gains.iter().copied().fold(0.0, f64::max);
    Some((median(gains).max(0.0), largest))
}

fn comparable(successor: &Member, predecessor: &Member) -> bool {
    match (successor.price, predecessor.price) {
        (Some(s), Some(p)) => s >= p,
        _ => match (successor.tier, predecessor.tier) {
            // Tier is ordered frontier < strong < …: lower is higher.
            (Some(s), Some(p)) => s <= p,
            _ => false,
        },
    }
}

fn value_of(model: &Model, metric: &str) -> Option<f64> {
    model
        .benchmarks
        .get(metric)
        .copied()
        .filter(|v| v.is_finite())
}

fn best_value(catalog: &Catalog, metric: &str) -> Option<f64> {
    catalog
        .models
        .iter()
        .filter_map(|m| value_of(m, metric))
        .max_by(f64::total_cmp)
}

fn unit_of(def: Option<&Metric>) -> Unit {
    match def.map(|d| d.unit.as_str()) {
        Some("elo") => Unit::Elo,
        _ => Unit::Ratio,
    }
}

fn spread(estimates: &[Estimate]) -> Spread {
    Spread {
        median: median(estimates.iter().map(|e| e.value).collect()),
        low: estimates
            .iter()
            .map(|e| e.low)
            .fold(f64::INFINITY, f64::min),
        high: estimates
            .iter()
            .map(|e| e.high)
            .fold(f64::NEG_INFINITY, f64::max),
        models: estimates.len(),
    }
}

fn tier_name(t: Option<Tier>) -> &'static str {
    match t {
        Some(Tier::Frontier) => "frontier",
        Some(Tier::Strong) => "strong",
        Some(Tier::Efficient) => "efficient",
        Some(Tier::Small) => "small",
        None => "unknown",
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// How a metric's values compare.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    /// Percent or index: a share of the best value.
    Ratio,
    /// Elo: twice the expected score against the best model.
    Elo,
}

fn normalise(v: f64, best: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Ratio if best > 0.0 => (v / best).clamp(0.0, 1.0),
        Unit::Ratio => 1.0,
        Unit::Elo => (2.0 / (1.0 + 10f64.powf((best - v) / 400.0))).clamp(0.0, 1.0),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.5
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::*;

    fn model(id: &str, tier: Tier, bench: &[(&str, f64)]) -> Model {
        let mut m: Model = serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "provider": "p", "weights": "open",
            "modalities": { "input": ["text"], "output": ["text"] }, "tier": tier,
        }))
        .unwrap();
        m.benchmarks = bench.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        m
    }

    fn catalog(models: Vec<Model>) -> Catalog {
        Catalog {
            sources: vec![],
            as_of: None,
            metrics: vec![],
            models,
            hardware: vec![],
            assumptions: Default::default(),
            warnings: vec![],
            layers: vec![],
        }
    }

    /// The price lever's shortcut: a quality model repriced for a copy of
    /// the catalog scores every model as one built from that copy, and
    /// `same_prior` holds only where the first model's score still does.
    #[test]
    fn repricing_gives_what_rebuilding_gives() {
        let catalog = Catalog::embedded().unwrap();
        let rules = crate::rules::RuleSet::load(None).unwrap();
        let families: Vec<&Model> = catalog
            .models
            .iter()
            .filter(|m| m.family.is_some() && m.blended_api_price().is_some())
            .collect();
        assert!(families.len() > 10);
        for task in ["rag-qa", "code", "chat"] {
            let w = rules.quality_weights(task).unwrap();
            let before = QualityModel::with_evidence(&catalog, w, QualityEvidence::default());
            for moved in &families {
                for factor in [0.25, 4.0] {
                    let mut copy = catalog.clone();
                    for o in copy
                        .models
                        .iter_mut()
                        .filter(|m| m.id == moved.id)
                        .flat_map(|m| m.offerings.iter_mut())
                    {
                        o.input_per_mtok = o.input_per_mtok.map(|p| p * factor);
                        o.output_per_mtok = o.output_per_mtok.map(|p| p * factor);
                    }
                    let moved = copy.models.iter().find(|m| m.id == moved.id).unwrap();
                    let rebuilt = QualityModel::with_evidence(&copy, w, QualityEvidence::default());
                    let repriced = before.repriced(&copy);
                    for m in &copy.models {
                        assert_eq!(
                            repriced.score(m),
                            rebuilt.score(m),
                            "{task}: {} moved, {}",
                            moved.id,
                            m.id
                        );
                        if repriced.same_prior(&before, m, moved) {
                            let old = catalog.models.iter().find(|o| o.id == m.id).unwrap();
                            assert_eq!(
                                before.score(old),
                                rebuilt.score(m),
                                "{task}: {} moved, {}",
                                moved.id,
                                m.id
                            );
                        }
                    }
                }
            }
        }
    }

    fn weights(w: &[(&str, f64)]) -> BTreeMap<String, f64> {
        w.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn metrics(json: serde_json::Value) -> Vec<Metric> {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn blend_by_hand() {
        let mut c = catalog(vec![
            model("a", Tier::Frontier, &[("x", 50.0), ("y", 1400.0)]),
            model(
                "b",
                Tier::Small,
                &[("x", 10.0), ("y", 1400.0 - 400.0 * 3f64.log10())],
            ),
        ]);
        c.metrics = metrics(serde_json::json!([
            { "id": "y", "name": "Y", "unit": "elo", "source": "s", "as_of": "2026-01-01" }
        ]));
        let q = QualityModel::new(&c, &weights(&[("x", 3.0), ("y", 1.0)]));
        let qa = q.score(&c.models[0]);
        assert_eq!((qa.value, qa.low, qa.high), (1.0, 1.0, 1.0));
        // b: x = 10/50 = 0.2; y is 400·log10(3) Elo behind: win rate 1/4, doubled 0.5.
        // (3 × 0.2 + 0.5) / 4 = 0.275, every metric measured: no range.
        let qb = q.score(&c.models[1]);
        assert_eq!((qb.value, qb.basis), (0.275, QualityBasis::Benchmarks));
        assert_eq!((qb.low, qb.high), (0.275, 0.275));
    }

    /// Renormalisation: a model missing one metric is scored on the others
    /// alone (nothing imputed), with a range widened by the missing weight.
    #[test]
    fn missing_metric_is_renormalised_not_imputed() {
        let c = catalog(vec![
            model("a", Tier::Frontier, &[("x", 50.0), ("y", 80.0)]),
            model("b", Tier::Frontier, &[("x", 40.0), ("y", 40.0)]),
            model("c", Tier::Frontier, &[("x", 30.0)]),
        ]);
        let q = QualityModel::new(&c, &weights(&[("x", 3.0), ("y", 1.0)]));
        let qc = q.score(&c.models[2]);
        // x alone: 30/50 = 0.6 — not pulled toward the tier's y values.
        assert_eq!(qc.value, 0.6);
        assert_eq!(qc.basis, QualityBasis::Benchmarks);
        assert_eq!(qc.missing_share, 0.25);
        // y's disagreement width: a |1 − 1| = 0, b |0.5 − 0.8| = 0.3 → p90 = 0.3;
        // a quarter of the weight missing widens by 0.3 / 4 = 0.075.
        assert_eq!((qc.low, qc.high), (0.525, 0.675));
        let qb = q.score(&c.models[1]);
        assert_eq!((qb.low, qb.high), (qb.value, qb.value));
    }

    /// The range grows with the weight that is missing.
    #[test]
    fn range_width_grows_with_missing_weight() {
        let c = catalog(vec![
            model(
                "full",
                Tier::Strong,
                &[("x", 60.0), ("y", 70.0), ("z", 50.0)],
            ),
            model(
                "other",
                Tier::Strong,
                &[("x", 40.0), ("y", 30.0), ("z", 45.0)],
            ),
            model("two", Tier::Strong, &[("x", 50.0), ("y", 60.0)]),
            model("one", Tier::Strong, &[("x", 50.0)]),
        ]);
        let q = QualityModel::new(&c, &weights(&[("x", 1.0), ("y", 1.0), ("z", 1.0)]));
        let width = |id: &str| {
            let m = c.models.iter().find(|m| m.id == id).unwrap();
            let s = q.score(m);
            s.high - s.low
        };
        assert_eq!(width("full"), 0.0);
        assert!(width("two") > 0.0);
        assert!(
            width("one") > width("two"),
            "{} vs {}",
            width("one"),
            width("two")
        );
    }

    /// A source's confidence interval enters the range of a fully measured
    /// model.
    #[test]
    fn source_interval_gives_a_range() {
        let mut c = catalog(vec![
            model("a", Tier::Frontier, &[("y", 1500.0)]),
            model("b", Tier::Frontier, &[("y", 1450.0)]),
        ]);
        c.metrics = metrics(serde_json::json!([
            { "id": "y", "name": "Y", "unit": "elo", "source": "s", "as_of": "2026-01-01" }
        ]));
        c.models[1].benchmarks_ci.insert("y".into(), 10.0);
        let q = QualityModel::new(&c, &weights(&[("y", 1.0)]));
        let qb = q.score(&c.models[1]);
        assert!(qb.low < qb.value && qb.value < qb.high, "{qb:?}");
        assert!(qb.reasons[0].contains("±10"), "{:?}", qb.reasons);
    }

    /// The family prior: a newer model of a family at the same price is not
    /// placed below its measured predecessor by the prior alone.
    #[test]
    fn family_prior_keeps_a_successor_level_with_its_predecessor() {
        let mut old = model("fam-1", Tier::Frontier, &[("x", 40.0)]);
        old.family = Some("fam".into());
        old.released = Some("2026-01-01".into());
        let mut new = model("fam-2", Tier::Frontier, &[]);
        new.family = Some("fam".into());
        new.released = Some("2026-06-01".into());
        let best = model("zz-best", Tier::Frontier, &[("x", 50.0)]);
        let c = catalog(vec![old, new, best]);
        let q = QualityModel::new(&c, &weights(&[("x", 1.0)]));
        let (qo, qn) = (q.score(&c.models[0]), q.score(&c.models[1]));
        assert_eq!(qn.basis, QualityBasis::FamilyPrior);
        assert!(qn.value >= qo.value, "{} < {}", qn.value, qo.value);
        assert!(qn.low <= qo.value && qn.high >= qo.value);
        assert!(qn.reasons[0].contains("fam-1"), "{:?}", qn.reasons);
        // Released before its measured sibling: at most level with it.
        let mut older = model("fam-0", Tier::Frontier, &[]);
        older.family = Some("fam".into());
        older.released = Some("2025-01-01".into());
        let q0 = q.score(&older);
        assert_eq!(q0.basis, QualityBasis::FamilyPrior);
        assert!(q0.value <= qo.value, "{} > {}", q0.value, qo.value);
        assert!(q0.reasons[0].contains("at most level"), "{:?}", q0.reasons);
        // No release date: the family's spread.
        let mut undated = model("fam-x", Tier::Frontier, &[]);
        undated.family = Some("fam".into());
        let qx = q.score(&undated);
        assert!(qx.reasons[0].contains("spread"), "{:?}", qx.reasons);
    }

    #[test]
    fn vendor_figures_are_a_labelled_prior_never_blended() {
        let mut c = catalog(vec![
            model("a", Tier::Frontier, &[("x", 50.0), ("v", 60.0)]),
            model("b", Tier::Frontier, &[("x", 30.0)]),
            model("c", Tier::Frontier, &[("v", 80.0)]),
        ]);
        c.metrics = metrics(serde_json::json!([
            { "id": "v", "name": "V", "unit": "percent", "independent": false, "source": "s", "as_of": "2026-01-01" }
        ]));
        // The vendor metric is weighted, but never blended with x.
        let q = QualityModel::new(&c, &weights(&[("x", 1.0), ("v", 1.0)]));
        let qa = q.score(&c.models[0]);
        assert_eq!((qa.value, qa.missing_share), (1.0, 0.0));
        let qc = q.score(&c.models[2]);
        assert_eq!(qc.basis, QualityBasis::VendorReported);
        assert_eq!(qc.value, 1.0);
        // As wide as the tier's measured spread (0.6 .. 1.0 around 0.8).
        assert_eq!((qc.low, qc.high), (0.8, 1.0));
    }

    #[test]
    fn tier_prior_is_the_tier_spread() {
        let c = catalog(vec![
            model("a", Tier::Strong, &[("x", 50.0)]),
            model("b", Tier::Strong, &[("x", 30.0)]),
            model("c", Tier::Strong, &[("x", 40.0)]),
            model("u", Tier::Strong, &[]),
        ]);
        let q = QualityModel::new(&c, &weights(&[("x", 1.0)]));
        let qu = q.score(&c.models[3]);
        assert_eq!(qu.basis, QualityBasis::TierPrior);
        assert_eq!((qu.value, qu.low, qu.high), (0.8, 0.6, 1.0));
    }

    #[test]
    fn stale_metrics_count_less_and_are_flagged() {
        let mut c = catalog(vec![
            model("a", Tier::Strong, &[("old", 100.0), ("new", 50.0)]),
            model("b", Tier::Strong, &[("old", 50.0), ("new", 50.0)]),
        ]);
        c.as_of = Some("2026-11-30".into());
        c.metrics = metrics(serde_json::json!([
            { "id": "old", "name": "Old", "unit": "percent", "source": "s", "as_of": "2025-12-01" },
            { "id": "new", "name": "New", "unit": "percent", "source": "s", "as_of": "2026-08-01" }
        ]));
        let q = QualityModel::new(&c, &weights(&[("old", 1.0), ("new", 1.0)]));
        let qb = q.score(&c.models[1]);
        // old 0.5 at half weight, new 1.0 at full: (0.25 + 1) / 1.5
        assert_eq!(qb.value, 0.8333);
        assert_eq!(qb.stale.len(), 1);
        assert!(qb.stale[0].contains("364 days"), "{:?}", qb.stale);
    }

    /// An old snapshot's best is an old model: its values are put on the
    /// newest snapshot's scale through the models measured in both.
    #[test]
    fn older_snapshots_are_calibrated_to_the_newest() {
        let mut c = catalog(vec![
            model("old-best", Tier::Frontier, &[("v1", 50.0)]),
            model("bridge", Tier::Frontier, &[("v1", 40.0), ("v2", 40.0)]),
            model("new-best", Tier::Frontier, &[("v2", 80.0)]),
        ]);
        c.metrics = metrics(serde_json::json!([
            { "id": "v1", "name": "V1", "unit": "index", "series": "s", "source": "s", "as_of": "2026-01-01" },
            { "id": "v2", "name": "V2", "unit": "index", "series": "s", "source": "s", "as_of": "2026-08-01" }
        ]));
        let q = QualityModel::new(&c, &weights(&[("v1", 1.0), ("v2", 1.0)]));
        // v1's best becomes 80 × (40 / 40) = 80, not its own 50.
        let old = q.score(&c.models[0]);
        assert_eq!(old.value, 0.625);
        assert!(
            old.reasons.iter().any(|r| r.contains("newest one's scale")),
            "{:?}",
            old.reasons
        );
        assert_eq!(q.score(&c.models[2]).value, 1.0);
        // A model measured on one snapshot is not unmeasured on the other.
        assert_eq!(old.missing_share, 0.0);
    }

    #[test]
    fn no_benchmarks_is_unknown_with_the_full_range() {
        let c = catalog(vec![model("a", Tier::Frontier, &[])]);
        let q = QualityModel::new(&c, &weights(&[("x", 1.0)])).score(&c.models[0]);
        assert_eq!((q.value, q.low, q.high), (0.5, 0.0, 1.0));
        assert_eq!(q.source, QualitySource::Imputed);
    }

    #[test]
    fn wilson_interval_by_hand() {
        // 8 of 10: 0.4902..0.9433 (standard table value).
        let (lo, hi) = wilson(8, 10);
        assert!(
            (lo - 0.4902).abs() < 1e-3 && (hi - 0.9433).abs() < 1e-3,
            "{lo} {hi}"
        );
        assert_eq!(wilson(0, 0), (0.0, 1.0));
    }
}
