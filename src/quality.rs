//! Task-specific quality from benchmarks (or from the user's own eval
//! results, see [`crate::evals`]).
//!
//! Each metric is normalised to 0..1 against the best model of the catalog
//! that has it, so a score does not depend on which candidates survived the
//! filters: percentages and indices as a share of the best value, Elo ratings
//! as twice the expected win rate against the best model (1.0 for the best,
//! 0.5 for a model 190 Elo behind). The rules file says which metrics count for which task type
//! and how much. A model missing a metric gets the median normalised value of
//! its tier for that metric (or of the whole catalog when the tier is unknown
//! or has no measured model): the score is then marked `imputed` and the
//! reasons say how much of it was imputed. Nothing is invented: with no
//! benchmark at all in the catalog, every model scores the same 0.5, imputed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Catalog, Model, Tier};

/// Where a quality score came from (SPEC §6 `quality_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QualitySource {
    /// Every weighted metric was measured for this model.
    Benchmarks,
    /// The user's own eval results.
    Evals,
    /// At least one weighted metric was imputed from the model's tier.
    Imputed,
}

/// A model's quality for one task.
#[derive(Debug, Clone, PartialEq)]
pub struct Quality {
    /// 0..1.
    pub value: f64,
    pub source: QualitySource,
    /// Share of the weight that was imputed (0..1).
    pub imputed_share: f64,
    /// Human-readable explanation.
    pub reasons: Vec<String>,
}

/// Normalisation ranges and tier medians for the catalog.
#[derive(Debug, Clone)]
pub struct QualityModel {
    /// The weighted metrics some model of the catalog has, by id: what
    /// [`QualityModel::score`] needs, looked up once rather than per model.
    blend: Vec<BlendedMetric>,
}

/// One weighted metric, prepared for scoring.
#[derive(Debug, Clone)]
struct BlendedMetric {
    id: String,
    weight: f64,
    /// Best value of the catalog, and the unit.
    best: f64,
    unit: Unit,
    /// The name shown in reasons.
    name: String,
    /// The median normalised value per tier, and over the catalog.
    tier_medians: BTreeMap<Option<Tier>, f64>,
    overall_median: Option<f64>,
}

impl QualityModel {
    /// Prepares scoring for the metric `weights` of one task type.
    pub fn new(catalog: &Catalog, weights: &BTreeMap<String, f64>) -> QualityModel {
        let weights: BTreeMap<String, f64> = weights
            .iter()
            .filter(|(_, w)| **w > 0.0)
            .map(|(k, w)| (k.clone(), *w))
            .collect();
        let mut ranges = BTreeMap::new();
        let mut tier_values: BTreeMap<(String, Option<Tier>), Vec<f64>> = BTreeMap::new();
        let mut all_values: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for metric in weights.keys() {
            let values: Vec<f64> = catalog
                .models
                .iter()
                .filter_map(|m| m.benchmarks.get(metric).copied())
                .filter(|v| v.is_finite())
                .collect();
            let Some(best) = values.iter().copied().max_by(f64::total_cmp) else {
                continue;
            };
            let unit = match catalog
                .metrics
                .iter()
                .find(|m| &m.id == metric)
                .map(|m| m.unit.as_str())
            {
                Some("elo") => Unit::Elo,
                _ => Unit::Ratio,
            };
            ranges.insert(metric.clone(), (best, unit));
            let mut by_tier: BTreeMap<Option<Tier>, Vec<f64>> = BTreeMap::new();
            let mut all = Vec::new();
            for m in &catalog.models {
                if let Some(v) = m.benchmarks.get(metric).copied().filter(|v| v.is_finite()) {
                    let n = normalise(v, best, unit);
                    by_tier.entry(m.tier).or_default().push(n);
                    all.push(n);
                }
            }
            for (tier, values) in by_tier {
                tier_values.insert((metric.clone(), tier), values);
            }
            all_values.insert(metric.clone(), all);
        }
        let names: BTreeMap<&str, &str> = catalog
            .metrics
            .iter()
            .map(|m| (m.id.as_str(), m.name.as_str()))
            .collect();
        let mut tier_medians: BTreeMap<(String, Option<Tier>), f64> = tier_values
            .into_iter()
            .map(|(k, v)| (k, median(v)))
            .collect();
        let mut overall_medians: BTreeMap<String, f64> = all_values
            .into_iter()
            .map(|(k, v)| (k, median(v)))
            .collect();
        // Metrics no model has cannot rank anyone: they are left out.
        let blend = weights
            .into_iter()
            .filter_map(|(id, weight)| {
                let &(best, unit) = ranges.get(&id)?;
                let tiers = [
                    None,
                    Some(Tier::Frontier),
                    Some(Tier::Strong),
                    Some(Tier::Efficient),
                    Some(Tier::Small),
                ];
                Some(BlendedMetric {
                    name: names.get(id.as_str()).copied().unwrap_or(&id).to_owned(),
                    weight,
                    best,
                    unit,
                    tier_medians: tiers
                        .into_iter()
                        .filter_map(|t| Some((t, tier_medians.remove(&(id.clone(), t))?)))
                        .collect(),
                    overall_median: overall_medians.remove(&id),
                    id,
                })
            })
            .collect();
        QualityModel { blend }
    }

    /// The quality of `model` for the task.
    pub fn score(&self, model: &Model) -> Quality {
        let mut total_weight = 0.0;
        let mut sum = 0.0;
        let mut imputed_weight = 0.0;
        let mut measured = Vec::new();
        let mut imputed = Vec::new();
        for metric in &self.blend {
            let (w, best, unit, name) = (&metric.weight, metric.best, metric.unit, &metric.name);
            total_weight += w;
            match model
                .benchmarks
                .get(&metric.id)
                .copied()
                .filter(|v| v.is_finite())
            {
                Some(v) => {
                    let n = normalise(v, best, unit);
                    sum += w * n;
                    measured.push(format!("{name} {}", trim(v)));
                }
                None => {
                    let (n, basis) = match metric.tier_medians.get(&model.tier) {
                        Some(n) if model.tier.is_some() => {
                            (*n, format!("{} tier median", tier_name(model.tier)))
                        }
                        _ => (
                            metric.overall_median.unwrap_or(0.5),
                            "catalog median".to_owned(),
                        ),
                    };
                    sum += w * n;
                    imputed_weight += w;
                    imputed.push(format!("{name} ({basis})"));
                }
            }
        }
        if total_weight == 0.0 {
            return Quality {
                value: 0.5,
                source: QualitySource::Imputed,
                imputed_share: 1.0,
                reasons: vec![
                    "no benchmark in the catalog covers this task; quality set to a neutral 0.5"
                        .to_owned(),
                ],
            };
        }
        let value = crate::num::round_to(sum / total_weight, 4);
        let imputed_share = imputed_weight / total_weight;
        let mut reasons = Vec::new();
        if !measured.is_empty() {
            reasons.push(format!("measured: {}", measured.join(", ")));
        }
        if !imputed.is_empty() {
            reasons.push(format!(
                "imputed ({:.0}% of the quality weight): {}",
                imputed_share * 100.0,
                imputed.join(", ")
            ));
        }
        Quality {
            value,
            source: if imputed_weight > 0.0 {
                QualitySource::Imputed
            } else {
                QualitySource::Benchmarks
            },
            imputed_share,
            reasons,
        }
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

    #[test]
    fn blend_by_hand() {
        let mut c = catalog(vec![
            model("a", Tier::Frontier, &[("x", 50.0), ("y", 1400.0)]),
            model(
                "b",
                Tier::Small,
                &[("x", 10.0), ("y", 1400.0 - 400.0 * 3f64.log10())],
            ),
            model("c", Tier::Small, &[("x", 30.0)]),
        ]);
        c.metrics = serde_json::from_value(serde_json::json!([
            { "id": "y", "name": "Y", "unit": "elo", "source": "s", "as_of": "2026-01-01" }
        ]))
        .unwrap();
        let w: BTreeMap<String, f64> = [("x".to_owned(), 3.0), ("y".to_owned(), 1.0)].into();
        let q = QualityModel::new(&c, &w);
        assert_eq!(q.score(&c.models[0]).value, 1.0);
        // b: x = 10/50 = 0.2; y is 400·log10(3) Elo behind: win rate 1/4, doubled 0.5.
        // (3 × 0.2 + 0.5) / 4 = 0.275
        let qb = q.score(&c.models[1]);
        assert_eq!((qb.value, qb.source), (0.275, QualitySource::Benchmarks));
        // c: x = 0.6; y imputed from the small-tier median (b: 0.5) → (1.8 + 0.5) / 4 = 0.575
        let qc = q.score(&c.models[2]);
        assert_eq!(qc.value, 0.575);
        assert_eq!(qc.source, QualitySource::Imputed);
        assert_eq!(qc.imputed_share, 0.25);
    }

    #[test]
    fn no_benchmarks_is_neutral_and_imputed() {
        let c = catalog(vec![model("a", Tier::Frontier, &[])]);
        let w: BTreeMap<String, f64> = [("x".to_owned(), 1.0)].into();
        let q = QualityModel::new(&c, &w).score(&c.models[0]);
        assert_eq!((q.value, q.source), (0.5, QualitySource::Imputed));
    }
}
