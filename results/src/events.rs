//! The run's event vocabulary, shared by every producer (the engine, a `fuzz` campaign,
//! `merge-reports`) and every consumer (the report writers, the console, a campaign's
//! counters), in the spirit of nextest's reporter events: [`RunEvent`]s flow one way, from the
//! producer to its [`EventSink`]s, and no sink calls back.

use std::time::{Duration, SystemTime};

use crate::model::{CaseRecord, RunInfo, RunReport};
use crate::names::{CaseName, CaseSeed};

/// One case of the plan, as a sink sees it before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlannedCase {
    /// Its name (a regression's carries its seed).
    pub name: CaseName,
    /// Its case seed.
    pub seed: CaseSeed,
    /// Why it cannot run on this target, if it cannot (it will be reported not covered).
    pub not_coverable: Option<String>,
}

impl PlannedCase {
    /// A case of the plan.
    pub fn new(name: CaseName, seed: CaseSeed, not_coverable: Option<String>) -> Self {
        Self {
            name,
            seed,
            not_coverable,
        }
    }
}

/// What happened.
#[derive(Debug)]
#[non_exhaustive]
pub enum RunEventKind<'a> {
    /// The run starts: its facts and its whole plan.
    RunStarted {
        /// The run's facts.
        info: &'a RunInfo,
        /// Every case planned, in order.
        plan: &'a [PlannedCase],
    },
    /// A case starts.
    CaseStarted {
        /// The case.
        case: &'a PlannedCase,
    },
    /// A case finished.
    CaseFinished {
        /// Its record, redacted.
        record: &'a CaseRecord,
        /// The `cargo test` line that re-runs it alone, for a failure under `cargo test`.
        cargo_rerun: Option<&'a str>,
    },
    /// How far the run is (sent now and then, for sinks without a live bar).
    Progress {
        /// Cases finished.
        finished: usize,
        /// Cases planned.
        planned: usize,
        /// Cases failed so far.
        failed: usize,
    },
    /// The run finished (the last event): the whole report.
    RunFinished {
        /// The report: every case, the unfinished ones too.
        report: &'a RunReport,
        /// Why the run stopped before its plan was done, if it did.
        stopped: Option<&'a str>,
        /// What the cleanup at the end did, in one line, if there was one.
        cleanup: Option<&'a str>,
    },
}

/// One event, with when it happened.
#[derive(Debug)]
pub struct RunEvent<'a> {
    /// Wall-clock time.
    pub timestamp: SystemTime,
    /// Time since the run started.
    pub elapsed: Duration,
    /// What happened.
    pub kind: RunEventKind<'a>,
}

impl<'a> RunEvent<'a> {
    /// An event that happens now, `elapsed` after the run started.
    pub fn now(elapsed: Duration, kind: RunEventKind<'a>) -> Self {
        Self {
            timestamp: SystemTime::now(),
            elapsed,
            kind,
        }
    }
}

/// Why a sink could not take an event (a report file that cannot be written, a closed
/// terminal): the producer records it and goes on; the run then exits with the I/O code.
pub type SinkError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A consumer of the run's events.
pub trait EventSink: Send {
    /// Takes one event.
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), SinkError>;

    /// Takes [`RunEventKind::CaseFinished`] for `record` (no re-run line), now.
    fn case_finished(&mut self, record: &CaseRecord) -> Result<(), SinkError> {
        self.event(&RunEvent::now(
            Duration::ZERO,
            RunEventKind::CaseFinished {
                record,
                cargo_rerun: None,
            },
        ))
    }

    /// Takes [`RunEventKind::RunFinished`] for `report` (not stopped, no cleanup), now.
    fn run_finished(&mut self, report: &RunReport) -> Result<(), SinkError> {
        self.event(&RunEvent::now(
            run_duration(report),
            RunEventKind::RunFinished {
                report,
                stopped: None,
                cleanup: None,
            },
        ))
    }
}

/// The run's duration as a [`Duration`] (zero when the report's is not a finite, positive
/// number of milliseconds).
fn run_duration(report: &RunReport) -> Duration {
    Duration::try_from_secs_f64(report.info.duration_ms / 1000.0).unwrap_or_default()
}

/// Feeds a finished run to `sinks` as its events (each case finished, then the run), as
/// `merge-reports` and the writers' tests do.
pub fn replay_run(report: &RunReport, sinks: &mut [Box<dyn EventSink>]) -> Result<(), SinkError> {
    for record in &report.cases {
        for sink in sinks.iter_mut() {
            sink.case_finished(record)?;
        }
    }
    sinks
        .iter_mut()
        .try_for_each(|sink| sink.run_finished(report))
}
