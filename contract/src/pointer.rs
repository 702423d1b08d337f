//! JSON Pointer (RFC 6901) helpers shared by rule ids, violations, the self-check and the
//! generators' schema walk.
//!
//! Pointers are plain `String`s (`""` is the whole document); this module only escapes, joins and
//! splits them, so every crate builds them the same way.

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    if !token.contains(['~', '/']) {
        return token.to_owned();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// Reverses [`escape`].
pub fn unescape(token: &str) -> String {
    if !token.contains('~') {
        return token.to_owned();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends one (unescaped) token to `pointer`.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// Appends an array index to `pointer`.
pub fn join_index(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}

/// Splits `pointer` into unescaped tokens; `""` gives no tokens. A pointer that does not start
/// with `/` is read as if it did.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(unescape)
        .collect()
}

/// The parent pointer and the last token, or `None` for the root pointer `""`.
pub fn split_last(pointer: &str) -> Option<(&str, String)> {
    let at = pointer.rfind('/')?;
    Some((&pointer[..at], unescape(&pointer[at + 1..])))
}

/// Percent-encodes a pointer for use as a URI fragment (`#/$defs/User`).
pub fn to_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1);
    out.push('#');
    for byte in pointer.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes a URI fragment (without the `#`) into a pointer; `None` when the percent-encoding is
/// broken or the result is not UTF-8.
pub fn from_fragment(fragment: &str) -> Option<String> {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = fragment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_round_trips_special_tokens() {
        for token in ["plain", "a/b", "x~y", "~/~1", "", "ünï/cödé"] {
            assert_eq!(unescape(&escape(token)), token);
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }

    #[test]
    fn join_and_tokens_agree() {
        let p = join(&join("", "$defs"), "a/b");
        assert_eq!(p, "/$defs/a~1b");
        assert_eq!(tokens(&p), vec!["$defs".to_owned(), "a/b".to_owned()]);
        assert!(tokens("").is_empty());
        assert_eq!(split_last(&p), Some(("/$defs", "a/b".to_owned())));
        assert_eq!(split_last(""), None);
    }

    #[test]
    fn fragments_round_trip() {
        let p = "/$defs/with space/ü";
        let f = to_fragment(p);
        assert_eq!(f, "#/$defs/with%20space/%C3%BC");
        assert_eq!(from_fragment(&f[1..]).as_deref(), Some(p));
        assert_eq!(from_fragment("%zz"), None);
    }
}
