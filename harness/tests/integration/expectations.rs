//! Expected deviations: the published contract against the deployed profile passes with the
//! built-in `published-vs-deployed` set switched on, and removing any one entry makes it fail.

use harness::config::{Expectation, ExpectationSet};
use reference_server::Profile;
use results::Outcome;

use crate::common::{describe, embedded, failed, run};

fn shipped() -> Vec<Expectation> {
    ExpectationSet::named("published-vs-deployed")
        .expect("the set ships with the binary")
        .entries()
}

/// A run with exactly these entries (the set itself stays off: it is what they replace).
fn run_with(expectations: Vec<Expectation>) -> Vec<results::CaseRecord> {
    let mut config = embedded(Profile::Deployed, "published", &[], 2);
    config.expectations = expectations;
    run(config).1
}

#[test]
fn published_contract_against_deployed_profile_passes_with_the_set_switched_on() {
    let mut config = embedded(Profile::Deployed, "published", &[], 2);
    config
        .expectation_sets
        .insert("published-vs-deployed".to_owned());
    let records = run(config).1;
    let failures = failed(&records);
    assert!(
        failures.is_empty(),
        "unexpected failures:\n{}",
        describe(&failures)
    );
    assert!(
        records
            .iter()
            .any(|r| matches!(r.outcome, Outcome::ExpectedFailure { .. })),
        "the differences must show as expected failures"
    );
}

#[test]
fn removing_any_entry_makes_it_fail() {
    let all = shipped();
    for removed in 0..all.len() {
        let mut fewer = all.clone();
        let gone = fewer.remove(removed);
        let records = run_with(fewer);
        assert!(
            records.iter().any(|r| r.outcome == Outcome::Failed
                && r.findings
                    .iter()
                    .any(|f| Some(&f.rule) == gone.rule.as_ref())),
            "without {} the run must fail on that rule",
            gone.label()
        );
    }
}
