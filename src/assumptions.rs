//! The effective cost-model assumptions: the catalog's defaults overlaid with
//! the requirements file's `assumptions:`, with every value present.

use serde::Serialize;

use crate::catalog::{Assumptions, TrainingRun};
use crate::diag::{Diagnostic, Diagnostics};

/// Resolved assumptions: every field known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    pub hours_per_month: f64,
    pub peak_factor: f64,
    pub engineering_usd_per_week: f64,
    pub self_hosting_ops_weeks_per_month: f64,
    pub kv_cache_headroom: f64,
    pub gpu_memory_utilization: f64,
    pub target_utilization: f64,
    pub prompt_cache_hit_share: f64,
    pub stale_after_days: u32,
    /// The merged source data, for strategy and adaptation costs and the
    /// `basis` notes shown in reports.
    #[serde(skip)]
    pub raw: Assumptions,
}

impl Resolved {
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
            kv_cache_headroom: get!(kv_cache_headroom),
            gpu_memory_utilization: get!(gpu_memory_utilization),
            target_utilization: get!(target_utilization),
            prompt_cache_hit_share: get!(prompt_cache_hit_share),
            stale_after_days: get!(stale_after_days),
            raw,
        })
    }

    /// Monthly cost of operating one self-hosted deployment.
    pub fn self_hosting_ops_usd_per_month(&self) -> f64 {
        self.self_hosting_ops_weeks_per_month * self.engineering_usd_per_week
    }

    /// (setup USD, setup weeks) of a strategy (`buy`, `build`, `blend`).
    pub fn strategy_setup(&self, strategy: &str) -> (Option<f64>, Option<f64>) {
        self.raw
            .strategies
            .get(strategy)
            .map_or((None, None), |s| (s.setup_usd, s.setup_weeks))
    }

    pub fn training(&self) -> Option<&TrainingRun> {
        self.raw.from_scratch_training.as_ref()
    }
}
