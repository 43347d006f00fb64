//! `fmselect compare`: explicit options with quotes (SPEC §7, the seed's
//! Option A/B/C table) checked against the requirements and compared over
//! the horizon.
//!
//! Each option's total cost of ownership is setup + monthly × horizon. An
//! option meets the constraints when its data privacy suits the data's
//! sensitivity, it ships within the time-to-market deadline and it fits the
//! budget. The recommendation is the option with the lowest cost of
//! ownership among those that meet the constraints (ties: sooner to market,
//! then id). The report says what each option costs to run against the
//! cheapest-to-run and the pure-API option, when each pair breaks even, what
//! horizon would change the answer, and the seed's "what many get wrong".

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Check;
use crate::num::{fmt_usd, round_to, ser_num, ser_opt_num, usd};
use crate::report_doc::Tool;
use crate::requirements::{MlOps, Requirements};
use crate::source::Source;
use crate::strategy::StrategyKind;

/// A scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default = "one")]
    pub schema_version: u32,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Total-cost-of-ownership horizon; default: the requirements' (24).
    #[serde(default)]
    pub horizon_months: Option<f64>,
    /// The constraints: the same keys as a requirements file (no task needed).
    #[serde(default)]
    pub requirements: Option<Requirements>,
    /// Or a requirements file, relative to the scenario file.
    #[serde(default)]
    pub requirements_file: Option<String>,
    pub options: Vec<ScenarioOption>,
}

fn one() -> u32 {
    1
}

/// One quoted option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOption {
    pub id: String,
    pub name: String,
    pub strategy: StrategyKind,
    pub setup_usd: f64,
    pub monthly_usd: f64,
    pub data_privacy: DataPrivacy,
    pub time_to_market_weeks: f64,
}

/// Where the data goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DataPrivacy {
    /// All data goes to an external vendor.
    LeavesCompany,
    /// Sensitive requests stay on your infrastructure; the rest may leave.
    SensitiveStaysLocal,
    /// Nothing leaves your infrastructure.
    FullControl,
}

impl DataPrivacy {
    pub fn describe(self) -> &'static str {
        match self {
            DataPrivacy::LeavesCompany => "data leaves the company",
            DataPrivacy::SensitiveStaysLocal => "only non-sensitive data goes external",
            DataPrivacy::FullControl => "full control: nothing leaves",
        }
    }
}

/// The comparison report (schema_version 1).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompareReport {
    pub schema_version: u32,
    pub tool: Tool,
    pub name: Option<String>,
    #[serde(serialize_with = "ser_num")]
    pub horizon_months: f64,
    /// The constraints as normalised.
    pub requirements: Requirements,
    pub options: Vec<OptionResult>,
    /// The option that meets the constraints at the lowest cost of ownership;
    /// null (exit 3) when none does.
    pub recommended: Option<Recommended>,
    /// The option that sends everything to an API (`buy`), if any.
    pub pure_api_option: Option<String>,
    /// The option with the lowest running cost.
    pub cheapest_to_run: Option<String>,
    pub what_would_change: Vec<String>,
    /// The seed's "what many get wrong", where it applies.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Recommended {
    pub id: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct OptionResult {
    pub id: String,
    pub name: String,
    pub strategy: StrategyKind,
    #[serde(serialize_with = "ser_num")]
    pub setup_usd: f64,
    #[serde(serialize_with = "ser_num")]
    pub monthly_usd: f64,
    pub data_privacy: DataPrivacy,
    #[serde(serialize_with = "ser_num")]
    pub time_to_market_weeks: f64,
    /// setup + monthly × horizon.
    #[serde(serialize_with = "ser_num")]
    pub tco_usd: f64,
    pub meets_constraints: bool,
    pub violations: Vec<String>,
    /// Running cost above the cheapest-to-run option, percent.
    #[serde(serialize_with = "ser_num")]
    pub running_cost_vs_cheapest_pct: f64,
    /// Running cost below the pure-API option, percent (the seed's "34%
    /// lower"); negative when dearer; null without a pure-API option.
    #[serde(serialize_with = "ser_opt_num")]
    pub savings_vs_pure_api_pct: Option<f64>,
    /// When this option's cumulative cost crosses each other option's.
    pub break_even: Vec<PairBreakEven>,
    /// Cumulative cost at the end of each month, 0..=horizon.
    pub cumulative_usd: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PairBreakEven {
    pub other: String,
    /// The month at which the two cumulative costs are equal; null when they
    /// never cross.
    #[serde(serialize_with = "ser_opt_num")]
    pub month: Option<f64>,
    pub statement: String,
}

/// Options of `fmselect compare`.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    pub scenario: String,
}

/// Loads a scenario (and its requirements file) and compares its options.
pub fn compare(opts: &CompareOptions) -> Result<(CompareReport, Vec<Diagnostic>), Diagnostics> {
    let source = Source::read(&opts.scenario)?;
    let base = Path::new(&opts.scenario).parent().unwrap_or(Path::new(""));
    let (scenario, req, warnings) = load_scenario(&source, base).map_err(|d| {
        crate::document::explain(d, crate::document::Kind::Scenario, &opts.scenario)
    })?;
    Ok((analyse(&scenario, req), warnings))
}

/// Parses and checks a scenario, loads its `requirements_file` (relative to
/// `base_dir`) if it names one, and returns the normalised requirements
/// (the scenario's `horizon_months` wins over the requirements').
pub fn load_scenario(
    source: &Source,
    base_dir: &Path,
) -> Result<(Scenario, Requirements, Vec<Diagnostic>), Diagnostics> {
    let (scenario, mut warnings) = crate::load::load(source, check)?;
    let mut req = match (&scenario.requirements, &scenario.requirements_file) {
        // check() has rejected a file that gives both.
        (Some(r), _) => r.clone(),
        (None, Some(file)) => {
            let path = base_dir.join(file);
            // Only a file that parses as requirements is quoted in errors: a
            // scenario may name any file (`../.env`), and CI logs are public.
            let loaded = Source::read(&path.to_string_lossy())
                .map_err(crate::requirements::without_excerpts)
                .and_then(|s| {
                    crate::load::load(&s, |r: &Requirements, c| {
                        crate::requirements::check_with(r, c, false)
                    })
                    .map_err(|d| crate::requirements::shown_if_requirements(&s, d))
                });
            match loaded {
                Ok((r, w)) => {
                    warnings.extend(w);
                    r
                }
                Err(mut inner) => {
                    // Point at the line of the scenario that names the file too.
                    let mut c = Check::new();
                    c.at("requirements_file", |c| {
                        c.error(
                            "invalid-value",
                            format!("the requirements file `{file}` cannot be used"),
                            Some(
                                "the path is relative to the scenario file; see the error below"
                                    .to_owned(),
                            ),
                        )
                    });
                    let mut all = crate::load::locate(source, c.problems);
                    all.append(&mut inner.0);
                    return Err(Diagnostics(all));
                }
            }
        }
        (None, None) => Requirements::for_scenario(),
    };
    if let Some(h) = scenario.horizon_months {
        req.horizon_months = h;
    }
    let catalog = crate::catalog::Catalog::embedded()?;
    let a = crate::assumptions::Resolved::new(&catalog.assumptions, req.assumptions.as_ref())?;
    let req = crate::requirements::normalise(req, &a);
    Ok((scenario, req, warnings))
}

fn check(s: &Scenario, c: &mut Check) {
    c.schema_version(s.schema_version);
    if let Some(h) = s.horizon_months {
        c.range("horizon_months", h, 1.0, 1200.0);
    }
    match (&s.requirements, &s.requirements_file) {
        (Some(_), Some(_)) => c.at("requirements_file", |c| {
            c.error(
                "scenario-option",
                "give either `requirements` or `requirements_file`, not both",
                None,
            )
        }),
        (Some(r), None) => c.at("requirements", |c| {
            crate::requirements::check_with(r, c, false)
        }),
        _ => {}
    }
    if s.options.is_empty() {
        c.at("options", |c| {
            c.error(
                "empty-list",
                "a scenario needs at least one option",
                Some("list the options under `options:`".to_owned()),
            )
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, o) in s.options.iter().enumerate() {
        c.at("options", |c| {
            c.at(i, |c| {
                if o.id.trim().is_empty() {
                    c.at("id", |c| {
                        c.error("invalid-value", "an option needs a non-empty id", None)
                    });
                }
                if !seen.insert(o.id.clone()) {
                    c.at("id", |c| {
                        c.error(
                            "duplicate-id",
                            format!("option `{}` is listed twice", o.id),
                            None,
                        )
                    });
                }
                c.range("setup_usd", o.setup_usd, 0.0, f64::INFINITY);
                c.range("monthly_usd", o.monthly_usd, 0.0, f64::INFINITY);
                c.range(
                    "time_to_market_weeks",
                    o.time_to_market_weeks,
                    0.0,
                    10_000.0,
                );
            })
        });
    }
}

/// The month at which `a` and `b` cost the same in total, if after month 0.
fn crossing(a: &ScenarioOption, b: &ScenarioOption) -> Option<f64> {
    let dm = b.monthly_usd - a.monthly_usd;
    if dm == 0.0 {
        return None;
    }
    let m = (a.setup_usd - b.setup_usd) / dm;
    (m > 0.0).then_some(round_to(m, 1))
}

fn tco(o: &ScenarioOption, horizon: f64) -> f64 {
    usd(o.setup_usd + o.monthly_usd * horizon)
}

/// The violations of an option against the requirements.
fn violations(o: &ScenarioOption, req: &Requirements, privacy_constraint: bool) -> Vec<String> {
    let mut v = Vec::new();
    let local = req.local_share();
    if privacy_constraint && local > 0.0 && o.data_privacy == DataPrivacy::LeavesCompany {
        v.push(format!(
            "privacy: {:.0}% of requests are {} and must stay local, but with this option {}",
            local * 100.0,
            req.data.sensitivity.as_str(),
            o.data_privacy.describe()
        ));
    }
    if let Some(d) = req.time_to_market_weeks
        && o.time_to_market_weeks > d
    {
        v.push(format!(
            "time to market: {} weeks, past the {d}-week deadline",
            o.time_to_market_weeks
        ));
    }
    if let Some(b) = req.budget.monthly_usd
        && o.monthly_usd > b
    {
        v.push(format!(
            "budget: {} a month, above the {} budget",
            fmt_usd(o.monthly_usd),
            fmt_usd(b)
        ));
    }
    if let Some(b) = req.budget.setup_usd
        && o.setup_usd > b
    {
        v.push(format!(
            "budget: {} setup, above the {} setup budget",
            fmt_usd(o.setup_usd),
            fmt_usd(b)
        ));
    }
    v
}

/// The recommended option among those with no violations: lowest cost of
/// ownership, then sooner to market, then id.
fn choose<'s>(
    options: &'s [ScenarioOption],
    req: &Requirements,
    horizon: f64,
    privacy: bool,
) -> Option<&'s ScenarioOption> {
    options
        .iter()
        .filter(|o| violations(o, req, privacy).is_empty())
        .min_by(|x, y| {
            tco(x, horizon)
                .total_cmp(&tco(y, horizon))
                .then_with(|| x.time_to_market_weeks.total_cmp(&y.time_to_market_weeks))
                .then_with(|| x.id.cmp(&y.id))
        })
}

/// The pure computation behind `compare`.
pub fn analyse(s: &Scenario, req: Requirements) -> CompareReport {
    let horizon = req.horizon_months;
    let options = &s.options;
    let cheapest = options.iter().min_by(|x, y| {
        x.monthly_usd
            .total_cmp(&y.monthly_usd)
            .then_with(|| x.id.cmp(&y.id))
    });
    let pure_api = options
        .iter()
        .filter(|o| o.strategy == StrategyKind::Buy)
        .min_by(|x, y| {
            x.monthly_usd
                .total_cmp(&y.monthly_usd)
                .then_with(|| x.id.cmp(&y.id))
        });
    let months = horizon.ceil().max(1.0) as usize;

    let results: Vec<OptionResult> = options
        .iter()
        .map(|o| {
            let v = violations(o, &req, true);
            let vs_cheapest = cheapest.map_or(0.0, |c| {
                if c.monthly_usd > 0.0 { round_to((o.monthly_usd - c.monthly_usd) / c.monthly_usd * 100.0, 1) } else { 0.0 }
            });
            let savings = pure_api
                .filter(|p| p.monthly_usd > 0.0)
                .map(|p| round_to((p.monthly_usd - o.monthly_usd) / p.monthly_usd * 100.0, 1));
            let break_even = options
                .iter()
                .filter(|b| b.id != o.id)
                .map(|b| {
                    let m = crossing(o, b);
                    let statement = match m {
                        Some(m) => {
                            let (later, earlier) = if o.monthly_usd < b.monthly_usd { (o, b) } else { (b, o) };
                            format!(
                                "{} ({} setup, {}/month) becomes cheaper in total than {} after {m} months{}",
                                later.id,
                                fmt_usd(later.setup_usd),
                                fmt_usd(later.monthly_usd),
                                earlier.id,
                                if m > horizon { format!(", beyond the {horizon}-month horizon") } else { format!(", within the {horizon}-month horizon") }
                            )
                        }
                        None if o.setup_usd <= b.setup_usd && o.monthly_usd <= b.monthly_usd => {
                            format!("{} costs no more than {} at every month", o.id, b.id)
                        }
                        None => format!("{} costs no more than {} at every month", b.id, o.id),
                    };
                    PairBreakEven {
                        other: b.id.clone(),
                        month: m,
                        statement,
                    }
                })
                .collect();
            OptionResult {
                id: o.id.clone(),
                name: o.name.clone(),
                strategy: o.strategy,
                setup_usd: o.setup_usd,
                monthly_usd: o.monthly_usd,
                data_privacy: o.data_privacy,
                time_to_market_weeks: o.time_to_market_weeks,
                tco_usd: tco(o, horizon),
                meets_constraints: v.is_empty(),
                violations: v,
                running_cost_vs_cheapest_pct: vs_cheapest,
                savings_vs_pure_api_pct: savings,
                break_even,
                cumulative_usd: (0..=months).map(|m| usd(o.setup_usd + o.monthly_usd * m as f64)).collect(),
            }
        })
        .collect();

    let chosen = choose(options, &req, horizon, true);
    let recommended = chosen.map(|c| Recommended {
        id: c.id.clone(),
        reasons: reasons(c, options, &req, horizon, pure_api),
    });

    let mut change = Vec::new();
    if let Some(c) = chosen {
        let passing: Vec<&ScenarioOption> = options
            .iter()
            .filter(|o| o.id != c.id && violations(o, &req, true).is_empty())
            .collect();
        if passing.is_empty() {
            change.push(format!(
                "no horizon changes the recommendation: {} is the only option that meets the constraints",
                c.id
            ));
        }
        for other in passing {
            match crossing(c, other) {
                Some(m) if other.monthly_usd < c.monthly_usd => change.push(format!(
                    "over a horizon longer than {m} months, {} would cost less in total than {}",
                    other.id, c.id
                )),
                Some(m) => change.push(format!(
                    "over a horizon shorter than {m} months, {} would cost less in total than {}",
                    other.id, c.id
                )),
                None => change.push(format!(
                    "{} stays cheaper than {} at every horizon",
                    c.id, other.id
                )),
            }
        }
        if req.local_share() > 0.0 {
            match choose(options, &req, horizon, false) {
                Some(o) if o.id != c.id => change.push(format!(
                    "without the data-privacy constraint (e.g. public data), {} would win: {} over {horizon} months",
                    o.id,
                    fmt_usd(tco(o, horizon))
                )),
                Some(_) => change.push("the data-privacy constraint does not change the recommendation".to_owned()),
                None => {}
            }
        }
    }

    CompareReport {
        schema_version: 1,
        tool: Tool::current(),
        name: s.name.clone(),
        horizon_months: horizon,
        warnings: mistakes(options, &req),
        requirements: req,
        options: results,
        recommended,
        pure_api_option: pure_api.map(|p| p.id.clone()),
        cheapest_to_run: cheapest.map(|c| c.id.clone()),
        what_would_change: change,
    }
}

/// The seed's reasons, computed for the chosen option.
fn reasons(
    c: &ScenarioOption,
    options: &[ScenarioOption],
    req: &Requirements,
    horizon: f64,
    pure_api: Option<&ScenarioOption>,
) -> Vec<String> {
    let mut r = Vec::new();
    let local = req.local_share();
    match c.data_privacy {
        DataPrivacy::SensitiveStaysLocal if local > 0.0 => r.push(format!(
            "{} data stays on your own infrastructure; only non-sensitive requests go to the external API",
            req.data.sensitivity.as_str()
        )),
        DataPrivacy::FullControl if local > 0.0 => {
            r.push(format!("{} data never leaves your infrastructure", req.data.sensitivity.as_str()))
        }
        _ => {}
    }
    if let Some(p) = pure_api.filter(|p| p.id != c.id && p.monthly_usd > 0.0) {
        let pct = (p.monthly_usd - c.monthly_usd) / p.monthly_usd * 100.0;
        r.push(format!(
            "running costs are {:.0}% {} than the pure API solution ({}: {} a month vs {}: {})",
            pct.abs(),
            if pct >= 0.0 { "lower" } else { "higher" },
            c.id,
            fmt_usd(c.monthly_usd),
            p.id,
            fmt_usd(p.monthly_usd)
        ));
    }
    let fastest = options
        .iter()
        .min_by(|x, y| x.time_to_market_weeks.total_cmp(&y.time_to_market_weeks))
        .filter(|f| f.id != c.id);
    match (req.time_to_market_weeks, fastest) {
        (Some(d), Some(f)) => r.push(format!(
            "{} weeks to market meets the {d}-week deadline: not as fast as {} ({} weeks), but {}",
            c.time_to_market_weeks,
            f.id,
            f.time_to_market_weeks,
            if c.data_privacy == f.data_privacy {
                "cheaper over the horizon"
            } else {
                "with significantly better data privacy"
            }
        )),
        (Some(d), None) => r.push(format!(
            "{} weeks to market meets the {d}-week deadline",
            c.time_to_market_weeks
        )),
        _ => {}
    }
    if c.strategy == StrategyKind::Blend {
        r.push(
            "you avoid full vendor lock-in and can replace the closed-source component at any time"
                .to_owned(),
        );
    }
    for o in options.iter().filter(|o| o.id != c.id) {
        let v = violations(o, req, true);
        if !v.is_empty() {
            r.push(format!("not {}: {}", o.id, v.join("; ")));
        } else {
            r.push(format!(
                "not {}: {} over {horizon} months against {}",
                o.id,
                fmt_usd(tco(o, horizon)),
                fmt_usd(tco(c, horizon))
            ));
        }
    }
    r
}

/// "What many get wrong": all-in on an API without considering privacy, or
/// self-hosting everything and failing under the complexity.
fn mistakes(options: &[ScenarioOption], req: &Requirements) -> Vec<String> {
    let mut w = Vec::new();
    let local = req.local_share();
    for o in options {
        if o.data_privacy == DataPrivacy::LeavesCompany && local > 0.0 {
            w.push(format!(
                "what many get wrong: going all-in on an API (\"fast and simple\") without considering the data privacy \
                 implications — {} sends {} data to the vendor",
                o.id,
                req.data.sensitivity.as_str()
            ));
        }
        if o.strategy == StrategyKind::Build {
            w.push(format!(
                "what many get wrong: insisting on self-hosting everything and failing under the complexity — {} needs {} \
                 weeks and a team that runs GPUs in production{}",
                o.id,
                o.time_to_market_weeks,
                if req.team.ml_ops == MlOps::None { " (team.ml_ops is `none`)" } else { "" }
            ));
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(sensitivity: &str) -> CompareReport {
        let text = format!(
            "horizon_months: 24\nrequirements:\n  data: {{ sensitivity: {sensitivity}, sensitive_share: 0.3 }}\n  time_to_market_weeks: 12\n\
             options:\n\
             - {{ id: A, name: Claude API + RAG, strategy: buy, setup_usd: 15000, monthly_usd: 3200, data_privacy: leaves-company, time_to_market_weeks: 6 }}\n\
             - {{ id: B, name: Llama 4 self-hosted + RAG, strategy: build, setup_usd: 80000, monthly_usd: 1800, data_privacy: full-control, time_to_market_weeks: 14 }}\n\
             - {{ id: C, name: Blend, strategy: blend, setup_usd: 55000, monthly_usd: 2100, data_privacy: sensitive-stays-local, time_to_market_weeks: 10 }}\n"
        );
        let (s, _) = crate::load::load(&Source::from_text("s.yaml", text), check).unwrap();
        let mut req = s.requirements.clone().unwrap();
        req.horizon_months = 24.0;
        req.data.sensitive_share = req.data.sensitive_share.or(Some(0.0));
        analyse(&s, req)
    }

    #[test]
    fn the_seed_scenario_recommends_c() {
        let r = seed("confidential");
        assert_eq!(r.recommended.as_ref().unwrap().id, "C");
        let c = &r.options[2];
        // (3,200 − 2,100) / 3,200 = 34.375%
        assert_eq!(c.savings_vs_pure_api_pct, Some(34.4));
        // 55,000 + 24 × 2,100
        assert_eq!(c.tco_usd, 105_400.0);
        // C catches up with A after (55,000 − 15,000) / (3,200 − 2,100) = 36.36 months.
        let vs_a = c.break_even.iter().find(|b| b.other == "A").unwrap();
        assert_eq!(vs_a.month, Some(36.4));
        // B against C: (80,000 − 55,000) / (2,100 − 1,800) = 83.3 months.
        let b_vs_c = r.options[1]
            .break_even
            .iter()
            .find(|b| b.other == "C")
            .unwrap();
        assert_eq!(b_vs_c.month, Some(83.3));
        assert!(!r.options[0].meets_constraints);
        assert!(r.options[1].violations[0].contains("14 weeks"));
        assert_eq!(r.warnings.len(), 2);
    }

    #[test]
    fn public_data_makes_a_win() {
        let r = seed("public");
        assert_eq!(r.recommended.unwrap().id, "A");
    }
}
