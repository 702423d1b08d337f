//! Newline-delimited JSON for machines, streamed as cases finish. The main type is
//! [`NdjsonSink`]; each line is an [`NdjsonLine`], encoded by the sanitiser in `formatter`.

mod formatter;
mod imp;

pub(crate) use formatter::to_line as safe_json_line;
pub use imp::{parse_ndjson, FindingLine, NdjsonLine, NdjsonSink, RunLine};
