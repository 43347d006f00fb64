//! `fmselect mcp`: the library's commands as Model Context Protocol tools,
//! served over standard input and output with rmcp, the official Rust SDK.
//! The client starts the process and talks over its pipes: no network.
//!
//! A thin adapter. Each tool reads its arguments with the loaders the files
//! go through, runs the entry point the CLI runs and returns the CLI's JSON.
//! A document the CLI would reject gets the CLI's diagnostics as a tool
//! error, located by its path in the arguments (`requirements.volume.x`)
//! instead of file:line:col; the server keeps serving. The catalog and the
//! rules are loaded once, when the server starts, as the CLI loads them.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::app::Outcome;
use crate::browse::Filters;
use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Diagnostics, Severity, sanitize};
use crate::node::{Seg, path_to_string};
use crate::num::fmt_usd;
use crate::report::{Format, RenderOptions, Report};
use crate::rules::RuleSet;
use crate::source::Source;

/// Options of `fmselect mcp`: the catalog and rules every tool call uses.
#[derive(Debug, Clone, Default)]
pub struct McpOptions {
    /// Catalog files; empty = the embedded catalog.
    pub catalogs: Vec<String>,
    pub rules: Option<String>,
}

/// Largest tool arguments read, as compact JSON (1 MiB): a requirements
/// document or scenario is a few kilobytes. (rmcp drops any message over
/// 16 MiB before it is parsed.)
pub const MAX_ARGUMENTS_BYTES: usize = 1 << 20;

/// Loads the catalog and rules, then serves until standard input closes.
/// Unusable catalog or rules files stop it before it serves (exit 1).
pub fn serve(opts: &McpOptions) -> Result<Outcome, Diagnostics> {
    let server = Server::load(opts)?;
    let failure = |e: String| {
        Diagnostics::single(Diagnostic::error(
            "file-unreadable",
            "<stdin>",
            format!("cannot serve MCP over standard input and output: {e}"),
        ))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| failure(e.to_string()))?;
    runtime
        .block_on(async move {
            use rmcp::service::ServerInitializeError;
            match rmcp::serve_server(server, (tokio::io::stdin(), tokio::io::stdout())).await {
                Ok(service) => service.waiting().await.map(drop).map_err(|e| e.to_string()),
                // Standard input closed before the client said anything.
                Err(ServerInitializeError::ConnectionClosed(_)) => Ok(()),
                Err(e) => Err(e.to_string()),
            }
        })
        .map_err(failure)?;
    Ok(Outcome::success(String::new()))
}

/// The server's state: what every tool call reads.
pub struct Server {
    catalog: Catalog,
    rules: RuleSet,
    tools: Vec<Tool>,
}

// ---------------------------------------------------------------------------
// The tools' arguments. Their JSON Schemas come from these types, and the
// documents' from the file types themselves.

/// Arguments of `recommend`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RecommendArgs {
    /// The requirements document: the keys of a requirements file, as JSON
    /// (the resource `fmselect://schema/requirements` is its schema).
    #[schemars(with = "crate::requirements::Requirements")]
    requirements: Value,
    /// Keep only the first N candidates in the report (default: all).
    #[serde(default)]
    top: Option<usize>,
}

/// Arguments of `compare`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CompareArgs {
    /// The scenario document: the keys of a scenario file, as JSON, with the
    /// requirements inline under `requirements` (the server reads no file
    /// named in a document).
    #[schemars(with = "crate::compare::Scenario")]
    scenario: Value,
}

/// Arguments of `catalog_show`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ShowArgs {
    /// The model id (see `catalog_search`).
    model: String,
}

/// Arguments of `explain_exclusion`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ExplainArgs {
    /// The requirements document, as for `recommend`.
    #[schemars(with = "crate::requirements::Requirements")]
    requirements: Value,
    /// The model id.
    model: String,
}

/// A tool's input schema: the JSON Schema of its arguments type.
fn input_schema<T: JsonSchema>() -> Arc<JsonObject> {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut object = match serde_json::to_value(schema) {
        Ok(Value::Object(o)) => o,
        _ => JsonObject::new(),
    };
    object.remove("title");
    Arc::new(object)
}

fn tool<T: JsonSchema>(name: &'static str, description: &'static str) -> Tool {
    let mut tool = Tool::new(name, description, input_schema::<T>());
    tool.annotations = Some(ToolAnnotations::new().read_only(true).open_world(false));
    tool
}

fn tools() -> Vec<Tool> {
    vec![
        tool::<RecommendArgs>(
            "recommend",
            "Rank the catalog's models for a requirements document and advise how to deploy \
             (buy an API, build on open weights, or blend) and adapt them. Returns the JSON report \
             of `fmselect recommend --format json` and a short summary.",
        ),
        tool::<CompareArgs>(
            "compare",
            "Compare explicit quoted options (a scenario document) over the horizon: cost of \
             ownership, break-even months, which option meets the constraints. Returns the JSON \
             report of `fmselect compare --format json`.",
        ),
        tool::<Filters>(
            "catalog_search",
            "List the catalog's models that pass the filters of `fmselect catalog list` \
             (every filter optional). Returns the models with every fact.",
        ),
        tool::<ShowArgs>(
            "catalog_show",
            "One model of the catalog: every fact, its offerings and where each fact came from.",
        ),
        tool::<ExplainArgs>(
            "explain_exclusion",
            "Why a named model is excluded by the hard constraints of a requirements document \
             (or its rank, if it is not excluded).",
        ),
    ]
}

// ---------------------------------------------------------------------------
// Documents: arguments become sources for the library's loaders, and the
// loaders' positions become paths.

/// A JSON value as a source named `name`, refused past the size limit.
fn json_source(name: &str, value: &Value) -> Result<Source, Diagnostics> {
    let size = serde_json::to_vec(value).map_or(0, |v| v.len());
    if size > MAX_ARGUMENTS_BYTES {
        return Err(Diagnostics::single(
            Diagnostic::error(
                "file-too-large",
                name,
                format!("the document is too large ({size} bytes); the limit is {MAX_ARGUMENTS_BYTES} bytes"),
            )
            .help("a requirements document or scenario is a few kilobytes: send only its keys"),
        ));
    }
    // Pretty-printed, every key and value starts at its own position, so
    // each diagnostic's position names one path.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    Ok(Source {
        name: name.to_owned(),
        text,
        format: crate::source::Format::Json,
    })
}

/// Readdresses the diagnostics about `source` by their path in the
/// arguments, under `prefix` (the argument that holds the document).
fn relocate(diags: Vec<Diagnostic>, source: &Source, prefix: &str) -> Vec<Diagnostic> {
    let tree = crate::load::tree(source).ok();
    diags
        .into_iter()
        .map(|mut d| {
            if d.file != source.name {
                return d;
            }
            let path = match (&tree, d.pos) {
                (Some(tree), Some(pos)) => tree.path_at(pos),
                _ => Vec::new(),
            };
            d.file = location(prefix, &path);
            d.pos = None;
            d.line_text = None;
            d.line_cropped = 0;
            d
        })
        .collect()
}

/// `prefix.path`, the arguments' root shown as `arguments`.
fn location(prefix: &str, path: &[Seg]) -> String {
    let rest = path_to_string(path);
    match (prefix, rest.as_str()) {
        ("", "") => "arguments".to_owned(),
        ("", rest) => rest.to_owned(),
        (prefix, "") => prefix.to_owned(),
        (prefix, rest) if rest.starts_with('[') => format!("{prefix}{rest}"),
        (prefix, rest) => format!("{prefix}.{rest}"),
    }
}

/// Parses a tool's arguments into `T`, as a file would be parsed.
fn arguments<T: DeserializeOwned>(args: &Value) -> Result<T, Diagnostics> {
    let source = json_source("arguments", args)?;
    crate::load::parse(&source).map_err(|d| Diagnostics(relocate(d.0, &source, "")))
}

/// A requirements document, loaded and checked as a requirements file.
fn requirements(
    value: &Value,
) -> Result<(crate::requirements::Requirements, Vec<Diagnostic>, Source), Diagnostics> {
    let source = json_source("requirements", value)?;
    match crate::requirements::load(&source) {
        Ok((req, warnings)) => Ok((req, warnings, source)),
        Err(d) => Err(Diagnostics(relocate(d.0, &source, "requirements"))),
    }
}

// ---------------------------------------------------------------------------
// The tools.

/// What a tool returns: its text for people, its JSON for programs, and
/// the warnings met on the way.
struct Answer {
    text: String,
    json: String,
    warnings: Vec<Diagnostic>,
}

impl Server {
    /// Loads the catalog and rules as the CLI does.
    pub fn load(opts: &McpOptions) -> Result<Server, Diagnostics> {
        let catalog = Catalog::load(&opts.catalogs);
        let rules = RuleSet::load(opts.rules.as_deref());
        match (catalog, rules) {
            (Ok(catalog), Ok(rules)) => Ok(Server {
                catalog,
                rules,
                tools: tools(),
            }),
            (Err(mut a), Err(b)) => {
                a.0.extend(b.0);
                Err(a)
            }
            (Err(d), _) | (_, Err(d)) => Err(d),
        }
    }

    /// Runs a tool; `None` for a tool this server does not have.
    pub fn call(&self, name: &str, args: Value) -> Option<CallToolResult> {
        let run = || -> Option<Result<Answer, Diagnostics>> {
            Some(match name {
                "recommend" => self.recommend(&args),
                "compare" => self.compare(&args),
                "catalog_search" => self.catalog_search(&args),
                "catalog_show" => self.catalog_show(&args),
                "explain_exclusion" => self.explain_exclusion(&args),
                _ => return None,
            })
        };
        // The library does not panic on any input (tests/mutations.rs); if
        // it ever did, this request fails and the server goes on.
        let outcome = catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| {
            Some(Err(Diagnostics::single(
                Diagnostic::error(
                    "invalid-value",
                    "arguments",
                    format!("fmselect failed on this `{name}` call (a bug)"),
                )
                .help("please report it with the arguments; the server keeps serving"),
            )))
        })?;
        Some(match outcome {
            Ok(answer) => success(answer),
            Err(d) => failure(d.0),
        })
    }

    fn recommend(&self, args: &Value) -> Result<Answer, Diagnostics> {
        let a: RecommendArgs = arguments(args)?;
        let (rec, warnings) = self.run_recommend(&a.requirements, a.top)?;
        let json = crate::report::reporter(Format::Json).render(&rec, &RenderOptions::default());
        Ok(Answer {
            text: recommend_summary(&rec),
            json,
            warnings,
        })
    }

    /// The recommend pipeline on a requirements document, with the
    /// warnings about the inputs.
    fn run_recommend(
        &self,
        document: &Value,
        top: Option<usize>,
    ) -> Result<(Report, Vec<Diagnostic>), Diagnostics> {
        let (req, mut warnings, source) = requirements(document)?;
        let (report, more) = crate::recommend::recommend_loaded(
            &self.catalog,
            &self.rules,
            req,
            &source.name,
            top,
            None,
        )
        .map_err(|d| Diagnostics(relocate(d.0, &source, "requirements")))?;
        warnings.extend(more);
        Ok((report, relocate(warnings, &source, "requirements")))
    }

    fn compare(&self, args: &Value) -> Result<Answer, Diagnostics> {
        let a: CompareArgs = arguments(args)?;
        let source = json_source("scenario", &a.scenario)?;
        let at_scenario = |d: Diagnostics| Diagnostics(relocate(d.0, &source, "scenario"));
        if a.scenario.get("requirements_file").is_some() {
            return Err(Diagnostics::single(
                Diagnostic::error(
                    "invalid-value",
                    "scenario.requirements_file",
                    "the MCP server reads no file named in a document",
                )
                .help("put the requirements inline, under `requirements`"),
            ));
        }
        let (scenario, req, warnings) =
            crate::compare::load_scenario(&source, std::path::Path::new(""))
                .map_err(at_scenario)?;
        let report = crate::compare::analyse(&scenario, req);
        let json =
            crate::report::scenario::render(&report, Format::Json, &RenderOptions::default());
        let text = match &report.recommended {
            Some(r) => {
                let option = report.options.iter().find(|o| o.id == r.id);
                format!(
                    "Recommended: {} ({}), {} over {} months.\n{}\n",
                    sanitize(&r.id),
                    option.map_or("?", |o| o.strategy.as_str()),
                    option.map_or_else(|| "unknown".to_owned(), |o| fmt_usd(o.tco_usd)),
                    report.horizon_months,
                    r.reasons
                        .iter()
                        .map(|s| format!("- {}", sanitize(s)))
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            }
            None => {
                "No option meets the constraints; each option's `violations` say why.\n".to_owned()
            }
        };
        Ok(Answer {
            text,
            json,
            warnings: relocate(warnings, &source, "scenario"),
        })
    }

    fn catalog_search(&self, args: &Value) -> Result<Answer, Diagnostics> {
        let filters: Filters = arguments(args)?;
        let render = RenderOptions::default();
        let json = crate::browse::list_in(&self.catalog, &filters, Format::Json, &render);
        // The ids as the text (the table of `catalog list` would double a
        // large answer); every fact is in the JSON.
        let listed: Value = serde_json::from_str(&json).unwrap_or_default();
        let ids: Vec<String> = listed["models"]
            .as_array()
            .map(|ms| {
                ms.iter()
                    .filter_map(|m| m["id"].as_str())
                    .map(|id| sanitize(id).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let text = format!(
            "{} of {} models match ({}, as of {}): {}\n",
            ids.len(),
            self.catalog.models.len(),
            sanitize(&self.catalog.sources.join(", ")),
            self.catalog.as_of.as_deref().unwrap_or("an unknown date"),
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            }
        );
        Ok(Answer {
            text,
            json,
            warnings: Vec::new(),
        })
    }

    fn catalog_show(&self, args: &Value) -> Result<Answer, Diagnostics> {
        let a: ShowArgs = arguments(args)?;
        let render = RenderOptions::default();
        let at_model = |d: Diagnostics| Diagnostics(d.0.into_iter().map(at("model")).collect());
        let json = crate::browse::show_in(&self.catalog, &a.model, Format::Json, &render)
            .map_err(at_model)?;
        let text = crate::browse::show_in(&self.catalog, &a.model, Format::Table, &render)
            .map_err(at_model)?;
        Ok(Answer {
            text,
            json,
            warnings: Vec::new(),
        })
    }

    fn explain_exclusion(&self, args: &Value) -> Result<Answer, Diagnostics> {
        let a: ExplainArgs = arguments(args)?;
        let Some(model) = self.catalog.model(&a.model) else {
            let d = crate::browse::unknown_model(&self.catalog, &a.model);
            return Err(Diagnostics::single(at("model")(d)));
        };
        let (report, warnings) = self.run_recommend(&a.requirements, None)?;
        let id = sanitize(&model.id);
        let name = sanitize(&model.name);
        let (text, value) = if let Some(x) = report.excluded.iter().find(|x| x.id == model.id) {
            let reasons: Vec<String> = x
                .reasons
                .iter()
                .map(|r| format!("- {}", sanitize(r)))
                .collect();
            (
                format!(
                    "{name} ({id}) is excluded by the hard constraints:\n{}\n",
                    reasons.join("\n")
                ),
                json!({"model": x.id, "excluded": true, "reasons": x.reasons}),
            )
        } else if let Some(c) = report.candidates.iter().find(|c| c.id == model.id) {
            (
                format!(
                    "{name} ({id}) is not excluded: it meets every hard constraint and ranks #{} of {} \
                     (score {:.3}, best deployment {}).\n",
                    c.rank, report.candidates_total, c.score, c.deployment
                ),
                json!({"model": c.id, "excluded": false, "rank": c.rank, "candidate": c}),
            )
        } else {
            // Screened but outside the report: cannot happen without `top`.
            (
                format!("{name} ({id}) is not excluded by the hard constraints.\n"),
                json!({"model": model.id, "excluded": false}),
            )
        };
        Ok(Answer {
            text,
            json: crate::report::json::to_json(&value),
            warnings,
        })
    }

    fn resources(&self) -> Vec<Resource> {
        vec![
            Resource::new(CATALOG_URI, "catalog")
                .with_title("The catalog: its as_of date and models")
                .with_description(format!(
                    "The catalog this server advises from ({}), as of {}: every model's id, name and provider.",
                    self.catalog.sources.join(", "),
                    self.catalog.as_of.as_deref().unwrap_or("an unknown date")
                ))
                .with_mime_type("application/json"),
            Resource::new(REQUIREMENTS_SCHEMA_URI, "requirements-schema")
                .with_title("JSON Schema of a requirements document")
                .with_description("The schema of the `requirements` argument (`fmselect schema requirements`).")
                .with_mime_type("application/schema+json"),
            Resource::new(SCENARIO_SCHEMA_URI, "scenario-schema")
                .with_title("JSON Schema of a scenario document")
                .with_description("The schema of the `scenario` argument of `compare` (`fmselect schema scenario`).")
                .with_mime_type("application/schema+json"),
        ]
    }

    /// The text of a resource, or `None` for a URI this server does not have.
    pub fn resource(&self, uri: &str) -> Option<String> {
        use crate::schema::{Document, schema};
        Some(match uri {
            CATALOG_URI => crate::report::json::to_json(&json!({
                "sources": self.catalog.sources,
                "as_of": self.catalog.as_of,
                "models": self.catalog.models.iter().map(|m| json!({
                    "id": m.id, "name": m.name, "provider": m.provider,
                })).collect::<Vec<_>>(),
            })),
            REQUIREMENTS_SCHEMA_URI => schema(Document::Requirements),
            SCENARIO_SCHEMA_URI => schema(Document::Scenario),
            _ => return None,
        })
    }
}

const CATALOG_URI: &str = "fmselect://catalog";
const REQUIREMENTS_SCHEMA_URI: &str = "fmselect://schema/requirements";
const SCENARIO_SCHEMA_URI: &str = "fmselect://schema/scenario";

/// Readdresses a diagnostic to the argument `name`.
fn at(name: &'static str) -> impl Fn(Diagnostic) -> Diagnostic {
    move |mut d| {
        d.file = name.to_owned();
        d.pos = None;
        d.line_text = None;
        d
    }
}

/// The short text beside the JSON report.
fn recommend_summary(r: &Report) -> String {
    let mut out = String::new();
    let usd = |v: Option<f64>| v.map_or_else(|| "unknown".to_owned(), fmt_usd);
    match &r.strategy {
        Some(s) => {
            out.push_str(&format!(
                "Strategy: {} — {} a month, {} setup, {} over {} months (estimates; the report gives each basis).\n",
                s.kind.as_str(),
                usd(s.monthly_cost_usd),
                usd(s.setup_cost_usd),
                usd(s.tco_usd),
                s.horizon_months
            ));
            for route in &s.routes {
                out.push_str(&format!(
                    "  {} ({:.0}% of requests): {} ({}), {} a month\n",
                    route.traffic,
                    route.share * 100.0,
                    sanitize(&route.model_name),
                    route.deployment,
                    usd(route.monthly_cost_usd)
                ));
            }
        }
        None => out.push_str("No strategy: nothing satisfies the hard constraints.\n"),
    }
    if !r.candidates.is_empty() {
        out.push_str("Top candidates:\n");
    }
    for c in r.candidates.iter().take(3) {
        out.push_str(&format!(
            "  {}. {} ({}), {}, score {:.3}, {} a month\n",
            c.rank,
            sanitize(&c.name),
            sanitize(&c.id),
            c.deployment,
            c.score,
            usd(c.monthly_cost_usd)
        ));
    }
    out.push_str(&format!(
        "{} candidates; {} models excluded by hard constraints (explain_exclusion says why).\n",
        r.candidates_total,
        r.excluded.len()
    ));
    out
}

/// A tool's success: the summary and the JSON as text, the JSON as
/// structured content too.
fn success(answer: Answer) -> CallToolResult {
    let mut text = answer.text;
    if !answer.warnings.is_empty() {
        text.push_str(&Diagnostics(answer.warnings).to_string());
    }
    let structured = serde_json::from_str(&answer.json).ok();
    let mut result = CallToolResult::success(vec![
        ContentBlock::text(text),
        ContentBlock::text(answer.json),
    ]);
    result.structured_content = structured;
    result
}

/// A tool error: the diagnostics as the CLI prints them, and as data.
fn failure(diags: Vec<Diagnostic>) -> CallToolResult {
    let data: Vec<Value> = diags
        .iter()
        .map(|d| {
            json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "code": d.code,
                "path": d.file,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let mut result =
        CallToolResult::error(vec![ContentBlock::text(Diagnostics(diags).to_string())]);
    result.structured_content = Some(json!({ "diagnostics": data }));
    result
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("fmselect", env!("CARGO_PKG_VERSION"))
                .with_title("fmselect: which foundation model, deployed how"),
        )
        .with_instructions(
            "Call `recommend` with a requirements document (the resource \
             fmselect://schema/requirements is its schema) to rank models and get buy/build/blend \
             advice; `explain_exclusion` says why a model was ruled out; `catalog_search` and \
             `catalog_show` browse the catalog; `compare` weighs explicit quotes.",
        )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let args = Value::Object(request.arguments.unwrap_or_default());
        match self.call(&request.name, args) {
            Some(result) => Ok(result.into()),
            None => Err(ErrorData::invalid_params(
                format!(
                    "no tool `{}`; the tools are recommend, compare, catalog_search, catalog_show, explain_exclusion",
                    sanitize(&request.name)
                ),
                None,
            )),
        }
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(self.resources()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let Some(text) = self.resource(&request.uri) else {
            return Err(ErrorData::resource_not_found(
                format!("no resource `{}`", sanitize(&request.uri)),
                None,
            ));
        };
        let mime = if request.uri == CATALOG_URI {
            "application/json"
        } else {
            "application/schema+json"
        };
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(text, request.uri).with_mime_type(mime),
        ])
        .into())
    }
}

#[cfg(test)]
mod tests;
