//! Password hashing. The main type is [`PasswordHasher`].
//!
//! Passwords are pre-hashed with SHA-256 and base64-encoded before bcrypt, because bcrypt only
//! reads the first 72 bytes and a 50-character multibyte password can be 200 bytes long.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ring::digest;

use crate::errors::ApiError;
use crate::faults::{Fault, FaultSet};

/// Hashes and verifies passwords with bcrypt on the blocking thread pool.
#[derive(Debug, Clone)]
pub(crate) struct PasswordHasher {
    cost: u32,
    lowercase_first: bool,
    skip_prehash: bool,
    fail_past_72_bytes: bool,
}

/// bcrypt's input limit, in bytes.
const BCRYPT_MAX_BYTES: usize = 72;

impl PasswordHasher {
    /// A hasher with this bcrypt cost; the password faults are read from `faults`.
    pub(crate) fn new(cost: u32, faults: &FaultSet) -> Self {
        Self {
            cost,
            lowercase_first: faults.contains(Fault::PasswordCaseInsensitive),
            skip_prehash: faults.contains(Fault::BcryptTruncation),
            fail_past_72_bytes: faults.contains(Fault::LongPassword500),
        }
    }

    /// The bytes bcrypt sees.
    fn prepare(&self, password: &str) -> Vec<u8> {
        let password = if self.lowercase_first {
            password.to_lowercase()
        } else {
            password.to_owned()
        };
        if self.skip_prehash {
            password.into_bytes()
        } else {
            let digest = digest::digest(&digest::SHA256, password.as_bytes());
            STANDARD.encode(digest.as_ref()).into_bytes()
        }
    }

    /// The bcrypt hash of `password`.
    pub(crate) async fn hash(&self, password: &str) -> Result<String, ApiError> {
        if self.fail_past_72_bytes && password.len() > BCRYPT_MAX_BYTES {
            return Err(ApiError::internal());
        }
        let prepared = self.prepare(password);
        let cost = self.cost;
        tokio::task::spawn_blocking(move || bcrypt::hash(prepared, cost))
            .await
            .map_err(|_| ApiError::internal())?
            .map_err(|_| ApiError::internal())
    }

    /// Whether `password` matches `hash`; `false` for a malformed hash.
    pub(crate) async fn verify(&self, password: &str, hash: &str) -> bool {
        let prepared = self.prepare(password);
        let hash = hash.to_owned();
        tokio::task::spawn_blocking(move || bcrypt::verify(prepared, &hash).unwrap_or(false))
            .await
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn long_multibyte_passwords_are_not_truncated() {
        let hasher = PasswordHasher::new(4, &FaultSet::new());
        let base = "€".repeat(30); // 90 bytes
        let hash = hasher.hash(&format!("{base}a")).await.unwrap();
        assert!(hasher.verify(&format!("{base}a"), &hash).await);
        assert!(!hasher.verify(&format!("{base}b"), &hash).await);
        assert!(!hasher.verify("wrong", "not-a-bcrypt-hash").await);
    }

    #[tokio::test]
    async fn long_password_fault_fails_past_72_bytes() {
        let hasher = PasswordHasher::new(4, &FaultSet::only(Fault::LongPassword500));
        assert!(hasher.hash(&"é".repeat(36)).await.is_ok(), "72 bytes");
        assert!(hasher.hash(&format!("{}a", "é".repeat(36))).await.is_err());
    }

    #[tokio::test]
    async fn bcrypt_truncation_fault_ignores_bytes_past_72() {
        let hasher = PasswordHasher::new(4, &FaultSet::only(Fault::BcryptTruncation));
        let base = "€".repeat(30);
        let hash = hasher.hash(&format!("{base}a")).await.unwrap();
        assert!(hasher.verify(&format!("{base}b"), &hash).await);
    }
}
