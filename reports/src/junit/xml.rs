//! The JUnit sanitiser: XML 1.0 character rules for every string that goes into the quick-junit
//! model. The main items are [`attribute`] and [`text`]; the writer builds every `XmlString`
//! with one of them.
//!
//! XML 1.0 forbids the C0 controls other than TAB, LF and CR, and U+FFFE and U+FFFF; a single
//! one makes junitparser, expat and every CI reader reject the whole file. quick-junit's
//! [`XmlString::new`] silently drops C0 controls and ANSI sequences but keeps U+FFFE/U+FFFF.
//! Here every [unsafe](crate::text::is_unsafe) character (those, plus DEL, C1 controls, bidi
//! controls and the other noncharacters, which XML 1.0 discourages) becomes a visible escape
//! such as `\u{fffe}` before quick-junit sees it, so the file is well-formed and nothing is
//! dropped unseen.
//!
//! Parsers also rewrite some characters on read: in text, CR LF and lone CR become LF; in
//! attribute values, TAB, LF and CR become spaces. And `XmlString::new` drops TAB too. So
//! [`text`] keeps LF, turns CR LF into LF and escapes a lone CR and TAB, and [`attribute`]
//! escapes LF as well. What a reader gets back is then exactly the model that was written.

use quick_junit::XmlString;

use crate::text::{escape_controls, escape_controls_multiline, push_escape};

/// `value` as an XML attribute value (names, class names, messages, types, properties).
pub(crate) fn attribute(value: &str) -> XmlString {
    XmlString::new(escape_whitespace(&escape_controls(value), &['\t', '\n']))
}

/// `value` as XML element text (failure and skip descriptions, system-out).
pub(crate) fn text(value: &str) -> XmlString {
    XmlString::new(escape_whitespace(
        &escape_controls_multiline(value),
        &['\t'],
    ))
}

/// `text` with each of `chars` replaced by its visible escape.
fn escape_whitespace(text: &str, chars: &[char]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if chars.contains(&c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{0}b\u{1b}[31m\u{7}\u{fffe}\u{ffff}\r\n\rc\td\ne\u{85}\u{202e}";

    #[test]
    fn text_keeps_lines_and_escapes_the_rest() {
        assert_eq!(
            text(HOSTILE).as_str(),
            "a\\u{0}b\\u{1b}[31m\\u{7}\\u{fffe}\\u{ffff}\n\\u{d}c\\u{9}d\ne\\u{85}\\u{202e}"
        );
    }

    #[test]
    fn attributes_escape_whitespace_that_parsers_would_rewrite() {
        assert_eq!(
            attribute("a\tb\nc\r\nd").as_str(),
            "a\\u{9}b\\u{a}c\\u{d}\\u{a}d"
        );
        assert_eq!(attribute("plain <&> é").as_str(), "plain <&> é");
    }

    #[test]
    fn quick_junit_has_nothing_left_to_strip() {
        // XmlString::new drops ANSI sequences and C0 controls silently; the escapes must get
        // through it whole.
        assert!(text(HOSTILE).as_str().contains("b\\u{1b}[31m\\u{7}"));
        assert!(attribute(HOSTILE).as_str().contains("b\\u{1b}[31m\\u{7}"));
        let sample = (0..0x3000)
            .chain(0xfdc0..0xfdf8)
            .chain(0xfff0..=0xffff)
            .chain([0x1fffd, 0x1fffe, 0x1ffff, 0x10fffd, 0x10fffe, 0x10ffff]);
        for c in sample.filter_map(char::from_u32) {
            let one = c.to_string();
            let expected = if crate::text::is_unsafe(c) || c == '\t' {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                one.clone()
            };
            assert_eq!(text(&one).as_str(), expected, "{c:?}");
        }
    }
}
