//! Stored records. The main types are [`UserRecord`] and [`RefreshTokenRecord`].

use std::fmt;

use serde_json::{Map, Value};
use time::OffsetDateTime;
use uuid::Uuid;

/// A stored user.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// The user id.
    pub id: Uuid,
    /// The email as given at sign-up; `None` for anonymous users.
    pub email: Option<String>,
    /// The uniqueness key of the email (lowercased); `None` for anonymous users.
    pub email_key: Option<String>,
    /// The bcrypt hash of the SHA-256-pre-hashed password; `None` for anonymous users.
    pub password_hash: Option<String>,
    /// The display name.
    pub display_name: String,
    /// The locale.
    pub locale: String,
    /// The default role.
    pub default_role: String,
    /// The allowed roles.
    pub roles: Vec<String>,
    /// The metadata; `None` when never set.
    pub metadata: Option<Map<String, Value>>,
    /// Whether the user signed in anonymously.
    pub is_anonymous: bool,
    /// Whether the email is verified.
    pub email_verified: bool,
    /// Whether the user is disabled.
    pub disabled: bool,
    /// When the user was created.
    pub created_at: OffsetDateTime,
}

/// The hex SHA-256 of a refresh token: the only form in which refresh tokens are stored.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenHash(pub(crate) String);

impl TokenHash {
    /// The hash of a refresh token in clear (hex SHA-256).
    pub fn of(refresh_token: &str) -> Self {
        crate::crypto::hash_refresh_token(refresh_token)
    }

    /// The hex digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenHash({})", &self.0[..self.0.len().min(12)])
    }
}

/// A stored refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTokenRecord {
    /// The refresh token id (`refreshTokenId`), kept across rotations.
    pub id: Uuid,
    /// The hash of the token.
    pub token_hash: TokenHash,
    /// The owner.
    pub user_id: Uuid,
    /// When the token stops being valid.
    pub expires_at: OffsetDateTime,
}
