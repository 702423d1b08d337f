//! The store under concurrent requests.

use reference_server::Profile;
use serde_json::json;

use crate::support::{email, TestApp, PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_refreshes_of_one_token_succeed_at_most_once() {
    let app = TestApp::with_profile(Profile::Published);
    for round in 0..5 {
        let session = app.sign_up(&email(&format!("race{round}"))).await;
        let token = session["refreshToken"].clone();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let app = app.clone();
                let token = token.clone();
                tokio::spawn(async move { app.refresh(&token).await })
            })
            .collect();
        let mut ok = 0;
        for task in tasks {
            let reply = task.await.unwrap();
            match reply.status.as_u16() {
                200 => ok += 1,
                _ => reply.assert_error(401, "invalid-refresh-token"),
            }
        }
        assert_eq!(ok, 1, "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_signups_of_one_email_create_one_user() {
    let app = TestApp::with_profile(Profile::Published);
    let address = email("same");
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let app = app.clone();
            let variant = if i % 2 == 0 {
                address.clone()
            } else {
                address.to_uppercase()
            };
            tokio::spawn(async move {
                app.post(
                    "/signup/email-password",
                    json!({ "email": variant, "password": PASSWORD }),
                )
                .await
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        let reply = task.await.unwrap();
        match reply.status.as_u16() {
            200 => ok += 1,
            _ => reply.assert_error(409, "email-already-in-use"),
        }
    }
    assert_eq!(ok, 1);
}
