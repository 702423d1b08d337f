//! `nhost-conformance merge-reports`: many NDJSON reports (one per CI shard, or one per process
//! under cargo-nextest, written through `NHOST_NDJSON_DIR`) merged into one run, written through
//! the same report writers as a run (JUnit, NDJSON, Markdown, HTML).
//!
//! Every `{"type":"case"}` line is one case; a case name seen twice keeps its first record and
//! is reported once on stderr. The run facts come from the first `{"type":"run"}` line (its
//! seed names the shards' common run seed); the duration is the longest of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use reports::{parse_ndjson, NdjsonLine, Totals};
use results::{exit, CaseRecord, RunInfo, RunReport, RunSeed};

use super::args::MergeArgs;
use crate::errors::{ConfigError, HarnessError};
use crate::runner::report_sinks;

/// Merges and returns the exit code: 1 when a merged case failed, else 0 (2 for an input that
/// cannot be read or parsed, 4 for an output that cannot be written).
pub fn merge_reports(args: &MergeArgs) -> Result<u8, HarnessError> {
    let files = ndjson_files(&args.inputs, "merge-reports")?;
    let report = merge(&files)?;
    let mut config = crate::config::resolve(&[&args.reports.layer()])?;
    super::args::default_reports(&mut config);
    let paths = config.reports;
    let mut sinks = report_sinks(&paths)?;
    results::replay_run(&report, &mut sinks).map_err(HarnessError::Sink)?;
    let totals = Totals::of(&report);
    eprintln!(
        "merged {} file(s): {} cases, {} passed, {} failed",
        files.len(),
        totals.total,
        totals.passed + totals.flaky,
        totals.failed + totals.unexpected_passes
    );
    super::run::print_report_paths(&paths);
    Ok(if totals.is_success() {
        exit::PASSED
    } else {
        exit::FAILED
    })
}

fn bad(message: String) -> HarnessError {
    ConfigError::new("command line", "merge-reports", message).into()
}

/// The NDJSON files named by `inputs`: files as given, directories' `*.ndjson` sorted by name;
/// `command` names the subcommand in errors.
pub fn ndjson_files(inputs: &[PathBuf], command: &str) -> Result<Vec<PathBuf>, HarnessError> {
    let bad =
        |message: String| HarnessError::from(ConfigError::new("command line", command, message));
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| bad(format!("cannot read {}: {e}", input.display())))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ndjson"))
                .collect();
            found.sort();
            out.extend(found);
        } else if input.is_file() {
            out.push(input.clone());
        } else {
            return Err(bad(format!(
                "{} is neither a file nor a directory",
                input.display()
            )));
        }
    }
    if out.is_empty() {
        return Err(bad("no NDJSON file among the inputs".to_owned()));
    }
    Ok(out)
}

/// Reads every file and merges their cases (sorted by name) into one run.
pub fn merge(files: &[PathBuf]) -> Result<RunReport, HarnessError> {
    let mut cases: BTreeMap<String, CaseRecord> = BTreeMap::new();
    let mut info: Option<RunInfo> = None;
    let mut rules: BTreeMap<String, results::RuleEntry> = BTreeMap::new();
    let mut longest = 0.0_f64;
    for path in files {
        for line in read(path)? {
            match line {
                NdjsonLine::Case(record) => {
                    if cases.contains_key(&record.name) {
                        eprintln!(
                            "merge-reports: {} appears twice; keeping the first ({})",
                            record.name,
                            path.display()
                        );
                    } else {
                        cases.insert(record.name.clone(), record);
                    }
                }
                NdjsonLine::Run(run) => {
                    longest = longest.max(run.info.duration_ms);
                    info.get_or_insert(run.info);
                    for entry in run.rules {
                        rules.entry(entry.id.clone()).or_insert(entry);
                    }
                }
                NdjsonLine::Finding(_) => {}
            }
        }
    }
    let mut info = info.unwrap_or_else(|| RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        target: "unknown (no run line in the inputs)".to_owned(),
        contract: "unknown".to_owned(),
        seed: RunSeed(0),
        started_at: String::new(),
        duration_ms: 0.0,
        ..RunInfo::default()
    });
    info.duration_ms = longest;
    Ok(RunReport {
        info,
        cases: cases.into_values().collect(),
        rules: rules.into_values().collect(),
        rounds: Vec::new(),
        drift: None,
    })
}

fn read(path: &Path) -> Result<Vec<NdjsonLine>, HarnessError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
    parse_ndjson(&text).map_err(|e| bad(format!("{}: {e}", path.display())))
}
