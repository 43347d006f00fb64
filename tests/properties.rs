//! Properties of the decision pipeline (STYLE "Tests" 13), checked with
//! proptest over random requirements built from the SPEC §2 keys:
//!
//! - filters never add a model: candidates and exclusions partition the
//!   catalog;
//! - every candidate meets the hard constraints (weights, modalities, deny
//!   lists, data locality, budget);
//! - scores, qualities and score components stay in 0..=1;
//! - ranking is deterministic and sorted by score, then id;
//! - API cost is linear in volume; self-hosted cost never falls as volume
//!   grows;
//! - route shares sum to 1;
//! - the strategy's TCO never falls as the horizon grows, and is setup +
//!   monthly × horizon;
//! - in `compare`, TCO = setup + monthly × horizon and the recommendation is
//!   the cheapest acceptable option.
//!
//! Cases are kept modest (64 per property) so the suite stays fast in debug.

use std::cell::Cell;

use fmselect::assumptions::Resolved;
use fmselect::catalog::{Catalog, Modality, OfferingKind};
use fmselect::compare::{DataPrivacy, Scenario, ScenarioOption};
use fmselect::cost::{Traffic, api_cost, deployment_cost};
use fmselect::report::Report;
use fmselect::requirements::{Requirements, WeightsConstraint};
use fmselect::rules::RuleSet;
use fmselect::source::Source;
use fmselect::strategy::StrategyKind;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

const CASES: u32 = 64;

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: CASES,
        // Failures are shrunk and printed; no regression files are written
        // into the source tree.
        failure_persistence: None,
        ..Config::default()
    })
}

/// The embedded catalog and default rules, loaded once per test.
struct World {
    catalog: Catalog,
    rules: RuleSet,
}

impl World {
    fn load() -> World {
        World {
            catalog: Catalog::embedded().expect("the embedded catalog loads"),
            rules: RuleSet::load(None).expect("the default rules load"),
        }
    }

    /// Validates and normalises `doc` as a requirements file, then runs the
    /// pure pipeline.
    fn analyse(&self, doc: &Value) -> Result<(Requirements, Report), TestCaseError> {
        let (req, a) = self.requirements(doc)?;
        let report =
            fmselect::recommend::analyse(&self.catalog, &self.rules, req.clone(), &a, None)
                .map_err(|d| TestCaseError::fail(format!("analyse failed: {d}")))?;
        Ok((req, report))
    }

    fn requirements(&self, doc: &Value) -> Result<(Requirements, Resolved), TestCaseError> {
        let source = Source::from_text("property.json", doc.to_string());
        let (req, _) = fmselect::requirements::load(&source).map_err(|d| {
            TestCaseError::fail(format!("generated requirements are invalid: {d}\n{doc:#}"))
        })?;
        let a = Resolved::new(&self.catalog.assumptions, req.assumptions.as_ref())
            .map_err(|d| TestCaseError::fail(format!("assumptions: {d}")))?;
        Ok((fmselect::requirements::normalise(req, &a), a))
    }
}

// ---------------------------------------------------------------------------
// A strategy over the SPEC §2 requirements keys
// ---------------------------------------------------------------------------

fn one_of(values: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    proptest::sample::select(values)
}

/// A non-empty subset of `values` (the first is always allowed).
fn subset(values: &'static [&'static str]) -> impl Strategy<Value = Vec<&'static str>> {
    proptest::sample::subsequence(values, 1..=values.len())
}

fn maybe<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::weighted(0.4, s)
}

/// Like [`maybe`], but rarer: for hard constraints, so that most generated
/// requirements still leave some candidates to rank.
fn rarely<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::weighted(0.15, s)
}

/// Values that span the catalog's interesting ranges (tiny to huge volume,
/// short to 5M-token prompts), plus arbitrary ones in between.
fn volume_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        proptest::sample::select(vec![0.0, 1.0, 100.0, 10_000.0, 1_000_000.0, 50_000_000.0]),
        0.0..1e8f64,
    ]
}

fn task() -> impl Strategy<Value = Value> {
    (
        one_of(&[
            "chat",
            "rag-qa",
            "summarization",
            "classification",
            "extraction",
            "code",
            "reasoning",
            "agent",
            "translation",
            "content",
            "vision",
            "other",
        ]),
        prop_oneof![
            6 => Just(vec!["text"]),
            1 => subset(&["text", "image", "audio", "video", "pdf"]),
        ],
        prop_oneof![
            10 => Just(vec!["text"]),
            1 => subset(&["text", "image", "audio"]),
        ],
        prop_oneof![
            4 => proptest::sample::select(vec![1000.0, 8000.0, 32_000.0, 128_000.0]),
            1 => proptest::sample::select(vec![200_000.0, 1_500_000.0, 5_000_000.0]),
            2 => 1.0..200_000.0f64,
        ],
    )
        .prop_map(|(task_type, input, output, context)| {
            json!({ "type": task_type, "input": input, "output": output, "context_tokens": context })
        })
}

fn volume(context_tokens: f64) -> impl Strategy<Value = Value> {
    (
        volume_value(),
        0.0..=1.0f64,
        0.0..4000.0f64,
        maybe(0.0..50.0f64),
    )
        .prop_map(move |(requests, input_share, output, peak)| {
            let mut v = json!({
                "requests_per_month": requests,
                // The average prompt cannot exceed the largest one.
                "input_tokens": (input_share * context_tokens).floor(),
                "output_tokens": output.round(),
            });
            if let Some(p) = peak {
                v["peak_rps"] = json!(p);
            }
            v
        })
}

fn latency() -> impl Strategy<Value = Value> {
    (
        one_of(&["realtime", "interactive", "batch"]),
        rarely(50.0..20_000.0f64),
        rarely(1.0..300.0f64),
    )
        .prop_map(|(class, ttft, tps)| {
            let mut v = json!({ "class": class });
            if let Some(t) = ttft {
                v["ttft_ms"] = json!(t);
            }
            if let Some(t) = tps {
                v["output_tps"] = json!(t);
            }
            v
        })
}

fn data() -> impl Strategy<Value = Value> {
    (
        one_of(&["public", "internal", "confidential", "regulated"]),
        maybe(0.0..=1.0f64),
        prop_oneof![
            6 => Just(Vec::<&str>::new()),
            1 => subset(&["eu", "us"]),
        ],
        any::<bool>(),
    )
        .prop_map(|(sensitivity, share, residency, private_cloud)| {
            let mut v = json!({
                "sensitivity": sensitivity,
                "residency": residency,
                "allow_private_cloud": private_cloud,
            });
            if let Some(s) = share {
                v["sensitive_share"] = json!(s);
            }
            v
        })
}

fn adaptation() -> impl Strategy<Value = Value> {
    (
        any::<bool>(),
        one_of(&["rarely", "monthly", "daily"]),
        any::<bool>(),
        0u64..20_000,
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(proprietary, changes, style, examples, moat)| {
            json!({
                "proprietary_knowledge": proprietary,
                "knowledge_changes": changes,
                "consistent_style": style,
                "labeled_examples": examples,
                "strategic_data_advantage": moat,
            })
        })
}

fn constraints() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            3 => Just("any"),
            1 => Just("open"),
            1 => Just("closed"),
        ],
        prop_oneof![
            3 => Just(Vec::<&str>::new()),
            1 => subset(&["openai", "anthropic", "google", "meta", "deepseek"]),
        ],
        prop_oneof![
            3 => Just(Vec::<&str>::new()),
            1 => subset(&["gpt-5.2", "claude-opus-4-6", "llama-4-scout", "gpt-oss-120b"]),
        ],
    )
        .prop_map(|(weights, deny_providers, deny_models)| {
            json!({
                "weights": weights,
                "providers": { "deny": deny_providers },
                "models": { "deny": deny_models },
            })
        })
}

fn priorities() -> impl Strategy<Value = Value> {
    proptest::array::uniform6(0u8..=5).prop_map(|mut p| {
        if p.iter().all(|&w| w == 0) {
            p[0] = 1; // all-zero priorities are an input error
        }
        json!({
            "quality": p[0], "cost": p[1], "latency": p[2],
            "privacy": p[3], "time_to_market": p[4], "lock_in": p[5],
        })
    })
}

/// A random, valid requirements document (as JSON, which the loader reads
/// like YAML).
fn requirements() -> impl Strategy<Value = Value> {
    task()
        .prop_flat_map(|task| {
            let context = task["context_tokens"].as_f64().unwrap();
            (
                Just(task),
                volume(context),
                latency(),
                data(),
                (one_of(&["good-enough", "high", "maximum"]), 0.0..=1.0f64),
                (rarely(10.0..1_000_000.0f64), maybe(1000.0..10_000_000.0f64)),
                (maybe(1.0..40.0f64), 1.0..120.0f64),
                one_of(&["none", "some", "strong"]),
                adaptation(),
                constraints(),
                priorities(),
            )
        })
        .prop_map(
            |(
                task,
                volume,
                latency,
                data,
                accuracy,
                budget,
                time,
                ml_ops,
                adaptation,
                constraints,
                priorities,
            )| {
                let mut budget_doc = json!({});
                if let Some(m) = budget.0 {
                    budget_doc["monthly_usd"] = json!(m);
                }
                if let Some(s) = budget.1 {
                    budget_doc["setup_usd"] = json!(s);
                }
                let mut doc = json!({
                    "task": task,
                    "volume": volume,
                    "latency": latency,
                    "data": data,
                    "accuracy": { "level": accuracy.0, "complex_share": accuracy.1 },
                    "budget": budget_doc,
                    "horizon_months": time.1.round().max(1.0),
                    "team": { "ml_ops": ml_ops },
                    "adaptation": adaptation,
                    "constraints": constraints,
                    "priorities": priorities,
                });
                if let Some(w) = time.0 {
                    doc["time_to_market_weeks"] = json!(w.round().max(1.0));
                }
                doc
            },
        )
}

/// Requirements that usually need a blend: part of the data must stay
/// local, the rest may go anywhere.
fn blend_requirements() -> impl Strategy<Value = Value> {
    (
        requirements(),
        one_of(&["confidential", "regulated"]),
        0.01..0.99f64,
        0.0..=1.0f64,
    )
        .prop_map(|(mut doc, sensitivity, share, complex)| {
            doc["data"]["sensitivity"] = json!(sensitivity);
            doc["data"]["sensitive_share"] = json!(share);
            doc["accuracy"]["complex_share"] = json!(complex);
            // Keep the catalog wide open so a blend is possible.
            doc["constraints"] = json!({});
            doc["task"]["input"] = json!(["text"]);
            doc["task"]["output"] = json!(["text"]);
            doc["task"]["context_tokens"] = json!(8000);
            doc["volume"]["input_tokens"] = json!(1000);
            doc["data"]["residency"] = json!([]);
            doc["budget"] = json!({});
            doc["latency"] = json!({ "class": "interactive" });
            doc["adaptation"]["strategic_data_advantage"] = json!(false);
            doc
        })
}

// ---------------------------------------------------------------------------
// Properties of `recommend`
// ---------------------------------------------------------------------------

#[test]
fn filters_never_add_a_model() {
    let world = World::load();
    let catalog_ids: Vec<&str> = world.catalog.models.iter().map(|m| m.id.as_str()).collect();
    runner()
        .run(&requirements(), |doc| {
            let (_, report) = world.analyse(&doc)?;
            let mut seen: Vec<&str> = report
                .candidates
                .iter()
                .map(|c| c.id.as_str())
                .chain(report.excluded.iter().map(|e| e.id.as_str()))
                .collect();
            seen.sort_unstable();
            // Sorted and equal to the (sorted, unique) catalog ids: nothing
            // added, nothing lost, nothing both kept and excluded.
            prop_assert_eq!(&seen, &catalog_ids);
            prop_assert_eq!(report.candidates_total, report.candidates.len());
            for e in &report.excluded {
                prop_assert!(
                    !e.reasons.is_empty(),
                    "`{}` excluded without a reason",
                    e.id
                );
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn every_candidate_meets_the_hard_constraints() {
    let world = World::load();
    runner()
        .run(&requirements(), |doc| {
            let (req, report) = world.analyse(&doc)?;
            let c = &req.constraints;
            for cand in &report.candidates {
                let m = world.catalog.model(&cand.id).expect("a catalog model");
                match c.weights {
                    WeightsConstraint::Open => prop_assert_eq!(cand.weights.as_str(), "open"),
                    WeightsConstraint::Closed => prop_assert_eq!(cand.weights.as_str(), "closed"),
                    WeightsConstraint::Any => {}
                }
                for i in &req.task.input {
                    prop_assert!(
                        m.modalities.input.contains(&Modality::from(*i)),
                        "{} does not read {:?}",
                        m.id,
                        i
                    );
                }
                for o in &req.task.output {
                    prop_assert!(
                        m.modalities.output.contains(&Modality::from(*o)),
                        "{} does not write {:?}",
                        m.id,
                        o
                    );
                }
                prop_assert!(!c.models.deny.contains(&m.id), "{} is denied", m.id);
                prop_assert!(
                    !c.providers
                        .deny
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(&m.provider)),
                    "{}'s maker {} is denied",
                    m.id,
                    m.provider
                );
                if req.local_share() >= 1.0 {
                    prop_assert!(
                        cand.serves_sensitive
                            && (cand.deployment == "self-hosted"
                                || (cand.deployment == "private-cloud"
                                    && req.data.allow_private_cloud)),
                        "{} on {} for data that must stay local",
                        m.id,
                        cand.deployment
                    );
                }
                if let (Some(budget), Some(cost)) = (req.budget.monthly_usd, cand.monthly_cost_usd)
                {
                    prop_assert!(
                        cost <= budget,
                        "{} costs {} over the {} budget",
                        m.id,
                        cost,
                        budget
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn scores_and_qualities_stay_in_range() {
    let world = World::load();
    let unit = 0.0..=1.0;
    runner()
        .run(&requirements(), |doc| {
            let (_, report) = world.analyse(&doc)?;
            for c in &report.candidates {
                prop_assert!(unit.contains(&c.score), "{} score {}", c.id, c.score);
                prop_assert!(unit.contains(&c.quality), "{} quality {}", c.id, c.quality);
                // The estimate lies within its range, and so does the score.
                let [low, high] = c.quality_range;
                prop_assert!(
                    unit.contains(&low) && low <= c.quality && c.quality <= high && high <= 1.0,
                    "{} quality {} outside {:?}",
                    c.id,
                    c.quality,
                    c.quality_range
                );
                let [low, high] = c.score_range;
                prop_assert!(
                    low <= c.score && c.score <= high,
                    "{} score {} outside {:?}",
                    c.id,
                    c.score,
                    c.score_range
                );
                for component in &c.components {
                    prop_assert!(
                        unit.contains(&component.value),
                        "{} {} = {}",
                        c.id,
                        component.name,
                        component.value
                    );
                }
                if let Some(cost) = c.monthly_cost_usd {
                    prop_assert!(cost.is_finite() && cost >= 0.0, "{} costs {}", c.id, cost);
                }
            }
            if let Some(s) = &report.strategy {
                for r in &s.routes {
                    prop_assert!(
                        unit.contains(&r.quality),
                        "route {} quality {}",
                        r.traffic,
                        r.quality
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn ranking_is_deterministic_and_sorted() {
    let world = World::load();
    runner()
        .run(&requirements(), |doc| {
            let (_, first) = world.analyse(&doc)?;
            let (_, second) = world.analyse(&doc)?;
            let a = serde_json::to_string(&first).unwrap();
            let b = serde_json::to_string(&second).unwrap();
            prop_assert!(a == b, "two runs on the same input differ");
            for (i, c) in first.candidates.iter().enumerate() {
                prop_assert_eq!(c.rank, i + 1);
            }
            for pair in first.candidates.windows(2) {
                let (x, y) = (&pair[0], &pair[1]);
                prop_assert!(
                    x.score > y.score || (x.score == y.score && x.id < y.id),
                    "`{}` ({}) ranked above `{}` ({})",
                    x.id,
                    x.score,
                    y.id,
                    y.score
                );
            }
            Ok(())
        })
        .unwrap();
}

/// Route shares are rounded to 6 decimals in the report, so three routes
/// may miss 1 by a few millionths.
const SHARE_ROUNDING: f64 = 2e-6;

#[test]
fn route_shares_sum_to_one() {
    let world = World::load();
    let blends = Cell::new(0u32);
    runner()
        .run(&blend_requirements(), |doc| {
            let (req, report) = world.analyse(&doc)?;
            let Some(s) = &report.strategy else {
                return Ok(());
            };
            let total: f64 = s.routes.iter().map(|r| r.share).sum();
            prop_assert!(
                (total - 1.0).abs() <= SHARE_ROUNDING,
                "{} routes sum to {}",
                s.kind.as_str(),
                total
            );
            if s.kind == StrategyKind::Blend {
                blends.set(blends.get() + 1);
                let local = req.local_share();
                let sensitive = s.routes.iter().find(|r| r.traffic == "sensitive");
                prop_assert!(
                    sensitive.is_some(),
                    "a blend with local data has a sensitive route"
                );
                let sensitive = sensitive.unwrap();
                // At least the local share; more when its GPUs also carry
                // non-sensitive bulk on capacity already paid for.
                prop_assert!(sensitive.share >= local - 1e-6);
                if sensitive.share > local + 1e-6 {
                    prop_assert!(sensitive.deployment == "self-hosted");
                }
                prop_assert!(
                    sensitive.deployment == "self-hosted"
                        || (sensitive.deployment == "private-cloud"
                            && req.data.allow_private_cloud),
                    "sensitive data leaves on {}",
                    sensitive.deployment
                );
            }
            Ok(())
        })
        .unwrap();
    // The property was exercised on real blends, not vacuously.
    assert!(blends.get() > 0, "no case produced a blend");
}

#[test]
fn tco_grows_with_the_horizon() {
    let world = World::load();
    let cases = (requirements(), 1.0..60.0f64);
    runner()
        .run(&cases, |(doc, extra)| {
            let (short_req, short) = world.analyse(&doc)?;
            let mut longer = doc.clone();
            longer["horizon_months"] = json!(short_req.horizon_months + extra.round().max(1.0));
            let (long_req, long) = world.analyse(&longer)?;
            for (req, report) in [(&short_req, &short), (&long_req, &long)] {
                if let Some(s) = &report.strategy
                    && let (Some(setup), Some(monthly), Some(tco)) =
                        (s.setup_cost_usd, s.monthly_cost_usd, s.tco_usd)
                {
                    let expected = setup + monthly * req.horizon_months;
                    prop_assert!(
                        (tco - expected).abs() <= 0.01 + expected.abs() * 1e-12,
                        "tco {} != setup {} + {} × {}",
                        tco,
                        setup,
                        monthly,
                        req.horizon_months
                    );
                }
            }
            if let (Some(a), Some(b)) = (
                short.strategy.as_ref().and_then(|s| s.tco_usd),
                long.strategy.as_ref().and_then(|s| s.tco_usd),
            ) {
                prop_assert!(
                    b >= a - 0.01,
                    "TCO fell from {} ({} months) to {} ({} months)",
                    a,
                    short_req.horizon_months,
                    b,
                    long_req.horizon_months
                );
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------
// Properties of the cost model
// ---------------------------------------------------------------------------

fn traffic() -> impl Strategy<Value = Traffic> {
    (
        (
            1.0..1e7f64,
            0.0..300_000.0f64,
            0.0..5000.0f64,
            0.0..100.0f64,
        ),
        (0.0..1.0f64, 0.0..1.0f64, 0.0..1.0f64),
    )
        .prop_map(
            |((requests, input, output, peak), (cache, batch, audio))| Traffic {
                requests_per_month: requests,
                input_tokens: input.round(),
                output_tokens: output.round(),
                peak_rps: peak,
                context_tokens: input.round().max(1.0),
                ttft_ms: None,
                min_output_tps: None,
                // Issue 11: cache hits, batch and audio shares scale with
                // volume like the rest of the bill.
                api_usage: fmselect::cost::ApiUsage {
                    cache_hit_share: cache,
                    batch_share: batch,
                    audio_share: audio,
                    image_share: 0.0,
                },
            },
        )
}

#[test]
fn api_cost_is_linear_in_volume() {
    let world = World::load();
    let a = Resolved::new(&world.catalog.assumptions, None).unwrap();
    let offerings: Vec<_> = world
        .catalog
        .models
        .iter()
        .flat_map(|m| &m.offerings)
        .filter(|o| o.kind != OfferingKind::SelfHosted)
        .collect();
    assert!(!offerings.is_empty());
    let cases = (0..offerings.len(), traffic(), 1u32..1000);
    runner()
        .run(&cases, |(i, t, k)| {
            let o = offerings[i];
            let k = f64::from(k);
            let once = api_cost(o, &t, &a).monthly_usd;
            let scaled = api_cost(o, &t.with_volume(t.requests_per_month * k), &a).monthly_usd;
            match (once, scaled) {
                (Some(c1), Some(ck)) => {
                    // Each figure is rounded to cents: k × c1 carries k half-cents.
                    let tolerance = 0.005 * (k + 1.0) + ck.abs() * 1e-12;
                    prop_assert!(
                        (ck - k * c1).abs() <= tolerance,
                        "cost at {}× volume is {}, not {} × {}",
                        k,
                        ck,
                        k,
                        c1
                    );
                }
                (None, None) => {} // unpriced either way
                other => prop_assert!(false, "priced at one volume only: {:?}", other),
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn self_hosted_cost_never_falls_as_volume_grows() {
    let world = World::load();
    let a = Resolved::new(&world.catalog.assumptions, None).unwrap();
    let offerings: Vec<_> = world
        .catalog
        .models
        .iter()
        .flat_map(|m| m.offerings.iter().map(move |o| (m, o)))
        .filter(|(_, o)| o.kind == OfferingKind::SelfHosted)
        .collect();
    assert!(!offerings.is_empty());
    // Volume, prompt length and context each grow by `factor`.
    let cases = (0..offerings.len(), traffic(), 1.0..50.0f64, 0..3usize);
    runner()
        .run(&cases, |(i, t, factor, what)| {
            let (model, o) = offerings[i];
            let low = deployment_cost(model, o, &world.catalog, &t, &a);
            let high_traffic = match what {
                0 => t.with_volume(t.requests_per_month * factor),
                1 => Traffic {
                    input_tokens: (t.input_tokens * factor).round(),
                    context_tokens: t.context_tokens.max((t.input_tokens * factor).round()),
                    ..t
                },
                _ => Traffic {
                    context_tokens: (t.context_tokens * factor).round(),
                    ..t
                },
            };
            let high = deployment_cost(model, o, &world.catalog, &high_traffic, &a);
            // A configuration that cannot hold the smaller workload cannot
            // hold the larger one.
            prop_assert!(
                low.excluded.is_none() || high.excluded.is_some() || high.monthly_usd.is_none()
            );
            if let (Some(lo), Some(hi)) = (low.monthly_usd, high.monthly_usd) {
                prop_assert!(
                    hi >= lo,
                    "{} on {:?}: {} for {:?}, {} for {:?}",
                    model.id,
                    o.gpu,
                    lo,
                    t,
                    hi,
                    high_traffic
                );
                // At least one replica, whatever the volume.
                let s = low.sizing.unwrap();
                prop_assert!(s.plan.replicas >= 1 && s.total_gpus >= s.plan.gpus_per_replica);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn self_hosted_gpus_cover_the_prefill_flops() {
    let world = World::load();
    let a = Resolved::new(&world.catalog.assumptions, None).unwrap();
    let offerings: Vec<_> = world
        .catalog
        .models
        .iter()
        .flat_map(|m| m.offerings.iter().map(move |o| (m, o)))
        .filter(|(_, o)| o.kind == OfferingKind::SelfHosted)
        .collect();
    let cases = (0..offerings.len(), traffic());
    runner()
        .run(&cases, |(i, t)| {
            let (model, o) = offerings[i];
            let c = deployment_cost(model, o, &world.catalog, &t, &a);
            let (Some(s), Some(active)) =
                (c.sizing, model.params_b.as_ref().and_then(|p| p.active))
            else {
                return Ok(());
            };
            let gpu = world.catalog.gpu(o.gpu.as_deref().unwrap()).unwrap();
            let peak = match o.precision {
                Some(fmselect::catalog::Precision::Fp8) => gpu.fp8_tflops.or(gpu.bf16_tflops),
                Some(fmselect::catalog::Precision::Fp4) => {
                    gpu.fp4_tflops.or(gpu.fp8_tflops).or(gpu.bf16_tflops)
                }
                _ => gpu.bf16_tflops,
            };
            let Some(peak) = peak else { return Ok(()) };
            let floor = 2.0 * active * 1e9 * t.peak_rps * t.input_tokens
                / (peak * 1e12 * a.capacity.prefill_mfu);
            let gpus = f64::from(s.plan.replicas) * f64::from(s.plan.gpus_per_replica);
            prop_assert!(
                gpus + 1e-9 >= floor,
                "{}: {} GPUs < {}",
                model.id,
                gpus,
                floor
            );
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------
// Properties of `compare`
// ---------------------------------------------------------------------------

fn scenario_option(index: usize) -> impl Strategy<Value = ScenarioOption> {
    (
        prop_oneof![
            Just(StrategyKind::Buy),
            Just(StrategyKind::Build),
            Just(StrategyKind::Blend),
        ],
        0.0..500_000.0f64,
        0.0..50_000.0f64,
        prop_oneof![
            Just(DataPrivacy::LeavesCompany),
            Just(DataPrivacy::SensitiveStaysLocal),
            Just(DataPrivacy::FullControl),
        ],
        1.0..30.0f64,
    )
        .prop_map(
            move |(strategy, setup, monthly, privacy, weeks)| ScenarioOption {
                id: format!("O{index}"),
                name: format!("Option {index}"),
                strategy,
                setup_usd: setup.round(),
                monthly_usd: monthly.round(),
                data_privacy: privacy,
                time_to_market_weeks: weeks.round(),
            },
        )
}

fn scenario() -> impl Strategy<Value = (Scenario, Value)> {
    (
        (1usize..6).prop_flat_map(|n| (0..n).map(scenario_option).collect::<Vec<_>>()),
        1.0..120.0f64,
        one_of(&["public", "internal", "confidential", "regulated"]),
        maybe(0.0..=1.0f64),
        maybe(1.0..30.0f64),
        maybe(100.0..60_000.0f64),
    )
        .prop_map(|(options, horizon, sensitivity, share, deadline, budget)| {
            let mut data = json!({ "sensitivity": sensitivity });
            if let Some(s) = share {
                data["sensitive_share"] = json!(s);
            }
            let mut req = json!({ "data": data, "horizon_months": horizon.round() });
            if let Some(d) = deadline {
                req["time_to_market_weeks"] = json!(d.round());
            }
            if let Some(b) = budget {
                req["budget"] = json!({ "monthly_usd": b.round() });
            }
            let scenario = Scenario {
                schema_version: 1,
                name: Some("property".to_owned()),
                description: None,
                horizon_months: Some(horizon.round()),
                requirements: None,
                requirements_file: None,
                options,
            };
            (scenario, req)
        })
}

#[test]
fn compare_tco_is_setup_plus_monthly_times_horizon() {
    let world = World::load();
    runner()
        .run(&scenario(), |(scenario, req_doc)| {
            let req: Requirements = serde_json::from_value(req_doc.clone())
                .map_err(|e| TestCaseError::fail(format!("{e}: {req_doc}")))?;
            let a = Resolved::new(&world.catalog.assumptions, None).unwrap();
            let req = fmselect::requirements::normalise(req, &a);
            let horizon = req.horizon_months;
            let report = fmselect::compare::analyse(&scenario, req);
            prop_assert_eq!(report.horizon_months, horizon);
            prop_assert_eq!(report.options.len(), scenario.options.len());
            for (o, r) in scenario.options.iter().zip(&report.options) {
                prop_assert_eq!(&o.id, &r.id);
                let expected = o.setup_usd + o.monthly_usd * horizon;
                prop_assert!(
                    (r.tco_usd - expected).abs() <= 0.0051 + expected * 1e-12,
                    "{}: tco {} != {} + {} × {}",
                    o.id,
                    r.tco_usd,
                    o.setup_usd,
                    o.monthly_usd,
                    horizon
                );
                prop_assert_eq!(r.meets_constraints, r.violations.is_empty());
            }
            // The recommendation: the cheapest option over the horizon among
            // those that meet the constraints; none (exit 3) when none does.
            let acceptable: Vec<_> = report
                .options
                .iter()
                .filter(|o| o.meets_constraints)
                .collect();
            match &report.recommended {
                None => prop_assert!(
                    acceptable.is_empty(),
                    "an acceptable option was not recommended"
                ),
                Some(rec) => {
                    let chosen = report.options.iter().find(|o| o.id == rec.id).unwrap();
                    prop_assert!(
                        chosen.meets_constraints,
                        "{} is recommended but fails",
                        rec.id
                    );
                    for other in &acceptable {
                        prop_assert!(
                            chosen.tco_usd <= other.tco_usd,
                            "{} ({}) recommended over cheaper {} ({})",
                            chosen.id,
                            chosen.tco_usd,
                            other.id,
                            other.tco_usd
                        );
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
