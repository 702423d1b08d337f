//! `GET /user`.

use reference_server::Profile;

use crate::support::{assert_user_conforms, email, TestApp};

#[tokio::test]
async fn user_equals_the_session_user_in_both_profiles() {
    for &profile in Profile::all() {
        let app = TestApp::with_profile(profile);
        let session = app.sign_up(&email("me")).await;
        app.sign_up(&email("someone-else")).await;
        let reply = app.get("/user", session["accessToken"].as_str()).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_user_conforms(profile, &reply.body);
        assert_eq!(reply.body, session["user"]);
    }
}

#[tokio::test]
async fn missing_or_bad_tokens_are_unauthenticated() {
    let app = TestApp::with_profile(Profile::Published);
    app.get("/user", None)
        .await
        .assert_error(401, "unauthenticated-user");
    app.get("/user", Some("garbage"))
        .await
        .assert_error(401, "unauthenticated-user");
    let session = app.sign_up(&email("tamper")).await;
    // Change the first character of the signature (the last one may only carry padding bits).
    let token = session["accessToken"].as_str().unwrap();
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let first = if signature.starts_with('A') { 'B' } else { 'A' };
    let token = format!("{signed}.{first}{}", &signature[1..]);
    app.get("/user", Some(&token))
        .await
        .assert_error(401, "unauthenticated-user");
}

#[tokio::test]
async fn anonymous_users_are_forbidden() {
    let app = TestApp::with_profile(Profile::Deployed);
    let session = app.anonymous().await;
    let token = session["accessToken"].as_str().map(str::to_owned);
    app.get("/user", token.as_deref())
        .await
        .assert_error(403, "forbidden-anonymous");
}
