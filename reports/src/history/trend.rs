//! Rules across runs: [`History`], one [`RuleHistory`] per rule, each in one [`Trend`] group.
//!
//! A rule's *verdicts* are the runs where it was judged: *failed* (a case failed it) or
//! *passed* (cases exercised it and none failed it). Runs where it was not covered, not
//! mentioned, or failed only as expected are not verdicts, so a rule's trend is what its
//! verdicts did, oldest to newest:
//!
//! - **newly failing**: it passed, then failed from one run on, and still fails;
//! - **fixed**: it failed, then passed from one run on, and still passes;
//! - **flipping**: it went between failing and passing more than once, or was flaky (failed,
//!   then passed when re-run) in some run: flaky across runs;
//! - **still failing** and **passing**: every verdict the same;
//! - **not judged**: no verdict at all.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::derived::RuleStatus;

use super::run::RunSummary;

/// Which group a rule is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Passed, then failed from one run on, and still fails.
    NewlyFailing,
    /// Went between failing and passing more than once, or was flaky in a run.
    Flipping,
    /// Failed, then passed from one run on, and still passes.
    Fixed,
    /// Failed in every run that judged it.
    StillFailing,
    /// Passed in every run that judged it.
    Passing,
    /// No run judged it.
    NotJudged,
}

impl Trend {
    /// Every group, in the order pages show them.
    pub const ALL: [Trend; 6] = [
        Trend::NewlyFailing,
        Trend::Flipping,
        Trend::Fixed,
        Trend::StillFailing,
        Trend::Passing,
        Trend::NotJudged,
    ];

    /// The group's name (`newly failing`).
    pub fn label(self) -> &'static str {
        match self {
            Trend::NewlyFailing => "newly failing",
            Trend::Flipping => "flipping",
            Trend::Fixed => "fixed",
            Trend::StillFailing => "still failing",
            Trend::Passing => "passing",
            Trend::NotJudged => "not judged",
        }
    }
}

/// One rule across the runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleHistory {
    /// The rule id.
    pub rule: String,
    /// Its status in each run, oldest first (`None`: the run does not mention it).
    pub statuses: Vec<Option<RuleStatus>>,
    /// Its group.
    pub trend: Trend,
    /// The first run (index, oldest 0) that failed it.
    pub first_failing: Option<usize>,
    /// The last run that failed it.
    pub last_failing: Option<usize>,
    /// The last run that passed it.
    pub last_passing: Option<usize>,
    /// Where its current streak of one verdict began: the first run of the failing streak of a
    /// newly failing rule, the first passing run of a fixed one.
    pub streak_start: Option<usize>,
    /// How often its verdict changed between failing and passing.
    pub flips: usize,
}

/// Every rule of a set of runs, oldest run first.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The runs, oldest first.
    pub runs: Vec<RunSummary>,
    /// One entry per rule any run mentions, by group (in [`Trend::ALL`] order), then by id.
    pub rules: Vec<RuleHistory>,
}

impl History {
    /// The history of `runs`, which are sorted by their start time when every run has one
    /// (RFC 3339, compared as instants); otherwise they keep the order given.
    pub fn of(mut runs: Vec<RunSummary>) -> History {
        let times: Option<Vec<_>> = runs
            .iter()
            .map(|r| chrono::DateTime::parse_from_rfc3339(r.started_at()).ok())
            .collect();
        if let Some(times) = times {
            let mut order: Vec<usize> = (0..runs.len()).collect();
            order.sort_by_key(|&i| times[i]);
            let mut slots: Vec<Option<RunSummary>> = runs.into_iter().map(Some).collect();
            runs = order.into_iter().filter_map(|i| slots[i].take()).collect();
        }
        let ids: BTreeSet<&str> = runs
            .iter()
            .flat_map(|r| r.matrix.rows.iter().map(|row| row.rule.as_str()))
            .collect();
        let mut rules: Vec<RuleHistory> = ids
            .into_iter()
            .map(|id| rule_history(id, runs.iter().map(|r| r.status(id)).collect()))
            .collect();
        rules.sort_by(|a, b| a.trend.cmp(&b.trend).then_with(|| a.rule.cmp(&b.rule)));
        History { runs, rules }
    }

    /// Whether every run had a start time, so the runs are in time order.
    pub fn in_time_order(&self) -> bool {
        self.runs
            .iter()
            .all(|r| chrono::DateTime::parse_from_rfc3339(r.started_at()).is_ok())
    }

    /// The rules of group `trend`, by id.
    pub fn group(&self, trend: Trend) -> impl Iterator<Item = &RuleHistory> {
        self.rules.iter().filter(move |r| r.trend == trend)
    }

    /// The description of rule `id` from the newest run that carries one (`""` when none).
    pub fn description(&self, id: &str) -> &str {
        self.runs
            .iter()
            .rev()
            .find_map(|r| r.rules.get(id))
            .map_or("", |entry| entry.description.as_str())
    }
}

/// A verdict: `Some(true)` failed, `Some(false)` passed, `None` no verdict.
fn verdict(status: Option<RuleStatus>) -> Option<bool> {
    match status? {
        RuleStatus::Failed => Some(true),
        RuleStatus::Passed | RuleStatus::Flaky => Some(false),
        RuleStatus::NotCovered | RuleStatus::Expected => None,
    }
}

fn rule_history(rule: &str, statuses: Vec<Option<RuleStatus>>) -> RuleHistory {
    let verdicts: Vec<(usize, bool)> = statuses
        .iter()
        .enumerate()
        .filter_map(|(i, s)| verdict(*s).map(|failed| (i, failed)))
        .collect();
    let flips = verdicts.windows(2).filter(|w| w[0].1 != w[1].1).count();
    let flaky = statuses.contains(&Some(RuleStatus::Flaky));
    let last_change = verdicts
        .windows(2)
        .rposition(|w| w[0].1 != w[1].1)
        .map(|i| verdicts[i + 1].0);
    let latest_failed = verdicts.last().map(|v| v.1);
    let trend = match (latest_failed, flips) {
        (None, _) => Trend::NotJudged,
        _ if flaky || flips > 1 => Trend::Flipping,
        (Some(true), 0) => Trend::StillFailing,
        (Some(false), 0) => Trend::Passing,
        (Some(true), _) => Trend::NewlyFailing,
        (Some(false), _) => Trend::Fixed,
    };
    let runs_where = |failed: bool| verdicts.iter().filter(move |v| v.1 == failed).map(|v| v.0);
    RuleHistory {
        rule: rule.to_owned(),
        trend,
        first_failing: runs_where(true).next(),
        last_failing: runs_where(true).next_back(),
        last_passing: runs_where(false).next_back(),
        streak_start: last_change,
        flips,
        statuses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Option<RuleStatus> = Some(RuleStatus::Failed);
    const P: Option<RuleStatus> = Some(RuleStatus::Passed);
    const N: Option<RuleStatus> = Some(RuleStatus::NotCovered);
    const E: Option<RuleStatus> = Some(RuleStatus::Expected);
    const K: Option<RuleStatus> = Some(RuleStatus::Flaky);

    fn trend(
        statuses: &[Option<RuleStatus>],
    ) -> (Trend, Option<usize>, Option<usize>, Option<usize>) {
        let h = rule_history("r", statuses.to_vec());
        (h.trend, h.first_failing, h.last_passing, h.streak_start)
    }

    #[test]
    fn verdicts_decide_the_group() {
        assert_eq!(
            trend(&[P, P, F, N, F]),
            (Trend::NewlyFailing, Some(2), Some(1), Some(2))
        );
        assert_eq!(
            trend(&[F, F, P, None, P]),
            (Trend::Fixed, Some(0), Some(4), Some(2))
        );
        assert_eq!(trend(&[P, F, P, F, P]).0, Trend::Flipping);
        assert_eq!(trend(&[F, P, F]).0, Trend::Flipping);
        assert_eq!(trend(&[P, P, K, P]).0, Trend::Flipping, "flaky in one run");
        assert_eq!(
            trend(&[F, E, N, F]),
            (Trend::StillFailing, Some(0), None, None)
        );
        assert_eq!(trend(&[P, None, P]).0, Trend::Passing);
        assert_eq!(trend(&[N, None, E]).0, Trend::NotJudged);
        assert_eq!(trend(&[]).0, Trend::NotJudged);
    }
}
