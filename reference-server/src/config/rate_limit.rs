//! Rate limiting settings. The main type is [`RateLimit`].

use std::time::Duration;

/// A fixed-window request limit over all rate-limited endpoints of one server.
///
/// When the limit is reached the server answers **429 with an empty body** and a `Retry-After`
/// header until the window ends. `/healthz`, `/version` and the JWKS are never limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub max_requests: u32,
    /// Length of the window.
    pub window: Duration,
}

impl Default for RateLimit {
    /// The service's sign-up default: 10 requests per 5 minutes.
    fn default() -> Self {
        Self {
            max_requests: 10,
            window: Duration::from_secs(300),
        }
    }
}
