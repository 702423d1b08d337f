//! Horizontal stacked bars of case counts by outcome, one bar per category (a suite, or a run
//! of a history): [`outcome_bars`].

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::figure::{draw, label, row_text, Figure, FONT, WIDTH};
use super::palette::{FAINT, INK, OUTCOMES};
use crate::derived::Totals;

/// Room for the category labels, in pixels.
const LABEL_AREA: u32 = 190;
/// The longest category label, in characters.
const LABEL_CHARS: usize = 28;
/// Height of one bar's row, in pixels.
const ROW: u32 = 26;
/// The most bars drawn; the table next to the chart lists every category.
pub(crate) const MAX_BARS: usize = 60;

/// One bar per `(category, totals)`, top to bottom (the first [`MAX_BARS`]), stacked by outcome
/// in the order of [`OUTCOMES`], each ending with its total; outcomes no category has are left
/// out of the legend. `None` when there is nothing to draw.
pub(crate) fn outcome_bars(
    id: &'static str,
    title: &str,
    description: &str,
    bars: &[(String, Totals)],
) -> Option<Figure> {
    let bars = &bars[..bars.len().min(MAX_BARS)];
    let largest = bars.iter().map(|(_, t)| t.total).max().unwrap_or(0);
    if largest == 0 {
        return None;
    }
    let shown: Vec<_> = OUTCOMES
        .iter()
        .filter(|o| bars.iter().any(|(_, t)| (o.count)(t) > 0))
        .collect();
    let rows = bars.len() as u32;
    let height = rows * ROW + 60;
    let x_max = largest as f64 * 1.08;
    let svg = draw(WIDTH, height, |root| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(34)
            .y_label_area_size(LABEL_AREA)
            .build_cartesian_2d(0f64..x_max, 0f64..f64::from(rows))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(9.min(largest + 1))
            // Counts are whole: a tick between two of them gets no label.
            .x_label_formatter(&|v| {
                if (v - v.round()).abs() < 1e-6 {
                    format!("{v:.0}")
                } else {
                    String::new()
                }
            })
            .x_desc("cases")
            .light_line_style(FAINT)
            .bold_line_style(FAINT)
            .label_style((FONT, 12).into_font().color(&INK))
            .draw()?;
        let text = row_text(12, HPos::Right);
        let count = row_text(11, HPos::Left);
        for (index, (name, totals)) in bars.iter().enumerate() {
            // The first bar on top.
            let y = f64::from(rows) - index as f64 - 1.0;
            let (y0, y1) = (y + 0.15, y + 0.85);
            let mut x = 0.0;
            for outcome in &shown {
                let n = (outcome.count)(totals) as f64;
                if n > 0.0 {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x, y0), (x + n, y1)],
                        outcome.color.filled(),
                    )))?;
                }
                x += n;
            }
            let (left, middle) = chart.backend_coord(&(0.0, y + 0.5));
            root.draw(&Text::new(
                label(name, LABEL_CHARS),
                (left - 8, middle),
                text.clone(),
            ))?;
            let (end, _) = chart.backend_coord(&(x, y + 0.5));
            root.draw(&Text::new(
                totals.total.to_string(),
                (end + 4, middle),
                count.clone(),
            ))?;
        }
        Ok(())
    })?;
    Some(Figure {
        id,
        title: title.to_owned(),
        description: description.to_owned(),
        svg,
        legend: shown
            .iter()
            .map(|o| (o.label.to_owned(), o.color))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(passed: usize, failed: usize, not_covered: usize) -> Totals {
        Totals {
            passed,
            failed,
            not_covered,
            total: passed + failed + not_covered,
            ..Totals::default()
        }
    }

    #[test]
    fn one_bar_segment_per_outcome_a_category_has() {
        let bars = vec![
            ("signup".to_owned(), totals(10, 2, 0)),
            ("token <&>".to_owned(), totals(0, 0, 4)),
        ];
        let figure = outcome_bars("suites", "Outcomes", "per suite", &bars).expect("drawn");
        let svg = &figure.svg;
        assert!(svg.starts_with("<svg"), "{svg}");
        for colour in ["#009E73", "#D55E00", "#56B4E9"] {
            assert_eq!(
                svg.matches(&format!("fill=\"{colour}\"")).count(),
                1,
                "one {colour} segment in {svg}"
            );
        }
        assert!(svg.contains("token &lt;&amp;&gt;"), "labels are escaped");
        let legend: Vec<&str> = figure.legend.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(legend, ["passed", "failed", "not covered"]);
        assert!(outcome_bars("x", "x", "x", &[("a".into(), Totals::default())]).is_none());
    }
}
