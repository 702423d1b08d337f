//! [`SessionView`]: the parts of a session document the semantic checks read.

use serde_json::Value;

use crate::verdict::Stop;

/// The parts of a session the semantic checks need, read leniently (the schema check reports shape).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionView {
    /// `accessToken`.
    pub access_token: Option<String>,
    /// `accessTokenExpiresIn`.
    pub expires_in: Option<i64>,
    /// `refreshToken`.
    pub refresh_token: Option<String>,
    /// `refreshTokenId`.
    pub refresh_token_id: Option<String>,
    /// `user`, or `Null`.
    pub user: Value,
}

impl SessionView {
    /// Reads the fields of a session document.
    pub fn read(session: &Value) -> Self {
        let s = |k: &str| session.get(k).and_then(Value::as_str).map(str::to_owned);
        Self {
            access_token: s("accessToken"),
            expires_in: session.get("accessTokenExpiresIn").and_then(Value::as_i64),
            refresh_token: s("refreshToken"),
            refresh_token_id: s("refreshTokenId"),
            user: session.get("user").cloned().unwrap_or(Value::Null),
        }
    }

    /// The user's id.
    pub fn user_id(&self) -> Option<&str> {
        self.user.get("id").and_then(Value::as_str)
    }

    /// The refresh token, or stop: without it the rest of a rotation check means nothing.
    pub fn require_refresh_token(&self) -> Result<&str, Stop> {
        self.refresh_token.as_deref().ok_or(Stop::Broken)
    }

    /// The access token, or stop.
    pub fn require_access_token(&self) -> Result<&str, Stop> {
        self.access_token.as_deref().ok_or(Stop::Broken)
    }
}
