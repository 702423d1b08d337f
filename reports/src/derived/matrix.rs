//! The conformance matrix: one row per contract rule with how the run's cases fared against it.
//! The main type is [`Matrix`].
//!
//! A case *exercised* rule R when R is in its `rules` or in one of its findings (a not-covered
//! case did not exercise the rules it lists, unless it has a finding for them). A case with a
//! finding for R counts once for R, in the column of its outcome: *failed* (a failed case),
//! *expected* (an expected failure) or *flaky*; so the failed column never counts an expected
//! failure, and agrees with the totals. Not-covered and not-run cases count as not covered.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{CaseRecord, Outcome, RunReport};

/// How the cases of a run fared against one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    /// The rule id.
    pub rule: String,
    /// Cases that exercised the rule.
    pub exercised: usize,
    /// Cases that exercised the rule without a finding for it.
    pub passed: usize,
    /// Failed cases with a finding for the rule (expected failures are not counted here).
    pub failed: usize,
    /// Expected failures with a finding for the rule.
    pub expected_failures: usize,
    /// Flaky cases (failed once, passed when re-run) with a finding for the rule.
    #[serde(default)]
    pub flaky: usize,
    /// Not-covered cases that listed the rule but could not exercise it.
    pub not_covered: usize,
    /// Name of the first failed case (in report order) with a finding for the rule, else of
    /// the first case with any finding for it.
    pub first_failure: Option<String>,
}

/// Where a rule stands, worst first: the order summaries list rules in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    /// A case failed the rule.
    Failed,
    /// No case exercised the rule: it was not covered (or did not run).
    NotCovered,
    /// A flaky case had a finding for the rule, and none failed it.
    Flaky,
    /// Only expected failures had findings for the rule.
    Expected,
    /// Every case that exercised the rule passed it.
    Passed,
}

impl RuleStatus {
    /// The stable name used in HTML (`data-status`): `failed`, `not-covered`, `flaky`,
    /// `expected`, `passed`.
    pub fn name(self) -> &'static str {
        match self {
            RuleStatus::Failed => "failed",
            RuleStatus::NotCovered => "not-covered",
            RuleStatus::Flaky => "flaky",
            RuleStatus::Expected => "expected",
            RuleStatus::Passed => "passed",
        }
    }
}

impl MatrixRow {
    /// Where the rule stands.
    pub fn status(&self) -> RuleStatus {
        if self.failed > 0 {
            RuleStatus::Failed
        } else if self.exercised == 0 {
            RuleStatus::NotCovered
        } else if self.flaky > 0 {
            RuleStatus::Flaky
        } else if self.expected_failures > 0 {
            RuleStatus::Expected
        } else {
            RuleStatus::Passed
        }
    }
}

/// The conformance matrix of a run: one [`MatrixRow`] per rule, sorted by rule id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// The rows, sorted by rule id, one per distinct rule of the run.
    pub rows: Vec<MatrixRow>,
}

impl Matrix {
    /// Builds the matrix of `report`.
    pub fn of(report: &RunReport) -> Matrix {
        let mut builder = MatrixBuilder::default();
        for case in &report.cases {
            builder.add(case);
        }
        builder.finish()
    }

    /// One matrix per suite of `report` (each from that suite's cases only), in order of the
    /// suite's first case.
    pub fn by_suite(report: &RunReport) -> Vec<(String, Matrix)> {
        let mut suites: Vec<(String, MatrixBuilder)> = Vec::new();
        for case in &report.cases {
            let index = match suites.iter().position(|(suite, _)| *suite == case.suite) {
                Some(index) => index,
                None => {
                    suites.push((case.suite.clone(), MatrixBuilder::default()));
                    suites.len() - 1
                }
            };
            suites[index].1.add(case);
        }
        suites
            .into_iter()
            .map(|(suite, builder)| (suite, builder.finish()))
            .collect()
    }

    /// The row of `rule`, if any case mentioned it.
    pub fn row(&self, rule: &str) -> Option<&MatrixRow> {
        self.rows
            .binary_search_by(|row| row.rule.as_str().cmp(rule))
            .ok()
            .map(|index| &self.rows[index])
    }

    /// The rows worst first (failed, not covered, flaky, expected, passed), by id within each.
    pub fn by_status(&self) -> Vec<&MatrixRow> {
        let mut rows: Vec<&MatrixRow> = self.rows.iter().collect();
        rows.sort_by_key(|row| row.status());
        rows
    }
}

/// Builds a [`Matrix`] one case at a time, so a reader of a long NDJSON file need not hold
/// every case: [`Matrix::of`] is `add` for each case of a report, then `finish`.
#[derive(Debug, Clone, Default)]
pub struct MatrixBuilder {
    rows: BTreeMap<String, MatrixRow>,
}

impl MatrixBuilder {
    /// Counts one case, in report order.
    pub fn add(&mut self, case: &CaseRecord) {
        let failed: BTreeSet<&str> = case.findings.iter().map(|f| f.rule.as_str()).collect();
        for rule in rules_of(case) {
            if !self.rows.contains_key(rule) {
                self.rows.insert(
                    rule.to_owned(),
                    MatrixRow {
                        rule: rule.to_owned(),
                        ..MatrixRow::default()
                    },
                );
            }
            let Some(row) = self.rows.get_mut(rule) else {
                continue;
            };
            let has_finding = failed.contains(rule);
            match &case.outcome {
                Outcome::NotCovered { .. }
                | Outcome::NotApplicable { .. }
                | Outcome::NotRun { .. } => {
                    row.not_covered += 1;
                    continue;
                }
                _ if !has_finding => row.passed += 1,
                Outcome::Failed | Outcome::UnexpectedPass { .. } => row.failed += 1,
                Outcome::ExpectedFailure { .. } => row.expected_failures += 1,
                Outcome::Flaky { .. } => row.flaky += 1,
                Outcome::Passed => row.passed += 1,
            }
            row.exercised += 1;
            if has_finding
                && (row.first_failure.is_none() || (case.outcome.is_failure() && row.failed == 1))
            {
                row.first_failure = Some(case.name.clone());
            }
        }
    }

    /// The matrix of every case added.
    pub fn finish(self) -> Matrix {
        Matrix {
            rows: self.rows.into_values().collect(),
        }
    }
}

/// The distinct rules a case mentions, in its `rules` or its findings.
fn rules_of(case: &CaseRecord) -> BTreeSet<&str> {
    case.rules
        .iter()
        .map(String::as_str)
        .chain(case.findings.iter().map(|f| f.rule.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, report};

    const TYPE: &str = "/$defs/User/properties/locale:type";
    const ROTATION: &str = "semantic:token.rotation";
    const REQUIRED: &str = "/$defs/Session:required";

    fn sample() -> RunReport {
        report(vec![
            case(
                "signup::roundtrip::case_0000",
                Outcome::Passed,
                &[TYPE, REQUIRED],
                &[],
            ),
            case(
                "signup::roundtrip::case_0001",
                Outcome::Failed,
                &[TYPE, REQUIRED],
                &[(TYPE, "/user/locale", "expected string")],
            ),
            case(
                "signup::roundtrip::case_0002",
                Outcome::Failed,
                &[TYPE],
                &[
                    (TYPE, "/user/locale", "expected string"),
                    (TYPE, "/user/locale", "again"),
                ],
            ),
            case(
                "token::rotation::case_0000",
                Outcome::ExpectedFailure {
                    reason: "known".into(),
                },
                &[],
                &[(ROTATION, "/refreshToken", "not rotated")],
            ),
            case(
                "token::rotation::case_0001",
                Outcome::NotCovered {
                    reason: "rate limited".into(),
                },
                &[ROTATION],
                &[],
            ),
        ])
    }

    #[test]
    fn rows_are_sorted_and_distinct() {
        let matrix = Matrix::of(&sample());
        let rules: Vec<&str> = matrix.rows.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules, vec![REQUIRED, TYPE, ROTATION]);
    }

    #[test]
    fn counts_exercised_passed_failed_per_rule() {
        let matrix = Matrix::of(&sample());
        let ty = matrix.row(TYPE).expect("type row");
        assert_eq!(
            (
                ty.exercised,
                ty.passed,
                ty.failed,
                ty.expected_failures,
                ty.not_covered
            ),
            (3, 1, 2, 0, 0),
            "a case with two findings for one rule counts once"
        );
        assert_eq!(
            ty.first_failure.as_deref(),
            Some("signup::roundtrip::case_0001")
        );

        let required = matrix.row(REQUIRED).expect("required row");
        assert_eq!(
            (required.exercised, required.passed, required.failed),
            (2, 2, 0),
            "a failed case passes the rules it has no finding for"
        );
        assert_eq!(required.first_failure, None);
    }

    #[test]
    fn finding_rule_counts_as_exercised_and_not_covered_does_not() {
        let matrix = Matrix::of(&sample());
        let rotation = matrix.row(ROTATION).expect("rotation row");
        assert_eq!(
            (
                rotation.exercised,
                rotation.passed,
                rotation.failed,
                rotation.expected_failures,
                rotation.not_covered
            ),
            (1, 0, 0, 1, 1),
            "an expected failure is not counted as failed"
        );
        assert_eq!(rotation.status(), RuleStatus::Expected);
        let ty = matrix.row(TYPE).expect("type row");
        assert_eq!(ty.status(), RuleStatus::Failed);
        let order: Vec<&str> = matrix.by_status().iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(order, vec![TYPE, ROTATION, REQUIRED]);
        assert_eq!(
            rotation.first_failure.as_deref(),
            Some("token::rotation::case_0000")
        );
    }

    #[test]
    fn unknown_rule_has_no_row() {
        assert_eq!(Matrix::of(&sample()).row("nope"), None);
        assert!(Matrix::of(&report(vec![])).rows.is_empty());
    }
}
