//! Error types of the reference server.
//!
//! The main types are [`ServerError`] (a server could not be built or started) and [`ApiError`]
//! (an error answer of the HTTP API, rendered as the Nhost `{status, message, error}` body).

use std::fmt;
use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A server could not be built or started.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The listening socket could not be bound.
    #[error("failed to bind {addr}: {source}")]
    Bind {
        /// The address that was asked for.
        addr: SocketAddr,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The bound socket did not report its address.
    #[error("failed to read the bound address: {0}")]
    LocalAddr(#[source] std::io::Error),
    /// The configuration is not usable (for example an empty JWT secret).
    #[error("invalid server configuration: {0}")]
    InvalidConfig(String),
    /// An embedded development key could not be loaded.
    #[error("failed to load the embedded development key `{name}`: {reason}")]
    Key {
        /// The key file name.
        name: &'static str,
        /// Why it failed.
        reason: String,
    },
}

/// A profile name that is not `published` or `deployed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile `{given}`; valid profiles: published, deployed")]
pub struct ParseProfileError {
    pub(crate) given: String,
}

/// A fault name that is not in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown fault `{given}`; valid faults: {valid}")]
pub struct ParseFaultError {
    pub(crate) given: String,
    pub(crate) valid: String,
}

/// A JWT algorithm name that is not supported, or an HS* algorithm without a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseJwtConfigError {
    /// The algorithm name is unknown.
    #[error(
        "unknown jwt algorithm `{0}`; valid algorithms: HS256, HS384, HS512, RS256, RS384, RS512"
    )]
    UnknownAlgorithm(String),
    /// An HS* algorithm was asked for without a secret.
    #[error("jwt algorithm {0} needs a shared secret")]
    MissingSecret(&'static str),
}

/// A store operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// Another user already has this email key.
    #[error("email already in use")]
    EmailTaken,
    /// Another user already has this id.
    #[error("user id already exists")]
    DuplicateId,
}

/// The error codes the reference server answers with, and their HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 400: the request does not match the request schema.
    InvalidRequest,
    /// 400: the password is shorter than the configured minimum.
    PasswordTooShort,
    /// 400: a requested role is not in the allowed set.
    RoleNotAllowed,
    /// 400: the default role is not one of the allowed roles.
    DefaultRoleMustBeInAllowedRoles,
    /// 400: `options.redirectTo` is not an allowed URL.
    RedirectToNotAllowed,
    /// 401: unknown user or wrong password.
    InvalidEmailPassword,
    /// 401: unknown, expired or already used refresh token.
    InvalidRefreshToken,
    /// 401: the user is disabled.
    DisabledUser,
    /// 401: the user's email is not verified while verification is required.
    UnverifiedUser,
    /// 401: no or an invalid bearer token.
    UnauthenticatedUser,
    /// 403: the endpoint is not available to anonymous users.
    ForbiddenAnonymous,
    /// 403: sign-up is disabled.
    SignupDisabled,
    /// 404: no such route.
    RouteNotFound,
    /// 405: the route exists with another method.
    MethodNotAllowed,
    /// 409: the email is already registered (case-insensitively).
    EmailAlreadyInUse,
    /// 409: the endpoint is disabled (anonymous sign-in off).
    DisabledEndpoint,
    /// 500: an internal error.
    InternalServerError,
}

impl ErrorCode {
    /// Every code, in table order.
    pub fn all() -> &'static [ErrorCode] {
        use ErrorCode::*;
        &[
            InvalidRequest,
            PasswordTooShort,
            RoleNotAllowed,
            DefaultRoleMustBeInAllowedRoles,
            RedirectToNotAllowed,
            InvalidEmailPassword,
            InvalidRefreshToken,
            DisabledUser,
            UnverifiedUser,
            UnauthenticatedUser,
            ForbiddenAnonymous,
            SignupDisabled,
            RouteNotFound,
            MethodNotAllowed,
            EmailAlreadyInUse,
            DisabledEndpoint,
            InternalServerError,
        ]
    }

    /// The wire name, e.g. `invalid-refresh-token`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            InvalidRequest => "invalid-request",
            PasswordTooShort => "password-too-short",
            RoleNotAllowed => "role-not-allowed",
            DefaultRoleMustBeInAllowedRoles => "default-role-must-be-in-allowed-roles",
            RedirectToNotAllowed => "redirectTo-not-allowed",
            InvalidEmailPassword => "invalid-email-password",
            InvalidRefreshToken => "invalid-refresh-token",
            DisabledUser => "disabled-user",
            UnverifiedUser => "unverified-user",
            UnauthenticatedUser => "unauthenticated-user",
            ForbiddenAnonymous => "forbidden-anonymous",
            SignupDisabled => "signup-disabled",
            RouteNotFound => "route-not-found",
            MethodNotAllowed => "method-not-allowed",
            EmailAlreadyInUse => "email-already-in-use",
            DisabledEndpoint => "disabled-endpoint",
            InternalServerError => "internal-server-error",
        }
    }

    /// The HTTP status this code is answered with.
    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            InvalidRequest
            | PasswordTooShort
            | RoleNotAllowed
            | DefaultRoleMustBeInAllowedRoles
            | RedirectToNotAllowed => StatusCode::BAD_REQUEST,
            InvalidEmailPassword | InvalidRefreshToken | DisabledUser | UnverifiedUser
            | UnauthenticatedUser => StatusCode::UNAUTHORIZED,
            ForbiddenAnonymous | SignupDisabled => StatusCode::FORBIDDEN,
            RouteNotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            EmailAlreadyInUse | DisabledEndpoint => StatusCode::CONFLICT,
            InternalServerError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The default human message for this code.
    pub fn default_message(self) -> &'static str {
        use ErrorCode::*;
        match self {
            InvalidRequest => "The request payload is incorrect",
            PasswordTooShort => "Password is too short",
            RoleNotAllowed => "Role not allowed",
            DefaultRoleMustBeInAllowedRoles => "Default role must be in allowed roles",
            RedirectToNotAllowed => "The value of \"options.redirectTo\" is not allowed.",
            InvalidEmailPassword => "Incorrect email or password",
            InvalidRefreshToken => "Invalid or expired refresh token",
            DisabledUser => "User is disabled",
            UnverifiedUser => "User is not verified.",
            UnauthenticatedUser => "User is not authenticated",
            ForbiddenAnonymous => "Forbidden, user is anonymous.",
            SignupDisabled => "Sign up is disabled.",
            RouteNotFound => "Route not found",
            MethodNotAllowed => "Method not allowed",
            EmailAlreadyInUse => "Email already in use",
            DisabledEndpoint => "This endpoint is disabled",
            InternalServerError => "Internal server error",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error answer of the HTTP API: `{"status": <int>, "message": <string>, "error": <code>}`.
///
/// Messages never contain request values (passwords, tokens): only field names and rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    http_status: Option<StatusCode>,
    body_status: Option<u16>,
    shape: BodyShape,
}

/// How an error body is rendered (every shape but `Full` is used by a fault).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyShape {
    /// `{"status", "message", "error"}`.
    Full,
    /// `{"message", "error"}`.
    WithoutStatus,
    /// `{"error": <message>}`: the free text older versions answered.
    FreeText,
    /// No body at all.
    Empty,
}

impl ApiError {
    /// An error with the code's default message.
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            message: code.default_message().to_owned(),
            http_status: None,
            body_status: None,
            shape: BodyShape::Full,
        }
    }

    /// A 400 `invalid-request` whose message names what is wrong (never the value).
    pub fn invalid_request(detail: impl fmt::Display) -> Self {
        Self::new(ErrorCode::InvalidRequest).with_message(format!(
            "{}: {detail}",
            ErrorCode::InvalidRequest.default_message()
        ))
    }

    /// A 500 `internal-server-error`.
    pub fn internal() -> Self {
        Self::new(ErrorCode::InternalServerError)
    }

    /// Replaces the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Answers with this HTTP status instead of the code's (used by error faults).
    pub(crate) fn with_http_status(mut self, status: StatusCode) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Answers with this HTTP status, and the same value in the body's `status`.
    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.http_status = Some(status);
        self.body_status = Some(status.as_u16());
        self
    }

    /// Leaves the `status` key out of the body (used by an error fault).
    pub(crate) fn without_status_field(mut self) -> Self {
        self.shape = BodyShape::WithoutStatus;
        self
    }

    /// Answers `{"error": <message>}` with HTTP 400, as older service versions did (used by an
    /// error fault).
    pub(crate) fn with_free_text_400(mut self) -> Self {
        self.shape = BodyShape::FreeText;
        self.with_http_status(StatusCode::BAD_REQUEST)
    }

    /// Answers with no body at all (used by an error fault).
    pub(crate) fn without_body(mut self) -> Self {
        self.shape = BodyShape::Empty;
        self
    }

    /// The error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status the answer is sent with.
    pub fn http_status(&self) -> StatusCode {
        self.http_status.unwrap_or_else(|| self.code.status())
    }

    /// The error body as JSON (`None` for an empty body).
    pub fn body(&self) -> Option<serde_json::Value> {
        let status = self
            .body_status
            .unwrap_or_else(|| self.code.status().as_u16());
        match self.shape {
            BodyShape::Full => Some(
                json!({ "status": status, "message": self.message, "error": self.code.as_str() }),
            ),
            BodyShape::WithoutStatus => {
                Some(json!({ "error": self.code.as_str(), "message": self.message }))
            }
            BodyShape::FreeText => Some(json!({ "error": self.message })),
            BodyShape::Empty => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self.body() {
            Some(body) => (self.http_status(), Json(body)).into_response(),
            None => self.http_status().into_response(),
        }
    }
}
