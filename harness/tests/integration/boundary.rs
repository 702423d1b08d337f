//! The boundary phase and the faults only it finds reliably: every boundary case is listed by
//! name and planned first; the clean server passes it in both profiles; a server that answers
//! 500 for U+0000 in a stored field, or for a password over 72 UTF-8 bytes, is caught at every
//! seed from 1 to 10 at the default case count; a server that accepts unknown sign-out keys is
//! not flagged.

use harness::config::RunConfig;
use harness::runner::list_plan;
use reference_server::{Fault, Profile};
use results::Outcome;

use crate::common::{describe, embedded, failed, run};

/// A run of `suites` at the default case count with `seed`.
fn config(profile: Profile, faults: &[Fault], suites: &[&str], seed: u64) -> RunConfig {
    RunConfig {
        suites: suites.iter().map(|s| (*s).to_owned()).collect(),
        seed: results::RunSeed(seed),
        shrink_steps: 0,
        ..embedded(profile, profile.name(), faults, RunConfig::default().cases)
    }
}

#[test]
fn boundary_cases_are_listed_by_name_and_planned_first() {
    let all = list_plan(&RunConfig {
        cases: 1,
        ..RunConfig::default()
    })
    .expect("the plan lists");
    let n = generators::requests::boundary_inputs().len();
    assert!(n > 100, "{n} boundary inputs");
    for (i, case) in all.iter().take(n).enumerate() {
        assert_eq!(
            case.name.to_string(),
            format!("boundary::requests::case_{:04}", i + 1)
        );
    }
    assert_ne!(all[n].name.suite(), "boundary", "{}", all[n].name);
    assert_eq!(
        all.iter().filter(|c| c.name.suite() == "boundary").count(),
        n,
        "every boundary input runs even at one case per property"
    );
}

#[test]
fn the_clean_server_passes_the_boundary_phase_and_open_sign_out_is_not_flagged() {
    for profile in Profile::all().iter().copied() {
        let (_s, records) = run(config(
            profile,
            &[],
            &["boundary", "negative", "signout"],
            7,
        ));
        let failures = failed(&records);
        assert!(failures.is_empty(), "{profile}:\n{}", describe(&failures));
        let boundary: Vec<_> = records.iter().filter(|r| r.suite == "boundary").collect();
        assert!(
            boundary.iter().all(|r| r.outcome == Outcome::Passed),
            "{profile}"
        );
        // The sign-out with an unknown key was sent, and the server's 200 passed.
        let open = boundary
            .iter()
            .flat_map(|r| r.exchanges.iter())
            .find(|x| {
                x.operation == "sign_out"
                    && x.request_body
                        .as_deref()
                        .is_some_and(|b| b.contains("x-unknown-key"))
            })
            .expect("an unknown-key sign-out was sent");
        assert_eq!(open.status, Some(200));
    }
}

fn caught_at_every_seed(fault: Fault, suites: &[&str]) {
    let mut missed = Vec::new();
    for seed in 1..=10 {
        let (_s, records) = run(config(Profile::Published, &[fault], suites, seed));
        let hits: Vec<_> = failed(&records)
            .into_iter()
            .filter(|r| r.findings.iter().any(|f| f.rule == "http:no-server-error"))
            .collect();
        if hits.is_empty() {
            missed.push(seed);
        }
    }
    assert!(
        missed.is_empty(),
        "{} missed at seeds {missed:?}",
        fault.name()
    );
}

#[test]
fn nul_in_a_stored_field_answering_500_is_caught_at_every_seed() {
    caught_at_every_seed(Fault::NulInStoredField500, &["boundary", "signup"]);
}

#[test]
fn a_long_password_answering_500_is_caught_at_every_seed() {
    caught_at_every_seed(Fault::LongPassword500, &["boundary", "signup"]);
}

#[test]
fn a_failing_boundary_case_names_its_boundary() {
    let (_s, records) = run(config(
        Profile::Published,
        &[Fault::LongPassword500],
        &["boundary"],
        1,
    ));
    let failures = failed(&records);
    let named = failures.iter().find_map(|r| {
        let b = r.minimal_input.as_ref()?.get("boundary")?.clone();
        (r.name.starts_with("boundary::requests::case_")).then_some(b)
    });
    let b = named.expect("a failing boundary case with its boundary in the minimal input");
    // e.g. {"field":"password","measure":"chars","at":"limit-1","limit":50,"char_width":2,…}
    assert_eq!(b["field"], "password", "{b}");
    for key in ["measure", "at", "limit", "char_width", "source"] {
        assert!(b.get(key).is_some(), "{key} in {b}");
    }
}

#[test]
fn bcrypt_truncation_is_caught_by_the_boundary_phase_alone() {
    let (_s, records) = run(config(
        Profile::Deployed,
        &[Fault::BcryptTruncation],
        &["boundary"],
        1,
    ));
    let rules: Vec<&str> = failed(&records)
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.rule.as_str()))
        .collect();
    assert!(rules.contains(&"boundary:password-exact"), "{rules:?}");
}
