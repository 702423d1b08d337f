//! The storage interface. The main type is [`Store`].

use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors::StoreError;
use crate::store::{RefreshTokenRecord, TokenHash, UserRecord};

/// Storage for users and refresh tokens. Implementations must be safe under concurrent requests:
/// every method is atomic.
pub trait Store: Send + Sync + 'static {
    /// Adds a user; fails when another user has the same `email_key` or id.
    fn insert_user(&self, user: UserRecord) -> Result<(), StoreError>;

    /// The user with this id.
    fn user_by_id(&self, id: Uuid) -> Option<UserRecord>;

    /// The user with this email key.
    fn user_by_email_key(&self, email_key: &str) -> Option<UserRecord>;

    /// Every user, in creation order.
    fn users(&self) -> Vec<UserRecord>;

    /// Adds a refresh token.
    fn insert_refresh_token(&self, token: RefreshTokenRecord);

    /// The refresh token with this hash, if it exists and has not expired at `now`.
    fn refresh_token(&self, hash: &TokenHash, now: OffsetDateTime) -> Option<RefreshTokenRecord>;

    /// Atomically replaces the valid refresh token `hash` with `replace(old)` and returns the new
    /// record; `None` (and no change) when `hash` is unknown or expired. Of two concurrent
    /// rotations of one token at most one succeeds.
    fn rotate_refresh_token(
        &self,
        hash: &TokenHash,
        now: OffsetDateTime,
        replace: &mut dyn FnMut(&RefreshTokenRecord) -> RefreshTokenRecord,
    ) -> Option<RefreshTokenRecord>;

    /// Deletes one refresh token; returns whether it existed.
    fn delete_refresh_token(&self, hash: &TokenHash) -> bool;

    /// Deletes every refresh token of a user; returns how many.
    fn delete_user_refresh_tokens(&self, user_id: Uuid) -> usize;
}
