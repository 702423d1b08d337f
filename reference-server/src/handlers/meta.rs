//! `GET /.well-known/jwks.json`, `GET|HEAD /healthz` and `GET /version`.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::app::AppState;

/// `{keys: [JWK]}`: the published RSA key for RS*, no key for HS*.
pub(crate) async fn jwks_get(State(state): State<AppState>) -> Json<Value> {
    Json(state.signer().jwks().clone())
}

/// The JSON string `"OK"` (HEAD is answered by axum from the same route).
pub(crate) async fn healthz_get() -> Json<Value> {
    Json(json!("OK"))
}

/// `{version}`.
pub(crate) async fn version_get(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "version": state.config().version }))
}
