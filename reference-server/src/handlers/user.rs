//! `GET /user`.

use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::api::BearerToken;
use crate::app::AppState;
use crate::errors::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::handlers::user_fields::unauthenticated;
use crate::session::render_user;

/// The bare User of the bearer token; 401 without a valid token (see [`unauthenticated`]), 403
/// for anonymous users.
pub(crate) async fn user_get(
    State(state): State<AppState>,
    BearerToken(bearer): BearerToken,
) -> Result<Json<Value>, ApiError> {
    let refused = || unauthenticated(state.config());
    let claims = bearer
        .and_then(|token| state.signer().verify(&token))
        .ok_or_else(refused)?;
    let user = state
        .store()
        .user_by_id(claims.user_id)
        .ok_or_else(refused)?;
    if user.is_anonymous {
        return Err(ApiError::new(ErrorCode::ForbiddenAnonymous));
    }
    let shown = if state.config().faults.contains(Fault::UserEndpointWrongUser) {
        let id = user.id;
        state
            .store()
            .users()
            .into_iter()
            .find(|other| other.id != id)
            .unwrap_or(user)
    } else {
        user
    };
    Ok(Json(render_user(&shown, state.config())))
}
