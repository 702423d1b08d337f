//! The JSON request-body extractor. The main type is [`JsonBody`].
//!
//! It replaces axum's `Json` extractor, whose rejections are 415/422 plain text: here every
//! request that fails the request schema (wrong content type, malformed JSON, not an object,
//! unknown key, wrong type, bad format, body too large) is answered 400 `invalid-request` with the
//! Nhost error body, before any handler runs.

use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use serde_json::{Map, Value};

use crate::api::fields::Fields;
use crate::app::AppState;
use crate::errors::ApiError;
use crate::faults::Fault;

/// A request body type, parsed from a JSON object.
pub(crate) trait RequestBody: Sized {
    /// Whether an empty body means `{}`.
    const BODY_OPTIONAL: bool = false;
    /// The top-level keys the request schema allows.
    const FIELDS: &'static [&'static str];

    /// Keys outside the request schema, as paths (`options.foo`).
    fn unknown_keys(body: &Map<String, Value>) -> Vec<String> {
        Fields::new(body, "").unknown_keys(Self::FIELDS)
    }

    /// Checks the body against the request schema and converts it.
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
        let object = if bytes.iter().all(u8::is_ascii_whitespace) && T::BODY_OPTIONAL {
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
        let unknown = T::unknown_keys(&object);
        if let Some(first) = unknown.first() {
            if !state.config().faults.contains(Fault::UnknownFieldsAccepted) {
                return Err(ApiError::invalid_request(format_args!(
                    "unknown field `{first}`"
                )));
            }
        }
        T::parse(&object).map(JsonBody)
    }
}
