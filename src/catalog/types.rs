//! The catalog file format (SPEC §3), schema_version 1.
//!
//! A catalog file may hold any of `models`, `hardware`, `metrics` and
//! `assumptions`; the effective catalog is the merge of the files given (later
//! entries with the same id replace earlier ones). Unknown facts are `null`
//! and stay unknown: nothing here has a made-up default.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One catalog file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default = "one")]
    pub schema_version: u32,
    /// Free text, shown by `catalog list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The date the catalog's facts were last checked (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Benchmark metrics that models may carry under `benchmarks`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hardware: Vec<Hardware>,
    /// Cost-model defaults (see [`Assumptions`]); any subset may be given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumptions: Option<Assumptions>,
}

fn one() -> u32 {
    1
}

/// A benchmark metric definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// snake_case id used as a key under a model's `benchmarks`.
    pub id: String,
    pub name: String,
    /// What the number measures and how it was run (harness, settings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The unit: `percent`, `index` (0-100 composite) or `elo`.
    pub unit: String,
    /// Whether the values come from one independent harness for all models
    /// (`true`), or are figures each vendor reported for its own models
    /// (`false`: labelled `vendor-reported`, never blended with independent
    /// metrics, used only as a prior for a model with no independent
    /// measurement). Not stated: treated as independent (e.g. a house eval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub independent: Option<bool>,
    /// The source's own uncertainty of a value, in the metric's unit (± this
    /// much), when the source states one for the whole table; a model's
    /// `benchmarks_ci` entry overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<f64>,
    /// Snapshots of the same benchmark share a series id (e.g. the AA index
    /// v4.0 and v4.1 are `aa-intelligence`): each stays its own metric, never
    /// compared with another, but a model measured on one snapshot of a
    /// series is not counted as unmeasured on the series' other snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    pub source: String,
    pub as_of: String,
}

/// `open` or `closed` weights.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Weights {
    Open,
    Closed,
}

/// A coarse capability class.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    Frontier,
    Strong,
    Efficient,
    Small,
}

/// An input or output modality.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    Text,
    Image,
    Audio,
    Video,
    Pdf,
}

/// How a model is deployed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum OfferingKind {
    /// A hosted API: the model's maker or a hosting company serves it.
    Api,
    /// The vendor's model run inside the customer's cloud tenant (Bedrock,
    /// Vertex AI, Azure): data stays in the customer's cloud account.
    PrivateCloud,
    /// Open weights on the customer's own GPUs.
    SelfHosted,
}

/// Weight precision of a self-hosted deployment.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    Bf16,
    Fp8,
    Int4,
    /// 4-bit floating point (MXFP4, NVFP4).
    Fp4,
}

impl Precision {
    /// Bytes of memory per parameter.
    pub fn bytes_per_param(self) -> f64 {
        match self {
            Precision::Bf16 => 2.0,
            Precision::Fp8 => 1.0,
            Precision::Int4 | Precision::Fp4 => 0.5,
        }
    }
}

/// One model entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// kebab-case, unique in the effective catalog.
    pub id: String,
    pub name: String,
    /// The maker (kebab-case: `openai`, `anthropic`, `google`, `meta`, ...).
    pub provider: String,
    #[serde(default)]
    pub family: Option<String>,
    /// Release date, YYYY-MM-DD (or YYYY-MM).
    #[serde(default)]
    pub released: Option<String>,
    /// The date the model is or was retired, if announced.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// `open` or `closed`; null when the source does not say (e.g. a
    /// LiteLLM import).
    #[serde(default)]
    pub weights: Option<Weights>,
    /// SPDX id where one exists, else a short id; `proprietary` for closed
    /// models; null when not checked.
    #[serde(default)]
    pub license: Option<String>,
    #[serde(default)]
    pub params_b: Option<Params>,
    /// Largest context window in tokens (the maker's figure).
    #[serde(default)]
    pub context_window: Option<u64>,
    #[serde(default)]
    pub max_output_tokens: Option<u64>,
    /// Largest prompt accepted, when smaller than the context window (e.g.
    /// OpenAI's 272K input cap within a 400K window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_input_tokens: Option<u64>,
    pub modalities: Modalities,
    #[serde(default)]
    pub tier: Option<Tier>,
    /// Metric id → value; ids are defined in the catalog's `metrics`.
    #[serde(default)]
    pub benchmarks: BTreeMap<String, f64>,
    /// Metric id → the source's confidence half-width for this model's value
    /// (e.g. LMArena's ± from its rating interval), in the metric's unit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub benchmarks_ci: BTreeMap<String, f64>,
    #[serde(default)]
    pub speed: Speed,
    /// Open weights: the transformer shape, for self-hosted sizing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<Architecture>,
    #[serde(default)]
    pub offerings: Vec<Offering>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// Free-text notes (e.g. which benchmark variant was used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// What the model can do through its first-party API (SPEC §9); each
    /// flag null when the sources do not say.
    #[serde(default, skip_serializing_if = "Capabilities::is_unknown")]
    pub capabilities: Capabilities,
    /// `ga` or `preview`; null when the sources do not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// Capability flags of a model (SPEC §9): `true`, `false` or null (unknown).
/// A missing key in a source is unknown, never false.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    /// Function / tool calling.
    #[serde(default)]
    pub tool_calling: Option<bool>,
    /// Output constrained to a JSON schema.
    #[serde(default)]
    pub structured_output: Option<bool>,
    /// A reasoning (thinking) mode.
    #[serde(default)]
    pub reasoning: Option<bool>,
}

impl Capabilities {
    pub fn is_unknown(&self) -> bool {
        *self == Capabilities::default()
    }

    /// The flag for a required capability.
    pub fn get(&self, c: Capability) -> Option<bool> {
        match c {
            Capability::ToolCalling => self.tool_calling,
            Capability::StructuredOutput => self.structured_output,
            Capability::Reasoning => self.reasoning,
        }
    }
}

/// A capability a requirements file may require (`task.capabilities`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Capability {
    ToolCalling,
    StructuredOutput,
    Reasoning,
}

impl Capability {
    /// How reasons and flags name it: "tool calling".
    pub fn label(self) -> &'static str {
        match self {
            Capability::ToolCalling => "tool calling",
            Capability::StructuredOutput => "structured output",
            Capability::Reasoning => "reasoning",
        }
    }
}

/// Release status of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Generally available.
    Ga,
    /// A preview, beta or experimental release: may change or be withdrawn.
    Preview,
}

impl Model {
    /// The cheapest blended (3:1 input:output) price of its API and
    /// private-cloud offerings, USD per million tokens.
    pub fn blended_api_price(&self) -> Option<f64> {
        self.offerings
            .iter()
            .filter(|o| o.kind != OfferingKind::SelfHosted)
            .filter_map(|o| Some((3.0 * o.input_per_mtok? + o.output_per_mtok?) / 4.0))
            .min_by(f64::total_cmp)
    }
}

/// Parameter counts in billions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default)]
    pub total: Option<f64>,
    /// Active parameters per token (mixture-of-experts); equal to total for
    /// dense models.
    #[serde(default)]
    pub active: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Modalities {
    #[serde(default)]
    pub input: Vec<Modality>,
    #[serde(default)]
    pub output: Vec<Modality>,
}

/// Typical speed of the model's first-party (or reference) API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Speed {
    #[serde(default)]
    pub output_tps: Option<f64>,
    /// Time to first (answer) token, milliseconds.
    #[serde(default)]
    pub ttft_ms: Option<f64>,
    /// Time to the first streamed token, reasoning included, milliseconds,
    /// where the source gives it apart from `ttft_ms` (open reasoning models
    /// stream their thinking: model-benchmarks.md §6). With `output_tps`, it
    /// says how many thinking tokens come before the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_token_ms: Option<f64>,
}

impl Speed {
    /// Mean thinking tokens before the answer: (first answer − first
    /// token) × output speed; None when the catalog does not say.
    pub fn thinking_tokens(&self) -> Option<f64> {
        let (answer, first, tps) = (self.ttft_ms?, self.first_token_ms?, self.output_tps?);
        let t = (answer - first) / 1000.0 * tps;
        (t > 0.0).then_some(t)
    }
}

/// Prices that apply when a prompt exceeds a token threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LongContextPrice {
    /// Prompts with more input tokens than this pay the prices below.
    pub above_tokens: u64,
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

/// One way to run a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub kind: OfferingKind,
    /// Who serves it (api, private-cloud): `openai`, `aws-bedrock`,
    /// `google-vertex`, `azure`, `together`, `deepinfra`, `groq`, ...
    #[serde(default)]
    pub host: Option<String>,
    /// The model id this host's API expects (e.g. `gpt-5.2`,
    /// `eu.anthropic.claude-opus-4-6-v1`, `meta-llama/Llama-4-Scout-17B-16E-Instruct`);
    /// self-hosted: the weights' repository id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_id: Option<String>,
    /// USD per million input tokens (api, private-cloud).
    #[serde(default)]
    pub input_per_mtok: Option<f64>,
    /// USD per million output tokens (api, private-cloud).
    #[serde(default)]
    pub output_per_mtok: Option<f64>,
    /// USD per million input tokens read from the prompt cache.
    #[serde(default)]
    pub cached_input_per_mtok: Option<f64>,
    #[serde(default)]
    pub long_context: Option<LongContextPrice>,
    /// Regions where the offering runs (`us`, `eu`, `apac`, `global`, ...);
    /// empty when the source does not say.
    #[serde(default)]
    pub regions: Vec<String>,
    /// This host's context limit, when it differs from the model's.
    #[serde(default)]
    pub context_window: Option<u64>,
    /// This host's input cap, when smaller than its context window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_input_tokens: Option<u64>,
    #[serde(default)]
    pub max_output_tokens: Option<u64>,
    /// Self-hosted: weight precision.
    #[serde(default)]
    pub precision: Option<Precision>,
    /// Self-hosted: a GPU id from the catalog's `hardware`.
    #[serde(default)]
    pub gpu: Option<String>,
    /// Self-hosted: GPUs in one serving replica, as measured or recommended
    /// by the source. When null it is computed from parameters and memory.
    #[serde(default)]
    pub gpus_per_replica: Option<u32>,
    /// Self-hosted: aggregate output tokens/second one replica sustains, at
    /// workload lengths the catalog does not give (prefer `throughput`).
    #[serde(default)]
    pub replica_output_tps: Option<f64>,
    /// Self-hosted: measured aggregate throughput of one replica of this
    /// configuration, one row per workload shape the source reports; the
    /// capacity model uses the row closest to the requirements' lengths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub throughput: Vec<ThroughputRow>,
    /// Where these figures come from.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// USD per million input tokens through the host's batch API (results
    /// within hours); null when the host has no batch price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_input_per_mtok: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_output_per_mtok: Option<f64>,
    /// USD per million input tokens written to the prompt cache: the full
    /// price of a written token where the host charges more for it
    /// (Anthropic: 1.25× input); 0 = no surcharge (the input price applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write_per_mtok: Option<f64>,
    /// USD per million audio input tokens, when it differs from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_input_per_mtok: Option<f64>,
    /// USD per million image input tokens, when it differs from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_input_per_mtok: Option<f64>,
    /// Published rate limits (one account tier; tiers can usually be raised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limits: Option<RateLimits>,
    /// Fine-tuning on this offering; null = tuned weights cannot be served
    /// here (or the sources do not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_tuning: Option<FineTuning>,
}

/// Requests and tokens per minute an account may send.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    /// Requests per minute.
    #[serde(default)]
    pub rpm: Option<f64>,
    /// Tokens (input + output) per minute.
    #[serde(default)]
    pub tpm: Option<f64>,
}

/// Prices of fine-tuning and of serving the tuned model, USD per million
/// tokens; null where the source gives no price.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FineTuning {
    /// Per million training tokens (× epochs).
    #[serde(default)]
    pub training_per_mtok: Option<f64>,
    /// Inference of the tuned model.
    #[serde(default)]
    pub input_per_mtok: Option<f64>,
    #[serde(default)]
    pub output_per_mtok: Option<f64>,
}

/// One measured throughput figure of a self-hosted replica.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThroughputRow {
    /// Mean input tokens per request of the benchmark.
    pub input_tokens: f64,
    /// Mean output tokens per request of the benchmark.
    pub output_tokens: f64,
    /// Aggregate output tokens/second of the replica.
    pub output_tps: f64,
    /// Mean time per output token of one sequence under that load, ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tpot_ms: Option<f64>,
}

/// How attention keeps its cache (SPEC §9 `architecture.attention`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AttentionKind {
    /// Multi-head attention: one K/V head per query head.
    Mha,
    /// Grouped-query attention: `kv_heads` K/V heads shared by the query heads.
    Gqa,
    /// Multi-head latent attention: a compressed latent of `kv_lora_rank`
    /// plus `qk_rope_head_dim` rotary dimensions per layer.
    Mla,
}

/// The transformer shape of an open-weight model, for sizing its GPU memory
/// and throughput (SPEC §9). Every figure may be unknown (`null`); the
/// capacity model then says which one it lacked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Architecture {
    /// Decoder layers (`num_hidden_layers`).
    #[serde(default)]
    pub layers: Option<u32>,
    #[serde(default)]
    pub hidden_size: Option<u32>,
    #[serde(default)]
    pub attention_heads: Option<u32>,
    /// K/V heads of the full-attention layers.
    #[serde(default)]
    pub kv_heads: Option<u32>,
    /// Head dimension of the full-attention layers.
    #[serde(default)]
    pub head_dim: Option<u32>,
    #[serde(default)]
    pub attention: Option<AttentionKind>,
    /// MLA latent rank.
    #[serde(default)]
    pub kv_lora_rank: Option<u32>,
    /// MLA rotary key dimensions.
    #[serde(default)]
    pub qk_rope_head_dim: Option<u32>,
    /// Tokens a windowed (sliding or chunked) layer keeps at most.
    #[serde(default)]
    pub sliding_window: Option<u64>,
    /// How many layers are windowed; the rest keep the full context.
    #[serde(default)]
    pub sliding_window_layers: Option<u32>,
    /// K/V heads of the windowed layers, when they differ from `kv_heads`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_kv_heads: Option<u32>,
    /// Head dimension of the windowed layers, when it differs from `head_dim`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_head_dim: Option<u32>,
    /// Layers that keep a K/V cache at all, when fewer than `layers`
    /// (hybrid models whose other layers are linear attention or Mamba and
    /// hold a fixed state instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_layers: Option<u32>,
    /// Routed experts (MoE); null for dense models.
    #[serde(default)]
    pub experts: Option<u32>,
    #[serde(default)]
    pub experts_per_token: Option<u32>,
}

/// Which facts of a model a source backs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Fact {
    /// name, provider, family, released, weights, deprecation.
    Identity,
    License,
    Params,
    /// context_window, max_output_tokens.
    Context,
    Modalities,
    /// Prices of offerings that carry no source of their own.
    Pricing,
    Benchmarks,
    Speed,
    /// Self-hosted sizing and throughput without a source of their own.
    Serving,
    /// The tier assignment.
    Tier,
    /// The `architecture` figures.
    Architecture,
    /// `capabilities` flags and `status`.
    Capabilities,
}

/// A source for some facts of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub what: Vec<Fact>,
    /// The source: a file path and key, a URL, a document with its commit.
    #[serde(rename = "ref")]
    pub reference: String,
    /// When the source was read or published (YYYY-MM-DD).
    pub as_of: String,
    /// Which value was chosen where sources disagree, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A GPU type that self-hosted offerings refer to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hardware {
    /// kebab-case, e.g. `h100-80gb`.
    pub id: String,
    pub name: String,
    pub memory_gb: f64,
    /// USD per GPU-hour used for costing; null when unknown.
    #[serde(default)]
    pub usd_per_gpu_hour: Option<f64>,
    /// What the price is (e.g. "GPU-cloud on-demand median").
    #[serde(default)]
    pub price_basis: Option<String>,
    /// Precisions with hardware support (A100 has no FP8).
    #[serde(default)]
    pub precisions: Vec<Precision>,
    /// HBM bandwidth, TB/s.
    #[serde(default)]
    pub memory_bandwidth_tbs: Option<f64>,
    /// Dense (no sparsity) tensor TFLOPS per precision.
    #[serde(default)]
    pub bf16_tflops: Option<f64>,
    #[serde(default)]
    pub fp8_tflops: Option<f64>,
    #[serde(default)]
    pub fp4_tflops: Option<f64>,
    /// USD to buy one GPU (its share of a server where the source prices
    /// whole systems); null when no source gives one.
    #[serde(default)]
    pub purchase_usd: Option<f64>,
    /// kW drawn per GPU (its share of the server's maximum where known,
    /// else the board power).
    #[serde(default)]
    pub power_kw: Option<f64>,
    #[serde(default)]
    pub sources: Vec<HardwareSource>,
}

/// A source for a hardware fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HardwareSource {
    /// `specs` or `pricing`.
    pub what: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub as_of: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Defaults of the cost and decision model. Every field may be given in a
/// catalog file or overridden by a requirements file's `assumptions:`; later
/// values replace earlier ones field by field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumptions {
    /// Hours a GPU is billed per month (SPEC: 730).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_month: Option<f64>,
    /// Peak requests/second divided by the monthly average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_factor: Option<f64>,
    /// Fully loaded cost of one engineer-week, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engineering_usd_per_week: Option<f64>,
    /// Engineer-weeks per month to operate a self-hosted deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_hosting_ops_weeks_per_month: Option<f64>,
    /// Engineer-weeks per month per 8-GPU node on top of the base operations
    /// (hardware faults, driver and engine upgrades across more machines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_hosting_ops_weeks_per_node_month: Option<f64>,
    /// Constants of the self-hosted capacity model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacityAssumptions>,
    /// Costs of owning GPUs (`self_hosting.gpus: buy | existing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<OwnershipAssumptions>,
    /// Fraction of GPU memory a serving engine may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_memory_utilization: Option<f64>,
    /// Replicas are sized so that peak load uses at most this fraction of
    /// their measured throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_utilization: Option<f64>,
    /// Share of input tokens served from a prompt cache where one is priced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_cache_hit_share: Option<f64>,
    /// Catalog facts older than this many days are reported as stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_days: Option<u32>,
    /// Explicit setup totals per strategy (`buy`, `build`, `blend`); when
    /// absent, setup is the sum of the `setup` components a plan needs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub strategies: BTreeMap<String, StrategyCost>,
    /// Setup components in engineer-weeks: `integration`, `rag_pipeline`,
    /// `security_review`, `self_hosting_infrastructure`,
    /// `self_hosting_all_traffic`, `routing`, `fine_tuning`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub setup: BTreeMap<String, SetupComponent>,
    /// Running costs of a retrieval stack (adaptation ≥ rag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieval: Option<RetrievalCost>,
    /// Setup cost, time and running cost per adaptation technique.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub adaptation: BTreeMap<String, AdaptationCost>,
    /// The training run assumed when costing a model trained from scratch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_scratch_training: Option<TrainingRun>,
    /// Where each default comes from, by field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub basis: BTreeMap<String, String>,
}

/// Constants of the self-hosted capacity model (`src/capacity.rs`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityAssumptions {
    /// Share of the GPU's dense peak FLOPS that prefill reaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill_mfu: Option<f64>,
    /// Share of the memory-bandwidth roofline that decode reaches when no
    /// throughput was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decode_bandwidth_efficiency: Option<f64>,
    /// GB per GPU the engine needs besides weights and KV cache
    /// (activations, CUDA graphs, communication buffers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_overhead_gb_per_gpu: Option<f64>,
    /// Precision of the KV cache (`bf16` or `fp8`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_cache_precision: Option<Precision>,
    /// Most sequences one replica decodes at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_batch_sequences: Option<f64>,
    /// Input tokens per request of the benchmark behind a legacy
    /// `replica_output_tps` figure (one without workload lengths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_row_input_tokens: Option<f64>,
}

/// Costs of owning GPUs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnershipAssumptions {
    /// Power usage effectiveness: facility power / IT power.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity_usd_per_kwh: Option<f64>,
    /// Colocation space and cooling, USD per kW of IT capacity per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colocation_usd_per_kw_month: Option<f64>,
}

/// Effort and calendar time of one setup component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupComponent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engineer_weeks: Option<f64>,
    /// Calendar weeks it adds (default: its engineer-weeks, one person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<f64>,
}

/// Running cost of retrieval: embedding each query and hosting the index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetrievalCost {
    /// Tokens embedded per query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedding_usd_per_mtok: Option<f64>,
    /// Hosting the vector index, USD a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector_store_usd_per_month: Option<f64>,
}

/// Setup cost and time of a strategy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategyCost {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_weeks: Option<f64>,
}

/// Cost of an adaptation technique.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdaptationCost {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_weeks: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_usd: Option<f64>,
    /// Minimum labelled examples for fine-tuning to be worth it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_labeled_examples: Option<u64>,
    /// Passes over the labelled examples in a fine-tuning run (training
    /// tokens = examples × tokens per request × epochs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epochs: Option<f64>,
}

/// A pre-training run, costed as 6 × parameters × tokens FLOPs on one GPU
/// type at a model-FLOPs utilisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingRun {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params_b: Option<f64>,
    /// Training tokens, billions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_b: Option<f64>,
    /// A GPU id from `hardware`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<String>,
    /// Dense BF16 TFLOPS of that GPU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_bf16_tflops: Option<f64>,
    /// Model FLOPs utilisation, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfu: Option<f64>,
    /// Engineering weeks for data, training and evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engineering_weeks: Option<f64>,
}
