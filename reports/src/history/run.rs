//! One past run as the history sees it: [`RunSummary`], read from the run's NDJSON file (or the
//! NDJSON files of its shards) one line at a time, keeping only counts: how each rule fared
//! (the run's [`Matrix`]), the totals, and the run line's facts.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::derived::{Matrix, MatrixBuilder, RuleStatus, Totals};
use crate::errors::ReportError;
use crate::model::RunInfo;
use crate::ndjson::NdjsonLine;
use results::RuleEntry;

/// What the history keeps of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    /// Where the run was read from (a file or a directory, as given).
    pub source: String,
    /// The run line's facts; `None` when no file had a run line (a run that crashed).
    pub info: Option<RunInfo>,
    /// Case counts by outcome (a case name seen twice counts once, its first record).
    pub totals: Totals,
    /// How the run's cases fared against each rule.
    pub matrix: Matrix,
    /// The catalogue entries the run lines carried, by rule id.
    pub rules: BTreeMap<String, RuleEntry>,
}

impl RunSummary {
    /// Reads one run from `files` (one NDJSON file, or the files of its shards), naming it
    /// `source`. Blank lines are skipped; finding lines are not needed (the case lines hold
    /// every finding); the first run line gives the facts, the longest duration wins.
    pub fn read(source: impl Into<String>, files: &[PathBuf]) -> Result<RunSummary, ReportError> {
        let mut builder = MatrixBuilder::default();
        let mut totals = Totals::default();
        let mut seen: HashSet<String> = HashSet::new();
        let mut info: Option<RunInfo> = None;
        let mut rules = BTreeMap::new();
        for path in files {
            for_each_line(path, |line| match line {
                NdjsonLine::Case(case) => {
                    if seen.insert(case.name.clone()) {
                        totals.add(&case.outcome);
                        builder.add(&case);
                    }
                }
                NdjsonLine::Run(run) => {
                    match &mut info {
                        Some(kept) => kept.duration_ms = kept.duration_ms.max(run.info.duration_ms),
                        None => info = Some(run.info),
                    }
                    for entry in run.rules {
                        rules.entry(entry.id.clone()).or_insert(entry);
                    }
                }
                NdjsonLine::Finding(_) => {}
            })?;
        }
        Ok(RunSummary {
            source: source.into(),
            info,
            totals,
            matrix: builder.finish(),
            rules,
        })
    }

    /// How rule `id` fared, `None` when no case of the run mentions it.
    pub fn status(&self, id: &str) -> Option<RuleStatus> {
        self.matrix.row(id).map(|row| row.status())
    }

    /// How many rules some case failed.
    pub fn failing_rules(&self) -> usize {
        self.matrix
            .rows
            .iter()
            .filter(|row| row.status() == RuleStatus::Failed)
            .count()
    }

    /// The share of the run's cases that reached a verdict (not *not covered*, *not
    /// applicable* or *not run*), in percent; 0 for a run without cases.
    pub fn coverage_percent(&self) -> f64 {
        let t = &self.totals;
        if t.total == 0 {
            return 0.0;
        }
        let judged = t.total - t.not_covered - t.not_applicable - t.not_run;
        100.0 * judged as f64 / t.total as f64
    }

    /// When the run started (RFC 3339), or `""` when unknown.
    pub fn started_at(&self) -> &str {
        self.info.as_ref().map_or("", |i| i.started_at.as_str())
    }
}

/// Parses `path` line by line, handing each NDJSON line to `each`.
fn for_each_line(path: &Path, mut each: impl FnMut(NdjsonLine)) -> Result<(), ReportError> {
    let file = std::fs::File::open(path).map_err(|e| ReportError::io("read", path, e))?;
    let mut reader = BufReader::new(file);
    let mut text = String::new();
    let mut number = 0;
    loop {
        text.clear();
        number += 1;
        let read = reader
            .read_line(&mut text)
            .map_err(|e| ReportError::io("read", path, e))?;
        if read == 0 {
            return Ok(());
        }
        if text.trim().is_empty() {
            continue;
        }
        let line = serde_json::from_str(&text).map_err(|source| ReportError::NdjsonFile {
            path: path.to_owned(),
            line: number,
            source,
        })?;
        each(line);
    }
}
