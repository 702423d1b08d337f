//! [`stack`]: the standard layers over a transport, and what they share ([`StackSettings`]).

use std::sync::Arc;

use suites::Secrets;
use tower::ServiceBuilder;

use super::{budget, pace, record, retry, BoxTarget, RetryPolicy};
use crate::transport::cancel::Cancel;
use crate::transport::limits::Limits;
use crate::transport::reply::Transport;
use crate::transport::shapes::Shapes;

/// What the layers share with the rest of the run.
#[derive(Debug, Clone)]
pub struct StackSettings {
    /// Budgets, concurrency, the pace and what 429s taught; the request counters.
    pub limits: Arc<Limits>,
    /// The run's registry of secrets: learned into and scrubbed with.
    pub secrets: Arc<Secrets>,
    /// How a request waits out 429 answers.
    pub retry: RetryPolicy,
    /// Set when the run stops: ends every wait for a slot or a retry.
    pub cancel: Cancel,
    /// The run's record of what its answers looked like (the contract drift report).
    pub shapes: Arc<Shapes>,
}

/// The standard stack over `transport`: record, budget, retry, pace.
pub fn stack<T: Transport>(transport: T, settings: &StackSettings) -> BoxTarget {
    ServiceBuilder::new()
        .layer(record(
            Arc::clone(&settings.secrets),
            Arc::clone(&settings.shapes),
        ))
        .layer(budget(Arc::clone(&settings.limits)))
        .layer(retry(
            Arc::clone(&settings.limits),
            settings.retry,
            settings.cancel.clone(),
        ))
        .layer(pace(Arc::clone(&settings.limits), settings.cancel.clone()))
        .service(transport)
}
