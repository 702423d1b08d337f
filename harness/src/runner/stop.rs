//! Why a run stops early, and the shared flag that says so: [`StopFlag`].
//!
//! The first [`StopReason`] set wins; workers stop scheduling as soon as one is set, and the
//! [`crate::runner::Guard`] layer refuses new requests, so in-flight cases end at their next call.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use results::exit;

use crate::transport::Cancel;

/// Why a run ended before every planned case finished.
#[derive(Debug, Clone, PartialEq)]
pub enum StopReason {
    /// SIGINT (Ctrl-C).
    Interrupted,
    /// SIGTERM.
    Terminated,
    /// `--max-duration` passed.
    Deadline {
        /// The configured bound, in seconds.
        seconds: f64,
    },
    /// `--max-fail`: this many cases failed.
    MaxFail {
        /// The configured number of failures.
        failures: usize,
    },
    /// The circuit breaker opened: the target stopped answering.
    TargetGone {
        /// What the last failures were.
        reason: String,
    },
}

impl StopReason {
    /// The exit code a run stopped for this reason ends with.
    pub fn exit_code(&self) -> u8 {
        match self {
            StopReason::Interrupted => exit::INTERRUPTED,
            StopReason::Terminated => exit::TERMINATED,
            StopReason::Deadline { .. } => exit::INCOMPLETE,
            StopReason::MaxFail { .. } => exit::FAILED,
            StopReason::TargetGone { .. } => exit::TARGET,
        }
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::Interrupted => f.write_str("the run was interrupted (SIGINT)"),
            StopReason::Terminated => f.write_str("the run was terminated (SIGTERM)"),
            StopReason::Deadline { seconds } => write!(
                f,
                "not reached within the run's --max-duration of {seconds} s; raise --max-duration (NHOST_MAX_DURATION) to cover it"
            ),
            StopReason::MaxFail { failures } => write!(
                f,
                "the run stopped after {failures} failure(s) (--max-fail {failures})"
            ),
            StopReason::TargetGone { reason } => {
                write!(f, "the target stopped answering ({reason})")
            }
        }
    }
}

/// The run's stop flag, shared by the engine, the workers, the guard layer and the signal
/// handler. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct StopFlag {
    stopped: Arc<AtomicBool>,
    reason: Arc<Mutex<Option<StopReason>>>,
    cancel: Cancel,
}

impl StopFlag {
    /// A flag that is not set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the reason unless one is already set; returns whether this call set it.
    pub fn stop(&self, reason: StopReason) -> bool {
        let mut slot = self.reason.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() {
            return false;
        }
        *slot = Some(reason);
        self.stopped.store(true, Ordering::SeqCst);
        self.cancel.cancel();
        true
    }

    /// The cancellation the target's layers wait on: set when the run stops, so a request
    /// waiting for its turn or out a 429 gives up at once.
    pub fn cancel(&self) -> Cancel {
        self.cancel.clone()
    }

    /// Whether the run stopped at its deadline: what it did not reach is not covered, not
    /// merely not run.
    pub fn reached_deadline(&self) -> bool {
        matches!(self.reason(), Some(StopReason::Deadline { .. }))
    }

    /// Whether the run is stopping.
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Why the run is stopping, if it is.
    pub fn reason(&self) -> Option<StopReason> {
        self.reason
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_wins() {
        let flag = StopFlag::new();
        assert!(!flag.is_stopped());
        assert!(flag.stop(StopReason::Terminated));
        assert!(!flag.clone().stop(StopReason::Interrupted));
        assert_eq!(flag.reason(), Some(StopReason::Terminated));
        assert_eq!(flag.reason().map(|r| r.exit_code()), Some(143));
    }
}
