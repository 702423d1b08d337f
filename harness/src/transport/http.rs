//! [`HttpTransport`]: the Auth API over HTTP, transport only. Every request is bounded by a
//! timeout (connect to last byte) and its body by a size cap; redirects are never followed.
//! Budgets, pacing, 429s, recording and redaction are the layers' job ([`super::layers`]).

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use suites::{redact, ApiRequest, Body, Operation, TargetError};
use tower::Service;

use super::reply::{Reply, ReplyFuture, Sent};
use super::Call;
use crate::errors::HarnessError;

/// Settings of an [`HttpTransport`].
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Auth base URL, without a trailing slash.
    pub base_url: String,
    /// Timeout of one request, connect to last byte.
    pub timeout: Duration,
    /// Cap on a response body.
    pub max_response_bytes: usize,
}

/// The HTTP transport. Cheap to clone: the client and settings are shared.
#[derive(Clone)]
pub struct HttpTransport {
    inner: Arc<Inner>,
}

struct Inner {
    settings: HttpSettings,
    client: reqwest::Client,
}

impl HttpTransport {
    /// A transport for `settings` (the client is built here: a TLS setup failure is an error).
    pub fn new(settings: HttpSettings) -> Result<Self, HarnessError> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("nhost-conformance/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| HarnessError::Client(e.to_string()))?;
        Ok(Self {
            inner: Arc::new(Inner { settings, client }),
        })
    }

    /// The same transport with a client of its own: it shares settings but no connection with
    /// this one (for [`LayeredTarget::each_thread`](super::LayeredTarget::each_thread)).
    pub fn with_own_client(&self) -> Result<Self, HarnessError> {
        Self::new(self.inner.settings.clone())
    }
}

impl Service<Call> for HttpTransport {
    type Response = Reply;
    type Error = TargetError;
    type Future = ReplyFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), TargetError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Call) -> Self::Future {
        let inner = Arc::clone(&self.inner);
        Box::pin(async move { inner.send(&request).await })
    }
}

/// The body of a request as it goes on the wire: content type and bytes.
fn wire_body(body: &Body) -> (String, Vec<u8>) {
    match body {
        Body::Json(v) => ("application/json".to_owned(), v.to_string().into_bytes()),
        Body::Raw {
            content_type,
            bytes,
        } => (content_type.clone(), bytes.clone()),
    }
}

impl Inner {
    async fn send(&self, request: &ApiRequest) -> Result<Reply, TargetError> {
        let op = request.operation;
        let url = format!("{}{}", self.settings.base_url, op.path());
        let method = if op.method() == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut sent = Sent {
            method: op.method().to_owned(),
            url: url.clone(),
            headers: Vec::new(),
            body: None,
        };
        let mut builder = self.client.request(method, &url);
        if let Some(body) = &request.body {
            let (content_type, bytes) = wire_body(body);
            sent.headers
                .push(("Content-Type".to_owned(), content_type.clone()));
            builder = builder
                .header("content-type", content_type)
                .body(bytes.clone());
            if matches!(body, Body::Raw { .. }) {
                // A malformed or huge body may make the server answer early and drop the
                // connection: never hand that connection back to the pool.
                builder = builder.header("connection", "close");
            }
            sent.body = Some(bytes);
        }
        let mut built = builder
            .build()
            .map_err(|e| self.transport_error(op, &url, e))?;
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
            sent.headers
                .push(("Authorization".to_owned(), format!("Bearer {token}")));
        }
        let started = Instant::now();
        let exchange = async {
            let mut response = self
                .client
                .execute(built)
                .await
                .map_err(|e| self.transport_error(op, &url, e))?;
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
                            cause_chain(e)
                        ));
                        break;
                    }
                }
            }
            Ok((status, headers, bytes, truncated))
        };
        let (status, headers, body, truncated) =
            tokio::time::timeout(self.settings.timeout, exchange)
                .await
                .map_err(|_| self.timeout_error(op))??;
        Ok(Reply {
            status,
            body,
            headers,
            truncated,
            sent,
            sdk: None,
            elapsed: started.elapsed(),
            retries: 0,
        })
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
        let reason = cause_chain(e);
        if connect {
            return TargetError::Unreachable {
                url: redact::strip_userinfo(url),
                reason,
            };
        }
        TargetError::Other {
            operation: op.name().to_owned(),
            reason,
        }
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
