//! Rules shared by the handlers that create users or answer errors: email keys, display names,
//! locales, redirect URLs, concealed errors and the answer to a bad bearer token.

use crate::config::ServerConfig;
use crate::errors::{ApiError, ErrorCode};
use crate::faults::Fault;

/// The uniqueness key of an email: lowercased (case-insensitive uniqueness).
pub(crate) fn email_key(email: &str, config: &ServerConfig) -> String {
    if config.faults.contains(Fault::DuplicateEmailCaseAccepted) {
        email.to_owned()
    } else {
        email.to_lowercase()
    }
}

/// The stored display name: `given`, or `default` when none was given.
pub(crate) fn display_name(
    given: Option<String>,
    default: &str,
    config: &ServerConfig,
) -> Result<String, ApiError> {
    let explicit = given.is_some();
    let name = given.unwrap_or_else(|| default.to_owned());
    if explicit && name.len() > 24 && config.faults.contains(Fault::InternalErrorLongDisplayName) {
        return Err(ApiError::internal());
    }
    if config.faults.contains(Fault::DisplayNameNonAsciiMangled) {
        Ok(name
            .chars()
            .map(|c| if c.is_ascii() { c } else { '?' })
            .collect())
    } else {
        Ok(name)
    }
}

/// 500 for a U+0000 anywhere in the stored strings with [`Fault::NulInStoredField500`] on, as a
/// PostgreSQL-backed service answers (`text` and `jsonb` cannot hold U+0000).
pub(crate) fn check_storable(
    display_name: &str,
    metadata: Option<&serde_json::Map<String, serde_json::Value>>,
    config: &ServerConfig,
) -> Result<(), ApiError> {
    fn holds_nul(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(xs) => xs.iter().any(holds_nul),
            serde_json::Value::Object(m) => m.iter().any(|(k, x)| k.contains('\0') || holds_nul(x)),
            _ => false,
        }
    }
    let nul = display_name.contains('\0')
        || metadata.is_some_and(|m| m.iter().any(|(k, x)| k.contains('\0') || holds_nul(x)));
    if nul && config.faults.contains(Fault::NulInStoredField500) {
        return Err(ApiError::internal());
    }
    Ok(())
}

/// The stored locale: the requested one when allowed, otherwise (silently) the default.
pub(crate) fn resolve_locale(requested: Option<String>, config: &ServerConfig) -> String {
    match requested {
        Some(locale)
            if config.allowed_locales.contains(&locale)
                && !config.faults.contains(Fault::LocaleIgnored) =>
        {
            locale
        }
        _ => config.default_locale.clone(),
    }
}

/// 400 `redirectTo-not-allowed` unless `redirect_to` is the client URL or an allowed URL, or
/// below one of them.
pub(crate) fn check_redirect(
    redirect_to: Option<&str>,
    config: &ServerConfig,
) -> Result<(), ApiError> {
    let Some(url) = redirect_to else {
        return Ok(());
    };
    let below = |prefix: &str| {
        let prefix = prefix.trim_end_matches('/');
        !prefix.is_empty()
            && url
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
    };
    if below(&config.client_url) || config.allowed_redirect_urls.iter().any(|p| below(p)) {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::RedirectToNotAllowed))
    }
}

/// The answer to a missing or invalid bearer token: 401 `unauthenticated-user`, or with
/// [`Fault::BadBearer400`] on, 400 with a free-text body, as hasura-auth v0.42 answers.
pub(crate) fn unauthenticated(config: &ServerConfig) -> ApiError {
    let error = ApiError::new(ErrorCode::UnauthenticatedUser);
    if config.faults.contains(Fault::BadBearer400) {
        error
            .with_message("the Authorization header is missing or holds no valid token")
            .with_free_text_400()
    } else {
        error
    }
}

/// With `conceal_errors` on, replaces errors that reveal account state.
pub(crate) fn conceal(error: ApiError, config: &ServerConfig) -> ApiError {
    if !config.conceal_errors {
        return error;
    }
    match error.code() {
        ErrorCode::EmailAlreadyInUse => ApiError::new(ErrorCode::InvalidRequest),
        ErrorCode::DisabledUser | ErrorCode::UnverifiedUser => {
            ApiError::new(ErrorCode::InvalidEmailPassword)
        }
        _ => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_prefixes_match_on_boundaries() {
        let mut config = ServerConfig::for_tests();
        config.allowed_redirect_urls = vec!["https://app.example.com/".into()];
        assert!(check_redirect(Some("http://localhost:3000"), &config).is_ok());
        assert!(check_redirect(Some("http://localhost:3000/cb?x=1"), &config).is_ok());
        assert!(check_redirect(Some("https://app.example.com/welcome"), &config).is_ok());
        assert!(check_redirect(Some("http://localhost:3000.evil.io/"), &config).is_err());
        assert!(check_redirect(Some("https://evil.io/"), &config).is_err());
        assert!(check_redirect(None, &config).is_ok());
    }

    #[test]
    fn disallowed_locales_fall_back_to_the_default() {
        let config = ServerConfig::for_tests();
        assert_eq!(resolve_locale(Some("fr".into()), &config), "fr");
        assert_eq!(resolve_locale(Some("xx".into()), &config), "en");
        assert_eq!(resolve_locale(None, &config), "en");
    }
}
