//! A scenario file for `fmselect compare`: decoding, parsing, shape and
//! semantic checks, and the comparison itself, in memory.
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
    // A `requirements_file` it names resolves inside an empty directory.
    let base = std::path::Path::new("/nonexistent-fmselect-fuzz");
    match fmselect::compare::load_scenario(&source, base) {
        Ok((scenario, req, _)) => {
            let _ = fmselect::compare::analyse(&scenario, req);
        }
        Err(d) => {
            // Diagnostics about a requirements_file it names refer to that file.
            let own: Vec<_> =
                d.0.iter()
                    .filter(|x| x.file == source.name)
                    .cloned()
                    .collect();
            common::check(&source.text, &fmselect::diag::Diagnostics(own));
        }
    }
});
