//! The optional request limit. The main type is [`RateLimiter`].

use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parking_lot::Mutex;

use crate::app::AppState;
use crate::config::RateLimit;

/// A fixed-window counter shared by all rate-limited routes.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    window: Mutex<(Instant, u32)>,
}

impl RateLimiter {
    /// A limiter whose first window starts now.
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            window: Mutex::new((Instant::now(), 0)),
        }
    }

    /// Counts one request; `Err(retry_after)` when over the limit.
    pub(crate) fn acquire(&self) -> Result<(), Duration> {
        let now = Instant::now();
        let mut window = self.window.lock();
        if now.duration_since(window.0) >= self.limit.window {
            *window = (now, 0);
        }
        if window.1 >= self.limit.max_requests {
            return Err(self
                .limit
                .window
                .saturating_sub(now.duration_since(window.0)));
        }
        window.1 += 1;
        Ok(())
    }
}

/// Middleware: 429 with an empty body and `Retry-After` when over the limit.
pub(crate) async fn enforce(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(limiter) = state.limiter() {
        if let Err(retry_after) = limiter.acquire() {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
                response.headers_mut().insert(RETRY_AFTER, value);
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
    fn allows_max_requests_per_window() {
        let limiter = RateLimiter::new(RateLimit {
            max_requests: 2,
            window: Duration::from_secs(3600),
        });
        assert!(limiter.acquire().is_ok());
        assert!(limiter.acquire().is_ok());
        let retry = limiter.acquire().unwrap_err();
        assert!(retry <= Duration::from_secs(3600));
    }
}
