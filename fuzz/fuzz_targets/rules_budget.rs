//! The evaluation budget of rule expressions (issue 13): any expression, as
//! a rule's `when` and as a `require`, evaluated against the embedded
//! catalog. Nested comprehensions that would run for hours or allocate
//! gigabytes must be refused (`rule-too-expensive`, located) or finish:
//! libFuzzer's `-timeout` and `-rss_limit_mb` catch the rest.
#![no_main]

mod common;

use std::sync::OnceLock;

use fmselect::catalog::Catalog;
use fmselect::requirements::Requirements;
use fmselect::rules::{Evaluator, RuleSet};
use fmselect::source::Source;
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the embedded catalog loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    // A JSON string is a valid YAML double-quoted scalar.
    let quoted = serde_json::to_string(expr).expect("a string serialises");
    let yes = "\"true\"".to_owned();
    for (when, require) in [(&quoted, &yes), (&yes, &quoted)] {
        let yaml = format!(
            "schema_version: 1\nmode: extend\nrules:\n  - id: fuzzed\n    when: {when}\n    \
             explain: fuzzed\n    require:\n      - expr: {require}\n        reason: fuzzed\n"
        );
        let rules = match RuleSet::from_source(Source::from_text("fuzz.yaml", yaml.clone())) {
            Ok(rules) => rules,
            Err(d) => {
                common::check(&yaml, &d);
                continue;
            }
        };
        let req = Requirements::for_scenario();
        match Evaluator::new(&rules, &req) {
            Ok(evaluator) => {
                if let Err(d) = fmselect::recommend::judge_all(catalog(), &evaluator) {
                    common::check(&yaml, &d);
                }
            }
            Err(d) => common::check(&yaml, &d),
        }
    }
});
