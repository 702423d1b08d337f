//! The [`AuthApi`] trait: the one door the properties use to reach a target.
//!
//! A target (HTTP, SDK bridge, …) turns an [`ApiRequest`] into a [`Response`] that carries the status,
//! the parsed body and the recorded, already-redacted [`Exchange`]. Suites never see reqwest or Node.

use std::fmt;

use results::Exchange;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::errors::TargetError;

/// One operation of the Nhost Auth API that the harness exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `POST /signup/email-password`.
    SignUp,
    /// `POST /signin/email-password`.
    SignIn,
    /// `POST /signin/anonymous`.
    SignInAnonymous,
    /// `POST /token`.
    Refresh,
    /// `POST /signout`.
    SignOut,
    /// `GET /user`.
    GetUser,
    /// `GET /.well-known/jwks.json`.
    Jwks,
    /// `GET /healthz`.
    Health,
    /// `GET /version`.
    Version,
}

impl Operation {
    /// Every operation, in a stable order.
    pub const ALL: [Operation; 9] = [
        Operation::SignUp,
        Operation::SignIn,
        Operation::SignInAnonymous,
        Operation::Refresh,
        Operation::SignOut,
        Operation::GetUser,
        Operation::Jwks,
        Operation::Health,
        Operation::Version,
    ];

    /// The snake_case name used in reports and budgets (`sign_up`, `refresh`, …).
    pub fn name(self) -> &'static str {
        match self {
            Operation::SignUp => "sign_up",
            Operation::SignIn => "sign_in",
            Operation::SignInAnonymous => "sign_in_anonymous",
            Operation::Refresh => "refresh",
            Operation::SignOut => "sign_out",
            Operation::GetUser => "get_user",
            Operation::Jwks => "jwks",
            Operation::Health => "health",
            Operation::Version => "version",
        }
    }

    /// HTTP method of the endpoint.
    pub fn method(self) -> &'static str {
        match self {
            Operation::GetUser | Operation::Jwks | Operation::Health | Operation::Version => "GET",
            _ => "POST",
        }
    }

    /// Path of the endpoint, relative to the Auth base URL (which ends in `/v1` on the cloud).
    pub fn path(self) -> &'static str {
        match self {
            Operation::SignUp => "/signup/email-password",
            Operation::SignIn => "/signin/email-password",
            Operation::SignInAnonymous => "/signin/anonymous",
            Operation::Refresh => "/token",
            Operation::SignOut => "/signout",
            Operation::GetUser => "/user",
            Operation::Jwks => "/.well-known/jwks.json",
            Operation::Health => "/healthz",
            Operation::Version => "/version",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The body of a request: JSON, or raw bytes with a content type (for malformed-input abuse).
/// The generators' request body type, so generated requests go out as they are.
pub use generators::requests::RequestBody as Body;

/// A request to the target.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    /// Which endpoint.
    pub operation: Operation,
    /// The body, if any.
    pub body: Option<Body>,
    /// An access token sent as `Authorization: Bearer …`.
    pub bearer: Option<String>,
}

impl ApiRequest {
    /// A request with a JSON body and no bearer token.
    pub fn json(operation: Operation, body: Value) -> Self {
        Self {
            operation,
            body: Some(Body::Json(body)),
            bearer: None,
        }
    }

    /// A request with no body.
    pub fn empty(operation: Operation) -> Self {
        Self {
            operation,
            body: None,
            bearer: None,
        }
    }

    /// The same request with a bearer token.
    pub fn with_bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }
}

/// What a response body turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No bytes at all.
    Empty,
    /// A JSON document.
    Json(Value),
    /// Bytes that are not JSON (HTML, truncated JSON, …), kept as lossy text.
    NotJson {
        /// The body as text (lossy UTF-8, possibly cut short).
        text: String,
        /// Why it did not parse.
        reason: String,
    },
}

impl ResponseBody {
    /// Parses raw bytes: empty, JSON, or not JSON with the parser's reason.
    pub fn parse(bytes: &[u8]) -> Self {
        Self::parse_checked(bytes).0
    }

    /// Parses raw bytes like [`ResponseBody::parse`], and also returns the JSON pointer of every
    /// object key that appears more than once in its object, at any depth (see
    /// [`parse_json_checked`]).
    pub fn parse_checked(bytes: &[u8]) -> (Self, Vec<String>) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return (ResponseBody::Empty, Vec::new());
        }
        match parse_json_checked(bytes) {
            Ok((v, duplicates)) => (ResponseBody::Json(v), duplicates),
            Err(e) => (
                ResponseBody::NotJson {
                    text: String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).into_owned(),
                    reason: e.to_string(),
                },
                Vec::new(),
            ),
        }
    }

    /// The JSON document, if the body was one.
    pub fn json(&self) -> Option<&Value> {
        match self {
            ResponseBody::Json(v) => Some(v),
            _ => None,
        }
    }
}

/// A response from the target, with the exchange that produced it.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status (the SDK bridge reports the status the SDK saw).
    pub status: u16,
    /// The parsed body.
    pub body: ResponseBody,
    /// The recorded exchange, secrets already redacted.
    pub exchange: Exchange,
    /// JSON pointers of the object keys the body repeated (`/status` for
    /// `{"status":200,"status":500}`); empty when the body is not JSON or has no duplicate.
    pub duplicate_keys: Vec<String>,
}

/// Parses a JSON document as `serde_json::from_slice::<Value>` does (the last of repeated keys
/// wins), and records the JSON pointer of every key that repeats one earlier in the same object,
/// at any depth, in document order. serde_json's own limits apply (nesting depth 128).
pub fn parse_json_checked(bytes: &[u8]) -> Result<(Value, Vec<String>), serde_json::Error> {
    let mut duplicates = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = ValueSeed {
        pointer: String::new(),
        duplicates: &mut duplicates,
    }
    .deserialize(&mut de)?;
    de.end()?;
    let mut seen = std::collections::HashSet::new();
    duplicates.retain(|p| seen.insert(p.clone()));
    Ok((value, duplicates))
}

/// Builds a [`Value`] at `pointer`, pushing the pointers of repeated keys onto `duplicates`.
struct ValueSeed<'a> {
    pointer: String,
    duplicates: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let ValueSeed {
            pointer,
            duplicates,
        } = self;
        let mut items = Vec::new();
        loop {
            let seed = ValueSeed {
                pointer: format!("{pointer}/{}", items.len()),
                duplicates: &mut *duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let ValueSeed {
            pointer,
            duplicates,
        } = self;
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
            let value = map.next_value_seed(ValueSeed {
                pointer: at.clone(),
                duplicates: &mut *duplicates,
            })?;
            if object.insert(key, value).is_some() {
                duplicates.push(at);
            }
        }
        Ok(Value::Object(object))
    }
}

/// Describes a target for reports and trial kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetInfo {
    /// Short kind: `http`, `embedded`, `sdk`.
    pub kind: String,
    /// The Auth base URL, without userinfo (`user:pass@` is a secret).
    pub url: String,
}

/// The door to an Nhost Auth target. Implemented by the harness (HTTP, SDK bridge).
///
/// Calls are blocking: each trial runs on its own thread and targets drive their own runtime. Every
/// implementation must bound every call with a timeout.
pub trait AuthApi: Send + Sync {
    /// What this target is.
    fn info(&self) -> TargetInfo;

    /// Sends one request and records the exchange.
    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError>;
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn duplicate_keys_are_found_at_any_depth() {
        let (v, dups) = parse_json_checked(br#"{"status":200,"status":500}"#).unwrap();
        assert_eq!(
            v,
            json!({"status": 500}),
            "the last value wins, as in serde_json"
        );
        assert_eq!(dups, vec!["/status".to_owned()]);
        let (_, dups) = parse_json_checked(
            br#"{"session":{"user":{"id":"a","roles":["x"],"id":"b"}},"list":[{"a/b":1,"a/b":2,"a/b":3}]}"#,
        )
        .unwrap();
        assert_eq!(
            dups,
            vec!["/session/user/id".to_owned(), "/list/0/a~1b".to_owned()]
        );
    }

    #[test]
    fn checked_parsing_agrees_with_serde_json() {
        for text in [
            r#"{"a":[1,-2,3.5,1e300,true,null,"s"],"b":{}}"#,
            r#""OK""#,
            "[]",
            "18446744073709551615",
        ] {
            let (v, dups) = parse_json_checked(text.as_bytes()).unwrap();
            assert_eq!(v, serde_json::from_str::<Value>(text).unwrap(), "{text}");
            assert!(dups.is_empty());
        }
        assert!(parse_json_checked(b"{} trailing").is_err());
        assert!(parse_json_checked(&[b'['; 500]).is_err(), "depth limit");
        let (body, dups) = ResponseBody::parse_checked(br#"{"a":1,"a":1}"#);
        assert_eq!(
            (body, dups),
            (ResponseBody::Json(json!({"a": 1})), vec!["/a".to_owned()])
        );
        assert_eq!(ResponseBody::parse(b"  "), ResponseBody::Empty);
    }
}
