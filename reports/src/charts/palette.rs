//! The charts' colours: the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008),
//! one colour per case outcome and per rule status, plus neutral greys for frames and text.

use plotters::style::RGBColor;

use crate::derived::{RuleStatus, Totals};

/// Okabe–Ito bluish green.
pub(crate) const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
/// Okabe–Ito vermillion.
pub(crate) const VERMILLION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// Okabe–Ito orange.
pub(crate) const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
/// Okabe–Ito reddish purple.
pub(crate) const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);
/// Okabe–Ito sky blue.
pub(crate) const SKY: RGBColor = RGBColor(0x56, 0xb4, 0xe9);
/// Okabe–Ito blue.
pub(crate) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// Okabe–Ito yellow.
pub(crate) const YELLOW: RGBColor = RGBColor(0xf0, 0xe4, 0x42);
/// Okabe–Ito black, softened for text.
pub(crate) const INK: RGBColor = RGBColor(0x1f, 0x23, 0x28);
/// Grey for what is neither good nor bad (not applicable).
pub(crate) const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Light grey for grid lines and empty cells.
pub(crate) const FAINT: RGBColor = RGBColor(0xea, 0xee, 0xf2);

/// A colour as CSS (`#009e73`), for the HTML legends.
pub(crate) fn css(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

/// One series of case counts by outcome: its label, colour and how to read it from [`Totals`].
pub(crate) struct OutcomeSeries {
    /// The outcome, as the summaries name it.
    pub label: &'static str,
    /// Its colour.
    pub color: RGBColor,
    /// Its count in a [`Totals`].
    pub count: fn(&Totals) -> usize,
}

/// Every outcome, in the order bars stack them: the verdicts first, then what was not judged.
pub(crate) const OUTCOMES: [OutcomeSeries; 8] = [
    OutcomeSeries {
        label: "passed",
        color: GREEN,
        count: |t| t.passed,
    },
    OutcomeSeries {
        label: "failed",
        color: VERMILLION,
        count: |t| t.failed,
    },
    OutcomeSeries {
        label: "unexpected pass",
        color: PURPLE,
        count: |t| t.unexpected_passes,
    },
    OutcomeSeries {
        label: "expected failure",
        color: ORANGE,
        count: |t| t.expected_failures,
    },
    OutcomeSeries {
        label: "flaky",
        color: YELLOW,
        count: |t| t.flaky,
    },
    OutcomeSeries {
        label: "not covered",
        color: SKY,
        count: |t| t.not_covered,
    },
    OutcomeSeries {
        label: "not applicable",
        color: GREY,
        count: |t| t.not_applicable,
    },
    OutcomeSeries {
        label: "not run",
        color: BLUE,
        count: |t| t.not_run,
    },
];

/// The colour of a rule status in the rule × suite grid.
pub(crate) fn status_color(status: RuleStatus) -> RGBColor {
    match status {
        RuleStatus::Failed => VERMILLION,
        RuleStatus::NotCovered => SKY,
        RuleStatus::Flaky => YELLOW,
        RuleStatus::Expected => ORANGE,
        RuleStatus::Passed => GREEN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_colours_are_distinct_and_cover_every_total() {
        let colours: std::collections::BTreeSet<String> =
            OUTCOMES.iter().map(|o| css(o.color)).collect();
        assert_eq!(colours.len(), OUTCOMES.len());
        let totals = Totals {
            passed: 1,
            failed: 2,
            expected_failures: 4,
            unexpected_passes: 8,
            not_covered: 16,
            not_applicable: 32,
            flaky: 64,
            not_run: 128,
            total: 255,
        };
        let sum: usize = OUTCOMES.iter().map(|o| (o.count)(&totals)).sum();
        assert_eq!(sum, totals.total, "each outcome counted once");
        assert_eq!(css(GREEN), "#009e73");
    }
}
