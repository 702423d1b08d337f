//! The layers every target gets, as tower layers (`layer_fn` over a `service_fn`): each wraps a
//! service from [`Call`](super::Call) and adds one concern. From the outside in:
//!
//! | layer | file | does |
//! |---|---|---|
//! | [`record`] | `record.rs` | learns every secret sent or received, parses the body (duplicate keys found), builds the redacted, transport-neutral exchange |
//! | [`budget`] | `budget.rs` | spends one request of the operation's budget, or refuses |
//! | [`retry`] | `retry.rs` | retries a 429 after `Retry-After` or a doubling backoff, and slows the whole run down |
//! | [`pace`] | `pace.rs` | waits for a slot under the concurrency cap and the rate limit, per attempt |
//!
//! [`stack`] puts them over any [`Transport`](super::Transport).

mod budget;
mod pace;
mod record;
mod retry;

pub use budget::budget;
pub use pace::pace;
pub(crate) use record::{masked_headers, shown};
pub use record::{record, BoxTarget, RETRIES_HEADER};
pub use retry::retry;

use std::sync::Arc;
use std::time::Duration;

use suites::Secrets;
use tower::ServiceBuilder;

use super::limits::Limits;
use super::transport::Transport;

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
}

/// The standard stack over `transport`: record, budget, retry, pace.
pub fn stack<T: Transport>(transport: T, settings: &StackSettings) -> BoxTarget {
    ServiceBuilder::new()
        .layer(record(Arc::clone(&settings.secrets)))
        .layer(budget(Arc::clone(&settings.limits)))
        .layer(retry(
            Arc::clone(&settings.limits),
            settings.max_retries,
            settings.max_backoff,
        ))
        .layer(pace(Arc::clone(&settings.limits)))
        .service(transport)
}
