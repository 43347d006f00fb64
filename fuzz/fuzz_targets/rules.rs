//! A rules file: parsing, checks, and compiling every CEL expression.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, data) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => ("fuzz.json", rest),
        Some((_, rest)) => ("fuzz.yaml", rest),
        None => ("fuzz.yaml", data),
    };
    let Some(source) = common::source(name, data) else {
        return;
    };
    if let Err(d) = fmselect::rules::load_file(&source) {
        common::check(&source.text, &d);
    }
});
