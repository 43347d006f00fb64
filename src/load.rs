//! Two-phase loading of every input: parse into typed raw values, then check
//! their meaning, and report every problem with its file, line and column.
//!
//! The fast path parses text straight into `T` (serde-saphyr for YAML,
//! serde_json for JSON). Only when that fails, or when the semantic checks of
//! [`Check`] find problems, is the located [`Node`] tree built, to collect all
//! shape problems at once and to turn each problem's path into a position.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics, Pos, Severity};
use crate::node::{Node, Seg, parse_json, parse_yaml, path_to_string};
use crate::source::{Format, LineIndex, Source};

/// A semantic problem found in a typed value, addressed by its path.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub code: &'static str,
    pub path: Vec<Seg>,
    pub message: String,
    pub help: Option<String>,
    /// Point at the key rather than the value (e.g. a duplicate id's entry).
    pub at_key: bool,
}

/// Collects semantic problems while walking a typed value.
#[derive(Debug, Default)]
pub struct Check {
    path: Vec<Seg>,
    pub problems: Vec<Problem>,
}

impl Check {
    pub fn new() -> Self {
        Check::default()
    }

    /// Runs `f` with `seg` appended to the current path.
    pub fn at<R>(&mut self, seg: impl Into<Seg>, f: impl FnOnce(&mut Check) -> R) -> R {
        self.path.push(seg.into());
        let r = f(self);
        self.path.pop();
        r
    }

    /// Same as [`Check::at`] for a key known only at run time.
    pub fn at_key<R>(&mut self, key: String, f: impl FnOnce(&mut Check) -> R) -> R {
        self.at(Seg::Key(Cow::Owned(key)), f)
    }

    /// The dotted path of the current position, for messages.
    pub fn here(&self) -> String {
        path_to_string(&self.path)
    }

    pub fn error(&mut self, code: &'static str, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Error, code, message.into(), help);
    }

    pub fn warn(&mut self, code: &'static str, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Warning, code, message.into(), help);
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        help: Option<String>,
    ) {
        self.problems.push(Problem {
            severity,
            code,
            path: self.path.clone(),
            message,
            help,
            at_key: false,
        });
    }

    /// Checks that a number is finite and within `lo..=hi` (`hi` may be
    /// infinite), under the key `key` of the current position.
    pub fn range(&mut self, key: &'static str, value: f64, lo: f64, hi: f64) {
        // The name is written only for a problem: valid catalogs of 100k
        // models check millions of numbers.
        if value.is_finite() && value >= lo && value <= hi {
            return;
        }
        self.at(key, |c| {
            let name = c.here();
            if !value.is_finite() {
                c.error(
                    "not-finite",
                    format!("`{name}` must be a finite number, not {value}"),
                    None,
                );
            } else if value < lo || value > hi {
                // `f64::MIN_POSITIVE` as the lower bound stands for "above 0".
                let allowed = match (lo == f64::MIN_POSITIVE, hi.is_infinite()) {
                    (true, true) => "a number greater than 0".to_owned(),
                    (true, false) => format!("a number greater than 0, at most {hi}"),
                    (false, true) => format!("a number ≥ {lo}"),
                    (false, false) => format!("a number from {lo} to {hi}"),
                };
                c.error(
                    "out-of-range",
                    format!("`{name}` is {value}, outside its range"),
                    Some(format!("use {allowed}")),
                );
            }
        });
    }

    /// Checks the `schema_version` key: this fmselect reads version 1.
    pub fn schema_version(&mut self, version: u32) {
        if version != 1 {
            self.at("schema_version", |c| {
                c.error(
                    "unsupported-version",
                    format!("schema_version {version} is not supported"),
                    Some("this fmselect reads schema_version 1".to_owned()),
                )
            });
        }
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Parses `source` into `T`, collecting every shape problem on failure.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostics> {
    if source.text.trim().is_empty() {
        return Err(Diagnostics::single(
            Diagnostic::error("file-empty", &source.name, "the file is empty")
                .help("see `fmselect init` for a commented template"),
        ));
    }
    if source.format == Format::Yaml && only_comments(&source.text) {
        return Err(Diagnostics::single(
            Diagnostic::error(
                "file-empty",
                &source.name,
                "the file holds only comments, no settings",
            )
            .help("uncomment the settings you need; see `fmselect init` for a template"),
        ));
    }
    let fast_error = match source.format {
        Format::Json => match serde_json::from_str::<T>(&source.text) {
            // serde_json lets a repeated key in a map replace the first one;
            // fmselect refuses it, as in YAML.
            Ok(v) => {
                return match crate::node::json_duplicate_key(&source.text) {
                    None => Ok(v),
                    Some(e) => Err(Diagnostics::single(json_error(source, e))),
                };
            }
            Err(e) if source.text.len() > TREE_MAX_BYTES => {
                return Err(Diagnostics::single(typed_json_error(source, &e)));
            }
            Err(e) => e.to_string(),
        },
        Format::Yaml => {
            let scan = core_schema(source)?;
            // Text that reads as a number (`"1000"`) is refused only where a
            // number is expected, which the typed parse would not do: take
            // the type-aware path.
            let typed = if scan.numeric_text {
                Err(None)
            } else {
                serde_saphyr::from_str_with_options::<T>(&source.text, crate::node::yaml_options())
                    .map_err(Some)
            };
            match typed {
                Ok(v) => return Ok(v),
                Err(None) => String::new(),
                // A limit or a syntax error would only be found again, at the
                // same cost, by building the tree: report it now. (Running an
                // alias bomb twice would double the time it takes to refuse.)
                Err(Some(e)) if !is_shape_error(&e) || source.text.len() > TREE_MAX_BYTES => {
                    return Err(Diagnostics::single(yaml_error(source, &e)));
                }
                Err(Some(e)) => strip_location(&e.without_snippet().to_string()).to_owned(),
            }
        }
    };
    let tree = tree(source)?;
    match crate::de::from_node::<T>(&tree) {
        Ok(v) => Ok(v),
        Err(problems) if problems.is_empty() => Err(Diagnostics::single(
            Diagnostic::error("wrong-type", &source.name, user_words(&fast_error))
                .with_source(&source.text),
        )),
        Err(problems) => {
            let lines = LineIndex::new(&source.text);
            let mut diags: Vec<Diagnostic> = problems
                .into_iter()
                .map(|p| {
                    let mut d = Diagnostic::error(p.code, &source.name, p.message).at(p.pos);
                    d.help = p.help;
                    d.with_line(lines.line(p.pos.line))
                })
                .collect();
            sort(&mut diags);
            Err(Diagnostics(diags))
        }
    }
}

/// When the only shape problems of `d` are unknown keys, the value read
/// without those keys, so the semantic checks can run in the same round
/// (one report of every problem, not "fix the typo, then learn the range").
fn without_unknown_keys<T: DeserializeOwned>(source: &Source, d: &Diagnostics) -> Option<T> {
    if d.0.is_empty() || d.0.iter().any(|x| x.code != "unknown-key") {
        return None;
    }
    let unknown: Vec<Pos> = d.0.iter().filter_map(|x| x.pos).collect();
    let mut tree = tree(source).ok()?;
    prune(&mut tree, &unknown);
    crate::de::from_node::<T>(&tree).ok()
}

/// Removes the mapping entries whose key sits at one of `at`.
fn prune(node: &mut Node, at: &[Pos]) {
    match &mut node.kind {
        crate::node::Kind::Map(entries) => {
            entries.retain(|(k, _)| !at.contains(&k.pos));
            for (_, v) in entries {
                prune(v, at);
            }
        }
        crate::node::Kind::Seq(items) => {
            for v in items {
                prune(v, at);
            }
        }
        _ => {}
    }
}

/// Largest input whose every shape problem is collected through the located
/// tree. The tree holds a node per value — for a hostile file of tiny values
/// (`[1,1,1,…]`) dozens of times the file's size — so a larger file that
/// fails its typed parse reports the parser's first, located, problem only.
pub const TREE_MAX_BYTES: usize = 16 * 1024 * 1024;

/// The typed JSON parser's error, located by the parser itself.
fn typed_json_error(source: &Source, e: &serde_json::Error) -> Diagnostic {
    let code = match e.classify() {
        serde_json::error::Category::Data => "wrong-type",
        _ => "json-syntax",
    };
    let text = e.to_string();
    let message = match text.find(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let pos = Pos::new(
        u32::try_from(e.line()).unwrap_or(u32::MAX),
        u32::try_from(e.column()).unwrap_or(u32::MAX),
    );
    Diagnostic::error(code, &source.name, user_words(message))
        .at(pos)
        .help(format!(
            "the file is larger than {} MiB, so only its first problem is shown",
            TREE_MAX_BYTES >> 20
        ))
        .with_line(LineIndex::new(&source.text).line(pos.line))
}

/// Builds the located tree of `source`, or the located syntax error.
pub fn tree(source: &Source) -> Result<Node, Diagnostics> {
    match source.format {
        Format::Json => {
            parse_json(&source.text).map_err(|e| Diagnostics::single(json_error(source, e)))
        }
        Format::Yaml => {
            core_schema(source)?;
            parse_yaml(&source.text).map_err(|e| Diagnostics::single(yaml_error(source, &e)))
        }
    }
}

/// The YAML 1.2 core-schema pass ([`crate::yaml_core`]): its problems as
/// located errors.
fn core_schema(source: &Source) -> Result<crate::yaml_core::Scan, Diagnostics> {
    let scan = crate::yaml_core::scan(&source.text);
    if scan.problems.is_empty() {
        return Ok(scan);
    }
    let name = &source.name;
    Err(Diagnostics(crate::yaml_core::diagnostics(
        name,
        &source.text,
        scan,
    )))
}

/// A parser's message in the user's words: no Rust type names (`invalid
/// u64`), no parser settings.
pub fn user_words(message: &str) -> String {
    let mut text = message.to_owned();
    for (from, to) in [
        ("u64", "whole number ≥ 0"),
        ("u32", "whole number ≥ 0"),
        ("u16", "whole number ≥ 0"),
        ("u8", "whole number ≥ 0"),
        ("i64", "whole number"),
        ("i32", "whole number"),
        ("f64", "number"),
        ("f32", "number"),
    ] {
        text = text.replace(&format!("invalid {from}"), &format!("not a {to}"));
        text = text.replace(&format!("type {from}"), &format!("a {to}"));
    }
    for (from, to) in [
        ("invalid type: ", "wrong type: "),
        ("expected struct ", "expected a mapping of "),
        ("expected a sequence", "expected a list"),
        ("unit value", "null"),
    ] {
        text = text.replace(from, to);
    }
    if text.contains("Options") || text.contains("weak recursion") || text.contains("this is a bug")
    {
        return "the value cannot be read here".to_owned();
    }
    text
}

/// A JSON error of the located parser (or the duplicate-key scan) as a
/// located diagnostic.
fn json_error(source: &Source, e: crate::node::JsonError) -> Diagnostic {
    let (code, help) = if e.limit {
        ("input-limit", LIMIT_HELP.to_owned())
    } else if e.message.starts_with("duplicate key") {
        (
            "duplicate-key",
            "JSON objects must not repeat a key: remove one of the two entries".to_owned(),
        )
    } else {
        ("json-syntax", e.help)
    };
    Diagnostic::error(code, &source.name, e.message)
        .at(e.pos)
        .help(help)
        .with_source(&source.text)
}

/// The help of every `input-limit` diagnostic about a document's structure.
const LIMIT_HELP: &str = "fmselect refuses inputs past its parser limits; \
                          this is not a plausible requirements, catalog or rules file";

/// The error serde-saphyr reports, without the wrappers that add a snippet
/// or the alias's location.
fn innermost(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    loop {
        match e {
            serde_saphyr::Error::WithSnippet { error, .. }
            | serde_saphyr::Error::AliasError { error, .. } => e = error,
            _ => return e,
        }
    }
}

/// Whether a typed-parse error is about the document's shape (a wrong type,
/// an unknown key), which the located tree explains better, rather than its
/// syntax or size, which the tree would only run into again.
fn is_shape_error(e: &serde_saphyr::Error) -> bool {
    yaml_problem(e).0 == "wrong-type"
}

/// Drops serde-saphyr's ` at line L, column C` suffix: the diagnostic shows
/// the position in its own `-->` line.
fn strip_location(text: &str) -> &str {
    let text = text.lines().next().unwrap_or("").trim();
    match text.find(" at line ") {
        Some(i) => text[..i].trim_end(),
        None => text,
    }
}

/// The code, message and help of a serde-saphyr error.
fn yaml_problem(e: &serde_saphyr::Error) -> (&'static str, String, String) {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let depth = crate::node::MAX_DEPTH;
    let aliases = crate::node::MAX_ALIAS_EVENTS;
    let limit_help = LIMIT_HELP.to_owned();
    let too_deep = || {
        (
            "input-limit",
            format!("the document nests deeper than {depth} levels"),
            limit_help.clone(),
        )
    };
    let alias_bomb = || {
        (
            "input-limit",
            format!("aliases (`*name`) expand to more than {aliases} values"),
            "this looks like an alias bomb (\"billion laughs\"); write the values out, or share fewer of them"
                .to_owned(),
        )
    };
    let syntax_help =
        "check the indentation (spaces, not tabs), quotes and `key: value` pairs".to_owned();
    match innermost(e) {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => too_deep(),
            B::Aliases { .. } => (
                "input-limit",
                "the document uses more than 10000 aliases (`*name`)".to_owned(),
                limit_help,
            ),
            B::Anchors { .. } => (
                "input-limit",
                "the document defines more than 10000 anchors (`&name`)".to_owned(),
                limit_help,
            ),
            B::MergeKeys { .. } => (
                "input-limit",
                "the document uses more than 10000 merge keys (`<<`)".to_owned(),
                limit_help,
            ),
            B::RecordedAnchorEvents { .. }
            | B::RecordedAnchorBytes { .. }
            | B::AliasAnchorRatio { .. } => alias_bomb(),
            B::Documents { .. } => (
                "yaml-syntax",
                "the file holds more than one YAML document (`---`)".to_owned(),
                "keep one document per file".to_owned(),
            ),
            B::Events { .. } | B::Nodes { .. } => (
                "input-limit",
                "the document holds more values than fmselect reads (100 million)".to_owned(),
                "split the catalog into several files and pass each with --catalog".to_owned(),
            ),
            B::ScalarBytes { .. } | B::InputBytes { .. } => (
                "input-limit",
                format!(
                    "the document is larger than fmselect reads ({} bytes)",
                    crate::source::MAX_INPUT_BYTES
                ),
                "split the catalog into several files and pass each with --catalog".to_owned(),
            ),
            B::SequenceUnbalanced => (
                "yaml-syntax",
                "a list or mapping is closed that was never opened".to_owned(),
                syntax_help,
            ),
            _ => (
                "input-limit",
                "the document exceeds a parser limit".to_owned(),
                limit_help,
            ),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => alias_bomb(),
        E::AliasReplayStackDepthExceeded { .. } => too_deep(),
        E::DuplicateMappingKey { key, .. } => (
            "duplicate-key",
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key in a mapping".to_owned(),
            },
            "a mapping must not repeat a key: remove one of the two entries".to_owned(),
        ),
        E::MultipleDocuments { .. } => (
            "yaml-syntax",
            "the file holds more than one YAML document (`---`)".to_owned(),
            "keep one document per file".to_owned(),
        ),
        E::UnknownAnchor { .. } => (
            "yaml-syntax",
            "an alias (`*name`) refers to an anchor (`&name`) that is not defined before it"
                .to_owned(),
            "define the anchor first, or write the value out".to_owned(),
        ),
        E::Eof { .. } => (
            "yaml-syntax",
            "the file ends in the middle of a value".to_owned(),
            syntax_help,
        ),
        E::UnsupportedTag { tag, .. } => (
            "yaml-syntax",
            format!("unsupported tag `{tag}`"),
            "fmselect reads plain YAML: remove the tag (there are no includes; pass several files instead)"
                .to_owned(),
        ),
        E::ExternalMessage { msg, .. } if msg.contains("recursion limit") => too_deep(),
        other if other.to_string().contains("recursive reference") => (
            "yaml-syntax",
            "an alias (`*name`) refers to the value it is part of (a recursive reference)"
                .to_owned(),
            "write the value out; an alias may only refer to a complete earlier value".to_owned(),
        ),
        E::ExternalMessage { msg, .. } => (
            "yaml-syntax",
            user_words(strip_location(msg)),
            syntax_help,
        ),
        other => (
            "wrong-type",
            user_words(strip_location(&other.to_string())),
            String::new(),
        ),
    }
}

/// A serde-saphyr error as a located diagnostic.
fn yaml_error(source: &Source, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .map(|l| {
            Pos::new(
                u32::try_from(l.line()).unwrap_or(u32::MAX),
                u32::try_from(l.column()).unwrap_or(u32::MAX),
            )
        })
        .unwrap_or_default();
    let (code, message, help) = yaml_problem(e);
    let mut d = Diagnostic::error(code, &source.name, message)
        .at(pos)
        .with_source(&source.text);
    if !help.is_empty() {
        d = d.help(help);
    }
    d
}

fn only_comments(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// Turns path-addressed problems into located diagnostics (building the tree
/// only when there is something to locate).
pub fn locate(source: &Source, problems: Vec<Problem>) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let (tree, tree_error) = match tree(source) {
        Ok(tree) => (Some(tree), None),
        Err(d) => (None, Some(d)),
    };
    let lines = LineIndex::new(&source.text);
    let mut diags: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| {
            let mut d = Diagnostic::error(p.code, &source.name, p.message);
            d.severity = p.severity;
            d.help = p.help;
            if let Some(tree) = &tree {
                let pos = tree.locate(&p.path, p.at_key);
                d = d.at(pos).with_line(lines.line(pos.line));
            }
            d
        })
        .collect();
    // The typed parse accepted what the located parser refuses (a bug, or a
    // limit of one but not the other): say why nothing could be located.
    diags.extend(tree_error.into_iter().flat_map(|d| d.0));
    sort(&mut diags);
    diags
}

fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.pos.cmp(&b.pos).then_with(|| a.code.cmp(b.code)));
}

/// Parses and checks `source`: errors stop the load; warnings are returned
/// with the value.
pub fn load<T: DeserializeOwned>(
    source: &Source,
    check: impl FnOnce(&T, &mut Check),
) -> Result<(T, Vec<Diagnostic>), Diagnostics> {
    let value: T = match parse(source) {
        Ok(v) => v,
        Err(shape) => {
            let Some(v) = without_unknown_keys::<T>(source, &shape) else {
                return Err(shape);
            };
            let mut c = Check::new();
            check(&v, &mut c);
            // Only errors, and none where an unknown key sits: a key typed
            // as `tpye` is one problem, not also "`type` is missing".
            let unknown: Vec<Option<Pos>> = shape.0.iter().map(|d| d.pos).collect();
            let mut diags = shape.0;
            diags.extend(
                locate(source, c.problems)
                    .into_iter()
                    .filter(|d| d.is_error() && !unknown.contains(&d.pos)),
            );
            sort(&mut diags);
            return Err(Diagnostics(diags));
        }
    };
    let mut c = Check::new();
    check(&value, &mut c);
    let diags = locate(source, c.problems);
    if diags.iter().any(Diagnostic::is_error) {
        Err(Diagnostics(diags))
    } else {
        Ok((value, diags))
    }
}
