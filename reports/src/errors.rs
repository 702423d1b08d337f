//! Errors of the reports crate. The main type is [`ReportError`].

use std::path::PathBuf;

use thiserror::Error;

/// An error while writing or reading a report.
///
/// Messages are lowercase fragments that name the file involved; the cause is the error's
/// [`source`](std::error::Error::source).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A report file could not be created, written or flushed.
    #[error("failed to {action} report file `{}`", path.display())]
    Io {
        /// What was being done: "create", "write" or "flush".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },

    /// A record could not be encoded as JSON.
    #[error("failed to encode an NDJSON line for `{}`", path.display())]
    Encode {
        /// The file being written.
        path: PathBuf,
        /// The serde_json error.
        #[source]
        source: serde_json::Error,
    },

    /// quick-junit could not serialize the JUnit report.
    #[error("failed to write JUnit XML to `{}`", path.display())]
    Junit {
        /// The file being written.
        path: PathBuf,
        /// The quick-junit error.
        #[source]
        source: quick_junit::SerializeError,
    },

    /// The run's `started_at` is not an RFC 3339 timestamp.
    #[error("invalid run start time `{value}`: expected RFC 3339 such as 2025-01-31T12:00:00Z")]
    Timestamp {
        /// The value given.
        value: String,
        /// The parse error.
        #[source]
        source: chrono::ParseError,
    },

    /// A duration is negative, not a number, or too large.
    #[error("invalid duration {value} ms for {what}: expected a finite, non-negative number")]
    Duration {
        /// What the duration belongs to (the run, or a case name).
        what: String,
        /// The value given, in milliseconds.
        value: f64,
    },

    /// A line of an NDJSON file does not parse.
    #[error("invalid NDJSON in `{}` at line {line}", path.display())]
    NdjsonFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// The serde_json error.
        #[source]
        source: serde_json::Error,
    },

    /// A history was asked for with no run.
    #[error("no run to make a history of: give at least one NDJSON file or directory")]
    NoRuns,

    /// A line of an NDJSON report does not parse.
    #[error("invalid NDJSON at line {line}")]
    Parse {
        /// The 1-based line number.
        line: usize,
        /// The serde_json error.
        #[source]
        source: serde_json::Error,
    },
}

impl ReportError {
    /// Builds an [`ReportError::Io`] for `path`.
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        ReportError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_message_names_the_path_on_one_line() {
        let error = ReportError::io(
            "create",
            "/nowhere/junit.xml",
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        let message = error.to_string();
        assert_eq!(message, "failed to create report file `/nowhere/junit.xml`");
        assert!(std::error::Error::source(&error).is_some());
    }

    #[test]
    fn duration_message_names_the_owner() {
        let error = ReportError::Duration {
            what: "case a::b::case_0001".into(),
            value: -1.0,
        };
        assert_eq!(
            error.to_string(),
            "invalid duration -1 ms for case a::b::case_0001: expected a finite, non-negative number"
        );
    }
}
