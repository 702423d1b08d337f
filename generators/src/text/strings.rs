//! Strings measured the way JSON Schema measures them: in characters (Unicode scalar values).
//! The main item is [`text`].

use proptest::prelude::*;

use super::pools::char_at;

/// How long an unbounded string usually is.
pub const TYPICAL_MAX: usize = 24;

/// A length in `min..=max`, biased towards the limits (`min`, `max`, `min + 1`, `max - 1`) so
/// that values sit at every bound. Shrinks towards `min`.
pub fn length(min: usize, max: usize) -> BoxedStrategy<usize> {
    let max = max.max(min);
    prop_oneof![
        Just(min),
        Just(max),
        Just((min + 1).min(max)),
        Just(max.saturating_sub(1).max(min)),
        min..=max,
    ]
    .boxed()
}

/// The effective upper bound for a string with optional `max`: `max` itself, or a typical
/// length above `min`.
pub fn upper(min: usize, max: Option<usize>) -> usize {
    max.unwrap_or(min.saturating_add(TYPICAL_MAX)).max(min)
}

/// A string of `min..=max` characters drawn from `chars`.
pub fn text_from(
    chars: BoxedStrategy<char>,
    min: usize,
    max: Option<usize>,
) -> BoxedStrategy<String> {
    let max = upper(min, max);
    length(min, max)
        .prop_flat_map(move |n| proptest::collection::vec(chars.clone(), n))
        .prop_map(|chars| chars.into_iter().collect())
        .boxed()
}

/// A string of `min..=max` characters of anything JSON can carry: control characters,
/// combining marks, right-to-left text, astral-plane emoji, and mostly ASCII.
pub fn text(min: usize, max: Option<usize>) -> BoxedStrategy<String> {
    let max = upper(min, max);
    length(min, max)
        .prop_flat_map(|n| proptest::collection::vec(any::<u32>(), n))
        .prop_map(|xs| xs.into_iter().map(char_at).collect())
        .boxed()
}

/// Number of characters, as JSON Schema's `minLength`/`maxLength` count them.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Whether `s` has `min..=max` characters.
pub fn fits(s: &str, min: usize, max: Option<usize>) -> bool {
    let n = char_len(s);
    n >= min && max.is_none_or(|m| n <= m)
}

/// `s` cut to at most `max` characters (never splitting a character).
pub fn truncate_chars(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::test_runner::TestRunner;

    #[test]
    fn lengths_are_counted_in_characters() {
        let mut runner = TestRunner::deterministic();
        let strategy = text(2, Some(5));
        for _ in 0..300 {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            assert!(fits(&s, 2, Some(5)), "{s:?}");
        }
        assert_eq!(char_len("é😀\u{301}"), 3);
        assert_eq!(truncate_chars("😀😀😀", 2), "😀😀");
    }

    #[test]
    fn limits_are_hit() {
        let mut runner = TestRunner::deterministic();
        let strategy = length(3, 9);
        let seen: std::collections::HashSet<usize> = (0..200)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect();
        for bound in [3, 4, 8, 9] {
            assert!(seen.contains(&bound), "{bound} never drawn: {seen:?}");
        }
    }
}
