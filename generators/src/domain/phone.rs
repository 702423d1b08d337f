//! E.164 phone numbers. The main item is [`e164`].

use proptest::prelude::*;

use super::re;

/// `+`, a country code without leading zero, and subscriber digits: 8 to 15 digits in all.
pub fn e164() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just("+14155552671".to_owned()),
        6 => (re("[1-9][0-9]{0,2}"), 7usize..=12).prop_flat_map(|(cc, rest)| {
            let rest = rest.min(15 - cc.len());
            proptest::collection::vec(proptest::char::range('0', '9'), rest)
                .prop_map(move |digits| format!("+{cc}{}", digits.into_iter().collect::<String>()))
        }),
    ]
    .boxed()
}
