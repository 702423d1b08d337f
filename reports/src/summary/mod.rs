//! Human summaries of a run: Markdown ([`MarkdownSink`], for `$GITHUB_STEP_SUMMARY`) and one
//! self-contained HTML page ([`HtmlSink`]). Both show the totals, the conformance matrix,
//! findings grouped by rule, the slowest operations and how to re-run each failure; their
//! limits are in [`SummaryOptions`].

pub(crate) mod budget;
mod data;
mod drift;
pub(crate) mod escape;
mod facts;
pub(crate) mod html;
mod markdown;
mod observations;
mod options;
mod unique;

pub use escape::{case_anchor, escape_html, escape_markdown};
pub use html::{render_html, HtmlSink};
pub use markdown::{render_markdown, MarkdownSink};
pub use options::{SummaryOptions, MARKDOWN_MAX_BYTES};
