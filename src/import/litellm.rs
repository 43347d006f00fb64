//! LiteLLM's `model_prices_and_context_window.json`: a JSON object from model
//! key to prices (USD per token) and limits.
//!
//! Only text-generation entries are imported (`mode: chat` or `responses`).
//! A key names a model at a host: `gpt-5.2` (OpenAI), `azure/eu/gpt-5.4`
//! (Azure, EU data zone), `eu.anthropic.claude-opus-4-6-v1` (Bedrock, EU
//! cross-region profile), `together_ai/meta-llama/Llama-4-Scout-17B-16E-Instruct`.
//! The host comes from `litellm_provider` (mapping.yaml); the offering's
//! `api_id` is the key without LiteLLM's routing prefix and region segment.
//! LiteLLM says nothing about weights, licences or release dates, so those
//! stay null.

use crate::catalog::{LongContextPrice, Modalities, Modality};
use crate::diag::{Diagnostic, Diagnostics};
use crate::node::{Key, Kind, Node};
use crate::source::Source;

use super::common::{
    FieldProblem, Identity, MAX_PER_MTOK, Offer, SKIP_IMPLAUSIBLE, SKIP_NO_OUTPUT_PRICE, Tally,
    catalog_date, field, is_aws_region, json_tree, mapping, modality, modality_list, name_parts,
    not_the_format, offering, opt_bool, opt_count, opt_number, opt_str, opt_strings, p_decimals,
    per_million, split_bedrock, strip_name_prefix,
};

const EXPECTED: &str = "LiteLLM's model_prices_and_context_window.json (a JSON object from model name to prices and limits)";

/// Reads the file's entries into offers.
pub(crate) fn read(
    source: &Source,
    file_label: &str,
) -> Result<(Vec<Offer>, Tally, Vec<Diagnostic>), Diagnostics> {
    let root = json_tree(source, EXPECTED)?;
    let entries = match &root.kind {
        Kind::Map(entries) => entries,
        Kind::Seq(_) => {
            return Err(not_the_format(
                source,
                &root,
                "this is a JSON list, not LiteLLM's price map",
                format!("expected {EXPECTED}"),
            ));
        }
        other => {
            return Err(not_the_format(
                source,
                &root,
                format!("this is {}, not LiteLLM's price map", other.describe()),
                format!("expected {EXPECTED}"),
            ));
        }
    };
    let provider_count = entries
        .iter()
        .filter(|(_, v)| matches!(&v.kind, Kind::Map(e) if field(e, "litellm_provider").is_some()))
        .count();
    if provider_count == 0 {
        let hint = if field(entries, "data").is_some() {
            "it has a top-level `data` list, like an OpenRouter model list: use `--from openrouter`"
                .to_owned()
        } else {
            format!("expected {EXPECTED}; no entry has a `litellm_provider`")
        };
        return Err(not_the_format(
            source,
            &root,
            "this JSON is not LiteLLM's price map",
            hint,
        ));
    }

    let mut tally = Tally::default();
    let mut offers = Vec::new();
    let mut warnings = Vec::new();
    for (key, value) in entries {
        tally.entries_read += 1;
        match entry(key, value, file_label) {
            Ok(Ok(offer)) => offers.push(offer),
            Ok(Err(reason)) => tally.skip(reason),
            Err(problem) => {
                tally.skip("malformed entry (a field has the wrong type)");
                warnings.push(problem.warning(source, &key.name));
            }
        }
    }
    Ok((offers, tally, warnings))
}

/// One entry: an offer, or the reason it is skipped.
fn entry(key: &Key, value: &Node, file_label: &str) -> Result<Result<Offer, String>, FieldProblem> {
    let name = key.name.as_str();
    if name == "sample_spec" {
        return Ok(Err("sample_spec (LiteLLM's field documentation)".to_owned()));
    }
    let Kind::Map(e) = &value.kind else {
        return Err(FieldProblem::new(value, name, "an object"));
    };
    let Some(provider) = opt_str(e, "litellm_provider")? else {
        return Ok(Err("metadata, not a model (no litellm_provider)".to_owned()));
    };
    let mode = opt_str(e, "mode")?.unwrap_or("");
    if !matches!(mode, "chat" | "responses") {
        let mode = if mode.is_empty() { "none" } else { mode };
        return Ok(Err(format!("not text generation (mode: {mode})")));
    }

    // Prices: flat per-token prices, else LiteLLM's tiered pricing.
    let mut input = opt_number(e, "input_cost_per_token")?;
    let mut output = opt_number(e, "output_cost_per_token")?;
    let mut long_context = long_context(e)?;
    let mut tier_note = None;
    if (input.is_none() || output.is_none())
        && let Some(tiers) = tiered(e)?
    {
        input = Some(tiers.0.1);
        output = Some(tiers.0.2);
        if let Some(next) = tiers.1 {
            long_context = Some(next);
        }
        tier_note = Some(format!(
            "tiered pricing ({} tiers): the first tier is the base price{}",
            tiers.2,
            if tiers.1.is_some() {
                ", the second the long-context price; later tiers are not carried"
            } else {
                ""
            }
        ));
    }
    let (Some(input), Some(output)) = (input, output) else {
        return Ok(Err("no per-token price".to_owned()));
    };
    if input < 0.0 || output < 0.0 {
        let node = field(e, "input_cost_per_token").unwrap_or(value);
        return Err(FieldProblem::new(
            node,
            "input_cost_per_token",
            "a price ≥ 0",
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

    // Modalities: chat models read text; the flags and lists add the rest.
    let mut inputs = vec![Modality::Text];
    for (flag, m) in [
        ("supports_vision", Modality::Image),
        ("supports_image_input", Modality::Image),
        ("supports_pdf_input", Modality::Pdf),
        ("supports_audio_input", Modality::Audio),
        ("supports_video_input", Modality::Video),
    ] {
        if opt_bool(e, flag)? {
            inputs.push(m);
        }
    }
    inputs.extend(
        opt_strings(e, "supported_modalities")?
            .into_iter()
            .filter_map(modality),
    );
    let output_list = opt_strings(e, "supported_output_modalities")?;
    let outputs = if output_list.is_empty() {
        vec![Modality::Text]
    } else {
        modality_list(output_list.into_iter().filter_map(modality))
    };
    if !outputs.contains(&Modality::Text) {
        return Ok(Err("no text output".to_owned()));
    }

    let m = mapping();
    let host = m.host("litellm", provider);
    let (api_id, mut regions, bedrock) = host_id(name, provider, &host.host);
    for r in opt_strings(e, "supported_regions")? {
        if regions.is_empty() || !regions.contains(&r.to_owned()) {
            regions.push(r.to_owned());
        }
    }
    // The model name: the last path segment, Bedrock's vendor and version taken off.
    let last = api_id.rsplit('/').next().unwrap_or(&api_id);
    let (segment, bedrock_vendor) = if bedrock || host.host == "oracle-oci" {
        let b = split_bedrock(last, m);
        if let Some(r) = b.region {
            regions.push(r);
        }
        (b.model, b.vendor)
    } else {
        (last.to_owned(), None)
    };
    let segment = if host.host == "fireworks" {
        p_decimals(&segment)
    } else {
        segment
    };
    let (segment, prefix_maker) = if host.maker.is_none() {
        strip_name_prefix(m, &host.host, &segment)
    } else {
        (segment.as_str(), None)
    };
    let names = name_parts(segment);
    let org = api_id
        .rsplit('/')
        .nth(1)
        .and_then(|o| m.vendor(o))
        .or_else(|| bedrock_vendor.as_deref().and_then(|v| m.vendor(v)))
        .or(prefix_maker);
    let (maker, first_party) = match (&org, &host.maker) {
        (Some(o), Some(h)) => (Some(o.clone()), o == h),
        (Some(o), None) => (Some(o.clone()), false),
        (None, Some(h)) => (Some(h.clone()), true),
        (None, None) => (m.maker_from_name(&names.id), false),
    };

    let context = opt_count(e, "max_input_tokens")?;
    let max_output = opt_count(e, "max_output_tokens")?;
    let deprecated = opt_str(e, "deprecation_date")?.and_then(catalog_date);

    let mut off = offering(&host, &api_id, regions);
    off.input_per_mtok = Some(per_million(input));
    off.output_per_mtok = Some(per_million(output));
    off.cached_input_per_mtok = opt_number(e, "cache_read_input_token_cost")?
        .filter(|c| *c >= 0.0)
        .map(per_million);
    off.long_context = long_context;
    off.batch_input_per_mtok = price(e, "input_cost_per_token_batches")?;
    off.batch_output_per_mtok = price(e, "output_cost_per_token_batches")?;
    off.cache_write_per_mtok = price(e, "cache_creation_input_token_cost")?;
    off.audio_input_per_mtok = price(e, "input_cost_per_audio_token")?;
    off.image_input_per_mtok = price(e, "input_cost_per_image_token")?;
    let (rpm, tpm) = (opt_number(e, "rpm")?, opt_number(e, "tpm")?);
    if rpm.is_some() || tpm.is_some() {
        off.rate_limits = Some(crate::catalog::RateLimits { rpm, tpm });
    }
    off.context_window = context;
    off.max_output_tokens = max_output;
    off.source = Some(format!("LiteLLM {file_label} key {name}"));
    let mut notes = Vec::new();
    if mode == "responses" {
        notes.push("Responses API only (LiteLLM mode: responses).".to_owned());
    }
    if let Some(t) = tier_note {
        notes.push(format!("LiteLLM {t}."));
    }
    if !notes.is_empty() {
        off.note = Some(notes.join(" "));
    }

    let identity = Identity {
        deprecated,
        context_window: context,
        max_output_tokens: max_output,
        modalities: Modalities {
            input: modality_list(inputs),
            output: outputs,
        },
        reference: format!("LiteLLM {file_label} key {name}"),
        capabilities: crate::catalog::Capabilities {
            tool_calling: opt_flag(e, "supports_function_calling")?,
            structured_output: opt_flag(e, "supports_response_schema")?,
            reasoning: opt_flag(e, "supports_reasoning")?,
        },
        status: preview_in_name(name),
        source_notes: vec![
            "context_window is LiteLLM's max_input_tokens (the largest prompt); LiteLLM does not state the total window".to_owned(),
        ],
        ..Identity::default()
    };
    Ok(Ok(Offer {
        names,
        maker,
        first_party,
        identity_rank: if first_party { 1 } else { 2 },
        identity,
        offering: off,
        deprecated_status: false,
    }))
}

/// A per-token price field as USD per million tokens (negative = absent).
fn price(e: &[(Key, Node)], key: &str) -> Result<Option<f64>, FieldProblem> {
    Ok(opt_number(e, key)?.filter(|p| *p >= 0.0).map(per_million))
}

/// A boolean flag that may be absent (unknown, never false).
fn opt_flag(e: &[(Key, Node)], key: &str) -> Result<Option<bool>, FieldProblem> {
    if field(e, key).is_none() {
        return Ok(None);
    }
    opt_bool(e, key).map(Some)
}

/// `preview` when the key's name says preview or beta.
fn preview_in_name(name: &str) -> Option<crate::catalog::Status> {
    let lower = name.to_ascii_lowercase();
    (lower.contains("preview") || lower.contains("-beta"))
        .then_some(crate::catalog::Status::Preview)
}

/// The host's own id for a key, the regions the key names, and whether the
/// id is a Bedrock id. `azure/eu/gpt-5.4` → (`gpt-5.4`, [eu]);
/// `bedrock/us-east-1/deepseek.v3.2` → (`deepseek.v3.2`, [us-east-1]).
fn host_id(key: &str, provider: &str, host: &str) -> (String, Vec<String>, bool) {
    let m = mapping();
    let mut segments: Vec<&str> = key.split('/').collect();
    let norm = |s: &str| s.replace('_', "-").to_ascii_lowercase();
    if segments.len() > 1 {
        let first = norm(segments[0]);
        let prov = norm(provider);
        if prov == first || prov.starts_with(&first) {
            segments.remove(0);
        }
    }
    let mut regions = Vec::new();
    let bedrock = host == "aws-bedrock";
    if bedrock {
        while segments.len() > 1 {
            if is_aws_region(segments[0]) {
                regions.push(segments[0].to_owned());
                segments.remove(0);
            } else if matches!(segments[0], "invoke" | "converse") {
                segments.remove(0);
            } else {
                break;
            }
        }
    }
    if host == "azure"
        && segments.len() > 1
        && let Some(r) = m.azure_region(segments[0])
    {
        regions.push(r);
        segments.remove(0);
    }
    (segments.join("/"), regions, bedrock)
}

/// The cheapest-threshold `*_above_Nk_tokens` prices present for both input
/// and output.
fn long_context(e: &[(Key, Node)]) -> Result<Option<LongContextPrice>, FieldProblem> {
    let mut thresholds: Vec<u64> = e
        .iter()
        .filter_map(|(k, _)| {
            k.name
                .strip_prefix("input_cost_per_token_above_")
                .and_then(|t| t.strip_suffix("k_tokens"))
                .and_then(|n| n.parse::<u64>().ok())
        })
        .collect();
    thresholds.sort_unstable();
    for t in thresholds {
        let i = opt_number(e, &format!("input_cost_per_token_above_{t}k_tokens"))?;
        let o = opt_number(e, &format!("output_cost_per_token_above_{t}k_tokens"))?;
        if let (Some(i), Some(o)) = (i, o)
            && i >= 0.0
            && o >= 0.0
        {
            return Ok(Some(LongContextPrice {
                above_tokens: t * 1000,
                input_per_mtok: per_million(i),
                output_per_mtok: per_million(o),
            }));
        }
    }
    Ok(None)
}

/// A tier: (range start, input per token, output per token).
type Tier = (u64, f64, f64);

/// LiteLLM's `tiered_pricing`: the first tier, the next one as a long-context
/// price, and the number of tiers.
fn tiered(
    e: &[(Key, Node)],
) -> Result<Option<(Tier, Option<LongContextPrice>, usize)>, FieldProblem> {
    let Some(node) = field(e, "tiered_pricing") else {
        return Ok(None);
    };
    let Kind::Seq(items) = &node.kind else {
        return Err(FieldProblem::new(node, "tiered_pricing", "a list"));
    };
    let mut tiers: Vec<Tier> = Vec::new();
    for item in items {
        let Kind::Map(t) = &item.kind else {
            return Err(FieldProblem::new(item, "tiered_pricing[]", "an object"));
        };
        let start = match field(t, "range").map(|r| &r.kind) {
            Some(Kind::Seq(r)) => match r.first().map(|n| &n.kind) {
                Some(Kind::Int(i)) => (*i).max(0) as u64,
                Some(Kind::Float(f)) if f.is_finite() && *f >= 0.0 => *f as u64,
                _ => {
                    return Err(FieldProblem::new(
                        item,
                        "tiered_pricing[].range",
                        "[start, end]",
                    ));
                }
            },
            _ => {
                return Err(FieldProblem::new(
                    item,
                    "tiered_pricing[].range",
                    "[start, end]",
                ));
            }
        };
        let (Some(i), Some(o)) = (
            opt_number(t, "input_cost_per_token")?,
            opt_number(t, "output_cost_per_token")?,
        ) else {
            continue;
        };
        tiers.push((start, i, o));
    }
    tiers.sort_by_key(|t| t.0);
    let Some(first) = tiers.first().copied() else {
        return Ok(None);
    };
    let next = tiers.get(1).map(|t| LongContextPrice {
        above_tokens: t.0,
        input_per_mtok: per_million(t.1),
        output_per_mtok: per_million(t.2),
    });
    Ok(Some((first, next, tiers.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_ids_drop_routing_prefixes_and_regions() {
        assert_eq!(
            host_id("azure/eu/gpt-5.4", "azure", "azure"),
            ("gpt-5.4".to_owned(), vec!["eu".to_owned()], false)
        );
        assert_eq!(
            host_id("bedrock/us-east-1/deepseek.v3.2", "bedrock", "aws-bedrock"),
            (
                "deepseek.v3.2".to_owned(),
                vec!["us-east-1".to_owned()],
                true
            )
        );
        assert_eq!(
            host_id(
                "vertex_ai/claude-opus-4-6@default",
                "vertex_ai-anthropic_models",
                "google-vertex"
            ),
            ("claude-opus-4-6@default".to_owned(), vec![], false)
        );
        assert_eq!(
            host_id("amazon-nova/nova-pro-v1", "amazon_nova", "amazon"),
            ("nova-pro-v1".to_owned(), vec![], false)
        );
        assert_eq!(
            host_id(
                "together_ai/meta-llama/Llama-4-Scout-17B-16E-Instruct",
                "together_ai",
                "together"
            )
            .0,
            "meta-llama/Llama-4-Scout-17B-16E-Instruct"
        );
        assert_eq!(host_id("gpt-5.2", "openai", "openai").0, "gpt-5.2");
    }
}
