//! The report document: what the stages produce for one `recommend` run,
//! which the reporters (`crate::report`) only render. The types live here,
//! below the stages, so no stage imports from the reporters (issue 9 item 8).

use schemars::JsonSchema;
use serde::Serialize;

use crate::cost::DeploymentCost;
use crate::num::{ser_num, ser_opt_num};
use crate::quality::{QualityBasis, QualitySource};
use crate::requirements::Requirements;
use crate::score::Component;

/// The report document.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub catalog: CatalogInfo,
    /// The requirements as normalised: defaults filled in, derived values set.
    pub requirements: Requirements,
    /// The cost-model assumptions used, with where each comes from.
    pub assumptions: AssumptionsInfo,
    /// Step-2 categories whose rule fired.
    pub categories: Vec<CategoryHit>,
    /// Ranked candidates (after `--top`).
    pub candidates: Vec<Candidate>,
    /// How settled the ranking is: ties with rank 1, what decided rank 1
    /// over rank 2, whether rank 1 rests on a prior.
    pub ranking: Ranking,
    /// Candidates before `--top` was applied.
    pub candidates_total: usize,
    /// Every model that failed a hard constraint, with every reason.
    pub excluded: Vec<Excluded>,
    /// Buy, build or blend, with routes and costs (null when nothing
    /// satisfies the constraints).
    pub strategy: Option<crate::strategy::Strategy>,
    pub adaptation: crate::adaptation::AdaptationAdvice,
    /// Step 3: what to test before committing.
    pub evals: crate::evals::EvalPlan,
    /// When the answer would flip: the self-hosting break-even volume and the
    /// cost of each strategy across volumes.
    pub what_would_change: crate::strategy::Sensitivity,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    pub fn current() -> Tool {
        Tool {
            name: "fmselect".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CatalogInfo {
    /// `embedded` or the catalog files, in merge order.
    pub sources: Vec<String>,
    /// The oldest `as_of` of the catalog files.
    pub as_of: Option<String>,
    pub models: usize,
    /// Where the rules came from.
    pub rules: Vec<String>,
    /// What each file did: models it refreshed (merged field by field into
    /// an earlier file's) and models it added.
    pub layers: Vec<crate::catalog::Layer>,
    /// Models with neither a tier nor a benchmark: quality only a prior.
    pub quality_unknown: usize,
}

impl CatalogInfo {
    /// `litellm.yaml refreshed 42 models and added 700`, one per layered
    /// file after the first; none for a single file.
    pub fn layer_notes(&self) -> Vec<String> {
        self.layers
            .iter()
            .skip(1)
            .map(|l| {
                format!(
                    "{} refreshed {} model{} (its facts merged into the earlier entries, field by field) and added {}",
                    l.source,
                    l.refreshed,
                    if l.refreshed == 1 { "" } else { "s" },
                    l.added
                )
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AssumptionsInfo {
    #[serde(serialize_with = "ser_num")]
    pub hours_per_month: f64,
    #[serde(serialize_with = "ser_num")]
    pub peak_factor: f64,
    #[serde(serialize_with = "ser_num")]
    pub engineering_usd_per_week: f64,
    #[serde(serialize_with = "ser_num")]
    pub self_hosting_ops_usd_per_month: f64,
    /// The capacity model's constants (self-hosted sizing).
    pub capacity: crate::assumptions::CapacityConstants,
    /// Costs of owning GPUs (`self_hosting.gpus: buy | existing`).
    pub ownership: crate::assumptions::OwnershipCosts,
    #[serde(serialize_with = "ser_num")]
    pub gpu_memory_utilization: f64,
    #[serde(serialize_with = "ser_num")]
    pub target_utilization: f64,
    #[serde(serialize_with = "ser_num")]
    pub prompt_cache_hit_share: f64,
    /// Where each default comes from.
    pub basis: std::collections::BTreeMap<String, String>,
}

impl AssumptionsInfo {
    /// Each assumption as (name, value, where it comes from), in report order.
    pub fn rows(&self) -> Vec<(&'static str, f64, Option<&str>)> {
        [
            ("hours_per_month", self.hours_per_month),
            ("peak_factor", self.peak_factor),
            ("engineering_usd_per_week", self.engineering_usd_per_week),
            (
                "self_hosting_ops_usd_per_month",
                self.self_hosting_ops_usd_per_month,
            ),
            ("capacity.prefill_mfu", self.capacity.prefill_mfu),
            (
                "capacity.decode_bandwidth_efficiency",
                self.capacity.decode_bandwidth_efficiency,
            ),
            (
                "capacity.runtime_overhead_gb_per_gpu",
                self.capacity.runtime_overhead_gb_per_gpu,
            ),
            (
                "capacity.max_batch_sequences",
                self.capacity.max_batch_sequences,
            ),
            (
                "capacity.legacy_row_input_tokens",
                self.capacity.legacy_row_input_tokens,
            ),
            ("ownership.pue", self.ownership.pue),
            (
                "ownership.electricity_usd_per_kwh",
                self.ownership.electricity_usd_per_kwh,
            ),
            (
                "ownership.colocation_usd_per_kw_month",
                self.ownership.colocation_usd_per_kw_month,
            ),
            ("gpu_memory_utilization", self.gpu_memory_utilization),
            ("target_utilization", self.target_utilization),
            ("prompt_cache_hit_share", self.prompt_cache_hit_share),
        ]
        .into_iter()
        .map(|(name, value)| {
            let basis = self
                .basis
                .get(name)
                .or_else(|| {
                    name.strip_suffix("_usd_per_month")
                        .and_then(|_| self.basis.get("self_hosting_ops_weeks_per_month"))
                })
                .map(String::as_str);
            (name, value, basis)
        })
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CategoryHit {
    /// The category id (`fast-cheap`, `max-quality`, `data-local`, ...).
    pub id: String,
    /// The rule that activated it.
    pub rule: String,
    /// The seed's approach for this category.
    pub approach: String,
    /// Why the rule fired.
    pub reason: String,
    /// Candidates (ranked, before `--top`) that belong to the category.
    pub members: Vec<String>,
}

/// A ranked candidate model with its best deployment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Candidate {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub provider: String,
    /// `open`, `closed` or `unknown`.
    pub weights: String,
    /// `frontier`, `strong`, `efficient`, `small`, or null when unknown.
    pub tier: Option<String>,
    /// `api`, `private-cloud` or `self-hosted`.
    pub deployment: String,
    /// Who serves it (API, private cloud) or the GPU (self-hosted).
    pub host: Option<String>,
    /// Whether the deployment may carry the sensitive share of the traffic
    /// (false: non-sensitive requests only).
    pub serves_sensitive: bool,
    #[serde(serialize_with = "ser_num")]
    pub score: f64,
    /// The score at the low and the high end of the quality range.
    #[schemars(with = "[f64; 2]")]
    #[serde(serialize_with = "crate::num::ser_pair")]
    pub score_range: [f64; 2],
    /// Task-specific quality, 0..1: the point estimate.
    #[serde(serialize_with = "ser_num")]
    pub quality: f64,
    pub quality_source: QualitySource,
    /// The range the evidence allows, `[low, high]`.
    #[schemars(with = "[f64; 2]")]
    #[serde(serialize_with = "crate::num::ser_pair")]
    pub quality_range: [f64; 2],
    /// The evidence: `benchmarks`, `family-prior`, `vendor-reported`,
    /// `tier-prior` or `evals`.
    pub quality_basis: QualityBasis,
    /// Part of the estimate rests on metrics older than the staleness limit
    /// (counted at reduced weight; the reasons name them).
    pub quality_stale: bool,
    /// Its score range overlaps rank 1's: the evidence does not settle which
    /// is better.
    pub tied_with_leader: bool,
    /// Monthly cost of all the traffic on this deployment; null when unknown.
    #[serde(serialize_with = "ser_opt_num")]
    pub monthly_cost_usd: Option<f64>,
    /// No other candidate is at least as good on quality and cost and better
    /// on one.
    pub pareto: bool,
    /// Categories the model belongs to.
    pub categories: Vec<String>,
    pub reasons: Vec<String>,
    /// The criteria behind the score.
    pub components: Vec<Component>,
    #[serde(serialize_with = "ser_num")]
    pub boost: f64,
    /// How the cost was computed (prices and notes).
    pub cost: DeploymentCost,
    /// Self-hosted: the capacity model's sizing (SPEC §9).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sizing: Option<crate::cost::Sizing>,
    /// Time to first token and output speed of this deployment, with their
    /// basis (SPEC §9).
    pub latency: crate::capacity::Latency,
    /// The model is a preview release (SPEC §9): it may change or be
    /// withdrawn.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub preview: bool,
    /// Required capabilities (`task.capabilities`) the catalog does not
    /// confirm for this model, e.g. `tool calling`: test them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unverified: Vec<String>,
}

/// How settled the ranking is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Ranking {
    /// Candidates (before `--top`) whose score range overlaps rank 1's.
    pub tied_with_leader: Vec<String>,
    /// The score criterion that contributed most to rank 1's lead over
    /// rank 2 (`quality`, `cost`, …, or `rule-boost`); null with fewer than
    /// two candidates.
    pub decided_by: Option<String>,
    /// Whether rank 1's quality is a prior, not a measurement.
    pub leader_on_prior: bool,
    /// The same, in sentences, for the report.
    pub statements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Excluded {
    pub id: String,
    pub name: String,
    pub reasons: Vec<String>,
}
