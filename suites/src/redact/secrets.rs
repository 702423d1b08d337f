//! [`Secrets`]: the registry of every secret a run has seen, and scrubbing them by value wherever
//! they appear (an echo in an error message, a text/plain body, a debug header).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::RwLock;

use results::{Exchange, Finding};
use serde_json::Value;

use super::marks::{is_mark, is_mark_prefix, mark, MARK_LEN};
use super::mask::{by_key_in_text, looks_like_jwt, SECRET_HEADERS, SECRET_KEYS};
use super::userinfo::{percent_decode, split_userinfo, strip_userinfo_in};
use crate::api::{ApiRequest, Body};
use crate::errors::TargetError;

/// Redacts a body as it was sent or received, without re-serialising it: every secret `secrets`
/// knows, then JWT-shaped words, then the string after any secret JSON key (`"password": "…"`).
pub fn raw_text(body: &str, secrets: &Secrets) -> String {
    by_key_in_text(secrets.scrub(body))
}

/// Values shorter than this many characters are never learned by [`Secrets`].
///
/// A short value (a 3-character password, `"en"`, `"1"`) would match inside ordinary words,
/// numbers and JSON punctuation and turn a report into marks. Such values are still masked where
/// they sit under a secret JSON key or header ([`json`], [`header`]); they are only not searched
/// for in free text.
pub const MIN_SECRET_CHARS: usize = 4;

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

impl Secrets {
    /// `error` with every secret this registry knows scrubbed from its text, and no URL
    /// userinfo (a target or an SDK may quote what it was sent).
    pub fn scrub_error(&self, mut error: TargetError) -> TargetError {
        let s = |text: &mut String| self.clean_in_place(text);
        match &mut error {
            TargetError::Unreachable { url, reason } => {
                s(url);
                s(reason);
            }
            TargetError::Unsupported { reason, .. }
            | TargetError::Stopped { reason, .. }
            | TargetError::ClientFailed { reason, .. }
            | TargetError::Other { reason, .. } => s(reason),
            TargetError::Timeout { .. }
            | TargetError::TooLarge { .. }
            | TargetError::RateLimited { .. }
            | TargetError::BudgetExhausted { .. } => {}
        }
        error
    }
}
