//! The optional request limits. The main type is [`RateLimiter`]: one fixed-window counter per
//! configured limit (sign-ups, sign-ins, global), checked together.

use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parking_lot::Mutex;

use crate::app::AppState;
use crate::config::{RateLimit, RateLimits};

/// One fixed-window counter.
#[derive(Debug)]
struct Window {
    limit: RateLimit,
    state: Mutex<(Instant, u32)>,
}

impl Window {
    fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            state: Mutex::new((Instant::now(), 0)),
        }
    }

    /// How long until this window has room again; `None` when it has room now.
    fn full_for(&self, now: Instant) -> Option<Duration> {
        let mut state = self.state.lock();
        if now.duration_since(state.0) >= self.limit.window {
            *state = (now, 0);
        }
        (state.1 >= self.limit.max_requests).then(|| {
            self.limit
                .window
                .saturating_sub(now.duration_since(state.0))
        })
    }

    fn count(&self) {
        self.state.lock().1 += 1;
    }
}

/// Which endpoint-specific limit a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket {
    SignUp,
    SignIn,
    Other,
}

impl Bucket {
    fn of(path: &str) -> Self {
        if path.contains("/signup/") || path.ends_with("/signin/anonymous") {
            Bucket::SignUp
        } else if path.contains("/signin/") {
            Bucket::SignIn
        } else {
            Bucket::Other
        }
    }
}

/// The configured limits, shared by all rate-limited routes.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    sign_ups: Option<Window>,
    sign_ins: Option<Window>,
    global: Option<Window>,
    retry_after: bool,
    /// Checked and counted together, so concurrent requests cannot both take the last slot.
    turn: Mutex<()>,
}

impl RateLimiter {
    /// A limiter whose windows start now; `None` when no limit is set.
    pub(crate) fn new(limits: RateLimits) -> Option<Self> {
        limits.is_on().then(|| Self {
            sign_ups: limits.sign_ups.map(Window::new),
            sign_ins: limits.sign_ins.map(Window::new),
            global: limits.global.map(Window::new),
            retry_after: limits.retry_after,
            turn: Mutex::new(()),
        })
    }

    /// Counts one request to `path` against every limit it falls under; `Err(retry_after)`
    /// when one of them is full (nothing is counted then).
    pub(crate) fn acquire(&self, path: &str) -> Result<(), Duration> {
        let specific = match Bucket::of(path) {
            Bucket::SignUp => self.sign_ups.as_ref(),
            Bucket::SignIn => self.sign_ins.as_ref(),
            Bucket::Other => None,
        };
        let windows: Vec<&Window> = specific.into_iter().chain(self.global.as_ref()).collect();
        let _turn = self.turn.lock();
        let now = Instant::now();
        if let Some(wait) = windows.iter().filter_map(|w| w.full_for(now)).max() {
            return Err(wait);
        }
        windows.iter().for_each(|w| w.count());
        Ok(())
    }
}

/// Middleware: 429 with an empty body (and `Retry-After` when configured) when over a limit.
pub(crate) async fn enforce(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(limiter) = state.limiter() {
        if let Err(retry_after) = limiter.acquire(request.uri().path()) {
            let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
            if limiter.retry_after {
                let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
                    response.headers_mut().insert(RETRY_AFTER, value);
                }
            }
            return response;
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_counts_its_own_endpoints_and_the_global_one_counts_all() {
        let limiter = RateLimiter::new(RateLimits {
            sign_ups: Some(RateLimit::per(1, 3600)),
            sign_ins: Some(RateLimit::per(2, 3600)),
            global: Some(RateLimit::per(4, 3600)),
            retry_after: false,
        })
        .unwrap();
        assert!(limiter.acquire("/v1/signup/email-password").is_ok());
        assert!(
            limiter.acquire("/v1/signin/anonymous").is_err(),
            "a second sign-up"
        );
        assert!(limiter.acquire("/v1/signin/email-password").is_ok());
        assert!(limiter.acquire("/v1/signin/email-password").is_ok());
        assert!(limiter.acquire("/v1/signin/email-password").is_err());
        assert!(
            limiter.acquire("/v1/token").is_ok(),
            "the 4th of the global limit"
        );
        let wait = limiter.acquire("/v1/user").unwrap_err();
        assert!(wait <= Duration::from_secs(3600));
        assert!(RateLimiter::new(RateLimits::default()).is_none());
    }
}
