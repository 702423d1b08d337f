//! The contract drift report: what the target sent, against the contract in force.

use std::collections::BTreeSet;

use harness::config::{parse_expectations, RunConfig};
use harness::runner::drift::expectations_toml;
use harness::runner::{Engine, EngineOptions, RerunStyle};
use reference_server::Profile;
use results::{Drift, DriftKind, Outcome};

use crate::common::{describe, embedded, failed};

/// Runs a whole plan: its exit code, its failed cases described, and its drift.
fn run(config: RunConfig) -> (u8, String, Drift) {
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::CargoTest)).expect("the run starts");
    engine.execute(2).expect("the run executes");
    let outcome = engine.finish(&|_| true, true);
    let failures = describe(&failed(&outcome.report.cases));
    let drift = outcome
        .report
        .drift
        .clone()
        .expect("the run observed answers");
    (outcome.exit_code(), failures, drift)
}

fn differences(drift: &Drift, response: &str) -> BTreeSet<(String, DriftKind)> {
    drift
        .differences
        .iter()
        .filter(|d| d.response == response)
        .map(|d| (d.path.clone(), d.kind))
        .collect()
}

/// The "Two contracts" table of the contract page, row by row, as drift of the deployed
/// service from the published contract, at `prefix` (`user.` inside a Session, none in GET
/// /user). The rows "user in Session" (required; always sent) and "unknown keys" (allowed;
/// none sent) are no difference.
fn documented(prefix: &str) -> BTreeSet<(String, DriftKind)> {
    use DriftKind::*;
    let user = |path: &str, kind| (format!("{prefix}{path}"), kind);
    BTreeSet::from([
        // role list on the user: `allowedRoles` (required) / `roles`, no `allowedRoles`
        user("allowedRoles", RequiredNeverSent),
        user("roles", NotInContract),
        // email: required / absent for anonymous users
        user("email", RequiredSometimesAbsent),
        // avatarUrl: optional, format uri / required, often ""
        user("avatarUrl", OptionalAlwaysSent),
        user("avatarUrl", WrongFormat),
        // createdAt: optional / required; updatedAt is never sent
        user("createdAt", OptionalAlwaysSent),
        user("updatedAt", NeverSent),
        // metadata: optional object / required key, null when never set
        user("metadata", OptionalAlwaysSent),
        user("metadata", WrongType),
        // phoneNumber: string | null / absent when unset
        user("phoneNumber", NeverSent),
        // phoneNumberVerified: optional / required
        user("phoneNumberVerified", OptionalAlwaysSent),
        // activeMfaType: "totp" or null / always present
        user("activeMfaType", OptionalAlwaysSent),
    ])
}

#[test]
fn the_deployed_service_drifts_from_the_published_contract_exactly_as_documented() {
    let (_, _, drift) = run(embedded(Profile::Deployed, "published", &[], 2));
    assert_eq!(drift.contract, "published");
    let mut session = documented("user.");
    // refreshTokenId: optional / required
    session.insert(("refreshTokenId".to_owned(), DriftKind::OptionalAlwaysSent));
    assert_eq!(differences(&drift, "Session"), session, "{drift:#?}");
    // GET /user refuses anonymous users (403 forbidden-anonymous), so every user it answers
    // has an email: the email row shows in sessions only.
    let mut user = documented("");
    user.remove(&("email".to_owned(), DriftKind::RequiredSometimesAbsent));
    assert_eq!(differences(&drift, "User"), user, "{drift:#?}");
    assert_eq!(differences(&drift, "error body"), BTreeSet::new());
    let responses: Vec<&str> = drift.shapes.iter().map(|s| s.response.as_str()).collect();
    assert_eq!(responses, ["Session", "User", "error body", "JWKS"]);
    let text = serde_json::to_string(&drift).unwrap();
    assert!(!text.contains("Pw-"), "a pool password in the drift");
    assert!(!text.contains("eyJ"), "an access token in the drift");
}

#[test]
fn the_deployed_service_has_no_drift_that_breaks_the_deployed_contract() {
    let (exit, failures, drift) = run(embedded(Profile::Deployed, "deployed", &[], 1));
    assert_eq!(exit, 0, "{failures}");
    let breaking: Vec<&str> = drift
        .differences
        .iter()
        .filter(|d| d.rule.is_some())
        .map(|d| d.message.as_str())
        .collect();
    assert!(breaking.is_empty(), "{breaking:?}");
}

#[test]
fn the_expectations_the_drift_writes_make_that_run_pass() {
    let config = || embedded(Profile::Deployed, "published", &[], 2);
    let (exit, _, drift) = run(config());
    assert_eq!(exit, 1, "the published contract fails the deployed service");
    let written = parse_expectations(&expectations_toml(&drift)).expect("the file reads back");
    let rules: BTreeSet<&str> = written.iter().filter_map(|e| e.rule.as_deref()).collect();
    // The same rules as the hand-written list of published-vs-deployed deviations.
    let shipped = std::fs::read_to_string(
        crate::common::workspace().join("expectations/published-vs-deployed.toml"),
    )
    .unwrap();
    let shipped = parse_expectations(&shipped).unwrap();
    let shipped: BTreeSet<&str> = shipped.iter().filter_map(|e| e.rule.as_deref()).collect();
    assert_eq!(rules, shipped);
    let mut with_them = config();
    with_them.expectations.extend(written);
    let engine = Engine::start(with_them, EngineOptions::quiet(RerunStyle::CargoTest)).unwrap();
    engine.execute(2).unwrap();
    let outcome = engine.finish(&|_| true, true);
    assert_eq!(
        outcome.exit_code(),
        0,
        "{}; stale: {:?}",
        describe(&failed(&outcome.report.cases)),
        outcome.stale
    );
    assert!(outcome
        .report
        .cases
        .iter()
        .any(|c| matches!(c.outcome, Outcome::ExpectedFailure { .. })));
}

#[test]
fn the_drift_command_prints_the_drift_writes_the_file_and_exits_0_on_a_failing_run() {
    let dir = crate::common::temp_dir("drift", "cli");
    let file = dir.join("nested").join("drift.toml");
    let out = crate::common::bin()
        .args([
            "drift",
            "--suite",
            "user",
            "--cases",
            "1",
            "--contract",
            "published",
        ])
        .arg("--out-dir")
        .arg(&dir)
        .arg("--expectations-out")
        .arg(&file)
        .env("NHOST_PROFILE", "deployed")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Contract drift from `published`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Session: `user.allowedRoles` required, never sent [/$defs/User:required]"),
        "{stdout}"
    );
    assert!(stdout.lines().any(|l| l.contains(" failed")), "{stdout}");
    let written = parse_expectations(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(written
        .iter()
        .any(|e| e.rule.as_deref() == Some("/$defs/User:required")));
    let summary = std::fs::read_to_string(dir.join("summary.md")).unwrap();
    assert!(summary.contains("### Contract drift from `published`"));
    let ndjson = std::fs::read_to_string(dir.join("results.ndjson")).unwrap();
    let run_line = ndjson.lines().last().unwrap();
    assert!(
        run_line.contains("\"drift\":{\"contract\":\"published\""),
        "{run_line}"
    );
    let unwritable = crate::common::bin()
        .args(["drift", "--suite", "user", "--cases", "1"])
        .arg("--out-dir")
        .arg(&dir)
        .args(["--expectations-out", "/dev/null/drift.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&unwritable.stderr);
    assert_eq!(unwritable.status.code(), Some(4), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error: cannot write /dev/null/drift.toml")),
        "{stderr}"
    );
}
