//! BCP 47 language tags. The main item is [`locale`].

use proptest::prelude::*;

/// Tags from simple to elaborate: language, region, script, numeric region, variant, extension.
pub const TAGS: &[&str] = &[
    "en",
    "fr",
    "de",
    "es",
    "pt",
    "sv",
    "ja",
    "zh",
    "ar",
    "he",
    "fil",
    "haw",
    "yue",
    "en-US",
    "en-GB",
    "pt-BR",
    "fr-CA",
    "es-419",
    "zh-Hant",
    "zh-Hant-TW",
    "sr-Latn-RS",
    "de-CH-1996",
    "en-US-u-ca-gregory",
];

/// A tag with `min..=max` characters, or `None` when no tag fits.
pub fn locale(min: usize, max: Option<usize>) -> Option<BoxedStrategy<String>> {
    let fitting: Vec<&'static str> = TAGS
        .iter()
        .copied()
        .filter(|t| t.len() >= min && max.is_none_or(|m| t.len() <= m))
        .collect();
    if fitting.is_empty() {
        return None;
    }
    Some(
        prop::sample::select(fitting)
            .prop_map(str::to_owned)
            .boxed(),
    )
}
