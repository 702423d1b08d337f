//! [`stack`]: the standard layers over a transport, and what they share ([`StackSettings`]).

use std::sync::Arc;
use std::time::Duration;

use suites::Secrets;
use tower::ServiceBuilder;

use super::{budget, pace, record, retry, BoxTarget};
use crate::target::limits::Limits;
use crate::target::shapes::Shapes;
use crate::target::transport::Transport;

/// What the layers share with the rest of the run.
#[derive(Debug, Clone)]
pub struct StackSettings {
    /// Budgets, concurrency, rate and what 429s taught.
    pub limits: Arc<Limits>,
    /// The run's registry of secrets: learned into and scrubbed with.
    pub secrets: Arc<Secrets>,
    /// Retries of a 429 answer.
    pub max_retries: u32,
    /// Longest wait between retries.
    pub max_backoff: Duration,
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
            settings.max_retries,
            settings.max_backoff,
        ))
        .layer(pace(Arc::clone(&settings.limits)))
        .service(transport)
}
