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
use crate::source::{Format, Source};

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
        self.at(key, |c| {
            let name = c.here();
            if !value.is_finite() {
                c.error(
                    "not-finite",
                    format!("`{name}` must be a finite number, not {value}"),
                    None,
                );
            } else if value < lo || value > hi {
                let allowed = if hi.is_infinite() {
                    format!("a number ≥ {lo}")
                } else {
                    format!("a number from {lo} to {hi}")
                };
                c.error(
                    "out-of-range",
                    format!("`{name}` is {value}, outside its range"),
                    Some(format!("use {allowed}")),
                );
            }
        });
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Parses `source` into `T`, collecting every shape problem on failure.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostics> {
    if source.text.trim().is_empty() || only_comments(&source.text) {
        return Err(Diagnostics::single(
            Diagnostic::error("file-empty", &source.name, "the file is empty")
                .help("see `fmselect init` for a commented template"),
        ));
    }
    let fast = match source.format {
        Format::Json => serde_json::from_str::<T>(&source.text).map_err(|e| e.to_string()),
        Format::Yaml => {
            serde_saphyr::from_str_with_options::<T>(&source.text, crate::node::yaml_options())
                .map_err(|e| e.to_string())
        }
    };
    let fast_error = match fast {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let tree = tree(source)?;
    match crate::de::from_node::<T>(&tree) {
        Ok(v) => Ok(v),
        Err(problems) if problems.is_empty() => Err(Diagnostics::single(
            Diagnostic::error("wrong-type", &source.name, fast_error).with_source(&source.text),
        )),
        Err(problems) => {
            let mut diags: Vec<Diagnostic> = problems
                .into_iter()
                .map(|p| {
                    let mut d = Diagnostic::error(p.code, &source.name, p.message).at(p.pos);
                    d.help = p.help;
                    d.with_source(&source.text)
                })
                .collect();
            sort(&mut diags);
            Err(Diagnostics(diags))
        }
    }
}

/// Builds the located tree of `source`, or the located syntax error.
pub fn tree(source: &Source) -> Result<Node, Diagnostics> {
    match source.format {
        Format::Json => parse_json(&source.text).map_err(|e| {
            let code = if e.limit {
                "input-limit"
            } else {
                "json-syntax"
            };
            let duplicate = e.message_is_duplicate();
            let mut d = Diagnostic::error(code, &source.name, e.message).at(e.pos);
            if duplicate {
                d.code = "duplicate-key";
                d.help = Some("remove one of the two entries".to_owned());
            }
            Diagnostics::single(d.with_source(&source.text))
        }),
        Format::Yaml => {
            parse_yaml(&source.text).map_err(|e| Diagnostics::single(yaml_error(source, &e)))
        }
    }
}

impl crate::node::JsonError {
    fn message_is_duplicate(&self) -> bool {
        self.message.starts_with("duplicate key")
    }
}

/// A serde-saphyr error as a diagnostic, classified by what it says.
fn yaml_error(source: &Source, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line() as u32, l.column() as u32))
        .unwrap_or_default();
    let text = e.without_snippet().to_string();
    let first = text
        .lines()
        .next()
        .unwrap_or("malformed YAML")
        .trim()
        .to_owned();
    let lower = first.to_ascii_lowercase();
    let (code, help) = if lower.contains("budget")
        || lower.contains("limit")
        || lower.contains("depth")
        || lower.contains("alias") && lower.contains("exceed")
    {
        (
            "input-limit",
            "the file exceeds fmselect's parser limits (deep nesting or alias expansion); it is not a plausible catalog or requirements file",
        )
    } else if lower.contains("duplicate") {
        ("duplicate-key", "remove one of the two entries")
    } else {
        (
            "yaml-syntax",
            "check indentation (spaces, not tabs), quotes and `key: value` pairs",
        )
    };
    Diagnostic::error(code, &source.name, first)
        .at(pos)
        .help(help)
        .with_source(&source.text)
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
    let tree = tree(source).ok();
    let mut diags: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| {
            let mut d = Diagnostic::error(p.code, &source.name, p.message);
            d.severity = p.severity;
            d.help = p.help;
            if let Some(tree) = &tree {
                d = d
                    .at(tree.locate(&p.path, p.at_key))
                    .with_source(&source.text);
            }
            d
        })
        .collect();
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
    let value: T = parse(source)?;
    let mut c = Check::new();
    check(&value, &mut c);
    let failed = c.has_errors();
    let diags = locate(source, c.problems);
    if failed {
        Err(Diagnostics(diags))
    } else {
        Ok((value, diags))
    }
}
