//! Expected deviations: the published contract against the deployed profile passes with the
//! shipped expectations file, and removing any one entry makes it fail.

use harness::config::{parse_expectations, Expectation};
use reference_server::Profile;
use reports::Outcome;

use crate::common::{describe, embedded, failed, published_examples, run};

fn shipped() -> Vec<Expectation> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../expectations/published-vs-deployed.toml"
    );
    parse_expectations(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn run_with(expectations: Vec<Expectation>) -> Vec<reports::CaseRecord> {
    let mut config = embedded(Profile::Deployed, "published", &[], 2);
    config.expectations = expectations;
    config.expectations.push(published_examples());
    run(config).1
}

#[test]
fn published_contract_against_deployed_profile_passes_with_the_expectations() {
    let records = run_with(shipped());
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
