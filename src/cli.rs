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
    after_help = "Exit codes: 0 success, 1 unusable input, 2 usage error, 3 nothing satisfies the hard constraints, \
                  4 the decision changed (diff, check).\n\
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
        fmselect recommend req.yaml --catalog @embedded --catalog prices.yaml --top 5 --explain\n  \
        fmselect recommend req.yaml --evals results.json   # re-rank with your promptfoo results\n\n\
        Exit codes: 0 at least one candidate, 1 unusable input, 3 nothing satisfies the hard constraints \
        (the report is still printed).")]
    Recommend(RecommendArgs),
    /// Compare explicit options (quotes) against the requirements over a horizon.
    #[command(after_help = "Example:\n  \
        fmselect compare requirements/examples/seed-scenario.yaml --chart cumulative.svg\n\n\
        Exit codes: 0 an option meets the constraints, 1 unusable input, 3 no option does \
        (the report is still printed).")]
    Compare(CompareArgs),
    /// Show what changed in the decision between two `recommend --format json` reports.
    #[command(after_help = "Examples:\n  \
        fmselect diff decision.json new.json\n  \
        fmselect diff decision.json new.json --fail-on strategy,routes,cost --cost-tolerance 10 --format markdown\n\n\
        Exit codes: 0 nothing that counts changed, 1 unusable input (or not a report), \
        4 the decision changed (the diff is printed).")]
    Diff(DiffArgs),
    /// Run the recommendation now and show what changed against a committed decision.
    #[command(after_help = "Examples:\n  \
        fmselect recommend req.yaml --format json > decision.json   # commit this\n  \
        fmselect check req.yaml --against decision.json\n  \
        fmselect check req.yaml --against decision.json --catalog @embedded --catalog prices.yaml --fail-on strategy,routes,cost\n\n\
        Exit codes: 0 nothing that counts changed, 1 unusable input, 3 unchanged but nothing satisfies \
        the hard constraints, 4 the decision changed (the diff is printed).")]
    Check(CheckArgs),
    /// Print the JSON Schema of a file format (for editors and validators).
    #[command(after_help = "Example:\n  fmselect schema requirements > requirements.schema.json")]
    Schema {
        #[arg(value_enum)]
        document: SchemaArg,
    },
    /// Write a commented requirements template (a questionnaire on a terminal).
    #[command(after_help = "Examples:\n  \
        fmselect init                 # on a terminal: asks a dozen questions, writes requirements.yaml\n  \
        fmselect init my-product.yaml # writes the template with every default\n  \
        fmselect init > req.yaml      # not a terminal: prints the template\n\n\
        Never overwrites an existing file unless --force is given; Ctrl-D cancels the questionnaire \
        (nothing is written).")]
    Init(InitArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:\n  \
        fmselect completions bash -o ~/.local/share/bash-completion/completions/fmselect\n  \
        fmselect completions zsh -o ~/.zfunc/_fmselect        # then: fpath+=~/.zfunc; autoload -U compinit; compinit\n  \
        fmselect completions fish > ~/.config/fish/completions/fmselect.fish\n\n\
        -o creates the missing directories; with `>` the shell does not, so run `mkdir -p DIR` first.")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        /// Write the script to FILE, creating its directories, instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<String>,
    },
    /// Print the man page (roff), or write one page per command.
    #[command(after_help = "Examples:\n  \
        fmselect man > fmselect.1 && man -l fmselect.1\n  \
        fmselect man --dir ~/.local/share/man/man1   # fmselect.1, fmselect-recommend.1, ...")]
    Man {
        /// Write fmselect.1 and one page per subcommand into DIR (created if missing).
        #[arg(long, value_name = "DIR")]
        dir: Option<String>,
    },
    /// Inspect and check model catalogs.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Serve fmselect to an assistant: Model Context Protocol tools over stdin/stdout.
    #[command(after_help = "Example (an MCP client's server entry):\n  \
        {\"mcpServers\": {\"fmselect\": {\"command\": \"fmselect\", \"args\": [\"mcp\"]}}}\n\n\
        The client starts the process and talks JSON-RPC over its standard input and output; \
        the server stops when standard input closes. The catalog and rules are read once, at start. \
        Exit codes: 0 stopped cleanly, 1 unusable catalog or rules.")]
    Mcp(McpArgs),
    /// Write the recommendation as a config for another tool: a promptfoo eval of the shortlist, or a LiteLLM proxy for the routes.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A promptfooconfig.yaml that evaluates the eval plan's shortlist on your prompts and tests.
    #[command(after_help = "Examples:\n  \
        fmselect export promptfoo req.yaml -o promptfooconfig.yaml\n  \
        npx promptfoo@latest eval -c promptfooconfig.yaml -o results.json\n  \
        fmselect recommend req.yaml --evals results.json\n\n\
        Prompts and tests come from the requirements' `evals:` key (placeholders otherwise). \
        Exit codes: 0 written, 1 unusable input, 3 nothing satisfies the hard constraints (nothing written).")]
    Promptfoo(ExportArgs),
    /// A LiteLLM proxy config.yaml with one model group per route of the strategy.
    #[command(after_help = "Example:\n  \
        fmselect export litellm req.yaml -o config.yaml && litellm --config config.yaml\n\n\
        Your application picks the route of each request (e.g. fmselect-sensitive, fmselect-complex, fmselect-bulk). \
        When a route carries sensitive requests and another route leaves your infrastructure, the sensitive route \
        runs on a proxy of its own: write its config with --sensitive-proxy. \
        Exit codes: 0 written, 1 unusable input, 3 nothing satisfies the hard constraints (nothing written).")]
    Litellm(LitellmArgs),
}

#[derive(Debug, Args)]
pub struct LitellmArgs {
    #[command(flatten)]
    pub export: ExportArgs,
    /// Write the config of the proxy for the routes that carry sensitive
    /// requests: only model groups that keep data in your infrastructure, so
    /// no request to it can reach an external model, whatever fallbacks the
    /// client asks for.
    #[arg(long)]
    pub sensitive_proxy: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The requirements file (YAML or JSON; `-` for standard input).
    #[arg(value_name = "REQ.yaml")]
    pub requirements: String,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// A rules file that extends (or, with `mode: replace`, replaces) the default rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<String>,
    /// Write the config to FILE (a complete new file, then renamed) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
}

impl ExportArgs {
    pub fn into_options(
        self,
        kind: fmselect::export::ExportKind,
    ) -> fmselect::export::ExportOptions {
        fmselect::export::ExportOptions {
            kind,
            recommend: recommend::RecommendOptions {
                requirements: self.requirements,
                catalogs: self.catalog.resolve(),
                rules: self.rules,
                top: None,
                evals: None,
            },
            output: self.output,
            sensitive_proxy: false,
        }
    }
}

#[derive(Debug, Args)]
pub struct McpArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// A rules file that extends (or, with `mode: replace`, replaces) the default rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<String>,
}

impl From<McpArgs> for fmselect::mcp::McpOptions {
    fn from(a: McpArgs) -> Self {
        fmselect::mcp::McpOptions {
            catalogs: a.catalog.resolve(),
            rules: a.rules,
        }
    }
}

/// Catalog files shared by commands that read the catalog.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// A catalog file (YAML or JSON); repeat to layer them: a later file's
    /// facts about a model win, the facts it lacks are kept. `@embedded` is
    /// the built-in catalog (put it first to refresh its prices). Default:
    /// $FMSELECT_CATALOG (colon-separated), else the built-in catalog.
    #[arg(long = "catalog", value_name = "FILE")]
    pub catalogs: Vec<String>,
}

impl CatalogArgs {
    /// The files to load: the flags, else FMSELECT_CATALOG.
    pub fn resolve(self) -> Vec<String> {
        if !self.catalogs.is_empty() {
            return self.catalogs;
        }
        let Some(value) = std::env::var_os(CATALOG_ENV) else {
            return Vec::new();
        };
        let Some(text) = value.to_str() else {
            refuse_env("the variable is not valid UTF-8 text");
        };
        let paths: Vec<String> = text
            .split(':')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        if paths.is_empty() {
            refuse_env("the variable is set but names no file");
        }
        let _ = ENV_CATALOGS.set(paths.clone());
        paths
    }
}

/// The environment variable naming default catalog files.
pub const CATALOG_ENV: &str = "FMSELECT_CATALOG";

/// The catalog paths taken from [`CATALOG_ENV`], so that errors about them
/// can say where the path came from.
pub static ENV_CATALOGS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// A malformed FMSELECT_CATALOG is an input error (exit 1), not ignored.
fn refuse_env(what: &str) -> ! {
    let d = fmselect::diag::Diagnostic::error("invalid-value", CATALOG_ENV, what).help(
        "set FMSELECT_CATALOG to catalog files separated by `:`, or unset it to use the built-in catalog",
    );
    eprint!("{d}");
    std::process::exit(1)
}

/// Says in the help of each diagnostic about a catalog path that the path
/// came from FMSELECT_CATALOG.
pub fn name_env_origin(diagnostics: &mut [fmselect::diag::Diagnostic]) {
    let Some(paths) = ENV_CATALOGS.get() else {
        return;
    };
    for d in diagnostics.iter_mut().filter(|d| paths.contains(&d.file)) {
        let origin = format!("this path comes from {CATALOG_ENV}");
        d.help = Some(match d.help.take() {
            Some(h) => format!("{h} ({origin})"),
            None => origin,
        });
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaArg {
    Requirements,
    Catalog,
    Rules,
    Report,
    Scenario,
    CompareReport,
    CatalogList,
    Diff,
}

impl From<SchemaArg> for fmselect::schema::Document {
    fn from(s: SchemaArg) -> Self {
        use fmselect::schema::Document;
        match s {
            SchemaArg::Requirements => Document::Requirements,
            SchemaArg::Catalog => Document::Catalog,
            SchemaArg::Rules => Document::Rules,
            SchemaArg::Report => Document::Report,
            SchemaArg::Scenario => Document::Scenario,
            SchemaArg::CompareReport => Document::CompareReport,
            SchemaArg::CatalogList => Document::CatalogList,
            SchemaArg::Diff => Document::Diff,
        }
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the template; without it, a questionnaire on a terminal
    /// writes requirements.yaml, otherwise the template goes to stdout.
    #[arg(value_name = "FILE")]
    pub file: Option<String>,
    /// Ask the questions even when a FILE is given.
    #[arg(long, short)]
    pub interactive: bool,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Markdown,
    // One self-contained HTML page (inline CSS and chart, no script).
    Html,
}

impl From<FormatArg> for report::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => report::Format::Table,
            FormatArg::Json => report::Format::Json,
            FormatArg::Markdown => report::Format::Markdown,
            FormatArg::Html => report::Format::Html,
        }
    }
}

/// Candidates shown by table and Markdown reports without `--top`.
const DEFAULT_TOP: usize = 20;

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
    /// `html`: one self-contained page (inline CSS and chart) to print or mail.
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
    /// Show only the first N candidates [default: 20 in table and Markdown,
    /// all in JSON].
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Show every score component and every excluded model with its reasons.
    #[arg(long)]
    pub explain: bool,
    /// Also draw monthly cost against volume for buy, build and blend (SVG).
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<String>,
    /// promptfoo results (`promptfoo eval -o results.json`): measured pass rates re-rank the models they cover.
    #[arg(long, value_name = "RESULTS.json")]
    pub evals: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Strategy,
    Routes,
    Top,
    Cost,
}

/// The formats of `diff` and `check`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormatArg {
    Table,
    Json,
    /// For a pull-request comment.
    Markdown,
}

impl From<DiffFormatArg> for report::Format {
    fn from(f: DiffFormatArg) -> Self {
        match f {
            DiffFormatArg::Table => report::Format::Table,
            DiffFormatArg::Json => report::Format::Json,
            DiffFormatArg::Markdown => report::Format::Markdown,
        }
    }
}

/// How `diff` and `check` judge a change.
#[derive(Debug, Args)]
pub struct JudgeArgs {
    /// Percent that monthly cost, setup or TCO may move before the move counts.
    #[arg(long, value_name = "PCT", default_value_t = fmselect::diff::DEFAULT_COST_TOLERANCE_PCT, value_parser = parse_pct)]
    pub cost_tolerance: f64,
    /// Which changes make the decision changed (exit 4), comma-separated.
    #[arg(
        long,
        value_enum,
        value_name = "WHAT",
        value_delimiter = ',',
        default_value = "strategy,routes"
    )]
    pub fail_on: Vec<FailOnArg>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: DiffFormatArg,
}

fn parse_pct(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "`{text}` is not a percentage (write a number ≥ 0, e.g. 5)"
        )),
    }
}

impl JudgeArgs {
    fn options(&self) -> fmselect::diff::DiffOptions {
        use fmselect::diff::FailOn;
        fmselect::diff::DiffOptions {
            cost_tolerance_pct: self.cost_tolerance,
            fail_on: self
                .fail_on
                .iter()
                .map(|f| match f {
                    FailOnArg::Strategy => FailOn::Strategy,
                    FailOnArg::Routes => FailOn::Routes,
                    FailOnArg::Top => FailOn::Top,
                    FailOnArg::Cost => FailOn::Cost,
                })
                .collect(),
        }
    }

    fn render(&self, terminal: Terminal) -> report::RenderOptions {
        let format: report::Format = self.format.into();
        report::RenderOptions {
            explain: false,
            color: terminal.color && format == report::Format::Table,
            width: terminal.width,
        }
    }
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report (`recommend --format json`), e.g. the committed decision.
    #[arg(value_name = "OLD.json")]
    pub old: String,
    /// The later report.
    #[arg(value_name = "NEW.json")]
    pub new: String,
    #[command(flatten)]
    pub judge: JudgeArgs,
}

impl DiffArgs {
    pub fn into_command(self, terminal: Terminal) -> app::DiffCommand {
        app::DiffCommand {
            diff: self.judge.options(),
            format: self.judge.format.into(),
            render: self.judge.render(terminal),
            old: self.old,
            new: self.new,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The requirements file (YAML or JSON; `-` for standard input).
    #[arg(value_name = "REQ.yaml")]
    pub requirements: String,
    /// The committed decision: a `recommend --format json` report.
    #[arg(long, value_name = "DECISION.json")]
    pub against: String,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// A rules file that extends (or, with `mode: replace`, replaces) the default rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<String>,
    /// promptfoo results, as for `recommend --evals`.
    #[arg(long, value_name = "RESULTS.json")]
    pub evals: Option<String>,
    #[command(flatten)]
    pub judge: JudgeArgs,
}

impl CheckArgs {
    pub fn into_command(self, terminal: Terminal) -> app::CheckCommand {
        app::CheckCommand {
            recommend: recommend::RecommendOptions {
                requirements: self.requirements,
                catalogs: self.catalog.resolve(),
                rules: self.rules,
                top: None,
                evals: self.evals,
            },
            against: self.against,
            diff: self.judge.options(),
            format: self.judge.format.into(),
            render: self.judge.render(terminal),
        }
    }
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The scenario file (YAML or JSON; `-` for standard input).
    #[arg(value_name = "SCENARIO.yaml")]
    pub scenario: String,
    /// `html`: one self-contained page (inline CSS and chart) to print or mail.
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
                // A terminal table of every candidate of a large catalog
                // helps nobody; JSON (the API) stays complete unless asked.
                top: self
                    .top
                    .or((format != report::Format::Json).then_some(DEFAULT_TOP)),
                evals: self.evals,
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

/// The narrowest table fmselect draws: below it, columns would be a few
/// characters wide and every cell would wrap.
const MIN_WIDTH: u16 = 40;

/// What the binary knows about its stdout.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    /// stdout is a terminal and NO_COLOR is not set.
    pub color: bool,
    /// The width to render at: the terminal's, else `COLUMNS`, else none
    /// (the reporters' default of 100). A width of 0 counts as unknown.
    pub width: Option<u16>,
}

impl Terminal {
    pub fn detect() -> Terminal {
        use std::io::IsTerminal;
        let tty = std::io::stdout().is_terminal();
        let from_terminal = tty
            .then(|| comfy_table::Table::new().width())
            .flatten()
            .filter(|w| *w > 0);
        let from_env = std::env::var("COLUMNS")
            .ok()
            .and_then(|v| v.trim().parse::<u16>().ok())
            .filter(|w| *w > 0);
        // A dumb terminal shows escape sequences as text.
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Terminal {
            color: tty && !dumb && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            width: from_terminal.or(from_env).map(|w| w.max(MIN_WIDTH)),
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
    /// List the catalog's models, optionally filtered.
    #[command(after_help = "Examples:\n  \
        fmselect catalog list --weights open --min-context 1000000\n  \
        fmselect catalog list --modality video --max-price 2 --format json | jq '.models[].id'")]
    List(ListArgs),
    /// Show one model: every fact, its offerings and where each fact came from.
    #[command(after_help = "Example:\n  fmselect catalog show claude-opus-4-6")]
    Show(ShowArgs),
    /// Convert a downloaded community catalog (LiteLLM, OpenRouter, models.dev) into an fmselect catalog, offline.
    #[command(after_help = "Examples:\n  \
        fmselect catalog import --from litellm model_prices_and_context_window.json --as-of 2026-07-24 -o litellm.yaml\n  \
        fmselect catalog import --from openrouter models.json -o openrouter.json\n  \
        fmselect catalog import --from models.dev ./models.dev --as-of 2026-07-01 -o models-dev.yaml\n  \
        fmselect catalog import --from litellm prices.json --merge catalog/models.yaml -o refreshed.yaml\n\n\
        Never uses the network: download the source first. Counts, skipped entries and (with --merge) \
        price changes go to stderr; the catalog to stdout or -o. Matching rules: docs/import.md.")]
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

impl From<ListFormat> for report::Format {
    fn from(f: ListFormat) -> Self {
        match f {
            ListFormat::Table => report::Format::Table,
            ListFormat::Json => report::Format::Json,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WeightsArg {
    Open,
    Closed,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TierArg {
    Frontier,
    Strong,
    Efficient,
    Small,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModalityArg {
    Text,
    Image,
    Audio,
    Video,
    Pdf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DeploymentArg {
    Api,
    PrivateCloud,
    SelfHosted,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Only open or only closed weights.
    #[arg(long, value_enum)]
    pub weights: Option<WeightsArg>,
    /// Only models from this maker or host (repeatable).
    #[arg(long = "provider", value_name = "NAME")]
    pub providers: Vec<String>,
    /// Only models that accept this input (repeatable: all must be accepted).
    #[arg(long = "modality", value_enum)]
    pub modalities: Vec<ModalityArg>,
    /// Only models with at least this many tokens of context.
    #[arg(long, value_name = "TOKENS")]
    pub min_context: Option<u64>,
    /// Only models with an API at most this price (USD per million tokens, 3:1 input:output blend).
    #[arg(long, value_name = "USD")]
    pub max_price: Option<f64>,
    /// Only this tier (repeatable).
    #[arg(long = "tier", value_enum)]
    pub tiers: Vec<TierArg>,
    /// Only models that can be deployed this way.
    #[arg(long, value_enum)]
    pub deployment: Option<DeploymentArg>,
    /// Also list retired (deprecated) models.
    #[arg(long)]
    pub include_retired: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

impl ListArgs {
    pub fn into_options(self, terminal: Terminal) -> fmselect::browse::ListOptions {
        use fmselect::catalog::{Modality, OfferingKind, Tier, Weights};
        let format: report::Format = self.format.into();
        fmselect::browse::ListOptions {
            catalogs: self.catalog.resolve(),
            filters: fmselect::browse::Filters {
                weights: self.weights.map(|w| match w {
                    WeightsArg::Open => Weights::Open,
                    WeightsArg::Closed => Weights::Closed,
                }),
                providers: self.providers,
                modalities: self
                    .modalities
                    .into_iter()
                    .map(|m| match m {
                        ModalityArg::Text => Modality::Text,
                        ModalityArg::Image => Modality::Image,
                        ModalityArg::Audio => Modality::Audio,
                        ModalityArg::Video => Modality::Video,
                        ModalityArg::Pdf => Modality::Pdf,
                    })
                    .collect(),
                min_context: self.min_context,
                max_price: self.max_price,
                tiers: self
                    .tiers
                    .into_iter()
                    .map(|t| match t {
                        TierArg::Frontier => Tier::Frontier,
                        TierArg::Strong => Tier::Strong,
                        TierArg::Efficient => Tier::Efficient,
                        TierArg::Small => Tier::Small,
                    })
                    .collect(),
                deployment: self.deployment.map(|d| match d {
                    DeploymentArg::Api => OfferingKind::Api,
                    DeploymentArg::PrivateCloud => OfferingKind::PrivateCloud,
                    DeploymentArg::SelfHosted => OfferingKind::SelfHosted,
                }),
                include_retired: self.include_retired,
            },
            format,
            render: report::RenderOptions {
                explain: false,
                color: terminal.color && format == report::Format::Table,
                width: terminal.width,
            },
        }
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The model id (see `fmselect catalog list`).
    #[arg(value_name = "MODEL_ID")]
    pub id: String,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

impl ShowArgs {
    pub fn into_options(self, terminal: Terminal) -> fmselect::browse::ShowOptions {
        let format: report::Format = self.format.into();
        fmselect::browse::ShowOptions {
            catalogs: self.catalog.resolve(),
            id: self.id,
            format,
            render: report::RenderOptions {
                explain: false,
                color: terminal.color && format == report::Format::Table,
                width: terminal.width,
            },
        }
    }
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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportFrom {
    /// LiteLLM's model_prices_and_context_window.json.
    Litellm,
    /// OpenRouter's /api/v1/models response saved as JSON.
    Openrouter,
    /// The models.dev data folder (providers/ and models/).
    #[value(name = "models.dev")]
    ModelsDev,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    Yaml,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The source's format.
    #[arg(long = "from", value_enum, value_name = "SOURCE_FORMAT")]
    pub from: ImportFrom,
    /// The downloaded file (`-` for standard input); for models.dev, its data folder.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// Write the catalog to FILE (atomically) instead of stdout; `.json` writes JSON.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
    /// Refresh the prices of this existing catalog (benchmarks, tiers, self-hosted offerings and sources are kept).
    #[arg(long, value_name = "EXISTING")]
    pub merge: Option<String>,
    /// With --merge: also add the models and offerings the catalog does not have.
    #[arg(long, requires = "merge")]
    pub add_new: bool,
    /// The source's snapshot date, YYYY-MM-DD (default: the file's modification date).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<String>,
    /// Output format (default: JSON when -o ends in .json, else YAML).
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
}

fn parse_date(text: &str) -> Result<String, String> {
    fmselect::dates::parse_days(text)
        .filter(|_| text.len() == 10)
        .map(|_| text.to_owned())
        .ok_or_else(|| format!("`{text}` is not a date (write YYYY-MM-DD)"))
}

impl From<ImportArgs> for fmselect::import::ImportOptions {
    fn from(a: ImportArgs) -> Self {
        use fmselect::import::{OutputFormat, SourceKind};
        fmselect::import::ImportOptions {
            from: match a.from {
                ImportFrom::Litellm => SourceKind::Litellm,
                ImportFrom::Openrouter => SourceKind::OpenRouter,
                ImportFrom::ModelsDev => SourceKind::ModelsDev,
            },
            source: a.source,
            output: a.output,
            merge: a.merge,
            add_new: a.add_new,
            as_of: a.as_of,
            format: a.format.map(|f| match f {
                ImportFormat::Yaml => OutputFormat::Yaml,
                ImportFormat::Json => OutputFormat::Json,
            }),
        }
    }
}
