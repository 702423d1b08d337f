//! The rule × suite grid: one row per rule (worst first, as the matrix table), one column per
//! suite, each cell coloured by how the suite's cases fared against the rule: [`RuleGrid`] and
//! [`grid_chart`].

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::figure::{draw, label, Figure, FONT, WIDTH};
use super::palette::{status_color, FAINT, INK};
use crate::derived::{Matrix, MatrixRow, RuleStatus};
use crate::model::RunReport;

/// The most rules drawn; the matrix table lists them all.
pub(crate) const MAX_RULES: usize = 160;
/// The most suites drawn (a column each).
pub(crate) const MAX_SUITES: usize = 40;
/// Room for the rule ids, in pixels.
const LABEL_AREA: i32 = 360;
/// The longest rule id shown, in characters.
const LABEL_CHARS: usize = 54;
/// Room for the suite names above the grid, in pixels.
const HEADER: i32 = 96;
/// Height of one rule's row, in pixels.
const ROW: i32 = 14;
/// The widest a suite's column gets, in pixels.
const MAX_COLUMN: i32 = 56;

/// How each suite fared against each rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleGrid {
    /// The suites, in order of their first case.
    pub suites: Vec<String>,
    /// One row per rule: its id and, per suite, its status there (`None`: no case of the suite
    /// mentions the rule).
    pub rows: Vec<(String, Vec<Option<RuleStatus>>)>,
}

impl RuleGrid {
    /// The grid of `report`, rules in the order of `rows` (the matrix, worst first).
    pub fn of(report: &RunReport, rows: &[MatrixRow]) -> RuleGrid {
        let by_suite = Matrix::by_suite(report);
        RuleGrid {
            suites: by_suite.iter().map(|(suite, _)| suite.clone()).collect(),
            rows: rows
                .iter()
                .map(|row| {
                    let cells = by_suite
                        .iter()
                        .map(|(_, matrix)| matrix.row(&row.rule).map(MatrixRow::status))
                        .collect();
                    (row.rule.clone(), cells)
                })
                .collect(),
        }
    }
}

/// The grid as a chart, the first [`MAX_RULES`] rules. `None` without rules or suites.
pub(crate) fn grid_chart(grid: &RuleGrid) -> Option<Figure> {
    let rows = &grid.rows[..grid.rows.len().min(MAX_RULES)];
    let suites = &grid.suites[..grid.suites.len().min(MAX_SUITES)];
    let columns = suites.len() as i32;
    if rows.is_empty() || columns == 0 {
        return None;
    }
    let column = ((WIDTH as i32 - LABEL_AREA - 20) / columns).clamp(8, MAX_COLUMN);
    let height = HEADER + ROW * rows.len() as i32 + 10;
    let svg = draw(WIDTH, height as u32, |root| {
        root.fill(&WHITE)?;
        let rule_text = TextStyle::from(("monospace", 11).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let suite_text = TextStyle::from((FONT, 12).into_font())
            .color(&INK)
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (index, suite) in suites.iter().enumerate() {
            let x = LABEL_AREA + column * index as i32 + column / 2;
            root.draw(&Text::new(
                label(suite, 14),
                (x, HEADER - 6),
                suite_text.clone(),
            ))?;
        }
        for (index, (rule, cells)) in rows.iter().enumerate() {
            let y = HEADER + ROW * index as i32;
            root.draw(&Text::new(
                label(rule, LABEL_CHARS),
                (LABEL_AREA - 8, y + ROW / 2),
                rule_text.clone(),
            ))?;
            for (at, cell) in cells.iter().take(suites.len()).enumerate() {
                let x = LABEL_AREA + column * at as i32;
                let color = cell.map_or(FAINT, status_color);
                root.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + column - 1, y + ROW - 1)],
                    color.filled(),
                ))?;
            }
        }
        Ok(())
    })?;
    let hidden = grid.rows.len() - rows.len();
    let mut description = format!(
        "One row per rule ({} rules, worst first), one column per suite ({}); each cell is \
         coloured by how that suite's cases fared against the rule, pale where no case of the \
         suite touches it. The conformance matrix table gives the same, summed over suites.",
        rows.len(),
        suites.len()
    );
    if hidden > 0 {
        description.push_str(&format!(
            " The {hidden} rules after the first {MAX_RULES} are only in the table."
        ));
    }
    let statuses = [
        RuleStatus::Failed,
        RuleStatus::NotCovered,
        RuleStatus::Flaky,
        RuleStatus::Expected,
        RuleStatus::Passed,
    ];
    let mut legend: Vec<(String, RGBColor)> = statuses
        .iter()
        .map(|s| (s.name().replace('-', " "), status_color(*s)))
        .collect();
    legend.push(("not in the suite".to_owned(), FAINT));
    Some(Figure {
        id: "grid",
        title: "Rules by suite".to_owned(),
        description,
        svg,
        legend,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, report};

    #[test]
    fn each_cell_has_the_status_of_its_suite() {
        let run = report(vec![
            case("signup::a::case_0000", Outcome::Passed, &["r1", "r2"], &[]),
            case(
                "token::a::case_0000",
                Outcome::Failed,
                &["r1"],
                &[("r1", "", "m")],
            ),
        ]);
        let matrix = Matrix::of(&run);
        let rows: Vec<MatrixRow> = matrix.by_status().into_iter().cloned().collect();
        let grid = RuleGrid::of(&run, &rows);
        assert_eq!(grid.suites, ["signup", "token"]);
        assert_eq!(
            grid.rows,
            [
                (
                    "r1".to_owned(),
                    vec![Some(RuleStatus::Passed), Some(RuleStatus::Failed)]
                ),
                ("r2".to_owned(), vec![Some(RuleStatus::Passed), None]),
            ]
        );
        let figure = grid_chart(&grid).expect("drawn");
        // The background and four cells.
        assert_eq!(figure.svg.matches("<rect").count(), 5, "{}", figure.svg);
    }
}
