//! Redaction at the boundary: secrets never leave a target or a case unmasked.
//!
//! Passwords, access tokens, refresh tokens, admin secrets and bearer headers are replaced by
//! `[redacted#xxxxxx]`, where `xxxxxx` is a short fingerprint: the same secret gets the same mark,
//! so a reader can still see that the token sent in step 3 is the one received in step 2.
//!
//! Two layers do it. By key and header name ([`json`], [`header`], [`raw_text`]): a value under a
//! [`SECRET_KEYS`] key or a [`SECRET_HEADERS`] header. By value ([`Secrets`], the main type): every
//! secret the run has seen, wherever it appears, so a target that echoes a request back in an
//! error message, a text/plain body or a debug header leaks nothing. URL userinfo is removed with
//! [`strip_userinfo`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::RwLock;

use results::{Exchange, Finding};
use serde_json::Value;

use crate::api::{ApiRequest, Body};

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
    let mut out = mask_jwt_words(body);
    for key in SECRET_KEYS {
        out = mask_quoted_value(&out, key);
    }
    for secret in known.iter().filter(|s| s.len() >= 3) {
        out = out.replace(secret, &mark(secret));
    }
    out
}

/// Redacts a body as it was sent or received, without re-serialising it: every secret `secrets`
/// knows, then JWT-shaped words, then the string after any secret JSON key (`"password": "…"`).
pub fn raw_text(body: &str, secrets: &Secrets) -> String {
    let out = mask_jwt_words(&secrets.scrub(body));
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

/// Values shorter than this many characters are never learned by [`Secrets`].
///
/// A short value (a 3-character password, `"en"`, `"1"`) would match inside ordinary words,
/// numbers and JSON punctuation and turn a report into marks. Such values are still masked where
/// they sit under a secret JSON key or header ([`json`], [`header`]); they are only not searched
/// for in free text.
pub const MIN_SECRET_CHARS: usize = 4;

/// The bytes of a mark: `[redacted#` + 6 hex digits + `]`.
const MARK_LEN: usize = 17;

/// A registry of the secrets seen during a run, to scrub them wherever they appear.
///
/// Redaction by key ([`json`], [`header`]) masks a secret where it is expected; a target that
/// echoes a request back (in an error message, a text/plain body, a debug header) puts it
/// elsewhere. `Secrets` learns every secret the harness sends or receives (passwords, access and
/// refresh tokens, bearer headers, the JWT secret, URL userinfo) and [`Secrets::scrub`] replaces
/// each occurrence, in any string, with the same mark [`mark`] gives it.
///
/// Values shorter than [`MIN_SECRET_CHARS`] are ignored (see there). A secret is also searched
/// for in its JSON-escaped form, so an echo inside a JSON string is found too. Thread-safe; share
/// it through an `Arc`. `Debug` prints only how many secrets are known.
#[derive(Default)]
pub struct Secrets {
    known: RwLock<Known>,
}

/// The known secrets, indexed by their first four bytes (as one `u32`, [`prefix`]) so a scrub is
/// one pass over the text.
///
/// A scrub looks up every position of the text, so the index hashes a prefix with one
/// multiplication ([`PrefixHasher`]) instead of SipHash: the keys are the first bytes of
/// secrets the harness itself learned, not input an attacker picks to collide.
#[derive(Default)]
struct Known {
    by_prefix: HashMap<u32, Vec<Entry>, BuildHasherDefault<PrefixHasher>>,
    secrets: usize,
}

/// The hasher of [`Known::by_prefix`]: a four-byte key times a 64-bit odd constant.
#[derive(Default)]
struct PrefixHasher(u64);

impl Hasher for PrefixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write_u32(&mut self, key: u32) {
        self.0 = u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
}

/// The index key of the text at the start of `bytes` (at least four bytes long).
fn prefix(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// One searchable form of a secret and the mark of the secret itself.
struct Entry {
    text: String,
    mark: String,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("known", &self.len())
            .finish()
    }
}

impl Secrets {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Known> {
        self.known.read().unwrap_or_else(|e| e.into_inner())
    }

    /// How many secrets are known.
    pub fn len(&self) -> usize {
        self.read().secrets
    }

    /// Whether no secret is known yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `secret` is known (as written).
    pub fn knows(&self, secret: &str) -> bool {
        let b = secret.as_bytes();
        b.len() >= 4
            && self
                .read()
                .by_prefix
                .get(&prefix(b))
                .is_some_and(|bucket| find_exact(bucket, secret).is_ok())
    }

    /// Learns one secret. Returns `false` when it is shorter than [`MIN_SECRET_CHARS`] (and so is
    /// not searched for) or already known.
    pub fn learn(&self, secret: &str) -> bool {
        if secret.chars().count() < MIN_SECRET_CHARS || is_mark(secret) {
            return false;
        }
        if self.knows(secret) {
            return false;
        }
        let mark = mark(secret);
        let mut forms = vec![secret.to_owned()];
        let escaped = serde_json::to_string(secret).unwrap_or_default();
        let escaped = escaped
            .strip_prefix('"')
            .and_then(|e| e.strip_suffix('"'))
            .unwrap_or(secret);
        for form in [escaped.to_owned(), escaped.replace('/', "\\/")] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
        let mut known = self.known.write().unwrap_or_else(|e| e.into_inner());
        let mut added = false;
        for form in forms {
            let bytes = form.as_bytes();
            let key = prefix(bytes);
            let bucket = known.by_prefix.entry(key).or_default();
            // Sorted by bytes, so a scrub finds the longest match by binary search.
            let Err(at) = find_exact(bucket, &form) else {
                continue;
            };
            bucket.insert(
                at,
                Entry {
                    text: form,
                    mark: mark.clone(),
                },
            );
            added = true;
        }
        if added {
            known.secrets += 1;
        }
        added
    }

    /// Learns the secrets of a JSON document: every value under a [`SECRET_KEYS`] key and every
    /// JWT-shaped string, at any depth.
    pub fn learn_json(&self, value: &Value) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        Value::String(s) if SECRET_KEYS.contains(&k.as_str()) => {
                            self.learn(s);
                        }
                        other => self.learn_json(other),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.learn_json(v)),
            Value::String(s) if looks_like_jwt(s) => {
                self.learn(s);
            }
            _ => {}
        }
    }

    /// Learns the secret in a header when the header is a secret one ([`SECRET_HEADERS`]): the
    /// credentials after the scheme, each cookie value, or the whole value.
    pub fn learn_header(&self, name: &str, value: &str) {
        if !SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            return;
        }
        self.learn(value.trim());
        if name.eq_ignore_ascii_case("cookie") || name.eq_ignore_ascii_case("set-cookie") {
            for pair in value.split(';') {
                if let Some((_, v)) = pair.split_once('=') {
                    self.learn(v.trim());
                }
            }
        } else if let Some((_, credentials)) = value.trim().split_once(' ') {
            self.learn(credentials.trim());
        }
    }

    /// Learns the secrets of a request: its bearer token and the secrets in its body (a raw body
    /// is read as JSON when it is JSON).
    pub fn learn_request(&self, request: &ApiRequest) {
        if let Some(token) = &request.bearer {
            self.learn(token);
        }
        match &request.body {
            Some(Body::Json(v)) => self.learn_json(v),
            Some(Body::Raw { bytes, .. }) => {
                if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
                    self.learn_json(&v);
                }
            }
            None => {}
        }
    }

    /// Learns the user name and password in a URL's userinfo (`http://user:pass@host`), as written,
    /// percent-decoded, and as the HTTP client sends them (`Basic base64(user:pass)`).
    pub fn learn_url(&self, url: &str) {
        use base64::Engine;
        let Some((_, info)) = split_userinfo(url) else {
            return;
        };
        let (user, password) = info.split_once(':').unwrap_or((info, ""));
        for part in [info, user, password] {
            self.learn(part);
            self.learn(&percent_decode(part));
        }
        let basic = format!("{}:{}", percent_decode(user), percent_decode(password));
        self.learn(&base64::engine::general_purpose::STANDARD.encode(basic));
    }

    /// Replaces every known secret in `text` with its mark. Marks already in the text are left
    /// alone, so scrubbing twice changes nothing.
    pub fn scrub(&self, text: &str) -> String {
        self.scrub_cow(text).into_owned()
    }

    /// [`Secrets::scrub`], borrowing `text` back when it holds no known secret (no allocation).
    pub fn scrub_cow<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let known = self.read();
        let bytes = text.as_bytes();
        if known.by_prefix.is_empty() || bytes.len() < 4 {
            return Cow::Borrowed(text);
        }
        let mut out: Option<String> = None;
        let (mut copied, mut i) = (0, 0);
        while i + 4 <= bytes.len() {
            // `[` is ASCII, so `i` is a char boundary here.
            if bytes[i] == b'[' && is_mark_prefix(&text[i..]) {
                i += MARK_LEN;
                continue;
            }
            let key = prefix(&bytes[i..]);
            let found = known
                .by_prefix
                .get(&key)
                .and_then(|bucket| longest_prefix(bucket, &bytes[i..]));
            match found {
                // A match starts with a secret's first byte, never a UTF-8 continuation byte, so
                // both ends of the match are char boundaries.
                Some(entry) => {
                    let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                    out.push_str(&text[copied..i]);
                    out.push_str(&entry.mark);
                    i += entry.text.len();
                    copied = i;
                }
                None => i += 1,
            }
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
        }
    }

    /// [`Secrets::scrub`] on `text` in place: it is replaced only when it held a secret.
    pub fn scrub_in_place(&self, text: &mut String) {
        if let Cow::Owned(scrubbed) = self.scrub_cow(text) {
            *text = scrubbed;
        }
    }

    /// Every URL's userinfo removed from `text` ([`strip_userinfo_in`]) and every known secret
    /// scrubbed, in place: what any text bound for a report or a message goes through.
    pub fn clean_in_place(&self, text: &mut String) {
        if text.contains('@') && text.contains("://") {
            *text = strip_userinfo_in(text);
        }
        self.scrub_in_place(text);
    }

    /// [`Secrets::scrub`] on every string and key of a JSON value.
    pub fn scrub_json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.scrub(s)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.scrub_json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (self.scrub(k), self.scrub_json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// [`Secrets::scrub`] on every part of a recorded exchange, the URL's userinfo removed.
    pub fn scrub_exchange(&self, exchange: &Exchange) -> Exchange {
        let mut exchange = exchange.clone();
        self.scrub_exchange_in_place(&mut exchange);
        exchange
    }

    /// [`Secrets::scrub_exchange`] in place ([`Secrets::clean_in_place`] on every text of it):
    /// only the parts that held a secret or userinfo are rewritten.
    pub fn scrub_exchange_in_place(&self, exchange: &mut Exchange) {
        let headers = exchange
            .request_headers
            .iter_mut()
            .chain(exchange.response_headers.iter_mut())
            .flat_map(|(k, v)| [k, v]);
        let optional = [
            &mut exchange.request_body,
            &mut exchange.response_body,
            &mut exchange.error,
            &mut exchange.via,
            &mut exchange.returned,
        ]
        .into_iter()
        .flatten();
        for text in [&mut exchange.url, &mut exchange.curl]
            .into_iter()
            .chain(headers)
            .chain(optional)
        {
            self.clean_in_place(text);
        }
    }

    /// [`Secrets::clean_in_place`] on a finding's pointer and message.
    pub fn scrub_finding_in_place(&self, finding: &mut Finding) {
        self.clean_in_place(&mut finding.pointer);
        self.clean_in_place(&mut finding.message);
    }
}

/// Where `text` is in a bucket sorted by bytes: `Ok` when it is there, `Err` where it would go.
fn find_exact(bucket: &[Entry], text: &str) -> Result<usize, usize> {
    bucket.binary_search_by(|e| e.text.as_bytes().cmp(text.as_bytes()))
}

/// The longest entry of a sorted bucket that is a prefix of `rest`, in a few binary searches
/// (every JWT shares its first bytes, so a linear scan would compare thousands of them).
///
/// The greatest entry `e <= rest` is the answer when it is a prefix of `rest`. Otherwise every
/// prefix of `rest` in the bucket is also `<= e` and no longer than the common prefix of `e` and
/// `rest`, so the search repeats with that shorter prefix; it shrinks every round.
fn longest_prefix<'b>(bucket: &'b [Entry], rest: &[u8]) -> Option<&'b Entry> {
    let mut key = rest;
    loop {
        let below = bucket.partition_point(|e| e.text.as_bytes() <= key);
        let e = &bucket[below.checked_sub(1)?];
        let eb = e.text.as_bytes();
        if rest.starts_with(eb) {
            return Some(e);
        }
        let common = eb.iter().zip(key).take_while(|(a, b)| a == b).count();
        if common >= key.len() {
            return None;
        }
        key = &key[..common];
    }
}

/// Whether `s` is exactly a mark.
fn is_mark(s: &str) -> bool {
    s.len() == MARK_LEN && is_mark_prefix(s)
}

/// Whether `s` starts with a mark.
fn is_mark_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= MARK_LEN
        && s.starts_with("[redacted#")
        && b[10..16].iter().all(u8::is_ascii_hexdigit)
        && b[16] == b']'
}

/// `text` with every redaction mark in it replaced by `with` (a mark's hash differs with the
/// secret, so two runs that redacted different values compare equal once marks are replaced).
pub fn replace_marks(text: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[redacted#") {
        out.push_str(&rest[..at]);
        if is_mark_prefix(&rest[at..]) {
            out.push_str(with);
            rest = &rest[at + MARK_LEN..];
        } else {
            out.push('[');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The URL with its userinfo and the userinfo, when it has one (`scheme://userinfo@host…`).
fn split_userinfo(url: &str) -> Option<(String, &str)> {
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
fn percent_decode(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn marks_are_replaced_wherever_they_are_and_lookalikes_are_kept() {
        let (a, b) = (mark("first-secret"), mark("second-secret"));
        assert_ne!(a, b);
        let text = format!("x{a}y [redacted#zz] {b}");
        assert_eq!(replace_marks(&text, "<m>"), "x<m>y [redacted#zz] <m>");
        assert_eq!(replace_marks("no marks", "<m>"), "no marks");
    }

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

    #[test]
    fn secrets_are_scrubbed_anywhere_with_the_same_mark() {
        let secrets = Secrets::new();
        assert!(secrets.learn("hunter22"));
        assert!(!secrets.learn("hunter22"), "already known");
        assert!(!secrets.learn("abc"), "too short to search for");
        let out = secrets.scrub("echo: hunter22, again hunter22; abc stays");
        assert_eq!(
            out,
            format!("echo: {m}, again {m}; abc stays", m = mark("hunter22"))
        );
        // Scrubbing twice changes nothing, and marks are never re-marked.
        assert_eq!(secrets.scrub(&out), out);
        assert!(format!("{secrets:?}").contains("known: 1"));
        assert!(!format!("{secrets:?}").contains("hunter22"));
    }

    #[test]
    fn the_longest_secret_wins_and_escaped_forms_are_found() {
        let secrets = Secrets::new();
        secrets.learn("token-1");
        secrets.learn("token-1-long");
        assert_eq!(
            secrets.scrub("x token-1-long y token-1"),
            format!("x {} y {}", mark("token-1-long"), mark("token-1"))
        );
        secrets.learn("pa\"ss/wörd");
        let echoed = serde_json::to_string(&json!({"message": "bad pa\"ss/wörd"})).unwrap();
        let out = secrets.scrub(&echoed);
        assert!(out.contains(&mark("pa\"ss/wörd")), "{out}");
        assert!(!out.contains("ss/w"), "{out}");
        let php = r#"{"m":"pa\"ss\/wörd"}"#;
        assert!(!secrets.scrub(php).contains("ss\\/w"));
    }

    #[test]
    fn secrets_are_learned_from_requests_responses_headers_and_urls() {
        let secrets = Secrets::new();
        secrets.learn_request(
            &ApiRequest::json(
                crate::Operation::SignIn,
                json!({"email": "a@b.co", "password": "pw-secret"}),
            )
            .with_bearer("bearer-token"),
        );
        secrets.learn_json(
            &json!({"session": {"accessToken": "access-tok", "refreshToken": "refresh-tok"}}),
        );
        secrets.learn_header("set-cookie", "rt=cookie-value; Path=/");
        secrets.learn_url("http://user:p%40ss-word@host/v1");
        // base64("user:p@ss-word")
        let text = "pw-secret bearer-token access-tok refresh-tok cookie-value p@ss-word p%40ss-word dXNlcjpwQHNzLXdvcmQ= a@b.co";
        let out = secrets.scrub(text);
        for s in text.split(' ').take(8) {
            assert!(!out.contains(s), "{s} in {out}");
        }
        assert!(out.ends_with("a@b.co"), "{out}");
        let v = secrets.scrub_json(&json!({"msg": ["got pw-secret"], "pw-secret": 1}));
        assert!(!v.to_string().contains("pw-secret"), "{v}");
    }

    #[test]
    fn the_longest_match_is_found_among_many_shared_prefixes() {
        let secrets = Secrets::new();
        let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
        let tokens: Vec<String> = (0..2000)
            .map(|i| format!("{header}.eyJzdWIiOiI{i:04}In0.sig{}", i * 7919 % 10007))
            .collect();
        for t in &tokens {
            secrets.learn(t);
        }
        for extra in [
            "eyJh",
            "eyJhbGci",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJz",
        ] {
            secrets.learn(extra);
        }
        for t in tokens.iter().step_by(97) {
            let text = format!("a {t}; {t}x eyJhbGcZ eyJhbGci eyJhb");
            let m = mark(t);
            assert_eq!(
                secrets.scrub(&text),
                format!(
                    "a {m}; {m}x {}bGcZ {} {}b",
                    mark("eyJh"),
                    mark("eyJhbGci"),
                    mark("eyJh")
                ),
                "{t}"
            );
        }
        let prefix = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI9999In0";
        assert_eq!(
            secrets.scrub(prefix),
            format!(
                "{}dWIiOiI9999In0",
                mark("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJz")
            )
        );
    }

    #[test]
    fn userinfo_is_stripped() {
        assert_eq!(
            strip_userinfo("http://u:p@h:1/v1?x=a@b"),
            "http://h:1/v1?x=a@b"
        );
        assert_eq!(strip_userinfo("http://h/v1"), "http://h/v1");
        assert_eq!(strip_userinfo("not a url"), "not a url");
        assert_eq!(
            strip_userinfo_in("curl -X GET 'http://u:p@h/v1/user' -H 'a: b@c'"),
            "curl -X GET 'http://h/v1/user' -H 'a: b@c'"
        );
    }

    #[test]
    fn raw_text_keeps_the_bytes_and_masks_secret_keys() {
        let secrets = Secrets::new();
        let body = r#"{"password" : "ab", "email":"a@b.co",  "x":1}"#;
        let out = raw_text(body, &secrets);
        assert_eq!(
            out,
            format!(
                r#"{{"password" : "{}", "email":"a@b.co",  "x":1}}"#,
                mark("ab")
            )
        );
        secrets.learn("long-password");
        let out = raw_text(r#"{"password":"long-password"}"#, &secrets);
        assert_eq!(
            out,
            format!(r#"{{"password":"{}"}}"#, mark("long-password"))
        );
    }
}
