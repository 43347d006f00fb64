//! The terminal report: tables and prose fitted to the terminal width (see
//! [`super::layout`]; `COLUMNS`, else 100 columns, when stdout is not a
//! terminal, so CI logs and snapshots are stable), colour only when asked
//! for, every catalog string with its control characters neutralised.

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};

use super::layout::{Col, Grid, target_width, wrap};
use super::{RenderOptions, Report, Reporter};
use crate::diag::sanitize;
use crate::num::{fmt_count, fmt_usd};

pub use super::layout::DEFAULT_WIDTH;

pub struct TableReporter;

/// Terminal text being written at one width.
pub struct Text<'a> {
    pub out: String,
    pub width: usize,
    opts: &'a RenderOptions,
}

impl<'a> Text<'a> {
    pub fn new(opts: &'a RenderOptions) -> Text<'a> {
        Text {
            out: String::new(),
            width: target_width(opts),
            opts,
        }
    }

    /// A bold (on a terminal) heading line, wrapped.
    pub fn heading(&mut self, text: &str) {
        let wrapped = wrap(text, self.width, "", "  ");
        if self.opts.color {
            for line in wrapped.lines() {
                self.out.push_str(&format!("\x1b[1m{line}\x1b[0m\n"));
            }
        } else {
            self.out.push_str(&wrapped);
        }
    }

    /// A paragraph wrapped to the width: `first` before its first line,
    /// `rest` (same width, as a hanging indent) before the others.
    pub fn para(&mut self, first: &str, rest: &str, text: &str) {
        self.out.push_str(&wrap(text, self.width, first, rest));
    }

    /// `  - text`, wrapped.
    pub fn item(&mut self, text: &str) {
        self.para("  - ", "    ", text);
    }

    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    pub fn grid(&mut self, g: &Grid) {
        self.out.push_str(&g.render(self.opts));
    }
}

impl Reporter for TableReporter {
    fn render(&self, r: &Report, opts: &RenderOptions) -> String {
        let mut t = Text::new(opts);
        let req = &r.requirements;
        let title = req.name.as_deref().unwrap_or("Recommendation");
        t.heading(&format!("fmselect — {}", sanitize(title)));
        t.para(
            "",
            "  ",
            &format!(
                "Task {} · {} requests/month · {} in / {} out tokens · {} data · accuracy {}",
                req.task_type().as_str(),
                fmt_count(req.volume.requests_per_month),
                fmt_count(req.volume.input_tokens),
                fmt_count(req.volume.output_tokens),
                req.data.sensitivity.as_str(),
                req.accuracy.level.as_str(),
            ),
        );
        t.para(
            "",
            "  ",
            &format!(
                "Catalog: {} ({} models{}) · rules: {}",
                sanitize(&r.catalog.sources.join(", ")),
                r.catalog.models,
                r.catalog
                    .as_of
                    .as_deref()
                    .map(|d| format!(", as of {d}"))
                    .unwrap_or_default(),
                sanitize(&r.catalog.rules.join(", ")),
            ),
        );
        for note in r.catalog.layer_notes() {
            t.para("  ", "    ", &sanitize(&note));
        }

        if !r.categories.is_empty() {
            t.blank();
            t.heading("Step 2 — categories");
            for c in &r.categories {
                t.para(
                    "  ",
                    "      ",
                    &format!(
                        "{} {} — {}",
                        c.id,
                        sanitize(&c.approach),
                        sanitize(&c.reason)
                    ),
                );
            }
        }

        t.blank();
        candidates_section(&mut t, r);

        if opts.explain {
            for c in &r.candidates {
                t.blank();
                t.heading(&format!("#{} {} — why", c.rank, sanitize(&c.name)));
                let mut g = Grid::new(vec![
                    Col::keep("Criterion"),
                    Col::keep("Weight").right(),
                    Col::keep("Value").right(),
                    Col::keep("How"),
                ]);
                for comp in &c.components {
                    g.row(vec![
                        comp.name.clone(),
                        comp.weight.to_string(),
                        format!("{:.2}", comp.value),
                        sanitize(&comp.note).into_owned(),
                    ]);
                }
                if c.boost > 0.0 {
                    g.row(vec![
                        "rule boost".to_owned(),
                        String::new(),
                        format!("+{:.2}", c.boost),
                        "added to the weighted score".to_owned(),
                    ]);
                }
                t.grid(&g);
                for reason in &c.reasons {
                    t.item(&sanitize(reason));
                }
                if let Some(parts) = super::cost_parts_text(&c.cost) {
                    t.item(&format!("cost by part: {}", sanitize(&parts)));
                }
                if let Some(s) = &c.sizing {
                    t.item(&format!("sizing: {}", sanitize(&s.summary())));
                    for step in &s.plan.steps {
                        t.para("      ", "        ", &sanitize(step));
                    }
                    t.para(
                        "      ",
                        "        ",
                        &format!(
                            "cost: {} GPUs ({}) + operations {} ({})",
                            s.total_gpus,
                            sanitize(&s.gpu_cost_basis),
                            fmt_usd(s.ops_usd_per_month),
                            sanitize(&s.ops_basis)
                        ),
                    );
                }
            }
        }

        if let Some(st) = &r.strategy {
            t.blank();
            strategy_section(&mut t, st, opts);
        }
        t.blank();
        t.heading(&format!("Adaptation — {}", r.adaptation.technique.as_str()));
        for reason in &r.adaptation.reasons {
            t.item(&sanitize(reason));
        }
        t.blank();
        t.heading("Step 3 — validate with evals");
        for (id, why) in r.evals.shortlist.iter().zip(&r.evals.why) {
            t.item(&format!("{} ({})", sanitize(id), sanitize(why)));
        }
        t.para("  ", "  ", &sanitize(&r.evals.advice));
        for x in &r.evals.to_test {
            t.item(&format!("test: {}", sanitize(x)));
        }
        if let Some(m) = &r.evals.measurement {
            t.blank();
            t.heading(&format!(
                "Measured by your evals ({}{})",
                sanitize(&m.file),
                m.promptfoo_version
                    .as_deref()
                    .map(|v| format!(", promptfoo {}", sanitize(v)))
                    .unwrap_or_default()
            ));
            if !r.evals.measured.is_empty() {
                let mut g = Grid::new(vec![
                    Col::keep("Model"),
                    Col::keep("Pass rate").right(),
                    Col::stack("Tests", 2, 1).right(),
                    Col::stack("Errors", 1, 1).right(),
                    Col::stack("Benchmark estimate", 3, 1).right(),
                    Col::keep("Rank"),
                ]);
                for mm in &r.evals.measured {
                    let rank = |x: Option<usize>| x.map_or("—".to_owned(), |n| n.to_string());
                    g.row(vec![
                        sanitize(&mm.id).into_owned(),
                        format!("{:.0}%", mm.pass_rate * 100.0),
                        mm.tests.to_string(),
                        mm.errors.to_string(),
                        super::benchmark_estimate(mm),
                        match (mm.rank_before, mm.rank_after) {
                            (None, _) | (_, None) => "excluded".to_owned(),
                            (b, a) => format!("{} → {}", rank(b), rank(a)),
                        },
                    ]);
                }
                t.grid(&g);
            }
            t.para("  ", "  ", &sanitize(&m.note));
            for u in &m.unmatched_providers {
                t.para("  ! ", "    ", &format!("not used: {}", sanitize(u)));
            }
        }
        t.blank();
        t.heading("What would change the answer");
        for l in &r.what_would_change.levers {
            t.item(&sanitize(&l.statement));
        }
        if r.what_would_change.levers.is_empty()
            && r.what_would_change.self_hosting_break_even.is_none()
        {
            t.item("no lever tried (volume, cache, private cloud, deadline, price, owning GPUs) changes the answer within its range");
        }
        if let Some(b) = &r.what_would_change.self_hosting_break_even {
            t.item(&sanitize(&b.statement));
        }
        for n in &r.what_would_change.notes {
            t.item(&sanitize(n));
        }

        t.blank();
        if opts.explain || r.candidates.is_empty() {
            t.heading(&format!("Excluded ({})", r.excluded.len()));
            for e in &r.excluded {
                t.para(
                    "  ",
                    "    ",
                    &format!("{} ({})", sanitize(&e.name), sanitize(&e.id)),
                );
                for reason in &e.reasons {
                    t.para("    - ", "      ", &sanitize(reason));
                }
            }
        } else {
            t.para(
                "",
                "  ",
                &format!(
                    "{} models excluded by hard constraints (use --explain to see why).",
                    r.excluded.len()
                ),
            );
        }

        if !r.warnings.is_empty() {
            t.blank();
            t.heading("Warnings");
            for w in &r.warnings {
                t.para("  ! ", "    ", &sanitize(w));
            }
        }
        t.out
    }
}

/// The ranked candidates. When the width runs short, Pareto stacks under
/// $/month first, then Tier and Weights under the model, Quality under
/// Score, and the deployment under the model.
fn candidates_section(t: &mut Text, r: &Report) {
    let more = if r.candidates.len() < r.candidates_total {
        "; --top N for more"
    } else {
        ""
    };
    t.heading(&format!(
        "Candidates ({} of {} shown{more})",
        r.candidates.len(),
        r.candidates_total
    ));
    if r.candidates.is_empty() {
        t.para("  ", "  ", &super::no_candidates_shown(r));
        return;
    }
    let mut g = Grid::new(vec![
        Col::keep("#").right(),
        Col::keep("Model"),
        Col::stack("Weights", 3, 1),
        Col::stack("Tier", 2, 2),
        Col::stack("Deployment", 5, 1),
        Col::keep("Score").right(),
        Col::stack("Quality", 4, 5).right(),
        Col::keep("$/month").right(),
        Col::stack("Pareto", 1, 7),
    ]);
    for c in &r.candidates {
        let mut deployment = match &c.host {
            Some(h) => format!("{} ({})", c.deployment, sanitize(h)),
            None => c.deployment.clone(),
        };
        if !c.serves_sensitive && r.requirements.local_share() > 0.0 {
            deployment.push_str(" †");
        }
        let quality = super::quality_cell(c);
        g.row(vec![
            super::rank_cell(c),
            format!("{}\n{}", sanitize(&super::display_name(c)), sanitize(&c.id)),
            c.weights.clone(),
            c.tier.as_deref().unwrap_or("?").to_owned(),
            deployment,
            format!("{:.3}", c.score),
            quality,
            c.monthly_cost_usd.map_or("unknown".to_owned(), fmt_usd),
            if c.pareto { "yes" } else { "" }.to_owned(),
        ]);
    }
    t.grid(&g);
    if r.requirements.local_share() > 0.0 && r.candidates.iter().any(|c| !c.serves_sensitive) {
        t.para(
            "  † ",
            "    ",
            &format!(
                "may carry only the non-sensitive {:.0}% of requests; the strategy below routes the {} share locally",
                (1.0 - r.requirements.local_share()) * 100.0,
                r.requirements.data.sensitivity.as_str()
            ),
        );
    }
    for line in super::candidate_legend(&r.candidates) {
        t.para("  ", "    ", &line);
    }
    for statement in &r.ranking.statements {
        t.para("  - ", "    ", &sanitize(statement));
    }
    for c in r.candidates.iter().take(super::COST_PARTS_SHOWN) {
        if let Some(parts) = super::cost_parts_text(&c.cost) {
            t.para(
                "  ",
                "    ",
                &format!("#{} cost by part: {}", c.rank, sanitize(&parts)),
            );
        }
        for n in &c.cost.notes {
            t.para(
                "  ",
                "    ",
                &format!("#{} cost note: {}", c.rank, sanitize(n)),
            );
        }
    }
    for c in r.candidates.iter().filter(|c| !c.unverified.is_empty()) {
        t.para(
            "  ",
            "    ",
            &format!(
                "{}: unverified: {}",
                sanitize(&c.id),
                sanitize(&c.unverified.join(", "))
            ),
        );
    }
    for c in &r.candidates {
        if let Some(s) = &c.sizing {
            t.para(
                "  ",
                "    ",
                &format!("#{} sizing: {}", c.rank, sanitize(&s.summary())),
            );
        }
    }
}

/// The plan. When the width runs short, Share stacks under Route and the
/// deployment under the model; the reason (prose) wraps.
fn strategy_section(t: &mut Text, st: &crate::strategy::Strategy, opts: &RenderOptions) {
    t.heading(&format!("Strategy — {}", st.kind.as_str().to_uppercase()));
    for reason in &st.reasons {
        t.item(&sanitize(reason));
    }
    let mut g = Grid::new(vec![
        Col::keep("Route"),
        Col::stack("Share", 1, 0).right(),
        Col::keep("Model"),
        Col::stack("Deployment", 2, 2),
        Col::keep("$/month").right(),
        Col::keep("Why"),
    ]);
    for route in &st.routes {
        g.row(vec![
            route.traffic.clone(),
            format!("{:.0}%", route.share * 100.0),
            sanitize(&route.model_name).into_owned(),
            match &route.host {
                Some(h) => format!("{} ({})", route.deployment, sanitize(h)),
                None => route.deployment.clone(),
            },
            route.monthly_cost_usd.map_or("unknown".to_owned(), fmt_usd),
            sanitize(&route.reason).into_owned(),
        ]);
    }
    t.grid(&g);
    for route in &st.routes {
        if let Some(s) = &route.sizing {
            t.para(
                "  ",
                "    ",
                &format!("Sizing of `{}`: {}", route.traffic, sanitize(&s.summary())),
            );
        }
    }
    let money = |v: Option<f64>| v.map_or("unknown".to_owned(), fmt_usd);
    t.para(
        "  ",
        "  ",
        &format!(
            "Monthly {} · setup {} · {}-month TCO {} · ready in about {} weeks",
            money(st.monthly_cost_usd),
            money(st.setup_cost_usd),
            st.horizon_months,
            money(st.tco_usd),
            st.time_to_market_weeks
                .map_or("?".to_owned(), |w| w.to_string()),
        ),
    );
    let c = &st.cost_parts;
    t.para(
        "  ",
        "    ",
        &format!(
            "Running cost in parts: model/API {} · GPUs {} · operations {} · retrieval {}",
            fmt_usd(c.model_api_usd),
            fmt_usd(c.gpus_usd),
            fmt_usd(c.operations_usd),
            fmt_usd(c.retrieval_usd)
        ),
    );
    for note in &c.notes {
        t.para("    ", "      ", &sanitize(note));
    }
    t.para(
        "  ",
        "    ",
        &format!("Against pure API: {}", sanitize(&st.pure_api_statement)),
    );
    if let Some(q) = &st.reference_quote {
        t.para(
            "  ",
            "    ",
            &format!("Against the quote: {}", sanitize(&q.statement)),
        );
    }
    for o in st.options.iter().filter(|o| o.kind != st.kind) {
        t.para(
            "  ",
            "    ",
            &format!("Not {}: {}", o.kind.as_str(), sanitize(&o.notes.join("; "))),
        );
    }
    if opts.explain {
        for route in &st.routes {
            if let Some(s) = &route.sizing {
                t.para(
                    "  ",
                    "    ",
                    &format!("Sizing arithmetic of `{}`:", route.traffic),
                );
                for step in &s.plan.steps {
                    t.para("      ", "        ", &sanitize(step));
                }
            }
        }
    }
    for w in &st.warnings {
        t.para("  ! ", "    ", &sanitize(w));
    }
}

/// A comfy table at the width of `opts` for callers that lay out their own
/// columns; prefer [`Grid`], which never splits a word.
pub fn table(opts: &RenderOptions) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(target_width(opts)).unwrap_or(DEFAULT_WIDTH));
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
