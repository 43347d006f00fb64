//! What the three importers share: the mapping tables (`mapping.yaml`), the
//! normalisation of host model ids into fmselect ids, the grouping of host
//! entries into one model with several offerings, and the tally of what was
//! read and skipped.
//!
//! An importer turns each usable source entry into an [`Offer`]: one way to
//! run one model at one host, with the identity facts that entry states.
//! [`assemble`] groups offers whose normalised names agree into models,
//! drops duplicates (a dated snapshot beside its undated alias at the same
//! host and region), picks the entry that speaks for the model's identity
//! (the maker's own API first) and gives every model a unique kebab-case id.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::node::{Key, Kind as NodeKind, Node};
use crate::source::Source;

use crate::catalog::{
    Fact, LongContextPrice, Modalities, Modality, Model, Offering, OfferingKind, SourceRef, Speed,
    Weights,
};

// ---------------------------------------------------------------------------
// Mapping tables.

/// The tables of `mapping.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mapping {
    hosts: BTreeMap<String, HostTable>,
    bedrock_region_prefixes: Vec<String>,
    azure_region_segments: BTreeMap<String, String>,
    vendors: BTreeMap<String, String>,
    not_vendors: Vec<String>,
    name_prefixes: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostTable {
    exact: BTreeMap<String, HostSpec>,
    prefix: Vec<PrefixSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostSpec {
    host: String,
    #[serde(default)]
    kind: Option<OfferingKind>,
    #[serde(default)]
    maker: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PrefixSpec {
    prefix: String,
    host: String,
    #[serde(default)]
    kind: Option<OfferingKind>,
}

/// Who serves an entry, resolved from the source's provider name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Host {
    pub host: String,
    pub kind: OfferingKind,
    /// Set when the host is the model's maker (a first-party API).
    pub maker: Option<String>,
    pub regions: Vec<String>,
}

const MAPPING_YAML: &str = include_str!("mapping.yaml");

/// The embedded mapping tables (parsed once; a test keeps them valid).
pub(crate) fn mapping() -> &'static Mapping {
    static MAPPING: OnceLock<Mapping> = OnceLock::new();
    MAPPING.get_or_init(|| {
        serde_saphyr::from_str(MAPPING_YAML)
            .unwrap_or_else(|e| panic!("src/import/mapping.yaml is malformed: {e}"))
    })
}

impl Mapping {
    /// The host for provider name `provider` of source `table` (`litellm`,
    /// `models.dev`): an exact entry, else the first matching prefix, else the
    /// provider's own name as an API host.
    pub(crate) fn host(&self, table: &str, provider: &str) -> Host {
        if let Some(t) = self.hosts.get(table) {
            if let Some(spec) = t.exact.get(provider) {
                return Host {
                    host: spec.host.clone(),
                    kind: spec.kind.unwrap_or(OfferingKind::Api),
                    maker: spec.maker.clone(),
                    regions: spec.regions.clone(),
                };
            }
            if let Some(p) = t.prefix.iter().find(|p| provider.starts_with(&p.prefix)) {
                return Host {
                    host: p.host.clone(),
                    kind: p.kind.unwrap_or(OfferingKind::Api),
                    maker: None,
                    regions: Vec::new(),
                };
            }
        }
        Host {
            host: kebab(provider),
            kind: OfferingKind::Api,
            maker: None,
            regions: Vec::new(),
        }
    }

    /// The maker id for an organisation or vendor segment, or `None` when the
    /// segment is a path word rather than an organisation.
    pub(crate) fn vendor(&self, segment: &str) -> Option<String> {
        let lower = segment.to_ascii_lowercase();
        if lower.is_empty() || self.not_vendors.contains(&lower) {
            return None;
        }
        Some(
            self.vendors
                .get(&lower)
                .cloned()
                .unwrap_or_else(|| kebab(&lower)),
        )
    }

    /// The maker a model name's prefix names (`claude-…` → `anthropic`).
    pub(crate) fn maker_from_name(&self, name: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        self.name_prefixes
            .iter()
            .filter(|(prefix, _)| {
                lower.starts_with(prefix.as_str())
                    && !lower[prefix.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic())
            })
            // The longest prefix wins (`codestral` before `codex`-like clashes).
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, maker)| maker.clone())
    }

    /// The canonical region of an Azure key segment (`eu`, `global-standard`).
    pub(crate) fn azure_region(&self, segment: &str) -> Option<String> {
        self.azure_region_segments.get(segment).cloned()
    }
}

/// An AWS region name such as `us-east-1` or `us-gov-west-1`.
pub(crate) fn is_aws_region(segment: &str) -> bool {
    let parts: Vec<&str> = segment.split('-').collect();
    (3..=4).contains(&parts.len())
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// A Bedrock model id taken apart: `eu.anthropic.claude-opus-4-6-v1` →
/// region `eu`, vendor `anthropic`, model `claude-opus-4-6` (the version
/// suffix `-v1`, `-v1:0` or `:0` removed). A bare version name after the
/// vendor (`deepseek.v3.2`, `deepseek.r1-v1:0`) keeps the vendor as its
/// prefix (`deepseek-v3.2`) so it meets the maker's own name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BedrockId {
    pub region: Option<String>,
    pub vendor: Option<String>,
    pub model: String,
}

pub(crate) fn split_bedrock(id: &str, m: &Mapping) -> BedrockId {
    let mut rest = id;
    let mut region = None;
    if let Some((first, tail)) = rest.split_once('.')
        && tail.contains('.')
        && m.bedrock_region_prefixes.iter().any(|r| r == first)
    {
        region = Some(first.to_owned());
        rest = tail;
    }
    let mut vendor = None;
    if let Some((first, tail)) = rest.split_once('.')
        && m.vendors.contains_key(&first.to_ascii_lowercase())
        && !tail.is_empty()
    {
        vendor = Some(first.to_owned());
        rest = tail;
    }
    let mut model = strip_bedrock_version(rest).to_owned();
    if let Some(v) = &vendor {
        let b = model.as_bytes();
        if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1].is_ascii_digit() {
            model = format!("{v}-{model}");
        }
    }
    BedrockId {
        region,
        vendor,
        model,
    }
}

/// `claude-x-v1:0` → `claude-x`; `gpt-oss-120b-1:0` → `gpt-oss-120b`;
/// `claude-v2:1` → `claude`; `model-v1` → `model`.
fn strip_bedrock_version(s: &str) -> &str {
    let mut s = s;
    // `:N` revision.
    if let Some((head, tail)) = s.rsplit_once(':')
        && !tail.is_empty()
        && tail.bytes().all(|b| b.is_ascii_digit())
    {
        s = head;
        // `-1:0`: a bare major version before the revision.
        if let Some((h, t)) = s.rsplit_once('-')
            && !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_digit())
            && t.len() <= 2
        {
            return h;
        }
    }
    // `-vN` is an API version only when the name has a version of its own:
    // `claude-opus-4-6-v1` → `claude-opus-4-6`, but `claude-v2` is Claude 2.
    if let Some((head, tail)) = s.rsplit_once('-')
        && tail.len() >= 2
        && tail.as_bytes()[0] == b'v'
        && tail[1..].bytes().all(|b| b.is_ascii_digit())
        && head.bytes().any(|b| b.is_ascii_digit())
    {
        return head;
    }
    s
}

/// Takes off a maker or host prefix that some hosts put before a model's own
/// name: `openai-gpt-5` (Snowflake), `anthropic-claude-3.7-sonnet`
/// (Gradient), `databricks-meta-llama-3-1-8b-instruct` (Databricks),
/// `zai-glm-4.7` (Cerebras). A prefix goes only when what follows is
/// recognisably that maker's model (`mistral-large` stays whole). Returns the
/// name and the maker the prefix named.
pub(crate) fn strip_name_prefix<'a>(
    m: &Mapping,
    host: &str,
    name: &'a str,
) -> (&'a str, Option<String>) {
    let mut rest = name;
    let mut maker = None;
    for _ in 0..2 {
        let Some((head, tail)) = rest.split_once('-') else {
            break;
        };
        let head_lower = head.to_ascii_lowercase();
        let tail_maker = m.maker_from_name(tail);
        let tail_vendor = tail
            .split('-')
            .next()
            .filter(|t| m.vendors.contains_key(&t.to_ascii_lowercase()));
        let is_vendor = m.vendors.contains_key(&head_lower);
        if is_vendor && tail_maker.is_some() && m.vendor(&head_lower) == tail_maker {
            maker = tail_maker;
            rest = tail;
        } else if kebab(head) == host && (tail_maker.is_some() || tail_vendor.is_some()) {
            rest = tail;
        } else {
            break;
        }
    }
    (rest, maker)
}

// ---------------------------------------------------------------------------
// Names.

/// A kebab-case id: lowercase ASCII letters, digits, `-` and `.`; anything
/// else becomes `-`; runs collapse; the ends are alphanumeric; at most 128
/// characters.
pub(crate) fn kebab(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A run of separators becomes one: `-` if the run has any `-`, else `.`.
    let mut run: Option<char> = None;
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if let Some(sep) = run.take()
                && !out.is_empty()
            {
                out.push(sep);
            }
            out.push(c);
        } else {
            let sep = if c == '.' { '.' } else { '-' };
            run = Some(match run {
                Some('-') => '-',
                _ => sep,
            });
        }
    }
    if out.len() > 128 {
        out.truncate(128);
        while out.ends_with(['-', '.']) {
            out.pop();
        }
    }
    out
}

/// The grouping key of an id: a `.` between two digits counts as `-`, so
/// `claude-opus-4.6` and `claude-opus-4-6` are one model.
pub(crate) fn canonical(id: &str) -> String {
    let b = id.as_bytes();
    let mut out = String::with_capacity(id.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'.'
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            out.push('-');
        } else {
            out.push(c as char);
        }
    }
    out
}

/// How an entry's name relates to the model's name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Alias {
    /// The plain name (`gpt-5.2`).
    Plain,
    /// A moving alias (`-latest`, `@default`).
    Moving,
    /// A dated snapshot (`-2025-12-11`, `-20251001`, `@20251001`), with its
    /// date as YYYYMMDD.
    Snapshot(String),
}

impl Alias {
    /// Preference order: plain, then moving aliases, then the newest snapshot.
    pub(crate) fn preference(&self) -> (u8, std::cmp::Reverse<String>) {
        match self {
            Alias::Plain => (0, std::cmp::Reverse(String::new())),
            Alias::Moving => (1, std::cmp::Reverse(String::new())),
            Alias::Snapshot(d) => (2, std::cmp::Reverse(d.clone())),
        }
    }
}

/// A host model name reduced to the model it names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameParts {
    /// The name as the source spells it, suffixes removed (`Llama-4-Scout-17B-16E-Instruct`).
    pub display: String,
    /// The kebab-case id candidate (`llama-4-scout-17b-16e-instruct`).
    pub id: String,
    /// The grouping key ([`canonical`] of the id).
    pub key: String,
    pub alias: Alias,
}

/// Strips what names a snapshot, an alias or a host's packaging rather than
/// a model: `@…` versions, `-latest`, dates (`-20251001`, `-2025-12-11`),
/// weight precisions (`-FP8`, `-bf16`, …) and Vertex's `-maas`.
pub(crate) fn name_parts(segment: &str) -> NameParts {
    let mut s = segment.trim().to_owned();
    let mut alias = Alias::Plain;
    loop {
        let lower = s.to_ascii_lowercase();
        if let Some(i) = lower.rfind('@')
            && i > 0
        {
            let tail = &lower[i + 1..];
            alias = if tail.len() == 8 && tail.bytes().all(|b| b.is_ascii_digit()) {
                Alias::Snapshot(tail.to_owned())
            } else {
                Alias::Moving
            };
            s.truncate(i);
            continue;
        }
        if let Some(head) = lower.strip_suffix("-latest")
            && !head.is_empty()
        {
            if alias == Alias::Plain {
                alias = Alias::Moving;
            }
            s.truncate(head.len());
            continue;
        }
        if let Some(date) = trailing_date(&lower) {
            let cut = lower.len() - date.1;
            if cut > 0 {
                alias = Alias::Snapshot(date.0);
                s.truncate(cut);
                continue;
            }
        }
        let packaging = [
            "-fp8", "-fp4", "-nvfp4", "-mxfp4", "-bf16", "-fp16", "-int4", "-int8", "-maas",
        ];
        if let Some(suffix) = packaging
            .iter()
            .find(|p| lower.ends_with(*p) && lower.len() > p.len())
        {
            s.truncate(lower.len() - suffix.len());
            continue;
        }
        break;
    }
    let mut id = kebab(&s);
    if id.is_empty() {
        id = kebab(segment);
    }
    if id.is_empty() {
        id = "model".to_owned();
    }
    let display = if s.is_empty() { segment.to_owned() } else { s };
    NameParts {
        key: canonical(&id),
        display,
        id,
        alias,
    }
}

/// Fireworks writes version dots as `p` (`deepseek-v3p2`, `qwen2p5`): a `p`
/// between two digits becomes `.`.
pub(crate) fn p_decimals(name: &str) -> String {
    let b = name.as_bytes();
    name.char_indices()
        .map(|(i, c)| {
            if (c == 'p' || c == 'P')
                && i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                '.'
            } else {
                c
            }
        })
        .collect()
}

/// A trailing `-YYYYMMDD` or `-YYYY-MM-DD` date: (YYYYMMDD, length removed).
fn trailing_date(lower: &str) -> Option<(String, usize)> {
    let b = lower.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    if b.len() > 11 {
        let t = &b[b.len() - 11..];
        if t[0] == b'-'
            && digits(&t[1..5])
            && t[5] == b'-'
            && digits(&t[6..8])
            && t[8] == b'-'
            && digits(&t[9..11])
        {
            let s = &lower[lower.len() - 10..];
            let date = s.replace('-', "");
            if plausible_date(&date) {
                return Some((date, 11));
            }
        }
    }
    if b.len() > 9 {
        let t = &b[b.len() - 9..];
        if t[0] == b'-' && digits(&t[1..]) {
            let date = lower[lower.len() - 8..].to_owned();
            if plausible_date(&date) {
                return Some((date, 9));
            }
        }
    }
    None
}

fn plausible_date(yyyymmdd: &str) -> bool {
    let formatted = format!(
        "{}-{}-{}",
        &yyyymmdd[0..4],
        &yyyymmdd[4..6],
        &yyyymmdd[6..8]
    );
    yyyymmdd.starts_with("20") && crate::dates::parse_days(&formatted).is_some()
}

/// A date as the catalog writes it, if `text` is one (`YYYY-MM-DD` or
/// `YYYY-MM`); a timestamp's date part is accepted.
pub(crate) fn catalog_date(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .get(..10)
        .filter(|d| crate::dates::parse_days(d).is_some())
        .unwrap_or(t);
    crate::dates::parse_days(t).map(|_| t.to_owned())
}

/// USD per token → USD per million tokens, rounded to a millionth of a
/// dollar so that binary noise (`1.7499999999999998`) does not reach the
/// catalog.
pub(crate) fn per_million(per_token: f64) -> f64 {
    round6(per_token * 1e6)
}

/// The largest price per million tokens the catalog accepts (its checks'
/// range); a source price above it is a unit error in the source.
pub(crate) const MAX_PER_MTOK: f64 = 10_000.0;

/// The skip reason for prices above [`MAX_PER_MTOK`].
pub(crate) const SKIP_IMPLAUSIBLE: &str =
    "implausible price (over 10,000 USD per million tokens: a unit error in the source)";

/// The skip reason for an input price without an output price.
pub(crate) const SKIP_NO_OUTPUT_PRICE: &str =
    "input price but zero output price (an embedding model, a router or an incomplete entry)";

/// The skip reason for embedding and reranking models that a source lists
/// as text models.
pub(crate) const SKIP_EMBEDDING: &str = "embedding or reranking model (by its name)";

/// Whether a model name or family names an embedding or reranking model.
pub(crate) fn is_embedding_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("embed") || lower.contains("rerank")
}

pub(crate) fn round6(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

// ---------------------------------------------------------------------------
// Offers and their assembly into models.

/// Identity facts one source entry states about its model.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Identity {
    pub name: Option<String>,
    pub family: Option<String>,
    pub released: Option<String>,
    pub deprecated: Option<String>,
    pub weights: Option<Weights>,
    pub license: Option<String>,
    pub context_window: Option<u64>,
    pub max_input_tokens: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub modalities: Modalities,
    /// Where these facts come from (file and key or path).
    pub reference: String,
    /// Notes on how the facts were read (`released` is OpenRouter's `created`, …).
    pub source_notes: Vec<String>,
    /// Free-text notes for the model (knowledge cutoff, …).
    pub notes: Vec<String>,
    /// Capability flags the entry states (a missing key stays unknown).
    pub capabilities: crate::catalog::Capabilities,
    /// `preview` when the entry marks the model beta / preview.
    pub status: Option<crate::catalog::Status>,
}

/// One usable source entry: one model at one host.
#[derive(Debug, Clone)]
pub(crate) struct Offer {
    pub names: NameParts,
    /// The maker, when the entry says or implies it.
    pub maker: Option<String>,
    /// The host is the maker's own API.
    pub first_party: bool,
    /// Lower wins when choosing whose identity speaks for the model (a
    /// models.dev base model file is 0, a first-party entry 1, others 2).
    pub identity_rank: u8,
    pub identity: Identity,
    /// The offering, with the host's own limits filled in; `assemble` clears
    /// limits equal to the model's.
    pub offering: Offering,
    /// The source marks the entry deprecated without a date.
    pub deprecated_status: bool,
}

/// What was read and why entries were left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Entries in the source (keys, list items, files).
    pub entries_read: usize,
    pub models: usize,
    pub offerings: usize,
    /// Reason → number of entries skipped for it.
    pub skipped: BTreeMap<String, usize>,
}

impl Tally {
    pub(crate) fn skip(&mut self, reason: impl Into<String>) {
        *self.skipped.entry(reason.into()).or_default() += 1;
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Reasons used by [`assemble`].
pub(crate) const SKIP_ALIAS: &str =
    "duplicate: an older snapshot or alias of another entry at the same host and region";
pub(crate) const SKIP_DEPRECATED: &str = "marked deprecated by the source (no retirement date)";

/// What [`assemble`] produced.
pub(crate) struct Assembled {
    pub models: Vec<Model>,
    /// Models whose every entry is marked deprecated (so none was imported),
    /// by id: a `--merge` reports them.
    pub deprecated_ids: BTreeSet<String>,
}

/// How the offering and model sources are dated.
#[derive(Debug, Clone)]
pub(crate) struct Dating {
    pub as_of: String,
    /// How `as_of` was chosen, appended to every model's source ref.
    pub basis: String,
}

/// Groups offers into models (see the module docs). Deterministic: the
/// result depends only on the offers, not on their order.
pub(crate) fn assemble(offers: Vec<Offer>, tally: &mut Tally, dating: &Dating) -> Assembled {
    let mut groups: BTreeMap<String, Vec<Offer>> = BTreeMap::new();
    for o in offers {
        groups.entry(o.names.key.clone()).or_default().push(o);
    }
    let mut deprecated_keys = BTreeMap::new();
    let mut built: Vec<(String, String, Model)> = Vec::new();
    for (key, mut members) in groups {
        if members.iter().all(|o| o.deprecated_status) {
            let id = preferred(&members).names.id.clone();
            for _ in &members {
                tally.skip(SKIP_DEPRECATED);
            }
            deprecated_keys.insert(key, id);
            continue;
        }
        members.retain(|o| {
            if o.deprecated_status {
                tally.skip(SKIP_DEPRECATED);
            }
            !o.deprecated_status
        });
        // One offering per (kind, host, regions): the plain name, else the
        // moving alias, else the newest snapshot.
        members.sort_by(|a, b| {
            offering_slot(&a.offering)
                .cmp(&offering_slot(&b.offering))
                .then_with(|| a.names.alias.preference().cmp(&b.names.alias.preference()))
                .then_with(|| a.offering.api_id.cmp(&b.offering.api_id))
                .then_with(|| a.offering.source.cmp(&b.offering.source))
        });
        let mut kept: Vec<Offer> = Vec::with_capacity(members.len());
        for o in members {
            if kept
                .last()
                .is_some_and(|k| offering_slot(&k.offering) == offering_slot(&o.offering))
            {
                tally.skip(SKIP_ALIAS);
                continue;
            }
            kept.push(o);
        }
        let model = build_model(&kept, dating);
        let maker = model.provider.clone();
        built.push((key, maker, model));
    }

    // Unique ids: the first of a clash (by key) keeps the id, the others get
    // the maker as a suffix, then a number.
    built.sort_by(|a, b| a.2.id.cmp(&b.2.id).then_with(|| a.0.cmp(&b.0)));
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut models = Vec::with_capacity(built.len());
    for (_, maker, mut model) in built {
        if used.contains(&model.id) {
            let base = kebab(&format!("{}-{}", model.id, maker));
            let mut candidate = base.clone();
            let mut n = 2;
            while used.contains(&candidate) {
                candidate = kebab(&format!("{base}-{n}"));
                n += 1;
            }
            model.id = candidate;
        }
        used.insert(model.id.clone());
        models.push(model);
    }
    models.sort_by(|a, b| a.id.cmp(&b.id));
    tally.models = models.len();
    tally.offerings = models.iter().map(|m| m.offerings.len()).sum();
    Assembled {
        models,
        deprecated_ids: deprecated_keys.into_values().collect(),
    }
}

fn offering_slot(o: &Offering) -> (OfferingKind, Option<&str>, &[String]) {
    (o.kind, o.host.as_deref(), o.regions.as_slice())
}

/// The entry whose identity speaks for the model.
fn preferred(members: &[Offer]) -> &Offer {
    members
        .iter()
        .min_by(|a, b| {
            a.identity_rank
                .cmp(&b.identity_rank)
                .then_with(|| b.first_party.cmp(&a.first_party))
                .then_with(|| a.names.alias.preference().cmp(&b.names.alias.preference()))
                .then_with(|| a.identity.reference.cmp(&b.identity.reference))
        })
        .expect("a group has at least one member")
}

fn build_model(members: &[Offer], dating: &Dating) -> Model {
    let lead = preferred(members);
    let id = &lead.identity;
    // The lead's figures when it is the maker's (or a base model file);
    // otherwise the largest any host states, each host keeping its own below.
    let authoritative = lead.identity_rank == 0 || lead.first_party;
    let pick = |own: Option<u64>, each: &dyn Fn(&Offer) -> Option<u64>| -> Option<u64> {
        if authoritative && own.is_some() {
            own
        } else {
            members.iter().filter_map(each).max().or(own)
        }
    };
    let context_window = pick(id.context_window, &|o| {
        o.offering.context_window.or(o.identity.context_window)
    });
    let max_output_tokens = pick(id.max_output_tokens, &|o| {
        o.offering
            .max_output_tokens
            .or(o.identity.max_output_tokens)
    });
    let max_input_tokens = id
        .max_input_tokens
        .filter(|i| context_window.is_none_or(|c| *i < c));

    // The maker's (or base file's) modalities; without one, the union of what
    // the hosts state.
    let mut input: BTreeSet<Modality> = id.modalities.input.iter().copied().collect();
    let mut output: BTreeSet<Modality> = id.modalities.output.iter().copied().collect();
    if !authoritative {
        for o in members {
            input.extend(o.identity.modalities.input.iter().copied());
            output.extend(o.identity.modalities.output.iter().copied());
        }
    }

    let maker = lead
        .maker
        .clone()
        .or_else(|| members.iter().find_map(|o| o.maker.clone()))
        .unwrap_or_else(|| "unknown".to_owned());

    let mut offerings: Vec<Offering> = members
        .iter()
        .map(|o| {
            let mut off = o.offering.clone();
            if off.context_window == context_window {
                off.context_window = None;
            }
            if off.max_output_tokens == max_output_tokens {
                off.max_output_tokens = None;
            }
            let window = off.context_window.or(context_window);
            if off.max_input_tokens == max_input_tokens
                || off
                    .max_input_tokens
                    .is_some_and(|i| window.is_some_and(|w| i >= w))
            {
                off.max_input_tokens = None;
            }
            off
        })
        .collect();
    offerings.sort_by(|a, b| {
        offering_slot(a)
            .cmp(&offering_slot(b))
            .then_with(|| a.api_id.cmp(&b.api_id))
    });

    // Capabilities: the lead's flags; a flag it leaves unknown is taken from
    // the first-party entry, else from any entry that states it.
    let mut capabilities = id.capabilities;
    for o in members
        .iter()
        .filter(|o| o.first_party)
        .chain(members.iter())
    {
        let c = &o.identity.capabilities;
        capabilities.tool_calling = capabilities.tool_calling.or(c.tool_calling);
        capabilities.structured_output = capabilities.structured_output.or(c.structured_output);
        capabilities.reasoning = capabilities.reasoning.or(c.reasoning);
    }
    let status = id.status;
    let mut what = vec![Fact::Identity];
    if !capabilities.is_unknown() || status.is_some() {
        what.push(Fact::Capabilities);
    }
    if id.license.is_some() {
        what.push(Fact::License);
    }
    if context_window.is_some() || max_output_tokens.is_some() {
        what.push(Fact::Context);
    }
    what.push(Fact::Modalities);
    let mut source_notes = id.source_notes.clone();
    if members.len() > 1 && !authoritative {
        source_notes.push(format!(
            "no entry is the maker's: modalities are the union over the model's {} entries, context_window and max_output_tokens the largest any host states (each host's own limit is on its offering)",
            members.len(),
        ));
    }
    Model {
        id: lead.names.id.clone(),
        name: id
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| lead.names.display.clone()),
        provider: maker,
        family: id.family.clone(),
        released: id.released.clone(),
        deprecated: id.deprecated.clone(),
        weights: id.weights,
        license: id.license.clone(),
        params_b: None,
        context_window,
        max_output_tokens,
        max_input_tokens,
        modalities: Modalities {
            input: input.into_iter().collect(),
            output: output.into_iter().collect(),
        },
        tier: None,
        benchmarks: BTreeMap::new(),
        benchmarks_ci: BTreeMap::new(),
        speed: Speed::default(),
        architecture: None,
        offerings,
        sources: vec![SourceRef {
            what,
            reference: format!("{} ({})", id.reference, dating.basis),
            as_of: dating.as_of.clone(),
            note: if source_notes.is_empty() {
                None
            } else {
                Some(source_notes.join("; "))
            },
        }],
        notes: if id.notes.is_empty() {
            None
        } else {
            Some(id.notes.join(" "))
        },
        capabilities,
        status,
    }
}

/// A price-bearing offering with the fields every importer fills.
pub(crate) fn offering(host: &Host, api_id: &str, regions: Vec<String>) -> Offering {
    let mut regions = if regions.is_empty() {
        host.regions.clone()
    } else {
        regions
    };
    regions.sort();
    regions.dedup();
    Offering {
        kind: host.kind,
        host: Some(host.host.clone()),
        api_id: Some(api_id.to_owned()),
        input_per_mtok: None,
        output_per_mtok: None,
        cached_input_per_mtok: None,
        long_context: None::<LongContextPrice>,
        regions,
        context_window: None,
        max_input_tokens: None,
        max_output_tokens: None,
        precision: None,
        gpu: None,
        gpus_per_replica: None,
        replica_output_tps: None,
        throughput: Vec::new(),
        source: None,
        as_of: None,
        note: None,
        batch_input_per_mtok: None,
        batch_output_per_mtok: None,
        cache_write_per_mtok: None,
        audio_input_per_mtok: None,
        image_input_per_mtok: None,
        rate_limits: None,
        fine_tuning: None,
    }
}

/// Sorts and dedups a modality list.
pub(crate) fn modality_list(items: impl IntoIterator<Item = Modality>) -> Vec<Modality> {
    let set: BTreeSet<Modality> = items.into_iter().collect();
    set.into_iter().collect()
}

/// A modality name as the sources write it (`file` is OpenRouter's PDF).
pub(crate) fn modality(name: &str) -> Option<Modality> {
    match name.trim().to_ascii_lowercase().as_str() {
        "text" => Some(Modality::Text),
        "image" | "images" | "vision" => Some(Modality::Image),
        "audio" => Some(Modality::Audio),
        "video" => Some(Modality::Video),
        "pdf" | "file" => Some(Modality::Pdf),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Reading located JSON trees (LiteLLM, OpenRouter).

/// The value of `name` in a located JSON object.
pub(crate) fn field<'a>(entries: &'a [(Key, Node)], name: &str) -> Option<&'a Node> {
    entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v)
}

/// A field that has the wrong type: where it is and what it should be.
#[derive(Debug, Clone)]
pub(crate) struct FieldProblem {
    pub pos: Pos,
    pub message: String,
}

impl FieldProblem {
    pub(crate) fn new(node: &Node, what: &str, expected: &str) -> Self {
        FieldProblem {
            pos: node.pos,
            message: format!("`{what}` is {}, not {expected}", node.kind.describe()),
        }
    }

    /// The problem as a warning about `source`: the entry is skipped.
    pub(crate) fn warning(&self, source: &Source, entry: &str) -> Diagnostic {
        Diagnostic::warning(
            "wrong-type",
            &source.name,
            format!("{}; entry `{entry}` skipped", self.message),
        )
        .at(self.pos)
        .with_source(&source.text)
    }
}

/// A number (`null` and absence are `None`).
pub(crate) fn opt_number(entries: &[(Key, Node)], name: &str) -> Result<Option<f64>, FieldProblem> {
    match field(entries, name) {
        None => Ok(None),
        Some(n) => match &n.kind {
            NodeKind::Null => Ok(None),
            NodeKind::Int(i) => Ok(Some(*i as f64)),
            NodeKind::Float(f) if f.is_finite() => Ok(Some(*f)),
            _ => Err(FieldProblem::new(n, name, "a number")),
        },
    }
}

/// A non-negative token count (LiteLLM writes some as `256000.0`).
pub(crate) fn opt_count(entries: &[(Key, Node)], name: &str) -> Result<Option<u64>, FieldProblem> {
    match opt_number(entries, name)? {
        None => Ok(None),
        Some(v) if (0.0..1e15).contains(&v) => Ok(Some(v.round() as u64).filter(|c| *c > 0)),
        Some(_) => Err(FieldProblem::new(
            field(entries, name).expect("present"),
            name,
            "a token count",
        )),
    }
}

pub(crate) fn opt_str<'a>(
    entries: &'a [(Key, Node)],
    name: &str,
) -> Result<Option<&'a str>, FieldProblem> {
    match field(entries, name) {
        None => Ok(None),
        Some(n) => match &n.kind {
            NodeKind::Null => Ok(None),
            NodeKind::Str(s) => Ok(Some(s)),
            _ => Err(FieldProblem::new(n, name, "a string")),
        },
    }
}

pub(crate) fn opt_bool(entries: &[(Key, Node)], name: &str) -> Result<bool, FieldProblem> {
    match field(entries, name) {
        None => Ok(false),
        Some(n) => match &n.kind {
            NodeKind::Null => Ok(false),
            NodeKind::Bool(b) => Ok(*b),
            _ => Err(FieldProblem::new(n, name, "true or false")),
        },
    }
}

/// A list of strings (`null` and absence are empty).
pub(crate) fn opt_strings<'a>(
    entries: &'a [(Key, Node)],
    name: &str,
) -> Result<Vec<&'a str>, FieldProblem> {
    match field(entries, name) {
        None => Ok(Vec::new()),
        Some(n) => match &n.kind {
            NodeKind::Null => Ok(Vec::new()),
            NodeKind::Seq(items) => items
                .iter()
                .map(|i| match &i.kind {
                    NodeKind::Str(s) => Ok(s.as_str()),
                    _ => Err(FieldProblem::new(i, name, "a list of strings")),
                })
                .collect(),
            _ => Err(FieldProblem::new(n, name, "a list of strings")),
        },
    }
}

/// Parses `source` as JSON into a located tree, whatever its file name says.
pub(crate) fn json_tree(source: &Source, expected: &str) -> Result<Node, Diagnostics> {
    let json = Source {
        name: source.name.clone(),
        text: source.text.clone(),
        format: crate::source::Format::Json,
    };
    crate::load::tree(&json).map_err(|mut d| {
        for diag in &mut d.0 {
            if diag.help.is_none() {
                diag.help = Some(format!("expected {expected}"));
            }
        }
        d
    })
}

/// The error for a source that parsed but is not the format named.
pub(crate) fn not_the_format(
    source: &Source,
    node: &Node,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostics {
    Diagnostics::single(
        Diagnostic::error("wrong-type", &source.name, message)
            .at(node.pos)
            .help(help)
            .with_source(&source.text),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_parses_and_resolves_hosts() {
        let m = mapping();
        let h = m.host("litellm", "bedrock_converse");
        assert_eq!(
            (h.host.as_str(), h.kind),
            ("aws-bedrock", OfferingKind::PrivateCloud)
        );
        let h = m.host("litellm", "vertex_ai-anthropic_models");
        assert_eq!(h.host, "google-vertex");
        let h = m.host("litellm", "gemini");
        assert_eq!(
            (h.host.as_str(), h.maker.as_deref()),
            ("google", Some("google"))
        );
        let h = m.host("litellm", "vercel_ai_gateway");
        assert_eq!((h.host.as_str(), h.kind), ("vercel", OfferingKind::Api));
        let h = m.host("litellm", "some_new_host");
        assert_eq!(h.host, "some-new-host");
        let h = m.host("models.dev", "alibaba-cn");
        assert_eq!(h.regions, vec!["cn".to_owned()]);
        for t in m.hosts.values() {
            for spec in t.exact.values() {
                assert!(
                    crate::catalog::check::is_kebab_id(&spec.host),
                    "{}",
                    spec.host
                );
            }
        }
    }

    #[test]
    fn makers_from_vendors_and_names() {
        let m = mapping();
        assert_eq!(m.vendor("meta-llama").as_deref(), Some("meta"));
        assert_eq!(m.vendor("Qwen").as_deref(), Some("alibaba"));
        assert_eq!(m.vendor("arcee-ai").as_deref(), Some("arcee-ai"));
        assert_eq!(m.vendor("accounts"), None);
        assert_eq!(m.maker_from_name("gpt-5.2").as_deref(), Some("openai"));
        assert_eq!(m.maker_from_name("o3").as_deref(), Some("openai"));
        assert_eq!(m.maker_from_name("o3-mini").as_deref(), Some("openai"));
        assert_eq!(m.maker_from_name("llama4-scout").as_deref(), Some("meta"));
        assert_eq!(m.maker_from_name("opus"), None);
        assert_eq!(m.maker_from_name("novastar"), None);
    }

    #[test]
    fn bedrock_ids() {
        let m = mapping();
        let b = split_bedrock("eu.anthropic.claude-opus-4-6-v1", m);
        assert_eq!(b.region.as_deref(), Some("eu"));
        assert_eq!(b.vendor.as_deref(), Some("anthropic"));
        assert_eq!(b.model, "claude-opus-4-6");
        let b = split_bedrock("anthropic.claude-haiku-4-5-20251001-v1:0", m);
        assert_eq!(
            (b.region, b.model.as_str()),
            (None, "claude-haiku-4-5-20251001")
        );
        assert_eq!(split_bedrock("us.deepseek.v3.2", m).model, "deepseek-v3.2");
        assert_eq!(split_bedrock("deepseek.r1-v1:0", m).model, "deepseek-r1");
        assert_eq!(
            split_bedrock("openai.gpt-oss-120b-1:0", m).model,
            "gpt-oss-120b"
        );
        assert_eq!(split_bedrock("anthropic.claude-v2:1", m).model, "claude-v2");
        assert_eq!(
            split_bedrock("amazon.nova-pro-v1:0", m).model,
            "nova-pro-v1"
        );
        assert_eq!(split_bedrock("zai.glm-5", m).model, "glm-5");
        assert_eq!(split_bedrock("gpt-5.4", m).model, "gpt-5.4");
        assert_eq!(
            split_bedrock("us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", m).region,
            Some("us-gov".to_owned())
        );
        assert!(is_aws_region("us-east-1"));
        assert!(is_aws_region("us-gov-west-1"));
        assert!(is_aws_region("ap-southeast-3"));
        assert!(!is_aws_region("invoke"));
        assert!(!is_aws_region("1-month-commitment"));
    }

    #[test]
    fn names_drop_snapshots_aliases_and_packaging() {
        let p = name_parts("gpt-5.2-2025-12-11");
        assert_eq!(
            (p.id.as_str(), &p.alias),
            ("gpt-5.2", &Alias::Snapshot("20251211".into()))
        );
        let p = name_parts("claude-opus-4-6-20260205");
        assert_eq!(p.id, "claude-opus-4-6");
        let p = name_parts("claude-opus-4-6@default");
        assert_eq!(
            (p.id.as_str(), &p.alias),
            ("claude-opus-4-6", &Alias::Moving)
        );
        let p = name_parts("Llama-4-Maverick-17B-128E-Instruct-FP8");
        assert_eq!(p.id, "llama-4-maverick-17b-128e-instruct");
        assert_eq!(p.display, "Llama-4-Maverick-17B-128E-Instruct");
        assert_eq!(p.alias, Alias::Plain);
        assert_eq!(name_parts("grok-4.3-latest").id, "grok-4.3");
        assert_eq!(name_parts("deepseek-r1-0528-maas").id, "deepseek-r1-0528");
        // Versions that are not dates stay.
        assert_eq!(
            name_parts("kimi-k2-instruct-0905").id,
            "kimi-k2-instruct-0905"
        );
        assert_eq!(
            name_parts("qwen3-235b-a22b-2507").id,
            "qwen3-235b-a22b-2507"
        );
        assert_eq!(name_parts("deepseek-v3").id, "deepseek-v3");
        assert_eq!(canonical("claude-opus-4.6"), canonical("claude-opus-4-6"));
        assert_ne!(canonical("gpt-5.2"), canonical("gpt-52"));
    }

    #[test]
    fn host_and_maker_prefixes() {
        let m = mapping();
        assert_eq!(strip_name_prefix(m, "snowflake", "openai-gpt-5").0, "gpt-5");
        assert_eq!(
            strip_name_prefix(m, "gradient-ai", "anthropic-claude-3.7-sonnet").0,
            "claude-3.7-sonnet"
        );
        assert_eq!(
            strip_name_prefix(m, "databricks", "databricks-meta-llama-3-1-8b-instruct").0,
            "llama-3-1-8b-instruct"
        );
        assert_eq!(strip_name_prefix(m, "cerebras", "zai-glm-4.7").0, "glm-4.7");
        assert_eq!(
            strip_name_prefix(m, "mistral", "mistral-large").0,
            "mistral-large"
        );
        assert_eq!(
            strip_name_prefix(m, "deepseek", "deepseek-r1").0,
            "deepseek-r1"
        );
        assert_eq!(p_decimals("deepseek-v3p2"), "deepseek-v3.2");
        assert_eq!(p_decimals("kimi-k2p6"), "kimi-k2.6");
        assert_eq!(p_decimals("cogito-671b-v2-p1"), "cogito-671b-v2-p1");
    }

    #[test]
    fn kebab_ids_are_valid() {
        for raw in [
            "Llama-4-Scout",
            "a__b",
            "x/y:z",
            "-lead",
            "trail.",
            "gpt-5.2",
            "a.-b",
            "ÄÖ model",
        ] {
            let id = kebab(raw);
            assert!(crate::catalog::check::is_kebab_id(&id), "{raw} -> {id}");
        }
        assert_eq!(kebab("Meta Llama/3.1 70B"), "meta-llama-3.1-70b");
    }

    proptest::proptest! {
        /// Whatever a source writes, names never panic and ids stay valid.
        #[test]
        fn any_name_gives_a_valid_id(raw in "\\PC{0,60}") {
            let id = kebab(&raw);
            proptest::prop_assert!(id.is_empty() || crate::catalog::check::is_kebab_id(&id), "{raw:?} -> {id:?}");
            let parts = name_parts(&raw);
            proptest::prop_assert!(crate::catalog::check::is_kebab_id(&parts.id), "{raw:?} -> {:?}", parts.id);
            proptest::prop_assert!(parts.key.is_ascii());
            let (rest, _) = strip_name_prefix(mapping(), "host", &raw);
            proptest::prop_assert!(raw.ends_with(rest));
            let _ = split_bedrock(&raw, mapping());
            let _ = p_decimals(&raw);
        }
    }

    #[test]
    fn prices_are_rounded_per_million() {
        assert_eq!(per_million(1.75e-06), 1.75);
        assert_eq!(per_million(1.5000300000000002e-06), 1.50003);
        assert_eq!(per_million(0.000168), 168.0);
        assert_eq!(per_million(3.5e-14), 0.0);
    }
}
