//! Access-token signing and verification. The main type is [`Signer`].

use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::config::JwtConfig;
use crate::crypto::dev_keys::{DevKey, PUBLISHED, ROTATED};
use crate::errors::{ApiError, ServerError};
use crate::faults::{Fault, FaultSet};

/// The claims the server reads back from its own access tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccessClaims {
    /// The user id (`sub`).
    pub(crate) user_id: Uuid,
}

/// Signs access tokens, verifies the server's own tokens, and holds the JWKS.
pub(crate) struct Signer {
    header: Header,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    jwks: Value,
    /// [`Fault::AlgNoneAccepted`]: `alg: none` tokens pass without a signature.
    accept_unsigned: bool,
    /// [`Fault::WrongKeyAccepted`]: signatures are not checked at all.
    skip_signature: bool,
}

impl Signer {
    /// A signer for `config`. With [`Fault::BadSignature`] on it signs (and, being the same
    /// server, accepts) with a rotated key or secret that is not the published one.
    pub(crate) fn new(
        config: &JwtConfig,
        issuer: &str,
        faults: &FaultSet,
    ) -> Result<Self, ServerError> {
        let rotated = faults.contains(Fault::BadSignature);
        let algorithm = config.algorithm();
        let mut header = Header::new(algorithm);
        let (encoding, decoding, jwks) = match config.secret() {
            Some(secret) => {
                let signing = if rotated {
                    format!("{secret}-rotated")
                } else {
                    secret.to_owned()
                };
                (
                    EncodingKey::from_secret(signing.as_bytes()),
                    DecodingKey::from_secret(signing.as_bytes()),
                    json!({ "keys": [] }),
                )
            }
            None => {
                let published = DevKey::load(PUBLISHED)?;
                let signing = if rotated {
                    DevKey::load(ROTATED)?
                } else {
                    published.clone()
                };
                header.kid = Some(published.kid.clone());
                (
                    EncodingKey::from_rsa_der(&signing.der),
                    DecodingKey::from_rsa_raw_components(&signing.n, &signing.e),
                    json!({ "keys": [published.jwk(config.name())] }),
                )
            }
        };
        let mut validation = Validation::new(algorithm);
        validation.leeway = 0;
        validation.validate_nbf = true;
        validation.validate_exp = !faults.contains(Fault::ExpiredTokenAccepted);
        validation.set_issuer(&[issuer]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        Ok(Self {
            header,
            encoding,
            decoding,
            validation,
            jwks,
            accept_unsigned: faults.contains(Fault::AlgNoneAccepted),
            skip_signature: faults.contains(Fault::WrongKeyAccepted),
        })
    }

    /// Signs `claims`.
    pub(crate) fn sign(&self, claims: &Value) -> Result<String, ApiError> {
        jsonwebtoken::encode(&self.header, claims, &self.encoding).map_err(|_| ApiError::internal())
    }

    /// The claims of a valid, unexpired token issued by this server; `None` otherwise.
    pub(crate) fn verify(&self, token: &str) -> Option<AccessClaims> {
        let unsigned = unverified_part(token, 0)
            .and_then(|h| h.get("alg").and_then(Value::as_str).map(|a| a == "none"))
            .unwrap_or(false);
        let claims = if (unsigned && self.accept_unsigned) || (!unsigned && self.skip_signature) {
            let claims = unverified_part(token, 1)?;
            self.claims_valid(&claims).then_some(claims)?
        } else {
            jsonwebtoken::decode::<Value>(token, &self.decoding, &self.validation)
                .ok()?
                .claims
        };
        let sub = claims.get("sub")?.as_str()?;
        Some(AccessClaims {
            user_id: Uuid::parse_str(sub).ok()?,
        })
    }

    /// The claim checks of [`Validation`] for a token whose signature was not checked.
    fn claims_valid(&self, claims: &Value) -> bool {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let number = |k: &str| claims.get(k).and_then(Value::as_i64);
        let exp_ok = !self.validation.validate_exp || number("exp").is_some_and(|e| e > now);
        let nbf_ok = number("nbf").is_none_or(|n| n <= now);
        let iss_ok = self.validation.iss.as_ref().is_none_or(|allowed| {
            claims
                .get("iss")
                .and_then(Value::as_str)
                .is_some_and(|i| allowed.contains(i))
        });
        exp_ok && nbf_ok && iss_ok
    }

    /// The `/.well-known/jwks.json` body: the published RSA key, or no key for HS*.
    pub(crate) fn jwks(&self) -> &Value {
        &self.jwks
    }
}

/// Part `index` (0 header, 1 payload) of a compact JWS, decoded without any check.
fn unverified_part(token: &str, index: usize) -> Option<Value> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let part = token.split('.').nth(index)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(sub: Uuid, exp_offset: i64) -> Value {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        json!({ "sub": sub.to_string(), "iat": now, "exp": now + exp_offset, "iss": "hasura-auth" })
    }

    #[test]
    fn round_trips_for_every_algorithm() {
        for config in [
            JwtConfig::test_hs256(),
            JwtConfig::Hs384 { secret: "s".into() },
            JwtConfig::Hs512 { secret: "s".into() },
            JwtConfig::Rs256,
            JwtConfig::Rs384,
            JwtConfig::Rs512,
        ] {
            let signer = Signer::new(&config, "hasura-auth", &FaultSet::new()).unwrap();
            let id = Uuid::new_v4();
            let token = signer.sign(&claims(id, 60)).unwrap();
            assert_eq!(
                signer.verify(&token),
                Some(AccessClaims { user_id: id }),
                "{config:?}"
            );
            assert_eq!(signer.verify(&format!("{token}x")), None);
            let expired = signer.sign(&claims(id, -10)).unwrap();
            assert_eq!(signer.verify(&expired), None);
            let keys = signer.jwks()["keys"].as_array().unwrap().len();
            assert_eq!(keys, usize::from(config.is_asymmetric()));
        }
    }

    fn unsigned(claims: &Value) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine as _;
        let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let p = URL_SAFE_NO_PAD.encode(claims.to_string());
        format!("{h}.{p}.")
    }

    #[test]
    fn token_faults_accept_what_the_clean_signer_refuses() {
        let id = Uuid::new_v4();
        let clean = Signer::new(&JwtConfig::test_hs256(), "hasura-auth", &FaultSet::new()).unwrap();
        let other = Signer::new(
            &JwtConfig::Hs256 {
                secret: "other".into(),
            },
            "hasura-auth",
            &FaultSet::new(),
        )
        .unwrap();
        let expired = clean.sign(&claims(id, -10)).unwrap();
        let none = unsigned(&claims(id, 60));
        let wrong = other.sign(&claims(id, 60)).unwrap();
        let mut early = claims(id, 3600);
        early["nbf"] = json!(time::OffsetDateTime::now_utc().unix_timestamp() + 600);
        let early = clean.sign(&early).unwrap();
        for t in [&expired, &none, &wrong, &early] {
            assert_eq!(clean.verify(t), None);
        }
        let with =
            |f| Signer::new(&JwtConfig::test_hs256(), "hasura-auth", &FaultSet::only(f)).unwrap();
        assert!(with(Fault::ExpiredTokenAccepted).verify(&expired).is_some());
        assert!(with(Fault::AlgNoneAccepted).verify(&none).is_some());
        assert!(with(Fault::AlgNoneAccepted).verify(&wrong).is_none());
        assert!(with(Fault::WrongKeyAccepted).verify(&wrong).is_some());
        assert!(with(Fault::WrongKeyAccepted).verify(&none).is_none());
        assert!(with(Fault::WrongKeyAccepted).verify(&early).is_none());
    }

    #[test]
    fn tokens_of_another_issuer_are_rejected() {
        let a = Signer::new(&JwtConfig::test_hs256(), "a", &FaultSet::new()).unwrap();
        let id = Uuid::new_v4();
        let mut c = claims(id, 60);
        c["iss"] = json!("a");
        assert!(a.verify(&a.sign(&c).unwrap()).is_some());
        c["iss"] = json!("b");
        assert_eq!(a.verify(&a.sign(&c).unwrap()), None);
    }
}
