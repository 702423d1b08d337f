//! [`record`]: the outermost layer. It learns every secret a request carries before it is
//! sent and every secret the answer carries, parses the body the caller sees (recording keys
//! that repeat), and builds the transport-neutral [`Exchange`]: the bytes sent and received
//! (capped, lossy UTF-8) with every known secret scrubbed and the URL's userinfo removed, and for
//! an SDK call the call made and what it returned to its caller. Errors are scrubbed too.

use std::sync::Arc;

use results::Exchange;
use suites::{redact, Response, ResponseBody, Secrets, TargetError};
use tower::layer::{layer_fn, Layer};
use tower::util::BoxCloneSyncService;
use tower::{service_fn, ServiceExt};

use crate::transport::curl;
use crate::transport::reply::{Reply, Transport};
use crate::transport::shapes::Shapes;
use crate::transport::Call;

/// Bytes of a body kept in a report (the check sees the whole body up to the cap).
const REPORT_BODY_BYTES: usize = 16 * 1024;

/// Bytes past [`REPORT_BODY_BYTES`] read when scrubbing a shown body (longer than any token).
const SECRET_MARGIN_BYTES: usize = 4096;

/// The pseudo-header that tells how many 429 answers came before the recorded one.
pub const RETRIES_HEADER: &str = "x-nhost-conformance-retries-after-429";

/// A stack's service: a [`Call`] in, a judged-ready [`Response`] out.
pub type BoxTarget = BoxCloneSyncService<Call, Response, TargetError>;

/// The record layer: learns into and scrubs with `secrets`, records each answer's shape into
/// `shapes`, and turns a transport's [`Reply`] into a [`Response`].
pub(crate) fn record<S: Transport>(
    secrets: Arc<Secrets>,
    shapes: Arc<Shapes>,
) -> impl Layer<S, Service = BoxTarget> {
    layer_fn(move |inner: S| {
        let secrets = Arc::clone(&secrets);
        let shapes = Arc::clone(&shapes);
        BoxTarget::new(service_fn(move |call: Call| {
            secrets.learn_request(&call);
            let inner = inner.clone();
            let secrets = Arc::clone(&secrets);
            let shapes = Arc::clone(&shapes);
            async move {
                let operation = call.operation;
                let reply = inner
                    .oneshot(call)
                    .await
                    .map_err(|e| secrets.scrub_error(e))?;
                let (body, duplicate_keys) = match &reply.truncated {
                    Some(reason) => (
                        ResponseBody::NotJson {
                            text: String::from_utf8_lossy(&reply.body).into_owned(),
                            reason: reason.clone(),
                        },
                        Vec::new(),
                    ),
                    None => ResponseBody::parse_checked(&reply.body),
                };
                for (name, value) in &reply.headers {
                    secrets.learn_header(name, value);
                }
                if let Some(v) = body.json() {
                    secrets.learn_json(v);
                    shapes.observe(operation, reply.status, v, &secrets);
                }
                if let Some(wire) = reply.sdk.as_ref().and_then(|s| s.wire_body.as_deref()) {
                    if let ResponseBody::Json(v) = ResponseBody::parse(wire) {
                        secrets.learn_json(&v);
                    }
                }
                let exchange = exchange_of(operation, &reply, &secrets);
                Ok(Response {
                    status: reply.status,
                    body,
                    exchange,
                    duplicate_keys,
                })
            }
        }))
    })
}

/// Text of `bytes` for a report: lossy UTF-8, every secret scrubbed, cut at
/// [`REPORT_BODY_BYTES`]. It scrubs a little past the cap before cutting, so a secret that
/// straddles the cap is masked whole instead of leaving its first bytes in the report.
pub(crate) fn shown(bytes: &[u8], secrets: &Secrets) -> String {
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
}

/// Headers with secret values masked by name and every known secret scrubbed.
pub(crate) fn masked_headers(
    headers: &[(String, String)],
    secrets: &Secrets,
) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                secrets.scrub(k),
                redact::raw_text(&redact::header(k, v), secrets),
            )
        })
        .collect()
}

/// Builds the exchange of one request from what the transport sent and received.
fn exchange_of(operation: suites::Operation, reply: &Reply, secrets: &Secrets) -> Exchange {
    let url = secrets.scrub(&redact::strip_userinfo(&reply.sent.url));
    let request_headers = masked_headers(&reply.sent.headers, secrets);
    let request_body = reply.sent.body.as_deref().map(|b| shown(b, secrets));
    let mut response_headers = masked_headers(&reply.headers, secrets);
    if reply.retries > 0 {
        response_headers.push((RETRIES_HEADER.to_owned(), reply.retries.to_string()));
    }
    let (via, response_body, returned) = match &reply.sdk {
        None => (
            None,
            (!reply.body.is_empty()).then(|| shown(&reply.body, secrets)),
            None,
        ),
        Some(sdk) => (
            Some(secrets.scrub(&sdk.call)),
            sdk.wire_body.as_deref().map(|b| shown(b, secrets)),
            Some(shown(&reply.body, secrets)),
        ),
    };
    let method = if reply.sent.method.is_empty() {
        operation.method().to_owned()
    } else {
        reply.sent.method.clone()
    };
    Exchange {
        operation: operation.name().to_owned(),
        curl: if url.is_empty() {
            String::new()
        } else {
            curl::command(&method, &url, &request_headers, request_body.as_deref())
        },
        method,
        url,
        request_headers,
        request_body,
        status: Some(reply.status),
        response_headers,
        response_body,
        elapsed_ms: reply.elapsed.as_secs_f64() * 1000.0,
        error: reply.truncated.as_deref().map(|e| secrets.scrub(e)),
        via,
        returned,
    }
}
