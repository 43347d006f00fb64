//! `--chart FILE.svg`: the answer drawn. For `recommend`, monthly cost of
//! buy, build and blend against monthly volume (log–log), with today's volume
//! and the break-even points marked; for `compare`, cumulative cost of each
//! option over the horizon with the crossings marked. Charts only render data
//! the reports already computed. SVG text needs no font files.

use plotters::prelude::*;

use crate::compare::CompareReport;
use crate::report_doc::Report;
use crate::strategy::StrategyKind;

const SIZE: (u32, u32) = (960, 560);

fn color(kind: StrategyKind) -> RGBColor {
    match kind {
        StrategyKind::Buy => RGBColor(0x1f, 0x77, 0xb4),
        StrategyKind::Build => RGBColor(0xd6, 0x27, 0x28),
        StrategyKind::Blend => RGBColor(0x2c, 0xa0, 0x2c),
    }
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
];

/// The SVG of a recommendation's cost curves, or why there is none.
pub fn recommend_svg(r: &Report) -> Result<String, String> {
    let curves = &r.what_would_change.curves;
    let points: Vec<(f64, f64)> = curves
        .iter()
        .flat_map(|c| {
            c.points
                .iter()
                .filter_map(|p| Some((p.requests_per_month, p.monthly_cost_usd?)))
        })
        .filter(|(_, y)| *y > 0.0)
        .collect();
    if points.is_empty() {
        return Err("no strategy could be costed, so there is nothing to draw".to_owned());
    }
    let (x0, x1) = bounds(points.iter().map(|p| p.0));
    let (y0, y1) = bounds(points.iter().map(|p| p.1));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let title = format!(
            "{} — monthly cost by volume",
            r.requirements.name.as_deref().unwrap_or("fmselect")
        );
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(80)
            .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("requests per month")
            .y_desc("USD per month")
            .y_labels(12)
            .x_label_formatter(&|v| short(*v))
            .y_label_formatter(&|v| format!("${}", short(*v)))
            .draw()
            .map_err(|e| e.to_string())?;
        for c in curves {
            let col = color(c.kind);
            let series: Vec<(f64, f64)> = c
                .points
                .iter()
                .filter_map(|p| Some((p.requests_per_month, p.monthly_cost_usd?)))
                .filter(|(_, y)| *y > 0.0)
                .collect();
            let reference = c.label != c.kind.as_str();
            let chosen = !reference && r.strategy.as_ref().is_some_and(|s| s.kind == c.kind);
            let col = if reference {
                RGBColor(0x7f, 0x7f, 0x7f)
            } else {
                col
            };
            let style = ShapeStyle::from(&col).stroke_width(if chosen { 3 } else { 2 });
            let label = format!("{}{}", c.label, if chosen { " (chosen)" } else { "" });
            chart
                .draw_series(LineSeries::new(series, style))
                .map_err(|e| e.to_string())?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        }
        // Today's volume.
        let today = r.requirements.volume.requests_per_month.max(x0);
        chart
            .draw_series(LineSeries::new(
                vec![(today, y0), (today, y1)],
                BLACK.mix(0.4),
            ))
            .map_err(|e| e.to_string())?
            .label("today's volume")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.mix(0.4)));
        // Where curves cross: the volumes at which the cheapest strategy changes.
        let mut crossings = Vec::new();
        for (i, a) in curves.iter().enumerate() {
            for b in &curves[i + 1..] {
                for (pa, pb) in a.points.windows(2).zip(b.points.windows(2)) {
                    if let (Some(a0), Some(a1), Some(b0), Some(b1)) = (
                        pa[0].monthly_cost_usd,
                        pa[1].monthly_cost_usd,
                        pb[0].monthly_cost_usd,
                        pb[1].monthly_cost_usd,
                    ) && (a0 - b0).signum() != (a1 - b1).signum()
                        && a1 > 0.0
                        && b1 > 0.0
                    {
                        crossings.push((pa[1].requests_per_month, a1.max(y0)));
                    }
                }
            }
        }
        if let Some(be) = r
            .what_would_change
            .self_hosting_break_even
            .as_ref()
            .and_then(|b| b.break_even_requests_per_month)
            && (x0..=x1).contains(&be)
        {
            chart
                .draw_series(LineSeries::new(vec![(be, y0), (be, y1)], RED.mix(0.5)))
                .map_err(|e| e.to_string())?
                .label("self-hosting break-even")
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.mix(0.5)));
        }
        chart
            .draw_series(
                crossings
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 5, BLACK.filled())),
            )
            .map_err(|e| e.to_string())?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The SVG of a comparison's cumulative costs.
pub fn compare_svg(r: &CompareReport) -> Result<String, String> {
    let months = r
        .options
        .iter()
        .map(|o| o.cumulative_usd.len())
        .max()
        .unwrap_or(0);
    if months < 2 {
        return Err("nothing to draw".to_owned());
    }
    let y1 = r
        .options
        .iter()
        .flat_map(|o| o.cumulative_usd.iter().copied())
        .fold(1.0f64, f64::max)
        * 1.05;
    // Show the horizon, extended to the first crossings within twice it.
    let horizon = (months - 1) as f64;
    let x1 = r
        .options
        .iter()
        .flat_map(|o| o.break_even.iter().filter_map(|b| b.month))
        .filter(|m| *m > horizon && *m <= 2.0 * horizon)
        .fold(horizon, f64::max)
        .ceil();
    let at = |o: &crate::compare::OptionResult, m: f64| o.setup_usd + o.monthly_usd * m;
    let y1 = r.options.iter().map(|o| at(o, x1)).fold(y1, f64::max) * 1.02;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let title = format!(
            "{} — cumulative cost",
            r.name.as_deref().unwrap_or("Scenario")
        );
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(90)
            .build_cartesian_2d(0f64..x1, 0f64..y1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("months")
            .y_desc("cumulative USD")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("${}", short(*v)))
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, o) in r.options.iter().enumerate() {
            let col = PALETTE[i % PALETTE.len()];
            let recommended = r.recommended.as_ref().is_some_and(|c| c.id == o.id);
            let style = ShapeStyle::from(&col).stroke_width(if recommended { 3 } else { 2 });
            let label = format!(
                "{} {}{}{}",
                o.id,
                o.name,
                if recommended { " (recommended)" } else { "" },
                if o.meets_constraints {
                    ""
                } else {
                    " — fails constraints"
                }
            );
            let points = vec![(0.0, at(o, 0.0)), (x1, at(o, x1))];
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(|e| e.to_string())?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        }
        if x1 > horizon {
            chart
                .draw_series(LineSeries::new(
                    vec![(horizon, 0.0), (horizon, y1)],
                    BLACK.mix(0.4),
                ))
                .map_err(|e| e.to_string())?
                .label(format!("{horizon}-month horizon"))
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.mix(0.4)));
        }
        let marks: Vec<(f64, f64)> = r
            .options
            .iter()
            .flat_map(|o| {
                o.break_even.iter().filter_map(move |b| {
                    let m = b.month?;
                    (m <= x1 && o.id < b.other).then_some((m, o.setup_usd + o.monthly_usd * m))
                })
            })
            .collect();
        chart
            .draw_series(
                marks
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 5, BLACK.filled())),
            )
            .map_err(|e| e.to_string())?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, 0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let lo = if lo.is_finite() && lo > 0.0 { lo } else { 1.0 };
    (lo * 0.8, (hi * 1.25).max(lo * 2.0))
}

/// 1500 → "1.5k", 2_000_000 → "2M".
fn short(v: f64) -> String {
    let (n, suffix) = if v >= 1e9 {
        (v / 1e9, "B")
    } else if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let s = if n >= 100.0 || n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    format!("{s}{suffix}")
}
