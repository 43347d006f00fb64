//! The self-hosted capacity model: how many GPUs a model needs to serve a
//! workload, and how fast it answers, computed the way an inference engineer
//! sizes a deployment (architectures.md §4, serving.md).
//!
//! - **Memory**: weights (total parameters × bytes of the precision) + KV
//!   cache (bytes per token from the architecture: MHA/GQA, MLA, windowed
//!   layers) + runtime overhead per GPU. The tensor-parallel size is the
//!   smallest of 1, 2, 4, 8 whose usable memory holds the weights and one
//!   full-context sequence.
//! - **Prefill**: peak input tokens/s × 2 × active parameters FLOPs against
//!   the GPUs' dense peak at the precision × an MFU.
//! - **Decode**: peak output tokens/s against the measured replica throughput
//!   closest to the workload's lengths, else the memory-bandwidth roofline ×
//!   an efficiency.
//! - **Replicas**: the largest of the memory-, prefill- and decode-bound
//!   counts at peak, each replica loaded to at most the target utilisation.
//! - **Latency**: time to first token (one average prompt's prefill plus
//!   M/M/1 queueing at the peak utilisation) and output tokens/s of one
//!   sequence, each measured or estimated.
//!
//! It knows nothing of prices or reports: [`size`] returns a [`Plan`] or the
//! reason there is none.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::CapacityConstants;
use crate::catalog::{Architecture, AttentionKind, Hardware, Model, Offering, Precision};
use crate::num::{fmt_count, round_to};

/// Tensor-parallel sizes serving engines support on one node.
pub const TP_SIZES: [u32; 4] = [1, 2, 4, 8];

const GB: f64 = 1e9;

/// What the capacity model needs to know about the work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// Mean and peak requests per second.
    pub mean_rps: f64,
    pub peak_rps: f64,
    /// Average tokens per request.
    pub input_tokens: f64,
    pub output_tokens: f64,
    /// The largest prompt a replica must hold (task.context_tokens).
    pub context_tokens: f64,
    /// Hard latency limits: time to first token (ms), output tokens/s of one
    /// sequence.
    pub ttft_ms: Option<f64>,
    pub output_tps: Option<f64>,
}

/// How full an engine may run: its share of GPU memory, and the busy share
/// of the binding resource at peak.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    pub gpu_memory_utilization: f64,
    pub target_utilization: f64,
    /// Write the plan's arithmetic (`steps`): false for the decisions the
    /// levers run again, which need the figures alone.
    pub explain: bool,
}

/// Which resource set the replica count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    Memory,
    Prefill,
    Decode,
}

/// Where a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    Measured,
    Estimated,
    Unknown,
}

/// GPU memory of one replica, GB.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Memory {
    #[serde(serialize_with = "crate::num::ser_num")]
    pub weights: f64,
    /// KV cache of the sequences one replica holds at peak (at least one
    /// full-context sequence); null when the architecture is unknown.
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub kv_cache: Option<f64>,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub overhead: f64,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub total: f64,
    /// Usable memory of the replica's GPUs (memory × the engine's share).
    #[serde(serialize_with = "crate::num::ser_num")]
    pub available: f64,
}

/// Time to first token and speed of one sequence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Latency {
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub ttft_ms: Option<f64>,
    /// A reasoning model's time to its first answer token: `ttft_ms` plus
    /// its thinking tokens at the sequence's speed (absent when the catalog
    /// gives no thinking length). Latency limits apply to this one.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::ser_opt_num"
    )]
    pub first_answer_ms: Option<f64>,
    /// The thinking tokens counted in `first_answer_ms`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::num::ser_opt_num"
    )]
    pub thinking_tokens: Option<f64>,
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub output_tps: Option<f64>,
    pub basis: Basis,
}

/// Replicas each resource needs at peak, before rounding up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Needs {
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub memory: Option<f64>,
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub prefill: Option<f64>,
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub decode: Option<f64>,
}

/// A sized deployment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Plan {
    pub precision: Precision,
    pub gpu: String,
    pub gpus_per_replica: u32,
    /// Why this many: `memory` (the smallest that holds it), `measured`
    /// (the catalog's measured configuration), `latency` (a larger size to
    /// meet a latency limit).
    pub gpus_per_replica_from: String,
    pub replicas: u32,
    pub memory_gb: Memory,
    /// KV-cache bytes per token of a full-length layer set; null when unknown.
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub kv_bytes_per_token: Option<f64>,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub peak_input_tps: f64,
    #[serde(serialize_with = "crate::num::ser_num")]
    pub peak_output_tps: f64,
    /// Sequences in flight at peak across all replicas.
    #[serde(serialize_with = "crate::num::ser_num")]
    pub peak_concurrency: f64,
    /// Output tokens/s one replica sustains (measured row or roofline).
    #[serde(serialize_with = "crate::num::ser_opt_num")]
    pub replica_output_tps: Option<f64>,
    /// Busy share of the binding resource at average load.
    #[serde(serialize_with = "crate::num::ser_num")]
    pub utilization: f64,
    /// Busy share of the binding resource at peak.
    #[serde(serialize_with = "crate::num::ser_num")]
    pub peak_utilization: f64,
    pub bound: Bound,
    pub needs: Needs,
    /// Decode throughput: measured (a serving.md row) or estimated.
    pub basis: Basis,
    pub latency: Latency,
    /// The arithmetic, one line a step, for `--explain`.
    pub steps: Vec<String>,
    /// Figures it lacked or approximations it made.
    pub notes: Vec<String>,
}

/// Sizes `offering` of `model` on `gpu` for `load`, or says why it cannot
/// be deployed.
pub fn size(
    model: &Model,
    offering: &Offering,
    gpu: &Hardware,
    precision: Precision,
    load: &Load,
    k: &CapacityConstants,
    targets: Targets,
) -> Result<Plan, String> {
    let Targets {
        gpu_memory_utilization,
        target_utilization,
        explain,
    } = targets;
    let mut notes = Vec::new();
    let params = model.params_b.as_ref();
    let Some(total_b) = params.and_then(|p| p.total) else {
        return Err("parameter count unknown, so the weights' memory cannot be sized".to_owned());
    };
    let active_b = params.and_then(|p| p.active).or_else(|| {
        // A dense model computes with every parameter.
        model
            .architecture
            .as_ref()
            .is_some_and(|a| a.experts.is_none())
            .then_some(total_b)
    });
    let weights_gb = total_b * precision.bytes_per_param();
    let usable_gb = gpu.memory_gb * gpu_memory_utilization;
    let kv = model.architecture.as_ref().and_then(|a| {
        KvShape::of(a, k.kv_cache_precision.bytes_per_param())
            .map_err(|missing| {
                notes.push(format!(
                    "KV cache unknown: the architecture lacks {missing}; memory is sized for the weights alone"
                ))
            })
            .ok()
    });
    if model.architecture.is_none() {
        notes.push(
            "KV cache unknown: the catalog has no architecture for this model; memory is sized for the weights alone"
                .to_owned(),
        );
    }
    let full_seq_tokens = load.context_tokens.max(load.input_tokens) + load.output_tokens;
    let avg_seq_tokens = load.input_tokens + load.output_tokens;
    let full_seq_gb = kv.map(|s| s.bytes_per_sequence(full_seq_tokens) / GB);
    let fits = |tp: u32| {
        let available = f64::from(tp) * (usable_gb - k.runtime_overhead_gb_per_gpu) - weights_gb;
        available >= full_seq_gb.unwrap_or(0.0) && available > 0.0
    };
    let Some(tp_memory) = TP_SIZES.iter().copied().find(|&tp| fits(tp)) else {
        let need = weights_gb + full_seq_gb.unwrap_or(0.0) + 8.0 * k.runtime_overhead_gb_per_gpu;
        return Err(format!(
            "does not fit 8 × {}: the weights ({} GB at {}){} and runtime overhead need {} GB, above the {} GB usable",
            gpu.name,
            fmt_count(weights_gb.round()),
            crate::names::enum_name(&precision),
            full_seq_gb.map_or(String::new(), |g| format!(
                ", the KV cache of one {}-token sequence ({} GB)",
                fmt_count(full_seq_tokens),
                fmt_count(g.round())
            )),
            fmt_count(need.round()),
            fmt_count((8.0 * usable_gb).round())
        ));
    };
    let measured_tp = offering
        .gpus_per_replica
        .filter(|_| has_measurement(offering));
    let inputs = SizeInputs {
        offering,
        gpu,
        precision,
        load,
        k,
        usable_gb,
        target_utilization,
        weights_gb,
        active_b,
        kv,
        attention: model.architecture.as_ref().and_then(AttentionShape::of),
        full_seq_gb,
        avg_seq_tokens,
        measured_tp,
        thinking_tokens: model.speed.thinking_tokens(),
    };
    // Every size that holds the model is a candidate: a larger one shares
    // its weights across more GPUs and can need fewer GPUs in all. The
    // fewest GPUs that meet the latency limits wins, the smaller size on a tie.
    let mut best: Option<(Plan, &str)> = None;
    let mut first_miss = None;
    let gpus = |p: &Plan| u64::from(p.replicas) * u64::from(p.gpus_per_replica);
    for tp in TP_SIZES.iter().copied().filter(|&t| t >= tp_memory) {
        // A size of at least as many GPUs as the best plan's needs at
        // least as many in all: neither it nor a larger one can win.
        if best.as_ref().is_some_and(|(b, _)| u64::from(tp) >= gpus(b)) {
            break;
        }
        let from = if Some(tp) == measured_tp {
            "measured"
        } else if tp == tp_memory {
            "memory"
        } else if first_miss.is_some() {
            "latency"
        } else {
            "throughput"
        };
        // Sizes are compared on their figures; the arithmetic is written
        // out for the one kept (below).
        let plan = size_at(tp, from, inputs, notes.clone(), false);
        if let Some(miss) = latency_miss(&plan, load) {
            first_miss.get_or_insert(miss);
            continue;
        }
        if best.as_ref().is_none_or(|(b, _)| gpus(&plan) < gpus(b)) {
            best = Some((plan, from));
        }
    }
    match best {
        Some((plan, from)) if explain => {
            Ok(size_at(plan.gpus_per_replica, from, inputs, notes, true))
        }
        Some((plan, _)) => Ok(plan),
        None => Err(format!(
            "{} even on 8 × {} per replica",
            first_miss.unwrap_or_default(),
            gpu.name
        )),
    }
}

/// The arithmetic of a plan, written only when it is shown (`explain`):
/// sizes tried and discarded, and the decisions the levers run again,
/// need the figures alone.
struct Steps {
    on: bool,
    list: Vec<String>,
}

impl Steps {
    fn add(&mut self, step: impl FnOnce() -> String) {
        if self.on {
            self.list.push(step());
        }
    }
}

/// Whether the catalog measured this configuration's throughput.
fn has_measurement(o: &Offering) -> bool {
    !o.throughput.is_empty() || o.replica_output_tps.is_some()
}

/// The figures every tensor-parallel size shares.
#[derive(Clone, Copy)]
struct SizeInputs<'a> {
    offering: &'a Offering,
    gpu: &'a Hardware,
    precision: Precision,
    load: &'a Load,
    k: &'a CapacityConstants,
    usable_gb: f64,
    target_utilization: f64,
    weights_gb: f64,
    active_b: Option<f64>,
    kv: Option<KvShape>,
    attention: Option<AttentionShape>,
    full_seq_gb: Option<f64>,
    avg_seq_tokens: f64,
    measured_tp: Option<u32>,
    /// Thinking tokens a reasoning model streams before its answer.
    thinking_tokens: Option<f64>,
}

fn size_at(tp: u32, from: &str, x: SizeInputs<'_>, notes: Vec<String>, explain: bool) -> Plan {
    let SizeInputs {
        offering,
        gpu,
        precision,
        load,
        k,
        ..
    } = x;
    let tpf = f64::from(tp);
    let mut steps = Steps {
        on: explain,
        list: Vec::new(),
    };
    // Notes are words for the report, like the steps.
    let mut notes = Steps {
        on: explain,
        list: notes,
    };
    let overhead_gb = tpf * k.runtime_overhead_gb_per_gpu;
    let available_gb = tpf * x.usable_gb;
    let kv_room_gb = available_gb - overhead_gb - x.weights_gb;
    steps.add(|| format!(
        "memory: {tp} × {} GB × {} usable = {} GB; weights {} B params × {} B = {} GB; overhead {tp} × {} GB; KV room {} GB",
        fmt_num(gpu.memory_gb),
        fmt_num(x.usable_gb / gpu.memory_gb),
        fmt_num(available_gb),
        fmt_num(x.weights_gb / x.precision.bytes_per_param()),
        fmt_num(precision.bytes_per_param()),
        fmt_num(x.weights_gb),
        fmt_num(k.runtime_overhead_gb_per_gpu),
        fmt_num(kv_room_gb),
    ));
    if let (Some(s), Some(full)) = (x.kv, x.full_seq_gb) {
        steps.add(|| {
            format!(
                "KV cache: {} bytes/token ({}); one full {}-token sequence {} GB",
                fmt_count(s.per_token),
                s.formula,
                fmt_count(load.context_tokens.max(load.input_tokens) + load.output_tokens),
                fmt_num(full)
            )
        });
    }

    // Compute: dense peak at the precision (weights below the GPU's native
    // precisions are computed at BF16).
    let (tflops, compute_precision) = gpu_tflops(gpu, precision);
    // FLOPs per prompt token: 2 × active parameters for the matmuls, plus
    // attention over the earlier tokens (architectures.md §4: ≈ 4·S·T·D·L,
    // T ≈ S/2 under the causal mask, windowed layers capped).
    let attention_per_token = x.attention.map(|a| a.flops_per_token(load.input_tokens));
    if x.attention.is_none() {
        notes.add(|| {
            "attention FLOPs not counted in prefill: the architecture lacks layers or hidden_size"
                .to_owned()
        });
    }
    let prefill_capacity = match (tflops, x.active_b) {
        (Some(t), Some(active)) => Some(
            tpf * t * 1e12 * k.prefill_mfu
                / (2.0 * active * 1e9 + attention_per_token.unwrap_or(0.0)),
        ),
        _ => None,
    };
    if tflops.is_none() {
        notes.add(|| format!(
            "{} has no dense TFLOPS in the catalog: prefill capacity and time to first token unknown",
            gpu.name
        ));
    } else if x.active_b.is_none() {
        notes.add(|| {
            "active parameter count unknown: prefill capacity and time to first token unknown"
                .to_owned()
        });
    }
    let peak_input_tps = load.peak_rps * load.input_tokens;
    let peak_output_tps = load.peak_rps * load.output_tokens;
    let mean_input_tps = load.mean_rps * load.input_tokens;
    let mean_output_tps = load.mean_rps * load.output_tokens;
    if let (Some(cap), Some(t)) = (prefill_capacity, tflops) {
        steps.add(|| format!(
            "prefill: {tp} × {} TFLOPS ({}) × MFU {} ÷ (2 × {} B active{}) = {} input tokens/s per replica; peak needs {}",
            fmt_count(t),
            crate::names::enum_name(&compute_precision),
            fmt_num(k.prefill_mfu),
            fmt_num(x.active_b.unwrap_or(0.0)),
            attention_per_token.map_or(String::new(), |f| format!(
                " + attention {} GFLOPs/token",
                fmt_num(f / 1e9)
            )),
            fmt_count(cap.round()),
            fmt_count(peak_input_tps.round())
        ));
    }

    // Decode: the measured row closest to the workload, else the roofline.
    let measured = closest_row(offering, load, k).map(|(row_tps, tpot, what, row_input)| {
        let scale = x.measured_tp.map_or(1.0, |m| tpf / f64::from(m));
        // The benchmark's sequences in flight (tokens/s × TPOT), scaled
        // with the GPUs like its throughput; the engine's cap without TPOT.
        let batch = tpot.map_or(k.max_batch_sequences, |t| row_tps * t / 1000.0) * scale;
        (
            row_tps * scale,
            tpot.filter(|_| scale == 1.0),
            what,
            scale,
            row_input,
            batch,
        )
    });
    let batch_limit = |kv_room: f64| -> f64 {
        match x.kv {
            Some(s) => (kv_room * GB / s.bytes_per_sequence(x.avg_seq_tokens))
                .floor()
                .clamp(1.0, k.max_batch_sequences),
            None => k.max_batch_sequences,
        }
    };
    let max_batch = batch_limit(kv_room_gb);
    // Sequences the KV cache holds, before the engine's own batch cap.
    let kv_batch = x.kv.map_or(f64::INFINITY, |s| {
        (kv_room_gb * GB / s.bytes_per_sequence(x.avg_seq_tokens))
            .floor()
            .max(1.0)
    });
    let roofline = Roofline {
        gpu,
        tp: tpf,
        precision,
        k,
        total_b: x.weights_gb / precision.bytes_per_param(),
        active_b: x.active_b,
        kv: x.kv,
        tflops,
        seq_tokens: load.input_tokens + load.output_tokens / 2.0,
    };
    let mut kv_limited = false;
    let (replica_tps, basis) = match measured {
        Some((tps, _, what, scale, _, _)) => {
            steps.add(|| if scale == 1.0 {
                format!("decode: measured {} output tokens/s per replica ({what})", fmt_count(tps.round()))
            } else {
                notes.add(|| format!(
                    "throughput measured at {} GPUs per replica, scaled linearly to {tp}",
                    x.measured_tp.unwrap_or(tp)
                ));
                format!(
                    "decode: measured {what}, scaled × {} to {tp} GPUs = {} output tokens/s per replica",
                    fmt_num(scale),
                    fmt_count(tps.round())
                )
            });
            // A measurement on shorter sequences cannot hold when the KV
            // cache admits fewer sequences than the benchmark ran at once
            // (its tokens/s × TPOT, Little's law; the engine's batch cap when
            // no TPOT is given): it scales with the sequences that fit.
            let benchmark_batch = measured.as_ref().map_or(k.max_batch_sequences, |m| m.5);
            if kv_batch < benchmark_batch {
                let capped = tps * kv_batch / benchmark_batch;
                notes.add(|| format!(
                    "only {} sequence(s) of this length fit the KV cache, against about {} in the benchmark: decode scaled to {} output tokens/s",
                    fmt_count(kv_batch),
                    fmt_count(benchmark_batch.round()),
                    fmt_count(capped.round())
                ));
                kv_limited = true;
                (Some(capped), Basis::Estimated)
            } else {
                (Some(tps), Basis::Measured)
            }
        }
        None => match roofline.aggregate_tps(max_batch) {
            Some(tps) => {
                kv_limited = max_batch < k.max_batch_sequences;
                steps.add(|| format!(
                    "decode: roofline at batch {} = {} output tokens/s per replica (bandwidth {} TB/s × {tp} × efficiency {})",
                    fmt_count(max_batch),
                    fmt_count(tps.round()),
                    fmt_num(gpu.memory_bandwidth_tbs.unwrap_or(0.0)),
                    fmt_num(k.decode_bandwidth_efficiency)
                ));
                (Some(tps), Basis::Estimated)
            }
            None => {
                notes.add(||
                    "decode throughput unknown: no measured row and no bandwidth or active-parameter figure for a roofline"
                        .to_owned(),
                );
                (None, Basis::Unknown)
            }
        },
    };
    if let Some((_, _, _, _, row_input, _)) = &measured
        && load.input_tokens > 2.0 * row_input
    {
        notes.add(|| format!(
            "the closest measured row has {}-token prompts, far shorter than {}: its decode rate is optimistic; prefill is sized separately",
            fmt_count(row_input.round()),
            fmt_count(load.input_tokens.round())
        ));
    }

    // Per-sequence speed, for latency and concurrency.
    let seq_tps_measured = measured.as_ref().and_then(|m| m.1).map(|t| 1000.0 / t);
    let seq_tps_estimated = |batch: f64| roofline.step_seconds(batch).map(|s| 1.0 / s);
    let prefill_seconds = prefill_capacity.map(|cap| load.input_tokens / cap);

    // Replicas each bound needs at peak (fractional).
    let per_replica = |capacity: f64| capacity * x.target_utilization;
    let prefill_need = prefill_capacity.map(|cap| peak_input_tps / per_replica(cap));
    let decode_need = replica_tps.map(|tps| peak_output_tps / per_replica(tps));
    // Concurrency: peak arrivals × request duration (Little's law), with the
    // speed of one sequence at the batch each replica would run.
    let first_replicas = prefill_need
        .into_iter()
        .chain(decode_need)
        .fold(1.0_f64, f64::max)
        .ceil();
    // A TPOT measured under burst load is a floor on one sequence's speed;
    // at this workload's batch the roofline may be faster.
    let seq_speed = |batch: f64| -> (Option<f64>, bool) {
        match (seq_tps_estimated(batch), seq_tps_measured) {
            (Some(e), Some(m)) if m >= e => (Some(m), true),
            (Some(e), _) => (Some(e), false),
            (None, m) => (m, m.is_some()),
        }
    };
    let seq_tps_first = seq_speed(1.0).0;
    let duration = |seq_tps: Option<f64>| {
        prefill_seconds.unwrap_or(0.0) + seq_tps.map_or(0.0, |t| load.output_tokens / t)
    };
    let concurrency_first = load.peak_rps * duration(seq_tps_first);
    let batch = (concurrency_first / first_replicas).clamp(1.0, max_batch);
    let (seq_tps, seq_measured) = seq_speed(batch);
    let peak_concurrency = load.peak_rps * duration(seq_tps);
    let memory_need = match (x.kv, kv_room_gb > 0.0) {
        (Some(s), true) => {
            let peak_kv = peak_concurrency * s.bytes_per_sequence(x.avg_seq_tokens) / GB;
            let room = kv_room_gb;
            Some(peak_kv / room / x.target_utilization.max(0.5))
        }
        _ => None,
    };
    // A time-to-first-token limit also bounds queueing: with M/M/1 waiting,
    // TTFT = service / (1 − ρ), so ρ ≤ 1 − service / limit.
    let latency_prefill_need = match (load.ttft_ms, prefill_capacity, prefill_seconds) {
        (Some(limit), Some(cap), Some(service)) if service * 1000.0 < limit => {
            let rho_max = (1.0 - service * 1000.0 / limit).min(x.target_utilization);
            Some(peak_input_tps / (cap * rho_max))
        }
        _ => None,
    };
    let prefill_need = match (prefill_need, latency_prefill_need) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let needs = Needs {
        memory: memory_need.map(|v| round_to(v, 4)),
        prefill: prefill_need.map(|v| round_to(v, 4)),
        decode: decode_need.map(|v| round_to(v, 4)),
    };
    // Decode held back by the KV cache's room for sequences is a memory bound.
    let decode_bound = if kv_limited {
        Bound::Memory
    } else {
        Bound::Decode
    };
    let (bound, need) = [
        (decode_bound, decode_need),
        (Bound::Prefill, prefill_need),
        (Bound::Memory, memory_need),
    ]
    .into_iter()
    .filter_map(|(b, n)| n.map(|n| (b, n)))
    .fold(
        (Bound::Memory, 0.0),
        |best, (b, n)| if n > best.1 { (b, n) } else { best },
    );
    let replicas_f = need.ceil().max(1.0);
    let replicas = if replicas_f > f64::from(u32::MAX) {
        u32::MAX
    } else {
        replicas_f as u32
    };
    let r = f64::from(replicas);
    steps.add(|| format!(
        "replicas at peak (target {}% busy): memory {}, prefill {}, decode {} → {replicas}, bound by {}",
        fmt_count(x.target_utilization * 100.0),
        fmt_need(memory_need),
        fmt_need(prefill_need),
        fmt_need(decode_need),
        bound_name(bound)
    ));
    // Utilisation of the binding resource at average and at peak load.
    let busy = |input_tps: f64, output_tps: f64, concurrency: f64| -> f64 {
        let prefill = prefill_capacity.map(|cap| input_tps / (r * cap));
        let decode = replica_tps.map(|tps| output_tps / (r * tps));
        let memory = x.kv.map(|s| {
            concurrency * s.bytes_per_sequence(x.avg_seq_tokens) / GB / (r * kv_room_gb.max(1e-9))
        });
        [prefill, decode, memory]
            .into_iter()
            .flatten()
            .fold(0.0, f64::max)
    };
    let mean_concurrency = load.mean_rps * duration(seq_tps);
    let utilization = busy(mean_input_tps, mean_output_tps, mean_concurrency);
    let peak_compute = [
        prefill_capacity.map(|cap| peak_input_tps / (r * cap)),
        replica_tps.map(|tps| peak_output_tps / (r * tps)),
    ]
    .into_iter()
    .flatten()
    .fold(0.0, f64::max);
    let peak_utilization = busy(peak_input_tps, peak_output_tps, peak_concurrency);

    // Time to first token: prefill of one average prompt, queued at the
    // peak's compute utilisation.
    let ttft_ms = prefill_seconds.map(|service| {
        let rho = peak_compute.min(0.99);
        service / (1.0 - rho) * 1000.0
    });
    if let (Some(t), Some(service)) = (ttft_ms, prefill_seconds) {
        steps.add(|| format!(
            "time to first token: {} input tokens ÷ {} tokens/s = {} ms, ÷ (1 − {}% busy at peak) = {} ms",
            fmt_count(load.input_tokens),
            fmt_count(prefill_capacity.unwrap_or(0.0).round()),
            fmt_num(service * 1000.0),
            fmt_count((peak_compute.min(0.99) * 100.0).round()),
            fmt_count(t.round())
        ));
    }
    // A reasoning model streams its thinking first: the user waits for the
    // first answer token (model-benchmarks.md §6).
    let thinking = x.thinking_tokens;
    let first_answer_ms = match (ttft_ms, thinking, seq_tps) {
        (Some(t), Some(n), Some(tps)) if tps > 0.0 => Some(t + n / tps * 1000.0),
        _ => None,
    };
    if let (Some(f), Some(n), Some(tps)) = (first_answer_ms, thinking, seq_tps) {
        steps.add(|| format!(
            "first answer token: {} ms + {} thinking tokens ÷ {} tokens/s per sequence = {} ms (thinking from the catalog's API figures: (first answer − first token) × output speed)",
            fmt_count(ttft_ms.unwrap_or(0.0).round()),
            fmt_count(n.round()),
            fmt_num(tps),
            fmt_count(f.round())
        ));
        notes.add(|| format!(
            "a reasoning model: about {} thinking tokens come before each answer; they are not counted in the decode load or the token bill (set volume.output_tokens to include them if your deployment reasons at this length)",
            fmt_count(n.round())
        ));
    }
    let latency_basis = if ttft_ms.is_none() && seq_tps.is_none() {
        Basis::Unknown
    } else if seq_measured && ttft_ms.is_none() {
        Basis::Measured
    } else {
        Basis::Estimated
    };
    let kv_gb = x.kv.map(|s| {
        let per_replica_peak = peak_concurrency / r * s.bytes_per_sequence(x.avg_seq_tokens) / GB;
        per_replica_peak
            .max(x.full_seq_gb.unwrap_or(0.0))
            .min(kv_room_gb.max(0.0))
    });
    Plan {
        precision,
        gpu: gpu.id.clone(),
        gpus_per_replica: tp,
        gpus_per_replica_from: from.to_owned(),
        replicas,
        memory_gb: Memory {
            weights: round_to(x.weights_gb, 1),
            kv_cache: kv_gb.map(|g| round_to(g, 1)),
            overhead: round_to(overhead_gb, 1),
            total: round_to(x.weights_gb + overhead_gb + kv_gb.unwrap_or(0.0), 1),
            available: round_to(available_gb, 1),
        },
        kv_bytes_per_token: x.kv.map(|s| s.per_token),
        peak_input_tps: round_to(peak_input_tps, 2),
        peak_output_tps: round_to(peak_output_tps, 2),
        peak_concurrency: round_to(peak_concurrency, 2),
        replica_output_tps: replica_tps.map(|t| round_to(t, 1)),
        utilization: round_to(utilization, 4),
        peak_utilization: round_to(peak_utilization, 4),
        bound,
        needs,
        basis,
        latency: Latency {
            ttft_ms: ttft_ms.map(|t| round_to(t, 0)),
            first_answer_ms: first_answer_ms.map(|t| round_to(t, 0)),
            thinking_tokens: first_answer_ms.and(thinking).map(|t| round_to(t, 0)),
            output_tps: seq_tps.map(|t| round_to(t, 1)),
            basis: latency_basis,
        },
        steps: steps.list,
        notes: notes.list,
    }
}

/// The first latency limit `plan` misses, said in words.
fn latency_miss(plan: &Plan, load: &Load) -> Option<String> {
    if let Some(limit) = load.ttft_ms
        && let Some(answer) = plan.latency.first_answer_ms
        && answer > limit
    {
        return Some(format!(
            "estimated time to the first answer token {} ms ({} thinking tokens first) exceeds the {} ms allowed",
            fmt_count(answer),
            fmt_count(plan.latency.thinking_tokens.unwrap_or(0.0)),
            fmt_count(limit)
        ));
    }
    if let Some(limit) = load.ttft_ms {
        match plan.latency.ttft_ms {
            None => {
                return Some(format!(
                    "time to first token cannot be estimated (see notes), so the {} ms limit cannot be shown to hold",
                    fmt_count(limit)
                ));
            }
            Some(t) if t > limit => {
                return Some(format!(
                    "estimated time to first token {} ms exceeds the {} ms allowed",
                    fmt_count(t),
                    fmt_count(limit)
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(min) = load.output_tps {
        match plan.latency.output_tps {
            None => {
                return Some(format!(
                    "output speed of one sequence unknown, so the {} tokens/s minimum cannot be shown to hold",
                    fmt_count(min)
                ));
            }
            Some(t) if t < min => {
                return Some(format!(
                    "output speed of one sequence {} tokens/s ({}) is below the {} required",
                    fmt_num(t),
                    basis_name(plan.latency.basis),
                    fmt_count(min)
                ));
            }
            Some(_) => {}
        }
    }
    None
}

/// The measured row closest to the workload's lengths (in log distance of
/// input and output tokens): (output tokens/s, TPOT ms, description, its
/// input tokens). A legacy `replica_output_tps` figure counts as a row of
/// the assumed benchmark's input length (`legacy_row_input_tokens`).
fn closest_row<'o>(
    o: &'o Offering,
    load: &Load,
    k: &CapacityConstants,
) -> Option<(f64, Option<f64>, MeasuredRow<'o>, f64)> {
    let d = |a: f64, b: f64| (a.max(1.0).ln() - b.max(1.0).ln()).abs();
    if let Some(row) = o.throughput.iter().min_by(|a, b| {
        let da = d(a.input_tokens, load.input_tokens) + d(a.output_tokens, load.output_tokens);
        let db = d(b.input_tokens, load.input_tokens) + d(b.output_tokens, load.output_tokens);
        da.total_cmp(&db)
    }) {
        return Some((
            row.output_tps,
            row.tpot_ms,
            MeasuredRow::Row(row),
            row.input_tokens,
        ));
    }
    o.replica_output_tps
        .map(|t| (t, None, MeasuredRow::Legacy, k.legacy_row_input_tokens))
}

/// The measurement a replica's throughput comes from.
#[derive(Debug, Clone, Copy)]
enum MeasuredRow<'o> {
    Row(&'o crate::catalog::ThroughputRow),
    /// `replica_output_tps` alone, without the workload's lengths.
    Legacy,
}

impl std::fmt::Display for MeasuredRow<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MeasuredRow::Row(row) => write!(
                f,
                "row {} in / {} out",
                fmt_count(row.input_tokens),
                fmt_count(row.output_tokens)
            ),
            MeasuredRow::Legacy => f.write_str("workload lengths not given"),
        }
    }
}

/// Dense TFLOPS of `gpu` for weights at `precision`, and the precision it
/// computes at: FP8/FP4 on hardware that has them, else BF16 (weight-only
/// quantisation dequantises to BF16).
fn gpu_tflops(gpu: &Hardware, precision: Precision) -> (Option<f64>, Precision) {
    let native = match precision {
        Precision::Fp8 => gpu.fp8_tflops.map(|t| (t, Precision::Fp8)),
        Precision::Fp4 => gpu
            .fp4_tflops
            .map(|t| (t, Precision::Fp4))
            .or(gpu.fp8_tflops.map(|t| (t, Precision::Fp8))),
        Precision::Bf16 | Precision::Int4 => None,
    };
    match native {
        Some((t, p)) => (Some(t), p),
        None => (gpu.bf16_tflops, Precision::Bf16),
    }
}

/// Decode on the memory-bandwidth roofline.
struct Roofline<'a> {
    gpu: &'a Hardware,
    tp: f64,
    precision: Precision,
    k: &'a CapacityConstants,
    total_b: f64,
    active_b: Option<f64>,
    kv: Option<KvShape>,
    tflops: Option<f64>,
    /// Mean sequence length while decoding.
    seq_tokens: f64,
}

impl Roofline<'_> {
    /// Seconds per decode step at `batch` sequences: weights read once per
    /// step (a MoE reads at most its active experts per sequence), each
    /// sequence's KV read, against bandwidth × efficiency; or the FLOPs,
    /// whichever is slower.
    fn step_seconds(&self, batch: f64) -> Option<f64> {
        let bw =
            self.gpu.memory_bandwidth_tbs? * 1e12 * self.tp * self.k.decode_bandwidth_efficiency;
        let active = self.active_b?;
        let bytes = self.precision.bytes_per_param() * 1e9;
        let weights = (active * batch).min(self.total_b) * bytes;
        let kv = self
            .kv
            .map_or(0.0, |s| s.bytes_per_sequence(self.seq_tokens))
            * batch;
        let memory = (weights + kv) / bw;
        let compute = self.tflops.map_or(0.0, |t| {
            2.0 * active * 1e9 * batch / (t * 1e12 * self.tp * self.k.prefill_mfu)
        });
        Some(memory.max(compute))
    }

    fn aggregate_tps(&self, batch: f64) -> Option<f64> {
        self.step_seconds(batch).map(|s| batch / s)
    }
}

/// What attention costs in FLOPs: model width and the full and windowed
/// layers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttentionShape {
    pub hidden_size: f64,
    pub full_layers: f64,
    pub windowed_layers: f64,
    pub window: f64,
}

impl AttentionShape {
    pub fn of(a: &Architecture) -> Option<AttentionShape> {
        let layers = f64::from(a.kv_layers.or(a.layers)?);
        let windowed = f64::from(a.sliding_window_layers.unwrap_or(0));
        Some(AttentionShape {
            hidden_size: f64::from(a.hidden_size?),
            full_layers: (layers - windowed).max(0.0),
            windowed_layers: windowed,
            window: a.sliding_window.map_or(0.0, |w| w as f64),
        })
    }

    /// Mean attention FLOPs per token of a prompt of `tokens` tokens.
    pub fn flops_per_token(&self, tokens: f64) -> f64 {
        let span = tokens / 2.0;
        4.0 * self.hidden_size
            * (self.full_layers * span + self.windowed_layers * span.min(self.window))
    }
}

/// KV-cache bytes of a model: per token of the full-length layers, and the
/// capped windowed layers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KvShape {
    /// Bytes per token of the layers that keep the whole context.
    pub per_token: f64,
    /// Bytes per token of the windowed layers, and their window.
    pub windowed_per_token: f64,
    pub window: f64,
    pub formula: &'static str,
}

impl KvShape {
    /// The shape of `a` at `bytes` per cached element, or the names of the
    /// figures it lacks.
    pub fn of(a: &Architecture, bytes: f64) -> Result<KvShape, String> {
        let mut missing: Vec<&str> = Vec::new();
        let need = |name: &'static str, v: Option<u32>, missing: &mut Vec<&str>| {
            if v.is_none() {
                missing.push(name);
            }
            f64::from(v.unwrap_or(0))
        };
        let layers = need("layers", a.kv_layers.or(a.layers), &mut missing);
        let windowed = f64::from(a.sliding_window_layers.unwrap_or(0));
        let window = a.sliding_window.map_or(0.0, |w| w as f64);
        let shape = match a.attention {
            None => {
                missing.push("attention");
                None
            }
            Some(AttentionKind::Mla) => {
                let rank = need("kv_lora_rank", a.kv_lora_rank, &mut missing);
                let rope = need("qk_rope_head_dim", a.qk_rope_head_dim, &mut missing);
                Some(KvShape {
                    per_token: layers * (rank + rope) * bytes,
                    windowed_per_token: 0.0,
                    window: 0.0,
                    formula: "layers × (kv_lora_rank + qk_rope_head_dim) × bytes",
                })
            }
            Some(AttentionKind::Mha | AttentionKind::Gqa) => {
                let heads = need("kv_heads", a.kv_heads, &mut missing);
                let dim = need("head_dim", a.head_dim, &mut missing);
                let w_heads = f64::from(a.sliding_kv_heads.unwrap_or(a.kv_heads.unwrap_or(0)));
                let w_dim = f64::from(a.sliding_head_dim.unwrap_or(a.head_dim.unwrap_or(0)));
                Some(KvShape {
                    per_token: 2.0 * (layers - windowed).max(0.0) * heads * dim * bytes,
                    windowed_per_token: 2.0 * windowed * w_heads * w_dim * bytes,
                    window,
                    formula: "2 × full layers × kv_heads × head_dim × bytes, windowed layers capped",
                })
            }
        };
        match shape {
            Some(s) if missing.is_empty() => Ok(s),
            _ => Err(missing.join(", ")),
        }
    }

    /// Bytes one sequence of `tokens` holds.
    pub fn bytes_per_sequence(&self, tokens: f64) -> f64 {
        self.per_token * tokens + self.windowed_per_token * tokens.min(self.window)
    }
}

fn fmt_need(n: Option<f64>) -> String {
    n.map_or_else(|| "unknown".to_owned(), fmt_num)
}

fn fmt_num(v: f64) -> String {
    crate::num::fmt_num(v)
}

pub fn bound_name(b: Bound) -> &'static str {
    match b {
        Bound::Memory => "memory",
        Bound::Prefill => "prefill",
        Bound::Decode => "decode",
    }
}

pub fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Measured => "measured",
        Basis::Estimated => "estimated",
        Basis::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    const TARGETS: Targets = Targets {
        gpu_memory_utilization: 0.9,
        target_utilization: 0.6,
        explain: true,
    };

    fn constants() -> CapacityConstants {
        CapacityConstants {
            prefill_mfu: 0.25,
            decode_bandwidth_efficiency: 0.4,
            runtime_overhead_gb_per_gpu: 8.0,
            kv_cache_precision: Precision::Bf16,
            max_batch_sequences: 256.0,
            legacy_row_input_tokens: 215.0,
        }
    }

    fn kv_of(catalog: &Catalog, id: &str) -> f64 {
        let m = catalog.models.iter().find(|m| m.id == id).unwrap();
        KvShape::of(m.architecture.as_ref().unwrap(), 2.0)
            .unwrap()
            .per_token
    }

    /// architectures.md §3: bf16 bytes per token of the full-length layers.
    #[test]
    fn kv_bytes_per_token_match_the_data() {
        let c = Catalog::embedded().unwrap();
        assert_eq!(kv_of(&c, "gpt-oss-120b"), 36_864.0); // 2 × 18 × 8 × 64 × 2
        assert_eq!(kv_of(&c, "llama-4-scout"), 49_152.0); // 2 × 12 × 8 × 128 × 2
        assert_eq!(kv_of(&c, "deepseek-v3.2"), 70_272.0); // 61 × (512 + 64) × 2
        assert_eq!(kv_of(&c, "qwen3-32b"), 262_144.0); // 2 × 64 × 8 × 128 × 2
        // Windowed layers are capped: Scout's 36 chunked layers hold at most
        // 8,192 tokens (1,152 MiB per sequence, architectures.md §3a).
        let m = c.models.iter().find(|m| m.id == "llama-4-scout").unwrap();
        let s = KvShape::of(m.architecture.as_ref().unwrap(), 2.0).unwrap();
        let capped = s.bytes_per_sequence(1e6) - 49_152.0 * 1e6;
        assert_eq!(capped, 2.0 * 36.0 * 8.0 * 128.0 * 2.0 * 8192.0);
        assert_eq!(capped / 1024.0 / 1024.0, 1152.0);
    }

    #[test]
    fn missing_figures_are_named() {
        let a = Architecture {
            layers: Some(10),
            attention: Some(AttentionKind::Mla),
            ..Default::default()
        };
        assert_eq!(
            KvShape::of(&a, 2.0).unwrap_err(),
            "kv_lora_rank, qk_rope_head_dim"
        );
    }

    fn gpu() -> Hardware {
        serde_json::from_value(serde_json::json!({
            "id": "g", "name": "G", "memory_gb": 80, "usd_per_gpu_hour": 2.0,
            "memory_bandwidth_tbs": 3.35, "bf16_tflops": 989, "fp8_tflops": 1979,
        }))
        .unwrap()
    }

    fn dense_model() -> Model {
        // A 32B dense GQA model: Qwen3-32B's shape (architectures.md §1).
        serde_json::from_value(serde_json::json!({
            "id": "m", "name": "m", "provider": "p", "weights": "open",
            "params_b": { "total": 32.0, "active": 32.0 },
            "modalities": { "input": ["text"], "output": ["text"] },
            "architecture": { "layers": 64, "hidden_size": 5120, "attention_heads": 64,
                "kv_heads": 8, "head_dim": 128, "attention": "gqa" },
        }))
        .unwrap()
    }

    fn offering(throughput: serde_json::Value, gpus: Option<u32>) -> Offering {
        serde_json::from_value(serde_json::json!({
            "kind": "self-hosted", "gpu": "g", "precision": "fp8",
            "gpus_per_replica": gpus, "throughput": throughput,
        }))
        .unwrap()
    }

    fn load(peak_rps: f64, input: f64, output: f64, context: f64) -> Load {
        Load {
            mean_rps: peak_rps / 4.0,
            peak_rps,
            input_tokens: input,
            output_tokens: output,
            context_tokens: context,
            ttft_ms: None,
            output_tps: None,
        }
    }

    fn plan(o: &Offering, l: &Load) -> Result<Plan, String> {
        size(
            &dense_model(),
            o,
            &gpu(),
            Precision::Fp8,
            l,
            &constants(),
            TARGETS,
        )
    }

    #[test]
    fn prefill_bound_by_hand() {
        // 50 rps × 4,000 input tokens = 200,000 tokens/s. One GPU prefills
        // 1,979e12 × 0.25 / (2 × 32e9 + attention) tokens/s; attention at
        // 4,000 tokens: 4 × 5,120 × 64 × 2,000 = 2.62 GFLOPs per token.
        let o = offering(serde_json::json!([]), None);
        let p = plan(&o, &load(50.0, 4000.0, 10.0, 8000.0)).unwrap();
        assert_eq!(p.bound, Bound::Prefill);
        let per_gpu = 1979e12 * 0.25 / (2.0 * 32e9 + 4.0 * 5120.0 * 64.0 * 2000.0);
        assert_eq!(p.gpus_per_replica, 1);
        let expected = (200_000.0_f64 / (per_gpu * 0.6)).ceil() as u32;
        assert_eq!(p.replicas, expected);
        // The property of the issue: GPUs ≥ 2 × active × peak input / (peak × MFU).
        let floor = 2.0 * 32e9 * 200_000.0 / (1979e12 * 0.25);
        assert!(f64::from(p.replicas * p.gpus_per_replica) >= floor);
    }

    #[test]
    fn decode_bound_on_a_measured_row() {
        // Short prompts, long answers: 20 rps × 2,000 output tokens = 40,000
        // tokens/s against a measured 2,060 tokens/s replica at 60%.
        let o = offering(
            serde_json::json!([{ "input_tokens": 215, "output_tokens": 196, "output_tps": 2060, "tpot_ms": 159 }]),
            Some(1),
        );
        // 20 rps × 200 output tokens = 4,000 tokens/s ÷ (2,060 × 0.6) → 4.
        let p = plan(&o, &load(20.0, 100.0, 200.0, 4000.0)).unwrap();
        assert_eq!(p.bound, Bound::Decode);
        assert_eq!(p.basis, Basis::Measured);
        assert_eq!(p.replicas, (4_000.0_f64 / (2060.0 * 0.6)).ceil() as u32);
    }

    #[test]
    fn memory_bound_with_long_answers() {
        // 2,100-token sequences hold 2,100 × 262,144 B = 0.55 GB of KV each;
        // one 80 GB GPU has 72 − 8 − 32 = 32 GB of room: 58 sequences, not
        // the 327 the benchmark ran (2,060 tokens/s × 159 ms), so decode
        // scales to 2,060 × 58 / 327.5 and the KV cache binds.
        let o = offering(
            serde_json::json!([{ "input_tokens": 215, "output_tokens": 196, "output_tps": 2060, "tpot_ms": 159 }]),
            Some(1),
        );
        let p = plan(&o, &load(20.0, 100.0, 2000.0, 4000.0)).unwrap();
        assert_eq!(p.bound, Bound::Memory);
        assert_eq!(p.basis, Basis::Estimated);
        // At TP n the KV room is n × 64 − 32 GB and the benchmark's batch
        // and throughput scale by n.
        let n = f64::from(p.gpus_per_replica);
        let batch = ((n * 64.0 - 32.0) * 1e9 / (2100.0 * 262_144.0)).floor();
        let capped = 2060.0 * n * batch / (2060.0 * 0.159 * n);
        assert_eq!(p.replica_output_tps, Some(round_to(capped, 1)));
        assert_eq!(p.replicas, (40_000.0 / (capped * 0.6)).ceil() as u32);
        // The larger size was chosen because it needs fewer GPUs in all.
        assert_eq!(
            p.gpus_per_replica_from,
            if n > 1.0 { "throughput" } else { "measured" }
        );
    }

    #[test]
    fn a_sequence_that_fits_nowhere_is_not_a_deployment() {
        // One 2M-token sequence needs 524 GB of KV: more than 8 GPUs hold.
        let o = offering(serde_json::json!([]), None);
        let err = plan(&o, &load(0.1, 2_000_000.0, 100.0, 2_000_000.0)).unwrap_err();
        assert!(err.contains("does not fit 8 × G"), "{err}");
        assert!(err.contains("KV cache of one"), "{err}");
    }

    #[test]
    fn a_latency_limit_grows_the_replica_or_excludes() {
        let o = offering(serde_json::json!([]), None);
        let mut l = load(1.0, 8000.0, 100.0, 16_000.0);
        let free = plan(&o, &l).unwrap();
        l.ttft_ms = Some(free.latency.ttft_ms.unwrap() / 3.0);
        let tight = plan(&o, &l).unwrap();
        assert!(tight.gpus_per_replica > free.gpus_per_replica);
        assert_eq!(tight.gpus_per_replica_from, "latency");
        assert!(tight.latency.ttft_ms.unwrap() <= l.ttft_ms.unwrap());
        l.ttft_ms = Some(1.0);
        let err = plan(&o, &l).unwrap_err();
        assert!(err.contains("exceeds the 1 ms allowed"), "{err}");
    }

    #[test]
    fn a_reasoning_model_waits_for_its_thinking() {
        // gpt-oss-120b's API figures: first token 0.90 s, first answer
        // 8.28 s at 271 tokens/s: (8.28 − 0.90) × 271 = 2,000 thinking tokens.
        let mut m = dense_model();
        m.speed = serde_json::from_value(serde_json::json!({
            "output_tps": 271, "ttft_ms": 8280, "first_token_ms": 900 }))
        .unwrap();
        let thinking = m.speed.thinking_tokens().unwrap();
        assert!((thinking - 1999.98).abs() < 0.01, "{thinking}");
        let o = offering(serde_json::json!([]), None);
        let mut l = load(1.0, 2000.0, 100.0, 8000.0);
        let p = size(&m, &o, &gpu(), Precision::Fp8, &l, &constants(), TARGETS).unwrap();
        let (ttft, tps) = (p.latency.ttft_ms.unwrap(), p.latency.output_tps.unwrap());
        let answer = p.latency.first_answer_ms.unwrap();
        // The reported speed is rounded to 0.1 tokens/s.
        let expected = ttft + 2000.0 / tps * 1000.0;
        assert!((answer - expected).abs() / expected < 0.005, "{p:?}");
        assert_eq!(p.latency.thinking_tokens, Some(2000.0));
        // The limit applies to the first answer token: a limit above the
        // first token but below the answer grows the replica (faster
        // decode) until the answer comes in time ...
        l.ttft_ms = Some((ttft + answer) / 2.0);
        let grown = size(&m, &o, &gpu(), Precision::Fp8, &l, &constants(), TARGETS).unwrap();
        assert_eq!(grown.gpus_per_replica_from, "latency");
        assert!(grown.latency.first_answer_ms.unwrap() <= l.ttft_ms.unwrap());
        // ... and one no size meets excludes the deployment, saying why.
        l.ttft_ms = Some(2.0 * ttft);
        let err = size(&m, &o, &gpu(), Precision::Fp8, &l, &constants(), TARGETS);
        assert!(
            err.as_ref()
                .is_err_and(|e| e.contains("first answer token")),
            "{err:?}"
        );
        // A model without a thinking figure has no first-answer estimate.
        let plain = plan(&o, &load(1.0, 2000.0, 100.0, 8000.0)).unwrap();
        assert_eq!(plain.latency.first_answer_ms, None);
    }

    #[test]
    fn the_closest_measured_row_is_used() {
        let o = offering(
            serde_json::json!([
                { "input_tokens": 128, "output_tokens": 2048, "output_tps": 15000 },
                { "input_tokens": 5000, "output_tokens": 500, "output_tps": 3000 },
            ]),
            Some(1),
        );
        let row = |input, output| {
            closest_row(&o, &load(1.0, input, output, 8000.0), &constants())
                .unwrap()
                .0
        };
        assert_eq!(row(4000.0, 400.0), 3000.0);
        assert_eq!(row(200.0, 1500.0), 15000.0);
    }

    /// For each measured configuration the catalog carries, the smallest
    /// tensor-parallel size the memory model allows at the benchmark's own
    /// lengths is the measured one or one step away.
    #[test]
    fn measured_configurations_are_within_one_tp_step() {
        let c = Catalog::embedded().unwrap();
        let k = constants();
        let mut rows = Vec::new();
        for m in &c.models {
            for o in &m.offerings {
                let (Some(_), Some(row)) = (o.gpus_per_replica, o.throughput.first()) else {
                    continue;
                };
                // Several measured sizes of one configuration: the smallest
                // is the one memory decides.
                let measured = m
                    .offerings
                    .iter()
                    .filter(|x| {
                        x.gpu == o.gpu && x.precision == o.precision && !x.throughput.is_empty()
                    })
                    .filter_map(|x| x.gpus_per_replica)
                    .min()
                    .unwrap();
                let gpu = c.gpu(o.gpu.as_deref().unwrap()).unwrap();
                let mut free = o.clone();
                free.gpus_per_replica = None;
                free.throughput.clear();
                let l = load(0.01, row.input_tokens, row.output_tokens, row.input_tokens);
                let p = size(m, &free, gpu, o.precision.unwrap(), &l, &k, TARGETS);
                let tp = p.as_ref().map(|p| p.gpus_per_replica).unwrap_or(16);
                let step = |n: u32| {
                    TP_SIZES
                        .iter()
                        .position(|&t| t == n)
                        .map_or(9, |i| i as i32)
                };
                rows.push(format!(
                    "{} | {} | {:?} | measured {measured} | computed {tp}",
                    m.id,
                    gpu.id,
                    o.precision.unwrap()
                ));
                let off = (step(tp) - step(measured)).abs();
                rows.last_mut()
                    .unwrap()
                    .push_str(&format!(" | {off} step(s)"));
                // TensorRT-LLM's offline benchmarks (serving.md §B) pick
                // node-sized configurations for throughput, larger than
                // memory needs (Qwen3-235B NVFP4: 8× B200 measured, the vLLM
                // recipe's minimum is 1× B200, §F); the other sources run
                // the smallest configuration that serves.
                let throughput_sized = o.source.as_deref().is_some_and(|s| s.contains("TRTLLM"));
                if throughput_sized {
                    assert!(tp <= measured, "{}", rows.last().unwrap());
                } else {
                    assert!(off <= 1, "{}", rows.last().unwrap());
                }
            }
        }
        assert!(rows.len() >= 10, "{rows:#?}");
        println!("{}", rows.join("\n"));
    }
}
