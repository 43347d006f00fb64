//! Reading promptfoo's eval results (`promptfoo eval -o results.json`) for
//! `fmselect recommend --evals` — Step 3 of the framework, closing the loop:
//! the user's own tests re-rank the shortlist.
//!
//! The file is promptfoo's `OutputFile` (see `docs` and the fixture copied
//! from promptfoo's own tests): `results.results[]` holds one row per test
//! case × prompt × provider, each with `provider: {id, label}` and `success`.
//! Rows are counted per provider: pass rate = passed / graded rows. Rows that
//! failed with a provider error (`failureReason: 2`: a timeout, a rate limit,
//! a missing key) are not a graded answer, so they are left out of the pass
//! rate and counted separately. Unknown keys are ignored: newer promptfoo
//! releases add optional ones.
//!
//! A provider maps to a catalog model by its `label` (`fmselect export
//! promptfoo` sets it to the fmselect model id) or, failing that, by its
//! provider id: `openai:chat:gpt-5.2` ends with `:` + the `api_id` of one of
//! `gpt-5.2`'s offerings. A provider that matches no model, or several, is
//! reported rather than guessed.
//!
//! The file is walked as a located tree, so every shape problem is reported
//! with its line and column (code `evals-format`), all at once.

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::node::{Kind, Node};
use crate::source::{LineIndex, Source};

/// The rows of one promptfoo provider.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderTally {
    /// The provider id (`openai:chat:gpt-5.2`).
    pub id: String,
    /// The provider's label, when set and not empty.
    pub label: Option<String>,
    pub passed: u64,
    pub failed: u64,
    /// Rows that failed with a provider error.
    pub errors: u64,
}

/// A promptfoo results file, counted per provider.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalResults {
    /// The file as named by the user (`<stdin>` for `-`).
    pub file: String,
    /// `metadata.promptfooVersion`, when present.
    pub promptfoo_version: Option<String>,
    /// Providers in the order they first appear.
    pub providers: Vec<ProviderTally>,
}

/// Most shape problems reported for one file; a wrong file would otherwise
/// produce one per row.
const MAX_PROBLEMS: usize = 20;

const FORMAT_HELP: &str = "expected the JSON that `promptfoo eval -o results.json` (or `promptfoo export`) writes: \
     {\"results\": {\"results\": [{\"provider\": {\"id\": ..., \"label\": ...}, \"success\": true, ...}]}}";

/// Reads and counts a results file (`-` for standard input).
pub fn load(path: &str) -> Result<(EvalResults, Vec<Diagnostic>), Diagnostics> {
    let source = Source::read(path)?;
    parse(&source)
}

/// Counts the rows of a results file already in memory.
pub fn parse(source: &Source) -> Result<(EvalResults, Vec<Diagnostic>), Diagnostics> {
    if source.text.trim().is_empty() {
        return Err(Diagnostics::single(
            Diagnostic::error("file-empty", &source.name, "the eval results file is empty")
                .help(FORMAT_HELP),
        ));
    }
    let tree = crate::load::tree(source)?;
    let mut walk = Walk {
        source,
        lines: LineIndex::new(&source.text),
        problems: Vec::new(),
        more: 0,
        warnings: Vec::new(),
    };
    let results = walk.file(&tree);
    if !walk.problems.is_empty() {
        let mut problems = walk.problems;
        if walk.more > 0 {
            problems.push(Diagnostic::error(
                "evals-format",
                &source.name,
                format!("… and {} more problems of the same kind", walk.more),
            ));
        }
        return Err(Diagnostics(problems));
    }
    Ok((results, walk.warnings))
}

struct Walk<'s> {
    source: &'s Source,
    lines: LineIndex<'s>,
    problems: Vec<Diagnostic>,
    more: usize,
    warnings: Vec<Diagnostic>,
}

impl Walk<'_> {
    fn problem(&mut self, pos: Pos, message: String, help: Option<&str>) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        let mut d = Diagnostic::error("evals-format", &self.source.name, message).at(pos);
        d = d.with_line(self.lines.line(pos.line));
        self.problems.push(d.help(help.unwrap_or(FORMAT_HELP)));
    }

    fn file(&mut self, root: &Node) -> EvalResults {
        let mut out = EvalResults {
            file: self.source.name.clone(),
            promptfoo_version: None,
            providers: Vec::new(),
        };
        let Kind::Map(_) = &root.kind else {
            self.problem(
                root.pos,
                format!(
                    "expected promptfoo's results object, found {}",
                    root.kind.describe()
                ),
                None,
            );
            return out;
        };
        out.promptfoo_version = get(root, "metadata")
            .and_then(|m| get(m, "promptfooVersion"))
            .and_then(as_str)
            .map(str::to_owned);
        let Some(summary) = get(root, "results") else {
            let looks_like_config =
                get(root, "providers").is_some() || get(root, "prompts").is_some();
            self.problem(
                root.pos,
                "no `results` key: this is not a promptfoo results file".to_owned(),
                Some(if looks_like_config {
                    "this looks like a promptfoo *config*: run `promptfoo eval -c <config> -o results.json` and pass results.json"
                } else {
                    FORMAT_HELP
                }),
            );
            return out;
        };
        if !matches!(summary.kind, Kind::Map(_)) {
            self.problem(
                summary.pos,
                format!(
                    "`results` must be an object (promptfoo's evaluation summary), found {}",
                    summary.kind.describe()
                ),
                None,
            );
            return out;
        }
        match get(summary, "version").map(|v| &v.kind) {
            None | Some(Kind::Int(2 | 3)) => {}
            Some(other) => self.warnings.push(
                Diagnostic::warning(
                    "evals-format",
                    &self.source.name,
                    format!(
                        "`results.version` is {}; fmselect reads versions 2 and 3 and will try anyway",
                        other.describe()
                    ),
                )
                .at(get(summary, "version").map_or(summary.pos, |v| v.pos)),
            ),
        }
        let Some(rows) = get(summary, "results") else {
            self.problem(
                summary.pos,
                "`results.results` is missing: the file has no result rows".to_owned(),
                None,
            );
            return out;
        };
        let Kind::Seq(rows) = &rows.kind else {
            self.problem(
                rows.pos,
                format!(
                    "`results.results` must be a list of result rows, found {}",
                    rows.kind.describe()
                ),
                None,
            );
            return out;
        };
        if rows.is_empty() {
            self.problem(
                summary.pos,
                "`results.results` is empty: the eval produced no rows".to_owned(),
                Some("run the eval again; check that the config has providers, prompts and tests"),
            );
            return out;
        }
        let mut index: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
        for (i, row) in rows.iter().enumerate() {
            let Some((id, label, outcome)) = self.row(i, row) else {
                continue;
            };
            let key = (id.clone(), label.clone());
            let at = *index.entry(key).or_insert_with(|| {
                out.providers.push(ProviderTally {
                    id,
                    label,
                    passed: 0,
                    failed: 0,
                    errors: 0,
                });
                out.providers.len() - 1
            });
            let tally = &mut out.providers[at];
            match outcome {
                Outcome::Passed => tally.passed += 1,
                Outcome::Failed => tally.failed += 1,
                Outcome::Errored => tally.errors += 1,
            }
        }
        out
    }

    /// One result row: its provider id, label and outcome.
    fn row(&mut self, i: usize, row: &Node) -> Option<(String, Option<String>, Outcome)> {
        let Kind::Map(_) = &row.kind else {
            self.problem(
                row.pos,
                format!(
                    "`results.results[{i}]` must be a result object, found {}",
                    row.kind.describe()
                ),
                None,
            );
            return None;
        };
        // `provider` is `{id, label}` in promptfoo's EvaluateResult; a bare
        // string is accepted too.
        let provider = match get(row, "provider") {
            None => {
                self.problem(
                    row.pos,
                    format!("`results.results[{i}]` has no `provider`"),
                    None,
                );
                None
            }
            Some(p) => match &p.kind {
                Kind::Str(s) if !s.is_empty() => Some((s.clone(), None)),
                Kind::Map(_) => match get(p, "id").and_then(as_str) {
                    Some(id) if !id.is_empty() => {
                        let label = get(p, "label")
                            .and_then(as_str)
                            .filter(|l| !l.is_empty())
                            .map(str::to_owned);
                        Some((id.to_owned(), label))
                    }
                    _ => {
                        self.problem(
                            p.pos,
                            format!("`results.results[{i}].provider` has no `id` string"),
                            None,
                        );
                        None
                    }
                },
                other => {
                    self.problem(
                        p.pos,
                        format!(
                            "`results.results[{i}].provider` must be an object with an `id`, found {}",
                            other.describe()
                        ),
                        None,
                    );
                    None
                }
            },
        };
        let success = match get(row, "success") {
            Some(Node {
                kind: Kind::Bool(b),
                ..
            }) => Some(*b),
            Some(other) => {
                self.problem(
                    other.pos,
                    format!(
                        "`results.results[{i}].success` must be true or false, found {}",
                        other.kind.describe()
                    ),
                    None,
                );
                None
            }
            None => {
                self.problem(
                    row.pos,
                    format!("`results.results[{i}]` has no `success`"),
                    None,
                );
                None
            }
        };
        let (id, label) = provider?;
        let success = success?;
        // promptfoo's ResultFailureReason: 0 none, 1 assertion failed, 2 error.
        let errored = matches!(
            get(row, "failureReason").map(|n| &n.kind),
            Some(Kind::Int(2))
        );
        let outcome = if success {
            Outcome::Passed
        } else if errored {
            Outcome::Errored
        } else {
            Outcome::Failed
        };
        Some((id, label, outcome))
    }
}

enum Outcome {
    Passed,
    Failed,
    Errored,
}

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.kind {
        Kind::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
        _ => None,
    }
}

fn as_str(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Str(s) => Some(s),
        _ => None,
    }
}

/// How a provider of the results maps to the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderMatch {
    Model(String),
    /// The provider id fits offerings of several models.
    Ambiguous(Vec<String>),
    None,
}

/// Maps a provider to a catalog model: by label (the fmselect id), else by
/// the provider id's suffix against the offerings' `api_id`s (and against
/// model ids, which `fmselect export promptfoo` uses as the served name of a
/// self-hosted model without an `api_id`). Exact case first, then ignoring
/// case (hosts spell the same weights differently).
pub fn match_provider(id: &str, label: Option<&str>, catalog: &Catalog) -> ProviderMatch {
    if let Some(label) = label {
        if let Some(m) = catalog.model(label) {
            return ProviderMatch::Model(m.id.clone());
        }
        if let Some(m) = catalog
            .models
            .iter()
            .find(|m| m.id.eq_ignore_ascii_case(label))
        {
            return ProviderMatch::Model(m.id.clone());
        }
    }
    for fold in [false, true] {
        let norm = |s: &str| {
            if fold {
                s.to_ascii_lowercase()
            } else {
                s.to_owned()
            }
        };
        let pid = norm(id);
        let fits = |name: &str| {
            let name = norm(name);
            !name.is_empty() && (pid == name || pid.ends_with(&format!(":{name}")))
        };
        let mut found: Vec<String> = catalog
            .models
            .iter()
            .filter(|m| {
                fits(&m.id)
                    || m.offerings
                        .iter()
                        .filter_map(|o| o.api_id.as_deref())
                        .any(&fits)
            })
            .map(|m| m.id.clone())
            .collect();
        found.dedup();
        match found.len() {
            0 => continue,
            1 => return ProviderMatch::Model(found.remove(0)),
            _ => return ProviderMatch::Ambiguous(found),
        }
    }
    ProviderMatch::None
}

/// The rows of one catalog model, summed over the providers that map to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelTally {
    pub model: String,
    pub providers: Vec<String>,
    pub passed: u64,
    pub failed: u64,
    pub errors: u64,
}

impl ModelTally {
    /// Graded rows.
    pub fn tests(&self) -> u64 {
        self.passed + self.failed
    }

    /// Passed / graded, rounded to 4 decimals; None when nothing was graded.
    pub fn pass_rate(&self) -> Option<f64> {
        let n = self.tests();
        (n > 0).then(|| crate::num::round_to(self.passed as f64 / n as f64, 4))
    }
}

/// The results mapped onto the catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matched {
    /// Models measured, in the order their first provider appears.
    pub models: Vec<ModelTally>,
    /// Providers that match no model, or several, with why.
    pub unmatched: Vec<String>,
}

/// Maps every provider of `results` onto `catalog`.
pub fn match_to_catalog(results: &EvalResults, catalog: &Catalog) -> Matched {
    let mut out = Matched::default();
    for p in &results.providers {
        let shown = match &p.label {
            Some(l) => format!("{} (label `{l}`)", p.id),
            None => p.id.clone(),
        };
        match match_provider(&p.id, p.label.as_deref(), catalog) {
            ProviderMatch::Model(model) => {
                match out.models.iter_mut().find(|m| m.model == model) {
                    Some(m) => {
                        if !m.providers.contains(&p.id) {
                            m.providers.push(p.id.clone());
                        }
                        m.passed += p.passed;
                        m.failed += p.failed;
                        m.errors += p.errors;
                    }
                    None => out.models.push(ModelTally {
                        model,
                        providers: vec![p.id.clone()],
                        passed: p.passed,
                        failed: p.failed,
                        errors: p.errors,
                    }),
                }
            }
            ProviderMatch::Ambiguous(models) => out.unmatched.push(format!(
                "{shown}: fits several catalog models ({}); set the provider's label to one fmselect id",
                models.join(", ")
            )),
            ProviderMatch::None => out.unmatched.push(format!(
                "{shown}: matches no catalog model; set the provider's label to the fmselect model id"
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(name: &str, text: &str) -> Result<(EvalResults, Vec<Diagnostic>), Diagnostics> {
        parse(&Source::from_text(name, text))
    }

    #[test]
    fn counts_passes_failures_and_errors_per_provider() {
        let text = r#"{"results": {"version": 3, "results": [
            {"provider": {"id": "openai:chat:a", "label": "m-a"}, "success": true},
            {"provider": {"id": "openai:chat:a", "label": "m-a"}, "success": false, "failureReason": 1},
            {"provider": {"id": "openai:chat:a", "label": "m-a"}, "success": false, "failureReason": 2},
            {"provider": {"id": "anthropic:messages:b", "label": ""}, "success": true}
        ]}, "metadata": {"promptfooVersion": "0.118.10"}}"#;
        let (r, warnings) = parse_text("r.json", text).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(r.promptfoo_version.as_deref(), Some("0.118.10"));
        assert_eq!(r.providers.len(), 2);
        let a = &r.providers[0];
        assert_eq!((a.passed, a.failed, a.errors), (1, 1, 1));
        assert_eq!(a.label.as_deref(), Some("m-a"));
        assert_eq!(r.providers[1].label, None, "an empty label is no label");
    }

    #[test]
    fn every_problem_is_located() {
        let text = "{\"results\": {\"results\": [\n  {\"provider\": 3, \"success\": true},\n  {\"provider\": {\"id\": \"x\"}, \"success\": \"yes\"}\n]}}";
        let d = parse_text("r.json", text).unwrap_err();
        assert_eq!(d.0.len(), 2, "{d}");
        assert!(d.0.iter().all(|d| d.code == "evals-format"));
        assert_eq!(d.0[0].pos, Some(Pos::new(2, 16)));
        assert_eq!(d.0[1].pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn a_config_is_not_results() {
        let d =
            parse_text("c.yaml", "providers: [openai:gpt-5]\nprompts: ['{{x}}']\n").unwrap_err();
        assert_eq!(d.0[0].code, "evals-format");
        assert!(d.0[0].help.as_deref().unwrap().contains("config"), "{d}");
    }
}
