//! [`PaceLayer`]: each attempt waits for a slot under the run's concurrency cap and rate limit
//! (including the pace learned from 429s) and holds it until its answer is read.

use std::sync::Arc;
use std::task::{Context, Poll};

use suites::TargetError;
use tower::{Layer, Service, ServiceExt};

use crate::target::limits::Limits;
use crate::target::transport::{BoxFuture, Reply, Transport};
use crate::target::Call;

/// Adds [`Pace`] to a service.
#[derive(Debug, Clone)]
pub struct PaceLayer {
    limits: Arc<Limits>,
}

impl PaceLayer {
    /// Paces with `limits`.
    pub fn new(limits: Arc<Limits>) -> Self {
        Self { limits }
    }
}

impl<S> Layer<S> for PaceLayer {
    type Service = Pace<S>;

    fn layer(&self, inner: S) -> Pace<S> {
        Pace {
            inner,
            limits: Arc::clone(&self.limits),
        }
    }
}

/// A service whose calls wait for a concurrency slot and a rate slot.
#[derive(Debug, Clone)]
pub struct Pace<S> {
    inner: S,
    limits: Arc<Limits>,
}

impl<S: Transport> Service<Call> for Pace<S> {
    type Response = Reply;
    type Error = TargetError;
    type Future = BoxFuture<Result<Reply, TargetError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), TargetError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, call: Call) -> Self::Future {
        let inner = self.inner.clone();
        let limits = Arc::clone(&self.limits);
        Box::pin(async move {
            let _slot = limits.admit().await;
            inner.oneshot(call).await
        })
    }
}
