//! Rendering users and sessions as JSON in the configured [`Profile`].
//!
//! - `published`: only keys of `schemas/session.schema.json`; anonymous users carry the placeholder
//!   email `<user-id>@anonymous.invalid` (RFC 2606 reserved TLD) because the schema requires one.
//! - `deployed`: field by field the deployed service (alphabetical keys, `roles`, `avatarUrl` `""`,
//!   `metadata` `null` when unset, no `email` for anonymous users, no `updatedAt`).

use ring::digest;
use serde_json::{json, Map, Value};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

use crate::config::{Profile, ServerConfig};
use crate::crypto::hex;
use crate::faults::Fault;
use crate::session::IssuedSession;
use crate::store::UserRecord;

const RFC3339_NANOS: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z");
const SQL_TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

/// The placeholder domain of anonymous users' emails in the published profile: their `email` is
/// `<user-id>@anonymous.invalid` (RFC 2606 reserved TLD) because the published schema requires one.
pub const ANONYMOUS_EMAIL_DOMAIN: &str = "anonymous.invalid";

/// A session: `accessToken`, `accessTokenExpiresIn`, `refreshToken`, `refreshTokenId`, `user`.
pub(crate) fn render_session(session: &IssuedSession, config: &ServerConfig) -> Value {
    let expires_in = if config.faults.contains(Fault::ExpiresInAsString) {
        json!(config.access_token_expires_in.to_string())
    } else {
        json!(config.access_token_expires_in)
    };
    json!({
        "accessToken": session.access_token,
        "accessTokenExpiresIn": expires_in,
        "refreshToken": session.refresh_token,
        "refreshTokenId": session.refresh_token_id.to_string(),
        "user": render_user(&session.user, config),
    })
}

/// A user in the configured profile.
pub(crate) fn render_user(user: &UserRecord, config: &ServerConfig) -> Value {
    let id = render_id(user, config);
    let created_at = render_created_at(user.created_at, config);
    let email = render_email(user, config);
    let metadata = render_metadata(user, config);
    let mut object = match config.profile {
        Profile::Published => {
            let email = email.unwrap_or_else(|| format!("{}@{ANONYMOUS_EMAIL_DOMAIN}", user.id));
            let avatar = gravatar(&email);
            json!({
                "id": id,
                "email": email,
                "displayName": user.display_name,
                "avatarUrl": avatar,
                "locale": user.locale,
                "emailVerified": user.email_verified,
                "phoneNumber": null,
                "phoneNumberVerified": false,
                "defaultRole": user.default_role,
                "allowedRoles": user.roles,
                "isAnonymous": user.is_anonymous,
                "createdAt": created_at,
                "updatedAt": created_at,
                "activeMfaType": null,
                "metadata": metadata.unwrap_or_default(),
            })
        }
        Profile::Deployed => {
            let mut object = json!({
                "activeMfaType": null,
                "avatarUrl": "",
                "createdAt": created_at,
                "defaultRole": user.default_role,
                "displayName": user.display_name,
            });
            if let Some(email) = email {
                object["email"] = json!(email);
            }
            let rest = json!({
                "emailVerified": user.email_verified,
                "id": id,
                "isAnonymous": user.is_anonymous,
                "locale": user.locale,
                "metadata": metadata,
                "phoneNumberVerified": false,
                "roles": user.roles,
            });
            if let (Some(target), Value::Object(rest)) = (object.as_object_mut(), rest) {
                target.extend(rest);
            }
            object
        }
    };
    if config.faults.contains(Fault::UserMissingDefaultRole) {
        if let Some(map) = object.as_object_mut() {
            map.remove("defaultRole");
        }
    }
    object
}

fn render_id(user: &UserRecord, config: &ServerConfig) -> String {
    if user.is_anonymous && config.faults.contains(Fault::AnonymousUserIdNotUuid) {
        user.id.simple().to_string()
    } else {
        user.id.to_string()
    }
}

fn render_created_at(at: OffsetDateTime, config: &ServerConfig) -> String {
    let format = if config.faults.contains(Fault::CreatedAtNotRfc3339) {
        SQL_TIMESTAMP
    } else {
        RFC3339_NANOS
    };
    at.to_offset(time::UtcOffset::UTC)
        .format(format)
        .unwrap_or_default()
}

fn render_email(user: &UserRecord, config: &ServerConfig) -> Option<String> {
    let email = user.email.clone()?;
    if !config.faults.contains(Fault::PlusAddressStripped) {
        return Some(email);
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            let local = local.split('+').next().unwrap_or(local);
            Some(format!("{local}@{domain}"))
        }
        None => Some(email),
    }
}

fn render_metadata(user: &UserRecord, config: &ServerConfig) -> Option<Map<String, Value>> {
    let metadata = user.metadata.clone()?;
    if !config.faults.contains(Fault::NestedMetadataStringified) {
        return Some(metadata);
    }
    Some(
        metadata
            .into_iter()
            .map(|(key, value)| match value {
                Value::Object(_) | Value::Array(_) => (key, Value::String(value.to_string())),
                other => (key, other),
            })
            .collect(),
    )
}

/// A Gravatar-style avatar URL (SHA-256 of the lowercased email), a valid URI.
fn gravatar(email: &str) -> String {
    let digest = digest::digest(&digest::SHA256, email.trim().to_lowercase().as_bytes());
    format!(
        "https://www.gravatar.com/avatar/{}?d=blank&r=g",
        hex(digest.as_ref())
    )
}
