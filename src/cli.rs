//! Command-line arguments (clap) and their conversion into the library's plain
//! option structs. Nothing past this module sees clap types.

use clap::{Args, Parser, Subcommand};

use fmselect::app;

#[derive(Debug, Parser)]
#[command(
    name = "fmselect",
    version,
    about = "Recommends which foundation model to use, how to deploy it (buy, build or blend) and how deeply to adapt it.",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 unusable input, 2 usage error, 3 nothing satisfies the hard constraints.\n\
                  Docs: README.md; file formats: `fmselect schema requirements|catalog|rules|report|scenario`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Inspect and check model catalogs.
    #[command(subcommand)]
    Catalog(CatalogCommand),
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Check catalog files: schema, semantics, references, staleness, suspicious values.
    #[command(after_help = "Example:\n  fmselect catalog validate my-prices.yaml\n\nExits 1 when a file has errors; warnings alone exit 0.")]
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Catalog files (YAML or JSON; `-` for standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
}

impl From<ValidateArgs> for app::ValidateOptions {
    fn from(a: ValidateArgs) -> Self {
        app::ValidateOptions { files: a.files }
    }
}
