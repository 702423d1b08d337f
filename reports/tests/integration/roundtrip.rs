//! Property round trips: every writer that has a reader gets its output read back.

use proptest::prelude::*;
use quick_junit::{NonSuccessKind, Report, TestCaseStatus};
use reports::{junit_report, parse_ndjson, NdjsonLine, NdjsonSink, Totals};
use results::EventSink;
use results::Outcome;

use crate::strategies::run_report;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// NDJSON written case by case reads back with serde as the same cases, findings and run.
    #[test]
    fn ndjson_round_trips(run in run_report(6)) {
        let mut sink = NdjsonSink::new(Vec::new(), "<memory>");
        for case in &run.cases {
            sink.case_finished(case).unwrap();
        }
        sink.run_finished(&run).unwrap();
        let text = String::from_utf8(sink.into_inner()).unwrap();
        let lines = parse_ndjson(&text).unwrap();
        prop_assert_eq!(text.lines().count(), lines.len(), "one JSON value per line");

        let mut cases = Vec::new();
        let mut findings = Vec::new();
        let mut runs = Vec::new();
        for line in lines {
            match line {
                NdjsonLine::Case(case) => cases.push(case),
                NdjsonLine::Finding(finding) => findings.push(finding),
                NdjsonLine::Run(run_line) => runs.push(run_line),
            }
        }
        prop_assert_eq!(&cases, &run.cases);
        let expected_findings: Vec<(String, String, String, String)> = run
            .cases
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c.name.clone(), f.rule.clone(), f.pointer.clone(), f.message.clone())))
            .collect();
        let got_findings: Vec<(String, String, String, String)> = findings
            .into_iter()
            .map(|f| (f.case, f.rule, f.pointer, f.message))
            .collect();
        prop_assert_eq!(got_findings, expected_findings);
        prop_assert_eq!(runs.len(), 1);
        prop_assert_eq!(&runs[0].info, &run.info);
        prop_assert_eq!(&runs[0].rounds, &run.rounds);
        prop_assert_eq!(runs[0].totals, Totals::of(&run));
        prop_assert!(text.ends_with('\n'));
    }

    /// JUnit written with quick-junit reads back with quick-junit's deserializer as the same
    /// report, and that report says what each case's outcome means.
    #[test]
    fn junit_round_trips(run in run_report(6)) {
        let written = junit_report(&run).unwrap();
        let xml = written.to_string().unwrap();
        let read = Report::deserialize_from_str(&xml).unwrap();
        prop_assert_eq!(&read, &written);

        let read_cases: Vec<_> = read.test_suites.iter().flat_map(|s| &s.test_cases).collect();
        prop_assert_eq!(read_cases.len(), run.cases.len());
        for case in &run.cases {
            let junit_case = read_cases
                .iter()
                .find(|c| c.name.as_str() == case.name)
                .expect("every case is in the report");
            prop_assert_eq!(junit_case.classname.as_ref().map(|c| c.as_str()), Some(case.suite.as_str()));
            let expected_message_start = match &case.outcome {
                Outcome::Passed | Outcome::Flaky { .. } => None,
                Outcome::NotRun { .. } => Some("not run:".to_owned()),
                Outcome::Failed => Some(String::new()),
                Outcome::ExpectedFailure { .. } => Some("expected failure:".to_owned()),
                Outcome::UnexpectedPass { .. } => Some("expected failure now passes: remove the expectation".to_owned()),
                Outcome::NotCovered { .. } => Some("not covered:".to_owned()),
                Outcome::NotApplicable { .. } => Some("not applicable:".to_owned()),
            };
            match (&junit_case.status, expected_message_start) {
                (TestCaseStatus::Success { .. }, None) => {}
                (TestCaseStatus::NonSuccess { kind: NonSuccessKind::Failure, message, description, .. }, Some(start))
                    if case.outcome.is_failure() =>
                {
                    let message = message.as_ref().expect("a failure has a message");
                    prop_assert!(message.as_str().starts_with(&start), "{}", message.as_str());
                    prop_assert!(!message.as_str().contains('\n'));
                    let seed_line = format!("seed: {}", case.seed);
                    prop_assert!(description.as_ref().expect("details").as_str().ends_with(&seed_line));
                }
                (TestCaseStatus::Skipped { message, .. }, Some(start)) if !case.outcome.is_failure() => {
                    prop_assert!(message.as_ref().expect("a skip has a message").as_str().starts_with(&start));
                }
                (status, _) => prop_assert!(false, "{:?} written as {:?}", case.outcome, status),
            }
        }
    }
}
