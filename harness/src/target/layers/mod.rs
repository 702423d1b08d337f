//! The layers every target gets, tower-style: each wraps a service from
//! [`Call`](super::Call) and adds one concern. From the outside in:
//!
//! | layer | file | does |
//! |---|---|---|
//! | [`RecordLayer`] | `record.rs` | learns every secret sent or received, parses the body (duplicate keys found), builds the redacted, transport-neutral exchange |
//! | [`BudgetLayer`] | `budget.rs` | spends one request of the operation's budget, or refuses |
//! | [`RetryLayer`] | `retry.rs` | retries a 429 after `Retry-After` or a doubling backoff, and slows the whole run down |
//! | [`PaceLayer`] | `pace.rs` | waits for a slot under the concurrency cap and the rate limit, per attempt |
//!
//! [`stack`] puts them over any [`Transport`](super::Transport).

mod budget;
mod pace;
mod record;
mod retry;

pub use budget::{Budget, BudgetLayer};
pub use pace::{Pace, PaceLayer};
pub use record::{Record, RecordLayer};
pub use retry::{Retry, RetryLayer};

use std::sync::Arc;
use std::time::Duration;

use suites::{Response, Secrets, TargetError};
use tower::util::BoxCloneSyncService;
use tower::ServiceBuilder;

use super::limits::Limits;
use super::transport::Transport;
use super::Call;

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
pub fn stack<T: Transport>(
    transport: T,
    settings: &StackSettings,
) -> BoxCloneSyncService<Call, Response, TargetError> {
    BoxCloneSyncService::new(
        ServiceBuilder::new()
            .layer(RecordLayer::new(Arc::clone(&settings.secrets)))
            .layer(BudgetLayer::new(Arc::clone(&settings.limits)))
            .layer(RetryLayer::new(
                Arc::clone(&settings.limits),
                settings.max_retries,
                settings.max_backoff,
            ))
            .layer(PaceLayer::new(Arc::clone(&settings.limits)))
            .service(transport),
    )
}
