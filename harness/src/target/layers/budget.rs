//! [`budget`]: every request spends one of its operation's budget; a spent budget refuses the
//! request (`TargetError::BudgetExhausted`, a not-covered case) before anything is sent.

use std::sync::Arc;

use tower::layer::{layer_fn, Layer};
use tower::{service_fn, ServiceExt};

use crate::target::limits::Limits;
use crate::target::transport::Transport;
use crate::target::{BoxTransport, Call};

/// The budget layer: spends from `limits`' budgets.
pub fn budget<S: Transport>(limits: Arc<Limits>) -> impl Layer<S, Service = BoxTransport> {
    layer_fn(move |inner: S| {
        let limits = Arc::clone(&limits);
        BoxTransport::new(service_fn(move |call: Call| {
            let spent = limits.spend(call.operation);
            let inner = inner.clone();
            async move {
                spent?;
                inner.oneshot(call).await
            }
        }))
    })
}
