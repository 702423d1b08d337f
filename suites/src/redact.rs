//! Redaction at the boundary: secrets never leave a target or a case unmasked.
//!
//! Passwords, access tokens, refresh tokens, admin secrets and bearer headers are replaced by
//! `[redacted#xxxxxx]`, where `xxxxxx` is a short fingerprint: the same secret gets the same mark,
//! so a reader can still see that the token sent in step 3 is the one received in step 2.

use serde_json::Value;

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

/// The mark that replaces a secret.
pub fn mark(secret: &str) -> String {
    // FNV-1a, 24 bits: a fingerprint to correlate, far too short to recover anything.
    let mut h: u32 = 0x811c_9dc5;
    for b in secret.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("[redacted#{:06x}]", h & 0x00ff_ffff)
}

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
    let mut out = body
        .split_inclusive(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .map(|w| {
            let core = w.trim_end_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
            if looks_like_jwt(core) {
                w.replacen(core, &mark(core), 1)
            } else {
                w.to_owned()
            }
        })
        .collect::<String>();
    for key in SECRET_KEYS {
        out = mask_quoted_value(&out, key);
    }
    for secret in known.iter().filter(|s| s.len() >= 3) {
        out = out.replace(secret, &mark(secret));
    }
    out
}

/// Masks the string after `"key"` and a colon in text that is not valid JSON (malformed bodies).
fn mask_quoted_value(text: &str, key: &str) -> String {
    let needle = format!("\"{key}\"");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (before, after) = rest.split_at(at + needle.len());
        out.push_str(before);
        let trimmed = after.trim_start();
        let Some(value) = trimmed
            .strip_prefix(':')
            .map(str::trim_start)
            .and_then(|v| v.strip_prefix('"'))
        else {
            rest = after;
            continue;
        };
        let end = value.find('"').unwrap_or(value.len());
        out.push_str(&after[..after.len() - value.len()]);
        out.push_str(&mark(&value[..end]));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_in_json_are_masked_consistently() {
        let v = json!({"email": "a@b.co", "password": "hunter22", "session": {"refreshToken": "rt-1", "user": {"id": "x"}}});
        let r = json(&v);
        let text = r.to_string();
        assert!(
            !text.contains("hunter22") && !text.contains("rt-1"),
            "{text}"
        );
        assert_eq!(r["email"], "a@b.co");
        assert_eq!(r["session"]["refreshToken"], json!(mark("rt-1")));
        assert_eq!(mark("rt-1"), mark("rt-1"));
        assert_ne!(mark("rt-1"), mark("rt-2"));
    }

    #[test]
    fn headers_and_free_text_are_masked() {
        assert_eq!(
            header("Authorization", "Bearer abc.def"),
            format!("Bearer {}", mark("abc.def"))
        );
        assert_eq!(
            header("content-type", "application/json"),
            "application/json"
        );
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig_-";
        let out = text(
            &format!("<p>token {jwt} and pw hunter22</p>"),
            &["hunter22"],
        );
        assert!(!out.contains(jwt) && !out.contains("hunter22"), "{out}");
        let broken = text(
            r#"{"email":"a@b.co", "password" : "s3cr3t-pw", "x": 1"#,
            &[],
        );
        assert!(
            !broken.contains("s3cr3t-pw") && broken.contains("a@b.co"),
            "{broken}"
        );
    }
}
