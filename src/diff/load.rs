//! Reading a report file for `diff` and `check`: any fmselect recommend
//! report, whatever its version; anything else is a located error.

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::node::{Kind, Node};
use crate::source::Source;

const REPORT_HELP: &str =
    "compare the JSON that `fmselect recommend REQ.yaml --format json > decision.json` writes";

/// Reads a `recommend --format json` report (`-` for standard input). A file
/// that is not such a report is a located `not-a-report` error.
pub fn load_report(path: &str) -> Result<Value, Diagnostics> {
    let source = Source::read(path)?;
    parse_report(&source)
}

/// Checks that `source` holds a recommend report and returns it as JSON.
pub fn parse_report(source: &Source) -> Result<Value, Diagnostics> {
    if source.text.trim().is_empty() {
        return Err(Diagnostics::single(
            Diagnostic::error("file-empty", &source.name, "the report file is empty")
                .help(REPORT_HELP),
        ));
    }
    let tree = crate::load::tree(source)?;
    let problem = |pos: Pos, message: String| {
        Diagnostics::single(
            Diagnostic::error("not-a-report", &source.name, message)
                .at(pos)
                .help(REPORT_HELP)
                .with_source(&source.text),
        )
    };
    let Kind::Map(entries) = &tree.kind else {
        return Err(problem(
            tree.pos,
            format!(
                "not an fmselect recommend report: expected a JSON object, found {}",
                tree.kind.describe()
            ),
        ));
    };
    let get = |key: &str| entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v);
    match get("tool").map(|t| &t.kind) {
        Some(Kind::Map(tool)) => {
            let name = tool.iter().find(|(k, _)| k.name == "name").map(|(_, v)| v);
            match name.map(|n| &n.kind) {
                Some(Kind::Str(s)) if s == "fmselect" => {}
                Some(other) => {
                    return Err(problem(
                        name.map_or(tree.pos, |n| n.pos),
                        format!(
                            "not an fmselect report: `tool.name` is {}, not `fmselect`",
                            other.describe()
                        ),
                    ));
                }
                None => {
                    return Err(problem(
                        tree.pos,
                        "not an fmselect report: `tool` has no `name`".to_owned(),
                    ));
                }
            }
        }
        _ => {
            return Err(problem(
                tree.pos,
                "not an fmselect report: it has no `tool` object naming fmselect".to_owned(),
            ));
        }
    }
    if get("options").is_some() && get("recommended").is_some() {
        return Err(problem(
            tree.pos,
            "this is a `fmselect compare` report, not a `fmselect recommend` report".to_owned(),
        ));
    }
    if get("strategy").is_none() && get("candidates").is_none() {
        return Err(problem(
            tree.pos,
            "not an fmselect recommend report: it has neither `strategy` nor `candidates`"
                .to_owned(),
        ));
    }
    Ok(to_value(&tree))
}

/// The located tree as plain JSON.
fn to_value(node: &Node) -> Value {
    match &node.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Int(i) => Value::from(*i),
        Kind::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Kind::Str(s) => Value::String(s.clone()),
        Kind::Seq(items) => Value::Array(items.iter().map(to_value).collect()),
        Kind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_value(v)))
                .collect(),
        ),
    }
}
