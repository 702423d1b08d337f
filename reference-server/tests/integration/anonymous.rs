//! `POST /signin/anonymous`.

use axum::http::Method;
use reference_server::{Profile, ServerConfig};
use serde_json::json;

use crate::support::{assert_session_conforms, claims, TestApp};

#[tokio::test]
async fn anonymous_sessions_in_both_profiles() {
    for &profile in Profile::all() {
        let app = TestApp::with_profile(profile);
        let session = app.anonymous().await;
        assert_session_conforms(profile, &session);
        let user = &session["user"];
        assert_eq!(user["isAnonymous"], true);
        assert_eq!(user["defaultRole"], "anonymous");
        assert_eq!(user["displayName"], "Anonymous User");
        assert_eq!(user["locale"], "en");
        let id = user["id"].as_str().unwrap();
        match profile {
            Profile::Published => {
                assert_eq!(user["email"], format!("{id}@anonymous.invalid"));
                assert_eq!(
                    reference_server::ANONYMOUS_EMAIL_DOMAIN,
                    "anonymous.invalid"
                );
                assert_eq!(user["allowedRoles"], json!(["anonymous"]));
                assert_eq!(user["metadata"], json!({}));
            }
            Profile::Deployed => {
                assert!(user.get("email").is_none());
                assert_eq!(user["roles"], json!(["anonymous"]));
                assert_eq!(user["metadata"], json!(null));
            }
        }
        let claims = claims(session["accessToken"].as_str().unwrap());
        let hasura = &claims["https://hasura.io/jwt/claims"];
        assert_eq!(hasura["x-hasura-user-is-anonymous"], "true");
        assert_eq!(hasura["x-hasura-default-role"], "anonymous");
        assert_eq!(hasura["x-hasura-allowed-roles"], json!(["anonymous"]));
    }
}

#[tokio::test]
async fn anonymous_echoes_display_name_locale_and_metadata() {
    for &profile in Profile::all() {
        let app = TestApp::with_profile(profile);
        let reply = app
            .post(
                "/signin/anonymous",
                json!({ "displayName": "Gäst 🚀", "locale": "sv", "metadata": { "k": { "n": 1 } } }),
            )
            .await;
        let session = reply.session();
        assert_session_conforms(profile, session);
        assert_eq!(session["user"]["displayName"], "Gäst 🚀");
        assert_eq!(session["user"]["locale"], "sv");
        assert_eq!(session["user"]["metadata"], json!({ "k": { "n": 1 } }));
    }
}

#[tokio::test]
async fn the_body_is_optional() {
    let app = TestApp::with_profile(Profile::Published);
    let reply = app
        .send(Method::POST, "/signin/anonymous", None, None, Vec::new())
        .await;
    assert!(reply.session()["user"]["isAnonymous"] == true);
}

#[tokio::test]
async fn off_by_default_with_disabled_endpoint() {
    let app = TestApp::new(ServerConfig {
        anonymous_enabled: false,
        ..ServerConfig::for_tests()
    });
    app.post("/signin/anonymous", json!({}))
        .await
        .assert_error(409, "disabled-endpoint");
    assert!(!ServerConfig::default().anonymous_enabled);
}

#[tokio::test]
async fn anonymous_request_schema() {
    let app = TestApp::with_profile(Profile::Published);
    for body in [
        json!({ "locale": "e" }),
        json!({ "displayName": 7 }),
        json!({ "metadata": "x" }),
        json!({ "email": "a@b.io" }),
    ] {
        app.post("/signin/anonymous", body)
            .await
            .assert_error(400, "invalid-request");
    }
}
