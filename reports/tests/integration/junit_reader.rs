//! JUnit files read back by an independent reader, Python's `junitparser`
//! (`reports/tests/read_junit.py`), and cross-checked with the NDJSON of the same run.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use quick_junit::TestCaseStatus;
use reports::{junit_report, parse_ndjson, write_all, NdjsonLine, OutputPaths};
use results::{Outcome, RunReport};
use serde_json::Value;

use crate::common::{
    expected_run, failing_run, passing_run, run_with_timeout, temp_dir, ERROR_SHAPE, LOCALE_TYPE,
    TEST_DEPS,
};

/// Writes JUnit and NDJSON for `run`, reads the JUnit back with junitparser, and returns
/// (what junitparser read, the NDJSON lines).
fn write_and_read(run: &RunReport) -> (Value, Vec<NdjsonLine>) {
    let dir = temp_dir("junit");
    let junit = dir.path().join("junit.xml");
    let ndjson = dir.path().join("run.ndjson");
    let paths = OutputPaths::default()
        .with("junit", junit.clone())
        .with("ndjson", ndjson.clone());
    write_all(run, &paths).expect("write reports");
    let read = read_junit(&junit);
    let lines = parse_ndjson(&std::fs::read_to_string(&ndjson).expect("read ndjson"))
        .expect("parse ndjson");
    (read, lines)
}

/// Runs the independent reader on `file`. Fails (never skips) when it is not installed.
fn read_junit(file: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/read_junit.py");
    let mut command = Command::new("python3");
    command.arg(&script).arg(file);
    let output = run_with_timeout(command, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("{e}: install the test tools with {TEST_DEPS}"));
    if output.status.code() == Some(3) {
        panic!("junitparser is not installed: run {TEST_DEPS}");
    }
    assert!(
        output.status.success(),
        "read_junit.py failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("read_junit.py prints JSON")
}

/// Checks what every test cares about: counts, per-case result kinds, messages, types and
/// texts read back exactly as quick-junit wrote them, and the NDJSON agreeing on the cases.
fn assert_agrees(run: &RunReport, read: &Value, lines: &[NdjsonLine]) {
    let written = junit_report(run).expect("build junit");
    assert_eq!(read["name"], "nhost-conformance");

    // Counts, per outcome.
    let count = |pred: fn(&Outcome) -> bool| run.cases.iter().filter(|c| pred(&c.outcome)).count();
    let failures = count(|o| matches!(o, Outcome::Failed | Outcome::UnexpectedPass { .. }));
    let skipped = count(|o| {
        matches!(
            o,
            Outcome::ExpectedFailure { .. } | Outcome::NotCovered { .. }
        )
    });
    let passed = count(|o| matches!(o, Outcome::Passed));
    let totals = &read["totals"];
    assert_eq!(totals["tests"], run.cases.len());
    assert_eq!(totals["failures"], failures);
    assert_eq!(totals["skipped"], skipped);
    assert_eq!(totals["passed"], passed);
    assert_eq!(totals["errors"], 0);
    assert_eq!(
        read["tests"],
        run.cases.len(),
        "the <testsuites> tests attribute"
    );
    assert_eq!(
        read["failures"], failures,
        "the <testsuites> failures attribute"
    );

    // One suite per suite name, with counts and properties.
    let suite_names: BTreeSet<&str> = run.cases.iter().map(|c| c.suite.as_str()).collect();
    let suites = read["suites"].as_array().expect("suites");
    assert_eq!(suites.len(), suite_names.len());
    for suite in suites {
        let name = suite["name"].as_str().expect("suite name");
        let cases: Vec<_> = run.cases.iter().filter(|c| c.suite == name).collect();
        assert_eq!(suite["tests"], cases.len(), "tests in {name}");
        let suite_failures = cases.iter().filter(|c| c.outcome.is_failure()).count();
        assert_eq!(suite["failures"], suite_failures, "failures in {name}");
        let suite_skipped = cases
            .iter()
            .filter(|c| {
                matches!(
                    c.outcome,
                    Outcome::ExpectedFailure { .. } | Outcome::NotCovered { .. }
                )
            })
            .count();
        assert_eq!(
            suite["skipped"], suite_skipped,
            "skipped attribute of {name}"
        );
        assert_eq!(suite["properties"]["target"], run.info.target.as_str());
        assert_eq!(suite["properties"]["contract"], run.info.contract.as_str());
        assert_eq!(suite["properties"]["seed"], run.info.seed.to_string());
        assert_eq!(suite["timestamp"], "2025-01-31T12:00:00.250+00:00");
    }

    // Each case: classname, time, result kind, and message/type/text exactly as written.
    let read_cases = read["cases"].as_object().expect("cases");
    assert_eq!(read_cases.len(), run.cases.len());
    for case in &run.cases {
        let got = &read_cases[&case.name];
        assert_eq!(got["classname"], case.suite.as_str(), "{}", case.name);
        let time = got["time"].as_f64().expect("time");
        assert!(
            (time - case.duration_ms / 1000.0).abs() < 0.0005,
            "{}: time {time}",
            case.name
        );
        let kind = match case.outcome {
            Outcome::Passed | Outcome::Flaky { .. } => "passed",
            Outcome::Failed | Outcome::UnexpectedPass { .. } => "failure",
            Outcome::ExpectedFailure { .. }
            | Outcome::NotCovered { .. }
            | Outcome::NotApplicable { .. }
            | Outcome::NotRun { .. } => "skipped",
        };
        assert_eq!(got["result"], kind, "{}", case.name);

        let status = &written
            .test_suites
            .iter()
            .flat_map(|s| &s.test_cases)
            .find(|c| c.name.as_str() == case.name)
            .expect("written case")
            .status;
        let (message, ty, text) = match status {
            TestCaseStatus::Success { .. } => (None, None, None),
            TestCaseStatus::NonSuccess {
                message,
                ty,
                description,
                ..
            }
            | TestCaseStatus::Skipped {
                message,
                ty,
                description,
            } => (message.as_ref(), ty.as_ref(), description.as_ref()),
        };
        let as_json =
            |v: Option<&quick_junit::XmlString>| v.map_or(Value::Null, |s| Value::from(s.as_str()));
        assert_eq!(got["message"], as_json(message), "message of {}", case.name);
        assert_eq!(got["type"], as_json(ty), "type of {}", case.name);
        assert_eq!(got["text"], as_json(text), "text of {}", case.name);
    }

    // NDJSON: the same cases, the same outcomes, one finding line per finding, one run line.
    let ndjson_cases: Vec<_> = lines
        .iter()
        .filter_map(|l| match l {
            NdjsonLine::Case(case) => Some(case),
            _ => None,
        })
        .collect();
    assert_eq!(
        ndjson_cases.len(),
        read_cases.len(),
        "NDJSON and JUnit count the same cases"
    );
    for case in &ndjson_cases {
        assert!(
            read_cases.contains_key(&case.name),
            "{} is in the JUnit file",
            case.name
        );
    }
    assert_eq!(
        ndjson_cases.iter().copied().cloned().collect::<Vec<_>>(),
        run.cases
    );
    let findings = lines
        .iter()
        .filter(|l| matches!(l, NdjsonLine::Finding(_)))
        .count();
    assert_eq!(
        findings,
        run.cases.iter().map(|c| c.findings.len()).sum::<usize>()
    );
    let ndjson_failures = ndjson_cases
        .iter()
        .filter(|c| c.outcome.is_failure())
        .count();
    assert_eq!(read["totals"]["failures"], ndjson_failures);
    match lines.last() {
        Some(NdjsonLine::Run(run_line)) => {
            assert_eq!(run_line.totals.total, read_cases.len());
            assert_eq!(
                run_line.totals.failed + run_line.totals.unexpected_passes,
                failures
            );
            assert_eq!(
                run_line.totals.expected_failures + run_line.totals.not_covered,
                skipped
            );
        }
        other => panic!("the last NDJSON line is not the run line: {other:?}"),
    }
}

#[test]
fn passing_run_reads_back() {
    let run = passing_run();
    let (read, lines) = write_and_read(&run);
    assert_agrees(&run, &read, &lines);
    assert_eq!(read["totals"]["passed"], 4);
    for case in read["cases"].as_object().unwrap().values() {
        assert_eq!(case["message"], Value::Null);
    }
}

#[test]
fn run_with_failures_reads_back() {
    let run = failing_run();
    let (read, lines) = write_and_read(&run);
    assert_agrees(&run, &read, &lines);
    let cases = &read["cases"];

    let locale = &cases["signup::roundtrip::case_0001"];
    assert_eq!(locale["type"], LOCALE_TYPE);
    assert_eq!(
        locale["message"],
        "2 findings; first: /$defs/User/properties/locale:type at /session/user/locale: expected a string, got 42"
    );
    let text = locale["text"].as_str().unwrap();
    for line in [
        "  - [/$defs/User/properties/locale:type] at /session/user/locale: expected a string, got 42",
        "  - [/$defs/Session:required] at /session: missing property \"refreshTokenId\"",
        "  1. sign_up POST http://127.0.0.1:40123/signup/email-password -> status 200 (140.2 ms)",
        "     curl -sS -X POST 'http://127.0.0.1:40123/signup/email-password' -H 'authorization: Bearer [REDACTED]' --data '{\"password\":\"[REDACTED]\"}'",
        "     response: {\"session\":{\"user\":{\"locale\":42}}}",
        "re-run: cargo test -p harness -- --exact signup::roundtrip::case_0001",
        "seed: 0x00000000deadbeef",
    ] {
        assert!(text.lines().any(|l| l == line), "missing line {line:?} in:\n{text}");
    }
    assert!(
        text.contains("\"locale\": \"en\""),
        "the minimal input is in the text"
    );

    let hostile = &cases["negative::error_shape::case_0003"];
    assert_eq!(hostile["type"], ERROR_SHAPE);
    assert_eq!(
        hostile["message"],
        "semantic:error.shape at /: body is not an error object: <script>document.title='pwned'</script> & \"quotes\" é"
    );

    let rotation = &cases["token::rotation::case_0002"];
    assert_eq!(rotation["result"], "failure");
    assert_eq!(rotation["type"], "unexpected_pass");
    assert_eq!(
        rotation["message"],
        "expected failure now passes: remove the expectation (it said: refresh tokens are not rotated yet (issue 12))"
    );
}

#[test]
fn run_with_expected_failures_and_not_covered_reads_back() {
    let run = expected_run();
    let (read, lines) = write_and_read(&run);
    assert_agrees(&run, &read, &lines);
    let cases = &read["cases"];
    let sdk = &cases["sdk::session_roundtrip::case_0000"];
    assert_eq!(sdk["result"], "skipped");
    assert_eq!(sdk["type"], "expected_failure");
    assert_eq!(
        sdk["message"],
        "expected failure: the SDK drops unknown user fields"
    );
    assert!(sdk["text"]
        .as_str()
        .unwrap()
        .contains("  - [/$defs/Session:required] at /session/user: missing property \"metadata\""));
    let anonymous = &cases["anonymous::signin::case_0000"];
    assert_eq!(anonymous["result"], "skipped");
    assert_eq!(anonymous["type"], "not_covered");
    assert_eq!(
        anonymous["message"],
        "not covered: anonymous sign-in is disabled on the target"
    );
    assert_eq!(
        cases["anonymous::signin::case_0001"]["message"],
        "not covered: sign_up budget spent (10 per 5 minutes)"
    );
    assert_eq!(read["totals"]["skipped"], 3);
    assert_eq!(read["totals"]["failures"], 0);
}

#[test]
fn hostile_text_reads_back_escaped_not_dropped() {
    let mut run = failing_run();
    let body = "\u{1b}]0;pwned\u{7}\u{fffe}\r\n0 failed\r{\"a\":\"\\ud800\"}\u{0}";
    let locale = &mut run.cases[1];
    locale.findings[0].message = format!("bad \u{ffff} value \u{1b}[2J{body}");
    locale.exchanges[0].response_body = Some(body.into());
    run.cases.push(crate::common::case(
        "anonymous::signin::case_0009",
        Outcome::NotCovered {
            reason: "disabled\u{fffe}\u{1b}[31m\u{9b}".into(),
        },
        &[],
    ));
    let (read, lines) = write_and_read(&run);
    assert_agrees(&run, &read, &lines);
    let cases = &read["cases"];

    let message = cases["signup::roundtrip::case_0001"]["message"]
        .as_str()
        .unwrap();
    assert!(
        // One-line messages fold CR and LF into spaces like any other whitespace.
        message.ends_with(
            r#"bad \u{ffff} value \u{1b}[2J\u{1b}]0;pwned\u{7}\u{fffe} 0 failed {"a":"\ud800"}\u{0}"#
        ),
        "{message}"
    );
    let text = cases["signup::roundtrip::case_0001"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.lines()
            .any(|l| l == r"     response: \u{1b}]0;pwned\u{7}\u{fffe}"),
        "{text}"
    );
    assert!(
        text.contains("0 failed\\u{d}{\"a\":\"\\ud800\"}\\u{0}"),
        "{text}"
    );
    assert_eq!(
        cases["anonymous::signin::case_0009"]["message"],
        r"not covered: disabled\u{fffe}\u{1b}[31m\u{9b}"
    );
    // NDJSON keeps the exact text.
    assert!(lines.iter().any(|l| matches!(
        l,
        NdjsonLine::Case(c) if c.exchanges.first().and_then(|e| e.response_body.as_deref()) == Some(body)
    )));
}
