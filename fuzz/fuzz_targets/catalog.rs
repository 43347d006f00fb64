//! A catalog file (YAML or JSON), checked against the embedded catalog's ids.
#![no_main]

mod common;

use std::sync::OnceLock;

use fmselect::catalog::Known;
use libfuzzer_sys::fuzz_target;

fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
        KNOWN.get_or_init(Known::embedded)
}

fuzz_target!(|data: &[u8]| {
    let (name, data) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => ("fuzz.json", rest),
        Some((_, rest)) => ("fuzz.yaml", rest),
        None => ("fuzz.yaml", data),
    };
    let Some(source) = common::source(name, data) else {
        return;
    };
    if let Err(d) = fmselect::catalog::load_file(&source, known()) {
        common::check(&source.text, &d);
    }
});
