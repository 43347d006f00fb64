//! `fmselect export promptfoo|litellm`: the recommendation as configuration
//! files for the tools that act on it.
//!
//! - [`promptfoo`]: an eval config for the eval plan's shortlist (Step 3 —
//!   validate with evals), whose results `recommend --evals` reads back.
//! - [`litellm`]: a LiteLLM proxy config implementing the strategy's routes
//!   (buy, build or the blend's sensitive / complex / bulk routes).
//!
//! Both run the same pipeline as `recommend` and only translate its
//! decisions: which deployment of which model. Model names never appear in
//! this code; hosts do, because the mapping from an fmselect host to another
//! tool's provider id is integration knowledge, documented per row with the
//! evidence it rests on. Output is written by hand as YAML (header comments
//! explain the file; every scalar that comes from an input is quoted), and is
//! deterministic: no timestamps.

pub mod litellm;
pub mod promptfoo;

use crate::catalog::{Model, Offering, OfferingKind};
use crate::filter::{Allowed, Screen};
use crate::recommend::{RecommendOptions, Recommendation};
use crate::rules::ModelVerdict;

/// Which file to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportKind {
    /// A `promptfooconfig.yaml` for the eval plan's shortlist.
    #[default]
    Promptfoo,
    /// A LiteLLM proxy `config.yaml` for the strategy's routes.
    Litellm,
}

impl ExportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Promptfoo => "promptfoo",
            ExportKind::Litellm => "litellm",
        }
    }
}

/// Options of `fmselect export`.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub kind: ExportKind,
    /// The same inputs as `recommend` (its `evals` and `top` are not used).
    pub recommend: RecommendOptions,
    /// Write here (atomically) instead of standard output.
    pub output: Option<String>,
    /// LiteLLM: the config of the proxy for the sensitive routes (see
    /// [`litellm::Proxy`]).
    pub sensitive_proxy: bool,
}

/// A rendered export: the file's text, and notes for stderr (substituted
/// deployments, placeholders to fill in).
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub text: String,
    pub notes: Vec<String>,
}

/// The command line that reproduces an input set, for header comments.
pub fn command_line(words: &[&str], opts: &RecommendOptions) -> String {
    let mut parts: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    parts.push(shell_word(&opts.requirements));
    for c in &opts.catalogs {
        parts.push("--catalog".to_owned());
        parts.push(shell_word(c));
    }
    if let Some(r) = &opts.rules {
        parts.push("--rules".to_owned());
        parts.push(shell_word(r));
    }
    parts.join(" ")
}

/// A word as a POSIX shell would need it quoted.
fn shell_word(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:@=+,-".contains(c))
    {
        w.to_owned()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// Where the recommendation came from, for header comments.
pub fn provenance(rec: &Recommendation, opts: &RecommendOptions) -> String {
    let req = &rec.report.requirements;
    let catalog = &rec.report.catalog;
    format!(
        "requirements {}{} (task {}); catalog {}{}; rules {}",
        opts.requirements,
        req.name
            .as_deref()
            .map(|n| format!(" \"{n}\""))
            .unwrap_or_default(),
        req.task_type().as_str(),
        catalog.sources.join(", "),
        catalog
            .as_of
            .as_deref()
            .map(|d| format!(" (as of {d})"))
            .unwrap_or_default(),
        catalog.rules.join(", ")
    )
}

// ---------------------------------------------------------------------------
// Deployments.

/// One deployment of a model, as an export uses it.
#[derive(Debug, Clone, Copy)]
pub struct Deployment<'c> {
    pub model: &'c Model,
    /// Index into the model's offerings.
    pub index: usize,
    pub offering: &'c Offering,
    /// Whether it may carry the sensitive share of the traffic.
    pub serves_sensitive: bool,
}

impl Deployment<'_> {
    /// The id this host's API expects, or for a self-hosted deployment the
    /// served model name (the weights' repository id, else the fmselect id).
    pub fn served_id(&self) -> Option<&str> {
        match (self.offering.api_id.as_deref(), self.offering.kind) {
            (Some(id), _) if !id.is_empty() => Some(id),
            (_, OfferingKind::SelfHosted) => Some(&self.model.id),
            _ => None,
        }
    }

    /// "api via anthropic", "private-cloud via aws-bedrock", "self-hosted on h100-80gb".
    pub fn describe(&self) -> String {
        match self.offering.kind {
            OfferingKind::SelfHosted => format!(
                "self-hosted on {}",
                self.offering.gpu.as_deref().unwrap_or("unknown GPU")
            ),
            kind => format!(
                "{} via {}",
                crate::score::kind_name(kind),
                self.offering.host.as_deref().unwrap_or("unknown host")
            ),
        }
    }
}

/// The deployments of `model` that pass the requirements' deployment-level
/// hard constraints (data locality, residency, context, denied hosts) — the
/// same screen `recommend` applies.
pub fn allowed<'c>(rec: &Recommendation, model: &'c Model) -> Vec<Deployment<'c>> {
    let screen = crate::filter::screen(
        model,
        &rec.report.requirements,
        &ModelVerdict::default(),
        &rec.region_groups,
        // Only which deployments pass matters here, not the context flag.
        f64::INFINITY,
        crate::dates::today(),
    );
    match screen {
        Screen::Pass(list) => list
            .into_iter()
            .map(|a: Allowed| Deployment {
                model,
                index: a.offering,
                offering: &model.offerings[a.offering],
                serves_sensitive: a.serves_sensitive,
            })
            .collect(),
        Screen::Fail(_) => Vec::new(),
    }
}

/// The allowed deployment that a report row names by kind and host (or GPU,
/// for self-hosted). Several offerings may share a host (a global and a
/// regional Bedrock profile): the screen keeps only those the residency
/// allows, `sensitive` keeps only those that may carry sensitive requests,
/// and among the rest one with an `api_id` is preferred, then catalog order.
pub fn resolve<'c>(
    rec: &Recommendation,
    model: &'c Model,
    deployment: &str,
    host: Option<&str>,
    sensitive: bool,
) -> Option<Deployment<'c>> {
    let mut fits: Vec<Deployment<'c>> = allowed(rec, model)
        .into_iter()
        .filter(|d| crate::score::kind_name(d.offering.kind) == deployment)
        .filter(|d| match d.offering.kind {
            OfferingKind::SelfHosted => d.offering.gpu.as_deref() == host,
            _ => d.offering.host.as_deref() == host,
        })
        .filter(|d| !sensitive || d.serves_sensitive)
        .collect();
    fits.sort_by_key(|d| (d.offering.api_id.is_none(), d.index));
    fits.into_iter().next()
}

/// Whether a request routed to this deployment stays in infrastructure the
/// company controls (self-hosted, or its own cloud tenant where allowed).
pub fn is_local(d: &Deployment) -> bool {
    match d.offering.kind {
        OfferingKind::SelfHosted => true,
        OfferingKind::PrivateCloud => d.serves_sensitive,
        OfferingKind::Api => false,
    }
}

// ---------------------------------------------------------------------------
// YAML writing.

/// A string as a YAML scalar: plain when it cannot be misread, else
/// double-quoted with JSON escapes (a JSON string is a valid YAML
/// double-quoted scalar), so no input can break the document's structure.
pub fn yaml_str(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
    }
}

/// Conservative: letters, digits and `-_./:@`, starting with a letter, not
/// a YAML 1.1 or 1.2 keyword, no `: ` or ` #`.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./@".contains(c) || c == ':')
        && !s.ends_with(':')
        && !s.contains(": ")
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "nan" | "inf"
        )
}

/// A mapping key: plain when it is an identifier, else quoted.
pub fn yaml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && is_plain_safe_key(k)
    {
        k.to_owned()
    } else {
        serde_json::to_string(k).unwrap_or_else(|_| "\"\"".to_owned())
    }
}

fn is_plain_safe_key(k: &str) -> bool {
    !matches!(
        k.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
    )
}

/// A value that may span lines, at `indent` spaces: a literal block (`|-`)
/// when that reads the same back, else a quoted scalar.
pub fn yaml_text(s: &str, indent: usize) -> String {
    let block_safe = s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with(['\n', ' ', '\t'])
        && !s.contains('\r')
        && s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control())
        && !s.contains('\u{feff}');
    if !block_safe {
        return yaml_str(s);
    }
    let pad = " ".repeat(indent);
    let mut out = String::from("|-");
    for line in s.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// Text for a `#` comment: one line, no control characters.
pub fn comment(text: &str) -> String {
    crate::diag::sanitize(text).replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_unchanged() {
        for s in [
            "gpt-5.2",
            "us.meta.llama4-scout-17b-instruct-v1:0",
            "yes",
            "on",
            "",
            "a: b",
            "x #y",
            "- item",
            "{{question}}",
            "line1\nline2",
            "  leading",
            "trailing\n",
            "tab\tand \"quotes\" and 'single'",
            "esc\u{1b}[31m",
            "*alias",
            "&anchor",
            "!tag",
            "%directive",
            "@at",
            "`tick`",
            "1.5",
            "0x10",
            "~",
            "null",
        ] {
            let doc = format!("k: {}\n", yaml_str(s));
            let v: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
            assert_eq!(v["k"], s, "{doc:?}");
            let doc = format!("k: {}\n", yaml_text(s, 2));
            let v: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
            assert_eq!(v["k"], s, "{doc:?}");
            let doc = format!("{}: v\n", yaml_key(s));
            let v: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
            assert!(v.contains_key(s), "{doc:?}");
        }
    }

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_word("req.yaml"), "req.yaml");
        assert_eq!(shell_word("my req.yaml"), "'my req.yaml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
