//! Every suite passes against the reference server with the matching contract, and the
//! mismatched contract finds the documented differences.

use reference_server::Profile;
use results::Outcome;

use crate::common::{describe, embedded, failed, run};

fn passes_with_matching_contract(profile: Profile) {
    let (_session, records) = run(embedded(profile, profile.name(), &[], 3));
    let failures = failed(&records);
    assert!(
        failures.is_empty(),
        "{profile}: unexpected failures:\n{}",
        describe(&failures)
    );
    for outcome in records.iter().map(|r| &r.outcome) {
        assert!(
            matches!(outcome, Outcome::Passed | Outcome::ExpectedFailure { .. }),
            "{profile}: every case must run and pass, got {outcome:?}"
        );
    }
    for suite in suites::target_suites() {
        assert!(
            records
                .iter()
                .any(|r| r.suite == suite && r.outcome == Outcome::Passed),
            "{profile}: suite {suite} has no passing case"
        );
    }
}

#[test]
fn published_profile_conforms_to_the_published_contract() {
    passes_with_matching_contract(Profile::Published);
}

#[test]
fn deployed_profile_conforms_to_the_deployed_contract() {
    passes_with_matching_contract(Profile::Deployed);
}

#[test]
fn published_profile_against_deployed_contract_finds_roles_difference() {
    let (_s, records) = run(embedded(Profile::Published, "deployed", &[], 2));
    let failures = failed(&records);
    let user_shape = failures.iter().flat_map(|r| &r.findings).any(|f| {
        f.pointer.contains("/user")
            && (f.rule.ends_with(":required") || f.rule.ends_with(":additionalProperties"))
    });
    assert!(
        user_shape,
        "expected a roles/allowedRoles finding on the user:\n{}",
        describe(&failures)
    );
}

#[test]
fn deployed_profile_against_published_contract_finds_missing_allowed_roles() {
    let (_s, records) = run(embedded(Profile::Deployed, "published", &[], 2));
    let failures = failed(&records);
    let missing = failures
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.rule.ends_with(":required") && f.message.contains("allowedRoles"));
    assert!(
        missing,
        "expected a missing allowedRoles finding:\n{}",
        describe(&failures)
    );
}
