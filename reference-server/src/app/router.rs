//! The router. The main function is [`app`].

use std::sync::Arc;

use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::app::fallback::{method_not_allowed, not_found};
use crate::app::rate_limit::enforce;
use crate::app::AppState;
use crate::config::ServerConfig;
use crate::errors::ServerError;
use crate::handlers::{meta, signin, signout, signup, token, user};
use crate::store::{MemoryStore, Store};

/// The prefix every endpoint is served under (the official JS SDK wants an `authUrl` ending in it).
pub const BASE_PATH: &str = "/v1";

/// The application for `config` with a fresh [`MemoryStore`]; no network involved, so tests can
/// drive it with `tower::ServiceExt::oneshot`.
///
/// It does not call [`ServerConfig::validate`] (use [`try_app`] for that). Should an embedded key
/// fail to load, which the crate's tests rule out, every request is answered 500 with the reason.
pub fn app(config: ServerConfig) -> Router {
    match build(config, Arc::new(MemoryStore::new())) {
        Ok(router) => router,
        Err(error) => broken(error),
    }
}

/// Like [`app`], but validates `config` and reports failures instead of serving them.
pub fn try_app(config: ServerConfig) -> Result<Router, ServerError> {
    app_with_store(config, Arc::new(MemoryStore::new()))
}

/// Like [`try_app`], with a caller-provided [`Store`] (e.g. to share state between two apps or to
/// inspect it from a test).
pub fn app_with_store(config: ServerConfig, store: Arc<dyn Store>) -> Result<Router, ServerError> {
    config.validate()?;
    build(config, store)
}

fn build(config: ServerConfig, store: Arc<dyn Store>) -> Result<Router, ServerError> {
    let state = AppState::new(config, store)?;
    let mut limited = Router::new()
        .route(
            "/signup/email-password",
            post(signup::signup_email_password),
        )
        .route(
            "/signin/email-password",
            post(signin::signin_email_password),
        )
        .route("/signin/anonymous", post(signin::signin_anonymous))
        .route("/token", post(token::token_refresh))
        .route("/signout", post(signout::signout_post))
        .route("/user", get(user::user_get));
    if state.limiter().is_some() {
        limited = limited.route_layer(from_fn_with_state(state.clone(), enforce));
    }
    let open = Router::new()
        .route("/.well-known/jwks.json", get(meta::jwks_get))
        .route("/healthz", get(meta::healthz_get))
        .route("/version", get(meta::version_get));
    let api = limited
        .merge(open)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    Ok(Router::new()
        .nest(BASE_PATH, api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed))
}

fn broken(error: ServerError) -> Router {
    let message = error.to_string();
    Router::new().fallback(move || {
        let message = message.clone();
        async move {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(
                    json!({ "status": 500, "message": message, "error": "internal-server-error" }),
                ),
            )
                .into_response()
        }
    })
}
