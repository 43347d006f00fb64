//! `fmselect catalog import`: mappings checked by hand against small cuts of
//! the real files (tests/fixtures/import/), `--merge`, diagnostics, output
//! files, and an end-to-end run over the full files in ../shared/data/ when
//! they are present.

use std::path::{Path, PathBuf};
use std::process::Command;

use fmselect::catalog::{
    CatalogFile, Known, Modality, Model, Offering, OfferingKind, Weights, load_file,
};
use fmselect::import::{self, ImportOptions, Imported, OutputFormat, SourceKind};
use fmselect::source::Source;

const FIXTURES: &str = "tests/fixtures/import";

fn fixture(path: &str) -> String {
    format!("{FIXTURES}/{path}")
}

fn litellm() -> Imported {
    import::import(
        SourceKind::Litellm,
        &fixture("litellm/model_prices_and_context_window.json"),
        Some("2026-07-24"),
    )
    .expect("the LiteLLM fixture imports")
}

fn model<'a>(imported: &'a Imported, id: &str) -> &'a Model {
    imported
        .catalog
        .models
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| {
            let ids: Vec<&str> = imported
                .catalog
                .models
                .iter()
                .map(|m| m.id.as_str())
                .collect();
            panic!("no model {id}; have {ids:?}")
        })
}

fn offering<'a>(m: &'a Model, host: &str, regions: &[&str]) -> &'a Offering {
    m.offerings
        .iter()
        .find(|o| o.host.as_deref() == Some(host) && o.regions == regions)
        .unwrap_or_else(|| panic!("{}: no offering at {host} {regions:?}", m.id))
}

fn prices(o: &Offering) -> (Option<f64>, Option<f64>, Option<f64>) {
    (o.input_per_mtok, o.output_per_mtok, o.cached_input_per_mtok)
}

fn skipped(imported: &Imported, reason_start: &str) -> usize {
    imported
        .tally
        .skipped
        .iter()
        .filter(|(r, _)| r.starts_with(reason_start))
        .map(|(_, n)| n)
        .sum()
}

/// Loads rendered catalog text with the project's loader and checks.
fn load_back(name: &str, text: &str) -> CatalogFile {
    let known = Known::embedded();
    match load_file(&Source::from_text(name, text), &known) {
        Ok((file, _warnings)) => file,
        Err(d) => panic!("{name} does not load:\n{d}"),
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fmselect-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(from: SourceKind, source: &str) -> ImportOptions {
    ImportOptions {
        from,
        source: source.to_owned(),
        output: None,
        merge: None,
        add_new: false,
        as_of: Some("2026-07-24".to_owned()),
        format: None,
    }
}

// ---------------------------------------------------------------------------
// LiteLLM.

#[test]
fn litellm_counts_and_skip_reasons() {
    let imp = litellm();
    let t = &imp.tally;
    assert_eq!(t.entries_read, 29);
    assert_eq!(t.models, 7);
    assert_eq!(t.offerings, 20);
    assert_eq!(t.skipped_total(), 9);
    assert_eq!(skipped(&imp, "sample_spec"), 1);
    assert_eq!(skipped(&imp, "not text generation (mode: embedding)"), 1);
    assert_eq!(
        skipped(&imp, "not text generation (mode: image_generation)"),
        1
    );
    assert_eq!(
        skipped(&imp, "zero price"),
        1,
        "ollama/llama2 is free and local"
    );
    assert_eq!(
        skipped(&imp, "no per-token price"),
        1,
        "github_copilot has none"
    );
    assert_eq!(skipped(&imp, "implausible price"), 1, "wandb's unit error");
    // The dated Anthropic and OpenAI snapshots and Vertex's @default alias.
    assert_eq!(skipped(&imp, "duplicate"), 3);
    assert!(imp.warnings.is_empty());
    assert_eq!(
        t.entries_read,
        t.skipped_total() + t.offerings,
        "every entry is an offering or a skip"
    );
}

#[test]
fn litellm_groups_hosts_into_one_model_with_regions() {
    let imp = litellm();
    let m = model(&imp, "claude-opus-4-6");
    assert_eq!(m.provider, "anthropic");
    // LiteLLM says nothing about weights, licences, tiers or benchmarks.
    assert_eq!(
        (m.weights, m.license.as_deref(), m.tier),
        (None, None, None)
    );
    assert!(m.benchmarks.is_empty());
    assert_eq!(m.context_window, Some(1_000_000));
    assert_eq!(m.max_output_tokens, Some(128_000));
    assert_eq!(
        m.modalities.input,
        vec![Modality::Text, Modality::Image, Modality::Pdf]
    );
    assert_eq!(m.offerings.len(), 6);
    // Hand-checked: input_cost_per_token 5e-06 → 5 USD per million, etc.
    let api = offering(m, "anthropic", &[]);
    assert_eq!(api.kind, OfferingKind::Api);
    assert_eq!(prices(api), (Some(5.0), Some(25.0), Some(0.5)));
    assert_eq!(api.api_id.as_deref(), Some("claude-opus-4-6"));
    assert_eq!(
        api.source.as_deref(),
        Some("LiteLLM model_prices_and_context_window.json key claude-opus-4-6")
    );
    assert_eq!(api.as_of.as_deref(), Some("2026-07-24"));
    let eu = offering(m, "aws-bedrock", &["eu"]);
    assert_eq!(eu.kind, OfferingKind::PrivateCloud);
    assert_eq!(prices(eu), (Some(5.5), Some(27.5), Some(0.55)));
    assert_eq!(
        eu.api_id.as_deref(),
        Some("eu.anthropic.claude-opus-4-6-v1")
    );
    assert_eq!(prices(offering(m, "aws-bedrock", &["global"])).0, Some(5.0));
    assert_eq!(prices(offering(m, "aws-bedrock", &["us"])).0, Some(5.5));
    // In-region Bedrock id: no region named.
    assert_eq!(
        offering(m, "aws-bedrock", &[]).api_id.as_deref(),
        Some("anthropic.claude-opus-4-6-v1")
    );
    // Vertex: the plain id wins over its @default alias.
    let vertex = offering(m, "google-vertex", &[]);
    assert_eq!(
        (vertex.kind, vertex.api_id.as_deref()),
        (OfferingKind::PrivateCloud, Some("claude-opus-4-6"))
    );
    let source = &m.sources[0];
    assert!(
        source.reference.contains("key claude-opus-4-6"),
        "{}",
        source.reference
    );
    assert!(source.reference.contains("--as-of"), "{}", source.reference);
    assert_eq!(source.as_of, "2026-07-24");
}

#[test]
fn litellm_regions_long_context_tiers_and_makers() {
    let imp = litellm();
    let gpt = model(&imp, "gpt-5.2");
    assert_eq!(gpt.provider, "openai");
    assert_eq!(
        prices(offering(gpt, "openai", &[])),
        (Some(1.75), Some(14.0), Some(0.175))
    );
    assert_eq!(offering(gpt, "azure", &[]).kind, OfferingKind::PrivateCloud);
    assert_eq!(
        gpt.context_window,
        Some(272_000),
        "LiteLLM's max_input_tokens"
    );

    // azure/eu/gpt-5.4: the EU data zone at its own price.
    let gpt54 = model(&imp, "gpt-5.4");
    let eu = offering(gpt54, "azure", &["eu"]);
    assert_eq!(
        (eu.input_per_mtok, eu.output_per_mtok),
        (Some(2.75), Some(16.5))
    );
    assert_eq!(eu.api_id.as_deref(), Some("gpt-5.4"));
    let lc = offering(gpt54, "openai", &[]).long_context.unwrap();
    assert_eq!(
        (lc.above_tokens, lc.input_per_mtok, lc.output_per_mtok),
        (272_000, 5.0, 22.5)
    );

    let gemini = model(&imp, "gemini-3-pro-preview");
    assert_eq!(gemini.provider, "google");
    let lc = offering(gemini, "google", &[]).long_context.unwrap();
    assert_eq!(
        (lc.above_tokens, lc.input_per_mtok, lc.output_per_mtok),
        (200_000, 4.0, 18.0)
    );
    assert_eq!(
        offering(gemini, "google-vertex", &[]).kind,
        OfferingKind::PrivateCloud
    );
    assert!(gemini.modalities.input.contains(&Modality::Video));

    // bedrock/us-east-1/deepseek.v3.2 and us.deepseek.v3.2 meet deepseek/deepseek-v3.2;
    // Fireworks' `v3p2` is v3.2.
    let ds = model(&imp, "deepseek-v3.2");
    assert_eq!(ds.provider, "deepseek");
    assert_eq!(
        offering(ds, "aws-bedrock", &["us-east-1"])
            .api_id
            .as_deref(),
        Some("deepseek.v3.2")
    );
    assert_eq!(prices(offering(ds, "aws-bedrock", &["us"])).0, Some(0.62));
    assert_eq!(prices(offering(ds, "fireworks", &[])).0, Some(0.56));

    // Together's FP8 checkpoint and Groq's id are one model, made by Meta.
    let llama = model(&imp, "llama-4-maverick-17b-128e-instruct");
    assert_eq!(llama.provider, "meta");
    assert_eq!(llama.offerings.len(), 2);
    assert_eq!(
        offering(llama, "together", &[]).api_id.as_deref(),
        Some("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8")
    );

    // dashscope/qwen-flash: tiered pricing, the second tier as long context.
    let qwen = model(&imp, "qwen-flash");
    assert_eq!(qwen.provider, "alibaba");
    let o = offering(qwen, "alibaba", &[]);
    assert_eq!(
        (o.input_per_mtok, o.output_per_mtok),
        (Some(0.05), Some(0.4))
    );
    let lc = o.long_context.unwrap();
    assert_eq!(
        (lc.above_tokens, lc.input_per_mtok, lc.output_per_mtok),
        (256_000, 0.25, 2.0)
    );
}

#[test]
fn output_is_sorted_deterministic_and_valid() {
    let a = litellm();
    let b = litellm();
    let ids: Vec<&str> = a.catalog.models.iter().map(|m| m.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    let yaml = import::render(&a.catalog, OutputFormat::Yaml, "# test\n").unwrap();
    assert_eq!(
        yaml,
        import::render(&b.catalog, OutputFormat::Yaml, "# test\n").unwrap()
    );
    let back = load_back("imported.yaml", &yaml);
    assert_eq!(back, a.catalog, "YAML round-trips");
    let json = import::render(&a.catalog, OutputFormat::Json, "").unwrap();
    assert_eq!(
        load_back("imported.json", &json),
        a.catalog,
        "JSON round-trips"
    );
    assert_eq!(back.schema_version, 1);
    assert_eq!(back.as_of.as_deref(), Some("2026-07-24"));
}

// ---------------------------------------------------------------------------
// OpenRouter.

#[test]
fn openrouter_mapping() {
    let imp = import::import(
        SourceKind::OpenRouter,
        &fixture("openrouter/models.json"),
        Some("2026-05-15"),
    )
    .unwrap();
    assert_eq!(imp.tally.entries_read, 10);
    assert_eq!(skipped(&imp, "`:free` variant"), 1);
    assert_eq!(skipped(&imp, "moving alias"), 1);
    assert_eq!(skipped(&imp, "variable price"), 1, "openrouter/auto");
    assert_eq!(imp.tally.models, 7);

    let opus = model(&imp, "claude-opus-4.6");
    assert_eq!(
        (opus.name.as_str(), opus.provider.as_str()),
        ("Claude Opus 4.6", "anthropic")
    );
    assert_eq!(
        opus.weights, None,
        "no Hugging Face id: unknown, not closed"
    );
    let o = &opus.offerings[0];
    assert_eq!(
        (o.kind, o.host.as_deref(), o.api_id.as_deref()),
        (
            OfferingKind::Api,
            Some("openrouter"),
            Some("anthropic/claude-opus-4.6")
        )
    );
    assert_eq!(prices(o), (Some(5.0), Some(25.0), Some(0.5)));
    assert!(
        opus.modalities.input.contains(&Modality::Pdf),
        "`file` is PDF"
    );
    assert!(opus.released.is_some());

    let oss = model(&imp, "gpt-oss-120b");
    assert_eq!(oss.weights, Some(Weights::Open));
    assert!(
        oss.sources[0]
            .note
            .as_deref()
            .unwrap()
            .contains("Hugging Face"),
        "the source note says why"
    );
    assert_eq!(model(&imp, "llama-4-maverick").provider, "meta");
    assert_eq!(model(&imp, "grok-4").provider, "xai");
    let image = model(&imp, "gemini-3-pro-image-preview");
    assert!(image.modalities.output.contains(&Modality::Image));
}

// ---------------------------------------------------------------------------
// models.dev.

#[test]
fn models_dev_mapping_and_grouping() {
    let imp = import::import(
        SourceKind::ModelsDev,
        &fixture("models.dev"),
        Some("2026-07-01"),
    )
    .unwrap();
    assert_eq!(imp.tally.entries_read, 12);
    assert_eq!(skipped(&imp, "zero price"), 1, "GitHub Models is free");
    assert_eq!(skipped(&imp, "no text output"), 1, "the TTS model");
    assert_eq!(
        skipped(&imp, "input price but zero output price"),
        1,
        "the embedding model"
    );
    assert_eq!(skipped(&imp, "marked deprecated"), 2);
    assert!(imp.deprecated_ids.contains("gemini-3-pro-preview"));
    assert!(imp.deprecated_ids.contains("deepseek-v3.1"));

    // The maker's file and three Bedrock files with `base_model = anthropic/claude-opus-4-6`.
    let opus = model(&imp, "claude-opus-4-6");
    assert_eq!(opus.name, "Claude Opus 4.6", "the base model file's name");
    assert_eq!(opus.provider, "anthropic");
    assert_eq!(opus.family.as_deref(), Some("claude-opus"));
    assert_eq!(opus.released.as_deref(), Some("2026-02-05"));
    assert_eq!(opus.weights, Some(Weights::Closed), "open_weights = false");
    assert_eq!(opus.context_window, Some(1_000_000));
    assert_eq!(opus.offerings.len(), 4);
    assert_eq!(
        prices(offering(opus, "anthropic", &[])),
        (Some(5.0), Some(25.0), Some(0.5))
    );
    let eu = offering(opus, "aws-bedrock", &["eu"]);
    assert_eq!(eu.kind, OfferingKind::PrivateCloud);
    assert_eq!(
        eu.api_id.as_deref(),
        Some("eu.anthropic.claude-opus-4-6-v1")
    );
    assert!(
        offering(opus, "aws-bedrock", &["global"])
            .input_per_mtok
            .is_some()
    );
    assert!(
        opus.sources[0]
            .reference
            .contains("models/anthropic/claude-opus-4-6.toml")
    );

    let scout = model(&imp, "llama-4-scout-17b-16e-instruct");
    assert_eq!(scout.weights, Some(Weights::Open));
    assert_eq!(scout.provider, "meta");

    let pro = model(&imp, "gemini-2.5-pro");
    let lc = offering(pro, "google", &[]).long_context.unwrap();
    assert_eq!(
        (lc.above_tokens, lc.input_per_mtok, lc.output_per_mtok),
        (200_000, 2.5, 15.0)
    );
    // alibaba-cn serves from China.
    let r1 = model(&imp, "deepseek-r1-0528");
    assert_eq!(offering(r1, "alibaba", &["cn"]).kind, OfferingKind::Api);
}

// ---------------------------------------------------------------------------
// --merge.

/// Issue 11: each importer maps capability flags, cache-write, batch prices
/// and rate limits, and a missing key stays unknown.
#[test]
fn issue_11_importers_map_capabilities_and_price_dimensions() {
    let imp = litellm();
    let gpt = model(&imp, "gpt-5.4");
    assert_eq!(gpt.capabilities.tool_calling, Some(true));
    let o = offering(gpt, "openai", &[]);
    assert_eq!(
        (o.batch_input_per_mtok, o.batch_output_per_mtok),
        (Some(1.25), Some(7.5))
    );
    let opus = model(&imp, "claude-opus-4-6");
    assert_eq!(
        offering(opus, "anthropic", &[]).cache_write_per_mtok,
        Some(6.25)
    );
    let gemini = model(&imp, "gemini-3-pro-preview");
    let api = offering(gemini, "google", &[]);
    assert_eq!(
        api.rate_limits,
        Some(fmselect::catalog::RateLimits {
            rpm: Some(2000.0),
            tpm: Some(800_000.0)
        })
    );
    assert_eq!(gemini.status, Some(fmselect::catalog::Status::Preview));

    let md = import::import(
        SourceKind::ModelsDev,
        &fixture("models.dev"),
        Some("2026-07-01"),
    )
    .unwrap();
    let opus = model(&md, "claude-opus-4-6");
    assert_eq!(opus.capabilities.tool_calling, Some(true));
    assert_eq!(opus.capabilities.reasoning, Some(true));
    // The maker's file has no structured_output key; the Bedrock offerings
    // state it, so the model's flag comes from them (docs/import.md).
    assert_eq!(opus.capabilities.structured_output, Some(true));
    let md_3pro = model(&md, "gemini-2.5-pro");
    assert!(md_3pro.capabilities.tool_calling.is_some());
    assert_eq!(
        offering(opus, "anthropic", &[]).cache_write_per_mtok,
        Some(6.25)
    );

    let or = import::import(
        SourceKind::OpenRouter,
        &fixture("openrouter/models.json"),
        Some("2026-05-15"),
    )
    .unwrap();
    let opus = model(&or, "claude-opus-4.6");
    assert_eq!(
        (
            opus.capabilities.tool_calling,
            opus.capabilities.structured_output,
            opus.capabilities.reasoning
        ),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(opus.offerings[0].cache_write_per_mtok, Some(6.25));
    let maverick = model(&or, "llama-4-maverick");
    assert_eq!(
        maverick.capabilities.tool_calling, None,
        "`tools` not listed: unknown, never false"
    );
}

/// Issue 11: `--merge` of a LiteLLM cut takes the capability flags the cut
/// states, reports each change, and keeps a flag the cut does not state.
#[test]
fn issue_11_merge_changes_a_capability_and_reports_it() {
    let imp = litellm();
    let (merged, report) =
        import::merge_into(&fixture("curated.yaml"), &imp, false).expect("merges");
    let change = |cap: &str| {
        report
            .capability_changes
            .iter()
            .find(|c| c.model == "gpt-5.2" && c.capability == cap)
            .unwrap_or_else(|| panic!("no {cap} change for gpt-5.2: {report:#?}"))
    };
    let tools = change("tool_calling");
    assert_eq!((tools.old.as_str(), tools.new.as_str()), ("false", "true"));
    let schema = change("structured_output");
    assert_eq!((schema.old.as_str(), schema.new.as_str()), ("null", "true"));
    assert!(
        !report
            .capability_changes
            .iter()
            .any(|c| c.model == "gpt-5.2" && c.capability == "reasoning"),
        "reasoning was already true: {report:#?}"
    );
    let gpt = merged.models.iter().find(|m| m.id == "gpt-5.2").unwrap();
    assert_eq!(gpt.capabilities.tool_calling, Some(true));
    assert_eq!(gpt.capabilities.structured_output, Some(true));
    let src = gpt
        .sources
        .iter()
        .rfind(|s| s.what.contains(&fmselect::catalog::Fact::Capabilities))
        .unwrap();
    assert!(src.reference.contains("LiteLLM"), "{src:?}");
    assert!(
        src.note
            .as_deref()
            .unwrap()
            .contains("tool_calling: false → true")
    );
    let lines = report.lines("curated.yaml").join("\n");
    assert!(
        lines.contains("capability  gpt-5.2: tool_calling false → true"),
        "{lines}"
    );
    // claude-opus-4-6 had no flags: its three appear too.
    assert!(lines.contains("5 capabilities changed"), "{lines}");
}

#[test]
fn merge_reports_price_changes_and_keeps_curated_facts() {
    let imp = litellm();
    let (merged, report) =
        import::merge_into(&fixture("curated.yaml"), &imp, false).expect("merges");
    let change = |model: &str, offering: &str, price: &str| {
        report
            .price_changes
            .iter()
            .find(|c| c.model == model && c.offering.starts_with(offering) && c.price == price)
            .unwrap_or_else(|| panic!("no {price} change for {model} {offering}: {report:#?}"))
    };
    let down = change("claude-opus-4-6", "anthropic api", "input");
    assert_eq!(
        (down.old, down.new, down.is_up()),
        (Some(6.0), Some(5.0), false)
    );
    let down = change("claude-opus-4-6", "anthropic api", "output");
    assert_eq!((down.old, down.new), (Some(30.0), Some(25.0)));
    let up = change("gpt-5.2", "openai api", "input");
    assert_eq!((up.old, up.new, up.is_up()), (Some(1.5), Some(1.75), true));
    // A cached price the curated file lacked appears.
    assert_eq!(
        change("gpt-5.2", "openai api", "cached input").new,
        Some(0.175)
    );
    // Bedrock [us, eu] matched the us. and eu. profiles at the same input and
    // output prices; the cache-write price the curated file lacked appears
    // (issue 11), so no offering is confirmed unchanged.
    assert_eq!(report.confirmed, 0, "{report:#?}");
    assert_eq!(
        change(
            "claude-opus-4-6",
            "aws-bedrock private-cloud",
            "cache write"
        )
        .new,
        Some(6.875)
    );
    let bedrock = offering(
        merged
            .models
            .iter()
            .find(|m| m.id == "claude-opus-4-6")
            .unwrap(),
        "aws-bedrock",
        &["us", "eu"],
    );
    let src = bedrock.source.as_deref().unwrap();
    assert!(
        src.contains("key eu.anthropic.claude-opus-4-6-v1") && src.contains("key us.anthropic"),
        "{src}"
    );
    assert!(
        report
            .offerings_not_in_source
            .iter()
            .any(|o| o.starts_with("claude-opus-4-6 azure")),
        "{report:#?}"
    );
    assert_eq!(
        report.models_not_in_source,
        vec!["llama-4-maverick".to_owned()]
    );
    assert!(
        report
            .new_models
            .contains(&"gemini-3-pro-preview".to_owned())
    );
    assert!(
        report
            .new_offerings
            .iter()
            .any(|o| o.starts_with("claude-opus-4-6 aws-bedrock private-cloud [global]"))
    );

    // Curated facts are kept; only prices, sources and dates move.
    let opus = merged
        .models
        .iter()
        .find(|m| m.id == "claude-opus-4-6")
        .unwrap();
    assert_eq!(opus.benchmarks.get("aa_intelligence_v4_0"), Some(&53.0));
    assert_eq!(opus.tier, Some(fmselect::catalog::Tier::Frontier));
    assert_eq!(opus.license.as_deref(), Some("proprietary"));
    assert_eq!(opus.offerings.len(), 3, "nothing added without --add-new");
    let api = offering(opus, "anthropic", &[]);
    assert_eq!(
        (api.input_per_mtok, api.output_per_mtok),
        (Some(5.0), Some(25.0))
    );
    assert_eq!(api.as_of.as_deref(), Some("2026-07-24"));
    assert!(
        api.source
            .as_deref()
            .unwrap()
            .contains("key claude-opus-4-6")
    );
    let azure = offering(opus, "azure", &[]);
    assert_eq!(azure.source.as_deref(), Some("hand-entered price list"));
    assert_eq!(azure.as_of.as_deref(), Some("2026-01-15"));
    let llama = merged
        .models
        .iter()
        .find(|m| m.id == "llama-4-maverick")
        .unwrap();
    assert_eq!(llama.offerings[0].kind, OfferingKind::SelfHosted);
    assert_eq!(llama.offerings[0].replica_output_tps, Some(3000.0));
    assert_eq!(merged.models.len(), 3);
    assert_eq!(merged.as_of.as_deref(), Some("2026-07-24"));

    let lines = report.lines("curated.yaml").join("\n");
    assert!(
        lines.contains("price down  claude-opus-4-6 anthropic api: input 6 → 5"),
        "{lines}"
    );
    assert!(
        lines.contains("price up    gpt-5.2 openai api gpt-5.2: input 1.5 → 1.75"),
        "{lines}"
    );
    assert!(lines.contains("new models in the source (not added; --add-new adds them)"));

    // The merged catalog still loads.
    let text = import::render(&merged, OutputFormat::Yaml, "").unwrap();
    load_back("merged.yaml", &text);
}

#[test]
fn merge_add_new_and_deprecations() {
    let imp = litellm();
    let (merged, report) = import::merge_into(&fixture("curated.yaml"), &imp, true).unwrap();
    assert!(report.added);
    assert_eq!(merged.models.len(), 3 + report.new_models.len());
    let opus = merged
        .models
        .iter()
        .find(|m| m.id == "claude-opus-4-6")
        .unwrap();
    assert!(opus.offerings.len() > 3);
    let text = import::render(&merged, OutputFormat::Yaml, "").unwrap();
    load_back("merged-add-new.yaml", &text);

    // LiteLLM gives Gemini 3 Pro Preview a deprecation date: the merge sets it.
    let dir = temp_dir("deprecated-dated");
    let curated = dir.join("gemini.yaml");
    std::fs::write(
        &curated,
        "schema_version: 1\nas_of: 2026-06-01\nmodels:\n  - id: gemini-3-pro-preview\n    name: Gemini 3 Pro Preview\n    provider: google\n    modalities: { input: [text], output: [text] }\n    sources: [{ what: [identity, modalities], ref: test, as_of: 2026-06-01 }]\n",
    )
    .unwrap();
    let (merged, report) = import::merge_into(curated.to_str().unwrap(), &imp, false).unwrap();
    assert_eq!(report.deprecated[0].date.as_deref(), Some("2026-03-09"));
    assert!(report.deprecated[0].newly_set);
    assert_eq!(merged.models[0].deprecated.as_deref(), Some("2026-03-09"));
    assert_eq!(
        merged.models[0].offerings.len(),
        0,
        "the curated model had no offering; none is added without --add-new"
    );

    // models.dev marks Gemini 3 Pro Preview deprecated (no date).
    let dev = import::import(
        SourceKind::ModelsDev,
        &fixture("models.dev"),
        Some("2026-07-01"),
    )
    .unwrap();
    let dir = temp_dir("deprecated");
    let curated = dir.join("gemini.yaml");
    std::fs::write(
        &curated,
        "schema_version: 1\nas_of: 2026-06-01\nmodels:\n  - id: gemini-3-pro-preview\n    name: Gemini 3 Pro Preview\n    provider: google\n    modalities: { input: [text], output: [text] }\n    sources: [{ what: [identity, modalities], ref: test, as_of: 2026-06-01 }]\n",
    )
    .unwrap();
    let (_, report) = import::merge_into(curated.to_str().unwrap(), &dev, false).unwrap();
    assert_eq!(
        report.deprecated,
        vec![import::Deprecation {
            model: "gemini-3-pro-preview".to_owned(),
            date: None,
            newly_set: false
        }]
    );
    assert!(
        report
            .lines("gemini.yaml")
            .join("\n")
            .contains("deprecated in the source: gemini-3-pro-preview")
    );
}

// ---------------------------------------------------------------------------
// Diagnostics and files.

#[test]
fn wrong_format_is_named() {
    // An OpenRouter list given as LiteLLM.
    let e = import::import(
        SourceKind::Litellm,
        &fixture("openrouter/models.json"),
        None,
    )
    .unwrap_err();
    let d = &e.0[0];
    assert_eq!(d.code, "wrong-type");
    assert!(
        d.help.as_deref().unwrap().contains("--from openrouter"),
        "{d}"
    );
    // And the other way round.
    let e = import::import(
        SourceKind::OpenRouter,
        &fixture("litellm/model_prices_and_context_window.json"),
        None,
    )
    .unwrap_err();
    assert!(
        e.0[0].help.as_deref().unwrap().contains("--from litellm"),
        "{}",
        e
    );
    // A file where models.dev wants its folder.
    let e = import::import(SourceKind::ModelsDev, &fixture("curated.yaml"), None).unwrap_err();
    assert!(e.0[0].message.contains("data folder"), "{e}");
    // A folder without providers/.
    let e = import::import(SourceKind::ModelsDev, &fixture("litellm"), None).unwrap_err();
    assert!(e.0[0].message.contains("providers/"), "{e}");
    let e = import::import(SourceKind::Litellm, "no/such/file.json", None).unwrap_err();
    assert_eq!(e.0[0].code, "file-not-found");
}

#[test]
fn malformed_json_is_located() {
    let dir = temp_dir("malformed");
    let path = dir.join("prices.json");
    std::fs::write(
        &path,
        "{\n  \"gpt-x\": {\n    \"mode\": \"chat\",\n    oops\n  }\n}\n",
    )
    .unwrap();
    let e = import::import(SourceKind::Litellm, path.to_str().unwrap(), None).unwrap_err();
    let d = &e.0[0];
    assert_eq!(d.code, "json-syntax");
    assert_eq!(d.pos.map(|p| (p.line, p.col)), Some((4, 5)));
    assert!(d.to_string().contains("prices.json:4:5"), "{d}");
}

#[test]
fn a_malformed_entry_is_skipped_with_a_located_warning() {
    let dir = temp_dir("entry");
    let path = dir.join("prices.json");
    std::fs::write(
        &path,
        r#"{
    "good-model": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "max_input_tokens": 8000},
    "bad-model": {"litellm_provider": "openai", "mode": "chat",
        "input_cost_per_token": "cheap", "output_cost_per_token": 2e-06}
}
"#,
    )
    .unwrap();
    let imp = import::import(
        SourceKind::Litellm,
        path.to_str().unwrap(),
        Some("2026-07-24"),
    )
    .unwrap();
    assert_eq!(imp.tally.models, 1);
    assert_eq!(skipped(&imp, "malformed entry"), 1);
    let w = &imp.warnings[0];
    assert_eq!(w.code, "wrong-type");
    assert_eq!(w.pos.map(|p| (p.line, p.col)), Some((4, 33)));
    assert!(w.message.contains("bad-model"), "{w}");
    assert_eq!(
        model(&imp, "good-model").offerings[0].input_per_mtok,
        Some(1.0)
    );
}

#[test]
fn nothing_importable_is_an_error() {
    let dir = temp_dir("empty");
    let path = dir.join("prices.json");
    std::fs::write(
        &path,
        r#"{"e": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 1e-07}}"#,
    )
    .unwrap();
    let e = import::import(SourceKind::Litellm, path.to_str().unwrap(), None).unwrap_err();
    assert_eq!(e.0[0].code, "empty-list");
    assert!(
        e.0[0].help.as_deref().unwrap().contains("mode: embedding"),
        "{e}"
    );
}

#[test]
fn as_of_defaults_to_the_modification_date_and_says_so() {
    let imp = import::import(
        SourceKind::Litellm,
        &fixture("litellm/model_prices_and_context_window.json"),
        None,
    )
    .unwrap();
    assert!(
        imp.as_of_basis.contains("modification date"),
        "{}",
        imp.as_of_basis
    );
    assert!(fmselect::dates::parse_days(&imp.as_of).is_some());
    assert!(
        imp.catalog.models[0].sources[0]
            .reference
            .contains("modification date")
    );
}

#[test]
fn run_writes_the_file_atomically_in_the_format_its_name_says() {
    let dir = temp_dir("run");
    let out = dir.join("litellm.json");
    let mut opts = options(
        SourceKind::Litellm,
        &fixture("litellm/model_prices_and_context_window.json"),
    );
    opts.output = Some(out.to_str().unwrap().to_owned());
    let outcome = import::run(&opts).unwrap();
    assert!(outcome.stdout.is_empty(), "the catalog went to the file");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('{'), "JSON because of the .json name");
    load_back("litellm.json", &text);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left: {leftovers:?}"
    );
    let notes = outcome.notes.join("\n");
    for expected in [
        "entries read",
        "models imported",
        "offerings",
        "skipped",
        "sample_spec",
    ] {
        assert!(notes.contains(expected), "{notes}");
    }

    // To stdout, YAML.
    let outcome = import::run(&options(
        SourceKind::Litellm,
        &fixture("litellm/model_prices_and_context_window.json"),
    ))
    .unwrap();
    assert!(
        outcome
            .stdout
            .starts_with("# Imported by `fmselect catalog import --from litellm`")
    );
    load_back("stdout.yaml", &outcome.stdout);

    // An output path that is a folder: an error, nothing written.
    let mut opts = options(
        SourceKind::Litellm,
        &fixture("litellm/model_prices_and_context_window.json"),
    );
    opts.output = Some(dir.to_str().unwrap().to_owned());
    assert_eq!(
        import::run(&opts).unwrap_err().0[0].code,
        "file-is-directory"
    );
}

#[test]
fn the_binary_keeps_stdout_clean_and_exits_1_on_bad_input() {
    let bin = env!("CARGO_BIN_EXE_fmselect");
    let out = Command::new(bin)
        .args(["catalog", "import", "--from", "litellm"])
        .arg(fixture("openrouter/models.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[wrong-type]"), "{err}");

    let out = Command::new(bin)
        .args(["catalog", "import", "--from", "litellm", "--as-of", "July"])
        .arg(fixture("litellm/model_prices_and_context_window.json"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a malformed flag is a usage error"
    );

    let out = Command::new(bin)
        .args([
            "catalog",
            "import",
            "--from",
            "models.dev",
            "--as-of",
            "2026-07-01",
        ])
        .arg(fixture("models.dev"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("models imported"), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    load_back("models-dev.yaml", &text);
}

// ---------------------------------------------------------------------------
// End to end over the full files.

fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    dir.is_dir().then_some(dir)
}

#[test]
fn full_sources_import_validate_and_recommend() {
    let Some(data) = shared_data() else {
        eprintln!("skipped: ../shared/data is not present");
        return;
    };
    let dir = temp_dir("full");
    let sources = [
        (
            SourceKind::Litellm,
            "litellm/model_prices_and_context_window.json",
            "2026-07-24",
        ),
        (
            SourceKind::OpenRouter,
            "openrouter/models.json",
            "2026-05-15",
        ),
        (SourceKind::ModelsDev, "models.dev", "2026-07-01"),
    ];
    for (kind, path, as_of) in sources {
        let source = data.join(path);
        if !source.exists() {
            eprintln!(
                "skipped {}: {} is not present",
                kind.name(),
                source.display()
            );
            continue;
        }
        let imp = import::import(kind, source.to_str().unwrap(), Some(as_of))
            .unwrap_or_else(|e| panic!("{} does not import:\n{e}", kind.name()));
        assert!(imp.tally.models > 100, "{}: {:?}", kind.name(), imp.tally);
        assert_eq!(
            imp.tally.entries_read,
            imp.tally.skipped_total() + imp.tally.offerings,
            "{}: every entry is an offering or a skip",
            kind.name()
        );
        let text = import::render(&imp.catalog, OutputFormat::Json, "").unwrap();
        let file = dir.join(format!("{}.json", kind.name()));
        std::fs::write(&file, &text).unwrap();
        load_back(file.to_str().unwrap(), &text);
        let rec = fmselect::recommend::recommend(&fmselect::recommend::RecommendOptions {
            requirements: concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/requirements/examples/minimal.yaml"
            )
            .to_owned(),
            catalogs: vec![file.to_str().unwrap().to_owned()],
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("recommend over the {} import fails:\n{e}", kind.name()));
        assert!(
            rec.report.candidates_total > 0,
            "{}: no candidate",
            kind.name()
        );
    }
}
