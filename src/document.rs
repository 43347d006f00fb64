//! Which kind of fmselect file a document is, guessed from the top-level
//! keys that failed to load, so a file given to the wrong command (a
//! scenario to `recommend`, the rules to `catalog validate`) gets one error
//! naming the right command instead of a list of unknown keys.

use crate::diag::{Diagnostic, Diagnostics};

/// The kinds of fmselect input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Requirements,
    Scenario,
    Catalog,
    Rules,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Requirements => "a requirements file",
            Kind::Scenario => "a scenario file",
            Kind::Catalog => "a catalog file",
            Kind::Rules => "a rules file",
        }
    }

    /// How to use a file of this kind.
    fn usage(self, path: &str) -> String {
        match self {
            Kind::Requirements => format!("get a recommendation with `fmselect recommend {path}`"),
            Kind::Scenario => format!("compare its options with `fmselect compare {path}`"),
            Kind::Catalog => format!(
                "check it with `fmselect catalog validate {path}`, use it with `--catalog {path}`"
            ),
            Kind::Rules => format!("use it with `fmselect recommend REQ.yaml --rules {path}`"),
        }
    }
}

/// The top-level keys that only one kind of file has.
const MARKERS: &[(&str, Kind)] = &[
    ("options", Kind::Scenario),
    ("requirements", Kind::Scenario),
    ("rules", Kind::Rules),
    ("quality", Kind::Rules),
    ("scoring", Kind::Rules),
    ("models", Kind::Catalog),
    ("hardware", Kind::Catalog),
    ("metrics", Kind::Catalog),
    ("task", Kind::Requirements),
    ("volume", Kind::Requirements),
];

/// The kind the unknown top-level keys of `d` point to, if they point to
/// one other than `expected`.
pub fn guess(d: &Diagnostics, expected: Kind) -> Option<Kind> {
    let mut found = None;
    for diag in &d.0 {
        if diag.code != "unknown-key" || diag.pos.is_none_or(|p| p.col != 1) {
            continue;
        }
        let key = diag
            .message
            .strip_prefix("unknown key `")
            .and_then(|m| m.split('`').next());
        if let Some((_, kind)) = MARKERS.iter().find(|(k, _)| Some(*k) == key) {
            if *kind == expected {
                return None;
            }
            found = found.or(Some(*kind));
        }
    }
    found
}

/// `d`, or, when its unknown top-level keys say the file is another kind
/// than `expected`, one error saying so and naming the command to use.
pub fn explain(d: Diagnostics, expected: Kind, path: &str) -> Diagnostics {
    let Some(kind) = guess(&d, expected) else {
        return d;
    };
    let first =
        d.0.iter()
            .find(|x| x.code == "unknown-key")
            .and_then(|x| x.pos);
    let mut e = Diagnostic::error(
        "wrong-document",
        path,
        format!("this is {}, not {}", kind.name(), expected.name()),
    )
    .help(kind.usage(&crate::diag::sanitize(path)));
    if let Some(pos) = first {
        e = e.at(pos);
    }
    if let Some(line) =
        d.0.iter()
            .find(|x| x.code == "unknown-key")
            .and_then(|x| x.line_text.clone())
    {
        e = e.with_line(Some(&line));
    }
    Diagnostics::single(e)
}
