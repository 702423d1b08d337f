//! The CTRF report, read by the reference implementation (npm `ctrf`, pinned in
//! scripts/ctrf-check and installed by scripts/test): the report of a run with failures,
//! expected failures, passes and cases not covered, and the report of a run that could not
//! start, are valid CTRF documents whose tests and counts agree with the NDJSON report.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{bin_in, case_lines, closed_addr, temp_dir, workspace};

/// Validates `files` with the reference implementation; panics with its findings.
fn validate(files: &[&Path]) {
    let checker = workspace().join("scripts/ctrf-check");
    assert!(
        checker.join("node_modules/ctrf/package.json").is_file(),
        "the CTRF reference implementation is not installed: run scripts/test (it runs npm ci --prefix scripts/ctrf-check)"
    );
    let out = Command::new("node")
        .arg(checker.join("validate.mjs"))
        .args(files)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "the reference implementation rejects the report:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CTRF status each outcome maps onto (the module docs of the writer say why).
fn status_of(outcome: &str) -> &'static str {
    match outcome {
        "passed" | "flaky" => "passed",
        "failed" | "unexpected_pass" => "failed",
        "expected_failure" | "not_applicable" => "skipped",
        "not_covered" | "not_run" => "other",
        other => panic!("an outcome the test does not know: {other}"),
    }
}

#[test]
fn a_run_with_every_kind_of_outcome_writes_a_ctrf_report_the_reference_implementation_accepts() {
    let dir = temp_dir("ctrf", "mixed");
    std::fs::write(
        dir.join("expect.toml"),
        "[[expect]]\nproperty = \"token::rotation\"\nreason = \"a known deviation, with <xml> & \\\"quotes\\\" and a tab\\there\"\n",
    )
    .unwrap();
    // A fault that token::rotation catches (a known deviation there: expected failures),
    // one that signup::roundtrip catches (failures), a budget that leaves sign-ups uncovered,
    // and the rest passing.
    let out = bin_in(&dir)
        .args([
            "run",
            "--suite",
            "token",
            "--suite",
            "signup",
            "--cases",
            "3",
            "--fault",
            "no-refresh-rotation",
            "--fault",
            "plus-address-stripped",
            "--expectations",
            "expect.toml",
            "--budget",
            "sign_up=5",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let reports = dir.join("nhost-conformance-report");
    assert!(
        stderr.contains("CTRF: "),
        "the run names the report it wrote: {stderr}"
    );
    let ctrf_path = reports.join("ctrf.json");
    validate(&[&ctrf_path]);

    let ctrf = read_json(&ctrf_path);
    let cases = case_lines(&reports.join("results.ndjson"));
    let tests = ctrf["results"]["tests"].as_array().unwrap();
    assert_eq!(tests.len(), cases.len());
    let mut seen = std::collections::BTreeSet::new();
    for (test, case) in tests.iter().zip(&cases) {
        assert_eq!(test["name"], case["name"]);
        let outcome = case["outcome"]["kind"].as_str().unwrap();
        assert_eq!(test["rawStatus"], outcome, "{test}");
        assert_eq!(test["status"], status_of(outcome), "{test}");
        assert_eq!(test["suite"][0], case["suite"]);
        seen.insert(outcome.to_owned());
        if outcome == "failed" {
            let message = test["message"].as_str().unwrap();
            assert!(
                message.starts_with('['),
                "a failure's message is its first finding: {message}"
            );
            assert!(
                test["trace"].as_str().unwrap().contains("re-run: "),
                "{test}"
            );
            assert!(!test["tags"].as_array().unwrap().is_empty(), "{test}");
        }
    }
    for wanted in ["passed", "failed", "expected_failure", "not_covered"] {
        assert!(
            seen.contains(wanted),
            "the run had no {wanted} case: {seen:?}"
        );
    }
    let summary = &ctrf["results"]["summary"];
    assert_eq!(summary["tests"], cases.len());
    assert!(summary["stop"].as_u64().unwrap() >= summary["start"].as_u64().unwrap());
    assert!(
        summary["start"].as_u64().unwrap() > 1_700_000_000_000,
        "{summary}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_run_that_cannot_start_still_writes_a_valid_ctrf_report() {
    let dir = temp_dir("ctrf", "down");
    // A loopback port nothing listens on any more.
    let port = closed_addr().port();
    let target = format!("http://user:hunter2-secret@127.0.0.1:{port}/v1");
    let out = bin_in(&dir)
        .args(["run", "--target", target.as_str(), "--timeout", "2"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let path = dir.join("nhost-conformance-report/ctrf.json");
    validate(&[&path]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("hunter2-secret"), "{text}");
    let ctrf = read_json(&path);
    assert!(ctrf["results"]["extra"]["notStarted"].is_string(), "{ctrf}");
    let _ = std::fs::remove_dir_all(&dir);
}
