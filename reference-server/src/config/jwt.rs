//! JWT signing settings. The main type is [`JwtConfig`].

use std::fmt;

use jsonwebtoken::Algorithm;

use crate::errors::ParseJwtConfigError;

/// How access tokens are signed.
///
/// HS* use a shared secret; RS* use the embedded **public development key**
/// (`reference-server/keys/dev-rsa.pem`, never for production), listed in
/// `/.well-known/jwks.json` with a `kid`.
#[derive(Clone, PartialEq, Eq)]
pub enum JwtConfig {
    /// HMAC SHA-256 with a shared secret.
    Hs256 {
        /// The shared secret.
        secret: String,
    },
    /// HMAC SHA-384 with a shared secret.
    Hs384 {
        /// The shared secret.
        secret: String,
    },
    /// HMAC SHA-512 with a shared secret.
    Hs512 {
        /// The shared secret.
        secret: String,
    },
    /// RSASSA-PKCS1-v1_5 SHA-256 with the embedded development key.
    Rs256,
    /// RSASSA-PKCS1-v1_5 SHA-384 with the embedded development key.
    Rs384,
    /// RSASSA-PKCS1-v1_5 SHA-512 with the embedded development key.
    Rs512,
}

impl JwtConfig {
    /// The fixed HS256 secret of [`crate::ServerConfig::for_tests`]. Public: for tests only.
    pub const TEST_SECRET: &'static str =
        "nhost-conformance-reference-server-test-secret-do-not-use";

    /// HS256 with [`JwtConfig::TEST_SECRET`].
    pub fn test_hs256() -> Self {
        JwtConfig::Hs256 {
            secret: Self::TEST_SECRET.to_owned(),
        }
    }

    /// Builds a configuration from an algorithm name (`HS256` … `RS512`, any case) and, for HS*,
    /// a secret.
    pub fn parse(algorithm: &str, secret: Option<String>) -> Result<Self, ParseJwtConfigError> {
        let alg = algorithm.trim().to_ascii_uppercase();
        let need = |name: &'static str| {
            secret
                .clone()
                .ok_or(ParseJwtConfigError::MissingSecret(name))
        };
        Ok(match alg.as_str() {
            "HS256" => JwtConfig::Hs256 {
                secret: need("HS256")?,
            },
            "HS384" => JwtConfig::Hs384 {
                secret: need("HS384")?,
            },
            "HS512" => JwtConfig::Hs512 {
                secret: need("HS512")?,
            },
            "RS256" => JwtConfig::Rs256,
            "RS384" => JwtConfig::Rs384,
            "RS512" => JwtConfig::Rs512,
            _ => return Err(ParseJwtConfigError::UnknownAlgorithm(algorithm.to_owned())),
        })
    }

    /// The `alg` name, e.g. `HS256`.
    pub fn name(&self) -> &'static str {
        match self {
            JwtConfig::Hs256 { .. } => "HS256",
            JwtConfig::Hs384 { .. } => "HS384",
            JwtConfig::Hs512 { .. } => "HS512",
            JwtConfig::Rs256 => "RS256",
            JwtConfig::Rs384 => "RS384",
            JwtConfig::Rs512 => "RS512",
        }
    }

    /// The `jsonwebtoken` algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            JwtConfig::Hs256 { .. } => Algorithm::HS256,
            JwtConfig::Hs384 { .. } => Algorithm::HS384,
            JwtConfig::Hs512 { .. } => Algorithm::HS512,
            JwtConfig::Rs256 => Algorithm::RS256,
            JwtConfig::Rs384 => Algorithm::RS384,
            JwtConfig::Rs512 => Algorithm::RS512,
        }
    }

    /// The shared secret, for HS* algorithms.
    pub fn secret(&self) -> Option<&str> {
        match self {
            JwtConfig::Hs256 { secret }
            | JwtConfig::Hs384 { secret }
            | JwtConfig::Hs512 { secret } => Some(secret),
            JwtConfig::Rs256 | JwtConfig::Rs384 | JwtConfig::Rs512 => None,
        }
    }

    /// Whether tokens are verified with a public key from the JWKS.
    pub fn is_asymmetric(&self) -> bool {
        self.secret().is_none()
    }
}

impl Default for JwtConfig {
    /// RS256 with the embedded development key, so any verifier can use the JWKS.
    fn default() -> Self {
        JwtConfig::Rs256
    }
}

impl fmt::Debug for JwtConfig {
    /// Never prints the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.secret() {
            Some(_) => write!(f, "{} {{ secret: \"<redacted>\" }}", self.name()),
            None => f.write_str(self.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_secret() {
        let printed = format!("{:?}", JwtConfig::test_hs256());
        assert!(!printed.contains(JwtConfig::TEST_SECRET), "{printed}");
        assert!(printed.contains("HS256"));
    }

    #[test]
    fn parse_names_and_errors() {
        assert_eq!(JwtConfig::parse("rs384", None), Ok(JwtConfig::Rs384));
        assert_eq!(
            JwtConfig::parse("HS512", Some("s".into())),
            Ok(JwtConfig::Hs512 { secret: "s".into() })
        );
        assert_eq!(
            JwtConfig::parse("HS256", None),
            Err(ParseJwtConfigError::MissingSecret("HS256"))
        );
        assert!(JwtConfig::parse("none", None)
            .unwrap_err()
            .to_string()
            .starts_with("unknown jwt algorithm `none`"));
    }
}
