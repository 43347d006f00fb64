//! The Markdown report: a decision record a product manager can paste into a
//! wiki (context, decision, alternatives considered, consequences,
//! assumptions). Catalog text is escaped for Markdown tables.

use super::{RenderOptions, Report, Reporter};
use crate::diag::sanitize;
use crate::num::{fmt_count, fmt_usd};

pub struct MarkdownReporter;

impl Reporter for MarkdownReporter {
    fn render(&self, r: &Report, opts: &RenderOptions) -> String {
        let mut out = String::new();
        let req = &r.requirements;
        let title = req.name.as_deref().unwrap_or("Foundation model decision");
        out.push_str(&format!("# Decision record: {}\n\n", esc(title)));

        out.push_str("## Context\n\n");
        if let Some(d) = &req.description {
            out.push_str(&format!("{}\n\n", esc(d)));
        }
        out.push_str(&format!(
            "- Task: **{}**, input {}, output {}, prompts up to {} tokens\n",
            req.task_type().as_str(),
            list(&req.task.input),
            list(&req.task.output),
            fmt_count(req.task.context_tokens)
        ));
        out.push_str(&format!(
            "- Volume: {} requests/month, {} input and {} output tokens per request (peak {:.3} req/s)\n",
            fmt_count(req.volume.requests_per_month),
            fmt_count(req.volume.input_tokens),
            fmt_count(req.volume.output_tokens),
            req.peak_rps()
        ));
        out.push_str(&format!(
            "- Data: {} ({:.0}% of requests sensitive){}\n",
            req.data.sensitivity.as_str(),
            req.sensitive_share() * 100.0,
            if req.data.residency.is_empty() {
                String::new()
            } else {
                format!(", must stay in {}", esc(&req.data.residency.join(", ")))
            }
        ));
        out.push_str(&format!(
            "- Accuracy: {} ({:.0}% hard cases); latency class {}\n",
            req.accuracy.level.as_str(),
            req.accuracy.complex_share * 100.0,
            crate::names::enum_name(&req.latency.class)
        ));
        if let Some(b) = req.budget.monthly_usd {
            out.push_str(&format!("- Budget: {} a month\n", fmt_usd(b)));
        }
        if let Some(w) = req.time_to_market_weeks {
            out.push_str(&format!("- Time to market: {w} weeks\n"));
        }
        out.push_str(&format!(
            "- Catalog: {} ({} models{}); rules: {}\n",
            esc(&r.catalog.sources.join(", ")),
            r.catalog.models,
            r.catalog
                .as_of
                .as_deref()
                .map(|d| format!(", as of {d}"))
                .unwrap_or_default(),
            esc(&r.catalog.rules.join(", "))
        ));
        for note in r.catalog.layer_notes() {
            out.push_str(&format!("- Catalog layer: {}\n", esc(&note)));
        }
        out.push('\n');
        if !r.categories.is_empty() {
            out.push_str("Step 2 of the framework mapped these requirements to:\n\n");
            for c in &r.categories {
                out.push_str(&format!(
                    "- **{}** ({}): {}\n",
                    c.id,
                    esc(&c.approach),
                    esc(&c.reason)
                ));
            }
            out.push('\n');
        }

        out.push_str("## Decision\n\n");
        if let Some(st) = &r.strategy {
            out.push_str(&format!(
                "**{}** — {} a month, {} setup, {}-month total cost of ownership {}, ready in about {} weeks. \
                 Adaptation: **{}**.\n\n",
                st.kind.as_str().to_uppercase(),
                money(st.monthly_cost_usd),
                money(st.setup_cost_usd),
                st.horizon_months,
                money(st.tco_usd),
                st.time_to_market_weeks.map_or("?".to_owned(), |w| w.to_string()),
                r.adaptation.technique.as_str()
            ));
            out.push_str("| Route | Share | Model | Deployment | $/month | Why |\n|---|---:|---|---|---:|---|\n");
            for route in &st.routes {
                out.push_str(&format!(
                    "| {} | {:.0}% | {} | {} {} | {} | {} |\n",
                    route.traffic,
                    route.share * 100.0,
                    esc(&route.model_name),
                    route.deployment,
                    esc(route.host.as_deref().unwrap_or("")),
                    money(route.monthly_cost_usd),
                    esc(&route.reason)
                ));
            }
            out.push('\n');
            for route in &st.routes {
                if let Some(s) = &route.sizing {
                    out.push_str(&format!(
                        "Sizing of `{}`: {}.\n\n",
                        route.traffic,
                        esc(&s.summary())
                    ));
                }
            }
            for reason in st.reasons.iter().chain(&r.adaptation.reasons) {
                out.push_str(&format!("- {}\n", esc(reason)));
            }
            out.push('\n');
            out.push_str("The top-ranked single model:\n\n");
        }
        match r.candidates.first() {
            Some(c) => {
                out.push_str(&format!(
                    "Shortlist **{}** (`{}`), {} via {}, at {} a month for the whole volume (score {:.3}, quality {}).\n\n",
                    esc(&super::display_name(c)),
                    esc(&c.id),
                    c.deployment,
                    esc(c.host.as_deref().unwrap_or("unknown")),
                    c.monthly_cost_usd.map_or("an unknown cost".to_owned(), fmt_usd),
                    c.score,
                    super::quality_cell(c)
                ));
                if let Some(s) = &c.sizing {
                    out.push_str(&format!("- sizing: {}\n", esc(&s.summary())));
                }
                for statement in &r.ranking.statements {
                    out.push_str(&format!("- **Ranking:** {}\n", esc(statement)));
                }
                for reason in &c.reasons {
                    out.push_str(&format!("- {}\n", esc(reason)));
                }
                out.push('\n');
            }
            None if r.candidates_total > 0 => {
                out.push_str(&format!("{}\n\n", esc(&super::no_candidates_shown(r))))
            }
            None => out.push_str(
                "No model satisfies every hard constraint; see *Alternatives considered*.\n\n",
            ),
        }

        out.push_str("## Alternatives considered\n\n");
        if !r.candidates.is_empty() {
            out.push_str("| # | Model | Weights | Tier | Deployment | Score | Quality | $/month | Pareto |\n");
            out.push_str("|---:|---|---|---|---|---:|---:|---:|---|\n");
            for c in &r.candidates {
                out.push_str(&format!(
                    "| {} | {} (`{}`) | {} | {} | {} {} | {:.3} | {} | {} | {} |\n",
                    super::rank_cell(c),
                    esc(&super::display_name(c)),
                    esc(&c.id),
                    c.weights,
                    c.tier.as_deref().unwrap_or("?"),
                    c.deployment,
                    esc(c.host.as_deref().unwrap_or("")),
                    c.score,
                    super::quality_cell(c),
                    c.monthly_cost_usd.map_or("unknown".to_owned(), fmt_usd),
                    if c.pareto { "yes" } else { "" }
                ));
            }
            out.push('\n');
            for line in super::candidate_legend(&r.candidates) {
                out.push_str(&format!("{}.\n\n", esc(&line)));
            }
            for c in r.candidates.iter().take(super::COST_PARTS_SHOWN) {
                if let Some(parts) = super::cost_parts_text(&c.cost) {
                    out.push_str(&format!("- #{} cost by part: {}\n", c.rank, esc(&parts)));
                }
                for n in &c.cost.notes {
                    out.push_str(&format!("- #{} cost note: {}\n", c.rank, esc(n)));
                }
            }
            for c in r.candidates.iter().filter(|c| !c.unverified.is_empty()) {
                out.push_str(&format!(
                    "- `{}` unverified: {}\n",
                    esc(&c.id),
                    esc(&c.unverified.join(", "))
                ));
            }
            out.push('\n');
        }
        if opts.explain {
            for c in &r.candidates {
                out.push_str(&format!(
                    "### {}. {}\n\n| Criterion | Weight | Value | How |\n|---|---:|---:|---|\n",
                    c.rank,
                    esc(&c.name)
                ));
                for comp in &c.components {
                    out.push_str(&format!(
                        "| {} | {} | {:.2} | {} |\n",
                        comp.name,
                        comp.weight,
                        comp.value,
                        esc(&comp.note)
                    ));
                }
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "Excluded by hard constraints ({}):\n\n",
            r.excluded.len()
        ));
        for e in &r.excluded {
            out.push_str(&format!(
                "- **{}** (`{}`): {}\n",
                esc(&e.name),
                esc(&e.id),
                esc(&e.reasons.join("; "))
            ));
        }
        out.push('\n');

        if let Some(st) = &r.strategy {
            out.push_str("Strategies considered:\n\n| Strategy | Feasible | $/month | Setup | TCO | Notes |\n|---|---|---:|---:|---:|---|\n");
            for o in &st.options {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    o.kind.as_str(),
                    if o.feasible { "yes" } else { "no" },
                    money(o.monthly_cost_usd),
                    money(o.setup_cost_usd),
                    money(o.tco_usd),
                    esc(&o.notes.join("; "))
                ));
            }
            out.push('\n');
        }
        out.push_str("## Consequences\n\n");
        if let Some(st) = &r.strategy {
            out.push_str(&format!(
                "- Against pure API: {}.\n",
                esc(&st.pure_api_statement)
            ));
            if let Some(q) = &st.reference_quote {
                out.push_str(&format!("- Against the quote: {}.\n", esc(&q.statement)));
            }
            let c = &st.cost_parts;
            out.push_str(&format!(
                "- Running cost in parts: model/API {}, GPUs {}, operations {}, retrieval {}.\n",
                fmt_usd(c.model_api_usd),
                fmt_usd(c.gpus_usd),
                fmt_usd(c.operations_usd),
                fmt_usd(c.retrieval_usd)
            ));
            for note in &c.notes {
                out.push_str(&format!("  - {}\n", esc(note)));
            }
            for w in &st.warnings {
                out.push_str(&format!("- Warning: {}\n", esc(w)));
            }
        }
        for l in &r.what_would_change.levers {
            out.push_str(&format!(
                "- What would change the answer: {}.\n",
                esc(&l.statement)
            ));
        }
        if let Some(b) = &r.what_would_change.self_hosting_break_even {
            out.push_str(&format!(
                "- What would change the answer: {}.\n",
                esc(&b.statement)
            ));
        }
        out.push_str(&format!(
            "- Evals: test {} — {}\n",
            esc(&r.evals.shortlist.join(", ")),
            esc(&r.evals.advice)
        ));
        out.push_str(
            "- Benchmarks are not the final word: validate the shortlist with your own data before committing (Step 3).\n",
        );
        if let Some(m) = &r.evals.measurement {
            out.push_str(&format!(
                "\n### Measured by your evals\n\nResults: `{}`{}.\n\n",
                esc(&m.file),
                m.promptfoo_version
                    .as_deref()
                    .map(|v| format!(" (promptfoo {})", esc(v)))
                    .unwrap_or_default()
            ));
            if !r.evals.measured.is_empty() {
                out.push_str("| Model | Pass rate | Tests | Errors | Benchmark estimate | Rank before → after |\n|---|---:|---:|---:|---:|---|\n");
                for mm in &r.evals.measured {
                    let rank = match (mm.rank_before, mm.rank_after) {
                        (Some(b), Some(a)) => format!("{b} → {a}"),
                        _ => "excluded by a hard constraint".to_owned(),
                    };
                    out.push_str(&format!(
                        "| `{}` | {:.0}% | {} | {} | {} | {} |\n",
                        esc(&mm.id),
                        mm.pass_rate * 100.0,
                        mm.tests,
                        mm.errors,
                        esc(&super::benchmark_estimate(mm)),
                        rank
                    ));
                }
                out.push('\n');
            }
            out.push_str(&format!("{}\n", esc(&m.note)));
            for u in &m.unmatched_providers {
                out.push_str(&format!("\n- Not used: {}", esc(u)));
            }
            if !m.unmatched_providers.is_empty() {
                out.push('\n');
            }
        }
        for w in &r.warnings {
            out.push_str(&format!("- Warning: {}\n", esc(w)));
        }
        out.push('\n');

        out.push_str("## Assumptions\n\n| Assumption | Value | Basis |\n|---|---:|---|\n");
        for (name, value, basis) in r.assumptions.rows() {
            let basis = basis.map(esc).unwrap_or_default();
            out.push_str(&format!("| {name} | {value} | {basis} |\n"));
        }
        out
    }
}

fn money(v: Option<f64>) -> String {
    v.map_or("unknown".to_owned(), fmt_usd)
}

fn list<T: serde::Serialize>(items: &[T]) -> String {
    items
        .iter()
        .map(crate::names::enum_name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Escapes text for a Markdown table cell or paragraph: control characters,
/// pipes, and the characters that would start emphasis, links or HTML.
pub fn esc(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tables_and_terminal_controls() {
        assert_eq!(esc("a|b"), "a\\|b");
        assert_eq!(esc("x\u{1b}[2J"), "x\\\\u{1b}\\[2J");
        assert_eq!(esc("<script>"), "\\<script\\>");
    }
}
