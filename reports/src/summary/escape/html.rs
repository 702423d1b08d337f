//! The HTML sanitiser: [`escape_html`].

use crate::text::escape_controls_multiline;

/// Escapes `text` for HTML text and double- or single-quoted attribute values: `&`, `<`, `>`,
/// `"` and `'` become character references, so no input can open a tag or leave an attribute;
/// control characters other than TAB and LF (a CR LF pair becomes LF), bidi controls and
/// noncharacters become visible escapes such as `\u{1b}`, so none reaches the page raw.
pub fn escape_html(text: &str) -> String {
    let text = escape_controls_multiline(text);
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
    fn html_shows_control_characters_escaped() {
        assert_eq!(
            escape_html("a\u{1b}[2J\u{0}<\r\n\rb\u{202e}\u{ffff}\t"),
            "a\\u{1b}[2J\\u{0}&lt;\n\\u{d}b\\u{202e}\\u{ffff}\t"
        );
    }
}
