//! The Markdown sanitiser: [`escape_markdown`] for inline text, [`code`] for code spans and
//! [`fenced`] for code blocks.

use std::fmt::Write as _;

use crate::text::{escape_controls, escape_controls_multiline, one_line};

/// Escapes `text` as inline Markdown on one line: whitespace runs become one space, and every
/// character Markdown (GitHub Flavored, with math) could read as syntax is backslash-escaped,
/// `|` included so the text is safe inside table cells. `<`, `>` and `&` are escaped too, so no
/// HTML is ever rendered from the text, and `:` so URLs in responses are not auto-linked.
/// Control characters, bidi controls and noncharacters become visible escapes such as
/// `\u{1b}` (which then read as text, their `\`, `{` and `}` escaped in turn).
pub fn escape_markdown(text: &str) -> String {
    let line = one_line(text, usize::MAX);
    let line = escape_controls(&line);
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
        assert_eq!(escape_markdown("<img src=x>"), r"\<img src=x\>");
        assert_eq!(
            escape_markdown("**bold** [l](u)\n# h"),
            r"\*\*bold\*\* \[l\]\(u\) \# h"
        );
        assert_eq!(escape_markdown("/$defs/User:type"), r"/\$defs/User\:type");
        assert_eq!(escape_markdown("plain words 42"), "plain words 42");
    }

    #[test]
    fn markdown_shows_control_characters_escaped() {
        assert_eq!(
            escape_markdown("0 failed\u{1b}[2K\r"),
            r"0 failed\\u\{1b\}\[2K"
        );
        assert_eq!(code("a\u{7}|b\u{9b}"), r"`a\u{7}\|b\u{9b}`");
        let mut out = String::new();
        fenced(&mut out, "", "l1\r\nl2\u{0}\rl3\u{2066}\t");
        assert_eq!(out, "```\nl1\nl2\\u{0}\\u{d}l3\\u{2066}\t\n```\n\n");
    }
}
