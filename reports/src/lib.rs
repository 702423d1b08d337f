//! Conformance reports: JUnit XML, NDJSON, CTRF JSON and Markdown/HTML summaries of a run.
//!
//! The runner fills the plain data model (`results::RunReport`, `results::CaseRecord`, …, already redacted)
//! and sends the run's events (`results::RunEvent`) to its sinks; every writer is one
//! (`results::EventSink`), in its own module, and a row of the format registry
//! ([`FORMATS`]):
//!
//! - [`JunitSink`]: JUnit XML for CI test reporters (quick-junit);
//! - [`NdjsonSink`]: one JSON line per case and per finding, streamed, then a run line;
//! - the CTRF writer: the Common Test Report Format, for the CI reporters that read it;
//! - [`MarkdownSink`] and [`HtmlSink`]: human summaries with totals, the conformance
//!   [`Matrix`], findings by rule, latency per operation ([`LatencyRow`]), the slowest
//!   operations and re-run commands. The HTML page has charts as inline SVG (drawn by plotters;
//!   outcomes per suite, latency per operation, the rule × suite grid, a fuzz campaign's
//!   rounds), each with a caption, an SVG title and description, a legend and a table of the
//!   same numbers; the Markdown stays under GitHub's 1 MiB step-summary limit
//!   ([`MARKDOWN_MAX_BYTES`]).
//!
//! Two JSON values compared anywhere in a run are reported as their differences
//! (`results::diff::json_diff`, one `Difference` per JSON pointer). Across runs,
//! [`History`] reads past runs' NDJSON ([`RunSummary`]) and groups every rule by what its
//! verdicts did ([`Trend`]: newly failing, flipping, fixed, …), for `nhost-conformance history`
//! ([`write_history`]).
//!
//! [`write_all`] writes every report [`OutputPaths`] asks for from a finished run
//! ([`OutputPaths::sinks`] opens the writers for a run that is going).
//!
//! ```
//! use reports::{write_all, OutputPaths};
//! use results::{RunInfo, RunReport, RunSeed};
//!
//! let report = RunReport {
//!     info: RunInfo {
//!         tool_version: "0.1.0".into(),
//!         target: "http://127.0.0.1:4000".into(),
//!         contract: "published".into(),
//!         seed: RunSeed(42),
//!         started_at: "2025-01-31T12:00:00Z".into(),
//!         duration_ms: 10.0,
//!         ..RunInfo::default()
//!     },
//!     cases: vec![],
//!     rules: vec![],
//!     rounds: vec![],
//!     drift: None,
//! };
//! let dir = std::env::temp_dir().join(format!("reports-doc-{}", std::process::id()));
//! let paths = OutputPaths::default().with("junit", dir.join("junit.xml"));
//! write_all(&report, &paths)?;
//! assert!(std::fs::read_to_string(dir.join("junit.xml"))?.contains("nhost-conformance"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```
#![warn(missing_docs)]

mod charts;
mod derived;
mod errors;
mod formats;
mod history;
mod junit;
mod ndjson;
mod output;
mod sink;
mod summary;
mod text;

#[cfg(test)]
mod testutil;

pub use derived::unique_failures;
pub use derived::{
    findings_by_rule, latency_by_operation, slowest_operations, FindingEntry, LatencyRow, Matrix,
    MatrixBuilder, MatrixRow, ReactionCell, ReactionRow, ReactionTable, RuleFindings, RuleStatus,
    SlowOperation, SuiteTotals, Totals, UniqueFailure, Verdict,
};
pub use errors::ReportError;
pub use formats::{format, BoxedSink, ReportFormat, FORMATS};
pub use history::{
    render_history_html, render_history_markdown, write_history, History, RuleHistory, RunSummary,
    Trend,
};
pub use junit::{junit_report, JunitSink, REPORT_NAME};
pub use ndjson::{parse_ndjson, FindingLine, NdjsonLine, NdjsonSink, RunLine};
pub use output::{write_all, OutputPaths};
/// The data model lives in the `results` crate (its one import path); `crate::model` names it
/// inside this crate.
use results::model;
pub use summary::{
    case_anchor, escape_html, escape_markdown, render_html, render_markdown, HtmlSink,
    MarkdownSink, SummaryOptions, MARKDOWN_MAX_BYTES,
};
pub use text::terminal_safe;
