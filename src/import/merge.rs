//! `catalog import --merge EXISTING`: refresh the prices of a curated catalog
//! from an import, keeping everything else it says (benchmarks, tiers,
//! self-hosted offerings, sources, notes).
//!
//! Matching (docs/import.md states the same rules for users):
//!
//! - **Models** match by id; failing that, by id with a `.` between digits
//!   read as `-` (`claude-opus-4.6` = `claude-opus-4-6`) when exactly one
//!   imported model matches that way.
//! - **Offerings** (api and private-cloud only; self-hosted ones are never
//!   touched) match on kind, host and regions — the imported offerings whose
//!   regions are all among the curated offering's regions (or, when the
//!   curated offering lists none, the imported ones that list none) — and,
//!   when the curated offering has an `api_id` that one of those has, on that
//!   `api_id` too (otherwise the api_id is taken as a dated or aliased name of
//!   the same model and regions decide). When the candidates disagree on
//!   price the offering is left as it was and reported as ambiguous.
//! - A matched offering takes the source's input and output prices, its
//!   cached-input and long-context prices when the source has them (else it
//!   keeps its own), and the source's `source` and `as_of`.

use std::collections::BTreeSet;

use crate::catalog::{CatalogFile, Fact, Model, Offering, OfferingKind, SourceRef};

use super::Imported;
use super::common::canonical;

/// One price that moved.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceChange {
    pub model: String,
    /// The offering as a reader finds it: `aws-bedrock private-cloud [eu, us]`.
    pub offering: String,
    /// `input`, `output`, `cached input`, `long-context input`, …
    pub price: &'static str,
    pub old: Option<f64>,
    pub new: Option<f64>,
}

impl PriceChange {
    /// Whether the price went up (a price appearing counts as up).
    pub fn is_up(&self) -> bool {
        match (self.old, self.new) {
            (Some(o), Some(n)) => n > o,
            (None, Some(_)) => true,
            _ => false,
        }
    }
}

/// One capability flag (or the status) that the source states differently.
#[derive(Debug, Clone, PartialEq)]
pub struct CapabilityChange {
    pub model: String,
    /// `tool_calling`, `structured_output`, `reasoning` or `status`.
    pub capability: &'static str,
    /// The values as written (`true`, `false`, `null`, `ga`, `preview`).
    pub old: String,
    pub new: String,
}

/// What a merge did, for stderr and for tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    pub price_changes: Vec<PriceChange>,
    /// Capability flags the source states and the curated catalog had
    /// otherwise (unknown included); the source's value is taken.
    pub capability_changes: Vec<CapabilityChange>,
    /// Matched offerings whose prices were already right (their `as_of` moves).
    pub confirmed: usize,
    /// Curated models that the source has, by id.
    pub matched_models: Vec<String>,
    /// Curated models the source does not have (kept as they were).
    pub models_not_in_source: Vec<String>,
    /// Curated offerings of matched models the source does not have.
    pub offerings_not_in_source: Vec<String>,
    /// Curated offerings whose candidates in the source disagree on price.
    pub ambiguous: Vec<String>,
    /// Imported models with no curated counterpart.
    pub new_models: Vec<String>,
    /// Imported offerings of matched models with no curated counterpart.
    pub new_offerings: Vec<String>,
    /// Whether `new_models` and `new_offerings` were added (`--add-new`).
    pub added: bool,
    /// Curated models the source marks deprecated.
    pub deprecated: Vec<Deprecation>,
}

/// A curated model that the source marks deprecated.
#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    pub model: String,
    /// The retirement date, when the source gives one.
    pub date: Option<String>,
    /// The merge set the model's `deprecated` (it had no or another date).
    pub newly_set: bool,
}

/// Merges `imported` into `existing`; see the module docs.
pub fn merge(
    mut existing: CatalogFile,
    imported: &Imported,
    add_new: bool,
) -> (CatalogFile, MergeReport) {
    let mut report = MergeReport {
        added: add_new,
        ..MergeReport::default()
    };
    let source_models = &imported.catalog.models;
    let mut used: BTreeSet<usize> = BTreeSet::new();
    let mut additions: Vec<Model> = Vec::new();
    let existing_ids: BTreeSet<String> = existing.models.iter().map(|m| m.id.clone()).collect();

    for model in &mut existing.models {
        let found = source_models
            .iter()
            .position(|m| m.id == model.id)
            .or_else(|| {
                let key = canonical(&model.id);
                let hits: Vec<usize> = source_models
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| canonical(&m.id) == key && !existing_ids.contains(&m.id))
                    .map(|(i, _)| i)
                    .collect();
                (hits.len() == 1).then(|| hits[0])
            });
        if imported.deprecated_ids.contains(&model.id) {
            report.deprecated.push(Deprecation {
                model: model.id.clone(),
                date: None,
                newly_set: false,
            });
        }
        let Some(index) = found else {
            report.models_not_in_source.push(model.id.clone());
            continue;
        };
        used.insert(index);
        report.matched_models.push(model.id.clone());
        let src = &source_models[index];
        if let Some(date) = &src.deprecated {
            let newly_set = model.deprecated.as_ref() != Some(date);
            if newly_set {
                model.deprecated = Some(date.clone());
                model.sources.push(SourceRef {
                    what: vec![Fact::Identity],
                    reference: src
                        .sources
                        .first()
                        .map(|s| s.reference.clone())
                        .unwrap_or_default(),
                    as_of: imported.as_of.clone(),
                    note: Some(format!(
                        "deprecated: {date} (set by catalog import --merge)"
                    )),
                });
            }
            report.deprecated.push(Deprecation {
                model: model.id.clone(),
                date: Some(date.clone()),
                newly_set,
            });
        }
        merge_capabilities(model, src, &imported.as_of, &mut report.capability_changes);
        let mut matched_source: BTreeSet<usize> = BTreeSet::new();
        for offering in &mut model.offerings {
            if offering.kind == OfferingKind::SelfHosted {
                continue;
            }
            let candidates = candidates(offering, &src.offerings);
            if candidates.is_empty() {
                report
                    .offerings_not_in_source
                    .push(format!("{} {}", model.id, describe(offering)));
                continue;
            }
            let first = &src.offerings[candidates[0]];
            let agree = candidates.iter().all(|&i| {
                let o = &src.offerings[i];
                o.input_per_mtok == first.input_per_mtok
                    && o.output_per_mtok == first.output_per_mtok
            });
            if !agree {
                let prices: Vec<String> = candidates
                    .iter()
                    .map(|&i| {
                        let o = &src.offerings[i];
                        format!(
                            "{} {}/{}",
                            o.api_id.as_deref().unwrap_or("?"),
                            fmt_price(o.input_per_mtok),
                            fmt_price(o.output_per_mtok)
                        )
                    })
                    .collect();
                report.ambiguous.push(format!(
                    "{} {}: the source has {} matching offerings at different prices ({}); left as it was",
                    model.id,
                    describe(offering),
                    candidates.len(),
                    prices.join(", ")
                ));
                matched_source.extend(candidates.iter().copied());
                continue;
            }
            matched_source.extend(candidates.iter().copied());
            let all_agree = |f: fn(&Offering) -> Option<f64>| -> Option<f64> {
                let v = f(first);
                candidates
                    .iter()
                    .all(|&i| f(&src.offerings[i]) == v)
                    .then_some(v)
                    .flatten()
            };
            let label = describe(offering);
            let mut changed = false;
            let mut set = |price: &'static str, slot: &mut Option<f64>, new: Option<f64>| {
                if let Some(n) = new
                    && *slot != Some(n)
                {
                    report.price_changes.push(PriceChange {
                        model: model.id.clone(),
                        offering: label.clone(),
                        price,
                        old: *slot,
                        new: Some(n),
                    });
                    *slot = Some(n);
                    changed = true;
                }
            };
            set("input", &mut offering.input_per_mtok, first.input_per_mtok);
            set(
                "output",
                &mut offering.output_per_mtok,
                first.output_per_mtok,
            );
            set(
                "cached input",
                &mut offering.cached_input_per_mtok,
                all_agree(|o| o.cached_input_per_mtok),
            );
            set(
                "cache write",
                &mut offering.cache_write_per_mtok,
                all_agree(|o| o.cache_write_per_mtok),
            );
            set(
                "batch input",
                &mut offering.batch_input_per_mtok,
                all_agree(|o| o.batch_input_per_mtok),
            );
            set(
                "batch output",
                &mut offering.batch_output_per_mtok,
                all_agree(|o| o.batch_output_per_mtok),
            );
            set(
                "audio input",
                &mut offering.audio_input_per_mtok,
                all_agree(|o| o.audio_input_per_mtok),
            );
            set(
                "image input",
                &mut offering.image_input_per_mtok,
                all_agree(|o| o.image_input_per_mtok),
            );
            if let Some(rl) = first.rate_limits
                && candidates
                    .iter()
                    .all(|&i| src.offerings[i].rate_limits == Some(rl))
                && offering.rate_limits != Some(rl)
            {
                offering.rate_limits = Some(rl);
                changed = true;
            }
            if let Some(lc) = first.long_context
                && candidates
                    .iter()
                    .all(|&i| src.offerings[i].long_context == Some(lc))
                && offering.long_context != Some(lc)
            {
                let old = offering.long_context;
                report.price_changes.push(PriceChange {
                    model: model.id.clone(),
                    offering: label.clone(),
                    price: "long-context input",
                    old: old.map(|o| o.input_per_mtok),
                    new: Some(lc.input_per_mtok),
                });
                offering.long_context = Some(lc);
                changed = true;
            }
            if !changed {
                report.confirmed += 1;
            }
            let sources: Vec<&str> = candidates
                .iter()
                .filter_map(|&i| src.offerings[i].source.as_deref())
                .collect();
            offering.source = Some(sources.join("; "));
            offering.as_of = Some(imported.as_of.clone());
        }
        for (i, o) in src.offerings.iter().enumerate() {
            if matched_source.contains(&i) {
                continue;
            }
            report
                .new_offerings
                .push(format!("{} {}", model.id, describe(o)));
            if add_new {
                model.offerings.push(o.clone());
            }
        }
    }
    for (i, m) in source_models.iter().enumerate() {
        if used.contains(&i) || existing_ids.contains(&m.id) {
            continue;
        }
        report.new_models.push(m.id.clone());
        if add_new {
            additions.push(m.clone());
        }
    }
    additions.sort_by(|a, b| a.id.cmp(&b.id));
    existing.models.extend(additions);
    existing.as_of = match (existing.as_of.take(), &imported.as_of) {
        (Some(old), new) if old >= *new => Some(old),
        (_, new) => Some(new.clone()),
    };
    (existing, report)
}

/// Takes each capability flag (and the status) the source states where the
/// curated model says otherwise, recording the change and its source. A flag
/// the source leaves unknown keeps the curated value.
fn merge_capabilities(
    model: &mut Model,
    src: &Model,
    as_of: &str,
    changes: &mut Vec<CapabilityChange>,
) {
    let show = |v: Option<bool>| v.map_or("null".to_owned(), |b| b.to_string());
    let mut changed = Vec::new();
    for (name, slot, new) in [
        (
            "tool_calling",
            &mut model.capabilities.tool_calling,
            src.capabilities.tool_calling,
        ),
        (
            "structured_output",
            &mut model.capabilities.structured_output,
            src.capabilities.structured_output,
        ),
        (
            "reasoning",
            &mut model.capabilities.reasoning,
            src.capabilities.reasoning,
        ),
    ] {
        if new.is_some() && *slot != new {
            changes.push(CapabilityChange {
                model: model.id.clone(),
                capability: name,
                old: show(*slot),
                new: show(new),
            });
            changed.push(format!("{name}: {} → {}", show(*slot), show(new)));
            *slot = new;
        }
    }
    if let Some(status) = src.status
        && model.status != Some(status)
    {
        let name = |s: Option<crate::catalog::Status>| {
            s.map_or("null".to_owned(), |s| crate::names::enum_name(&s))
        };
        changes.push(CapabilityChange {
            model: model.id.clone(),
            capability: "status",
            old: name(model.status),
            new: name(Some(status)),
        });
        changed.push(format!(
            "status: {} → {}",
            name(model.status),
            name(Some(status))
        ));
        model.status = Some(status);
    }
    if !changed.is_empty() {
        model.sources.push(SourceRef {
            what: vec![Fact::Capabilities],
            reference: src
                .sources
                .first()
                .map(|s| s.reference.clone())
                .unwrap_or_default(),
            as_of: as_of.to_owned(),
            note: Some(format!(
                "{} (set by catalog import --merge)",
                changed.join("; ")
            )),
        });
    }
}

/// The source offerings that stand for curated offering `o` (see module docs).
fn candidates(o: &Offering, source: &[Offering]) -> Vec<usize> {
    let same_place: Vec<usize> = source
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == o.kind && s.host == o.host)
        .filter(|(_, s)| {
            if o.regions.is_empty() {
                s.regions.is_empty()
            } else {
                !s.regions.is_empty() && s.regions.iter().all(|r| o.regions.contains(r))
            }
        })
        .map(|(i, _)| i)
        .collect();
    if let Some(id) = &o.api_id {
        let by_id: Vec<usize> = same_place
            .iter()
            .copied()
            .filter(|&i| source[i].api_id.as_ref() == Some(id))
            .collect();
        if !by_id.is_empty() {
            return by_id;
        }
    }
    same_place
}

/// `azure private-cloud [eu, us]`, `openrouter api anthropic/claude-opus-4.6`.
fn describe(o: &Offering) -> String {
    let kind = match o.kind {
        OfferingKind::Api => "api",
        OfferingKind::PrivateCloud => "private-cloud",
        OfferingKind::SelfHosted => "self-hosted",
    };
    let mut s = format!("{} {kind}", o.host.as_deref().unwrap_or("?"));
    if !o.regions.is_empty() {
        s.push_str(&format!(" [{}]", o.regions.join(", ")));
    }
    if let Some(id) = &o.api_id {
        s.push_str(&format!(" {id}"));
    }
    s
}

pub(crate) fn fmt_price(p: Option<f64>) -> String {
    match p {
        Some(v) => format!("{v}"),
        None => "null".to_owned(),
    }
}

impl MergeReport {
    /// The report as stderr lines.
    pub fn lines(&self, existing: &str) -> Vec<String> {
        let mut out = Vec::new();
        out.push(format!(
            "merge into {}: {} models matched, {} not in the source; {} prices changed, {} capabilities changed, {} offerings confirmed unchanged",
            crate::diag::sanitize(existing),
            self.matched_models.len(),
            self.models_not_in_source.len(),
            self.price_changes.len(),
            self.capability_changes.len(),
            self.confirmed
        ));
        for c in &self.price_changes {
            out.push(format!(
                "  price {}  {} {}: {} {} → {}",
                if c.is_up() { "up  " } else { "down" },
                c.model,
                c.offering,
                c.price,
                fmt_price(c.old),
                fmt_price(c.new)
            ));
        }
        for c in &self.capability_changes {
            out.push(format!(
                "  capability  {}: {} {} → {}",
                c.model, c.capability, c.old, c.new
            ));
        }
        for d in &self.deprecated {
            out.push(match (&d.date, d.newly_set) {
                (Some(date), true) => format!(
                    "  deprecated in the source: {} (retires {date}; set as `deprecated`)",
                    d.model
                ),
                (Some(date), false) => format!(
                    "  deprecated in the source: {} (retires {date}; the catalog already says so)",
                    d.model
                ),
                (None, _) => format!(
                    "  deprecated in the source: {} (no date given; left as it was)",
                    d.model
                ),
            });
        }
        for a in &self.ambiguous {
            out.push(format!("  ambiguous: {a}"));
        }
        if !self.offerings_not_in_source.is_empty() {
            out.push(listing(
                &format!(
                    "{} offerings of matched models are not in the source (kept as they were)",
                    self.offerings_not_in_source.len()
                ),
                &self.offerings_not_in_source,
                "; ",
            ));
        }
        if !self.models_not_in_source.is_empty() {
            out.push(listing(
                "not in the source (kept as they were)",
                &self.models_not_in_source,
                ", ",
            ));
        }
        let verb = if self.added {
            "added"
        } else {
            "not added; --add-new adds them"
        };
        if !self.new_offerings.is_empty() {
            out.push(listing(
                &format!(
                    "{} new offerings of catalog models in the source ({verb})",
                    self.new_offerings.len()
                ),
                &self.new_offerings,
                "; ",
            ));
        }
        if !self.new_models.is_empty() {
            out.push(listing(
                &format!(
                    "{} new models in the source ({verb})",
                    self.new_models.len()
                ),
                &self.new_models,
                ", ",
            ));
        }
        out
    }
}

/// Names listed after a label, at most [`LISTED`] of them (then how many
/// more), wrapped to 100 columns with a hanging indent: a merge that finds
/// 835 new models stays readable on a terminal.
fn listing(label: &str, items: &[String], sep: &str) -> String {
    const LISTED: usize = 12;
    let mut shown: Vec<String> = items
        .iter()
        .take(LISTED)
        .map(|i| crate::diag::sanitize(i).into_owned())
        .collect();
    if items.len() > LISTED {
        shown.push(format!("… and {} more", items.len() - LISTED));
    }
    let text = format!("{label}: {}", shown.join(sep));
    crate::report::layout::wrap(
        &text,
        crate::report::layout::DEFAULT_WIDTH.into(),
        "  ",
        "      ",
    )
    .trim_end()
    .to_owned()
}

#[cfg(test)]
mod listing_tests {
    use super::listing;

    /// Issue 14: a merge finding 835 new models printed them on one line.
    #[test]
    fn long_listings_are_summarised_and_wrapped() {
        let names: Vec<String> = (0..835).map(|i| format!("model-{i:03}")).collect();
        let text = listing("835 new models in the source", &names, ", ");
        assert!(
            text.contains("model-011") && !text.contains("model-012"),
            "{text}"
        );
        assert!(text.ends_with("… and 823 more"), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "{line}");
        }
        assert!(
            text.lines().skip(1).all(|l| l.starts_with("      ")),
            "{text}"
        );
    }
}
