//! [`retry`]: a 429 answer is retried after its `Retry-After` (capped) or a doubling
//! backoff, at most `max_retries` times; each 429 slows the whole run down ([`Limits`]). When
//! the retries run out the request is [`TargetError::RateLimited`] (not covered).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use suites::TargetError;
use tower::layer::Layer;
use tower::ServiceExt;

use super::around::around;
use crate::target::limits::Limits;
use crate::target::retry_after::retry_after;
use crate::target::transport::Transport;

/// The first backoff after a 429 without `Retry-After`; it doubles up to the cap.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// The retry layer: at most `max_retries` retries of a 429, never waiting longer than
/// `max_backoff`, each 429 slowing the whole run down through `limits`.
pub(crate) fn retry<S: Transport>(
    limits: Arc<Limits>,
    max_retries: u32,
    max_backoff: Duration,
) -> impl Layer<S, Service: Transport> {
    around(limits, move |limits, inner: S, call| async move {
        let op = call.operation;
        let mut backoff = FIRST_BACKOFF.min(max_backoff);
        let mut rate_limited = 0;
        loop {
            let mut reply = inner.clone().oneshot(Arc::clone(&call)).await?;
            if reply.status != 429 {
                reply.retries = rate_limited;
                return Ok(reply);
            }
            rate_limited += 1;
            if rate_limited > max_retries {
                return Err(TargetError::RateLimited {
                    operation: op.name().to_owned(),
                    attempts: rate_limited,
                });
            }
            let asked = reply
                .headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("retry-after"))
                .and_then(|(_, v)| retry_after(v, SystemTime::now(), max_backoff));
            let wait = asked.unwrap_or(backoff).min(max_backoff);
            tracing::warn!(
                operation = op.name(),
                wait_secs = wait.as_secs_f64(),
                "rate limited (HTTP 429); backing off"
            );
            // The whole run slows down, and this request waits with the rest.
            limits.rate_limited(wait).await;
            tokio::time::sleep(wait).await;
            backoff = backoff.saturating_mul(2).min(max_backoff);
        }
    })
}
