//! A requirements file: decoding, YAML/JSON parsing, shape and semantic checks.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file name, and so the format.
    let (name, data) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => ("fuzz.json", rest),
        Some((_, rest)) => ("fuzz.yaml", rest),
        None => ("fuzz.yaml", data),
    };
    let Some(source) = common::source(name, data) else {
        return;
    };
    if let Err(d) = fmselect::requirements::load(&source) {
        common::check(&source.text, &d);
    }
});
