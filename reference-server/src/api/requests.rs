//! The request bodies, parsed and checked against the request schemas. The main types are
//! [`SignUpRequest`], [`SignInRequest`], [`AnonymousRequest`], [`RefreshRequest`] and
//! [`SignOutRequest`].

use serde_json::{Map, Value};

use crate::api::fields::{
    is_uri, is_uuid, is_valid_display_name, is_valid_email, is_valid_locale, Fields,
};
use crate::api::RequestBody;
use crate::errors::ApiError;

/// The longest password the request schema allows, in characters.
pub(crate) const PASSWORD_MAX_CHARS: usize = 50;
/// The shortest password the sign-in request schema allows, in characters.
pub(crate) const PASSWORD_SCHEMA_MIN_CHARS: usize = 3;

fn email(fields: &Fields<'_>) -> Result<String, ApiError> {
    let email = fields.string("email")?;
    fields.ensure(
        "email",
        Some(&email),
        "a valid email address",
        is_valid_email,
    )?;
    Ok(email)
}

fn password(fields: &Fields<'_>, min_chars: usize) -> Result<String, ApiError> {
    let password = fields.string("password")?;
    let chars = password.chars().count();
    if chars > PASSWORD_MAX_CHARS {
        return Err(ApiError::invalid_request(format_args!(
            "`password` must be at most {PASSWORD_MAX_CHARS} characters"
        )));
    }
    if chars < min_chars {
        return Err(ApiError::invalid_request(format_args!(
            "`password` must be at least {min_chars} characters"
        )));
    }
    Ok(password)
}

fn locale(fields: &Fields<'_>) -> Result<Option<String>, ApiError> {
    let locale = fields.opt_string("locale")?;
    fields.ensure(
        "locale",
        locale.as_deref(),
        "2 or 3 characters",
        is_valid_locale,
    )?;
    Ok(locale)
}

/// `POST /signup/email-password`: `{email, password, options?}`.
#[derive(Debug, Clone)]
pub(crate) struct SignUpRequest {
    /// The email as given.
    pub(crate) email: String,
    /// The password (at most 50 characters; the minimum is checked by the handler).
    pub(crate) password: String,
    /// The options.
    pub(crate) options: SignUpOptions,
}

/// Sign-up `options`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SignUpOptions {
    /// `allowedRoles`.
    pub(crate) allowed_roles: Option<Vec<String>>,
    /// `defaultRole`.
    pub(crate) default_role: Option<String>,
    /// `displayName`.
    pub(crate) display_name: Option<String>,
    /// `locale`.
    pub(crate) locale: Option<String>,
    /// `metadata`.
    pub(crate) metadata: Option<Map<String, Value>>,
    /// `redirectTo`.
    pub(crate) redirect_to: Option<String>,
}

const SIGN_UP_OPTIONS: &[&str] = &[
    "allowedRoles",
    "defaultRole",
    "displayName",
    "locale",
    "metadata",
    "redirectTo",
];

impl RequestBody for SignUpRequest {
    const FIELDS: &'static [&'static str] = &["email", "password", "options"];

    fn unknown_keys(body: &Map<String, Value>) -> Vec<String> {
        let mut unknown = Fields::new(body, "").unknown_keys(Self::FIELDS);
        if let Some(Value::Object(options)) = body.get("options") {
            unknown.extend(Fields::new(options, "options.").unknown_keys(SIGN_UP_OPTIONS));
        }
        unknown
    }

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        let email = email(&fields)?;
        let password = password(&fields, 0)?;
        let options = match fields.opt_object("options")? {
            None => SignUpOptions::default(),
            Some(options) => {
                let o = Fields::new(options, "options.");
                let display_name = o.opt_string("displayName")?;
                o.ensure(
                    "displayName",
                    display_name.as_deref(),
                    "at most 32 letters, digits, symbols, spaces or ,.'-",
                    is_valid_display_name,
                )?;
                let redirect_to = o.opt_string("redirectTo")?;
                o.ensure("redirectTo", redirect_to.as_deref(), "a URI", is_uri)?;
                SignUpOptions {
                    allowed_roles: o.opt_string_array("allowedRoles")?,
                    default_role: o.opt_string("defaultRole")?,
                    display_name,
                    locale: locale(&o)?,
                    metadata: o.opt_object("metadata")?.cloned(),
                    redirect_to,
                }
            }
        };
        Ok(Self {
            email,
            password,
            options,
        })
    }
}

/// `POST /signin/email-password`: `{email, password}`.
#[derive(Debug, Clone)]
pub(crate) struct SignInRequest {
    /// The email.
    pub(crate) email: String,
    /// The password (3 to 50 characters).
    pub(crate) password: String,
}

impl RequestBody for SignInRequest {
    const FIELDS: &'static [&'static str] = &["email", "password"];

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        Ok(Self {
            email: email(&fields)?,
            password: password(&fields, PASSWORD_SCHEMA_MIN_CHARS)?,
        })
    }
}

/// `POST /signin/anonymous`: `{displayName?, locale?, metadata?}`; the body is optional.
#[derive(Debug, Clone, Default)]
pub(crate) struct AnonymousRequest {
    /// `displayName`.
    pub(crate) display_name: Option<String>,
    /// `locale`.
    pub(crate) locale: Option<String>,
    /// `metadata`.
    pub(crate) metadata: Option<Map<String, Value>>,
}

impl RequestBody for AnonymousRequest {
    const BODY_OPTIONAL: bool = true;
    const FIELDS: &'static [&'static str] = &["displayName", "locale", "metadata"];

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        Ok(Self {
            display_name: fields.opt_string("displayName")?,
            locale: locale(&fields)?,
            metadata: fields.opt_object("metadata")?.cloned(),
        })
    }
}

/// `POST /token`: `{refreshToken}`.
#[derive(Debug, Clone)]
pub(crate) struct RefreshRequest {
    /// The refresh token (a UUID).
    pub(crate) refresh_token: String,
}

impl RequestBody for RefreshRequest {
    const FIELDS: &'static [&'static str] = &["refreshToken"];

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        let refresh_token = fields.string("refreshToken")?;
        fields.ensure("refreshToken", Some(&refresh_token), "a UUID", is_uuid)?;
        Ok(Self { refresh_token })
    }
}

/// `POST /signout`: `{refreshToken?, all?}`.
#[derive(Debug, Clone)]
pub(crate) struct SignOutRequest {
    /// The refresh token to delete.
    pub(crate) refresh_token: Option<String>,
    /// Whether to delete every refresh token of the bearer token's user.
    pub(crate) all: bool,
}

impl RequestBody for SignOutRequest {
    const FIELDS: &'static [&'static str] = &["refreshToken", "all"];

    /// None: neither the contract page nor the service closes the sign-out body, so unknown
    /// keys are ignored.
    fn unknown_keys(_body: &Map<String, Value>) -> Vec<String> {
        Vec::new()
    }

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        let refresh_token = fields.opt_string("refreshToken")?;
        fields.ensure("refreshToken", refresh_token.as_deref(), "a UUID", is_uuid)?;
        Ok(Self {
            refresh_token,
            all: fields.opt_bool("all")?.unwrap_or(false),
        })
    }
}
