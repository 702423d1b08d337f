//! Answers for unknown routes and wrong methods, in the Nhost error shape.

use crate::errors::{ApiError, ErrorCode};

/// 404 `route-not-found`.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::RouteNotFound)
}

/// 405 `method-not-allowed`.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(ErrorCode::MethodNotAllowed)
}
