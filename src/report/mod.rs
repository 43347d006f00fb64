//! The report of `fmselect recommend` (SPEC §6), schema_version 1, and its
//! renderers. The report is computed once, by [`crate::recommend`]; a
//! reporter only renders it.

pub mod diff;
pub mod html;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod scenario;
pub mod table;

use crate::cost::DeploymentCost;

pub use crate::report_doc::{
    AssumptionsInfo, Candidate, CatalogInfo, CategoryHit, Excluded, Ranking, Report, Tool,
};

/// The output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Markdown,
    /// One self-contained HTML page (inline CSS and chart, no script).
    Html,
}

/// Rendering options that do not change the report itself.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Show every score component and every excluded model.
    pub explain: bool,
    /// Use colour (only on a terminal, never with NO_COLOR).
    pub color: bool,
    /// Table width in columns (the terminal's), or none for the default.
    pub width: Option<u16>,
}

/// Renders one report format.
pub trait Reporter {
    fn render(&self, report: &Report, opts: &RenderOptions) -> String;
}

/// The reporter for a format.
pub fn reporter(format: Format) -> &'static dyn Reporter {
    match format {
        Format::Table => &table::TableReporter,
        Format::Json => &json::JsonReporter,
        Format::Markdown => &markdown::MarkdownReporter,
        Format::Html => &html::HtmlReporter,
    }
}

/// Why the candidate list is empty: nothing passed the hard constraints,
/// or `--top 0` asked to show none.
pub fn no_candidates_shown(r: &Report) -> String {
    if r.candidates_total == 0 {
        "none: no model satisfies every hard constraint (see the exclusions below)".to_owned()
    } else {
        format!(
            "none shown (--top 0): {} candidates satisfy every hard constraint; --top N shows the first N",
            r.candidates_total
        )
    }
}

/// A candidate's quality as tables print it: the range, then the basis
/// mark (`0.82–0.95`, `0.62–0.98 T`; see [`crate::quality::BASIS_LEGEND`]).
pub fn quality_cell(c: &Candidate) -> String {
    let [low, high] = c.quality_range;
    // A measured point shows a third decimal: two models rarely measure the
    // same, and two decimals would make them look alike.
    let range = if format!("{low:.2}") == format!("{high:.2}") {
        format!("{:.3}", c.quality)
    } else {
        format!("{low:.2}–{high:.2}")
    };
    format!(
        "{range}{}{}",
        c.quality_basis.mark(),
        if c.quality_stale { " s" } else { "" }
    )
}

/// The rank as tables print it: `=` marks a candidate tied with rank 1.
pub fn rank_cell(c: &Candidate) -> String {
    if c.tied_with_leader {
        format!("={}", c.rank)
    } else {
        c.rank.to_string()
    }
}

/// The legend under a candidates table, for the marks the table uses.
pub fn candidate_legend(candidates: &[Candidate]) -> Vec<String> {
    let mut lines = vec![crate::quality::BASIS_LEGEND.to_owned()];
    if candidates.iter().any(|c| c.quality_stale) {
        lines.push(
            "s = part of the estimate rests on benchmark snapshots past the staleness limit (counted at reduced weight)"
                .to_owned(),
        );
    }
    if candidates.iter().any(|c| c.tied_with_leader) {
        lines.push("=N = tied with #1: the score ranges overlap".to_owned());
    }
    lines
}

/// A measured model's benchmark estimate beside its pass rate.
pub fn benchmark_estimate(m: &crate::evals::MeasuredModel) -> String {
    match (
        m.benchmark_quality,
        m.benchmark_quality_range,
        m.benchmark_quality_basis,
    ) {
        (Some(q), Some([low, high]), Some(basis)) => {
            format!("{q:.2} ({low:.2}–{high:.2}, {})", basis.as_str())
        }
        _ => "— (not a candidate)".to_owned(),
    }
}

/// How many candidates the table and Markdown reports break the cost of
/// down by part (JSON has every candidate's parts).
pub const COST_PARTS_SHOWN: usize = 5;

/// An API cost by part in words ("input 8M tokens × $3.00 = $24.00; ..."),
/// or None for a self-hosted or unpriced deployment.
pub fn cost_parts_text(cost: &DeploymentCost) -> Option<String> {
    let api = cost.api.as_ref()?;
    if api.parts.is_empty() {
        return None;
    }
    Some(
        api.parts
            .iter()
            .map(|p| {
                format!(
                    "{} {} tokens × {}/Mtok = {}",
                    p.part,
                    crate::num::fmt_count(p.tokens_per_month.round()),
                    crate::num::fmt_price(p.per_mtok),
                    crate::num::fmt_usd(p.monthly_usd)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// A candidate's display name with its preview mark.
pub fn display_name(c: &Candidate) -> String {
    if c.preview {
        format!("{} (preview)", c.name)
    } else {
        c.name.clone()
    }
}
