//! `POST /signout`.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::api::requests::SignOutRequest;
use crate::api::{BearerToken, JsonBody};
use crate::app::AppState;
use crate::crypto::hash_refresh_token;
use crate::errors::ApiError;
use crate::faults::Fault;
use crate::handlers::user_fields::unauthenticated;

/// Deletes the presented refresh token (an unknown one still answers `"OK"`), or with
/// `all: true` and a valid bearer token every refresh token of the user.
pub(crate) async fn signout_post(
    State(state): State<AppState>,
    BearerToken(bearer): BearerToken,
    JsonBody(request): JsonBody<SignOutRequest>,
) -> Result<Json<Value>, ApiError> {
    let faults = &state.config().faults;
    let store = state.store();
    if request.all {
        let token = bearer.ok_or_else(|| {
            ApiError::invalid_request("`all: true` needs an Authorization: Bearer access token")
        })?;
        let claims = state
            .signer()
            .verify(&token)
            .ok_or_else(|| unauthenticated(state.config()))?;
        if faults.contains(Fault::SignoutAllRevokesOne) {
            if let Some(refresh_token) = &request.refresh_token {
                store.delete_refresh_token(&hash_refresh_token(refresh_token));
            }
        } else {
            store.delete_user_refresh_tokens(claims.user_id);
        }
    } else {
        let refresh_token = request.refresh_token.ok_or_else(|| {
            ApiError::invalid_request("`refreshToken` is required unless `all` is true")
        })?;
        if !faults.contains(Fault::SignoutRevokesNothing) {
            store.delete_refresh_token(&hash_refresh_token(&refresh_token));
        }
    }
    Ok(Json(json!("OK")))
}
