//! The layers every target gets, as tower layers (`layer_fn` over a `service_fn`): each wraps a
//! service from [`Call`](super::Call) and adds one concern. From the outside in:
//!
//! | layer | file | does |
//! |---|---|---|
//! | `record` | `record.rs` | learns every secret sent or received, parses the body (duplicate keys found), builds the redacted, transport-neutral exchange |
//! | `budget` | `budget.rs` | spends one request of the operation's budget, or refuses |
//! | `retry` | `retry.rs` | waits out a 429 (after `Retry-After` or a doubling backoff) while its patience lasts, and slows the whole run down |
//! | `pace` | `pace.rs` | waits for a slot under the concurrency cap and the learned pace, and counts every attempt sent |
//!
//! [`stack`] (`stack.rs`) puts them over any [`Transport`](super::Transport).

mod around;
mod budget;
mod pace;
mod record;
mod retry;
mod stack;

use budget::budget;
use pace::pace;
use record::record;
pub(crate) use record::{masked_headers, shown};
pub use record::{BoxTarget, RETRIES_HEADER};
use retry::retry;
pub use retry::RetryPolicy;
pub use stack::{stack, StackSettings};
