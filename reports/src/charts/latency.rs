//! Latency per operation on a log scale: for each operation its whole range (min to max), the
//! middle half (p25 to p75), the median and the 90th percentile: [`latency_chart`].

use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::figure::{draw, label, row_text, Figure, FONT, WIDTH};
use super::palette::{BLUE, FAINT, GREY, INK, VERMILLION};
use crate::derived::LatencyRow;

/// Room for the operation labels, in pixels.
const LABEL_AREA: u32 = 190;
/// Height of one operation's row, in pixels.
const ROW: u32 = 28;
/// The most operations drawn (slowest median first); the table lists them all.
pub(crate) const MAX_OPERATIONS: usize = 24;

/// The distribution of each operation's times, slowest median on top. `None` without
/// exchanges.
pub(crate) fn latency_chart(rows: &[LatencyRow]) -> Option<Figure> {
    let rows = &rows[..rows.len().min(MAX_OPERATIONS)];
    if rows.is_empty() {
        return None;
    }
    // A log scale needs a positive, finite range: times of 0 ms are drawn at its floor, and
    // none beyond a year.
    let floor = 0.01_f64;
    let ceiling = 3.2e10_f64;
    let low = rows.iter().map(|r| r.min).fold(f64::INFINITY, f64::min);
    let high = rows.iter().map(|r| r.max).fold(0.0, f64::max);
    let low = (low / 1.5).max(floor);
    let high = (high * 1.5).max(low * 10.0).min(ceiling);
    let low = low.min(high / 10.0);
    let n = rows.len() as u32;
    let svg = draw(WIDTH, n * ROW + 64, |root| {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(LABEL_AREA)
            .build_cartesian_2d((low..high).log_scale(), 0f64..f64::from(n))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(10)
            .x_label_formatter(&|v| milliseconds(*v))
            .x_desc("time per request (log scale)")
            .light_line_style(FAINT)
            .bold_line_style(FAINT)
            .label_style((FONT, 12).into_font().color(&INK))
            .draw()?;
        let text = row_text(12, HPos::Right);
        for (index, row) in rows.iter().enumerate() {
            let y = f64::from(n) - index as f64 - 0.5;
            let at = |v: f64| v.clamp(low, high);
            chart.draw_series([
                PathElement::new(
                    vec![(at(row.min), y), (at(row.max), y)],
                    GREY.stroke_width(2),
                ),
                PathElement::new(
                    vec![(at(row.min), y - 0.15), (at(row.min), y + 0.15)],
                    GREY.stroke_width(2),
                ),
                PathElement::new(
                    vec![(at(row.max), y - 0.15), (at(row.max), y + 0.15)],
                    GREY.stroke_width(2),
                ),
            ])?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [
                    (at(row.p25), y - 0.3),
                    (at(row.p75).max(at(row.p25) * 1.02), y + 0.3),
                ],
                BLUE.mix(0.55).filled(),
            )))?;
            chart.draw_series([PathElement::new(
                vec![(at(row.p50), y - 0.32), (at(row.p50), y + 0.32)],
                INK.stroke_width(3),
            )])?;
            chart.draw_series(std::iter::once(Circle::new(
                (at(row.p90), y),
                4,
                VERMILLION.filled(),
            )))?;
            let (left, middle) = chart.backend_coord(&(low, y));
            root.draw(&Text::new(
                format!("{} (n={})", label(&row.operation, 20), row.count),
                (left - 8, middle),
                text.clone(),
            ))?;
        }
        Ok(())
    })?;
    Some(Figure {
        id: "latency",
        title: "Latency per operation".to_owned(),
        description: format!(
            "For each of {} operations, slowest median first: a grey line from the fastest to \
             the slowest request, a blue box over the middle half (25th to 75th percentile), a \
             dark tick at the median and a dot at the 90th percentile, on a logarithmic time \
             axis. The table below gives the same figures.",
            rows.len()
        ),
        svg,
        legend: vec![
            ("fastest to slowest".to_owned(), GREY),
            ("25th to 75th percentile".to_owned(), BLUE),
            ("median".to_owned(), INK),
            ("90th percentile".to_owned(), VERMILLION),
        ],
    })
}

/// A time for an axis: `0.5 ms`, `12 ms`, `1.5 s`.
fn milliseconds(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{} s", trim(ms / 1000.0))
    } else {
        format!("{} ms", trim(ms))
    }
}

fn trim(v: f64) -> String {
    if v >= 10.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let text = format!("{v:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(operation: &str, values: [f64; 7]) -> LatencyRow {
        let [min, p25, p50, p75, p90, p99, max] = values;
        LatencyRow {
            operation: operation.into(),
            count: 10,
            min,
            p25,
            p50,
            p75,
            p90,
            p99,
            max,
        }
    }

    #[test]
    fn each_operation_gets_its_box_median_and_p90() {
        let rows = [
            row("sign_up", [3.0, 5.0, 9.0, 20.0, 40.0, 90.0, 900.0]),
            row("get_user", [0.0, 0.0, 0.0, 0.1, 0.2, 0.2, 0.3]),
        ];
        let figure = latency_chart(&rows).expect("drawn");
        assert_eq!(figure.svg.matches("<circle").count(), 2, "{}", figure.svg);
        assert_eq!(
            figure.svg.matches("<rect").count(),
            3,
            "background and two boxes"
        );
        assert!(figure.svg.contains("sign_up (n=10)"));
        assert!(latency_chart(&[]).is_none());
        assert_eq!(milliseconds(1500.0), "1.5 s");
        assert_eq!(milliseconds(0.25), "0.25 ms");
        assert_eq!(milliseconds(120.0), "120 ms");
    }
}
