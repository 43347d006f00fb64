//! Per-stage benchmarks of the recommend pipeline (SPEC §5), issue 6:
//! parse → validate → load (read + parse + validate + merge) → rules →
//! filter → cost → rank → render, plus the pure core (`analyse`) and the
//! library end to end (`recommend`), on
//!
//! - the embedded catalog,
//! - the LiteLLM price map imported into an fmselect catalog (skipped when
//!   `../shared/data/litellm/model_prices_and_context_window.json` is absent;
//!   `FMSELECT_LITELLM=FILE` names another copy),
//! - generated catalogs of 1k, 10k and 100k models (`tests/support/gen.rs`,
//!   the generator of `examples/gen_catalog.rs`), JSON and YAML.
//!
//! ```text
//! cargo bench --bench pipeline                 # everything (~10 minutes)
//! cargo bench --bench pipeline -- parse rank   # only the benches named so
//! FMSELECT_BENCH_MAX_MODELS=10000 cargo bench --bench pipeline   # skip 100k
//! ```
//!
//! Every case runs the requirements of
//! `requirements/examples/knowledge-assistant.yaml`, the command the process
//! benchmark (`scripts/bench.sh`) times. Inputs are built once per process
//! and kept (leaked) so a stage is timed alone. Whole-process figures, the
//! targets and what dominates each stage are in BENCHMARKS.md.

#[path = "../tests/support/gen.rs"]
mod generator;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use divan::{Bencher, black_box};
use fmselect::assumptions::Resolved;
use fmselect::catalog::{Catalog, CatalogFile, EMBEDDED_FILES, Known};
use fmselect::cost::deployment_cost;
use fmselect::filter::{Allowed, Screen, screen};
use fmselect::load::Check;
use fmselect::quality::QualityModel;
use fmselect::recommend::{
    Analysis, RecommendOptions, analyse, rank_candidates, screen_and_cost, traffic,
};
use fmselect::report::{Format, RenderOptions, Report, reporter};
use fmselect::requirements::{self, Requirements};
use fmselect::rules::{Evaluator, ModelVerdict, RuleSet};
use fmselect::source::Source;

/// The allocator of the `fmselect` binary, so stages are timed as shipped.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// The requirements every case runs.
const REQUIREMENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/requirements/examples/knowledge-assistant.yaml"
);

/// LiteLLM's price map, where the project's shared data keeps it.
const LITELLM: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/litellm/model_prices_and_context_window.json"
);

/// Which models a case runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Models {
    Embedded,
    Litellm,
    Generated(usize),
}

/// One catalog in one file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Input {
    models: Models,
    yaml: bool,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ext = if self.yaml { "yaml" } else { "json" };
        match self.models {
            Models::Embedded => write!(f, "embedded"),
            Models::Litellm => write!(f, "litellm.{ext}"),
            Models::Generated(n) if n >= 1000 => write!(f, "gen-{}k.{ext}", n / 1000),
            Models::Generated(n) => write!(f, "gen-{n}.{ext}"),
        }
    }
}

const fn input(models: Models, yaml: bool) -> Input {
    Input { models, yaml }
}

/// Files for the stages whose cost depends on the format.
const FILES: &[Input] = &[
    input(Models::Embedded, true),
    input(Models::Litellm, false),
    input(Models::Litellm, true),
    input(Models::Generated(1_000), false),
    input(Models::Generated(1_000), true),
    input(Models::Generated(10_000), false),
    input(Models::Generated(10_000), true),
    input(Models::Generated(100_000), false),
    input(Models::Generated(100_000), true),
];

/// Catalogs for the stages after loading (the format no longer matters).
const CATALOGS: &[Input] = &[
    input(Models::Embedded, true),
    input(Models::Litellm, false),
    input(Models::Generated(1_000), false),
    input(Models::Generated(10_000), false),
    input(Models::Generated(100_000), false),
];

/// The files of one input, in memory and on disk.
struct Files {
    sources: Vec<Source>,
    /// For `Catalog::load`; empty for the embedded catalog.
    paths: Vec<String>,
    parsed: OnceLock<Vec<CatalogFile>>,
}

/// Everything after loading, computed once: each stage's inputs.
struct World {
    catalog: &'static Catalog,
    rules: &'static RuleSet,
    req: Requirements,
    resolved: Resolved,
    verdicts: Vec<ModelVerdict>,
    /// The deployments of each model that pass the filter (empty: excluded).
    allowed: Vec<Vec<Allowed>>,
    analysis: Analysis<'static>,
    report: Report,
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// The LiteLLM file, or none (with a note) when it is absent.
fn litellm_path() -> Option<String> {
    let path = std::env::var("FMSELECT_LITELLM").unwrap_or_else(|_| LITELLM.to_owned());
    if std::path::Path::new(&path).is_file() {
        Some(path)
    } else {
        static NOTED: OnceLock<()> = OnceLock::new();
        NOTED
            .get_or_init(|| eprintln!("note: {path} is absent; the litellm cases measure nothing"));
        None
    }
}

/// The largest generated catalog to run (`FMSELECT_BENCH_MAX_MODELS`, default
/// 100000): a quick run can stop at 10k.
fn max_models() -> usize {
    std::env::var("FMSELECT_BENCH_MAX_MODELS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// Writes `text` under Cargo's scratch folder for benches and returns the path.
fn scratch(name: &str, text: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fmselect-bench");
    std::fs::create_dir_all(&dir).expect("create the bench scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a bench catalog");
    path.to_string_lossy().into_owned()
}

/// The imported LiteLLM catalog as `catalog import` writes it.
fn litellm_catalog(yaml: bool) -> Option<String> {
    use fmselect::import::{OutputFormat, SourceKind, import, render};
    let path = litellm_path()?;
    let imported = import(SourceKind::Litellm, &path, Some("2026-11-01")).expect("import LiteLLM");
    let format = if yaml {
        OutputFormat::Yaml
    } else {
        OutputFormat::Json
    };
    Some(render(&imported.catalog, format, "").expect("render the import"))
}

fn files(input: Input) -> Option<&'static Files> {
    static CACHE: OnceLock<Mutex<HashMap<Input, Option<&'static Files>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap().get(&input) {
        return *found;
    }
    let name = input.to_string();
    let made = match input.models {
        Models::Embedded => Some(Files {
            sources: EMBEDDED_FILES
                .iter()
                .map(|(name, text)| Source::from_text(*name, *text))
                .collect(),
            paths: Vec::new(),
            parsed: OnceLock::new(),
        }),
        Models::Litellm => litellm_catalog(input.yaml).map(|text| Files {
            paths: vec![scratch(&name, &text)],
            sources: vec![Source::from_text(name.clone(), text)],
            parsed: OnceLock::new(),
        }),
        Models::Generated(n) if n > max_models() => None,
        Models::Generated(n) => {
            let format = if input.yaml {
                generator::Format::Yaml
            } else {
                generator::Format::Json
            };
            let text = generator::catalog(n, format);
            Some(Files {
                paths: vec![scratch(&name, &text)],
                sources: vec![Source::from_text(name.clone(), text)],
                parsed: OnceLock::new(),
            })
        }
    }
    .map(leak);
    cache.lock().unwrap().insert(input, made);
    made
}

fn parsed(files: &'static Files) -> &'static [CatalogFile] {
    files.parsed.get_or_init(|| {
        files
            .sources
            .iter()
            .map(|s| fmselect::load::parse::<CatalogFile>(s).expect("parse a bench catalog"))
            .collect()
    })
}

/// GPU and metric ids of the embedded catalog (what user files may refer to).
fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(Known::embedded)
}

fn load_catalog(files: &Files) -> Catalog {
    if files.paths.is_empty() {
        Catalog::embedded().expect("the embedded catalog loads")
    } else {
        Catalog::load(&files.paths).expect("a bench catalog loads")
    }
}

fn world(input: Input) -> Option<&'static World> {
    static CACHE: OnceLock<Mutex<HashMap<Input, Option<&'static World>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap().get(&input) {
        return *found;
    }
    let made = files(input).map(|files| {
        let catalog: &'static Catalog = leak(load_catalog(files));
        let rules: &'static RuleSet = leak(RuleSet::load(None).expect("the default rules load"));
        let source = Source::read(REQUIREMENTS).expect("read the requirements");
        let (req, _) = requirements::load(&source).expect("the requirements load");
        let resolved = Resolved::new(&catalog.assumptions, req.assumptions.as_ref())
            .expect("the assumptions resolve");
        let req = requirements::normalise(req, &resolved);
        let evaluator = Evaluator::new(rules, &req).expect("the rules evaluate");
        let verdicts: Vec<ModelVerdict> =
            catalog.models.iter().map(|m| evaluator.judge(m)).collect();
        let allowed = screen_all(catalog, rules, &req, &verdicts);
        let report = analyse(catalog, rules, req.clone(), &resolved, None).expect("analyse");
        let weights = rules
            .quality_weights(req.task_type().as_str())
            .cloned()
            .unwrap_or_default();
        let quality = QualityModel::new(catalog, &weights);
        let analysis = screen_and_cost(catalog, &evaluator, &quality, &req, &resolved)
            .expect("the rules are within budget");
        leak(World {
            catalog,
            rules,
            req,
            resolved,
            verdicts,
            allowed,
            analysis,
            report,
        })
    });
    cache.lock().unwrap().insert(input, made);
    made
}

fn screen_all(
    catalog: &Catalog,
    rules: &RuleSet,
    req: &Requirements,
    verdicts: &[ModelVerdict],
) -> Vec<Vec<Allowed>> {
    let today = fmselect::dates::today();
    let context_check = rules
        .scoring
        .unverified_host_context_above_tokens
        .unwrap_or(f64::INFINITY);
    catalog
        .models
        .iter()
        .zip(verdicts)
        .map(
            |(m, v)| match screen(m, req, v, &rules.region_groups, context_check, today) {
                Screen::Pass(allowed) => allowed,
                Screen::Fail(_) => Vec::new(),
            },
        )
        .collect()
}

// ---- Loading ----------------------------------------------------------------

/// Text → typed catalog file (the fast typed path of `load::parse`).
#[divan::bench(args = FILES, max_time = 5)]
fn parse(bencher: Bencher, input: Input) {
    let Some(files) = files(input) else { return };
    bencher.bench(|| {
        files
            .sources
            .iter()
            .map(|s| fmselect::load::parse::<CatalogFile>(s).expect("parse"))
            .collect::<Vec<_>>()
    });
}

/// The semantic checks of a parsed file, and the location of its warnings.
#[divan::bench(args = FILES, max_time = 5)]
fn validate(bencher: Bencher, input: Input) {
    let Some(files) = files(input) else { return };
    let parsed = parsed(files);
    bencher.bench(|| {
        let mut located = 0;
        for (file, source) in parsed.iter().zip(&files.sources) {
            let mut check = Check::new();
            fmselect::catalog::check::check_file(file, known(), &mut check);
            located += fmselect::load::locate(source, check.problems).len();
        }
        located
    });
}

/// `Catalog::load`: read, parse, validate and merge over the embedded
/// hardware, metrics and assumptions.
#[divan::bench(args = FILES, max_time = 5)]
fn load(bencher: Bencher, input: Input) {
    let Some(files) = files(input) else { return };
    bencher.bench(|| load_catalog(files));
}

/// `catalog import --from litellm` without writing: read, convert, render.
#[divan::bench(max_time = 5)]
fn import_litellm(bencher: Bencher) {
    use fmselect::import::{OutputFormat, SourceKind, import, render};
    let Some(path) = litellm_path() else { return };
    bencher.bench(|| {
        let imported = import(SourceKind::Litellm, &path, Some("2026-11-01")).expect("import");
        render(&imported.catalog, OutputFormat::Json, "").expect("render")
    });
}

// ---- Pipeline stages ------------------------------------------------------------

/// Rules: every `when` over the requirements, then each model judged.
#[divan::bench(args = CATALOGS, max_time = 5)]
fn rules(bencher: Bencher, input: Input) {
    let Some(w) = world(input) else { return };
    bencher.bench(|| {
        let evaluator = Evaluator::new(w.rules, &w.req).expect("rules");
        w.catalog
            .models
            .iter()
            .map(|m| evaluator.judge(m))
            .collect::<Vec<_>>()
    });
}

/// Hard constraints, given each model's verdict.
#[divan::bench(args = CATALOGS, max_time = 5)]
fn filter(bencher: Bencher, input: Input) {
    let Some(w) = world(input) else { return };
    bencher.bench(|| screen_all(w.catalog, w.rules, &w.req, &w.verdicts));
}

/// The monthly cost of every deployment that passed the filter.
#[divan::bench(args = CATALOGS, max_time = 5)]
fn cost(bencher: Bencher, input: Input) {
    let Some(w) = world(input) else { return };
    let traffic = traffic(&w.req);
    bencher.bench(|| {
        let mut costs = Vec::new();
        for (m, allowed) in w.catalog.models.iter().zip(&w.allowed) {
            for a in allowed {
                costs.push(deployment_cost(
                    m,
                    &m.offerings[a.offering],
                    w.catalog,
                    &traffic,
                    &w.resolved,
                ));
            }
        }
        costs
    });
}

/// Rules + filter + cost + quality together, as `analyse` runs them.
#[divan::bench(args = CATALOGS, max_time = 5)]
fn screen_and_cost_all(bencher: Bencher, input: Input) {
    let Some(w) = world(input) else { return };
    bencher.bench(|| {
        let evaluator = Evaluator::new(w.rules, &w.req).expect("rules");
        let weights = w
            .rules
            .quality_weights(w.req.task_type().as_str())
            .cloned()
            .unwrap_or_default();
        let quality = QualityModel::new(w.catalog, &weights);
        screen_and_cost(w.catalog, &evaluator, &quality, &w.req, &w.resolved)
            .expect("the rules are within budget")
            .screened
    });
}

/// Score every screened model's deployments, sort, flag the Pareto front.
#[divan::bench(args = CATALOGS, max_time = 5)]
fn rank(bencher: Bencher, input: Input) {
    let Some(w) = world(input) else { return };
    bencher.bench(|| rank_candidates(&w.analysis.screened, &w.req, w.rules, &w.resolved, None));
}

/// The pure pipeline from a loaded catalog to the finished report.
#[divan::bench(args = CATALOGS, max_time = 5)]
fn analyse_all(bencher: Bencher, input: Input) {
    let Some(w) = world(input) else { return };
    bencher
        .with_inputs(|| w.req.clone())
        .bench_values(|req| analyse(w.catalog, w.rules, req, &w.resolved, None).expect("analyse"));
}

// ---- Rendering --------------------------------------------------------------------

fn render(bencher: Bencher, input: Input, format: Format) {
    let Some(w) = world(input) else { return };
    let opts = RenderOptions::default();
    bencher.bench(|| reporter(format).render(black_box(&w.report), &opts));
}

#[divan::bench(args = CATALOGS, max_time = 5)]
fn render_table(bencher: Bencher, input: Input) {
    render(bencher, input, Format::Table);
}

#[divan::bench(args = CATALOGS, max_time = 5)]
fn render_json(bencher: Bencher, input: Input) {
    render(bencher, input, Format::Json);
}

#[divan::bench(args = CATALOGS, max_time = 5)]
fn render_markdown(bencher: Bencher, input: Input) {
    render(bencher, input, Format::Markdown);
}

// ---- End to end, in process ---------------------------------------------------

/// `fmselect recommend REQ [--catalog FILE]` in the library: every file read,
/// parsed and checked, the pipeline, the table rendered.
#[divan::bench(args = CATALOGS, max_time = 5)]
fn recommend(bencher: Bencher, input: Input) {
    let Some(files) = files(input) else { return };
    let opts = RecommendOptions {
        requirements: REQUIREMENTS.to_owned(),
        catalogs: files.paths.clone(),
        ..Default::default()
    };
    bencher.bench(|| {
        let rec = fmselect::recommend::recommend(&opts).expect("recommend");
        reporter(Format::Table).render(&rec.report, &RenderOptions::default())
    });
}
