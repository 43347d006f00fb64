//! Semantic checks of a catalog file: ids, ranges, cross-references, dates,
//! staleness and suspicious values. Errors stop a load; warnings are shown by
//! `catalog validate` (and on stderr by other commands when asked).

use std::collections::{BTreeMap, HashSet};

use super::Known;
use super::types::*;
use crate::dates;
use crate::load::Check;

/// Default staleness limit when the file sets none (SPEC §3).
const STALE_AFTER_DAYS: u32 = 180;

pub fn check_file(file: &CatalogFile, known: &Known, c: &mut Check) {
    c.schema_version(file.schema_version);
    let today = dates::today();
    let stale_after = file
        .assumptions
        .as_ref()
        .and_then(|a| a.stale_after_days)
        .unwrap_or(STALE_AFTER_DAYS);
    if let Some(as_of) = &file.as_of {
        c.at("as_of", |c| {
            if let Some(days) = check_date(c, as_of)
                && today - days > i64::from(stale_after)
            {
                c.warn(
                    "stale-catalog",
                    format!("the catalog is dated {as_of}, more than {stale_after} days ago"),
                    Some("refresh prices with `fmselect catalog import --merge`".to_owned()),
                );
            }
        });
    }

    let mut metric_ids: HashSet<&str> = known.metrics.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    for (i, m) in file.metrics.iter().enumerate() {
        c.at("metrics", |c| {
            c.at(i, |c| {
                if !is_snake_id(&m.id) {
                    c.at("id", |c| {
                        c.error(
                            "invalid-value",
                            format!("metric id `{}` is not snake_case", m.id),
                            Some("use lowercase letters, digits and underscores".to_owned()),
                        )
                    });
                }
                if !seen.insert(m.id.as_str()) {
                    c.at("id", |c| {
                        c.error(
                            "duplicate-id",
                            format!("metric `{}` is defined twice", m.id),
                            None,
                        )
                    });
                }
                if !matches!(m.unit.as_str(), "percent" | "index" | "elo") {
                    c.at("unit", |c| {
                        c.error(
                            "unknown-value",
                            format!("unknown unit `{}`", m.unit),
                            Some("expected one of: percent, index, elo".to_owned()),
                        )
                    });
                }
                c.at("as_of", |c| {
                    check_date(c, &m.as_of);
                });
            })
        });
        metric_ids.insert(&m.id);
    }
    let metric_units: BTreeMap<&str, &str> = known
        .metric_units
        .iter()
        .map(|(id, unit)| (id.as_str(), unit.as_str()))
        .chain(
            file.metrics
                .iter()
                .map(|m| (m.id.as_str(), m.unit.as_str())),
        )
        .collect();

    let mut hardware_ids: HashSet<&str> = known.hardware.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    for (i, h) in file.hardware.iter().enumerate() {
        c.at("hardware", |c| {
            c.at(i, |c| {
                check_id(c, &h.id);
                if !seen.insert(h.id.as_str()) {
                    c.at("id", |c| {
                        c.error(
                            "duplicate-id",
                            format!("GPU `{}` is defined twice", h.id),
                            None,
                        )
                    });
                }
                c.range("memory_gb", h.memory_gb, 1.0, 100_000.0);
                match h.usd_per_gpu_hour {
                    Some(p) => c.range("usd_per_gpu_hour", p, 0.0, 10_000.0),
                    None => c.at("usd_per_gpu_hour", |c| {
                        c.warn(
                            "unknown-hardware-price",
                            format!(
                                "GPU `{}` has no hourly price; self-hosting on it cannot be costed",
                                h.id
                            ),
                            None,
                        )
                    }),
                }
                for (j, s) in h.sources.iter().enumerate() {
                    c.at("sources", |c| {
                        c.at(j, |c| {
                            c.at("as_of", |c| {
                                check_date(c, &s.as_of);
                            })
                        })
                    });
                }
            })
        });
        hardware_ids.insert(&h.id);
    }

    if let Some(a) = &file.assumptions {
        c.at("assumptions", |c| check_assumptions(a, c));
    }

    let mut seen = HashSet::new();
    for (i, m) in file.models.iter().enumerate() {
        c.at("models", |c| {
            c.at(i, |c| {
                if !seen.insert(m.id.as_str()) {
                    c.at("id", |c| {
                        c.error(
                            "duplicate-id",
                            format!("model `{}` is defined twice in this file", m.id),
                            Some(
                                "ids must be unique; a later file may replace a model on purpose"
                                    .to_owned(),
                            ),
                        )
                    });
                }
                check_model(
                    m,
                    &metric_ids,
                    &metric_units,
                    &hardware_ids,
                    today,
                    stale_after,
                    c,
                );
            })
        });
    }
    check_price_outliers(file, c);
}

pub fn check_assumptions(a: &Assumptions, c: &mut Check) {
    let positive = f64::MIN_POSITIVE;
    let inf = f64::INFINITY;
    if let Some(v) = a.hours_per_month {
        c.range("hours_per_month", v, 1.0, 744.0);
    }
    if let Some(v) = a.peak_factor {
        c.range("peak_factor", v, 1.0, 1000.0);
    }
    if let Some(v) = a.engineering_usd_per_week {
        c.range("engineering_usd_per_week", v, 0.0, inf);
    }
    if let Some(v) = a.self_hosting_ops_weeks_per_month {
        c.range("self_hosting_ops_weeks_per_month", v, 0.0, 5.0);
    }
    if let Some(v) = a.self_hosting_ops_weeks_per_node_month {
        c.range("self_hosting_ops_weeks_per_node_month", v, 0.0, 5.0);
    }
    if let Some(k) = &a.capacity {
        c.at("capacity", |c| {
            for (key, v, lo, hi) in [
                ("prefill_mfu", k.prefill_mfu, positive, 1.0),
                (
                    "decode_bandwidth_efficiency",
                    k.decode_bandwidth_efficiency,
                    positive,
                    1.0,
                ),
                (
                    "runtime_overhead_gb_per_gpu",
                    k.runtime_overhead_gb_per_gpu,
                    0.0,
                    1000.0,
                ),
                ("max_batch_sequences", k.max_batch_sequences, 1.0, 1e6),
                (
                    "legacy_row_input_tokens",
                    k.legacy_row_input_tokens,
                    1.0,
                    1e7,
                ),
            ] {
                if let Some(v) = v {
                    c.range(key, v, lo, hi);
                }
            }
        });
    }
    if let Some(o) = &a.ownership {
        c.at("ownership", |c| {
            for (key, v, lo, hi) in [
                ("pue", o.pue, 1.0, 5.0),
                (
                    "electricity_usd_per_kwh",
                    o.electricity_usd_per_kwh,
                    0.0,
                    10.0,
                ),
                (
                    "colocation_usd_per_kw_month",
                    o.colocation_usd_per_kw_month,
                    0.0,
                    100_000.0,
                ),
            ] {
                if let Some(v) = v {
                    c.range(key, v, lo, hi);
                }
            }
        });
    }
    if let Some(v) = a.gpu_memory_utilization {
        c.range("gpu_memory_utilization", v, positive, 1.0);
    }
    if let Some(v) = a.target_utilization {
        c.range("target_utilization", v, positive, 1.0);
    }
    if let Some(v) = a.prompt_cache_hit_share {
        c.range("prompt_cache_hit_share", v, 0.0, 1.0);
    }
    for (name, s) in &a.strategies {
        c.at("strategies", |c| {
            c.at_key(name.clone(), |c| {
                if !matches!(name.as_str(), "buy" | "build" | "blend") {
                    c.error(
                        "unknown-key",
                        format!("unknown strategy `{name}`"),
                        Some("expected one of: buy, build, blend".to_owned()),
                    );
                }
                if let Some(v) = s.setup_usd {
                    c.range("setup_usd", v, 0.0, inf);
                }
                if let Some(v) = s.setup_weeks {
                    c.range("setup_weeks", v, 0.0, 520.0);
                }
            })
        });
    }
    for (name, s) in &a.adaptation {
        c.at("adaptation", |c| {
            c.at_key(name.clone(), |c| {
                if !matches!(
                    name.as_str(),
                    "prompting" | "rag" | "fine-tuning" | "from-scratch"
                ) {
                    c.error(
                        "unknown-key",
                        format!("unknown adaptation technique `{name}`"),
                        Some(
                            "expected one of: prompting, rag, fine-tuning, from-scratch".to_owned(),
                        ),
                    );
                }
                if let Some(v) = s.setup_usd {
                    c.range("setup_usd", v, 0.0, inf);
                }
                if let Some(v) = s.setup_weeks {
                    c.range("setup_weeks", v, 0.0, 520.0);
                }
                if let Some(v) = s.monthly_usd {
                    c.range("monthly_usd", v, 0.0, inf);
                }
            })
        });
    }
    if let Some(t) = &a.from_scratch_training {
        c.at("from_scratch_training", |c| {
            for (key, v, hi) in [
                ("params_b", t.params_b, 1e6),
                ("tokens_b", t.tokens_b, 1e9),
                ("gpu_bf16_tflops", t.gpu_bf16_tflops, 1e6),
                ("engineering_weeks", t.engineering_weeks, 1e4),
            ] {
                if let Some(v) = v {
                    c.range(key, v, positive, hi);
                }
            }
            if let Some(v) = t.mfu {
                c.range("mfu", v, positive, 1.0);
            }
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn check_model(
    m: &Model,
    metrics: &HashSet<&str>,
    units: &BTreeMap<&str, &str>,
    hardware: &HashSet<&str>,
    today: i64,
    stale_after: u32,
    c: &mut Check,
) {
    check_id(c, &m.id);
    if m.name.trim().is_empty() {
        c.at("name", |c| {
            c.error("invalid-value", "the model name is empty", None)
        });
    }
    if m.provider.trim().is_empty() {
        c.at("provider", |c| {
            c.error("invalid-value", "the provider is empty", None)
        });
    }
    for (key, date) in [("released", &m.released), ("deprecated", &m.deprecated)] {
        if let Some(d) = date {
            c.at(key, |c| {
                check_any_date(c, d);
            });
        }
    }
    if let Some(p) = m.params_b {
        c.at("params_b", |c| {
            if let Some(t) = p.total {
                c.range("total", t, f64::MIN_POSITIVE, 1e6);
            }
            if let Some(a) = p.active {
                c.range("active", a, f64::MIN_POSITIVE, p.total.unwrap_or(1e6));
            }
        });
    }
    if let Some(ctx) = m.context_window {
        if ctx == 0 {
            c.at("context_window", |c| {
                c.error(
                    "out-of-range",
                    "context_window must be greater than 0",
                    None,
                )
            });
        }
        if let Some(out) = m.max_output_tokens
            && out > ctx
        {
            c.at("max_output_tokens", |c| {
                c.warn(
                    "context-below-output",
                    format!("max_output_tokens {out} exceeds the context window {ctx}"),
                    Some("check both figures against the source".to_owned()),
                )
            });
        }
    }
    if m.modalities.input.is_empty() || m.modalities.output.is_empty() {
        c.at("modalities", |c| {
            c.error(
                "empty-list",
                "a model needs at least one input and one output modality",
                Some("e.g. { input: [text], output: [text] }".to_owned()),
            )
        });
    }
    for (metric, ci) in &m.benchmarks_ci {
        c.at("benchmarks_ci", |c| {
            c.at_key(metric.clone(), |c| {
                if !m.benchmarks.contains_key(metric) {
                    c.error(
                        "unknown-reference",
                        format!("`{metric}` has an interval but no value under `benchmarks`"),
                        Some(
                            "give the value under `benchmarks`, or remove the interval".to_owned(),
                        ),
                    );
                } else if !ci.is_finite() || *ci < 0.0 {
                    c.error(
                        "out-of-range",
                        format!("interval {ci} must be a number ≥ 0 (the ± half-width)"),
                        None,
                    );
                }
            })
        });
    }
    for (metric, value) in &m.benchmarks {
        c.at("benchmarks", |c| {
            c.at_key(metric.clone(), |c| {
                if !metrics.contains(metric.as_str()) {
                    let help = crate::diag::did_you_mean(metric, metrics.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            "define the metric under `metrics:` in a catalog file".to_owned()
                        });
                    c.error(
                        "unknown-reference",
                        format!("unknown benchmark metric `{metric}`"),
                        Some(help),
                    );
                    return;
                }
                let hi = match units.get(metric.as_str()).copied() {
                    Some("elo") => 4000.0,
                    _ if units.contains_key(metric.as_str()) => 100.0,
                    // A metric defined in another file: accept the Elo range.
                    _ => 4000.0,
                };
                if !value.is_finite() {
                    let name = c.here();
                    c.error(
                        "not-finite",
                        format!("`{name}` must be a finite number"),
                        None,
                    );
                } else if *value < 0.0 || *value > hi {
                    let name = c.here();
                    c.error(
                        "out-of-range",
                        format!("`{name}` is {value}, outside 0..{hi}"),
                        None,
                    );
                }
            })
        });
    }
    c.at("speed", |c| {
        if let Some(v) = m.speed.output_tps {
            c.range("output_tps", v, 0.0, 1e6);
        }
        if let Some(v) = m.speed.ttft_ms {
            c.range("ttft_ms", v, 0.0, 1e7);
        }
    });
    for (i, o) in m.offerings.iter().enumerate() {
        c.at("offerings", |c| {
            c.at(i, |c| check_offering(o, hardware, today, stale_after, c))
        });
    }
    let mut covered: HashSet<Fact> = HashSet::new();
    for (i, s) in m.sources.iter().enumerate() {
        covered.extend(s.what.iter().copied());
        c.at("sources", |c| {
            c.at(i, |c| {
                if s.reference.trim().is_empty() {
                    c.at("ref", |c| {
                        c.error("invalid-value", "a source needs a `ref`", None)
                    });
                }
                if s.what.is_empty() {
                    c.at("what", |c| {
                        c.error("empty-list", "a source must say which facts it backs", None)
                    });
                }
                c.at("as_of", |c| {
                    check_date(c, &s.as_of);
                });
            })
        });
    }
    for (fact, present) in facts_present(m) {
        if present && !covered.contains(&fact) {
            let name = serde_json::to_value(fact)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            c.at("sources", |c| {
                c.warn(
                    "missing-source",
                    format!(
                        "model `{}` has {name} facts but no source with `what: [{name}]`",
                        m.id
                    ),
                    Some("add a source entry naming where the figures come from".to_owned()),
                )
            });
        }
    }
}

/// Which fact categories a model fills (and so need a source).
pub fn facts_present(m: &Model) -> [(Fact, bool); 9] {
    let priced_without_source = m.offerings.iter().any(|o| {
        o.kind != OfferingKind::SelfHosted && o.source.is_none() && o.input_per_mtok.is_some()
    });
    let served_without_source = m.offerings.iter().any(|o| {
        o.kind == OfferingKind::SelfHosted && o.source.is_none() && o.replica_output_tps.is_some()
    });
    [
        (Fact::Identity, true),
        (Fact::License, m.license.is_some()),
        (Fact::Params, m.params_b.is_some()),
        (
            Fact::Context,
            m.context_window.is_some() || m.max_output_tokens.is_some(),
        ),
        (Fact::Benchmarks, !m.benchmarks.is_empty()),
        (
            Fact::Speed,
            m.speed.output_tps.is_some() || m.speed.ttft_ms.is_some(),
        ),
        (Fact::Pricing, priced_without_source),
        (Fact::Serving, served_without_source),
        (
            Fact::Capabilities,
            !m.capabilities.is_unknown() || m.status.is_some(),
        ),
    ]
}

fn check_offering(
    o: &Offering,
    hardware: &HashSet<&str>,
    today: i64,
    stale_after: u32,
    c: &mut Check,
) {
    for (key, v) in [
        ("input_per_mtok", o.input_per_mtok),
        ("output_per_mtok", o.output_per_mtok),
        ("cached_input_per_mtok", o.cached_input_per_mtok),
        ("batch_input_per_mtok", o.batch_input_per_mtok),
        ("batch_output_per_mtok", o.batch_output_per_mtok),
        ("cache_write_per_mtok", o.cache_write_per_mtok),
        ("audio_input_per_mtok", o.audio_input_per_mtok),
        ("image_input_per_mtok", o.image_input_per_mtok),
    ] {
        if let Some(v) = v {
            c.range(key, v, 0.0, 10_000.0);
        }
    }
    if let Some(rl) = &o.rate_limits {
        c.at("rate_limits", |c| {
            if let Some(v) = rl.rpm {
                c.range("rpm", v, f64::MIN_POSITIVE, 1e12);
            }
            if let Some(v) = rl.tpm {
                c.range("tpm", v, f64::MIN_POSITIVE, 1e15);
            }
        });
    }
    if let Some(ft) = &o.fine_tuning {
        c.at("fine_tuning", |c| {
            for (key, v) in [
                ("training_per_mtok", ft.training_per_mtok),
                ("input_per_mtok", ft.input_per_mtok),
                ("output_per_mtok", ft.output_per_mtok),
            ] {
                if let Some(v) = v {
                    c.range(key, v, 0.0, 10_000.0);
                }
            }
        });
    }
    if let Some(lc) = &o.long_context {
        c.at("long_context", |c| {
            c.range("input_per_mtok", lc.input_per_mtok, 0.0, 10_000.0);
            c.range("output_per_mtok", lc.output_per_mtok, 0.0, 10_000.0);
        });
    }
    if let Some(as_of) = &o.as_of {
        c.at("as_of", |c| {
            if let Some(days) = check_date(c, as_of)
                && today - days > i64::from(stale_after)
                && o.kind != OfferingKind::SelfHosted
            {
                c.warn(
                    "stale-catalog",
                    format!("prices dated {as_of} are more than {stale_after} days old"),
                    Some("refresh prices with `fmselect catalog import --merge`".to_owned()),
                );
            }
        });
    }
    match o.kind {
        OfferingKind::Api | OfferingKind::PrivateCloud => {
            if o.input_per_mtok.is_none() || o.output_per_mtok.is_none() {
                c.warn(
                    "offering-incomplete",
                    "this offering has no input or output price, so it cannot be costed",
                    Some(
                        "set input_per_mtok and output_per_mtok, or null both if unknown"
                            .to_owned(),
                    ),
                );
            }
            for key in ["precision", "gpu", "gpus_per_replica", "replica_output_tps"] {
                let set = match key {
                    "precision" => o.precision.is_some(),
                    "gpu" => o.gpu.is_some(),
                    "gpus_per_replica" => o.gpus_per_replica.is_some(),
                    _ => o.replica_output_tps.is_some(),
                };
                if set {
                    c.at(key, |c| {
                        c.error(
                            "offering-incomplete",
                            format!("`{key}` applies only to self-hosted offerings"),
                            Some("remove it, or set `kind: self-hosted`".to_owned()),
                        )
                    });
                }
            }
        }
        OfferingKind::SelfHosted => {
            match &o.gpu {
                None => c.error(
                    "offering-incomplete",
                    "a self-hosted offering needs a `gpu`",
                    Some("name a GPU id from the catalog's hardware list".to_owned()),
                ),
                Some(gpu) if !hardware.contains(gpu.as_str()) => c.at("gpu", |c| {
                    let help = crate::diag::did_you_mean(gpu, hardware.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            let mut ids: Vec<_> = hardware.iter().copied().collect();
                            ids.sort_unstable();
                            format!("known GPUs: {}", ids.join(", "))
                        });
                    c.error(
                        "unknown-reference",
                        format!("unknown GPU `{gpu}`"),
                        Some(help),
                    )
                }),
                Some(_) => {}
            }
            if o.precision.is_none() {
                c.error(
                    "offering-incomplete",
                    "a self-hosted offering needs a `precision`",
                    Some("one of: bf16, fp8, int4, fp4".to_owned()),
                );
            }
            if let Some(n) = o.gpus_per_replica
                && n == 0
            {
                c.at("gpus_per_replica", |c| {
                    c.error("out-of-range", "gpus_per_replica must be at least 1", None)
                });
            }
            if let Some(t) = o.replica_output_tps {
                c.range("replica_output_tps", t, f64::MIN_POSITIVE, 1e9);
            }
        }
    }
}

/// Warns about a first-party price 100× away from the median of its
/// provider's models: a per-token price pasted as per-million, or a typo.
fn check_price_outliers(file: &CatalogFile, c: &mut Check) {
    let mut by_provider: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for m in &file.models {
        for o in &m.offerings {
            if let (Some(i), Some(out)) = (o.input_per_mtok, o.output_per_mtok)
                && i + out > 0.0
            {
                by_provider
                    .entry(m.provider.as_str())
                    .or_default()
                    .push(i + out);
            }
        }
    }
    let medians: BTreeMap<&str, f64> = by_provider
        .into_iter()
        .filter(|(_, v)| v.len() >= 3)
        .map(|(k, mut v)| {
            v.sort_by(f64::total_cmp);
            (k, v[v.len() / 2])
        })
        .collect();
    for (i, m) in file.models.iter().enumerate() {
        let Some(median) = medians.get(m.provider.as_str()) else {
            continue;
        };
        for (j, o) in m.offerings.iter().enumerate() {
            if let (Some(inp), Some(out)) = (o.input_per_mtok, o.output_per_mtok) {
                let total = inp + out;
                if total > 0.0 && (total > median * 100.0 || total < median / 100.0) {
                    c.at("models", |c| {
                        c.at(i, |c| {
                            c.at("offerings", |c| {
                                c.at(j, |c| {
                                    c.at("input_per_mtok", |c| {
                                        c.warn(
                                            "suspicious-price",
                                            format!(
                                                "`{}` costs {total} USD per million tokens (input + output), over 100× away from {}'s median of {median}",
                                                m.id, m.provider
                                            ),
                                            Some("prices are USD per million tokens; check the unit".to_owned()),
                                        )
                                    })
                                })
                            })
                        })
                    });
                }
            }
        }
    }
}

fn check_id(c: &mut Check, id: &str) {
    if !is_kebab_id(id) {
        c.at("id", |c| {
            c.error(
                "invalid-value",
                format!("id `{id}` is not kebab-case"),
                Some(
                    "use lowercase letters, digits, `-` and `.` (e.g. `llama-4-scout`)".to_owned(),
                ),
            )
        });
    }
}

/// kebab-case ids; dots are allowed for version numbers (`gpt-5.2`).
pub fn is_kebab_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.')
}

fn is_snake_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// Checks a date at the current path; returns its day number when valid.
/// A date a fact was read (`as_of`): a date that is not one is an error, a
/// future one a warning.
fn check_date(c: &mut Check, text: &str) -> Option<i64> {
    let days = check_any_date(c, text)?;
    // A day of slack: it is already tomorrow east of UTC.
    if days > dates::today() + 1 {
        c.warn(
            "future-date",
            format!(
                "`{text}` lies in the future (today is {})",
                dates::format_days(dates::today())
            ),
            Some("write the date the facts were read; a future date hides their age".to_owned()),
        );
    }
    Some(days)
}

/// Any date (a release or deprecation may lie ahead).
fn check_any_date(c: &mut Check, text: &str) -> Option<i64> {
    let days = dates::parse_days(text);
    if days.is_none() {
        c.error(
            "invalid-value",
            format!("`{text}` is not a date"),
            Some("write YYYY-MM-DD (or YYYY-MM)".to_owned()),
        );
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_kebab_id("gpt-5.2"));
        assert!(is_kebab_id("llama-4-scout"));
        assert!(!is_kebab_id("Llama4"));
        assert!(!is_kebab_id("-x"));
        assert!(!is_kebab_id("a_b"));
        assert!(is_snake_id("aa_intelligence_v4_0"));
        assert!(!is_snake_id("aa-intelligence"));
    }
}
