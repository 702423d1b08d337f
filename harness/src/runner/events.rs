//! The run's event stream: [`RunEvent`]s flow one way, from the engine to its [`EventSink`]s
//! (the report files, the console), in the spirit of nextest's reporter. No sink calls back
//! into the engine.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use results::{CaseRecord, RunInfo, RunReport};

use super::cleanup::Cleanup;
use super::plan::CasePlan;
use super::stop::StopReason;
use crate::errors::HarnessError;

/// What happened.
#[derive(Debug)]
pub enum RunEventKind<'a> {
    /// The plan is made; no case has started yet.
    RunStarted {
        /// Facts about the run.
        info: &'a RunInfo,
        /// Every planned case, in plan order.
        plan: &'a [CasePlan],
    },
    /// A case started.
    CaseStarted {
        /// Its plan.
        case: &'a CasePlan,
    },
    /// A case finished (or was recorded without running: not covered on this target).
    CaseFinished {
        /// Its record.
        record: &'a CaseRecord,
        /// For a failure whose record carries the `replay CASE_FILE` line: the same case as a
        /// `cargo test` line (the `NHOST_*` variables of its case file).
        cargo_rerun: Option<&'a str>,
    },
    /// Sent every few seconds while cases run, so a CI log never goes quiet.
    Progress {
        /// Cases finished so far.
        finished: usize,
        /// Cases planned.
        planned: usize,
        /// Finished cases that failed.
        failed: usize,
    },
    /// The run is over: every case ended, or the run stopped early.
    RunFinished {
        /// Every case, the unfinished ones as not run.
        report: &'a RunReport,
        /// Why the run stopped early, if it did.
        stopped: Option<&'a StopReason>,
        /// What the cleanup of created users did, when there was one to do or to skip.
        cleanup: Option<&'a Cleanup>,
    },
}

/// One event, with when it happened.
#[derive(Debug)]
pub struct RunEvent<'a> {
    /// Wall-clock time of the event.
    pub timestamp: SystemTime,
    /// Time since the run started.
    pub elapsed: Duration,
    /// What happened.
    pub kind: RunEventKind<'a>,
}

/// A consumer of run events.
pub trait EventSink: Send {
    /// Takes one event. An error is remembered and makes the run exit 4 at the end; later
    /// events still reach every sink.
    fn event(&mut self, event: &RunEvent<'_>) -> Result<(), HarnessError>;
}

/// Fans events out to every sink, in order, one event at a time. After the final event
/// ([`Events::emit_final`]) every later one is dropped, so no sink sees a case after the run's end.
pub struct Events {
    started: Instant,
    sinks: Mutex<(Vec<Box<dyn EventSink>>, bool)>,
    errors: Mutex<Vec<HarnessError>>,
}

impl Events {
    /// A stream feeding `sinks`.
    pub fn new(sinks: Vec<Box<dyn EventSink>>) -> Self {
        Self {
            started: Instant::now(),
            sinks: Mutex::new((sinks, false)),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Sends one event to every sink.
    pub fn emit(&self, kind: RunEventKind<'_>) {
        self.send(kind, false);
    }

    /// Sends the last event; later ones are dropped.
    pub fn emit_final(&self, kind: RunEventKind<'_>) {
        self.send(kind, true);
    }

    fn send(&self, kind: RunEventKind<'_>, last: bool) {
        let event = RunEvent {
            timestamp: SystemTime::now(),
            elapsed: self.started.elapsed(),
            kind,
        };
        let mut guard = self.sinks.lock().unwrap_or_else(|e| e.into_inner());
        let (sinks, closed) = &mut *guard;
        if *closed {
            return;
        }
        *closed = last;
        for sink in sinks.iter_mut() {
            if let Err(e) = sink.event(&event) {
                self.record_error(e);
            }
        }
    }

    /// Remembers an error of writing a report or case file (the run goes on and exits 4).
    pub fn record_error(&self, error: HarnessError) {
        tracing::error!("{error}");
        self.errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(error);
    }

    /// The first sink error of the run, if any.
    pub fn take_error(&self) -> Option<HarnessError> {
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        (!errors.is_empty()).then(|| errors.remove(0))
    }
}
