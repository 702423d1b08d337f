//! Masking by key and header name: a value under a [`SECRET_KEYS`] JSON key or a
//! [`SECRET_HEADERS`] header is replaced by its mark wherever it is expected, whatever its length.

use serde_json::Value;

use super::marks::{is_mark, mark};

/// JSON keys whose values are secrets.
pub const SECRET_KEYS: &[&str] = &[
    "password",
    "accessToken",
    "refreshToken",
    "newPassword",
    "ticket",
    "adminSecret",
    "secret",
];

/// Header names whose values are secrets (compared case-insensitively).
pub const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "x-hasura-admin-secret",
    "cookie",
    "set-cookie",
];

/// Redacts every secret key in a JSON value, recursively.
pub fn json(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if SECRET_KEYS.contains(&k.as_str()) {
                        match v {
                            Value::String(s) => Value::String(mark(s)),
                            Value::Null => Value::Null,
                            other => Value::String(mark(&other.to_string())),
                        }
                    } else {
                        json(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(json).collect()),
        Value::String(s) if looks_like_jwt(s) => Value::String(mark(s)),
        other => other.clone(),
    }
}

/// Redacts a header value when the header is a secret one.
pub fn header(name: &str, value: &str) -> String {
    if SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
        match value.split_once(' ') {
            Some((scheme, token)) => format!("{scheme} {}", mark(token)),
            None => mark(value),
        }
    } else {
        value.to_owned()
    }
}

/// Redacts a body given as text: JSON bodies key by key, other text by masking JWT-shaped words and
/// any of the `known` secrets it contains.
pub fn text(body: &str, known: &[&str]) -> String {
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        return json(&v).to_string();
    }
    let mut out = mask_jwt_words(body);
    for key in SECRET_KEYS {
        out = mask_quoted_value(&out, key);
    }
    for secret in known.iter().filter(|s| s.len() >= 3) {
        out = out.replace(secret, &mark(secret));
    }
    out
}

/// Masks a text by key, without re-serialising it: JWT-shaped words, then the string after any
/// secret JSON key (`"password": "…"`). [`super::raw_text`] scrubs known secrets first.
pub(super) fn by_key_in_text(text: String) -> String {
    let out = mask_jwt_words(&text);
    SECRET_KEYS.iter().fold(out, |text, key| {
        if text.contains(key) {
            mask_quoted_value(&text, key)
        } else {
            text
        }
    })
}

/// Masks every JWT-shaped word (words end at whitespace and quotes).
fn mask_jwt_words(body: &str) -> String {
    // A JWT has two dots: a text with fewer holds none (the usual case: one copy, no split).
    if body.bytes().filter(|&b| b == b'.').nth(1).is_none() {
        return body.to_owned();
    }
    body.split_inclusive(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .map(|w| {
            let core = w.trim_end_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
            if looks_like_jwt(core) {
                w.replacen(core, &mark(core), 1)
            } else {
                w.to_owned()
            }
        })
        .collect()
}

/// Masks the string after `"key"` and a colon in text that is not valid JSON (malformed bodies),
/// and after `\"key\"` (JSON echoed inside a JSON string).
fn mask_quoted_value(text: &str, key: &str) -> String {
    if !text.contains(key) {
        return text.to_owned();
    }
    let once = mask_quoted_value_with(text, key, "\"");
    mask_quoted_value_with(&once, key, "\\\"")
}

/// [`mask_quoted_value`] with one kind of quote (`"` or `\"`).
fn mask_quoted_value_with(text: &str, key: &str, quote: &str) -> String {
    let needle = format!("{quote}{key}{quote}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (before, after) = rest.split_at(at + needle.len());
        out.push_str(before);
        let trimmed = after.trim_start();
        let Some(value) = trimmed
            .strip_prefix(':')
            .map(str::trim_start)
            .and_then(|v| v.strip_prefix(quote))
        else {
            rest = after;
            continue;
        };
        let end = value.find(quote).unwrap_or(value.len());
        out.push_str(&after[..after.len() - value.len()]);
        let secret = &value[..end];
        if is_mark(secret) {
            out.push_str(secret);
        } else {
            out.push_str(&mark(secret));
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    out
}

/// Whether a string is shaped like a compact JWS (three base64url parts, the first a JSON object).
pub fn looks_like_jwt(s: &str) -> bool {
    let mut parts = s.split('.');
    let (Some(h), Some(p), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let b64 = |x: &str| {
        !x.is_empty()
            && x.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    };
    h.starts_with("eyJ") && b64(h) && b64(p) && (sig.is_empty() || b64(sig))
}
