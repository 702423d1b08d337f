//! Findings of a run grouped by rule id. The main type is [`RuleFindings`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Outcome, RunReport};

/// One finding, with the case it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingEntry {
    /// Full name of the case.
    pub case: String,
    /// JSON pointer to the offending value.
    pub pointer: String,
    /// The finding's message.
    pub message: String,
    /// Whether the case's failure was expected (an expected failure).
    pub expected: bool,
}

/// All findings of one rule, in report order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleFindings {
    /// The rule id.
    pub rule: String,
    /// The findings for that rule, in report order.
    pub findings: Vec<FindingEntry>,
}

/// Groups every finding of `report` by rule, sorted by rule id; within a rule, findings keep
/// report order.
pub fn findings_by_rule(report: &RunReport) -> Vec<RuleFindings> {
    let mut groups: BTreeMap<&str, Vec<FindingEntry>> = BTreeMap::new();
    for case in &report.cases {
        let expected = matches!(case.outcome, Outcome::ExpectedFailure { .. });
        for finding in &case.findings {
            groups.entry(&finding.rule).or_default().push(FindingEntry {
                case: case.name.clone(),
                pointer: finding.pointer.clone(),
                message: finding.message.clone(),
                expected,
            });
        }
    }
    groups
        .into_iter()
        .map(|(rule, findings)| RuleFindings {
            rule: rule.to_owned(),
            findings,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, report};

    #[test]
    fn groups_by_rule_sorted_keeping_report_order() {
        let run = report(vec![
            case(
                "a::p::case_0000",
                Outcome::Failed,
                &[],
                &[("z", "/1", "m1"), ("a", "/2", "m2")],
            ),
            case("a::p::case_0001", Outcome::Passed, &["z"], &[]),
            case(
                "a::p::case_0002",
                Outcome::ExpectedFailure { reason: "r".into() },
                &[],
                &[("z", "/3", "m3")],
            ),
        ]);
        let groups = findings_by_rule(&run);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].rule, "a");
        assert_eq!(groups[0].findings.len(), 1);
        assert_eq!(groups[1].rule, "z");
        let z: Vec<(&str, &str, &str, bool)> = groups[1]
            .findings
            .iter()
            .map(|f| {
                (
                    f.case.as_str(),
                    f.pointer.as_str(),
                    f.message.as_str(),
                    f.expected,
                )
            })
            .collect();
        assert_eq!(
            z,
            vec![
                ("a::p::case_0000", "/1", "m1", false),
                ("a::p::case_0002", "/3", "m3", true)
            ]
        );
    }

    #[test]
    fn no_findings_no_groups() {
        let run = report(vec![case("a::p::case_0000", Outcome::Passed, &["r"], &[])]);
        assert!(findings_by_rule(&run).is_empty());
    }
}
