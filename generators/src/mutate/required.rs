//! `required`: drop one required key that is present.

use serde_json::Value;

use super::input::{Candidate, Input};

/// Mutants for `required`: one per required key present in the object.
pub fn mutate(input: &Input<'_>) -> Vec<Candidate> {
    let (Value::Array(names), Value::Object(object)) = (input.rule_value, input.instance) else {
        return Vec::new();
    };
    names
        .iter()
        .filter_map(Value::as_str)
        .filter(|name| object.contains_key(*name))
        .map(|name| {
            let mut without = object.clone();
            without.shift_remove(name);
            Candidate::new(
                format!("required:{name}"),
                format!("required key `{name}` dropped"),
                Value::Object(without),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_mutant_per_present_required_key() {
        let schema = serde_json::Map::new();
        let rule = json!(["a", "b", "missing"]);
        let instance = json!({"a": 1, "b": 2, "c": 3});
        let out = mutate(&Input {
            schema: &schema,
            rule_value: &rule,
            instance: &instance,
        });
        let got: Vec<(&str, &Value)> = out.iter().map(|c| (c.label.as_str(), &c.value)).collect();
        assert_eq!(
            got,
            [
                ("required:a", &json!({"b": 2, "c": 3})),
                ("required:b", &json!({"a": 1, "c": 3}))
            ]
        );
    }
}
