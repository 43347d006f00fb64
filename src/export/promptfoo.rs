//! `fmselect export promptfoo`: a `promptfooconfig.yaml` that runs the eval
//! plan's shortlist on the user's own prompts and tests (Step 3 — evals beat
//! benchmarks). Results come back with `fmselect recommend --evals`.
//!
//! One provider per shortlisted model, for the deployment fmselect would use
//! (the strategy's route for a route model, else the candidate's best
//! deployment), with promptfoo's provider id for its host and the offering's
//! `api_id`. Its `label` is the fmselect model id, so results map back
//! exactly. A self-hosted model becomes an OpenAI-compatible endpoint with a
//! placeholder base URL (vLLM, SGLang and TGI all serve that API). A host
//! with no known promptfoo provider is replaced by another allowed host of
//! the same model, said so in a comment; only when there is none is a
//! placeholder endpoint written.
//!
//! `prompts` and `tests` come from the requirements' `evals:` key when given
//! (`expect_contains` → an `icontains` assert, `rubric` → `llm-rubric`);
//! otherwise a commented placeholder keeps the file valid.
//!
//! Sensitive data stays in: every provider names the variable its key comes
//! from, pinned where promptfoo would fall back to `OPENAI_API_KEY` (see
//! [`key_config`]); for confidential or regulated data the placeholder
//! assert is deterministic and rubrics are graded by a self-hosted provider,
//! never by promptfoo's default grader on OpenAI's API (see `samples`).
//! `tests/integrations.rs` runs the output through the real promptfoo.

use std::collections::BTreeSet;

use super::{Deployment, Export, comment, yaml_key, yaml_str, yaml_text};
use crate::catalog::OfferingKind;
use crate::recommend::{RecommendOptions, Recommendation};
use crate::requirements::EvalSamples;

/// How a host is reached from promptfoo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A dedicated provider: the id is the prefix + the offering's `api_id`.
    /// `key_env` is the variable promptfoo reads its key from (`None` for
    /// providers that authenticate through a cloud credential chain);
    /// `guard` says the provider is built on promptfoo's OpenAI provider,
    /// which falls back to `OPENAI_API_KEY` when `key_env` is unset — the
    /// export then pins `apiKey` to `key_env` (see [`key_config`]).
    Prefix {
        prefix: &'static str,
        key_env: Option<&'static str>,
        guard: bool,
    },
    /// promptfoo's OpenAI provider pointed at the host's OpenAI-compatible
    /// endpoint (`openai:chat:<api_id>` + `apiBaseUrl` + `apiKeyEnvar`).
    OpenAiCompatible {
        base_url: &'static str,
        key_env: &'static str,
    },
    /// Google Vertex AI: by publisher (see [`vertex`]).
    Vertex,
}

/// fmselect host → promptfoo provider, as promptfoo 0.121.20 (the version
/// `tests/integration/node/package.json` pins) implements them: its
/// provider registry (`src/providers/registry.ts`, the `startsWith` tests)
/// and each provider's constructor — which env var it reads, and whether it
/// extends `OpenAiGenericProvider`, whose `getApiKey` falls back to
/// `OPENAI_API_KEY` when the provider's own variable is unset. The third
/// column is the docs page (promptfoo.dev/docs/providers/<page>).
///
/// Two hosts use the OpenAI provider instead of a dedicated one:
/// DeepInfra has no promptfoo provider (its documented OpenAI-compatible
/// endpoint is used), and promptfoo's `togetherai:` provider moves the
/// whole `config` into the request body, so neither `apiKey` nor
/// `apiKeyEnvar` can be set and `OPENAI_API_KEY` is sent to Together
/// whenever `TOGETHER_API_KEY` is unset; `openai:chat:` with Together's
/// base URL (the one `togetherai:` itself uses) keeps the key in hand.
pub const HOSTS: &[(&str, Target, &str)] = &[
    (
        "openai",
        Target::Prefix {
            prefix: "openai:chat:",
            key_env: Some("OPENAI_API_KEY"),
            guard: false,
        },
        "openai",
    ),
    (
        "anthropic",
        Target::Prefix {
            prefix: "anthropic:messages:",
            key_env: Some("ANTHROPIC_API_KEY"),
            guard: false,
        },
        "anthropic",
    ),
    (
        "google",
        Target::Prefix {
            prefix: "google:",
            key_env: Some("GOOGLE_API_KEY"),
            guard: false,
        },
        "google",
    ),
    ("google-vertex", Target::Vertex, "vertex"),
    (
        "aws-bedrock",
        Target::Prefix {
            prefix: "bedrock:",
            key_env: None,
            guard: false,
        },
        "aws-bedrock",
    ),
    (
        "azure",
        Target::Prefix {
            prefix: "azure:chat:",
            key_env: Some("AZURE_API_KEY"),
            guard: false,
        },
        "azure",
    ),
    (
        "together",
        Target::OpenAiCompatible {
            base_url: "https://api.together.xyz/v1",
            key_env: "TOGETHER_API_KEY",
        },
        "togetherai",
    ),
    ("groq", guarded("groq:", "GROQ_API_KEY"), "groq"),
    (
        "fireworks",
        guarded("fireworks:", "FIREWORKS_API_KEY"),
        "fireworks",
    ),
    (
        "deepseek",
        guarded("deepseek:", "DEEPSEEK_API_KEY"),
        "deepseek",
    ),
    ("mistral", guarded("mistral:", "MISTRAL_API_KEY"), "mistral"),
    ("xai", guarded("xai:", "XAI_API_KEY"), "xai"),
    (
        "alibaba",
        guarded("alibaba:", "DASHSCOPE_API_KEY"),
        "alibaba",
    ),
    (
        "moonshot",
        guarded("moonshot:", "MOONSHOT_API_KEY"),
        "moonshot",
    ),
    (
        "openrouter",
        guarded("openrouter:", "OPENROUTER_API_KEY"),
        "openrouter",
    ),
    (
        "deepinfra",
        Target::OpenAiCompatible {
            base_url: "https://api.deepinfra.com/v1/openai",
            key_env: "DEEPINFRA_API_KEY",
        },
        "openai",
    ),
];

const fn guarded(prefix: &'static str, key_env: &'static str) -> Target {
    Target::Prefix {
        prefix,
        key_env: Some(key_env),
        guard: true,
    }
}

/// Vertex AI's OpenAI-compatible endpoint (the one promptfoo's own Vertex
/// Llama handler calls), for partner models promptfoo's `vertex:` provider
/// has no handler for. Region and project come from the same variables
/// promptfoo's Vertex provider reads; promptfoo leaves an unset `{{ env.X }}`
/// as it is, so the URL is then invalid and nothing is sent.
pub const VERTEX_OPENAPI_BASE_URL: &str = "https://{{ env.VERTEX_REGION }}-aiplatform.googleapis.com/v1beta1/projects/{{ env.VERTEX_PROJECT_ID }}/locations/{{ env.VERTEX_REGION }}/endpoints/openapi";

/// The variable holding a Google Cloud access token for that endpoint.
pub const VERTEX_TOKEN_ENV: &str = "VERTEX_ACCESS_TOKEN";

/// How promptfoo's `vertex:` provider (0.121.20, `VertexChatProvider.
/// callApiInternal`) handles a Vertex model id: by substring — `claude` →
/// the Anthropic publisher's `:rawPredict`, `gemini` → `generateContent`,
/// `llama` → the OpenAI-compatible endpoint with `meta/` prepended (and
/// only in us-central1) — and anything else goes to the legacy PaLM
/// `:predict` handler, which partner models (DeepSeek, Qwen, gpt-oss, GLM)
/// do not serve. Those go through [`VERTEX_OPENAPI_BASE_URL`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VertexRoute {
    /// `vertex:<id>`, with config entries.
    Native(String, Vec<(&'static str, &'static str)>),
    /// `openai:chat:<id>` on Vertex's OpenAI-compatible endpoint.
    OpenAiCompatible(String),
}

pub fn vertex(api_id: &str) -> VertexRoute {
    if api_id.contains("claude") || api_id.contains("gemini") {
        VertexRoute::Native(api_id.to_owned(), Vec::new())
    } else if api_id.contains("llama") {
        VertexRoute::Native(
            api_id.strip_prefix("meta/").unwrap_or(api_id).to_owned(),
            vec![("region", "us-central1")],
        )
    } else {
        VertexRoute::OpenAiCompatible(api_id.to_owned())
    }
}

/// `apiKeyEnvar` (and, where promptfoo would fall back to `OPENAI_API_KEY`,
/// `apiKey` pinned to the same variable) with the comment that it must be
/// set. promptfoo renders `{{ env.NAME }}` only when NAME is set; unset,
/// the literal text is sent as the key and the host refuses it — no other
/// key leaves the machine.
fn key_config(key_env: &str, guard: bool) -> Vec<(&'static str, String, Option<String>)> {
    let mut out = vec![(
        "apiKeyEnvar",
        yaml_str(key_env),
        Some(format!("{key_env} must be set")),
    )];
    if guard {
        out.push((
            "apiKey",
            yaml_str(&format!("{{{{ env.{key_env} }}}}")),
            Some(format!(
                "pinned: with {key_env} unset promptfoo would send OPENAI_API_KEY here"
            )),
        ));
    }
    out
}

/// The placeholder base URL of a self-hosted OpenAI-compatible server.
pub const SELF_HOSTED_BASE_URL: &str = "http://localhost:8000/v1";

/// The key variable of a self-hosted server: vLLM's own name for the key
/// its `--api-key` sets; any value when the server was started without one.
pub const SELF_HOSTED_KEY_ENV: &str = "VLLM_API_KEY";

/// The placeholder base URL of a hosted API promptfoo has no provider for.
pub const PLACEHOLDER_HOSTED_BASE_URL: &str = "https://REPLACE-WITH-HOST-ENDPOINT/v1";

fn target(host: &str) -> Option<(Target, &'static str)> {
    HOSTS
        .iter()
        .find(|(h, _, _)| *h == host)
        .map(|(_, t, page)| (*t, *page))
}

/// A deployment promptfoo can call as is: a mapped host and an `api_id`.
fn mappable(d: &Deployment) -> bool {
    d.offering.kind != OfferingKind::SelfHosted
        && d.offering
            .api_id
            .as_deref()
            .is_some_and(|id| !id.is_empty())
        && d.offering.host.as_deref().and_then(target).is_some()
}

/// One provider of the config.
struct Provider {
    id: String,
    label: String,
    /// `config:` entries (key, rendered value, trailing comment).
    config: Vec<(&'static str, String, Option<String>)>,
    /// Comment lines above the entry.
    comments: Vec<String>,
    /// A self-hosted endpoint: data sent to it stays in the company's
    /// infrastructure, so it may grade model-graded asserts.
    local: bool,
}

/// Renders the promptfoo config for a recommendation.
pub fn render(rec: &Recommendation, opts: &RecommendOptions) -> Export {
    let report = &rec.report;
    let mut notes = Vec::new();
    let mut providers = Vec::new();
    for (id, why) in report.evals.shortlist.iter().zip(&report.evals.why) {
        let Some(model) = rec.catalog.model(id) else {
            continue;
        };
        let (chosen, origin) = chosen_deployment(rec, id);
        let mut comments = vec![format!("{} ({id}) — {why}", model.name)];
        let provider = match chosen {
            Some(d) if d.offering.kind == OfferingKind::SelfHosted => {
                self_hosted(d, origin, &mut comments, rec)
            }
            Some(d) if mappable(&d) => hosted(d, &format!("fmselect's {origin}"), &mut comments),
            other => {
                // The preferred host has no promptfoo provider (or no api_id):
                // the same model on another allowed host, else a placeholder.
                let alternative = super::allowed(rec, model)
                    .into_iter()
                    .filter(mappable)
                    .min_by_key(|d| {
                        (
                            other.is_some_and(|o| o.offering.kind != d.offering.kind),
                            d.index,
                        )
                    });
                let missing = match &other {
                    Some(o) if o.offering.api_id.is_none() => format!(
                        "the catalog has no API model id for {} ({})",
                        o.describe(),
                        origin
                    ),
                    Some(o) => format!(
                        "promptfoo has no provider known to fmselect for host `{}` ({origin})",
                        o.offering.host.as_deref().unwrap_or("unknown")
                    ),
                    None => "fmselect could not resolve its deployment".to_owned(),
                };
                match alternative {
                    Some(alt) => {
                        notes.push(format!(
                            "promptfoo: `{id}`: {missing}; it is evaluated on {} instead",
                            alt.describe()
                        ));
                        hosted(
                            alt,
                            &format!("the same model stands in here because {missing}"),
                            &mut comments,
                        )
                    }
                    None => {
                        notes.push(format!(
                            "promptfoo: `{id}`: {missing}; a placeholder OpenAI-compatible endpoint was written — edit it"
                        ));
                        comments.push(format!(
                            "{missing}. Placeholder: point apiBaseUrl at an OpenAI-compatible endpoint serving this model."
                        ));
                        let host = other
                            .and_then(|o| o.offering.host.as_deref())
                            .unwrap_or("host");
                        let key_env = format!(
                            "{}_API_KEY",
                            host.to_ascii_uppercase()
                                .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                        );
                        Provider {
                            id: format!(
                                "openai:chat:{}",
                                other
                                    .and_then(|o| o.served_id().map(str::to_owned))
                                    .unwrap_or_else(|| id.clone())
                            ),
                            label: id.clone(),
                            config: [
                                vec![(
                                    "apiBaseUrl",
                                    yaml_str(PLACEHOLDER_HOSTED_BASE_URL),
                                    Some("placeholder: replace".to_owned()),
                                )],
                                key_config(&key_env, true),
                            ]
                            .concat(),
                            comments: Vec::new(),
                            local: false,
                        }
                    }
                }
            }
        };
        providers.push(Provider {
            comments: [comments, provider.comments].concat(),
            ..provider
        });
    }

    let mut out = String::new();
    header(&mut out, rec, opts, providers.len());
    out.push_str(&format!(
        "description: {}\n\n",
        yaml_str(&format!(
            "fmselect eval plan: {} ({})",
            report
                .requirements
                .name
                .as_deref()
                .unwrap_or("requirements"),
            report.requirements.task_type().as_str()
        ))
    ));
    out.push_str("providers:\n");
    for p in &providers {
        write_provider(&mut out, p);
    }
    out.push('\n');
    let sensitivity = report.requirements.data.sensitivity;
    let grader = sensitivity
        .must_stay_local()
        .then(|| providers.iter().find(|p| p.local));
    samples(
        &mut out,
        report.requirements.evals.as_ref(),
        sensitivity.must_stay_local().then(|| sensitivity.as_str()),
        grader.flatten(),
    );
    Export { text: out, notes }
}

/// One item of `providers:`, with its comments.
fn write_provider(out: &mut String, p: &Provider) {
    for c in &p.comments {
        out.push_str(&format!("  # {}\n", comment(c)));
    }
    out.push_str(&format!("  - id: {}\n", yaml_str(&p.id)));
    out.push_str(&format!("    label: {}\n", yaml_str(&p.label)));
    write_config(out, &p.config, 4);
}

/// The `providers:` item the export writes for `api_id` on a mapped
/// `host`, labelled `label` (`None` for a host without a promptfoo
/// provider). For tests that check every row of [`HOSTS`] against the
/// real promptfoo.
pub fn provider_item(host: &str, api_id: &str, label: &str) -> Option<String> {
    let (target, _) = target(host)?;
    let mut comments = Vec::new();
    let (id, config) = provider_for(target, api_id, &mut comments);
    let mut out = String::new();
    write_provider(
        &mut out,
        &Provider {
            id,
            label: label.to_owned(),
            config,
            comments,
            local: false,
        },
    );
    Some(out)
}

/// The `providers:` item of a self-hosted OpenAI-compatible server serving
/// `served`, labelled `label`.
pub fn self_hosted_item(served: &str, label: &str) -> String {
    let mut out = String::new();
    write_provider(
        &mut out,
        &Provider {
            id: format!("openai:chat:{served}"),
            label: label.to_owned(),
            config: self_hosted_config(),
            comments: Vec::new(),
            local: true,
        },
    );
    out
}

/// A provider's `config:` block at `indent` spaces (nothing when empty).
fn write_config(out: &mut String, config: &[ConfigEntry], indent: usize) {
    if config.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    out.push_str(&format!("{pad}config:\n"));
    for (k, v, note) in config {
        out.push_str(&format!("{pad}  {k}: {v}"));
        if let Some(n) = note {
            out.push_str(&format!("  # {}", comment(n)));
        }
        out.push('\n');
    }
}

/// The deployment fmselect uses for a model: its first route's (the
/// sensitive route first, as the strategy lists them), else its best.
fn chosen_deployment<'c>(rec: &'c Recommendation, id: &str) -> (Option<Deployment<'c>>, String) {
    let report = &rec.report;
    let model = rec.catalog.model(id);
    let route = report
        .strategy
        .as_ref()
        .and_then(|s| s.routes.iter().find(|r| r.model == id));
    let (deployment, host, sensitive, origin) =
        match (route, report.candidates.iter().find(|c| c.id == id)) {
            (Some(r), _) => (
                r.deployment.as_str(),
                r.host.as_deref(),
                r.traffic == "sensitive"
                    || (r.traffic == "all" && report.requirements.local_share() > 0.0),
                format!("`{}` route", r.traffic),
            ),
            (None, Some(c)) => (
                c.deployment.as_str(),
                c.host.as_deref(),
                c.serves_sensitive,
                "best deployment".to_owned(),
            ),
            (None, None) => return (None, "choice".to_owned()),
        };
    let resolved = model.and_then(|m| super::resolve(rec, m, deployment, host, sensitive));
    (resolved, origin)
}

/// A provider for an API or private-cloud deployment with a mapped host.
fn hosted(d: Deployment, why: &str, comments: &mut Vec<String>) -> Provider {
    let host = d.offering.host.as_deref().unwrap_or_default();
    let api_id = d.offering.api_id.as_deref().unwrap_or_default();
    let (target, page) = target(host).expect("mappable deployments have a target");
    comments.push(format!(
        "{}: {why}. Credentials: https://promptfoo.dev/docs/providers/{page}",
        d.describe()
    ));
    let (id, config) = provider_for(target, api_id, comments);
    Provider {
        id,
        label: d.model.id.clone(),
        config,
        comments: Vec::new(),
        local: false,
    }
}

type ConfigEntry = (&'static str, String, Option<String>);

/// The provider id and `config:` entries for a model id on a target, and
/// the host's notes as comments.
fn provider_for(
    target: Target,
    api_id: &str,
    comments: &mut Vec<String>,
) -> (String, Vec<ConfigEntry>) {
    match target {
        Target::Prefix {
            prefix,
            key_env,
            guard,
        } => {
            let mut config = Vec::new();
            match prefix {
                "azure:chat:" => {
                    comments.push(
                        "Azure: the id's last part is your deployment name (the model's name here); set apiHost to your resource."
                            .to_owned(),
                    );
                    config.push((
                        "apiHost",
                        yaml_str("YOUR-RESOURCE.openai.azure.com"),
                        Some("placeholder: replace with your Azure OpenAI resource".to_owned()),
                    ));
                }
                "bedrock:" => comments.push(
                    "Bedrock: promptfoo reads no apiKeyEnvar here; AWS credentials must be set: a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK, or the usual chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY). Set config.region (or AWS_REGION) to a region your account may use."
                        .to_owned(),
                ),
                _ => {}
            }
            if let Some(env) = key_env {
                config.extend(key_config(env, guard));
            }
            (format!("{prefix}{api_id}"), config)
        }
        Target::OpenAiCompatible { base_url, key_env } => {
            let mut config = vec![("apiBaseUrl", yaml_str(base_url), None)];
            config.extend(key_config(key_env, true));
            (format!("openai:chat:{api_id}"), config)
        }
        Target::Vertex => match vertex(api_id) {
            VertexRoute::Native(id, extra) => {
                comments.push(
                    "Vertex AI: promptfoo reads no apiKeyEnvar here; Google Cloud application-default credentials (gcloud auth application-default login, or GOOGLE_APPLICATION_CREDENTIALS) and VERTEX_PROJECT_ID must be set."
                        .to_owned(),
                );
                let config = extra
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            yaml_str(v),
                            Some("promptfoo serves Llama on Vertex only in us-central1".to_owned()),
                        )
                    })
                    .collect();
                (format!("vertex:{id}"), config)
            }
            VertexRoute::OpenAiCompatible(id) => {
                comments.push(format!(
                    "Vertex AI partner model: promptfoo's vertex: provider has no handler for it (it would call the legacy PaLM :predict API), so it goes to Vertex's OpenAI-compatible endpoint. VERTEX_REGION, VERTEX_PROJECT_ID and {VERTEX_TOKEN_ENV} must be set: export {VERTEX_TOKEN_ENV}=$(gcloud auth print-access-token) (valid one hour)."
                ));
                let mut config = vec![("apiBaseUrl", yaml_str(VERTEX_OPENAPI_BASE_URL), None)];
                config.extend(key_config(VERTEX_TOKEN_ENV, true));
                (format!("openai:chat:{id}"), config)
            }
        },
    }
}

/// How an alternative deployment would be written, for a comment.
fn describe_target(target: Target, api_id: &str) -> String {
    let (id, config) = provider_for(target, api_id, &mut Vec::new());
    let extra: Vec<String> = config
        .iter()
        .filter(|(k, _, _)| *k != "apiKey")
        .map(|(k, v, _)| format!("{k} {v}"))
        .collect();
    if extra.is_empty() {
        format!("id `{id}`")
    } else {
        format!("id `{id}` with {}", extra.join(", "))
    }
}

/// A provider for a self-hosted deployment: an OpenAI-compatible endpoint
/// with a placeholder base URL, and the same weights on a hosted API (if
/// any is allowed) as a commented alternative.
fn self_hosted(
    d: Deployment,
    origin: String,
    comments: &mut Vec<String>,
    rec: &Recommendation,
) -> Provider {
    let served = d.served_id().unwrap_or(&d.model.id).to_owned();
    comments.push(format!(
        "{} (fmselect's {origin}): an OpenAI-compatible server (vLLM, SGLang, TGI) serving `{served}`.",
        d.describe()
    ));
    comments.push(format!(
        "Replace apiBaseUrl with your server's /v1 root; e.g. `vllm serve {served}` listens on {SELF_HOSTED_BASE_URL}. \
         {SELF_HOSTED_KEY_ENV} must be set: the key given to --api-key, or any value if the server has none."
    ));
    if let Some(alt) = super::allowed(rec, d.model)
        .into_iter()
        .filter(mappable)
        .min_by_key(|a| a.index)
    {
        let (target, _) = alt
            .offering
            .host
            .as_deref()
            .and_then(target)
            .expect("mappable deployments have a target");
        let api_id = alt.offering.api_id.as_deref().unwrap_or_default();
        let how = describe_target(target, api_id);
        comments.push(format!(
            "No GPUs yet? The same weights are hosted ({}): {how} (keep the label; precision may differ).",
            alt.describe()
        ));
    }
    Provider {
        id: format!("openai:chat:{served}"),
        label: d.model.id.clone(),
        config: self_hosted_config(),
        comments: Vec::new(),
        local: true,
    }
}

/// The `config:` of a self-hosted OpenAI-compatible endpoint.
fn self_hosted_config() -> Vec<ConfigEntry> {
    let mut config = vec![(
        "apiBaseUrl",
        yaml_str(SELF_HOSTED_BASE_URL),
        Some("placeholder: replace with your server".to_owned()),
    )];
    config.extend(key_config(SELF_HOSTED_KEY_ENV, true));
    config
}

fn header(out: &mut String, rec: &Recommendation, opts: &RecommendOptions, providers: usize) {
    let report = &rec.report;
    let mut recommend_cmd = super::command_line(&["fmselect", "recommend"], opts);
    recommend_cmd.push_str(" --evals results.json");
    let lines = [
        format!(
            "promptfoo eval config written by fmselect {} — Step 3 of the framework: validate with evals.",
            report.tool.version
        ),
        format!(
            "Generated by: {}",
            super::command_line(&["fmselect", "export", "promptfoo"], opts)
        ),
        format!("From: {}", super::provenance(rec, opts)),
        format!(
            "Providers: the eval plan's shortlist ({providers} models, `evals.shortlist` of the recommend report), each \
             labelled with its fmselect model id so results map back: keep the labels."
        ),
        String::new(),
        "Run:     npx promptfoo@latest eval -c promptfooconfig.yaml -o results.json".to_owned(),
        format!("Re-rank: {recommend_cmd}"),
        "Use 50-200 of your real requests as tests, graded on what matters to your users."
            .to_owned(),
    ];
    for l in lines {
        if l.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {}\n", comment(&l)));
        }
    }
    let req = &report.requirements;
    if req.data.sensitivity.must_stay_local() {
        out.push_str(&format!(
            "#\n# WARNING: your data is {}. Tests sent to hosted providers leave your infrastructure: use\n\
             # synthetic or non-sensitive samples for them, or evaluate only the self-hosted providers.\n",
            req.data.sensitivity.as_str()
        ));
    }
    out.push_str("# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json\n\n");
}

/// `prompts:`, `defaultTest:` and `tests:`, from the requirements' `evals:`
/// key or placeholders.
///
/// `local_only` (the sensitivity, when data must stay local) keeps test data
/// in: the placeholder assert is deterministic (`icontains`) instead of
/// `llm-rubric`, and when the user's tests have rubrics they are graded by
/// `grader` — a self-hosted provider of the list — or, with none, by a
/// placeholder local endpoint; never by promptfoo's default grader, which
/// is OpenAI's hosted API.
fn samples(
    out: &mut String,
    evals: Option<&EvalSamples>,
    local_only: Option<&str>,
    grader: Option<&Provider>,
) {
    let evals = evals.cloned().unwrap_or_default();
    let vars: BTreeSet<&str> = evals
        .tests
        .iter()
        .flat_map(|t| t.vars.keys().map(String::as_str))
        .collect();
    out.push_str("prompts:\n");
    if evals.prompts.is_empty() {
        let template = if vars.is_empty() {
            "{{input}}".to_owned()
        } else if vars.len() == 1 {
            format!("{{{{{}}}}}", vars.iter().next().copied().unwrap_or("input"))
        } else {
            vars.iter()
                .map(|v| format!("{v}: {{{{{v}}}}}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        out.push_str(
            "  # Placeholder: replace with your real prompt template (system instructions, retrieved\n  \
             # context, ...). {{name}} is filled from each test's vars.\n",
        );
        out.push_str(&format!("  - {}\n", yaml_text(&template, 4)));
    } else {
        for p in &evals.prompts {
            out.push_str(&format!("  - {}\n", yaml_text(p, 4)));
        }
    }
    out.push('\n');
    let rubrics = evals.tests.iter().any(|t| t.rubric.is_some());
    match local_only {
        Some(sensitivity) if rubrics => {
            let (id, config, whose) = match grader {
                Some(g) => (
                    g.id.clone(),
                    g.config.clone(),
                    format!("the self-hosted provider `{}`", g.label),
                ),
                None => (
                    "openai:chat:REPLACE-WITH-YOUR-LOCAL-MODEL".to_owned(),
                    self_hosted_config(),
                    "a local OpenAI-compatible server (placeholder: no provider above is self-hosted)"
                        .to_owned(),
                ),
            };
            out.push_str(&format!(
                "# Your data is {sensitivity}: llm-rubric asserts are graded by {whose}, never by\n\
                 # promptfoo's default grader (OpenAI's hosted API), so outputs stay in your infrastructure.\n"
            ));
            out.push_str("defaultTest:\n  options:\n    provider:\n");
            out.push_str(&format!("      id: {}\n", yaml_str(&id)));
            write_config(out, &config, 6);
            out.push('\n');
        }
        Some(sensitivity) => out.push_str(&format!(
            "# Your data is {sensitivity}: the checks below are deterministic (icontains, contains, is-json, ...).\n\
             # A model-graded assert (llm-rubric) would send outputs to promptfoo's default grader, OpenAI's\n\
             # hosted API, unless defaultTest.options.provider names one of the self-hosted providers above.\n\n"
        )),
        None if rubrics => out.push_str(
            "# llm-rubric asserts are graded by a model: promptfoo's default grader is an OpenAI model.\n\
             # To grade with one of the providers above instead:\n\
             # defaultTest:\n#   options:\n#     provider: <a provider id from the list above>\n\n",
        ),
        None => {}
    }
    out.push_str("tests:\n");
    if evals.tests.is_empty() {
        let var = vars.iter().next().copied().unwrap_or("input");
        out.push_str(
            "  # Placeholder: add your real requests, one test each, with checks on the answer\n  \
             # (icontains, llm-rubric, ... — https://promptfoo.dev/docs/configuration/expected-outputs).\n",
        );
        out.push_str("  - description: \"placeholder: replace with a real request\"\n");
        out.push_str(&format!(
            "    vars:\n      {}: \"Replace me with a real request from your users\"\n",
            yaml_key(var)
        ));
        out.push_str(if local_only.is_some() {
            "    assert:\n      - type: icontains\n        value: \"Replace me: a phrase a good answer must contain\"\n"
        } else {
            "    assert:\n      - type: llm-rubric\n        value: \"Replace me: what a good answer must do\"\n"
        });
        return;
    }
    for t in &evals.tests {
        let mut first = true;
        let mut item = |out: &mut String, line: String| {
            out.push_str(if first { "  - " } else { "    " });
            out.push_str(&line);
            out.push('\n');
            first = false;
        };
        if let Some(d) = &t.description {
            item(out, format!("description: {}", yaml_str(d)));
        }
        if t.vars.is_empty() {
            item(out, "vars: {}".to_owned());
        } else {
            item(out, "vars:".to_owned());
            for (k, v) in &t.vars {
                out.push_str(&format!("      {}: {}\n", yaml_key(k), yaml_text(v, 8)));
            }
        }
        if t.expect_contains.is_some() || t.rubric.is_some() {
            out.push_str("    assert:\n");
            if let Some(c) = &t.expect_contains {
                out.push_str(&format!(
                    "      - type: icontains\n        value: {}\n",
                    yaml_text(c, 10)
                ));
            }
            if let Some(r) = &t.rubric {
                out.push_str(&format!(
                    "      - type: llm-rubric\n        value: {}\n",
                    yaml_text(r, 10)
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Vertex ids of the embedded catalog, as promptfoo 0.121.20's
    /// `VertexChatProvider` dispatches them.
    #[test]
    fn vertex_ids_reach_a_handler_that_serves_them() {
        assert_eq!(
            vertex("claude-sonnet-4-6"),
            VertexRoute::Native("claude-sonnet-4-6".to_owned(), Vec::new())
        );
        assert_eq!(
            vertex("gemini-3-flash-preview"),
            VertexRoute::Native("gemini-3-flash-preview".to_owned(), Vec::new())
        );
        // The Llama handler prepends `meta/` itself and serves us-central1 only.
        assert_eq!(
            vertex("meta/llama-4-scout-17b-16e-instruct-maas"),
            VertexRoute::Native(
                "llama-4-scout-17b-16e-instruct-maas".to_owned(),
                vec![("region", "us-central1")]
            )
        );
        for partner in [
            "deepseek-ai/deepseek-v3.2-maas",
            "qwen/qwen3-235b-a22b-instruct-2507-maas",
            "openai/gpt-oss-120b-maas",
            "zai-org/glm-5-maas",
        ] {
            assert_eq!(
                vertex(partner),
                VertexRoute::OpenAiCompatible(partner.to_owned()),
                "{partner} would go to the PaLM :predict handler"
            );
        }
    }

    #[test]
    fn keys_are_named_and_pinned_where_promptfoo_falls_back_to_openai() {
        let openai = key_config("OPENAI_API_KEY", false);
        assert_eq!(openai.len(), 1);
        let groq = key_config("GROQ_API_KEY", true);
        assert_eq!(groq[0].1, "GROQ_API_KEY");
        assert_eq!(groq[1].0, "apiKey");
        assert_eq!(groq[1].1, "\"{{ env.GROQ_API_KEY }}\"");
        // Every host that promptfoo serves through its OpenAI provider is
        // pinned.
        for (host, target, _) in HOSTS {
            if let Target::Prefix {
                prefix,
                guard: false,
                ..
            } = target
            {
                assert!(
                    [
                        "openai:chat:",
                        "anthropic:messages:",
                        "google:",
                        "bedrock:",
                        "azure:chat:"
                    ]
                    .contains(prefix),
                    "{host}: an OpenAI-based provider must pin its key"
                );
            }
        }
    }
}
