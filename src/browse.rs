//! `fmselect catalog list` and `catalog show`: what the advice is drawn from,
//! and where each fact came from.

use serde::Serialize;

use crate::catalog::{Catalog, Modality, Model, OfferingKind, Tier, Weights};
use crate::diag::{Diagnostic, Diagnostics, sanitize};
use crate::num::{fmt_count, fmt_price};
use crate::report::layout::{Col, Grid};
use crate::report::{Format, RenderOptions};

/// Filters of `catalog list`; an empty filter matches everything. (The MCP
/// tool `catalog_search` reads them as its arguments.)
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// Only open or only closed weights.
    pub weights: Option<Weights>,
    /// Makers (or hosts) to keep.
    pub providers: Vec<String>,
    /// Input modalities a model must all accept.
    pub modalities: Vec<Modality>,
    /// At least this many tokens of context.
    pub min_context: Option<u64>,
    /// Highest cheapest-API price, USD per million tokens, 3:1 input:output blend.
    pub max_price: Option<f64>,
    /// Tiers to keep.
    pub tiers: Vec<Tier>,
    /// Only models that can be deployed this way.
    pub deployment: Option<OfferingKind>,
    /// Keep retired models.
    pub include_retired: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub catalogs: Vec<String>,
    pub filters: Filters,
    pub format: Format,
    pub render: RenderOptions,
}

#[derive(Debug, Clone, Default)]
pub struct ShowOptions {
    pub catalogs: Vec<String>,
    pub id: String,
    pub format: Format,
    pub render: RenderOptions,
}

/// The cheapest blended (3:1) API price of a model, USD per million tokens.
pub fn blended_api_price(m: &Model) -> Option<f64> {
    m.blended_api_price()
}

impl Filters {
    pub fn matches(&self, m: &Model, today: i64) -> bool {
        let retired = m
            .deprecated
            .as_deref()
            .and_then(crate::dates::parse_days)
            .is_some_and(|d| d <= today);
        (self.include_retired || !retired)
            && self.weights.is_none_or(|w| m.weights == Some(w))
            && (self.providers.is_empty()
                || self.providers.iter().any(|p| {
                    p.eq_ignore_ascii_case(&m.provider)
                        || m.offerings
                            .iter()
                            .any(|o| o.host.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(p)))
                }))
            && self
                .modalities
                .iter()
                .all(|x| m.modalities.input.contains(x))
            && self
                .min_context
                .is_none_or(|c| m.context_window.is_some_and(|w| w >= c))
            && self
                .max_price
                .is_none_or(|p| blended_api_price(m).is_some_and(|b| b <= p))
            && (self.tiers.is_empty() || m.tier.is_some_and(|t| self.tiers.contains(&t)))
            && self
                .deployment
                .is_none_or(|k| m.offerings.iter().any(|o| o.kind == k))
    }
}

/// The JSON of `catalog list` (its schema: `fmselect schema catalog-list`).
#[derive(Serialize, schemars::JsonSchema)]
pub struct ListJson<'a> {
    pub schema_version: u32,
    pub sources: &'a [String],
    pub as_of: Option<&'a str>,
    pub models: Vec<&'a Model>,
}

/// Lists the effective catalog's models that pass the filters.
pub fn list(opts: &ListOptions) -> Result<String, Diagnostics> {
    let catalog = Catalog::load(&opts.catalogs)?;
    Ok(list_in(&catalog, &opts.filters, opts.format, &opts.render))
}

/// [`list`] on a catalog already loaded (the MCP server's).
pub fn list_in(
    catalog: &Catalog,
    filters: &Filters,
    format: Format,
    render: &RenderOptions,
) -> String {
    let today = crate::dates::today();
    let models: Vec<&Model> = catalog
        .models
        .iter()
        .filter(|m| filters.matches(m, today))
        .collect();
    match format {
        Format::Json => crate::report::json::to_json(&ListJson {
            schema_version: 1,
            sources: &catalog.sources,
            as_of: catalog.as_of.as_deref(),
            models,
        }),
        Format::Table | Format::Markdown | Format::Html => {
            // When the width runs short: the provider and the modalities
            // stack under the model, the tier after the weights, the
            // deployments under the prices.
            let mut t = Grid::new(vec![
                Col::keep("Model"),
                Col::stack("Provider", 4, 0),
                Col::keep("Weights"),
                Col::stack("Tier", 3, 2),
                Col::keep("Context").right(),
                Col::stack("Input → output", 2, 0),
                Col::keep("API $/Mtok in/out").right(),
                Col::stack("Runs as", 1, 6),
            ]);
            for m in &models {
                let cheapest = m
                    .offerings
                    .iter()
                    .filter(|o| o.kind != OfferingKind::SelfHosted)
                    .filter_map(|o| Some((o.input_per_mtok?, o.output_per_mtok?)))
                    .min_by(|a, b| (3.0 * a.0 + a.1).total_cmp(&(3.0 * b.0 + b.1)));
                let kinds: Vec<&str> = [
                    OfferingKind::Api,
                    OfferingKind::PrivateCloud,
                    OfferingKind::SelfHosted,
                ]
                .into_iter()
                .filter(|k| m.offerings.iter().any(|o| o.kind == *k))
                .map(crate::score::kind_name)
                .collect();
                t.row(vec![
                    format!("{}\n{}", sanitize(&m.name), sanitize(&m.id)),
                    sanitize(&m.provider).into_owned(),
                    m.weights
                        .map_or("unknown".to_owned(), |w| crate::names::enum_name(&w)),
                    m.tier
                        .map_or("?".to_owned(), |t| crate::names::enum_name(&t)),
                    m.context_window
                        .map_or("?".to_owned(), |c| fmt_count(c as f64)),
                    format!(
                        "{} → {}",
                        names(&m.modalities.input),
                        names(&m.modalities.output)
                    ),
                    cheapest.map_or("—".to_owned(), |(i, o)| {
                        format!("{} / {}", fmt_price(i), fmt_price(o))
                    }),
                    kinds.join(", "),
                ]);
            }
            format!(
                "{} of {} models ({}{})\n{}\n",
                models.len(),
                catalog.models.len(),
                sanitize(&catalog.sources.join(", ")),
                catalog
                    .as_of
                    .as_deref()
                    .map(|d| format!(", as of {d}"))
                    .unwrap_or_default(),
                t.render(render).trim_end()
            )
        }
    }
}

fn names(ms: &[Modality]) -> String {
    ms.iter()
        .map(crate::names::enum_name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Shows one model with every fact and its sources.
pub fn show(opts: &ShowOptions) -> Result<String, Diagnostics> {
    let catalog = Catalog::load(&opts.catalogs)?;
    show_in(&catalog, &opts.id, opts.format, &opts.render)
}

/// The error for a model id the catalog does not have, with the nearest id.
pub fn unknown_model(catalog: &Catalog, id: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "unknown-reference",
        "catalog",
        format!(
            "no model `{id}` in the catalog ({})",
            catalog.sources.join(", ")
        ),
    );
    match crate::diag::did_you_mean(id, catalog.models.iter().map(|m| m.id.as_str())) {
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => d.help("`fmselect catalog list` shows the ids"),
    }
}

/// [`show`] on a catalog already loaded (the MCP server's).
pub fn show_in(
    catalog: &Catalog,
    id: &str,
    format: Format,
    render: &RenderOptions,
) -> Result<String, Diagnostics> {
    let Some(m) = catalog.model(id) else {
        return Err(Diagnostics::single(unknown_model(catalog, id)));
    };
    if format == Format::Json {
        return Ok(crate::report::json::to_json(m));
    }
    let unknown = || "unknown".to_owned();
    let width = crate::report::layout::target_width(render);
    let wrap =
        |text: &str, first: &str, rest: &str| crate::report::layout::wrap(text, width, first, rest);
    let mut out = wrap(
        &format!("{} ({})", sanitize(&m.name), sanitize(&m.id)),
        "",
        "  ",
    );
    let facts: Vec<(&str, String)> = vec![
        ("provider", sanitize(&m.provider).into_owned()),
        (
            "family",
            m.family
                .as_deref()
                .map_or_else(unknown, |f| sanitize(f).into_owned()),
        ),
        ("released", m.released.clone().unwrap_or_else(unknown)),
        (
            "deprecated",
            m.deprecated.clone().unwrap_or_else(|| "no".to_owned()),
        ),
        (
            "weights",
            m.weights
                .map_or_else(unknown, |w| crate::names::enum_name(&w)),
        ),
        (
            "license",
            m.license
                .as_deref()
                .map_or_else(unknown, |l| sanitize(l).into_owned()),
        ),
        (
            "parameters",
            match m.params_b {
                Some(p) => format!(
                    "{} total / {} active (billions)",
                    p.total.map_or_else(unknown, |v| v.to_string()),
                    p.active.map_or_else(unknown, |v| v.to_string())
                ),
                None => unknown(),
            },
        ),
        (
            "context window",
            m.context_window
                .map_or_else(unknown, |c| fmt_count(c as f64)),
        ),
        (
            "max input",
            m.max_input_tokens
                .map_or_else(|| "= context".to_owned(), |c| fmt_count(c as f64)),
        ),
        (
            "max output",
            m.max_output_tokens
                .map_or_else(unknown, |c| fmt_count(c as f64)),
        ),
        (
            "modalities",
            format!(
                "{} → {}",
                names(&m.modalities.input),
                names(&m.modalities.output)
            ),
        ),
        (
            "tier",
            m.tier.map_or_else(unknown, |t| crate::names::enum_name(&t)),
        ),
        (
            "speed",
            format!(
                "{} output tokens/s, {} ms to first token",
                m.speed.output_tps.map_or_else(unknown, |v| v.to_string()),
                m.speed.ttft_ms.map_or_else(unknown, |v| v.to_string())
            ),
        ),
        ("capabilities", {
            let flag = |v: Option<bool>| match v {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            };
            format!(
                "tool calling {}, structured output {}, reasoning {}",
                flag(m.capabilities.tool_calling),
                flag(m.capabilities.structured_output),
                flag(m.capabilities.reasoning)
            )
        }),
        (
            "status",
            m.status
                .map_or_else(unknown, |s| crate::names::enum_name(&s)),
        ),
    ];
    let mut t = Grid::headless(vec![Col::keep("Fact"), Col::keep("Value")]);
    for (k, v) in facts {
        t.row(vec![k.to_owned(), v]);
    }
    out.push_str(&t.render(render));
    out.push_str("\nBenchmarks\n");
    if m.benchmarks.is_empty() {
        out.push_str("  none in the catalog (quality is imputed from the tier)\n");
    }
    for (k, v) in &m.benchmarks {
        let name = catalog
            .metrics
            .iter()
            .find(|x| &x.id == k)
            .map_or(k.as_str(), |x| x.name.as_str());
        out.push_str(&wrap(&format!("{}: {v}", sanitize(name)), "  ", "    "));
    }
    out.push_str("\nOfferings\n");
    // When the width runs short: the API id stacks under the host, the
    // source under the details.
    let mut t = Grid::new(vec![
        Col::keep("Kind"),
        Col::keep("Host / GPU"),
        Col::stack("API id", 2, 1),
        Col::keep("$/Mtok in/out").right(),
        Col::keep("Details"),
        Col::stack("Source", 1, 4),
    ]);
    for o in &m.offerings {
        let details = match o.kind {
            OfferingKind::SelfHosted => format!(
                "{} × {} per replica, {} output tok/s per replica",
                o.precision
                    .map_or_else(unknown, |p| crate::names::enum_name(&p)),
                o.gpus_per_replica
                    .map_or_else(|| "computed".to_owned(), |n| n.to_string()),
                o.replica_output_tps.map_or_else(unknown, |v| v.to_string())
            ),
            _ => {
                let mut d = Vec::new();
                if !o.regions.is_empty() {
                    d.push(format!("regions {}", o.regions.join(", ")));
                }
                for (label, price) in [
                    ("cached input", o.cached_input_per_mtok),
                    ("cache write", o.cache_write_per_mtok),
                    ("batch in", o.batch_input_per_mtok),
                    ("batch out", o.batch_output_per_mtok),
                    ("audio in", o.audio_input_per_mtok),
                    ("image in", o.image_input_per_mtok),
                ] {
                    if let Some(p) = price {
                        d.push(format!("{label} {}", fmt_price(p)));
                    }
                }
                if let Some(rl) = o.rate_limits {
                    let n = |v: Option<f64>| v.map_or_else(unknown, fmt_count);
                    d.push(format!("rate limits {} rpm, {} tpm", n(rl.rpm), n(rl.tpm)));
                }
                if let Some(ft) = o.fine_tuning {
                    let p = |v: Option<f64>| v.map_or_else(unknown, fmt_price);
                    d.push(format!(
                        "fine-tuning: training {}, tuned in/out {} / {}",
                        p(ft.training_per_mtok),
                        p(ft.input_per_mtok),
                        p(ft.output_per_mtok)
                    ));
                }
                if let Some(lc) = o.long_context {
                    d.push(format!(
                        "above {} tokens: {} / {}",
                        fmt_count(lc.above_tokens as f64),
                        fmt_price(lc.input_per_mtok),
                        fmt_price(lc.output_per_mtok)
                    ));
                }
                d.join("; ")
            }
        };
        t.row(vec![
            crate::score::kind_name(o.kind).to_owned(),
            sanitize(o.host.as_deref().or(o.gpu.as_deref()).unwrap_or("?")).into_owned(),
            sanitize(o.api_id.as_deref().unwrap_or("—")).into_owned(),
            match (o.input_per_mtok, o.output_per_mtok) {
                (Some(i), Some(out)) => format!("{} / {}", fmt_price(i), fmt_price(out)),
                _ => "—".to_owned(),
            },
            sanitize(&details).into_owned(),
            format!(
                "{}{}",
                sanitize(o.source.as_deref().unwrap_or("model sources")),
                o.as_of
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            ),
        ]);
    }
    out.push_str(&t.render(render));
    out.push_str("\nSources\n");
    for s in &m.sources {
        let what: Vec<String> = s.what.iter().map(crate::names::enum_name).collect();
        out.push_str(&wrap(
            &format!(
                "[{}] {} ({})",
                what.join(", "),
                sanitize(&s.reference),
                s.as_of
            ),
            "  ",
            "    ",
        ));
        if let Some(n) = &s.note {
            out.push_str(&wrap(&format!("note: {}", sanitize(n)), "      ", "      "));
        }
    }
    if let Some(n) = &m.notes {
        out.push('\n');
        out.push_str(&wrap(&format!("Notes: {}", sanitize(n)), "", "  "));
    }
    Ok(out)
}
