//! Lines over time, on one or two value axes: the rounds of a fuzz campaign, the runs of a
//! history. The main type is [`LineChart`].

use plotters::prelude::*;

use super::figure::{draw, Figure, FONT, WIDTH};
use super::palette::{FAINT, INK};

/// One line: its label, colour and points `(x, y)` in order of x.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// What it shows.
    pub label: String,
    /// Its colour.
    pub color: RGBColor,
    /// Its points.
    pub points: Vec<(f64, f64)>,
}

/// A line chart: lines on a left value axis and, optionally, on a right one.
pub(crate) struct LineChart<'a> {
    /// The figure id (`chart-` + this).
    pub id: &'static str,
    /// The title.
    pub title: String,
    /// What it shows, in words.
    pub description: String,
    /// The x axis' name.
    pub x_desc: &'a str,
    /// How an x value reads on the axis.
    pub x_format: &'a dyn Fn(f64) -> String,
    /// The left axis' name.
    pub left_desc: &'a str,
    /// Lines on the left axis.
    pub left: Vec<Line>,
    /// The right axis' name.
    pub right_desc: &'a str,
    /// Lines on the right axis (none: no right axis).
    pub right: Vec<Line>,
    /// The top of the right axis (`Some(100.0)` for a percentage); `None`: from the data.
    pub right_max: Option<f64>,
}

/// Height of a line chart, in pixels.
const HEIGHT: u32 = 300;

impl LineChart<'_> {
    /// Draws the chart, a dot on every point so one point still shows. `None` without points.
    pub fn figure(self) -> Option<Figure> {
        let all = || self.left.iter().chain(&self.right).flat_map(|l| &l.points);
        all().next()?;
        let (mut x0, mut x1) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
        if !(x0.is_finite() && x1.is_finite()) {
            return None;
        }
        if x1 - x0 < 1.0 {
            (x0, x1) = (x0 - 0.5, x1 + 0.5);
        }
        let pad = (x1 - x0) * 0.03;
        let (x0, x1) = (x0 - pad, x1 + pad);
        let top = |lines: &[Line]| {
            let max = lines
                .iter()
                .flat_map(|l| &l.points)
                .map(|p| p.1)
                .filter(|y| y.is_finite())
                .fold(0.0, f64::max);
            (max * 1.12).max(1.0)
        };
        let (left_top, right_top) = (top(&self.left), self.right_max.unwrap_or(top(&self.right)));
        let svg = draw(WIDTH, HEIGHT, |root| {
            root.fill(&WHITE)?;
            let mut chart = ChartBuilder::on(root)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(56)
                .right_y_label_area_size(if self.right.is_empty() { 0 } else { 56 })
                .build_cartesian_2d(x0..x1, 0f64..left_top)?
                .set_secondary_coord(x0..x1, 0f64..right_top);
            let style = (FONT, 12).into_font().color(&INK);
            chart
                .configure_mesh()
                .x_labels(10)
                .y_labels(6)
                .x_label_formatter(&|v| (self.x_format)(*v))
                .y_label_formatter(&|v| format!("{v:.0}"))
                .x_desc(self.x_desc)
                .y_desc(self.left_desc)
                .light_line_style(FAINT)
                .bold_line_style(FAINT)
                .label_style(style.clone())
                .axis_desc_style(style.clone())
                .draw()?;
            if !self.right.is_empty() {
                chart
                    .configure_secondary_axes()
                    .y_labels(6)
                    .y_label_formatter(&|v| format!("{v:.0}"))
                    .y_desc(self.right_desc)
                    .label_style(style.clone())
                    .axis_desc_style(style)
                    .draw()?;
            }
            for line in &self.left {
                chart.draw_series(LineSeries::new(
                    line.points.iter().copied(),
                    line.color.stroke_width(2),
                ))?;
                chart.draw_series(
                    line.points
                        .iter()
                        .map(|p| Circle::new(*p, 3, line.color.filled())),
                )?;
            }
            for line in &self.right {
                chart.draw_secondary_series(LineSeries::new(
                    line.points.iter().copied(),
                    line.color.stroke_width(2),
                ))?;
                chart.draw_secondary_series(
                    line.points
                        .iter()
                        .map(|p| Circle::new(*p, 3, line.color.filled())),
                )?;
            }
            Ok(())
        })?;
        let legend = self
            .left
            .iter()
            .map(|l| (format!("{} ({})", l.label, self.left_desc), l.color))
            .chain(
                self.right
                    .iter()
                    .map(|l| (format!("{} ({})", l.label, self.right_desc), l.color)),
            )
            .collect();
        Some(Figure {
            id: self.id,
            title: self.title,
            description: self.description,
            svg,
            legend,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::palette::{BLUE, VERMILLION};

    #[test]
    fn both_axes_get_their_lines_and_one_point_still_shows() {
        let format = |v: f64| format!("{v:.0} min");
        let chart = LineChart {
            id: "rounds",
            title: "Rounds".into(),
            description: "cases and findings".into(),
            x_desc: "minutes",
            x_format: &format,
            left_desc: "cases",
            left: vec![Line {
                label: "cases per round".into(),
                color: BLUE,
                points: vec![(1.0, 120.0), (2.0, 118.0), (3.5, 121.0)],
            }],
            right_desc: "findings",
            right: vec![Line {
                label: "new findings so far".into(),
                color: VERMILLION,
                points: vec![(1.0, 0.0)],
            }],
            right_max: None,
        };
        let figure = chart.figure().expect("drawn");
        for colour in ["#0072B2", "#D55E00"] {
            let line = format!("stroke=\"{colour}\" stroke-width=\"2\"");
            assert_eq!(figure.svg.matches(&line).count(), 1, "{}", figure.svg);
        }
        assert_eq!(figure.svg.matches("<circle").count(), 4);
        assert!(figure.svg.contains("2 min"), "x labels use the formatter");
        let empty = LineChart {
            id: "none",
            title: String::new(),
            description: String::new(),
            x_desc: "",
            x_format: &format,
            left_desc: "",
            left: vec![],
            right_desc: "",
            right: vec![],
            right_max: None,
        };
        assert!(empty.figure().is_none());
    }
}
