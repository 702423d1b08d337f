//! Runs planned cases with a progress bar on a terminal and plain lines otherwise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use reports::{CaseRecord, Outcome};

use crate::runner::{failure_text, run_plans, CasePlan, RunSession};

/// Runs every case and returns the records in plan order.
pub fn run_all(session: &RunSession, plans: &[CasePlan], jobs: usize) -> Vec<CaseRecord> {
    crate::runner::libtest::announce_ignored(plans);
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(plans.iter().filter(|p| p.ignored.is_none()).count() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar
    });
    let records = run_plans(session, plans, jobs, &|record| {
        announce(record, bar.as_ref())
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    records
}

fn announce(record: &CaseRecord, bar: Option<&ProgressBar>) {
    let line = match &record.outcome {
        Outcome::Passed => None,
        Outcome::ExpectedFailure { reason } => {
            Some(format!("expected failure {} ({reason})", record.name))
        }
        Outcome::NotCovered { reason } => Some(format!("not covered {}: {reason}", record.name)),
        Outcome::Flaky { reason } => Some(format!("flaky {}: {reason}", record.name)),
        Outcome::NotRun { reason } => Some(format!("not run {}: {reason}", record.name)),
        Outcome::Failed | Outcome::UnexpectedPass { .. } => Some(format!(
            "FAILED {}\n{}",
            record.name,
            failure_text(record).unwrap_or_default()
        )),
    };
    match (bar, line) {
        (Some(bar), line) => {
            bar.inc(1);
            if let Some(line) = line {
                bar.println(line);
            }
        }
        (None, Some(line)) => eprintln!("{line}"),
        (None, None) => {}
    }
}
