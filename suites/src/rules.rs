//! Semantic rules: what the service must do beyond the shape of its documents.
//!
//! Schema rules come from the [`contract::Contract`] (`/$defs/User/properties/locale:type`); the rules
//! here are the service's behaviour (`token:rotation.same-id`). Both kinds are plain string ids, so
//! reports group and count them the same way. Error-body schema rules are prefixed with `error:`.

/// A semantic rule: a stable id and one line saying what it demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemanticRule {
    /// Stable id, `area:what`.
    pub id: &'static str,
    /// What the rule demands, in one line.
    pub description: &'static str,
}

macro_rules! semantic_rules {
    ($($konst:ident = $id:literal : $desc:literal;)*) => {
        $(
            #[doc = $desc]
            pub const $konst: &str = $id;
        )*
        /// Every semantic rule, in declaration order.
        pub const ALL: &[SemanticRule] = &[$(SemanticRule { id: $id, description: $desc }),*];
    };
}

semantic_rules! {
    SCHEMA_EXAMPLES_VALID = "schema:examples-valid": "every example in the contract validates against its own subschema";
    SCHEMA_GENERATED_VALID = "schema:generated-valid": "every document the generators call valid validates against the contract";
    SCHEMA_MUTANT_REJECTED = "schema:mutant-rejected": "every mutant fails the contract at the rule it is tagged with";
    HTTP_STATUS = "http:status": "the response has the status the contract gives for this request";
    HTTP_JSON_BODY = "http:json-body": "the response body is JSON";
    HTTP_NO_SERVER_ERROR = "http:no-server-error": "the service never answers 5xx";
    HTTP_JSON_NO_DUPLICATE_KEYS = "http:json.no-duplicate-keys": "a JSON body never repeats a key in the same object";
    SESSION_WRAPPER = "session:wrapper": "sign-up and sign-in wrap the session as {session}; /token answers a bare session";
    ERROR_STATUS_MATCHES = "error-body:status-matches": "an error body's status equals the HTTP status";
    ERROR_CODE = "error-body:code": "an error body carries the error code the contract gives";
    ECHO_EMAIL = "signup:echo.email": "the new user's email is the requested one (case-insensitively)";
    ECHO_DISPLAY_NAME = "signup:echo.displayName": "displayName is the requested one, or the email when none was given";
    ECHO_LOCALE = "signup:echo.locale": "locale is the requested one when allowed, else the default";
    ECHO_METADATA = "signup:echo.metadata": "metadata is the requested object";
    ECHO_ROLES = "signup:echo.roles": "the user's roles are the requested allowed roles (default [me, user])";
    ECHO_DEFAULT_ROLE = "signup:echo.defaultRole": "defaultRole is the requested one (default user)";
    DUPLICATE_EMAIL = "signup:duplicate-email": "an email already in use, in any letter case, is refused with 409 email-already-in-use";
    SIGNIN_SAME_USER = "signin:same-user": "sign-in answers the user that sign-up created (same id and email)";
    SIGNIN_WRONG_PASSWORD = "signin:wrong-password": "a wrong password or unknown email gets 401 invalid-email-password";
    ANONYMOUS_FLAGS = "anonymous:flags": "an anonymous user has isAnonymous true, defaultRole anonymous and roles [anonymous]";
    TOKEN_NEW_TOKEN = "token:rotation.new-token": "/token answers a new refresh token";
    TOKEN_SAME_ID = "token:rotation.same-id": "/token keeps the refresh token id";
    TOKEN_OLD_REJECTED = "token:rotation.old-rejected": "a refresh token that was rotated is rejected with 401 invalid-refresh-token";
    TOKEN_UNKNOWN_REJECTED = "token:unknown-rejected": "an unknown refresh token is rejected with 401 invalid-refresh-token";
    TOKEN_SAME_USER = "token:same-user": "the refreshed session is for the same user";
    SIGNOUT_OK = "signout:ok-body": "sign-out answers 200 with the JSON string \"OK\"";
    SIGNOUT_REVOKES = "signout:revokes": "a signed-out refresh token is rejected afterwards";
    SIGNOUT_ALL_REVOKES = "signout:all-revokes": "sign-out with all=true revokes every refresh token of the user";
    SIGNOUT_ALL_NEEDS_BEARER = "signout:all-needs-bearer": "sign-out with all=true and no bearer token gets 400 invalid-request";
    USER_MATCHES_SESSION = "user:matches-session": "GET /user answers the session's user, field for field";
    USER_NEEDS_TOKEN = "user:needs-token": "GET /user and sign-out all refuse a missing, garbage, expired, not-yet-valid, wrong-issuer, unknown-user, unsigned (alg none), badly signed, tampered or algorithm-confused bearer token with 401 and an error body (v0.42 answers 400 with a free-text body: a documented deviation, expectations/deployed-v0.42.toml)";
    USER_BAD_TOKEN_REFUSED = "user:bad-token-refused": "GET /user and sign-out all never accept a missing or invalid bearer token (no 2xx), in any version";
    JWT_WELL_FORMED = "jwt:well-formed": "the access token is a JWS with a JSON header and payload";
    JWT_SIGNATURE = "jwt:signature": "the access token's signature verifies (JWKS for RS*, the configured secret for HS*)";
    JWT_SUB = "jwt:sub": "sub is the user id";
    JWT_EXP_IAT = "jwt:exp-iat": "exp - iat equals accessTokenExpiresIn";
    JWT_HASURA_USER_ID = "jwt:claims.user-id": "x-hasura-user-id is the user id";
    JWT_HASURA_DEFAULT_ROLE = "jwt:claims.default-role": "x-hasura-default-role is the user's defaultRole";
    JWT_HASURA_ALLOWED_ROLES = "jwt:claims.allowed-roles": "x-hasura-allowed-roles is the user's role list";
    JWT_HASURA_IS_ANONYMOUS = "jwt:claims.is-anonymous": "x-hasura-user-is-anonymous is the string \"true\" or \"false\" matching isAnonymous";
    USER_ROLES_ORDER = "user:roles-order": "no order of a role list (roles, allowedRoles) is documented: the same roles in another order are equal, and a different order is recorded as an observation, never a failure";
    USER_SESSIONS_AGREE = "user:sessions-agree": "every session the service hands out (sign-up, sign-in, anonymous, refresh) agrees with GET /user (or, for anonymous users, with its refreshed session) on every shared field; timestamps compared as instants";
    PUBLIC_JWKS_SHAPE = "public:jwks": "GET /.well-known/jwks.json answers {keys:[JWK]}: an RSA key with kid, n and e for RS* signing, none needed for HS*";
    PUBLIC_HEALTH = "public:health": "GET /healthz answers 200 with the JSON string \"OK\"";
    PUBLIC_VERSION = "public:version": "GET /version answers 200 with {version: string}";
    NEGATIVE_REJECTED = "negative:rejected": "an invalid request gets a 4xx, never a 2xx";
    NEGATIVE_NO_SESSION = "negative:no-session": "an error answer carries no session or token";
    NEGATIVE_NOTHING_CREATED = "negative:nothing-created": "a rejected sign-up creates no user";
    BOUNDARY_VALID_ACCEPTED = "boundary:valid-accepted": "a request the contract allows, at any boundary, gets a 2xx or a documented 4xx, never a 5xx";
    BOUNDARY_INVALID_REFUSED = "boundary:invalid-refused": "a request just past a limit the contract sets gets a 4xx";
    BOUNDARY_VERSION_DEPENDENT = "boundary:version-dependent": "a request one documented service version allows and another refuses (a 3-character locale) may get either answer: which one is recorded as an observation, never a failure";
    BOUNDARY_PASSWORD_EXACT = "boundary:password-exact": "a password accepted at a boundary signs in, and the same password with its last character changed does not";
    LIFECYCLE_MODEL = "lifecycle:model": "every step of a random sequence answers what the model of users and tokens predicts";
    LIFECYCLE_CONCURRENT_REFRESH = "lifecycle:concurrent-refresh": "two concurrent refreshes of one token succeed at most once";
    SDK_VALID_INTACT = "sdk:valid-intact": "an SDK hands a session the contract allows to its caller unchanged (deep-equal), without an error";
    SDK_VALID_SESSION = "sdk:valid-session": "an SDK keeps a session the contract allows as its current session, every field unchanged";
    SDK_NO_CRASH = "sdk:no-crash": "no served document, however broken, crashes an SDK's process";
    SDK_NO_HANG = "sdk:no-hang": "no served document, however broken, leaves an SDK's caller without an answer";
}

/// Looks a semantic rule up by id.
pub fn find(id: &str) -> Option<&'static SemanticRule> {
    ALL.iter().find(|r| r.id == id)
}

/// The harness's own rules: findings about the run rather than the target's answers. The runner
/// (`harness::runner`) uses these ids; they are listed here so the rule catalogue describes them.
pub const HARNESS: &[SemanticRule] = &[
    SemanticRule {
        id: "harness:panic",
        description: "the harness itself panicked while running the case (a bug in nhost-conformance, not in the target)",
    },
    SemanticRule {
        id: "harness:generation",
        description: "the case's input could not be generated from its seed",
    },
    SemanticRule {
        id: "target:error",
        description: "the target gave no usable answer: timeout, refused connection, or 429 after every retry",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_namespaced() {
        let mut ids: Vec<_> = ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate semantic rule id");
        assert!(ALL
            .iter()
            .all(|r| r.id.contains(':') && !r.description.is_empty()));
        assert_eq!(
            find(TOKEN_SAME_ID).map(|r| r.id),
            Some("token:rotation.same-id")
        );
    }
}
