//! Case counts per outcome, for the run and per suite. The main type is [`Totals`].

use serde::{Deserialize, Serialize};

use crate::model::{Outcome, RunReport};

/// How many cases ended in each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Cases whose checks all held.
    pub passed: usize,
    /// Cases that failed without an expectation.
    pub failed: usize,
    /// Cases that failed as the expectations file said.
    pub expected_failures: usize,
    /// Cases expected to fail that passed (the expectation is stale).
    pub unexpected_passes: usize,
    /// Cases that could not exercise their rules.
    pub not_covered: usize,
    /// Cases the run's client cannot express (e.g. a raw body through an SDK).
    #[serde(default)]
    pub not_applicable: usize,
    /// Cases that failed once and passed when re-run.
    #[serde(default)]
    pub flaky: usize,
    /// Cases planned but never finished (interrupt, deadline, target gone).
    #[serde(default)]
    pub not_run: usize,
    /// All cases.
    pub total: usize,
}

impl Totals {
    /// Counts the outcomes of every case in `report`.
    pub fn of(report: &RunReport) -> Totals {
        let mut totals = Totals::default();
        for case in &report.cases {
            totals.add(&case.outcome);
        }
        totals
    }

    /// Counts one more case with `outcome`.
    pub fn add(&mut self, outcome: &Outcome) {
        self.total += 1;
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::ExpectedFailure { .. } => self.expected_failures += 1,
            Outcome::UnexpectedPass { .. } => self.unexpected_passes += 1,
            Outcome::NotCovered { .. } => self.not_covered += 1,
            Outcome::NotApplicable { .. } => self.not_applicable += 1,
            Outcome::Flaky { .. } => self.flaky += 1,
            Outcome::NotRun { .. } => self.not_run += 1,
        }
    }

    /// Whether the run succeeds: no failures and no unexpected passes.
    pub fn is_success(&self) -> bool {
        self.failed == 0 && self.unexpected_passes == 0
    }
}

/// The totals of one suite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuiteTotals {
    /// The suite name (`signup`).
    pub suite: String,
    /// Its cases' outcomes.
    pub totals: Totals,
}

impl SuiteTotals {
    /// The totals of every suite of `report`, in order of first appearance; they add up to
    /// [`Totals::of`] the report.
    pub fn of(report: &RunReport) -> Vec<SuiteTotals> {
        let mut suites: Vec<SuiteTotals> = Vec::new();
        for case in &report.cases {
            let index = match suites.iter().position(|s| s.suite == case.suite) {
                Some(index) => index,
                None => {
                    suites.push(SuiteTotals {
                        suite: case.suite.clone(),
                        totals: Totals::default(),
                    });
                    suites.len() - 1
                }
            };
            suites[index].totals.add(&case.outcome);
        }
        suites
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, report};

    #[test]
    fn counts_each_outcome_once() {
        let report = report(vec![
            case("a::p::case_0000", Outcome::Passed, &[], &[]),
            case("a::p::case_0001", Outcome::Passed, &[], &[]),
            case("a::p::case_0002", Outcome::Failed, &[], &[]),
            case(
                "a::p::case_0003",
                Outcome::ExpectedFailure { reason: "r".into() },
                &[],
                &[],
            ),
            case(
                "a::p::case_0004",
                Outcome::UnexpectedPass { reason: "r".into() },
                &[],
                &[],
            ),
            case(
                "a::p::case_0005",
                Outcome::NotCovered { reason: "r".into() },
                &[],
                &[],
            ),
            case(
                "a::p::case_0006",
                Outcome::NotCovered { reason: "r".into() },
                &[],
                &[],
            ),
            case(
                "a::p::case_0007",
                Outcome::NotApplicable { reason: "r".into() },
                &[],
                &[],
            ),
        ]);
        let totals = Totals::of(&report);
        assert_eq!(
            totals,
            Totals {
                passed: 2,
                failed: 1,
                expected_failures: 1,
                unexpected_passes: 1,
                not_covered: 2,
                not_applicable: 1,
                flaky: 0,
                not_run: 0,
                total: 8
            }
        );
        assert!(!totals.is_success());
    }

    #[test]
    fn success_ignores_expected_failures_and_not_covered() {
        let run = report(vec![
            case("a::p::case_0000", Outcome::Passed, &[], &[]),
            case(
                "a::p::case_0001",
                Outcome::ExpectedFailure { reason: "r".into() },
                &[],
                &[],
            ),
            case(
                "a::p::case_0002",
                Outcome::NotCovered { reason: "r".into() },
                &[],
                &[],
            ),
        ]);
        assert!(Totals::of(&run).is_success());
        let failing = report(vec![case(
            "a::p::case_0000",
            Outcome::UnexpectedPass { reason: "r".into() },
            &[],
            &[],
        )]);
        assert!(!Totals::of(&failing).is_success());
    }

    #[test]
    fn suite_totals_add_up_to_the_run_totals() {
        let run = report(vec![
            case("b::p::case_0000", Outcome::Passed, &[], &[]),
            case("a::p::case_0000", Outcome::Failed, &[], &[]),
            case("b::p::case_0001", Outcome::Failed, &[], &[]),
        ]);
        let suites = SuiteTotals::of(&run);
        let names: Vec<&str> = suites.iter().map(|s| s.suite.as_str()).collect();
        assert_eq!(names, vec!["b", "a"]);
        assert_eq!((suites[0].totals.passed, suites[0].totals.failed), (1, 1));
        let mut sum = Totals::default();
        for s in &suites {
            sum.passed += s.totals.passed;
            sum.failed += s.totals.failed;
            sum.total += s.totals.total;
        }
        let all = Totals::of(&run);
        assert_eq!(
            (sum.passed, sum.failed, sum.total),
            (all.passed, all.failed, all.total)
        );
    }

    #[test]
    fn empty_run_has_zero_totals_and_succeeds() {
        let totals = Totals::of(&report(vec![]));
        assert_eq!(totals, Totals::default());
        assert!(totals.is_success());
    }
}
