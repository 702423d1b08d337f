//! `POST /token`: rotation.

use std::sync::Arc;

use reference_server::{Profile, RefreshTokenRecord, Store, TokenHash};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::support::{assert_session_conforms, email, TestApp};

#[tokio::test]
async fn refresh_rotates_the_token_and_keeps_the_id_in_both_profiles() {
    for &profile in Profile::all() {
        let app = TestApp::with_profile(profile);
        let first = app.sign_up(&email("rot")).await;
        let reply = app.refresh(&first["refreshToken"]).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let second = reply.body.clone();
        assert!(second.get("session").is_none(), "bare session expected");
        assert_session_conforms(profile, &second);
        assert_ne!(second["refreshToken"], first["refreshToken"]);
        assert_eq!(second["refreshTokenId"], first["refreshTokenId"]);
        assert_eq!(second["user"]["id"], first["user"]["id"]);
        app.refresh(&first["refreshToken"])
            .await
            .assert_error(401, "invalid-refresh-token");
        let third = app.refresh(&second["refreshToken"]).await;
        assert_eq!(third.status, 200);
        assert_eq!(third.body["refreshTokenId"], first["refreshTokenId"]);
    }
}

#[tokio::test]
async fn anonymous_users_can_refresh() {
    let app = TestApp::with_profile(Profile::Deployed);
    let session = app.anonymous().await;
    let reply = app.refresh(&session["refreshToken"]).await;
    assert_eq!(reply.status, 200);
    assert_session_conforms(Profile::Deployed, &reply.body);
    assert_eq!(reply.body["user"]["isAnonymous"], true);
}

#[tokio::test]
async fn unknown_malformed_and_missing_tokens() {
    let app = TestApp::with_profile(Profile::Published);
    app.refresh(&json!(Uuid::new_v4().to_string()))
        .await
        .assert_error(401, "invalid-refresh-token");
    app.refresh(&json!("not-a-uuid"))
        .await
        .assert_error(400, "invalid-request");
    app.post("/token", json!({}))
        .await
        .assert_error(400, "invalid-request");
}

#[tokio::test]
async fn expired_tokens_are_rejected() {
    let app = TestApp::with_profile(Profile::Published);
    let session = app.sign_up(&email("exp")).await;
    let user_id = Uuid::parse_str(session["user"]["id"].as_str().unwrap()).unwrap();
    let expired = Uuid::new_v4().to_string();
    let store: Arc<dyn Store> = app.store.clone();
    store.insert_refresh_token(RefreshTokenRecord {
        id: Uuid::new_v4(),
        token_hash: TokenHash::of(&expired),
        user_id,
        expires_at: OffsetDateTime::now_utc() - time::Duration::seconds(1),
    });
    app.refresh(&json!(expired))
        .await
        .assert_error(401, "invalid-refresh-token");
}

#[tokio::test]
async fn refresh_tokens_are_stored_only_as_hashes() {
    let app = TestApp::with_profile(Profile::Published);
    let session = app.sign_up(&email("hash")).await;
    let token = session["refreshToken"].as_str().unwrap();
    let store: Arc<dyn Store> = app.store.clone();
    let now = OffsetDateTime::now_utc();
    assert!(store.refresh_token(&TokenHash::of(token), now).is_some());
    assert_ne!(TokenHash::of(token).as_str(), token);
    assert_eq!(TokenHash::of(token).as_str().len(), 64);
}
