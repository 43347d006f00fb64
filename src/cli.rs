//! Command-line arguments (clap) and their conversion into the library's plain
//! option structs. Nothing past this module sees clap types.

use clap::{Args, Parser, Subcommand, ValueEnum};

use fmselect::{app, recommend, report};

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
    /// Rank models for a requirements file and explain the choice.
    #[command(after_help = "Examples:\n  \
        fmselect recommend requirements/examples/knowledge-assistant.yaml\n  \
        fmselect recommend req.yaml --chart cost.svg\n  \
        fmselect recommend req.yaml --format json | jq '.candidates[0].id'\n  \
        fmselect recommend req.yaml --catalog prices.json --catalog @embedded --top 5 --explain\n\n\
        Exit codes: 0 at least one candidate, 1 unusable input, 3 nothing satisfies the hard constraints \
        (the report is still printed).")]
    Recommend(RecommendArgs),
    /// Compare explicit options (quotes) against the requirements over a horizon.
    #[command(after_help = "Example:\n  \
        fmselect compare requirements/examples/seed-scenario.yaml --chart cumulative.svg\n\n\
        Exit codes: 0 an option meets the constraints, 1 unusable input, 3 no option does \
        (the report is still printed).")]
    Compare(CompareArgs),
    /// Inspect and check model catalogs.
    #[command(subcommand)]
    Catalog(CatalogCommand),
}

/// Catalog files shared by commands that read the catalog.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// A catalog file (YAML or JSON); repeat to merge in order. `@embedded`
    /// stands for the built-in catalog. Default: $FMSELECT_CATALOG
    /// (colon-separated), else the built-in catalog.
    #[arg(long = "catalog", value_name = "FILE")]
    pub catalogs: Vec<String>,
}

impl CatalogArgs {
    /// The files to load: the flags, else FMSELECT_CATALOG.
    pub fn resolve(self) -> Vec<String> {
        if !self.catalogs.is_empty() {
            return self.catalogs;
        }
        std::env::var("FMSELECT_CATALOG")
            .map(|v| {
                v.split(':')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Markdown,
}

impl From<FormatArg> for report::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => report::Format::Table,
            FormatArg::Json => report::Format::Json,
            FormatArg::Markdown => report::Format::Markdown,
        }
    }
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// The requirements file (YAML or JSON; `-` for standard input).
    #[arg(value_name = "REQ.yaml")]
    pub requirements: String,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// A rules file that extends (or, with `mode: replace`, replaces) the default rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
    /// Show only the first N candidates.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Show every score component and every excluded model with its reasons.
    #[arg(long)]
    pub explain: bool,
    /// Also draw monthly cost against volume for buy, build and blend (SVG).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The scenario file (YAML or JSON; `-` for standard input).
    #[arg(value_name = "SCENARIO.yaml")]
    pub scenario: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
    /// Also draw the cumulative cost of each option over the horizon (SVG).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<String>,
}

impl CompareArgs {
    pub fn into_command(self, terminal: Terminal) -> app::CompareCommand {
        let format: report::Format = self.format.into();
        app::CompareCommand {
            options: fmselect::compare::CompareOptions {
                scenario: self.scenario,
            },
            format,
            render: report::RenderOptions {
                explain: false,
                color: terminal.color && format == report::Format::Table,
                width: terminal.width,
            },
            chart: self.chart,
        }
    }
}

impl RecommendArgs {
    pub fn into_command(self, terminal: Terminal) -> app::RecommendCommand {
        let format: report::Format = self.format.into();
        app::RecommendCommand {
            options: recommend::RecommendOptions {
                requirements: self.requirements,
                catalogs: self.catalog.resolve(),
                rules: self.rules,
                top: self.top,
            },
            format,
            render: report::RenderOptions {
                explain: self.explain,
                color: terminal.color && format == report::Format::Table,
                width: terminal.width,
            },
            chart: self.chart,
        }
    }
}

/// What the binary knows about its stdout.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    /// stdout is a terminal and NO_COLOR is not set.
    pub color: bool,
    /// The terminal's width, when stdout is a terminal.
    pub width: Option<u16>,
}

impl Terminal {
    pub fn detect() -> Terminal {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            return Terminal::default();
        }
        Terminal {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            width: comfy_table::Table::new().width(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Check catalog files: schema, semantics, references, staleness, suspicious values.
    #[command(
        after_help = "Example:\n  fmselect catalog validate my-prices.yaml\n\nExits 1 when a file has errors; warnings alone exit 0."
    )]
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
