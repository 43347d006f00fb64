//! `fmselect recommend`: the decision pipeline of SPEC §5, end to end.
//!
//! parse → validate → evaluate rules → filter → cost → score → rank →
//! (strategy → adaptation → eval plan) → report. [`analyse`] is the pure core:
//! same inputs, byte-identical report.

use std::collections::BTreeMap;

use crate::assumptions::Resolved;
use crate::catalog::{Catalog, Model, OfferingKind};
use crate::cost::{DeploymentCost, Traffic, deployment_cost};
use crate::diag::{Diagnostic, Diagnostics};
use crate::filter::{Allowed, Screen, screen};
use crate::num::fmt_usd;
use crate::quality::{Quality, QualityModel};
use crate::report::{AssumptionsInfo, Candidate, CatalogInfo, CategoryHit, Excluded, Report, Tool};
use crate::requirements::{self, Requirements};
use crate::rules::{Evaluator, ModelVerdict, RuleSet};
use crate::score;
use crate::source::Source;

/// Options of `fmselect recommend`.
#[derive(Debug, Clone, Default)]
pub struct RecommendOptions {
    /// The requirements file (`-` for standard input).
    pub requirements: String,
    /// Catalog files; empty = the embedded catalog.
    pub catalogs: Vec<String>,
    pub rules: Option<String>,
    /// Keep only the first N candidates in the report.
    pub top: Option<usize>,
}

/// A finished recommendation and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub report: Report,
    /// Warnings about the inputs (stale prices, unknown ids, ...), for stderr.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads every input and runs the pipeline. Every input problem is reported,
/// located, before anything is computed.
pub fn recommend(opts: &RecommendOptions) -> Result<Recommendation, Diagnostics> {
    let mut errors = Vec::new();
    let catalog = Catalog::load(&opts.catalogs)
        .map_err(|d| errors.extend(d.0))
        .ok();
    let rules = RuleSet::load(opts.rules.as_deref())
        .map_err(|d| errors.extend(d.0))
        .ok();
    let loaded = Source::read(&opts.requirements)
        .and_then(|s| requirements::load(&s))
        .map_err(|d| errors.extend(d.0))
        .ok();
    let (Some(catalog), Some(rules), Some((req, mut diagnostics))) = (catalog, rules, loaded)
    else {
        return Err(Diagnostics(errors));
    };
    let assumptions = Resolved::new(&catalog.assumptions, req.assumptions.as_ref())?;
    let req = requirements::normalise(req, &assumptions);
    diagnostics.extend(unknown_id_warnings(&req, &catalog, &opts.requirements));
    let report = analyse(&catalog, &rules, req, &assumptions, opts.top)?;
    Ok(Recommendation {
        report,
        diagnostics,
    })
}

/// Warns about model ids in allow/deny lists that the catalog does not have.
fn unknown_id_warnings(req: &Requirements, catalog: &Catalog, file: &str) -> Vec<Diagnostic> {
    let lists = &req.constraints.models;
    lists
        .allow
        .iter()
        .chain(&lists.deny)
        .filter(|id| catalog.model(id).is_none())
        .map(|id| {
            let mut d = Diagnostic::warning(
                "unknown-reference",
                file,
                format!("constraints.models lists `{id}`, which is not in the catalog"),
            );
            if let Some(s) =
                crate::diag::did_you_mean(id, catalog.models.iter().map(|m| m.id.as_str()))
            {
                d = d.help(format!("did you mean `{s}`?"));
            }
            d
        })
        .collect()
}

/// One costed deployment of one model.
#[derive(Debug, Clone)]
pub struct Deployment<'c> {
    pub model: &'c Model,
    pub allowed: Allowed,
    pub cost: DeploymentCost,
}

/// A model that passed the hard constraints, with its costed deployments.
#[derive(Debug, Clone)]
pub struct Screened<'c> {
    pub model: &'c Model,
    pub verdict: ModelVerdict,
    pub quality: Quality,
    pub options: Vec<Deployment<'c>>,
}

/// The result of the filter and cost steps, shared by the ranking and by the
/// strategy (which re-costs routes).
pub struct Analysis<'c> {
    pub screened: Vec<Screened<'c>>,
    pub excluded: Vec<Excluded>,
    pub traffic: Traffic,
    pub warnings: Vec<String>,
}

/// The traffic of the requirements.
pub fn traffic(req: &Requirements) -> Traffic {
    Traffic {
        requests_per_month: req.volume.requests_per_month,
        input_tokens: req.volume.input_tokens,
        output_tokens: req.volume.output_tokens,
        peak_rps: req.peak_rps(),
    }
}

/// Filters and costs every model of the catalog.
pub fn screen_and_cost<'c>(
    catalog: &'c Catalog,
    evaluator: &Evaluator,
    quality: &QualityModel,
    req: &Requirements,
    a: &Resolved,
) -> Analysis<'c> {
    let traffic = traffic(req);
    let today = crate::dates::today();
    let mut screened = Vec::new();
    let mut excluded = Vec::new();
    let mut warnings = Vec::new();
    for model in &catalog.models {
        let verdict = evaluator.judge(model);
        for e in &verdict.errors {
            if !warnings.contains(e) {
                warnings.push(e.clone());
            }
        }
        let allowed = match screen(
            model,
            req,
            &verdict,
            &evaluator.rules().region_groups,
            today,
        ) {
            Screen::Fail(reasons) => {
                excluded.push(Excluded {
                    id: model.id.clone(),
                    name: model.name.clone(),
                    reasons,
                });
                continue;
            }
            Screen::Pass(allowed) => allowed,
        };
        let mut options: Vec<Deployment> = allowed
            .into_iter()
            .map(|allowed| Deployment {
                model,
                allowed,
                cost: deployment_cost(
                    model,
                    &model.offerings[allowed.offering],
                    catalog,
                    &traffic,
                    a,
                ),
            })
            .collect();
        if let Some(budget) = req.budget.monthly_usd {
            let cheapest = options
                .iter()
                .filter_map(|o| o.cost.monthly_usd)
                .min_by(f64::total_cmp);
            match cheapest {
                Some(c) if c > budget => {
                    excluded.push(Excluded {
                        id: model.id.clone(),
                        name: model.name.clone(),
                        reasons: vec![format!(
                            "even its cheapest deployment costs {} a month, above the {} budget",
                            fmt_usd(c),
                            fmt_usd(budget)
                        )],
                    });
                    continue;
                }
                None => {
                    excluded.push(Excluded {
                        id: model.id.clone(),
                        name: model.name.clone(),
                        reasons: vec!["its cost is unknown (no price in the catalog), so it cannot be shown to fit the budget".to_owned()],
                    });
                    continue;
                }
                Some(_) => options.retain(|o| o.cost.monthly_usd.is_some_and(|c| c <= budget)),
            }
        }
        let quality = quality.score(model);
        screened.push(Screened {
            model,
            verdict,
            quality,
            options,
        });
    }
    Analysis {
        screened,
        excluded,
        traffic,
        warnings,
    }
}

/// The pure pipeline: same inputs, byte-identical report.
pub fn analyse(
    catalog: &Catalog,
    rules: &RuleSet,
    req: Requirements,
    a: &Resolved,
    top: Option<usize>,
) -> Result<Report, Diagnostics> {
    let evaluator = Evaluator::new(rules, &req)?;
    let empty = BTreeMap::new();
    let weights = rules
        .quality_weights(req.task_type().as_str())
        .unwrap_or(&empty);
    let quality = QualityModel::new(catalog, weights);
    let analysis = screen_and_cost(catalog, &evaluator, &quality, &req, a);

    let costs: Vec<f64> = analysis
        .screened
        .iter()
        .flat_map(|s| s.options.iter().filter_map(|o| o.cost.monthly_usd))
        .collect();
    let range = match (
        costs.iter().copied().min_by(f64::total_cmp),
        costs.iter().copied().max_by(f64::total_cmp),
    ) {
        (Some(lo), Some(hi)) => Some((lo, hi)),
        _ => None,
    };
    let mut candidates: Vec<Candidate> = analysis
        .screened
        .iter()
        .map(|s| best_candidate(s, &req, rules, a, range))
        .collect();
    candidates.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| x.id.cmp(&y.id)));
    let points: Vec<(f64, Option<f64>)> = candidates
        .iter()
        .map(|c| (c.quality, c.monthly_cost_usd))
        .collect();
    for ((i, c), p) in candidates
        .iter_mut()
        .enumerate()
        .zip(score::pareto(&points))
    {
        c.rank = i + 1;
        c.pareto = p;
        if p {
            c.reasons.push(
                "on the quality/cost Pareto front: no candidate is both better and cheaper"
                    .to_owned(),
            );
        }
    }

    let categories = evaluator
        .fired
        .iter()
        .filter_map(|r| {
            let id = r.rule.category.clone()?;
            Some(CategoryHit {
                members: candidates
                    .iter()
                    .filter(|c| c.categories.contains(&id))
                    .map(|c| c.id.clone())
                    .collect(),
                id,
                rule: r.rule.id.clone(),
                approach: r.rule.approach.clone().unwrap_or_default(),
                reason: r.rule.explain.clone(),
            })
        })
        .collect();

    let adaptation = crate::adaptation::advise(&req, a, catalog);
    let open_analysis;
    let screened_open = if req.local_share() > 0.0 {
        open_analysis = screen_and_cost(
            catalog,
            &evaluator,
            &quality,
            &crate::strategy::without_locality(&req),
            a,
        );
        &open_analysis.screened
    } else {
        &analysis.screened
    };
    let ctx = crate::strategy::Context {
        catalog,
        rules,
        req: &req,
        a,
        traffic: analysis.traffic,
        screened: &analysis.screened,
        screened_open,
        adaptation_setup: (adaptation.setup_cost_usd, adaptation.setup_weeks),
    };
    let strategy = if candidates.is_empty() {
        None
    } else {
        crate::strategy::decide(&ctx)
    };
    let ranked_open: Vec<&str> = candidates
        .iter()
        .filter(|c| c.weights == "open")
        .map(|c| c.id.as_str())
        .collect();
    let what_would_change = crate::strategy::sensitivity(&ctx, strategy.as_ref(), &ranked_open);
    let good_enough = rules
        .scoring
        .good_enough_quality
        .get(req.accuracy.level.as_str())
        .copied()
        .unwrap_or(0.0);
    let evals = crate::evals::plan(&candidates, strategy.as_ref(), good_enough);

    let mut warnings = analysis.warnings.clone();
    if candidates.is_empty() {
        warnings.push(format!(
            "no model satisfies every hard constraint ({} excluded); see `excluded` for the reasons",
            analysis.excluded.len()
        ));
    }
    let total = candidates.len();
    if let Some(n) = top {
        candidates.truncate(n);
    }
    Ok(Report {
        schema_version: 1,
        tool: Tool::current(),
        catalog: CatalogInfo {
            sources: catalog.sources.clone(),
            as_of: catalog.as_of.clone(),
            models: catalog.models.len(),
            rules: rules.sources.clone(),
        },
        assumptions: AssumptionsInfo {
            hours_per_month: a.hours_per_month,
            peak_factor: a.peak_factor,
            engineering_usd_per_week: a.engineering_usd_per_week,
            self_hosting_ops_usd_per_month: a.self_hosting_ops_usd_per_month(),
            kv_cache_headroom: a.kv_cache_headroom,
            gpu_memory_utilization: a.gpu_memory_utilization,
            target_utilization: a.target_utilization,
            prompt_cache_hit_share: a.prompt_cache_hit_share,
            basis: a.raw.basis.clone(),
        },
        requirements: req,
        categories,
        candidates,
        candidates_total: total,
        excluded: analysis.excluded,
        strategy,
        adaptation,
        evals,
        what_would_change,
        warnings,
    })
}

/// Scores every deployment of a screened model and keeps the best.
fn best_candidate(
    s: &Screened,
    req: &Requirements,
    rules: &RuleSet,
    a: &Resolved,
    range: Option<(f64, f64)>,
) -> Candidate {
    let scored: Vec<(f64, Vec<score::Component>, &Deployment)> = s
        .options
        .iter()
        .map(|o| {
            let (score, components) =
                score_deployment(s, o.allowed, o.cost.monthly_usd, req, rules, a, range);
            (score, components, o)
        })
        .collect();
    // Best score; ties go to the cheaper, then to the catalog's order.
    let (score, components, best) = scored
        .into_iter()
        .min_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then_with(|| cost_key(x.2).total_cmp(&cost_key(y.2)))
                .then_with(|| x.2.allowed.offering.cmp(&y.2.allowed.offering))
        })
        .expect("a screened model has at least one deployment");
    let model = s.model;
    let offering = &model.offerings[best.allowed.offering];
    let mut reasons = Vec::new();
    reasons.push(format!(
        "quality {:.2} ({}): {}",
        s.quality.value,
        match s.quality.source {
            crate::quality::QualitySource::Benchmarks => "benchmarks",
            crate::quality::QualitySource::Evals => "your evals",
            crate::quality::QualitySource::Imputed => "partly imputed",
        },
        s.quality.reasons.join("; ")
    ));
    match best.cost.monthly_usd {
        Some(c) => reasons.push(format!(
            "{} a month as {}",
            fmt_usd(c),
            crate::filter::describe(offering)
        )),
        None => reasons.push(format!(
            "cost unknown as {}",
            crate::filter::describe(offering)
        )),
    }
    if !best.allowed.serves_sensitive && req.local_share() > 0.0 {
        reasons.push(format!(
            "may carry only the non-sensitive {:.0}% of requests: the {} share must stay local",
            (1.0 - req.local_share()) * 100.0,
            req.data.sensitivity.as_str()
        ));
    }
    reasons.extend(s.verdict.boost_reasons.iter().cloned());
    let shortfall = good_enough_shortfall(s.quality.value, req, rules);
    if shortfall > 0.0 {
        reasons.push(format!(
            "quality {:.2} is below the {:.2} that counts as good enough for `{}` accuracy: score lowered by {:.2}",
            s.quality.value,
            s.quality.value + shortfall,
            req.accuracy.level.as_str(),
            shortfall
        ));
    }
    if best.allowed.context_assumed {
        reasons.push(format!(
            "the catalog does not give this host's context limit; the model's {}-token window is assumed: confirm with the host",
            model.context_window.map_or("unknown".to_owned(), |w| crate::num::fmt_count(w as f64))
        ));
    }
    reasons.extend(best.cost.notes.iter().cloned());
    Candidate {
        rank: 0,
        id: model.id.clone(),
        name: model.name.clone(),
        provider: model.provider.clone(),
        weights: model
            .weights
            .map_or_else(|| "unknown".to_owned(), |w| enum_name(&w)),
        tier: model.tier.map(|t| enum_name(&t)),
        deployment: score::kind_name(offering.kind).to_owned(),
        host: match offering.kind {
            OfferingKind::SelfHosted => offering.gpu.clone(),
            _ => offering.host.clone(),
        },
        serves_sensitive: best.allowed.serves_sensitive,
        score,
        quality: s.quality.value,
        quality_source: s.quality.source,
        monthly_cost_usd: best.cost.monthly_usd,
        pareto: false,
        categories: s.verdict.categories.clone(),
        reasons,
        components,
        boost: s.verdict.boost,
        cost: best.cost.clone(),
    }
}

/// The weighted score of one deployment of a screened model, and its
/// components, for a given monthly cost and the cost range it is judged in.
pub fn score_deployment(
    s: &Screened,
    allowed: Allowed,
    monthly_usd: Option<f64>,
    req: &Requirements,
    rules: &RuleSet,
    a: &Resolved,
    range: Option<(f64, f64)>,
) -> (f64, Vec<score::Component>) {
    let p = &req.priorities;
    let kind = s.model.offerings[allowed.offering].kind;
    let components = vec![
        quality_component(&s.quality, p.quality),
        score::cost_component(monthly_usd, range, p.cost),
        score::latency_component(s.model, kind, req, &rules.scoring, p.latency),
        score::privacy_component(kind, req, &rules.scoring, p.privacy),
        score::time_to_market_component(kind, req, a, p.time_to_market),
        score::lock_in_component(s.model, &rules.scoring, p.lock_in),
    ];
    let shortfall = good_enough_shortfall(s.quality.value, req, rules);
    (
        score::weighted(&components, s.verdict.boost - shortfall),
        components,
    )
}

/// The (min, max) of known costs, for the cost criterion's log scale.
pub fn cost_range(costs: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    costs.fold(None, |acc, c| match acc {
        None => Some((c, c)),
        Some((lo, hi)) => Some((lo.min(c), hi.max(c))),
    })
}

/// How far quality falls short of "good enough" for the accuracy level
/// (the rules' `good_enough_quality`), subtracted from the score.
pub fn good_enough_shortfall(quality: f64, req: &Requirements, rules: &RuleSet) -> f64 {
    rules
        .scoring
        .good_enough_quality
        .get(req.accuracy.level.as_str())
        .map_or(0.0, |t| (t - quality).max(0.0))
}

fn cost_key(o: &Deployment) -> f64 {
    o.cost.monthly_usd.unwrap_or(f64::INFINITY)
}

fn quality_component(q: &Quality, weight: f64) -> score::Component {
    score::Component {
        name: "quality".to_owned(),
        weight,
        value: q.value,
        note: match q.source {
            crate::quality::QualitySource::Imputed => {
                format!("{:.0}% imputed from the tier", q.imputed_share * 100.0)
            }
            crate::quality::QualitySource::Evals => "from your eval results".to_owned(),
            crate::quality::QualitySource::Benchmarks => "from benchmarks".to_owned(),
        },
    }
}

/// The kebab-case name of a serde enum value.
pub fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
