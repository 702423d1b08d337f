//! `POST /signin/email-password`.

use reference_server::Profile;
use serde_json::json;

use crate::support::{assert_session_conforms, email, TestApp, PASSWORD};

#[tokio::test]
async fn signin_finds_the_signed_up_user_in_both_profiles() {
    for &profile in Profile::all() {
        let app = TestApp::with_profile(profile);
        let address = email("in");
        let created = app.sign_up(&address).await;
        let reply = app.sign_in(&address, PASSWORD).await;
        let session = reply.session();
        assert_session_conforms(profile, session);
        assert_eq!(session["user"]["id"], created["user"]["id"]);
        assert_eq!(session["user"]["email"], address.as_str());
        assert_ne!(session["refreshToken"], created["refreshToken"]);
        assert_ne!(session["refreshTokenId"], created["refreshTokenId"]);
    }
}

#[tokio::test]
async fn signin_email_is_case_insensitive() {
    let app = TestApp::with_profile(Profile::Published);
    let address = email("Case");
    let created = app.sign_up(&address).await;
    let session = app.sign_in(&address.to_uppercase(), PASSWORD).await;
    assert_eq!(session.session()["user"]["id"], created["user"]["id"]);
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = TestApp::with_profile(Profile::Published);
    let address = email("wrong");
    app.sign_up(&address).await;
    let wrong = app.sign_in(&address, "not-the-password").await;
    wrong.assert_error(401, "invalid-email-password");
    let unknown = app.sign_in(&email("nobody"), PASSWORD).await;
    unknown.assert_error(401, "invalid-email-password");
    assert_eq!(wrong.body, unknown.body);
    let wrong_case = app.sign_in(&address, &PASSWORD.to_uppercase()).await;
    wrong_case.assert_error(401, "invalid-email-password");
}

#[tokio::test]
async fn signin_request_schema() {
    let app = TestApp::with_profile(Profile::Published);
    for body in [
        json!({ "email": email("s"), "password": "x".repeat(51) }),
        json!({ "email": email("s"), "password": "ab" }),
        json!({ "email": "nope", "password": PASSWORD }),
        json!({ "email": email("s") }),
        json!({ "email": email("s"), "password": PASSWORD, "extra": 1 }),
    ] {
        app.post("/signin/email-password", body)
            .await
            .assert_error(400, "invalid-request");
    }
}
