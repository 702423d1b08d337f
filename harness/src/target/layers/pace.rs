//! [`pace`]: each attempt waits for a slot under the run's concurrency cap and rate limit
//! (including the pace learned from 429s) and holds it until its answer is read.

use std::sync::Arc;

use tower::layer::Layer;
use tower::ServiceExt;

use super::around::around;
use crate::target::limits::Limits;
use crate::target::transport::Transport;

/// The pace layer: admits each attempt through `limits`.
pub(crate) fn pace<S: Transport>(limits: Arc<Limits>) -> impl Layer<S, Service: Transport> {
    around(limits, |limits, inner: S, call| async move {
        let _slot = limits.admit().await;
        inner.oneshot(call).await
    })
}
