//! Hostile targets: fake servers that echo secrets back, repeat JSON keys, ask for absurd waits
//! or drop connections. The run records valid, scrubbed exchanges and clear errors, never a panic.

use std::sync::Arc;
use std::time::Duration;

use crate::common::serve;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use harness::config::Budgets;
use harness::transport::{
    Cancel, HttpSettings, HttpTransport, LayeredTarget, Limits, PaceSettings, RetryPolicy,
    StackSettings,
};
use serde_json::json;
use suites::{ApiRequest, AuthApi, Check, Env, Operation, Secrets, TargetError, TargetInfo};

const PASSWORD: &str = "correct-horse-battery";
const ACCESS: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJlY2hvIn0.c2lnbmF0dXJl";
const REFRESH: &str = "1fb17604-86c7-444e-b337-09a644465f2d";
const URL_PASSWORD: &str = "url-pass-w0rd";

/// The HTTP transport under the standard layers, learning into and scrubbing with `secrets`,
/// driven as runs drive it (each calling thread on its own runtime).
fn target(base_url: String, secrets: Arc<Secrets>) -> LayeredTarget {
    secrets.learn_url(&base_url);
    let transport = HttpTransport::new(HttpSettings {
        base_url: base_url.clone(),
        timeout: Duration::from_secs(5),
        max_response_bytes: 1 << 20,
    })
    .unwrap();
    let info = TargetInfo {
        kind: "http".to_owned(),
        url: suites::redact::strip_userinfo(&base_url),
    };
    let stack = StackSettings {
        limits: Arc::new(Limits::new(PaceSettings {
            concurrency: 2,
            start: None,
            ceiling: None,
            budgets: Budgets::unlimited(),
        })),
        secrets,
        retry: RetryPolicy {
            max_retries: Some(1),
            max_backoff: Duration::from_millis(20),
            patience: Duration::from_secs(60),
        },
        cancel: Cancel::new(),
        shapes: Arc::new(harness::transport::Shapes::new()),
    };
    LayeredTarget::each_thread(move || transport.with_own_client(), info, &stack)
}

fn env() -> Env {
    Env::new(contract::Contract::load("deployed").unwrap(), "hostile").unwrap()
}

/// Echoes what it was sent: the body in a debug header and in text/plain errors, the
/// authorization header too, and answers sign-in with tokens.
fn echo_app() -> Router {
    async fn sign_in(body: Bytes) -> impl IntoResponse {
        let echoed = String::from_utf8_lossy(&body).into_owned();
        let session = json!({"session": {"accessToken": ACCESS, "refreshToken": REFRESH,
            "note": format!("issued for {echoed}")}});
        ([("x-debug-request", echoed)], axum::Json(session))
    }
    async fn refresh(body: Bytes) -> impl IntoResponse {
        let echoed = String::from_utf8_lossy(&body).into_owned();
        (
            StatusCode::BAD_REQUEST,
            [
                (header::CONTENT_TYPE.as_str(), "text/plain".to_owned()),
                ("x-debug-request", echoed.clone()),
            ],
            format!("cannot parse {echoed} (token {REFRESH}, access {ACCESS})"),
        )
    }
    async fn user(headers: HeaderMap) -> impl IntoResponse {
        let auth = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (
            StatusCode::UNAUTHORIZED,
            [("x-debug-authorization", auth.clone())],
            format!("rejected {auth}"),
        )
    }
    Router::new()
        .route("/v1/signin/email-password", post(sign_in))
        .route("/v1/token", post(refresh))
        .route("/v1/user", get(user))
}

#[test]
fn echoed_secrets_never_reach_the_recorded_exchanges() {
    let (_server, addr) = serve(echo_app());
    let env = env();
    let api = target(
        format!("http://tester:{URL_PASSWORD}@{addr}/v1"),
        env.secrets.clone(),
    );
    assert!(!api.info().url.contains(URL_PASSWORD), "{}", api.info().url);
    let mut check = Check::new(&env, &api, 0);
    check
        .send(ApiRequest::json(
            Operation::SignIn,
            json!({"email": "a@example.com", "password": PASSWORD}),
        ))
        .unwrap();
    let refreshed = check.refresh(REFRESH).unwrap();
    assert_eq!(refreshed.status, 400);
    check
        .send(ApiRequest::empty(Operation::GetUser).with_bearer(ACCESS))
        .unwrap();
    // A password too short to search for is still masked where it sits under its key, in the
    // body and in the header that echoes it.
    check
        .send(ApiRequest::json(
            Operation::SignIn,
            json!({"email": "b@example.com", "password": "pw7"}),
        ))
        .unwrap();
    // A raw body that is not JSON at all still has its known secrets scrubbed.
    check
        .send(ApiRequest {
            operation: Operation::Refresh,
            body: Some(suites::Body::Raw {
                content_type: "text/plain".to_owned(),
                bytes: format!("refresh please {REFRESH}").into_bytes(),
            }),
            bearer: None,
        })
        .unwrap();
    let verdict = check.finish(Ok(()));
    assert_eq!(verdict.exchanges.len(), 5);
    let recorded = serde_json::to_string(&verdict.exchanges).unwrap();
    // base64("tester:url-pass-w0rd"), the Basic credentials the client derives from the URL.
    let basic = "dGVzdGVyOnVybC1wYXNzLXcwcmQ=";
    for secret in [
        PASSWORD,
        ACCESS,
        REFRESH,
        URL_PASSWORD,
        "c2lnbmF0dXJl",
        basic,
        "pw7",
    ] {
        assert!(
            !recorded.contains(secret),
            "{secret} leaked into {recorded}"
        );
    }
    // The same secret keeps the same mark, so readers can follow a token across steps.
    let mark = suites::redact::mark(REFRESH);
    assert!(verdict.exchanges[0]
        .response_body
        .as_deref()
        .unwrap()
        .contains(&mark));
    assert!(verdict.exchanges[1]
        .response_body
        .as_deref()
        .unwrap()
        .contains(&mark));
    assert!(
        verdict.exchanges[1].curl.contains(&mark),
        "{}",
        verdict.exchanges[1].curl
    );
    // The bearer token replaces the URL's Basic credentials: one Authorization header.
    let echoed = &verdict.exchanges[2].response_body;
    assert_eq!(
        echoed.as_deref(),
        Some(format!("rejected Bearer {}", suites::redact::mark(ACCESS)).as_str())
    );
    for e in &verdict.exchanges {
        assert!(
            e.url.starts_with(&format!("http://{addr}/v1/")),
            "{}",
            e.url
        );
        assert!(!e.curl.contains("tester"), "{}", e.curl);
    }
    // The target alone (without Check) scrubs with what it learned, too.
    let learned = Arc::new(Secrets::new());
    let alone = target(format!("http://{addr}/v1"), Arc::clone(&learned));
    let response = alone
        .send(&ApiRequest::json(
            Operation::Refresh,
            json!({"refreshToken": REFRESH}),
        ))
        .unwrap();
    let text = serde_json::to_string(&response.exchange).unwrap();
    assert!(!text.contains(REFRESH), "{text}");
    assert!(!learned.is_empty());
}

#[test]
fn the_exchange_keeps_the_bytes_and_duplicate_keys_are_a_finding() {
    const BODY: &str = "{\"status\":200,  \"status\":500,\n \"nested\":{\"a\":1,\"a\":2}}";
    let (_server, addr) = serve(Router::new().route(
        "/v1/healthz",
        get(|| async { ([(header::CONTENT_TYPE, "application/json")], BODY) }),
    ));
    let env = env();
    let api = target(format!("http://{addr}/v1"), env.secrets.clone());
    let mut check = Check::new(&env, &api, 0);
    let response = check.send(ApiRequest::empty(Operation::Health)).unwrap();
    assert_eq!(response.duplicate_keys, vec!["/status", "/nested/a"]);
    assert_eq!(
        response.body.json(),
        Some(&json!({"status": 500, "nested": {"a": 2}}))
    );
    let verdict = check.finish(Ok(()));
    assert_eq!(verdict.exchanges[0].response_body.as_deref(), Some(BODY));
    let dups: Vec<(&str, &str)> = verdict
        .findings
        .iter()
        .filter(|f| f.rule == suites::rules::HTTP_JSON_NO_DUPLICATE_KEYS)
        .map(|f| (f.pointer.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(dups.len(), 2, "{:?}", verdict.findings);
    assert_eq!(dups[0].0, "/status");
    assert!(dups[0].1.contains("\"status\""), "{}", dups[0].1);
    assert!(verdict
        .rules
        .contains(suites::rules::HTTP_JSON_NO_DUPLICATE_KEYS));
}

#[test]
fn an_absurd_retry_after_is_capped_not_a_panic() {
    let app = Router::new().fallback(|| async {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1e300")],
            "",
        )
    });
    let (_server, addr) = serve(app);
    let api = target(format!("http://{addr}/v1"), Arc::default());
    let started = std::time::Instant::now();
    let e = api.send(&ApiRequest::empty(Operation::Health)).unwrap_err();
    assert!(
        matches!(e, TargetError::RateLimited { attempts: 2, .. }),
        "{e}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the wait was capped"
    );
}

#[test]
fn transport_errors_keep_their_cause() {
    // Accepts connections and drops them without answering.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            drop(stream);
        }
    });
    let api = target(format!("http://u:{URL_PASSWORD}@{addr}/v1"), Arc::default());
    let e = api.send(&ApiRequest::empty(Operation::Health)).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, TargetError::Other { .. }), "{text}");
    assert!(text.contains("error sending request: "), "{text}");
    assert!(!text.contains(URL_PASSWORD), "{text}");
    assert!(!text.contains('\n'), "{text}");
}

#[test]
fn a_kept_alive_connection_the_server_closed_between_calls_is_not_reused() {
    use std::io::{BufRead, BufReader, Write};
    // Answers one request per connection with keep-alive, then closes the connection when told
    // to and says so. The client's thread is not waiting on a call at that moment, so nothing
    // drives its runtime while the close arrives.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (close, close_rx) = std::sync::mpsc::channel::<()>();
    let (closed_tx, closed) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let body = r#"{"status":"ok"}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(answer.as_bytes()).unwrap();
            if close_rx.recv().is_err() {
                return;
            }
            stream.shutdown(std::net::Shutdown::Both).unwrap();
            drop((stream, reader));
            closed_tx.send(()).unwrap();
        }
    });
    let api = target(format!("http://{addr}/v1"), Arc::default());
    for call in 0..3 {
        let response = api.send(&ApiRequest::empty(Operation::Health));
        assert_eq!(
            response.map(|r| r.status).map_err(|e| e.to_string()),
            Ok(200),
            "call {call}"
        );
        close.send(()).unwrap();
        closed.recv().unwrap();
    }
}
