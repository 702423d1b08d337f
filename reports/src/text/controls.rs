//! The characters a report must never hand to a reader raw, and their visible escapes. The main
//! items are [`is_unsafe`] and [`escape_controls`].
//!
//! A hostile target can put anything in a response body. These characters either break a
//! format (XML 1.0 forbids C0 controls other than TAB, LF and CR, and U+FFFE/U+FFFF), drive a
//! terminal (ESC starts escape sequences, BEL rings, CR overwrites the line, C1 controls such as
//! U+009B act as CSI on some terminals), or make text read differently from what it is (bidi
//! embeddings, overrides and isolates, as in "Trojan Source"). Each one is replaced by its Rust
//! escape, `\u{1b}`, so the reader still sees that something was there and what it was.
//!
//! The escape is not reversible (a literal `\u{1b}` in the input looks the same); the
//! machine-readable NDJSON report keeps the exact text.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must be escaped before it reaches a reader: every C0 control except TAB and LF
/// (so NUL, BEL, ESC and CR are escaped), DEL, every C1 control (U+0080–U+009F), the bidi
/// embeddings and overrides U+202A–U+202E, the bidi isolates U+2066–U+2069, and the
/// noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE and
/// U+FFFF among them).
pub(crate) fn is_unsafe(c: char) -> bool {
    let code = u32::from(c);
    match c {
        '\t' | '\n' => false,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{fdd0}'..='\u{fdef}' => true,
        _ => code & 0xfffe == 0xfffe,
    }
}

/// Appends the visible escape of `c`: `\u{` then its code point in lowercase hex, then `}`.
pub(crate) fn push_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Replaces every [unsafe](is_unsafe) character of `text` with its visible escape; CR is
/// escaped too. Borrows `text` when there is nothing to escape.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape_controls`] for text shown as lines: a CR LF pair is a line end and becomes LF, as
/// XML and HTML parsers read it; a lone CR is a control character like any other and is
/// escaped.
pub(crate) fn escape_controls_multiline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_the_listed_ones() {
        for c in [
            '\0',
            '\u{7}',
            '\u{8}',
            '\u{b}',
            '\u{c}',
            '\r',
            '\u{1b}',
            '\u{1f}',
            '\u{7f}',
            '\u{80}',
            '\u{85}',
            '\u{9b}',
            '\u{9f}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_unsafe(c), "{c:?} should be unsafe");
        }
        for c in [
            '\t',
            '\n',
            ' ',
            '~',
            '\u{a0}',
            'é',
            '\u{2029}',
            '\u{2065}',
            '\u{206a}',
            '\u{fdcf}',
            '\u{fdf0}',
            '\u{fffd}',
            '\u{fffc}',
            '中',
            '🙂',
            '\u{1fffd}',
        ] {
            assert!(!is_unsafe(c), "{c:?} should be safe");
        }
    }

    #[test]
    fn escapes_are_visible_and_text_without_controls_is_borrowed() {
        assert_eq!(
            escape_controls("a\u{1b}]0;x\u{7}b\r\n\u{fffe}"),
            "a\\u{1b}]0;x\\u{7}b\\u{d}\n\\u{fffe}"
        );
        assert!(matches!(
            escape_controls("plain\ttext\né"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            escape_controls_multiline("a\nb"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn multiline_keeps_line_ends_and_escapes_lone_carriage_returns() {
        assert_eq!(
            escape_controls_multiline("a\r\nb\rc\r\r\n\u{0}"),
            "a\nb\\u{d}c\\u{d}\n\\u{0}"
        );
    }
}
