//! The request bodies, parsed once they passed the request rules (`super::request_rules`), with
//! the server's own stricter checks (a conservative email, a UUID sign-out token). The main types
//! are [`SignUpRequest`], [`SignInRequest`], [`AnonymousRequest`], [`RefreshRequest`] and
//! [`SignOutRequest`].

use contract::RequestKind;
use serde_json::{Map, Value};

use crate::api::fields::{is_uuid, is_valid_email, Fields};
use crate::api::RequestBody;
use crate::errors::ApiError;

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

/// `POST /signup/email-password`: `{email, password, options?}`.
#[derive(Debug, Clone)]
pub(crate) struct SignUpRequest {
    /// The email as given.
    pub(crate) email: String,
    /// The password (at most 50 characters; the minimum is checked by the handler, which
    /// answers `password-too-short`).
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

impl RequestBody for SignUpRequest {
    const KIND: RequestKind = RequestKind::SignUp;

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        let email = email(&fields)?;
        let password = fields.string("password")?;
        let options = match fields.opt_object("options")? {
            None => SignUpOptions::default(),
            Some(options) => {
                let o = Fields::new(options, "options.");
                SignUpOptions {
                    allowed_roles: o.opt_string_array("allowedRoles")?,
                    default_role: o.opt_string("defaultRole")?,
                    display_name: o.opt_string("displayName")?,
                    locale: o.opt_string("locale")?,
                    metadata: o.opt_object("metadata")?.cloned(),
                    redirect_to: o.opt_string("redirectTo")?,
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
    const KIND: RequestKind = RequestKind::SignIn;

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        Ok(Self {
            email: email(&fields)?,
            password: fields.string("password")?,
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
    const KIND: RequestKind = RequestKind::Anonymous;

    fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fields = Fields::new(body, "");
        Ok(Self {
            display_name: fields.opt_string("displayName")?,
            locale: fields.opt_string("locale")?,
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
    const KIND: RequestKind = RequestKind::Refresh;

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
    const KIND: RequestKind = RequestKind::SignOut;

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
