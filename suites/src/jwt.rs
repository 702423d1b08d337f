//! Reading, verifying and forging access tokens: [`Jwt`] and [`Forgery`].
//!
//! Claims are decoded without trusting them; the signature is verified separately against the
//! JWKS (RS*) or the configured shared secret (HS*), so a bad signature and a bad claim are two
//! different findings. [`Jwt::forge`] makes the tokens a target must refuse: correctly signed
//! but expired, not yet valid, of another issuer or of an unknown user (these need the key: the
//! HS* secret), and `alg: none`, a bad signature, a tampered payload and HS256 keyed with the
//! RS public key (algorithm confusion), which need none.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde_json::{Map, Value};

/// A decoded (not yet verified) JWS compact token. The header and the claims are JSON objects
/// by construction (RFC 7515 §4, RFC 7519 §7.2): [`Jwt::decode`] refuses anything else, so no
/// code that reads or forges a token ever meets an array, a string or `null` in their place.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwt {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims.
    pub claims: Map<String, Value>,
    signing_input: String,
    signature: String,
}

/// Why a token could not be decoded or verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts with a JSON object as header and as payload.
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
        let part = |name: &str, b64: &str| -> Result<Map<String, Value>, JwtError> {
            let bytes = URL_SAFE_NO_PAD
                .decode(b64)
                .map_err(|e| JwtError::Malformed(format!("{name} is not base64url: {e}")))?;
            match serde_json::from_slice(&bytes) {
                Ok(Value::Object(map)) => Ok(map),
                Ok(other) => Err(JwtError::Malformed(format!(
                    "{name} is JSON {}, not an object",
                    json_type(&other)
                ))),
                Err(e) => Err(JwtError::Malformed(format!("{name} is not JSON: {e}"))),
            }
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
                        "{} needs the shared secret (set NHOST_JWT_SECRET, or name the variable that holds it with --jwt-secret-env)",
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

/// A kind of forged access token. Every kind must be refused by every protected endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forgery {
    /// Correctly signed, `exp` in the past.
    Expired,
    /// Correctly signed, `nbf` and `iat` in the future.
    NotYetValid,
    /// Correctly signed, another `iss`.
    WrongIssuer,
    /// Correctly signed, `sub` and `x-hasura-user-id` of a user that does not exist.
    UnknownUser,
    /// `alg: none` and an empty signature.
    AlgNone,
    /// The original token with every signature byte changed.
    BadSignature,
    /// The payload changed (another `sub`), the original signature kept.
    TamperedPayload,
    /// HS256 keyed with the RS public key as PEM (RS* targets only).
    AlgConfusion,
}

impl Forgery {
    /// Every kind, in a stable order.
    pub const ALL: [Forgery; 8] = [
        Forgery::Expired,
        Forgery::NotYetValid,
        Forgery::WrongIssuer,
        Forgery::UnknownUser,
        Forgery::AlgNone,
        Forgery::BadSignature,
        Forgery::TamperedPayload,
        Forgery::AlgConfusion,
    ];

    /// The kebab-case name (`alg-none`).
    pub fn name(self) -> &'static str {
        match self {
            Forgery::Expired => "expired",
            Forgery::NotYetValid => "not-yet-valid",
            Forgery::WrongIssuer => "wrong-issuer",
            Forgery::UnknownUser => "unknown-user",
            Forgery::AlgNone => "alg-none",
            Forgery::BadSignature => "bad-signature",
            Forgery::TamperedPayload => "tampered-payload",
            Forgery::AlgConfusion => "alg-confusion",
        }
    }

    /// Whether forging needs the signing key (the HS* secret).
    pub fn needs_key(self) -> bool {
        matches!(
            self,
            Forgery::Expired | Forgery::NotYetValid | Forgery::WrongIssuer | Forgery::UnknownUser
        )
    }
}

/// What a forgery may use: the HS* secret, RSA private keys the harness holds, the target's
/// JWKS, the time, a random user id.
#[derive(Debug, Clone, Copy)]
pub struct ForgeKeys<'a> {
    /// The shared secret of an HS* target.
    pub secret: Option<&'a str>,
    /// RSA private keys (PKCS#1 DER) the harness may sign with: one of them is the target's when
    /// a token it signs passes the target's JWKS (the reference server's published development
    /// key is one).
    pub rsa_keys: &'a [Vec<u8>],
    /// The target's JWKS (for algorithm confusion).
    pub jwks: Option<&'a Value>,
    /// Now, in seconds since the epoch.
    pub now: i64,
    /// A user id no user has.
    pub unknown_user: &'a str,
}

/// An HS256 JWS of `claims` keyed with `secret` (the `sdk` suite's served tokens).
pub fn sign_hs256(claims: &Value, secret: &str) -> String {
    let header = serde_json::json!({"alg": "HS256", "typ": "JWT"});
    let input = format!("{}.{}", b64_json(&header), b64_json(claims));
    // HS256 signing of bytes with a byte key cannot fail.
    let signature = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &EncodingKey::from_secret(secret.as_bytes()),
        Algorithm::HS256,
    )
    .unwrap_or_default();
    format!("{input}.{signature}")
}

fn b64_json(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

fn b64_map(map: &Map<String, Value>) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_string(map).unwrap_or_default())
}

/// The JSON type of `v`, for messages.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Jwt {
    /// A token of `kind` made from this (valid) token, or why it cannot be made here (the
    /// reason a case is not covered).
    pub fn forge(&self, kind: Forgery, keys: ForgeKeys<'_>) -> Result<String, String> {
        let (h, p) = self
            .signing_input
            .split_once('.')
            .ok_or_else(|| "the token has no payload".to_owned())?;
        let alg = self.alg().to_owned();
        let mut claims = self.claims.clone();
        let resign = |claims: &Map<String, Value>| -> Result<String, String> {
            let a = algorithm(&alg).map_err(|e| e.to_string())?;
            let input = format!("{h}.{}", b64_map(claims));
            let signed = |key: &EncodingKey| {
                jsonwebtoken::crypto::sign(input.as_bytes(), key, a)
                    .ok()
                    .map(|sig| format!("{input}.{sig}"))
            };
            let token = match (a, keys.secret) {
                (Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512, Some(s)) => {
                    signed(&EncodingKey::from_secret(s.as_bytes()))
                }
                (Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512, _) => {
                    // A key the harness holds is the target's when its signature passes the
                    // target's own JWKS.
                    keys.rsa_keys.iter().find_map(|der| {
                        let token = signed(&EncodingKey::from_rsa_der(der))?;
                        Jwt::decode(&token)
                            .ok()?
                            .verify(None, keys.jwks)
                            .is_ok()
                            .then_some(token)
                    })
                }
                _ => None,
            };
            token.ok_or_else(|| {
                format!(
                    "forging a correctly signed {} token needs the target's {alg} signing key, and the harness holds none (HS*: set NHOST_JWT_SECRET or --jwt-secret-env; RS*: only the private key, which no target publishes)",
                    kind.name()
                )
            })
        };
        match kind {
            Forgery::Expired => {
                claims.insert("iat".to_owned(), Value::from(keys.now - 7200));
                claims.insert("exp".to_owned(), Value::from(keys.now - 3600));
                resign(&claims)
            }
            Forgery::NotYetValid => {
                claims.insert("iat".to_owned(), Value::from(keys.now + 3600));
                claims.insert("nbf".to_owned(), Value::from(keys.now + 3600));
                claims.insert("exp".to_owned(), Value::from(keys.now + 4500));
                resign(&claims)
            }
            Forgery::WrongIssuer => {
                claims.insert(
                    "iss".to_owned(),
                    Value::from("https://forged-issuer.invalid"),
                );
                resign(&claims)
            }
            Forgery::UnknownUser => {
                set_user(&mut claims, keys.unknown_user);
                resign(&claims)
            }
            Forgery::AlgNone => {
                let mut header = self.header.clone();
                header.insert("alg".to_owned(), Value::from("none"));
                Ok(format!("{}.{p}.", b64_map(&header)))
            }
            Forgery::BadSignature => {
                let mut sig = URL_SAFE_NO_PAD
                    .decode(&self.signature)
                    .map_err(|e| format!("the signature is not base64url: {e}"))?;
                sig.iter_mut().for_each(|b| *b ^= 0x5a);
                if sig.is_empty() {
                    sig = vec![0x5a; 32];
                }
                Ok(format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode(sig)))
            }
            Forgery::TamperedPayload => {
                set_user(&mut claims, keys.unknown_user);
                Ok(format!("{h}.{}.{}", b64_map(&claims), self.signature))
            }
            Forgery::AlgConfusion => {
                // An RS* target: HS256 keyed with its own published key, the classic attack. An
                // HS* target publishes no RSA key: the token is keyed with a fixed public key,
                // still a token no key of the target signed, and it must be refused the same way.
                let pem = if alg.starts_with("RS") {
                    let kid = self.header.get("kid").and_then(Value::as_str);
                    let jwk = keys
                        .jwks
                        .and_then(|j| find_rsa_key(j, kid))
                        .ok_or_else(|| "the JWKS has no RSA key for the token".to_owned())?;
                    rsa_public_pem(jwk).ok_or_else(|| "the JWKS key is unusable".to_owned())?
                } else {
                    FOREIGN_RSA_PUBLIC_PEM.to_owned()
                };
                let mut header = self.header.clone();
                header.insert("alg".to_owned(), Value::from("HS256"));
                let input = format!("{}.{p}", b64_map(&header));
                let sig = jsonwebtoken::crypto::sign(
                    input.as_bytes(),
                    &EncodingKey::from_secret(pem.as_bytes()),
                    Algorithm::HS256,
                )
                .map_err(|e| e.to_string())?;
                Ok(format!("{input}.{sig}"))
            }
        }
    }
}

/// An RSA public key that belongs to no target, for algorithm confusion against an HS* target
/// (which publishes no key of its own). Public by nature: nothing secret is in it.
pub const FOREIGN_RSA_PUBLIC_PEM: &str = r"-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnH44br1mB+GlpXd3pTf4
ipkuzUFDgO2Zv6FoBQUrq3yhh4LiTYrPF/AqSYwxDIe6+80ndfZgrjp5TZgSwQ/p
tj5fm6fNiKNmwXwFMvphtOAoJt8txeflnzsndUHt77jVcBisOEP6cM5H+bMqG9FD
uagUppNicBeMnLe/EQP8sSHHqRlG6IldmzlFOenaFKeA9cyF0+23ktr7hbqR/p8C
jR3y4PnlvG+J+lTaWy5GvFIorbCCihaVB89w8AwEJK1mEFFjo76pCl8Tpu4wlkXU
+VNtYqAmRzE9WWX+B94gY52KO8hzQAGoISHH/saaF8JnWL65AMlCVolnMrZ2Bf0e
aQIDAQAB
-----END PUBLIC KEY-----
";

fn set_user(claims: &mut Map<String, Value>, id: &str) {
    claims.insert("sub".to_owned(), Value::from(id));
    if let Some(h) = claims
        .get_mut("https://hasura.io/jwt/claims")
        .and_then(Value::as_object_mut)
    {
        h.insert("x-hasura-user-id".to_owned(), Value::from(id));
    }
}

/// DER: a tag, a length (short form, or long form in as few bytes as the length needs, so a
/// key of any size a JWKS carries is encoded correctly) and the content.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let first = bytes
            .iter()
            .position(|b| *b != 0)
            .unwrap_or(bytes.len() - 1);
        let length = &bytes[first..];
        out.push(0x80 | length.len() as u8);
        out.extend_from_slice(length);
    }
    out.extend_from_slice(content);
    out
}

fn der_uint(bytes: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if v.first().is_none_or(|b| b & 0x80 != 0) {
        v.insert(0, 0);
    }
    der(0x02, &v)
}

/// The SubjectPublicKeyInfo PEM of an RSA JWK: what an algorithm-confused verifier uses as the
/// HMAC secret.
pub fn rsa_public_pem(jwk: &Value) -> Option<String> {
    let n = URL_SAFE_NO_PAD.decode(jwk.get("n")?.as_str()?).ok()?;
    let e = URL_SAFE_NO_PAD.decode(jwk.get("e")?.as_str()?).ok()?;
    let rsa = der(0x30, &[der_uint(&n), der_uint(&e)].concat());
    let mut bits = vec![0u8];
    bits.extend(rsa);
    let algorithm = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let spki = der(0x30, &[algorithm.to_vec(), der(0x03, &bits)].concat());
    let b64 = base64::engine::general_purpose::STANDARD.encode(spki);
    let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).ok()?);
        pem.push('\n');
    }
    pem.push_str("-----END PUBLIC KEY-----\n");
    Some(pem)
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
    fn forgeries_with_the_secret_verify_and_keyless_ones_do_not() {
        let jwt = Jwt::decode(&hs256("s3cret")).unwrap();
        let keys = ForgeKeys {
            secret: Some("s3cret"),
            rsa_keys: &[],
            jwks: None,
            now: 1_700_000_000,
            unknown_user: "00000000-0000-4000-8000-000000000001",
        };
        for kind in Forgery::ALL {
            let forged = Jwt::decode(&jwt.forge(kind, keys).unwrap()).unwrap();
            if kind == Forgery::AlgConfusion {
                // On an HS target: HS256 keyed with the foreign public key, not the secret.
                assert_eq!(forged.alg(), "HS256");
                assert!(forged.verify(Some(FOREIGN_RSA_PUBLIC_PEM), None).is_ok());
            }
            assert_eq!(
                forged.verify(Some("s3cret"), None).is_ok(),
                kind.needs_key(),
                "{kind:?}"
            );
        }
        let expired = Jwt::decode(&jwt.forge(Forgery::Expired, keys).unwrap()).unwrap();
        assert!(expired.claims["exp"].as_i64().unwrap() < keys.now);
        let none = Jwt::decode(&jwt.forge(Forgery::AlgNone, keys).unwrap()).unwrap();
        assert_eq!(none.alg(), "none");
        let without = ForgeKeys {
            secret: None,
            ..keys
        };
        assert!(jwt.forge(Forgery::Expired, without).is_err());
        assert!(jwt.forge(Forgery::AlgNone, without).is_ok());
    }

    #[test]
    fn rs_forgeries_need_a_key_the_jwks_verifies() {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1"}"#);
        let claims = URL_SAFE_NO_PAD.encode(r#"{"sub":"u","iat":1,"exp":901}"#);
        let jwt = Jwt::decode(&format!("{header}.{claims}.c2ln")).unwrap();
        let jwks = json!({"keys": [{"kty": "RSA", "kid": "k1", "n": URL_SAFE_NO_PAD.encode([0xc1u8; 256]), "e": "AQAB"}]});
        let keys = ForgeKeys {
            secret: None,
            rsa_keys: &[],
            jwks: Some(&jwks),
            now: 1_700_000_000,
            unknown_user: "00000000-0000-4000-8000-000000000001",
        };
        for kind in Forgery::ALL.into_iter().filter(|k| k.needs_key()) {
            let why = jwt.forge(kind, keys).unwrap_err();
            assert!(
                why.contains("RS256 signing key") && why.contains("holds none"),
                "{why}"
            );
        }
        // A key the JWKS does not verify (bytes that are no key at all, here) is never used.
        let not_the_target_s = [vec![0u8; 16]];
        let with_other = ForgeKeys {
            rsa_keys: &not_the_target_s,
            ..keys
        };
        assert!(jwt.forge(Forgery::Expired, with_other).is_err());
        assert!(
            jwt.forge(Forgery::AlgNone, keys).is_ok(),
            "keyless kinds need no key"
        );
    }

    #[test]
    fn public_pem_of_a_jwk_is_spki() {
        let jwk = json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode([0xc1u8; 256]), "e": "AQAB"});
        let pem = rsa_public_pem(&jwk).unwrap();
        assert!(
            pem.starts_with(
                "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
            ),
            "{pem}"
        );
        assert!(pem.ends_with("IDAQAB\n-----END PUBLIC KEY-----\n"), "{pem}");
    }

    #[test]
    fn malformed_tokens_are_errors() {
        assert!(matches!(Jwt::decode("abc"), Err(JwtError::Malformed(_))));
        assert!(matches!(Jwt::decode("a.b.c"), Err(JwtError::Malformed(_))));
    }

    fn token(header: &Value, claims: &Value) -> String {
        format!("{}.{}.c2ln", b64_json(header), b64_json(claims))
    }

    #[test]
    fn a_header_or_payload_that_is_not_an_object_is_malformed() {
        let object = json!({"alg": "HS256"});
        for not_object in [
            json!([1, 2]),
            json!("claims"),
            json!(7),
            json!(null),
            json!(true),
            json!([{"alg": "HS256"}]),
        ] {
            for (h, p, part) in [
                (&not_object, &object, "header"),
                (&object, &not_object, "payload"),
            ] {
                match Jwt::decode(&token(h, p)) {
                    Err(JwtError::Malformed(why)) => {
                        assert!(
                            why.starts_with(part) && why.contains("not an object"),
                            "{why}"
                        )
                    }
                    other => panic!("{h} / {p}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn der_lengths_use_the_long_form_in_as_few_bytes_as_needed() {
        assert_eq!(der(0x04, &[0; 0x7f])[..2], [0x04, 0x7f]);
        assert_eq!(der(0x04, &[0; 0x80])[..3], [0x04, 0x81, 0x80]);
        assert_eq!(der(0x04, &[0; 0x1234])[..4], [0x04, 0x82, 0x12, 0x34]);
        assert_eq!(
            der(0x04, &[0; 0x12345])[..5],
            [0x04, 0x83, 0x01, 0x23, 0x45]
        );
    }
}
