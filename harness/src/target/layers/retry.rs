//! [`RetryLayer`]: a 429 answer is retried after its `Retry-After` (capped) or a doubling
//! backoff, at most `max_retries` times; each 429 slows the whole run down ([`Limits`]). When
//! the retries run out the request is [`TargetError::RateLimited`] (not covered).

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use suites::TargetError;
use tower::{Layer, Service, ServiceExt};

use crate::target::limits::Limits;
use crate::target::transport::{BoxFuture, Reply, Transport};
use crate::target::Call;

/// The first backoff after a 429 without `Retry-After`; it doubles up to the cap.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// Adds [`Retry`] to a service.
#[derive(Debug, Clone)]
pub struct RetryLayer {
    limits: Arc<Limits>,
    max_retries: u32,
    max_backoff: Duration,
}

impl RetryLayer {
    /// Retries at most `max_retries` times, never waiting longer than `max_backoff`.
    pub fn new(limits: Arc<Limits>, max_retries: u32, max_backoff: Duration) -> Self {
        Self {
            limits,
            max_retries,
            max_backoff,
        }
    }
}

impl<S> Layer<S> for RetryLayer {
    type Service = Retry<S>;

    fn layer(&self, inner: S) -> Retry<S> {
        Retry {
            inner,
            layer: self.clone(),
        }
    }
}

/// A service that retries 429 answers.
#[derive(Debug, Clone)]
pub struct Retry<S> {
    inner: S,
    layer: RetryLayer,
}

impl<S: Transport> Service<Call> for Retry<S> {
    type Response = Reply;
    type Error = TargetError;
    type Future = BoxFuture<Result<Reply, TargetError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), TargetError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, call: Call) -> Self::Future {
        let inner = self.inner.clone();
        let RetryLayer {
            limits,
            max_retries,
            max_backoff,
        } = self.layer.clone();
        Box::pin(async move {
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
                let wait = reply.retry_after.unwrap_or(backoff).min(max_backoff);
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
}
