//! [`BudgetLayer`]: every request spends one of its operation's budget; a spent budget refuses
//! the request ([`TargetError::BudgetExhausted`], a not-covered case) before anything is sent.

use std::sync::Arc;
use std::task::{Context, Poll};

use suites::TargetError;
use tower::{Layer, Service, ServiceExt};

use crate::target::limits::Limits;
use crate::target::transport::{BoxFuture, Reply, Transport};
use crate::target::Call;

/// Adds [`Budget`] to a service.
#[derive(Debug, Clone)]
pub struct BudgetLayer {
    limits: Arc<Limits>,
}

impl BudgetLayer {
    /// Spends from `limits`' budgets.
    pub fn new(limits: Arc<Limits>) -> Self {
        Self { limits }
    }
}

impl<S> Layer<S> for BudgetLayer {
    type Service = Budget<S>;

    fn layer(&self, inner: S) -> Budget<S> {
        Budget {
            inner,
            limits: Arc::clone(&self.limits),
        }
    }
}

/// A service whose requests spend the run's per-operation budgets.
#[derive(Debug, Clone)]
pub struct Budget<S> {
    inner: S,
    limits: Arc<Limits>,
}

impl<S: Transport> Service<Call> for Budget<S> {
    type Response = Reply;
    type Error = TargetError;
    type Future = BoxFuture<Result<Reply, TargetError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), TargetError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, call: Call) -> Self::Future {
        let spent = self.limits.spend(call.operation);
        let inner = self.inner.clone();
        Box::pin(async move {
            spent?;
            inner.oneshot(call).await
        })
    }
}
