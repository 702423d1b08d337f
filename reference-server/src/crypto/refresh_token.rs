//! Refresh tokens: random v4 UUIDs, stored only as their SHA-256.

use ring::digest;
use uuid::Uuid;

use crate::store::TokenHash;

/// A new refresh token and its hash.
pub(crate) fn new_refresh_token() -> (String, TokenHash) {
    let token = Uuid::new_v4().to_string();
    let hash = hash_refresh_token(&token);
    (token, hash)
}

/// The hex SHA-256 of a refresh token.
pub(crate) fn hash_refresh_token(token: &str) -> TokenHash {
    let digest = digest::digest(&digest::SHA256, token.as_bytes());
    TokenHash(hex(digest.as_ref()))
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_hex_and_never_the_token() {
        let (token, hash) = new_refresh_token();
        assert_eq!(hash.as_str().len(), 64);
        assert_ne!(hash.as_str(), token);
        assert_eq!(hash_refresh_token(&token), hash);
        assert_eq!(
            hash_refresh_token("abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
