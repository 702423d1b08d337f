//! Every error code the server can produce, provoked in both profiles, with a conforming body.

use reference_server::{ErrorCode, Fault, Profile, ServerConfig};
use serde_json::json;

use crate::support::{email, Reply, TestApp, PASSWORD};

fn config(profile: Profile) -> ServerConfig {
    ServerConfig {
        profile,
        ..ServerConfig::for_tests()
    }
}

async fn provoke(code: ErrorCode, profile: Profile) -> Reply {
    let base = TestApp::new(config(profile));
    match code {
        ErrorCode::InvalidRequest => base.post("/token", json!({})).await,
        ErrorCode::PasswordTooShort => {
            base.post("/signup/email-password", json!({ "email": email("e"), "password": "ab" }))
                .await
        }
        ErrorCode::RoleNotAllowed => {
            base.post(
                "/signup/email-password",
                json!({ "email": email("e"), "password": PASSWORD, "options": { "allowedRoles": ["root"] } }),
            )
            .await
        }
        ErrorCode::DefaultRoleMustBeInAllowedRoles => {
            base.post(
                "/signup/email-password",
                json!({ "email": email("e"), "password": PASSWORD, "options": { "defaultRole": "root" } }),
            )
            .await
        }
        ErrorCode::RedirectToNotAllowed => {
            base.post(
                "/signup/email-password",
                json!({ "email": email("e"), "password": PASSWORD, "options": { "redirectTo": "https://x.example.org" } }),
            )
            .await
        }
        ErrorCode::InvalidEmailPassword => base.sign_in(&email("ghost"), PASSWORD).await,
        ErrorCode::InvalidRefreshToken => base.refresh(&json!(uuid::Uuid::new_v4().to_string())).await,
        ErrorCode::DisabledUser => {
            let app = TestApp::new(ServerConfig {
                disable_new_users: true,
                ..config(profile)
            });
            let address = email("disabled");
            app.post("/signup/email-password", json!({ "email": address, "password": PASSWORD }))
                .await;
            app.sign_in(&address, PASSWORD).await
        }
        ErrorCode::UnverifiedUser => {
            let app = TestApp::new(ServerConfig {
                email_verification_required: true,
                ..config(profile)
            });
            let address = email("unverified");
            app.post("/signup/email-password", json!({ "email": address, "password": PASSWORD }))
                .await;
            app.sign_in(&address, PASSWORD).await
        }
        ErrorCode::UnauthenticatedUser => base.get("/user", None).await,
        ErrorCode::ForbiddenAnonymous => {
            let session = base.anonymous().await;
            base.get("/user", session["accessToken"].as_str()).await
        }
        ErrorCode::SignupDisabled => {
            let app = TestApp::new(ServerConfig {
                signup_disabled: true,
                ..config(profile)
            });
            app.post("/signup/email-password", json!({ "email": email("e"), "password": PASSWORD }))
                .await
        }
        ErrorCode::RouteNotFound => base.get("/does-not-exist", None).await,
        ErrorCode::MethodNotAllowed => base.get("/token", None).await,
        ErrorCode::EmailAlreadyInUse => {
            let address = email("twice");
            base.sign_up(&address).await;
            base.post("/signup/email-password", json!({ "email": address, "password": PASSWORD }))
                .await
        }
        ErrorCode::DisabledEndpoint => {
            let app = TestApp::new(ServerConfig {
                anonymous_enabled: false,
                ..config(profile)
            });
            app.post("/signin/anonymous", json!({})).await
        }
        ErrorCode::InternalServerError => {
            let mut config = config(profile);
            config.faults.insert(Fault::MalformedJson500);
            let app = TestApp::new(config);
            app.send(
                axum::http::Method::POST,
                "/token",
                Some("application/json"),
                None,
                b"{".to_vec(),
            )
            .await
        }
    }
}

#[tokio::test]
async fn every_error_code_is_produced_with_a_conforming_body() {
    for &profile in Profile::all() {
        for &code in ErrorCode::all() {
            let reply = provoke(code, profile).await;
            reply.assert_error(code.status().as_u16(), code.as_str());
            let message = reply.body["message"].as_str().unwrap_or_default();
            assert!(
                message.starts_with(code.default_message()),
                "{code} in {profile}: {message}"
            );
        }
    }
}
