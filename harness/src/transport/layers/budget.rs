//! [`budget`]: every request spends one of its operation's budget; a spent budget refuses the
//! request (`TargetError::BudgetExhausted`, a not-covered case) before anything is sent.

use std::sync::Arc;

use tower::layer::Layer;
use tower::ServiceExt;

use super::around::around;
use crate::transport::limits::Limits;
use crate::transport::reply::Transport;

/// The budget layer: spends from `limits`' budgets.
pub(crate) fn budget<S: Transport>(limits: Arc<Limits>) -> impl Layer<S, Service: Transport> {
    around(limits, |limits, inner: S, call| async move {
        limits.spend(call.operation)?;
        inner.oneshot(call).await
    })
}
