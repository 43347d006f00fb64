//! Setup cost and time from components (engineer-weeks with a basis in
//! `catalog/assumptions.yaml` under `setup:`), so a weekend chatbot and an
//! enterprise blend are not quoted the same figure.
//!
//! A plan's setup is the sum of the components it needs: base integration
//! always; a RAG pipeline when the adaptation needs retrieval; a security
//! and compliance review for confidential or regulated data; self-hosting
//! infrastructure when a route is self-hosted, and production hardening when
//! self-hosted GPUs carry all the traffic; a routing layer for a blend;
//! fine-tuning (data preparation, training runs) when the ladder reaches it.
//! Calendar weeks add up along the components' own durations.
//!
//! Explicit totals under `assumptions.strategies` (the seed's A/B/C figures,
//! for instance) replace the computed ones.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::num::{ser_num, usd};
use crate::requirements::{KnowledgeChanges, Requirements};

/// What the requirements need built, independent of the strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// Answers depend on proprietary or changing knowledge.
    pub rag: bool,
    /// A consistent style with enough examples and stable knowledge.
    pub fine_tuning: bool,
    /// Confidential or regulated data.
    pub security_review: bool,
}

impl Needs {
    pub fn of(req: &Requirements, a: &Resolved) -> Needs {
        let ad = &req.adaptation;
        let changing = matches!(
            ad.knowledge_changes,
            KnowledgeChanges::Monthly | KnowledgeChanges::Daily
        );
        let min_examples = a
            .fine_tuning()
            .and_then(|f| f.min_labeled_examples)
            .unwrap_or(0);
        Needs {
            rag: ad.proprietary_knowledge || changing,
            fine_tuning: ad.consistent_style
                && ad.labeled_examples >= min_examples
                && ad.knowledge_changes != KnowledgeChanges::Daily,
            security_review: req.data.sensitivity.must_stay_local(),
        }
    }
}

/// The shape of a plan, as far as setup is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Some route runs on self-hosted GPUs.
    pub self_hosted: bool,
    /// Self-hosted GPUs carry all the traffic (no API to fall back on).
    pub self_hosted_all: bool,
    /// Traffic is split across deployments.
    pub routed: bool,
    /// The adaptation rungs the plan builds.
    pub rag: bool,
    pub fine_tuning: bool,
    /// The data needs a security and compliance review.
    pub sensitive: bool,
}

/// One component of a setup.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SetupPart {
    /// `integration`, `rag_pipeline`, `security_review`,
    /// `self_hosting_infrastructure`, `self_hosting_all_traffic`, `routing`,
    /// `fine_tuning`, `fine_tuning_compute`, or `strategy` (an explicit total).
    pub component: String,
    #[serde(serialize_with = "ser_num")]
    pub engineer_weeks: f64,
    /// Calendar weeks it adds.
    #[serde(serialize_with = "ser_num")]
    pub weeks: f64,
    #[serde(serialize_with = "ser_num")]
    pub usd: f64,
}

/// A setup: its total, its calendar time and its parts.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Setup {
    #[serde(serialize_with = "ser_num")]
    pub usd: f64,
    #[serde(serialize_with = "ser_num")]
    pub weeks: f64,
    pub parts: Vec<SetupPart>,
}

/// The setup of a plan of `strategy` kind (`buy`, `build`, `blend`) with
/// `shape`; `extra` adds costed parts the caller computed (training compute).
pub fn estimate(a: &Resolved, strategy: &str, shape: Shape, extra: Vec<SetupPart>) -> Setup {
    // An explicit total for the strategy (assumptions.strategies) wins.
    if let (Some(total), Some(weeks)) = a.strategy_setup(strategy) {
        return Setup {
            usd: usd(total),
            weeks,
            parts: vec![SetupPart {
                component: "strategy".to_owned(),
                engineer_weeks: total / a.engineering_usd_per_week.max(f64::MIN_POSITIVE),
                weeks,
                usd: usd(total),
            }],
        };
    }
    let mut parts: Vec<SetupPart> = components(a, shape)
        .map(|(name, ew, weeks)| SetupPart {
            component: name.to_owned(),
            engineer_weeks: ew,
            weeks,
            usd: usd(ew * a.engineering_usd_per_week),
        })
        .collect();
    parts.extend(extra);
    Setup {
        usd: usd(parts.iter().map(|p| p.usd).sum()),
        weeks: parts.iter().map(|p| p.weeks).sum(),
        parts,
    }
}

/// The calendar weeks of [`estimate`] with no extra parts, without
/// building them (the scoring asks for every deployment it compares).
pub fn weeks(a: &Resolved, strategy: &str, shape: Shape) -> f64 {
    if let (Some(_), Some(weeks)) = a.strategy_setup(strategy) {
        return weeks;
    }
    components(a, shape).map(|(_, _, weeks)| weeks).sum()
}

/// The assumed components `shape` needs: (name, engineer-weeks, calendar
/// weeks), in the order of the report.
fn components(a: &Resolved, shape: Shape) -> impl Iterator<Item = (&'static str, f64, f64)> + '_ {
    [
        ("integration", true),
        ("rag_pipeline", shape.rag),
        ("security_review", shape.sensitive),
        ("self_hosting_infrastructure", shape.self_hosted),
        ("self_hosting_all_traffic", shape.self_hosted_all),
        ("routing", shape.routed),
        ("fine_tuning", shape.fine_tuning),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .filter_map(|(name, _)| {
        let c = a.raw.setup.get(name)?;
        let ew = c.engineer_weeks.unwrap_or(0.0);
        Some((name, ew, c.weeks.unwrap_or(ew)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn embedded() -> Resolved {
        let c = Catalog::embedded().unwrap();
        Resolved::new(&c.assumptions, None).unwrap()
    }

    fn seed(kind: &str) -> Shape {
        // The seed scenario: RAG over confidential documents.
        Shape {
            self_hosted: kind != "buy",
            self_hosted_all: kind == "build",
            routed: kind == "blend",
            rag: true,
            fine_tuning: false,
            sensitive: true,
        }
    }

    #[test]
    fn the_seed_options_come_out_at_the_seed_figures() {
        let a = embedded();
        let got = |k: &str| {
            let s = estimate(&a, k, seed(k), Vec::new());
            (s.usd, s.weeks)
        };
        assert_eq!(got("buy"), (15_000.0, 6.0)); // Option A
        assert_eq!(got("build"), (80_000.0, 14.0)); // Option B
        assert_eq!(got("blend"), (55_000.0, 10.0)); // Option C
    }

    #[test]
    fn a_prompting_only_public_chatbot_takes_days() {
        let a = embedded();
        let shape = Shape {
            self_hosted: false,
            self_hosted_all: false,
            routed: false,
            rag: false,
            fine_tuning: false,
            sensitive: false,
        };
        let s = estimate(&a, "buy", shape, Vec::new());
        let effort: f64 = s.parts.iter().map(|p| p.engineer_weeks).sum();
        assert!(effort <= 1.0, "{s:?}");
        assert!(s.weeks <= 1.0 && s.usd <= a.engineering_usd_per_week);
        assert_eq!(s.parts.len(), 1);
        assert_eq!(s.parts[0].component, "integration");
    }

    #[test]
    fn explicit_strategy_totals_win() {
        let c = Catalog::embedded().unwrap();
        let mut over = crate::catalog::Assumptions::default();
        over.strategies.insert(
            "buy".to_owned(),
            crate::catalog::StrategyCost {
                setup_usd: Some(1000.0),
                setup_weeks: Some(1.0),
            },
        );
        let a = Resolved::new(&c.assumptions, Some(&over)).unwrap();
        let s = estimate(&a, "buy", seed("buy"), Vec::new());
        assert_eq!((s.usd, s.weeks), (1000.0, 1.0));
        assert_eq!(s.parts[0].component, "strategy");
    }
}
