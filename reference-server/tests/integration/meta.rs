//! `/healthz`, `/version`, `/.well-known/jwks.json`, unknown routes.

use axum::http::Method;
use reference_server::{JwtConfig, Profile, ServerConfig};
use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn healthz_get_and_head() {
    let app = TestApp::with_profile(Profile::Published);
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!("OK"));
    let head = app
        .send(Method::HEAD, "/healthz", None, None, Vec::new())
        .await;
    assert_eq!(head.status, 200);
    assert!(head.raw.is_empty());
}

#[tokio::test]
async fn version_answers_an_object() {
    let app = TestApp::new(ServerConfig {
        version: "1.2.3".into(),
        ..ServerConfig::for_tests()
    });
    let reply = app.get("/version", None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!({ "version": "1.2.3" }));
}

#[tokio::test]
async fn jwks_lists_the_rsa_key_only_for_rs_algorithms() {
    let hs = TestApp::new(ServerConfig::for_tests());
    assert_eq!(
        hs.get("/.well-known/jwks.json", None).await.body,
        json!({ "keys": [] })
    );
    for jwt in [JwtConfig::Rs256, JwtConfig::Rs384, JwtConfig::Rs512] {
        let app = TestApp::new(ServerConfig {
            jwt: jwt.clone(),
            ..ServerConfig::for_tests()
        });
        let jwks = app.get("/.well-known/jwks.json", None).await.body;
        let keys = jwks["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0]["kty"], "RSA");
        assert_eq!(keys[0]["alg"], jwt.name());
        assert_eq!(keys[0]["use"], "sig");
        assert_eq!(keys[0]["e"], "AQAB");
        assert!(keys[0]["kid"].as_str().is_some_and(|k| !k.is_empty()));
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_get_error_bodies() {
    let app = TestApp::with_profile(Profile::Published);
    app.get("/nope", None)
        .await
        .assert_error(404, "route-not-found");
    app.get("/signup/email-password", None)
        .await
        .assert_error(405, "method-not-allowed");
}

#[tokio::test]
async fn endpoints_live_only_under_v1() {
    use tower::ServiceExt as _;
    let app = TestApp::with_profile(Profile::Published);
    let request = axum::http::Request::get("/healthz")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 404);
}
