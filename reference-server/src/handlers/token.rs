//! `POST /token`: refresh with rotation.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::api::requests::RefreshRequest;
use crate::api::JsonBody;
use crate::app::AppState;
use crate::crypto::{hash_refresh_token, new_refresh_token};
use crate::errors::{ApiError, ErrorCode};
use crate::faults::{Fault, FaultSet};
use crate::session::{refresh_expiry, render_session, sign_access_token, IssuedSession};
use crate::store::RefreshTokenRecord;

/// Answers a bare Session with a new refresh token and the same refresh token id; the presented
/// token is then invalid. Of two concurrent refreshes of one token at most one succeeds.
pub(crate) async fn token_refresh(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<RefreshRequest>,
) -> Result<Json<Value>, ApiError> {
    let config = state.config();
    let faults = &config.faults;
    let store = state.store();
    let presented = hash_refresh_token(&request.refresh_token);
    let now = OffsetDateTime::now_utc();
    let (record, refresh_token) = if faults.contains(Fault::NoRefreshRotation) {
        (
            store.refresh_token(&presented, now),
            request.refresh_token.clone(),
        )
    } else if faults.contains(Fault::StaleRefreshTokenAccepted) {
        let (token, hash) = new_refresh_token();
        let record = store.refresh_token(&presented, now).map(|old| {
            let new = RefreshTokenRecord {
                token_hash: hash,
                expires_at: refresh_expiry(&state),
                ..old
            };
            store.insert_refresh_token(new.clone());
            new
        });
        (record, token)
    } else {
        let (token, hash) = new_refresh_token();
        let change_id = faults.contains(Fault::RefreshTokenIdChanges);
        let expires_at = refresh_expiry(&state);
        let record = store.rotate_refresh_token(&presented, now, &mut |old| RefreshTokenRecord {
            id: if change_id { Uuid::new_v4() } else { old.id },
            token_hash: hash.clone(),
            user_id: old.user_id,
            expires_at,
        });
        (record, token)
    };
    let record = record.ok_or_else(|| invalid_refresh_token(faults))?;
    let mut user = store
        .user_by_id(record.user_id)
        .ok_or_else(|| invalid_refresh_token(faults))?;
    if faults.contains(Fault::RefreshCreatedAtIsNow) {
        user.created_at = OffsetDateTime::now_utc();
    }
    if user.disabled {
        return Err(ApiError::new(ErrorCode::DisabledUser));
    }
    let session = IssuedSession {
        access_token: sign_access_token(&state, &user)?,
        refresh_token,
        refresh_token_id: record.id,
        user,
    };
    let body = render_session(&session, config);
    if faults.contains(Fault::TokenSessionWrapped) {
        Ok(Json(json!({ "session": body })))
    } else {
        Ok(Json(body))
    }
}

fn invalid_refresh_token(faults: &FaultSet) -> ApiError {
    let error = ApiError::new(ErrorCode::InvalidRefreshToken);
    if faults.contains(Fault::InvalidRefreshToken400) {
        error.with_status(StatusCode::BAD_REQUEST)
    } else {
        error
    }
}
