//! What every fuzz target checks besides "no panic, no overflow, no hang":
//! errors are documented, located diagnostics that render.

#![allow(dead_code)]

use fmselect::diag::{Diagnostic, Diagnostics, code_description};
use fmselect::source::Source;

/// The source of `data` as fmselect would read it from a file named `name`,
/// or the decoding diagnostics (checked here).
pub fn source(name: &str, data: &[u8]) -> Option<Source> {
    match Source::from_bytes(name, data.to_vec()) {
        Ok(s) => Some(s),
        Err(d) => {
            check(&String::from_utf8_lossy(data), &d);
            None
        }
    }
}

/// Every diagnostic has a documented code and renders; every error that is
/// not about the file as a whole points at a line of the text.
pub fn check(text: &str, diags: &Diagnostics) {
    assert!(!diags.0.is_empty(), "an error without diagnostics");
    // Line breaks as fmselect counts them: `\n`, `\r\n` and a lone `\r`.
    let lines = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .count() as u32
        + 1;
    for d in &diags.0 {
        check_one(text, lines, d);
    }
}

fn check_one(text: &str, lines: u32, d: &Diagnostic) {
    assert!(
        code_description(d.code).is_some(),
        "undocumented code {}",
        d.code
    );
    let rendered = d.to_string();
    assert!(
        !rendered.contains('\u{1b}'),
        "raw escape in a diagnostic: {rendered:?}"
    );
    if !d.is_error()
        || matches!(d.code, "file-empty" | "not-utf8")
    {
        return;
    }
    let pos = d
        .pos
        .unwrap_or_else(|| panic!("unlocated error:\n{d}\n--- in:\n{text:?}"));
    assert!(
        pos.line >= 1 && pos.line <= lines,
        "line {} past the end ({lines} lines):\n{d}",
        pos.line
    );
}
