//! Reading and verifying access tokens: [`Jwt`].
//!
//! Claims are decoded without trusting them; the signature is verified separately against the
//! JWKS (RS*) or the configured shared secret (HS*), so a bad signature and a bad claim are two
//! different findings.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::Value;

/// A decoded (not yet verified) JWS compact token.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwt {
    /// The JOSE header.
    pub header: Value,
    /// The claims.
    pub claims: Value,
    signing_input: String,
    signature: String,
}

/// Why a token could not be decoded or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts with JSON header and payload.
    #[error("access token is not a JWS compact token: {0}")]
    Malformed(String),
    /// The algorithm is not one the harness verifies.
    #[error("unsupported JWT algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// No key to verify with (HS* without a secret, RS* without a matching JWKS key).
    #[error("no key to verify the signature: {0}")]
    NoKey(String),
    /// The signature does not verify.
    #[error("the signature does not verify with the {0}")]
    BadSignature(String),
}

impl Jwt {
    /// Decodes a compact JWS without verifying it.
    pub fn decode(token: &str) -> Result<Self, JwtError> {
        let parts: Vec<&str> = token.split('.').collect();
        let [h, p, s] = parts.as_slice() else {
            return Err(JwtError::Malformed(format!(
                "{} parts instead of 3",
                parts.len()
            )));
        };
        let part = |name: &str, b64: &str| -> Result<Value, JwtError> {
            let bytes = URL_SAFE_NO_PAD
                .decode(b64)
                .map_err(|e| JwtError::Malformed(format!("{name} is not base64url: {e}")))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| JwtError::Malformed(format!("{name} is not JSON: {e}")))
        };
        Ok(Self {
            header: part("header", h)?,
            claims: part("payload", p)?,
            signing_input: format!("{h}.{p}"),
            signature: (*s).to_owned(),
        })
    }

    /// The `alg` header.
    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(Value::as_str).unwrap_or("")
    }

    /// A claim under `https://hasura.io/jwt/claims`.
    pub fn hasura(&self, name: &str) -> Option<&Value> {
        self.claims
            .get("https://hasura.io/jwt/claims")
            .and_then(|c| c.get(name))
    }

    /// Verifies the signature with the shared secret (HS*) or the JWKS (RS*).
    pub fn verify(&self, secret: Option<&str>, jwks: Option<&Value>) -> Result<(), JwtError> {
        let alg = algorithm(self.alg())?;
        let (key, what) = match alg {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                let secret = secret.ok_or_else(|| {
                    JwtError::NoKey(format!(
                        "{} needs the shared secret (set NHOST_JWT_SECRET)",
                        self.alg()
                    ))
                })?;
                (
                    DecodingKey::from_secret(secret.as_bytes()),
                    "configured secret".to_owned(),
                )
            }
            _ => {
                let jwks =
                    jwks.ok_or_else(|| JwtError::NoKey("the target published no JWKS".to_owned()))?;
                let kid = self.header.get("kid").and_then(Value::as_str);
                let jwk = find_rsa_key(jwks, kid).ok_or_else(|| {
                    JwtError::NoKey(format!("no RSA key with kid {kid:?} in the JWKS"))
                })?;
                let n = jwk.get("n").and_then(Value::as_str).unwrap_or("");
                let e = jwk.get("e").and_then(Value::as_str).unwrap_or("");
                let key = DecodingKey::from_rsa_components(n, e)
                    .map_err(|err| JwtError::NoKey(format!("the JWKS key is unusable: {err}")))?;
                (key, format!("JWKS key {}", kid.unwrap_or("(no kid)")))
            }
        };
        match jsonwebtoken::crypto::verify(
            &self.signature,
            self.signing_input.as_bytes(),
            &key,
            alg,
        ) {
            Ok(true) => Ok(()),
            _ => Err(JwtError::BadSignature(what)),
        }
    }
}

fn algorithm(alg: &str) -> Result<Algorithm, JwtError> {
    Ok(match alg {
        "HS256" => Algorithm::HS256,
        "HS384" => Algorithm::HS384,
        "HS512" => Algorithm::HS512,
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        other => return Err(JwtError::UnsupportedAlgorithm(other.to_owned())),
    })
}

fn find_rsa_key<'a>(jwks: &'a Value, kid: Option<&str>) -> Option<&'a Value> {
    let keys = jwks.get("keys")?.as_array()?;
    let rsa = keys
        .iter()
        .filter(|k| k.get("kty").and_then(Value::as_str) == Some("RSA"));
    match kid {
        Some(kid) => rsa
            .clone()
            .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid)),
        None => rsa.clone().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{encode, EncodingKey, Header};
    use serde_json::json;

    fn hs256(secret: &str) -> String {
        let claims =
            json!({"sub": "u1", "https://hasura.io/jwt/claims": {"x-hasura-user-id": "u1"}});
        encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    }

    #[test]
    fn decodes_claims_and_verifies_hs256() {
        let jwt = Jwt::decode(&hs256("s3cret")).unwrap();
        assert_eq!(jwt.alg(), "HS256");
        assert_eq!(jwt.hasura("x-hasura-user-id"), Some(&json!("u1")));
        assert_eq!(jwt.verify(Some("s3cret"), None), Ok(()));
        assert!(matches!(
            jwt.verify(Some("other"), None),
            Err(JwtError::BadSignature(_))
        ));
        assert!(matches!(jwt.verify(None, None), Err(JwtError::NoKey(_))));
    }

    #[test]
    fn malformed_tokens_are_errors() {
        assert!(matches!(Jwt::decode("abc"), Err(JwtError::Malformed(_))));
        assert!(matches!(Jwt::decode("a.b.c"), Err(JwtError::Malformed(_))));
    }
}
