//! [`pace`]: each attempt waits for a slot under the run's concurrency cap and rate limit
//! (including the pace learned from 429s) and holds it until its answer is read.

use std::sync::Arc;

use tower::layer::{layer_fn, Layer};
use tower::{service_fn, ServiceExt};

use crate::target::limits::Limits;
use crate::target::transport::{ReplyFuture, Transport};
use crate::target::Call;

/// The pace layer: admits each attempt through `limits`.
pub fn pace<S: Transport>(limits: Arc<Limits>) -> impl Layer<S, Service: Transport> {
    layer_fn(move |inner: S| {
        let limits = Arc::clone(&limits);
        service_fn(move |call: Call| -> ReplyFuture {
            let limits = Arc::clone(&limits);
            let inner = inner.clone();
            Box::pin(async move {
                let _slot = limits.admit().await;
                inner.oneshot(call).await
            })
        })
    })
}
