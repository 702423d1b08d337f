//! Small JSON value helpers shared by the generators, the mutator and the request cases: numbers
//! as JSON, and edits at a JSON pointer. The main item is [`set_at`].

use serde_json::{Number, Value};

use contract::pointer;

/// `x` as a JSON number: an integer when it is integral and exact, a float otherwise (`null` for
/// NaN and infinities, which JSON cannot carry).
pub fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// Sets the value at pointer `at` (`""` replaces everything), creating missing parent objects.
pub fn set_at(doc: &mut Value, at: &str, value: Value) {
    let Some((parent, key)) = pointer::split_last(at) else {
        *doc = value;
        return;
    };
    if let Some(slot) = doc.pointer_mut(at) {
        *slot = value;
        return;
    }
    if !doc
        .pointer(parent)
        .is_some_and(|p| p.is_object() || p.is_array())
    {
        set_at(doc, parent, Value::Object(Default::default()));
    }
    if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
        map.insert(key, value);
    }
}

/// Removes the key at pointer `at` from its parent object, if there is one.
pub fn remove_at(doc: &mut Value, at: &str) {
    if let Some((parent, key)) = pointer::split_last(at) {
        if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
            map.shift_remove(&key);
        }
    }
}

/// `doc` with the value at `at` replaced by `value`.
pub fn replaced(doc: &Value, at: &str, value: Value) -> Value {
    let mut out = doc.clone();
    set_at(&mut out, at, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn edits_at_pointers() {
        let mut doc = json!({"a": {"b": 1}, "l": [1, 2]});
        set_at(&mut doc, "/a/b", json!(2));
        set_at(&mut doc, "/x/y", json!(3));
        set_at(&mut doc, "/l/1", json!(9));
        assert_eq!(doc, json!({"a": {"b": 2}, "l": [1, 9], "x": {"y": 3}}));
        remove_at(&mut doc, "/a/b");
        assert_eq!(doc["a"], json!({}));
        assert_eq!(replaced(&doc, "", json!(null)), json!(null));
    }

    #[test]
    fn integral_numbers_are_integers() {
        assert_eq!(number(3.0), json!(3));
        assert_eq!(number(0.5), json!(0.5));
        assert_eq!(number(f64::NAN), Value::Null);
    }
}
