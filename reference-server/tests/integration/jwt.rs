//! Access-token claims and signatures.

use reference_server::{JwtConfig, Profile, ServerConfig};
use serde_json::json;

use crate::support::{email, verify_hs, verify_with_jwks, TestApp};

#[tokio::test]
async fn claims_follow_the_contract() {
    let app = TestApp::with_profile(Profile::Published);
    let session = app
        .sign_up_with(json!({
            "email": email("claims"),
            "password": crate::support::PASSWORD,
            "options": { "defaultRole": "me", "allowedRoles": ["user", "me"] }
        }))
        .await;
    let token = session["accessToken"].as_str().unwrap();
    let claims = verify_hs(token, JwtConfig::TEST_SECRET).expect("valid HS256 signature");
    let id = session["user"]["id"].as_str().unwrap();
    assert_eq!(claims["sub"], id);
    assert_eq!(claims["iss"], "hasura-auth");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        session["accessTokenExpiresIn"].as_i64().unwrap()
    );
    assert_eq!(
        claims["https://hasura.io/jwt/claims"],
        json!({
            "x-hasura-allowed-roles": ["user", "me"],
            "x-hasura-default-role": "me",
            "x-hasura-user-id": id,
            "x-hasura-user-is-anonymous": "false",
        })
    );
}

#[tokio::test]
async fn every_algorithm_signs_verifiably() {
    for jwt in [
        JwtConfig::Hs256 {
            secret: "s-256".into(),
        },
        JwtConfig::Hs384 {
            secret: "s-384".into(),
        },
        JwtConfig::Hs512 {
            secret: "s-512".into(),
        },
        JwtConfig::Rs256,
        JwtConfig::Rs384,
        JwtConfig::Rs512,
    ] {
        let app = TestApp::new(ServerConfig {
            jwt: jwt.clone(),
            issuer: "https://auth.example.test".into(),
            ..ServerConfig::for_tests()
        });
        let session = app.sign_up(&email("alg")).await;
        let token = session["accessToken"].as_str().unwrap();
        let header = jsonwebtoken::decode_header(token).unwrap();
        assert_eq!(header.alg, jwt.algorithm());
        let claims = match jwt.secret() {
            Some(secret) => {
                assert!(verify_hs(token, "another-secret").is_none());
                verify_hs(token, secret)
            }
            None => {
                let jwks = app.get("/.well-known/jwks.json", None).await.body;
                verify_with_jwks(token, &jwks)
            }
        }
        .unwrap_or_else(|| panic!("{jwt:?} token does not verify"));
        assert_eq!(claims["iss"], "https://auth.example.test");
        // The server accepts its own token.
        assert_eq!(app.get("/user", Some(token)).await.status, 200);
    }
}
