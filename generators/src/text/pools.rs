//! Character pools: everything a JSON string can carry, grouped so that strategies can weight
//! them. The main item is [`any_json_char`].

use proptest::prelude::*;
use proptest::strategy::Union;

/// Inclusive character ranges of one pool.
pub type Pool = &'static [(char, char)];

/// `a`–`z`, `0`–`9` (shrinks towards `a`).
pub const ASCII_ALNUM: Pool = &[('a', 'z'), ('0', '9'), ('A', 'Z')];
/// Printable ASCII, space included.
pub const ASCII_PRINTABLE: Pool = &[(' ', '~')];
/// C0 and C1 control characters and DEL: JSON carries them escaped.
pub const CONTROL: Pool = &[('\u{0}', '\u{1f}'), ('\u{7f}', '\u{9f}')];
/// Latin-1 supplement and Latin Extended-A letters.
pub const LATIN: Pool = &[('\u{c0}', '\u{ff}'), ('\u{100}', '\u{17f}')];
/// Greek and Cyrillic letters.
pub const GREEK_CYRILLIC: Pool = &[('\u{391}', '\u{3c9}'), ('\u{410}', '\u{44f}')];
/// Combining diacritical marks: each is a character of its own.
pub const COMBINING: Pool = &[('\u{300}', '\u{36f}'), ('\u{20d0}', '\u{20ff}')];
/// Right-to-left letters: Hebrew and Arabic.
pub const RTL: Pool = &[('\u{5d0}', '\u{5ea}'), ('\u{621}', '\u{64a}')];
/// CJK ideographs, kana and Hangul.
pub const CJK: Pool = &[
    ('\u{4e00}', '\u{9fff}'),
    ('\u{3041}', '\u{3096}'),
    ('\u{ac00}', '\u{d7a3}'),
];
/// Astral-plane emoji (four UTF-8 bytes, two UTF-16 units).
pub const EMOJI: Pool = &[
    ('\u{1f300}', '\u{1f5ff}'),
    ('\u{1f600}', '\u{1f64f}'),
    ('\u{1f900}', '\u{1f9ff}'),
];
/// Characters that trip naive code: joiners, bidi overrides, BOM, line separators, NBSP,
/// the replacement character, non-characters, private use and the last code point.
pub const TRICKY: Pool = &[
    ('\u{200b}', '\u{200f}'),
    ('\u{2028}', '\u{202e}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{a0}', '\u{a0}'),
    ('\u{fffd}', '\u{ffff}'),
    ('\u{e000}', '\u{e000}'),
    ('\u{10ffff}', '\u{10ffff}'),
];

/// One character of `pool`, shrinking towards the pool's first character.
pub fn from_pool(pool: Pool) -> BoxedStrategy<char> {
    Union::new(pool.iter().map(|&(lo, hi)| proptest::char::range(lo, hi))).boxed()
}

/// The pools [`any_json_char`] draws from, with their weights (out of 256).
const WEIGHTED: &[(Pool, u32)] = &[
    (ASCII_ALNUM, 96),
    (ASCII_PRINTABLE, 48),
    (CONTROL, 16),
    (LATIN, 16),
    (GREEK_CYRILLIC, 8),
    (COMBINING, 16),
    (RTL, 16),
    (CJK, 8),
    (EMOJI, 16),
    (TRICKY, 16),
];

fn pool_size(pool: Pool) -> u32 {
    pool.iter().map(|&(lo, hi)| hi as u32 - lo as u32 + 1).sum()
}

/// The character `x` selects: the top byte picks a pool by weight, the rest a character in it.
/// Monotone near zero: `0` is `a`, so shrinking `x` shrinks towards plain ASCII.
pub fn char_at(x: u32) -> char {
    let mut selector = x >> 24;
    let offset = x & 0x00ff_ffff;
    let pool = WEIGHTED
        .iter()
        .find(|(_, w)| {
            let hit = selector < *w;
            selector = selector.saturating_sub(*w);
            hit
        })
        .map_or(ASCII_ALNUM, |(p, _)| *p);
    let mut index = offset % pool_size(pool);
    for &(lo, hi) in pool {
        let span = hi as u32 - lo as u32 + 1;
        if index < span {
            return char::from_u32(lo as u32 + index).unwrap_or('\u{fffd}');
        }
        index -= span;
    }
    'a'
}

/// Any character a JSON string can carry, mostly ASCII so values stay readable, with every pool
/// above represented. Shrinks towards `a`.
pub fn any_json_char() -> BoxedStrategy<char> {
    any::<u32>().prop_map(char_at).boxed()
}

/// A letter from many scripts (no combining marks): what a human name is made of.
pub fn letter() -> BoxedStrategy<char> {
    prop_oneof![
        8 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('A', 'Z'),
        2 => prop::sample::select(&['é', 'ë', 'ñ', 'ø', 'å', 'ł', 'ß', 'ç', 'ü', 'Ş', 'Ž'][..]),
        1 => proptest::char::range('\u{3b1}', '\u{3c9}'),
        1 => proptest::char::range('\u{430}', '\u{44f}'),
        1 => proptest::char::range('\u{5d0}', '\u{5ea}'),
        1 => proptest::char::range('\u{627}', '\u{64a}'),
        1 => proptest::char::range('\u{4e00}', '\u{9fa5}'),
        1 => prop::sample::select(&['𝒜', '𠀋', '𝔘'][..]),
    ]
    .boxed()
}

/// A symbol or a non-ASCII digit (`\p{S}`, `\p{N}`): what a display name may hold besides letters.
pub fn symbol() -> BoxedStrategy<char> {
    prop::sample::select(
        &[
            '$', '+', '<', '=', '>', '^', '`', '|', '~', '©', '€', '∑', '♥', '😀', '🔑', '٣', '½',
            '²',
        ][..],
    )
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pool_is_reachable_and_zero_is_a() {
        assert_eq!(char_at(0), 'a');
        let mut start = 0u32;
        for (pool, weight) in WEIGHTED {
            let c = char_at(start << 24);
            assert!(pool.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)), "{c:?}");
            start += weight;
        }
        assert_eq!(start, 256, "weights add up to 256");
    }
}
