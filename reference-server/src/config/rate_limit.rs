//! Rate limiting settings, shaped like the service's (`AUTH_RATE_LIMIT_*`). The main type is
//! [`RateLimits`]: a limit for sign-ups, one for sign-ins, one over every limited request, and
//! whether a 429 says when to come back.

use std::time::Duration;

/// A fixed-window request limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub max_requests: u32,
    /// Length of the window.
    pub window: Duration,
}

impl RateLimit {
    /// `max_requests` per `window_secs` seconds.
    pub const fn per(max_requests: u32, window_secs: u64) -> Self {
        Self {
            max_requests,
            window: Duration::from_secs(window_secs),
        }
    }
}

impl Default for RateLimit {
    /// The service's sign-up default: 10 requests per 5 minutes.
    fn default() -> Self {
        Self::per(10, 300)
    }
}

/// The limits of a project with rate limiting on. Every limit applies at once: a request
/// counts against the global limit and against its endpoint's. Over any of them the server
/// answers **429 with an empty body**. `/healthz`, `/version` and the JWKS are never limited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimits {
    /// Sign-ups: `/signup/*` and anonymous sign-in (both create a user)
    /// (`AUTH_RATE_LIMIT_SIGNUPS_*`; the service's default 10 per 5 minutes).
    pub sign_ups: Option<RateLimit>,
    /// Email/password sign-ins (`AUTH_RATE_LIMIT_BRUTE_FORCE_*`; 10 per 5 minutes).
    pub sign_ins: Option<RateLimit>,
    /// Every limited request (`AUTH_RATE_LIMIT_GLOBAL_*`; 100 per minute).
    pub global: Option<RateLimit>,
    /// Whether a 429 carries `Retry-After` (the service usually sends none).
    pub retry_after: bool,
}

impl RateLimits {
    /// The service's defaults with rate limiting on: 10 sign-ups and 10 sign-ins per 5 minutes,
    /// 100 requests a minute in all, no `Retry-After`.
    pub const fn nhost() -> Self {
        Self {
            sign_ups: Some(RateLimit::per(10, 300)),
            sign_ins: Some(RateLimit::per(10, 300)),
            global: Some(RateLimit::per(100, 60)),
            retry_after: false,
        }
    }

    /// Whether any limit is set.
    pub fn is_on(&self) -> bool {
        self.sign_ups.is_some() || self.sign_ins.is_some() || self.global.is_some()
    }

    /// Every limit that is set.
    pub fn limits(&self) -> impl Iterator<Item = RateLimit> {
        [self.sign_ups, self.sign_ins, self.global]
            .into_iter()
            .flatten()
    }
}
