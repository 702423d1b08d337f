//! What every transport hands to the layers above it: a [`Reply`] (the raw material of one
//! exchange), and the [`Transport`] bound a transport service meets.
//!
//! A transport only moves a request and bounds it with its own timeout and size cap. Budgets,
//! pacing, 429 handling, recording and redaction are layers ([`super::layers`]) that any
//! transport gets.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use suites::TargetError;
use tower::Service;

use super::Call;

/// A boxed, sendable future, as every layer and transport returns.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// The future of a transport's call.
pub type ReplyFuture = BoxFuture<Result<Reply, TargetError>>;

/// The request as it went on the wire (for an SDK call: the HTTP request the SDK made).
#[derive(Debug, Clone, Default)]
pub struct Sent {
    /// HTTP method.
    pub method: String,
    /// Full URL (may carry userinfo: the record layer strips it).
    pub url: String,
    /// Request headers, in order, unredacted (the record layer masks them).
    pub headers: Vec<(String, String)>,
    /// The body bytes, when there was a body.
    pub body: Option<Vec<u8>>,
}

/// One answer from a transport, before it is recorded.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    /// The status the caller sees (HTTP: the response status; SDK: the status the SDK reported).
    pub status: u16,
    /// The body the caller sees, the one that is judged: HTTP, the bytes received (up to the
    /// cap); SDK, what the call returned to its caller, as JSON text.
    pub body: Vec<u8>,
    /// Response headers on the wire, in order, unredacted.
    pub headers: Vec<(String, String)>,
    /// Why the body is incomplete (the connection was cut mid-body), if it is.
    pub truncated: Option<String>,
    /// What went on the wire.
    pub sent: Sent,
    /// For an SDK call: the call made (`nhost.auth.signInEmailPassword`, with the SDK version)
    /// and the bytes the server answered on the wire, which may differ from `body`.
    pub sdk: Option<SdkCall>,
    /// Time from sending to the last byte.
    pub elapsed: Duration,
    /// How many 429 answers were retried before this one (set by the retry layer).
    pub retries: u32,
}

/// The SDK side of a reply.
#[derive(Debug, Clone, Default)]
pub struct SdkCall {
    /// The SDK function called, with the SDK and its version.
    pub call: String,
    /// The response body on the wire, as received by the SDK's fetch (capped), when the SDK
    /// made a request.
    pub wire_body: Option<Vec<u8>>,
}

/// What a transport service is: a clonable tower service from a [`Call`] to a [`Reply`].
pub trait Transport:
    Service<Call, Response = Reply, Error = TargetError, Future = ReplyFuture>
    + Clone
    + Send
    + Sync
    + 'static
{
}

impl<T> Transport for T where
    T: Service<Call, Response = Reply, Error = TargetError, Future = ReplyFuture>
        + Clone
        + Send
        + Sync
        + 'static
{
}
