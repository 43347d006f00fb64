//! `fmselect recommend`: the decision pipeline of SPEC §5, end to end.
//!
//! parse → validate → evaluate rules → filter → cost → score → rank →
//! (strategy → adaptation → eval plan) → report. [`analyse`] is the pure core:
//! same inputs, byte-identical report.

use std::collections::BTreeMap;

use crate::assumptions::Resolved;
use crate::catalog::{Catalog, Model, OfferingKind};
use crate::cost::{Traffic, deployment_cost};
use crate::diag::{Diagnostic, Diagnostics};
use crate::filter::{Screen, screen};
use crate::names::enum_name;
use crate::num::fmt_usd;
use crate::quality::{Quality, QualityModel};
use crate::report_doc::{
    AssumptionsInfo, Candidate, CatalogInfo, CategoryHit, Excluded, Report, Tool,
};
use crate::requirements::{self, Requirements};
use crate::rules::{Evaluator, ModelVerdict, RuleSet};
use crate::score;
pub use crate::screened::{Analysis, Deployment, Screened, cost_range, deployment_score, subject};
use crate::source::Source;

mod rerun;

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
    /// promptfoo eval results (`promptfoo eval -o results.json`) whose pass
    /// rates replace benchmark quality for the models they measured.
    pub evals: Option<String>,
}

/// A finished recommendation and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub report: Report,
    /// Warnings about the inputs (stale prices, unknown ids, ...), for stderr.
    pub diagnostics: Vec<Diagnostic>,
    /// The catalog the report was computed from, and the rules' region
    /// groups (the exports need the offerings' `api_id`s and residency).
    pub catalog: Catalog,
    pub region_groups: BTreeMap<String, Vec<String>>,
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
        .map_err(|d| {
            use crate::document::{Kind, explain};
            errors.extend(explain(d, Kind::Requirements, &opts.requirements).0)
        })
        .ok();
    let evals = match &opts.evals {
        Some(path) => crate::evals_results::load(path)
            .map_err(|d| errors.extend(d.0))
            .ok(),
        None => None,
    };
    let (Some(catalog), Some(rules), Some((req, mut diagnostics))) = (catalog, rules, loaded)
    else {
        return Err(Diagnostics(errors));
    };
    if opts.evals.is_some() && evals.is_none() {
        return Err(Diagnostics(errors));
    }
    let evals = evals.map(|(results, warnings)| {
        diagnostics.extend(warnings);
        results
    });
    let (report, warnings) = recommend_loaded(
        &catalog,
        &rules,
        req,
        &opts.requirements,
        opts.top,
        evals.as_ref(),
    )?;
    diagnostics.extend(warnings);
    Ok(Recommendation {
        report,
        diagnostics,
        catalog,
        region_groups: rules.region_groups.clone(),
    })
}

/// The pipeline on inputs already loaded and checked (the MCP server loads
/// the catalog and rules once): the report, and the warnings about the
/// inputs, in which `requirements` names the requirements document.
pub fn recommend_loaded(
    catalog: &Catalog,
    rules: &RuleSet,
    req: Requirements,
    requirements: &str,
    top: Option<usize>,
    evals: Option<&crate::evals_results::EvalResults>,
) -> Result<(Report, Vec<Diagnostic>), Diagnostics> {
    let assumptions = Resolved::new(&catalog.assumptions, req.assumptions.as_ref())?
        .with_self_hosting(&req.self_hosting);
    let req = requirements::normalise(req, &assumptions);
    let mut diagnostics = unknown_id_warnings(&req, catalog, requirements);
    diagnostics.extend(catalog_warning_summary(&catalog.warnings));
    let report = analyse_with_evals(catalog, rules, req, &assumptions, top, evals)?;
    Ok((report, diagnostics))
}

/// The warnings of user catalogs (stale prices, suspicious values) for
/// stderr: a few in full, the rest summarised per file so an imported
/// catalog does not bury the report.
fn catalog_warning_summary(warnings: &[Diagnostic]) -> Vec<Diagnostic> {
    const SHOWN: usize = 3;
    let mut out = Vec::new();
    let mut files: Vec<&str> = warnings.iter().map(|w| w.file.as_str()).collect();
    files.dedup();
    for file in files {
        let of_file: Vec<&Diagnostic> = warnings.iter().filter(|w| w.file == file).collect();
        out.extend(of_file.iter().take(SHOWN).map(|w| (*w).clone()));
        if of_file.len() > SHOWN {
            let rest = &of_file[SHOWN..];
            out.push(
                Diagnostic::warning(
                    rest[0].code,
                    file,
                    format!("{} more catalog warnings", rest.len()),
                )
                .help(format!(
                    "run `fmselect catalog validate {file}` to see them all"
                )),
            );
        }
    }
    out
}

/// Warns about model ids in allow/deny lists that the catalog does not have.
fn unknown_id_warnings(req: &Requirements, catalog: &Catalog, file: &str) -> Vec<Diagnostic> {
    let lists = &req.constraints.models;
    let quoted = req.reference_quote.as_ref().and_then(|q| q.model.as_ref());
    lists
        .allow
        .iter()
        .chain(&lists.deny)
        .map(|id| (id, "constraints.models lists"))
        .chain(quoted.map(|id| (id, "reference_quote.model names")))
        .filter(|(id, _)| catalog.model(id).is_none())
        .map(|(id, key)| {
            let mut d = Diagnostic::warning(
                "unknown-reference",
                file,
                format!("{key} `{id}`, which is not in the catalog"),
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

/// The traffic of the requirements.
pub fn traffic(req: &Requirements) -> Traffic {
    Traffic {
        requests_per_month: req.volume.requests_per_month,
        input_tokens: req.volume.input_tokens,
        output_tokens: req.volume.output_tokens,
        peak_rps: req.peak_rps(),
        context_tokens: req.task.context_tokens,
        // Traffic that all goes through a batch API never waits for a first
        // token (issue 11), so no deployment is held to the limit.
        ttft_ms: req.latency.ttft_ms.filter(|_| req.batch_share() < 1.0),
        min_output_tps: req.latency.output_tps,
        api_usage: api_usage(req),
    }
}

/// How the requirements' traffic is billed by an API (SPEC §9).
pub fn api_usage(req: &Requirements) -> crate::cost::ApiUsage {
    let mix = req.input_mix();
    crate::cost::ApiUsage {
        cache_hit_share: req.cache_hit_share(),
        batch_share: req.batch_share(),
        audio_share: mix.audio,
        image_share: mix.image,
    }
}

/// Filters and costs every model of the catalog.
pub fn screen_and_cost<'c>(
    catalog: &'c Catalog,
    evaluator: &Evaluator,
    quality: &QualityModel,
    req: &Requirements,
    a: &Resolved,
) -> Result<Analysis<'c>, Diagnostics> {
    let verdicts = judge_all(catalog, evaluator)?;
    Ok(screen_and_cost_judged(
        catalog,
        evaluator.rules(),
        &verdicts,
        quality,
        req,
        a,
    ))
}

/// Every model of the catalog judged by the fired rules, in catalog order;
/// a rule past its evaluation budget stops the run (`rule-too-expensive`).
pub fn judge_all(
    catalog: &Catalog,
    evaluator: &Evaluator,
) -> Result<Vec<ModelVerdict>, Diagnostics> {
    catalog
        .models
        .iter()
        .map(|m| judged(evaluator, m))
        .collect()
}

/// One model judged by the fired rules.
fn judged(evaluator: &Evaluator, m: &Model) -> Result<ModelVerdict, Diagnostics> {
    let mut verdict = evaluator.judge(m);
    match verdict.fatal.take() {
        Some(d) => Err(Diagnostics::single(d)),
        None => Ok(verdict),
    }
}

/// [`screen_and_cost`] with the rules' verdicts already computed (one per
/// model, in catalog order). The verdicts depend only on the fired rules, not
/// on the constraints screened here, so the pure-API pass of
/// [`analyse_with_evals`] reuses them instead of judging every model again.
pub fn screen_and_cost_judged<'c>(
    catalog: &'c Catalog,
    rules: &RuleSet,
    verdicts: &[ModelVerdict],
    quality: &QualityModel,
    req: &Requirements,
    a: &Resolved,
) -> Analysis<'c> {
    screen_and_cost_scored(catalog, rules, verdicts, |m| quality.score(m), req, a)
}

/// [`screen_and_cost_judged`], with the quality of each model that passes
/// the filters from `quality` (so a second pass can reuse the first's).
fn screen_and_cost_scored<'c>(
    catalog: &'c Catalog,
    rules: &RuleSet,
    verdicts: &[ModelVerdict],
    mut quality: impl FnMut(&Model) -> Quality,
    req: &Requirements,
    a: &Resolved,
) -> Analysis<'c> {
    let traffic = traffic(req);
    let today = crate::dates::today();
    let mut screened = Vec::new();
    let mut excluded = Vec::new();
    let mut warnings = Vec::new();
    for (model, verdict) in catalog.models.iter().zip(verdicts) {
        for e in &verdict.errors {
            if !warnings.contains(e) {
                warnings.push(e.clone());
            }
        }
        let allowed = match screen(
            model,
            req,
            verdict,
            &rules.region_groups,
            rules
                .scoring
                .unverified_host_context_above_tokens
                .unwrap_or(f64::INFINITY),
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
        // The capacity model rules out configurations that cannot hold the
        // model or meet a latency limit; the model goes when none is left.
        let before = options.len();
        let mut unfit = Vec::new();
        options.retain(|o| match &o.cost.excluded {
            Some(why) => {
                let off = &model.offerings[o.allowed.offering];
                let reason = format!(
                    "self-hosted on {} ({}): {why}",
                    off.gpu.as_deref().unwrap_or("an unnamed GPU"),
                    off.precision
                        .map_or_else(|| "unknown precision".to_owned(), |p| enum_name(&p))
                );
                if !unfit.contains(&reason) {
                    unfit.push(reason);
                }
                false
            }
            None => true,
        });
        if options.is_empty() && before > 0 {
            excluded.push(Excluded {
                id: model.id.clone(),
                name: model.name.clone(),
                reasons: unfit,
            });
            continue;
        }
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
        let quality = quality(model);
        screened.push(Screened {
            model,
            verdict: verdict.clone(),
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
    analyse_with_evals(catalog, rules, req, a, top, None)
}

/// The pipeline with the user's eval results (`recommend --evals`): pass
/// rates replace benchmark quality for the measured models, and the report
/// says what changed (see [`apply_evals`] for when and why).
pub fn analyse_with_evals(
    catalog: &Catalog,
    rules: &RuleSet,
    req: Requirements,
    a: &Resolved,
    top: Option<usize>,
    evals: Option<&crate::evals_results::EvalResults>,
) -> Result<Report, Diagnostics> {
    let evaluator = Evaluator::new(rules, &req)?;
    let empty = BTreeMap::new();
    let weights = rules
        .quality_weights(req.task_type().as_str())
        .unwrap_or(&empty);
    let quality = QualityModel::with_evidence(
        catalog,
        weights,
        rules.scoring.quality_evidence.unwrap_or_default(),
    );
    let verdicts = judge_all(catalog, &evaluator)?;
    let mut analysis = screen_and_cost_judged(catalog, rules, &verdicts, &quality, &req, a);

    let measured = evals.map(|results| {
        let before = rank_candidates(&analysis.screened, &req, rules, a, Some(0));
        let matched = crate::evals_results::match_to_catalog(results, catalog);
        let overrides = apply_evals(&mut analysis.screened, &matched);
        (results, matched, before, overrides)
    });
    let mut candidates = rank_candidates(&analysis.screened, &req, rules, a, top);
    let ranking = ranking_note(&candidates);

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
        // Without locality more models pass, in the same (catalog) order:
        // those that passed before keep the quality already scored (with any
        // eval override, which is applied again below all the same).
        let mut before = analysis.screened.iter().peekable();
        let mut open = screen_and_cost_scored(
            catalog,
            rules,
            &verdicts,
            |model| match before.next_if(|s| std::ptr::eq(s.model, model)) {
                Some(s) => s.quality.clone(),
                None => quality.score(model),
            },
            &crate::strategy::without_locality(&req),
            // Its deployments are compared by the strategy, which costs the
            // one it picks again: no sizing arithmetic here.
            &Resolved {
                explain_sizing: false,
                ..a.clone()
            },
        );
        if let Some((_, _, _, overrides)) = &measured {
            override_quality(&mut open.screened, overrides);
        }
        open_analysis = open;
        &open_analysis.screened
    } else {
        &analysis.screened
    };
    let mut adaptation = adaptation;
    let mut ctx = context(
        catalog,
        rules,
        &req,
        a,
        &analysis,
        screened_open,
        &adaptation,
    );
    let mut unservable = Vec::new();
    let strategy = if candidates.is_empty() {
        None
    } else {
        match decide_on_the_ladder(&mut ctx, &mut adaptation, catalog) {
            Ok(s) => Some(s),
            Err(why) => {
                unservable = why;
                None
            }
        }
    };
    let ctx = ctx;
    // The chosen plan's training compute belongs with the adaptation.
    if let Some(chosen) = strategy
        .as_ref()
        .and_then(|st| st.options.iter().find(|o| o.kind == st.kind))
    {
        adaptation.reasons.extend(chosen.training.iter().cloned());
    }
    let mut what_would_change = crate::strategy::sensitivity(&ctx, strategy.as_ref());
    if let Some(st) = &strategy {
        if catalog.models.len() <= LEVER_CATALOG_LIMIT {
            let rerun = rerun::Rerun {
                catalog,
                rules,
                evaluator: &evaluator,
                verdicts: &verdicts,
                quality: &quality,
                overrides: measured.as_ref().map(|(_, _, _, o)| o),
                scored: Default::default(),
            };
            what_would_change.levers =
                crate::levers::levers(catalog, &req, a, st, &|moved| rerun.decide(moved));
        } else {
            what_would_change.notes.push(format!(
                "levers are computed for catalogs of up to {LEVER_CATALOG_LIMIT} models (each one runs the decision again); this one has {}",
                catalog.models.len()
            ));
        }
    }
    let good_enough = rules
        .scoring
        .good_enough_quality
        .get(req.accuracy.level.as_str())
        .copied()
        .unwrap_or(0.0);
    let mut evals = crate::evals::plan(&candidates, strategy.as_ref(), good_enough);

    let mut warnings = analysis.warnings.clone();
    if let Some((results, matched, before, overrides)) = &measured {
        let (list, measurement) =
            measured_section(results, matched, before, &candidates, overrides, &req);
        warnings.extend(
            list.iter()
                .filter(|m| m.rank_after.is_none())
                .map(|m| format!(
                    "`{}` was measured by your evals (pass rate {:.0}%) but fails a hard constraint, so it is not ranked",
                    m.id,
                    m.pass_rate * 100.0
                )),
        );
        evals.measured = list;
        evals.measurement = Some(measurement);
    }
    if !unservable.is_empty() {
        warnings.push(format!(
            "models pass the filters, but no strategy can serve all of the traffic: {}",
            unservable.join("; ")
        ));
    }
    warnings.extend(quality_unknown_warning(catalog));
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
    warnings.extend(rate_limit_warnings(&candidates));
    Ok(Report {
        schema_version: 1,
        tool: Tool::current(),
        catalog: CatalogInfo {
            sources: catalog.sources.clone(),
            as_of: catalog.as_of.clone(),
            models: catalog.models.len(),
            rules: rules.sources.clone(),
            layers: catalog.layers.clone(),
            quality_unknown: catalog.quality_unknown(),
        },
        assumptions: AssumptionsInfo {
            hours_per_month: a.hours_per_month,
            peak_factor: a.peak_factor,
            engineering_usd_per_week: a.engineering_usd_per_week,
            self_hosting_ops_usd_per_month: a.self_hosting_ops_usd_per_month(),
            capacity: a.capacity.clone(),
            ownership: a.ownership.clone(),
            gpu_memory_utilization: a.gpu_memory_utilization,
            target_utilization: a.target_utilization,
            // The share the costs used: the requirements' volume.cache_hit_share,
            // which defaults to this assumption.
            prompt_cache_hit_share: req.cache_hit_share(),
            basis: cache_share_basis(&req, a),
        },
        requirements: req,
        categories,
        candidates,
        ranking,
        candidates_total: total,
        excluded: analysis.excluded,
        strategy,
        adaptation,
        evals,
        what_would_change,
        warnings,
    })
}

/// Levers re-run the decision dozens of times; past this many models that
/// would dominate the run, so they are left out with a note.
const LEVER_CATALOG_LIMIT: usize = 2000;

/// The strategy step's inputs.
fn context<'a, 'c>(
    catalog: &'c Catalog,
    rules: &'a RuleSet,
    req: &'a Requirements,
    a: &'a Resolved,
    analysis: &'a Analysis<'c>,
    screened_open: &'a [Screened<'c>],
    adaptation: &crate::adaptation::AdaptationAdvice,
) -> crate::strategy::Context<'a, 'c> {
    crate::strategy::Context {
        catalog,
        rules,
        req,
        a,
        traffic: analysis.traffic,
        screened: &analysis.screened,
        screened_open,
        rag: adaptation.uses_rag(),
        fine_tuning: adaptation.technique == crate::adaptation::Technique::FineTuning,
        adaptation_parts: adaptation.setup_parts.clone(),
        ranking_range: cost_range(
            analysis
                .screened
                .iter()
                .flat_map(|s| s.options.iter().filter_map(|o| o.cost.monthly_usd)),
        ),
        a_quiet: Resolved {
            explain_sizing: false,
            ..a.clone()
        },
    }
}

/// Decides the strategy. With fine-tuning on the ladder, only deployments
/// that can serve tuned weights are picked; when no plan is left with
/// them, the ladder stops at the feasible rung (the adaptation says why)
/// and the decision is made again (issue 10 item 8).
fn decide_on_the_ladder(
    ctx: &mut crate::strategy::Context,
    adaptation: &mut crate::adaptation::AdaptationAdvice,
    catalog: &Catalog,
) -> Result<crate::strategy::Strategy, Vec<String>> {
    let first = crate::strategy::decide(ctx);
    if first.is_ok() || !ctx.fine_tuning {
        return first;
    }
    let lower = crate::adaptation::advise_without_tuned_weights(ctx.req, ctx.a, catalog);
    ctx.fine_tuning = false;
    ctx.rag = lower.uses_rag();
    ctx.adaptation_parts = lower.setup_parts.clone();
    let second = crate::strategy::decide(ctx);
    if second.is_ok() {
        *adaptation = lower;
    } else {
        // Tuned weights were not what stood in the way: keep the ladder.
        ctx.fine_tuning = true;
        ctx.rag = adaptation.uses_rag();
        ctx.adaptation_parts = adaptation.setup_parts.clone();
    }
    second
}

/// The assumptions' basis notes, saying where the cache-hit share came from
/// when the requirements set it.
fn cache_share_basis(req: &Requirements, a: &Resolved) -> BTreeMap<String, String> {
    let mut basis = a.raw.basis.clone();
    if req.cache_hit_share() != a.prompt_cache_hit_share {
        basis.insert(
            "prompt_cache_hit_share".to_owned(),
            "volume.cache_hit_share of the requirements file".to_owned(),
        );
    }
    basis
}

/// The rate limits below the peak of the candidates shown, as report
/// warnings (a tier can usually be raised, so they exclude nothing).
fn rate_limit_warnings(candidates: &[Candidate]) -> Vec<String> {
    candidates
        .iter()
        .flat_map(|c| {
            c.cost
                .notes
                .iter()
                .filter(|n| n.starts_with("rate limit:"))
                .map(move |n| {
                    format!(
                        "`{}` on {}: {n}",
                        c.id,
                        c.host.as_deref().unwrap_or("its host")
                    )
                })
        })
        .collect()
}

/// Ranks the screened models: each by its best deployment, best score
/// first, ties by id; Pareto flags on quality and cost. (Public for the
/// per-stage benchmarks in `benches/pipeline.rs`.)
pub fn rank_candidates(
    screened: &[Screened],
    req: &Requirements,
    rules: &RuleSet,
    a: &Resolved,
    explained: Option<usize>,
) -> Vec<Candidate> {
    let range = cost_range(
        screened
            .iter()
            .flat_map(|s| s.options.iter().filter_map(|o| o.cost.monthly_usd)),
    );
    // Score every model's best deployment, rank, then write the reasons and
    // score components only for the candidates the report will show (all of
    // them unless `--top` limits it): explaining 100k candidates nobody sees
    // was a third of a large run.
    let criteria = score::Criteria::new(req, rules, a);
    let mut ranked: Vec<(f64, &Screened, &Deployment)> = screened
        .iter()
        .map(|s| {
            let (score, best) = best_deployment(&criteria, s, range);
            (score, s, best)
        })
        .collect();
    ranked.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| x.1.model.id.cmp(&y.1.model.id))
    });
    // The first two are always explained: the report says what put rank 1
    // ahead of rank 2.
    let explained = explained.unwrap_or(usize::MAX).max(2);
    let mut candidates: Vec<Candidate> = ranked
        .into_iter()
        .enumerate()
        .map(|(i, (score, s, best))| candidate(s, best, score, i < explained, req, rules, a, range))
        .collect();
    if let Some(leader_low) = candidates.first().map(|c| c.score_range[0]) {
        for c in candidates.iter_mut().skip(1) {
            c.tied_with_leader = c.score_range[1] >= leader_low;
        }
    }
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
        if p && !c.components.is_empty() {
            c.reasons.push(
                "on the quality/cost Pareto front: no candidate is both better and cheaper"
                    .to_owned(),
            );
        }
    }
    candidates
}

/// How settled the ranking is: who is tied with rank 1 (score ranges
/// overlap), the criterion that put rank 1 ahead of rank 2 (the largest
/// weighted difference of their components), and whether rank 1 rests on a
/// prior.
pub fn ranking_note(candidates: &[Candidate]) -> crate::report_doc::Ranking {
    let mut note = crate::report_doc::Ranking::default();
    let Some(first) = candidates.first() else {
        return note;
    };
    let name = |c: &Candidate| format!("#{} {}", c.rank, c.name);
    note.tied_with_leader = candidates
        .iter()
        .filter(|c| c.tied_with_leader)
        .map(|c| c.id.clone())
        .collect();
    if let Some(second) = candidates.get(1) {
        let total: f64 = first.components.iter().map(|c| c.weight).sum();
        let mut parts: Vec<(String, f64, String)> = first
            .components
            .iter()
            .zip(&second.components)
            .filter(|_| total > 0.0)
            .map(|(a, b)| {
                let mut how = format!("{:.2} vs {:.2}, weight {}", a.value, b.value, a.weight);
                let unknown: Vec<&str> = [(a, first), (b, second)]
                    .iter()
                    .filter(|(c, _)| c.unknown)
                    .map(|(_, who)| who.name.as_str())
                    .collect();
                if !unknown.is_empty() {
                    how.push_str(&format!(
                        " — the catalog has no figure for {} ({} scored at a default): a guess, not a measurement, decided",
                        unknown.join(" and "),
                        a.name.replace('_', " ")
                    ));
                }
                (a.name.clone(), a.weight * (a.value - b.value) / total, how)
            })
            .collect();
        let explained: f64 = parts.iter().map(|p| p.1).sum();
        let rest = first.score - second.score - explained;
        if rest.abs() > 1e-9 {
            parts.push((
                "rule-boost".to_owned(),
                rest,
                "rule boosts and the good-enough penalty".to_owned(),
            ));
        }
        let lead = first.score - second.score;
        let decided = parts
            .iter()
            .filter(|p| p.1 > 0.0)
            .max_by(|x, y| x.1.total_cmp(&y.1).then_with(|| y.0.cmp(&x.0)));
        match decided {
            Some((criterion, share, how)) if lead > 0.0 => {
                note.decided_by = Some(criterion.clone());
                let by = if lead < 0.0005 {
                    "less than 0.001".to_owned()
                } else {
                    format!("{lead:.3}")
                };
                note.statements.push(format!(
                    "{} leads {} by {by} in score; what decided it: {} (+{:.3} weighted; {how})",
                    name(first),
                    name(second),
                    criterion.replace('_', " "),
                    share
                ));
            }
            _ => note.statements.push(format!(
                "{} and {} have the same score; the order between them is by model id (SPEC §5), not by the evidence",
                name(first),
                name(second)
            )),
        }
    }
    let tied: Vec<&Candidate> = candidates.iter().filter(|c| c.tied_with_leader).collect();
    if tied.is_empty() {
        if candidates.len() > 1 {
            note.statements.push(format!(
                "no other candidate's score range overlaps #1's ({:.3}–{:.3})",
                first.score_range[0], first.score_range[1]
            ));
        }
    } else {
        const LISTED: usize = 5;
        let mut listed: Vec<String> = tied
            .iter()
            .take(LISTED)
            .map(|c| {
                format!(
                    "{} (score {:.3}–{:.3})",
                    name(c),
                    c.score_range[0],
                    c.score_range[1]
                )
            })
            .collect();
        if tied.len() > LISTED {
            listed.push(format!("{} more", tied.len() - LISTED));
        }
        note.statements.push(format!(
            "tied with #1 {} (score {:.3}–{:.3}; a score range spans the quality range and 0–1 for any criterion the catalog has no figure for): the evidence does not settle the order — {}",
            first.name,
            first.score_range[0],
            first.score_range[1],
            listed.join(", ")
        ));
    }
    if first.quality_basis.is_prior() {
        note.leader_on_prior = true;
        note.statements.push(format!(
            "#1 {} rests on a prior ({}), not on a measurement of the model: quality {:.2}–{:.2} — evaluate it before relying on it",
            first.name,
            first.quality_basis.as_str(),
            first.quality_range[0],
            first.quality_range[1]
        ));
    }
    if first.quality_stale {
        note.statements.push(format!(
            "#1 {}'s quality rests partly on benchmark snapshots past the staleness limit (counted at reduced weight)",
            first.name
        ));
    }
    note
}

/// Fewest measured candidates for pass rates to enter the ranking.
pub const MIN_MEASURED_TO_RERANK: usize = 2;

/// Replaces benchmark quality with eval pass rates, and returns the quality
/// each measured candidate got (empty when nothing was applied).
///
/// Design choice — pass rates and benchmark quality are on different scales:
/// a pass rate is the share of *your* tests a model passed; benchmark quality
/// is a model's benchmark scores as a share of the catalog's best. Comparing
/// one with the other is only fair among models measured on the same tests.
/// So:
///
/// - with at least [`MIN_MEASURED_TO_RERANK`] measured candidates, their
///   quality becomes their pass rate (`quality_source: evals`) and the
///   ranking, the strategy's routes and the eval plan are recomputed; the
///   order *among measured models* is then the evals' verdict, and the
///   report says that unmeasured candidates keep benchmark-based quality and
///   that their position relative to measured ones mixes the two scales;
/// - with a single measured candidate there is no second model to compare
///   its pass rate with, and putting it against other models' benchmark
///   quality would move it up or down for no better reason than the
///   difficulty of the tests: its pass rate is reported, the ranking is not
///   changed, and the report asks for a second measured model.
fn apply_evals(
    screened: &mut [Screened],
    matched: &crate::evals_results::Matched,
) -> BTreeMap<String, Quality> {
    let overrides: BTreeMap<String, Quality> = matched
        .models
        .iter()
        .filter(|m| screened.iter().any(|s| s.model.id == m.model))
        .filter_map(|m| {
            let rate = m.pass_rate()?;
            let mut reasons = vec![format!(
                "passed {} of {} graded rows of your evals ({}) — replaces benchmark quality",
                m.passed,
                m.tests(),
                m.providers.join(", ")
            )];
            if m.errors > 0 {
                reasons.push(format!(
                    "{} more rows failed with a provider error and are not counted",
                    m.errors
                ));
            }
            debug_assert_eq!(Some(rate), m.pass_rate());
            Some((
                m.model.clone(),
                Quality::from_evals(m.passed, m.tests(), reasons),
            ))
        })
        .collect();
    if overrides.len() < MIN_MEASURED_TO_RERANK {
        return BTreeMap::new();
    }
    override_quality(screened, &overrides);
    overrides
}

fn override_quality(screened: &mut [Screened], overrides: &BTreeMap<String, Quality>) {
    for s in screened {
        if let Some(q) = overrides.get(&s.model.id) {
            s.quality = q.clone();
        }
    }
}

/// When models have neither a tier nor a benchmark (e.g. a price list
/// imported from LiteLLM used alone), their quality is only a prior: say how
/// many, and how to layer the file over the curated catalog instead.
fn quality_unknown_warning(catalog: &Catalog) -> Option<String> {
    let n = catalog.quality_unknown();
    if n == 0 {
        return None;
    }
    let files: Vec<&str> = catalog
        .sources
        .iter()
        .filter(|s| s.as_str() != "embedded")
        .map(String::as_str)
        .collect();
    let hint = if catalog.sources.iter().any(|s| s == "embedded") || files.is_empty() {
        "measure them with your evals (`--evals`) before relying on their rank".to_owned()
    } else {
        format!(
            "to keep the curated tiers and benchmarks and refresh only the prices, layer the file over the built-in catalog: `--catalog @embedded --catalog {}`",
            files.join(" --catalog ")
        )
    };
    Some(format!(
        "quality is unknown for {n} of {} models (no tier and no benchmark in the catalog): their quality is a prior, not a measurement; {hint}",
        catalog.models.len()
    ))
}

/// The report's `evals.measured` and `evals.measurement`.
fn measured_section(
    results: &crate::evals_results::EvalResults,
    matched: &crate::evals_results::Matched,
    before: &[Candidate],
    after: &[Candidate],
    overrides: &BTreeMap<String, Quality>,
    req: &Requirements,
) -> (Vec<crate::evals::MeasuredModel>, crate::evals::Measurement) {
    let rank = |list: &[Candidate], id: &str| list.iter().find(|c| c.id == id).map(|c| c.rank);
    let mut unmatched = matched.unmatched.clone();
    let mut list: Vec<crate::evals::MeasuredModel> = Vec::new();
    for m in &matched.models {
        let Some(pass_rate) = m.pass_rate() else {
            unmatched.push(format!(
                "{}: every row for `{}` failed with a provider error; nothing was graded",
                m.providers.join(", "),
                m.model
            ));
            continue;
        };
        let benchmark = before.iter().find(|c| c.id == m.model);
        list.push(crate::evals::MeasuredModel {
            id: m.model.clone(),
            providers: m.providers.clone(),
            pass_rate,
            pass_rate_range: Quality::from_evals(m.passed, m.tests(), Vec::new()).range(),
            tests: m.tests(),
            passed: m.passed,
            errors: m.errors,
            benchmark_quality: benchmark.map(|c| c.quality),
            benchmark_quality_range: benchmark.map(|c| c.quality_range),
            benchmark_quality_basis: benchmark.map(|c| c.quality_basis),
            rank_before: rank(before, &m.model),
            rank_after: rank(after, &m.model),
        });
    }
    list.sort_by(|x, y| {
        x.rank_after
            .unwrap_or(usize::MAX)
            .cmp(&y.rank_after.unwrap_or(usize::MAX))
            .then_with(|| x.id.cmp(&y.id))
    });
    let ranked = list.iter().filter(|m| m.rank_after.is_some()).count();
    let note = if !overrides.is_empty() {
        let p = &req.priorities;
        let order: Vec<String> = list
            .iter()
            .filter_map(|m| {
                let c = after.iter().find(|c| c.id == m.id)?;
                Some(format!(
                    "{} (#{}, pass rate {:.0}%, score {:.3})",
                    m.id,
                    c.rank,
                    m.pass_rate * 100.0,
                    c.score
                ))
            })
            .collect();
        let by_pass_rate = list
            .iter()
            .filter(|m| m.rank_after.is_some())
            .collect::<Vec<_>>()
            .windows(2)
            .all(|w| w[0].pass_rate >= w[1].pass_rate);
        format!(
            "Pass rates from your evals replace benchmark quality for the {ranked} measured candidates (quality_source `evals`, \
            range = the 95% Wilson interval of the pass rate). The order is still the weighted score: quality — now the pass \
            rate — at weight {}, with cost {}, latency {}, privacy {}, time to market {} and lock-in {} (your priorities), plus \
            rule boosts and the good-enough penalty. Measured models in ranking order: {}{}. Unmeasured candidates keep \
            benchmark-based quality; the two are on different scales (share of your tests passed vs. share of the catalog's \
            best benchmark score), so their position relative to measured ones is not your evals' verdict — measure them too \
            before relying on it.",
            p.quality,
            p.cost,
            p.latency,
            p.privacy,
            p.time_to_market,
            p.lock_in,
            order.join(", "),
            if by_pass_rate {
                " — the same order as their pass rates"
            } else {
                " — not the order of their pass rates: the other criteria outweighed the pass-rate gap"
            }
        )
    } else if ranked == 1 {
        "Only one candidate was measured: a single pass rate has no reference on your tests, and pass rates and \
        benchmark quality are on different scales, so the ranking still uses benchmark quality. Measure at least two \
        shortlisted models to re-rank."
            .to_owned()
    } else {
        "No candidate was measured: no provider of the results maps to a model that passes the hard constraints. \
        The ranking uses benchmark quality. Set each promptfoo provider's `label` to the fmselect model id \
        (`fmselect export promptfoo` does)."
            .to_owned()
    };
    (
        list,
        crate::evals::Measurement {
            file: results.file.clone(),
            promptfoo_version: results.promptfoo_version.clone(),
            applied: !overrides.is_empty(),
            note,
            unmatched_providers: unmatched,
        },
    )
}

/// Scores every deployment of a screened model and keeps the best.
/// A screened model's best deployment and its score: best score, ties to
/// the cheaper, then to the catalog's order.
fn best_deployment<'s, 'c>(
    criteria: &score::Criteria,
    s: &'s Screened<'c>,
    range: Option<(f64, f64)>,
) -> (f64, &'s Deployment<'c>) {
    s.options
        .iter()
        .map(|o| {
            let score = deployment_score(criteria, s, o.allowed, o.cost.monthly_usd, range);
            (score, o)
        })
        .min_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then_with(|| cost_key(x.1).total_cmp(&cost_key(y.1)))
                .then_with(|| x.1.allowed.offering.cmp(&y.1.allowed.offering))
        })
        .expect("a screened model has at least one deployment")
}

/// The candidate of a model's best deployment; with `explain`, its score
/// components and reasons (otherwise left empty: it will not be shown).
#[allow(clippy::too_many_arguments)]
fn candidate(
    s: &Screened,
    best: &Deployment,
    score: f64,
    explain: bool,
    req: &Requirements,
    rules: &RuleSet,
    a: &Resolved,
    range: Option<(f64, f64)>,
) -> Candidate {
    let model = s.model;
    let offering = &model.offerings[best.allowed.offering];
    let criteria = score::Criteria::new(req, rules, a);
    let subject = subject(s, best.allowed, best.cost.monthly_usd, range);
    let (components, reasons) = if explain {
        let (explained_score, components) = criteria.score(&subject, s.quality.value, true);
        debug_assert_eq!(explained_score, score);
        (components, reasons(s, best, req, rules))
    } else {
        (Vec::new(), Vec::new())
    };
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
        score_range: criteria.score_range(&subject),
        quality: s.quality.value,
        quality_source: s.quality.source,
        quality_range: s.quality.range(),
        quality_basis: s.quality.basis,
        quality_stale: !s.quality.stale.is_empty(),
        tied_with_leader: false,
        monthly_cost_usd: best.cost.monthly_usd,
        pareto: false,
        categories: s.verdict.categories.clone(),
        reasons,
        components,
        boost: s.verdict.boost,
        cost: best.cost.clone(),
        sizing: best.cost.sizing.clone(),
        latency: crate::cost::latency(model, &best.cost),
        preview: model.status == Some(crate::catalog::Status::Preview),
        unverified: crate::filter::unverified_capabilities(model, req)
            .into_iter()
            .map(|c| c.label().to_owned())
            .collect(),
    }
}

/// Why a candidate scores as it does, in words.
fn reasons(s: &Screened, best: &Deployment, req: &Requirements, rules: &RuleSet) -> Vec<String> {
    let model = s.model;
    let offering = &model.offerings[best.allowed.offering];
    let mut reasons = Vec::new();
    reasons.push(format!(
        "quality {:.2} (range {:.2}–{:.2}, {}): {}",
        s.quality.value,
        s.quality.low,
        s.quality.high,
        s.quality.basis.as_str(),
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
    for c in crate::filter::unverified_capabilities(model, req) {
        reasons.push(format!(
            "unverified: {} (the catalog does not say; test it)",
            c.label()
        ));
    }
    if model.status == Some(crate::catalog::Status::Preview) {
        reasons.push("preview: a preview release, which may change or be withdrawn".to_owned());
    }
    if !best.allowed.serves_sensitive && req.local_share() > 0.0 {
        reasons.push(format!(
            "may carry only the non-sensitive {:.0}% of requests: the {} share must stay local",
            (1.0 - req.local_share()) * 100.0,
            req.data.sensitivity.as_str()
        ));
    }
    reasons.extend(s.verdict.boost_reasons.iter().cloned());
    let shortfall = score::good_enough_shortfall(s.quality.value, req, rules);
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
    reasons
}

fn cost_key(o: &Deployment) -> f64 {
    o.cost.monthly_usd.unwrap_or(f64::INFINITY)
}
