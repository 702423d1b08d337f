//! `POST /signin/email-password` and `POST /signin/anonymous`.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::api::requests::{AnonymousRequest, SignInRequest};
use crate::api::JsonBody;
use crate::app::AppState;
use crate::errors::{ApiError, ErrorCode};
use crate::faults::Fault;
use crate::handlers::user_fields::{
    check_storable, conceal, display_name, email_key, resolve_locale,
};
use crate::session::{issue_session, render_session};
use crate::store::UserRecord;

/// The role and only role of anonymous users.
const ANONYMOUS_ROLE: &str = "anonymous";
/// The display name of anonymous users that give none.
const ANONYMOUS_DISPLAY_NAME: &str = "Anonymous User";

/// Signs in with email and password; answers `{session}`.
pub(crate) async fn signin_email_password(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<SignInRequest>,
) -> Result<Json<Value>, ApiError> {
    signin(&state, request).await.map_err(|error| {
        if state
            .config()
            .faults
            .contains(Fault::ErrorBodyMissingStatus)
        {
            error.without_status_field()
        } else {
            error
        }
    })
}

async fn signin(state: &AppState, request: SignInRequest) -> Result<Json<Value>, ApiError> {
    let config = state.config();
    let invalid = || ApiError::new(ErrorCode::InvalidEmailPassword);
    let user = state
        .store()
        .user_by_email_key(&email_key(&request.email, config))
        .ok_or_else(invalid)?;
    let hash = user.password_hash.as_deref().ok_or_else(invalid)?;
    if !state.passwords().verify(&request.password, hash).await {
        return Err(invalid());
    }
    if user.disabled {
        return Err(conceal(ApiError::new(ErrorCode::DisabledUser), config));
    }
    if config.email_verification_required && !user.email_verified {
        return Err(conceal(ApiError::new(ErrorCode::UnverifiedUser), config));
    }
    let mut session = issue_session(state, user)?;
    if config.faults.contains(Fault::SigninWrongUserId) {
        session.user.id = Uuid::new_v4();
    }
    let session = render_session(&session, config);
    if config.faults.contains(Fault::SigninSessionUnwrapped) {
        Ok(Json(session))
    } else {
        Ok(Json(json!({ "session": session })))
    }
}

/// Signs in a new anonymous user; answers `{session}`, or 409 `disabled-endpoint` when off.
pub(crate) async fn signin_anonymous(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<AnonymousRequest>,
) -> Result<Json<Value>, ApiError> {
    let config = state.config();
    if !config.anonymous_enabled {
        return Err(ApiError::new(ErrorCode::DisabledEndpoint));
    }
    let shown_name = display_name(request.display_name, ANONYMOUS_DISPLAY_NAME, config)?;
    check_storable(&shown_name, request.metadata.as_ref(), config)?;
    let user = UserRecord {
        id: Uuid::new_v4(),
        email: None,
        email_key: None,
        password_hash: None,
        display_name: shown_name,
        locale: resolve_locale(request.locale, config),
        default_role: ANONYMOUS_ROLE.to_owned(),
        roles: vec![ANONYMOUS_ROLE.to_owned()],
        metadata: request.metadata,
        is_anonymous: true,
        email_verified: false,
        disabled: false,
        created_at: OffsetDateTime::now_utc(),
    };
    state
        .store()
        .insert_user(user.clone())
        .map_err(|_| ApiError::internal())?;
    let session = issue_session(&state, user)?;
    Ok(Json(json!({ "session": render_session(&session, config) })))
}
