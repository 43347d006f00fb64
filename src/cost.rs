//! The cost model (SPEC §5): monthly cost of serving a share of the traffic
//! on one deployment, with the sizing shown so an engineer can check it.
//!
//! - API and private cloud: requests × (input tokens × input price + output
//!   tokens × output price) / 1e6, with long-context price tiers and the
//!   prompt-cache discount where the catalog prices them.
//! - Self-hosted: GPUs per replica from parameters × bytes per parameter at
//!   the chosen precision plus KV-cache headroom (or the catalog's measured
//!   configuration); replicas from peak output tokens/second against the
//!   replica's measured throughput at the target utilisation, at least one;
//!   compute = replicas × GPUs × GPU-hour price × hours a month; plus the
//!   operations assumption.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::catalog::{Catalog, Model, Offering, OfferingKind, Precision};
use crate::num::{round_to, ser_num, ser_opt_num, usd};

/// The traffic a deployment serves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Traffic {
    pub requests_per_month: f64,
    pub input_tokens: f64,
    pub output_tokens: f64,
    /// Peak requests per second of this traffic.
    pub peak_rps: f64,
}

impl Traffic {
    /// A share (0..1) of this traffic.
    pub fn share(&self, share: f64) -> Traffic {
        Traffic {
            requests_per_month: self.requests_per_month * share,
            peak_rps: self.peak_rps * share,
            ..*self
        }
    }

    /// The same traffic at a different monthly volume (peak scales with it).
    pub fn with_volume(&self, requests_per_month: f64) -> Traffic {
        let factor = if self.requests_per_month > 0.0 {
            requests_per_month / self.requests_per_month
        } else {
            0.0
        };
        Traffic {
            requests_per_month,
            peak_rps: self.peak_rps * factor,
            ..*self
        }
    }
}

/// The cost of one deployment of one model.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DeploymentCost {
    /// USD per month; null when a needed price is unknown.
    #[serde(serialize_with = "ser_opt_num")]
    pub monthly_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiPricing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sizing: Option<Sizing>,
    /// What the figure assumes or could not include.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The prices an API cost was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ApiPricing {
    #[serde(serialize_with = "ser_num")]
    pub input_per_mtok: f64,
    #[serde(serialize_with = "ser_num")]
    pub output_per_mtok: f64,
    /// Set when the long-context price tier applied.
    pub long_context_tier: bool,
    /// Share of input tokens priced at the cache-read price.
    #[serde(serialize_with = "ser_num")]
    pub cached_input_share: f64,
}

/// How a self-hosted deployment was sized.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Sizing {
    pub gpu: String,
    pub gpu_name: String,
    pub precision: Precision,
    /// Weights plus KV-cache headroom, GB; null when parameters are unknown.
    #[serde(serialize_with = "ser_opt_num")]
    pub memory_needed_gb: Option<f64>,
    pub gpus_per_replica: u32,
    /// `catalog` (a measured or recommended configuration) or `computed`.
    pub gpus_per_replica_from: String,
    pub replicas: u32,
    pub total_gpus: u32,
    /// Peak output tokens/second this deployment must sustain.
    #[serde(serialize_with = "ser_num")]
    pub peak_output_tps: f64,
    /// Measured aggregate output tokens/second of one replica; null when the
    /// catalog has no measurement (then one replica is assumed).
    #[serde(serialize_with = "ser_opt_num")]
    pub replica_output_tps: Option<f64>,
    /// Peak load / capacity of the replicas; null when throughput is unknown.
    #[serde(serialize_with = "ser_opt_num")]
    pub utilization: Option<f64>,
    #[serde(serialize_with = "ser_opt_num")]
    pub usd_per_gpu_hour: Option<f64>,
    #[serde(serialize_with = "ser_opt_num")]
    pub compute_usd_per_month: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub ops_usd_per_month: f64,
}

/// Monthly cost of `traffic` on API or private-cloud `offering`, or the
/// reason it cannot be costed.
pub fn api_cost(offering: &Offering, traffic: &Traffic, a: &Resolved) -> DeploymentCost {
    let mut notes = Vec::new();
    let tier = offering
        .long_context
        .filter(|lc| traffic.input_tokens > lc.above_tokens as f64);
    let prices = match tier {
        Some(lc) => Some((lc.input_per_mtok, lc.output_per_mtok)),
        None => offering.input_per_mtok.zip(offering.output_per_mtok),
    };
    let Some((input, output)) = prices else {
        return DeploymentCost {
            monthly_usd: None,
            api: None,
            sizing: None,
            notes: vec!["the catalog has no price for this offering".to_owned()],
        };
    };
    if tier.is_some() {
        notes.push(
            "average prompt above the long-context threshold: long-context prices apply".to_owned(),
        );
    }
    let cache_share = match offering.cached_input_per_mtok {
        Some(_) if tier.is_none() => a.prompt_cache_hit_share,
        _ => 0.0,
    };
    let cached = offering.cached_input_per_mtok.unwrap_or(input);
    let effective_input = input * (1.0 - cache_share) + cached * cache_share;
    let monthly = traffic.requests_per_month
        * (traffic.input_tokens * effective_input + traffic.output_tokens * output)
        / 1e6;
    DeploymentCost {
        monthly_usd: Some(usd(monthly)),
        api: Some(ApiPricing {
            input_per_mtok: input,
            output_per_mtok: output,
            long_context_tier: tier.is_some(),
            cached_input_share: cache_share,
        }),
        sizing: None,
        notes,
    }
}

/// Prompts longer than this are far from the ~215-token ShareGPT prompts of
/// the catalog's throughput measurements (serving.md §A): the report says the
/// measured throughput will not hold.
const LONG_PROMPT_TOKENS: f64 = 2000.0;

/// Monthly cost of `traffic` on self-hosted `offering` of `model`.
pub fn self_hosted_cost(
    model: &Model,
    offering: &Offering,
    catalog: &Catalog,
    traffic: &Traffic,
    a: &Resolved,
) -> DeploymentCost {
    let mut notes = Vec::new();
    let unknown = |why: String| DeploymentCost {
        monthly_usd: None,
        api: None,
        sizing: None,
        notes: vec![why],
    };
    let (Some(gpu_id), Some(precision)) = (&offering.gpu, offering.precision) else {
        return unknown("the self-hosted offering names no GPU or precision".to_owned());
    };
    let Some(gpu) = catalog.gpu(gpu_id) else {
        return unknown(format!(
            "GPU `{gpu_id}` is not in the catalog's hardware list"
        ));
    };
    let memory_needed = model
        .params_b
        .and_then(|p| p.total)
        .map(|total| total * precision.bytes_per_param() * (1.0 + a.kv_cache_headroom));
    let computed = memory_needed.map(|m| gpus_for(m, gpu.memory_gb * a.gpu_memory_utilization));
    let (gpus_per_replica, from) = match (offering.gpus_per_replica, computed) {
        (Some(n), Some(c)) => {
            if c > n {
                notes.push(format!(
                    "the catalog's configuration uses {n} GPU(s) per replica; weights plus KV headroom suggest {c}"
                ));
            }
            (n, "catalog")
        }
        (Some(n), None) => (n, "catalog"),
        (None, Some(c)) => (c, "computed"),
        (None, None) => {
            return unknown(
                "parameter count unknown, so the GPUs per replica cannot be sized".to_owned(),
            );
        }
    };
    if !gpu.precisions.is_empty() && !gpu.precisions.contains(&precision) {
        notes.push(format!(
            "{} has no native {} compute; the weights are stored at that precision but computed at a higher one",
            gpu.name,
            crate::recommend::enum_name(&precision)
        ));
    }
    let peak_output_tps = traffic.peak_rps * traffic.output_tokens;
    let (replicas, utilization) = match offering.replica_output_tps {
        Some(tps) if tps > 0.0 => {
            let capacity = tps * a.target_utilization;
            let replicas = (peak_output_tps / capacity).ceil().max(1.0);
            let replicas = if replicas > f64::from(u32::MAX) {
                u32::MAX
            } else {
                replicas as u32
            };
            (
                replicas,
                Some(round_to(peak_output_tps / (f64::from(replicas) * tps), 4)),
            )
        }
        _ => {
            notes.push(
                "no measured throughput for this configuration: sized at one replica; validate with a load test"
                    .to_owned(),
            );
            (1, None)
        }
    };
    if offering.replica_output_tps.is_some() && traffic.input_tokens > LONG_PROMPT_TOKENS {
        notes.push(format!(
            "throughput was measured on short prompts; {} input tokens per request will lower it",
            crate::num::fmt_count(traffic.input_tokens.round())
        ));
    }
    let total_gpus = replicas.saturating_mul(gpus_per_replica);
    let ops = usd(a.self_hosting_ops_usd_per_month());
    let compute = gpu
        .usd_per_gpu_hour
        .map(|price| usd(f64::from(total_gpus) * price * a.hours_per_month));
    if compute.is_none() {
        notes.push(format!(
            "{} has no hourly price in the catalog, so the compute cost is unknown",
            gpu.name
        ));
    }
    DeploymentCost {
        monthly_usd: compute.map(|c| usd(c + ops)),
        api: None,
        sizing: Some(Sizing {
            gpu: gpu.id.clone(),
            gpu_name: gpu.name.clone(),
            precision,
            memory_needed_gb: memory_needed.map(|m| round_to(m, 1)),
            gpus_per_replica,
            gpus_per_replica_from: from.to_owned(),
            replicas,
            total_gpus,
            peak_output_tps: round_to(peak_output_tps, 2),
            replica_output_tps: offering.replica_output_tps,
            utilization,
            usd_per_gpu_hour: gpu.usd_per_gpu_hour,
            compute_usd_per_month: compute,
            ops_usd_per_month: ops,
        }),
        notes,
    }
}

/// The cost of `traffic` on any offering.
pub fn deployment_cost(
    model: &Model,
    offering: &Offering,
    catalog: &Catalog,
    traffic: &Traffic,
    a: &Resolved,
) -> DeploymentCost {
    match offering.kind {
        OfferingKind::Api | OfferingKind::PrivateCloud => api_cost(offering, traffic, a),
        OfferingKind::SelfHosted => self_hosted_cost(model, offering, catalog, traffic, a),
    }
}

/// GPUs needed to hold `memory_gb` with `usable_gb` per GPU: rounded up to a
/// power of two, the tensor-parallel sizes serving engines support.
pub fn gpus_for(memory_gb: f64, usable_gb: f64) -> u32 {
    if memory_gb.is_nan() || usable_gb.is_nan() || memory_gb <= 0.0 || usable_gb <= 0.0 {
        return 1;
    }
    let raw = (memory_gb / usable_gb).ceil().max(1.0);
    if raw > 1024.0 {
        return u32::MAX;
    }
    (raw as u32).next_power_of_two()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Assumptions, Hardware, LongContextPrice};

    fn assumptions() -> Resolved {
        let a = Assumptions {
            hours_per_month: Some(730.0),
            peak_factor: Some(4.0),
            engineering_usd_per_week: Some(2500.0),
            self_hosting_ops_weeks_per_month: Some(0.5),
            kv_cache_headroom: Some(0.2),
            gpu_memory_utilization: Some(0.9),
            target_utilization: Some(0.6),
            prompt_cache_hit_share: Some(0.0),
            stale_after_days: Some(180),
            ..Default::default()
        };
        Resolved::new(&a, None).unwrap()
    }

    fn offering(kind: OfferingKind) -> Offering {
        serde_json::from_value(serde_json::json!({ "kind": kind })).unwrap()
    }

    fn traffic() -> Traffic {
        Traffic {
            requests_per_month: 10_000.0,
            input_tokens: 1000.0,
            output_tokens: 300.0,
            peak_rps: 1.0,
        }
    }

    #[test]
    fn api_cost_by_hand() {
        let mut o = offering(OfferingKind::Api);
        o.input_per_mtok = Some(3.0);
        o.output_per_mtok = Some(15.0);
        // 10,000 × (1,000 × 3 + 300 × 15) / 1e6 = 10,000 × 7,500 / 1e6 = 75
        let c = api_cost(&o, &traffic(), &assumptions());
        assert_eq!(c.monthly_usd, Some(75.0));
    }

    #[test]
    fn long_context_tier_and_cache() {
        let mut o = offering(OfferingKind::Api);
        o.input_per_mtok = Some(2.0);
        o.output_per_mtok = Some(12.0);
        o.cached_input_per_mtok = Some(0.2);
        o.long_context = Some(LongContextPrice {
            above_tokens: 200_000,
            input_per_mtok: 4.0,
            output_per_mtok: 18.0,
        });
        let mut a = assumptions();
        a.prompt_cache_hit_share = 0.5;
        // Cache: input 2×0.5 + 0.2×0.5 = 1.1 → 10,000 × (1,000 × 1.1 + 300 × 12)/1e6 = 47
        assert_eq!(api_cost(&o, &traffic(), &a).monthly_usd, Some(47.0));
        // Above the threshold: 100 × (300,000 × 4 + 300 × 18)/1e6 = 120.54, no cache discount.
        let t = Traffic {
            requests_per_month: 100.0,
            input_tokens: 300_000.0,
            ..traffic()
        };
        let c = api_cost(&o, &t, &a);
        assert_eq!(c.monthly_usd, Some(120.54));
        assert!(c.api.unwrap().long_context_tier);
    }

    #[test]
    fn self_hosted_sizing_by_hand() {
        let mut catalog = crate::catalog::Catalog::embedded().unwrap();
        catalog.hardware = vec![Hardware {
            id: "h100-80gb".into(),
            name: "H100".into(),
            memory_gb: 80.0,
            usd_per_gpu_hour: Some(3.0),
            price_basis: None,
            precisions: vec![],
            sources: vec![],
        }];
        let model: Model = serde_json::from_value(serde_json::json!({
            "id": "m", "name": "m", "provider": "p", "weights": "open",
            "params_b": { "total": 109.0 },
            "modalities": { "input": ["text"], "output": ["text"] },
        }))
        .unwrap();
        let mut o = offering(OfferingKind::SelfHosted);
        o.gpu = Some("h100-80gb".into());
        o.precision = Some(Precision::Fp8);
        o.replica_output_tps = Some(1000.0);
        // Memory: 109 × 1 × 1.2 = 130.8 GB; usable 72 GB per GPU → 2 GPUs.
        // Peak: 10 rps × 300 = 3,000 tok/s; capacity 1,000 × 0.6 = 600 → 5 replicas.
        let t = Traffic {
            peak_rps: 10.0,
            ..traffic()
        };
        let c = self_hosted_cost(&model, &o, &catalog, &t, &assumptions());
        let s = c.sizing.clone().unwrap();
        assert_eq!((s.gpus_per_replica, s.replicas, s.total_gpus), (2, 5, 10));
        assert_eq!(s.utilization, Some(0.6));
        // 10 GPUs × $3 × 730 = 21,900 + ops 0.5 × 2,500 = 1,250 → 23,150
        assert_eq!(c.monthly_usd, Some(23_150.0));
        // Unknown throughput: one replica, said so.
        o.replica_output_tps = None;
        let c = self_hosted_cost(&model, &o, &catalog, &t, &assumptions());
        assert_eq!(c.sizing.unwrap().replicas, 1);
        assert!(c.notes.iter().any(|n| n.contains("no measured throughput")));
    }

    #[test]
    fn gpu_counts_are_powers_of_two() {
        assert_eq!(gpus_for(130.8, 72.0), 2);
        assert_eq!(gpus_for(200.0, 72.0), 4);
        assert_eq!(gpus_for(10.0, 72.0), 1);
        assert_eq!(gpus_for(805.0, 126.9), 8);
    }
}
