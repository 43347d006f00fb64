//! Build vs Buy vs Blend (SPEC §5, the seed's strategy table), with hybrid
//! routing, and what would change the answer.
//!
//! - `buy`: one closed API (or the vendor model in your own cloud tenant) for
//!   all traffic.
//! - `build`: self-hosted open weights for all traffic.
//! - `blend`: hybrid routing, the 2026 default — the sensitive share to a
//!   local deployment, the hard non-sensitive cases to the best model the
//!   constraints allow, the bulk to the cheapest model that is good enough.
//!
//! Every option is costed on its own routes (a self-hosted route is sized for
//! its share of the peak, at least one replica), then the kind is chosen from
//! the requirements: data that must stay local rules out `buy`; a strategic
//! data advantage points to `build`; otherwise the total cost of ownership
//! over the horizon decides between the feasible options, within the
//! time-to-market deadline.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::catalog::{Catalog, OfferingKind};
use crate::cost::{Sizing, Traffic, deployment_cost};
use crate::filter::Allowed;
use crate::num::{fmt_count, fmt_usd, round_to, ser_num, ser_opt_num, usd};
use crate::recommend::{Screened, cost_range, deployment_score};
use crate::requirements::{MlOps, Requirements};
use crate::rules::RuleSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyKind {
    Buy,
    Build,
    Blend,
}

impl StrategyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyKind::Buy => "buy",
            StrategyKind::Build => "build",
            StrategyKind::Blend => "blend",
        }
    }
}

/// The recommended strategy (SPEC §6 `strategy`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Strategy {
    pub kind: StrategyKind,
    pub routes: Vec<Route>,
    #[serde(serialize_with = "ser_opt_num")]
    pub monthly_cost_usd: Option<f64>,
    /// Strategy setup plus adaptation setup.
    #[serde(serialize_with = "ser_opt_num")]
    pub setup_cost_usd: Option<f64>,
    /// Setup + monthly × horizon.
    #[serde(serialize_with = "ser_opt_num")]
    pub tco_usd: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub horizon_months: f64,
    #[serde(serialize_with = "ser_opt_num")]
    pub time_to_market_weeks: Option<f64>,
    /// All traffic on the best API, ignoring data locality: the seed's
    /// "pure API solution".
    #[serde(serialize_with = "ser_opt_num")]
    pub pure_api_monthly_cost_usd: Option<f64>,
    /// The model of that pure-API reference.
    pub pure_api_model: Option<String>,
    /// Positive: cheaper to run than pure API; negative: dearer.
    #[serde(serialize_with = "ser_opt_num")]
    pub savings_vs_pure_api_pct: Option<f64>,
    /// Every strategy considered, chosen or not.
    pub options: Vec<StrategyOption>,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
}

/// One route of the traffic.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Route {
    /// `all`, `sensitive`, `complex`, `bulk` or `non-sensitive`.
    pub traffic: String,
    /// Share of all requests, 0..1.
    #[serde(serialize_with = "ser_num")]
    pub share: f64,
    /// Model id.
    pub model: String,
    pub model_name: String,
    /// `api`, `private-cloud` or `self-hosted`.
    pub deployment: String,
    /// Host (API, private cloud) or GPU (self-hosted).
    pub host: Option<String>,
    #[serde(serialize_with = "ser_opt_num")]
    pub monthly_cost_usd: Option<f64>,
    #[serde(serialize_with = "ser_num")]
    pub quality: f64,
    /// Why this model for this route.
    pub reason: String,
    /// The host's own context limit is not in the catalog; the model's
    /// window was assumed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub host_context_assumed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sizing: Option<Sizing>,
}

/// A strategy that was costed, with why it was or was not chosen.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StrategyOption {
    pub kind: StrategyKind,
    /// Whether the constraints allow it at all.
    pub feasible: bool,
    pub routes: Vec<Route>,
    #[serde(serialize_with = "ser_opt_num")]
    pub monthly_cost_usd: Option<f64>,
    #[serde(serialize_with = "ser_opt_num")]
    pub setup_cost_usd: Option<f64>,
    #[serde(serialize_with = "ser_opt_num")]
    pub tco_usd: Option<f64>,
    #[serde(serialize_with = "ser_opt_num")]
    pub time_to_market_weeks: Option<f64>,
    /// Why it is infeasible, or how it compares.
    pub notes: Vec<String>,
}

/// The inputs every step of the strategy needs.
pub struct Context<'a, 'c> {
    pub catalog: &'c Catalog,
    pub rules: &'a RuleSet,
    pub req: &'a Requirements,
    pub a: &'a Resolved,
    pub traffic: Traffic,
    /// Models screened under the real constraints.
    pub screened: &'a [Screened<'c>],
    /// Models screened with data locality ignored (for the pure-API reference).
    pub screened_open: &'a [Screened<'c>],
    /// Extra setup (USD, weeks) of the adaptation technique.
    pub adaptation_setup: (f64, f64),
    /// The cost range of the candidate ranking: a full-traffic pick is
    /// scored on the same scale as the ranking, so both agree.
    pub ranking_range: Option<(f64, f64)>,
}

/// What a route asks of its model.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Objective {
    /// The best weighted score under the user's priorities, cost judged
    /// among the deployments in the pick.
    BestScore,
    /// The same, with cost judged on the candidate ranking's scale, so that
    /// the pick agrees with the ranked candidates.
    BestRanked,
    /// The highest quality (ties to the cheaper).
    BestQuality,
    /// The cheapest whose quality reaches the threshold (else the best quality).
    CheapestGoodEnough(f64),
}

/// A deployment picked for a route.
#[derive(Debug, Clone)]
struct Pick<'c> {
    screened: usize,
    allowed: Allowed,
    model: &'c crate::catalog::Model,
    monthly: Option<f64>,
    sizing: Option<Sizing>,
    quality: f64,
}

fn pick<'c>(
    ctx: &Context<'_, 'c>,
    pool: &[Screened<'c>],
    traffic: &Traffic,
    objective: Objective,
    accept: impl Fn(OfferingKind, Allowed) -> bool,
) -> Option<Pick<'c>> {
    // The pools were costed at the full traffic: for it, reuse their
    // figures. Only the deployment picked is sized (by `recost` below), not
    // every candidate of a 100k-model catalog.
    let costed = *traffic == ctx.traffic;
    let mut picks: Vec<Pick<'c>> = Vec::new();
    for (i, s) in pool.iter().enumerate() {
        for o in &s.options {
            let offering = &s.model.offerings[o.allowed.offering];
            if !accept(offering.kind, o.allowed) {
                continue;
            }
            let monthly = if costed {
                o.cost.monthly_usd
            } else {
                deployment_cost(s.model, offering, ctx.catalog, traffic, ctx.a).monthly_usd
            };
            picks.push(Pick {
                screened: i,
                allowed: o.allowed,
                model: s.model,
                monthly,
                sizing: None,
                quality: s.quality.value,
            });
        }
    }
    best_pick(ctx, pool, picks, objective).map(|p| recost(ctx, p, traffic))
}

/// The pick that best meets `objective`.
fn best_pick<'c>(
    ctx: &Context<'_, 'c>,
    pool: &[Screened<'c>],
    picks: Vec<Pick<'c>>,
    objective: Objective,
) -> Option<Pick<'c>> {
    let cost_key = |p: &Pick| p.monthly.unwrap_or(f64::INFINITY);
    let tie = |x: &Pick, y: &Pick| {
        cost_key(x)
            .total_cmp(&cost_key(y))
            .then_with(|| x.model.id.cmp(&y.model.id))
            .then_with(|| x.allowed.offering.cmp(&y.allowed.offering))
    };
    match objective {
        Objective::BestScore | Objective::BestRanked => {
            let range = if objective == Objective::BestRanked {
                ctx.ranking_range
            } else {
                cost_range(picks.iter().filter_map(|p| p.monthly))
            };
            let scored: Vec<(f64, Pick)> = picks
                .into_iter()
                .map(|p| {
                    let s = &pool[p.screened];
                    let score =
                        deployment_score(s, p.allowed, p.monthly, ctx.req, ctx.rules, ctx.a, range);
                    (score, p)
                })
                .collect();
            scored
                .into_iter()
                .min_by(|(sx, x), (sy, y)| sy.total_cmp(sx).then_with(|| tie(x, y)))
                .map(|(_, p)| p)
        }
        Objective::BestQuality => picks
            .into_iter()
            .filter(|p| p.monthly.is_some())
            .min_by(|x, y| y.quality.total_cmp(&x.quality).then_with(|| tie(x, y))),
        Objective::CheapestGoodEnough(threshold) => {
            let known: Vec<Pick> = picks.into_iter().filter(|p| p.monthly.is_some()).collect();
            let good: Vec<&Pick> = known.iter().filter(|p| p.quality >= threshold).collect();
            if good.is_empty() {
                known
                    .into_iter()
                    .min_by(|x, y| y.quality.total_cmp(&x.quality).then_with(|| tie(x, y)))
            } else {
                good.into_iter().min_by(|x, y| tie(x, y)).cloned()
            }
        }
    }
}

/// The same pick, costed for other traffic.
fn recost<'c>(ctx: &Context<'_, 'c>, p: Pick<'c>, traffic: &Traffic) -> Pick<'c> {
    let cost = deployment_cost(
        p.model,
        &p.model.offerings[p.allowed.offering],
        ctx.catalog,
        traffic,
        ctx.a,
    );
    Pick {
        monthly: cost.monthly_usd,
        sizing: cost.sizing,
        ..p
    }
}

fn route(p: &Pick, traffic: &str, share: f64, reason: String) -> Route {
    let offering = &p.model.offerings[p.allowed.offering];
    Route {
        traffic: traffic.to_owned(),
        share: round_to(share, 12),
        model: p.model.id.clone(),
        model_name: p.model.name.clone(),
        deployment: crate::score::kind_name(offering.kind).to_owned(),
        host: match offering.kind {
            OfferingKind::SelfHosted => offering.gpu.clone(),
            _ => offering.host.clone(),
        },
        monthly_cost_usd: p.monthly,
        quality: p.quality,
        reason,
        host_context_assumed: p.allowed.context_assumed,
        sizing: p.sizing.clone(),
    }
}

fn total(routes: &[Route]) -> Option<f64> {
    routes
        .iter()
        .map(|r| r.monthly_cost_usd)
        .sum::<Option<f64>>()
        .map(usd)
}

fn good_enough(ctx: &Context) -> f64 {
    ctx.rules
        .scoring
        .good_enough_quality
        .get(ctx.req.accuracy.level.as_str())
        .copied()
        .unwrap_or(0.0)
}

/// Builds an option from routes: setup, TCO, time to market.
fn option(
    ctx: &Context,
    kind: StrategyKind,
    routes: Vec<Route>,
    mut notes: Vec<String>,
) -> StrategyOption {
    let (setup, weeks) = ctx.a.strategy_setup(kind.as_str());
    let setup = setup.map(|s| usd(s + ctx.adaptation_setup.0));
    let weeks = weeks.map(|w| w + ctx.adaptation_setup.1);
    let monthly = total(&routes);
    let tco = match (setup, monthly) {
        (Some(s), Some(m)) => Some(usd(s + m * ctx.req.horizon_months)),
        _ => None,
    };
    if monthly.is_none() && !routes.is_empty() {
        notes.push("a route's cost is unknown (a price is missing from the catalog)".to_owned());
    }
    StrategyOption {
        kind,
        feasible: !routes.is_empty(),
        routes,
        monthly_cost_usd: monthly,
        setup_cost_usd: setup,
        tco_usd: tco,
        time_to_market_weeks: weeks,
        notes,
    }
}

fn infeasible(kind: StrategyKind, why: String) -> StrategyOption {
    StrategyOption {
        kind,
        feasible: false,
        routes: Vec::new(),
        monthly_cost_usd: None,
        setup_cost_usd: None,
        tco_usd: None,
        time_to_market_weeks: None,
        notes: vec![why],
    }
}

/// `buy`: all traffic on one API or private-cloud deployment.
fn buy(ctx: &Context) -> StrategyOption {
    let local = ctx.req.local_share();
    let p = pick(
        ctx,
        ctx.screened,
        &ctx.traffic,
        Objective::BestRanked,
        |kind, allowed| {
            kind != OfferingKind::SelfHosted && (local == 0.0 || allowed.serves_sensitive)
        },
    );
    match p {
        Some(p) => {
            let reason = format!(
                "best weighted score among API deployments for all {} requests",
                fmt_count(ctx.traffic.requests_per_month)
            );
            option(
                ctx,
                StrategyKind::Buy,
                vec![route(&p, "all", 1.0, reason)],
                Vec::new(),
            )
        }
        None if local > 0.0 => infeasible(
            StrategyKind::Buy,
            format!(
                "{:.0}% of requests are {} and must stay local; no API or in-tenant deployment may carry them{}",
                local * 100.0,
                ctx.req.data.sensitivity.as_str(),
                if ctx.req.data.allow_private_cloud {
                    ""
                } else {
                    " (data.allow_private_cloud is false)"
                }
            ),
        ),
        None => infeasible(
            StrategyKind::Buy,
            "no API deployment passes the hard constraints".to_owned(),
        ),
    }
}

/// `build`: all traffic on one self-hosted deployment.
fn build(ctx: &Context) -> StrategyOption {
    let p = pick(
        ctx,
        ctx.screened,
        &ctx.traffic,
        Objective::BestScore,
        |kind, _| kind == OfferingKind::SelfHosted,
    );
    match p {
        Some(p) => {
            let reason = "best weighted score among self-hosted open-weight deployments".to_owned();
            option(
                ctx,
                StrategyKind::Build,
                vec![route(&p, "all", 1.0, reason)],
                Vec::new(),
            )
        }
        None => infeasible(
            StrategyKind::Build,
            "no self-hosted open-weight deployment passes the hard constraints".to_owned(),
        ),
    }
}

/// `blend`: sensitive → local, hard → best quality, bulk → cheapest good enough.
fn blend(ctx: &Context) -> StrategyOption {
    let local = ctx.req.local_share();
    if local >= 1.0 {
        return infeasible(
            StrategyKind::Blend,
            format!(
                "all requests are {} and must stay local: there is nothing to route elsewhere",
                ctx.req.data.sensitivity.as_str()
            ),
        );
    }
    let complex = ctx.req.accuracy.complex_share;
    let hard_share = (1.0 - local) * complex;
    let bulk_share = (1.0 - local) * (1.0 - complex);
    let threshold = good_enough(ctx);
    let mut routes = Vec::new();
    if local > 0.0 {
        let t = ctx.traffic.share(local);
        match pick(ctx, ctx.screened, &t, Objective::BestScore, |_, allowed| allowed.serves_sensitive) {
            Some(p) => routes.push(route(
                &p,
                "sensitive",
                local,
                format!(
                    "the {:.0}% {} requests stay in your infrastructure: best weighted score among local deployments",
                    local * 100.0,
                    ctx.req.data.sensitivity.as_str()
                ),
            )),
            None => {
                return infeasible(
                    StrategyKind::Blend,
                    "no local deployment (self-hosted, or private cloud where allowed) can carry the sensitive share".to_owned(),
                );
            }
        }
    }
    let hard = (hard_share > 0.0)
        .then(|| {
            pick(
                ctx,
                ctx.screened,
                &ctx.traffic.share(hard_share),
                Objective::BestQuality,
                |_, _| true,
            )
        })
        .flatten();
    let bulk = (bulk_share > 0.0)
        .then(|| {
            pick(
                ctx,
                ctx.screened,
                &ctx.traffic.share(bulk_share),
                Objective::CheapestGoodEnough(threshold),
                |_, _| true,
            )
        })
        .flatten();
    match (hard, bulk) {
        (Some(h), Some(b))
            if h.model.id == b.model.id && h.allowed.offering == b.allowed.offering =>
        {
            let share = hard_share + bulk_share;
            let p = recost(ctx, h, &ctx.traffic.share(share));
            routes.push(route(
                &p,
                "non-sensitive",
                share,
                "the best model the constraints allow is also the cheapest good-enough one"
                    .to_owned(),
            ));
        }
        (h, b) => {
            if let Some(h) = h {
                routes.push(route(
                    &h,
                    "complex",
                    hard_share,
                    format!(
                        "the {:.0}% hard cases go to the highest-quality model the constraints allow",
                        hard_share * 100.0
                    ),
                ));
            }
            if let Some(b) = b {
                let reason = if b.quality >= threshold {
                    format!(
                        "the bulk ({:.0}%) goes to the cheapest model at least {threshold:.2} in quality (good enough for `{}` accuracy)",
                        bulk_share * 100.0,
                        ctx.req.accuracy.level.as_str()
                    )
                } else {
                    format!(
                        "no model reaches the {threshold:.2} good-enough quality; the bulk ({:.0}%) goes to the best available",
                        bulk_share * 100.0
                    )
                };
                routes.push(route(&b, "bulk", bulk_share, reason));
            }
        }
    }
    let distinct: std::collections::BTreeSet<(&str, &str)> = routes
        .iter()
        .map(|r| (r.model.as_str(), r.deployment.as_str()))
        .collect();
    if distinct.len() < 2 {
        return infeasible(
            StrategyKind::Blend,
            "every route would use the same model and deployment: there is nothing to blend"
                .to_owned(),
        );
    }
    option(ctx, StrategyKind::Blend, routes, Vec::new())
}

/// The pure-API reference: all traffic on the best API deployment, with data
/// locality ignored (the seed's Option A).
fn pure_api(ctx: &Context) -> Option<(f64, String)> {
    let p = pure_api_pick(ctx)?;
    Some((p.monthly?, p.model.id.clone()))
}

fn pure_api_pick<'c>(ctx: &Context<'_, 'c>) -> Option<Pick<'c>> {
    pick(
        ctx,
        ctx.screened_open,
        &ctx.traffic,
        Objective::BestScore,
        |kind, _| kind != OfferingKind::SelfHosted,
    )
}

/// Chooses the strategy.
pub fn decide(ctx: &Context) -> Result<Strategy, Vec<String>> {
    let req = ctx.req;
    let options = vec![buy(ctx), build(ctx), blend(ctx)];
    let local = req.local_share();
    let deadline = req.time_to_market_weeks;
    let in_time = |o: &StrategyOption| match (deadline, o.time_to_market_weeks) {
        (Some(d), Some(w)) => w <= d,
        _ => true,
    };
    let by_kind = |k: StrategyKind| options.iter().find(|o| o.kind == k).filter(|o| o.feasible);
    let why_none = || -> Vec<String> {
        options
            .iter()
            .map(|o| format!("no {}: {}", o.kind.as_str(), o.notes.join("; ")))
            .collect()
    };
    let tco = |o: &StrategyOption| o.tco_usd.unwrap_or(f64::INFINITY);
    let mut reasons = Vec::new();

    let chosen: &StrategyOption = if req.adaptation.strategic_data_advantage
        && by_kind(StrategyKind::Build).is_some()
    {
        reasons.push(
            "your data is a competitive advantage: own the weights on your own infrastructure (Build, like Harvey's legal LLM); the adaptation section says how deep to adapt them"
                .to_owned(),
        );
        by_kind(StrategyKind::Build).ok_or_else(why_none)?
    } else if local >= 1.0 {
        match (by_kind(StrategyKind::Buy), by_kind(StrategyKind::Build)) {
            (Some(b), _) => {
                reasons.push(format!(
                    "all requests are {} but may run inside your own cloud tenant (data.allow_private_cloud): buy the vendor model there",
                    req.data.sensitivity.as_str()
                ));
                b
            }
            (None, Some(b)) => {
                reasons.push(format!(
                    "all requests are {} and must stay in your infrastructure: only self-hosted open weights qualify",
                    req.data.sensitivity.as_str()
                ));
                b
            }
            (None, None) => return Err(why_none()),
        }
    } else if local > 0.0 {
        match by_kind(StrategyKind::Blend) {
            Some(b) => {
                reasons.push(format!(
                    "{:.0}% of requests are {} and must stay local, the rest may use any model: route them (Blend — buy the platform, build the last mile)",
                    local * 100.0,
                    req.data.sensitivity.as_str()
                ));
                b
            }
            None => {
                let build = by_kind(StrategyKind::Build).ok_or_else(why_none)?;
                reasons.push("sensitive requests must stay local and no API route adds value: self-host everything".to_owned());
                build
            }
        }
    } else {
        // No data-locality constraint: the cheapest feasible option over the
        // horizon that meets the deadline; buy when equal (simplest).
        let mut feasible: Vec<&StrategyOption> = options.iter().filter(|o| o.feasible).collect();
        if feasible.is_empty() {
            return Err(why_none());
        }
        feasible.sort_by(|x, y| {
            in_time(y)
                .cmp(&in_time(x))
                .then_with(|| tco(x).total_cmp(&tco(y)))
                .then_with(|| (x.kind as u8).cmp(&(y.kind as u8)))
        });
        let best = feasible[0];
        reasons.push(match best.kind {
            StrategyKind::Buy => format!(
                "no data has to stay local, and one API has the lowest {}-month cost of ownership ({}){}: buy (commodity use case, speed to market)",
                req.horizon_months,
                best.tco_usd.map_or("unknown".to_owned(), fmt_usd),
                deadline.map(|d| format!(" within the {d}-week deadline")).unwrap_or_default()
            ),
            StrategyKind::Blend => format!(
                "routing the bulk to a cheaper good-enough model lowers the {}-month cost of ownership to {}",
                req.horizon_months,
                best.tco_usd.map_or("unknown".to_owned(), fmt_usd)
            ),
            StrategyKind::Build => format!(
                "self-hosting has the lowest {}-month cost of ownership ({}) at this volume",
                req.horizon_months,
                best.tco_usd.map_or("unknown".to_owned(), fmt_usd)
            ),
        });
        best
    };

    let mut options = options.clone();
    for o in &mut options {
        if o.kind == chosen.kind {
            o.notes.push("chosen".to_owned());
        } else if o.feasible {
            if let (Some(x), Some(y)) = (o.tco_usd, chosen.tco_usd) {
                o.notes.push(format!(
                    "{} over {} months ({} {} than the chosen {})",
                    fmt_usd(x),
                    req.horizon_months,
                    fmt_usd((x - y).abs()),
                    if x >= y { "more" } else { "less" },
                    chosen.kind.as_str()
                ));
            }
            if !in_time(o) {
                o.notes.push(format!(
                    "about {} weeks to set up, past the {}-week deadline",
                    o.time_to_market_weeks.unwrap_or_default(),
                    deadline.unwrap_or_default()
                ));
            }
        }
    }

    let mut warnings = Vec::new();
    let self_hosted = chosen.routes.iter().any(|r| r.deployment == "self-hosted");
    if self_hosted && req.team.ml_ops == MlOps::None {
        warnings.push(
            "this advice needs self-hosted GPUs and team.ml_ops is `none`: the seed's second mistake is \"insisting on self-hosting everything and failing under the complexity\" — hire or contract MLOps capacity, or allow the vendor model in your own cloud tenant (data.allow_private_cloud)"
                .to_owned(),
        );
    }
    if let (Some(budget), Some(m)) = (req.budget.monthly_usd, chosen.monthly_cost_usd)
        && m > budget
    {
        warnings.push(format!(
            "the monthly cost {} exceeds the {} budget",
            fmt_usd(m),
            fmt_usd(budget)
        ));
    }
    if let (Some(budget), Some(s)) = (req.budget.setup_usd, chosen.setup_cost_usd)
        && s > budget
    {
        warnings.push(format!(
            "the setup cost {} exceeds the {} setup budget",
            fmt_usd(s),
            fmt_usd(budget)
        ));
    }
    if !in_time(chosen) {
        warnings.push(format!(
            "about {} weeks to set up, past the {}-week time-to-market deadline",
            chosen.time_to_market_weeks.unwrap_or_default(),
            deadline.unwrap_or_default()
        ));
    }
    for r in chosen.routes.iter().filter(|r| r.host_context_assumed) {
        warnings.push(format!(
            "route `{}`: {} does not state its context limit for {}; the model's window is assumed — confirm the host accepts {}-token prompts, or self-host",
            r.traffic,
            r.host.as_deref().unwrap_or("the host"),
            r.model_name,
            fmt_count(req.task.context_tokens)
        ));
    }
    for r in &chosen.routes {
        if let Some(s) = &r.sizing
            && s.plan.basis != crate::capacity::Basis::Measured
        {
            warnings.push(format!(
                "route `{}`: no measured throughput for {} on {}: sized from the capacity model's roofline estimate; run a load test before buying GPUs",
                r.traffic, r.model_name, s.gpu_name
            ));
        }
    }

    let pure = pure_api(ctx);
    let savings = match (pure.as_ref(), chosen.monthly_cost_usd) {
        (Some((p, _)), Some(m)) if *p > 0.0 => Some(round_to((p - m) / p * 100.0, 1)),
        _ => None,
    };
    if let (Some(s), Some((p, model))) = (savings, pure.as_ref())
        && (chosen.kind != StrategyKind::Buy || local > 0.0)
    {
        reasons.push(if s >= 0.0 {
            format!(
                "running cost {s:.0}% below the pure-API option ({} a month on {model})",
                fmt_usd(*p)
            )
        } else {
            format!(
                "running cost {:.0}% above the pure-API option ({} a month on {model}){}",
                -s,
                fmt_usd(*p),
                if local > 0.0 {
                    ": the price of keeping sensitive data local"
                } else {
                    ""
                }
            )
        });
        // Say why, when a mostly idle GPU is what costs the money.
        let idle = chosen.routes.iter().find_map(|r| {
            let sizing = r.sizing.as_ref()?;
            (sizing.plan.utilization < 0.1).then_some((r, sizing))
        });
        if let Some((r, sizing)) = idle.filter(|_| s < 0.0) {
            reasons.push(format!(
                "the `{}` route's {} GPU(s) run at {:.1}% of their capacity: a GPU costs the same whether it serves {} requests a month or a hundred times more, so at this volume the fixed cost of self-hosting dominates (see `what would change the answer`)",
                                r.traffic,
                sizing.total_gpus,
                sizing.plan.utilization * 100.0,
                fmt_count((ctx.traffic.requests_per_month * r.share).round())
            ));
        }
    }
    if chosen.routes.iter().any(|r| r.deployment != "self-hosted")
        && chosen.kind != StrategyKind::Build
    {
        let open_or_multi = chosen.routes.iter().any(|r| r.deployment == "self-hosted");
        if open_or_multi {
            reasons.push(
                "no full vendor lock-in: the closed-API route can be replaced at any time"
                    .to_owned(),
            );
        }
    }

    Ok(Strategy {
        kind: chosen.kind,
        routes: chosen.routes.clone(),
        monthly_cost_usd: chosen.monthly_cost_usd,
        setup_cost_usd: chosen.setup_cost_usd,
        tco_usd: chosen.tco_usd,
        horizon_months: req.horizon_months,
        time_to_market_weeks: chosen.time_to_market_weeks,
        pure_api_monthly_cost_usd: pure.as_ref().map(|p| p.0),
        pure_api_model: pure.map(|p| p.1),
        savings_vs_pure_api_pct: savings,
        options,
        reasons,
        warnings,
    })
}

/// What would change the answer (SPEC §5 "when does this flip?").
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Sensitivity {
    /// When self-hosting the top open candidate beats its API.
    pub self_hosting_break_even: Option<BreakEven>,
    /// Monthly cost of buy, build and blend as the volume changes (the
    /// chosen models and deployments held fixed).
    pub curves: Vec<CostCurve>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BreakEven {
    pub model: String,
    /// The API deployment compared (host).
    pub api_host: Option<String>,
    /// The self-hosted deployment compared (GPU).
    pub self_hosted_gpu: Option<String>,
    #[serde(serialize_with = "ser_num")]
    pub current_requests_per_month: f64,
    /// Monthly requests from which self-hosting is cheaper; null when not
    /// within the range searched.
    #[serde(serialize_with = "ser_opt_num")]
    pub break_even_requests_per_month: Option<f64>,
    /// Break-even volume / current volume.
    #[serde(serialize_with = "ser_opt_num")]
    pub ratio_to_current: Option<f64>,
    pub statement: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CostCurve {
    pub kind: StrategyKind,
    /// `buy`, `build`, `blend`, or `pure API (ignores data locality)`.
    pub label: String,
    pub points: Vec<CurvePoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct CurvePoint {
    #[serde(serialize_with = "ser_num")]
    pub requests_per_month: f64,
    #[serde(serialize_with = "ser_opt_num")]
    pub monthly_cost_usd: Option<f64>,
}

/// How far the volume sweep goes either side of the current volume.
const SWEEP_FACTOR: f64 = 1000.0;

/// Monthly cost of a strategy option's routes at another volume.
fn option_cost_at(ctx: &Context, o: &StrategyOption, volume: f64) -> Option<f64> {
    let traffic = ctx.traffic.with_volume(volume);
    o.routes
        .iter()
        .map(|r| {
            let model = ctx.catalog.model(&r.model)?;
            let offering = model.offerings.iter().find(|of| {
                crate::score::kind_name(of.kind) == r.deployment
                    && match of.kind {
                        OfferingKind::SelfHosted => of.gpu == r.host,
                        _ => of.host == r.host,
                    }
            })?;
            deployment_cost(model, offering, ctx.catalog, &traffic.share(r.share), ctx.a)
                .monthly_usd
        })
        .sum()
}

/// The sweep of volumes: the current one × 10^(k/10), k = -30..=30.
pub fn volumes(current: f64) -> Vec<f64> {
    let base = current.max(1.0);
    (-30..=30)
        .map(|k| round_to(base * 10f64.powf(f64::from(k) / 10.0), 0).max(1.0))
        .collect()
}

/// Computes the break-even and the cost curves.
pub fn sensitivity(
    ctx: &Context,
    strategy: Option<&Strategy>,
    ranked_open: &[&str],
) -> Sensitivity {
    let current = ctx.traffic.requests_per_month;
    let mut notes = Vec::new();
    // The top open candidate that has both an API and a self-hosted way to run.
    let mut break_even = None;
    for id in ranked_open {
        // The screened models are in catalog order, sorted by id.
        let found = match ctx
            .screened_open
            .binary_search_by(|s| s.model.id.as_str().cmp(id))
        {
            Ok(i) => Some(&ctx.screened_open[i]),
            Err(_) => ctx.screened_open.iter().find(|s| s.model.id == *id),
        };
        let Some(s) = found else {
            continue;
        };
        let api = s
            .options
            .iter()
            .filter(|o| s.model.offerings[o.allowed.offering].kind == OfferingKind::Api)
            .min_by(|x, y| {
                x.cost
                    .monthly_usd
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&y.cost.monthly_usd.unwrap_or(f64::INFINITY))
            });
        let hosted = s
            .options
            .iter()
            .filter(|o| s.model.offerings[o.allowed.offering].kind == OfferingKind::SelfHosted)
            .filter(|o| o.cost.monthly_usd.is_some())
            .min_by(|x, y| {
                x.cost
                    .monthly_usd
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&y.cost.monthly_usd.unwrap_or(f64::INFINITY))
            });
        let (Some(api), Some(hosted)) = (api, hosted) else {
            continue;
        };
        let api_o = &s.model.offerings[api.allowed.offering];
        let hosted_o = &s.model.offerings[hosted.allowed.offering];
        let cost_at = |o: &crate::catalog::Offering, v: f64| {
            deployment_cost(s.model, o, ctx.catalog, &ctx.traffic.with_volume(v), ctx.a).monthly_usd
        };
        let cheaper_at = |v: f64| match (cost_at(hosted_o, v), cost_at(api_o, v)) {
            (Some(h), Some(a)) => h <= a,
            _ => false,
        };
        let found = if cheaper_at(current) {
            // Already cheaper: search down for where it stops being so.
            Some(current)
        } else {
            let hi_limit = current.max(1.0) * SWEEP_FACTOR;
            let mut lo = current.max(1.0);
            let mut hi = lo;
            let mut found = false;
            while hi < hi_limit {
                hi = (hi * 1.5).min(hi_limit);
                if cheaper_at(hi) {
                    found = true;
                    break;
                }
                lo = hi;
            }
            found.then(|| {
                for _ in 0..60 {
                    let mid = (lo + hi) / 2.0;
                    if cheaper_at(mid) { hi = mid } else { lo = mid }
                }
                hi.ceil()
            })
        };
        let statement = match found {
            Some(v) if v <= current => format!(
                "self-hosting {} on {} is already cheaper than its {} API at {} requests a month",
                s.model.name,
                hosted_o.gpu.as_deref().unwrap_or("GPUs"),
                api_o.host.as_deref().unwrap_or("hosted"),
                fmt_count(current)
            ),
            Some(v) => format!(
                "self-hosting {} on {} becomes cheaper than its {} API from about {} requests a month ({:.1}× today's volume)",
                s.model.name,
                hosted_o.gpu.as_deref().unwrap_or("GPUs"),
                api_o.host.as_deref().unwrap_or("hosted"),
                fmt_count(round_to(v, 0)),
                v / current.max(1.0)
            ),
            None => format!(
                "self-hosting {} never becomes cheaper than its {} API within {}× today's volume: per-token API prices stay below the GPU cost",
                s.model.name,
                api_o.host.as_deref().unwrap_or("hosted"),
                SWEEP_FACTOR
            ),
        };
        break_even = Some(BreakEven {
            model: s.model.id.clone(),
            api_host: api_o.host.clone(),
            self_hosted_gpu: hosted_o.gpu.clone(),
            current_requests_per_month: current,
            break_even_requests_per_month: found.map(|v| round_to(v, 0)),
            ratio_to_current: found.map(|v| round_to(v / current.max(1.0), 2)),
            statement,
        });
        break;
    }
    if break_even.is_none() {
        notes.push("no open-weight candidate has both an API and a costed self-hosted deployment to compare".to_owned());
    }
    let curve = |o: &StrategyOption, label: String| CostCurve {
        kind: o.kind,
        label,
        points: volumes(current)
            .into_iter()
            .map(|v| CurvePoint {
                requests_per_month: v,
                monthly_cost_usd: option_cost_at(ctx, o, v).map(usd),
            })
            .collect(),
    };
    let mut curves: Vec<CostCurve> = match strategy {
        Some(st) => st
            .options
            .iter()
            .filter(|o| o.feasible)
            .map(|o| curve(o, o.kind.as_str().to_owned()))
            .collect(),
        None => Vec::new(),
    };
    // Where buying is ruled out by data locality, still show what it would
    // cost: the seed's "pure API" reference.
    if ctx.req.local_share() > 0.0
        && strategy.is_some()
        && let Some(p) = pure_api_pick(ctx)
    {
        let o = option(
            ctx,
            StrategyKind::Buy,
            vec![route(&p, "all", 1.0, String::new())],
            Vec::new(),
        );
        curves.push(curve(&o, "pure API (ignores data locality)".to_owned()));
    }
    Sensitivity {
        self_hosting_break_even: break_even,
        curves,
        notes,
    }
}

/// A copy of the requirements with no data-locality constraint.
pub fn without_locality(req: &Requirements) -> Requirements {
    let mut open = req.clone();
    open.data.sensitive_share = Some(0.0);
    open
}

/// Convenience for the report: the running cost of each route, summed.
pub fn monthly(routes: &[Route]) -> Option<f64> {
    total(routes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_sweep_is_geometric_and_centred() {
        let v = volumes(10_000.0);
        assert_eq!(v.len(), 61);
        assert_eq!(v[30], 10_000.0);
        assert_eq!(v[0], 10.0);
        assert_eq!(v[60], 10_000_000.0);
        assert_eq!(v[40], 100_000.0);
    }
}
