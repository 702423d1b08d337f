//! Hostile targets: whatever text a run carries (all of Unicode, controls, noncharacters,
//! escape sequences, JSON-escaped lone surrogates), every writer's output stays valid. JUnit
//! parses with a strict XML 1.0 parser (roxmltree) and with junitparser, read in one Python
//! run for the whole batch; Markdown and HTML hold no raw control character but `\n` and `\t`;
//! NDJSON parses back line by line; [`terminal_safe`] leaves nothing a terminal would act on.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reports::{parse_ndjson, terminal_safe, write_all, NdjsonLine, OutputPaths};
use results::{Outcome, RunReport};
use serde_json::Value;

use crate::common::{run_with_timeout, temp_dir, TEST_DEPS};
use crate::strategies::{hostile_text, run_report};

/// Runs per batch: each is written in every format and checked; the JUnit files are then
/// read by junitparser in one go.
const CASES: u32 = 48;

/// Whether a reader must never get `c` raw: every control character but LF and TAB (C0, DEL,
/// C1), the bidi embeddings, overrides and isolates, and the noncharacters. Written here
/// independently of the crate's own rule, from the list.
fn is_raw_hazard(c: char) -> bool {
    let code = u32::from(c);
    (c.is_control() && c != '\n' && c != '\t')
        || (0x202a..=0x202e).contains(&code)
        || (0x2066..=0x2069).contains(&code)
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
}

/// The first raw hazard in `text`, with its byte offset and some context.
fn first_hazard(text: &str) -> Option<String> {
    let (at, c) = text.char_indices().find(|&(_, c)| is_raw_hazard(c))?;
    let before: String = text[..at]
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Some(format!("{c:?} at byte {at}, after {before:?}"))
}

/// A run whose suite names are hostile too (case names stay unique through their index).
fn hostile_run() -> impl Strategy<Value = RunReport> {
    (run_report(4), vec(hostile_text(), 4)).prop_map(|(mut run, suites)| {
        for (index, (case, suite)) in run.cases.iter_mut().zip(suites).enumerate() {
            case.suite = suite;
            case.name = format!("{}::{}::case_{index:04}", case.suite, case.property);
        }
        run
    })
}

/// Writes `run` in every format into `dir`, checks each file, and returns the JUnit path.
fn write_and_check(run: &RunReport, dir: &Path) -> Result<PathBuf, TestCaseError> {
    let paths = OutputPaths::default()
        .with("junit", dir.join("junit.xml"))
        .with("ndjson", dir.join("run.ndjson"))
        .with("markdown", dir.join("summary.md"))
        .with("html", dir.join("summary.html"))
        .with("ctrf", dir.join("ctrf.json"));
    write_all(run, &paths).map_err(|e| TestCaseError::fail(format!("write: {e}")))?;
    let read = |path: Option<&std::path::Path>| std::fs::read_to_string(path.unwrap()).unwrap();

    let xml = read(paths.get("junit"));
    let document = roxmltree::Document::parse(&xml)
        .map_err(|e| TestCaseError::fail(format!("JUnit is not well-formed XML: {e}\n{xml}")))?;
    let cases = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    prop_assert_eq!(cases, run.cases.len());
    prop_assert_eq!(first_hazard(&xml), None, "raw hazard in JUnit");

    for (name, path) in [
        ("Markdown", paths.get("markdown")),
        ("HTML", paths.get("html")),
    ] {
        let text = read(path);
        prop_assert_eq!(first_hazard(&text), None, "raw hazard in {}", name);
    }

    let ndjson = read(paths.get("ndjson"));
    prop_assert_eq!(first_hazard(&ndjson), None, "raw hazard in NDJSON");
    for (index, line) in ndjson.lines().enumerate() {
        let parsed: Result<Value, _> = serde_json::from_str(line);
        prop_assert!(
            parsed.is_ok(),
            "NDJSON line {} does not parse: {:?}",
            index + 1,
            line
        );
    }
    let lines = parse_ndjson(&ndjson).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let cases: Vec<_> = lines
        .into_iter()
        .filter_map(|line| match line {
            NdjsonLine::Case(case) => Some(case),
            _ => None,
        })
        .collect();
    prop_assert_eq!(&cases, &run.cases, "NDJSON keeps every string exactly");

    let ctrf = read(paths.get("ctrf"));
    prop_assert_eq!(first_hazard(&ctrf), None, "raw hazard in CTRF");
    let ctrf: Value = serde_json::from_str(&ctrf)
        .map_err(|e| TestCaseError::fail(format!("CTRF is not JSON: {e}")))?;
    let tests = ctrf["results"]["tests"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    prop_assert_eq!(tests.len(), run.cases.len());
    for (test, case) in tests.iter().zip(&run.cases) {
        prop_assert_eq!(
            test["name"].as_str(),
            Some(case.name.as_str()),
            "CTRF keeps names exactly"
        );
        let first = case.findings.first().map(|f| f.message.as_str());
        if let (Some(message), Some(first)) = (test["message"].as_str(), first) {
            if case.outcome.reason().is_none() {
                prop_assert!(
                    message.ends_with(first),
                    "CTRF keeps the finding: {:?}",
                    message
                );
            }
        }
    }
    Ok(paths.get("junit").unwrap().to_path_buf())
}

/// What junitparser calls a case of this outcome.
fn junit_result(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Passed | Outcome::Flaky { .. } => "passed",
        Outcome::Failed | Outcome::UnexpectedPass { .. } => "failure",
        Outcome::ExpectedFailure { .. }
        | Outcome::NotCovered { .. }
        | Outcome::NotApplicable { .. }
        | Outcome::NotRun { .. } => "skipped",
    }
}

/// Reads every file with junitparser in one Python run; fails when it rejects any of them or
/// reads other results than the runs had.
fn junitparser_reads_all(batch: &[(PathBuf, Vec<&'static str>)]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/read_junit.py");
    let mut command = Command::new("python3");
    command.arg(&script);
    // Two or more files give the list form, even for a batch of one.
    command.args(batch.iter().map(|(path, _)| path));
    if batch.len() == 1 {
        command.arg(&batch[0].0);
    }
    let output = run_with_timeout(command, Duration::from_secs(120))
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
    let read: Vec<Value> = serde_json::from_slice(&output.stdout).expect("a JSON list");
    for (entry, (path, expected)) in read.iter().zip(batch) {
        assert_eq!(entry["file"], path.to_str().unwrap());
        let report = &entry["report"];
        assert!(
            entry["error"].is_null(),
            "junitparser rejects {}: {}\n{}",
            path.display(),
            entry["error"],
            std::fs::read_to_string(path).unwrap_or_default()
        );
        let mut got: Vec<&str> = report["cases"]
            .as_object()
            .expect("cases")
            .values()
            .map(|case| case["result"].as_str().expect("result"))
            .collect();
        let mut expected = expected.clone();
        got.sort_unstable();
        expected.sort_unstable();
        assert_eq!(got, expected, "results read from {}", path.display());
    }
}

#[test]
fn every_writer_stays_valid_whatever_the_target_sent() {
    let batch_dir = temp_dir("hostile");
    let batch: RefCell<Vec<(PathBuf, Vec<&'static str>)>> = RefCell::new(Vec::new());
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&hostile_run(), |run| {
        let dir = temp_dir("hostile-case");
        let junit = write_and_check(&run, dir.path())?;
        // Keep this run's JUnit for the junitparser batch (a shrinking step overwrites nothing:
        // every run that passes gets its own file).
        let mut batch = batch.borrow_mut();
        let kept = batch_dir
            .path()
            .join(format!("junit-{:03}.xml", batch.len()));
        std::fs::copy(&junit, &kept).expect("keep the JUnit file");
        batch.push((
            kept,
            run.cases.iter().map(|c| junit_result(&c.outcome)).collect(),
        ));
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    let batch = batch.into_inner();
    assert!(!batch.is_empty());
    junitparser_reads_all(&batch);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// `terminal_safe` replaces each hazard with its visible escape (`\u{1b}`) and keeps every
    /// other character as it is.
    #[test]
    fn terminal_safe_leaves_nothing_for_a_terminal_to_act_on(text in hostile_text()) {
        let safe = terminal_safe(&text);
        prop_assert_eq!(first_hazard(&safe), None);
        let expected: String = text
            .chars()
            .map(|c| if is_raw_hazard(c) { format!("\\u{{{:x}}}", u32::from(c)) } else { c.to_string() })
            .collect();
        prop_assert_eq!(safe.as_ref(), expected.as_str());
    }
}
