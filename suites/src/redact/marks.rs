//! Marks: what a secret is replaced by (`[redacted#xxxxxx]`, a short fingerprint, so the same
//! secret gets the same mark), recognising them, and replacing them in a text.

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

/// The bytes of a mark: `[redacted#` + 6 hex digits + `]`.
pub(super) const MARK_LEN: usize = 17;

/// Whether `s` is exactly a mark.
pub(super) fn is_mark(s: &str) -> bool {
    s.len() == MARK_LEN && is_mark_prefix(s)
}

/// Whether `s` starts with a mark.
pub(super) fn is_mark_prefix(s: &str) -> bool {
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
