//! The models.dev data tree: `providers/<provider>/provider.toml` and
//! `providers/<provider>/models/**.toml` (one file per model the provider
//! serves: `[cost]` in USD per million tokens, `[limit]`, `[modalities]`,
//! `open_weights`, `release_date`, …), plus provider-independent model files
//! under `models/<maker>/<model>.toml` that provider files name with
//! `base_model` and inherit from (minus the keys in `base_model_omit`).
//!
//! Files that share a base model, or whose ids agree once snapshots, aliases
//! and packaging suffixes are set aside, become one model with an offering
//! per provider. The base model file (else the maker's own provider file)
//! speaks for the model's identity. models.dev states `open_weights`
//! explicitly, so `weights` is set from it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::catalog::{LongContextPrice, Modalities, Modality, Weights};
use crate::diag::{Diagnostic, Diagnostics};

use super::common::{
    Identity, MAX_PER_MTOK, Offer, SKIP_EMBEDDING, SKIP_IMPLAUSIBLE, SKIP_NO_OUTPUT_PRICE, Tally,
    catalog_date, is_embedding_name, mapping, modality, modality_list, name_parts, offering,
    round6, split_bedrock, strip_name_prefix,
};

/// Largest single TOML file read (real ones are a few KB).
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What reading the tree produced.
pub(crate) struct Read {
    pub offers: Vec<Offer>,
    pub tally: Tally,
    pub warnings: Vec<Diagnostic>,
    /// The newest modification day (days since 1970) of the files read.
    pub newest_mtime_days: Option<i64>,
}

pub(crate) fn read(root: &str) -> Result<Read, Diagnostics> {
    let root_path = Path::new(root);
    let meta = std::fs::metadata(root_path).map_err(|e| {
        let d = match e.kind() {
            std::io::ErrorKind::NotFound => {
                Diagnostic::error("file-not-found", root, "no such folder")
            }
            _ => Diagnostic::error("file-unreadable", root, format!("cannot read: {e}")),
        };
        Diagnostics::single(
            d.help("name the models.dev data folder (the one holding providers/ and models/)"),
        )
    })?;
    if !meta.is_dir() {
        return Err(Diagnostics::single(
            Diagnostic::error(
                "wrong-type",
                root,
                "models.dev is read from its data folder, and this is a file",
            )
            .help("name the folder that holds providers/ and models/ (a checkout of models.dev)"),
        ));
    }
    let providers_dir = root_path.join("providers");
    if !providers_dir.is_dir() {
        return Err(Diagnostics::single(
            Diagnostic::error(
                "wrong-type",
                root,
                "this folder has no providers/ subfolder, so it is not the models.dev data tree",
            )
            .help("name the folder that holds providers/ and models/ (a checkout of models.dev)"),
        ));
    }
    let models_dir = root_path.join("models");

    let mut reader = Reader {
        root: root_path.to_path_buf(),
        models_dir,
        bases: BTreeMap::new(),
        warnings: Vec::new(),
        newest: None,
    };
    let mut tally = Tally::default();
    let mut offers = Vec::new();
    let mut provider_dirs = list_dir(&providers_dir).map_err(|e| {
        Diagnostics::single(Diagnostic::error(
            "file-unreadable",
            providers_dir.display().to_string(),
            format!("cannot list the folder: {e}"),
        ))
    })?;
    provider_dirs.retain(|p| is_real_dir(p));
    for provider_dir in provider_dirs {
        let provider = file_name(&provider_dir);
        let provider_name = reader
            .table(&provider_dir.join("provider.toml"))
            .and_then(|t| str_of(&t, "name"));
        let mut files = Vec::new();
        collect_files(&provider_dir.join("models"), &mut files);
        files.sort();
        for file in files {
            tally.entries_read += 1;
            match reader.entry(&provider, provider_name.as_deref(), &provider_dir, &file) {
                Ok(offer) => offers.push(offer),
                Err(reason) => tally.skip(reason),
            }
        }
    }
    if tally.entries_read == 0 {
        return Err(Diagnostics::single(
            Diagnostic::error(
                "empty-list",
                root,
                "providers/ holds no model files (providers/<provider>/models/*.toml)",
            )
            .help("name the models.dev data folder of a complete checkout"),
        ));
    }
    Ok(Read {
        offers,
        tally,
        warnings: reader.warnings,
        newest_mtime_days: reader.newest,
    })
}

struct Reader {
    root: PathBuf,
    models_dir: PathBuf,
    /// Base model files by id (`anthropic/claude-opus-4-6`); `None` when absent.
    bases: BTreeMap<String, Option<Table>>,
    warnings: Vec<Diagnostic>,
    newest: Option<i64>,
}

impl Reader {
    /// The path as shown in refs and messages: relative to the data folder.
    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Reads and parses one TOML file; problems become warnings.
    fn table(&mut self, path: &Path) -> Option<Table> {
        let shown = self.shown(path);
        let meta = std::fs::metadata(path).ok()?;
        // Never open a FIFO (it would block) or a device.
        if !meta.is_file() {
            self.warnings.push(Diagnostic::warning(
                "file-not-regular",
                shown,
                format!(
                    "{} is not a regular file; skipped",
                    crate::source::describe_kind(&meta)
                ),
            ));
            return None;
        }
        crate::source::note_input(&meta);
        if let Ok(modified) = meta.modified()
            && let Ok(d) = modified.duration_since(std::time::UNIX_EPOCH)
        {
            let days = (d.as_secs() / 86_400) as i64;
            self.newest = Some(self.newest.map_or(days, |n| n.max(days)));
        }
        if meta.len() > MAX_FILE_BYTES {
            self.warnings.push(Diagnostic::warning(
                "file-too-large",
                shown,
                format!("larger than {MAX_FILE_BYTES} bytes; skipped"),
            ));
            return None;
        }
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                self.warnings.push(Diagnostic::warning(
                    "not-utf8",
                    shown,
                    "not UTF-8 text; skipped",
                ));
                return None;
            }
            Err(e) => {
                self.warnings.push(Diagnostic::warning(
                    "file-unreadable",
                    shown,
                    format!("cannot read: {e}; skipped"),
                ));
                return None;
            }
        };
        match toml::from_str::<Table>(&text) {
            Ok(t) => Some(t),
            Err(e) => {
                let mut d = Diagnostic::warning(
                    "invalid-value",
                    shown,
                    format!(
                        "malformed TOML: {}; skipped",
                        e.message().lines().next().unwrap_or("syntax error")
                    ),
                );
                if let Some(span) = e.span() {
                    d = d.at(crate::source::pos_of_byte(text.as_bytes(), span.start));
                }
                self.warnings.push(d.with_source(&text));
                None
            }
        }
    }

    fn base(&mut self, id: &str) -> Option<Table> {
        if let Some(cached) = self.bases.get(id) {
            return cached.clone();
        }
        let mut path = self.models_dir.clone();
        for part in id.split('/') {
            path.push(part);
        }
        let mut with_ext = path.clone().into_os_string();
        with_ext.push(".toml");
        let with_ext = PathBuf::from(with_ext);
        let found = if with_ext.is_file() {
            self.table(&with_ext)
        } else if path.is_file() {
            self.table(&path)
        } else {
            None
        };
        self.bases.insert(id.to_owned(), found.clone());
        found
    }

    fn entry(
        &mut self,
        provider: &str,
        provider_name: Option<&str>,
        provider_dir: &Path,
        file: &Path,
    ) -> Result<Offer, String> {
        let shown = self.shown(file);
        let Some(own) = self.table(file) else {
            return Err("malformed file (see the warning)".to_owned());
        };
        // The model id within the provider: the path under models/, no `.toml`.
        let rel = file
            .strip_prefix(provider_dir.join("models"))
            .unwrap_or(file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let model_id = rel.strip_suffix(".toml").unwrap_or(&rel).to_owned();

        let base_id = str_of(&own, "base_model");
        let base = base_id.as_deref().and_then(|b| self.base(b));
        let omit: Vec<String> = strings_of(&own, "base_model_omit");
        let effective = match &base {
            Some(b) => {
                let mut t = b.clone();
                for path in &omit {
                    remove_path(&mut t, path);
                }
                deep_merge(&mut t, &own);
                t
            }
            None => own.clone(),
        };

        let modalities = sub(&effective, "modalities");
        let inputs: Vec<Modality> = modalities
            .map(|m| strings_of(m, "input"))
            .unwrap_or_default()
            .iter()
            .filter_map(|s| modality(s))
            .collect();
        let outputs: Vec<Modality> = modalities
            .map(|m| strings_of(m, "output"))
            .unwrap_or_default()
            .iter()
            .filter_map(|s| modality(s))
            .filter(|m| !matches!(m, Modality::Pdf | Modality::Video))
            .collect();
        if modalities.is_none() {
            return Err("no modalities stated".to_owned());
        }
        if !outputs.contains(&Modality::Text) {
            return Err("no text output".to_owned());
        }
        let inputs = if inputs.is_empty() {
            vec![Modality::Text]
        } else {
            modality_list(inputs)
        };
        if !inputs.contains(&Modality::Text) {
            return Err("no text input".to_owned());
        }

        let Some(cost) = sub(&effective, "cost") else {
            return Err("no price ([cost] missing)".to_owned());
        };
        let (Some(input), Some(output)) = (num_of(cost, "input"), num_of(cost, "output")) else {
            return Err("no price ([cost] missing)".to_owned());
        };
        if input < 0.0 || output < 0.0 {
            self.warnings.push(Diagnostic::warning(
                "out-of-range",
                &shown,
                "a negative price in [cost]; skipped",
            ));
            return Err("malformed entry (a field has the wrong type)".to_owned());
        }
        if input == 0.0 && output == 0.0 {
            return Err(
                "zero price (free tier or subscription plan; not a costable offering)".to_owned(),
            );
        }

        if input > 0.0 && output == 0.0 {
            return Err(SKIP_NO_OUTPUT_PRICE.to_owned());
        }
        if is_embedding_name(&model_id)
            || str_of(&effective, "family").is_some_and(|f| is_embedding_name(&f))
            || str_of(&effective, "name").is_some_and(|n| is_embedding_name(&n))
        {
            return Err(SKIP_EMBEDDING.to_owned());
        }
        if input > MAX_PER_MTOK || output > MAX_PER_MTOK {
            return Err(SKIP_IMPLAUSIBLE.to_owned());
        }
        let m = mapping();
        let host = m.host("models.dev", provider);
        let bedrock = host.host == "aws-bedrock";
        let last = model_id.rsplit('/').next().unwrap_or(&model_id).to_owned();
        let mut regions = Vec::new();
        let (segment, bedrock_vendor) = if bedrock {
            let b = split_bedrock(&last, m);
            if let Some(r) = b.region {
                regions.push(r);
            }
            (b.model, b.vendor)
        } else {
            (last.clone(), None)
        };
        let (segment, prefix_maker) = if host.maker.is_none() {
            strip_name_prefix(m, &host.host, &segment)
        } else {
            (segment.as_str(), None)
        };
        let names = match &base_id {
            Some(b) => name_parts(b.rsplit('/').next().unwrap_or(b)),
            None => name_parts(segment),
        };
        let base_vendor = base_id
            .as_deref()
            .and_then(|b| b.split_once('/'))
            .and_then(|(v, _)| m.vendor(v));
        let org = model_id
            .rsplit('/')
            .nth(1)
            .and_then(|o| m.vendor(o))
            .or_else(|| bedrock_vendor.as_deref().and_then(|v| m.vendor(v)))
            .or(prefix_maker);
        let maker = base_vendor
            .or(org)
            .or_else(|| host.maker.clone())
            .or_else(|| m.maker_from_name(&names.id));
        let first_party = host.maker.is_some() && maker == host.maker;

        let limit = sub(&effective, "limit");
        let context = limit.and_then(|l| count_of(l, "context"));
        let max_input = limit.and_then(|l| count_of(l, "input"));
        let max_output = limit.and_then(|l| count_of(l, "output"));

        let mut off = offering(&host, &model_id, regions);
        off.input_per_mtok = Some(round6(input));
        off.output_per_mtok = Some(round6(output));
        off.cached_input_per_mtok = num_of(cost, "cache_read").filter(|c| *c >= 0.0).map(round6);
        off.cache_write_per_mtok = num_of(cost, "cache_write")
            .filter(|c| *c >= 0.0)
            .map(round6);
        off.audio_input_per_mtok = num_of(cost, "input_audio")
            .filter(|c| *c >= 0.0)
            .map(round6);
        off.long_context = long_context(cost);
        off.context_window = context;
        off.max_input_tokens = max_input.filter(|i| context.is_none_or(|c| *i < c));
        off.max_output_tokens = max_output;
        off.source = Some(match provider_name {
            Some(n) => format!("models.dev {shown} ({n})"),
            None => format!("models.dev {shown}"),
        });
        let mut off_notes = Vec::new();
        if let Some(s) = str_of(&effective, "status")
            && s != "deprecated"
        {
            off_notes.push(format!("models.dev status: {s}."));
        }
        if cost_tier_count(cost) > 1 {
            off_notes.push(
                "models.dev lists several context tiers; the lowest threshold is the long-context price."
                    .to_owned(),
            );
        }
        if !off_notes.is_empty() {
            off.note = Some(off_notes.join(" "));
        }

        // Identity: the base model file alone when there is one.
        let (identity_table, identity_ref, rank) = match (&base, &base_id) {
            (Some(b), Some(id)) => (b.clone(), format!("models.dev models/{id}.toml"), 0),
            _ => (
                effective.clone(),
                format!("models.dev {shown}"),
                if first_party { 1 } else { 2 },
            ),
        };
        let mut identity = identity_of(&identity_table, identity_ref);
        if rank != 0 {
            identity.modalities = Modalities {
                input: inputs.clone(),
                output: modality_list(outputs.clone()),
            };
        } else {
            // The base's modalities, widened by what this provider states.
            let mut i = identity.modalities.input.clone();
            i.extend(inputs.iter().copied());
            let mut o = identity.modalities.output.clone();
            o.extend(outputs.iter().copied());
            identity.modalities = Modalities {
                input: modality_list(i),
                output: modality_list(o),
            };
            if identity.context_window.is_none() {
                identity.context_window = context;
            }
            if identity.max_output_tokens.is_none() {
                identity.max_output_tokens = max_output;
            }
        }
        // Flags are offering facts: this provider's (inherited where unset).
        let flag = |key: &str| match effective.get(key) {
            Some(Value::Boolean(b)) => Some(*b),
            _ => None,
        };
        identity.capabilities = crate::catalog::Capabilities {
            tool_calling: flag("tool_call"),
            structured_output: flag("structured_output"),
            reasoning: flag("reasoning"),
        };
        identity.status = matches!(
            str_of(&effective, "status").as_deref(),
            Some("beta" | "alpha")
        )
        .then_some(crate::catalog::Status::Preview);
        if identity.modalities.output.is_empty() {
            identity.modalities.output = vec![Modality::Text];
        }
        if identity.modalities.input.is_empty() {
            identity.modalities.input = vec![Modality::Text];
        }
        Ok(Offer {
            names,
            maker,
            first_party,
            identity_rank: rank,
            identity,
            offering: off,
            deprecated_status: str_of(&effective, "status").as_deref() == Some("deprecated"),
        })
    }
}

/// Identity facts of a models.dev model table.
fn identity_of(t: &Table, reference: String) -> Identity {
    let limit = sub(t, "limit");
    let context = limit.and_then(|l| count_of(l, "context"));
    let modalities = sub(t, "modalities");
    let list = |key: &str| -> Vec<Modality> {
        modalities
            .map(|m| strings_of(m, key))
            .unwrap_or_default()
            .iter()
            .filter_map(|s| modality(s))
            .collect()
    };
    let mut notes = Vec::new();
    if let Some(k) = str_of(t, "knowledge").and_then(|k| catalog_date(&k)) {
        notes.push(format!("Knowledge cutoff {k} (models.dev)."));
    }
    Identity {
        name: str_of(t, "name"),
        family: str_of(t, "family")
            .map(|f| super::common::kebab(&f))
            .filter(|f| !f.is_empty()),
        released: str_of(t, "release_date").and_then(|d| catalog_date(&d)),
        deprecated: None,
        weights: match t.get("open_weights") {
            Some(Value::Boolean(true)) => Some(Weights::Open),
            Some(Value::Boolean(false)) => Some(Weights::Closed),
            _ => None,
        },
        license: str_of(t, "license").filter(|l| !l.trim().is_empty()),
        context_window: context,
        max_input_tokens: limit
            .and_then(|l| count_of(l, "input"))
            .filter(|i| context.is_none_or(|c| *i < c)),
        max_output_tokens: limit.and_then(|l| count_of(l, "output")),
        modalities: Modalities {
            input: modality_list(list("input")),
            output: modality_list(
                list("output")
                    .into_iter()
                    .filter(|m| !matches!(m, Modality::Pdf | Modality::Video)),
            ),
        },
        reference,
        source_notes: Vec::new(),
        notes,
        capabilities: Default::default(),
        status: None,
    }
}

/// `[[cost.tiers]]` with a context size: the lowest threshold.
fn long_context(cost: &Table) -> Option<LongContextPrice> {
    let Some(Value::Array(tiers)) = cost.get("tiers") else {
        return None;
    };
    tiers
        .iter()
        .filter_map(|t| {
            let t = t.as_table()?;
            let tier = sub(t, "tier")?;
            if let Some(kind) = str_of(tier, "type")
                && kind != "context"
            {
                return None;
            }
            Some(LongContextPrice {
                above_tokens: count_of(tier, "size")?,
                input_per_mtok: round6(num_of(t, "input")?),
                output_per_mtok: round6(num_of(t, "output")?),
            })
        })
        .min_by_key(|l| l.above_tokens)
}

fn cost_tier_count(cost: &Table) -> usize {
    match cost.get("tiers") {
        Some(Value::Array(a)) => a.len(),
        _ => 0,
    }
}

fn sub<'a>(t: &'a Table, key: &str) -> Option<&'a Table> {
    t.get(key).and_then(Value::as_table)
}

fn str_of(t: &Table, key: &str) -> Option<String> {
    match t.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

fn strings_of(t: &Table, key: &str) -> Vec<String> {
    match t.get(key) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn num_of(t: &Table, key: &str) -> Option<f64> {
    match t.get(key)? {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

fn count_of(t: &Table, key: &str) -> Option<u64> {
    match t.get(key)? {
        Value::Integer(i) if *i > 0 => Some(*i as u64),
        Value::Float(f) if f.is_finite() && *f >= 1.0 => Some(f.round() as u64),
        _ => None,
    }
}

/// Removes a dotted path (`cost.tiers`) from a table.
fn remove_path(t: &mut Table, path: &str) {
    match path.split_once('.') {
        None => {
            t.remove(path);
        }
        Some((head, rest)) => {
            if let Some(Value::Table(inner)) = t.get_mut(head) {
                remove_path(inner, rest);
            }
        }
    }
}

/// Overlays `over` onto `base`: tables merge key by key, anything else is
/// replaced. The provider file's own `base_model*` keys are not carried.
fn deep_merge(base: &mut Table, over: &Table) {
    for (k, v) in over {
        if k == "base_model" || k == "base_model_omit" {
            continue;
        }
        match (base.get_mut(k), v) {
            (Some(Value::Table(b)), Value::Table(o)) => deep_merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    Ok(out)
}

/// Every file under `dir` (any name: models.dev has TOML files without the
/// extension), depth-first; hidden files are ignored.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = list_dir(dir) else {
        return;
    };
    for path in entries {
        if file_name(&path).starts_with('.') {
            continue;
        }
        // Links to folders are not followed: a link to a parent folder
        // would make the walk exponential (or endless).
        if is_real_dir(&path) {
            collect_files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// A folder, not a link to one.
fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_and_omit() {
        let mut base: Table = toml::from_str(
            "name = \"X\"\n[cost]\ninput = 1\n[[cost.tiers]]\ninput = 2\n[limit]\ncontext = 100\ninput = 90\n",
        )
        .unwrap();
        let over: Table =
            toml::from_str("base_model = \"a/x\"\n[cost]\noutput = 3\n[limit]\ncontext = 50\n")
                .unwrap();
        remove_path(&mut base, "cost.tiers");
        remove_path(&mut base, "limit.input");
        deep_merge(&mut base, &over);
        let cost = sub(&base, "cost").unwrap();
        assert_eq!(
            (num_of(cost, "input"), num_of(cost, "output")),
            (Some(1.0), Some(3.0))
        );
        assert!(cost.get("tiers").is_none());
        let limit = sub(&base, "limit").unwrap();
        assert_eq!(
            (count_of(limit, "context"), count_of(limit, "input")),
            (Some(50), None)
        );
        assert!(base.get("base_model").is_none());
    }
}
