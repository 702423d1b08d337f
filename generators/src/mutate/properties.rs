//! Object size: `minProperties` and `maxProperties`.

use serde_json::Value;

use super::input::{Candidate, Input};

/// Mutants for `minProperties`: keys removed (optional ones first) to one below the bound.
pub fn min_properties(input: &Input<'_>) -> Vec<Candidate> {
    let (Value::Object(object), Some(min)) = (input.instance, input.rule_value.as_u64()) else {
        return Vec::new();
    };
    if min == 0 {
        return Vec::new();
    }
    let required: Vec<&str> = input
        .schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut keys: Vec<String> = object.keys().cloned().collect();
    keys.sort_by_key(|k| required.contains(&k.as_str()));
    let mut fewer = object.clone();
    for key in keys {
        if fewer.len() < min as usize {
            break;
        }
        fewer.shift_remove(&key);
    }
    vec![Candidate::new(
        "minProperties:short",
        format!("{} keys where at least {min} are required", fewer.len()),
        Value::Object(fewer),
    )]
}

/// Mutants for `maxProperties`: keys added to one above the bound.
pub fn max_properties(input: &Input<'_>) -> Vec<Candidate> {
    let (Value::Object(object), Some(max)) = (input.instance, input.rule_value.as_u64()) else {
        return Vec::new();
    };
    let mut more = object.clone();
    let mut i = 0;
    while more.len() <= max as usize {
        more.insert(format!("x-conformance-{i}"), Value::Null);
        i += 1;
    }
    vec![Candidate::new(
        "maxProperties:long",
        format!("{} keys where at most {max} are allowed", more.len()),
        Value::Object(more),
    )]
}
