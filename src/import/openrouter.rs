//! OpenRouter's model list (`GET /api/v1/models`, saved as JSON): `data[]`
//! with `id` (`vendor/model`), per-token prices as strings, the context
//! length, the top provider's output cap, input and output modalities,
//! `created` and `hugging_face_id`.
//!
//! Each model becomes one model with one `api` offering at host `openrouter`
//! (its `api_id` is the OpenRouter id). Weights are `open` only when the entry
//! names a Hugging Face repository (the source note says so); otherwise
//! unknown (null): OpenRouter never says a model is closed.

use crate::catalog::{Modalities, Modality, Weights};
use crate::diag::{Diagnostic, Diagnostics};
use crate::node::{Key, Kind, Node};
use crate::source::Source;

use super::common::{
    FieldProblem, Host, Identity, MAX_PER_MTOK, Offer, SKIP_IMPLAUSIBLE, SKIP_NO_OUTPUT_PRICE,
    Tally, catalog_date, field, json_tree, kebab, mapping, modality, modality_list, name_parts,
    not_the_format, offering, opt_count, opt_str, opt_strings, per_million,
};
use crate::catalog::OfferingKind;

const EXPECTED: &str =
    "OpenRouter's model list (the JSON of GET /api/v1/models: an object with a `data` list)";

pub(crate) fn read(
    source: &Source,
    file_label: &str,
) -> Result<(Vec<Offer>, Tally, Vec<Diagnostic>), Diagnostics> {
    let root = json_tree(source, EXPECTED)?;
    let data = match &root.kind {
        Kind::Map(entries) => match field(entries, "data").map(|n| (n, &n.kind)) {
            Some((_, Kind::Seq(items))) => items,
            Some((n, other)) => {
                return Err(not_the_format(
                    source,
                    n,
                    format!("`data` is {}, not a list of models", other.describe()),
                    format!("expected {EXPECTED}"),
                ));
            }
            None => {
                let looks_litellm = entries.iter().any(|(_, v)| {
                    matches!(&v.kind, Kind::Map(e) if field(e, "litellm_provider").is_some())
                });
                let help = if looks_litellm {
                    "its entries have `litellm_provider`, like LiteLLM's price map: use `--from litellm`".to_owned()
                } else {
                    format!("expected {EXPECTED}")
                };
                return Err(not_the_format(
                    source,
                    &root,
                    "this JSON has no `data` list, so it is not an OpenRouter model list",
                    help,
                ));
            }
        },
        other => {
            return Err(not_the_format(
                source,
                &root,
                format!("this is {}, not an OpenRouter model list", other.describe()),
                format!("expected {EXPECTED}"),
            ));
        }
    };
    let host = Host {
        host: "openrouter".to_owned(),
        kind: OfferingKind::Api,
        maker: None,
        regions: Vec::new(),
    };
    let mut tally = Tally::default();
    let mut offers = Vec::new();
    let mut warnings = Vec::new();
    for (i, item) in data.iter().enumerate() {
        tally.entries_read += 1;
        match entry(item, i, &host, file_label) {
            Ok(Ok(o)) => offers.push(o),
            Ok(Err(reason)) => tally.skip(reason),
            Err(p) => {
                tally.skip("malformed entry (a field has the wrong type)");
                warnings.push(p.warning(source, &format!("data[{i}]")));
            }
        }
    }
    Ok((offers, tally, warnings))
}

fn entry(
    item: &Node,
    index: usize,
    host: &Host,
    file_label: &str,
) -> Result<Result<Offer, String>, FieldProblem> {
    let Kind::Map(e) = &item.kind else {
        return Err(FieldProblem::new(item, "data[]", "an object"));
    };
    let Some(id) = opt_str(e, "id")? else {
        return Err(FieldProblem::new(item, "id", "a model id"));
    };
    if id.starts_with('~') {
        return Ok(Err(
            "moving alias (`~vendor/…-latest`), not a model".to_owned()
        ));
    }
    if id.ends_with(":free") {
        return Ok(Err(
            "`:free` variant (rate-limited copy of a priced model)".to_owned()
        ));
    }
    let (vendor, model_part) = id.split_once('/').unwrap_or(("", id));
    let pricing: &[(Key, Node)] = match field(e, "pricing").map(|n| (n, &n.kind)) {
        Some((_, Kind::Map(p))) => p,
        Some((n, _)) => return Err(FieldProblem::new(n, "pricing", "an object")),
        None => &[],
    };
    let price = |name: &str| -> Result<Option<f64>, FieldProblem> {
        match field(pricing, name) {
            None => Ok(None),
            Some(n) => match &n.kind {
                Kind::Null => Ok(None),
                Kind::Str(s) => s
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or_else(|| FieldProblem::new(n, name, "a price per token")),
                Kind::Int(i) => Ok(Some(*i as f64)),
                Kind::Float(f) => Ok(Some(*f)),
                _ => Err(FieldProblem::new(n, name, "a price per token")),
            },
        }
    };
    let (Some(input), Some(output)) = (price("prompt")?, price("completion")?) else {
        return Ok(Err("no per-token price".to_owned()));
    };
    if input < 0.0 || output < 0.0 {
        return Ok(Err(
            "variable price (a router that picks a model per request)".to_owned(),
        ));
    }
    if input == 0.0 && output == 0.0 {
        return Ok(Err(
            "zero price (free, local or unpriced; not a costable offering)".to_owned(),
        ));
    }
    if input > 0.0 && output == 0.0 {
        return Ok(Err(SKIP_NO_OUTPUT_PRICE.to_owned()));
    }
    if per_million(input) > MAX_PER_MTOK || per_million(output) > MAX_PER_MTOK {
        return Ok(Err(SKIP_IMPLAUSIBLE.to_owned()));
    }
    let arch: &[(Key, Node)] = match field(e, "architecture").map(|n| (n, &n.kind)) {
        Some((_, Kind::Map(a))) => a,
        Some((n, _)) => return Err(FieldProblem::new(n, "architecture", "an object")),
        None => &[],
    };
    let mut inputs: Vec<Modality> = opt_strings(arch, "input_modalities")?
        .into_iter()
        .filter_map(modality)
        .collect();
    if inputs.is_empty() {
        inputs.push(Modality::Text);
    }
    if !inputs.contains(&Modality::Text) {
        return Ok(Err("no text input".to_owned()));
    }
    let outputs: Vec<Modality> = opt_strings(arch, "output_modalities")?
        .into_iter()
        .filter_map(modality)
        .filter(|m| *m != Modality::Pdf && *m != Modality::Video)
        .collect();
    if !outputs.is_empty() && !outputs.contains(&Modality::Text) {
        return Ok(Err("no text output".to_owned()));
    }
    let outputs = if outputs.is_empty() {
        vec![Modality::Text]
    } else {
        modality_list(outputs)
    };

    let top: &[(Key, Node)] = match field(e, "top_provider").map(|n| &n.kind) {
        Some(Kind::Map(t)) => t,
        _ => &[],
    };
    let context = opt_count(e, "context_length")?;
    let host_context = opt_count(top, "context_length")?;
    let max_output = opt_count(top, "max_completion_tokens")?;

    let m = mapping();
    let maker = m.vendor(vendor).or_else(|| m.maker_from_name(model_part));
    let mut names = name_parts(model_part);
    // OpenRouter ids are unique models: keep every one apart (an OpenRouter
    // id never names a snapshot of another), vendor included in the key.
    names.key = format!("{}/{}", kebab(vendor), kebab(model_part));
    names.id = kebab(model_part);
    if names.id.is_empty() {
        names.id = kebab(id);
    }

    let mut source_notes = Vec::new();
    let hf = opt_str(e, "hugging_face_id")?.filter(|h| !h.trim().is_empty());
    let weights = hf.map(|h| {
        source_notes.push(format!(
            "weights: open because OpenRouter names the Hugging Face repository {h}"
        ));
        Weights::Open
    });
    let released = match field(e, "created").map(|n| &n.kind) {
        Some(Kind::Int(secs)) if *secs > 0 => {
            source_notes.push(
                "released is OpenRouter's `created` (when OpenRouter listed the model)".to_owned(),
            );
            Some(crate::dates::format_days(secs.div_euclid(86_400)))
        }
        _ => None,
    };
    let mut notes = Vec::new();
    if let Some(k) = opt_str(e, "knowledge_cutoff")?.and_then(catalog_date) {
        notes.push(format!("Knowledge cutoff {k} (OpenRouter)."));
    }
    let name = opt_str(e, "name")?.map(|n| {
        // "Anthropic: Claude Opus 4.7" → "Claude Opus 4.7".
        n.split_once(": ").map_or(n, |(_, rest)| rest).to_owned()
    });

    let mut off = offering(host, id, Vec::new());
    off.input_per_mtok = Some(per_million(input));
    off.output_per_mtok = Some(per_million(output));
    off.cached_input_per_mtok = price("input_cache_read")?
        .filter(|c| *c >= 0.0)
        .map(per_million);
    off.cache_write_per_mtok = price("input_cache_write")?
        .filter(|c| *c >= 0.0)
        .map(per_million);
    off.context_window = host_context.or(context);
    off.max_output_tokens = max_output;
    off.source = Some(format!("OpenRouter {file_label} data[{index}] id {id}"));
    // `supported_parameters` is the union over OpenRouter's upstream
    // providers: a listed parameter means some provider supports it; an
    // unlisted one stays unknown (never false).
    let params = opt_strings(e, "supported_parameters")?;
    let has = |names: &[&str]| params.iter().any(|p| names.contains(p)).then_some(true);
    let capabilities = crate::catalog::Capabilities {
        tool_calling: has(&["tools"]),
        structured_output: has(&["structured_outputs"]),
        reasoning: has(&["reasoning", "include_reasoning"]),
    };

    let identity = Identity {
        name,
        released,
        deprecated: opt_str(e, "expiration_date")?.and_then(catalog_date),
        weights,
        context_window: context,
        max_output_tokens: max_output,
        modalities: Modalities {
            input: modality_list(inputs),
            output: outputs,
        },
        reference: format!("OpenRouter {file_label} data[{index}] id {id}"),
        source_notes,
        notes,
        capabilities,
        ..Identity::default()
    };
    Ok(Ok(Offer {
        names,
        maker,
        first_party: true,
        identity_rank: 1,
        identity,
        offering: off,
        deprecated_status: false,
    }))
}
