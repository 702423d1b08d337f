//! Targets that implement [`suites::AuthApi`]. A target is a transport ([`HttpTransport`], the
//! SDK bridge, or any tower service meeting [`Transport`]) under the layers every target gets
//! ([`layers`]: recording and redaction, budgets, 429 retries, pacing), wrapped as a blocking
//! [`AuthApi`](suites::AuthApi) by [`LayeredTarget`], the main type. The embedded reference
//! server is reached over HTTP like any other.

mod budgets;
mod cancel;
mod curl;
mod http;
mod layered;
pub mod layers;
mod limits;
mod locality;
mod reply;
mod retry_after;
pub mod sdk;
mod shapes;

use std::sync::Arc;

pub use budgets::Budgets;
pub use cancel::Cancel;
pub use curl::command as curl_command;
pub use http::{HttpSettings, HttpTransport};
pub use layered::LayeredTarget;
pub use layers::{RetryPolicy, StackSettings};
pub use limits::{Limits, PaceSettings, GENTLE_START};
pub use locality::Locality;
pub use reply::{Reply, ReplyFuture, SdkCall, Sent, Transport};
pub use retry_after::retry_after;
pub use shapes::{ResponseType, Shapes};

/// Any transport, boxed: what a front-end passes to run a target of its own under the layers.
pub type BoxTransport = tower::util::BoxCloneSyncService<Call, Reply, suites::TargetError>;

/// What flows through the layers: the request, shared so that retries and layers never copy
/// its body.
pub type Call = Arc<suites::ApiRequest>;
