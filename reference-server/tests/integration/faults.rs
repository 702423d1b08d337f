//! One test per fault: the triggering input behaves per contract with no fault, and differently
//! with the fault on. Input-dependent faults also show an input on which they do not fire.

use reference_server::{Fault, JwtConfig, Profile, ServerConfig};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{
    claims, email, published_session_validator, verify_hs, verify_with_jwks, TestApp, PASSWORD,
};

/// `(conforming, faulty)` apps on `ServerConfig::for_tests()`.
fn pair(fault: Fault) -> (TestApp, TestApp) {
    (
        TestApp::new(ServerConfig::for_tests()),
        TestApp::with_fault(fault),
    )
}

fn signup_body(options: Value) -> Value {
    json!({ "email": email("f"), "password": PASSWORD, "options": options })
}

fn conforms(session: &Value) -> bool {
    published_session_validator().is_valid(session)
}

/// Every fault of the catalogue has a test below.
const COVERED: &[Fault] = &[
    Fault::UserMissingDefaultRole,
    Fault::ExpiresInAsString,
    Fault::AnonymousUserIdNotUuid,
    Fault::CreatedAtNotRfc3339,
    Fault::SignupSessionUnwrapped,
    Fault::SigninSessionUnwrapped,
    Fault::TokenSessionWrapped,
    Fault::DisplayNameNonAsciiMangled,
    Fault::PlusAddressStripped,
    Fault::NestedMetadataStringified,
    Fault::LocaleIgnored,
    Fault::RequestedRolesIgnored,
    Fault::SigninWrongUserId,
    Fault::UserEndpointWrongUser,
    Fault::NoRefreshRotation,
    Fault::StaleRefreshTokenAccepted,
    Fault::RefreshTokenIdChanges,
    Fault::SignoutRevokesNothing,
    Fault::SignoutAllRevokesOne,
    Fault::DuplicateEmailCaseAccepted,
    Fault::PasswordCaseInsensitive,
    Fault::BcryptTruncation,
    Fault::ExpIgnoresLifetime,
    Fault::DefaultRoleClaimStale,
    Fault::AllowedRolesClaimString,
    Fault::IsAnonymousClaimBool,
    Fault::ExpiredTokenAccepted,
    Fault::AlgNoneAccepted,
    Fault::WrongKeyAccepted,
    Fault::BadSignature,
    Fault::RefreshCreatedAtIsNow,
    Fault::SignupCreatedAtDiffers,
    Fault::NulInStoredField500,
    Fault::LongPassword500,
    Fault::ConflictAnswered200,
    Fault::InvalidRefreshToken400,
    Fault::ErrorBodyMissingStatus,
    Fault::InternalErrorLongDisplayName,
    Fault::ShortPasswordAccepted,
    Fault::UnknownFieldsAccepted,
    Fault::MalformedJson500,
    Fault::SignupEmpty400,
    Fault::BadBearer400,
    Fault::SignoutAllNullAccepted,
];

#[test]
fn every_fault_has_a_test() {
    let mut covered = COVERED.to_vec();
    covered.sort();
    let mut all = Fault::all().to_vec();
    all.sort();
    assert_eq!(covered, all);
}

// ---- shape ----

#[tokio::test]
async fn user_missing_default_role() {
    let (ok, bad) = pair(Fault::UserMissingDefaultRole);
    let good = ok.sign_up(&email("f")).await;
    assert_eq!(good["user"]["defaultRole"], "user");
    assert!(conforms(&good));
    let faulty = bad.sign_up(&email("f")).await;
    assert!(faulty["user"].get("defaultRole").is_none());
    assert!(!conforms(&faulty));
}

#[tokio::test]
async fn expires_in_as_string() {
    let (ok, bad) = pair(Fault::ExpiresInAsString);
    assert_eq!(ok.sign_up(&email("f")).await["accessTokenExpiresIn"], 900);
    let faulty = bad.sign_up(&email("f")).await;
    assert_eq!(faulty["accessTokenExpiresIn"], "900");
    assert!(!conforms(&faulty));
}

#[tokio::test]
async fn anonymous_user_id_not_uuid() {
    let (ok, bad) = pair(Fault::AnonymousUserIdNotUuid);
    let good = ok.anonymous().await;
    assert!(Uuid::parse_str(good["user"]["id"].as_str().unwrap()).is_ok());
    assert!(good["user"]["id"].as_str().unwrap().contains('-'));
    let faulty = bad.anonymous().await;
    let id = faulty["user"]["id"].as_str().unwrap();
    assert_eq!(id.len(), 32);
    assert!(!id.contains('-'));
    assert!(!conforms(&faulty));
    // Not triggered: email users keep hyphenated ids.
    let email_user = bad.sign_up(&email("f")).await;
    assert!(email_user["user"]["id"].as_str().unwrap().contains('-'));
}

#[tokio::test]
async fn created_at_not_rfc3339() {
    let (ok, bad) = pair(Fault::CreatedAtNotRfc3339);
    let good = ok.sign_up(&email("f")).await;
    assert!(good["user"]["createdAt"].as_str().unwrap().contains('T'));
    let faulty = bad.sign_up(&email("f")).await;
    let created = faulty["user"]["createdAt"].as_str().unwrap();
    assert!(created.contains(' ') && !created.contains('T'), "{created}");
    assert!(!conforms(&faulty));
}

#[tokio::test]
async fn signup_session_unwrapped() {
    let (ok, bad) = pair(Fault::SignupSessionUnwrapped);
    let body = json!({ "email": email("f"), "password": PASSWORD });
    let good = ok.post("/signup/email-password", body.clone()).await;
    assert!(good.body["session"].is_object());
    let faulty = bad.post("/signup/email-password", body).await;
    assert_eq!(faulty.status, 200);
    assert!(faulty.body.get("session").is_none());
    assert!(faulty.body["accessToken"].is_string());
}

#[tokio::test]
async fn signin_session_unwrapped() {
    let (ok, bad) = pair(Fault::SigninSessionUnwrapped);
    let address = email("f");
    for server in [&ok, &bad] {
        server.sign_up(&address).await;
    }
    let good = ok.sign_in(&address, PASSWORD).await;
    assert!(good.body["session"].is_object());
    let faulty = bad.sign_in(&address, PASSWORD).await;
    assert_eq!(faulty.status, 200);
    assert!(faulty.body.get("session").is_none());
    assert!(faulty.body["accessToken"].is_string());
    assert!(conforms(&faulty.body), "the bare session itself conforms");
}

#[tokio::test]
async fn token_session_wrapped() {
    let (ok, bad) = pair(Fault::TokenSessionWrapped);
    let good = ok.sign_up(&email("f")).await;
    let refreshed = ok.refresh(&good["refreshToken"]).await;
    assert!(refreshed.body.get("session").is_none());
    let session = bad.sign_up(&email("f")).await;
    let faulty = bad.refresh(&session["refreshToken"]).await;
    assert_eq!(faulty.status, 200);
    assert!(faulty.body["session"]["accessToken"].is_string());
    assert!(faulty.body.get("accessToken").is_none());
}

// ---- value ----

#[tokio::test]
async fn display_name_non_ascii_mangled() {
    let (ok, bad) = pair(Fault::DisplayNameNonAsciiMangled);
    let body = || signup_body(json!({ "displayName": "Zoë Ørsted" }));
    assert_eq!(
        ok.sign_up_with(body()).await["user"]["displayName"],
        "Zoë Ørsted"
    );
    assert_eq!(
        bad.sign_up_with(body()).await["user"]["displayName"],
        "Zo? ?rsted"
    );
    // Not triggered: ASCII names are echoed.
    let ascii = bad
        .sign_up_with(signup_body(json!({ "displayName": "Zoe Orsted" })))
        .await;
    assert_eq!(ascii["user"]["displayName"], "Zoe Orsted");
}

#[tokio::test]
async fn plus_address_stripped() {
    let (ok, bad) = pair(Fault::PlusAddressStripped);
    let plus = format!("jane+{}@example.com", Uuid::new_v4().simple());
    assert_eq!(ok.sign_up(&plus).await["user"]["email"], plus.as_str());
    let faulty = bad.sign_up(&plus).await;
    assert_eq!(faulty["user"]["email"], "jane@example.com");
    // Not triggered: addresses without `+` are echoed.
    let plain = email("plain");
    assert_eq!(bad.sign_up(&plain).await["user"]["email"], plain.as_str());
}

#[tokio::test]
async fn nested_metadata_stringified() {
    let (ok, bad) = pair(Fault::NestedMetadataStringified);
    let nested = json!({ "profile": { "age": 30 }, "tags": ["a"], "plan": "pro" });
    let body = || signup_body(json!({ "metadata": nested }));
    assert_eq!(ok.sign_up_with(body()).await["user"]["metadata"], nested);
    let faulty = bad.sign_up_with(body()).await;
    assert_eq!(
        faulty["user"]["metadata"],
        json!({ "profile": "{\"age\":30}", "tags": "[\"a\"]", "plan": "pro" })
    );
    // Not triggered: flat metadata is echoed.
    let flat = json!({ "plan": "pro", "n": 1 });
    let echoed = bad
        .sign_up_with(signup_body(json!({ "metadata": flat })))
        .await;
    assert_eq!(echoed["user"]["metadata"], flat);
}

#[tokio::test]
async fn locale_ignored() {
    let (ok, bad) = pair(Fault::LocaleIgnored);
    let body = || signup_body(json!({ "locale": "fr" }));
    assert_eq!(ok.sign_up_with(body()).await["user"]["locale"], "fr");
    assert_eq!(bad.sign_up_with(body()).await["user"]["locale"], "en");
}

#[tokio::test]
async fn requested_roles_ignored() {
    let (ok, bad) = pair(Fault::RequestedRolesIgnored);
    let body = || signup_body(json!({ "defaultRole": "me", "allowedRoles": ["me"] }));
    let good = ok.sign_up_with(body()).await;
    assert_eq!(good["user"]["defaultRole"], "me");
    assert_eq!(good["user"]["allowedRoles"], json!(["me"]));
    let faulty = bad.sign_up_with(body()).await;
    assert_eq!(faulty["user"]["defaultRole"], "user");
    assert_eq!(faulty["user"]["allowedRoles"], json!(["user", "me"]));
}

#[tokio::test]
async fn signin_wrong_user_id() {
    let (ok, bad) = pair(Fault::SigninWrongUserId);
    for (app, same) in [(ok, true), (bad, false)] {
        let address = email("f");
        let created = app.sign_up(&address).await;
        let signed_in = app.sign_in(&address, PASSWORD).await;
        assert_eq!(
            signed_in.session()["user"]["id"] == created["user"]["id"],
            same
        );
    }
}

#[tokio::test]
async fn user_endpoint_wrong_user() {
    let (ok, bad) = pair(Fault::UserEndpointWrongUser);
    // Not triggered while the user is alone.
    let alone = bad.sign_up(&email("first")).await;
    let me = bad.get("/user", alone["accessToken"].as_str()).await;
    assert_eq!(me.body["id"], alone["user"]["id"]);
    for (app, same) in [(ok, true), (bad, false)] {
        app.sign_up(&email("other")).await;
        let session = app.sign_up(&email("me")).await;
        let user = app.get("/user", session["accessToken"].as_str()).await;
        assert_eq!(user.status, 200);
        assert_eq!(user.body["id"] == session["user"]["id"], same);
    }
}

// ---- lifecycle ----

#[tokio::test]
async fn no_refresh_rotation() {
    let (ok, bad) = pair(Fault::NoRefreshRotation);
    for (app, rotates) in [(ok, true), (bad, false)] {
        let session = app.sign_up(&email("f")).await;
        let refreshed = app.refresh(&session["refreshToken"]).await;
        assert_eq!(refreshed.status, 200);
        assert_eq!(
            refreshed.body["refreshToken"] != session["refreshToken"],
            rotates
        );
    }
}

#[tokio::test]
async fn stale_refresh_token_accepted() {
    let (ok, bad) = pair(Fault::StaleRefreshTokenAccepted);
    for (app, stale_status) in [(ok, 401), (bad, 200)] {
        let session = app.sign_up(&email("f")).await;
        let refreshed = app.refresh(&session["refreshToken"]).await;
        assert_ne!(refreshed.body["refreshToken"], session["refreshToken"]);
        assert_eq!(refreshed.body["refreshTokenId"], session["refreshTokenId"]);
        assert_eq!(
            app.refresh(&session["refreshToken"]).await.status,
            stale_status
        );
    }
}

#[tokio::test]
async fn refresh_token_id_changes() {
    let (ok, bad) = pair(Fault::RefreshTokenIdChanges);
    for (app, same) in [(ok, true), (bad, false)] {
        let session = app.sign_up(&email("f")).await;
        let refreshed = app.refresh(&session["refreshToken"]).await;
        assert_eq!(
            refreshed.body["refreshTokenId"] == session["refreshTokenId"],
            same
        );
    }
}

#[tokio::test]
async fn signout_revokes_nothing() {
    let (ok, bad) = pair(Fault::SignoutRevokesNothing);
    for (app, after) in [(ok, 401), (bad, 200)] {
        let session = app.sign_up(&email("f")).await;
        let out = app
            .post(
                "/signout",
                json!({ "refreshToken": session["refreshToken"] }),
            )
            .await;
        assert_eq!(out.body, json!("OK"));
        assert_eq!(app.refresh(&session["refreshToken"]).await.status, after);
    }
}

#[tokio::test]
async fn signout_all_revokes_one() {
    let (ok, bad) = pair(Fault::SignoutAllRevokesOne);
    for (app, other_after) in [(ok, 401), (bad, 200)] {
        let address = email("f");
        let first = app.sign_up(&address).await;
        let second = app.sign_in(&address, PASSWORD).await.session().clone();
        let out = app
            .post_bearer(
                "/signout",
                first["accessToken"].as_str(),
                json!({ "all": true, "refreshToken": first["refreshToken"] }),
            )
            .await;
        assert_eq!(out.body, json!("OK"));
        assert_eq!(app.refresh(&first["refreshToken"]).await.status, 401);
        assert_eq!(
            app.refresh(&second["refreshToken"]).await.status,
            other_after
        );
    }
}

#[tokio::test]
async fn duplicate_email_case_accepted() {
    let (ok, bad) = pair(Fault::DuplicateEmailCaseAccepted);
    for (app, status) in [(ok, 409), (bad, 200)] {
        let address = email("Case");
        app.sign_up(&address).await;
        let again = app
            .post(
                "/signup/email-password",
                json!({ "email": address.to_uppercase(), "password": PASSWORD }),
            )
            .await;
        assert_eq!(again.status, status);
        // Not triggered: the identical address is still a duplicate.
        let same = app
            .post(
                "/signup/email-password",
                json!({ "email": address, "password": PASSWORD }),
            )
            .await;
        same.assert_error(409, "email-already-in-use");
    }
}

#[tokio::test]
async fn password_case_insensitive() {
    let (ok, bad) = pair(Fault::PasswordCaseInsensitive);
    for (app, status) in [(ok, 401), (bad, 200)] {
        let address = email("f");
        app.sign_up_with(json!({ "email": address, "password": "MixedCase-Secret" }))
            .await;
        assert_eq!(
            app.sign_in(&address, "mixedcase-secret").await.status,
            status
        );
        assert_eq!(app.sign_in(&address, "other-secret").await.status, 401);
    }
}

#[tokio::test]
async fn bcrypt_truncation() {
    let (ok, bad) = pair(Fault::BcryptTruncation);
    let prefix = "€".repeat(25); // 75 bytes: past bcrypt's 72
    for (app, status) in [(ok, 401), (bad, 200)] {
        let address = email("f");
        app.sign_up_with(json!({ "email": address, "password": format!("{prefix}-right") }))
            .await;
        assert_eq!(
            app.sign_in(&address, &format!("{prefix}-wrong"))
                .await
                .status,
            status
        );
        // Not triggered: short passwords are compared in full.
        let short = email("short");
        app.sign_up_with(json!({ "email": short, "password": "short-right" }))
            .await;
        assert_eq!(app.sign_in(&short, "short-wrong").await.status, 401);
    }
}

// ---- token ----

fn hasura(session: &Value) -> Value {
    claims(session["accessToken"].as_str().unwrap())["https://hasura.io/jwt/claims"].clone()
}

#[tokio::test]
async fn exp_ignores_lifetime() {
    let (ok, bad) = pair(Fault::ExpIgnoresLifetime);
    for (app, lifetime) in [(ok, 900), (bad, 3600)] {
        let session = app.sign_up(&email("f")).await;
        assert_eq!(session["accessTokenExpiresIn"], 900);
        let c = claims(session["accessToken"].as_str().unwrap());
        assert_eq!(
            c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
            lifetime
        );
    }
}

#[tokio::test]
async fn default_role_claim_stale() {
    let (ok, bad) = pair(Fault::DefaultRoleClaimStale);
    assert_eq!(
        hasura(&ok.anonymous().await)["x-hasura-default-role"],
        "anonymous"
    );
    assert_eq!(
        hasura(&bad.anonymous().await)["x-hasura-default-role"],
        "user"
    );
    // Not triggered: a user whose default role is `user`.
    let user = bad.sign_up(&email("f")).await;
    assert_eq!(
        hasura(&user)["x-hasura-default-role"],
        user["user"]["defaultRole"]
    );
}

#[tokio::test]
async fn allowed_roles_claim_string() {
    let (ok, bad) = pair(Fault::AllowedRolesClaimString);
    assert_eq!(
        hasura(&ok.sign_up(&email("f")).await)["x-hasura-allowed-roles"],
        json!(["user", "me"])
    );
    assert_eq!(
        hasura(&bad.sign_up(&email("f")).await)["x-hasura-allowed-roles"],
        json!("{user,me}")
    );
}

#[tokio::test]
async fn is_anonymous_claim_bool() {
    let (ok, bad) = pair(Fault::IsAnonymousClaimBool);
    assert_eq!(
        hasura(&ok.anonymous().await)["x-hasura-user-is-anonymous"],
        "true"
    );
    assert_eq!(
        hasura(&bad.anonymous().await)["x-hasura-user-is-anonymous"],
        true
    );
    assert_eq!(
        hasura(&bad.sign_up(&email("f")).await)["x-hasura-user-is-anonymous"],
        false
    );
}

#[tokio::test]
async fn bad_signature() {
    let (ok, bad) = pair(Fault::BadSignature);
    let good = ok.sign_up(&email("f")).await;
    assert!(verify_hs(
        good["accessToken"].as_str().unwrap(),
        JwtConfig::TEST_SECRET
    )
    .is_some());
    let faulty = bad.sign_up(&email("f")).await;
    let token = faulty["accessToken"].as_str().unwrap();
    assert!(verify_hs(token, JwtConfig::TEST_SECRET).is_none());
    // The faulty server still accepts its own tokens: only outside verifiers notice.
    assert_eq!(bad.get("/user", Some(token)).await.status, 200);

    for (faults, verifies) in [(vec![], true), (vec![Fault::BadSignature], false)] {
        let app = TestApp::new(ServerConfig {
            jwt: JwtConfig::Rs256,
            faults: faults.into_iter().collect(),
            profile: Profile::Deployed,
            ..ServerConfig::for_tests()
        });
        let session = app.sign_up(&email("rs")).await;
        let jwks = app.get("/.well-known/jwks.json", None).await.body;
        let token = session["accessToken"].as_str().unwrap();
        assert_eq!(verify_with_jwks(token, &jwks).is_some(), verifies);
    }
}

/// The claims of `token` re-signed with `secret` after `edit`.
fn resigned(token: &str, secret: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut c = claims(token);
    edit(&mut c);
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &c,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

/// `GET /user` status with each app for a token made from a fresh sign-up's token by `forge`.
async fn user_status(fault: Fault, forge: impl Fn(&str) -> String) -> (u16, u16) {
    let (ok, bad) = pair(fault);
    let mut out = Vec::new();
    for app in [ok, bad] {
        let session = app.sign_up(&email("f")).await;
        let token = forge(session["accessToken"].as_str().unwrap());
        out.push(app.get("/user", Some(&token)).await.status.as_u16());
    }
    (out[0], out[1])
}

#[tokio::test]
async fn expired_token_accepted() {
    let expired = |t: &str| {
        resigned(t, JwtConfig::TEST_SECRET, |c| {
            c["iat"] = json!(1_600_000_000);
            c["exp"] = json!(1_600_000_900);
        })
    };
    assert_eq!(
        user_status(Fault::ExpiredTokenAccepted, expired).await,
        (401, 200)
    );
    // Not triggered: a token signed with another secret is still refused.
    let other = |t: &str| resigned(t, "another-secret", |_| {});
    assert_eq!(
        user_status(Fault::ExpiredTokenAccepted, other).await,
        (401, 401)
    );
}

#[tokio::test]
async fn alg_none_accepted() {
    use base64::Engine as _;
    let none = |t: &str| {
        let head = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"alg":"none","typ":"JWT"}"#);
        format!("{head}.{}.", t.split('.').nth(1).unwrap())
    };
    assert_eq!(user_status(Fault::AlgNoneAccepted, none).await, (401, 200));
    let other = |t: &str| resigned(t, "another-secret", |_| {});
    assert_eq!(user_status(Fault::AlgNoneAccepted, other).await, (401, 401));
}

#[tokio::test]
async fn wrong_key_accepted() {
    let other = |t: &str| resigned(t, "another-secret", |_| {});
    assert_eq!(
        user_status(Fault::WrongKeyAccepted, other).await,
        (401, 200)
    );
    // Not triggered: the claims are still checked.
    let expired = |t: &str| {
        resigned(t, "another-secret", |c| {
            c["exp"] = json!(1_600_000_900);
        })
    };
    assert_eq!(
        user_status(Fault::WrongKeyAccepted, expired).await,
        (401, 401)
    );
}

#[tokio::test]
async fn refresh_created_at_is_now() {
    let (ok, bad) = pair(Fault::RefreshCreatedAtIsNow);
    for (app, same) in [(ok, true), (bad, false)] {
        let session = app.sign_up(&email("f")).await;
        let refreshed = app.refresh(&session["refreshToken"]).await.body;
        let token = refreshed["accessToken"].as_str().unwrap().to_owned();
        let user = app.get("/user", Some(&token)).await.body;
        assert_eq!(user["createdAt"], session["user"]["createdAt"]);
        assert_eq!(refreshed["user"]["createdAt"] == user["createdAt"], same);
    }
}

#[tokio::test]
async fn signup_created_at_differs() {
    let (ok, bad) = pair(Fault::SignupCreatedAtDiffers);
    for (app, same) in [(ok, true), (bad, false)] {
        let session = app.sign_up(&email("f")).await;
        let token = session["accessToken"].as_str().unwrap().to_owned();
        let user = app.get("/user", Some(&token)).await.body;
        assert_eq!(user["createdAt"] == session["user"]["createdAt"], same);
        // Not triggered: a sign-in session carries the stored user's createdAt.
        let signed_in = app.sign_in(user["email"].as_str().unwrap(), PASSWORD).await;
        assert_eq!(signed_in.session()["user"]["createdAt"], user["createdAt"]);
    }
}

#[tokio::test]
async fn nul_in_stored_field_500() {
    let (ok, bad) = pair(Fault::NulInStoredField500);
    let nul = || signup_body(json!({ "metadata": { "k": "a\u{0}b" } }));
    let echoed = ok.post("/signup/email-password", nul()).await;
    assert_eq!(echoed.session()["user"]["metadata"]["k"], "a\u{0}b");
    bad.post("/signup/email-password", nul())
        .await
        .assert_error(500, "internal-server-error");
    let key = bad
        .post("/signin/anonymous", json!({ "metadata": { "\u{0}": 1 } }))
        .await;
    key.assert_error(500, "internal-server-error");
    // Not triggered: U+0000 in the password is not stored.
    let pw = bad
        .post(
            "/signup/email-password",
            json!({ "email": email("f"), "password": "ab\u{0}cd" }),
        )
        .await;
    assert_eq!(pw.status, 200);
}

#[tokio::test]
async fn long_password_500() {
    let (ok, bad) = pair(Fault::LongPassword500);
    let body = |p: String| json!({ "email": email("f"), "password": p });
    let long = format!("{}a", "€".repeat(24)); // 25 characters, 73 bytes
    assert_eq!(
        ok.post("/signup/email-password", body(long.clone()))
            .await
            .status,
        200
    );
    bad.post("/signup/email-password", body(long))
        .await
        .assert_error(500, "internal-server-error");
    // Not triggered: 72 bytes.
    let fits = "€".repeat(24);
    assert_eq!(
        bad.post("/signup/email-password", body(fits)).await.status,
        200
    );
}

// ---- error ----

#[tokio::test]
async fn conflict_answered_200() {
    let (ok, bad) = pair(Fault::ConflictAnswered200);
    for (app, http) in [(ok, 409), (bad, 200)] {
        let address = email("f");
        app.sign_up(&address).await;
        let again = app
            .post(
                "/signup/email-password",
                json!({ "email": address, "password": PASSWORD }),
            )
            .await;
        assert_eq!(again.status, http);
        assert_eq!(again.body["error"], "email-already-in-use");
        assert_eq!(again.body["status"], 409);
    }
}

#[tokio::test]
async fn invalid_refresh_token_400() {
    let (ok, bad) = pair(Fault::InvalidRefreshToken400);
    let unknown = json!(Uuid::new_v4().to_string());
    ok.refresh(&unknown)
        .await
        .assert_error(401, "invalid-refresh-token");
    bad.refresh(&unknown)
        .await
        .assert_error(400, "invalid-refresh-token");
}

#[tokio::test]
async fn error_body_missing_status() {
    let (ok, bad) = pair(Fault::ErrorBodyMissingStatus);
    let ghost = email("ghost");
    ok.sign_in(&ghost, PASSWORD)
        .await
        .assert_error(401, "invalid-email-password");
    let faulty = bad.sign_in(&ghost, PASSWORD).await;
    assert_eq!(faulty.status, 401);
    assert_eq!(faulty.body["error"], "invalid-email-password");
    assert!(faulty.body.get("status").is_none());
    // Not triggered: other endpoints' errors keep `status`.
    bad.refresh(&json!(Uuid::new_v4().to_string()))
        .await
        .assert_error(401, "invalid-refresh-token");
}

#[tokio::test]
async fn internal_error_long_display_name() {
    let (ok, bad) = pair(Fault::InternalErrorLongDisplayName);
    let long = "é".repeat(13); // 13 characters, 26 bytes
    let body = || signup_body(json!({ "displayName": long }));
    assert_eq!(ok.post("/signup/email-password", body()).await.status, 200);
    bad.post("/signup/email-password", body())
        .await
        .assert_error(500, "internal-server-error");
    // Not triggered: 24 bytes, or no display name at all.
    let fits = bad
        .post(
            "/signup/email-password",
            signup_body(json!({ "displayName": "x".repeat(24) })),
        )
        .await;
    assert_eq!(fits.status, 200);
    assert_eq!(
        bad.post("/signup/email-password", signup_body(json!({})))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn short_password_accepted() {
    let (ok, bad) = pair(Fault::ShortPasswordAccepted);
    let body = || json!({ "email": email("f"), "password": "ab" });
    ok.post("/signup/email-password", body())
        .await
        .assert_error(400, "password-too-short");
    let faulty = bad.post("/signup/email-password", body()).await;
    assert!(faulty.session()["accessToken"].is_string());
}

#[tokio::test]
async fn unknown_fields_accepted() {
    let (ok, bad) = pair(Fault::UnknownFieldsAccepted);
    let body = || json!({ "email": email("f"), "password": PASSWORD, "isAdmin": true });
    ok.post("/signup/email-password", body())
        .await
        .assert_error(400, "invalid-request");
    let faulty = bad.post("/signup/email-password", body()).await;
    assert!(faulty.session()["accessToken"].is_string());
}

#[tokio::test]
async fn malformed_json_500() {
    let (ok, bad) = pair(Fault::MalformedJson500);
    let send = |app: TestApp| async move {
        app.send(
            axum::http::Method::POST,
            "/signin/email-password",
            Some("application/json"),
            None,
            b"{\"email\": ".to_vec(),
        )
        .await
    };
    send(ok).await.assert_error(400, "invalid-request");
    send(bad).await.assert_error(500, "internal-server-error");
}

#[tokio::test]
async fn signup_empty_400() {
    let (ok, bad) = pair(Fault::SignupEmpty400);
    let unknown = || json!({ "email": email("f"), "password": PASSWORD, "x": 1 });
    let short = || json!({ "email": email("f"), "password": "ab" });
    ok.post("/signup/email-password", unknown())
        .await
        .assert_error(400, "invalid-request");
    ok.post("/signup/email-password", short())
        .await
        .assert_error(400, "password-too-short");
    for body in [unknown(), short()] {
        let faulty = bad.post("/signup/email-password", body).await;
        assert_eq!(faulty.status.as_u16(), 400);
        assert!(faulty.raw.is_empty(), "{:?}", faulty.raw);
    }
    // Not triggered: a sign-up that succeeds, and a 400 of another endpoint.
    assert!(bad.sign_up(&email("f")).await.is_object());
    bad.post("/token", json!({}))
        .await
        .assert_error(400, "invalid-request");
}

#[tokio::test]
async fn bad_bearer_400() {
    let (ok, bad) = pair(Fault::BadBearer400);
    for (token, label) in [(None, "no token"), (Some("garbage"), "garbage")] {
        ok.get("/user", token)
            .await
            .assert_error(401, "unauthenticated-user");
        let faulty = bad.get("/user", token).await;
        assert_eq!(faulty.status.as_u16(), 400, "{label}");
        assert!(faulty.body["error"].is_string(), "{label}: {}", faulty.body);
        assert!(
            faulty.body.get("status").is_none(),
            "free text: {}",
            faulty.body
        );
    }
    let signout = bad
        .post_bearer("/signout", Some("garbage"), json!({ "all": true }))
        .await;
    assert_eq!(signout.status.as_u16(), 400);
    assert!(signout.body.get("status").is_none(), "{}", signout.body);
    // Not triggered: a valid token still reads the user.
    let session = bad.sign_up(&email("f")).await;
    let token = session["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(bad.get("/user", Some(&token)).await.status.as_u16(), 200);
}

#[tokio::test]
async fn signout_all_null_accepted() {
    let (ok, bad) = pair(Fault::SignoutAllNullAccepted);
    let session = bad.sign_up(&email("f")).await;
    let body = || json!({ "refreshToken": session["refreshToken"], "all": null });
    ok.post("/signout", body())
        .await
        .assert_error(400, "invalid-request");
    let faulty = bad.post("/signout", body()).await;
    assert_eq!(faulty.status.as_u16(), 200);
    assert_eq!(faulty.body, json!("OK"));
    // Not triggered: another wrong type is still refused.
    bad.post(
        "/signout",
        json!({ "refreshToken": session["refreshToken"], "all": "yes" }),
    )
    .await
    .assert_error(400, "invalid-request");
}
