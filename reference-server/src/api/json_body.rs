//! The JSON request-body extractor. The main type is [`JsonBody`].
//!
//! It replaces axum's `Json` extractor, whose rejections are 415/422 plain text: here every
//! request that fails the request rules (wrong content type, malformed JSON, not an object, and
//! every rule of the contract's rules table for the profile's service version: unknown key in a
//! closed body, wrong type, `null`, length, bad format; body too large) is answered 400
//! `invalid-request` with the Nhost error body, before any handler runs.

use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use contract::requests::{self, RequestKind};
use serde_json::{Map, Value};

use crate::api::request_rules;
use crate::app::AppState;
use crate::errors::ApiError;
use crate::faults::Fault;

/// A request body type, parsed from a JSON object that passed the request rules.
pub(crate) trait RequestBody: Sized {
    /// The endpoint, whose rules (in the contract's table) the body must follow.
    const KIND: RequestKind;

    /// Converts a body that passed the request rules (and applies the server's own checks).
    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError>;
}

/// A request body that passed the request schema.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody<T>(pub(crate) T);

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

impl<T: RequestBody + Send> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let json_content = is_json(req.headers());
        let limit = state.config().body_limit;
        let bytes = axum::body::to_bytes(req.into_body(), limit)
            .await
            .map_err(|_| {
                ApiError::invalid_request(format_args!("request body larger than {limit} bytes"))
            })?;
        let optional = requests::body(T::KIND).optional;
        let mut object = if bytes.iter().all(u8::is_ascii_whitespace) && optional {
            Map::new()
        } else {
            if !json_content {
                return Err(ApiError::invalid_request(
                    "the content type must be application/json",
                ));
            }
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(object)) => object,
                Ok(_) => return Err(ApiError::invalid_request("the body must be a JSON object")),
                Err(e) => {
                    let error = ApiError::invalid_request(format_args!(
                        "malformed JSON at line {} column {}",
                        e.line(),
                        e.column()
                    ));
                    return Err(if state.config().faults.contains(Fault::MalformedJson500) {
                        ApiError::internal()
                    } else {
                        error
                    });
                }
            }
        };
        let config = state.config();
        request_rules::check(
            T::KIND,
            config.profile.service_version(),
            &mut object,
            &config.faults,
        )?;
        T::parse(&object).map(JsonBody)
    }
}
