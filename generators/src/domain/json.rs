//! Arbitrary nested JSON for free-form fields such as `metadata`. The main item is [`json_value`].

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

use crate::text::{storable_char, text, text_from};

fn leaf(storable: bool) -> BoxedStrategy<Value> {
    let string = if storable {
        text_from(storable_char(), 0, Some(16))
    } else {
        text(0, Some(16))
    };
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
    nested(leaf(false), text(0, Some(12)))
}

/// A JSON object of nested values (metadata). With `storable`, strings avoid U+0000 and numbers
/// are integers, so the object survives a round trip through a database (`jsonb`).
pub fn json_object(storable: bool) -> BoxedStrategy<Value> {
    let (leaf, keys) = if storable {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-1_000_000i64..1_000_000).prop_map(Value::from),
            text_from(storable_char(), 0, Some(16)).prop_map(Value::String),
        ]
        .boxed();
        (leaf, text_from(storable_char(), 1, Some(12)))
    } else {
        (leaf(false), text(0, Some(12)))
    };
    let value = nested(leaf, keys.clone());
    proptest::collection::vec((keys, value), 0..5)
        .prop_map(|kvs| Value::Object(kvs.into_iter().collect::<Map<_, _>>()))
        .boxed()
}
