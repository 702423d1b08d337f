//! The run's [`Verdict`]: what its reports say at the top, and what its exit code says.

use serde::{Deserialize, Serialize};

use super::totals::Totals;
use crate::model::RunReport;

/// How a run ended, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The run could not start (unreachable target, bad contract, refused write): nothing ran.
    NotStarted,
    /// A case failed, an expected failure passed, or an expectation is stale.
    Failed,
    /// Nothing failed, but cases were not covered or not run (and that was not allowed).
    Incomplete,
    /// Every case passed, failed as expected, or could not apply to the run's client.
    Passed,
}

impl Verdict {
    /// The verdict of a finished run.
    pub fn of(report: &RunReport) -> Self {
        let info = &report.info;
        if info.not_started.is_some() {
            return Verdict::NotStarted;
        }
        let totals = Totals::of(report);
        if !totals.is_success() || !info.stale_expectations.is_empty() {
            Verdict::Failed
        } else if totals.not_covered + totals.not_run > 0 && !info.allow_incomplete {
            Verdict::Incomplete
        } else {
            Verdict::Passed
        }
    }

    /// A short label: `passed`, `failed`, `incomplete`, `could not start`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::NotStarted => "could not start",
            Verdict::Failed => "failed",
            Verdict::Incomplete => "incomplete",
            Verdict::Passed => "passed",
        }
    }

    /// A CSS class / machine name: `not_started`, `failed`, `incomplete`, `passed`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::NotStarted => "not_started",
            Verdict::Failed => "failed",
            Verdict::Incomplete => "incomplete",
            Verdict::Passed => "passed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, report};

    #[test]
    fn the_worst_outcome_decides() {
        let passed = report(vec![case("a::p::case_0001", Outcome::Passed, &[], &[])]);
        assert_eq!(Verdict::of(&passed), Verdict::Passed);
        let not_covered = Outcome::NotCovered { reason: "r".into() };
        let mut gap = report(vec![case("a::p::case_0001", not_covered, &[], &[])]);
        assert_eq!(Verdict::of(&gap), Verdict::Incomplete);
        gap.info.allow_incomplete = true;
        assert_eq!(Verdict::of(&gap), Verdict::Passed);
        let mut stale = passed.clone();
        stale.info.stale_expectations.push("rule x".into());
        assert_eq!(Verdict::of(&stale), Verdict::Failed);
        let mut down = report(Vec::new());
        down.info.not_started = Some("unreachable".into());
        assert_eq!(Verdict::of(&down), Verdict::NotStarted);
    }
}
