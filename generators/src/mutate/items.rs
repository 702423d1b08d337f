//! Array keywords: `minItems`, `maxItems`, `uniqueItems`, `items: false`.

use serde_json::Value;

use super::input::{Candidate, Input};

fn items<'a>(input: &'a Input<'_>) -> Option<&'a Vec<Value>> {
    input.instance.as_array()
}

/// Mutants for `minItems`: one item too few.
pub fn min_items(input: &Input<'_>) -> Vec<Candidate> {
    let (Some(list), Some(min)) = (items(input), input.rule_value.as_u64()) else {
        return Vec::new();
    };
    if min == 0 {
        return Vec::new();
    }
    let mut fewer = list.clone();
    fewer.truncate(min as usize - 1);
    vec![Candidate::new(
        "minItems:short",
        format!("{} items where at least {min} are required", fewer.len()),
        Value::Array(fewer),
    )]
}

/// Mutants for `maxItems`: one item too many (a copy of the last, or `null`).
pub fn max_items(input: &Input<'_>) -> Vec<Candidate> {
    let (Some(list), Some(max)) = (items(input), input.rule_value.as_u64()) else {
        return Vec::new();
    };
    let mut more = list.clone();
    while more.len() <= max as usize {
        more.push(list.last().cloned().unwrap_or(Value::Null));
    }
    vec![Candidate::new(
        "maxItems:long",
        format!("{} items where at most {max} are allowed", more.len()),
        Value::Array(more),
    )]
}

/// Mutants for `uniqueItems`: the first item repeated.
pub fn unique_items(input: &Input<'_>) -> Vec<Candidate> {
    let Some(first) = items(input).and_then(|l| l.first()) else {
        return Vec::new();
    };
    let mut dup = items(input).cloned().unwrap_or_default();
    dup.push(first.clone());
    vec![Candidate::new(
        "uniqueItems:dup",
        "first item repeated",
        Value::Array(dup),
    )]
}

/// Mutants for `items: false`: one item appended where none may follow.
pub fn items_false(input: &Input<'_>) -> Vec<Candidate> {
    let Some(list) = items(input) else {
        return Vec::new();
    };
    let mut more = list.clone();
    more.push(Value::Null);
    vec![Candidate::new(
        "items:extra",
        "an item where no more are allowed",
        Value::Array(more),
    )]
}
