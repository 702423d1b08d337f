//! Errors of the suites crate.
//!
//! [`TargetError`] is what a target answers when it could not produce a [`crate::Response`] at all
//! (as opposed to a response that breaks the contract, which is a finding).

use thiserror::Error;

/// A request that produced no response to judge.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum TargetError {
    /// Connection refused, DNS failure, TLS failure.
    #[error("target {url} is unreachable: {reason}")]
    Unreachable {
        /// The URL that was tried.
        url: String,
        /// What the client said.
        reason: String,
    },
    /// No complete answer within the configured timeout.
    #[error("{operation} timed out after {seconds:.1} s")]
    Timeout {
        /// The operation.
        operation: String,
        /// The timeout, in seconds.
        seconds: f64,
    },
    /// The body exceeded the configured cap.
    #[error("{operation} response is larger than the {limit}-byte cap")]
    TooLarge {
        /// The operation.
        operation: String,
        /// The cap in bytes.
        limit: usize,
    },
    /// The target kept answering 429 for longer than the request may wait.
    #[error("{operation} was answered 429 (rate limited) {attempts} times over {waited_secs:.0} s; raise --max-throttle-wait (NHOST_MAX_THROTTLE_WAIT_SECS) to wait longer, or the target's limits")]
    RateLimited {
        /// The operation.
        operation: String,
        /// How many 429 answers were seen.
        attempts: u32,
        /// How long the request had waited, in seconds.
        waited_secs: f64,
    },
    /// The per-run budget for this operation is spent.
    #[error("the {operation} budget of {budget} requests for this run is spent; raise it with --budget {operation}=N (NHOST_BUDGET)")]
    BudgetExhausted {
        /// The operation.
        operation: String,
        /// The budget.
        budget: u32,
    },
    /// The target cannot perform this operation (e.g. the SDK has no raw-bytes call).
    #[error("this target cannot perform {operation}: {reason}")]
    Unsupported {
        /// The operation.
        operation: String,
        /// Why.
        reason: String,
    },
    /// The run is stopping (interrupt, deadline, circuit breaker): the request was not sent.
    #[error("{operation} was not sent: {reason}")]
    Stopped {
        /// The operation.
        operation: String,
        /// Why the run is stopping.
        reason: String,
    },
    /// The server answered, but the client in between (an SDK) failed on that answer instead
    /// of handing it to its caller: the caller saw an error where the contract promises a
    /// result.
    #[error("{operation}: the client failed on the server's answer: {reason}")]
    ClientFailed {
        /// The operation.
        operation: String,
        /// What the client raised.
        reason: String,
    },
    /// Anything else the client reported.
    #[error("{operation} failed: {reason}")]
    Other {
        /// The operation.
        operation: String,
        /// What happened.
        reason: String,
    },
}

impl TargetError {
    /// Whether the error means the rule could not be exercised (budget, rate limit, unsupported),
    /// as opposed to a broken target (timeouts, unreachable).
    pub fn is_not_covered(&self) -> bool {
        matches!(
            self,
            TargetError::RateLimited { .. }
                | TargetError::BudgetExhausted { .. }
                | TargetError::Unsupported { .. }
        )
    }

    /// Whether the target gave no answer at all (unreachable, timeout, endless 429, transport
    /// failure): what a circuit breaker counts.
    pub fn is_no_answer(&self) -> bool {
        matches!(
            self,
            TargetError::Unreachable { .. }
                | TargetError::Timeout { .. }
                | TargetError::RateLimited { .. }
                | TargetError::Other { .. }
        )
    }
}
