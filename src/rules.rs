//! Step 2 of the framework: the rules engine (SPEC §4).
//!
//! Rules are data (`catalog/rules.yaml`, replaceable or extendable with
//! `--rules`). Each rule has a CEL `when` condition over `req` (the normalised
//! requirements); when it fires it activates a model `category` (whose
//! `members` are defined by a CEL condition over `model`), boosts members'
//! scores, adds hard `require` constraints, and explains itself in the report.
//! The same file says how benchmarks blend into a quality score per task type
//! and holds the scoring tables, so that policy stays out of the code.
//!
//! In CEL, every number of `req` and `model` is a double (write `4.0`, not
//! `4`, in arithmetic; comparisons mix freely), unknown facts are `null`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::{Context, Env, Program};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{Model, OfferingKind};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::Check;
use crate::node::Seg;
use crate::requirements::Requirements;
use crate::source::Source as SourceFile;

mod budget;
use crate::source::Source;

/// The default rules, compiled into the binary.
pub const DEFAULT_RULES: &str = include_str!("../catalog/rules.yaml");

/// [`DEFAULT_RULES`] as JSON, converted by `build.rs` (empty if that failed):
/// it parses ten times faster, and a test checks it matches the YAML.
const DEFAULT_RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));

/// A rules file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    #[serde(default = "one")]
    pub schema_version: u32,
    /// `extend` (default) adds to the default rules, replacing rules with the
    /// same id and overlaying `quality` and `scoring`; `replace` uses only
    /// this file's rules.
    #[serde(default)]
    pub mode: Mode,
    /// How benchmark metrics blend into quality, per task type (`default` for
    /// types not listed): metric id → relative weight.
    #[serde(default)]
    pub quality: BTreeMap<String, BTreeMap<String, f64>>,
    #[serde(default)]
    pub scoring: Option<Scoring>,
    /// Region groups for residency: an allowed region also accepts these
    /// offering regions (e.g. `apac: [au, jp]`).
    #[serde(default)]
    pub region_groups: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    #[default]
    Extend,
    Replace,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// kebab-case, unique.
    pub id: String,
    /// CEL over `req`; the rule fires when it is true. Default: always.
    #[serde(default = "always")]
    pub when: String,
    /// The category the rule activates (shown in the report's `categories`).
    #[serde(default)]
    pub category: Option<String>,
    /// The approach the category stands for (the seed's Step-2 column).
    #[serde(default)]
    pub approach: Option<String>,
    /// CEL over `req` and `model`: which models belong to the category.
    #[serde(default)]
    pub members: Option<String>,
    /// Added to the score (0..1) of members when the rule fires.
    #[serde(default)]
    pub boost: f64,
    /// Hard constraints added when the rule fires.
    #[serde(default)]
    pub require: Vec<Constraint>,
    /// Why the rule exists, shown in the report.
    pub explain: String,
}

fn always() -> String {
    "true".to_owned()
}

/// A hard constraint: a model failing `expr` is excluded with `reason`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// CEL over `req` and `model`, true when the model is acceptable.
    pub expr: String,
    pub reason: String,
}

/// Scoring tables (all values 0..1 unless stated).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Privacy fit of a deployment kind for each data sensitivity.
    #[serde(default)]
    pub privacy: BTreeMap<String, BTreeMap<String, f64>>,
    /// Lock-in score: `open`, `closed-multi-cloud` (closed but sold by two or
    /// more clouds), `closed`.
    #[serde(default)]
    pub lock_in: BTreeMap<String, f64>,
    /// Latency targets per latency class.
    #[serde(default)]
    pub latency: BTreeMap<String, LatencyTarget>,
    /// Minimum relative quality (0..1) a model needs to count as good enough
    /// for each accuracy level.
    #[serde(default)]
    pub good_enough_quality: BTreeMap<String, f64>,
    /// Prompts above this many tokens are flagged when a host does not state
    /// its own context limit and the model's window is assumed.
    #[serde(default)]
    pub unverified_host_context_above_tokens: Option<f64>,
    /// How benchmark evidence ages (see [`QualityEvidence`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_evidence: Option<QualityEvidence>,
}

/// How benchmark evidence ages. A metric whose snapshot (`as_of` in its
/// definition) is more than `stale_after_days` older than the catalog's
/// `as_of` is flagged in the report and counts `stale_weight` times its task
/// weight. Measured against the catalog's date, not today's, so the same
/// catalog always gives the same answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualityEvidence {
    pub stale_after_days: u32,
    /// 0..1.
    pub stale_weight: f64,
}

impl Default for QualityEvidence {
    /// SPEC §3's 180-day staleness limit; a stale metric counts half.
    fn default() -> QualityEvidence {
        QualityEvidence {
            stale_after_days: 180,
            stale_weight: 0.5,
        }
    }
}

/// What "fast enough" means for a latency class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LatencyTarget {
    pub ttft_ms: f64,
    pub output_tps: f64,
}

/// The effective rules: the defaults, extended or replaced, compiled.
pub struct RuleSet {
    pub quality: BTreeMap<String, BTreeMap<String, f64>>,
    pub region_groups: BTreeMap<String, Vec<String>>,
    pub scoring: Scoring,
    pub rules: Vec<CompiledRule>,
    /// Where the rules came from (`embedded`, a path).
    pub sources: Vec<String>,
}

pub struct CompiledRule {
    pub rule: Rule,
    when: Program,
    /// The file the rule came from and its index in that file's `rules`,
    /// to locate a problem found while evaluating it.
    origin: Arc<SourceFile>,
    index: usize,
    /// `members` and `require`, compiled when the rule first fires (`None`
    /// if they do not compile): CEL compiles slowly, most rules do not fire
    /// for a given requirements file, and every run starts here.
    effects: std::sync::OnceLock<Option<Effects>>,
}

/// The compiled `members` and `require` of a rule.
struct Effects {
    members: Option<Program>,
    require: Vec<Program>,
}

impl CompiledRule {
    fn effects(&self) -> Option<&Effects> {
        self.effects
            .get_or_init(|| {
                Some(Effects {
                    members: self
                        .rule
                        .members
                        .as_deref()
                        .map(Program::compile)
                        .transpose()
                        .ok()?,
                    require: self
                        .rule
                        .require
                        .iter()
                        .map(|c| Program::compile(&c.expr))
                        .collect::<Result<_, _>>()
                        .ok()?,
                })
            })
            .as_ref()
    }
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field(
                "rules",
                &self.rules.iter().map(|r| &r.rule.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl RuleSet {
    /// The default rules, extended or replaced by `path` when given.
    pub fn load(path: Option<&str>) -> Result<RuleSet, Diagnostics> {
        let (defaults, default_source) = default_rules()?;
        let Some(path) = path else {
            return Ok(RuleSet::build(
                vec![(defaults, default_source)],
                vec!["embedded".to_owned()],
            ));
        };
        RuleSet::with_user_rules(defaults, default_source, Source::read(path)?)
    }

    /// The default rules extended or replaced by the rules file `source`
    /// (for `--rules`, and for the fuzz target of the evaluation budget).
    pub fn from_source(source: Source) -> Result<RuleSet, Diagnostics> {
        let (defaults, default_source) = default_rules()?;
        RuleSet::with_user_rules(defaults, default_source, source)
    }

    fn with_user_rules(
        defaults: RulesFile,
        default_source: Source,
        source: Source,
    ) -> Result<RuleSet, Diagnostics> {
        let path = source.name.clone();
        let (user, _) = load_file(&source)?;
        Ok(match user.mode {
            Mode::Extend => RuleSet::build(
                vec![(defaults, default_source), (user, source)],
                vec!["embedded".to_owned(), path.to_owned()],
            ),
            Mode::Replace => {
                // Replace the rules; quality and scoring tables fall back to
                // the defaults where the file does not give them.
                let mut merged = RuleSet::build(vec![(defaults, default_source)], Vec::new());
                let own = RuleSet::build(vec![(user, source)], vec![path.to_owned()]);
                merged.rules = own.rules;
                merged.quality.extend(own.quality);
                merged.region_groups.extend(own.region_groups);
                merged.scoring.overlay(own.scoring);
                merged.sources = own.sources;
                merged
            }
        })
    }

    fn build(files: Vec<(RulesFile, Source)>, sources: Vec<String>) -> RuleSet {
        let mut quality = BTreeMap::new();
        let mut region_groups = BTreeMap::new();
        let mut scoring = Scoring::default();
        let mut rules: Vec<CompiledRule> = Vec::new();
        for (file, source) in files {
            let source = Arc::new(source);
            quality.extend(file.quality);
            region_groups.extend(file.region_groups);
            if let Some(s) = file.scoring {
                scoring.overlay(s);
            }
            for (index, rule) in file.rules.into_iter().enumerate() {
                // Already checked to compile by `load_file`.
                let Ok(compiled) = compile_rule(&rule, &source, index) else {
                    continue;
                };
                match rules.iter_mut().find(|r| r.rule.id == rule.id) {
                    Some(slot) => *slot = compiled,
                    None => rules.push(compiled),
                }
            }
        }
        RuleSet {
            quality,
            region_groups,
            scoring,
            rules,
            sources,
        }
    }

    /// The quality blend for a task type.
    pub fn quality_weights(&self, task: &str) -> Option<&BTreeMap<String, f64>> {
        self.quality
            .get(task)
            .or_else(|| self.quality.get("default"))
    }
}

impl Scoring {
    fn overlay(&mut self, other: Scoring) {
        for (k, v) in other.privacy {
            self.privacy.entry(k).or_default().extend(v);
        }
        self.lock_in.extend(other.lock_in);
        self.latency.extend(other.latency);
        self.good_enough_quality.extend(other.good_enough_quality);
        if other.unverified_host_context_above_tokens.is_some() {
            self.unverified_host_context_above_tokens = other.unverified_host_context_above_tokens;
        }
        if other.quality_evidence.is_some() {
            self.quality_evidence = other.quality_evidence;
        }
    }
}

/// The embedded rules and their source. They are checked by tests: read
/// their JSON twin, or the YAML with every check if that does not parse.
fn default_rules() -> Result<(RulesFile, Source), Diagnostics> {
    let source = Source::from_text("catalog/rules.yaml", DEFAULT_RULES);
    let file = match serde_json::from_str::<RulesFile>(DEFAULT_RULES_JSON) {
        Ok(file) => file,
        Err(_) => load_file(&source)?.0,
    };
    Ok((file, source))
}

/// Compiles a rule's `when`; its effects are compiled when it fires.
fn compile_rule(
    rule: &Rule,
    origin: &Arc<SourceFile>,
    index: usize,
) -> Result<CompiledRule, cel::ParseErrors> {
    Ok(CompiledRule {
        rule: rule.clone(),
        when: Program::compile(&rule.when)?,
        origin: Arc::clone(origin),
        index,
        effects: std::sync::OnceLock::new(),
    })
}

impl CompiledRule {
    /// A problem met while evaluating the rule, located at `field` of the
    /// rule in its file (`when`, `members`, `require[0].expr`).
    fn problem(
        &self,
        code: &'static str,
        field: &[Seg],
        message: String,
        help: String,
    ) -> Diagnostic {
        let mut path = vec![Seg::from("rules"), Seg::Index(self.index)];
        path.extend(field.iter().cloned());
        let problem = crate::load::Problem {
            severity: crate::diag::Severity::Error,
            code,
            path,
            message,
            help: Some(help),
            at_key: false,
        };
        crate::load::locate(&self.origin, vec![problem])
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(code, &self.origin.name, "rule problem"))
    }

    /// The budget check of `program` (at `field`) against `vars`: the
    /// error if it is past the budget.
    fn over_budget(
        &self,
        program: &Program,
        field: &[Seg],
        vars: &[(&str, &serde_json::Value)],
    ) -> Option<Diagnostic> {
        let cost = budget::estimate(program.expression(), vars);
        cost.over_budget().map(|why| {
            self.problem(
                "rule-too-expensive",
                field,
                format!(
                    "rule `{}` is too expensive to evaluate: {why}",
                    self.rule.id
                ),
                "nested comprehensions (`map`, `filter`, `all`, `exists`) multiply their cost: \
                 iterate once, or split the condition into several `require` entries"
                    .to_owned(),
            )
        })
    }
}

/// Parses and checks a rules file: ids, ranges, and every CEL expression
/// compiled and checked for unknown variables and fields.
pub fn load_file(source: &Source) -> Result<(RulesFile, Vec<Diagnostic>), Diagnostics> {
    crate::load::load(source, check_file)
}

fn check_file(file: &RulesFile, c: &mut Check) {
    c.schema_version(file.schema_version);
    let schema = FieldSchema::new();
    for (task, weights) in &file.quality {
        c.at("quality", |c| {
            c.at_key(task.clone(), |c| {
                let tasks: Vec<&str> = std::iter::once("default")
                    .chain(crate::requirements::TaskType::names())
                    .collect();
                if !tasks.contains(&task.as_str()) {
                    let help = did_you_mean(task, tasks.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("expected one of: {}", tasks.join(", ")));
                    c.error(
                        "unknown-key",
                        format!("unknown task type `{task}`"),
                        Some(help),
                    );
                }
                for (metric, w) in weights {
                    let w = *w;
                    c.at_key(metric.clone(), |c| {
                        let name = c.here();
                        if !w.is_finite() || w < 0.0 {
                            c.error(
                                "out-of-range",
                                format!("weight `{name}` must be a number ≥ 0"),
                                None,
                            );
                        }
                    });
                }
            })
        });
    }
    if let Some(s) = &file.scoring {
        c.at("scoring", |c| {
            for (sens, table) in &s.privacy {
                c.at("privacy", |c| {
                    c.at_key(sens.clone(), |c| {
                        for (kind, v) in table {
                            c.at_key(kind.clone(), |c| {
                                let name = c.here();
                                if !(0.0..=1.0).contains(v) {
                                    c.error(
                                        "out-of-range",
                                        format!("`{name}` must be from 0 to 1"),
                                        None,
                                    );
                                }
                            });
                        }
                    })
                });
            }
            if let Some(e) = &s.quality_evidence {
                c.at("quality_evidence", |c| {
                    c.at("stale_weight", |c| {
                        if !(0.0..=1.0).contains(&e.stale_weight) {
                            let name = c.here();
                            c.error(
                                "out-of-range",
                                format!("`{name}` must be from 0 to 1"),
                                None,
                            );
                        }
                    })
                });
            }
        });
    }
    let mut seen = BTreeSet::new();
    for (i, rule) in file.rules.iter().enumerate() {
        c.at("rules", |c| {
            c.at(i, |c| {
                if !crate::catalog::check::is_kebab_id(&rule.id) {
                    c.at("id", |c| {
                        c.error(
                            "invalid-value",
                            format!("rule id `{}` is not kebab-case", rule.id),
                            None,
                        )
                    });
                }
                if !seen.insert(rule.id.clone()) {
                    c.at("id", |c| {
                        c.error(
                            "duplicate-id",
                            format!("rule `{}` is defined twice", rule.id),
                            None,
                        )
                    });
                }
                if !rule.boost.is_finite() || !(0.0..=1.0).contains(&rule.boost) {
                    c.at("boost", |c| {
                        c.error(
                            "out-of-range",
                            format!("boost {} must be from 0 to 1", rule.boost),
                            None,
                        )
                    });
                }
                if rule.members.is_none() && rule.boost > 0.0 {
                    c.at("boost", |c| {
                        c.error(
                            "invalid-value",
                            "a boost needs `members` to say which models it applies to",
                            None,
                        )
                    });
                }
                c.at("when", |c| check_expr(c, &rule.when, &schema, false));
                if let Some(m) = &rule.members {
                    c.at("members", |c| check_expr(c, m, &schema, true));
                }
                for (j, r) in rule.require.iter().enumerate() {
                    c.at("require", |c| {
                        c.at(j, |c| {
                            c.at("expr", |c| check_expr(c, &r.expr, &schema, true))
                        })
                    });
                }
            })
        });
    }
}

/// Compiles `expr` and checks its variables and fields against the shapes of
/// `req` and `model`.
fn check_expr(c: &mut Check, expr: &str, schema: &FieldSchema, model_allowed: bool) {
    if let Err(message) = cel_within_limits(expr) {
        c.error(
            "input-limit",
            message,
            Some("split the condition into several rules or `require` entries".to_owned()),
        );
        return;
    }
    let program = match Program::compile(expr) {
        Ok(p) => p,
        Err(e) => {
            let text = e.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("syntax error")
                .replace("ERROR: <input>:", "at ");
            c.error(
                "cel-syntax",
                format!("the CEL expression does not compile: {first}"),
                Some(format!("expression: {expr}")),
            );
            return;
        }
    };
    let mut problems = Vec::new();
    let mut bound = Vec::new();
    walk(
        program.expression(),
        schema,
        model_allowed,
        &mut bound,
        &mut problems,
    );
    problems.sort();
    problems.dedup();
    for (code, message, help) in problems {
        c.error(code, message, Some(help));
    }
}

/// Limits on one CEL expression. The CEL parser and interpreter recurse once
/// per nesting level and per chained operator; past a few hundred levels
/// they overflow the stack (an abort, not an error), so hostile rules files
/// are refused before compiling. Real rules nest a few levels and chain a
/// dozen operators.
const CEL_MAX_BYTES: usize = 4096;
const CEL_MAX_NESTING: usize = 32;
const CEL_MAX_OPERATORS: usize = 100;

/// Checks the size of `expr` without parsing it: its length, its bracket
/// nesting and its count of operators (each can add a level to the tree).
/// Text inside string literals is skipped.
fn cel_within_limits(expr: &str) -> Result<(), String> {
    if expr.len() > CEL_MAX_BYTES {
        return Err(format!(
            "the CEL expression is {} bytes long; the limit is {CEL_MAX_BYTES}",
            expr.len()
        ));
    }
    let (mut depth, mut max_depth, mut operators) = (0usize, 0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == '\\' {
                chars.next();
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                max_depth = max_depth.max(depth);
                operators += 1;
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '.' if !prev.is_ascii_digit() => operators += 1,
            '+' | '-' | '*' | '/' | '%' | '?' | '<' | '>' | '!' => operators += 1,
            '&' | '|' | '=' if prev != c => operators += 1,
            _ => {}
        }
        prev = c;
    }
    if max_depth > CEL_MAX_NESTING {
        return Err(format!(
            "the CEL expression nests {max_depth} brackets deep; the limit is {CEL_MAX_NESTING}"
        ));
    }
    if operators > CEL_MAX_OPERATORS {
        return Err(format!(
            "the CEL expression has {operators} operators; the limit is {CEL_MAX_OPERATORS}"
        ));
    }
    Ok(())
}

type ExprProblem = (&'static str, String, String);

fn walk(
    e: &IdedExpr,
    schema: &FieldSchema,
    model_allowed: bool,
    bound: &mut Vec<String>,
    out: &mut Vec<ExprProblem>,
) {
    match &e.expr {
        Expr::Ident(name) => {
            if bound.contains(name) {
                return;
            }
            let ok = name == "req" || (model_allowed && name == "model");
            if !ok {
                let allowed = if model_allowed {
                    "`req` and `model`"
                } else {
                    "`req` (a `when` condition sees no model)"
                };
                out.push((
                    "cel-unknown-variable",
                    format!("unknown variable `{name}`"),
                    format!("rule expressions may use {allowed}"),
                ));
            }
        }
        Expr::Select(sel) => {
            if let Some(segments) = select_path(e)
                && !bound.contains(&segments[0].to_owned())
                && let Some(problem) = schema.check(&segments)
            {
                out.push(problem);
                return;
            }
            walk(&sel.operand, schema, model_allowed, bound, out);
        }
        // `req["task"]["type"]` names the same field as `req.task.type`.
        Expr::Call(call) if call.func_name == "_[_]" && select_path(e).is_some() => {
            if let Some(segments) = select_path(e)
                && !bound.contains(&segments[0].to_owned())
                && let Some(problem) = schema.check(&segments)
            {
                out.push(problem);
            }
        }
        Expr::Call(call) => {
            if let Some(t) = &call.target {
                walk(t, schema, model_allowed, bound, out);
            }
            for a in &call.args {
                walk(a, schema, model_allowed, bound, out);
            }
        }
        Expr::Comprehension(comp) => {
            walk(&comp.iter_range, schema, model_allowed, bound, out);
            walk(&comp.accu_init, schema, model_allowed, bound, out);
            let before = bound.len();
            bound.push(comp.iter_var.clone());
            if let Some(v) = &comp.iter_var2 {
                bound.push(v.clone());
            }
            bound.push(comp.accu_var.clone());
            walk(&comp.loop_cond, schema, model_allowed, bound, out);
            walk(&comp.loop_step, schema, model_allowed, bound, out);
            walk(&comp.result, schema, model_allowed, bound, out);
            bound.truncate(before);
        }
        Expr::List(list) => {
            for el in &list.elements {
                walk(el, schema, model_allowed, bound, out);
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                if let EntryExpr::MapEntry(me) = &entry.expr {
                    walk(&me.key, schema, model_allowed, bound, out);
                    walk(&me.value, schema, model_allowed, bound, out);
                }
            }
        }
        Expr::Struct(s) => {
            for entry in &s.entries {
                if let EntryExpr::StructField(f) = &entry.expr {
                    walk(&f.value, schema, model_allowed, bound, out);
                }
            }
        }
        Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// `req.task.type` → ["req", "task", "type"] (including `has()` tests).
fn select_path(e: &IdedExpr) -> Option<Vec<&str>> {
    let mut segments = Vec::new();
    let mut expr = &e.expr;
    loop {
        match expr {
            Expr::Ident(name) => {
                segments.push(name.as_str());
                segments.reverse();
                return Some(segments);
            }
            Expr::Select(sel) => {
                segments.push(sel.field.as_str());
                expr = &sel.operand.expr;
            }
            Expr::Call(call) if call.func_name == "_[_]" && call.args.len() == 2 => {
                let Expr::Literal(cel::common::ast::LiteralValue::String(key)) = &call.args[1].expr
                else {
                    return None;
                };
                segments.push(key);
                expr = &call.args[0].expr;
            }
            _ => return None,
        }
    }
}

/// The shapes of `req` and `model`, taken from fully populated sample values
/// so that the check can never drift from what evaluation sees.
struct FieldSchema {
    req: serde_json::Value,
    model: serde_json::Value,
}

impl FieldSchema {
    fn new() -> Self {
        let sample = Requirements::for_scenario();
        let model = Model {
            id: String::new(),
            name: String::new(),
            provider: String::new(),
            family: None,
            released: None,
            deprecated: None,
            weights: None,
            license: None,
            params_b: None,
            context_window: None,
            max_output_tokens: None,
            max_input_tokens: None,
            modalities: Default::default(),
            tier: None,
            benchmarks: BTreeMap::new(),
            benchmarks_ci: BTreeMap::new(),
            speed: Default::default(),
            architecture: None,
            offerings: Vec::new(),
            sources: Vec::new(),
            notes: None,
            capabilities: Default::default(),
            status: None,
        };
        FieldSchema {
            req: req_view(&sample),
            model: model_view(&model),
        }
    }

    /// A problem if `segments` (starting at `req` or `model`) names a field
    /// that does not exist.
    fn check(&self, segments: &[&str]) -> Option<ExprProblem> {
        let mut node = match segments[0] {
            "req" => &self.req,
            "model" => &self.model,
            _ => return None,
        };
        for (i, seg) in segments.iter().enumerate().skip(1) {
            match node {
                serde_json::Value::Object(map) if map.is_empty() => return None, // a free-form map
                serde_json::Value::Object(map) => match map.get(*seg) {
                    Some(next) => node = next,
                    None => {
                        let here = segments[..i].join(".");
                        let help = did_you_mean(seg, map.keys().map(String::as_str))
                            .map(|s| format!("did you mean `{here}.{s}`?"))
                            .unwrap_or_else(|| {
                                format!(
                                    "fields of `{here}`: {}",
                                    map.keys().cloned().collect::<Vec<_>>().join(", ")
                                )
                            });
                        return Some((
                            "cel-unknown-field",
                            format!("unknown field `{}`", segments[..=i].join(".")),
                            help,
                        ));
                    }
                },
                _ => return None,
            }
        }
        None
    }
}

/// `req` as rules see it: the normalised requirements, every key present.
pub fn req_view(req: &Requirements) -> serde_json::Value {
    let mut v = serde_json::to_value(req).unwrap_or_default();
    if let serde_json::Value::Object(map) = &mut v {
        for key in ["name", "description"] {
            map.entry(key).or_insert(serde_json::Value::Null);
        }
        map.remove("assumptions");
        map.remove("evals");
    }
    v
}

/// `model` as rules see it: catalog facts plus derived summaries
/// (`deployments`, `price`, `hosts`, `regions`); every key present, unknown
/// facts null.
pub fn model_view(m: &Model) -> serde_json::Value {
    model_view_of(m, MODEL_FIELDS.iter().copied())
}

/// The top-level fields of [`model_view`], in order.
const MODEL_FIELDS: &[&str] = &[
    "id",
    "name",
    "provider",
    "family",
    "released",
    "deprecated",
    "weights",
    "license",
    "tier",
    "params_b",
    "context_window",
    "max_output_tokens",
    "max_input_tokens",
    "modalities",
    "benchmarks",
    "speed",
    "deployments",
    "price",
    "hosts",
    "regions",
    "capabilities",
    "status",
];

/// [`model_view`] restricted to `fields`: the rules judge every model of a
/// catalog (100k in a large import), so they build only what they read.
fn model_view_of<'a>(m: &Model, fields: impl Iterator<Item = &'a str>) -> serde_json::Value {
    serde_json::Value::Object(
        fields
            .filter_map(|f| Some((f.to_owned(), model_field(m, f)?)))
            .collect(),
    )
}

/// One top-level field of [`model_view`].
fn model_field(m: &Model, field: &str) -> Option<serde_json::Value> {
    use serde_json::json;
    let has = |k: OfferingKind| m.offerings.iter().any(|o| o.kind == k);
    Some(match field {
        "id" => json!(m.id),
        "name" => json!(m.name),
        "provider" => json!(m.provider),
        "family" => json!(m.family),
        "released" => json!(m.released),
        "deprecated" => json!(m.deprecated),
        "weights" => json!(m.weights),
        "license" => json!(m.license),
        "tier" => json!(m.tier),
        "params_b" => {
            let params = m.params_b.unwrap_or_default();
            json!({ "total": params.total, "active": params.active })
        }
        "context_window" => json!(m.context_window),
        "max_output_tokens" => json!(m.max_output_tokens),
        "max_input_tokens" => json!(m.max_input_tokens),
        "modalities" => json!({ "input": m.modalities.input, "output": m.modalities.output }),
        "benchmarks" => json!(m.benchmarks),
        "speed" => json!({ "output_tps": m.speed.output_tps, "ttft_ms": m.speed.ttft_ms }),
        "capabilities" => json!({
            "tool_calling": m.capabilities.tool_calling,
            "structured_output": m.capabilities.structured_output,
            "reasoning": m.capabilities.reasoning,
        }),
        "status" => json!(m.status),
        "deployments" => json!({
            "api": has(OfferingKind::Api),
            "private_cloud": has(OfferingKind::PrivateCloud),
            "self_hosted": has(OfferingKind::SelfHosted),
        }),
        "price" => {
            let api_prices: Vec<(f64, f64)> = m
                .offerings
                .iter()
                .filter(|o| o.kind == OfferingKind::Api)
                .filter_map(|o| Some((o.input_per_mtok?, o.output_per_mtok?)))
                .collect();
            let min = |f: fn(&(f64, f64)) -> f64| api_prices.iter().map(f).min_by(f64::total_cmp);
            json!({
                "input_per_mtok": min(|p| p.0),
                "output_per_mtok": min(|p| p.1),
                // The usual 3:1 input:output blend.
                "blended_per_mtok": min(|p| (3.0 * p.0 + p.1) / 4.0),
            })
        }
        "hosts" => {
            let hosts: BTreeSet<&str> = m
                .offerings
                .iter()
                .filter_map(|o| o.host.as_deref())
                .collect();
            json!(hosts)
        }
        "regions" => {
            let regions: BTreeSet<&str> = m
                .offerings
                .iter()
                .flat_map(|o| o.regions.iter().map(String::as_str))
                .collect();
            json!(regions)
        }
        _ => return None,
    })
}

/// Which top-level fields of `model` some expressions read: `None` when one
/// uses `model` other than as `model.FIELD` (so it needs the whole view).
fn model_fields_read<'e>(exprs: impl Iterator<Item = &'e IdedExpr>) -> Option<BTreeSet<String>> {
    fields_read("model", exprs)
}

/// Which top-level fields of the variable `var` some expressions read:
/// `None` when one uses `var` other than as `var.FIELD`.
fn fields_read<'e>(
    var: &str,
    exprs: impl Iterator<Item = &'e IdedExpr>,
) -> Option<BTreeSet<String>> {
    fn visit(var: &str, e: &IdedExpr, bound: &mut Vec<String>, out: &mut BTreeSet<String>) -> bool {
        let free_var = |e: &IdedExpr, bound: &[String]| matches!(&e.expr, Expr::Ident(n) if n == var && !bound.iter().any(|b| b == n));
        match &e.expr {
            Expr::Ident(_) => !free_var(e, bound),
            Expr::Select(sel) if free_var(&sel.operand, bound) => {
                out.insert(sel.field.clone());
                true
            }
            Expr::Select(sel) => visit(var, &sel.operand, bound, out),
            Expr::Call(call) => {
                call.target.iter().all(|t| visit(var, t, bound, out))
                    && call.args.iter().all(|a| visit(var, a, bound, out))
            }
            Expr::Comprehension(comp) => {
                if !visit(var, &comp.iter_range, bound, out)
                    || !visit(var, &comp.accu_init, bound, out)
                {
                    return false;
                }
                let before = bound.len();
                bound.push(comp.iter_var.clone());
                bound.extend(comp.iter_var2.clone());
                bound.push(comp.accu_var.clone());
                let ok = [&comp.loop_cond, &comp.loop_step, &comp.result]
                    .into_iter()
                    .all(|part| visit(var, part, bound, out));
                bound.truncate(before);
                ok
            }
            Expr::List(list) => list.elements.iter().all(|el| visit(var, el, bound, out)),
            Expr::Map(map) => map.entries.iter().all(|entry| match &entry.expr {
                EntryExpr::MapEntry(me) => {
                    visit(var, &me.key, bound, out) && visit(var, &me.value, bound, out)
                }
                EntryExpr::StructField(f) => visit(var, &f.value, bound, out),
            }),
            Expr::Struct(st) => st.entries.iter().all(|entry| match &entry.expr {
                EntryExpr::MapEntry(me) => {
                    visit(var, &me.key, bound, out) && visit(var, &me.value, bound, out)
                }
                EntryExpr::StructField(f) => visit(var, &f.value, bound, out),
            }),
            Expr::Literal(_) | Expr::Unspecified => true,
        }
    }
    let mut fields = BTreeSet::new();
    for e in exprs {
        if !visit(var, e, &mut Vec::new(), &mut fields) {
            return None;
        }
    }
    Some(fields)
}

/// A JSON value as a CEL value, every number a double.
fn to_cel(v: &serde_json::Value) -> cel::Value {
    match v {
        serde_json::Value::Null => cel::Value::Null,
        serde_json::Value::Bool(b) => cel::Value::Bool(*b),
        serde_json::Value::Number(n) => cel::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => cel::Value::String(Arc::new(s.clone())),
        serde_json::Value::Array(a) => cel::Value::List(Arc::new(a.iter().map(to_cel).collect())),
        serde_json::Value::Object(o) => {
            let map: std::collections::HashMap<String, cel::Value> =
                o.iter().map(|(k, v)| (k.clone(), to_cel(v))).collect();
            cel::Value::Map(map.into())
        }
    }
}

/// Evaluates rules against one set of requirements.
pub struct Evaluator<'r> {
    rules: &'r RuleSet,
    context: Context<'static, 'static>,
    /// `req` as the rules see it, for the evaluation budget.
    req_json: serde_json::Value,
    pub fired: Vec<&'r CompiledRule>,
    /// The compiled effects of each fired rule.
    effects: Vec<&'r Effects>,
    /// The fields of `model` the fired rules read, in [`model_view`]'s order.
    model_fields: Vec<&'static str>,
    /// The top-level fields of `req` that the `when` conditions and the
    /// fired rules' `members` and `require` read (`None`: all of it).
    req_fields: Option<BTreeSet<String>>,
}

/// How one model fares against the fired rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelVerdict {
    /// Categories (ids) the model belongs to.
    pub categories: Vec<String>,
    /// Total boost and its reasons.
    pub boost: f64,
    pub boost_reasons: Vec<String>,
    /// Reasons of failed hard constraints (empty = acceptable).
    pub violations: Vec<String>,
    /// Evaluation errors, as warnings.
    pub errors: Vec<String>,
    /// A rule that must not be evaluated at all (`rule-too-expensive`): it
    /// stops the command.
    pub fatal: Option<Diagnostic>,
}

impl<'r> Evaluator<'r> {
    /// Evaluates every rule's `when` against `req`.
    pub fn new(rules: &'r RuleSet, req: &Requirements) -> Result<Evaluator<'r>, Diagnostics> {
        // The standard library is the same for every evaluator (the levers
        // build one per decision they run again).
        static STDLIB: std::sync::OnceLock<Arc<Env>> = std::sync::OnceLock::new();
        let mut context =
            Context::with_env(Arc::clone(STDLIB.get_or_init(|| Arc::new(Env::stdlib()))));
        let req_json = req_view(req);
        context.add_variable_from_value("req", to_cel(&req_json));
        let mut fired = Vec::new();
        let mut errors = Vec::new();
        let when: &[Seg] = &[Seg::from("when")];
        for rule in &rules.rules {
            if let Some(d) = rule.over_budget(&rule.when, when, &[("req", &req_json)]) {
                errors.push(d);
                continue;
            }
            match rule.when.execute(&context) {
                // (Effects that do not compile were refused by the checks;
                // such a rule is skipped, as it was before it fired.)
                Ok(cel::Value::Bool(true)) => {
                    if let Some(effects) = rule.effects() {
                        fired.push((rule, effects));
                    }
                }
                Ok(cel::Value::Bool(false)) => {}
                Ok(other) => errors.push(rule.problem(
                    "cel-not-bool",
                    when,
                    format!(
                        "rule `{}`: `when` evaluated to {}, not true or false",
                        rule.rule.id,
                        describe_value(&other)
                    ),
                    "a `when` condition must be a comparison or a test, e.g. `req.task.type == 'chat'`"
                        .to_owned(),
                )),
                Err(e) => errors.push(rule.problem(
                    "cel-eval",
                    when,
                    format!("rule `{}`: `when` failed: {}", rule.rule.id, cel_words(&e.to_string())),
                    "check the types the expression compares (`fmselect schema requirements` lists them)"
                        .to_owned(),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        let programs = || {
            fired
                .iter()
                .flat_map(|(_, e)| e.members.iter().chain(&e.require))
                .map(Program::expression)
        };
        let req_fields = fields_read(
            "req",
            rules
                .rules
                .iter()
                .map(|r| r.when.expression())
                .chain(programs()),
        );
        let model_fields = match model_fields_read(programs()) {
            Some(read) => MODEL_FIELDS
                .iter()
                .copied()
                .filter(|f| read.contains(*f))
                .collect(),
            None => MODEL_FIELDS.to_vec(),
        };
        Ok(Evaluator {
            rules,
            context,
            req_json,
            fired: fired.iter().map(|(rule, _)| *rule).collect(),
            effects: fired.into_iter().map(|(_, effects)| effects).collect(),
            model_fields,
            req_fields,
        })
    }

    /// Whether the rules read `other` as they read this evaluator's
    /// requirements: the same value in every field of `req` that a `when`
    /// or a fired rule's `members` and `require` reads. Then the same rules
    /// fire and every model gets the same verdict, so a decision run again
    /// for moved requirements (the levers) can reuse this one's verdicts.
    pub fn reads_same(&self, other: &Requirements) -> bool {
        let view = req_view(other);
        match &self.req_fields {
            None => view == self.req_json,
            Some(fields) => fields.iter().all(|f| view.get(f) == self.req_json.get(f)),
        }
    }

    /// Evaluates the fired rules' `members` and `require` for one model.
    pub fn judge(&self, model: &Model) -> ModelVerdict {
        let mut verdict = ModelVerdict::default();
        if self.fired.is_empty() {
            return verdict;
        }
        let mut scope = self.context.new_inner_scope();
        // Only the fields the fired rules read: a rule sees the same values,
        // and judging a large catalog does not rebuild every field per model.
        let view = model_view_of(model, self.model_fields.iter().copied());
        scope.add_variable_from_value("model", to_cel(&view));
        let vars = [("req", &self.req_json), ("model", &view)];
        for (rule, effects) in self.fired.iter().zip(&self.effects) {
            let budget = std::iter::once((effects.members.as_ref(), vec![Seg::from("members")]))
                .chain(effects.require.iter().enumerate().map(|(i, p)| {
                    (
                        Some(p),
                        vec![Seg::from("require"), Seg::Index(i), Seg::from("expr")],
                    )
                }))
                .filter_map(|(p, field)| rule.over_budget(p?, &field, &vars))
                .next();
            if let Some(d) = budget {
                verdict.fatal = Some(d);
                return verdict;
            }
            if let Some(members) = &effects.members {
                match members.execute(&scope) {
                    Ok(cel::Value::Bool(true)) => {
                        if let Some(cat) = &rule.rule.category {
                            verdict.categories.push(cat.clone());
                        }
                        if rule.rule.boost > 0.0 {
                            verdict.boost += rule.rule.boost;
                            verdict.boost_reasons.push(format!(
                                "+{} from rule `{}` ({})",
                                rule.rule.boost,
                                rule.rule.id,
                                rule.rule.approach.as_deref().unwrap_or(&rule.rule.explain)
                            ));
                        }
                    }
                    Ok(cel::Value::Bool(false)) => {}
                    Ok(other) => verdict.errors.push(format!(
                        "rule `{}` members gave {} for `{}`, not true/false",
                        rule.rule.id,
                        describe_value(&other),
                        model.id
                    )),
                    Err(e) => verdict.errors.push(format!(
                        "rule `{}` members failed for `{}`: {}",
                        rule.rule.id,
                        model.id,
                        cel_words(&e.to_string())
                    )),
                }
            }
            for (constraint, program) in rule.rule.require.iter().zip(&effects.require) {
                match program.execute(&scope) {
                    Ok(cel::Value::Bool(true)) => {}
                    Ok(_) => verdict
                        .violations
                        .push(format!("{} (rule `{}`)", constraint.reason, rule.rule.id)),
                    Err(e) => verdict.violations.push(format!(
                        "{} (rule `{}` could not be evaluated: {})",
                        constraint.reason,
                        rule.rule.id,
                        cel_words(&e.to_string())
                    )),
                }
            }
        }
        verdict
    }

    pub fn rules(&self) -> &RuleSet {
        self.rules
    }
}

/// An interpreter error in the user's words.
fn cel_words(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("found no matching overload for '")
        && let Some((op, rest)) = rest.split_once("' applied to '(")
        && let Some(types) = rest.strip_suffix(")'")
    {
        let op = op.trim_matches('_').replace('_', " ");
        let types = types.replace("double", "number").replace("int", "number");
        return format!("`{op}` cannot be applied to ({types})");
    }
    if let Some(key) = message.strip_prefix("No such key: ") {
        return format!("the key `{key}` does not exist");
    }
    message.to_owned()
}

/// A CEL value as shown in messages (`the string "chat"`, `a list`), not
/// the interpreter's debug form.
fn describe_value(v: &cel::Value) -> String {
    match v {
        cel::Value::Null => "null".to_owned(),
        cel::Value::Int(i) => format!("the number {i}"),
        cel::Value::UInt(u) => format!("the number {u}"),
        cel::Value::Float(f) => format!("the number {f}"),
        cel::Value::String(s) => {
            let shown: String = s.chars().take(40).collect();
            format!("the string \"{shown}\"")
        }
        cel::Value::List(_) => "a list".to_owned(),
        cel::Value::Map(_) => "a map".to_owned(),
        _ => "a value of another type".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<(String, String)> {
        match load_file(&Source::from_text("r.yaml", yaml)) {
            Ok(_) => Vec::new(),
            Err(d) => {
                d.0.into_iter()
                    .map(|d| (d.code.to_owned(), d.message))
                    .collect()
            }
        }
    }

    #[test]
    fn default_rules_load_and_have_the_five_categories() {
        let rules = RuleSet::load(None).unwrap();
        let cats: BTreeSet<_> = rules
            .rules
            .iter()
            .filter_map(|r| r.rule.category.clone())
            .collect();
        for id in [
            "fast-cheap",
            "max-quality",
            "data-local",
            "multimodal",
            "long-context",
        ] {
            assert!(cats.contains(id), "missing category {id}");
        }
    }

    #[test]
    fn bad_expressions_are_located_errors() {
        let p = problems("rules:\n  - id: x\n    when: 'req.task.type =='\n    explain: e\n");
        assert_eq!(p[0].0, "cel-syntax");
        let p =
            problems("rules:\n  - id: x\n    when: 'req.task.tpye == \"code\"'\n    explain: e\n");
        assert_eq!(p[0].0, "cel-unknown-field", "{p:?}");
        let p =
            problems("rules:\n  - id: x\n    when: 'model.tier == \"frontier\"'\n    explain: e\n");
        assert_eq!(p[0].0, "cel-unknown-variable");
        let p = problems(
            "rules:\n  - id: x\n    members: 'model.modalities.input.exists(m, m == \"video\") && model.contxt_window > 1.0'\n    boost: 0.1\n    explain: e\n",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].1.contains("model.contxt_window"));
    }

    #[test]
    fn default_rules_json_twin_matches_the_checked_yaml() {
        let (from_yaml, _) = load_file(&Source::from_text("catalog/rules.yaml", DEFAULT_RULES))
            .expect("the default rules pass their checks");
        let from_json: RulesFile =
            serde_json::from_str(DEFAULT_RULES_JSON).expect("the JSON twin parses");
        assert_eq!(from_json, from_yaml);
    }

    #[test]
    fn rules_read_only_the_model_fields_they_use() {
        let fields = |expr: &str| {
            let program = Program::compile(expr).expect("compiles");
            model_fields_read(std::iter::once(program.expression()))
        };
        let set = |names: &[&str]| Some(names.iter().map(|n| (*n).to_owned()).collect());
        assert_eq!(
            fields("model.weights == \"open\" && model.deployments.self_hosted"),
            set(&["deployments", "weights"])
        );
        assert_eq!(
            fields("req.task.input.all(m, m in model.modalities.input)"),
            set(&["modalities"])
        );
        assert_eq!(fields("has(model.benchmarks.aa_hle)"), set(&["benchmarks"]));
        // A variable named `model` inside a comprehension is not the model.
        assert_eq!(fields("[1].all(model, model > 0)"), set(&[]));
        // The whole model used as a value needs the whole view.
        assert_eq!(fields("size(model) > 0"), None);
        assert_eq!(fields("\"id\" in model"), None);
    }

    #[test]
    fn requirements_the_rules_do_not_read_reuse_the_verdicts() {
        let load = |text: &str| {
            crate::requirements::load(&Source::from_text("r.yaml", text))
                .unwrap()
                .0
        };
        let base = "task: { type: rag-qa }\ndata: { sensitivity: confidential, sensitive_share: 0.4 }\nvolume: { requests_per_month: 40000 }\n";
        let busier = base.replace("40000", "4000000");
        let public = base.replace("confidential", "public");
        let defaults = RuleSet::load(None).unwrap();
        let e = Evaluator::new(&defaults, &load(base)).unwrap();
        // The default rules read no volume; they do read the sensitivity.
        assert!(e.reads_same(&load(base)));
        assert!(e.reads_same(&load(&busier)));
        assert!(!e.reads_same(&load(&public)));
        // A rule that reads the volume makes another volume another input.
        let reading = "schema_version: 1\nmode: extend\nrules:\n  - id: busy\n    when: 'req.volume.requests_per_month > 1000000.0'\n    explain: busy\n    boost: 0.1\n    members: 'true'\n";
        let rules = RuleSet::from_source(Source::from_text("busy.yaml", reading)).unwrap();
        let e = Evaluator::new(&rules, &load(base)).unwrap();
        assert!(e.reads_same(&load(base)));
        assert!(!e.reads_same(&load(&busier)));
    }

    #[test]
    fn benchmark_maps_are_free_form() {
        assert!(
            problems(
                "rules:\n  - id: x\n    members: 'has(model.benchmarks.aa_hle)'\n    explain: e\n"
            )
            .is_empty()
        );
    }
}
