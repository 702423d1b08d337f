//! [`HttpTarget`]: the `AuthApi` over HTTP, with timeouts, a body cap, pacing, 429 backoff and a
//! recorded, redacted exchange for every request.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reports::Exchange;
use suites::{
    redact, ApiRequest, AuthApi, Body, Operation, Response, ResponseBody, TargetError, TargetInfo,
};
use tokio::runtime::Handle;

use super::curl;
use super::limits::Limits;
use crate::errors::HarnessError;

/// Bytes of a response body kept in a report (the check sees the whole body up to the cap).
const REPORT_BODY_BYTES: usize = 16 * 1024;

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
    client: reqwest::Client,
    limits: Arc<Limits>,
    runtime: Handle,
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
    /// A target that runs its requests on `runtime`.
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
        Ok(Self {
            settings,
            client,
            limits,
            runtime,
        })
    }

    fn url(&self, op: Operation) -> String {
        format!("{}{}", self.settings.base_url, op.path())
    }

    async fn attempt(&self, request: &ApiRequest, url: &str) -> Result<Attempt, TargetError> {
        let op = request.operation;
        let method = if op.method() == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut builder = self.client.request(method, url);
        if let Some(token) = &request.bearer {
            builder = builder.bearer_auth(token);
        }
        builder = match &request.body {
            Some(Body::Json(v)) => builder
                .header("content-type", "application/json")
                .body(v.to_string()),
            Some(Body::Raw {
                content_type,
                bytes,
            }) => builder
                .header("content-type", content_type.as_str())
                // A malformed or huge body may make the server answer early and drop the
                // connection: never hand that connection back to the pool.
                .header("connection", "close")
                .body(bytes.clone()),
            None => builder,
        };
        let _permit = self.limits.admit().await;
        let timeout = self.settings.timeout;
        let exchange = async {
            let mut response = builder
                .send()
                .await
                .map_err(|e| self.transport_error(op, url, &e))?;
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
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64);
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
                            "the body was cut off after {} bytes: {e}",
                            bytes.len()
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

    fn transport_error(&self, op: Operation, url: &str, e: &reqwest::Error) -> TargetError {
        if e.is_timeout() {
            return self.timeout_error(op);
        }
        if e.is_connect() {
            let mut reason = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                reason = s.to_string();
                source = s.source();
            }
            return TargetError::Unreachable {
                url: url.to_owned(),
                reason,
            };
        }
        TargetError::Other {
            operation: op.name().to_owned(),
            reason: e.to_string(),
        }
    }

    async fn send_async(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        let op = request.operation;
        self.limits.spend(op)?;
        let url = self.url(op);
        let mut backoff = Duration::from_millis(500);
        let mut rate_limited = 0;
        loop {
            let started = Instant::now();
            let attempt = self.attempt(request, &url).await?;
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
                tokio::time::sleep(wait).await;
                backoff = (backoff * 2).min(self.settings.max_backoff);
                continue;
            }
            let elapsed = started.elapsed();
            let body = match &attempt.truncated {
                Some(reason) => ResponseBody::NotJson {
                    text: String::from_utf8_lossy(&attempt.bytes).into_owned(),
                    reason: reason.clone(),
                },
                None => ResponseBody::parse(&attempt.bytes),
            };
            let exchange = record(request, &url, &attempt, elapsed, rate_limited);
            return Ok(Response {
                status: attempt.status,
                body,
                exchange,
            });
        }
    }
}

impl AuthApi for HttpTarget {
    fn info(&self) -> TargetInfo {
        TargetInfo {
            kind: self.settings.kind.clone(),
            url: self.settings.base_url.clone(),
        }
    }

    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        self.runtime.block_on(self.send_async(request))
    }
}

/// Builds the redacted exchange of one request.
fn record(
    request: &ApiRequest,
    url: &str,
    attempt: &Attempt,
    elapsed: Duration,
    retries: u32,
) -> Exchange {
    let op = request.operation;
    let mut request_headers = Vec::new();
    let request_body = match &request.body {
        Some(Body::Json(v)) => {
            request_headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
            Some(redact::json(v).to_string())
        }
        Some(Body::Raw {
            content_type,
            bytes,
        }) => {
            request_headers.push(("Content-Type".to_owned(), content_type.clone()));
            Some(redact::text(
                &String::from_utf8_lossy(&bytes[..bytes.len().min(REPORT_BODY_BYTES)]),
                &[],
            ))
        }
        None => None,
    };
    if let Some(token) = &request.bearer {
        request_headers.push((
            "Authorization".to_owned(),
            redact::header("authorization", &format!("Bearer {token}")),
        ));
    }
    let mut response_headers: Vec<(String, String)> = attempt
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), redact::header(k, v)))
        .collect();
    if retries > 0 {
        response_headers.push((
            "x-nhost-conformance-retries-after-429".to_owned(),
            retries.to_string(),
        ));
    }
    let shown = &attempt.bytes[..attempt.bytes.len().min(REPORT_BODY_BYTES)];
    let response_body =
        (!attempt.bytes.is_empty()).then(|| redact::text(&String::from_utf8_lossy(shown), &[]));
    Exchange {
        operation: op.name().to_owned(),
        method: op.method().to_owned(),
        url: url.to_owned(),
        curl: curl::command(op.method(), url, &request_headers, request_body.as_deref()),
        request_headers,
        request_body,
        status: Some(attempt.status),
        response_headers,
        response_body,
        elapsed_ms: elapsed.as_secs_f64() * 1000.0,
        error: attempt.truncated.clone(),
    }
}
