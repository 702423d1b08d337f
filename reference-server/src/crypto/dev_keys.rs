//! The embedded development RSA keys (public by design, never for production). The main type
//! is [`DevKey`].

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::digest;
use ring::signature::{KeyPair as _, RsaKeyPair, RsaPublicKeyComponents};

use crate::crypto::refresh_token::hex;
use crate::errors::ServerError;

/// The published development key: signs RS* tokens and is listed in the JWKS.
pub(crate) const PUBLISHED: (&str, &str) = ("dev-rsa.pem", include_str!("../../keys/dev-rsa.pem"));

/// A second development key, used only by the `bad-signature` fault.
pub(crate) const ROTATED: (&str, &str) = (
    "dev-rsa-rotated.pem",
    include_str!("../../keys/dev-rsa-rotated.pem"),
);

/// An RSA key pair loaded from a PKCS#1 PEM, with its public components.
#[derive(Clone)]
pub(crate) struct DevKey {
    /// PKCS#1 `RSAPrivateKey` DER, as `jsonwebtoken` wants it.
    pub(crate) der: Vec<u8>,
    /// Modulus, big-endian without leading zeros.
    pub(crate) n: Vec<u8>,
    /// Public exponent, big-endian without leading zeros.
    pub(crate) e: Vec<u8>,
    /// Key id: the first 16 hex digits of the modulus' SHA-256.
    pub(crate) kid: String,
}

impl DevKey {
    /// Loads `(name, pem)`.
    pub(crate) fn load((name, pem): (&'static str, &str)) -> Result<Self, ServerError> {
        let fail = |reason: &str| ServerError::Key {
            name,
            reason: reason.to_owned(),
        };
        let body: String = pem
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("-----"))
            .collect();
        let der = STANDARD
            .decode(body)
            .map_err(|_| fail("the PEM body is not base64"))?;
        let pair = RsaKeyPair::from_der(&der).map_err(|e| fail(&e.to_string()))?;
        let public: RsaPublicKeyComponents<Vec<u8>> = pair.public_key().into();
        let kid = hex(&digest::digest(&digest::SHA256, &public.n).as_ref()[..8]);
        Ok(Self {
            der,
            n: public.n,
            e: public.e,
            kid,
        })
    }

    /// The public JWK for algorithm `alg`.
    pub(crate) fn jwk(&self, alg: &str) -> serde_json::Value {
        serde_json::json!({
            "kty": "RSA",
            "use": "sig",
            "alg": alg,
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(&self.n),
            "e": URL_SAFE_NO_PAD.encode(&self.e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_embedded_keys_load_and_differ() {
        let published = DevKey::load(PUBLISHED).unwrap();
        let rotated = DevKey::load(ROTATED).unwrap();
        assert_eq!(published.n.len(), 256);
        assert_eq!(published.e, [1, 0, 1]);
        assert_ne!(published.n, rotated.n);
        assert_ne!(published.kid, rotated.kid);
        assert_eq!(published.jwk("RS256")["e"], "AQAB");
    }

    #[test]
    fn a_broken_pem_is_a_clear_error() {
        let err = DevKey::load(("broken.pem", "-----BEGIN-----\n!!\n-----END-----"))
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "failed to load the embedded development key `broken.pem`: the PEM body is not base64"
        );
    }
}
