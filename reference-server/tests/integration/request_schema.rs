//! Requests that fail the request schema: 400 `invalid-request` before any handler, never 5xx.

use axum::http::Method;
use reference_server::{Profile, ServerConfig};
use serde_json::json;

use crate::support::{email, TestApp, PASSWORD};

const ENDPOINTS: &[&str] = &[
    "/signup/email-password",
    "/signin/email-password",
    "/signin/anonymous",
    "/token",
    "/signout",
];

#[tokio::test]
async fn malformed_json_is_400_on_every_endpoint() {
    let app = TestApp::with_profile(Profile::Published);
    for path in ENDPOINTS {
        for raw in [
            &b"{"[..],
            b"{\"email\":",
            b"nope",
            b"\xff\xfe",
            b"{\"a\":1}}",
        ] {
            let reply = app
                .send(
                    Method::POST,
                    path,
                    Some("application/json"),
                    None,
                    raw.to_vec(),
                )
                .await;
            reply.assert_error(400, "invalid-request");
        }
    }
}

#[tokio::test]
async fn non_object_bodies_are_400() {
    let app = TestApp::with_profile(Profile::Published);
    for path in ENDPOINTS {
        for body in [json!([]), json!("x"), json!(1), json!(null)] {
            app.post(path, body)
                .await
                .assert_error(400, "invalid-request");
        }
    }
}

#[tokio::test]
async fn wrong_content_type_is_400() {
    let app = TestApp::with_profile(Profile::Published);
    let body = serde_json::to_vec(&json!({ "email": email("ct"), "password": PASSWORD })).unwrap();
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        app.send(
            Method::POST,
            "/signup/email-password",
            content_type,
            None,
            body.clone(),
        )
        .await
        .assert_error(400, "invalid-request");
    }
    let ok = app
        .send(
            Method::POST,
            "/signup/email-password",
            Some("application/json; charset=utf-8"),
            None,
            body,
        )
        .await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn unknown_fields_are_400_at_every_level_but_sign_out() {
    let app = TestApp::with_profile(Profile::Published);
    let cases = [
        (
            "/signup/email-password",
            json!({ "email": email("u"), "password": PASSWORD, "extra": true }),
        ),
        (
            "/signup/email-password",
            json!({ "email": email("u"), "password": PASSWORD, "options": { "role": "x" } }),
        ),
        (
            "/signin/email-password",
            json!({ "email": email("u"), "password": PASSWORD, "remember": true }),
        ),
        ("/signin/anonymous", json!({ "email": "a@b.io" })),
        (
            "/token",
            json!({ "refreshToken": uuid::Uuid::new_v4().to_string(), "x": 1 }),
        ),
    ];
    for (path, body) in cases {
        let reply = app.post(path, body).await;
        reply.assert_error(400, "invalid-request");
    }
    // The sign-out body is open, as the service's is: unknown keys are ignored.
    let open = app
        .post(
            "/signout",
            json!({ "refreshToken": uuid::Uuid::new_v4().to_string(), "everywhere": true }),
        )
        .await;
    assert_eq!(
        (open.status.as_u16(), open.body.clone()),
        (200, json!("OK"))
    );
    // Nothing was created by the rejected sign-up.
    assert!(app.store.refresh_token_count() == 0);
}

#[tokio::test]
async fn oversized_bodies_are_400_with_an_error_body() {
    let app = TestApp::new(ServerConfig {
        body_limit: 1024,
        ..ServerConfig::for_tests()
    });
    let big = json!({ "email": email("big"), "password": PASSWORD, "options": { "metadata": { "x": "y".repeat(4096) } } });
    app.post("/signup/email-password", big)
        .await
        .assert_error(400, "invalid-request");
}

#[tokio::test]
async fn the_profiles_follow_their_service_version_s_request_rules() {
    let locale =
        |l: &str| json!({ "email": email("v"), "password": PASSWORD, "options": { "locale": l } });
    // The deployed profile is hasura-auth v0.42: a locale of exactly 2 characters.
    let deployed = TestApp::with_profile(Profile::Deployed);
    deployed
        .post("/signup/email-password", locale("fil"))
        .await
        .assert_error(400, "invalid-request");
    deployed
        .post("/signin/anonymous", json!({ "locale": "fil" }))
        .await
        .assert_error(400, "invalid-request");
    assert_eq!(
        deployed
            .post("/signup/email-password", locale("fr"))
            .await
            .status,
        200
    );
    // The published profile follows the newer versions: 2 or 3 characters.
    let published = TestApp::with_profile(Profile::Published);
    let kept = published
        .post("/signup/email-password", locale("fil"))
        .await;
    assert_eq!(kept.session()["user"]["locale"], "fil");
    // Both close every body but sign-out's, and refuse `null` for every field.
    for app in [deployed, published] {
        for (path, body) in [
            (
                "/signup/email-password",
                json!({ "email": email("k"), "password": PASSWORD, "x": 1 }),
            ),
            (
                "/signin/email-password",
                json!({ "email": email("k"), "password": PASSWORD, "x": 1 }),
            ),
            ("/signin/anonymous", json!({ "x": 1 })),
            (
                "/token",
                json!({ "refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d", "x": 1 }),
            ),
            (
                "/signout",
                json!({ "refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d", "all": null }),
            ),
            ("/signin/anonymous", json!({ "displayName": null })),
        ] {
            app.post(path, body)
                .await
                .assert_error(400, "invalid-request");
        }
        let open = app
            .post(
                "/signout",
                json!({ "refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d", "x": 1 }),
            )
            .await;
        assert_eq!(open.status, 200, "{}", open.body);
    }
}
