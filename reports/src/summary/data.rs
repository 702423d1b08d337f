//! What both summaries show, computed once from a run. The main type is [`SummaryData`].
//!
//! Both summaries put failures first: the failing rules (each with its description, how many
//! cases failed it, its distinct messages and one full example), then expectations that now
//! pass, then what was not covered, not run or flaky, then the expected failures, the per-suite
//! totals, and last the whole matrix, folded. Every count comes from [`Totals`] or the
//! [`Matrix`], so the sections agree with each other and with the totals line.

use std::collections::{BTreeSet, HashMap};

use crate::derived::{
    latency_by_operation, slowest_operations, LatencyRow, Matrix, MatrixRow, ReactionTable,
    RuleStatus, SlowOperation, SuiteTotals, Totals,
};
use crate::model::{CaseRecord, Outcome, RunReport};

use super::SummaryOptions;

/// The sections of a summary, ready to render.
pub(crate) struct SummaryData<'a> {
    /// The run.
    pub report: &'a RunReport,
    /// Case counts.
    pub totals: Totals,
    /// Case counts per suite, in order of first appearance.
    pub suites: Vec<SuiteTotals>,
    /// The conformance matrix, rows worst first (failed, not covered, flaky, expected, passed).
    pub rows: Vec<MatrixRow>,
    /// The rules some case failed, in matrix order (by id).
    pub failing: Vec<FailingRule<'a>>,
    /// Cases expected to fail that passed: stale expectations.
    pub unexpected_passes: Vec<&'a CaseRecord>,
    /// The slowest exchanges.
    pub slowest: Vec<SlowOperation>,
    /// The distribution of each operation's times, slowest median first.
    pub latency: Vec<LatencyRow>,
    /// Cases shown in detail: failures first, then any other case with findings.
    pub details: Vec<&'a CaseRecord>,
    /// Cases that qualified for details but were left out by the limit.
    pub hidden_details: usize,
    /// Not-covered, not-run and flaky cases, grouped by outcome and reason.
    pub skipped: Vec<SkipGroup>,
    /// Expected failures, grouped by reason.
    pub expected: Vec<SkipGroup>,
    /// How the SDKs reacted to served documents, per rule (empty without the `sdk` suite).
    pub reactions: ReactionTable,
}

/// A rule that at least one case failed (expected failures are not counted).
pub(crate) struct FailingRule<'a> {
    /// The rule id.
    pub rule: &'a str,
    /// Its one-line description from the catalogue (`""` when unknown).
    pub description: &'a str,
    /// Where the rule comes from (`""` when unknown).
    pub source: &'a str,
    /// The failed cases with a finding for the rule, in report order (as many as the matrix's
    /// failed column).
    pub cases: Vec<&'a CaseRecord>,
    /// The distinct (pointer, message) pairs of those findings, with how often each occurred,
    /// in order of first appearance.
    pub messages: Vec<Message<'a>>,
}

impl<'a> FailingRule<'a> {
    /// The first failed case: the one shown in full.
    pub fn example(&self) -> &'a CaseRecord {
        self.cases[0]
    }
}

/// One distinct finding message of a rule, and how many findings had it.
pub(crate) struct Message<'a> {
    /// The JSON pointer.
    pub pointer: &'a str,
    /// The message.
    pub message: &'a str,
    /// How many findings (across the rule's failed cases) had this pointer and message.
    pub count: usize,
}

/// Cases with the same skip outcome and reason.
pub(crate) struct SkipGroup {
    /// "expected failure", "not covered", "not applicable", "not run" or "flaky".
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
        let mut candidates: Vec<&CaseRecord> = report
            .cases
            .iter()
            .filter(|case| case.outcome.is_failure() || !case.findings.is_empty())
            .collect();
        // Failures first; a stable sort keeps report order within each kind.
        candidates.sort_by_key(|case| !case.outcome.is_failure());
        let mut details = Vec::new();
        let mut hidden_details = 0;
        for case in candidates {
            if details.len() < options.max_failures || first_failures.contains(case.name.as_str()) {
                details.push(case);
            } else {
                hidden_details += 1;
            }
        }
        let failing = matrix
            .rows
            .iter()
            .filter(|row| row.status() == RuleStatus::Failed)
            .map(|row| failing_rule(report, &row.rule))
            .collect();
        let (expected, skipped) = skip_groups(report)
            .into_iter()
            .partition(|group| group.label == "expected failure");
        Self {
            report,
            totals: Totals::of(report),
            suites: SuiteTotals::of(report),
            rows: matrix.by_status().into_iter().cloned().collect(),
            failing,
            unexpected_passes: report
                .cases
                .iter()
                .filter(|case| matches!(case.outcome, Outcome::UnexpectedPass { .. }))
                .collect(),
            slowest: slowest_operations(report, options.slowest),
            latency: latency_by_operation(report),
            details,
            hidden_details,
            skipped,
            expected,
            reactions: ReactionTable::of(report),
        }
    }

    /// How many rules passed in every case that exercised them.
    pub fn passing_rules(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.status() == RuleStatus::Passed)
            .count()
    }

    /// The rows with only expected failures.
    pub fn expected_rules(&self) -> impl Iterator<Item = &MatrixRow> {
        self.rows
            .iter()
            .filter(|row| row.status() == RuleStatus::Expected)
    }

    /// The description of rule `id` (`""` when the catalogue does not know it).
    pub fn description(&self, id: &str) -> &'a str {
        self.report.rule_description(id)
    }

    /// What a row of the reactions table stands for: the rule's description, or for `valid`,
    /// the documents the contract allows.
    pub fn reaction_description(&self, rule: &str) -> &'a str {
        if rule == results::Reaction::VALID {
            "sessions the contract allows: they should come through intact"
        } else {
            self.description(rule)
        }
    }
}

/// The failed cases of `rule` (those the matrix counts as failed) and their distinct messages.
/// `report` is borrowed for `'a` and `rule` only while building.
fn failing_rule<'a>(report: &'a RunReport, rule: &str) -> FailingRule<'a> {
    let entry = results::catalogue::find(&report.rules, rule);
    let mut cases = Vec::new();
    let mut messages: Vec<Message<'a>> = Vec::new();
    let mut rule_id: &'a str = "";
    for case in report.cases.iter().filter(|c| c.outcome.is_failure()) {
        let mut hit = false;
        for finding in case.findings.iter().filter(|f| f.rule == rule) {
            hit = true;
            rule_id = &finding.rule;
            match messages
                .iter_mut()
                .find(|m| m.pointer == finding.pointer && m.message == finding.message)
            {
                Some(message) => message.count += 1,
                None => messages.push(Message {
                    pointer: &finding.pointer,
                    message: &finding.message,
                    count: 1,
                }),
            }
        }
        if hit {
            cases.push(case);
        }
    }
    FailingRule {
        rule: rule_id,
        description: entry.map_or("", |e| e.description.as_str()),
        source: entry.map_or("", |e| e.source.as_str()),
        cases,
        messages,
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
            Outcome::NotApplicable { reason } => ("not applicable", reason.as_str()),
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
        Outcome::NotApplicable { .. } => "not applicable",
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
        let failing: Vec<(&str, usize, usize)> = data
            .failing
            .iter()
            .map(|r| (r.rule, r.cases.len(), r.messages.len()))
            .collect();
        assert_eq!(
            failing,
            vec![("r1", 2, 1), ("r2", 1, 1)],
            "messages are de-duplicated"
        );
        assert_eq!(data.failing[0].messages[0].count, 2);
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
            .chain(&data.expected)
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
