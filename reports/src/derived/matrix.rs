//! The conformance matrix: one row per contract rule with how the run's cases fared against it.
//! The main type is [`Matrix`].
//!
//! A case *exercised* rule R when R is in its `rules` or in one of its findings (a not-covered
//! case did not exercise the rules it lists, unless it has a finding for them); it *failed* R
//! when one of its findings has rule R. Each case counts at most once per rule.

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
    /// Cases with a finding for the rule (expected failures included).
    pub failed: usize,
    /// Of `failed`, the cases whose failure was expected.
    pub expected_failures: usize,
    /// Not-covered cases that listed the rule but could not exercise it.
    pub not_covered: usize,
    /// Name of the first case (in report order) with a finding for the rule.
    pub first_failure: Option<String>,
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
        let mut rows: BTreeMap<&str, MatrixRow> = BTreeMap::new();
        for case in &report.cases {
            let failed: BTreeSet<&str> = case.findings.iter().map(|f| f.rule.as_str()).collect();
            for rule in rules_of(case) {
                let row = rows.entry(rule).or_insert_with(|| MatrixRow {
                    rule: rule.to_owned(),
                    ..MatrixRow::default()
                });
                let not_covered = matches!(case.outcome, Outcome::NotCovered { .. });
                if failed.contains(rule) {
                    row.exercised += 1;
                    row.failed += 1;
                    if matches!(case.outcome, Outcome::ExpectedFailure { .. }) {
                        row.expected_failures += 1;
                    }
                    if row.first_failure.is_none() {
                        row.first_failure = Some(case.name.clone());
                    }
                } else if not_covered {
                    row.not_covered += 1;
                } else {
                    row.exercised += 1;
                    row.passed += 1;
                }
            }
        }
        Matrix {
            rows: rows.into_values().collect(),
        }
    }

    /// The row of `rule`, if any case mentioned it.
    pub fn row(&self, rule: &str) -> Option<&MatrixRow> {
        self.rows
            .binary_search_by(|row| row.rule.as_str().cmp(rule))
            .ok()
            .map(|index| &self.rows[index])
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
            (1, 0, 1, 1, 1)
        );
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
