//! [`pace`]: each attempt waits for a slot under the run's concurrency cap and pace (learned
//! from the target's answers), is counted as sent, and holds its slot until its answer is read.
//! A run that stops ends the wait ([`TargetError::Stopped`]).

use std::sync::Arc;

use suites::TargetError;
use tower::layer::Layer;
use tower::ServiceExt;

use super::around::around;
use crate::transport::cancel::Cancel;
use crate::transport::limits::Limits;
use crate::transport::reply::Transport;

/// The pace layer: admits each attempt through `limits`, unless `cancel` is set first.
pub(crate) fn pace<S: Transport>(
    limits: Arc<Limits>,
    cancel: Cancel,
) -> impl Layer<S, Service: Transport> {
    around(
        (limits, cancel),
        |(limits, cancel), inner: S, call| async move {
            let _slot = tokio::select! {
                slot = limits.admit() => slot,
                () = cancel.cancelled() => {
                    return Err(TargetError::Stopped {
                        operation: call.operation.name().to_owned(),
                        reason: "the run stopped while the request waited for its turn".to_owned(),
                    })
                }
            };
            limits.count_sent(call.operation);
            inner.oneshot(call).await
        },
    )
}
