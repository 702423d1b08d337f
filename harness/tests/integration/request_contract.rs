//! Judged as the service documents itself: at every seed from 1 to 10 at the default
//! case count, the `deployed` profile passes the deployed contract with nothing left uncovered and
//! the `published` profile stays clean; a version-dependent answer is an observation, never a
//! failure; each fault of the request contract is caught at every seed; v0.42's 400 for a bad
//! bearer token is exactly what `expectations/deployed-v0.42.toml` expects.

use harness::config::{parse_expectations, Expectation, RunConfig};
use harness::runner::{Engine, EngineOptions, RerunStyle, RunOutcome};
use reference_server::{Fault, Profile};
use results::{CaseRecord, Outcome};

use crate::common::{describe, embedded, failed, run};

/// Seeds 1 to 10.
const SEEDS: std::ops::RangeInclusive<u64> = 1..=10;

/// A run of `suites` (every suite that judges the target when empty) against `profile` with its
/// own contract, at the default case count, with `seed`.
fn config(profile: Profile, faults: &[Fault], suites: &[&str], seed: u64) -> RunConfig {
    let mut config = embedded(profile, profile.name(), faults, RunConfig::default().cases);
    if !suites.is_empty() {
        config.suites = suites.iter().map(|s| (*s).to_owned()).collect();
    }
    config.seed = results::RunSeed(seed);
    config.shrink_steps = 0;
    config
}

fn observations<'a>(records: &'a [CaseRecord], rule: &str) -> Vec<&'a str> {
    records
        .iter()
        .flat_map(|r| &r.observations)
        .filter(|o| o.rule == rule)
        .map(|o| o.message.as_str())
        .collect()
}

fn clean_at_every_seed(profile: Profile) {
    for seed in SEEDS {
        let (_engine, records) = run(config(profile, &[], &[], seed));
        let failures = failed(&records);
        assert!(
            failures.is_empty(),
            "{profile} at seed {seed}:\n{}",
            describe(&failures)
        );
        let uncovered: Vec<String> = records
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome,
                    Outcome::NotCovered { .. } | Outcome::NotRun { .. }
                )
            })
            .map(|r| format!("{} {:?}", r.name, r.outcome))
            .collect();
        assert!(
            uncovered.is_empty(),
            "{profile} at seed {seed}: {uncovered:?}"
        );
        // The 3-character locale: v0.42 refuses it, newer versions keep it; either way the
        // answer is recorded, never failed.
        let seen = observations(&records, "boundary:version-dependent");
        let want = if profile == Profile::Deployed {
            "HTTP 400"
        } else {
            "HTTP 200"
        };
        assert!(
            !seen.is_empty() && seen.iter().all(|m| m.contains(want)),
            "{profile} at seed {seed}: {seen:?}"
        );
    }
}

#[test]
fn the_deployed_profile_passes_the_deployed_contract_at_every_seed_with_nothing_uncovered() {
    clean_at_every_seed(Profile::Deployed);
}

#[test]
fn the_published_profile_stays_clean_at_every_seed() {
    clean_at_every_seed(Profile::Published);
}

/// Asserts that `fault` makes a case of `suites` fail `rule` at every seed, at the default
/// settings (the published profile and contract); `case` picks the cases that count.
fn caught_at_every_seed(
    fault: Fault,
    suites: &[&str],
    rule: &str,
    case: impl Fn(&CaseRecord) -> bool,
) {
    let mut missed = Vec::new();
    for seed in SEEDS {
        let (_engine, records) = run(config(Profile::Published, &[fault], suites, seed));
        let hit = failed(&records)
            .into_iter()
            .any(|r| case(r) && r.findings.iter().any(|f| f.rule == rule));
        if !hit {
            missed.push(seed);
        }
    }
    assert!(
        missed.is_empty(),
        "{} missed ({rule}) at seeds {missed:?}",
        fault.name()
    );
}

/// The boundary named in a failing case's minimal input, as text.
fn boundary_of(r: &CaseRecord) -> String {
    r.minimal_input
        .as_ref()
        .map(|i| i.to_string())
        .unwrap_or_default()
}

#[test]
fn sign_out_all_null_accepted_is_caught_at_every_seed() {
    caught_at_every_seed(
        Fault::SignoutAllNullAccepted,
        &["boundary"],
        "boundary:invalid-refused",
        |r| {
            let b = boundary_of(r);
            b.contains("\"edge\":\"null\"") && b.contains("\"field\":\"all\"")
        },
    );
}

#[test]
fn a_500_for_a_nul_in_sign_up_metadata_is_caught_at_every_seed() {
    caught_at_every_seed(
        Fault::NulInStoredField500,
        &["boundary"],
        "http:no-server-error",
        |r| {
            let b = boundary_of(r);
            b.contains("\"field\":\"options.metadata\"") && b.contains("U+0000")
        },
    );
}

#[test]
fn a_500_for_a_password_over_72_bytes_is_caught_at_every_seed() {
    caught_at_every_seed(
        Fault::LongPassword500,
        &["boundary"],
        "http:no-server-error",
        |r| boundary_of(r).contains("\"field\":\"password\""),
    );
}

#[test]
fn an_empty_400_at_sign_up_is_caught_at_every_seed() {
    caught_at_every_seed(
        Fault::SignupEmpty400,
        &["boundary"],
        "http:json-body",
        |r| boundary_of(r).contains("\"endpoint\":\"signup\""),
    );
}

#[test]
fn a_sign_up_created_at_that_differs_from_get_user_is_caught_at_every_seed() {
    caught_at_every_seed(
        Fault::SignupCreatedAtDiffers,
        &["user"],
        "user:sessions-agree",
        |r| r.findings.iter().any(|f| f.pointer == "/createdAt"),
    );
}

#[test]
fn an_expired_bearer_accepted_on_get_user_is_caught_at_every_seed() {
    caught_at_every_seed(
        Fault::ExpiredTokenAccepted,
        &["jwt"],
        "user:bad-token-refused",
        |r| {
            let input = boundary_of(r);
            input.contains("\"forgery\":\"expired\"") && input.contains("\"/user\"")
        },
    );
}

fn deployed_v0_42() -> Vec<Expectation> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../expectations/deployed-v0.42.toml"
    );
    parse_expectations(&std::fs::read_to_string(path).expect("the file reads"))
        .expect("the file parses")
}

/// The whole outcome of a run (stale expectations included).
fn outcome(config: RunConfig) -> RunOutcome {
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::CargoTest)).expect("the run starts");
    engine.execute(2).expect("the run executes");
    engine.finish(&|_| true, true)
}

#[test]
fn v0_42_s_400_for_a_bad_bearer_is_exactly_what_its_expectation_file_expects() {
    let suites = ["user", "jwt"];
    let v042 = |expectations: Vec<Expectation>| {
        let mut c = config(Profile::Deployed, &[Fault::BadBearer400], &suites, 1);
        c.expectations.extend(expectations);
        outcome(c)
    };
    // Without the file: every bad bearer fails the one rule, and nothing else.
    let bare = v042(Vec::new());
    let failures = failed(&bare.report.cases);
    assert!(!failures.is_empty());
    for r in &failures {
        assert!(
            r.findings.iter().all(|f| f.rule == "user:needs-token"),
            "{}",
            describe(&[r])
        );
    }
    // With it: expected failures, and the run passes.
    let expected = v042(deployed_v0_42());
    assert!(
        !expected.failed(),
        "{}",
        describe(&failed(&expected.report.cases))
    );
    assert!(expected
        .report
        .cases
        .iter()
        .any(|r| matches!(r.outcome, Outcome::ExpectedFailure { .. })));
    // Against a server that answers 401 the entry is stale, and the run fails.
    let mut newer = config(Profile::Deployed, &[], &suites, 1);
    newer.expectations.extend(deployed_v0_42());
    let stale = outcome(newer);
    assert!(stale.failed() && !stale.stale.is_empty());
}
