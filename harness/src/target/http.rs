//! [`HttpTarget`]: the `AuthApi` over HTTP, with timeouts, a body cap, pacing, 429 backoff and a
//! recorded, redacted exchange for every request.
//!
//! Every request's and response's secrets are learned into the target's [`Secrets`] before the
//! exchange is recorded; the exchange shows the bytes sent and received (capped, lossy UTF-8)
//! with every known secret scrubbed and the URL's userinfo removed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reports::Exchange;
use suites::{
    redact, ApiRequest, AuthApi, Body, Operation, Response, ResponseBody, Secrets, TargetError,
    TargetInfo,
};
use tokio::runtime::Handle;

use super::curl;
use super::limits::Limits;
use crate::errors::HarnessError;

/// Bytes of a response body kept in a report (the check sees the whole body up to the cap).
const REPORT_BODY_BYTES: usize = 16 * 1024;

/// Bytes past [`REPORT_BODY_BYTES`] read when scrubbing a shown body (longer than any token).
const SECRET_MARGIN_BYTES: usize = 4096;

/// Settings of an [`HttpTarget`].
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Auth base URL, without a trailing slash.
    pub base_url: String,
    /// Label for reports (`http`, `embedded`).
    pub kind: String,
    /// Timeout of one request, connect to last byte.
    pub timeout: Duration,
    /// Cap on a response body.
    pub max_response_bytes: usize,
    /// Retries of a 429 answer.
    pub max_retries: u32,
    /// Longest wait between retries.
    pub max_backoff: Duration,
}

/// The HTTP target. Cheap to share: clone the `Arc`.
pub struct HttpTarget {
    settings: HttpSettings,
    /// `settings.base_url` without userinfo: what reports show.
    shown_url: String,
    client: reqwest::Client,
    limits: Arc<Limits>,
    secrets: Arc<Secrets>,
    runtime: Handle,
}

/// A request body as it goes on the wire.
struct Sent {
    content_type: String,
    bytes: Vec<u8>,
}

/// What one attempt produced.
struct Attempt {
    status: u16,
    headers: Vec<(String, String)>,
    bytes: Vec<u8>,
    truncated: Option<String>,
    retry_after: Option<Duration>,
}

impl HttpTarget {
    /// A target that runs its requests on `runtime`, learning secrets into a registry of its own
    /// (share the run's with [`HttpTarget::with_secrets`]).
    pub fn new(
        settings: HttpSettings,
        limits: Arc<Limits>,
        runtime: Handle,
    ) -> Result<Self, HarnessError> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
            .timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("nhost-conformance/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| HarnessError::Client(e.to_string()))?;
        let secrets = Arc::new(Secrets::new());
        secrets.learn_url(&settings.base_url);
        Ok(Self {
            shown_url: redact::strip_userinfo(&settings.base_url),
            settings,
            client,
            limits,
            secrets,
            runtime,
        })
    }

    /// The same target, learning into and scrubbing with `secrets` (share the run's
    /// `suites::Env::secrets` so that the engine scrubs with what the target learned).
    pub fn with_secrets(mut self, secrets: Arc<Secrets>) -> Self {
        secrets.learn_url(&self.settings.base_url);
        self.secrets = secrets;
        self
    }

    /// The registry this target learns secrets into and scrubs exchanges with.
    pub fn secrets(&self) -> &Arc<Secrets> {
        &self.secrets
    }

    fn url(&self, op: Operation) -> String {
        format!("{}{}", self.settings.base_url, op.path())
    }

    async fn attempt(
        &self,
        request: &ApiRequest,
        url: &str,
        sent: Option<&Sent>,
    ) -> Result<Attempt, TargetError> {
        let op = request.operation;
        let method = if op.method() == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut builder = self.client.request(method, url);
        if let Some(sent) = sent {
            builder = builder
                .header("content-type", sent.content_type.as_str())
                .body(sent.bytes.clone());
            if matches!(request.body, Some(Body::Raw { .. })) {
                // A malformed or huge body may make the server answer early and drop the
                // connection: never hand that connection back to the pool.
                builder = builder.header("connection", "close");
            }
        }
        let mut built = builder
            .build()
            .map_err(|e| self.transport_error(op, url, e))?;
        if let Some(token) = &request.bearer {
            // `insert`, not `bearer_auth`: the client already added `Basic` credentials when the
            // URL has userinfo, and one request must carry one Authorization header.
            let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|e| TargetError::Other {
                    operation: op.name().to_owned(),
                    reason: format!("the bearer token is not a valid header value: {e}"),
                })?;
            value.set_sensitive(true);
            built
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, value);
        }
        let _permit = self.limits.admit().await;
        let timeout = self.settings.timeout;
        let exchange = async {
            let mut response = self
                .client
                .execute(built)
                .await
                .map_err(|e| self.transport_error(op, url, e))?;
            let status = response.status().as_u16();
            let headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    retry_after(v, std::time::SystemTime::now(), self.settings.max_backoff)
                });
            let mut bytes = Vec::new();
            let mut truncated = None;
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        if bytes.len() + chunk.len() > self.settings.max_response_bytes {
                            return Err(TargetError::TooLarge {
                                operation: op.name().to_owned(),
                                limit: self.settings.max_response_bytes,
                            });
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) if e.is_timeout() => return Err(self.timeout_error(op)),
                    Err(e) => {
                        truncated = Some(format!(
                            "the body was cut off after {} bytes: {}",
                            bytes.len(),
                            self.secrets.scrub(&cause_chain(e))
                        ));
                        break;
                    }
                }
            }
            Ok(Attempt {
                status,
                headers,
                bytes,
                truncated,
                retry_after,
            })
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| self.timeout_error(op))?
    }

    fn timeout_error(&self, op: Operation) -> TargetError {
        TargetError::Timeout {
            operation: op.name().to_owned(),
            seconds: self.settings.timeout.as_secs_f64(),
        }
    }

    fn transport_error(&self, op: Operation, url: &str, e: reqwest::Error) -> TargetError {
        if e.is_timeout() {
            return self.timeout_error(op);
        }
        let connect = e.is_connect();
        let reason = self.secrets.scrub(&cause_chain(e));
        if connect {
            return TargetError::Unreachable {
                url: self.secrets.scrub(&redact::strip_userinfo(url)),
                reason,
            };
        }
        TargetError::Other {
            operation: op.name().to_owned(),
            reason,
        }
    }

    async fn send_async(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        let op = request.operation;
        self.limits.spend(op)?;
        self.secrets.learn_request(request);
        let url = self.url(op);
        let sent = match &request.body {
            Some(Body::Json(v)) => Some(Sent {
                content_type: "application/json".to_owned(),
                bytes: v.to_string().into_bytes(),
            }),
            Some(Body::Raw {
                content_type,
                bytes,
            }) => Some(Sent {
                content_type: content_type.clone(),
                bytes: bytes.clone(),
            }),
            None => None,
        };
        let mut backoff = Duration::from_millis(500);
        let mut rate_limited = 0;
        loop {
            let started = Instant::now();
            let attempt = self.attempt(request, &url, sent.as_ref()).await?;
            if attempt.status == 429 {
                rate_limited += 1;
                if rate_limited > self.settings.max_retries {
                    return Err(TargetError::RateLimited {
                        operation: op.name().to_owned(),
                        attempts: rate_limited,
                    });
                }
                let wait = attempt
                    .retry_after
                    .unwrap_or(backoff)
                    .min(self.settings.max_backoff);
                tracing::warn!(
                    operation = op.name(),
                    wait_secs = wait.as_secs_f64(),
                    "rate limited (HTTP 429); backing off"
                );
                // The whole run slows down, and this request waits with the rest.
                self.limits.rate_limited(wait).await;
                tokio::time::sleep(wait).await;
                backoff = backoff.saturating_mul(2).min(self.settings.max_backoff);
                continue;
            }
            let elapsed = started.elapsed();
            let (body, duplicate_keys) = match &attempt.truncated {
                Some(reason) => (
                    ResponseBody::NotJson {
                        text: String::from_utf8_lossy(&attempt.bytes).into_owned(),
                        reason: reason.clone(),
                    },
                    Vec::new(),
                ),
                None => ResponseBody::parse_checked(&attempt.bytes),
            };
            for (name, value) in &attempt.headers {
                self.secrets.learn_header(name, value);
            }
            if let Some(v) = body.json() {
                self.secrets.learn_json(v);
            }
            let exchange = record(
                request,
                &url,
                sent.as_ref(),
                &attempt,
                elapsed,
                rate_limited,
                &self.secrets,
            );
            return Ok(Response {
                status: attempt.status,
                body,
                exchange,
                duplicate_keys,
            });
        }
    }
}

impl AuthApi for HttpTarget {
    fn info(&self) -> TargetInfo {
        TargetInfo {
            kind: self.settings.kind.clone(),
            url: self.shown_url.clone(),
        }
    }

    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        self.runtime.block_on(self.send_async(request))
    }
}

/// The message of an error and of every error in its `source()` chain, joined with `: ` (a message
/// already contained in the one before it is skipped). The URL reqwest puts in its own message is
/// left out.
fn cause_chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut parts: Vec<String> = vec![e.to_string()];
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last().is_none_or(|last| !last.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// The wait a `Retry-After` value asks for, capped at `cap` before any conversion (so no value
/// can panic): delay-seconds (fractions accepted), or an IMF-fixdate HTTP-date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) relative to `now`. `None` when it is neither.
pub(crate) fn retry_after(
    value: &str,
    now: std::time::SystemTime,
    cap: Duration,
) -> Option<Duration> {
    let value = value.trim();
    let cap_secs = cap.as_secs_f64();
    let secs = match value.parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => s,
        Ok(_) => return None,
        Err(_) => {
            let at = http_date(value)?;
            let now = now
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            at.saturating_sub(now) as f64
        }
    };
    Duration::try_from_secs_f64(secs.min(cap_secs)).ok()
}

/// Seconds since the Unix epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`); the obsolete
/// HTTP-date formats are not read.
fn http_date(text: &str) -> Option<u64> {
    let (_, rest) = text.split_once(", ")?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: i64 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = hms.as_slice() else {
        return None;
    };
    if !(0..24).contains(h) || !(0..60).contains(m) || !(0..61).contains(s) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + m * 60 + s).ok()
}

/// Builds the exchange of one request: the bytes sent and received (capped at
/// [`REPORT_BODY_BYTES`], lossy UTF-8), every secret `secrets` knows scrubbed, no URL userinfo.
fn record(
    request: &ApiRequest,
    url: &str,
    sent: Option<&Sent>,
    attempt: &Attempt,
    elapsed: Duration,
    retries: u32,
    secrets: &Secrets,
) -> Exchange {
    let op = request.operation;
    let url = secrets.scrub(&redact::strip_userinfo(url));
    // Scrub a little past the cap, then cut: a secret that straddles the cap is masked whole
    // instead of leaving its first bytes in the report.
    let shown = |bytes: &[u8]| {
        let window = &bytes[..bytes.len().min(REPORT_BODY_BYTES + SECRET_MARGIN_BYTES)];
        let mut text = redact::raw_text(&String::from_utf8_lossy(window), secrets);
        if text.len() > REPORT_BODY_BYTES {
            let mut cut = REPORT_BODY_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        text
    };
    let mut request_headers = Vec::new();
    let request_body = sent.map(|sent| {
        request_headers.push(("Content-Type".to_owned(), secrets.scrub(&sent.content_type)));
        shown(&sent.bytes)
    });
    if let Some(token) = &request.bearer {
        request_headers.push((
            "Authorization".to_owned(),
            secrets.scrub(&redact::header("authorization", &format!("Bearer {token}"))),
        ));
    }
    let mut response_headers: Vec<(String, String)> = attempt
        .headers
        .iter()
        .map(|(k, v)| {
            (
                secrets.scrub(k),
                redact::raw_text(&redact::header(k, v), secrets),
            )
        })
        .collect();
    if retries > 0 {
        response_headers.push((
            "x-nhost-conformance-retries-after-429".to_owned(),
            retries.to_string(),
        ));
    }
    let response_body = (!attempt.bytes.is_empty()).then(|| shown(&attempt.bytes));
    Exchange {
        operation: op.name().to_owned(),
        method: op.method().to_owned(),
        curl: curl::command(op.method(), &url, &request_headers, request_body.as_deref()),
        url,
        request_headers,
        request_body,
        status: Some(attempt.status),
        response_headers,
        response_body,
        elapsed_ms: elapsed.as_secs_f64() * 1000.0,
        error: attempt.truncated.as_deref().map(|e| secrets.scrub(e)),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn retry_after_is_capped_and_never_panics() {
        let cap = Duration::from_secs(10);
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after("2", now, cap), Some(Duration::from_secs(2)));
        assert_eq!(
            retry_after(" 0.5 ", now, cap),
            Some(Duration::from_millis(500))
        );
        for huge in ["1e300", "1e308", "18446744073709551616", "9999999999999"] {
            assert_eq!(retry_after(huge, now, cap), Some(cap), "{huge}");
        }
        for bad in ["-1", "NaN", "inf", "soon", ""] {
            assert_eq!(retry_after(bad, now, cap), None, "{bad}");
        }
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now, cap),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now, cap),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now, cap),
            Some(cap)
        );
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:40 PST", now, cap), None);
    }
}
