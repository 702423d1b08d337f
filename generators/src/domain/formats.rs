//! Valid values for every format the validator asserts. The main item is [`by_format`].

use proptest::prelude::*;

use super::re;

use super::{date, date_time, email, ids::uuid, time, uri, uri_reference};

fn samples(values: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(values).prop_map(str::to_owned).boxed()
}

/// A strategy of valid values of `format`, or `None` for a format the validator does not assert
/// (any string is then valid).
pub fn by_format(format: &str) -> Option<BoxedStrategy<String>> {
    Some(match format {
        "uuid" => uuid(),
        "email" => email::email(),
        "idn-email" => prop_oneof![3 => email::email(), 1 => samples(&["用户@例子.广告", "δοκιμή@παράδειγμα.δοκιμή"])].boxed(),
        "date-time" => date_time(),
        "date" => date(),
        "time" => time(),
        "uri" => uri(),
        "uri-reference" => uri_reference(),
        "iri" => prop_oneof![3 => uri(), 1 => samples(&["https://例え.テスト/パス", "https://bücher.example/ä?ö=ü"])].boxed(),
        "iri-reference" => prop_oneof![3 => uri_reference(), 1 => samples(&["/パス/ä", "https://例え.テスト/"])].boxed(),
        "hostname" => re("[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?(\\.[a-z][a-z0-9]{0,8}){0,3}"),
        "idn-hostname" => samples(&["bücher.example", "例え.テスト", "xn--bcher-kva.example", "example.com"]),
        "ipv4" => (0u8..=255, 0u8..=255, 0u8..=255, 0u8..=255).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")).boxed(),
        "ipv6" => prop_oneof![
            proptest::collection::vec(any::<u16>(), 8).prop_map(|g| g.iter().map(|x| format!("{x:x}")).collect::<Vec<_>>().join(":")),
            samples(&["::1", "::", "2001:db8::7", "fe80::1:2:3:4", "::ffff:192.0.2.128"]),
        ]
        .boxed(),
        "duration" => samples(&["P1D", "PT1H30M", "P3Y6M4DT12H30M5S", "P4W", "PT0S"]),
        "json-pointer" => samples(&["", "/a", "/a~1b/0", "/~0tilde", "/ünï"]),
        "relative-json-pointer" => samples(&["0", "1/a", "2#", "0/~1"]),
        "regex" => samples(&["^a+$", "[0-9]{3}", "(?:x|y)*", ""]),
        "uri-template" => samples(&["https://example.com/{id}", "/users{/id}{?q,lang}", "plain"]),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::walk::ASSERTED_FORMATS;
    use contract::Contract;
    use proptest::test_runner::TestRunner;
    use serde_json::{json, Value};

    #[test]
    fn every_asserted_format_has_values_the_validator_accepts() {
        let mut runner = TestRunner::deterministic();
        for format in ASSERTED_FORMATS {
            let strategy =
                by_format(format).unwrap_or_else(|| panic!("no generator for `{format}`"));
            let check =
                Contract::from_value(format, json!({"type": "string", "format": format})).unwrap();
            let bad: Vec<String> = (0..400)
                .map(|_| strategy.new_tree(&mut runner).unwrap().current())
                .filter(|s| !check.is_valid(&Value::String(s.clone())))
                .collect();
            assert!(bad.is_empty(), "`{format}` values rejected: {bad:?}");
        }
    }
}
