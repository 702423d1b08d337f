//! The run-level facts both summaries show under their title, as data: why a run could not
//! start, stale expectations, the built-in expectation sets in force, the traffic, and the
//! contract's own self-check. The main function is [`run_facts`]; each format escapes the text.

use crate::model::RunReport;

/// One fact: a label, its text, and whether it is bad news (drawn as such).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fact {
    /// What the fact is about (`Could not start`, `Traffic`, …).
    pub label: &'static str,
    /// The fact, in one line (not escaped).
    pub text: String,
    /// Whether it is what made the run fail or not start.
    pub alarm: bool,
}

/// The run-level facts of `report`, in the order the summaries show them.
pub(crate) fn run_facts(report: &RunReport) -> Vec<Fact> {
    let info = &report.info;
    let mut facts = Vec::new();
    if let Some(reason) = &info.not_started {
        facts.push(Fact {
            label: "Could not start",
            text: reason.clone(),
            alarm: true,
        });
    }
    for label in &info.stale_expectations {
        facts.push(Fact {
            label: "Stale expectation",
            text: format!("{label} matched no failure in this run: remove it"),
            alarm: true,
        });
    }
    if !info.expectation_sets.is_empty() {
        facts.push(Fact {
            label: "Expectation sets",
            text: format!(
                "built-in sets in force: {}",
                info.expectation_sets.join(", ")
            ),
            alarm: false,
        });
    }
    if let Some(traffic) = &info.traffic {
        facts.push(Fact {
            label: "Traffic",
            text: traffic.to_string(),
            alarm: false,
        });
    }
    if let Some(check) = &info.contract_check {
        let text = match (check.failures.len(), &check.known) {
            (0, _) => format!(
                "the contract's {} example(s) validate against their own subschemas",
                check.examples_checked
            ),
            (n, known) => {
                let which: Vec<&str> = check.failures.iter().map(|f| f.pointer.as_str()).collect();
                let known = known
                    .as_deref()
                    .map_or_else(String::new, |k| format!(" (known: {k})"));
                format!(
                    "{n} of the contract's {} example(s) do not validate against their own subschema: {}{known}; information only, the target cannot change it",
                    check.examples_checked,
                    which.join(", ")
                )
            }
        };
        facts.push(Fact {
            label: "Contract self-check",
            text,
            alarm: false,
        });
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::report;
    use results::{ContractCheck, Finding, Traffic};

    #[test]
    fn facts_say_why_and_what() {
        let mut run = report(Vec::new());
        assert!(run_facts(&run).is_empty());
        run.info.not_started = Some("target http://127.0.0.1:9 is unreachable".into());
        run.info.expectation_sets = vec!["nhost-js-v3".into()];
        run.info.traffic = Some(Traffic {
            sent: [("sign_up".to_owned(), 3)].into_iter().collect(),
            ..Traffic::default()
        });
        run.info.contract_check = Some(ContractCheck {
            examples_checked: 9,
            failures: vec![Finding {
                rule: "schema:examples-valid".into(),
                pointer: "/properties/x/examples/0".into(),
                message: "not a uuid".into(),
            }],
            known: Some("upstream bug".into()),
        });
        let facts = run_facts(&run);
        let labels: Vec<&str> = facts.iter().map(|f| f.label).collect();
        assert_eq!(
            labels,
            [
                "Could not start",
                "Expectation sets",
                "Traffic",
                "Contract self-check"
            ]
        );
        assert!(facts[0].alarm && !facts[1].alarm);
        assert!(facts[2].text.starts_with("3 request(s) sent"));
        assert!(
            facts[3].text.contains("/properties/x/examples/0")
                && facts[3].text.contains("upstream bug")
        );
    }
}
