//! `POST /signout`.

use reference_server::Profile;
use serde_json::json;
use uuid::Uuid;

use crate::support::{email, TestApp, PASSWORD};

#[tokio::test]
async fn signout_revokes_the_presented_token_only() {
    let app = TestApp::with_profile(Profile::Published);
    let address = email("out");
    let first = app.sign_up(&address).await;
    let second = app.sign_in(&address, PASSWORD).await.session().clone();
    let reply = app
        .post("/signout", json!({ "refreshToken": first["refreshToken"] }))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!("OK"));
    app.refresh(&first["refreshToken"])
        .await
        .assert_error(401, "invalid-refresh-token");
    assert_eq!(app.refresh(&second["refreshToken"]).await.status, 200);
    // Access tokens stay valid until they expire.
    let token = first["accessToken"].as_str().unwrap();
    assert_eq!(app.get("/user", Some(token)).await.status, 200);
}

#[tokio::test]
async fn unknown_token_still_answers_ok() {
    let app = TestApp::with_profile(Profile::Published);
    let reply = app
        .post(
            "/signout",
            json!({ "refreshToken": Uuid::new_v4().to_string() }),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!("OK"));
}

#[tokio::test]
async fn signout_all_revokes_every_token_of_the_user() {
    let app = TestApp::with_profile(Profile::Published);
    let address = email("all");
    let first = app.sign_up(&address).await;
    let second = app.sign_in(&address, PASSWORD).await.session().clone();
    let other = app.sign_up(&email("other")).await;
    let reply = app
        .post_bearer(
            "/signout",
            first["accessToken"].as_str(),
            json!({ "all": true }),
        )
        .await;
    assert_eq!(reply.body, json!("OK"));
    for session in [&first, &second] {
        app.refresh(&session["refreshToken"])
            .await
            .assert_error(401, "invalid-refresh-token");
    }
    assert_eq!(app.refresh(&other["refreshToken"]).await.status, 200);
}

#[tokio::test]
async fn signout_request_errors() {
    let app = TestApp::with_profile(Profile::Published);
    app.post("/signout", json!({ "all": true }))
        .await
        .assert_error(400, "invalid-request");
    app.post_bearer("/signout", Some("not.a.jwt"), json!({ "all": true }))
        .await
        .assert_error(401, "unauthenticated-user");
    app.post("/signout", json!({}))
        .await
        .assert_error(400, "invalid-request");
    app.post("/signout", json!({ "refreshToken": "nope" }))
        .await
        .assert_error(400, "invalid-request");
    app.post("/signout", json!({ "all": "yes" }))
        .await
        .assert_error(400, "invalid-request");
}
