//! The NDJSON writer and reader. The main type is [`NdjsonSink`]; each line is an
//! [`NdjsonLine`], encoded by [`super::formatter`].
//!
//! Per case: one `{"type":"case",...}` line holding the whole [`CaseRecord`], then one
//! `{"type":"finding","case":...,"rule":...,"pointer":...,"message":...}` line per finding.
//! At the end: one `{"type":"run","info":{...},"totals":{...},"success":...}` line. The
//! writer is flushed after each case, so a crashed run still leaves every finished case.

use results::{EventSink, RunEvent, RunEventKind, SinkError};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::derived::Totals;
use crate::errors::ReportError;
use crate::model::{CaseRecord, FuzzRound, RunInfo, RunReport};
use crate::sink::create_file;
use results::RuleEntry;

use super::formatter::to_line;

/// One line of the NDJSON report, tagged by its `type` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NdjsonLine {
    /// A finished case, with all its data.
    Case(CaseRecord),
    /// One finding of the case written just before.
    Finding(FindingLine),
    /// The end of the run, with its totals.
    Run(RunLine),
}

/// A `{"type":"finding"}` line: one finding and the case it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingLine {
    /// Full name of the case.
    pub case: String,
    /// The violated rule id.
    pub rule: String,
    /// JSON pointer to the offending value.
    pub pointer: String,
    /// The finding's message.
    pub message: String,
}

/// The final `{"type":"run"}` line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunLine {
    /// Facts about the run.
    pub info: RunInfo,
    /// Case counts per outcome.
    pub totals: Totals,
    /// Whether the run passed (no failures, no unexpected passes).
    pub success: bool,
    /// The run's verdict: `passed`, `failed`, `incomplete` or `not_started` (absent in lines
    /// written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<crate::Verdict>,
    /// The catalogue entries of the rules the run mentions (id, description, source).
    #[serde(default)]
    pub rules: Vec<RuleEntry>,
    /// The rounds of a `fuzz` campaign; left out for any other run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<FuzzRound>,
    /// The shape the target sent and its drift from the contract, when the run observed any
    /// answer ([`RunReport::drift`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift: Option<results::Drift>,
}

/// Streams a run as NDJSON to any writer, one case at a time.
#[derive(Debug)]
pub struct NdjsonSink<W: Write> {
    writer: W,
    name: PathBuf,
    /// Names of the cases already written, so the run's end adds exactly the others (cases
    /// a stop left unfinished, which never finished on their own).
    streamed: HashSet<String>,
}

impl NdjsonSink<BufWriter<File>> {
    /// Creates (or truncates) the file at `path`, creating missing parent directories.
    pub fn create(path: impl Into<PathBuf>) -> Result<Self, ReportError> {
        let path = path.into();
        let writer = create_file(&path)?;
        Ok(Self::new(writer, path))
    }
}

impl<W: Write> NdjsonSink<W> {
    /// Writes to `writer`; `name` (a path, or a label such as `<stdout>`) appears in errors.
    pub fn new(writer: W, name: impl Into<PathBuf>) -> Self {
        Self {
            writer,
            name: name.into(),
            streamed: HashSet::new(),
        }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.writer
    }

    /// Writes one line.
    fn write_line(&mut self, line: &NdjsonLine) -> Result<(), ReportError> {
        let bytes = to_line(line).map_err(|source| ReportError::Encode {
            path: self.name.clone(),
            source,
        })?;
        self.writer
            .write_all(&bytes)
            .map_err(|e| ReportError::io("write", &self.name, e))
    }

    /// Flushes the writer.
    fn flush(&mut self) -> Result<(), ReportError> {
        self.writer
            .flush()
            .map_err(|e| ReportError::io("flush", &self.name, e))
    }
}

impl<W: Write> NdjsonSink<W> {
    fn write_case(&mut self, case: &CaseRecord) -> Result<(), ReportError> {
        self.streamed.insert(case.name.clone());
        self.write_line(&NdjsonLine::Case(case.clone()))?;
        for finding in &case.findings {
            self.write_line(&NdjsonLine::Finding(FindingLine {
                case: case.name.clone(),
                rule: finding.rule.clone(),
                pointer: finding.pointer.clone(),
                message: finding.message.clone(),
            }))?;
        }
        self.flush()
    }

    fn write_run(&mut self, report: &RunReport) -> Result<(), ReportError> {
        // Every case of the report has its line, the unfinished ones too.
        for case in &report.cases {
            if !self.streamed.contains(&case.name) {
                self.write_case(case)?;
            }
        }
        let totals = Totals::of(report);
        self.write_line(&NdjsonLine::Run(RunLine {
            info: report.info.clone(),
            totals,
            success: totals.is_success() && report.info.not_started.is_none(),
            verdict: Some(crate::Verdict::of(report)),
            rules: report.rules.clone(),
            rounds: report.rounds.clone(),
            drift: report.drift.clone(),
        }))?;
        self.flush()
    }
}

impl<W: Write + Send> EventSink for NdjsonSink<W> {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError> {
        match &event.kind {
            RunEventKind::CaseFinished { record, .. } => self.write_case(record)?,
            RunEventKind::RunFinished { report, .. } => self.write_run(report)?,
            _ => {}
        }
        Ok(())
    }
}

/// Parses an NDJSON report back into its lines, skipping blank lines.
pub fn parse_ndjson(text: &str) -> Result<Vec<NdjsonLine>, ReportError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).map_err(|source| ReportError::Parse {
                line: index + 1,
                source,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, report};

    fn write(run: &RunReport) -> String {
        let mut sink = NdjsonSink::new(Vec::new(), "<memory>");
        for case in &run.cases {
            sink.case_finished(case).unwrap();
        }
        sink.run_finished(run).unwrap();
        String::from_utf8(sink.into_inner()).unwrap()
    }

    #[test]
    fn one_line_per_case_and_finding_then_run() {
        let run = report(vec![
            case("a::b::case_0000", Outcome::Passed, &["r1"], &[]),
            case(
                "a::b::case_0001",
                Outcome::Failed,
                &[],
                &[("r1", "/x", "bad"), ("r2", "/y", "worse")],
            ),
        ]);
        let text = write(&run);
        let types: Vec<String> = text
            .lines()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                value["type"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(types, vec!["case", "case", "finding", "finding", "run"]);
        let finding: serde_json::Value =
            serde_json::from_str(text.lines().nth(2).unwrap()).unwrap();
        assert_eq!(
            finding,
            serde_json::json!({"type": "finding", "case": "a::b::case_0001", "rule": "r1", "pointer": "/x", "message": "bad"})
        );
        let run_line: serde_json::Value =
            serde_json::from_str(text.lines().last().unwrap()).unwrap();
        assert_eq!(run_line["totals"]["failed"], 1);
        assert_eq!(run_line["totals"]["total"], 2);
        assert_eq!(run_line["success"], false);
        let case_line: serde_json::Value =
            serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(case_line["outcome"], serde_json::json!({"kind": "passed"}));
    }

    #[test]
    fn parse_reads_back_what_was_written() {
        let run = report(vec![case(
            "a::b::case_0000",
            Outcome::ExpectedFailure {
                reason: "known".into(),
            },
            &[],
            &[("r", "", "m")],
        )]);
        let lines = parse_ndjson(&write(&run)).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], NdjsonLine::Case(run.cases[0].clone()));
    }

    #[test]
    fn parse_error_names_the_line() {
        let error = parse_ndjson("\n{\"type\":\"nope\"}\n").unwrap_err();
        assert_eq!(error.to_string(), "invalid NDJSON at line 2");
    }

    #[test]
    fn write_error_names_the_file() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut sink = NdjsonSink::new(Broken, "out.ndjson");
        let error = sink
            .case_finished(&case("a::b::case_0000", Outcome::Passed, &[], &[]))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "failed to write report file `out.ndjson`"
        );
    }
}
