//! Request bodies as typed values, and invalid requests as data. The main types are
//! [`SignUpRequest`] and [`InvalidRequest`].

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use contract::RequestKind;

/// `POST /signup/email-password`.
#[derive(Clone, Serialize)]
pub struct SignUpRequest {
    /// The address; unique per case.
    pub email: String,
    /// 3 to 50 characters, any of them (a 50-character password may take 200 UTF-8 bytes).
    pub password: String,
    /// Sign-up options, omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<SignUpOptions>,
}

/// The `options` of a sign-up; `None` fields are omitted.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpOptions {
    /// Roles the user may assume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_roles: Option<Vec<String>>,
    /// The default role (one of `allowed_roles`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_role: Option<String>,
    /// At most 32 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// A locale code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// A JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Where verification links lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
}

/// `POST /signin/anonymous`; every field optional and omitted when `None`.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnonymousRequest {
    /// At most 32 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// A locale code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// A JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

/// `POST /signin/email-password`.
#[derive(Clone, Serialize)]
pub struct SignInRequest {
    /// The address.
    pub email: String,
    /// The password.
    pub password: String,
}

fn to_json<T: Serialize>(value: &T) -> Value {
    // These types hold only strings, options and JSON values: serializing cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl SignUpRequest {
    /// The JSON body.
    pub fn to_json(&self) -> Value {
        to_json(self)
    }

    /// The sign-in request for the account this sign-up creates.
    pub fn sign_in(&self) -> SignInRequest {
        SignInRequest {
            email: self.email.clone(),
            password: self.password.clone(),
        }
    }
}

impl AnonymousRequest {
    /// The JSON body.
    pub fn to_json(&self) -> Value {
        to_json(self)
    }
}

impl SignInRequest {
    /// The JSON body.
    pub fn to_json(&self) -> Value {
        to_json(self)
    }
}

/// `<redacted N chars>`: how passwords appear in `Debug` output.
pub fn redacted(secret: &str) -> String {
    format!("<redacted {} chars>", secret.chars().count())
}

impl fmt::Debug for SignUpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignUpRequest")
            .field("email", &self.email)
            .field("password", &redacted(&self.password))
            .field("options", &self.options)
            .finish()
    }
}

impl fmt::Debug for SignInRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInRequest")
            .field("email", &self.email)
            .field("password", &redacted(&self.password))
            .finish()
    }
}

/// The endpoints requests are generated for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /signup/email-password`.
    SignUp,
    /// `POST /signin/email-password`.
    SignIn,
    /// `POST /signin/anonymous`.
    Anonymous,
    /// `POST /token`.
    Refresh,
    /// `POST /signout`.
    SignOut,
}

impl Endpoint {
    /// Every endpoint.
    pub const ALL: [Endpoint; 5] = [
        Endpoint::SignUp,
        Endpoint::SignIn,
        Endpoint::Anonymous,
        Endpoint::Refresh,
        Endpoint::SignOut,
    ];

    /// The request-body schema of this endpoint.
    pub fn kind(self) -> RequestKind {
        match self {
            Endpoint::SignUp => RequestKind::SignUp,
            Endpoint::SignIn => RequestKind::SignIn,
            Endpoint::Anonymous => RequestKind::Anonymous,
            Endpoint::Refresh => RequestKind::Refresh,
            Endpoint::SignOut => RequestKind::SignOut,
        }
    }

    /// The rule-id prefix: `signup`, `signin`, `anonymous`, `refresh`, `signout`.
    pub fn name(self) -> &'static str {
        self.kind().name()
    }

    /// The path under the Auth base URL.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::SignUp => "/signup/email-password",
            Endpoint::SignIn => "/signin/email-password",
            Endpoint::Anonymous => "/signin/anonymous",
            Endpoint::Refresh => "/token",
            Endpoint::SignOut => "/signout",
        }
    }
}

/// A request body: JSON (sent as `application/json`), or raw bytes with their content type.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestBody {
    /// A JSON value.
    Json(Value),
    /// Bytes sent as they are.
    Raw {
        /// The `Content-Type` header.
        content_type: String,
        /// The body.
        bytes: Vec<u8>,
    },
}

/// A request that breaks one request rule, tagged with it.
#[derive(Clone)]
pub struct InvalidRequest {
    /// Where it goes.
    pub endpoint: Endpoint,
    /// The rule it breaks: `{endpoint}:{field path}.{keyword}` (`signup:password.maxLength`,
    /// `signup:options.allowedRoles[].type`, `signup:additionalProperties`), or a body rule
    /// (`signup:body.json`, `signup:body.contentType`), or a server rule
    /// (`signup:options.defaultRole.inAllowedRoles`).
    pub rule: String,
    /// What is wrong, for humans.
    pub description: String,
    /// The body.
    pub body: RequestBody,
}

impl fmt::Debug for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.body {
            RequestBody::Json(v) => format!("Json({})", mask_passwords(v)),
            RequestBody::Raw {
                content_type,
                bytes,
            } => format!(
                "Raw {{ content_type: {content_type:?}, bytes: <{} bytes> }}",
                bytes.len()
            ),
        };
        f.debug_struct("InvalidRequest")
            .field("endpoint", &self.endpoint)
            .field("rule", &self.rule)
            .field("description", &self.description)
            .field("body", &format_args!("{body}"))
            .finish()
    }
}

/// `value` with every string under a `password` key replaced by [`redacted`].
pub fn mask_passwords(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("password", Value::String(s)) => (k.clone(), Value::String(redacted(s))),
                    _ => (k.clone(), mask_passwords(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(mask_passwords).collect()),
        other => other.clone(),
    }
}
