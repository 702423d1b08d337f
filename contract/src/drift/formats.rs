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
    let value = Value::String(text.to_owned());
    out.extend(
        validators()
            .iter()
            .filter(|(_, v)| v.is_valid(&value))
            .map(|(f, _)| *f),
    );
    out
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
    }
}
