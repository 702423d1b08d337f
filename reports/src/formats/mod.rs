//! The report formats a run can write, one row each: [`FORMATS`]. A row names the format in
//! every place a user meets it (its `NHOST_*` variable, its flag, its `conformance.toml` key,
//! its default file in the out dir) and opens its writer; the settings, the flags, the default
//! paths and [`crate::OutputPaths`] all come from these rows, so a new format is one more row
//! and its writer.

mod ctrf;

use std::path::Path;

pub use ctrf::CtrfSink;

use crate::errors::ReportError;
use crate::junit::JunitSink;
use crate::ndjson::NdjsonSink;
use crate::summary::{HtmlSink, MarkdownSink};

/// A writer of one report file, fed the run's events.
pub type BoxedSink = Box<dyn results::EventSink>;

/// One report format.
#[derive(Debug)]
pub struct ReportFormat {
    /// Its name (`junit`), the key of its path in [`crate::OutputPaths`].
    pub name: &'static str,
    /// The `NHOST_*` variable of its path.
    pub env: &'static str,
    /// The flag of its path, without its dashes.
    pub flag: &'static str,
    /// The `conformance.toml` key of its path (under `[reports]`).
    pub key: &'static str,
    /// Its file in the out dir when no path is given.
    pub default_file: &'static str,
    /// What it is, for the line a run prints when it wrote it (`JUnit`).
    pub label: &'static str,
    /// One line for the help, the variable list and the README.
    pub doc: &'static str,
    /// Opens its writer on `path` (created now, so a bad path fails before the run starts).
    pub open: fn(&Path) -> Result<BoxedSink, ReportError>,
}

/// Every report format, in the order their writers are fed and their paths printed.
pub static FORMATS: &[ReportFormat] = &[
    ReportFormat {
        name: "junit",
        env: "NHOST_JUNIT",
        flag: "junit",
        key: "reports.junit",
        default_file: "junit.xml",
        label: "JUnit",
        doc: "write a JUnit XML report here",
        open: |path| Ok(Box::new(JunitSink::create(path)?)),
    },
    ReportFormat {
        name: "ndjson",
        env: "NHOST_NDJSON",
        flag: "ndjson",
        key: "reports.ndjson",
        default_file: "results.ndjson",
        label: "NDJSON",
        doc: "write an NDJSON report here",
        open: |path| Ok(Box::new(NdjsonSink::create(path)?)),
    },
    ReportFormat {
        name: "markdown",
        env: "NHOST_SUMMARY_MD",
        flag: "summary",
        key: "reports.markdown",
        default_file: "summary.md",
        label: "summary",
        doc: "write a Markdown summary here",
        open: |path| Ok(Box::new(MarkdownSink::create(path)?)),
    },
    ReportFormat {
        name: "html",
        env: "NHOST_SUMMARY_HTML",
        flag: "html",
        key: "reports.html",
        default_file: "summary.html",
        label: "HTML summary",
        doc: "write an HTML summary here",
        open: |path| Ok(Box::new(HtmlSink::create(path)?)),
    },
    ReportFormat {
        name: "ctrf",
        env: "NHOST_CTRF",
        flag: "ctrf",
        key: "reports.ctrf",
        default_file: "ctrf.json",
        label: "CTRF",
        doc: "write a CTRF JSON report (Common Test Report Format) here",
        open: |path| Ok(Box::new(CtrfSink::create(path)?)),
    },
];

/// The format named `name`.
pub fn format(name: &str) -> Option<&'static ReportFormat> {
    FORMATS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_in_every_place() {
        for (i, a) in FORMATS.iter().enumerate() {
            for b in &FORMATS[i + 1..] {
                assert!(a.name != b.name && a.env != b.env && a.flag != b.flag);
                assert!(a.key != b.key && a.default_file != b.default_file);
            }
            assert!(a.key.starts_with("reports."), "{}", a.key);
            assert!(a.env.starts_with("NHOST_"), "{}", a.env);
        }
    }
}
