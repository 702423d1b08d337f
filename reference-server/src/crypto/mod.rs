//! Password hashing, refresh-token hashing and JWT signing. The main type is [`Signer`].

mod dev_keys;
mod password;
mod refresh_token;
mod signer;

pub(crate) use password::PasswordHasher;
pub(crate) use refresh_token::{hash_refresh_token, hex, new_refresh_token};
pub(crate) use signer::Signer;
