//! A scenario file for `fmselect compare`, through the public entry point
//! (which reads a path): the input is written to a per-process file first.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (ext, data) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => ("json", rest),
        Some((_, rest)) => ("yaml", rest),
        None => ("yaml", data),
    };
    let dir = std::env::temp_dir().join(format!("fmselect-fuzz-scenario-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("scenario.{ext}"));
    std::fs::write(&path, data).expect("the scenario file can be written");
    let opts = fmselect::compare::CompareOptions {
        scenario: path.to_string_lossy().into_owned(),
    };
    if let Err(d) = fmselect::compare::compare(&opts) {
        // Diagnostics about a requirements_file it names refer to that file.
        if d.0.iter().all(|d| d.file == opts.scenario) {
            common::check(&String::from_utf8_lossy(data), &d);
        }
    }
});
