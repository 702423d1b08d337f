//! What both summaries show, computed once from a run. The main type is [`SummaryData`].

use std::collections::{BTreeSet, HashMap};

use crate::derived::{
    findings_by_rule, slowest_operations, Matrix, RuleFindings, SlowOperation, Totals,
};
use crate::model::{CaseRecord, Outcome, RunReport};

use super::SummaryOptions;

/// The sections of a summary, ready to render.
pub(crate) struct SummaryData<'a> {
    /// The run.
    pub report: &'a RunReport,
    /// Case counts.
    pub totals: Totals,
    /// The conformance matrix.
    pub matrix: Matrix,
    /// Findings grouped by rule.
    pub findings: Vec<RuleFindings>,
    /// The slowest exchanges.
    pub slowest: Vec<SlowOperation>,
    /// Cases shown in detail: failures, unexpected passes, and any case with findings.
    pub details: Vec<&'a CaseRecord>,
    /// Cases that qualified for details but were left out by the limit.
    pub hidden_details: usize,
    /// Expected failures and not-covered cases, grouped by outcome and reason.
    pub skipped: Vec<SkipGroup>,
}

/// Cases with the same skip outcome and reason.
pub(crate) struct SkipGroup {
    /// "expected failure" or "not covered".
    pub label: &'static str,
    /// The shared reason.
    pub reason: String,
    /// How many cases.
    pub count: usize,
    /// The first of them.
    pub first_case: String,
}

impl<'a> SummaryData<'a> {
    /// Computes every section of `report` within `options`' limits.
    pub fn new(report: &'a RunReport, options: &SummaryOptions) -> Self {
        let matrix = Matrix::of(report);
        let first_failures: BTreeSet<&str> = matrix
            .rows
            .iter()
            .filter_map(|row| row.first_failure.as_deref())
            .collect();
        let mut details = Vec::new();
        let mut hidden_details = 0;
        for case in &report.cases {
            if !case.outcome.is_failure() && case.findings.is_empty() {
                continue;
            }
            if details.len() < options.max_failures || first_failures.contains(case.name.as_str()) {
                details.push(case);
            } else {
                hidden_details += 1;
            }
        }
        Self {
            report,
            totals: Totals::of(report),
            findings: findings_by_rule(report),
            slowest: slowest_operations(report, options.slowest),
            matrix,
            details,
            hidden_details,
            skipped: skip_groups(report),
        }
    }
}

/// Groups expected failures and not-covered cases by (outcome, reason), in order of first
/// appearance.
fn skip_groups(report: &RunReport) -> Vec<SkipGroup> {
    let mut groups: Vec<SkipGroup> = Vec::new();
    let mut index: HashMap<(&'static str, &str), usize> = HashMap::new();
    for case in &report.cases {
        let (label, reason) = match &case.outcome {
            Outcome::ExpectedFailure { reason } => ("expected failure", reason.as_str()),
            Outcome::NotCovered { reason } => ("not covered", reason.as_str()),
            Outcome::NotRun { reason } => ("not run", reason.as_str()),
            Outcome::Flaky { reason } => ("flaky", reason.as_str()),
            _ => continue,
        };
        match index.get(&(label, reason)) {
            Some(&i) => groups[i].count += 1,
            None => {
                index.insert((label, reason), groups.len());
                groups.push(SkipGroup {
                    label,
                    reason: reason.to_owned(),
                    count: 1,
                    first_case: case.name.clone(),
                });
            }
        }
    }
    groups
}

/// A human label for an outcome.
pub(crate) fn outcome_label(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::ExpectedFailure { .. } => "expected failure",
        Outcome::UnexpectedPass { .. } => "unexpected pass",
        Outcome::NotCovered { .. } => "not covered",
        Outcome::Flaky { .. } => "flaky",
        Outcome::NotRun { .. } => "not run",
    }
}

/// The reason an outcome carries, if any.
pub(crate) fn outcome_reason(outcome: &Outcome) -> Option<&str> {
    outcome.reason()
}

/// A JSON pointer for humans: the root pointer `""` reads as `/`.
pub(crate) fn pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, report};

    #[test]
    fn details_respect_the_limit_but_keep_first_failures() {
        let run = report(vec![
            case("a::p::case_0000", Outcome::Failed, &[], &[("r1", "", "m")]),
            case("a::p::case_0001", Outcome::Failed, &[], &[("r1", "", "m")]),
            case("a::p::case_0002", Outcome::Failed, &[], &[("r2", "", "m")]),
            case(
                "a::p::case_0003",
                Outcome::UnexpectedPass { reason: "x".into() },
                &[],
                &[],
            ),
            case("a::p::case_0004", Outcome::Passed, &[], &[]),
        ]);
        let options = SummaryOptions {
            max_failures: 1,
            ..SummaryOptions::default()
        };
        let data = SummaryData::new(&run, &options);
        let shown: Vec<&str> = data.details.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(shown, vec!["a::p::case_0000", "a::p::case_0002"]);
        assert_eq!(data.hidden_details, 2);
    }

    #[test]
    fn skipped_cases_group_by_outcome_and_reason() {
        let run = report(vec![
            case(
                "a::p::case_0000",
                Outcome::NotCovered {
                    reason: "rate limited".into(),
                },
                &[],
                &[],
            ),
            case(
                "a::p::case_0001",
                Outcome::ExpectedFailure {
                    reason: "rate limited".into(),
                },
                &[],
                &[],
            ),
            case(
                "a::p::case_0002",
                Outcome::NotCovered {
                    reason: "rate limited".into(),
                },
                &[],
                &[],
            ),
        ]);
        let data = SummaryData::new(&run, &SummaryOptions::default());
        let groups: Vec<(&str, &str, usize, &str)> = data
            .skipped
            .iter()
            .map(|g| (g.label, g.reason.as_str(), g.count, g.first_case.as_str()))
            .collect();
        assert_eq!(
            groups,
            vec![
                ("not covered", "rate limited", 2, "a::p::case_0000"),
                ("expected failure", "rate limited", 1, "a::p::case_0001"),
            ]
        );
    }
}
