//! Failed cases grouped by failure signature: the run's *unique failures*. The main type is
//! [`UniqueFailure`]; [`unique_failures`] builds them from a report.
//!
//! The runner re-runs and shrinks the first case of each signature and records the later ones
//! as the same failure ([`results::Investigation`]); a failed case without an investigation (a
//! report written before failures were grouped, a target error) is a unique failure of its own.

use std::collections::BTreeMap;

use crate::model::RunReport;

/// One failure signature and the cases that failed that way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueFailure {
    /// The signature's id (16 hex digits), or the case's name when it has none.
    pub signature: String,
    /// The signature in words (operation, status class, rules and pointers), or the case's
    /// failed rules when it has none.
    pub label: String,
    /// The case that stands for the failure (the one that was shrunk), when the report holds
    /// it; else the first case of the signature in report order.
    pub representative: String,
    /// Every failed case of the signature, the representative included, in report order.
    pub cases: Vec<String>,
    /// Why the representative's shrinking stopped short, if it did.
    pub unfinished: Option<String>,
}

/// The failed cases of `report` (failed or unexpectedly passed) grouped by signature, in order
/// of the first case of each in the report.
pub fn unique_failures(report: &RunReport) -> Vec<UniqueFailure> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, UniqueFailure> = BTreeMap::new();
    for case in report.cases.iter().filter(|c| c.outcome.is_failure()) {
        let (key, label) = match &case.investigation {
            Some(i) => (i.signature.clone(), i.label.clone()),
            None => {
                let mut rules: Vec<&str> = case.findings.iter().map(|f| f.rule.as_str()).collect();
                rules.dedup();
                (case.name.clone(), rules.join(", "))
            }
        };
        let representative = case
            .investigation
            .as_ref()
            .is_none_or(results::Investigation::is_representative);
        let group = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            UniqueFailure {
                signature: key,
                label,
                representative: case.name.clone(),
                cases: Vec::new(),
                unfinished: None,
            }
        });
        group.cases.push(case.name.clone());
        if representative {
            group.representative.clone_from(&case.name);
            group.unfinished = case
                .investigation
                .as_ref()
                .and_then(|i| i.unfinished.clone());
        }
    }
    order
        .into_iter()
        .filter_map(|key| groups.remove(&key))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, report};
    use results::{Investigation, Outcome};

    fn grouped(name: &str, signature: &str, same_as: Option<&str>) -> results::CaseRecord {
        let mut c = case(name, Outcome::Failed, &["r"], &[("r", "", "m")]);
        c.investigation = Some(Investigation {
            signature: signature.to_owned(),
            label: format!("sign_up 5xx: {signature}"),
            same_as: same_as.map(str::to_owned),
            unfinished: same_as.is_none().then(|| "budget".to_owned()),
            ..Investigation::default()
        });
        c
    }

    #[test]
    fn cases_of_one_signature_are_one_unique_failure_led_by_its_representative() {
        let r = report(vec![
            grouped("a::b::case_0002", "s1", Some("a::b::case_0003")),
            grouped("a::b::case_0003", "s1", None),
            case("a::c::case_0001", Outcome::Passed, &["r"], &[]),
            case(
                "a::c::case_0002",
                Outcome::Failed,
                &["x"],
                &[("x", "", "m"), ("x", "/a", "n")],
            ),
            grouped("a::d::case_0001", "s2", None),
        ]);
        let unique = unique_failures(&r);
        assert_eq!(unique.len(), 3);
        assert_eq!(unique[0].representative, "a::b::case_0003");
        assert_eq!(unique[0].cases, ["a::b::case_0002", "a::b::case_0003"]);
        assert_eq!(unique[0].unfinished.as_deref(), Some("budget"));
        assert_eq!(
            (unique[1].signature.as_str(), unique[1].label.as_str()),
            ("a::c::case_0002", "x")
        );
        assert_eq!(unique[2].label, "sign_up 5xx: s2");
    }
}
