//! Issue 4, "Bad input never hurts", as properties: the valid example files
//! (requirements examples, catalog files, default rules), mutated — bytes
//! flipped, lines deleted or duplicated, keys swapped, the text truncated,
//! YAML/JSON punctuation inserted — never panic a loader, and every error
//! they cause is a documented, located diagnostic.
//!
//! The loaders are called in-process (fast); `tests/corpus.rs` covers the
//! binary end to end. Crashes found here become corpus files.

use proptest::prelude::*;

use fmselect::catalog::Known;
use fmselect::diag::{Diagnostic, code_description};
use fmselect::source::Source;

/// One edit of a text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the byte at (offset mod len) with this one.
    FlipByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    /// Swap the keys of two `key:` lines.
    SwapKeys(usize, usize),
    Truncate(usize),
    /// Insert a troublesome token at (offset mod len).
    Insert(usize, &'static str),
}

const TOKENS: &[&str] = &[
    "\t",
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    ": ",
    "- ",
    "---\n",
    "!!str ",
    "!x ",
    "<<: *a\n",
    ".nan",
    "-.inf",
    "1e999",
    "yes",
    "~",
    "null",
    "#",
    "\n",
    "\u{1b}[31m",
    "é",
    "\u{feff}",
    "\r",
    "99999999999999999999",
    "-1",
    "0x1F",
    "|\n",
    ">-\n",
    "? ",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::FlipByte(i, b)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapKeys(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(i, t)| Mutation::Insert(i, TOKENS[t])),
    ]
}

/// The char boundary at or before `i`.
fn boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match m {
        Mutation::FlipByte(i, b) => {
            let mut bytes = text.as_bytes().to_vec();
            let i = i % bytes.len();
            bytes[i] = *b;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Mutation::DeleteLine(i) => {
            lines.remove(i % lines.len());
            lines.concat()
        }
        Mutation::DuplicateLine(i) => {
            let i = i % lines.len();
            lines.insert(i, lines[i]);
            lines.concat()
        }
        Mutation::SwapKeys(a, b) => {
            let keyed: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| key_of(l).is_some())
                .map(|(i, _)| i)
                .collect();
            if keyed.len() < 2 {
                return text.to_owned();
            }
            let (a, b) = (keyed[a % keyed.len()], keyed[b % keyed.len()]);
            let (ka, kb) = (
                key_of(lines[a]).unwrap_or(""),
                key_of(lines[b]).unwrap_or(""),
            );
            let la = lines[a].replacen(ka, kb, 1);
            let lb = lines[b].replacen(kb, ka, 1);
            let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            out[a] = la;
            out[b] = lb;
            out.concat()
        }
        Mutation::Truncate(i) => text[..boundary(text, i % text.len())].to_owned(),
        Mutation::Insert(i, token) => {
            let i = boundary(text, i % text.len());
            format!("{}{token}{}", &text[..i], &text[i..])
        }
    }
}

/// The key of a `  key: value` line.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ");
    let (key, _) = t.split_once(':')?;
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then_some(key)
}

/// Every diagnostic is documented; every error points at a line of the
/// text (except an empty file, which has no line).
fn assert_diagnostics(name: &str, text: &str, diags: &[Diagnostic]) {
    let lines = text.lines().count() as u32 + 1;
    assert!(!diags.is_empty(), "{name}: an error without diagnostics");
    for d in diags {
        assert!(
            code_description(d.code).is_some(),
            "{name}: undocumented code {}",
            d.code
        );
        assert_eq!(d.file, name);
        if !d.is_error() || d.code == "file-empty" {
            continue;
        }
        let pos = d
            .pos
            .unwrap_or_else(|| panic!("{name}: unlocated error:\n{d}"));
        assert!(
            pos.line >= 1 && pos.line <= lines,
            "{name}: line {} past the end ({lines} lines):\n{d}",
            pos.line
        );
        // Rendering never panics either.
        let _ = d.to_string();
    }
}

fn examples(dir: &str, only: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&root)
        .expect("the examples folder exists")
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_name()?.to_str()?.to_owned();
            only(&name).then(|| {
                let text = std::fs::read_to_string(&path).expect("examples are UTF-8");
                (format!("{dir}/{name}"), text)
            })
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples in {dir}");
    files
}

/// The ids a catalog file may refer to (the embedded catalog's), made once.
fn known() -> &'static Known {
    static KNOWN: std::sync::OnceLock<Known> = std::sync::OnceLock::new();
    KNOWN.get_or_init(Known::embedded)
}

/// `cases` per property, or `PROPTEST_CASES` when set (for long runs:
/// `PROPTEST_CASES=20000 cargo test --release --test mutations`).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Crashes found become corpus files or unit tests, not opaque seeds.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn mutated_requirements_never_panic(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec(mutation(), 1..5),
    ) {
        let files = examples("requirements/examples", |n| n.ends_with(".yaml"));
        let (name, text) = &files[file.index(files.len())];
        let mutated = edits.iter().fold(text.clone(), |t, m| apply(&t, m));
        let source = Source::from_text(name.clone(), mutated.clone());
        if let Err(d) = fmselect::requirements::load(&source) {
            assert_diagnostics(name, &mutated, &d.0);
        }
    }

    #[test]
    fn mutated_rules_never_panic(
        edits in prop::collection::vec(mutation(), 1..5),
    ) {
        let text = fmselect::rules::DEFAULT_RULES;
        let mutated = edits.iter().fold(text.to_owned(), |t, m| apply(&t, m));
        let source = Source::from_text("rules.yaml", mutated.clone());
        if let Err(d) = fmselect::rules::load_file(&source) {
            assert_diagnostics("rules.yaml", &mutated, &d.0);
        }
    }
}

proptest! {
    // Catalog files are large (100 KB): fewer cases keep the suite fast.
    #![proptest_config(config(48))]

    #[test]
    fn mutated_catalogs_never_panic(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec(mutation(), 1..5),
    ) {
        let files = examples("catalog", |n| n.ends_with(".yaml") && n != "rules.yaml");
        let (name, text) = &files[file.index(files.len())];
        let mutated = edits.iter().fold(text.clone(), |t, m| apply(&t, m));
        let source = Source::from_text(name.clone(), mutated.clone());
        if let Err(d) = fmselect::catalog::load_file(&source, known()) {
            assert_diagnostics(name, &mutated, &d.0);
        }
    }

    #[test]
    fn mutated_json_catalogs_never_panic(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec(mutation(), 1..4),
    ) {
        // The YAML catalogs as JSON, to exercise the located JSON parser.
        let files = examples("catalog", |n| n.ends_with(".yaml") && n != "rules.yaml");
        let (name, text) = &files[file.index(files.len())];
        let value: serde_json::Value = serde_saphyr::from_str(text).expect("the catalog parses");
        let json = serde_json::to_string_pretty(&value).expect("JSON");
        let mutated = edits.iter().fold(json, |t, m| apply(&t, m));
        let name = format!("{name}.json");
        let source = Source::from_text(name.clone(), mutated.clone());
        if let Err(d) = fmselect::catalog::load_file(&source, known()) {
            assert_diagnostics(&name, &mutated, &d.0);
        }
    }
}

#[test]
fn mutations_change_the_text() {
    // The mutations do what they say (so the properties test something).
    let text = "a: 1\nbb: 2\nccc: [3]\n";
    assert_eq!(apply(text, &Mutation::DeleteLine(1)), "a: 1\nccc: [3]\n");
    assert_eq!(
        apply(text, &Mutation::SwapKeys(0, 2)),
        "ccc: 1\nbb: 2\na: [3]\n"
    );
    assert_eq!(apply(text, &Mutation::Truncate(3)), "a: ");
    assert_eq!(
        apply(text, &Mutation::Insert(0, "\t")),
        "\ta: 1\nbb: 2\nccc: [3]\n"
    );
    assert_ne!(apply(text, &Mutation::FlipByte(0, b'z')), text);
}
