//! `fmselect catalog import`: turns a community model catalog that the user
//! downloaded — LiteLLM's price map, OpenRouter's model list, the models.dev
//! data tree — into an fmselect catalog, offline (SPEC §8: no network).
//!
//! The output is a complete catalog file (`schema_version: 1`, `as_of`,
//! `models` sorted by id) that `catalog validate` accepts: every imported
//! fact carries its source and date; facts the source does not state
//! (benchmarks, tiers, licences, parameters, and for LiteLLM the weights) stay
//! null. With `--merge` the import refreshes the prices of an existing,
//! curated catalog instead ([`merge`]). docs/import.md describes every
//! mapping rule.

mod common;
mod litellm;
pub mod merge;
mod modelsdev;
mod openrouter;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use common::Tally;
pub use merge::{CapabilityChange, Deprecation, MergeReport, PriceChange};

use crate::app::{Exit, Outcome};
use crate::catalog::{CatalogFile, Known};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::source::Source;

/// The community catalog formats `catalog import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// LiteLLM's `model_prices_and_context_window.json`.
    Litellm,
    /// OpenRouter's `/api/v1/models` response, saved as JSON.
    OpenRouter,
    /// The models.dev data folder (`providers/`, `models/`).
    ModelsDev,
}

impl SourceKind {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Litellm => "litellm",
            SourceKind::OpenRouter => "openrouter",
            SourceKind::ModelsDev => "models.dev",
        }
    }
}

/// How the catalog is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Yaml,
    Json,
}

/// Options of `fmselect catalog import`.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub from: SourceKind,
    /// The downloaded file (`-` for standard input), or for models.dev its folder.
    pub source: String,
    /// Write here (atomically) instead of to stdout.
    pub output: Option<String>,
    /// Refresh the prices of this catalog instead of writing the import as is.
    pub merge: Option<String>,
    /// With `merge`: add the source's models and offerings the catalog lacks.
    pub add_new: bool,
    /// The source's snapshot date (YYYY-MM-DD); default: its modification date.
    pub as_of: Option<String>,
    /// Default: JSON when `output` ends in `.json`, else YAML.
    pub format: Option<OutputFormat>,
}

/// A finished import, before it is merged or written.
#[derive(Debug, Clone)]
pub struct Imported {
    pub catalog: CatalogFile,
    pub tally: Tally,
    /// Models every entry of which the source marks deprecated without a
    /// date (so none was imported), by id: `--merge` reports them.
    pub deprecated_ids: BTreeSet<String>,
    /// Problems met in single entries (each entry was skipped).
    pub warnings: Vec<Diagnostic>,
    /// The snapshot date given to every imported fact.
    pub as_of: String,
    /// How `as_of` was chosen.
    pub as_of_basis: String,
    /// The source as named in refs (`model_prices_and_context_window.json`).
    pub label: String,
}

/// Reads `source` as `kind` and converts it. `as_of` overrides the date
/// taken from the file's modification time.
pub fn import(
    kind: SourceKind,
    source: &str,
    as_of: Option<&str>,
) -> Result<Imported, Diagnostics> {
    if let Some(d) = as_of
        && crate::dates::parse_days(d).is_none()
    {
        return Err(Diagnostics::single(
            Diagnostic::error("invalid-value", "--as-of", format!("`{d}` is not a date"))
                .help("write YYYY-MM-DD"),
        ));
    }
    let label = if source == "-" {
        "<stdin>".to_owned()
    } else {
        Path::new(source)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| source.to_owned())
    };
    let (offers, mut tally, warnings, mtime_days) = match kind {
        SourceKind::Litellm | SourceKind::OpenRouter => {
            let text = Source::read(source)?;
            let read = if kind == SourceKind::Litellm {
                litellm::read(&text, &label)?
            } else {
                openrouter::read(&text, &label)?
            };
            (read.0, read.1, read.2, modified_days(source))
        }
        SourceKind::ModelsDev => {
            let r = modelsdev::read(source)?;
            (r.offers, r.tally, r.warnings, r.newest_mtime_days)
        }
    };
    let (as_of, basis) = match (as_of, mtime_days) {
        (Some(d), _) => (d.to_owned(), "as_of given with --as-of".to_owned()),
        (None, Some(days)) => (
            crate::dates::format_days(days),
            if kind == SourceKind::ModelsDev {
                "as_of is the newest modification date of the files read; pass --as-of with the snapshot date".to_owned()
            } else {
                "as_of is the file's modification date; pass --as-of with the snapshot date"
                    .to_owned()
            },
        ),
        (None, None) => (
            crate::dates::format_days(crate::dates::today()),
            "as_of is the day of the import (the input has no modification date)".to_owned(),
        ),
    };
    if offers.is_empty() {
        let reasons = top_reasons(&tally, 3);
        return Err(Diagnostics::single(
            Diagnostic::error(
                "empty-list",
                crate::diag::sanitize(source).into_owned(),
                format!(
                    "no model could be imported from {} entries",
                    tally.entries_read
                ),
            )
            // The whole file is at fault: point at its start (a models.dev
            // folder has no lines).
            .at(if kind == SourceKind::ModelsDev {
                crate::diag::Pos::default()
            } else {
                crate::diag::Pos::new(1, 1)
            })
            .help(if reasons.is_empty() {
                format!("is this a {} source?", kind.name())
            } else {
                format!("entries were skipped: {reasons}")
            }),
        ));
    }
    let dating = common::Dating {
        as_of: as_of.clone(),
        basis: basis.clone(),
    };
    let assembled = common::assemble(offers, &mut tally, &dating);
    for o in assembled.models.iter().flat_map(|m| &m.offerings) {
        debug_assert!(o.source.is_some());
    }
    let mut models = assembled.models;
    for m in &mut models {
        for o in &mut m.offerings {
            o.as_of = Some(as_of.clone());
        }
    }
    let catalog = CatalogFile {
        schema_version: 1,
        name: Some(format!(
            "Imported from {label} ({}) by fmselect catalog import",
            kind.name()
        )),
        as_of: Some(as_of.clone()),
        metrics: Vec::new(),
        models,
        hardware: Vec::new(),
        assumptions: None,
    };
    Ok(Imported {
        catalog,
        tally,
        deprecated_ids: assembled.deprecated_ids,
        warnings,
        as_of,
        as_of_basis: basis,
        label,
    })
}

/// Merges an import into the catalog file at `existing`; see [`merge::merge`].
pub fn merge_into(
    existing: &str,
    imported: &Imported,
    add_new: bool,
) -> Result<(CatalogFile, MergeReport), Diagnostics> {
    let known = known_ids();
    let source = Source::read(existing)?;
    let (file, _warnings) = crate::catalog::load_file(&source, &known)?;
    Ok(merge::merge(file, imported, add_new))
}

/// Runs `fmselect catalog import`: import, merge, check, render, write.
pub fn run(opts: &ImportOptions) -> Result<Outcome, Diagnostics> {
    let imported = import(opts.from, &opts.source, opts.as_of.as_deref())?;
    let mut notes = summary(opts, &imported);
    let (catalog, header) = match &opts.merge {
        Some(existing) => {
            let (merged, report) = merge_into(existing, &imported, opts.add_new)?;
            notes.extend(report.lines(existing));
            let header = format!(
                "# {} with prices refreshed by `fmselect catalog import --from {} --merge` from {} (as_of {}).\n\
                 # The original file's comments are not kept; compare the two with diff before replacing it.\n",
                crate::diag::sanitize(existing),
                opts.from.name(),
                imported.label,
                imported.as_of
            );
            (merged, header)
        }
        None => (imported.catalog.clone(), header(opts.from, &imported)),
    };

    // The output must load: check it as `catalog validate` would.
    let mut check = crate::load::Check::new();
    crate::catalog::check::check_file(&catalog, &known_ids(), &mut check);
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for p in &check.problems {
        if p.severity == Severity::Error {
            errors.push(
                Diagnostic::error(
                    p.code,
                    "<import output>",
                    format!(
                        "{} (at {})",
                        p.message,
                        crate::node::path_to_string(&p.path)
                    ),
                )
                .help(
                    "this is a bug in the importer or in the merged catalog; nothing was written",
                ),
            );
        } else {
            *by_code.entry(p.code).or_default() += 1;
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let warnings: usize = by_code.values().sum();
    notes.push(if warnings == 0 {
        "  the output passes `fmselect catalog validate` with no warnings".to_owned()
    } else {
        let codes: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} {n}")).collect();
        format!(
            "  the output passes `fmselect catalog validate` with {warnings} warnings ({}); run it to see them",
            codes.join(", ")
        )
    });

    let format = opts.format.unwrap_or(match &opts.output {
        Some(p) if p.to_ascii_lowercase().ends_with(".json") => OutputFormat::Json,
        _ => OutputFormat::Yaml,
    });
    let text = render(&catalog, format, &header)?;
    let stdout = match &opts.output {
        Some(path) => {
            crate::output::write_atomic(path, text.as_bytes())?;
            notes.push(format!(
                "  wrote {} models to {}",
                catalog.models.len(),
                crate::diag::sanitize(path)
            ));
            String::new()
        }
        None => text,
    };
    let mut diagnostics = imported.warnings;
    const SHOWN: usize = 20;
    if diagnostics.len() > SHOWN {
        notes.push(format!(
            "  {} more malformed entries not shown",
            diagnostics.len() - SHOWN
        ));
        diagnostics.truncate(SHOWN);
    }
    Ok(Outcome {
        stdout,
        diagnostics,
        notes,
        exit: Exit::Success,
    })
}

/// GPU and metric ids of the embedded catalog, for the output's checks.
fn known_ids() -> Known {
    Known::embedded()
}

fn header(kind: SourceKind, imported: &Imported) -> String {
    format!(
        "# Imported by `fmselect catalog import --from {}` from {} ({}).\n\
         # Prices are USD per million tokens. Facts the source does not state (benchmarks, tiers,\n\
         # licences, parameters{}) are null. Regenerate rather than edit; curate with --merge.\n",
        kind.name(),
        imported.label,
        imported
            .as_of_basis
            .replacen("as_of", &format!("as_of {}", imported.as_of), 1),
        if kind == SourceKind::ModelsDev {
            ""
        } else {
            ", weights unless stated"
        }
    )
}

/// The catalog as YAML (with `header` as a comment) or pretty JSON.
pub fn render(
    catalog: &CatalogFile,
    format: OutputFormat,
    header: &str,
) -> Result<String, Diagnostics> {
    let result = match format {
        OutputFormat::Yaml => serde_saphyr::to_string(catalog)
            .map(|body| format!("{header}{body}"))
            .map_err(|e| e.to_string()),
        OutputFormat::Json => serde_json::to_string_pretty(catalog)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| e.to_string()),
    };
    result.map_err(|e| {
        Diagnostics::single(Diagnostic::error(
            "invalid-value",
            "<import output>",
            format!("cannot serialise the catalog: {e}"),
        ))
    })
}

/// The mtime of `path` in days since 1970 (none for stdin).
fn modified_days(path: &str) -> Option<i64> {
    if path == "-" {
        return None;
    }
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some((secs / 86_400) as i64)
}

fn top_reasons(tally: &Tally, n: usize) -> String {
    let mut reasons: Vec<(&String, &usize)> = tally.skipped.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    reasons
        .iter()
        .take(n)
        .map(|(r, c)| format!("{c} {r}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The per-run counts for stderr.
fn summary(opts: &ImportOptions, imported: &Imported) -> Vec<String> {
    let t = &imported.tally;
    let mut out = vec![
        format!(
            "catalog import --from {}: {} (as_of {}; {})",
            opts.from.name(),
            crate::diag::sanitize(&imported.label),
            imported.as_of,
            imported.as_of_basis
        ),
        format!("  entries read     {:>6}", t.entries_read),
        format!("  models imported  {:>6}", t.models),
        format!("  offerings        {:>6}", t.offerings),
        format!("  skipped          {:>6}", t.skipped_total()),
    ];
    let mut reasons: Vec<(&String, &usize)> = t.skipped.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    for (reason, count) in reasons {
        out.push(format!("    {count:>6}  {reason}"));
    }
    out
}
