//! [`ReportFiles`]: the sink that writes the report files. Every file is opened when the sink is
//! made, before the first request, so a bad path fails the run before the target sees anything.
//! NDJSON is written and flushed per case; JUnit, Markdown and HTML are written when the run
//! finishes, interrupted or not.

use std::path::PathBuf;

use reports::{ReportSink, Reporter};

use super::events::{EventSink, RunEvent, RunEventKind};
use crate::config::ReportPaths;
use crate::errors::HarnessError;

/// The report files of a run.
pub struct ReportFiles {
    reporter: Reporter,
}

impl ReportFiles {
    /// Opens every report `paths` names. A Markdown summary aimed at `$GITHUB_STEP_SUMMARY` is
    /// appended to, so the step's earlier content is kept.
    pub fn open(paths: &ReportPaths) -> Result<Self, HarnessError> {
        let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").map(PathBuf::from);
        let mut out = paths.clone();
        let append_markdown =
            out.get("markdown").is_some() && out.get("markdown").map(PathBuf::from) == step_summary;
        let appended = if append_markdown {
            out.remove("markdown")
        } else {
            None
        };
        let mut reporter = out.reporter()?;
        if let Some(path) = appended {
            reporter.add(reports::MarkdownSink::append(path)?);
        }
        Ok(Self { reporter })
    }
}

impl EventSink for ReportFiles {
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), HarnessError> {
        match &event.kind {
            RunEventKind::CaseFinished { record, .. } => self.reporter.case_finished(record)?,
            RunEventKind::RunFinished { report, .. } => self.reporter.run_finished(report)?,
            _ => {}
        }
        Ok(())
    }
}
