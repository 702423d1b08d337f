//! Access-token claims, as the contract page lists them.

use serde_json::{json, Value};

use crate::config::ServerConfig;
use crate::faults::Fault;
use crate::store::UserRecord;

/// The Hasura claims namespace.
pub(crate) const HASURA_CLAIMS: &str = "https://hasura.io/jwt/claims";

/// The claims of an access token for `user` issued at `iat` (Unix seconds).
pub(crate) fn access_claims(user: &UserRecord, config: &ServerConfig, iat: i64) -> Value {
    let faults = &config.faults;
    let lifetime = if faults.contains(Fault::ExpIgnoresLifetime) {
        3600
    } else {
        config.access_token_expires_in
    };
    let default_role = if faults.contains(Fault::DefaultRoleClaimStale) {
        "user"
    } else {
        user.default_role.as_str()
    };
    let allowed_roles = if faults.contains(Fault::AllowedRolesClaimString) {
        json!(format!("{{{}}}", user.roles.join(",")))
    } else {
        json!(user.roles)
    };
    let is_anonymous = if faults.contains(Fault::IsAnonymousClaimBool) {
        json!(user.is_anonymous)
    } else {
        json!(user.is_anonymous.to_string())
    };
    let exp = iat.saturating_add(i64::try_from(lifetime).unwrap_or(i64::MAX));
    json!({
        "sub": user.id.to_string(),
        "iat": iat,
        "exp": exp,
        "iss": config.issuer,
        HASURA_CLAIMS: {
            "x-hasura-allowed-roles": allowed_roles,
            "x-hasura-default-role": default_role,
            "x-hasura-user-id": user.id.to_string(),
            "x-hasura-user-is-anonymous": is_anonymous,
        },
    })
}
