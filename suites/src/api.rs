//! The [`AuthApi`] trait: the one door the properties use to reach a target.
//!
//! A target (HTTP, SDK bridge, …) turns an [`ApiRequest`] into a [`Response`] that carries the status,
//! the parsed body and the recorded, already-redacted [`Exchange`]. Suites never see reqwest or Node.

use std::fmt;

use results::Exchange;
use serde_json::Value;

use crate::errors::TargetError;

/// One operation of the Nhost Auth API that the harness exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `POST /signup/email-password`.
    SignUp,
    /// `POST /signin/email-password`.
    SignIn,
    /// `POST /signin/anonymous`.
    SignInAnonymous,
    /// `POST /token`.
    Refresh,
    /// `POST /signout`.
    SignOut,
    /// `GET /user`.
    GetUser,
    /// `GET /.well-known/jwks.json`.
    Jwks,
    /// `GET /healthz`.
    Health,
    /// `GET /version`.
    Version,
}

impl Operation {
    /// Every operation, in a stable order.
    pub const ALL: [Operation; 9] = [
        Operation::SignUp,
        Operation::SignIn,
        Operation::SignInAnonymous,
        Operation::Refresh,
        Operation::SignOut,
        Operation::GetUser,
        Operation::Jwks,
        Operation::Health,
        Operation::Version,
    ];

    /// The snake_case name used in reports and budgets (`sign_up`, `refresh`, …).
    pub fn name(self) -> &'static str {
        match self {
            Operation::SignUp => "sign_up",
            Operation::SignIn => "sign_in",
            Operation::SignInAnonymous => "sign_in_anonymous",
            Operation::Refresh => "refresh",
            Operation::SignOut => "sign_out",
            Operation::GetUser => "get_user",
            Operation::Jwks => "jwks",
            Operation::Health => "health",
            Operation::Version => "version",
        }
    }

    /// HTTP method of the endpoint.
    pub fn method(self) -> &'static str {
        match self {
            Operation::GetUser | Operation::Jwks | Operation::Health | Operation::Version => "GET",
            _ => "POST",
        }
    }

    /// Path of the endpoint, relative to the Auth base URL (which ends in `/v1` on the cloud).
    pub fn path(self) -> &'static str {
        match self {
            Operation::SignUp => "/signup/email-password",
            Operation::SignIn => "/signin/email-password",
            Operation::SignInAnonymous => "/signin/anonymous",
            Operation::Refresh => "/token",
            Operation::SignOut => "/signout",
            Operation::GetUser => "/user",
            Operation::Jwks => "/.well-known/jwks.json",
            Operation::Health => "/healthz",
            Operation::Version => "/version",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The body of a request: JSON, or raw bytes with a content type (for malformed-input abuse).
/// The generators' request body type, so generated requests go out as they are.
pub use generators::requests::RequestBody as Body;

/// A request to the target.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    /// Which endpoint.
    pub operation: Operation,
    /// The body, if any.
    pub body: Option<Body>,
    /// An access token sent as `Authorization: Bearer …`.
    pub bearer: Option<String>,
}

impl ApiRequest {
    /// A request with a JSON body and no bearer token.
    pub fn json(operation: Operation, body: Value) -> Self {
        Self {
            operation,
            body: Some(Body::Json(body)),
            bearer: None,
        }
    }

    /// A request with no body.
    pub fn empty(operation: Operation) -> Self {
        Self {
            operation,
            body: None,
            bearer: None,
        }
    }

    /// The same request with a bearer token.
    pub fn with_bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }
}

/// What a response body turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No bytes at all.
    Empty,
    /// A JSON document.
    Json(Value),
    /// Bytes that are not JSON (HTML, truncated JSON, …), kept as lossy text.
    NotJson {
        /// The body as text (lossy UTF-8, possibly cut short).
        text: String,
        /// Why it did not parse.
        reason: String,
    },
}

impl ResponseBody {
    /// Parses raw bytes: empty, JSON, or not JSON with the parser's reason.
    pub fn parse(bytes: &[u8]) -> Self {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return ResponseBody::Empty;
        }
        match serde_json::from_slice(bytes) {
            Ok(v) => ResponseBody::Json(v),
            Err(e) => ResponseBody::NotJson {
                text: String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).into_owned(),
                reason: e.to_string(),
            },
        }
    }

    /// The JSON document, if the body was one.
    pub fn json(&self) -> Option<&Value> {
        match self {
            ResponseBody::Json(v) => Some(v),
            _ => None,
        }
    }
}

/// A response from the target, with the exchange that produced it.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status (the SDK bridge reports the status the SDK saw).
    pub status: u16,
    /// The parsed body.
    pub body: ResponseBody,
    /// The recorded exchange, secrets already redacted.
    pub exchange: Exchange,
}

/// Describes a target for reports and trial kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetInfo {
    /// Short kind: `http`, `embedded`, `sdk`.
    pub kind: String,
    /// The Auth base URL.
    pub url: String,
}

/// The door to an Nhost Auth target. Implemented by the harness (HTTP, SDK bridge).
///
/// Calls are blocking: each trial runs on its own thread and targets drive their own runtime. Every
/// implementation must bound every call with a timeout.
pub trait AuthApi: Send + Sync {
    /// What this target is.
    fn info(&self) -> TargetInfo;

    /// Sends one request and records the exchange.
    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError>;
}
