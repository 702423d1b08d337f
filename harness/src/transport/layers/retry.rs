//! [`retry`]: a 429 answer is retried after its `Retry-After` (capped) or a doubling backoff,
//! for as long as the [`RetryPolicy`]'s patience lasts; each 429 slows the whole run down
//! ([`Limits`]) and every other answer lets it speed up again. When the patience (or the
//! optional retry count) runs out the request is [`TargetError::RateLimited`] (not covered,
//! naming the flags that would cover it). A run that stops cuts the wait short
//! ([`TargetError::Stopped`]).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use suites::TargetError;
use tokio::time::Instant;
use tower::layer::Layer;
use tower::ServiceExt;

use super::around::around;
use crate::transport::cancel::Cancel;
use crate::transport::limits::Limits;
use crate::transport::reply::Transport;
use crate::transport::retry_after::retry_after;

/// The first backoff after a 429 without `Retry-After`; it doubles up to the cap.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// How a request waits out 429 answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// At most this many retries, if set (`--max-retries`); otherwise the patience decides.
    pub max_retries: Option<u32>,
    /// The longest wait between two attempts, whatever `Retry-After` says.
    pub max_backoff: Duration,
    /// How long one request keeps waiting out 429s before it gives up (`--max-throttle-wait`).
    pub patience: Duration,
}

/// The retry layer: waits out 429s under `policy`, each one slowing the whole run down through
/// `limits`; `cancel` ends the wait when the run stops.
pub(crate) fn retry<S: Transport>(
    limits: Arc<Limits>,
    policy: RetryPolicy,
    cancel: Cancel,
) -> impl Layer<S, Service: Transport> {
    around(
        (limits, cancel),
        move |(limits, cancel), inner: S, call| async move {
            let op = call.operation;
            let started = Instant::now();
            let mut backoff = FIRST_BACKOFF.min(policy.max_backoff);
            let mut rate_limited = 0;
            loop {
                let mut reply = inner.clone().oneshot(Arc::clone(&call)).await?;
                if reply.status != 429 {
                    limits.answered();
                    reply.retries = rate_limited;
                    return Ok(reply);
                }
                rate_limited += 1;
                let asked = reply
                    .headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case("retry-after"))
                    .and_then(|(_, v)| retry_after(v, SystemTime::now(), policy.max_backoff));
                let wait = asked.unwrap_or(backoff).min(policy.max_backoff);
                let waited = started.elapsed();
                let out_of_retries = policy.max_retries.is_some_and(|max| rate_limited > max);
                if out_of_retries || waited + wait > policy.patience {
                    return Err(TargetError::RateLimited {
                        operation: op.name().to_owned(),
                        attempts: rate_limited,
                        waited_secs: waited.as_secs_f64(),
                    });
                }
                tracing::info!(
                    operation = op.name(),
                    wait_secs = wait.as_secs_f64(),
                    "rate limited (HTTP 429); waiting"
                );
                // The whole run slows down, and this request waits with the rest.
                limits.rate_limited(op, wait);
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = cancel.cancelled() => {
                        return Err(TargetError::Stopped {
                            operation: op.name().to_owned(),
                            reason: "the run stopped while the request waited out a 429".to_owned(),
                        })
                    }
                }
                backoff = backoff.saturating_mul(2).min(policy.max_backoff);
            }
        },
    )
}
