//! Forged bearer tokens and session consistency: every forged-token kind is sent to every
//! protected endpoint and refused by the clean server, in HS256 and RS256; a server that accepts
//! an expired, unsigned or wrongly keyed token is caught by the kind's rule; a refreshed user
//! that disagrees with `GET /user` is caught.

use harness::config::RunConfig;
use harness::runner::{Engine, EngineOptions, RerunStyle};
use reference_server::{Fault, JwtConfig, Profile, ServerConfig};
use results::{CaseRecord, Outcome};

use crate::common::{describe, embedded, failed};

fn run_with(jwt: JwtConfig, faults: &[Fault], suites: &[&str]) -> Vec<CaseRecord> {
    let config = RunConfig {
        suites: suites.iter().map(|s| (*s).to_owned()).collect(),
        shrink_steps: 0,
        ..embedded(
            Profile::Deployed,
            "deployed",
            faults,
            RunConfig::default().cases,
        )
    };
    let server = ServerConfig {
        jwt,
        ..ServerConfig::for_tests()
    };
    let options = EngineOptions {
        server: Some(server),
        ..EngineOptions::quiet(RerunStyle::CargoTest)
    };
    let engine = Engine::start(config, options).expect("the run starts");
    engine.execute(2).expect("the run executes");
    engine.finish(&|_| true, true).report.cases
}

fn forged(records: &[CaseRecord]) -> Vec<&CaseRecord> {
    records
        .iter()
        .filter(|r| r.suite == "jwt" && r.property == "forged_tokens")
        .collect()
}

/// Requests to protected endpoints that were refused (a passing case keeps its exchanges, not
/// its input).
fn refused_sends(records: &[&CaseRecord]) -> usize {
    records
        .iter()
        .flat_map(|r| r.exchanges.iter())
        .filter(|x| {
            (x.operation == "get_user" || x.operation == "sign_out")
                && matches!(x.status, Some(400 | 401))
        })
        .count()
}

#[test]
fn every_forged_kind_is_sent_and_refused_by_the_clean_server() {
    let hs = run_with(JwtConfig::test_hs256(), &[], &["jwt", "user"]);
    assert!(failed(&hs).is_empty(), "{}", describe(&failed(&hs)));
    let cases = forged(&hs);
    assert_eq!(cases.len(), 16, "8 kinds x 2 endpoints");
    let covered: Vec<&CaseRecord> = cases
        .iter()
        .copied()
        .filter(|r| r.outcome == Outcome::Passed)
        .collect();
    // HS256: every kind, algorithm confusion keyed with a foreign RSA public key (an HS256
    // target publishes none of its own).
    assert_eq!(
        covered.len(),
        16,
        "{:?}",
        cases.iter().map(|r| &r.outcome).collect::<Vec<_>>()
    );
    // Each refused (a correctly signed token of an unknown user may sign out "OK": nothing to
    // revoke, and the contract does not say otherwise).
    assert!(refused_sends(&covered) >= 15, "{}", refused_sends(&covered));

    let rs = run_with(JwtConfig::Rs256, &[], &["jwt", "user"]);
    assert!(failed(&rs).is_empty(), "{}", describe(&failed(&rs)));
    let cases = forged(&rs);
    let passed = cases
        .iter()
        .filter(|r| r.outcome == Outcome::Passed)
        .count();
    // RS256: the reference server signs with its published development key, which the harness
    // holds, so the four kinds that need a correctly signed token are sent too (a token signed
    // with a key the target's JWKS does not verify is never sent: see the unit test
    // `suites::jwt::tests::rs_forgeries_need_a_key_the_jwks_verifies`).
    assert_eq!(
        passed,
        16,
        "{:?}",
        cases.iter().map(|r| &r.outcome).collect::<Vec<_>>()
    );
}

fn rules_of(records: &[CaseRecord]) -> Vec<String> {
    failed(records)
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.rule.clone()))
        .collect()
}

/// The forgery kinds of the failed `jwt::forged_tokens` cases that failed `rule`.
fn forgeries_failing(records: &[CaseRecord], rule: &str) -> Vec<String> {
    forged(records)
        .into_iter()
        .filter(|r| r.outcome == Outcome::Failed && r.findings.iter().any(|f| f.rule == rule))
        .filter_map(|r| {
            r.minimal_input
                .as_ref()?
                .get("forgery")?
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

#[test]
fn servers_accepting_forged_tokens_fail_the_one_bad_token_rule_with_the_kind_named() {
    for (jwt, fault, kind) in [
        (
            JwtConfig::test_hs256(),
            Fault::ExpiredTokenAccepted,
            "expired",
        ),
        (JwtConfig::test_hs256(), Fault::AlgNoneAccepted, "alg-none"),
        (
            JwtConfig::test_hs256(),
            Fault::WrongKeyAccepted,
            "bad-signature",
        ),
        (JwtConfig::Rs256, Fault::AlgNoneAccepted, "alg-none"),
        (JwtConfig::Rs256, Fault::WrongKeyAccepted, "alg-confusion"),
    ] {
        let records = run_with(jwt.clone(), &[fault], &["jwt"]);
        let kinds = forgeries_failing(&records, "user:bad-token-refused");
        assert!(
            kinds.iter().any(|k| k == kind),
            "{} with {jwt:?}: {kinds:?} ({:?})",
            fault.name(),
            rules_of(&records)
        );
    }
}

#[test]
fn a_refreshed_user_that_disagrees_with_get_user_is_caught() {
    let rules = rules_of(&run_with(
        JwtConfig::test_hs256(),
        &[Fault::RefreshCreatedAtIsNow],
        &["user"],
    ));
    assert!(
        rules.iter().any(|r| r == "user:sessions-agree"),
        "{rules:?}"
    );
}
