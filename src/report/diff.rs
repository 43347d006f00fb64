//! Renderers of `fmselect diff` / `fmselect check`: a terminal table, JSON,
//! and Markdown for a pull-request comment. They render a finished
//! [`DiffReport`] and compute nothing.

use comfy_table::Cell;

use super::markdown::esc;
use super::table::{header, table};
use super::{Format, RenderOptions};
use crate::diag::sanitize;
use crate::diff::{DiffReport, ReportInfo};

/// Renders a diff in `format`.
pub fn render(d: &DiffReport, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Json => super::json::to_json(d),
        Format::Table => render_table(d, opts),
        // The CLI offers no HTML diff (`--format` is table, json or
        // markdown); Markdown is what a page would embed.
        Format::Markdown | Format::Html => render_markdown(d),
    }
}

/// `decision.json (fmselect 0.1.0, catalog as of 2026-11-30, blend)`.
fn side(i: &ReportInfo) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &i.tool_version {
        parts.push(format!("fmselect {v}"));
    }
    if let Some(d) = &i.catalog_as_of {
        parts.push(format!("catalog as of {d}"));
    }
    parts.push(
        i.strategy
            .clone()
            .unwrap_or_else(|| "no strategy".to_owned()),
    );
    format!("{} ({})", i.source, parts.join(", "))
}

fn rule(d: &DiffReport) -> String {
    format!(
        "counts: --fail-on {} · cost tolerance {}%",
        d.fail_on
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(","),
        d.cost_tolerance_pct
    )
}

fn render_table(d: &DiffReport, opts: &RenderOptions) -> String {
    let mut out = format!(
        "fmselect diff — {}\nold: {}\nnew: {}\n{}\n",
        sanitize(&d.summary),
        sanitize(&side(&d.old)),
        sanitize(&side(&d.new)),
        rule(d)
    );
    if !d.changes.is_empty() {
        let mut t = table(opts);
        t.set_header(header(&["", "Aspect", "Change"], opts));
        for c in &d.changes {
            t.add_row(vec![
                Cell::new(if c.counts { "!" } else { "" }),
                Cell::new(c.aspect.as_str()),
                Cell::new(sanitize(&c.statement)),
            ]);
        }
        out.push('\n');
        out.push_str(&t.to_string());
        out.push('\n');
        if d.changes.iter().any(|c| c.counts) {
            out.push_str("! counts toward --fail-on\n");
        }
    }
    if !d.not_compared.is_empty() {
        out.push_str("\nNot compared:\n");
        for n in &d.not_compared {
            out.push_str(&format!("  {}\n", sanitize(&n.reason)));
        }
    }
    for n in &d.notes {
        out.push_str(&format!("\nnote: {}\n", sanitize(n)));
    }
    out
}

fn render_markdown(d: &DiffReport) -> String {
    let mut out = format!("### fmselect: {}\n\n", esc(&d.summary));
    out.push_str(&format!(
        "Old: {} · New: {} · {}\n",
        esc(&side(&d.old)),
        esc(&side(&d.new)),
        esc(&rule(d))
    ));
    if !d.changes.is_empty() {
        out.push_str("\n| | Aspect | Change |\n|---|---|---|\n");
        for c in &d.changes {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                if c.counts { "**counts**" } else { "" },
                c.aspect.as_str(),
                esc(&c.statement)
            ));
        }
    }
    if !d.not_compared.is_empty() {
        out.push_str("\n**Not compared**\n\n");
        for n in &d.not_compared {
            out.push_str(&format!("- {}\n", esc(&n.reason)));
        }
    }
    for n in &d.notes {
        out.push_str(&format!("\n_Note:_ {}\n", esc(n)));
    }
    out
}
