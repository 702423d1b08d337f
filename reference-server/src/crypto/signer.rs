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
        validation.set_issuer(&[issuer]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        Ok(Self {
            header,
            encoding,
            decoding,
            validation,
            jwks,
        })
    }

    /// Signs `claims`.
    pub(crate) fn sign(&self, claims: &Value) -> Result<String, ApiError> {
        jsonwebtoken::encode(&self.header, claims, &self.encoding).map_err(|_| ApiError::internal())
    }

    /// The claims of a valid, unexpired token issued by this server; `None` otherwise.
    pub(crate) fn verify(&self, token: &str) -> Option<AccessClaims> {
        let data = jsonwebtoken::decode::<Value>(token, &self.decoding, &self.validation).ok()?;
        let sub = data.claims.get("sub")?.as_str()?;
        Some(AccessClaims {
            user_id: Uuid::parse_str(sub).ok()?,
        })
    }

    /// The `/.well-known/jwks.json` body: the published RSA key, or no key for HS*.
    pub(crate) fn jwks(&self) -> &Value {
        &self.jwks
    }
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
