//! The terminal report: comfy-table tables sized to the terminal (a fixed
//! width when piped, so CI logs and snapshots are stable), colour only when
//! asked for, every catalog string with its control characters neutralised.

use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table, presets};

use super::{RenderOptions, Report, Reporter};
use crate::diag::sanitize;
use crate::num::{fmt_count, fmt_usd};

/// Width used when stdout is not a terminal.
pub const DEFAULT_WIDTH: u16 = 120;

pub struct TableReporter;

impl Reporter for TableReporter {
    fn render(&self, r: &Report, opts: &RenderOptions) -> String {
        let mut out = String::new();
        let req = &r.requirements;
        let title = req.name.as_deref().unwrap_or("Recommendation");
        out.push_str(&heading(&format!("fmselect — {}", sanitize(title)), opts));
        out.push_str(&format!(
            "Task {} · {} requests/month · {} in / {} out tokens · {} data · accuracy {}\n",
            req.task_type().as_str(),
            fmt_count(req.volume.requests_per_month),
            fmt_count(req.volume.input_tokens),
            fmt_count(req.volume.output_tokens),
            req.data.sensitivity.as_str(),
            req.accuracy.level.as_str(),
        ));
        out.push_str(&format!(
            "Catalog: {} ({} models{}) · rules: {}\n",
            sanitize(&r.catalog.sources.join(", ")),
            r.catalog.models,
            r.catalog
                .as_of
                .as_deref()
                .map(|d| format!(", as of {d}"))
                .unwrap_or_default(),
            sanitize(&r.catalog.rules.join(", ")),
        ));

        if !r.categories.is_empty() {
            out.push('\n');
            out.push_str(&heading("Step 2 — categories", opts));
            for c in &r.categories {
                out.push_str(&format!(
                    "  {:<13} {} — {}\n",
                    c.id,
                    sanitize(&c.approach),
                    sanitize(&c.reason)
                ));
            }
        }

        out.push('\n');
        let more = if r.candidates.len() < r.candidates_total {
            "; --top N for more"
        } else {
            ""
        };
        out.push_str(&heading(
            &format!(
                "Candidates ({} of {} shown{more})",
                r.candidates.len(),
                r.candidates_total
            ),
            opts,
        ));
        if r.candidates.is_empty() {
            out.push_str(
                "  none: no model satisfies every hard constraint (see the exclusions below)\n",
            );
        } else {
            let mut t = table(opts);
            t.set_header(header(
                &[
                    "#",
                    "Model",
                    "Weights",
                    "Tier",
                    "Deployment",
                    "Score",
                    "Quality",
                    "$/month",
                    "Pareto",
                ],
                opts,
            ));
            for c in &r.candidates {
                let mut deployment = match &c.host {
                    Some(h) => format!("{} ({})", c.deployment, sanitize(h)),
                    None => c.deployment.clone(),
                };
                if !c.serves_sensitive && r.requirements.local_share() > 0.0 {
                    deployment.push_str(" †");
                }
                let quality = match c.quality_source {
                    crate::quality::QualitySource::Imputed => format!("{:.2}*", c.quality),
                    _ => format!("{:.2}", c.quality),
                };
                t.add_row(vec![
                    Cell::new(c.rank).set_alignment(CellAlignment::Right),
                    Cell::new(format!(
                        "{}\n{}",
                        sanitize(&super::display_name(c)),
                        sanitize(&c.id)
                    )),
                    Cell::new(&c.weights),
                    Cell::new(c.tier.as_deref().unwrap_or("?")),
                    Cell::new(deployment),
                    Cell::new(format!("{:.3}", c.score)).set_alignment(CellAlignment::Right),
                    Cell::new(quality).set_alignment(CellAlignment::Right),
                    Cell::new(c.monthly_cost_usd.map_or("unknown".to_owned(), fmt_usd))
                        .set_alignment(CellAlignment::Right),
                    Cell::new(if c.pareto { "yes" } else { "" }),
                ]);
            }
            out.push_str(&t.to_string());
            out.push('\n');
            if r.requirements.local_share() > 0.0
                && r.candidates.iter().any(|c| !c.serves_sensitive)
            {
                out.push_str(&format!(
                    "  † may carry only the non-sensitive {:.0}% of requests; the strategy below routes the {} share locally\n",
                    (1.0 - r.requirements.local_share()) * 100.0,
                    r.requirements.data.sensitivity.as_str()
                ));
            }
            if r.candidates
                .iter()
                .any(|c| c.quality_source == crate::quality::QualitySource::Imputed)
            {
                out.push_str("  * quality partly imputed from the model's tier (no benchmark for some metrics)\n");
            }
            for c in r.candidates.iter().filter(|c| c.sizing.is_some()) {
                if let Some(s) = &c.sizing {
                    out.push_str(&format!(
                        "  #{} sizing: {}\n",
                        c.rank,
                        sanitize(&s.summary())
                    ));
                }
            }
            for c in r.candidates.iter().take(super::COST_PARTS_SHOWN) {
                if let Some(parts) = super::cost_parts_text(&c.cost) {
                    out.push_str(&format!(
                        "  #{} cost by part: {}\n",
                        c.rank,
                        sanitize(&parts)
                    ));
                }
                for n in &c.cost.notes {
                    out.push_str(&format!("  #{} cost note: {}\n", c.rank, sanitize(n)));
                }
            }
            for c in r.candidates.iter().filter(|c| !c.unverified.is_empty()) {
                out.push_str(&format!(
                    "  {}: unverified: {}\n",
                    sanitize(&c.id),
                    sanitize(&c.unverified.join(", "))
                ));
            }
        }

        if opts.explain {
            for c in &r.candidates {
                out.push('\n');
                out.push_str(&heading(
                    &format!("#{} {} — why", c.rank, sanitize(&c.name)),
                    opts,
                ));
                let mut t = table(opts);
                t.set_header(header(&["Criterion", "Weight", "Value", "How"], opts));
                for comp in &c.components {
                    t.add_row(vec![
                        Cell::new(&comp.name),
                        Cell::new(comp.weight).set_alignment(CellAlignment::Right),
                        Cell::new(format!("{:.2}", comp.value)).set_alignment(CellAlignment::Right),
                        Cell::new(sanitize(&comp.note)),
                    ]);
                }
                if c.boost > 0.0 {
                    t.add_row(vec![
                        Cell::new("rule boost"),
                        Cell::new(""),
                        Cell::new(format!("+{:.2}", c.boost)),
                        Cell::new("added to the weighted score"),
                    ]);
                }
                out.push_str(&t.to_string());
                out.push('\n');
                for reason in &c.reasons {
                    out.push_str(&format!("  - {}\n", sanitize(reason)));
                }
                if let Some(parts) = super::cost_parts_text(&c.cost) {
                    out.push_str(&format!("  - cost by part: {}\n", sanitize(&parts)));
                }
                if let Some(s) = &c.sizing {
                    out.push_str(&format!("  - sizing: {}\n", sanitize(&s.summary())));
                    for step in &s.plan.steps {
                        out.push_str(&format!("      {}\n", sanitize(step)));
                    }
                    out.push_str(&format!(
                        "      cost: {} GPUs ({}) + operations {} ({})\n",
                        s.total_gpus,
                        sanitize(&s.gpu_cost_basis),
                        fmt_usd(s.ops_usd_per_month),
                        sanitize(&s.ops_basis)
                    ));
                }
            }
        }

        if let Some(st) = &r.strategy {
            out.push('\n');
            out.push_str(&strategy_section(st, r, opts));
        }
        out.push('\n');
        out.push_str(&heading(
            &format!("Adaptation — {}", r.adaptation.technique.as_str()),
            opts,
        ));
        for reason in &r.adaptation.reasons {
            out.push_str(&format!("  - {}\n", sanitize(reason)));
        }
        out.push('\n');
        out.push_str(&heading("Step 3 — validate with evals", opts));
        for (id, why) in r.evals.shortlist.iter().zip(&r.evals.why) {
            out.push_str(&format!("  - {} ({})\n", sanitize(id), sanitize(why)));
        }
        out.push_str(&format!("  {}\n", sanitize(&r.evals.advice)));
        for t in &r.evals.to_test {
            out.push_str(&format!("  - test: {}\n", sanitize(t)));
        }
        if let Some(m) = &r.evals.measurement {
            out.push('\n');
            out.push_str(&heading(
                &format!(
                    "Measured by your evals ({}{})",
                    sanitize(&m.file),
                    m.promptfoo_version
                        .as_deref()
                        .map(|v| format!(", promptfoo {}", sanitize(v)))
                        .unwrap_or_default()
                ),
                opts,
            ));
            if !r.evals.measured.is_empty() {
                let mut t = table(opts);
                t.set_header(header(
                    &[
                        "Model",
                        "Pass rate",
                        "Tests",
                        "Errors",
                        "Benchmark quality",
                        "Rank",
                    ],
                    opts,
                ));
                for mm in &r.evals.measured {
                    let rank = |x: Option<usize>| x.map_or("—".to_owned(), |n| n.to_string());
                    t.add_row(vec![
                        Cell::new(sanitize(&mm.id)),
                        Cell::new(format!("{:.0}%", mm.pass_rate * 100.0))
                            .set_alignment(CellAlignment::Right),
                        Cell::new(mm.tests).set_alignment(CellAlignment::Right),
                        Cell::new(mm.errors).set_alignment(CellAlignment::Right),
                        Cell::new(format!("{:.2}", mm.benchmark_quality))
                            .set_alignment(CellAlignment::Right),
                        Cell::new(match (mm.rank_before, mm.rank_after) {
                            (None, _) | (_, None) => "excluded".to_owned(),
                            (b, a) => format!("{} → {}", rank(b), rank(a)),
                        }),
                    ]);
                }
                out.push_str(&t.to_string());
                out.push('\n');
            }
            out.push_str(&format!("  {}\n", sanitize(&m.note)));
            for u in &m.unmatched_providers {
                out.push_str(&format!("  ! not used: {}\n", sanitize(u)));
            }
        }
        out.push('\n');
        out.push_str(&heading("What would change the answer", opts));
        for l in &r.what_would_change.levers {
            out.push_str(&format!("  - {}\n", sanitize(&l.statement)));
        }
        if r.what_would_change.levers.is_empty()
            && r.what_would_change.self_hosting_break_even.is_none()
        {
            out.push_str("  - no lever tried (volume, cache, private cloud, deadline, price, owning GPUs) changes the answer within its range\n");
        }
        if let Some(b) = &r.what_would_change.self_hosting_break_even {
            out.push_str(&format!("  - {}\n", sanitize(&b.statement)));
        }
        for n in &r.what_would_change.notes {
            out.push_str(&format!("  - {}\n", sanitize(n)));
        }

        out.push('\n');
        if opts.explain || r.candidates.is_empty() {
            out.push_str(&heading(&format!("Excluded ({})", r.excluded.len()), opts));
            for e in &r.excluded {
                out.push_str(&format!("  {} ({})\n", sanitize(&e.name), sanitize(&e.id)));
                for reason in &e.reasons {
                    out.push_str(&format!("    - {}\n", sanitize(reason)));
                }
            }
        } else {
            out.push_str(&format!(
                "{} models excluded by hard constraints (use --explain to see why).\n",
                r.excluded.len()
            ));
        }

        if !r.warnings.is_empty() {
            out.push('\n');
            out.push_str(&heading("Warnings", opts));
            for w in &r.warnings {
                out.push_str(&format!("  ! {}\n", sanitize(w)));
            }
        }
        out
    }
}

fn strategy_section(st: &crate::strategy::Strategy, r: &Report, opts: &RenderOptions) -> String {
    let mut out = heading(
        &format!("Strategy — {}", st.kind.as_str().to_uppercase()),
        opts,
    );
    for reason in &st.reasons {
        out.push_str(&format!("  - {}\n", sanitize(reason)));
    }
    let mut t = table(opts);
    t.set_header(header(
        &["Route", "Share", "Model", "Deployment", "$/month", "Why"],
        opts,
    ));
    for route in &st.routes {
        t.add_row(vec![
            Cell::new(&route.traffic),
            Cell::new(format!("{:.0}%", route.share * 100.0)).set_alignment(CellAlignment::Right),
            Cell::new(sanitize(&route.model_name)),
            Cell::new(match &route.host {
                Some(h) => format!("{} ({})", route.deployment, sanitize(h)),
                None => route.deployment.clone(),
            }),
            Cell::new(route.monthly_cost_usd.map_or("unknown".to_owned(), fmt_usd))
                .set_alignment(CellAlignment::Right),
            Cell::new(sanitize(&route.reason)),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    for route in &st.routes {
        if let Some(s) = &route.sizing {
            out.push_str(&format!(
                "  Sizing of `{}`: {}\n",
                route.traffic,
                sanitize(&s.summary())
            ));
        }
    }
    let money = |v: Option<f64>| v.map_or("unknown".to_owned(), fmt_usd);
    out.push_str(&format!(
        "  Monthly {} · setup {} · {}-month TCO {} · ready in about {} weeks\n",
        money(st.monthly_cost_usd),
        money(st.setup_cost_usd),
        st.horizon_months,
        money(st.tco_usd),
        st.time_to_market_weeks
            .map_or("?".to_owned(), |w| w.to_string()),
    ));
    let c = &st.cost_parts;
    out.push_str(&format!(
        "  Running cost in parts: model/API {} · GPUs {} · operations {} · retrieval {}\n",
        fmt_usd(c.model_api_usd),
        fmt_usd(c.gpus_usd),
        fmt_usd(c.operations_usd),
        fmt_usd(c.retrieval_usd)
    ));
    for note in &c.notes {
        out.push_str(&format!("    {}\n", sanitize(note)));
    }
    out.push_str(&format!(
        "  Against pure API: {}\n",
        sanitize(&st.pure_api_statement)
    ));
    for o in st.options.iter().filter(|o| o.kind != st.kind) {
        out.push_str(&format!(
            "  Not {}: {}\n",
            o.kind.as_str(),
            sanitize(&o.notes.join("; "))
        ));
    }
    if opts.explain {
        for route in &st.routes {
            if let Some(s) = &route.sizing {
                out.push_str(&format!("  Sizing arithmetic of `{}`:\n", route.traffic));
                for step in &s.plan.steps {
                    out.push_str(&format!("      {}\n", sanitize(step)));
                }
            }
        }
    }
    for w in &st.warnings {
        out.push_str(&format!("  ! {}\n", sanitize(w)));
    }
    let _ = r;
    out
}

fn heading(text: &str, opts: &RenderOptions) -> String {
    if opts.color {
        format!("\x1b[1m{text}\x1b[0m\n")
    } else {
        format!("{text}\n")
    }
}

/// A table with the width and styling of `opts`.
pub fn table(opts: &RenderOptions) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(opts.width.unwrap_or(DEFAULT_WIDTH));
    if !opts.color {
        t.force_no_tty();
    } else {
        t.enforce_styling();
    }
    t
}

/// Header cells, bold when colour is on.
pub fn header(names: &[&str], opts: &RenderOptions) -> Vec<Cell> {
    names
        .iter()
        .map(|n| {
            let c = Cell::new(n);
            if opts.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        })
        .collect()
}
