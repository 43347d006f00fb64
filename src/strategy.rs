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
use crate::catalog::{Catalog, Offering, OfferingKind};
use crate::cost::{Sizing, Traffic, deployment_cost};
use crate::filter::Allowed;
use crate::num::{fmt_count, fmt_usd, round_to, ser_num, ser_opt_num, usd};
use crate::requirements::{MlOps, Requirements};
use crate::rules::RuleSet;
use crate::screened::{Screened, cost_range, deployment_score};

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
    /// All traffic on the cheapest API or private-cloud deployment the data
    /// rules allow (good enough for the accuracy, where one is): the seed's
    /// "pure API solution", compliant. Null when no such option exists.
    #[serde(serialize_with = "ser_opt_num")]
    pub pure_api_monthly_cost_usd: Option<f64>,
    /// The model of that pure-API reference.
    pub pure_api_model: Option<String>,
    /// Positive: cheaper to run than pure API; negative: dearer.
    #[serde(serialize_with = "ser_opt_num")]
    pub savings_vs_pure_api_pct: Option<f64>,
    /// The plan's monthly cost divided by the pure-API option's (SPEC §9);
    /// null when no pure-API option may carry the traffic.
    #[serde(serialize_with = "ser_opt_num")]
    pub cost_ratio_vs_pure_api: Option<f64>,
    /// The comparison in words: a percentage within ±100%, else a ratio.
    pub pure_api_statement: String,
    /// How the plan relates to the requirements' `reference_quote`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_quote: Option<QuoteComparison>,
    /// What the monthly cost is made of.
    pub cost_parts: CostParts,
    /// Every strategy considered, chosen or not.
    pub options: Vec<StrategyOption>,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
}

/// The running cost of a plan in parts (USD a month).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CostParts {
    /// Tokens on API and private-cloud deployments.
    #[serde(serialize_with = "ser_num")]
    pub model_api_usd: f64,
    /// Self-hosted GPUs (rented, amortised, or power and hosting).
    #[serde(serialize_with = "ser_num")]
    pub gpus_usd: f64,
    /// Operating the self-hosted deployments.
    #[serde(serialize_with = "ser_num")]
    pub operations_usd: f64,
    /// Embedding the queries (adaptation ≥ rag).
    #[serde(serialize_with = "ser_num")]
    pub retrieval_usd: f64,
    /// What the parts include and leave out.
    pub notes: Vec<String>,
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
    /// What the setup is made of.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub setup_parts: Vec<crate::setup::SetupPart>,
    /// Why it is infeasible, or how it compares.
    pub notes: Vec<String>,
    /// With fine-tuning: how its training compute was costed, or why it
    /// is unknown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub training: Vec<String>,
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
    /// The adaptation rungs the plan builds: retrieval, fine-tuning.
    pub rag: bool,
    pub fine_tuning: bool,
    /// Costed setup parts of the adaptation beyond the components (training
    /// compute, a from-scratch run).
    pub adaptation_parts: Vec<crate::setup::SetupPart>,
    /// The cost range of the candidate ranking: a full-traffic pick is
    /// scored on the same scale as the ranking, so both agree.
    pub ranking_range: Option<(f64, f64)>,
    /// `a` without the sizing arithmetic, for costing the deployments a
    /// pick compares (the one picked is costed again with it).
    pub a_quiet: Resolved,
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
    /// Boxed: picks are compared and moved by the hundred, sized only once.
    sizing: Option<Box<Sizing>>,
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
    let mut picks: Vec<Pick<'c>> = Vec::with_capacity(pool.iter().map(|s| s.options.len()).sum());
    // The full-traffic figure of each pick, where it can be reused.
    let mut known: Vec<Option<Option<f64>>> = Vec::with_capacity(picks.capacity());
    for (i, s) in pool.iter().enumerate() {
        for o in &s.options {
            let offering = &s.model.offerings[o.allowed.offering];
            if !accept(offering.kind, o.allowed) {
                continue;
            }
            // Fine-tuning: only where the tuned weights can run (issue 10
            // item 8), at the tuned model's prices.
            if ctx.fine_tuning && !serves_tuned_weights(offering) {
                continue;
            }
            known.push(
                (costed && !(ctx.fine_tuning && offering.fine_tuning.is_some()))
                    .then_some(o.cost.monthly_usd),
            );
            picks.push(Pick {
                screened: i,
                allowed: o.allowed,
                model: s.model,
                monthly: None,
                sizing: None,
                quality: s.quality.value,
            });
        }
    }
    let mut picks: Vec<Costed<'c>> = picks
        .into_iter()
        .zip(known)
        .map(|(pick, known)| Costed { pick, known })
        .collect();
    // Only the monthly figure counts here: no sizing arithmetic.
    let cost = |p: &Pick| {
        offering_cost(ctx, p.model, p.allowed.offering, traffic, &ctx.a_quiet).monthly_usd
    };
    best_pick(ctx, pool, &mut picks, objective, cost).map(|p| recost(ctx, p, traffic))
}

/// A pick, with its monthly cost once known (`Some`), or the full-traffic
/// figure it can take without costing.
struct Costed<'c> {
    pick: Pick<'c>,
    known: Option<Option<f64>>,
}

impl<'c> Costed<'c> {
    /// Its monthly cost, computed with `cost` the first time.
    fn costed(&mut self, cost: &impl Fn(&Pick) -> Option<f64>) -> &Pick<'c> {
        let monthly = *self.known.get_or_insert_with(|| cost(&self.pick));
        self.pick.monthly = monthly;
        &self.pick
    }
}

/// The pick that best meets `objective`. Costing a deployment for a share
/// of the traffic sizes it, so only the picks the objective can choose
/// are costed: all of them for a score (cost is one of its criteria), the
/// highest-quality ones for the best quality, the good-enough ones for the
/// cheapest good-enough one (and, when none of them has a cost, the
/// others by quality).
fn best_pick<'c>(
    ctx: &Context<'_, 'c>,
    pool: &[Screened<'c>],
    picks: &mut [Costed<'c>],
    objective: Objective,
    cost: impl Fn(&Pick) -> Option<f64>,
) -> Option<Pick<'c>> {
    let cost_key = |p: &Pick| p.monthly.unwrap_or(f64::INFINITY);
    let tie = |x: &Pick, y: &Pick| {
        cost_key(x)
            .total_cmp(&cost_key(y))
            .then_with(|| x.model.id.cmp(&y.model.id))
            .then_with(|| x.allowed.offering.cmp(&y.allowed.offering))
    };
    // The highest-quality picks with a cost, costing them level by level
    // from the top; the cheapest of the first level that has one.
    let best_quality = |picks: &mut [Costed<'c>]| -> Option<Pick<'c>> {
        let quality: Vec<f64> = picks.iter().map(|c| c.pick.quality).collect();
        let mut order: Vec<usize> = (0..picks.len()).collect();
        order.sort_by(|&i, &j| quality[j].total_cmp(&quality[i]));
        for level in order.chunk_by(|&i, &j| quality[i].total_cmp(&quality[j]).is_eq()) {
            let found = level
                .iter()
                .map(|&i| picks[i].costed(&cost).clone())
                .filter(|p| p.monthly.is_some())
                .min_by(|x, y| tie(x, y));
            if found.is_some() {
                return found;
            }
        }
        None
    };
    match objective {
        Objective::BestScore | Objective::BestRanked => {
            for p in picks.iter_mut() {
                p.costed(&cost);
            }
            let range = if objective == Objective::BestRanked {
                ctx.ranking_range
            } else {
                cost_range(picks.iter().filter_map(|p| p.pick.monthly))
            };
            let criteria = crate::score::Criteria::new(ctx.req, ctx.rules, ctx.a);
            picks
                .iter()
                .map(|c| {
                    let p = &c.pick;
                    let s = &pool[p.screened];
                    (
                        deployment_score(&criteria, s, p.allowed, p.monthly, range),
                        p,
                    )
                })
                .min_by(|(sx, x), (sy, y)| sy.total_cmp(sx).then_with(|| tie(x, y)))
                .map(|(_, p)| p.clone())
        }
        Objective::BestQuality => best_quality(picks),
        Objective::CheapestGoodEnough(threshold) => {
            // A model whose quality is only a prior (no tier, no benchmark:
            // e.g. one that only an imported price list knows) is not taken
            // as good enough on that prior.
            let good = picks
                .iter_mut()
                .filter(|c| c.pick.quality >= threshold && c.pick.model.has_quality_evidence())
                .map(|c| c.costed(&cost).clone())
                .filter(|p| p.monthly.is_some())
                .min_by(|x, y| tie(x, y));
            good.or_else(|| best_quality(picks))
        }
    }
}

/// The same pick, costed for other traffic.
/// Whether tuned weights can be served on `offering`: self-hosted open
/// weights, or an offering whose catalog entry has `fine_tuning` (a shared
/// base-model API cannot serve them).
pub fn serves_tuned_weights(offering: &Offering) -> bool {
    offering.kind == OfferingKind::SelfHosted || offering.fine_tuning.is_some()
}

/// The cost of one offering for `traffic`; with fine-tuning, at the tuned
/// model's inference prices where the catalog gives them.
fn offering_cost(
    ctx: &Context,
    model: &crate::catalog::Model,
    offering: usize,
    traffic: &Traffic,
    a: &Resolved,
) -> crate::cost::DeploymentCost {
    let o = &model.offerings[offering];
    match o.fine_tuning.as_ref().filter(|_| ctx.fine_tuning) {
        Some(ft) => {
            let mut tuned = o.clone();
            tuned.input_per_mtok = ft.input_per_mtok.or(o.input_per_mtok);
            tuned.output_per_mtok = ft.output_per_mtok.or(o.output_per_mtok);
            if ft.input_per_mtok.is_some() {
                // A cached-input discount of the base model says nothing
                // of the tuned one's.
                tuned.cached_input_per_mtok = None;
            }
            deployment_cost(model, &tuned, ctx.catalog, traffic, a)
        }
        None => deployment_cost(model, o, ctx.catalog, traffic, a),
    }
}

fn recost<'c>(ctx: &Context<'_, 'c>, p: Pick<'c>, traffic: &Traffic) -> Pick<'c> {
    let cost = offering_cost(ctx, p.model, p.allowed.offering, traffic, ctx.a);
    Pick {
        monthly: cost.monthly_usd,
        sizing: cost.sizing.map(Box::new),
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
        sizing: p.sizing.as_deref().cloned(),
    }
}

fn total(routes: &[Route]) -> Option<f64> {
    routes
        .iter()
        .map(|r| r.monthly_cost_usd)
        .sum::<Option<f64>>()
        .map(usd)
}

/// The plan set beside a quote the requirements name.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct QuoteComparison {
    #[serde(serialize_with = "ser_num")]
    pub quote_monthly_usd: f64,
    /// The plan's modelled monthly cost / the quote.
    #[serde(serialize_with = "ser_opt_num")]
    pub plan_ratio: Option<f64>,
    /// The quoted model's token cost at this traffic on its first priced
    /// API offering (null without a model or a price).
    #[serde(serialize_with = "ser_opt_num")]
    pub model_monthly_usd: Option<f64>,
    /// Monthly requests at which that token cost alone reaches the quote
    /// (token cost is linear in volume).
    #[serde(serialize_with = "ser_opt_num")]
    pub requests_per_month_at_quote: Option<f64>,
    pub statement: String,
}

/// How the plan relates to `reference_quote` (issue 10 item 2): the plan's
/// cost against the quote, and where the quoted model's tokens alone
/// would reach it; the rest of a quote pays for what token prices leave
/// out.
fn reference_quote(ctx: &Context, plan: Option<f64>) -> Option<QuoteComparison> {
    let q = ctx.req.reference_quote.as_ref()?;
    let label = q
        .label
        .clone()
        .unwrap_or_else(|| "the reference quote".to_owned());
    let plan_ratio = plan.map(|m| round_to(m / q.monthly_usd, 4));
    let mut statement = format!("{label} is {} a month", fmt_usd(q.monthly_usd));
    if let (Some(m), Some(r)) = (plan, plan_ratio) {
        statement.push_str(&format!(
            "; this plan is modelled at {} ({}× the quote)",
            fmt_usd(m),
            crate::num::fmt_num(r)
        ));
    }
    let quoted = q
        .model
        .as_deref()
        .and_then(|id| ctx.catalog.models.iter().find(|m| m.id == id));
    let priced = quoted.and_then(|m| {
        m.offerings
            .iter()
            .filter(|o| o.kind == OfferingKind::Api)
            .find_map(|o| {
                deployment_cost(m, o, ctx.catalog, &ctx.traffic, &ctx.a_quiet)
                    .monthly_usd
                    .filter(|c| *c > 0.0)
                    .map(|c| (m, o, c))
            })
    });
    let requests = ctx.traffic.requests_per_month;
    let (model_monthly, at_quote) = match priced {
        Some((m, o, cost)) => {
            let at = requests * q.monthly_usd / cost;
            statement.push_str(&format!(
                ". At this catalog's prices, {} via {} costs {} a month in tokens for all {} requests, so tokens alone reach the quote at about {} requests a month ({}× today's volume){}",
                m.name,
                o.host.as_deref().unwrap_or("its API"),
                fmt_usd(cost),
                fmt_count(requests),
                fmt_count(at.round()),
                crate::num::fmt_num(at / requests),
                if cost < q.monthly_usd {
                    ": the rest of the quote pays for what token prices leave out (the retrieval stack, hosting, operations, margin) — ask what it includes"
                } else {
                    ""
                }
            ));
            (Some(usd(cost)), Some(at.round()))
        }
        None => {
            if let Some(id) = &q.model {
                statement.push_str(&format!(
                    ". `{id}` has no priced API offering in the catalog to set beside it"
                ));
            }
            (None, None)
        }
    };
    Some(QuoteComparison {
        quote_monthly_usd: q.monthly_usd,
        plan_ratio,
        model_monthly_usd: model_monthly,
        requests_per_month_at_quote: at_quote,
        statement,
    })
}

/// One line per route whose model sits below the good-enough bar of the
/// requested accuracy, or whose quality range straddles it (issue 10 item 6,
/// issue 12): the default report says so instead of `--explain` alone.
fn bar_notes(ctx: &Context, routes: &[Route]) -> Vec<String> {
    let bar = good_enough(ctx);
    let level = ctx.req.accuracy.level.as_str();
    let mut notes = Vec::new();
    for r in routes {
        // A bulk route may use a model that only the pool without locality
        // holds.
        let Some(q) = ctx
            .screened
            .iter()
            .chain(ctx.screened_open)
            .find(|s| s.model.id == r.model)
            .map(|s| &s.quality)
        else {
            continue;
        };
        if q.value < bar {
            notes.push(format!(
                "route `{}`: {}'s quality {:.2} ({:.2}–{:.2}) is below the {bar:.2} that counts as good enough for `{level}` accuracy (the route's reason says why it was chosen all the same): check it with your evals before committing",
                r.traffic, r.model_name, q.value, q.low, q.high
            ));
        } else if q.low < bar {
            notes.push(format!(
                "route `{}`: {}'s quality range {:.2}–{:.2} straddles the {bar:.2} bar for `{level}` accuracy: the benchmarks do not settle whether it is good enough, your evals do",
                r.traffic, r.model_name, q.low, q.high
            ));
        }
    }
    notes
}

fn good_enough(ctx: &Context) -> f64 {
    ctx.rules
        .scoring
        .good_enough_quality
        .get(ctx.req.accuracy.level.as_str())
        .copied()
        .unwrap_or(0.0)
}

/// The training compute of fine-tuning each route's model (issue 10 item
/// 8): training tokens = labelled examples × tokens per request × epochs;
/// self-hosted at 6 × active parameters FLOPs per token on the route's GPU,
/// on a host at its training price. Unknown figures are notes, never zero
/// in silence.
fn training_compute(
    ctx: &Context,
    routes: &[Route],
) -> (Option<crate::setup::SetupPart>, Vec<String>) {
    let epochs = ctx.a.fine_tuning().and_then(|f| f.epochs).unwrap_or(1.0);
    let per_request = ctx.traffic.input_tokens + ctx.traffic.output_tokens;
    let tokens = ctx.req.adaptation.labeled_examples as f64 * per_request * epochs;
    let mut usd_total = 0.0;
    let mut notes = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for r in routes {
        if !seen.insert((r.model.clone(), r.deployment.clone(), r.host.clone())) {
            continue;
        }
        let Some(model) = ctx.catalog.models.iter().find(|m| m.id == r.model) else {
            continue;
        };
        let offering = model.offerings.iter().find(|o| {
            crate::score::kind_name(o.kind) == r.deployment
                && match o.kind {
                    OfferingKind::SelfHosted => o.gpu == r.host,
                    _ => o.host == r.host,
                }
        });
        let Some(offering) = offering else { continue };
        let what = format!(
            "fine-tuning {} ({} examples × {} tokens × {epochs} epochs = {} training tokens)",
            r.model_name,
            fmt_count(ctx.req.adaptation.labeled_examples as f64),
            fmt_count(per_request),
            fmt_count(tokens)
        );
        if offering.kind == OfferingKind::SelfHosted {
            let gpu = offering.gpu.as_deref().and_then(|g| ctx.catalog.gpu(g));
            let active = model.params_b.as_ref().and_then(|p| p.active.or(p.total));
            let mfu = ctx.a.training().and_then(|t| t.mfu);
            match (gpu, active, mfu) {
                (Some(g), Some(active), Some(mfu)) => {
                    match (g.bf16_tflops, g.usd_per_gpu_hour) {
                        (Some(tflops), Some(price)) => {
                            let hours = 6.0 * active * 1e9 * tokens / (tflops * 1e12 * mfu) / 3600.0;
                            usd_total += hours * price;
                            notes.push(format!(
                                "{what}: 6 × {active}B active parameters × tokens = {:.1e} FLOPs, {:.2} GPU-hours on {} at {:.0}% utilisation × {}/hour = {}",
                                6.0 * active * 1e9 * tokens,
                                hours,
                                g.name,
                                mfu * 100.0,
                                fmt_usd(price),
                                fmt_usd(hours * price)
                            ));
                        }
                        _ => notes.push(format!(
                            "{what}: training compute unknown ({} has no BF16 TFLOPS or hourly price in the catalog); not in the setup",
                            g.name
                        )),
                    }
                }
                _ => notes.push(format!(
                    "{what}: training compute unknown (the GPU, the active parameters or the training utilisation is missing); not in the setup"
                )),
            }
        } else {
            match offering.fine_tuning.as_ref().and_then(|f| f.training_per_mtok) {
                Some(price) => {
                    usd_total += tokens / 1e6 * price;
                    notes.push(format!(
                        "{what} on {}: {} training tokens × {}/M = {}",
                        r.host.as_deref().unwrap_or("the host"),
                        fmt_count(tokens),
                        fmt_usd(price),
                        fmt_usd(tokens / 1e6 * price)
                    ));
                }
                None => notes.push(format!(
                    "{what} on {}: the catalog has no training price for it, so the setup leaves the training bill out — ask the host",
                    r.host.as_deref().unwrap_or("the host")
                )),
            }
        }
    }
    let part = (usd_total > 0.0).then(|| crate::setup::SetupPart {
        component: "fine_tuning_compute".to_owned(),
        engineer_weeks: 0.0,
        weeks: 0.0,
        usd: usd(usd_total),
    });
    (part, notes)
}

/// Builds an option from routes: setup, TCO, time to market.
fn option(
    ctx: &Context,
    kind: StrategyKind,
    routes: Vec<Route>,
    mut notes: Vec<String>,
) -> StrategyOption {
    let self_hosted = routes.iter().filter(|r| r.deployment == "self-hosted");
    let shape = crate::setup::Shape {
        self_hosted: self_hosted.clone().next().is_some(),
        self_hosted_all: self_hosted.map(|r| r.share).sum::<f64>() >= 1.0 - 1e-9,
        routed: routes.len() > 1,
        rag: ctx.rag,
        fine_tuning: ctx.fine_tuning,
        sensitive: ctx.req.data.sensitivity.must_stay_local(),
    };
    let mut extra = ctx.adaptation_parts.clone();
    let mut training = Vec::new();
    if ctx.fine_tuning && !routes.is_empty() {
        let (part, training_notes) = training_compute(ctx, &routes);
        extra.extend(part);
        training = training_notes;
    }
    let plan = crate::setup::estimate(ctx.a, kind.as_str(), shape, extra);
    let (setup, weeks) = (Some(plan.usd), Some(plan.weeks));
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
        setup_parts: plan.parts,
        notes,
        training,
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
        setup_parts: Vec::new(),
        notes: vec![why],
        training: Vec::new(),
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
            let among = if ctx.req.data.allow_private_cloud {
                "API and private-cloud deployments"
            } else {
                "API deployments"
            };
            let reason = format!(
                "best weighted score among {among} for all {} requests",
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
    let mut bulk_share = (1.0 - local) * (1.0 - complex);
    let threshold = good_enough(ctx);
    let mut routes = Vec::new();
    if local > 0.0 {
        let t = ctx.traffic.share(local);
        match pick(ctx, ctx.screened, &t, Objective::BestScore, |_, allowed| {
            allowed.serves_sensitive
        }) {
            Some(p) => {
                let kind = crate::score::kind_name(p.model.offerings[p.allowed.offering].kind);
                let mut reason = format!(
                    "the {:.0}% {} requests stay in your infrastructure: best weighted score among local deployments ({kind})",
                    local * 100.0,
                    ctx.req.data.sensitivity.as_str()
                );
                // GPUs already paid for carry the bulk first, up to their
                // capacity, then as far as they are the cheaper marginal cost.
                let (p, moved) = fill_local(ctx, p, local, bulk_share, threshold);
                // The route keeps its name: exports key the local-only
                // model group on it.
                let name = "sensitive";
                if moved > 0.0 {
                    bulk_share -= moved;
                    reason.push_str(&format!(
                        "; it also carries {:.0}% of the non-sensitive bulk ({}), on capacity already paid for or cheaper than an API at the margin",
                        moved * 100.0,
                        if p.quality >= threshold {
                            format!("quality {:.2}, good enough for `{}`", p.quality, ctx.req.accuracy.level.as_str())
                        } else {
                            "no better option".to_owned()
                        }
                    ));
                }
                routes.push(route(&p, name, local + moved, reason));
            }
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
    let bulk = (bulk_share > 1e-9)
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

/// How much of `bulk` (a share of all requests) the self-hosted `local`
/// pick should also carry: its spare capacity first (the same GPUs, so no
/// extra cost), then more while a larger deployment costs less at the
/// margin than the cheapest good-enough API would. Only a self-hosted pick
/// whose quality is good enough takes bulk traffic.
fn fill_local<'c>(
    ctx: &Context<'_, 'c>,
    p: Pick<'c>,
    local: f64,
    bulk: f64,
    threshold: f64,
) -> (Pick<'c>, f64) {
    let offering = &p.model.offerings[p.allowed.offering];
    if offering.kind != OfferingKind::SelfHosted || p.quality < threshold || bulk <= 0.0 {
        return (p, 0.0);
    }
    let cost = |share: f64| {
        deployment_cost(
            p.model,
            offering,
            ctx.catalog,
            &ctx.traffic.share(share),
            &ctx.a_quiet,
        )
        .monthly_usd
    };
    let Some(base) = cost(local) else {
        return (p, 0.0);
    };
    // Spare capacity: the largest extra share at the same monthly cost.
    let (mut lo, mut hi) = (0.0_f64, bulk);
    if cost(local + bulk).is_some_and(|c| c <= base) {
        lo = bulk;
    } else {
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            if cost(local + mid).is_some_and(|c| c <= base) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }
    let mut moved = round_to(lo, 6);
    // The rest goes local too if that is cheaper at the margin than an API.
    let rest = bulk - moved;
    if rest > 1e-9 {
        let api = pick(
            ctx,
            ctx.screened,
            &ctx.traffic.share(rest),
            Objective::CheapestGoodEnough(threshold),
            |kind, _| kind != OfferingKind::SelfHosted,
        )
        .and_then(|a| a.monthly);
        let marginal = cost(local + bulk)
            .zip(cost(local + moved))
            .map(|(a, b)| a - b);
        if let (Some(m), Some(a)) = (marginal, api)
            && m < a
        {
            moved = bulk;
        }
    }
    if moved <= 0.0 {
        return (p, 0.0);
    }
    let p = recost(ctx, p, &ctx.traffic.share(local + moved));
    (p, moved)
}

/// The pure-API reference: all traffic on the cheapest good-enough API or
/// private-cloud deployment that the data rules allow to carry all of it.
fn pure_api(ctx: &Context) -> Option<(f64, String)> {
    let p = pure_api_pick(ctx)?;
    Some((p.monthly?, p.model.id.clone()))
}

fn pure_api_pick<'c>(ctx: &Context<'_, 'c>) -> Option<Pick<'c>> {
    let local = ctx.req.local_share();
    pick(
        ctx,
        ctx.screened,
        &ctx.traffic,
        Objective::CheapestGoodEnough(good_enough(ctx)),
        |kind, allowed| {
            kind != OfferingKind::SelfHosted && (local == 0.0 || allowed.serves_sensitive)
        },
    )
}

/// The plan against the pure-API reference, in words: a percentage inside
/// ±100%, a ratio beyond.
fn compare_with_pure_api(
    monthly: Option<f64>,
    pure: Option<&(f64, String)>,
    fine_tuning: bool,
) -> (Option<f64>, Option<f64>, String) {
    let Some((p, model)) = pure else {
        let why = if fine_tuning {
            "under the data rules that can also serve the fine-tuned weights"
        } else {
            "under the data rules"
        };
        return (
            None,
            None,
            format!(
                "no pure-API option is allowed: no API or private-cloud deployment may carry all the traffic {why}"
            ),
        );
    };
    let Some(m) = monthly.filter(|_| *p > 0.0) else {
        return (
            None,
            None,
            format!("pure API ({model}): {} a month", fmt_usd(*p)),
        );
    };
    let ratio = round_to(m / p, 4);
    let pct = round_to((p - m) / p * 100.0, 1);
    let statement = if ratio > 2.0 {
        format!(
            "{} × the cheapest compliant API plan ({} a month on {model})",
            crate::num::fmt_num(ratio),
            fmt_usd(*p)
        )
    } else if ratio < 0.5 {
        format!(
            "{} of the cheapest compliant API plan ({} a month on {model}): {} × cheaper",
            crate::num::fmt_num(ratio),
            fmt_usd(*p),
            crate::num::fmt_num(1.0 / ratio)
        )
    } else if pct >= 0.0 {
        format!(
            "{}% below the cheapest compliant API plan ({} a month on {model})",
            crate::num::fmt_num(pct),
            fmt_usd(*p)
        )
    } else {
        format!(
            "{}% above the cheapest compliant API plan ({} a month on {model})",
            crate::num::fmt_num(-pct),
            fmt_usd(*p)
        )
    };
    (Some(pct), Some(ratio), statement)
}

/// The plan's running cost in parts.
fn cost_parts(ctx: &Context, routes: &[Route]) -> CostParts {
    let mut parts = CostParts {
        model_api_usd: 0.0,
        gpus_usd: 0.0,
        operations_usd: 0.0,
        retrieval_usd: 0.0,
        notes: Vec::new(),
    };
    for r in routes {
        match &r.sizing {
            Some(s) => {
                parts.gpus_usd += s.compute_usd_per_month.unwrap_or(0.0);
                parts.operations_usd += s.ops_usd_per_month;
            }
            None => parts.model_api_usd += r.monthly_cost_usd.unwrap_or(0.0),
        }
    }
    if ctx.rag {
        let retrieval = ctx.a.raw.retrieval.clone().unwrap_or_default();
        if let (Some(tokens), Some(price)) =
            (retrieval.query_tokens, retrieval.embedding_usd_per_mtok)
        {
            parts.retrieval_usd = usd(ctx.traffic.requests_per_month * tokens * price / 1e6);
            parts.notes.push(format!(
                "retrieval: {} queries × {} tokens embedded at {}/M tokens",
                fmt_count(ctx.traffic.requests_per_month.round()),
                fmt_count(tokens),
                crate::num::fmt_price(price)
            ));
        }
        match retrieval.vector_store_usd_per_month {
            Some(v) => parts.retrieval_usd = usd(parts.retrieval_usd + v),
            None => parts.notes.push(
                "vector-store hosting is not included: no source prices it (assumptions.retrieval.vector_store_usd_per_month)"
                    .to_owned(),
            ),
        }
    }
    parts.model_api_usd = usd(parts.model_api_usd);
    parts.gpus_usd = usd(parts.gpus_usd);
    parts.operations_usd = usd(parts.operations_usd);
    parts
}

/// Rules out the options that break a budget or the deadline, saying why.
fn check_limits(req: &Requirements, options: &mut [StrategyOption]) {
    for o in options.iter_mut().filter(|o| o.feasible) {
        let mut why = Vec::new();
        if let (Some(budget), Some(s)) = (req.budget.setup_usd, o.setup_cost_usd)
            && s > budget
        {
            why.push(format!(
                "its setup of {} is above the {} setup budget",
                fmt_usd(s),
                fmt_usd(budget)
            ));
        }
        if let (Some(budget), Some(m)) = (req.budget.monthly_usd, o.monthly_cost_usd)
            && m > budget
        {
            why.push(format!(
                "its running cost of {} a month is above the {} budget",
                fmt_usd(m),
                fmt_usd(budget)
            ));
        }
        if let (Some(d), Some(w)) = (req.time_to_market_weeks, o.time_to_market_weeks)
            && w > d
        {
            why.push(format!(
                "about {} weeks to set up, past the {}-week deadline",
                crate::num::fmt_num(w),
                crate::num::fmt_num(d)
            ));
        }
        if !why.is_empty() {
            o.feasible = false;
            o.notes.extend(why);
        }
    }
}

/// The smallest relaxations that would make some option feasible: for each
/// option ruled out by a budget or the deadline alone, the value it needs.
pub fn relaxations(req: &Requirements, options: &[StrategyOption]) -> Vec<String> {
    let mut out = Vec::new();
    let costed: Vec<&StrategyOption> = options.iter().filter(|o| !o.routes.is_empty()).collect();
    let min = |f: &dyn Fn(&StrategyOption) -> Option<f64>| {
        costed
            .iter()
            .filter_map(|o| f(o))
            .fold(f64::INFINITY, f64::min)
    };
    if let Some(b) = req.budget.setup_usd {
        let need = min(&|o| o.setup_cost_usd);
        if need.is_finite() && need > b {
            out.push(format!(
                "raise the setup budget to {} (budget.setup_usd)",
                fmt_usd(need)
            ));
        }
    }
    if let Some(b) = req.budget.monthly_usd {
        let need = min(&|o| o.monthly_cost_usd);
        if need.is_finite() && need > b {
            out.push(format!(
                "raise the monthly budget to {} (budget.monthly_usd)",
                fmt_usd(need)
            ));
        }
    }
    if let Some(d) = req.time_to_market_weeks {
        let need = min(&|o| o.time_to_market_weeks);
        if need.is_finite() && need > d {
            out.push(format!(
                "allow {} weeks to ship (time_to_market_weeks)",
                crate::num::fmt_num(need)
            ));
        }
    }
    if req.local_share() > 0.0 && !req.data.allow_private_cloud {
        out.push(
            "allow the vendor model in your own cloud tenant (data.allow_private_cloud: true)"
                .to_owned(),
        );
    }
    out
}

/// Chooses the strategy: the lowest cost of ownership over the horizon among
/// the options that meet every constraint (a strategic data advantage picks
/// build when build is possible).
pub fn decide(ctx: &Context) -> Result<Strategy, Vec<String>> {
    let req = ctx.req;
    let mut options = vec![buy(ctx), build(ctx), blend(ctx)];
    check_limits(req, &mut options);
    let local = req.local_share();
    let why_none = |options: &[StrategyOption]| -> Vec<String> {
        let mut why: Vec<String> = options
            .iter()
            .map(|o| format!("no {}: {}", o.kind.as_str(), o.notes.join("; ")))
            .collect();
        let relax = relaxations(req, options);
        if !relax.is_empty() {
            why.push(format!(
                "a plan becomes possible if you {}",
                relax.join(", or ")
            ));
        }
        why
    };
    let tco = |o: &StrategyOption| o.tco_usd.unwrap_or(f64::INFINITY);
    let mut feasible: Vec<&StrategyOption> = options.iter().filter(|o| o.feasible).collect();
    if feasible.is_empty() {
        return Err(why_none(&options));
    }
    // Cheapest over the horizon first; on a tie the simpler plan.
    feasible.sort_by(|x, y| {
        tco(x)
            .total_cmp(&tco(y))
            .then_with(|| (x.kind as u8).cmp(&(y.kind as u8)))
    });
    let mut reasons = Vec::new();
    let advantage = req.adaptation.strategic_data_advantage
        && feasible.iter().any(|o| o.kind == StrategyKind::Build);
    let chosen: StrategyOption = if advantage {
        reasons.push(
            "your data is a competitive advantage: own the weights on your own infrastructure (Build, like Harvey's legal LLM); the adaptation section says how deep to adapt them"
                .to_owned(),
        );
        (*feasible
            .iter()
            .find(|o| o.kind == StrategyKind::Build)
            .unwrap())
        .clone()
    } else {
        feasible[0].clone()
    };
    let money = |v: Option<f64>| v.map_or("unknown".to_owned(), fmt_usd);
    if !advantage {
        let horizon = req.horizon_months;
        let total = money(chosen.tco_usd);
        reasons.push(match (chosen.kind, local) {
            (StrategyKind::Buy, l) if l > 0.0 => format!(
                "{:.0}% of requests are {}, and the vendor model in your own cloud tenant may carry them (data.allow_private_cloud): buy has the lowest {horizon}-month cost of ownership ({total})",
                l * 100.0,
                req.data.sensitivity.as_str()
            ),
            (StrategyKind::Buy, _) => format!(
                "no data has to stay local, and one API has the lowest {horizon}-month cost of ownership ({total}): buy (commodity use case, speed to market)"
            ),
            (StrategyKind::Blend, l) if l > 0.0 => format!(
                "{:.0}% of requests are {} and must stay local, the rest may use any model: route them (Blend — buy the platform, build the last mile), the lowest {horizon}-month cost of ownership ({total})",
                l * 100.0,
                req.data.sensitivity.as_str()
            ),
            (StrategyKind::Blend, _) => format!(
                "routing the traffic across deployments gives the lowest {horizon}-month cost of ownership ({total})"
            ),
            (StrategyKind::Build, l) if l >= 1.0 => format!(
                "all requests are {} and must stay in your infrastructure: only self-hosted open weights qualify ({total} over {horizon} months)",
                req.data.sensitivity.as_str()
            ),
            (StrategyKind::Build, _) => format!(
                "self-hosting has the lowest {horizon}-month cost of ownership ({total}) at this volume"
            ),
        });
    }
    // The runner-up, and what separates it from the choice.
    if let Some(second) = feasible.iter().find(|o| o.kind != chosen.kind)
        && let (Some(x), Some(y)) = (second.tco_usd, chosen.tco_usd)
    {
        reasons.push(format!(
            "runner-up: {} at {} over {} months ({} {})",
            second.kind.as_str(),
            fmt_usd(x),
            req.horizon_months,
            fmt_usd((x - y).abs()),
            if x >= y {
                "more"
            } else {
                "less, but your data advantage calls for build"
            }
        ));
    }

    for o in &mut options {
        if o.kind == chosen.kind {
            o.notes.push("chosen".to_owned());
        } else if o.feasible
            && let (Some(x), Some(y)) = (o.tco_usd, chosen.tco_usd)
        {
            o.notes.push(format!(
                "{} over {} months ({} {} than the chosen {})",
                fmt_usd(x),
                req.horizon_months,
                fmt_usd((x - y).abs()),
                if x >= y { "more" } else { "less" },
                chosen.kind.as_str()
            ));
        }
    }
    let chosen = &chosen;

    let mut warnings = Vec::new();
    let self_hosted = chosen.routes.iter().any(|r| r.deployment == "self-hosted");
    if self_hosted && req.team.ml_ops == MlOps::None {
        warnings.push(
            "this advice needs self-hosted GPUs and team.ml_ops is `none`: the seed's second mistake is \"insisting on self-hosting everything and failing under the complexity\" — hire or contract MLOps capacity, or allow the vendor model in your own cloud tenant (data.allow_private_cloud)"
                .to_owned(),
        );
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
    warnings.extend(bar_notes(ctx, &chosen.routes));
    for r in &chosen.routes {
        if let Some(s) = &r.sizing
            && s.plan.basis != crate::capacity::Basis::Measured
        {
            warnings.push(format!(
                "route `{}`: the throughput of {} on {} is estimated for this workload, not measured (see its sizing notes): run a load test before buying GPUs",
                r.traffic, r.model_name, s.gpu_name
            ));
        }
    }

    let pure = pure_api(ctx);
    let (savings, ratio, pure_statement) =
        compare_with_pure_api(chosen.monthly_cost_usd, pure.as_ref(), ctx.fine_tuning);
    if ratio.is_some() && (chosen.kind != StrategyKind::Buy || local > 0.0) {
        reasons.push(format!("running cost {pure_statement}"));
    }
    // Say why, when a mostly idle GPU is what costs the money.
    if ratio.is_some_and(|r| r > 1.0) {
        let idle = chosen.routes.iter().find_map(|r| {
            let sizing = r.sizing.as_ref()?;
            (sizing.plan.utilization < 0.1).then_some((r, sizing))
        });
        if let Some((r, sizing)) = idle {
            reasons.push(format!(
                "the `{}` route's {} GPU(s) are {}% busy at average load: a GPU costs the same whether it serves {} requests a month or many times more, so at this volume the fixed cost of self-hosting dominates (see `what would change the answer`)",
                r.traffic,
                sizing.total_gpus,
                crate::num::fmt_num(sizing.plan.utilization * 100.0),
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
        cost_ratio_vs_pure_api: ratio,
        pure_api_statement: pure_statement,
        reference_quote: reference_quote(ctx, chosen.monthly_cost_usd),
        cost_parts: cost_parts(ctx, &chosen.routes),
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
    /// For the chosen plan: each lever that changes the answer, and where
    /// (SPEC §9), found by running the decision again.
    pub levers: Vec<crate::levers::Lever>,
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
            deployment_cost(
                model,
                offering,
                ctx.catalog,
                &traffic.share(r.share),
                &ctx.a_quiet,
            )
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

/// Computes the break-even and the cost curves. The break-even is for a
/// model on the chosen plan's routes, against an API that route's data may
/// use; there is none to state when no route has both.
pub fn sensitivity(ctx: &Context, strategy: Option<&Strategy>) -> Sensitivity {
    let current = ctx.traffic.requests_per_month;
    let notes = Vec::new();
    let mut break_even = None;
    let on_routes: Vec<(&str, bool)> = strategy
        .map(|st| {
            st.routes
                .iter()
                .map(|r| {
                    (
                        r.model.as_str(),
                        r.traffic == "sensitive" || r.traffic == "all",
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for (id, carries_sensitive) in on_routes {
        let needs_local = carries_sensitive && ctx.req.local_share() > 0.0;
        let Some(s) = ctx.screened.iter().find(|s| s.model.id == id) else {
            continue;
        };
        let api = s
            .options
            .iter()
            .filter(|o| s.model.offerings[o.allowed.offering].kind == OfferingKind::Api)
            .filter(|o| !needs_local || o.allowed.serves_sensitive)
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
            deployment_cost(
                s.model,
                o,
                ctx.catalog,
                &ctx.traffic.with_volume(v),
                &ctx.a_quiet,
            )
            .monthly_usd
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
    // The compliant pure-API reference, when it is not the buy option.
    if strategy.is_some()
        && let Some(p) = pure_api_pick(ctx)
    {
        let o = option(
            ctx,
            StrategyKind::Buy,
            vec![route(&p, "all", 1.0, String::new())],
            Vec::new(),
        );
        let same = curves
            .iter()
            .any(|c| c.kind == StrategyKind::Buy && c.points == curve(&o, String::new()).points);
        if !same {
            curves.push(curve(&o, "cheapest compliant pure API".to_owned()));
        }
    }
    Sensitivity {
        self_hosting_break_even: break_even,
        curves,
        levers: Vec::new(),
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
