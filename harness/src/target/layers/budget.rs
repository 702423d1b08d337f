//! [`budget`]: every request spends one of its operation's budget; a spent budget refuses the
//! request (`TargetError::BudgetExhausted`, a not-covered case) before anything is sent.

use std::sync::Arc;

use tower::layer::{layer_fn, Layer};
use tower::{service_fn, ServiceExt};

use crate::target::limits::Limits;
use crate::target::transport::{ReplyFuture, Transport};
use crate::target::Call;

/// The budget layer: spends from `limits`' budgets.
pub fn budget<S: Transport>(limits: Arc<Limits>) -> impl Layer<S, Service: Transport> {
    layer_fn(move |inner: S| {
        let limits = Arc::clone(&limits);
        service_fn(move |call: Call| -> ReplyFuture {
            let spent = limits.spend(call.operation);
            let inner = inner.clone();
            Box::pin(async move {
                spent?;
                inner.oneshot(call).await
            })
        })
    })
}
