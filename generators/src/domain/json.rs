//! Arbitrary nested JSON for free-form fields such as `metadata`. The main item is [`json_value`].

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

use crate::text::text;

/// Free text of up to `max` characters drawn on everything JSON can carry; one string in eight
/// holds U+0000, which PostgreSQL `text` and `jsonb` cannot store (a target must refuse it with
/// a 4xx or store it, never answer 5xx).
fn free_text(min: usize, max: usize) -> BoxedStrategy<String> {
    prop_oneof![
        7 => text(min, Some(max)),
        1 => (text(0, Some(max / 2)), text(0, Some(max / 2)))
            .prop_map(|(a, b)| format!("{a}\u{0}{b}")),
    ]
    .boxed()
}

fn leaf() -> BoxedStrategy<Value> {
    let string = free_text(0, 16);
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![-1000i64..1000, Just(i64::MAX), Just(i64::MIN), Just(0)].prop_map(Value::from),
        prop_oneof![Just(0.5f64), Just(-1e300), Just(1e-300), -1e6f64..1e6]
            .prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        string.prop_map(Value::String),
    ]
    .boxed()
}

fn nested(leaf: BoxedStrategy<Value>, keys: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((keys.clone(), inner), 0..4)
                .prop_map(|kvs| Value::Object(kvs.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Any JSON value, nested up to three levels; strings and keys carry anything JSON can.
pub fn json_value() -> BoxedStrategy<Value> {
    nested(leaf(), free_text(0, 12))
}

/// A JSON object of nested values (metadata). Strings and keys draw on everything JSON can
/// carry, U+0000 and other controls included, in live requests as in offline documents. With
/// `integers_only`, numbers are integers a double holds exactly, so an echo compares equal after
/// a round trip through a service that decodes numbers as doubles (as Go's `encoding/json` does).
pub fn json_object(integers_only: bool) -> BoxedStrategy<Value> {
    let (leaf, keys) = if integers_only {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-1_000_000i64..1_000_000).prop_map(Value::from),
            free_text(0, 16).prop_map(Value::String),
        ]
        .boxed();
        (leaf, free_text(1, 12))
    } else {
        (leaf(), free_text(0, 12))
    };
    let value = nested(leaf, keys.clone());
    proptest::collection::vec((keys, value), 0..5)
        .prop_map(|kvs| Value::Object(kvs.into_iter().collect::<Map<_, _>>()))
        .boxed()
}
