//! Targets that are not Nhost Auth end the run before any trial, with one clear line, within the
//! configured timeouts.

use std::time::Duration;

use crate::common::{closed_addr, serve};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::Router;
use harness::config::RunConfig;
use harness::runner::{RunSession, StopFlag};
use harness::HarnessError;

fn start(url: String) -> Result<RunSession, HarnessError> {
    let mut config = RunConfig::default().with_url_defaults(url);
    config.request_timeout = Duration::from_millis(800);
    config.max_retries = Some(2);
    config.max_backoff = Duration::from_millis(50);
    RunSession::start(config, None, None, StopFlag::new())
}

fn error_of(url: String) -> String {
    match start(url) {
        Ok(_) => panic!("the run must not start"),
        Err(e) => {
            let text = e.to_string();
            assert!(!text.contains('\n'), "one line: {text}");
            assert_eq!(harness::cli::code_of(&e), harness::cli::TARGET, "{text}");
            text
        }
    }
}

#[test]
fn unreachable_target() {
    let text = error_of(format!("http://{}/v1", closed_addr()));
    assert!(text.contains("unreachable"), "{text}");
}

#[test]
fn target_answering_html() {
    let (_rt, addr) = serve(
        Router::new()
            .fallback(|| async { Html("<!doctype html><html><body>Welcome</body></html>") }),
    );
    let text = error_of(format!("http://{addr}/v1"));
    assert!(
        text.contains("HTML") && text.contains("Auth base URL"),
        "{text}"
    );
}

#[test]
fn target_rate_limiting_forever() {
    let app = Router::new().fallback(|| async {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "0")],
            "",
        )
            .into_response()
    });
    let (_rt, addr) = serve(app);
    let text = error_of(format!("http://{addr}/v1"));
    assert!(
        text.contains("rate limited") && text.contains("429"),
        "{text}"
    );
}

#[test]
fn target_that_never_answers() {
    let (_rt, addr) = serve(Router::new().fallback(std::future::pending::<&'static str>));
    let text = error_of(format!("http://{addr}/v1"));
    assert!(text.contains("timed out"), "{text}");
}
