//! `additionalProperties: false` and `propertyNames: false`: an extra key where none is allowed.

use serde_json::Value;

use super::input::{Candidate, Input};

const EXTRA_KEYS: &[&str] = &["x-conformance-extra", "ünknöwn-ключ", ""];

/// Mutants adding one key the schema does not declare.
pub fn mutate(input: &Input<'_>) -> Vec<Candidate> {
    let Value::Object(object) = input.instance else {
        return Vec::new();
    };
    let declared = input.schema.get("properties").and_then(Value::as_object);
    EXTRA_KEYS
        .iter()
        .enumerate()
        .filter(|(_, k)| {
            !object.contains_key(**k) && !declared.is_some_and(|d| d.contains_key(**k))
        })
        .map(|(i, key)| {
            let mut more = object.clone();
            more.insert((*key).to_owned(), Value::Bool(true));
            Candidate::new(
                format!("extra:{i}"),
                format!("undeclared key {key:?} added"),
                Value::Object(more),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extra_keys_are_undeclared() {
        let schema = json!({"properties": {"x-conformance-extra": {}}});
        let instance = json!({"a": 1});
        let out = mutate(&Input {
            schema: schema.as_object().unwrap(),
            rule_value: &json!(false),
            instance: &instance,
        });
        assert!(out.iter().all(|c| !c
            .value
            .as_object()
            .unwrap()
            .contains_key("x-conformance-extra")));
        assert_eq!(out.len(), 2);
    }
}
