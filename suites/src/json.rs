//! JSON compared as JSON: [`same_json`] (numbers by exact value) for what a client sent, and
//! [`interoperable_json`] (numbers as IEEE 754 binary64, the precision RFC 8259 §6 says
//! interoperable implementations can expect) for what a client handed on. Object keys compare
//! in any order in both.

use results::diff::{json_diff_by, Difference};
use serde_json::{Number, Value};

/// How two JSON numbers are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbers {
    /// By exact value: `1.0` equals `1`; 18446744073709551615 is not 1.8446744073709552e19.
    Exact,
    /// By their binary64 readings (RFC 8259 §6): what any JSON reader built on doubles, every
    /// JavaScript SDK among them, can be expected to keep.
    Binary64,
}

/// JSON equality with numbers compared by exact value and object keys in any order: did a
/// client send exactly what it was asked to?
pub fn same_json(a: &Value, b: &Value) -> bool {
    equal(a, b, Numbers::Exact)
}

/// JSON equality with numbers compared as binary64 (RFC 8259 §6) and object keys in any order:
/// did a client hand on what it was served, as far as JSON promises interoperability?
pub fn interoperable_json(a: &Value, b: &Value) -> bool {
    equal(a, b, Numbers::Binary64)
}

/// Where `left` and `right` differ, numbers compared as [`interoperable_json`] compares them:
/// empty exactly when `interoperable_json(left, right)` holds.
pub fn interoperable_diff(left: &Value, right: &Value) -> Vec<Difference> {
    json_diff_by(left, right, &|a, b| equal(a, b, Numbers::Binary64))
}

/// A value as compact JSON, cut to at most `max` characters (ending with `…` when cut), for
/// messages.
pub fn clipped(value: &Value, max: usize) -> String {
    results::text::truncate(&value.to_string(), max)
}

fn equal(a: &Value, b: &Value, numbers: Numbers) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match numbers {
            Numbers::Exact => same_number(x, y),
            Numbers::Binary64 => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b, numbers))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w, numbers)))
        }
        _ => a == b,
    }
}

/// Two JSON numbers with the same value: integers exactly, an integer and a float only when the
/// float holds that very integer.
fn same_number(x: &Number, y: &Number) -> bool {
    let int = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    let holds = |f: f64, i: i128| f.fract() == 0.0 && f as i128 == i && i as f64 == f;
    match (int(x), int(y)) {
        (Some(i), Some(j)) => i == j,
        (Some(i), None) => y.as_f64().is_some_and(|f| holds(f, i)),
        (None, Some(j)) => x.as_f64().is_some_and(|f| holds(f, j)),
        (None, None) => x.as_f64() == y.as_f64(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn exact_numbers_compare_by_value_and_keys_in_any_order() {
        assert!(same_json(
            &json!({"a": 1, "b": [1.0]}),
            &json!({"b": [1], "a": 1.0})
        ));
        assert!(!same_json(
            &json!(18_446_744_073_709_551_615_u64),
            &json!(18_446_744_073_709_552_000.0_f64)
        ));
        assert!(!same_json(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }

    #[test]
    fn interoperable_numbers_compare_as_doubles() {
        assert!(interoperable_json(
            &json!({"n": -8_121_425_373_087_652_057_i64}),
            &json!({"n": -8_121_425_373_087_652_000.0_f64})
        ));
        assert!(!interoperable_json(&json!(1), &json!(2)));
        assert!(!interoperable_json(&json!("1"), &json!(1)));
    }

    #[test]
    fn the_interoperable_diff_is_empty_exactly_when_the_values_are_interoperable() {
        let pairs = [
            (
                json!({"n": 9_007_199_254_740_993_u64}),
                json!({"n": 9_007_199_254_740_992_u64}),
            ),
            (json!({"a": [1, 2]}), json!({"a": [1, 2, 3]})),
            (json!({"a": null}), json!({})),
            (json!({"a": {"b": [1.5]}}), json!({"a": {"b": [1.5]}})),
            (json!("x"), json!(["x"])),
        ];
        for (a, b) in &pairs {
            assert_eq!(
                interoperable_diff(a, b).is_empty(),
                interoperable_json(a, b),
                "{a} vs {b}"
            );
        }
        let found = interoperable_diff(&pairs[1].0, &pairs[1].1);
        assert_eq!(found[0].pointer, "/a/2");
    }
}
