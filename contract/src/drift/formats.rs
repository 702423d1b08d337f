//! The string formats a shape records: [`KNOWN_FORMATS`], checked with the validator's own
//! format assertions (so "not a uri" means what the contract's `format: uri` means).

use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::{json, Value};

/// Formats every observed string is checked against, besides `jwt` and `empty`.
pub const KNOWN_FORMATS: &[&str] = &["uuid", "date-time", "date", "email", "uri", "ipv4", "ipv6"];

/// One validator per known format (`{"format": F}`, formats asserted), compiled once.
fn validators() -> &'static [(&'static str, Validator)] {
    static ALL: OnceLock<Vec<(&'static str, Validator)>> = OnceLock::new();
    ALL.get_or_init(|| {
        KNOWN_FORMATS
            .iter()
            .filter_map(|f| {
                crate::contract::options()
                    .build(&json!({ "format": f }))
                    .ok()
                    .map(|v| (*f, v))
            })
            .collect()
    })
}

/// The formats `text` satisfies: known formats, `jwt` (three base64url parts) and `empty`.
pub fn formats_of(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if text.is_empty() {
        out.push("empty");
        return out;
    }
    if looks_like_jwt(text) {
        out.push("jwt");
    }
    let candidates: Vec<&(&'static str, Validator)> = validators()
        .iter()
        .filter(|(f, _)| may_be(f, text))
        .collect();
    if candidates.is_empty() {
        return out;
    }
    let value = Value::String(text.to_owned());
    out.extend(
        candidates
            .into_iter()
            .filter(|(_, v)| v.is_valid(&value))
            .map(|(f, _)| *f),
    );
    out
}

/// A cheap necessary condition for `text` to be of `format`, so that most strings meet no
/// validator at all (recording shapes is on every answer's path).
fn may_be(format: &str, text: &str) -> bool {
    let bytes = text.as_bytes();
    match format {
        "uuid" => bytes.len() == 36 && bytes[8] == b'-',
        "date-time" | "date" => {
            bytes.len() >= 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
        }
        "email" => text.contains('@'),
        // A scheme (a letter, then letters, digits, `+`, `-`, `.`) and its colon.
        "uri" => text.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        }),
        "ipv6" => {
            text.contains(':')
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_hexdigit() || b":.%".contains(b))
        }
        "ipv4" => bytes.len() <= 15 && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.'),
        _ => true,
    }
}

/// Whether `text` is three dot-separated base64url parts (the last may be empty).
fn looks_like_jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    let b64 = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    parts.len() == 3 && parts[..2].iter().all(|p| !p.is_empty() && b64(p)) && b64(parts[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_classified_by_the_validators_formats() {
        assert_eq!(formats_of(""), ["empty"]);
        assert!(formats_of("1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d").contains(&"uuid"));
        assert!(formats_of("2025-01-01T12:00:00.123456789Z").contains(&"date-time"));
        assert!(formats_of("a@example.com").contains(&"email"));
        assert!(formats_of("https://example.com/a.png").contains(&"uri"));
        assert!(!formats_of("not a uri").contains(&"uri"));
        assert!(formats_of("eyJh.eyJz.c2ln").contains(&"jwt"));
        assert!(!formats_of("a.b").contains(&"jwt"));
        assert!(formats_of("127.0.0.1").contains(&"ipv4"));
        assert!(formats_of("::1").contains(&"ipv6"));
        assert!(formats_of("2025-01-01").contains(&"date"));
        assert!(formats_of("plain words").is_empty());
    }
}
