//! URL userinfo (`user:password@`): removed from URLs and from the URLs inside a text.

/// The URL with its userinfo and the userinfo, when it has one (`scheme://userinfo@host…`).
pub(super) fn split_userinfo(url: &str) -> Option<(String, &str)> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..end].rfind('@')?;
    Some((format!("{}{}", &url[..start], &rest[at + 1..]), &rest[..at]))
}

/// `url` without its userinfo: `http://user:pass@host/v1` becomes `http://host/v1`.
pub fn strip_userinfo(url: &str) -> String {
    split_userinfo(url).map_or_else(|| url.to_owned(), |(clean, _)| clean)
}

/// [`strip_userinfo`] on every whitespace- or quote-delimited URL in a text (a curl command, a
/// message).
pub fn strip_userinfo_in(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    text.split_inclusive(|c: char| c.is_whitespace() || c == '\'' || c == '"' || c == '(')
        .map(|w| {
            if w.contains("://") && w.contains('@') {
                strip_userinfo(w)
            } else {
                w.to_owned()
            }
        })
        .collect()
}

/// Decodes `%XX` escapes (invalid ones are kept as they are), lossy on invalid UTF-8.
pub(super) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
