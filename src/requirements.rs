//! Step 1 of the framework: the requirements file (SPEC §2), schema_version 1.
//!
//! Every key is optional except `task.type`; defaults are the SPEC's. After
//! parsing, [`normalise`] fills the values that depend on others
//! (`data.sensitive_share`, `volume.peak_rps`) so the report can show exactly
//! what the advice assumed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{Assumptions, Capability, Modality};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Check;
use crate::num::ser_num;
use crate::source::Source;

/// A requirements file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    #[serde(default = "one")]
    pub schema_version: u32,
    /// Free text, shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the model must do (`task.type` is required in a requirements
    /// file; a scenario may leave the task out).
    #[serde(default)]
    pub task: Task,
    #[serde(default)]
    pub volume: Volume,
    #[serde(default)]
    pub latency: Latency,
    #[serde(default)]
    pub data: Data,
    #[serde(default)]
    pub accuracy: Accuracy,
    #[serde(default)]
    pub budget: Budget,
    /// Weeks until the product must ship; null = no deadline.
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub time_to_market_weeks: Option<f64>,
    /// Total-cost-of-ownership horizon.
    #[serde(default = "default_horizon", serialize_with = "ser_num")]
    pub horizon_months: f64,
    #[serde(default)]
    pub team: Team,
    /// Whether self-hosted GPUs are rented, bought or already owned.
    #[serde(default)]
    pub self_hosting: SelfHosting,
    #[serde(default)]
    pub adaptation: Adaptation,
    #[serde(default)]
    pub constraints: Constraints,
    #[serde(default)]
    pub priorities: Priorities,
    /// Overrides of the catalog's cost-model assumptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumptions: Option<Assumptions>,
    /// Sample prompts and tests for the eval plan (`fmselect export promptfoo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evals: Option<EvalSamples>,
    /// A quote to relate the modelled cost to (a vendor's offer, a
    /// consultant's estimate, last year's bill): the report says how the
    /// plan's cost compares, and at which volume the quoted model's token
    /// cost alone reaches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_quote: Option<ReferenceQuote>,
}

/// A monthly quote to compare the modelled plan with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceQuote {
    /// What the quote is, for the report ("the vendor's offer").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// USD a month.
    #[serde(serialize_with = "ser_num")]
    pub monthly_usd: f64,
    /// The catalog model the quote is for, if it names one: its API token
    /// cost at this traffic is set beside the quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

fn one() -> u32 {
    1
}

fn default_horizon() -> f64 {
    24.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// The kind of work (required).
    #[serde(rename = "type")]
    pub task_type: Option<TaskType>,
    #[serde(default = "text_only")]
    pub input: Vec<InputModality>,
    #[serde(default = "text_output")]
    pub output: Vec<OutputModality>,
    /// Largest prompt per request, retrieved documents included.
    #[serde(default = "default_context", serialize_with = "ser_num")]
    pub context_tokens: f64,
    /// Capabilities the model must have: `tool-calling`,
    /// `structured-output`, `reasoning`. A model known to lack one is
    /// excluded; one whose flag is unknown stays, flagged "unverified".
    #[serde(default)]
    pub capabilities: Vec<Capability>,
}

impl Default for Task {
    fn default() -> Self {
        Task {
            task_type: None,
            input: text_only(),
            output: text_output(),
            context_tokens: default_context(),
            capabilities: Vec::new(),
        }
    }
}

fn text_only() -> Vec<InputModality> {
    vec![InputModality::Text]
}

fn text_output() -> Vec<OutputModality> {
    vec![OutputModality::Text]
}

fn default_context() -> f64 {
    8000.0
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TaskType {
    Chat,
    RagQa,
    Summarization,
    Classification,
    Extraction,
    Code,
    Reasoning,
    Agent,
    Translation,
    Content,
    Vision,
    Other,
}

impl TaskType {
    pub const ALL: [TaskType; 12] = [
        TaskType::Chat,
        TaskType::RagQa,
        TaskType::Summarization,
        TaskType::Classification,
        TaskType::Extraction,
        TaskType::Code,
        TaskType::Reasoning,
        TaskType::Agent,
        TaskType::Translation,
        TaskType::Content,
        TaskType::Vision,
        TaskType::Other,
    ];

    /// Every task type's name, in SPEC order.
    pub fn names() -> [&'static str; 12] {
        TaskType::ALL.map(TaskType::as_str)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TaskType::Chat => "chat",
            TaskType::RagQa => "rag-qa",
            TaskType::Summarization => "summarization",
            TaskType::Classification => "classification",
            TaskType::Extraction => "extraction",
            TaskType::Code => "code",
            TaskType::Reasoning => "reasoning",
            TaskType::Agent => "agent",
            TaskType::Translation => "translation",
            TaskType::Content => "content",
            TaskType::Vision => "vision",
            TaskType::Other => "other",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum InputModality {
    Text,
    Image,
    Audio,
    Video,
    Pdf,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum OutputModality {
    Text,
    Image,
    Audio,
}

impl From<InputModality> for Modality {
    fn from(m: InputModality) -> Modality {
        match m {
            InputModality::Text => Modality::Text,
            InputModality::Image => Modality::Image,
            InputModality::Audio => Modality::Audio,
            InputModality::Video => Modality::Video,
            InputModality::Pdf => Modality::Pdf,
        }
    }
}

impl From<OutputModality> for Modality {
    fn from(m: OutputModality) -> Modality {
        match m {
            OutputModality::Text => Modality::Text,
            OutputModality::Image => Modality::Image,
            OutputModality::Audio => Modality::Audio,
        }
    }
}

/// How self-hosted GPUs are paid for (SPEC §9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfHosting {
    #[serde(default)]
    pub gpus: GpuOwnership,
    /// GPUs already owned (sunk cost), for `gpus: existing`.
    #[serde(default)]
    pub existing_gpus: Vec<OwnedGpus>,
    /// Months over which a purchase is written off, for `gpus: buy`.
    #[serde(default = "default_amortization", serialize_with = "ser_num")]
    pub amortization_months: f64,
}

fn default_amortization() -> f64 {
    36.0
}

impl Default for SelfHosting {
    fn default() -> Self {
        SelfHosting {
            gpus: GpuOwnership::default(),
            existing_gpus: Vec::new(),
            amortization_months: default_amortization(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GpuOwnership {
    /// GPU-hours at the catalog's rental price.
    #[default]
    Rent,
    /// Bought: the purchase price amortised, plus power and hosting.
    Buy,
    /// Already owned: only power, hosting and operations (sunk cost).
    Existing,
}

/// Some GPUs of one type that are already owned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnedGpus {
    /// A GPU id of the catalog's `hardware` (e.g. `h100-80gb`).
    pub gpu: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    #[serde(default = "default_requests", serialize_with = "ser_num")]
    pub requests_per_month: f64,
    /// Average input tokens per request.
    #[serde(default = "default_input_tokens", serialize_with = "ser_num")]
    pub input_tokens: f64,
    /// Average output tokens per request.
    #[serde(default = "default_output_tokens", serialize_with = "ser_num")]
    pub output_tokens: f64,
    /// Peak requests/second; when null, derived from the monthly volume and
    /// the `peak_factor` assumption.
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub peak_rps: Option<f64>,
    /// Share of input tokens read from the provider's prompt cache (0..1);
    /// when null, the `prompt_cache_hit_share` assumption (default 0).
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub cache_hit_share: Option<f64>,
    /// Share of requests that can wait for a batch API (0..1); default 1.0
    /// when `latency.class` is `batch`, else 0.0.
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub batch_share: Option<f64>,
    /// Shares of input tokens per modality (e.g. `{ text: 0.2, audio: 0.8 }`),
    /// summing to 1; default all text.
    #[serde(default)]
    pub input_mix: Option<InputMix>,
}

/// Shares of input tokens per modality; the shares sum to 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputMix {
    #[serde(default, serialize_with = "ser_num")]
    pub text: f64,
    #[serde(default, serialize_with = "ser_num")]
    pub image: f64,
    #[serde(default, serialize_with = "ser_num")]
    pub audio: f64,
    #[serde(default, serialize_with = "ser_num")]
    pub video: f64,
    #[serde(default, serialize_with = "ser_num")]
    pub pdf: f64,
}

impl InputMix {
    /// All input is text.
    pub fn text_only() -> InputMix {
        InputMix {
            text: 1.0,
            ..InputMix::default()
        }
    }

    /// (key, modality, share) triples.
    pub fn shares(&self) -> [(&'static str, InputModality, f64); 5] {
        [
            ("text", InputModality::Text, self.text),
            ("image", InputModality::Image, self.image),
            ("audio", InputModality::Audio, self.audio),
            ("video", InputModality::Video, self.video),
            ("pdf", InputModality::Pdf, self.pdf),
        ]
    }
}

fn default_requests() -> f64 {
    10_000.0
}

fn default_input_tokens() -> f64 {
    1000.0
}

fn default_output_tokens() -> f64 {
    300.0
}

impl Default for Volume {
    fn default() -> Self {
        Volume {
            requests_per_month: default_requests(),
            input_tokens: default_input_tokens(),
            output_tokens: default_output_tokens(),
            peak_rps: None,
            cache_hit_share: None,
            batch_share: None,
            input_mix: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    #[serde(default)]
    pub class: LatencyClass,
    /// Maximum acceptable time to first token (p95), milliseconds.
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub ttft_ms: Option<f64>,
    /// Minimum output tokens/second.
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub output_tps: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LatencyClass {
    Realtime,
    #[default]
    Interactive,
    Batch,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    #[serde(default)]
    pub sensitivity: Sensitivity,
    /// Share of requests touching sensitive data (0..1); default 1.0 for
    /// confidential/regulated data, 0.0 otherwise.
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub sensitive_share: Option<f64>,
    /// Allowed regions (e.g. `[eu]`); empty = no constraint.
    #[serde(default)]
    pub residency: Vec<String>,
    /// May sensitive data go to a vendor model inside our own cloud tenant?
    #[serde(default)]
    pub allow_private_cloud: bool,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Sensitivity {
    Public,
    #[default]
    Internal,
    Confidential,
    Regulated,
}

impl Sensitivity {
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Public => "public",
            Sensitivity::Internal => "internal",
            Sensitivity::Confidential => "confidential",
            Sensitivity::Regulated => "regulated",
        }
    }

    /// Whether sensitive requests must stay in infrastructure the company
    /// controls (SPEC §5: confidential and regulated data).
    pub fn must_stay_local(self) -> bool {
        matches!(self, Sensitivity::Confidential | Sensitivity::Regulated)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accuracy {
    #[serde(default)]
    pub level: AccuracyLevel,
    /// Share of requests that are hard cases (0..1).
    #[serde(default = "default_complex_share", serialize_with = "ser_num")]
    pub complex_share: f64,
}

fn default_complex_share() -> f64 {
    0.2
}

impl Default for Accuracy {
    fn default() -> Self {
        Accuracy {
            level: AccuracyLevel::default(),
            complex_share: default_complex_share(),
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum AccuracyLevel {
    GoodEnough,
    #[default]
    High,
    Maximum,
}

impl AccuracyLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AccuracyLevel::GoodEnough => "good-enough",
            AccuracyLevel::High => "high",
            AccuracyLevel::Maximum => "maximum",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub monthly_usd: Option<f64>,
    #[serde(default, serialize_with = "crate::num::ser_opt_num")]
    pub setup_usd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Ability to run GPUs in production.
    #[serde(default)]
    pub ml_ops: MlOps,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MlOps {
    #[default]
    None,
    Some,
    Strong,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adaptation {
    /// Answers depend on the company's own documents.
    #[serde(default)]
    pub proprietary_knowledge: bool,
    #[serde(default)]
    pub knowledge_changes: KnowledgeChanges,
    /// A strict house style or output format.
    #[serde(default)]
    pub consistent_style: bool,
    /// Labelled examples available for fine-tuning.
    #[serde(default)]
    pub labeled_examples: u64,
    /// Unique data that is a competitive moat.
    #[serde(default)]
    pub strategic_data_advantage: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KnowledgeChanges {
    #[default]
    Rarely,
    Monthly,
    Daily,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    #[serde(default)]
    pub weights: WeightsConstraint,
    #[serde(default)]
    pub providers: AllowDeny,
    #[serde(default)]
    pub licenses: DenyList,
    #[serde(default)]
    pub models: AllowDeny,
    /// May preview models be recommended (always flagged as preview)?
    #[serde(default = "yes")]
    pub allow_preview: bool,
}

fn yes() -> bool {
    true
}

impl Default for Constraints {
    fn default() -> Self {
        Constraints {
            weights: WeightsConstraint::default(),
            providers: AllowDeny::default(),
            licenses: DenyList::default(),
            models: AllowDeny::default(),
            allow_preview: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WeightsConstraint {
    #[default]
    Any,
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowDeny {
    /// When non-empty, only these are considered.
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub deny: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DenyList {
    #[serde(default)]
    pub deny: Vec<String>,
}

/// How much the user cares about each criterion, 0..5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Priorities {
    #[serde(default = "three", serialize_with = "ser_num")]
    pub quality: f64,
    #[serde(default = "three", serialize_with = "ser_num")]
    pub cost: f64,
    #[serde(default = "two", serialize_with = "ser_num")]
    pub latency: f64,
    #[serde(default = "three", serialize_with = "ser_num")]
    pub privacy: f64,
    #[serde(default = "two", serialize_with = "ser_num")]
    pub time_to_market: f64,
    #[serde(default = "one_f", serialize_with = "ser_num")]
    pub lock_in: f64,
}

fn three() -> f64 {
    3.0
}
fn two() -> f64 {
    2.0
}
fn one_f() -> f64 {
    1.0
}

impl Default for Priorities {
    fn default() -> Self {
        Priorities {
            quality: 3.0,
            cost: 3.0,
            latency: 2.0,
            privacy: 3.0,
            time_to_market: 2.0,
            lock_in: 1.0,
        }
    }
}

impl Priorities {
    /// (name, weight) pairs in report order.
    pub fn weights(&self) -> [(&'static str, f64); 6] {
        [
            ("quality", self.quality),
            ("cost", self.cost),
            ("latency", self.latency),
            ("privacy", self.privacy),
            ("time_to_market", self.time_to_market),
            ("lock_in", self.lock_in),
        ]
    }
}

/// Sample prompts and assertions for the eval plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvalSamples {
    /// Prompt templates; `{{var}}` placeholders are filled from tests.
    #[serde(default)]
    pub prompts: Vec<String>,
    #[serde(default)]
    pub tests: Vec<EvalTest>,
}

/// One test case: variables for the prompt and checks on the answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvalTest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub vars: std::collections::BTreeMap<String, String>,
    /// The answer must contain this text (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_contains: Option<String>,
    /// A rubric for an LLM grader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<String>,
}

/// Loads, checks and normalises a requirements file.
pub fn load(source: &Source) -> Result<(Requirements, Vec<crate::diag::Diagnostic>), Diagnostics> {
    crate::load::load(source, check)
}

/// The semantic rules of SPEC §2, each problem located by its path.
pub fn check(r: &Requirements, c: &mut Check) {
    check_with(r, c, true)
}

/// [`check`], with `task.type` required or not (a scenario needs no task).
pub fn check_with(r: &Requirements, c: &mut Check, task_required: bool) {
    let inf = f64::INFINITY;
    c.schema_version(r.schema_version);
    c.at("task", |c| {
                if task_required && r.task.task_type.is_none() {
            c.at("type", |c| {
                c.error(
                    "missing-key",
                    "`task.type` is required",
                    Some(
                        "add e.g. `type: rag-qa` under `task:` (one of: chat, rag-qa, summarization, classification, \
                         extraction, code, reasoning, agent, translation, content, vision, other)"
                            .to_owned(),
                    ),
                )
            });
        }
        if r.task.input.is_empty() {
            c.at("input", |c| c.error("empty-list", "`task.input` must name at least one modality", Some("e.g. [text]".to_owned())));
        }
        if r.task.output.is_empty() {
            c.at("output", |c| c.error("empty-list", "`task.output` must name at least one modality", Some("e.g. [text]".to_owned())));
        }
        c.range("context_tokens", r.task.context_tokens, 1.0, 1e9);
    });
    c.at("volume", |c| {
        c.range("requests_per_month", r.volume.requests_per_month, 0.0, 1e13);
        c.range("input_tokens", r.volume.input_tokens, 0.0, 1e9);
        c.range("output_tokens", r.volume.output_tokens, 0.0, 1e9);
        if let Some(p) = r.volume.peak_rps {
            c.range("peak_rps", p, 0.0, 1e9);
        }
        if let Some(v) = r.volume.cache_hit_share {
            c.range("cache_hit_share", v, 0.0, 1.0);
        }
        if let Some(v) = r.volume.batch_share {
            c.range("batch_share", v, 0.0, 1.0);
        }
        if let Some(mix) = &r.volume.input_mix {
            c.at("input_mix", |c| check_input_mix(mix, &r.task.input, c));
        }
                if r.volume.input_tokens.is_finite()
            && r.task.context_tokens >= 1.0
            && r.volume.input_tokens > r.task.context_tokens
        {
            c.at("input_tokens", |c| {
                c.error(
                    "out-of-range",
                    format!(
                        "the average prompt ({} tokens) is larger than the largest prompt (task.context_tokens = {})",
                        r.volume.input_tokens, r.task.context_tokens
                    ),
                    Some("raise task.context_tokens or lower volume.input_tokens".to_owned()),
                )
            });
        }
    });
    c.at("latency", |c| {
        if let Some(v) = r.latency.ttft_ms {
            c.range("ttft_ms", v, f64::MIN_POSITIVE, inf);
        }
        if let Some(v) = r.latency.output_tps {
            c.range("output_tps", v, 0.0, inf);
        }
    });
    c.at("data", |c| {
        if let Some(s) = r.data.sensitive_share {
            c.range("sensitive_share", s, 0.0, 1.0);
        }
        for (i, region) in r.data.residency.iter().enumerate() {
            if !crate::catalog::check::is_kebab_id(region) {
                c.at("residency", |c| {
                    c.at(i, |c| {
                        c.error(
                            "invalid-value",
                            format!("`{region}` is not a region id"),
                            Some("use lowercase region ids such as eu, us, apac".to_owned()),
                        )
                    })
                });
            }
        }
    });
    c.at("accuracy", |c| {
        c.range("complex_share", r.accuracy.complex_share, 0.0, 1.0)
    });
    c.at("budget", |c| {
        if let Some(v) = r.budget.monthly_usd {
            c.range("monthly_usd", v, 0.0, inf);
        }
        if let Some(v) = r.budget.setup_usd {
            c.range("setup_usd", v, 0.0, inf);
        }
    });
    if let Some(v) = r.time_to_market_weeks {
        c.range("time_to_market_weeks", v, f64::MIN_POSITIVE, 10_000.0);
    }
    if let Some(q) = &r.reference_quote {
        c.at("reference_quote", |c| {
            c.range("monthly_usd", q.monthly_usd, f64::MIN_POSITIVE, inf);
        });
    }
    c.range("horizon_months", r.horizon_months, 1.0, 1200.0);
    c.at("self_hosting", |c| {
        let s = &r.self_hosting;
        c.range("amortization_months", s.amortization_months, 1.0, 240.0);
        for (i, owned) in s.existing_gpus.iter().enumerate() {
            if owned.count == 0 {
                c.at("existing_gpus", |c| {
                    c.at(i, |c| {
                        c.at("count", |c| {
                            c.error("out-of-range", "`count` must be at least 1", None)
                        })
                    })
                });
            }
        }
        if s.gpus == GpuOwnership::Existing && s.existing_gpus.is_empty() {
            c.at("existing_gpus", |c| {
                c.error(
                    "missing-key",
                    "`gpus: existing` needs the GPUs you own",
                    Some(
                        "list them, e.g. `existing_gpus: [{ gpu: h100-80gb, count: 8 }]`"
                            .to_owned(),
                    ),
                )
            });
        }
    });
    c.at("constraints", |c| {
        for (key, lists) in [
            ("providers", &r.constraints.providers),
            ("models", &r.constraints.models),
        ] {
            c.at(key, |c| {
                for (i, name) in lists.deny.iter().enumerate() {
                    if lists.allow.contains(name) {
                        c.at("deny", |c| {
                            c.at(i, |c| {
                                c.error(
                                    "invalid-value",
                                    format!("`{name}` is both allowed and denied"),
                                    Some("remove it from one of the two lists".to_owned()),
                                )
                            })
                        });
                    }
                }
            });
        }
    });
    c.at("priorities", |c| {
        let p = &r.priorities;
        for (key, value) in p.weights() {
            c.range(key, value, 0.0, 5.0);
        }
        if p.weights().iter().all(|(_, w)| *w == 0.0) {
            c.error(
                "all-priorities-zero",
                "every priority is 0, so candidates cannot be ranked",
                Some("give at least one priority a value from 1 to 5".to_owned()),
            );
        }
    });
    if let Some(a) = &r.assumptions {
        c.at("assumptions", |c| {
            crate::catalog::check::check_assumptions(a, c)
        });
    }
}

/// Each share in 0..1, the shares summing to 1, and every modality with a
/// share among `task.input`.
fn check_input_mix(mix: &InputMix, input: &[InputModality], c: &mut Check) {
    let mut total = 0.0;
    for (key, modality, share) in mix.shares() {
        c.range(key, share, 0.0, 1.0);
        if share.is_finite() {
            total += share;
        }
        if share > 0.0 && !input.contains(&modality) {
            c.at(key, |c| {
                c.error(
                    "invalid-value",
                    format!("`input_mix` gives {key} a share, but task.input does not list {key}"),
                    Some(format!(
                        "add {key} to task.input, or remove it from input_mix"
                    )),
                )
            });
        }
    }
    if (total - 1.0).abs() > 1e-6 {
        c.error(
            "out-of-range",
            format!(
                "the input_mix shares add up to {}, not 1",
                crate::num::round_to(total, 6)
            ),
            Some(
                "give each modality its share of input tokens, e.g. { text: 0.2, audio: 0.8 }"
                    .to_owned(),
            ),
        );
    }
}

/// Fills the values that depend on others, returning notes on what was
/// derived. `assumptions` are the effective ones (catalog + overrides).
pub fn normalise(mut r: Requirements, assumptions: &crate::assumptions::Resolved) -> Requirements {
    if r.data.sensitive_share.is_none() {
        r.data.sensitive_share = Some(if r.data.sensitivity.must_stay_local() {
            1.0
        } else {
            0.0
        });
    }
    if r.volume.peak_rps.is_none() {
        let mean_rps = r.volume.requests_per_month / (assumptions.hours_per_month * 3600.0);
        r.volume.peak_rps = Some(crate::num::round_to(mean_rps * assumptions.peak_factor, 6));
    }
    if r.volume.cache_hit_share.is_none() {
        r.volume.cache_hit_share = Some(assumptions.prompt_cache_hit_share);
    }
    if r.volume.batch_share.is_none() {
        r.volume.batch_share = Some(if r.latency.class == LatencyClass::Batch {
            1.0
        } else {
            0.0
        });
    }
    if r.volume.input_mix.is_none() {
        r.volume.input_mix = Some(InputMix::text_only());
    }
    r.task.capabilities.sort();
    r.task.capabilities.dedup();
    r.task.input.sort();
    r.task.input.dedup();
    r.task.output.sort();
    r.task.output.dedup();
    r
}

impl Requirements {
    /// Requirements with every default and no task (a scenario that gives
    /// no requirements).
    pub fn for_scenario() -> Requirements {
        Requirements {
            schema_version: 1,
            name: None,
            description: None,
            task: Task::default(),
            volume: Volume::default(),
            latency: Latency::default(),
            data: Data::default(),
            accuracy: Accuracy::default(),
            budget: Budget::default(),
            time_to_market_weeks: None,
            horizon_months: default_horizon(),
            team: Team::default(),
            self_hosting: SelfHosting::default(),
            adaptation: Adaptation::default(),
            constraints: Constraints::default(),
            priorities: Priorities::default(),
            assumptions: None,
            evals: None,
            reference_quote: None,
        }
    }

    pub fn task_type(&self) -> TaskType {
        self.task.task_type.unwrap_or(TaskType::Other)
    }

    /// The normalised sensitive share (call after [`normalise`]).
    pub fn sensitive_share(&self) -> f64 {
        self.data.sensitive_share.unwrap_or(0.0)
    }

    /// Share of requests that must stay local (sensitive data that must not
    /// leave the company).
    pub fn local_share(&self) -> f64 {
        if self.data.sensitivity.must_stay_local() {
            self.sensitive_share()
        } else {
            0.0
        }
    }

    pub fn peak_rps(&self) -> f64 {
        self.volume.peak_rps.unwrap_or(0.0)
    }

    /// The normalised cache-hit share (call after [`normalise`]).
    pub fn cache_hit_share(&self) -> f64 {
        self.volume.cache_hit_share.unwrap_or(0.0)
    }

    /// The normalised batch share (call after [`normalise`]).
    pub fn batch_share(&self) -> f64 {
        self.volume.batch_share.unwrap_or(0.0)
    }

    /// The normalised input mix (call after [`normalise`]).
    pub fn input_mix(&self) -> InputMix {
        self.volume.input_mix.unwrap_or_else(InputMix::text_only)
    }
}

/// `errors` of `source` as shown to the user: whole when the file parses as
/// requirements (a YAML or JSON file whose root mapping has a requirements
/// key), otherwise one error that quotes nothing of it — a scenario's
/// `requirements_file` may name a secret (`.env`), and CI logs are public.
pub fn shown_if_requirements(source: &crate::source::Source, errors: Diagnostics) -> Diagnostics {
    if parses_as_requirements(source) {
        return errors;
    }
    Diagnostics::single(
        Diagnostic::error(
            "wrong-type",
            &source.name,
            "this is not a requirements file: it does not parse as a YAML or JSON mapping \
             of requirements keys, so nothing of it is shown",
        )
        .help("name a requirements file (`fmselect init` writes one)"),
    )
}

/// `errors` without the lines of the file they point into.
pub fn without_excerpts(mut errors: Diagnostics) -> Diagnostics {
    for d in &mut errors.0 {
        d.line_text = None;
    }
    errors
}

fn parses_as_requirements(source: &crate::source::Source) -> bool {
    let name = source.name.to_ascii_lowercase();
    if ![".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
    {
        return false;
    }
    let Ok(tree) = crate::load::tree(source) else {
        return false;
    };
    let schema = schemars::schema_for!(Requirements);
    let Some(keys) = schema.get("properties").and_then(|p| p.as_object()) else {
        return false;
    };
    matches!(&tree.kind, crate::node::Kind::Map(entries)
        if entries.iter().any(|(k, _)| keys.contains_key(&k.name)))
}
