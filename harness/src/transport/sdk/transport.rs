//! [`SdkTransport`]: the Auth API through the official SDK. Each request becomes the SDK's own
//! call for that operation (sign-up, sign-in, anonymous sign-in, refresh, sign-out, get-user, and
//! the public endpoints where the SDK line has a call for them), made by the [`Bridge`]; what
//! the call returned to its caller is the body that is judged, and the HTTP request the SDK made
//! is recorded with it.
//!
//! A request the SDK cannot make as asked is not applicable through it, never faked: a raw
//! (non-JSON) body, a bearer token on a call that takes none, a call the SDK line lacks, or a
//! body the SDK changed on its way out (a 3.x call that forwards only the fields it knows, a
//! number JavaScript cannot hold).

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use serde_json::{json, Value};
use suites::json::same_json;
use suites::{ApiRequest, Body, Operation, TargetError};
use tower::Service;

use super::bridge::{Bridge, BridgeFailure};
use crate::transport::reply::{Reply, ReplyFuture, SdkCall, Sent};
use crate::transport::Call;
use crate::transport::Limits;

/// The Auth API through one SDK line's bridge. Cheap to clone.
#[derive(Clone)]
pub struct SdkTransport {
    bridge: Arc<Bridge>,
    timeout: Duration,
    max_response_bytes: usize,
    counts: Option<Arc<Limits>>,
}

impl SdkTransport {
    /// Calls through `bridge`, each call bounded by `timeout`, and what a call returns to its
    /// caller by `max_response_bytes` (as the HTTP transport bounds a body).
    pub fn new(bridge: Arc<Bridge>, timeout: Duration, max_response_bytes: usize) -> Self {
        Self {
            bridge,
            timeout,
            max_response_bytes,
            counts: None,
        }
    }

    /// Corrects the run's request count (the pace layer counts one per call) by what each call
    /// really put on the wire: none when the SDK refused to make it, as many as its fetch made
    /// otherwise.
    pub fn counting(mut self, limits: Arc<Limits>) -> Self {
        self.counts = Some(limits);
        self
    }

    /// Tells the counts that a call of `op` made `requests` HTTP requests, not one.
    fn made(&self, op: Operation, requests: usize) {
        if let Some(limits) = &self.counts {
            limits.correct_sent(op, i64::try_from(requests).unwrap_or(i64::MAX) - 1);
        }
    }

    /// The bridge (for its SDK label and restart count).
    pub fn bridge(&self) -> &Arc<Bridge> {
        &self.bridge
    }
}

impl Service<Call> for SdkTransport {
    type Response = Reply;
    type Error = TargetError;
    type Future = ReplyFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), TargetError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, call: Call) -> Self::Future {
        let this = self.clone();
        Box::pin(async move { this.send(&call).await })
    }
}

/// The bridge op and arguments for a request, or why the SDK cannot make it.
pub fn command(request: &ApiRequest) -> Result<(&'static str, Value), String> {
    let body = match &request.body {
        None => None,
        Some(Body::Json(v)) => Some(v.clone()),
        Some(Body::Raw { content_type, .. }) => {
            return Err(format!(
                "an SDK call sends the JSON it builds from its arguments; a raw {content_type} body cannot go through it"
            ))
        }
    };
    let takes_token = matches!(request.operation, Operation::SignOut | Operation::GetUser);
    if request.bearer.is_some() && !takes_token {
        return Err(format!(
            "the SDK's {} call sends no bearer token",
            request.operation
        ));
    }
    let op = match request.operation {
        Operation::SignUp => "signUp",
        Operation::SignIn => "signIn",
        Operation::SignInAnonymous => "signInAnonymous",
        Operation::Refresh => "refresh",
        Operation::SignOut => "signOut",
        Operation::GetUser => "getUser",
        Operation::Jwks => "jwks",
        Operation::Health => "health",
        Operation::Version => "version",
    };
    let mut args = serde_json::Map::new();
    if let Some(body) = body {
        args.insert("body".into(), body);
    }
    if let Some(token) = &request.bearer {
        args.insert("accessToken".into(), Value::String(token.clone()));
    }
    Ok((op, Value::Object(args)))
}

impl SdkTransport {
    async fn send(&self, request: &ApiRequest) -> Result<Reply, TargetError> {
        let operation = request.operation.name().to_owned();
        let (op, args) = command(request).map_err(|reason| {
            self.made(request.operation, 0);
            TargetError::Unsupported {
                operation: operation.clone(),
                reason,
            }
        })?;
        let started = std::time::Instant::now();
        let reply =
            self.bridge
                .call(op, args, self.timeout)
                .await
                .map_err(|failure| match failure {
                    BridgeFailure::Hung { .. } => TargetError::Timeout {
                        operation: operation.clone(),
                        seconds: self.timeout.as_secs_f64(),
                    },
                    other => TargetError::Other {
                        operation: operation.clone(),
                        reason: other.to_string(),
                    },
                })?;
        let elapsed = started.elapsed();
        self.made(
            request.operation,
            reply["wire"].as_array().map_or(0, Vec::len),
        );
        if let Some(reason) = reply.get("unsupported").and_then(Value::as_str) {
            return Err(TargetError::Unsupported {
                operation,
                reason: format!("{} {reason}", self.bridge.sdk_label()),
            });
        }
        if reply["crashed"] == json!(true) {
            return Err(TargetError::Other {
                operation,
                reason: format!(
                    "{} crashed (an app's process would have died): {}",
                    self.bridge.sdk_label(),
                    reply["error"].as_str().unwrap_or("no reason given")
                ),
            });
        }
        if reply["timeout"] == json!(true) {
            return Err(TargetError::Timeout {
                operation,
                seconds: self.timeout.as_secs_f64(),
            });
        }
        let wire = wire_parts(&reply);
        // What the service did decides first, whatever the SDK made of it: no answer at all,
        // or a rate limit (which the retry layer must see to slow the run down).
        if let Some(Wire {
            sent,
            status: None,
            error: Some(error),
            ..
        }) = &wire
        {
            return Err(TargetError::Unreachable {
                url: sent.url.clone(),
                reason: format!("{} got no answer: {error}", self.bridge.sdk_label()),
            });
        }
        if let Some(w) = wire.as_ref().filter(|w| w.status == Some(429)) {
            return Ok(self.rate_limited(op, w, started.elapsed()));
        }
        let made_request = wire.is_some();
        let Wire {
            sent,
            headers,
            body: wire_body,
            status: wire_status,
            ..
        } = wire.unwrap_or_default();
        if let (Some(Body::Json(asked)), true) = (&request.body, made_request) {
            let went = sent
                .body
                .as_deref()
                .and_then(|b| serde_json::from_slice::<Value>(b).ok());
            if !went.as_ref().is_some_and(|w| same_json(asked, w)) {
                return Err(TargetError::Unsupported {
                    operation,
                    reason: format!(
                        "{} sent a different body than the case asked for (it builds the body from its own arguments)",
                        self.bridge.sdk_label()
                    ),
                });
            }
        }
        let status = reply["status"].as_u64().and_then(|s| u16::try_from(s).ok());
        let ok = reply["ok"] == json!(true);
        let status = match (ok, status) {
            (true, s) => s.or(wire_status).unwrap_or(200),
            (false, Some(s)) => s,
            (false, None) => {
                let error = reply["error"]
                    .as_str()
                    .unwrap_or("an error without a message");
                let name = reply["errorName"].as_str().unwrap_or("Error");
                let sdk = self.bridge.sdk_label();
                return Err(match wire_status {
                    Some(answered) => TargetError::ClientFailed {
                        operation,
                        reason: format!(
                            "{sdk} raised {name}: {error} (the server answered HTTP {answered})"
                        ),
                    },
                    None => TargetError::Other {
                        operation,
                        reason: format!("{sdk} raised {name}: {error}"),
                    },
                });
            }
        };
        let body = match reply.get("body") {
            None | Some(Value::Null) if !ok => Vec::new(),
            Some(b) => b.to_string().into_bytes(),
            None => b"null".to_vec(),
        };
        if body.len() > self.max_response_bytes {
            return Err(TargetError::TooLarge {
                operation,
                limit: self.max_response_bytes,
            });
        }
        Ok(Reply {
            status,
            body,
            headers,
            truncated: None,
            sdk: Some(SdkCall {
                call: format!("{op} through {}", self.bridge.sdk_label()),
                wire_body,
            }),
            sent,
            elapsed,
            retries: 0,
        })
    }

    /// The reply to a call the service answered 429: the wire's status, headers (its
    /// `Retry-After` for the retry layer) and body (the 3.x SDK reports a 429 as a network error
    /// with status 0).
    fn rate_limited(&self, op: &str, wire: &Wire, elapsed: Duration) -> Reply {
        Reply {
            status: 429,
            body: wire.body.clone().unwrap_or_default(),
            headers: wire.headers.clone(),
            truncated: None,
            sent: wire.sent.clone(),
            sdk: Some(SdkCall {
                call: format!("{op} through {}", self.bridge.sdk_label()),
                wire_body: wire.body.clone(),
            }),
            elapsed,
            retries: 0,
        }
    }
}

/// The last HTTP request of a bridge reply's wire capture.
#[derive(Debug, Clone, Default)]
pub struct Wire {
    /// What the SDK sent.
    pub sent: Sent,
    /// The response headers it got.
    pub headers: Vec<(String, String)>,
    /// The response body it got (capped by the bridge), if any.
    pub body: Option<Vec<u8>>,
    /// The HTTP status it got, when the service answered.
    pub status: Option<u16>,
    /// Why the request got no answer (refused, reset, aborted by the call's timeout).
    pub error: Option<String>,
}

/// The last HTTP request the SDK made during a call, from the bridge reply's wire capture.
pub fn wire_parts(reply: &Value) -> Option<Wire> {
    let wire = reply["wire"].as_array()?.last()?;
    let sent = Sent {
        method: wire["method"].as_str().unwrap_or("").to_owned(),
        url: wire["url"].as_str().unwrap_or("").to_owned(),
        headers: pairs(&wire["requestHeaders"]),
        body: wire["requestBody"].as_str().map(|b| b.as_bytes().to_vec()),
    };
    Some(Wire {
        sent,
        headers: pairs(&wire["responseHeaders"]),
        body: wire["responseBody"].as_str().map(|b| b.as_bytes().to_vec()),
        status: wire["status"].as_u64().and_then(|s| u16::try_from(s).ok()),
        error: wire["error"].as_str().map(str::to_owned),
    })
}

/// A JSON object of header names to values as ordered pairs.
fn pairs(headers: &Value) -> Vec<(String, String)> {
    headers
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_the_sdk_cannot_make_are_refused_before_the_bridge() {
        let raw = ApiRequest {
            operation: Operation::SignUp,
            body: Some(Body::Raw {
                content_type: "application/json".into(),
                bytes: b"{".to_vec(),
            }),
            bearer: None,
        };
        assert!(command(&raw).unwrap_err().contains("raw"));
        let bearer =
            ApiRequest::json(Operation::Refresh, json!({"refreshToken": "x"})).with_bearer("t");
        assert!(command(&bearer).unwrap_err().contains("no bearer"));
        let (op, args) =
            command(&ApiRequest::json(Operation::SignOut, json!({"all": true})).with_bearer("t"))
                .unwrap();
        assert_eq!(op, "signOut");
        assert_eq!(args, json!({"body": {"all": true}, "accessToken": "t"}));
    }
}
