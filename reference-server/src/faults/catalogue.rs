//! The fault catalogue. The main type is [`Fault`].
//!
//! Each fault is one realistic deviation a real Auth server could ship. Each is applied in exactly
//! one place in the server (grep for its variant name), and several fire only on some inputs, so
//! that finding them needs generated inputs rather than one fixed example.

use std::fmt;
use std::str::FromStr;

use crate::errors::ParseFaultError;

/// What part of the contract a fault breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultCategory {
    /// The JSON shape: a field dropped, a wrong type, a malformed format, a wrong wrapper.
    Shape,
    /// The values: inputs not echoed, the wrong user returned.
    Value,
    /// The session lifecycle: rotation, revocation, uniqueness, password checks.
    Lifecycle,
    /// The access token: claims, expiry, signature.
    Token,
    /// Error answers: statuses, bodies, 5xx, sessions for invalid requests.
    Error,
}

impl FaultCategory {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            FaultCategory::Shape => "shape",
            FaultCategory::Value => "value",
            FaultCategory::Lifecycle => "lifecycle",
            FaultCategory::Token => "token",
            FaultCategory::Error => "error",
        }
    }
}

impl fmt::Display for FaultCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! catalogue {
    ($( $variant:ident => $name:literal, $category:ident, $description:literal, $trigger:literal; )+) => {
        /// A named fault that can be switched on in the reference server.
        ///
        /// Parse one from its kebab-case name with `str::parse`; list them with [`Fault::all`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fault {
            $(
                #[doc = $description]
                #[doc = ""]
                #[doc = concat!("Fires: ", $trigger, ".")]
                $variant,
            )+
        }

        impl Fault {
            /// Every fault, in catalogue order.
            pub fn all() -> &'static [Fault] {
                &[$(Fault::$variant,)+]
            }

            /// The kebab-case name used on the command line.
            pub fn name(self) -> &'static str {
                match self { $(Fault::$variant => $name,)+ }
            }

            /// A one-line description of the deviation.
            pub fn description(self) -> &'static str {
                match self { $(Fault::$variant => $description,)+ }
            }

            /// On which requests or inputs the fault shows.
            pub fn trigger(self) -> &'static str {
                match self { $(Fault::$variant => $trigger,)+ }
            }

            /// What part of the contract it breaks.
            pub fn category(self) -> FaultCategory {
                match self { $(Fault::$variant => FaultCategory::$category,)+ }
            }
        }
    };
}

catalogue! {
    UserMissingDefaultRole => "user-missing-default-role", Shape,
        "the user object lacks the required `defaultRole` key",
        "every user object";
    ExpiresInAsString => "expires-in-as-string", Shape,
        "`accessTokenExpiresIn` is sent as a string (\"900\") instead of an integer",
        "every session";
    AnonymousUserIdNotUuid => "anonymous-user-id-not-uuid", Shape,
        "anonymous users' `id` is sent as 32 hex digits without hyphens (not a valid uuid)",
        "users created by anonymous sign-in";
    CreatedAtNotRfc3339 => "created-at-not-rfc3339", Shape,
        "`createdAt` is a SQL timestamp (`2025-01-01 12:00:00`) instead of RFC 3339 date-time",
        "every user object";
    SignupSessionUnwrapped => "signup-session-unwrapped", Shape,
        "sign-up answers a bare Session instead of `{session}`",
        "successful sign-ups";
    SigninSessionUnwrapped => "signin-session-unwrapped", Shape,
        "sign-in answers a bare Session instead of `{session}`",
        "successful email/password sign-ins";
    TokenSessionWrapped => "token-session-wrapped", Shape,
        "`/token` answers `{session}` instead of a bare Session",
        "successful refreshes";
    DisplayNameNonAsciiMangled => "display-name-non-ascii-mangled", Value,
        "non-ASCII characters of the display name are stored as `?` (a latin-1 column)",
        "display names with a non-ASCII character";
    PlusAddressStripped => "plus-address-stripped", Value,
        "the `+tag` part of the email's local part is dropped from the returned user",
        "emails whose local part contains `+`";
    NestedMetadataStringified => "nested-metadata-stringified", Value,
        "nested objects and arrays inside `metadata` come back as JSON strings",
        "metadata with a nested object or array value";
    LocaleIgnored => "locale-ignored", Value,
        "the requested locale is ignored; users always get the default locale",
        "an allowed locale other than the default is requested";
    RequestedRolesIgnored => "requested-roles-ignored", Value,
        "sign-up `options.defaultRole` and `options.allowedRoles` are accepted but ignored",
        "sign-ups that ask for roles different from the defaults";
    SigninWrongUserId => "signin-wrong-user-id", Value,
        "the user in a sign-in session has a fresh random `id`, not the signed-up user's",
        "successful email/password sign-ins";
    SignupCreatedAtDiffers => "signup-created-at-differs", Value,
        "the user in a sign-up session carries a `createdAt` one second later than the stored user's (the session is rendered from a second clock read), so it disagrees with `GET /user`",
        "successful sign-ups";
    RefreshCreatedAtIsNow => "refresh-created-at-is-now", Value,
        "the user in a refreshed session carries the refresh time as `createdAt` (the refresh token row's timestamp, joined by mistake), so it disagrees with `GET /user`",
        "successful refreshes";
    UserEndpointWrongUser => "user-endpoint-wrong-user", Value,
        "`GET /user` returns the first other registered user instead of the token's user",
        "`GET /user` while another user exists";
    NoRefreshRotation => "no-refresh-rotation", Lifecycle,
        "`/token` hands back the same refresh token instead of a new one",
        "successful refreshes";
    StaleRefreshTokenAccepted => "stale-refresh-token-accepted", Lifecycle,
        "`/token` issues a new refresh token but the presented one stays valid",
        "a refresh token presented again after a refresh";
    RefreshTokenIdChanges => "refresh-token-id-changes", Lifecycle,
        "`refreshTokenId` changes on rotation instead of staying the same",
        "successful refreshes";
    SignoutRevokesNothing => "signout-revokes-nothing", Lifecycle,
        "sign-out answers \"OK\" but deletes no refresh token",
        "sign-out of one refresh token";
    SignoutAllRevokesOne => "signout-all-revokes-one", Lifecycle,
        "sign-out with `all: true` deletes only the presented refresh token",
        "sign-out with `all: true` by a user with several sessions";
    DuplicateEmailCaseAccepted => "duplicate-email-case-accepted", Lifecycle,
        "email uniqueness is case-sensitive, so `A@x.io` and `a@x.io` are two users",
        "a sign-up whose email differs only in letter case from an existing one";
    PasswordCaseInsensitive => "password-case-insensitive", Lifecycle,
        "passwords are lowercased before hashing, so a wrong-case password is accepted",
        "sign-in with a password that differs only in letter case";
    BcryptTruncation => "bcrypt-truncation", Lifecycle,
        "passwords go to bcrypt without pre-hashing, so only their first 72 bytes count",
        "passwords longer than 72 UTF-8 bytes (e.g. long multibyte passwords)";
    ExpIgnoresLifetime => "exp-ignores-lifetime", Token,
        "the JWT `exp` is `iat + 3600` whatever `accessTokenExpiresIn` says",
        "every access token (unless the lifetime is configured to 3600)";
    DefaultRoleClaimStale => "default-role-claim-stale", Token,
        "`x-hasura-default-role` is always `user`, not the user's default role",
        "users whose default role is not `user` (e.g. anonymous users)";
    AllowedRolesClaimString => "allowed-roles-claim-string", Token,
        "`x-hasura-allowed-roles` is a Postgres array literal string (`{user,me}`), not a JSON array",
        "every access token";
    IsAnonymousClaimBool => "is-anonymous-claim-bool", Token,
        "`x-hasura-user-is-anonymous` is a JSON boolean instead of the string \"true\"/\"false\"",
        "every access token";
    ExpiredTokenAccepted => "expired-token-accepted", Token,
        "bearer tokens past their `exp` are accepted (expiry is not checked)",
        "`GET /user` or sign-out with `all: true` with an expired but correctly signed access token";
    AlgNoneAccepted => "alg-none-accepted", Token,
        "unsigned bearer tokens (`alg: none`, empty signature) are accepted",
        "`GET /user` or sign-out with `all: true` with an `alg: none` token";
    WrongKeyAccepted => "wrong-key-accepted", Token,
        "the bearer token's signature is not checked: tokens signed with another key or secret, and HS256 tokens keyed with the RS public key (algorithm confusion), are accepted",
        "`GET /user` or sign-out with `all: true` with a token whose signature does not verify";
    BadSignature => "bad-signature", Token,
        "access tokens are signed with a rotated key (RS*) or secret (HS*) that is not the published one",
        "every access token";
    ConflictAnswered200 => "conflict-answered-200", Error,
        "a duplicate sign-up is answered with HTTP 200 carrying the 409 error body",
        "sign-up with an email already in use";
    InvalidRefreshToken400 => "invalid-refresh-token-400", Error,
        "an unknown or used refresh token is answered 400 instead of 401",
        "`/token` with an invalid refresh token";
    ErrorBodyMissingStatus => "error-body-missing-status", Error,
        "sign-in error bodies lack the `status` key",
        "failed email/password sign-ins";
    InternalErrorLongDisplayName => "internal-error-long-display-name", Error,
        "explicitly given display names longer than 24 UTF-8 bytes overflow a column and answer 500",
        "a valid `displayName` of more than 24 bytes (e.g. 9 or more 3-byte characters)";
    NulInStoredField500 => "nul-in-stored-field-500", Error,
        "a U+0000 in a stored string (display name, metadata key or value) answers 500, as PostgreSQL `text` and `jsonb` do",
        "sign-ups and anonymous sign-ins whose displayName or metadata holds U+0000";
    LongPassword500 => "long-password-500", Error,
        "passwords longer than 72 UTF-8 bytes answer 500 (bcrypt's input limit, hit without pre-hashing)",
        "sign-up with a password of more than 72 UTF-8 bytes (e.g. 25 or more 3-byte characters)";
    ShortPasswordAccepted => "short-password-accepted", Error,
        "the minimum password length is not enforced on sign-up; a session is handed out",
        "sign-up with a password shorter than the minimum";
    SignupEmpty400 => "signup-empty-400", Error,
        "sign-up answers its 400s with an empty body instead of the error body",
        "a sign-up refused with 400 (a request that breaks the request rules, a short password, a role not allowed)";
    BadBearer400 => "bad-bearer-400", Error,
        "a missing or invalid bearer token on `GET /user`, or an invalid one on sign-out `all`, is answered 400 with a free-text body `{\"error\": \"…\"}` instead of 401, as hasura-auth v0.42 does (a documented deviation: expectations/deployed-v0.42.toml)",
        "`GET /user` with a missing, malformed, expired or wrongly signed bearer token, or sign-out with `all: true` and such a token";
    SignoutAllNullAccepted => "signout-all-null-accepted", Error,
        "sign-out takes `\"all\": null` as absent (a Go `*bool`) instead of answering 400: `all` is a non-nullable boolean",
        "sign-out with `\"all\": null`";
    UnknownFieldsAccepted => "unknown-fields-accepted", Error,
        "request bodies with unknown keys are accepted instead of answered 400",
        "requests with a key outside the request schema";
    MalformedJson500 => "malformed-json-500", Error,
        "a body that is not valid JSON is answered 500 instead of 400",
        "requests whose body is not valid JSON";
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Fault {
    type Err = ParseFaultError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Fault::all()
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ParseFaultError {
                given: s.to_owned(),
                valid: Fault::all()
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn catalogue_is_large_and_names_are_unique_kebab_case() {
        assert!(Fault::all().len() >= 20);
        let names: HashSet<_> = Fault::all().iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Fault::all().len());
        for fault in Fault::all() {
            let name = fault.name();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
            assert!(!fault.description().contains('\n'), "{name}");
            assert!(!fault.trigger().is_empty(), "{name}");
        }
    }

    #[test]
    fn names_round_trip() {
        for fault in Fault::all() {
            assert_eq!(fault.name().parse::<Fault>(), Ok(*fault));
            assert_eq!(fault.to_string(), fault.name());
        }
    }

    #[test]
    fn every_category_is_covered() {
        for category in [
            FaultCategory::Shape,
            FaultCategory::Value,
            FaultCategory::Lifecycle,
            FaultCategory::Token,
            FaultCategory::Error,
        ] {
            assert!(
                Fault::all().iter().any(|f| f.category() == category),
                "{category}"
            );
        }
    }

    #[test]
    fn unknown_name_lists_the_valid_ones() {
        let err = "no-such-fault".parse::<Fault>().unwrap_err().to_string();
        assert!(err.starts_with(
            "unknown fault `no-such-fault`; valid faults: user-missing-default-role, "
        ));
        assert!(err.contains("bad-signature"));
        assert!(!err.contains('\n'));
    }
}
