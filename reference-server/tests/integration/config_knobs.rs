//! Configuration knobs: email verification, disabled new users, conceal errors, rate limit,
//! token lifetimes.

use std::time::Duration;

use axum::http::header::RETRY_AFTER;
use reference_server::{Profile, RateLimit, RateLimits, ServerConfig};
use serde_json::json;

use crate::support::{claims, email, TestApp, PASSWORD};

#[tokio::test]
async fn verification_required_answers_empty_object_then_unverified() {
    for &profile in Profile::all() {
        let app = TestApp::new(ServerConfig {
            profile,
            email_verification_required: true,
            ..ServerConfig::for_tests()
        });
        let address = email("verify");
        let reply = app
            .post(
                "/signup/email-password",
                json!({ "email": address, "password": PASSWORD }),
            )
            .await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, json!({}));
        app.sign_in(&address, PASSWORD)
            .await
            .assert_error(401, "unverified-user");
        // A wrong password is still just a wrong password.
        app.sign_in(&address, "wrong-password")
            .await
            .assert_error(401, "invalid-email-password");
    }
}

#[tokio::test]
async fn disabled_new_users_cannot_sign_in() {
    let app = TestApp::new(ServerConfig {
        disable_new_users: true,
        ..ServerConfig::for_tests()
    });
    let address = email("disabled");
    let reply = app
        .post(
            "/signup/email-password",
            json!({ "email": address, "password": PASSWORD }),
        )
        .await;
    assert_eq!(reply.body, json!({}));
    app.sign_in(&address, PASSWORD)
        .await
        .assert_error(401, "disabled-user");
}

#[tokio::test]
async fn conceal_errors_hides_account_state() {
    let app = TestApp::new(ServerConfig {
        conceal_errors: true,
        email_verification_required: true,
        ..ServerConfig::for_tests()
    });
    let address = email("conceal");
    app.post(
        "/signup/email-password",
        json!({ "email": address, "password": PASSWORD }),
    )
    .await;
    app.post(
        "/signup/email-password",
        json!({ "email": address, "password": PASSWORD }),
    )
    .await
    .assert_error(400, "invalid-request");
    app.sign_in(&address, PASSWORD)
        .await
        .assert_error(401, "invalid-email-password");
}

#[tokio::test]
async fn nhost_shaped_limits_count_sign_ups_apart_and_send_no_retry_after() {
    let app = TestApp::new(ServerConfig {
        rate_limits: RateLimits {
            sign_ups: Some(RateLimit::per(1, 3600)),
            ..RateLimits::nhost()
        },
        ..ServerConfig::for_tests()
    });
    let first = email("nh1");
    let body = |e: &str| serde_json::json!({ "email": e, "password": PASSWORD });
    assert_eq!(
        app.post("/signup/email-password", body(&first))
            .await
            .status,
        200
    );
    let second = app
        .post("/signup/email-password", body(&email("nh2")))
        .await;
    assert_eq!(second.status, 429, "the sign-up window is full");
    assert!(second.raw.is_empty());
    assert!(
        !second.headers.contains_key(RETRY_AFTER),
        "like the service: no Retry-After"
    );
    // Sign-ins have a window of their own.
    assert_eq!(app.sign_in(&first, PASSWORD).await.status, 200);
}

#[tokio::test]
async fn rate_limit_answers_429_with_an_empty_body() {
    let app = TestApp::new(ServerConfig {
        rate_limits: RateLimits {
            global: Some(RateLimit {
                max_requests: 2,
                window: Duration::from_secs(3600),
            }),
            retry_after: true,
            ..RateLimits::default()
        },
        ..ServerConfig::for_tests()
    });
    for _ in 0..2 {
        assert_eq!(app.sign_in(&email("rl"), PASSWORD).await.status, 401);
    }
    let limited = app.sign_in(&email("rl"), PASSWORD).await;
    assert_eq!(limited.status, 429);
    assert!(limited.raw.is_empty());
    let retry: u64 = limited.headers[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry));
    assert_eq!(app.get("/user", None).await.status, 429);
    // Health, version and keys are never limited.
    assert_eq!(app.get("/healthz", None).await.status, 200);
    assert_eq!(app.get("/version", None).await.status, 200);
    assert_eq!(app.get("/.well-known/jwks.json", None).await.status, 200);
}

#[tokio::test]
async fn token_lifetime_is_configurable() {
    let app = TestApp::new(ServerConfig {
        access_token_expires_in: 120,
        ..ServerConfig::for_tests()
    });
    let session = app.sign_up(&email("life")).await;
    assert_eq!(session["accessTokenExpiresIn"], 120);
    let claims = claims(session["accessToken"].as_str().unwrap());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
}

#[tokio::test]
async fn invalid_config_is_a_clear_error() {
    let config = ServerConfig {
        default_role: "admin".into(),
        ..ServerConfig::for_tests()
    };
    let err = reference_server::try_app(config).err().unwrap();
    assert_eq!(
        err.to_string(),
        "invalid server configuration: default_role must be one of allowed_roles"
    );
}
