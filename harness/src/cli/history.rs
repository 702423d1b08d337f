//! `nhost-conformance history`: the NDJSON results of past runs turned into a history page
//! (HTML and Markdown, rendered by [`reports::History`]): per rule, when it first failed and
//! last passed, and which rules are newly failing, fixed, or flipping between runs.

use std::path::PathBuf;

use reports::{write_history, History, RunSummary, Trend};
use results::exit;

use super::args::HistoryArgs;
use super::merge::ndjson_files;
use crate::errors::{ConfigError, HarnessError};
use crate::runner::DEFAULT_OUT_DIR;

/// Reads every run, writes the pages, and returns the exit code: 0 once they are written (2 for
/// a run that cannot be read or parsed, 4 for a page that cannot be written).
pub fn history(args: &HistoryArgs) -> Result<u8, HarnessError> {
    let mut runs = Vec::with_capacity(args.runs.len());
    for input in &args.runs {
        let files = ndjson_files(std::slice::from_ref(input), "history")?;
        let run = RunSummary::read(input.display().to_string(), &files).map_err(|e| {
            HarnessError::from(ConfigError::new(
                "command line",
                "history",
                format!("cannot read the run {}: {e}", input.display()),
            ))
        })?;
        runs.push(run);
    }
    let history = History::of(runs);
    if !history.in_time_order() {
        eprintln!(
            "history: not every run has a start time (no run line): runs are in the order given"
        );
    }
    let out_dir = args
        .out_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT_DIR));
    let html = args
        .html
        .clone()
        .unwrap_or_else(|| out_dir.join("history.html"));
    let (markdown, append) = match &args.summary {
        Some(path) => (path.clone(), true),
        None => (out_dir.join("history.md"), false),
    };
    write_history(&history, Some(&html), Some(&markdown), append)?;
    let counts: Vec<String> = Trend::ALL
        .iter()
        .map(|t| format!("{} {}", history.group(*t).count(), t.label()))
        .collect();
    eprintln!(
        "history of {} runs: {}",
        history.runs.len(),
        counts.join(", ")
    );
    eprintln!("HTML: {}", html.display());
    eprintln!("Markdown: {}", markdown.display());
    Ok(exit::PASSED)
}
