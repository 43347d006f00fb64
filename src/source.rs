//! Reading input files safely: size cap before parsing, directories, missing
//! files, binary data, encodings other than UTF-8, and standard input (`-`).

use std::io::Read;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Pos};

/// Largest input fmselect reads (256 MiB): room for a generated catalog of a
/// hundred thousand models, far below what would exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The text format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

/// An input file read into memory.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in diagnostics: the path as given, or `<stdin>`.
    pub name: String,
    pub text: String,
    pub format: Format,
}

impl Source {
    /// A source from text already in memory (embedded files, tests).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let text = text.into();
        let format = detect_format(&name, &text);
        Source { name, text, format }
    }

    /// Reads `path` (`-` for standard input) with the default size limit.
    pub fn read(path: &str) -> Result<Source, Diagnostics> {
        Source::read_limited(path, MAX_INPUT_BYTES)
    }

    pub fn read_limited(path: &str, max_bytes: u64) -> Result<Source, Diagnostics> {
        let (name, bytes) = if path == "-" {
            let name = "<stdin>".to_owned();
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| {
                    Diagnostic::error(
                        "file-unreadable",
                        &name,
                        format!("cannot read standard input: {e}"),
                    )
                })?;
            if bytes.len() as u64 > max_bytes {
                return Err(Diagnostics::from(too_large(&name, None, max_bytes)));
            }
            (name, bytes)
        } else {
            (path.to_owned(), read_file(path, max_bytes)?)
        };
        let text = decode(&name, bytes)?;
        let format = detect_format(&name, &text);
        Ok(Source { name, text, format })
    }
}

fn read_file(path: &str, max_bytes: u64) -> Result<Vec<u8>, Diagnostics> {
    let p = Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Diagnostic::error("file-not-found", path, "no such file")
            .help("check the path; use `-` to read standard input"),
        _ => Diagnostic::error(
            "file-unreadable",
            path,
            format!("cannot read the file: {e}"),
        ),
    })?;
    if meta.is_dir() {
        return Err(Diagnostics::from(
            Diagnostic::error("file-is-directory", path, "this is a directory, not a file")
                .help("name a YAML or JSON file inside it"),
        ));
    }
    if meta.len() > max_bytes {
        return Err(Diagnostics::from(too_large(
            path,
            Some(meta.len()),
            max_bytes,
        )));
    }
    let file = std::fs::File::open(p).map_err(|e| {
        Diagnostic::error(
            "file-unreadable",
            path,
            format!("cannot open the file: {e}"),
        )
    })?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against files that grow while being read (and /dev/zero).
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Diagnostic::error(
                "file-unreadable",
                path,
                format!("cannot read the file: {e}"),
            )
        })?;
    if bytes.len() as u64 > max_bytes {
        return Err(Diagnostics::from(too_large(path, None, max_bytes)));
    }
    Ok(bytes)
}

fn too_large(name: &str, size: Option<u64>, max: u64) -> Diagnostic {
    let size = size.map(|s| format!(" ({s} bytes)")).unwrap_or_default();
    Diagnostic::error(
        "file-too-large",
        name,
        format!("the input is too large{size}; the limit is {max} bytes"),
    )
    .help("split the catalog into several files and pass each with --catalog")
}

/// UTF-8 only. A UTF-8 byte-order mark is accepted and dropped; UTF-16/32 and
/// binary data get a message naming the encoding.
fn decode(name: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostics> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16 || bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
        return Err(Diagnostics::from(
            Diagnostic::error(
                "not-utf8",
                name,
                "the file is UTF-16 or UTF-32 encoded (it starts with a byte-order mark)",
            )
            .help("save it as UTF-8"),
        ));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let pos = pos_of_byte(&bytes, offset);
        return Err(Diagnostics::from(
            Diagnostic::error(
                "binary-file",
                name,
                "the file holds binary data (a NUL byte)",
            )
            .at(pos)
            .help("fmselect reads YAML or JSON text files"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let pos = pos_of_byte(e.as_bytes(), offset);
        Diagnostics::from(
            Diagnostic::error("not-utf8", name, format!("invalid UTF-8 at byte {offset}"))
                .at(pos)
                .help("save the file as UTF-8"),
        )
    })
}

/// The line and column of a byte offset (columns in characters, best effort).
pub fn pos_of_byte(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos::new(line as u32, col as u32)
}

/// JSON by extension; for other names (stdin), JSON when the text starts with
/// `{` or `[` and parses as JSON is decided by the loader. YAML otherwise.
fn detect_format(name: &str, text: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return Format::Json;
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return Format::Yaml;
    }
    match text.trim_start().as_bytes().first() {
        Some(b'{') | Some(b'[') if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            Format::Json
        }
        _ => Format::Yaml,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_dropped_and_utf16_refused() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFa: 1".to_vec()).unwrap(), "a: 1");
        let e = decode("f", b"\xFF\xFEa\x00".to_vec()).unwrap_err();
        assert_eq!(e.0[0].code, "not-utf8");
    }

    #[test]
    fn binary_and_invalid_utf8_are_located() {
        let e = &decode("f", b"a: 1\nb: \x00".to_vec()).unwrap_err().0[0];
        assert_eq!((e.code, e.pos), ("binary-file", Some(Pos::new(2, 4))));
        let e = &decode("f", b"a: 1\nbb: \xC3\x28".to_vec()).unwrap_err().0[0];
        assert_eq!((e.code, e.pos), ("not-utf8", Some(Pos::new(2, 5))));
    }

    #[test]
    fn format_detection() {
        assert_eq!(detect_format("x.JSON", "a: 1"), Format::Json);
        assert_eq!(detect_format("<stdin>", " {\"a\": 1}"), Format::Json);
        assert_eq!(detect_format("<stdin>", "{a: 1}"), Format::Yaml);
        assert_eq!(detect_format("x.yaml", "{\"a\": 1}"), Format::Yaml);
    }
}
