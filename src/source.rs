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
        let text = normalize_line_breaks(text.into());
        let format = detect_format(&name, &text);
        Source { name, text, format }
    }

    /// A source from raw bytes, decoded as a file would be (UTF-8 only, a
    /// byte-order mark dropped, binary data refused).
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Source, Diagnostics> {
        let name = name.into();
        let text = decode(&name, bytes)?;
        let format = detect_format(&name, &text);
        Ok(Source { name, text, format })
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
    // Checked on the metadata, before opening: opening a FIFO with no writer
    // blocks forever, and a device may never end.
    if !meta.is_file() {
        return Err(Diagnostics::from(
            Diagnostic::error(
                "file-not-regular",
                path,
                format!("this is {}, not a regular file", describe_kind(&meta)),
            )
            .help("save the input to a regular file, or pipe it to standard input with `-`"),
        ));
    }
    note_input(&meta);
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
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(
            "file-unreadable",
            path,
            format!("cannot read the file: {e}"),
        )
    };
    // `take` guards against files that grow while being read (and /dev/zero).
    let mut reader = file.take(max_bytes + 1);
    // The first block tells a binary file (an archive, /dev/zero) before
    // hundreds of megabytes of it are read.
    let mut bytes = vec![0; PEEK_BYTES.min(max_bytes as usize + 1)];
    let mut filled = 0;
    while filled < bytes.len() {
        match reader.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Diagnostics::from(unreadable(e))),
        }
    }
    bytes.truncate(filled);
    if !is_utf16_or_32(&bytes) && bytes.contains(&0) {
        return decode(path, bytes).map(String::into_bytes);
    }
    bytes.reserve((meta.len() as usize).saturating_sub(filled));
    reader.read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(Diagnostics::from(too_large(path, None, max_bytes)));
    }
    Ok(bytes)
}

/// How a file that is not a regular one is named in messages.
pub fn describe_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// The files (device and inode) this process read as input, so that an
/// output path naming one of them — through any link — is refused before it
/// replaces the input ([`crate::output::write_atomic`]).
static INPUTS: std::sync::Mutex<Vec<(u64, u64)>> = std::sync::Mutex::new(Vec::new());

fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Records that the file of `meta` is an input of this process.
pub fn note_input(meta: &std::fs::Metadata) {
    if let (Some(id), Ok(mut inputs)) = (file_id(meta), INPUTS.lock())
        && !inputs.contains(&id)
    {
        inputs.push(id);
    }
}

/// Whether the file of `meta` is one this process read as input.
pub fn is_input(meta: &std::fs::Metadata) -> bool {
    match (file_id(meta), INPUTS.lock()) {
        (Some(id), Ok(inputs)) => inputs.contains(&id),
        _ => false,
    }
}

/// Bytes read before the rest of a file, to recognise binary data early.
const PEEK_BYTES: usize = 8192;

/// Whether `bytes` start with a UTF-16 or UTF-32 byte-order mark (text with
/// NUL bytes that is not binary).
fn is_utf16_or_32(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF])
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

/// A lone carriage return (old Mac line endings) as a line feed. YAML counts
/// both as line breaks and `str::lines` only the second, so without this a
/// diagnostic's line would not match the snippet; in JSON both are
/// whitespace outside strings (and forbidden inside them).
fn normalize_line_breaks(text: String) -> String {
    let lone_cr = |t: &str| {
        t.as_bytes()
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\r' && t.as_bytes().get(i + 1) != Some(&b'\n'))
    };
    // `contains` on bytes is a vectorised search: most files have no `\r`.
    if !text.as_bytes().contains(&b'\r') || !lone_cr(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// UTF-8 only. A UTF-8 byte-order mark is accepted and dropped; UTF-16/32 and
/// binary data get a message naming the encoding.
fn decode(name: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostics> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if is_utf16_or_32(&bytes) {
        return Err(Diagnostics::from(
            Diagnostic::error(
                "not-utf8",
                name,
                "the file is UTF-16 or UTF-32 encoded (it starts with a byte-order mark)",
            )
            .help("save it as UTF-8"),
        ));
    }
    // `contains` (vectorised) first: a 100 MB catalog is scanned in a blink.
    if bytes.contains(&0)
        && let Some(offset) = bytes.iter().position(|&b| b == 0)
    {
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
    String::from_utf8(bytes)
        .map(normalize_line_breaks)
        .map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let pos = pos_of_byte(bytes, offset);
            // The line as far as it can be shown (bad bytes as U+FFFD).
            let start = bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[offset..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| offset + i);
            let line = String::from_utf8_lossy(&bytes[start..end]);
            Diagnostics::from(
                Diagnostic::error(
                    "not-utf8",
                    name,
                    format!(
                        "the file is not UTF-8: byte 0x{:02X} at offset {offset} is invalid",
                        bytes[offset]
                    ),
                )
                .at(pos)
                .with_line(Some(line.trim_end_matches('\r')))
                .help("save the file as UTF-8 (it may be Latin-1 or Windows-1252)"),
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

/// The start of every line of a text, to find the line of many diagnostics
/// without rescanning the text for each (a catalog of 100k models with a
/// mistake in each would otherwise take quadratic time to report).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// Line `number` (1-based) without its line break, as `str::lines` gives it.
    pub fn line(&self, number: u32) -> Option<&'a str> {
        let i = (number as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e - 1);
        if start >= self.text.len() {
            return None;
        }
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
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
    fn lone_carriage_returns_become_line_feeds() {
        assert_eq!(
            decode("f", b"a: 1\rb: 2\r\nc: 3\r".to_vec()).unwrap(),
            "a: 1\nb: 2\r\nc: 3\n"
        );
        assert_eq!(Source::from_text("f", "x\r\n").text, "x\r\n");
    }

    #[test]
    fn line_index_agrees_with_lines() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n\nc", "\n\n"] {
            let index = LineIndex::new(text);
            let lines: Vec<&str> = text.lines().collect();
            for n in 0..lines.len() + 2 {
                assert_eq!(
                    index.line(n as u32 + 1),
                    lines.get(n).copied(),
                    "{text:?} line {}",
                    n + 1
                );
            }
        }
    }

    #[test]
    fn format_detection() {
        assert_eq!(detect_format("x.JSON", "a: 1"), Format::Json);
        assert_eq!(detect_format("<stdin>", " {\"a\": 1}"), Format::Json);
        assert_eq!(detect_format("<stdin>", "{a: 1}"), Format::Yaml);
        assert_eq!(detect_format("x.yaml", "{\"a\": 1}"), Format::Yaml);
    }
}
