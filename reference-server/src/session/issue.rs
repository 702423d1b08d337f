//! Creating sessions: a new refresh token and a signed access token. The main type is
//! [`IssuedSession`].

use std::time::Duration;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::app::AppState;
use crate::crypto::new_refresh_token;
use crate::errors::ApiError;
use crate::session::claims::access_claims;
use crate::store::{RefreshTokenRecord, UserRecord};

/// A session before rendering.
#[derive(Debug, Clone)]
pub(crate) struct IssuedSession {
    /// The signed access token.
    pub(crate) access_token: String,
    /// The refresh token in clear (only the client ever sees it).
    pub(crate) refresh_token: String,
    /// The refresh token id.
    pub(crate) refresh_token_id: Uuid,
    /// The user.
    pub(crate) user: UserRecord,
}

/// Signs an access token for `user` now.
pub(crate) fn sign_access_token(state: &AppState, user: &UserRecord) -> Result<String, ApiError> {
    let iat = OffsetDateTime::now_utc().unix_timestamp();
    state
        .signer()
        .sign(&access_claims(user, state.config(), iat))
}

/// When a refresh token created now expires.
pub(crate) fn refresh_expiry(state: &AppState) -> OffsetDateTime {
    OffsetDateTime::now_utc() + Duration::from_secs(state.config().refresh_token_expires_in)
}

/// Creates and stores a new refresh token for `user` and signs an access token.
pub(crate) fn issue_session(state: &AppState, user: UserRecord) -> Result<IssuedSession, ApiError> {
    let access_token = sign_access_token(state, &user)?;
    let (refresh_token, token_hash) = new_refresh_token();
    let record = RefreshTokenRecord {
        id: Uuid::new_v4(),
        token_hash,
        user_id: user.id,
        expires_at: refresh_expiry(state),
    };
    let refresh_token_id = record.id;
    state.store().insert_refresh_token(record);
    Ok(IssuedSession {
        access_token,
        refresh_token,
        refresh_token_id,
        user,
    })
}
