//! Converts the embedded catalog and rules (`catalog/*.yaml`) to JSON at
//! build time, into `OUT_DIR`.
//!
//! Every run of `fmselect` starts from the embedded files; parsing ~220 KB of
//! YAML took most of a `recommend` on the default catalog, parsing the same
//! data as JSON takes a tenth of that (BENCHMARKS.md). The YAML stays the
//! source of truth: the library reads the JSON twin when it parses and falls
//! back to the YAML (with located diagnostics) when it does not, and a test
//! checks that both give the same values.

use std::path::Path;

/// The files converted, without `catalog/` and `.yaml`.
const FILES: &[&str] = &[
    "metrics",
    "hardware",
    "assumptions",
    "models",
    "models-open",
    "models-lineup",
    "rules",
];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    for name in FILES {
        let relative = format!("catalog/{name}.yaml");
        println!("cargo::rerun-if-changed={relative}");
        // A file that cannot be converted gets an empty twin: the library
        // then reads the YAML and reports its problems properly.
        let json = std::fs::read_to_string(Path::new(&root).join(&relative))
            .ok()
            .and_then(|yaml| serde_saphyr::from_str::<serde_json::Value>(&yaml).ok())
            .and_then(|value| serde_json::to_string(&value).ok())
            .unwrap_or_default();
        let target = Path::new(&out_dir).join(format!("{name}.json"));
        std::fs::write(&target, json).expect("write to OUT_DIR");
    }
}
