//! The JSON report: the stable API for CI (`jq`) consumers.

use super::{RenderOptions, Report, Reporter};

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn render(&self, report: &Report, _opts: &RenderOptions) -> String {
        to_json(report)
    }
}

/// Pretty JSON with a trailing newline. Serialising plain data cannot fail;
/// if it ever did, the output would be an explicit JSON error object rather
/// than half a report.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}
