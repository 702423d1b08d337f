//! The CTRF report: the run as one [Common Test Report Format](https://ctrf.io) JSON document,
//! read by the CI reporters that know CTRF. Written when the run finishes.
//!
//! Each case is a test named by its case name, in the suite of its name. The eight outcomes
//! map onto CTRF's five statuses, the outcome itself kept as `rawStatus`: passed and flaky
//! (`flaky: true`) are `passed`; failed and unexpected passes are `failed`; expected failures
//! and not-applicable cases are `skipped`; not covered and not run are `other` (never passed,
//! never skipped by choice). A failure's message is its first finding, its trace every finding
//! and the re-run line; the findings' rules are its tags.

use results::{EventSink, RunEvent, RunEventKind, SinkError};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::errors::ReportError;
use crate::model::{CaseRecord, Outcome, RunReport};
use crate::ndjson::safe_json_line;
use crate::sink::{create_file, write_once};

/// The CTRF spec version the document follows.
const SPEC_VERSION: &str = "0.0.0";

/// Writes the run as a CTRF JSON document when the run finishes.
///
/// The file is created when the sink is, so a bad path fails before the run starts.
#[derive(Debug)]
pub struct CtrfSink {
    path: PathBuf,
    file: Option<BufWriter<File>>,
}

impl CtrfSink {
    /// Creates (or truncates) the file at `path`, creating missing parent directories.
    pub fn create(path: &Path) -> Result<Self, ReportError> {
        Ok(Self {
            path: path.to_owned(),
            file: Some(create_file(path)?),
        })
    }
}

impl CtrfSink {
    fn write_run(&mut self, report: &RunReport) -> Result<(), ReportError> {
        let path = &self.path;
        // Encoded like an NDJSON line: control, bidi and noncharacter code points escaped, so
        // no reader's terminal or log view is fooled by what a target sent.
        write_once(&mut self.file, path, || {
            safe_json_line(&document(report)).map_err(|source| ReportError::Encode {
                path: path.clone(),
                source,
            })
        })
    }
}

impl EventSink for CtrfSink {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError> {
        if let RunEventKind::RunFinished { report, .. } = &event.kind {
            self.write_run(report)?;
        }
        Ok(())
    }
}

/// The CTRF status of an outcome.
fn status(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Passed | Outcome::Flaky { .. } => "passed",
        Outcome::Failed | Outcome::UnexpectedPass { .. } => "failed",
        Outcome::ExpectedFailure { .. } | Outcome::NotApplicable { .. } => "skipped",
        Outcome::NotCovered { .. } | Outcome::NotRun { .. } => "other",
    }
}

/// Milliseconds as CTRF's whole, non-negative milliseconds.
fn millis(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        // Rounded and bounded above: the cast cannot truncate a meaningful value.
        ms.round().min(u64::MAX as f64) as u64
    } else {
        0
    }
}

fn test(case: &CaseRecord) -> Value {
    let mut test = json!({
        "name": case.name,
        "testId": case.name,
        "status": status(&case.outcome),
        "rawStatus": case.outcome.kind(),
        "duration": millis(case.duration_ms),
        "suite": [case.suite],
        "type": "conformance",
        "extra": { "seed": case.seed.to_string() },
    });
    let mut rules: Vec<&str> = case.findings.iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    if !rules.is_empty() {
        test["tags"] = json!(rules);
    }
    if matches!(case.outcome, Outcome::Flaky { .. }) {
        test["flaky"] = json!(true);
    }
    let finding = |f: &crate::model::Finding| format!("[{}] {}: {}", f.rule, f.pointer, f.message);
    let message = case
        .outcome
        .reason()
        .map(str::to_owned)
        .or_else(|| case.findings.first().map(finding));
    if let Some(message) = message {
        test["message"] = json!(message);
    }
    if !case.findings.is_empty() || !case.rerun.is_empty() {
        let mut trace: Vec<String> = case.findings.iter().map(finding).collect();
        if !case.rerun.is_empty() {
            trace.push(format!("re-run: {}", case.rerun));
        }
        test["trace"] = json!(trace.join("\n"));
    }
    test
}

/// The run as a CTRF document.
fn document(report: &RunReport) -> Value {
    let info = &report.info;
    let start = chrono::DateTime::parse_from_rfc3339(&info.started_at)
        .map_or(0, |t| u64::try_from(t.timestamp_millis()).unwrap_or(0));
    let duration = millis(info.duration_ms);
    let count = |wanted: &str| {
        report
            .cases
            .iter()
            .filter(|c| status(&c.outcome) == wanted)
            .count()
    };
    let mut suites: Vec<&str> = report.cases.iter().map(|c| c.suite.as_str()).collect();
    suites.sort_unstable();
    suites.dedup();
    json!({
        "reportFormat": "CTRF",
        "specVersion": SPEC_VERSION,
        "generatedBy": "nhost-conformance",
        "timestamp": info.started_at,
        "results": {
            "tool": { "name": "nhost-conformance", "version": info.tool_version },
            "summary": {
                "tests": report.cases.len(),
                "passed": count("passed"),
                "failed": count("failed"),
                "skipped": count("skipped"),
                "pending": 0,
                "other": count("other"),
                "flaky": report.cases.iter().filter(|c| matches!(c.outcome, Outcome::Flaky { .. })).count(),
                "suites": suites.len(),
                "start": start,
                "stop": start.saturating_add(duration),
                "duration": duration,
            },
            "tests": report.cases.iter().map(test).collect::<Vec<_>>(),
            "environment": { "appName": "Nhost Auth" },
            "extra": {
                "target": info.target,
                "contract": info.contract,
                "seed": info.seed.to_string(),
                "notStarted": info.not_started,
            },
        },
    })
}
