//! The cost model (SPEC §5): monthly cost of serving a share of the traffic
//! on one deployment, with the sizing shown so an engineer can check it.
//!
//! - API and private cloud: requests × (input tokens × input price + output
//!   tokens × output price) / 1e6, with long-context price tiers and the
//!   prompt-cache discount where the catalog prices them.
//! - Self-hosted: the capacity model (`crate::capacity`) sizes replicas and
//!   GPUs per replica from memory, prefill, decode and latency; compute =
//!   replicas × GPUs × the GPU-month at the requirements' basis (rented
//!   GPU-hours, a bought GPU amortised plus power and hosting, or owned GPUs'
//!   power and hosting only); plus operations that grow with the nodes. The
//!   cost is a step function of volume.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::capacity::{self, Plan};
use crate::catalog::{Catalog, Hardware, Model, Offering, OfferingKind};
use crate::num::{round_to, ser_num, ser_opt_num, usd};
use crate::requirements::GpuOwnership;

/// The traffic a deployment serves.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Traffic {
    pub requests_per_month: f64,
    pub input_tokens: f64,
    pub output_tokens: f64,
    /// Peak requests per second of this traffic.
    pub peak_rps: f64,
    /// The largest prompt a deployment must hold.
    pub context_tokens: f64,
    /// Hard latency limits (SPEC §9): time to first token, ms; output
    /// tokens/s of one sequence.
    pub ttft_ms: Option<f64>,
    pub min_output_tps: Option<f64>,
    /// How an API bills it: cache hits, batch share, input modalities.
    pub api_usage: ApiUsage,
}

/// The parts of the traffic an API prices differently (SPEC §9
/// `volume.cache_hit_share`, `batch_share`, `input_mix`). The default is
/// interactive, uncached, all-text traffic.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ApiUsage {
    /// Share of input tokens read from the prompt cache (0..1).
    pub cache_hit_share: f64,
    /// Share of requests sent through a batch API (0..1).
    pub batch_share: f64,
    /// Share of input tokens that are audio / image (0..1 each); the rest
    /// is priced as text.
    pub audio_share: f64,
    pub image_share: f64,
}

impl Traffic {
    /// The capacity model's view of this traffic.
    pub fn load(&self, a: &Resolved) -> capacity::Load {
        capacity::Load {
            mean_rps: self.requests_per_month / (a.hours_per_month * 3600.0),
            peak_rps: self.peak_rps,
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            context_tokens: self.context_tokens,
            ttft_ms: self.ttft_ms,
            output_tps: self.min_output_tps,
        }
    }

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
    /// Self-hosted sizing; reports show it as the candidate's or route's
    /// own `sizing`.
    #[serde(skip)]
    pub sizing: Option<Sizing>,
    /// What the figure assumes or could not include.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Why this deployment cannot serve the requirements at all (it does
    /// not fit the GPUs, or misses a latency limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
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
    /// Share of requests priced at the batch prices.
    #[serde(serialize_with = "ser_num")]
    pub batch_share: f64,
    /// The cost by part (input, cached input, cache writes, batch, audio,
    /// image, output), each with its tokens and the list price used; the
    /// parts add up to the monthly cost.
    pub parts: Vec<CostPart>,
}

/// One priced part of an API bill.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CostPart {
    /// `input`, `cached-input`, `cache-write`, `batch-input`,
    /// `batch-output`, `audio-input`, `image-input` or `output`.
    pub part: &'static str,
    /// Tokens a month billed at this price.
    #[serde(serialize_with = "ser_num")]
    pub tokens_per_month: f64,
    /// The offering's list price, USD per million tokens.
    #[serde(serialize_with = "ser_num")]
    pub per_mtok: f64,
    #[serde(serialize_with = "ser_num")]
    pub monthly_usd: f64,
}

/// How a self-hosted deployment was sized (SPEC §9 `sizing`): the capacity
/// model's plan and what its GPUs cost.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Sizing {
    #[serde(flatten)]
    pub plan: Plan,
    pub gpu_name: String,
    pub total_gpus: u32,
    /// 8-GPU nodes the GPUs fill (operations scale with them).
    pub nodes: u32,
    /// `rent`, `buy` or `existing` (SPEC §9 `self_hosting.gpus`).
    pub gpu_cost: GpuOwnership,
    /// USD per GPU-month at that basis; null when a price is unknown.
    #[serde(serialize_with = "ser_opt_num")]
    pub usd_per_gpu_month: Option<f64>,
    /// How the GPU-month figure was computed.
    pub gpu_cost_basis: String,
    /// GPUs the plan needs beyond those already owned (`existing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpus_beyond_owned: Option<u32>,
    #[serde(serialize_with = "ser_opt_num")]
    pub compute_usd_per_month: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub ops_usd_per_month: f64,
    /// How the operations figure was computed.
    pub ops_basis: String,
}

impl Sizing {
    /// One line an engineer can check: "2 × TP4 H100, 61% busy at average
    /// load, bound by prefill; TTFT ≈ 0.4 s estimated".
    pub fn summary(&self) -> String {
        let p = &self.plan;
        let shape = if p.gpus_per_replica == 1 {
            format!("{} × {}", p.replicas, self.gpu_name)
        } else {
            format!(
                "{} × TP{} {}",
                p.replicas, p.gpus_per_replica, self.gpu_name
            )
        };
        let ttft = match p.latency.ttft_ms {
            Some(ms) if ms >= 1000.0 => format!("TTFT ≈ {} s", crate::num::fmt_num(ms / 1000.0)),
            Some(ms) => format!("TTFT ≈ {} ms", crate::num::fmt_count(ms.round())),
            None => "TTFT unknown".to_owned(),
        };
        let ttft = match (p.latency.first_answer_ms, p.latency.thinking_tokens) {
            (Some(ms), Some(n)) => format!(
                "{ttft}, first answer ≈ {} s after ≈ {} thinking tokens",
                crate::num::fmt_num(ms / 1000.0),
                crate::num::fmt_count(n)
            ),
            _ => ttft,
        };
        let speed = p.latency.output_tps.map_or(String::new(), |t| {
            format!(", {} tokens/s per sequence", crate::num::fmt_num(t))
        });
        format!(
            "{shape}, {}% busy at average load, bound by {}; {ttft}{speed} ({}), throughput {}",
            crate::num::fmt_num(p.utilization * 100.0),
            capacity::bound_name(p.bound),
            capacity::basis_name(p.latency.basis),
            capacity::basis_name(p.basis)
        )
    }
}

/// Monthly cost of `traffic` on API or private-cloud `offering`, or the
/// reason it cannot be costed. `a` is unused since the cache-hit share
/// moved into [`ApiUsage`] (the requirements' `volume.cache_hit_share`,
/// defaulting to the assumption); it stays for the common signature.
pub fn api_cost(offering: &Offering, traffic: &Traffic, _a: &Resolved) -> DeploymentCost {
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
            excluded: None,
        };
    };
    if tier.is_some() {
        notes.push(
            "average prompt above the long-context threshold: long-context prices apply".to_owned(),
        );
    }
    let (parts, usage) =
        api_cost_parts(offering, traffic, input, output, tier.is_some(), &mut notes);
    notes.extend(rate_limit_notes(offering, traffic));
    let monthly: f64 = parts
        .iter()
        .map(|p| p.tokens_per_month * p.per_mtok / 1e6)
        .sum();
    DeploymentCost {
        monthly_usd: Some(usd(monthly)),
        api: Some(ApiPricing {
            input_per_mtok: input,
            output_per_mtok: output,
            long_context_tier: tier.is_some(),
            cached_input_share: usage.cache_hit_share,
            batch_share: usage.batch_share,
            parts,
        }),
        sizing: None,
        notes,
        excluded: None,
    }
}

/// The API bill by part. `input` / `output` are the standard (or
/// long-context) prices. Returns the parts and the usage actually priced
/// (a cache or batch share the offering has no price for is billed at the
/// standard price, and said so in `notes`).
///
/// - Batch requests (`batch_share` of them) pay the batch prices where the
///   offering has both, with no cache discount; otherwise standard prices.
/// - Of the other requests' text input, `cache_hit_share` is read at the
///   cache-read price; the rest is new context, written to the cache at the
///   cache-write price where one is charged (the next request reads it).
/// - Audio / image input (`input_mix`) pays the offering's modality price
///   where it has one, else the text price.
fn api_cost_parts(
    offering: &Offering,
    traffic: &Traffic,
    input: f64,
    output: f64,
    long_context: bool,
    notes: &mut Vec<String>,
) -> (Vec<CostPart>, ApiUsage) {
    let u = traffic.api_usage;
    let requests = traffic.requests_per_month;
    let mut parts: Vec<CostPart> = Vec::new();
    let mut add = |part: &'static str, tokens: f64, per_mtok: f64| {
        if tokens > 0.0 {
            parts.push(CostPart {
                part,
                tokens_per_month: round_to(tokens, 2),
                per_mtok,
                monthly_usd: round_to(tokens * per_mtok / 1e6, 4),
            });
        }
    };
    let batch_prices = offering
        .batch_input_per_mtok
        .zip(offering.batch_output_per_mtok)
        .filter(|_| !long_context);
    let batch_share = match batch_prices {
        Some(_) => u.batch_share,
        None => {
            if u.batch_share > 0.0 {
                notes.push(format!(
                    "no batch price for this offering: the batch share ({}%) is priced at the standard rates",
                    pct(u.batch_share)
                ));
            }
            0.0
        }
    };
    let cache_share =
        match offering.cached_input_per_mtok {
            Some(_) if !long_context => u.cache_hit_share,
            _ => {
                if u.cache_hit_share > 0.0 {
                    notes.push(format!(
                    "no cache-read price{}: the {}% cache-hit share is priced as uncached input",
                    if long_context { " in the long-context tier" } else { " for this offering" },
                    pct(u.cache_hit_share)
                ));
                }
                0.0
            }
        };
    let audio_share = u.audio_share.clamp(0.0, 1.0);
    let image_share = u.image_share.clamp(0.0, 1.0 - audio_share);
    let text_share = (1.0 - audio_share - image_share).max(0.0);
    let interactive = requests * (1.0 - batch_share);
    let batched = requests * batch_share;
    let text_in = interactive * traffic.input_tokens * text_share;
    let cached = text_in * cache_share;
    let uncached = text_in - cached;
    // A cache-write price is the full price of a written token (Anthropic:
    // 1.25× input); 0 means no surcharge (capabilities.md §4), so those
    // tokens pay the input price.
    match offering.cache_write_per_mtok {
        Some(write) if cache_share > 0.0 && write > 0.0 => add("cache-write", uncached, write),
        _ => add("input", uncached, input),
    }
    if let Some(read) = offering.cached_input_per_mtok {
        add("cached-input", cached, read);
    }
    for (part, share, price, name) in [
        (
            "audio-input",
            audio_share,
            offering.audio_input_per_mtok,
            "audio",
        ),
        (
            "image-input",
            image_share,
            offering.image_input_per_mtok,
            "image",
        ),
    ] {
        if share <= 0.0 {
            continue;
        }
        let tokens = requests * traffic.input_tokens * share;
        match price.filter(|_| !long_context) {
            Some(p) => add(part, tokens, p),
            None => {
                notes.push(format!(
                    "no {name}-input price for this offering: {name} input is priced at the text rate"
                ));
                add(part, tokens, input);
            }
        }
    }
    add("output", interactive * traffic.output_tokens, output);
    if let Some((batch_in, batch_out)) = batch_prices {
        add(
            "batch-input",
            batched * traffic.input_tokens * text_share,
            batch_in,
        );
        add("batch-output", batched * traffic.output_tokens, batch_out);
    }
    (
        parts,
        ApiUsage {
            cache_hit_share: cache_share,
            batch_share,
            ..u
        },
    )
}

/// A note for each published rate limit below the traffic's peak (tiers
/// can usually be raised, so this is a warning, not an exclusion).
pub fn rate_limit_notes(offering: &Offering, traffic: &Traffic) -> Vec<String> {
    let Some(limits) = offering.rate_limits else {
        return Vec::new();
    };
    // Batch requests are queued by the host, not sent at the peak rate.
    let peak_rpm = traffic.peak_rps * 60.0 * (1.0 - traffic.api_usage.batch_share);
    let peak_tpm = peak_rpm * (traffic.input_tokens + traffic.output_tokens);
    let mut notes = Vec::new();
    if let Some(rpm) = limits.rpm
        && peak_rpm > rpm
    {
        notes.push(format!(
            "rate limit: peak {} requests/min exceeds the published limit of {} requests/min (ask the host for a higher tier)",
            crate::num::fmt_count(peak_rpm.round()),
            crate::num::fmt_count(rpm)
        ));
    }
    if let Some(tpm) = limits.tpm
        && peak_tpm > tpm
    {
        notes.push(format!(
            "rate limit: peak {} tokens/min exceeds the published limit of {} tokens/min (ask the host for a higher tier)",
            crate::num::fmt_count(peak_tpm.round()),
            crate::num::fmt_count(tpm)
        ));
    }
    notes
}

fn pct(share: f64) -> String {
    format!("{}", round_to(share * 100.0, 1))
}

/// Monthly cost of `traffic` on self-hosted `offering` of `model`: the
/// capacity model's GPUs at the requirements' GPU basis (rent, buy,
/// existing) plus operations that grow with the nodes. A configuration that
/// cannot hold the model or meet a latency limit is `excluded`.
pub fn self_hosted_cost(
    model: &Model,
    offering: &Offering,
    catalog: &Catalog,
    traffic: &Traffic,
    a: &Resolved,
) -> DeploymentCost {
    let unknown = |why: String| DeploymentCost {
        monthly_usd: None,
        api: None,
        sizing: None,
        notes: vec![why],
        excluded: None,
    };
    let (Some(gpu_id), Some(precision)) = (&offering.gpu, offering.precision) else {
        return unknown("the self-hosted offering names no GPU or precision".to_owned());
    };
    let Some(gpu) = catalog.gpu(gpu_id) else {
        return unknown(format!(
            "GPU `{gpu_id}` is not in the catalog's hardware list"
        ));
    };
    let load = traffic.load(a);
    let plan = match capacity::size(
        model,
        offering,
        gpu,
        precision,
        &load,
        &a.capacity,
        capacity::Targets {
            gpu_memory_utilization: a.gpu_memory_utilization,
            target_utilization: a.target_utilization,
            explain: a.explain_sizing,
        },
    ) {
        Ok(plan) => plan,
        Err(why) => {
            return DeploymentCost {
                monthly_usd: None,
                api: None,
                sizing: None,
                notes: Vec::new(),
                excluded: Some(why),
            };
        }
    };
    let mut notes = plan.notes.clone();
    if !gpu.precisions.is_empty() && !gpu.precisions.contains(&precision) {
        notes.push(format!(
            "{} has no native {} compute; the weights are stored at that precision but computed at a higher one",
            gpu.name,
            crate::names::enum_name(&precision)
        ));
    }
    let total_gpus = plan.replicas.saturating_mul(plan.gpus_per_replica);
    let nodes = total_gpus.div_ceil(8).max(1);
    let (per_gpu_month, gpu_cost_basis, beyond) = gpu_month(gpu, total_gpus, a);
    if per_gpu_month.is_none() {
        notes.push(gpu_cost_basis.clone());
    }
    let compute = per_gpu_month.map(usd);
    let ops = usd(a.self_hosting_ops_usd_for_nodes(nodes));
    // The basis is words for the report; decisions run again need none.
    let ops_basis = if a.explain_sizing {
        format!(
            "({} + {} × {} node(s) beyond the first) engineer-weeks × {} a month",
            crate::num::fmt_num(a.self_hosting_ops_weeks_per_month),
            crate::num::fmt_num(a.self_hosting_ops_weeks_per_node_month),
            nodes - 1,
            crate::num::fmt_usd(a.engineering_usd_per_week)
        )
    } else {
        String::new()
    };
    DeploymentCost {
        monthly_usd: compute.map(|c| usd(c + ops)),
        api: None,
        sizing: Some(Sizing {
            gpu_name: gpu.name.clone(),
            total_gpus,
            nodes,
            gpu_cost: a.gpus.ownership,
            usd_per_gpu_month: per_gpu_month.map(|c| usd(c / f64::from(total_gpus.max(1)))),
            gpu_cost_basis,
            gpus_beyond_owned: beyond,
            compute_usd_per_month: compute,
            ops_usd_per_month: ops,
            ops_basis,
            plan,
        }),
        notes,
        excluded: None,
    }
}

/// What `count` GPUs of `gpu` cost a month at the requirements' basis, how
/// that was computed, and how many are needed beyond those owned.
fn gpu_month(gpu: &Hardware, count: u32, a: &Resolved) -> (Option<f64>, String, Option<u32>) {
    let n = f64::from(count);
    let h = a.hours_per_month;
    let rent = |n: f64| gpu.usd_per_gpu_hour.map(|p| n * p * h);
    let o = &a.ownership;
    let running = gpu
        .power_kw
        .map(|kw| kw * o.pue * h * o.electricity_usd_per_kwh + kw * o.colocation_usd_per_kw_month);
    let running_basis = |kw: f64| {
        format!(
            "power {} kW × PUE {} × {} h × ${}/kWh + colocation {} kW × ${}/kW-month",
            crate::num::fmt_num(kw),
            crate::num::fmt_num(o.pue),
            crate::num::fmt_num(h),
            crate::num::fmt_num(o.electricity_usd_per_kwh),
            crate::num::fmt_num(kw),
            crate::num::fmt_num(o.colocation_usd_per_kw_month)
        )
    };
    let rent_basis = || match gpu.usd_per_gpu_hour {
        Some(p) => format!(
            "rented at ${}/GPU-hour × {} h",
            crate::num::fmt_num(p),
            crate::num::fmt_num(h)
        ),
        None => format!(
            "{} has no hourly price in the catalog, so the compute cost is unknown",
            gpu.name
        ),
    };
    match a.gpus.ownership {
        // The basis is words for the report (and the reason when the
        // price is unknown); decisions run again need none.
        GpuOwnership::Rent if !a.explain_sizing && gpu.usd_per_gpu_hour.is_some() => {
            (rent(n), String::new(), None)
        }
        GpuOwnership::Rent => (rent(n), rent_basis(), None),
        GpuOwnership::Buy => {
            let months = a.gpus.amortization_months;
            match (gpu.purchase_usd, running, gpu.power_kw) {
                (Some(price), Some(run), Some(kw)) => (
                    Some(n * (price / months + run)),
                    format!(
                        "bought: ${} ÷ {} months + {}",
                        crate::num::fmt_count(price.round()),
                        crate::num::fmt_num(months),
                        running_basis(kw)
                    ),
                    None,
                ),
                (None, ..) => (
                    None,
                    format!(
                        "the catalog has no purchase price for {}: give `purchase_usd` for it in a catalog file to cost buying",
                        gpu.name
                    ),
                    None,
                ),
                _ => (
                    None,
                    format!(
                        "the catalog has no power figure for {}: give `power_kw` for it in a catalog file",
                        gpu.name
                    ),
                    None,
                ),
            }
        }
        GpuOwnership::Existing => {
            let owned = a.gpus.owned.get(&gpu.id).copied().unwrap_or(0);
            let used = count.min(owned);
            let extra = count - used;
            let Some((run, kw)) = running.zip(gpu.power_kw) else {
                return (
                    None,
                    format!(
                        "the catalog has no power figure for {}: give `power_kw` for it in a catalog file",
                        gpu.name
                    ),
                    (extra > 0).then_some(extra),
                );
            };
            let owned_cost = f64::from(used) * run;
            let basis = format!("owned (sunk cost): {}", running_basis(kw));
            if extra == 0 {
                return (Some(owned_cost), basis, None);
            }
            match rent(f64::from(extra)) {
                Some(r) => (
                    Some(owned_cost + r),
                    format!(
                        "{basis}; {extra} GPU(s) more than the {owned} owned, {}",
                        rent_basis()
                    ),
                    Some(extra),
                ),
                None => (
                    None,
                    format!(
                        "needs {extra} {} more than the {owned} owned, and the catalog has no rental price for them",
                        gpu.name
                    ),
                    Some(extra),
                ),
            }
        }
    }
}

/// Time to first token and output speed of a deployment: the capacity
/// model's estimate when self-hosted, else the catalog's measured figures.
pub fn latency(model: &Model, cost: &DeploymentCost) -> capacity::Latency {
    match &cost.sizing {
        Some(s) => s.plan.latency,
        None => {
            let (ttft_ms, output_tps) = (model.speed.ttft_ms, model.speed.output_tps);
            capacity::Latency {
                ttft_ms,
                first_answer_ms: None,
                thinking_tokens: None,
                output_tps,
                basis: if ttft_ms.is_some() || output_tps.is_some() {
                    capacity::Basis::Measured
                } else {
                    capacity::Basis::Unknown
                },
            }
        }
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

/// The API bill by part (issue 11) and the long-context and cache prices.
#[cfg(test)]
mod api_tests {
    use super::*;
    use crate::catalog::LongContextPrice;

    fn assumptions() -> Resolved {
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        Resolved::new(&catalog.assumptions, None).unwrap()
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
            ..Traffic::default()
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
        let a = assumptions();
        let cached = Traffic {
            api_usage: ApiUsage {
                cache_hit_share: 0.5,
                ..ApiUsage::default()
            },
            ..traffic()
        };
        // Cache: input 2×0.5 + 0.2×0.5 = 1.1 → 10,000 × (1,000 × 1.1 + 300 × 12)/1e6 = 47
        assert_eq!(api_cost(&o, &cached, &a).monthly_usd, Some(47.0));
        // Above the threshold: 100 × (300,000 × 4 + 300 × 18)/1e6 = 120.54, no cache discount.
        let t = Traffic {
            requests_per_month: 100.0,
            input_tokens: 300_000.0,
            ..cached
        };
        let c = api_cost(&o, &t, &a);
        assert_eq!(c.monthly_usd, Some(120.54));
        assert!(c.api.unwrap().long_context_tier);
    }

    /// An offering priced like Claude Sonnet 4.6 at Anthropic (LiteLLM
    /// 2026-07-24: in 3, out 15, cache read 0.30, cache write 3.75) with
    /// OpenAI-style batch prices at half (1.5 / 7.5) and an audio price.
    fn priced() -> Offering {
        let mut o = offering(OfferingKind::Api);
        o.input_per_mtok = Some(3.0);
        o.output_per_mtok = Some(15.0);
        o.cached_input_per_mtok = Some(0.3);
        o.cache_write_per_mtok = Some(3.75);
        o.batch_input_per_mtok = Some(1.5);
        o.batch_output_per_mtok = Some(7.5);
        o.audio_input_per_mtok = Some(6.0);
        o
    }

    fn with(u: ApiUsage) -> Traffic {
        Traffic {
            api_usage: u,
            ..traffic()
        }
    }

    fn part(c: &DeploymentCost, name: &str) -> (f64, f64, f64) {
        let p = c
            .api
            .as_ref()
            .unwrap()
            .parts
            .iter()
            .find(|p| p.part == name)
            .unwrap_or_else(|| panic!("no {name} part: {c:#?}"));
        (p.tokens_per_month, p.per_mtok, p.monthly_usd)
    }

    /// Issue 11: 80% cache hits. 10M input tokens a month: 8M read at 0.30
    /// = $2.40, 2M new context written at 3.75 = $7.50; 3M output at 15 =
    /// $45. Total $54.90 (uncached it is 10M × 3 + 3M × 15 = $75).
    #[test]
    fn issue_11_cache_hits_at_the_cached_price_plus_cache_writes() {
        let c = api_cost(
            &priced(),
            &with(ApiUsage {
                cache_hit_share: 0.8,
                ..ApiUsage::default()
            }),
            &assumptions(),
        );
        assert_eq!(c.monthly_usd, Some(54.9));
        assert_eq!(part(&c, "cached-input"), (8e6, 0.3, 2.4));
        assert_eq!(part(&c, "cache-write"), (2e6, 3.75, 7.5));
        assert_eq!(part(&c, "output"), (3e6, 15.0, 45.0));
        assert_eq!(c.api.unwrap().cached_input_share, 0.8);
        // Without a cache-write price the new context pays the input price:
        // 8M × 0.30 + 2M × 3 + 3M × 15 = 2.4 + 6 + 45 = 53.40.
        let mut o = priced();
        o.cache_write_per_mtok = None;
        let c = api_cost(
            &o,
            &with(ApiUsage {
                cache_hit_share: 0.8,
                ..ApiUsage::default()
            }),
            &assumptions(),
        );
        assert_eq!(c.monthly_usd, Some(53.4));
        assert_eq!(part(&c, "input"), (2e6, 3.0, 6.0));
    }

    /// A cache-write price of 0 is "no surcharge" (DeepSeek, Z.ai): the new
    /// context pays the input price, 2M × 3 = $6.
    #[test]
    fn issue_11_zero_cache_write_price_is_no_surcharge() {
        let mut o = priced();
        o.cache_write_per_mtok = Some(0.0);
        let c = api_cost(
            &o,
            &with(ApiUsage {
                cache_hit_share: 0.8,
                ..ApiUsage::default()
            }),
            &assumptions(),
        );
        assert_eq!(part(&c, "input"), (2e6, 3.0, 6.0));
        assert_eq!(c.monthly_usd, Some(53.4));
    }

    /// Issue 11: all requests through the batch API: 10M × 1.5 + 3M × 7.5
    /// = 15 + 22.5 = $37.50; without batch prices the standard $75, said so.
    #[test]
    fn issue_11_batch_share_at_batch_prices() {
        let batch = with(ApiUsage {
            batch_share: 1.0,
            ..ApiUsage::default()
        });
        let c = api_cost(&priced(), &batch, &assumptions());
        assert_eq!(c.monthly_usd, Some(37.5));
        assert_eq!(part(&c, "batch-input"), (1e7, 1.5, 15.0));
        assert_eq!(part(&c, "batch-output"), (3e6, 7.5, 22.5));
        let mut o = priced();
        o.batch_input_per_mtok = None;
        let c = api_cost(&o, &batch, &assumptions());
        assert_eq!(c.monthly_usd, Some(75.0));
        assert_eq!(c.api.as_ref().unwrap().batch_share, 0.0);
        assert!(
            c.notes.iter().any(|n| n.contains("no batch price")),
            "{c:#?}"
        );
        // Half batched: 5,000 requests at standard prices (37.50) + 5,000 at batch (18.75).
        let half = with(ApiUsage {
            batch_share: 0.5,
            ..ApiUsage::default()
        });
        assert_eq!(
            api_cost(&priced(), &half, &assumptions()).monthly_usd,
            Some(56.25)
        );
    }

    /// Issue 11: 80% of input tokens are audio: 8M × 6 = $48 + 2M text × 3 =
    /// $6 + 3M output × 15 = $45 → $99; without an audio price the text rate
    /// ($75), said so.
    #[test]
    fn issue_11_audio_input_at_the_audio_price() {
        let audio = with(ApiUsage {
            audio_share: 0.8,
            ..ApiUsage::default()
        });
        let c = api_cost(&priced(), &audio, &assumptions());
        assert_eq!(c.monthly_usd, Some(99.0));
        assert_eq!(part(&c, "audio-input"), (8e6, 6.0, 48.0));
        assert_eq!(part(&c, "input"), (2e6, 3.0, 6.0));
        let mut o = priced();
        o.audio_input_per_mtok = None;
        let c = api_cost(&o, &audio, &assumptions());
        assert_eq!(c.monthly_usd, Some(75.0));
        assert!(
            c.notes.iter().any(|n| n.contains("no audio-input price")),
            "{c:#?}"
        );
    }

    /// Issue 11: rate limits below the peak are notes with both numbers.
    #[test]
    fn issue_11_rate_limit_notes_at_the_peak() {
        let mut o = priced();
        o.rate_limits = Some(crate::catalog::RateLimits {
            rpm: Some(2000.0),
            tpm: Some(800_000.0),
        });
        // 10 rps = 600 rpm × 1,300 tokens = 780,000 tpm: under both limits.
        let t = |rps: f64| Traffic {
            peak_rps: rps,
            ..traffic()
        };
        assert!(rate_limit_notes(&o, &t(10.0)).is_empty());
        // 40 rps = 2,400 rpm (> 2,000) and 3,120,000 tpm (> 800,000).
        let notes = rate_limit_notes(&o, &t(40.0));
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].contains("2,400 requests/min") && notes[0].contains("2,000"),
            "{notes:?}"
        );
        assert!(
            notes[1].contains("3,120,000 tokens/min") && notes[1].contains("800,000"),
            "{notes:?}"
        );
        // Batched requests are queued, not sent at the peak.
        let batched = Traffic {
            api_usage: ApiUsage {
                batch_share: 1.0,
                ..ApiUsage::default()
            },
            ..t(40.0)
        };
        assert!(rate_limit_notes(&o, &batched).is_empty());
    }
}
