//! Password hashing, refresh-token hashing and JWT signing. The main type is [`Signer`].

mod dev_keys;
mod password;
mod refresh_token;
mod signer;

pub(crate) use password::PasswordHasher;
pub(crate) use refresh_token::{hash_refresh_token, hex, new_refresh_token};
pub(crate) use signer::Signer;

/// The private half of the published development RSA key that RS* tokens are signed with, as
/// PKCS#1 DER. Public by design (it is in this repository): a harness that knows it can forge
/// tokens for a server that signs with it, as it could with the HS* development secret.
pub fn development_key_der() -> Vec<u8> {
    dev_keys::DevKey::load(dev_keys::PUBLISHED)
        .map(|key| key.der)
        .unwrap_or_default()
}
