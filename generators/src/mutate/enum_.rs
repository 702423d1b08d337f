//! `enum` and `const`: a value outside the allowed set, of an allowed type when possible.

use serde_json::{json, Value};

use super::input::{show, Candidate, Input};

fn near_misses(value: &Value) -> Vec<Value> {
    match value {
        Value::String(s) => vec![json!(format!("{s}-x")), json!(s.to_uppercase()), json!("")],
        Value::Number(n) => vec![
            json!(n.as_f64().unwrap_or(0.0) + 1.0),
            json!(n.as_i64().unwrap_or(0).wrapping_add(1)),
        ],
        Value::Bool(b) => vec![json!(!b)],
        Value::Null => vec![json!("null"), json!(0)],
        Value::Array(items) => vec![json!([]), {
            let mut longer = items.clone();
            longer.push(Value::Null);
            Value::Array(longer)
        }],
        Value::Object(map) => vec![json!({}), {
            let mut more = map.clone();
            more.insert("x-conformance".into(), Value::Null);
            Value::Object(more)
        }],
    }
}

/// Mutants for `enum`: near misses of each allowed value that are not allowed themselves.
pub fn mutate_enum(input: &Input<'_>) -> Vec<Candidate> {
    let Value::Array(options) = input.rule_value else {
        return Vec::new();
    };
    let mut out: Vec<Candidate> = Vec::new();
    for candidate in options
        .iter()
        .flat_map(near_misses)
        .chain([json!("mutant"), Value::Null])
    {
        if options.contains(&candidate) || out.iter().any(|c| c.value == candidate) {
            continue;
        }
        let label = format!("enum:{}", out.len());
        out.push(Candidate::new(
            label,
            format!("{} is not among {}", show(&candidate), input.rule_value),
            candidate,
        ));
    }
    out
}

/// Mutants for `const`: near misses of the constant.
pub fn mutate_const(input: &Input<'_>) -> Vec<Candidate> {
    near_misses(input.rule_value)
        .into_iter()
        .filter(|v| v != input.rule_value)
        .enumerate()
        .map(|(i, v)| {
            Candidate::new(
                format!("const:{i}"),
                format!("{} instead of {}", show(&v), input.rule_value),
                v,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_mutants_are_outside_the_enum_and_typed_like_it_first() {
        let schema = serde_json::Map::new();
        let rule = json!(["totp", null]);
        let out = mutate_enum(&Input {
            schema: &schema,
            rule_value: &rule,
            instance: &Value::Null,
        });
        assert_eq!(out[0].value, json!("totp-x"));
        assert!(out
            .iter()
            .all(|c| !rule.as_array().unwrap().contains(&c.value)));
        let out = mutate_const(&Input {
            schema: &schema,
            rule_value: &json!(true),
            instance: &json!(true),
        });
        assert_eq!(out[0].value, json!(false));
    }
}
