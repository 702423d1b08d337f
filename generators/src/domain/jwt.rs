//! JWT-shaped access tokens (`header.payload.signature`, base64url without padding). The main
//! item is [`jwt`].

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;
use serde_json::json;

use super::ids::uuid;

/// A token shaped like the ones Nhost Auth issues: a JSON header (HS256/384/512 or RS256 with a
/// `kid`), Hasura claims for a random user, and a random signature of the algorithm's length.
/// Nobody can verify the signature; only the shape is realistic.
pub fn jwt() -> BoxedStrategy<String> {
    let alg = prop::sample::select(
        &[
            ("HS256", 32usize),
            ("HS384", 48),
            ("HS512", 64),
            ("RS256", 256),
        ][..],
    );
    (alg, uuid(), 1_600_000_000i64..2_000_000_000, prop_oneof![Just(900i64), 1i64..86_400], any::<bool>(), any::<u64>())
        .prop_map(|((alg, sig_len), sub, iat, ttl, anonymous, seed)| {
            let header = if alg.starts_with("RS") {
                json!({"alg": alg, "typ": "JWT", "kid": format!("{seed:016x}")})
            } else {
                json!({"alg": alg, "typ": "JWT"})
            };
            let role = if anonymous { "anonymous" } else { "user" };
            let payload = json!({
                "sub": sub, "iat": iat, "exp": iat + ttl, "iss": "hasura-auth",
                "https://hasura.io/jwt/claims": {
                    "x-hasura-user-id": sub, "x-hasura-default-role": role,
                    "x-hasura-allowed-roles": [role], "x-hasura-user-is-anonymous": anonymous.to_string()
                }
            });
            let signature: Vec<u8> = (0..sig_len).map(|i| (seed.rotate_left(i as u32 % 64) as u8) ^ (i as u8)).collect();
            format!(
                "{}.{}.{}",
                URL_SAFE_NO_PAD.encode(header.to_string()),
                URL_SAFE_NO_PAD.encode(payload.to_string()),
                URL_SAFE_NO_PAD.encode(signature)
            )
        })
        .boxed()
}
