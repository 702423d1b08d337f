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
//!
//! The registry is [`secrets`], masking by key [`mask`], the marks [`marks`] and URL userinfo
//! [`userinfo`], each in a file of its own.

mod marks;
mod mask;
mod secrets;
mod userinfo;

pub use marks::{mark, replace_marks};
pub use mask::{header, json, looks_like_jwt, text, SECRET_HEADERS, SECRET_KEYS};
pub use secrets::{raw_text, Secrets, MIN_SECRET_CHARS};
pub use userinfo::{strip_userinfo, strip_userinfo_in};

#[cfg(test)]
mod tests;
