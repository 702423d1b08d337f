//! `POST /signup/email-password`.

use reference_server::Profile;
use serde_json::json;

use crate::support::{assert_session_conforms, email, TestApp, PASSWORD};

#[tokio::test]
async fn signup_echoes_the_request_in_both_profiles() {
    for &profile in Profile::all() {
        let app = TestApp::with_profile(profile);
        let address = email("echo");
        let reply = app
            .post(
                "/signup/email-password",
                json!({
                    "email": address,
                    "password": PASSWORD,
                    "options": {
                        "displayName": "Zoë O'Brien-Smith",
                        "locale": "fr",
                        "metadata": { "plan": "pro", "nested": { "a": [1, 2] } },
                        "defaultRole": "me",
                        "allowedRoles": ["me", "user"],
                        "redirectTo": "http://localhost:3000/welcome"
                    }
                }),
            )
            .await;
        let session = reply.session();
        assert_session_conforms(profile, session);
        let user = &session["user"];
        assert_eq!(user["email"], address.as_str());
        assert_eq!(user["displayName"], "Zoë O'Brien-Smith");
        assert_eq!(user["locale"], "fr");
        assert_eq!(
            user["metadata"],
            json!({ "plan": "pro", "nested": { "a": [1, 2] } })
        );
        assert_eq!(user["defaultRole"], "me");
        assert_eq!(user["isAnonymous"], false);
        assert_eq!(user["emailVerified"], false);
        let roles = match profile {
            Profile::Published => &user["allowedRoles"],
            Profile::Deployed => &user["roles"],
        };
        assert_eq!(roles, &json!(["me", "user"]), "{profile}");
        assert_eq!(session["accessTokenExpiresIn"], 900);
    }
}

#[tokio::test]
async fn signup_defaults_in_both_profiles() {
    for &profile in Profile::all() {
        let app = TestApp::with_profile(profile);
        let address = email("defaults");
        let session = app.sign_up(&address).await;
        assert_session_conforms(profile, &session);
        let user = &session["user"];
        assert_eq!(user["displayName"], address.as_str());
        assert_eq!(user["defaultRole"], "user");
        assert_eq!(user["locale"], "en");
        match profile {
            Profile::Published => {
                assert_eq!(user["allowedRoles"], json!(["user", "me"]));
                assert_eq!(user["metadata"], json!({}));
                assert!(user["avatarUrl"].as_str().unwrap().starts_with("https://"));
                assert!(user.get("roles").is_none());
            }
            Profile::Deployed => {
                assert_eq!(user["roles"], json!(["user", "me"]));
                assert_eq!(user["metadata"], json!(null));
                assert!(user.get("allowedRoles").is_none());
                assert!(user.get("updatedAt").is_none());
            }
        }
    }
}

#[tokio::test]
async fn duplicate_email_is_rejected_case_insensitively() {
    let app = TestApp::with_profile(Profile::Published);
    let address = email("Dup");
    app.sign_up(&address).await;
    for variant in [
        address.clone(),
        address.to_uppercase(),
        address.to_lowercase(),
    ] {
        app.post(
            "/signup/email-password",
            json!({ "email": variant, "password": PASSWORD }),
        )
        .await
        .assert_error(409, "email-already-in-use");
    }
}

#[tokio::test]
async fn password_lengths() {
    let app = TestApp::with_profile(Profile::Published);
    let signup = |password: String| {
        let app = app.clone();
        async move {
            app.post(
                "/signup/email-password",
                json!({ "email": email("pw"), "password": password }),
            )
            .await
        }
    };
    signup("ab".into())
        .await
        .assert_error(400, "password-too-short");
    signup("".into())
        .await
        .assert_error(400, "password-too-short");
    signup("x".repeat(51))
        .await
        .assert_error(400, "invalid-request");
    signup("€".repeat(51))
        .await
        .assert_error(400, "invalid-request");
    assert!(signup("abc".into()).await.session().is_object());
    // 50 characters of 4 bytes each: 200 bytes, still accepted and not truncated.
    let long = "🚀".repeat(50);
    let address = email("long");
    app.post(
        "/signup/email-password",
        json!({ "email": address, "password": long }),
    )
    .await
    .session();
    let mut wrong = "🚀".repeat(49);
    wrong.push('x');
    app.sign_in(&address, &wrong)
        .await
        .assert_error(401, "invalid-email-password");
    assert!(app.sign_in(&address, &long).await.session().is_object());
}

#[tokio::test]
async fn roles_outside_the_allowed_set_are_rejected() {
    let app = TestApp::with_profile(Profile::Published);
    let signup = |options: serde_json::Value| {
        let app = app.clone();
        async move {
            app.post(
                "/signup/email-password",
                json!({ "email": email("roles"), "password": PASSWORD, "options": options }),
            )
            .await
        }
    };
    signup(json!({ "allowedRoles": ["user", "admin"] }))
        .await
        .assert_error(400, "role-not-allowed");
    signup(json!({ "defaultRole": "admin" }))
        .await
        .assert_error(400, "default-role-must-be-in-allowed-roles");
    signup(json!({ "defaultRole": "me", "allowedRoles": ["user"] }))
        .await
        .assert_error(400, "default-role-must-be-in-allowed-roles");
    let session = signup(json!({ "allowedRoles": ["user"] })).await;
    assert_eq!(session.session()["user"]["allowedRoles"], json!(["user"]));
}

#[tokio::test]
async fn a_locale_that_is_not_allowed_becomes_the_default() {
    let app = TestApp::with_profile(Profile::Published);
    let session = app
        .sign_up_with(
            json!({ "email": email("loc"), "password": PASSWORD, "options": { "locale": "xx" } }),
        )
        .await;
    assert_eq!(session["user"]["locale"], "en");
    let session = app
        .sign_up_with(
            json!({ "email": email("loc"), "password": PASSWORD, "options": { "locale": "fil" } }),
        )
        .await;
    assert_eq!(session["user"]["locale"], "fil");
}

#[tokio::test]
async fn redirect_to_must_be_allowed() {
    let app = TestApp::with_profile(Profile::Published);
    app.post(
        "/signup/email-password",
        json!({ "email": email("r"), "password": PASSWORD, "options": { "redirectTo": "https://evil.example.net/" } }),
    )
    .await
    .assert_error(400, "redirectTo-not-allowed");
    app.post(
        "/signup/email-password",
        json!({ "email": email("r"), "password": PASSWORD, "options": { "redirectTo": "not a uri" } }),
    )
    .await
    .assert_error(400, "invalid-request");
}

#[tokio::test]
async fn invalid_fields_are_invalid_requests() {
    let app = TestApp::with_profile(Profile::Published);
    for body in [
        json!({ "email": "not-an-email", "password": PASSWORD }),
        json!({ "password": PASSWORD }),
        json!({ "email": email("f") }),
        json!({ "email": email("f"), "password": 12345 }),
        json!({ "email": email("f"), "password": PASSWORD, "options": { "displayName": "semi;colon" } }),
        json!({ "email": email("f"), "password": PASSWORD, "options": { "displayName": "x".repeat(33) } }),
        json!({ "email": email("f"), "password": PASSWORD, "options": { "displayName": null } }),
        json!({ "email": email("f"), "password": PASSWORD, "options": { "locale": "e" } }),
        json!({ "email": email("f"), "password": PASSWORD, "options": { "locale": "engl" } }),
        json!({ "email": email("f"), "password": PASSWORD, "options": { "metadata": [1] } }),
        json!({ "email": email("f"), "password": PASSWORD, "options": { "allowedRoles": "user" } }),
        json!({ "email": email("f"), "password": PASSWORD, "options": [] }),
    ] {
        app.post("/signup/email-password", body.clone())
            .await
            .assert_error(400, "invalid-request");
    }
}

#[tokio::test]
async fn error_messages_never_echo_the_password() {
    let app = TestApp::with_profile(Profile::Published);
    let secret = "hunter2-SECRET-value".repeat(3);
    let reply = app
        .post(
            "/signup/email-password",
            json!({ "email": "bad", "password": secret }),
        )
        .await;
    reply.assert_error(400, "invalid-request");
    assert!(!String::from_utf8_lossy(&reply.raw).contains("hunter2"));
    let reply = app
        .post(
            "/signup/email-password",
            json!({ "email": email("m"), "password": 424242 }),
        )
        .await;
    assert!(!String::from_utf8_lossy(&reply.raw).contains("424242"));
}
