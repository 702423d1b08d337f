//! [`report_sinks`]: the writers of the report files of a run, each an event sink. Every file is
//! opened before the first request, so a bad path fails the run before the target sees
//! anything. A Markdown summary aimed at `$GITHUB_STEP_SUMMARY` is appended to, so the step's
//! earlier content is kept.

use std::path::PathBuf;

use results::EventSink;

use crate::config::ReportPaths;
use crate::errors::HarnessError;

/// Opens a writer for every report `paths` names.
pub fn report_sinks(paths: &ReportPaths) -> Result<Vec<Box<dyn EventSink>>, HarnessError> {
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").map(PathBuf::from);
    let mut out = paths.clone();
    let appended = match out.get("markdown") {
        Some(path) if Some(path) == step_summary.as_deref() => out.remove("markdown"),
        _ => None,
    };
    let mut sinks = out.sinks()?;
    if let Some(path) = appended {
        sinks.push(Box::new(reports::MarkdownSink::append(path)?));
    }
    Ok(sinks)
}
