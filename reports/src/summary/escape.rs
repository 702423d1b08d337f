//! Escaping for the summaries: HTML text and attributes, Markdown text, and case anchors.

use std::fmt::Write as _;

/// Escapes `text` for HTML text and double- or single-quoted attribute values: `&`, `<`, `>`,
/// `"` and `'` become character references, so no input can open a tag or leave an attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` as inline Markdown on one line: whitespace runs become one space, and every
/// character Markdown (GitHub Flavored, with math) could read as syntax is backslash-escaped,
/// `|` included so the text is safe inside table cells. `<`, `>` and `&` are escaped too, so no
/// HTML is ever rendered from the text, and `:` so URLs in responses are not auto-linked.
pub fn escape_markdown(text: &str) -> String {
    let line = crate::text::one_line(text, usize::MAX);
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '<'
                | '>'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '$'
                | '~'
                | '&'
                | '"'
                | '\''
                | ':'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The HTML id of a case's details: `case-` followed by an encoding of the case name that is
/// unique per name and safe in ids and URL fragments. Letters, digits and `_` stay; `::`
/// becomes `.`; every other byte becomes `-` and two hex digits
/// (`signup::roundtrip::case_0007` → `case-signup.roundtrip.case_0007`).
pub fn case_anchor(case_name: &str) -> String {
    let mut out = String::from("case-");
    let mut rest = case_name;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("::") {
            out.push('.');
            rest = &rest[2..];
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "-{byte:02x}");
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_special_character() {
        assert_eq!(
            escape_html(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape_html("plain é"), "plain é");
    }

    #[test]
    fn markdown_escapes_syntax_html_and_pipes_on_one_line() {
        assert_eq!(escape_markdown("a|b"), r"a\|b");
        assert_eq!(escape_markdown("<img src=x>"), r"\<img src=x\>");
        assert_eq!(
            escape_markdown("**bold** [l](u)\n# h"),
            r"\*\*bold\*\* \[l\]\(u\) \# h"
        );
        assert_eq!(escape_markdown("/$defs/User:type"), r"/\$defs/User\:type");
        assert_eq!(escape_markdown("plain words 42"), "plain words 42");
    }

    #[test]
    fn case_anchor_is_readable_and_injective() {
        assert_eq!(
            case_anchor("signup::roundtrip::case_0007"),
            "case-signup.roundtrip.case_0007"
        );
        assert_eq!(case_anchor("a:b"), "case-a-3ab");
        assert_eq!(case_anchor("a\"><x"), "case-a-22-3e-3cx");
        assert_eq!(case_anchor("é"), "case--c3-a9");
        let names = [
            "a::b", "a.b", "a-2eb", "a:b", "a-b", "a--b", "a::::b", "a.::b",
        ];
        let anchors: std::collections::BTreeSet<String> =
            names.iter().map(|n| case_anchor(n)).collect();
        assert_eq!(anchors.len(), names.len());
        for anchor in &anchors {
            assert!(
                anchor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
                "{anchor}"
            );
        }
    }
}
