//! The terminal sanitiser, [`terminal_safe`].

use std::borrow::Cow;

use super::controls::escape_controls;

/// Makes `text` safe to print to a terminal: every control character other than `\n` and `\t`
/// (NUL, BEL, ESC, CR, DEL, the C1 controls U+0080–U+009F), the bidi overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) and the noncharacters (U+FFFE, U+FFFF, …) are replaced by
/// their visible Rust escape, such as `\u{1b}`.
///
/// A target under test is hostile by definition: without this, a response body could retitle
/// or clear the terminal, move the cursor, or print a fake "0 failed" over the real summary.
/// Route every string that came from a target (messages, bodies, reasons, URLs) through it
/// before printing. Text with nothing to escape is borrowed, not copied.
///
/// ```
/// use reports::terminal_safe;
///
/// assert_eq!(terminal_safe("plain\ttext\n"), "plain\ttext\n");
/// assert_eq!(terminal_safe("\u{1b}]0;pwned\u{7}"), "\\u{1b}]0;pwned\\u{7}");
/// assert_eq!(terminal_safe("3 failed\r0 failed"), "3 failed\\u{d}0 failed");
/// ```
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape_controls(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_escape_sequence_reaches_the_terminal() {
        let hostile = "\u{1b}[2J\u{1b}[H\u{9b}31m\u{0}\u{7f}\u{202e}txt.exe\u{2066}";
        let safe = terminal_safe(hostile);
        assert_eq!(
            safe,
            "\\u{1b}[2J\\u{1b}[H\\u{9b}31m\\u{0}\\u{7f}\\u{202e}txt.exe\\u{2066}"
        );
        assert!(safe
            .chars()
            .all(|c| c == '\n' || c == '\t' || !c.is_control()));
    }
}
