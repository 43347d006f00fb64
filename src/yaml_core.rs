//! YAML 1.2 core schema, strictly (SPEC: fmselect reads YAML 1.2).
//!
//! serde-saphyr is lenient where a typed field asks for a number: it reads
//! YAML 1.1 forms (`1_000`, `0b101`, `010`) and quoted text (`"1000"`), and
//! it decodes `!!binary` into strings. One pass over the parser's events,
//! before any typed parse, refuses what the core schema does not have —
//! every tag but `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`
//! and `!!seq`, and the YAML 1.1 number forms — each with its line and
//! column and what to write instead. It also notes whether the file holds
//! quoted or block text that reads as a number: then the loader takes its
//! type-aware path ([`crate::de`]), which refuses such text where a number is
//! expected and accepts it where text is.
//!
//! The pass is linear: aliases are events, not expanded; a syntax error ends
//! it, and the parsers that follow report that error with its position.

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle};

use crate::diag::{Diagnostic, Pos};

/// What the pass found.
#[derive(Debug, Default)]
pub struct Scan {
    /// A tag or number form outside the core schema, each located.
    pub problems: Vec<(Pos, String, String)>,
    /// Some quoted or block scalar reads as a number.
    pub numeric_text: bool,
}

/// Scans `text` (one YAML document, or what the parsers will refuse).
pub fn scan(text: &str) -> Scan {
    let mut options = Options::default();
    options.flow_nesting_limit = crate::node::MAX_DEPTH;
    options.block_nesting_limit = crate::node::MAX_DEPTH;
    let parser = Parser::new_from_str_with_options(text, options);
    let mut out = Scan::default();
    for item in parser {
        let Ok((event, span)) = item else {
            break;
        };
        let pos = Pos::new(
            u32::try_from(span.start.line()).unwrap_or(u32::MAX),
            u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        );
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, _, tag)
            | Event::MappingStart(_, _, tag) => tag.as_ref(),
            _ => None,
        };
        if let Some(tag) = tag
            && !tag.is_yaml_core_schema()
            // The non-specific tag `!` (plain text) is part of every schema.
            && !(tag.handle().is_empty() && tag.suffix() == "!")
        {
            let shown = if tag.original_handle() == "!!" {
                format!("!!{}", tag.suffix())
            } else {
                format!("{}{}", tag.original_handle(), tag.suffix())
            };
            let shown = crate::diag::sanitize(&shown).into_owned();
            out.problems.push((
                pos,
                format!("the tag `{shown}` is not part of the YAML 1.2 core schema"),
                if shown == "!!binary" {
                    "fmselect reads text only: remove the tag and write the value as plain text"
                        .to_owned()
                } else {
                    "remove the tag: fmselect reads plain YAML 1.2 (strings, numbers, booleans, \
                     null, lists and mappings; there are no includes)"
                        .to_owned()
                },
            ));
            if out.problems.len() >= crate::diag::MAX_SHOWN {
                break;
            }
        }
        if let Event::Scalar(value, style, _, tag) = &event {
            if tag.is_some() {
                continue;
            }
            match style {
                ScalarStyle::Plain => {
                    if let Some((what, instead)) = yaml11_number(value) {
                        out.problems.push((
                            pos,
                            format!("`{value}` is {what}, a YAML 1.1 number form"),
                            format!(
                                "fmselect reads YAML 1.2: write {instead}, or quote it if you mean text"
                            ),
                        ));
                    }
                }
                _ => out.numeric_text |= reads_as_number(value),
            }
        }
    }
    out
}

/// The scan's problems as diagnostics of `name`.
pub fn diagnostics(name: &str, text: &str, scan: Scan) -> Vec<Diagnostic> {
    let lines = crate::source::LineIndex::new(text);
    scan.problems
        .into_iter()
        .map(|(pos, message, help)| {
            Diagnostic::error("yaml-not-core", name, message)
                .at(pos)
                .help(help)
                .with_line(lines.line(pos.line))
        })
        .collect()
}

/// Whether quoted text would be read as a number by a lenient parser.
fn reads_as_number(value: &str) -> bool {
    let t = value.trim();
    !t.is_empty()
        && t.len() < 64
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b"+-._,' eExXoObBaAcCdDfF".contains(&b))
}

/// A plain scalar in a YAML 1.1 number form that YAML 1.2 does not have:
/// what it is, and what to write instead.
fn yaml11_number(value: &str) -> Option<(&'static str, String)> {
    let (sign, digits) = match value.strip_prefix(['-', '+']) {
        Some(rest) => (&value[..1], rest),
        None => ("", value),
    };
    let sign = if sign == "-" { "-" } else { "" };
    if let Some(bits) = digits.strip_prefix("0b") {
        let clean: String = bits.chars().filter(|&c| c != '_').collect();
        if !clean.is_empty() && clean.chars().all(|c| c == '0' || c == '1') {
            let n = u128::from_str_radix(&clean, 2).ok()?;
            return Some(("a binary number", format!("{sign}{n}")));
        }
        return None;
    }
    let numeric = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'e' | b'E' | b'-' | b'+'))
            && s.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_digit() || b == b'.')
    };
    if digits.contains('_') && numeric(digits) {
        let clean: String = digits.chars().filter(|&c| c != '_').collect();
        if clean.parse::<f64>().is_ok() {
            return Some(("a number with `_` separators", format!("{sign}{clean}")));
        }
    }
    if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        let n = u128::from_str_radix(digits, 8).ok();
        let octal = n.map_or(String::new(), |n| {
            format!("{sign}{n} (or 0o{} in YAML 1.2)", &digits[1..])
        });
        return Some((
            "a number with a leading zero (an octal number in YAML 1.1)",
            if octal.is_empty() {
                format!("{sign}{}", digits.trim_start_matches('0'))
            } else {
                octal
            },
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_only() {
        let s = scan(
            "a: !!binary aGVsbG8=\nb: !!str x\nc: !!set {x: null}\nd: !include f.yaml\ne: ! x\n",
        );
        let lines: Vec<u32> = s.problems.iter().map(|p| p.0.line).collect();
        assert_eq!(lines, [1, 3, 4], "{:?}", s.problems);
        assert!(s.problems[0].1.contains("`!!binary`"), "{:?}", s.problems);
    }

    #[test]
    fn yaml11_number_forms_are_refused() {
        let s = scan(
            "a: 1_000\nb: 0b101\nc: 010\nd: 1000\ne: 0o10\nf: 0x1F\ng: 1.5\nh: snake_case\ni: -0b11\n",
        );
        let found: Vec<(u32, &str)> = s
            .problems
            .iter()
            .map(|(p, _, help)| (p.line, help.as_str()))
            .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].1.contains("write 1000"), "{found:?}");
        assert!(found[1].1.contains("write 5"), "{found:?}");
        assert!(found[2].1.contains("write 8"), "{found:?}");
        assert!(found[3].1.contains("write -3"), "{found:?}");
    }

    #[test]
    fn quoted_numbers_are_noticed() {
        assert!(scan("a: \"1000\"\n").numeric_text);
        assert!(scan("a: '10,000'\n").numeric_text);
        assert!(scan("a: |\n  12\n").numeric_text);
        assert!(!scan("a: \"chat\"\nb: 12\n").numeric_text);
    }
}
