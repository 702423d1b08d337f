//! A seeded lifecycle failure shrinks to a short sequence, reported as numbered steps.

use reference_server::{Fault, Profile};
use reports::Outcome;

use crate::common::{embedded, run};

#[test]
fn a_lifecycle_failure_shrinks_to_a_few_steps() {
    let mut config = embedded(
        Profile::Published,
        "published",
        &[Fault::NoRefreshRotation],
        8,
    );
    config.suites = vec!["lifecycle".to_owned()];
    config.shrink_steps = 400;
    let (_s, records) = run(config);
    let failing: Vec<_> = records
        .iter()
        .filter(|r| r.property == "sequences" && r.outcome == Outcome::Failed)
        .collect();
    assert!(
        !failing.is_empty(),
        "a refresh that does not rotate must be caught by a sequence"
    );
    for case in failing {
        let steps = case
            .minimal_input
            .as_ref()
            .and_then(|v| v.as_array())
            .expect("the minimal input is the list of steps");
        assert!(
            steps.len() <= 4,
            "{} shrank to {} steps: {steps:?}",
            case.name,
            steps.len()
        );
        assert!(
            steps
                .iter()
                .any(|s| s.as_str().is_some_and(|s| s.contains("Refresh"))),
            "{steps:?}"
        );
        assert!(
            steps[0].as_str().is_some_and(|s| s.starts_with("1. ")),
            "numbered: {steps:?}"
        );
        assert!(
            case.findings.iter().any(|f| f.rule == "lifecycle:model"),
            "{:?}",
            case.findings
        );
    }
}
