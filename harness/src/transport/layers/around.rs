//! [`around`]: the shape every transport layer shares, written once.

use std::future::Future;

use suites::TargetError;
use tower::layer::{layer_fn, Layer};
use tower::service_fn;

use crate::transport::reply::{Reply, ReplyFuture, Transport};
use crate::transport::Call;

/// A layer that runs `each(state, inner, call)` for every call, with its own clones of `state`
/// and of the inner transport.
pub(crate) fn around<S, St, F, Fut>(state: St, each: F) -> impl Layer<S, Service: Transport>
where
    S: Transport,
    St: Clone + Send + Sync + 'static,
    F: Fn(St, S, Call) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Reply, TargetError>> + Send + 'static,
{
    layer_fn(move |inner: S| {
        let (state, each) = (state.clone(), each.clone());
        service_fn(move |call: Call| -> ReplyFuture {
            Box::pin(each(state.clone(), inner.clone(), call))
        })
    })
}
