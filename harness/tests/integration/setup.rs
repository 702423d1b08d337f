//! Setting up is judged too: a pool sign-in whose answer breaks the contract is a failed case of
//! the rule it breaks (`setup::pool::case_0001`), and the cases that needed a pool account are
//! not covered with a reason that names that case; the run exits 1, not 5.

use harness::runner::{Engine, EngineOptions, RerunStyle};
use reference_server::{Fault, Profile};
use results::{CaseRecord, Outcome};
use suites::setup::SETUP_CASE;

use crate::common::{describe, embedded, failed};

/// Runs a whole plan: its exit code and its records.
fn run(config: harness::config::RunConfig) -> (u8, Vec<CaseRecord>) {
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::CargoTest)).expect("the run starts");
    engine.execute(2).expect("the run executes");
    let outcome = engine.finish(&|_| true, true);
    (outcome.exit_code(), outcome.report.cases)
}

#[test]
fn a_bare_sign_in_session_fails_the_setup_case_at_every_seed() {
    for seed in 1..=10 {
        let config = harness::config::RunConfig {
            seed: results::RunSeed(seed),
            ..embedded(
                Profile::Published,
                "published",
                &[Fault::SigninSessionUnwrapped],
                2,
            )
        };
        let (exit, records) = run(config);
        assert_eq!(exit, 1, "seed {seed}: {}", describe(&failed(&records)));
        let setup = records
            .iter()
            .find(|r| r.name == SETUP_CASE)
            .unwrap_or_else(|| panic!("seed {seed}: no {SETUP_CASE} in the run"));
        assert_eq!(setup.outcome, Outcome::Failed, "seed {seed}");
        assert!(
            setup
                .findings
                .iter()
                .any(|f| f.rule == "session:wrapper" && f.message.contains("a bare session")),
            "seed {seed}: {:?}",
            setup.findings
        );
        let operations: Vec<&str> = setup
            .exchanges
            .iter()
            .map(|e| e.operation.as_str())
            .collect();
        assert_eq!(operations, ["sign_up", "sign_in"], "seed {seed}");
        for exchange in &setup.exchanges {
            let body = exchange.request_body.as_deref().unwrap_or_default();
            assert!(
                !body.contains("Pw-"),
                "seed {seed}: a pool password leaked: {body}"
            );
        }
        let pool_cases: Vec<&CaseRecord> = records
            .iter()
            .filter(|r| {
                matches!(&r.outcome, Outcome::NotCovered { reason } if reason.contains("no pool account"))
            })
            .collect();
        assert!(
            !pool_cases.is_empty(),
            "seed {seed}: no case needed the pool"
        );
        for case in pool_cases {
            let Outcome::NotCovered { reason } = &case.outcome else {
                unreachable!()
            };
            assert!(
                reason.contains(SETUP_CASE) && reason.contains("session:wrapper"),
                "seed {seed}: {} says {reason}",
                case.name
            );
        }
    }
}

#[test]
fn a_clean_set_up_adds_no_case() {
    let (exit, records) = run(embedded(Profile::Deployed, "deployed", &[], 1));
    assert_eq!(exit, 0, "{}", describe(&failed(&records)));
    assert!(records.iter().all(|r| r.suite != "setup"));
}

#[test]
fn a_set_up_that_still_fills_the_pool_is_failed_by_the_suites_not_twice() {
    // Every user lacks `defaultRole`: the pool's sign-ins break the contract, yet sign in.
    let (exit, records) = run(embedded(
        Profile::Published,
        "published",
        &[Fault::UserMissingDefaultRole],
        1,
    ));
    assert_eq!(exit, 1);
    assert!(records.iter().all(|r| r.suite != "setup"));
    assert!(records.iter().any(|r| r.suite == "signin"
        && r.outcome == Outcome::Failed
        && r.findings.iter().any(|f| f.rule == "/$defs/User:required")));
}
