//! `POST /signup/email-password`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::api::requests::{SignUpOptions, SignUpRequest};
use crate::api::JsonBody;
use crate::app::AppState;
use crate::config::ServerConfig;
use crate::errors::{ApiError, ErrorCode, StoreError};
use crate::faults::Fault;
use crate::handlers::user_fields::{
    check_redirect, check_storable, conceal, display_name, email_key, resolve_locale,
};
use crate::session::{issue_session, render_session};
use crate::store::UserRecord;

/// Signs a user up; answers `{session}`, or `{}` when the user may not sign in yet. Its 400s
/// (a refused body included) lose their body with [`Fault::SignupEmpty400`] on.
pub(crate) async fn signup_email_password(
    State(state): State<AppState>,
    body: Result<JsonBody<SignUpRequest>, ApiError>,
) -> Result<Json<Value>, ApiError> {
    let answer = match body {
        Ok(JsonBody(request)) => sign_up(&state, request).await,
        Err(refused) => Err(refused),
    };
    answer.map_err(|error| {
        if state.config().faults.contains(Fault::SignupEmpty400)
            && error.http_status() == StatusCode::BAD_REQUEST
        {
            error.without_body()
        } else {
            error
        }
    })
}

async fn sign_up(state: &AppState, request: SignUpRequest) -> Result<Json<Value>, ApiError> {
    let config = state.config();
    if config.signup_disabled {
        return Err(ApiError::new(ErrorCode::SignupDisabled));
    }
    check_password_length(&request.password, config)?;
    let SignUpRequest {
        email,
        password,
        options,
    } = request;
    let (default_role, roles) = resolve_roles(&options, config)?;
    check_redirect(options.redirect_to.as_deref(), config)?;
    let display_name = display_name(options.display_name, &email, config)?;
    let locale = resolve_locale(options.locale, config);
    check_storable(&display_name, options.metadata.as_ref(), config)?;
    let password_hash = state.passwords().hash(&password).await?;
    let user = UserRecord {
        id: Uuid::new_v4(),
        email_key: Some(email_key(&email, config)),
        email: Some(email),
        password_hash: Some(password_hash),
        display_name,
        locale,
        default_role,
        roles,
        metadata: options.metadata,
        is_anonymous: false,
        email_verified: false,
        disabled: config.disable_new_users,
        created_at: OffsetDateTime::now_utc(),
    };
    match state.store().insert_user(user.clone()) {
        Ok(()) => {}
        Err(StoreError::EmailTaken) => return Err(email_taken(config)),
        Err(StoreError::DuplicateId) => return Err(ApiError::internal()),
    }
    if config.email_verification_required || config.disable_new_users {
        return Ok(Json(json!({})));
    }
    let mut issued = issue_session(state, user)?;
    if config.faults.contains(Fault::SignupCreatedAtDiffers) {
        issued.user.created_at += time::Duration::seconds(1);
    }
    let session = render_session(&issued, config);
    if config.faults.contains(Fault::SignupSessionUnwrapped) {
        Ok(Json(session))
    } else {
        Ok(Json(json!({ "session": session })))
    }
}

fn check_password_length(password: &str, config: &ServerConfig) -> Result<(), ApiError> {
    if password.chars().count() < config.password_min_length
        && !config.faults.contains(Fault::ShortPasswordAccepted)
    {
        return Err(ApiError::new(ErrorCode::PasswordTooShort));
    }
    Ok(())
}

/// `(defaultRole, allowedRoles)` of the new user, following the service's rules: requested
/// roles must all be allowed, and the default role must be among the user's roles.
fn resolve_roles(
    options: &SignUpOptions,
    config: &ServerConfig,
) -> Result<(String, Vec<String>), ApiError> {
    if config.faults.contains(Fault::RequestedRolesIgnored) {
        return Ok((config.default_role.clone(), config.allowed_roles.clone()));
    }
    let default_role = options
        .default_role
        .clone()
        .unwrap_or_else(|| config.default_role.clone());
    let roles = match &options.allowed_roles {
        None => config.allowed_roles.clone(),
        Some(requested) => {
            if requested.iter().any(|r| !config.allowed_roles.contains(r)) {
                return Err(ApiError::new(ErrorCode::RoleNotAllowed));
            }
            let mut roles: Vec<String> = Vec::with_capacity(requested.len());
            for role in requested {
                if !roles.contains(role) {
                    roles.push(role.clone());
                }
            }
            roles
        }
    };
    if !roles.contains(&default_role) {
        return Err(ApiError::new(ErrorCode::DefaultRoleMustBeInAllowedRoles));
    }
    Ok((default_role, roles))
}

fn email_taken(config: &ServerConfig) -> ApiError {
    let error = conceal(ApiError::new(ErrorCode::EmailAlreadyInUse), config);
    if config.faults.contains(Fault::ConflictAnswered200) {
        error.with_http_status(StatusCode::OK)
    } else {
        error
    }
}
