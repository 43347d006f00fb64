//! Diagnostics: located, coded messages about input files.
//!
//! Every problem fmselect finds in a file the user gave it becomes a
//! [`Diagnostic`] with a stable kebab-case code (documented in
//! `docs/diagnostics.md`), the file, the line and column where that is known, a
//! one-line message saying what is wrong and a help line saying what would be
//! right. Loaders collect every problem of a file before reporting, so a user
//! fixes a file in one round trip rather than one error at a time.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column in a source text (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }

    /// A position that is not known (serde-saphyr reports line 0 for those).
    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// One problem found in one input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case code, listed in [`CODES`].
    pub code: &'static str,
    /// The file as the user named it (`-` is shown as `<stdin>`).
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
    /// The source line the position points into, for the snippet (cropped
    /// around the column when the line is long).
    #[serde(skip)]
    pub line_text: Option<String>,
    /// Characters of the source line cropped from the left of `line_text`.
    #[serde(skip)]
    pub line_cropped: usize,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        debug_assert!(code_description(code).is_some(), "undocumented code {code}");
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            pos: None,
            message: message.into(),
            help: None,
            line_text: None,
            line_cropped: 0,
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, pos: Pos) -> Self {
        if pos.is_known() {
            self.pos = Some(pos);
        }
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the source line the position points into. (For many
    /// diagnostics of one text, [`Diagnostic::with_line`] with a
    /// [`crate::source::LineIndex`] avoids rescanning the text each time.)
    pub fn with_source(self, text: &str) -> Self {
        let line = self
            .pos
            .and_then(|pos| text.lines().nth(pos.line.saturating_sub(1) as usize));
        self.with_line(line)
    }

    /// Attaches `line`, the source line the position points into, keeping
    /// only a window around the column of a long line (a minified JSON
    /// catalog is one line of megabytes).
    pub fn with_line(mut self, line: Option<&str>) -> Self {
        let (Some(pos), Some(line)) = (self.pos, line) else {
            return self;
        };
        let col = pos.col.max(1) as usize - 1;
        let start = col.saturating_sub(SNIPPET_BEFORE);
        let kept: String = line
            .chars()
            .skip(start)
            .take(SNIPPET_BEFORE + SNIPPET_AFTER + 1)
            .collect();
        self.line_text = Some(kept);
        self.line_cropped = start;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders in the compiler style users know:
    ///
    /// ```text
    /// error[unknown-key]: unknown key `volumes` in requirements
    ///   --> req.yaml:4:1
    ///    |
    ///  4 | volumes:
    ///    | ^
    ///    = help: did you mean `volume`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            f,
            "{label}[{}]: {}",
            self.code,
            elide(&sanitize(&self.message))
        )?;
        match self.pos {
            Some(pos) => writeln!(f, "  --> {}:{}:{}", sanitize(&self.file), pos.line, pos.col)?,
            None => writeln!(f, "  --> {}", sanitize(&self.file))?,
        }
        if let (Some(pos), Some(line)) = (self.pos, &self.line_text) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let col = (pos.col.max(1) as usize - 1).saturating_sub(self.line_cropped);
            let (shown, caret) = snippet(line, col, self.line_cropped > 0);
            writeln!(f, " {gutter} |")?;
            writeln!(f, " {number} | {shown}")?;
            writeln!(f, " {gutter} | {}^", " ".repeat(caret))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {}", elide(&sanitize(help)))?;
        }
        Ok(())
    }
}

/// A non-empty set of problems that stopped an input from being used.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn single(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    /// The first [`MAX_SHOWN`] diagnostics, then how many more there are: a
    /// file with 200,000 unknown keys gets a screenful, not 73 MB.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if let Some(more) = not_shown(self.0.len()) {
            writeln!(f, "\n{more}")?;
        }
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        if errors > 1 {
            writeln!(f, "\n{errors} errors")?;
        }
        Ok(())
    }
}

/// Most diagnostics printed for one command; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// The line that stands for the diagnostics past [`MAX_SHOWN`] of `total`.
pub fn not_shown(total: usize) -> Option<String> {
    (total > MAX_SHOWN).then(|| {
        format!(
            "… and {} more not shown (the first {MAX_SHOWN} are above)",
            total - MAX_SHOWN
        )
    })
}

/// Longest value quoted in a message (between backticks) shown whole.
const MAX_VALUE_CHARS: usize = 80;

/// Elides the middle of long values quoted in a message (`…`), and of the
/// message itself: a 2 MB value is not echoed into a message header.
pub fn elide(text: &str) -> std::borrow::Cow<'_, str> {
    let too_long = |s: &str| s.chars().count() > MAX_VALUE_CHARS;
    if text.len() <= MAX_VALUE_CHARS || !text.split('`').any(too_long) {
        return std::borrow::Cow::Borrowed(text);
    }
    let shorten = |s: &str, keep: usize| -> String {
        let n = s.chars().count();
        if n <= keep {
            return s.to_owned();
        }
        let head: String = s.chars().take(keep * 2 / 3).collect();
        let tail: String = s.chars().skip(n - keep / 3).collect();
        format!("{head}…{tail} ({n} characters)")
    };
    let parts: Vec<String> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            // Odd parts are quoted values; even ones the message's own words.
            shorten(part, if i % 2 == 1 { MAX_VALUE_CHARS } else { 400 })
        })
        .collect();
    std::borrow::Cow::Owned(parts.join("`"))
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// Characters of a long source line shown before and after the column.
const SNIPPET_BEFORE: usize = 60;
const SNIPPET_AFTER: usize = 60;

/// The snippet line as shown, and the caret's offset in it: control
/// characters escaped, tabs as two spaces (so the caret lines up), `…` where
/// the line was cropped.
fn snippet(line: &str, col: usize, cropped_left: bool) -> (String, usize) {
    let mut shown = String::new();
    let mut caret = None;
    let mut width = 0;
    if cropped_left {
        shown.push('…');
        width += 1;
    }
    for (i, c) in line.chars().enumerate() {
        if i == col {
            caret = Some(width);
        }
        if i >= col + SNIPPET_AFTER {
            shown.push('…');
            break;
        }
        let piece: String = match c {
            '\t' => "  ".to_owned(),
            c if is_unsafe_char(c) => c.escape_default().collect(),
            c => c.to_string(),
        };
        width += piece.chars().count();
        shown.push_str(&piece);
    }
    let shown = shown.trim_end().to_owned();
    (shown, caret.unwrap_or(width))
}

/// Replaces control characters (ESC, BEL, CR, ...) with visible escapes so that
/// text read from a downloaded file cannot drive the user's terminal.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The last guard of every channel — stdout, stderr notes, and every file
/// written (reports, exports, SVG charts, catalogs): any unsafe character
/// (see [`is_unsafe_char`]) still in `text` becomes a `\uXXXX` escape, which
/// reads the same in a JSON or double-quoted YAML string, is plain text in
/// a table, Markdown or SVG (where raw control characters are not even
/// well-formed XML), and cannot drive a terminal. Line feeds and tabs are
/// kept; with `keep_styling` (a terminal with colour on) so are the SGR
/// styling sequences the reporters emit (`ESC[1m`, `ESC[0m`), the only
/// sequences that reach a terminal, and they only change the font.
pub fn guard(text: &str, keep_styling: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c != '\n' && is_unsafe_char(c);
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_styling
            && c == '\u{1b}'
            && let Some(len) = sgr_len(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if unsafe_char(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// The length of the SGR sequence (`ESC[` digits and `;` `m`) `text` starts
/// with, if it starts with one.
fn sgr_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let end = body.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
    (body[end..].starts_with('m') && end <= 16).then_some(2 + end + 1)
}

/// Control characters, bidirectional overrides and invisible characters
/// (zero-width spaces and joiners, the word joiner, a BOM inside text): a
/// key `ta\u{200b}sk` must not print as `task`.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// The closest candidate to `word` by edit distance, if it is close enough to
/// be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_ascii_lowercase().replace('_', "-");
    candidates
        .into_iter()
        .map(|c| {
            (
                edit_distance(&word_lower, &c.to_ascii_lowercase().replace('_', "-")),
                c,
            )
        })
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Every diagnostic code fmselect emits, with the one-line description that
/// `docs/diagnostics.md` expands on. A test keeps codes unique and documented.
pub const CODES: &[(&str, &str)] = &[
    // Reading files.
    ("file-not-found", "the named file does not exist"),
    (
        "file-is-directory",
        "a directory was given where a file is expected",
    ),
    (
        "file-unreadable",
        "the file exists but could not be read (permissions, I/O)",
    ),
    (
        "file-too-large",
        "the file is larger than the input size limit",
    ),
    (
        "file-not-regular",
        "a FIFO, device or socket was given where a regular file is expected",
    ),
    (
        "output-is-input",
        "an output path names a file the same command reads",
    ),
    ("file-empty", "the file is empty or holds only comments"),
    ("not-utf8", "the file is not valid UTF-8 text"),
    ("binary-file", "the file holds binary data (NUL bytes)"),
    // Syntax and limits.
    ("yaml-syntax", "the YAML is malformed"),
    ("json-syntax", "the JSON is malformed"),
    (
        "input-limit",
        "the input exceeds a parser limit (nesting depth, aliases, size)",
    ),
    ("duplicate-key", "a mapping has the same key twice"),
    (
        "yaml-not-core",
        "a YAML tag or number form outside the YAML 1.2 core schema",
    ),
    // Shape.
    ("unknown-key", "a key that the schema does not define"),
    (
        "wrong-document",
        "the file is another kind of fmselect file (e.g. a scenario given to recommend)",
    ),
    ("missing-key", "a required key is absent"),
    ("wrong-type", "a value has the wrong type"),
    (
        "unknown-value",
        "a value is not one of the allowed enum values",
    ),
    (
        "invalid-value",
        "a value is malformed (e.g. a date or an id)",
    ),
    // Semantics.
    ("out-of-range", "a number is outside its allowed range"),
    ("not-finite", "a number is NaN or infinite"),
    (
        "unsupported-version",
        "schema_version is not one this fmselect reads",
    ),
    ("empty-list", "a list that must not be empty is empty"),
    (
        "all-priorities-zero",
        "every priority is zero, so nothing can be ranked",
    ),
    ("duplicate-id", "two entries share an id"),
    (
        "unknown-reference",
        "an id refers to an entry that does not exist",
    ),
    (
        "offering-incomplete",
        "an offering lacks a field its kind needs",
    ),
    ("cel-syntax", "a rule expression does not compile"),
    (
        "cel-unknown-field",
        "a rule expression refers to a field that does not exist",
    ),
    (
        "cel-unknown-variable",
        "a rule expression uses a variable other than req and model",
    ),
    ("cel-eval", "a rule expression failed while being evaluated"),
    (
        "cel-not-bool",
        "a rule expression did not evaluate to true or false",
    ),
    (
        "rule-too-expensive",
        "a rule expression would exceed the evaluation budget",
    ),
    ("scenario-option", "a scenario option is inconsistent"),
    (
        "evals-format",
        "an eval results file is not in promptfoo's output format",
    ),
    (
        "not-a-report",
        "a file given to diff or check is not a `recommend --format json` report",
    ),
    // Warnings.
    (
        "stale-catalog",
        "a catalog fact is older than the staleness limit",
    ),
    (
        "suspicious-price",
        "a price is far from its family's or provider's prices",
    ),
    (
        "context-below-output",
        "a context window is smaller than the maximum output",
    ),
    ("missing-source", "a catalog fact has no source"),
    ("future-date", "a date (as_of) lies after today"),
    (
        "unknown-hardware-price",
        "a GPU has no hourly price, so self-hosting it cannot be costed",
    ),
];

/// The description of a code, if it is a known one.
pub fn code_description(code: &str) -> Option<&'static str> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, desc) in CODES {
            assert!(seen.insert(*code), "duplicate code {code}");
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{code} is not kebab-case"
            );
            assert!(!desc.is_empty());
        }
    }

    #[test]
    fn every_code_is_documented() {
        // docs/diagnostics.md has one `### `code`` section per code.
        let doc = include_str!("../docs/diagnostics.md");
        let documented: std::collections::BTreeSet<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("### `")?.strip_suffix('`'))
            .collect();
        for (code, _) in CODES {
            assert!(
                documented.contains(code),
                "code `{code}` is missing from docs/diagnostics.md (add a `### `{code}`` section)"
            );
        }
        for code in &documented {
            assert!(
                code_description(code).is_some(),
                "docs/diagnostics.md documents `{code}`, which is not in diag::CODES"
            );
        }
    }

    #[test]
    fn long_lines_are_cropped_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error("yaml-syntax", "f.json", "m")
            .at(Pos::new(1, 501))
            .with_source(&line);
        let text = d.to_string();
        let shown = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert!(shown.len() < 200, "{shown}");
        assert!(shown.contains('…'), "{shown}");
        // The caret sits under the X.
        let x = shown.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^').unwrap(), x, "{text}");
    }

    #[test]
    fn carets_line_up_after_tabs_and_escapes() {
        let d = Diagnostic::error("yaml-syntax", "f", "m")
            .at(Pos::new(1, 4))
            .with_source("\t\u{1b}aX");
        let text = d.to_string();
        let shown = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert_eq!(
            caret.chars().position(|c| c == '^'),
            shown.chars().position(|c| c == 'X'),
            "{text}"
        );
    }

    #[test]
    fn suggestions_find_typos_only() {
        let keys = ["volume", "latency", "task", "data"];
        assert_eq!(did_you_mean("volumes", keys), Some("volume"));
        assert_eq!(did_you_mean("latnecy", keys), Some("latency"));
        assert_eq!(did_you_mean("zebra", keys), None);
        assert_eq!(did_you_mean("rag_qa", ["rag-qa", "chat"]), Some("rag-qa"));
    }

    #[test]
    fn the_channel_guard_escapes_what_reporters_missed() {
        assert_eq!(
            guard("a\u{1b}]0;x\u{7}b\n", false),
            "a\\u001b]0;x\\u0007b\n"
        );
        assert_eq!(
            guard("\u{1b}[1mhead\u{1b}[0m", true),
            "\u{1b}[1mhead\u{1b}[0m"
        );
        assert_eq!(guard("\u{1b}[1m", false), "\\u001b[1m");
        assert_eq!(guard("\u{1b}[2J", true), "\\u001b[2J");
        assert_eq!(
            guard("x\u{85}\u{7f}\u{202e}", false),
            "x\\u0085\\u007f\\u202e"
        );
        // Still JSON, with the same value.
        let json = guard("{\"a\":\"\u{85}\"}", false).into_owned();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json).unwrap()["a"],
            "\u{85}"
        );
    }

    #[test]
    fn sanitize_escapes_terminal_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(sanitize("plain"), "plain");
    }

    #[test]
    fn rendering_points_at_the_column() {
        let d = Diagnostic::error("unknown-key", "req.yaml", "unknown key `volumes`")
            .at(Pos::new(2, 3))
            .help("did you mean `volume`?")
            .with_source("task:\n  volumes: 3\n");
        let text = d.to_string();
        assert!(text.contains("--> req.yaml:2:3"), "{text}");
        assert!(text.contains(" 2 |   volumes: 3\n   |   ^"), "{text}");
    }
}
