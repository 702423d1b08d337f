//! Field access and the server's own format checks (stricter than the request rules) for request
//! bodies. Every message names the field and the rule, never the value.

use serde_json::{Map, Value};

use crate::errors::ApiError;

/// Read access to one JSON object of a request, with a path prefix for messages.
pub(crate) struct Fields<'a> {
    object: &'a Map<String, Value>,
    prefix: &'static str,
}

impl<'a> Fields<'a> {
    /// Wraps `object`; `prefix` is prepended to field names in messages (e.g. `options.`).
    pub(crate) fn new(object: &'a Map<String, Value>, prefix: &'static str) -> Self {
        Self { object, prefix }
    }

    fn wrong(&self, key: &str, what: &str) -> ApiError {
        ApiError::invalid_request(format_args!("`{}{key}` must be {what}", self.prefix))
    }

    /// An optional string (present `null` is a type error).
    pub(crate) fn opt_string(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.object.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.wrong(key, "a string")),
        }
    }

    /// A required string.
    pub(crate) fn string(&self, key: &str) -> Result<String, ApiError> {
        self.opt_string(key)?.ok_or_else(|| {
            ApiError::invalid_request(format_args!("`{}{key}` is required", self.prefix))
        })
    }

    /// An optional boolean.
    pub(crate) fn opt_bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.object.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong(key, "a boolean")),
        }
    }

    /// An optional object.
    pub(crate) fn opt_object(&self, key: &str) -> Result<Option<&'a Map<String, Value>>, ApiError> {
        match self.object.get(key) {
            None => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }

    /// An optional array of strings.
    pub(crate) fn opt_string_array(&self, key: &str) -> Result<Option<Vec<String>>, ApiError> {
        match self.object.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "an array of strings")),
            Some(_) => Err(self.wrong(key, "an array of strings")),
        }
    }

    /// Fails unless `check(value)` holds for a present string field.
    pub(crate) fn ensure(
        &self,
        key: &str,
        value: Option<&str>,
        rule: &str,
        check: impl Fn(&str) -> bool,
    ) -> Result<(), ApiError> {
        match value {
            Some(v) if !check(v) => Err(self.wrong(key, rule)),
            _ => Ok(()),
        }
    }
}

/// A conservative email check: an RFC 5322 dot-atom local part (ASCII) and a hostname of at least
/// two labels. Stricter than JSON Schema's `format: email`, so every accepted address also
/// validates against the published schema.
pub(crate) fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext));
    local_ok && email.len() <= 254 && is_valid_hostname(domain)
}

fn is_valid_hostname(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            let bytes = label.as_bytes();
            !label.is_empty()
                && label.len() <= 63
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                && bytes[0] != b'-'
                && bytes[bytes.len() - 1] != b'-'
                && !(bytes.len() >= 4
                    && &bytes[2..4] == b"--"
                    && !bytes[..2].eq_ignore_ascii_case(b"xn"))
        })
        && labels
            .last()
            .is_some_and(|tld| tld.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// A hyphenated UUID (8-4-4-4-12 hex digits).
pub(crate) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "a@b.io",
            "first.last+tag@sub.example.com",
            "x_y-z@xn--bcher-kva.de",
            "X_Y-Z@XN--BCHER-KVA.DE",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.io",
            "a@b",
            "a..b@c.io",
            ".a@b.io",
            "a@-b.io",
            "a b@c.io",
            "é@b.io",
            "a@b.123",
            "a@ab--c.io",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("1fb17604-86c7-444e-b337-09a644465f2d"));
        assert!(!is_uuid("1fb1760486c7444eb33709a644465f2d"));
        assert!(!is_uuid("1fb17604-86c7-444e-b337-09a644465f2g"));
    }
}
