//! The server configuration. The main type is [`ServerConfig`].

use crate::config::{JwtConfig, Profile, RateLimits};
use crate::errors::ServerError;
use crate::faults::FaultSet;

/// Everything about a reference server that can be set, with the Nhost Auth service's defaults.
///
/// Build it with `ServerConfig::default()` (the service's defaults) or
/// [`ServerConfig::for_tests`], then set fields directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Response shape. Default: [`Profile::Published`].
    pub profile: Profile,
    /// Faults switched on. Default: none.
    pub faults: FaultSet,
    /// Access-token signing. Default: [`JwtConfig::Rs256`] with the embedded development key.
    pub jwt: JwtConfig,
    /// Whether `POST /signin/anonymous` is on (`AUTH_ANONYMOUS_USERS_ENABLED`). Default: `false`
    /// (then it answers 409 `disabled-endpoint`).
    pub anonymous_enabled: bool,
    /// Whether sign-up is disabled (`AUTH_DISABLE_SIGNUP`, 403 `signup-disabled`). Default: `false`.
    pub signup_disabled: bool,
    /// Whether email verification is required (`AUTH_EMAIL_SIGNIN_EMAIL_VERIFIED_REQUIRED`): sign-up
    /// answers `{}` and sign-in answers 401 `unverified-user`. Default: `false`.
    pub email_verification_required: bool,
    /// Whether new users are created disabled (`AUTH_DISABLE_NEW_USERS`): sign-up answers `{}` and
    /// sign-in answers 401 `disabled-user`. Default: `false`.
    pub disable_new_users: bool,
    /// Default role of new users (`AUTH_USER_DEFAULT_ROLE`). Default: `"user"`.
    pub default_role: String,
    /// Roles a sign-up may ask for, and the roles of a new user that asks for none
    /// (`AUTH_USER_DEFAULT_ALLOWED_ROLES`). Default: `["user", "me"]`.
    pub allowed_roles: Vec<String>,
    /// Locale of users that ask for none or for one not allowed (`AUTH_LOCALE_DEFAULT`).
    /// Default: `"en"`.
    pub default_locale: String,
    /// Locales users may have (`AUTH_LOCALE_ALLOWED_LOCALES`). Default: `["en"]`.
    pub allowed_locales: Vec<String>,
    /// Access-token lifetime in seconds (`AUTH_ACCESS_TOKEN_EXPIRES_IN`). Default: 900.
    pub access_token_expires_in: u64,
    /// Refresh-token lifetime in seconds (`AUTH_REFRESH_TOKEN_EXPIRES_IN`). Default: 30 days.
    pub refresh_token_expires_in: u64,
    /// Whether errors that reveal account state are concealed (`AUTH_CONCEAL_ERRORS`):
    /// `email-already-in-use` becomes 400 `invalid-request`, `disabled-user` and
    /// `unverified-user` become 401 `invalid-email-password`. Default: `false`.
    pub conceal_errors: bool,
    /// Request limits answering 429 with an empty body, like a project with rate limiting on
    /// ([`RateLimits::nhost`]). Default: none.
    pub rate_limits: RateLimits,
    /// bcrypt cost (4–31). Default: 10.
    pub password_hash_cost: u32,
    /// Minimum password length in characters (`AUTH_PASSWORD_MIN_LENGTH`). Default: 3.
    pub password_min_length: usize,
    /// The `iss` claim of access tokens. Default: `"hasura-auth"`.
    pub issuer: String,
    /// The client URL; `options.redirectTo` may start with it (`AUTH_CLIENT_URL`).
    /// Default: `"http://localhost:3000"`.
    pub client_url: String,
    /// Other allowed `options.redirectTo` prefixes (`AUTH_ACCESS_CONTROL_ALLOWED_REDIRECT_URLS`).
    /// Default: none.
    pub allowed_redirect_urls: Vec<String>,
    /// What `GET /version` answers. Default: `"reference-server-<crate version>"`.
    pub version: String,
    /// Port for [`crate::spawn`] on 127.0.0.1. Default: `None` (an ephemeral port).
    pub port: Option<u16>,
    /// Largest accepted request body in bytes; larger bodies get 400 `invalid-request`.
    /// Default: 64 KiB.
    pub body_limit: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            profile: Profile::Published,
            faults: FaultSet::new(),
            jwt: JwtConfig::default(),
            anonymous_enabled: false,
            signup_disabled: false,
            email_verification_required: false,
            disable_new_users: false,
            default_role: "user".to_owned(),
            allowed_roles: vec!["user".to_owned(), "me".to_owned()],
            default_locale: "en".to_owned(),
            allowed_locales: vec!["en".to_owned()],
            access_token_expires_in: 900,
            refresh_token_expires_in: 30 * 24 * 60 * 60,
            conceal_errors: false,
            rate_limits: RateLimits::default(),
            password_hash_cost: 10,
            password_min_length: 3,
            issuer: "hasura-auth".to_owned(),
            client_url: "http://localhost:3000".to_owned(),
            allowed_redirect_urls: Vec::new(),
            version: format!("reference-server-{}", env!("CARGO_PKG_VERSION")),
            port: None,
            body_limit: 64 * 1024,
        }
    }
}

impl ServerConfig {
    /// The locales [`ServerConfig::for_tests`] allows: several two-letter ones and a three-letter one.
    pub const TEST_LOCALES: &'static [&'static str] = &["en", "fr", "de", "es", "sv", "ja", "fil"];

    /// The defaults, changed for fast, wide tests: anonymous sign-in on, bcrypt cost 4, HS256 with
    /// [`JwtConfig::TEST_SECRET`], and [`ServerConfig::TEST_LOCALES`] allowed (so that a locale
    /// that is not echoed can be seen).
    pub fn for_tests() -> Self {
        Self {
            anonymous_enabled: true,
            password_hash_cost: 4,
            jwt: JwtConfig::test_hs256(),
            allowed_locales: Self::TEST_LOCALES.iter().map(|s| (*s).to_owned()).collect(),
            ..Self::default()
        }
    }

    /// Checks the settings that would make the server unusable.
    pub fn validate(&self) -> Result<(), ServerError> {
        let bad = |msg: &str| Err(ServerError::InvalidConfig(msg.to_owned()));
        if matches!(self.jwt.secret(), Some(s) if s.is_empty()) {
            return bad("the jwt secret is empty");
        }
        if !(4..=31).contains(&self.password_hash_cost) {
            return bad("password_hash_cost must be between 4 and 31");
        }
        if self.access_token_expires_in == 0 {
            return bad("access_token_expires_in must be at least 1 second");
        }
        if self.refresh_token_expires_in == 0 {
            return bad("refresh_token_expires_in must be at least 1 second");
        }
        if self.default_role.is_empty() {
            return bad("default_role is empty");
        }
        if !self.allowed_roles.contains(&self.default_role) {
            return bad("default_role must be one of allowed_roles");
        }
        if self.default_locale.is_empty() {
            return bad("default_locale is empty");
        }
        if self.body_limit == 0 {
            return bad("body_limit must be at least 1 byte");
        }
        if self.rate_limits.limits().any(|l| l.window.is_zero()) {
            return bad("a rate limit window must be longer than zero");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_services() {
        let config = ServerConfig::default();
        assert_eq!(config.profile, Profile::Published);
        assert!(!config.anonymous_enabled);
        assert_eq!(config.default_role, "user");
        assert_eq!(config.allowed_roles, ["user", "me"]);
        assert_eq!(config.default_locale, "en");
        assert_eq!(config.access_token_expires_in, 900);
        assert_eq!(config.refresh_token_expires_in, 2_592_000);
        assert_eq!(config.password_hash_cost, 10);
        assert!(config.faults.is_empty());
        assert!(config.validate().is_ok());
    }

    #[test]
    fn for_tests_is_fast_and_open() {
        let config = ServerConfig::for_tests();
        assert!(config.anonymous_enabled);
        assert_eq!(config.password_hash_cost, 4);
        assert_eq!(config.jwt.secret(), Some(JwtConfig::TEST_SECRET));
        assert!(config.validate().is_ok());
    }

    #[test]
    fn validate_rejects_unusable_settings() {
        let mut config = ServerConfig::for_tests();
        config.password_hash_cost = 3;
        assert_eq!(
            config.validate().unwrap_err().to_string(),
            "invalid server configuration: password_hash_cost must be between 4 and 31"
        );
        let mut config = ServerConfig::for_tests();
        config.jwt = JwtConfig::Hs256 {
            secret: String::new(),
        };
        assert!(config.validate().is_err());
    }
}
