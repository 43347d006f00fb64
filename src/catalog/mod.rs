//! The model catalog: types, loading and merging, checks, the embedded default.
//!
//! The effective catalog is built from the embedded files (compiled in from
//! `catalog/`) or from the files the user names with `--catalog`
//! (`FMSELECT_CATALOG`), merged in order: a later GPU or metric with the same
//! id replaces an earlier one; a later model with the same id is merged into
//! the earlier one field by field ([`layer`]: its facts win, the facts it
//! lacks are kept). Hardware, metrics and assumptions always
//! start from the embedded ones, so an imported price list can be costed; the
//! models come only from the named files (name `@embedded` to include the
//! embedded models too).

pub mod check;
pub mod layer;
pub mod types;

use std::collections::BTreeMap;

pub use types::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::Source;

/// The catalog files compiled into the binary, in merge order.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    (
        "catalog/metrics.yaml",
        include_str!("../../catalog/metrics.yaml"),
    ),
    (
        "catalog/hardware.yaml",
        include_str!("../../catalog/hardware.yaml"),
    ),
    (
        "catalog/assumptions.yaml",
        include_str!("../../catalog/assumptions.yaml"),
    ),
    (
        "catalog/models.yaml",
        include_str!("../../catalog/models.yaml"),
    ),
    (
        "catalog/models-open.yaml",
        include_str!("../../catalog/models-open.yaml"),
    ),
    (
        "catalog/models-lineup.yaml",
        include_str!("../../catalog/models-lineup.yaml"),
    ),
];

/// [`EMBEDDED_FILES`] as JSON, converted by `build.rs` (empty where the
/// conversion failed). JSON parses ten times faster than YAML, and every
/// command starts from these files.
const EMBEDDED_JSON: &[&str] = &[
    include_str!(concat!(env!("OUT_DIR"), "/metrics.json")),
    include_str!(concat!(env!("OUT_DIR"), "/hardware.json")),
    include_str!(concat!(env!("OUT_DIR"), "/assumptions.json")),
    include_str!(concat!(env!("OUT_DIR"), "/models.json")),
    include_str!(concat!(env!("OUT_DIR"), "/models-open.json")),
    include_str!(concat!(env!("OUT_DIR"), "/models-lineup.json")),
];

/// One embedded file, parsed: from its JSON twin when that parses (the
/// files are checked by tests, and the check's warnings are not shown for
/// them), else from the YAML with every check and located diagnostics.
fn embedded_file(index: usize, known: &Known) -> Result<CatalogFile, Diagnostics> {
    let (name, yaml) = EMBEDDED_FILES[index];
    if let Ok(file) = serde_json::from_str::<CatalogFile>(EMBEDDED_JSON[index]) {
        return Ok(file);
    }
    load_file(&Source::from_text(name, yaml), known).map(|(file, _warnings)| file)
}

/// The name that stands for the embedded catalog in `--catalog` lists.
pub const EMBEDDED_NAME: &str = "@embedded";

/// The merged catalog the pipeline works on.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Where it came from: `embedded` or the file names, in merge order.
    pub sources: Vec<String>,
    /// The oldest `as_of` of the files that supplied models.
    pub as_of: Option<String>,
    pub metrics: Vec<Metric>,
    /// Sorted by id.
    pub models: Vec<Model>,
    pub hardware: Vec<Hardware>,
    pub assumptions: Assumptions,
    /// Warnings from the checks of every file.
    pub warnings: Vec<Diagnostic>,
    /// What each file that supplied models did, in merge order.
    pub layers: Vec<Layer>,
}

/// What one catalog file did to the models of the files before it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Layer {
    /// The file (`embedded` for the built-in catalog).
    pub source: String,
    /// Models in the file.
    pub models: usize,
    /// Models an earlier file had, merged field by field with this file's facts.
    pub refreshed: usize,
    /// Models no earlier file had.
    pub added: usize,
}

/// Parses and checks one catalog file. `known` is the catalog the file will
/// be merged into, so references (GPUs, metrics) can be resolved across files.
pub fn load_file(
    source: &Source,
    known: &Known,
) -> Result<(CatalogFile, Vec<Diagnostic>), Diagnostics> {
    crate::load::load(source, |file: &CatalogFile, c| {
        check::check_file(file, known, c)
    })
}

/// Ids defined by earlier files, for cross-file references.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub metrics: Vec<String>,
    pub hardware: Vec<String>,
    /// Metric id → unit, so values are range-checked across files.
    pub metric_units: BTreeMap<String, String>,
}

impl Known {
    /// The ids defined by a loaded catalog.
    pub fn from_catalog(c: &Catalog) -> Known {
        Known {
            metrics: c.metrics.iter().map(|m| m.id.clone()).collect(),
            hardware: c.hardware.iter().map(|h| h.id.clone()).collect(),
            metric_units: c
                .metrics
                .iter()
                .map(|m| (m.id.clone(), m.unit.clone()))
                .collect(),
        }
    }

    /// The ids of the embedded catalog (empty if it cannot load).
    pub fn embedded() -> Known {
        Catalog::embedded()
            .map(|c| Known::from_catalog(&c))
            .unwrap_or_default()
    }

    /// Adds the ids a file defines.
    pub fn extend(&mut self, file: &CatalogFile) {
        self.metrics
            .extend(file.metrics.iter().map(|m| m.id.clone()));
        self.hardware
            .extend(file.hardware.iter().map(|h| h.id.clone()));
        self.metric_units
            .extend(file.metrics.iter().map(|m| (m.id.clone(), m.unit.clone())));
    }
}

impl Catalog {
    /// The embedded default catalog. Its files are checked by tests; a
    /// problem in them is a bug, reported like any input problem.
    pub fn embedded() -> Result<Catalog, Diagnostics> {
        let mut builder = Builder::default();
        builder.add_embedded(true)?;
        Ok(builder.finish(vec!["embedded".to_owned()]))
    }

    /// Models with neither a tier nor a benchmark (quality only a prior).
    pub fn quality_unknown(&self) -> usize {
        self.models
            .iter()
            .filter(|m| !m.has_quality_evidence())
            .count()
    }

    /// The catalog from `paths` (see the module docs), or the embedded one
    /// when `paths` is empty.
    pub fn load(paths: &[String]) -> Result<Catalog, Diagnostics> {
        if paths.is_empty() {
            return Catalog::embedded();
        }
        let mut builder = Builder::default();
        builder.add_embedded(false)?;
        let mut errors = Vec::new();
        for path in paths {
            if path == EMBEDDED_NAME {
                builder.add_embedded(true)?;
                continue;
            }
            let result = Source::read(path).and_then(|source| load_file(&source, &builder.known()));
            match result {
                Ok((file, warnings)) => {
                    builder.warnings.extend(warnings);
                    builder.layer_name = path.clone();
                    builder.add(file, true);
                }
                Err(d) => errors.extend(d.0),
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        let names = paths
            .iter()
            .map(|p| {
                if p == EMBEDDED_NAME {
                    "embedded".to_owned()
                } else {
                    p.clone()
                }
            })
            .collect();
        Ok(builder.finish(names))
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models
            .binary_search_by(|m| m.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.models[i])
    }

    pub fn gpu(&self, id: &str) -> Option<&Hardware> {
        self.hardware.iter().find(|h| h.id == id)
    }
}

#[derive(Default)]
struct Builder {
    metrics: BTreeMap<String, Metric>,
    models: BTreeMap<String, Model>,
    hardware: BTreeMap<String, Hardware>,
    assumptions: Assumptions,
    model_as_of: Vec<String>,
    warnings: Vec<Diagnostic>,
    layers: Vec<Layer>,
    /// The file being added, for [`Layer::source`].
    layer_name: String,
}

impl Builder {
    fn known(&self) -> Known {
        Known {
            metrics: self.metrics.keys().cloned().collect(),
            hardware: self.hardware.keys().cloned().collect(),
            metric_units: self
                .metrics
                .values()
                .map(|m| (m.id.clone(), m.unit.clone()))
                .collect(),
        }
    }

    /// Adds the embedded files; their models only when `models` is set.
    fn add_embedded(&mut self, models: bool) -> Result<(), Diagnostics> {
        let first = self.layers.len();
        for index in 0..EMBEDDED_FILES.len() {
            let file = embedded_file(index, &self.known())?;
            self.layer_name = "embedded".to_owned();
            self.add(file, models);
        }
        // The embedded catalog comes in several files: one layer.
        if self.layers.len() > first + 1 {
            let parts = self.layers.split_off(first);
            self.layers.push(Layer {
                source: "embedded".to_owned(),
                models: parts.iter().map(|l| l.models).sum(),
                refreshed: parts.iter().map(|l| l.refreshed).sum(),
                added: parts.iter().map(|l| l.added).sum(),
            });
        }
        Ok(())
    }

    fn add(&mut self, file: CatalogFile, with_models: bool) {
        for m in file.metrics {
            self.metrics.insert(m.id.clone(), m);
        }
        for h in file.hardware {
            self.hardware.insert(h.id.clone(), h);
        }
        if let Some(a) = file.assumptions {
            self.assumptions.overlay(a);
        }
        if with_models && !file.models.is_empty() {
            if let Some(as_of) = file.as_of {
                self.model_as_of.push(as_of);
            }
            let mut layer = Layer {
                source: std::mem::take(&mut self.layer_name),
                models: file.models.len(),
                refreshed: 0,
                added: 0,
            };
            for m in file.models {
                match self.models.get_mut(&m.id) {
                    Some(earlier) => {
                        *earlier = layer::layer(earlier, &m);
                        layer.refreshed += 1;
                    }
                    None => {
                        self.models.insert(m.id.clone(), m);
                        layer.added += 1;
                    }
                }
            }
            self.layers.push(layer);
        }
    }

    fn finish(self, sources: Vec<String>) -> Catalog {
        Catalog {
            sources,
            as_of: self.model_as_of.into_iter().min(),
            metrics: self.metrics.into_values().collect(),
            models: self.models.into_values().collect(),
            hardware: self.hardware.into_values().collect(),
            assumptions: self.assumptions,
            warnings: self.warnings,
            layers: self.layers,
        }
    }
}

impl Assumptions {
    /// Replaces each field that `other` sets (maps merge key by key).
    pub fn overlay(&mut self, other: Assumptions) {
        macro_rules! take {
            ($($f:ident),*) => {$( if other.$f.is_some() { self.$f = other.$f; } )*};
        }
        take!(
            hours_per_month,
            peak_factor,
            engineering_usd_per_week,
            self_hosting_ops_weeks_per_month,
            self_hosting_ops_weeks_per_node_month,
            gpu_memory_utilization,
            target_utilization,
            prompt_cache_hit_share,
            stale_after_days,
            from_scratch_training
        );
        if let Some(o) = other.capacity {
            let slot = self.capacity.get_or_insert_with(Default::default);
            macro_rules! field {
                ($($f:ident),*) => {$( if o.$f.is_some() { slot.$f = o.$f; } )*};
            }
            field!(
                prefill_mfu,
                decode_bandwidth_efficiency,
                runtime_overhead_gb_per_gpu,
                kv_cache_precision,
                max_batch_sequences,
                legacy_row_input_tokens
            );
        }
        if let Some(o) = other.ownership {
            let slot = self.ownership.get_or_insert_with(Default::default);
            macro_rules! field {
                ($($f:ident),*) => {$( if o.$f.is_some() { slot.$f = o.$f; } )*};
            }
            field!(pue, electricity_usd_per_kwh, colocation_usd_per_kw_month);
        }
        for (k, v) in other.setup {
            let slot = self.setup.entry(k).or_default();
            if v.engineer_weeks.is_some() {
                slot.engineer_weeks = v.engineer_weeks;
            }
            if v.weeks.is_some() {
                slot.weeks = v.weeks;
            }
        }
        if let Some(o) = other.retrieval {
            let slot = self.retrieval.get_or_insert_with(Default::default);
            macro_rules! field {
                ($($f:ident),*) => {$( if o.$f.is_some() { slot.$f = o.$f; } )*};
            }
            field!(
                query_tokens,
                embedding_usd_per_mtok,
                vector_store_usd_per_month
            );
        }
        for (k, v) in other.strategies {
            let slot = self.strategies.entry(k).or_default();
            if v.setup_usd.is_some() {
                slot.setup_usd = v.setup_usd;
            }
            if v.setup_weeks.is_some() {
                slot.setup_weeks = v.setup_weeks;
            }
        }
        for (k, v) in other.adaptation {
            let slot = self.adaptation.entry(k).or_default();
            if v.setup_usd.is_some() {
                slot.setup_usd = v.setup_usd;
            }
            if v.setup_weeks.is_some() {
                slot.setup_weeks = v.setup_weeks;
            }
            if v.monthly_usd.is_some() {
                slot.monthly_usd = v.monthly_usd;
            }
            if v.min_labeled_examples.is_some() {
                slot.min_labeled_examples = v.min_labeled_examples;
            }
            if v.epochs.is_some() {
                slot.epochs = v.epochs;
            }
        }
        self.basis.extend(other.basis);
    }
}

#[cfg(test)]
mod embedded_tests {
    use super::*;

    /// The JSON twins that build.rs writes parse to exactly what the YAML
    /// gives, and the YAML passes every check: reading the twins skips
    /// nothing that matters.
    #[test]
    fn embedded_json_twins_match_the_checked_yaml() {
        let mut known = Known::default();
        for (index, (name, yaml)) in EMBEDDED_FILES.iter().enumerate() {
            let (from_yaml, _warnings) = load_file(&Source::from_text(*name, *yaml), &known)
                .unwrap_or_else(|d| panic!("{name} does not load: {d}"));
            let from_json: CatalogFile = serde_json::from_str(EMBEDDED_JSON[index])
                .unwrap_or_else(|e| panic!("the JSON twin of {name} does not parse: {e}"));
            assert_eq!(from_json, from_yaml, "{name}");
            known.extend(&from_yaml);
        }
    }
}
