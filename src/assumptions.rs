//! The effective cost-model assumptions: the catalog's defaults overlaid with
//! the requirements file's `assumptions:`, with every value present.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Assumptions, Precision, TrainingRun};
use crate::diag::{Diagnostic, Diagnostics};
use crate::requirements::{GpuOwnership, SelfHosting};

/// Resolved assumptions: every field known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    pub hours_per_month: f64,
    pub peak_factor: f64,
    pub engineering_usd_per_week: f64,
    pub self_hosting_ops_weeks_per_month: f64,
    pub self_hosting_ops_weeks_per_node_month: f64,
    pub capacity: CapacityConstants,
    pub ownership: OwnershipCosts,
    pub gpu_memory_utilization: f64,
    pub target_utilization: f64,
    pub prompt_cache_hit_share: f64,
    pub stale_after_days: u32,
    /// How self-hosted GPUs are paid for (from the requirements'
    /// `self_hosting`; rented unless [`Resolved::with_self_hosting`] says).
    pub gpus: GpuPlan,
    /// The merged source data, for strategy and adaptation costs and the
    /// `basis` notes shown in reports.
    #[serde(skip)]
    pub raw: Assumptions,
    /// Whether self-hosted plans write out their arithmetic (true for the
    /// report; the decisions the levers run again switch it off).
    #[serde(skip)]
    pub explain_sizing: bool,
}

/// How self-hosted GPUs are paid for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GpuPlan {
    pub ownership: GpuOwnership,
    /// GPUs already owned, by hardware id.
    pub owned: BTreeMap<String, u32>,
    pub amortization_months: f64,
}

impl Default for GpuPlan {
    fn default() -> Self {
        GpuPlan {
            ownership: GpuOwnership::Rent,
            owned: BTreeMap::new(),
            amortization_months: 36.0,
        }
    }
}

/// The capacity model's constants, every one known (see
/// `catalog/assumptions.yaml` for each one's basis).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CapacityConstants {
    #[serde(serialize_with = "crate::num::ser_num")]
    pub prefill_mfu: f64,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub decode_bandwidth_efficiency: f64,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub runtime_overhead_gb_per_gpu: f64,
    pub kv_cache_precision: Precision,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub max_batch_sequences: f64,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub legacy_row_input_tokens: f64,
}

/// Costs of owning GPUs, every one known.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct OwnershipCosts {
    #[serde(serialize_with = "crate::num::ser_num")]
    pub pue: f64,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub electricity_usd_per_kwh: f64,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub colocation_usd_per_kw_month: f64,
}

impl Resolved {
    /// These assumptions with the requirements' GPU ownership.
    pub fn with_self_hosting(mut self, s: &SelfHosting) -> Resolved {
        let mut owned = BTreeMap::new();
        for g in &s.existing_gpus {
            *owned.entry(g.gpu.clone()).or_insert(0u32) = owned
                .get(&g.gpu)
                .copied()
                .unwrap_or(0)
                .saturating_add(g.count);
        }
        self.gpus = GpuPlan {
            ownership: s.gpus,
            owned,
            amortization_months: s.amortization_months,
        };
        self
    }

    /// Resolves `base` (the catalog's) overlaid with `overrides`.
    pub fn new(
        base: &Assumptions,
        overrides: Option<&Assumptions>,
    ) -> Result<Resolved, Diagnostics> {
        let mut raw = base.clone();
        if let Some(o) = overrides {
            raw.overlay(o.clone());
        }
        let missing = |name: &str| {
            Diagnostics::single(
                Diagnostic::error(
                    "missing-key",
                    "assumptions",
                    format!("the assumption `{name}` has no value"),
                )
                .help("set it under `assumptions:` in a catalog or the requirements file"),
            )
        };
        macro_rules! get {
            ($f:ident) => {
                raw.$f.ok_or_else(|| missing(stringify!($f)))?
            };
        }
        Ok(Resolved {
            hours_per_month: get!(hours_per_month),
            peak_factor: get!(peak_factor),
            engineering_usd_per_week: get!(engineering_usd_per_week),
            self_hosting_ops_weeks_per_month: get!(self_hosting_ops_weeks_per_month),
            self_hosting_ops_weeks_per_node_month: get!(self_hosting_ops_weeks_per_node_month),
            capacity: {
                let k = raw.capacity.clone().unwrap_or_default();
                let missing = |name: &str| missing(&format!("capacity.{name}"));
                CapacityConstants {
                    prefill_mfu: k.prefill_mfu.ok_or_else(|| missing("prefill_mfu"))?,
                    decode_bandwidth_efficiency: k
                        .decode_bandwidth_efficiency
                        .ok_or_else(|| missing("decode_bandwidth_efficiency"))?,
                    runtime_overhead_gb_per_gpu: k
                        .runtime_overhead_gb_per_gpu
                        .ok_or_else(|| missing("runtime_overhead_gb_per_gpu"))?,
                    kv_cache_precision: k
                        .kv_cache_precision
                        .ok_or_else(|| missing("kv_cache_precision"))?,
                    max_batch_sequences: k
                        .max_batch_sequences
                        .ok_or_else(|| missing("max_batch_sequences"))?,
                    legacy_row_input_tokens: k
                        .legacy_row_input_tokens
                        .ok_or_else(|| missing("legacy_row_input_tokens"))?,
                }
            },
            ownership: {
                let o = raw.ownership.clone().unwrap_or_default();
                let missing = |name: &str| missing(&format!("ownership.{name}"));
                OwnershipCosts {
                    pue: o.pue.ok_or_else(|| missing("pue"))?,
                    electricity_usd_per_kwh: o
                        .electricity_usd_per_kwh
                        .ok_or_else(|| missing("electricity_usd_per_kwh"))?,
                    colocation_usd_per_kw_month: o
                        .colocation_usd_per_kw_month
                        .ok_or_else(|| missing("colocation_usd_per_kw_month"))?,
                }
            },
            gpu_memory_utilization: get!(gpu_memory_utilization),
            target_utilization: get!(target_utilization),
            prompt_cache_hit_share: get!(prompt_cache_hit_share),
            stale_after_days: get!(stale_after_days),
            gpus: GpuPlan::default(),
            raw,
            explain_sizing: true,
        })
    }

    /// Monthly cost of operating one self-hosted deployment of one node.
    pub fn self_hosting_ops_usd_per_month(&self) -> f64 {
        self.self_hosting_ops_usd_for_nodes(1)
    }

    /// Monthly cost of operating one self-hosted deployment spread over
    /// `nodes` 8-GPU nodes: the base (on-call, upgrades, monitoring) plus a
    /// share per node beyond the first.
    pub fn self_hosting_ops_usd_for_nodes(&self, nodes: u32) -> f64 {
        let extra = f64::from(nodes.saturating_sub(1));
        (self.self_hosting_ops_weeks_per_month + extra * self.self_hosting_ops_weeks_per_node_month)
            * self.engineering_usd_per_week
    }

    /// (setup USD, setup weeks) of a strategy (`buy`, `build`, `blend`).
    pub fn strategy_setup(&self, strategy: &str) -> (Option<f64>, Option<f64>) {
        self.raw
            .strategies
            .get(strategy)
            .map_or((None, None), |s| (s.setup_usd, s.setup_weeks))
    }

    /// The fine-tuning assumptions (`adaptation.fine-tuning`).
    pub fn fine_tuning(&self) -> Option<&crate::catalog::AdaptationCost> {
        self.raw.adaptation.get("fine-tuning")
    }

    pub fn training(&self) -> Option<&TrainingRun> {
        self.raw.from_scratch_training.as_ref()
    }
}
