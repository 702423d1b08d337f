//! Writing every requested report at once. The main type is [`OutputPaths`]; [`write_all`]
//! writes a finished run.

use std::path::PathBuf;

use crate::errors::ReportError;
use crate::junit::JunitSink;
use crate::model::RunReport;
use crate::ndjson::NdjsonSink;
use crate::sink::{ReportSink, Reporter};
use crate::summary::{HtmlSink, MarkdownSink};

/// Where to write each report; `None` skips it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputPaths {
    /// JUnit XML.
    pub junit: Option<PathBuf>,
    /// NDJSON.
    pub ndjson: Option<PathBuf>,
    /// Markdown summary (created or truncated; use [`MarkdownSink::append`] for
    /// `$GITHUB_STEP_SUMMARY`).
    pub markdown: Option<PathBuf>,
    /// Self-contained HTML summary.
    pub html: Option<PathBuf>,
}

impl OutputPaths {
    /// Opens a sink for every path that is set, in the order junit, ndjson, markdown, html.
    /// Files are created now, so a bad path fails before the run starts.
    pub fn reporter(&self) -> Result<Reporter, ReportError> {
        let mut reporter = Reporter::new();
        if let Some(path) = &self.junit {
            reporter.add(JunitSink::create(path)?);
        }
        if let Some(path) = &self.ndjson {
            reporter.add(NdjsonSink::create(path)?);
        }
        if let Some(path) = &self.markdown {
            reporter.add(MarkdownSink::create(path)?);
        }
        if let Some(path) = &self.html {
            reporter.add(HtmlSink::create(path)?);
        }
        Ok(reporter)
    }
}

/// Writes every report `paths` asks for from a finished run: each case as an event, then the
/// end of the run.
pub fn write_all(report: &RunReport, paths: &OutputPaths) -> Result<(), ReportError> {
    let mut reporter = paths.reporter()?;
    for case in &report.cases {
        reporter.case_finished(case)?;
    }
    reporter.run_finished(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Outcome;
    use crate::testutil::{case, report};

    #[test]
    fn writes_exactly_the_requested_files() {
        let dir = std::env::temp_dir().join(format!("reports-output-{}", std::process::id()));
        let paths = OutputPaths {
            junit: Some(dir.join("junit.xml")),
            ndjson: Some(dir.join("run.ndjson")),
            markdown: None,
            html: Some(dir.join("html/summary.html")),
        };
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
        let reporter = OutputPaths::default().reporter().unwrap();
        assert!(reporter.is_empty());
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
