//! `type`: a value of every JSON type the schema does not allow (null first: "null where null
//! is not allowed" is the commonest real break).

use serde_json::{json, Value};

use super::input::{show, Candidate, Input};

/// Mutants for `type`.
pub fn mutate(input: &Input<'_>) -> Vec<Candidate> {
    let allowed: Vec<&str> = match input.rule_value {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return Vec::new(),
    };
    let accepts = |t: &str| allowed.contains(&t) || (t == "integer" && allowed.contains(&"number"));
    let samples = [
        ("null", Value::Null),
        ("string", json!("mutant")),
        ("integer", json!(7)),
        ("number", json!(0.5)),
        ("boolean", json!(false)),
        ("object", json!({})),
        ("array", json!([])),
    ];
    samples
        .into_iter()
        .filter(|(t, _)| !accepts(t))
        .map(|(t, v)| {
            Candidate::new(
                format!("type:{t}"),
                format!(
                    "a {t} ({}) where {} is required",
                    show(&v),
                    input.rule_value
                ),
                v,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(rule_value: Value) -> Vec<String> {
        let schema = serde_json::Map::new();
        mutate(&Input {
            schema: &schema,
            rule_value: &rule_value,
            instance: &json!("x"),
        })
        .into_iter()
        .map(|c| c.label)
        .collect()
    }

    #[test]
    fn null_comes_first_and_integers_count_as_numbers() {
        assert_eq!(labels(json!("string"))[0], "type:null");
        assert!(!labels(json!(["string", "null"])).contains(&"type:null".to_owned()));
        assert!(!labels(json!("number")).contains(&"type:integer".to_owned()));
        assert!(
            labels(json!("integer")).contains(&"type:number".to_owned()),
            "0.5 is not an integer"
        );
        assert!(labels(json!(5)).is_empty());
    }
}
