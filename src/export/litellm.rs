//! `fmselect export litellm`: a LiteLLM proxy `config.yaml` that implements
//! the strategy's routes — the seed's hybrid routing made concrete.
//!
//! Each route becomes a model group (`model_name`) named after its traffic:
//! `fmselect-sensitive`, `fmselect-complex`, `fmselect-bulk` for a blend,
//! `fmselect-non-sensitive` when one model takes all non-sensitive traffic,
//! `fmselect-default` for buy or build. LiteLLM does not classify requests:
//! the application sends each request to the group of its route, and the
//! header says so. Keys are `os.environ/NAME` references, never values.
//!
//! Fallbacks (`litellm_settings.fallbacks`) let the complex and bulk groups
//! stand in for each other when one fails. A group that carries sensitive
//! requests only ever falls back to groups that keep data in the company's
//! infrastructure (see [`fallbacks`]): an outage must not quietly send
//! confidential data to a public API.

use super::{Deployment, Export, comment, is_local, yaml_str};
use crate::catalog::OfferingKind;
use crate::num::fmt_usd;
use crate::recommend::{RecommendOptions, Recommendation};

/// fmselect host → LiteLLM provider prefix and the `litellm_params` that
/// read its credentials from the environment. Evidence:
/// `/work/shared/data/litellm-proxy/FORMAT.md` (openai, anthropic, bedrock,
/// vertex_ai, gemini, azure, groq, mistral, hosted_vllm); the
/// `litellm_provider` names of `src/import/mapping.yaml` (together_ai,
/// fireworks_ai, dashscope, moonshot, zai, xai, deepseek); LiteLLM's docs
/// `providers/{deepinfra,scaleway,zai}.md`.
pub const HOSTS: &[(&str, &str, EnvParams)] = &[
    (
        "openai",
        "openai/",
        &[("api_key", "os.environ/OPENAI_API_KEY")],
    ),
    (
        "anthropic",
        "anthropic/",
        &[("api_key", "os.environ/ANTHROPIC_API_KEY")],
    ),
    (
        "google",
        "gemini/",
        &[("api_key", "os.environ/GEMINI_API_KEY")],
    ),
    (
        "google-vertex",
        "vertex_ai/",
        &[
            ("vertex_project", "os.environ/VERTEXAI_PROJECT"),
            ("vertex_location", "os.environ/VERTEXAI_LOCATION"),
        ],
    ),
    (
        "aws-bedrock",
        "bedrock/",
        &[("aws_region_name", "os.environ/AWS_REGION_NAME")],
    ),
    (
        "azure",
        "azure/",
        &[
            ("api_base", "os.environ/AZURE_API_BASE"),
            ("api_version", "os.environ/AZURE_API_VERSION"),
            ("api_key", "os.environ/AZURE_API_KEY"),
        ],
    ),
    (
        "together",
        "together_ai/",
        &[("api_key", "os.environ/TOGETHERAI_API_KEY")],
    ),
    (
        "deepinfra",
        "deepinfra/",
        &[("api_key", "os.environ/DEEPINFRA_API_KEY")],
    ),
    ("groq", "groq/", &[("api_key", "os.environ/GROQ_API_KEY")]),
    (
        "fireworks",
        "fireworks_ai/",
        &[("api_key", "os.environ/FIREWORKS_AI_API_KEY")],
    ),
    (
        "deepseek",
        "deepseek/",
        &[("api_key", "os.environ/DEEPSEEK_API_KEY")],
    ),
    (
        "mistral",
        "mistral/",
        &[("api_key", "os.environ/MISTRAL_API_KEY")],
    ),
    ("xai", "xai/", &[("api_key", "os.environ/XAI_API_KEY")]),
    (
        "alibaba",
        "dashscope/",
        &[("api_key", "os.environ/DASHSCOPE_API_KEY")],
    ),
    (
        "moonshot",
        "moonshot/",
        &[("api_key", "os.environ/MOONSHOT_API_KEY")],
    ),
    ("zhipu", "zai/", &[("api_key", "os.environ/ZAI_API_KEY")]),
    (
        "scaleway",
        "scaleway/",
        &[("api_key", "os.environ/SCW_SECRET_KEY")],
    ),
    (
        "openrouter",
        "openrouter/",
        &[("api_key", "os.environ/OPENROUTER_API_KEY")],
    ),
];

/// `litellm_params` (name, `os.environ/...` reference) of a host.
pub type EnvParams = &'static [(&'static str, &'static str)];

/// The placeholder `api_base` of a self-hosted vLLM (or other
/// OpenAI-compatible) server.
pub const SELF_HOSTED_API_BASE: &str = "http://localhost:8000/v1";

/// What the fallback rule needs to know about a model group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// `fmselect-<traffic>`.
    pub name: String,
    /// The route's traffic: `all`, `sensitive`, `complex`, `bulk`, `non-sensitive`.
    pub traffic: String,
    /// Whether requests on this group may touch data that must stay local.
    pub carries_sensitive: bool,
    /// Whether the group's deployment keeps data in the company's
    /// infrastructure (self-hosted, or its cloud tenant where allowed).
    pub local: bool,
}

/// The fallbacks between groups, `(group, [fallback groups in order])`:
///
/// - `complex` → `bulk` and `bulk` → `complex`: a cheaper answer beats an
///   error for a hard case, a better one for the bulk;
/// - a group that carries sensitive requests falls back only to *local*
///   groups (the other local groups, in route order) — never off-premises;
/// - every other group (`default`, `non-sensitive`) has none.
///
/// The sensitive rule is applied last, to every group, whatever the rules
/// above produced.
pub fn fallbacks(groups: &[Group]) -> Vec<(String, Vec<String>)> {
    let find = |traffic: &str| groups.iter().find(|g| g.traffic == traffic);
    let mut out = Vec::new();
    for g in groups {
        let mut targets: Vec<&Group> = match g.traffic.as_str() {
            "complex" => find("bulk").into_iter().collect(),
            "bulk" => find("complex").into_iter().collect(),
            _ => Vec::new(),
        };
        if g.carries_sensitive {
            targets = groups
                .iter()
                .filter(|t| t.name != g.name && t.local)
                .collect();
        }
        targets.retain(|t| t.name != g.name && (!g.carries_sensitive || t.local));
        if !targets.is_empty() {
            out.push((
                g.name.clone(),
                targets.iter().map(|t| t.name.clone()).collect(),
            ));
        }
    }
    out
}

/// The model group name of a route's traffic.
pub fn group_name(traffic: &str) -> String {
    match traffic {
        "all" => "fmselect-default".to_owned(),
        t => format!("fmselect-{t}"),
    }
}

/// Which proxy a config is for.
///
/// LiteLLM (checked in 1.108.5's source and with the real proxy in
/// `tests/integrations.rs`) lets any client add `fallbacks` to a request
/// body; they replace the configured ones, and nothing in its config
/// forbids them: the only guards — a key's `disable_fallbacks` metadata, or
/// a key restricted to some model groups — need virtual keys, which need
/// LiteLLM's Postgres database. What a client cannot do is name a model
/// group the proxy does not have. So when a route carries sensitive
/// requests and another route leaves the company's infrastructure, the
/// routes are split over two proxies, and the one that serves sensitive
/// requests has only groups that keep data in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proxy {
    /// Every route, except — when they must be isolated — the ones that
    /// carry sensitive requests.
    Main,
    /// The routes that carry sensitive requests and the other local ones
    /// they may fall back to; nothing that leaves the infrastructure.
    Sensitive,
}

/// Whether the strategy's groups need two proxies: one carries sensitive
/// requests and another is not local.
pub fn needs_split(groups: &[Group]) -> bool {
    groups.iter().any(|g| g.carries_sensitive) && groups.iter().any(|g| !g.local)
}

/// Whether `proxy`'s config holds group `g`.
pub fn serves(proxy: Proxy, split: bool, g: &Group) -> bool {
    match proxy {
        Proxy::Main => !split || !g.carries_sensitive,
        Proxy::Sensitive => g.carries_sensitive || g.local,
    }
}

/// Renders the LiteLLM config; `None` when there is no strategy (nothing
/// satisfies the hard constraints).
pub fn render(rec: &Recommendation, opts: &RecommendOptions, proxy: Proxy) -> Option<Export> {
    let report = &rec.report;
    let strategy = report.strategy.as_ref()?;
    let req = &report.requirements;
    let mut notes = Vec::new();
    let mut all: Vec<(Group, String)> = Vec::new();
    for route in &strategy.routes {
        let mut entries = String::new();
        let name = group_name(&route.traffic);
        let carries_sensitive =
            route.traffic == "sensitive" || (route.traffic == "all" && req.local_share() > 0.0);
        let deployment = rec.catalog.model(&route.model).and_then(|m| {
            super::resolve(
                rec,
                m,
                &route.deployment,
                route.host.as_deref(),
                carries_sensitive,
            )
        });
        let local = deployment.as_ref().is_some_and(is_local);
        let group = Group {
            name: name.clone(),
            traffic: route.traffic.clone(),
            carries_sensitive,
            local,
        };
        entries.push_str(&format!(
            "  # {}: {:.0}% of requests → {} ({}), {}{}.\n",
            route.traffic,
            route.share * 100.0,
            comment(&route.model_name),
            comment(&route.model),
            comment(&deployment.map_or_else(
                || format!(
                    "{} ({})",
                    route.deployment,
                    route.host.as_deref().unwrap_or("?")
                ),
                |d| d.describe()
            )),
            route
                .monthly_cost_usd
                .map(|c| format!(", about {} a month", fmt_usd(c)))
                .unwrap_or_default()
        ));
        entries.push_str(&format!("  # Why: {}\n", comment(&route.reason)));
        let (params, mut comments) = match deployment {
            Some(d) => params(d, &route.traffic, &mut notes),
            None => {
                notes.push(format!(
                    "litellm: route `{}`: cannot find the catalog offering of `{}`; a placeholder was written — edit it",
                    route.traffic, route.model
                ));
                (
                    vec![
                        ("model", format!("openai/{}", route.model), None),
                        (
                            "api_base",
                            SELF_HOSTED_API_BASE.to_owned(),
                            Some("placeholder: replace".to_owned()),
                        ),
                    ],
                    Vec::new(),
                )
            }
        };
        if let Some(d) = &deployment
            && !req.data.residency.is_empty()
            && matches!(
                d.offering.host.as_deref(),
                Some("aws-bedrock" | "google-vertex" | "azure")
            )
        {
            comments.push(format!(
                "data.residency is [{}]: point the region settings at a region there.",
                req.data.residency.join(", ")
            ));
        }
        if let Some(s) = &route.sizing {
            comments.push(format!(
                "fmselect sized it at {} replica(s) × {} {} GPU(s): add one entry per replica with this model_name to load-balance.",
                s.plan.replicas,
                s.plan.gpus_per_replica,
                s.gpu_name
            ));
        }
        for c in comments {
            entries.push_str(&format!("  # {}\n", comment(&c)));
        }
        entries.push_str(&format!("  - model_name: {}\n", yaml_str(&name)));
        entries.push_str("    litellm_params:\n");
        for (k, v, note) in params {
            entries.push_str(&format!("      {k}: {}", yaml_str(&v)));
            if let Some(n) = note {
                entries.push_str(&format!("  # {}", comment(&n)));
            }
            entries.push('\n');
        }
        all.push((group, entries));
    }
    let split = needs_split(&all.iter().map(|(g, _)| g.clone()).collect::<Vec<_>>());
    let (groups, entries): (Vec<Group>, Vec<String>) = all
        .into_iter()
        .filter(|(g, _)| serves(proxy, split, g))
        .unzip();
    let entries = entries.concat();
    if proxy == Proxy::Sensitive && !groups.iter().any(|g| g.carries_sensitive) {
        notes.push(
            "litellm: no route carries sensitive requests; this config holds only the local routes"
                .to_owned(),
        );
    }
    let fallbacks = fallbacks(&groups);

    let mut out = String::new();
    header(&mut out, rec, opts, &groups, &fallbacks, proxy, split);
    out.push_str("model_list:\n");
    out.push_str(&entries);
    out.push_str(
        "\nrouter_settings:\n  routing_strategy: simple-shuffle  # across deployments of one model_name\n  num_retries: 2\n",
    );
    out.push_str("\nlitellm_settings:\n  drop_params: true  # drop request parameters a provider does not support\n");
    if fallbacks.is_empty() {
        out.push_str("  fallbacks: []\n");
    } else {
        out.push_str("  fallbacks:\n");
        for (from, to) in &fallbacks {
            out.push_str(&format!(
                "    - {{{}: [{}]}}\n",
                yaml_str(from),
                to.iter()
                    .map(|t| yaml_str(t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out.push_str(
        "\ngeneral_settings:\n  master_key: os.environ/LITELLM_MASTER_KEY  # clients authenticate with this key\n",
    );
    Some(Export { text: out, notes })
}

type Param = (&'static str, String, Option<String>);

/// The `litellm_params` of a deployment, and comments for its entry.
fn params(d: Deployment, traffic: &str, notes: &mut Vec<String>) -> (Vec<Param>, Vec<String>) {
    let mut comments = Vec::new();
    if d.offering.kind == OfferingKind::SelfHosted {
        let served = d.served_id().unwrap_or(&d.model.id).to_owned();
        comments.push(format!(
            "Serve the weights with an OpenAI-compatible server, e.g. `vllm serve {served}`; add api_key: os.environ/VLLM_API_KEY if it was started with --api-key."
        ));
        return (
            vec![
                ("model", format!("hosted_vllm/{served}"), None),
                (
                    "api_base",
                    SELF_HOSTED_API_BASE.to_owned(),
                    Some("placeholder: your server's /v1 root".to_owned()),
                ),
            ],
            comments,
        );
    }
    let host = d.offering.host.as_deref().unwrap_or("unknown");
    let served = match d.served_id() {
        Some(id) => id.to_owned(),
        None => {
            notes.push(format!(
                "litellm: route `{traffic}`: the catalog has no API model id for `{}` {}; its fmselect id was written — replace it with the host's model id",
                d.model.id,
                d.describe()
            ));
            comments.push(format!(
                "REPLACE the model id: the catalog does not give {}'s id for `{}`.",
                host, d.model.id
            ));
            d.model.id.clone()
        }
    };
    match HOSTS.iter().find(|(h, _, _)| *h == host) {
        Some((_, prefix, extra)) => {
            let mut params: Vec<Param> = vec![("model", format!("{prefix}{served}"), None)];
            params.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned(), None)));
            if host == "azure" {
                comments.push(
                    "Azure: the part after azure/ is your deployment name (the model's name here)."
                        .to_owned(),
                );
            }
            (params, comments)
        }
        None => {
            let env = format!(
                "os.environ/{}_API_KEY",
                host.to_ascii_uppercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            );
            notes.push(format!(
                "litellm: route `{traffic}`: no LiteLLM provider known to fmselect for host `{host}`; an OpenAI-compatible entry with a placeholder api_base was written — edit it"
            ));
            comments.push(format!(
                "No LiteLLM provider known to fmselect for host `{host}`: set api_base to its OpenAI-compatible endpoint."
            ));
            (
                vec![
                    ("model", format!("openai/{served}"), None),
                    (
                        "api_base",
                        "https://REPLACE-WITH-HOST-ENDPOINT/v1".to_owned(),
                        Some("placeholder: replace".to_owned()),
                    ),
                    ("api_key", env, None),
                ],
                comments,
            )
        }
    }
}

fn header(
    out: &mut String,
    rec: &Recommendation,
    opts: &RecommendOptions,
    groups: &[Group],
    fallbacks: &[(String, Vec<String>)],
    proxy: Proxy,
    split: bool,
) {
    let report = &rec.report;
    let Some(st) = &report.strategy else {
        return;
    };
    let words: &[&str] = match proxy {
        Proxy::Main => &["fmselect", "export", "litellm"],
        Proxy::Sensitive => &["fmselect", "export", "litellm", "--sensitive-proxy"],
    };
    let mut lines = vec![
        format!(
            "LiteLLM proxy config written by fmselect {}: the {} strategy's routes as model groups{}.",
            report.tool.version,
            st.kind.as_str().to_uppercase(),
            match proxy {
                Proxy::Main if split => ", except the sensitive ones",
                Proxy::Main => "",
                Proxy::Sensitive => " — the proxy for sensitive requests",
            }
        ),
        format!("Generated by: {}", super::command_line(words, opts)),
        format!("From: {}", super::provenance(rec, opts)),
        String::new(),
        "Routes (model_name — share of requests — model — deployment):".to_owned(),
    ];
    for r in &st.routes {
        lines.push(format!(
            "  {:<24} {:>4.0}%  {}  {} {}",
            group_name(&r.traffic),
            r.share * 100.0,
            r.model,
            r.deployment,
            r.host.as_deref().unwrap_or("")
        ));
    }
    let names: Vec<String> = groups.iter().map(|g| format!("\"{}\"", g.name)).collect();
    lines.push(String::new());
    if groups.len() > 1 {
        lines.push(
            "LiteLLM does not classify requests: your application decides which route each request takes and sends"
                .to_owned(),
        );
        lines.push(format!(
            "it with \"model\" set to one of {}:",
            names.join(", ")
        ));
        for g in groups {
            lines.push(format!(
                "  {} — {}",
                g.name,
                match g.traffic.as_str() {
                    "sensitive" =>
                        "requests that touch the data that must stay in your infrastructure",
                    "complex" => "the hard non-sensitive cases",
                    "bulk" => "every other non-sensitive request",
                    "non-sensitive" => "every request that does not touch sensitive data",
                    _ => "all requests",
                }
            ));
        }
        lines.push(
            "The shares are fmselect's traffic assumptions (data.sensitive_share, accuracy.complex_share), not settings."
                .to_owned(),
        );
    } else {
        lines.push(format!(
            "Clients send every request with \"model\": {}.",
            names.join(", ")
        ));
    }
    lines.push(String::new());
    lines.push(
        "Secrets: every key is read from the environment (os.environ/NAME); none is written in this file."
            .to_owned(),
    );
    let fb: Vec<String> = fallbacks
        .iter()
        .map(|(from, to)| format!("{from} → {}", to.join(", ")))
        .collect();
    lines.push(format!(
        "Fallbacks: {}.",
        if fb.is_empty() {
            "none".to_owned()
        } else {
            fb.join("; ")
        }
    ));
    if groups.iter().any(|g| g.carries_sensitive) || split {
        lines.push(
            "A group that carries sensitive requests never falls back to a deployment outside your infrastructure."
                .to_owned(),
        );
    }
    let isolation = [
        "A client can add \"fallbacks\" to a request body and LiteLLM follows them; no LiteLLM setting forbids",
        "that without virtual keys (key metadata disable_fallbacks, or a key limited to some model groups), which need",
        "its Postgres database. A proxy with no external model group cannot send a request to one, so sensitive",
        "requests go to a proxy that has only groups that keep data in your infrastructure.",
    ];
    match proxy {
        Proxy::Main if split => {
            lines.push(String::new());
            lines.push(format!(
                "The sensitive route is NOT in this proxy. Write its own with: {} -o sensitive.yaml",
                super::command_line(
                    &["fmselect", "export", "litellm", "--sensitive-proxy"],
                    opts
                )
            ));
            lines.push("and start it beside this one (litellm --config sensitive.yaml --port 4001); send sensitive requests there.".to_owned());
            lines.extend(isolation.iter().map(|l| (*l).to_owned()));
            lines.push(String::new());
        }
        Proxy::Sensitive => {
            lines.push(String::new());
            lines.push(
                "This proxy holds only groups that keep data in your infrastructure: send sensitive requests here."
                    .to_owned(),
            );
            lines.extend(isolation.iter().map(|l| (*l).to_owned()));
            lines.push(String::new());
        }
        Proxy::Main => {}
    }
    lines.push(match proxy {
        Proxy::Main => "Start: litellm --config config.yaml".to_owned(),
        Proxy::Sensitive => "Start: litellm --config sensitive.yaml --port 4001".to_owned(),
    });
    for l in lines {
        if l.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {}\n", comment(&l)));
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(traffic: &str, carries_sensitive: bool, local: bool) -> Group {
        Group {
            name: group_name(traffic),
            traffic: traffic.to_owned(),
            carries_sensitive,
            local,
        }
    }

    #[test]
    fn complex_and_bulk_back_each_other_up() {
        let groups = [
            group("sensitive", true, true),
            group("complex", false, false),
            group("bulk", false, false),
        ];
        assert_eq!(
            fallbacks(&groups),
            vec![
                (
                    "fmselect-complex".to_owned(),
                    vec!["fmselect-bulk".to_owned()]
                ),
                (
                    "fmselect-bulk".to_owned(),
                    vec!["fmselect-complex".to_owned()]
                ),
            ]
        );
    }

    /// The five route groups under every combination of locality and
    /// sensitivity.
    fn every_combination() -> impl Iterator<Item = Vec<Group>> {
        let traffics = ["sensitive", "complex", "bulk", "non-sensitive", "all"];
        (0u32..(1 << 10)).map(move |mask| {
            traffics
                .iter()
                .enumerate()
                .map(|(i, t)| group(t, mask & (1 << i) != 0, mask & (1 << (i + 5)) != 0))
                .collect()
        })
    }

    /// Every combination of locality and sensitivity: a group that carries
    /// sensitive requests never falls back to a non-local group.
    #[test]
    fn sensitive_traffic_never_falls_back_off_premises() {
        for groups in every_combination() {
            for (from, to) in fallbacks(&groups) {
                let g = groups.iter().find(|g| g.name == from).unwrap();
                assert!(!to.contains(&from), "{from} falls back to itself");
                if g.carries_sensitive {
                    for t in &to {
                        assert!(
                            groups.iter().any(|x| &x.name == t && x.local),
                            "{from} (sensitive) falls back to off-premises {t}: {groups:?}"
                        );
                    }
                }
            }
        }
    }

    /// Every combination: a proxy whose config holds a group that carries
    /// sensitive requests holds no group that leaves the infrastructure
    /// (given that sensitive groups are local, which `resolve` ensures).
    #[test]
    fn no_proxy_mixes_sensitive_and_external_groups() {
        for groups in every_combination() {
            if groups.iter().any(|g| g.carries_sensitive && !g.local) {
                continue;
            }
            let split = needs_split(&groups);
            for proxy in [Proxy::Main, Proxy::Sensitive] {
                let held: Vec<&Group> = groups.iter().filter(|g| serves(proxy, split, g)).collect();
                if held.iter().any(|g| g.carries_sensitive) {
                    assert!(held.iter().all(|g| g.local), "{proxy:?}: {groups:?}");
                }
            }
            // Every group is served by some proxy.
            for g in &groups {
                assert!(
                    serves(Proxy::Main, split, g) || serves(Proxy::Sensitive, split, g),
                    "{g:?} is served nowhere"
                );
            }
        }
    }

    #[test]
    fn sensitive_falls_back_to_a_local_bulk_group_only() {
        let groups = [
            group("sensitive", true, true),
            group("complex", false, false),
            group("bulk", false, true),
        ];
        let f = fallbacks(&groups);
        assert_eq!(
            f[0],
            (
                "fmselect-sensitive".to_owned(),
                vec!["fmselect-bulk".to_owned()]
            )
        );
    }
}
