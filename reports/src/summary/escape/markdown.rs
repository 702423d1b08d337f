//! The Markdown sanitiser: [`escape_markdown`] for inline text, [`code`] for code spans and
//! [`fenced`] for code blocks.

use std::fmt::Write as _;

use crate::text::{escape_controls, escape_controls_multiline, one_line};

/// Escapes `text` as inline Markdown on one line, escaping only what GitHub Flavored Markdown
/// (with math) could read as syntax there: whitespace runs become one space; `` ` ``, `*`,
/// `[`, `]`, `<` (HTML and autolinks), `|` (table cells), `~` (strikethrough) and `$` (math)
/// always; `_` unless it stands between two letters or digits (no emphasis there); `\` before
/// punctuation or at the end; `&` when it would start a character reference; `:` in `://`, so a
/// URL is not auto-linked; and at the start, where a line begins, `#`, `>`, `-`, `+`, `=` and the
/// `.` or `)` after leading digits (headings, quotes, lists). So `schema's (RangeError: x)` stays
/// as it is. Control characters, bidi controls and noncharacters become visible escapes such as
/// `\u{1b}`.
pub fn escape_markdown(text: &str) -> String {
    let line = one_line(text, usize::MAX);
    let chars: Vec<char> = escape_controls(&line).chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(chars.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let escape = match c {
            '`' | '*' | '[' | ']' | '<' | '|' | '~' | '$' => true,
            '_' => !(word(prev) && word(next)),
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '&' => starts_reference(&chars[i + 1..]),
            ':' => next == Some('/') && chars.get(i + 2) == Some(&'/'),
            '#' | '>' | '-' | '+' | '=' => i == 0,
            '.' | ')' => digits > 0 && i == digits,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `rest` (what follows a `&`) makes it a character reference: `name;`, `#123;` or
/// `#x1f;`.
fn starts_reference(rest: &[char]) -> bool {
    let body = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    body > 0 && rest.get(body) == Some(&';')
}

/// `text` on one line as a code span, safe inside table cells: whitespace runs become one
/// space, control characters become visible escapes, `|` is escaped, and the backtick fence is
/// longer than any backtick run in the text.
pub(crate) fn code(text: &str) -> String {
    let line = one_line(text, usize::MAX);
    let line = escape_controls(&line).replace('|', "\\|");
    if line.is_empty() {
        return "` `".to_owned();
    }
    let ticks = "`".repeat(longest_backtick_run(&line) + 1);
    let pad = if line.starts_with('`') || line.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{line}{pad}{ticks}")
}

/// Appends `text` as a fenced code block whose fence is longer than any backtick run in it;
/// control characters other than TAB and LF become visible escapes (a CR LF pair becomes LF).
pub(crate) fn fenced(out: &mut String, lang: &str, text: &str) {
    let text = escape_controls_multiline(text);
    let fence = "`".repeat(longest_backtick_run(&text).max(2) + 1);
    let _ = writeln!(
        out,
        "{fence}{lang}\n{}\n{fence}\n",
        text.trim_end_matches('\n')
    );
}

/// The length of the longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_syntax_html_and_pipes_on_one_line() {
        assert_eq!(escape_markdown("a|b"), r"a\|b");
        assert_eq!(escape_markdown("<img src=x>"), r"\<img src=x>");
        assert_eq!(
            escape_markdown("**bold** [l](u)\n# h"),
            r"\*\*bold\*\* \[l\](u) # h"
        );
        assert_eq!(escape_markdown("# h"), r"\# h");
        assert_eq!(escape_markdown("12. item"), r"12\. item");
        assert_eq!(escape_markdown("/$defs/User:type"), r"/\$defs/User:type");
        assert_eq!(escape_markdown("plain words 42"), "plain words 42");
    }

    #[test]
    fn markdown_leaves_what_is_not_syntax_alone() {
        for text in [
            "the schema's `type` (RangeError: Invalid time value)",
            "snake_case and a.b-c+d = e!",
            "answered {\"error\":\"x\"} at 12:30",
            "C:\\path\\to",
            "AT&T & co",
        ] {
            let escaped = escape_markdown(text);
            assert!(!escaped.contains("\\'"), "{escaped}");
            assert!(!escaped.contains("\\("), "{escaped}");
            assert!(!escaped.contains("\\:"), "{escaped}");
            assert!(!escaped.contains("\\!"), "{escaped}");
            assert!(!escaped.contains("\\{"), "{escaped}");
        }
        assert_eq!(
            escape_markdown("the schema's (RangeError: x)"),
            "the schema's (RangeError: x)"
        );
        assert_eq!(escape_markdown("_a_ b_c"), r"\_a\_ b_c");
        assert_eq!(escape_markdown("see http://x.io"), r"see http\://x.io");
        assert_eq!(escape_markdown("&amp; &#60; & x"), r"\&amp; \&#60; & x");
        assert_eq!(escape_markdown(r"a\b \* c\"), r"a\b \\\* c\\");
    }

    #[test]
    fn markdown_shows_control_characters_escaped() {
        assert_eq!(
            escape_markdown("0 failed\u{1b}[2K\r"),
            r"0 failed\u{1b}\[2K"
        );
        assert_eq!(code("a\u{7}|b\u{9b}"), r"`a\u{7}\|b\u{9b}`");
        let mut out = String::new();
        fenced(&mut out, "", "l1\r\nl2\u{0}\rl3\u{2066}\t");
        assert_eq!(out, "```\nl1\nl2\\u{0}\\u{d}l3\\u{2066}\t\n```\n\n");
    }
}
