//! The JUnit writer. The main type is [`JunitSink`]; [`junit_report`] builds the quick-junit
//! [`Report`] a run maps to. Every string goes into that model through the sanitiser in
//! [`super::xml`] (`attribute` or `text`), never straight from the run.
//!
//! The mapping, chosen so GitHub test reporters, GitLab and Jenkins read it with their standard
//! attributes:
//!
//! - `<testsuites name="nhost-conformance">` with the run's start time and duration;
//! - one `<testsuite>` per suite (in order of first appearance), with `target`, `contract`,
//!   `seed` and `tool_version` properties, its start time, the sum of its case times and a
//!   `skipped` count;
//! - one `<testcase>` per case: `classname` is the suite, `name` the full case name, `time`
//!   the case duration;
//! - a failed case is a `<failure>` whose `type` is its first finding's rule, whose `message`
//!   is a one-line summary and whose text lists the findings (rule, pointer, message), the
//!   minimal input, the redacted exchanges (`curl` commands), the re-run command and the seed;
//! - an unexpected pass is a `<failure type="unexpected_pass">` saying to remove the
//!   expectation;
//! - expected failures and not-covered cases are `<skipped>`, with messages
//!   `expected failure: REASON` and `not covered: REASON`.

use results::{EventSink, RunEvent, RunEventKind, SinkError};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestRerun, TestSuite};

use crate::errors::ReportError;
use crate::model::{CaseRecord, Outcome, RunReport};
use crate::sink::create_file;
use crate::text::{one_line, truncate};
use results::RuleEntry;

use super::xml;

/// The name of the `<testsuites>` element.
pub const REPORT_NAME: &str = "nhost-conformance";

/// Longest failure/skip message, in characters.
const MESSAGE_MAX_CHARS: usize = 400;
/// Longest response body printed in a failure's text, in characters.
const BODY_MAX_CHARS: usize = 2_000;

/// Writes the run as JUnit XML: each case is kept as it finishes (a passed one without its
/// exchanges, which JUnit does not show), and the file is written when the run finishes, in
/// the run's case order, with the cases the run never finished (a stop) taken from its report.
///
/// The file is created when the sink is, so a bad path fails before the run starts.
#[derive(Debug)]
pub struct JunitSink {
    path: PathBuf,
    file: Option<BufWriter<File>>,
    /// Every finished case by name (the last record of a name wins).
    finished: HashMap<String, CaseRecord>,
}

impl JunitSink {
    /// Creates (or truncates) the file at `path`, creating missing parent directories.
    pub fn create(path: impl Into<PathBuf>) -> Result<Self, ReportError> {
        let path = path.into();
        let file = create_file(&path)?;
        Ok(Self {
            path,
            file: Some(file),
            finished: HashMap::new(),
        })
    }

    fn write_case(&mut self, case: &CaseRecord) {
        let mut kept = case.clone();
        if matches!(kept.outcome, Outcome::Passed) {
            kept.exchanges.clear();
        }
        self.finished.insert(kept.name.clone(), kept);
    }

    fn write_run(&mut self, report: &RunReport) -> Result<(), ReportError> {
        // A second `RunFinished` has nothing left to write to.
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        let mut finished = std::mem::take(&mut self.finished);
        let mut cases: Vec<CaseRecord> = report
            .cases
            .iter()
            .map(|c| finished.remove(&c.name).unwrap_or_else(|| c.clone()))
            .collect();
        // Cases the report leaves out (a producer that sent more than it reports), by name.
        let mut rest: Vec<CaseRecord> = finished.into_values().collect();
        rest.sort_by(|a, b| a.name.cmp(&b.name));
        cases.extend(rest);
        let run = RunReport {
            info: report.info.clone(),
            cases,
            rules: report.rules.clone(),
            rounds: Vec::new(),
            drift: None,
        };
        let junit = junit_report(&run)?;
        junit
            .serialize(&mut file)
            .map_err(|source| ReportError::Junit {
                path: self.path.clone(),
                source,
            })?;
        file.flush()
            .map_err(|e| ReportError::io("flush", &self.path, e))
    }
}

impl EventSink for JunitSink {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError> {
        match &event.kind {
            RunEventKind::CaseFinished { record, .. } => self.write_case(record),
            RunEventKind::RunFinished { report, .. } => self.write_run(report)?,
            _ => {}
        }
        Ok(())
    }
}

/// Builds the quick-junit report of a run (see the module docs for the mapping).
pub fn junit_report(report: &RunReport) -> Result<Report, ReportError> {
    let info = &report.info;
    let started_at = parse_timestamp(&info.started_at)?;
    let mut junit = Report::new(xml::attribute(REPORT_NAME));
    junit
        .set_timestamp(started_at)
        .set_time(duration(info.duration_ms, || "the run".to_owned())?);

    let mut order: Vec<&str> = Vec::new();
    let mut suites: HashMap<&str, (TestSuite, Duration, usize)> = HashMap::new();
    for case in &report.cases {
        let time = duration(case.duration_ms, || format!("case {}", case.name))?;
        let (suite, total, skipped) = suites.entry(case.suite.as_str()).or_insert_with(|| {
            order.push(case.suite.as_str());
            (
                new_suite(report, &case.suite, started_at),
                Duration::ZERO,
                0,
            )
        });
        let test_case = test_case(case, time, &report.rules);
        if matches!(test_case.status, TestCaseStatus::Skipped { .. }) {
            *skipped += 1;
        }
        *total += time;
        suite.add_test_case(test_case);
    }
    for name in order {
        if let Some((mut suite, total, skipped)) = suites.remove(name) {
            suite.set_time(total);
            suite
                .extra
                .insert("skipped".into(), xml::attribute(&skipped.to_string()));
            junit.add_test_suite(suite);
        }
    }
    run_level_cases(&mut junit, report, started_at);
    Ok(junit)
}

/// What concerns the whole run rather than a case, as test cases of a `nhost-conformance`
/// suite, so a CI reader shows it: a run that could not start is one errored test case saying
/// why; each stale expectation is a failed one.
fn run_level_cases(junit: &mut Report, report: &RunReport, started_at: DateTime<FixedOffset>) {
    let info = &report.info;
    if info.not_started.is_none() && info.stale_expectations.is_empty() {
        return;
    }
    let mut suite = new_suite(report, REPORT_NAME, started_at);
    if let Some(reason) = &info.not_started {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_type(xml::attribute("not_started"))
            .set_message(xml::attribute(&one_line(
                &format!("the run could not start: {reason}"),
                MESSAGE_MAX_CHARS,
            )))
            .set_description(xml::text(reason));
        let mut case = TestCase::new(xml::attribute("nhost-conformance::start"), status);
        case.set_classname(xml::attribute(REPORT_NAME));
        suite.add_test_case(case);
    }
    for (n, label) in info.stale_expectations.iter().enumerate() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_type(xml::attribute("stale_expectation"))
            .set_message(xml::attribute(&one_line(
                &format!("stale expectation: {label} matched no failure in this run; remove it"),
                MESSAGE_MAX_CHARS,
            )));
        let mut case = TestCase::new(
            xml::attribute(&format!(
                "nhost-conformance::stale_expectation_{:04}",
                n + 1
            )),
            status,
        );
        case.set_classname(xml::attribute(REPORT_NAME));
        suite.add_test_case(case);
    }
    junit.add_test_suite(suite);
}

/// An empty `<testsuite>` carrying the run's properties.
fn new_suite(report: &RunReport, name: &str, started_at: DateTime<FixedOffset>) -> TestSuite {
    let info = &report.info;
    let mut suite = TestSuite::new(xml::attribute(name));
    suite.set_timestamp(started_at).add_properties(
        [
            ("target", info.target.as_str()),
            ("contract", info.contract.as_str()),
            ("seed", info.seed.to_string().as_str()),
            ("tool_version", info.tool_version.as_str()),
        ]
        .map(|(name, value)| (xml::attribute(name), xml::attribute(value))),
    );
    suite
}

/// The `<testcase>` of one case.
fn test_case(case: &CaseRecord, time: Duration, rules: &[RuleEntry]) -> TestCase {
    let status = match &case.outcome {
        Outcome::Passed => TestCaseStatus::success(),
        Outcome::Failed => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let ty = case.findings.first().map_or("failed", |f| f.rule.as_str());
            status
                .set_type(xml::attribute(ty))
                .set_message(xml::attribute(&failure_message(case)))
                .set_description(xml::text(&case_details(case, rules)));
            status
        }
        Outcome::UnexpectedPass { reason } => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_type(xml::attribute("unexpected_pass"))
                .set_message(xml::attribute(&one_line(
                    &format!(
                        "expected failure now passes: remove the expectation (it said: {reason})"
                    ),
                    MESSAGE_MAX_CHARS,
                )))
                .set_description(xml::text(&case_details(case, rules)));
            status
        }
        // Skipped, typed by the outcome's kind and told by its label (`not covered: …`); a case
        // that did not run has no details to show.
        Outcome::ExpectedFailure { reason }
        | Outcome::NotCovered { reason }
        | Outcome::NotApplicable { reason }
        | Outcome::NotRun { reason } => {
            let kind = case.outcome.kind();
            let mut status = TestCaseStatus::skipped();
            status
                .set_type(xml::attribute(kind))
                .set_message(xml::attribute(&one_line(
                    &format!("{}: {reason}", kind.replace('_', " ")),
                    MESSAGE_MAX_CHARS,
                )));
            if !matches!(case.outcome, Outcome::NotRun { .. }) {
                status.set_description(xml::text(&case_details(case, rules)));
            }
            status
        }
        Outcome::Flaky { reason } => {
            // nextest's way: a success with a <flakyFailure> for the run that failed.
            let mut status = TestCaseStatus::success();
            let mut rerun = TestRerun::new(NonSuccessKind::Failure);
            rerun
                .set_type(xml::attribute("flaky"))
                .set_message(xml::attribute(&one_line(
                    &format!("flaky: failed once, passed when re-run ({reason})"),
                    MESSAGE_MAX_CHARS,
                )))
                .set_description(xml::text(&case_details(case, rules)));
            status.add_rerun(rerun);
            status
        }
    };
    let mut test_case = TestCase::new(xml::attribute(&case.name), status);
    test_case
        .set_classname(xml::attribute(&case.suite))
        .set_time(time);
    test_case
}

/// The one-line message of a failed case: the number of findings and the first one.
pub(crate) fn failure_message(case: &CaseRecord) -> String {
    let message = match case.findings.as_slice() {
        [] => "failed with no recorded finding".to_owned(),
        [only] => format!(
            "{} at {}: {}",
            only.rule,
            pointer(&only.pointer),
            only.message
        ),
        [first, rest @ ..] => format!(
            "{} findings; first: {} at {}: {}",
            rest.len() + 1,
            first.rule,
            pointer(&first.pointer),
            first.message
        ),
    };
    one_line(&message, MESSAGE_MAX_CHARS)
}

/// A JSON pointer for humans: the root pointer `""` reads as `/`.
fn pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}

/// The text of a failure or skip: findings, what each violated rule demands (from the
/// catalogue), minimal input, exchanges, re-run command and seed.
fn case_details(case: &CaseRecord, rules: &[RuleEntry]) -> String {
    let mut text = String::new();
    if !case.findings.is_empty() {
        text.push_str("findings:\n");
        for finding in &case.findings {
            let _ = writeln!(
                text,
                "  - [{}] at {}: {}",
                finding.rule,
                pointer(&finding.pointer),
                finding.message
            );
        }
        let mut described: Vec<&str> = Vec::new();
        for finding in &case.findings {
            if described.contains(&finding.rule.as_str()) {
                continue;
            }
            described.push(&finding.rule);
            if let Some(entry) = results::catalogue::find(rules, &finding.rule) {
                let _ = writeln!(text, "rule {}: {}", entry.id, entry.description);
            }
        }
    }
    if let Outcome::NotCovered { .. } = case.outcome {
        if !case.rules.is_empty() {
            let _ = writeln!(text, "rules not exercised: {}", case.rules.join(", "));
        }
    }
    if let Some(input) = &case.minimal_input {
        let pretty = serde_json::to_string_pretty(input).unwrap_or_else(|_| input.to_string());
        let _ = writeln!(text, "minimal input:\n{pretty}");
    }
    if !case.exchanges.is_empty() {
        text.push_str("exchanges:\n");
        for (index, exchange) in case.exchanges.iter().enumerate() {
            let outcome = match (exchange.status, &exchange.error) {
                (_, Some(error)) => format!("error: {error}"),
                (Some(status), None) => format!("status {status}"),
                (None, None) => "no response".to_owned(),
            };
            let _ = writeln!(
                text,
                "  {}. {} {} {} -> {} ({:.1} ms)",
                index + 1,
                exchange.operation,
                exchange.method,
                exchange.url,
                outcome,
                exchange.elapsed_ms
            );
            if let Some(via) = &exchange.via {
                let _ = writeln!(text, "     via: {via}");
            }
            let _ = writeln!(text, "     {}", exchange.curl);
            if let Some(body) = &exchange.response_body {
                let _ = writeln!(text, "     response: {}", truncate(body, BODY_MAX_CHARS));
            }
            if let Some(returned) = &exchange.returned {
                let _ = writeln!(
                    text,
                    "     returned to the caller: {}",
                    truncate(returned, BODY_MAX_CHARS)
                );
            }
        }
    }
    let _ = writeln!(text, "re-run: {}", case.rerun);
    let _ = write!(text, "seed: {}", case.seed);
    text
}

/// Parses the run's RFC 3339 start time.
fn parse_timestamp(value: &str) -> Result<DateTime<FixedOffset>, ReportError> {
    DateTime::parse_from_rfc3339(value).map_err(|source| ReportError::Timestamp {
        value: value.to_owned(),
        source,
    })
}

/// Converts milliseconds to a [`Duration`], rejecting negative and non-finite values.
fn duration(ms: f64, what: impl FnOnce() -> String) -> Result<Duration, ReportError> {
    Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| ReportError::Duration {
        what: what(),
        value: ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{case, exchange, report};

    fn only_case(junit: &Report) -> &TestCase {
        &junit.test_suites[0].test_cases[0]
    }

    #[test]
    fn failure_has_rule_type_one_line_message_and_details() {
        let mut failed = case(
            "signup::roundtrip::case_0003",
            Outcome::Failed,
            &[],
            &[
                (
                    "/$defs/User/properties/locale:type",
                    "/user/locale",
                    "expected\nstring",
                ),
                ("semantic:user.echo", "", "email differs"),
            ],
        );
        failed.exchanges = vec![exchange("sign_up", 12.0)];
        failed.minimal_input = Some(serde_json::json!({"locale": 1}));
        let mut run = report(vec![failed]);
        run.rules = vec![RuleEntry {
            id: "semantic:user.echo".into(),
            description: "the user echoes the request".into(),
            source: "suite user".into(),
        }];
        let junit = junit_report(&run).unwrap();
        let TestCaseStatus::NonSuccess {
            kind,
            message,
            ty,
            description,
            ..
        } = &only_case(&junit).status
        else {
            panic!("expected a failure");
        };
        assert_eq!(*kind, NonSuccessKind::Failure);
        assert_eq!(ty.as_deref(), Some("/$defs/User/properties/locale:type"));
        assert_eq!(
            message.as_deref(),
            Some("2 findings; first: /$defs/User/properties/locale:type at /user/locale: expected string")
        );
        let text = description.as_deref().unwrap();
        for expected in [
            "  - [semantic:user.echo] at /: email differs",
            "rule semantic:user.echo: the user echoes the request\n",
            "\"locale\": 1",
            "1. sign_up POST http://127.0.0.1:4000/sign_up -> status 200 (12.0 ms)",
            "curl -X POST http://127.0.0.1:4000/sign_up",
            "re-run: nhost-conformance replay signup::roundtrip::case_0003 --seed 7",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in {text}");
        }
        assert!(text.ends_with("seed: 0x0000000000000007"));
        assert_eq!(junit.failures, 1);
    }

    #[test]
    fn skips_and_unexpected_passes_carry_their_reason() {
        let junit = junit_report(&report(vec![
            case(
                "sdk::a::case_0000",
                Outcome::ExpectedFailure {
                    reason: "SDK drops locale".into(),
                },
                &[],
                &[],
            ),
            case(
                "sdk::a::case_0001",
                Outcome::NotCovered {
                    reason: "rate limited".into(),
                },
                &["r"],
                &[],
            ),
            case(
                "sdk::a::case_0002",
                Outcome::UnexpectedPass {
                    reason: "bug 12".into(),
                },
                &[],
                &[],
            ),
        ]))
        .unwrap();
        let suite = &junit.test_suites[0];
        let statuses: Vec<(Option<&str>, Option<&str>)> = suite
            .test_cases
            .iter()
            .map(|c| match &c.status {
                TestCaseStatus::Skipped { message, ty, .. } => (ty.as_deref(), message.as_deref()),
                TestCaseStatus::NonSuccess { message, ty, .. } => {
                    (ty.as_deref(), message.as_deref())
                }
                TestCaseStatus::Success { .. } => (None, None),
            })
            .collect();
        assert_eq!(
            statuses,
            vec![
                (
                    Some("expected_failure"),
                    Some("expected failure: SDK drops locale")
                ),
                (Some("not_covered"), Some("not covered: rate limited")),
                (
                    Some("unexpected_pass"),
                    Some("expected failure now passes: remove the expectation (it said: bug 12)")
                ),
            ]
        );
        assert_eq!((suite.tests, suite.failures, suite.disabled), (3, 1, 2));
        assert_eq!(suite.extra.get("skipped").map(|v| v.as_str()), Some("2"));
    }

    #[test]
    fn one_suite_per_suite_in_first_appearance_order_with_properties() {
        let junit = junit_report(&report(vec![
            case("token::a::case_0000", Outcome::Passed, &[], &[]),
            case("signup::a::case_0000", Outcome::Passed, &[], &[]),
            case("token::a::case_0001", Outcome::Passed, &[], &[]),
        ]))
        .unwrap();
        assert_eq!(junit.name.as_str(), REPORT_NAME);
        let names: Vec<&str> = junit.test_suites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["token", "signup"]);
        let token = &junit.test_suites[0];
        assert_eq!(token.tests, 2);
        assert_eq!(token.time, Some(Duration::from_millis(25)));
        let properties: Vec<(&str, &str)> = token
            .properties
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            properties,
            vec![
                ("target", "http://127.0.0.1:4000"),
                ("contract", "published"),
                ("seed", "0x000000000000002a"),
                ("tool_version", "0.1.0")
            ]
        );
        let first = &token.test_cases[0];
        assert_eq!(first.classname.as_ref().map(|c| c.as_str()), Some("token"));
        assert_eq!(first.name.as_str(), "token::a::case_0000");
    }

    #[test]
    fn bad_timestamp_and_duration_are_clear_errors() {
        let mut run = report(vec![]);
        run.info.started_at = "yesterday".into();
        let error = junit_report(&run).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid run start time `yesterday`"),
            "{error}"
        );

        let mut bad = case("a::b::case_0000", Outcome::Passed, &[], &[]);
        bad.duration_ms = f64::NAN;
        let error = junit_report(&report(vec![bad])).unwrap_err();
        assert!(
            error.to_string().contains("for case a::b::case_0000"),
            "{error}"
        );
    }

    #[test]
    fn sink_writes_the_file_at_run_finished() {
        let dir = std::env::temp_dir().join(format!("reports-junit-{}", std::process::id()));
        let path = dir.join("junit.xml");
        let mut sink = JunitSink::create(&path).unwrap();
        let run = report(vec![case("a::b::case_0000", Outcome::Passed, &[], &[])]);
        sink.case_finished(&run.cases[0]).unwrap();
        sink.run_finished(&run).unwrap();
        let xml = std::fs::read_to_string(&path).unwrap();
        assert!(
            xml.contains(r#"<testcase name="a::b::case_0000" classname="a""#),
            "{xml}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
