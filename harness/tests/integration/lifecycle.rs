//! A seeded lifecycle failure shrinks to a short sequence, reported as numbered steps; the other
//! cases that fail the same way refer to it.

use reference_server::{Fault, Profile};
use results::Outcome;

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
    // Budgets that do not stop the shrinking: this test is about where it goes.
    config.shrink_steps = 400;
    config.shrink_requests = 100_000;
    config.shrink_run_requests = 1_000_000;
    config.shrink_sign_ups = 100_000;
    let (_s, records) = run(config);
    let failing: Vec<_> = records
        .iter()
        .filter(|r| r.property == "sequences" && r.outcome == Outcome::Failed)
        .collect();
    assert!(
        !failing.is_empty(),
        "a refresh that does not rotate must be caught by a sequence"
    );
    let (shrunk, same): (Vec<_>, Vec<_>) = failing.into_iter().partition(|r| {
        r.investigation
            .as_ref()
            .is_some_and(results::Investigation::is_representative)
    });
    assert!(!shrunk.is_empty(), "a representative was shrunk");
    for case in same {
        let i = case.investigation.as_ref().expect("a grouped failure");
        assert!(
            shrunk.iter().any(|s| Some(&s.name) == i.same_as.as_ref()),
            "{} refers to a shrunk case: {i:?}",
            case.name
        );
    }
    for case in shrunk {
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
