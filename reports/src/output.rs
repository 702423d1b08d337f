//! Writing every requested report at once. The main type is [`OutputPaths`]; [`write_all`]
//! writes a finished run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::errors::ReportError;
use crate::formats::{format, FORMATS};
use crate::model::RunReport;
use results::{EventSink, SinkError};

/// Where to write each report, by format name ([`crate::FORMATS`]); a format with no path is
/// not written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputPaths {
    paths: BTreeMap<&'static str, PathBuf>,
}

impl OutputPaths {
    /// Writes the report of format `name` to `path`.
    ///
    /// # Panics
    /// When no format has that name: a bug of the caller, caught by its tests.
    pub fn set(&mut self, name: &str, path: impl Into<PathBuf>) {
        let format = format(name).unwrap_or_else(|| panic!("no report format {name}"));
        self.paths.insert(format.name, path.into());
    }

    /// [`OutputPaths::set`], by value.
    #[must_use]
    pub fn with(mut self, name: &str, path: impl Into<PathBuf>) -> Self {
        self.set(name, path);
        self
    }

    /// The path of the report of format `name`, if it is written.
    pub fn get(&self, name: &str) -> Option<&Path> {
        self.paths.get(name).map(PathBuf::as_path)
    }

    /// Leaves the report of format `name` out, returning the path it had.
    pub fn remove(&mut self, name: &str) -> Option<PathBuf> {
        self.paths.remove(name)
    }

    /// Each report written and its path, in the order of [`FORMATS`].
    pub fn iter(&self) -> impl Iterator<Item = (&'static crate::ReportFormat, &Path)> {
        FORMATS
            .iter()
            .filter_map(|f| self.get(f.name).map(|path| (f, path)))
    }

    /// Opens a writer (an event sink) for every path that is set, in the order of [`FORMATS`].
    /// Files are created now, so a bad path fails before the run starts.
    pub fn sinks(&self) -> Result<Vec<Box<dyn EventSink>>, ReportError> {
        self.iter()
            .map(|(format, path)| (format.open)(path))
            .collect()
    }
}

/// Writes every report `paths` asks for from a finished run: each case as an event, then the
/// end of the run.
pub fn write_all(report: &RunReport, paths: &OutputPaths) -> Result<(), SinkError> {
    results::replay_run(report, &mut paths.sinks()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, report};

    #[test]
    fn writes_exactly_the_requested_files() {
        let dir = std::env::temp_dir().join(format!("reports-output-{}", std::process::id()));
        let paths = OutputPaths::default()
            .with("junit", dir.join("junit.xml"))
            .with("ndjson", dir.join("run.ndjson"))
            .with("html", dir.join("html/summary.html"));
        let run = report(vec![case(
            "a::b::case_0000",
            Outcome::Failed,
            &[],
            &[("r", "/", "m")],
        )]);
        write_all(&run, &paths).unwrap();
        let mut names: Vec<String> = walk(&dir);
        names.sort();
        assert_eq!(names, vec!["html/summary.html", "junit.xml", "run.ndjson"]);
        let ndjson = std::fs::read_to_string(dir.join("run.ndjson")).unwrap();
        assert_eq!(ndjson.lines().count(), 3, "case, finding, run");
        assert!(std::fs::read_to_string(dir.join("junit.xml"))
            .unwrap()
            .contains("<failure"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn no_paths_writes_nothing() {
        assert!(OutputPaths::default().sinks().unwrap().is_empty());
        write_all(&report(vec![]), &OutputPaths::default()).unwrap();
    }

    fn walk(dir: &std::path::Path) -> Vec<String> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(
                    walk(&path)
                        .into_iter()
                        .map(|n| format!("{}/{n}", path.file_name().unwrap().to_string_lossy())),
                );
            } else {
                out.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
        out
    }
}
