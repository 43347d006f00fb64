//! Writes a large generated catalog to stdout, for timing and profiling:
//!
//! ```text
//! cargo run --release --example gen_catalog -- 100000 yaml > /tmp/models-100k.yaml
//! hyperfine 'target/release/fmselect catalog validate /tmp/models-100k.yaml'
//! ```

#[path = "../tests/support/gen.rs"]
mod generator;

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let format = match args.next().as_deref() {
        Some("json") => generator::Format::Json,
        _ => generator::Format::Yaml,
    };
    let text = generator::catalog(count, format);
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
