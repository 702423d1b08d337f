//! RFC 3339 timestamps, dates and times, including leap days, leap seconds, lowercase
//! separators, nanosecond fractions and offsets. The main item is [`date_time`].

use proptest::prelude::*;

use super::re;

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD`, mostly in 1970–2100, any year 0000–9999 sometimes; leap days included.
pub fn date() -> BoxedStrategy<String> {
    let year = prop_oneof![8 => 1970u32..=2100, 1 => 0u32..=9999, 1 => prop::sample::select(vec![2000u32, 2024, 1900, 9999, 0])];
    (year, 1u32..=12)
        .prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=days_in(y, m)))
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        .boxed()
}

fn fraction() -> BoxedStrategy<String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => re("[0-9]{1,9}").prop_map(|f| format!(".{f}")),
    ]
    .boxed()
}

fn offset() -> BoxedStrategy<String> {
    prop_oneof![
        4 => Just("Z".to_owned()),
        1 => Just("z".to_owned()),
        2 => (prop::sample::select(&['+', '-'][..]), 0u32..=23, 0u32..=59).prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
    ]
    .boxed()
}

/// `HH:MM:SS[.fraction](Z|z|±HH:MM)`; a leap second only at 23:59:60Z.
pub fn time() -> BoxedStrategy<String> {
    prop_oneof![
        20 => (0u32..=23, 0u32..=59, 0u32..=59, fraction(), offset())
            .prop_map(|(h, m, s, f, o)| format!("{h:02}:{m:02}:{s:02}{f}{o}")),
        1 => fraction().prop_map(|f| format!("23:59:60{f}Z")),
    ]
    .boxed()
}

/// A full RFC 3339 date-time with `T` (or `t`) between date and time.
pub fn date_time() -> BoxedStrategy<String> {
    (date(), prop_oneof![6 => Just('T'), 1 => Just('t')], time())
        .prop_map(|(d, sep, t)| format!("{d}{sep}{t}"))
        .boxed()
}
