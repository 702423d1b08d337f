//! Human-facing names: display names in many scripts and role names. The main item is
//! [`display_name`].

use proptest::prelude::*;

use crate::text::{letter, text, truncate_chars};

/// Real-looking names: accents, apostrophes, hyphens, Greek, Cyrillic, Hebrew and Arabic
/// (right-to-left), CJK, and one with an emoji.
pub const NAMES: &[&str] = &[
    "Jane Doe",
    "Zoë O'Brien-Åström",
    "José Ñúñez",
    "Łukasz Żółć",
    "Ελένη Παπαδοπούλου",
    "Мария Иванова",
    "דוד כהן",
    "محمد علي",
    "山田太郎",
    "김민준",
    "Anonymous User",
    "jane@example.com",
    "Ana 🚀",
    "e\u{301}lise",
];

/// A display name of `min..=max` characters: real-looking names, generated words in many
/// scripts, or anything JSON can carry (controls, combining marks, RTL, emoji). Names that do
/// not fit are cut, short ones padded, so the bounds always hold.
pub fn display_name(min: usize, max: Option<usize>) -> BoxedStrategy<String> {
    let words = proptest::collection::vec(proptest::collection::vec(letter(), 1..=8), 1..=3)
        .prop_map(|ws| {
            ws.into_iter()
                .map(|w| w.into_iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        });
    prop_oneof![
        3 => prop::sample::select(NAMES).prop_map(str::to_owned),
        3 => words,
        2 => text(min.max(1), max),
    ]
    .prop_map(move |s| fit(&s, min, max))
    .boxed()
}

/// `s` cut to `max` characters and padded with `x` to `min`.
pub fn fit(s: &str, min: usize, max: Option<usize>) -> String {
    let mut out = match max {
        Some(max) => truncate_chars(s, max),
        None => s.to_owned(),
    };
    let missing = min.saturating_sub(out.chars().count());
    out.extend(std::iter::repeat_n('x', missing));
    out
}

/// Hasura role names, the defaults first.
pub const ROLES: &[&str] = &[
    "user",
    "me",
    "anonymous",
    "editor",
    "admin",
    "moderator",
    "x-hasura-custom",
    "rôle-ünïcode",
];

/// A role name of `min..=max` characters.
pub fn role(min: usize, max: Option<usize>) -> BoxedStrategy<String> {
    prop::sample::select(ROLES)
        .prop_map(move |r| fit(r, min, max))
        .boxed()
}
