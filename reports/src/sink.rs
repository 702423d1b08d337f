//! Reporting driven by events: the [`ReportSink`] trait, the [`Reporter`] that fans events out
//! to several sinks, and the helper that opens report files.

use std::fs::{File, OpenOptions};
use std::io::BufWriter;
use std::path::Path;

use crate::errors::ReportError;
use crate::model::{CaseRecord, RunReport};

/// A writer fed by the runner, one event at a time.
///
/// The runner calls [`case_finished`](ReportSink::case_finished) once per case as it ends,
/// then [`run_finished`](ReportSink::run_finished) once with the whole run. The `report` given
/// to `run_finished` holds every case, including those already passed to `case_finished`:
/// streaming sinks (NDJSON) write at `case_finished`, sinks that need the whole run (JUnit,
/// summaries) write at `run_finished`.
pub trait ReportSink {
    /// Called when one case has finished.
    fn case_finished(&mut self, case: &CaseRecord) -> Result<(), ReportError>;
    /// Called once, when the whole run has finished.
    fn run_finished(&mut self, report: &RunReport) -> Result<(), ReportError>;
}

/// Passes every event to each of its sinks, in the order they were added.
///
/// An event stops at the first sink that fails, and that error is returned.
#[derive(Default)]
pub struct Reporter {
    sinks: Vec<Box<dyn ReportSink + Send>>,
}

impl Reporter {
    /// A reporter with no sinks.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a sink.
    pub fn add(&mut self, sink: impl ReportSink + Send + 'static) -> &mut Self {
        self.sinks.push(Box::new(sink));
        self
    }

    /// Adds a boxed sink (a [`crate::ReportFormat`]'s writer).
    pub fn add_boxed(&mut self, sink: Box<dyn ReportSink + Send>) -> &mut Self {
        self.sinks.push(sink);
        self
    }

    /// How many sinks the reporter feeds.
    pub fn len(&self) -> usize {
        self.sinks.len()
    }

    /// Whether the reporter has no sinks.
    pub fn is_empty(&self) -> bool {
        self.sinks.is_empty()
    }
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reporter")
            .field("sinks", &self.sinks.len())
            .finish()
    }
}

impl ReportSink for Reporter {
    fn case_finished(&mut self, case: &CaseRecord) -> Result<(), ReportError> {
        self.sinks
            .iter_mut()
            .try_for_each(|sink| sink.case_finished(case))
    }

    fn run_finished(&mut self, report: &RunReport) -> Result<(), ReportError> {
        self.sinks
            .iter_mut()
            .try_for_each(|sink| sink.run_finished(report))
    }
}

/// Creates (or truncates) the report file at `path`, creating missing parent directories.
pub(crate) fn create_file(path: &Path) -> Result<BufWriter<File>, ReportError> {
    open_file(
        path,
        OpenOptions::new().write(true).create(true).truncate(true),
    )
}

/// Opens the report file at `path` for appending, creating it and missing parent directories.
pub(crate) fn append_file(path: &Path) -> Result<BufWriter<File>, ReportError> {
    open_file(path, OpenOptions::new().append(true).create(true))
}

fn open_file(path: &Path, options: &OpenOptions) -> Result<BufWriter<File>, ReportError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| ReportError::io("create", parent, e))?;
    }
    options
        .open(path)
        .map(BufWriter::new)
        .map_err(|e| ReportError::io("create", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, report};
    use std::sync::{Arc, Mutex};

    /// Records the events it gets, and fails on `fail_on` cases.
    struct Recorder {
        log: Arc<Mutex<Vec<String>>>,
        label: &'static str,
        fail_on: Option<&'static str>,
    }

    impl ReportSink for Recorder {
        fn case_finished(&mut self, case: &CaseRecord) -> Result<(), ReportError> {
            self.log
                .lock()
                .unwrap()
                .push(format!("{}:case:{}", self.label, case.name));
            if self.fail_on == Some(case.name.as_str()) {
                return Err(ReportError::io(
                    "write",
                    self.label,
                    std::io::ErrorKind::Other.into(),
                ));
            }
            Ok(())
        }
        fn run_finished(&mut self, report: &RunReport) -> Result<(), ReportError> {
            self.log
                .lock()
                .unwrap()
                .push(format!("{}:run:{}", self.label, report.cases.len()));
            Ok(())
        }
    }

    #[test]
    fn reporter_fans_out_in_order_and_stops_at_first_error() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut reporter = Reporter::new();
        reporter
            .add(Recorder {
                log: log.clone(),
                label: "a",
                fail_on: Some("x::y::case_0001"),
            })
            .add(Recorder {
                log: log.clone(),
                label: "b",
                fail_on: None,
            });
        assert_eq!(reporter.len(), 2);
        let first = case("x::y::case_0000", Outcome::Passed, &[], &[]);
        let second = case("x::y::case_0001", Outcome::Passed, &[], &[]);
        reporter.case_finished(&first).unwrap();
        let error = reporter.case_finished(&second).unwrap_err();
        assert_eq!(error.to_string(), "failed to write report file `a`");
        reporter.run_finished(&report(vec![first, second])).unwrap();
        assert_eq!(
            *log.lock().unwrap(),
            vec![
                "a:case:x::y::case_0000",
                "b:case:x::y::case_0000",
                "a:case:x::y::case_0001",
                "a:run:2",
                "b:run:2"
            ]
        );
    }

    #[test]
    fn create_file_makes_parents_and_names_the_path_on_failure() {
        let dir = std::env::temp_dir().join(format!("reports-sink-{}", std::process::id()));
        let path = dir.join("nested/deeper/report.xml");
        drop(create_file(&path).unwrap());
        assert!(path.is_file());
        // A file cannot be the parent of another file.
        let error = create_file(&path.join("child.xml")).unwrap_err();
        assert!(error.to_string().contains("report.xml"), "{error}");

        let log = dir.join("append.md");
        for text in ["one\n", "two\n"] {
            let mut file = append_file(&log).unwrap();
            std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        }
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "one\ntwo\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
