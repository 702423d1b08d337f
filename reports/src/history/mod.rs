//! `nhost-conformance history`: how each rule fared across past runs, from their NDJSON
//! reports. The main type is [`History`]: its runs ([`RunSummary`], read one NDJSON line at a
//! time) oldest first, and per rule a [`RuleHistory`] in one [`Trend`] group (newly failing,
//! flipping, fixed, still failing, passing, not judged). [`write_history`] writes the HTML page
//! ([`render_history_html`], with a chart of outcomes per run and one of failing rules and
//! coverage per run) and the Markdown ([`render_history_markdown`]).

mod html;
mod markdown;
mod run;
mod trend;

use std::io::Write;
use std::path::Path;

pub use html::render_history_html;
pub use markdown::render_history_markdown;
pub use run::RunSummary;
pub use trend::{History, RuleHistory, Trend};

use crate::derived::RuleStatus;
use crate::errors::ReportError;
use crate::sink::{append_file, create_file};
use crate::summary::MARKDOWN_MAX_BYTES;

/// What the symbols of a rule's runs mean, for the pages' legends.
pub(crate) const STRIP_LEGEND: &str =
    "✗ failed, ✓ passed, ≈ flaky, e failed as expected, ? not covered, · not in the run";

/// The symbol of a rule's status in one run, and the status' name (`not-covered`).
pub(crate) fn strip_symbol(status: Option<RuleStatus>) -> (char, &'static str) {
    match status {
        Some(RuleStatus::Failed) => ('✗', "failed"),
        Some(RuleStatus::Passed) => ('✓', "passed"),
        Some(RuleStatus::Flaky) => ('≈', "flaky"),
        Some(RuleStatus::Expected) => ('e', "expected"),
        Some(RuleStatus::NotCovered) => ('?', "not-covered"),
        None => ('·', "absent"),
    }
}

/// How a run is named on the pages: `#N` (1 the oldest) and when it started, to the minute
/// The two trend-specific cells of a rule's row in a history table (what the columns named for
/// `trend` hold), each run named by `label`.
pub(crate) fn trend_cells(
    history: &History,
    trend: Trend,
    rule: &RuleHistory,
    label: impl Fn(Option<usize>) -> String,
) -> (String, String) {
    match trend {
        Trend::NewlyFailing => (label(rule.streak_start), label(rule.last_passing)),
        Trend::Fixed => (label(rule.last_failing), label(rule.streak_start)),
        Trend::Flipping => {
            let failed = rule
                .statuses
                .iter()
                .filter(|s| **s == Some(RuleStatus::Failed))
                .count();
            (
                rule.flips.to_string(),
                format!("{failed} of {} runs", history.runs.len()),
            )
        }
        _ => (label(rule.first_failing), label(rule.last_passing)),
    }
}

/// (`#3 2025-01-31 02:17`).
pub(crate) fn run_label(index: usize, run: &RunSummary) -> String {
    let started = run.started_at();
    let when: String = started
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    if when.is_empty() {
        format!("#{}", index + 1)
    } else {
        format!("#{} {when}", index + 1)
    }
}

/// Writes the history's HTML page to `html` and its Markdown (under [`MARKDOWN_MAX_BYTES`]) to
/// `markdown`, appended when `append` (as `$GITHUB_STEP_SUMMARY` expects), else rewritten;
/// missing parent directories are created.
pub fn write_history(
    history: &History,
    html: Option<&Path>,
    markdown: Option<&Path>,
    append: bool,
) -> Result<(), ReportError> {
    let mut files = Vec::new();
    if let Some(path) = html {
        files.push((path, create_file(path)?, render_history_html(history)));
    }
    if let Some(path) = markdown {
        files.push((
            path,
            if append {
                append_file(path)?
            } else {
                create_file(path)?
            },
            render_history_markdown(history, MARKDOWN_MAX_BYTES),
        ));
    }
    for (path, mut file, text) in files {
        file.write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| ReportError::io("write", path, e))?;
    }
    Ok(())
}
