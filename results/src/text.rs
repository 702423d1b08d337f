//! One-line messages and truncation, for every message and report: [`one_line`] and
//! [`truncate`].

/// Collapses `text` to a single line (every run of whitespace, CR and LF included, becomes one
/// space), trims it, and cuts it to at most `max_chars` characters, ending with `…` when cut.
///
/// Other control characters are kept, so the format's sanitiser can show them escaped.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let mut line = String::with_capacity(text.len().min(max_chars.saturating_mul(4)));
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !line.is_empty();
        } else {
            if pending_space {
                line.push(' ');
                pending_space = false;
            }
            line.push(c);
        }
    }
    truncate(&line, max_chars)
}

/// Cuts `text` to at most `max_chars` characters, ending with `…` when cut.
pub fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_owned(),
        Some(_) => {
            let keep = max_chars.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
            format!("{}…", &text[..end])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_whitespace_and_keeps_other_controls() {
        assert_eq!(one_line("  a\n\tb\r\n  c\u{7}d  ", 100), "a b c\u{7}d");
        assert_eq!(one_line("a\u{b}\u{c}\u{85}b", 100), "a b");
        assert_eq!(one_line("", 10), "");
        assert_eq!(one_line(" \n ", 10), "");
    }

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("héllo wörld", 5), "héll…");
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(truncate("abc", 0), "…");
        assert_eq!(one_line("ééééééé", 3), "éé…");
    }
}
