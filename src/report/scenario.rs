//! Renderers of the `compare` report: a terminal table, JSON, and a Markdown
//! decision record.

use super::layout::{Col, Grid};
use super::markdown::esc;
use super::table::Text;
use super::{Format, RenderOptions};
use crate::compare::CompareReport;
use crate::diag::sanitize;
use crate::num::fmt_usd;

/// Renders a comparison in `format`.
pub fn render(r: &CompareReport, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Json => super::json::to_json(r),
        Format::Table => render_table(r, opts),
        Format::Markdown => render_markdown(r),
        Format::Html => super::html::compare(r),
    }
}

/// One break-even statement per pair of options (each pair is listed from
/// both sides in the report).
pub(crate) fn break_even_statements(r: &CompareReport) -> Vec<&str> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for o in &r.options {
        for b in &o.break_even {
            let pair = if o.id < b.other {
                (&o.id, &b.other)
            } else {
                (&b.other, &o.id)
            };
            if seen.insert(pair) {
                out.push(b.statement.as_str());
            }
        }
    }
    out
}

fn pct(v: Option<f64>) -> String {
    match v {
        None => "—".to_owned(),
        Some(v) if v.abs() < 0.05 => "0.0%".to_owned(),
        Some(v) => format!("{v:+.1}%"),
    }
}

/// The comparison table. When the width runs short, Weeks stacks under
/// Setup, the saving under $/month, the strategy under the option and the
/// TCO under $/month.
fn render_table(r: &CompareReport, opts: &RenderOptions) -> String {
    let mut t = Text::new(opts);
    t.heading(&format!(
        "fmselect compare — {}",
        sanitize(r.name.as_deref().unwrap_or("scenario"))
    ));
    t.para(
        "",
        "  ",
        &format!(
            "Horizon {} months · {} data ({:.0}% sensitive){}",
            r.horizon_months,
            r.requirements.data.sensitivity.as_str(),
            r.requirements.sensitive_share() * 100.0,
            r.requirements
                .time_to_market_weeks
                .map(|w| format!(" · ship within {w} weeks"))
                .unwrap_or_default()
        ),
    );
    t.blank();
    let mut g = Grid::new(vec![
        Col::keep("Option"),
        Col::stack("Strategy", 3, 0),
        Col::keep("Setup").right(),
        Col::keep("$/month").right(),
        Col::stack("Saving vs pure API", 2, 3).right(),
        Col::stack("Weeks", 1, 2).right(),
        Col::stack("TCO", 4, 3).right(),
        Col::keep("Meets constraints"),
    ]);
    for o in &r.options {
        let mark = if r.recommended.as_ref().is_some_and(|c| c.id == o.id) {
            " ◀"
        } else {
            ""
        };
        g.row(vec![
            format!("{}{mark}\n{}", sanitize(&o.id), sanitize(&o.name)),
            o.strategy.as_str().to_owned(),
            fmt_usd(o.setup_usd),
            fmt_usd(o.monthly_usd),
            pct(o.savings_vs_pure_api_pct),
            o.time_to_market_weeks.to_string(),
            fmt_usd(o.tco_usd),
            if o.meets_constraints {
                "yes".to_owned()
            } else {
                format!("no: {}", sanitize(&o.violations.join("; ")))
            },
        ]);
    }
    t.grid(&g);
    t.blank();
    match &r.recommended {
        Some(c) => {
            t.para("", "  ", &format!("Recommended: {}", sanitize(&c.id)));
            for reason in &c.reasons {
                t.item(&sanitize(reason));
            }
        }
        None => t.para("", "  ", "No option meets the constraints."),
    }
    t.blank();
    t.heading("Break-even");
    for statement in break_even_statements(r) {
        t.item(&sanitize(statement));
    }
    if !r.what_would_change.is_empty() {
        t.blank();
        t.heading("What would change the answer");
        for w in &r.what_would_change {
            t.item(&sanitize(w));
        }
    }
    if !r.warnings.is_empty() {
        t.blank();
        t.heading("What many get wrong");
        for w in &r.warnings {
            t.para("  ! ", "    ", &sanitize(w));
        }
    }
    t.out
}

fn render_markdown(r: &CompareReport) -> String {
    let mut out = format!(
        "# Decision record: {}\n\n## Context\n\n",
        esc(r.name.as_deref().unwrap_or("scenario"))
    );
    out.push_str(&format!(
        "- Data: {} ({:.0}% of requests sensitive)\n- Horizon: {} months\n",
        r.requirements.data.sensitivity.as_str(),
        r.requirements.sensitive_share() * 100.0,
        r.horizon_months
    ));
    if let Some(w) = r.requirements.time_to_market_weeks {
        out.push_str(&format!("- Time to market: {w} weeks\n"));
    }
    out.push_str("\n## Decision\n\n");
    match &r.recommended {
        Some(c) => {
            let name = r
                .options
                .iter()
                .find(|o| o.id == c.id)
                .map_or("", |o| o.name.as_str());
            out.push_str(&format!("**Option {}: {}**\n\n", esc(&c.id), esc(name)));
            for reason in &c.reasons {
                out.push_str(&format!("- {}\n", esc(reason)));
            }
        }
        None => out.push_str("No option meets the constraints.\n"),
    }
    out.push_str("\n## Alternatives considered\n\n| Option | Strategy | Setup | $/month | Saving vs pure API | Weeks | TCO | Meets constraints |\n|---|---|---:|---:|---:|---:|---:|---|\n");
    for o in &r.options {
        out.push_str(&format!(
            "| {}: {} | {} | {} | {} | {} | {} | {} | {} |\n",
            esc(&o.id),
            esc(&o.name),
            o.strategy.as_str(),
            fmt_usd(o.setup_usd),
            fmt_usd(o.monthly_usd),
            pct(o.savings_vs_pure_api_pct),
            o.time_to_market_weeks,
            fmt_usd(o.tco_usd),
            if o.meets_constraints {
                "yes".to_owned()
            } else {
                format!("no — {}", esc(&o.violations.join("; ")))
            }
        ));
    }
    out.push_str("\n## Consequences\n\n");
    for statement in break_even_statements(r) {
        out.push_str(&format!("- {}\n", esc(statement)));
    }
    for w in r.what_would_change.iter().chain(&r.warnings) {
        out.push_str(&format!("- {}\n", esc(w)));
    }
    out
}
