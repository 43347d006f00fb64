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

use std::collections::BTreeSet;

use super::{Deployment, Export, comment, yaml_key, yaml_str, yaml_text};
use crate::catalog::OfferingKind;
use crate::recommend::{RecommendOptions, Recommendation};
use crate::requirements::EvalSamples;

/// How a host is reached from promptfoo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A dedicated provider: the id is the prefix + the offering's `api_id`.
    Prefix(&'static str),
    /// promptfoo's OpenAI provider pointed at the host's OpenAI-compatible
    /// endpoint (`openai:chat:<api_id>` + `apiBaseUrl` + `apiKeyEnvar`).
    OpenAiCompatible {
        base_url: &'static str,
        key_env: &'static str,
    },
}

/// fmselect host → promptfoo provider. Evidence: promptfoo's
/// `site/docs/providers/index.md` table and the provider pages named in the
/// third column (promptfoo.dev/docs/providers/<page>), plus
/// `/work/shared/data/promptfoo/FORMAT.md` §3 for openai, anthropic, google,
/// vertex, bedrock, azure and openrouter. DeepInfra has no promptfoo
/// provider; its documented OpenAI-compatible endpoint is used.
pub const HOSTS: &[(&str, Target, &str)] = &[
    ("openai", Target::Prefix("openai:chat:"), "openai"),
    (
        "anthropic",
        Target::Prefix("anthropic:messages:"),
        "anthropic",
    ),
    ("google", Target::Prefix("google:"), "google"),
    ("google-vertex", Target::Prefix("vertex:"), "vertex"),
    ("aws-bedrock", Target::Prefix("bedrock:"), "aws-bedrock"),
    ("azure", Target::Prefix("azure:chat:"), "azure"),
    ("together", Target::Prefix("togetherai:"), "togetherai"),
    ("groq", Target::Prefix("groq:"), "groq"),
    ("fireworks", Target::Prefix("fireworks:"), "fireworks"),
    ("deepseek", Target::Prefix("deepseek:"), "deepseek"),
    ("mistral", Target::Prefix("mistral:"), "mistral"),
    ("xai", Target::Prefix("xai:"), "xai"),
    ("alibaba", Target::Prefix("alibaba:"), "alibaba"),
    ("moonshot", Target::Prefix("moonshot:"), "moonshot"),
    ("openrouter", Target::Prefix("openrouter:"), "openrouter"),
    (
        "deepinfra",
        Target::OpenAiCompatible {
            base_url: "https://api.deepinfra.com/v1/openai",
            key_env: "DEEPINFRA_API_KEY",
        },
        "openai",
    ),
];

/// The placeholder base URL of a self-hosted OpenAI-compatible server.
pub const SELF_HOSTED_BASE_URL: &str = "http://localhost:8000/v1";

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
                            config: vec![
                                (
                                    "apiBaseUrl",
                                    yaml_str(PLACEHOLDER_HOSTED_BASE_URL),
                                    Some("placeholder: replace".to_owned()),
                                ),
                                ("apiKeyEnvar", yaml_str(&key_env), None),
                            ],
                            comments: Vec::new(),
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
        for c in &p.comments {
            out.push_str(&format!("  # {}\n", comment(c)));
        }
        out.push_str(&format!("  - id: {}\n", yaml_str(&p.id)));
        out.push_str(&format!("    label: {}\n", yaml_str(&p.label)));
        if !p.config.is_empty() {
            out.push_str("    config:\n");
            for (k, v, note) in &p.config {
                out.push_str(&format!("      {k}: {v}"));
                if let Some(n) = note {
                    out.push_str(&format!("  # {}", comment(n)));
                }
                out.push('\n');
            }
        }
    }
    out.push('\n');
    samples(&mut out, report.requirements.evals.as_ref());
    Export { text: out, notes }
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
    let mut config = Vec::new();
    let id = match target {
        Target::Prefix(prefix) => format!("{prefix}{api_id}"),
        Target::OpenAiCompatible { base_url, key_env } => {
            config.push(("apiBaseUrl", yaml_str(base_url), None));
            config.push(("apiKeyEnvar", yaml_str(key_env), None));
            format!("openai:chat:{api_id}")
        }
    };
    match host {
        "azure" => {
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
        "aws-bedrock" => comments.push(
            "Bedrock: set config.region (or AWS_REGION) to a region your account may use; AWS credentials from the usual chain."
                .to_owned(),
        ),
        "google-vertex" => comments.push(
            "Vertex AI: uses Google Cloud application-default credentials and your project and region."
                .to_owned(),
        ),
        _ => {}
    }
    Provider {
        id,
        label: d.model.id.clone(),
        config,
        comments: Vec::new(),
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
        "Replace apiBaseUrl with your server's /v1 root; e.g. `vllm serve {served}` listens on {SELF_HOSTED_BASE_URL}."
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
        let how = match target {
            Target::Prefix(p) => format!("id `{p}{api_id}`"),
            Target::OpenAiCompatible { base_url, key_env } => format!(
                "id `openai:chat:{api_id}` with apiBaseUrl {base_url} and apiKeyEnvar {key_env}"
            ),
        };
        comments.push(format!(
            "No GPUs yet? The same weights are hosted ({}): {how} (keep the label; precision may differ).",
            alt.describe()
        ));
    }
    Provider {
        id: format!("openai:chat:{served}"),
        label: d.model.id.clone(),
        config: vec![
            (
                "apiBaseUrl",
                yaml_str(SELF_HOSTED_BASE_URL),
                Some("placeholder: replace with your server".to_owned()),
            ),
            (
                "apiKey",
                yaml_str("empty"),
                Some("any value if the server was started without --api-key".to_owned()),
            ),
        ],
        comments: Vec::new(),
    }
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

/// `prompts:` and `tests:`, from the requirements' `evals:` key or
/// placeholders.
fn samples(out: &mut String, evals: Option<&EvalSamples>) {
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
    if evals.tests.iter().any(|t| t.rubric.is_some()) {
        out.push_str(
            "# llm-rubric asserts are graded by a model: promptfoo's default grader is an OpenAI model.\n\
             # To keep test data local, grade with one of the providers above:\n\
             # defaultTest:\n#   options:\n#     provider: <a provider id from the list above>\n\n",
        );
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
        out.push_str(
            "    assert:\n      - type: llm-rubric\n        value: \"Replace me: what a good answer must do\"\n",
        );
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
