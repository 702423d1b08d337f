//! The effective schema of a location: its own keywords with `$ref` targets and `allOf` members
//! merged in, so the builder sees every constraint at once. The main item is [`flatten`].

use serde_json::{Map, Value};

use contract::Contract;

/// Key under which extra `pattern`s are kept when merged schemas carry several.
pub const EXTRA_PATTERNS: &str = "$conformance:patterns";

/// How many `$ref`s deep a flattening may go (a `$ref` cycle without instance nesting stops here).
const MAX_REF_DEPTH: usize = 16;

/// The effective keywords of `schema`, or `None` for the `false` schema (nothing is valid).
pub fn flatten(contract: &Contract, schema: &Value) -> Option<Map<String, Value>> {
    flatten_at(contract, schema, 0)
}

fn flatten_at(contract: &Contract, schema: &Value, depth: usize) -> Option<Map<String, Value>> {
    let map = match schema {
        Value::Bool(false) => return None,
        Value::Object(map) => map,
        _ => return Some(Map::new()),
    };
    let mut out: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "$ref" | "allOf"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if depth >= MAX_REF_DEPTH {
        return Some(out);
    }
    if let Some(target) = map
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| contract.resolve_ref(r))
    {
        let target = contract
            .subschema(&target)
            .cloned()
            .unwrap_or(Value::Bool(true));
        merge(&mut out, flatten_at(contract, &target, depth + 1)?);
    }
    if let Some(Value::Array(members)) = map.get("allOf") {
        for member in members {
            merge(&mut out, flatten_at(contract, member, depth + 1)?);
        }
    }
    Some(out)
}

/// The JSON types `schema` allows (`None`: no `type` keyword).
pub fn types(schema: &Map<String, Value>) -> Option<Vec<String>> {
    match schema.get("type")? {
        Value::String(t) => Some(vec![t.clone()]),
        Value::Array(ts) => Some(
            ts.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

fn intersect_types(a: &[String], b: &[String]) -> Vec<String> {
    let has = |set: &[String], t: &str| {
        set.iter().any(|x| x == t) || (t == "integer" && set.iter().any(|x| x == "number"))
    };
    let mut out: Vec<String> = a.iter().filter(|t| has(b, t)).cloned().collect();
    out.extend(
        b.iter()
            .filter(|t| t.as_str() == "integer" && a.iter().any(|x| x == "number"))
            .cloned(),
    );
    out.dedup();
    out
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Merges `b` into `a` so that the result asks for both.
pub fn merge(a: &mut Map<String, Value>, b: Map<String, Value>) {
    for (key, value) in b {
        let Some(existing) = a.get_mut(&key) else {
            a.insert(key, value);
            continue;
        };
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" => {
                if let (Value::Object(mine), Value::Object(theirs)) = (existing, value) {
                    for (name, sub) in theirs {
                        match mine.get_mut(&name) {
                            Some(old) => *old = serde_json::json!({"allOf": [old.clone(), sub]}),
                            None => {
                                mine.insert(name, sub);
                            }
                        }
                    }
                }
            }
            "required" => {
                if let (Value::Array(mine), Value::Array(theirs)) = (existing, value) {
                    for name in theirs {
                        if !mine.contains(&name) {
                            mine.push(name);
                        }
                    }
                }
            }
            "type" => {
                let mine = types(&Map::from_iter([("type".to_owned(), existing.clone())]))
                    .unwrap_or_default();
                let theirs =
                    types(&Map::from_iter([("type".to_owned(), value)])).unwrap_or_default();
                *existing = Value::from(intersect_types(&mine, &theirs));
            }
            "enum" => {
                if let (Value::Array(mine), Value::Array(theirs)) = (existing, value) {
                    mine.retain(|v| theirs.contains(v));
                }
            }
            "minimum" | "exclusiveMinimum" | "minLength" | "minItems" | "minProperties"
                if number(&value) > number(existing) =>
            {
                *existing = value;
            }
            "maximum" | "exclusiveMaximum" | "maxLength" | "maxItems" | "maxProperties"
                if number(&value) < number(existing) =>
            {
                *existing = value;
            }
            "additionalProperties" if value == Value::Bool(false) => *existing = value,
            "pattern" if *existing != value => {
                let extra = a
                    .entry(EXTRA_PATTERNS)
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = extra {
                    list.push(value);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_and_all_of_are_merged() {
        let c = Contract::from_value(
            "t",
            json!({"$defs": {"A": {"type": ["string", "null"], "minLength": 2, "properties": {"x": {"type": "string"}}, "required": ["x"]}}}),
        )
        .unwrap();
        let eff = flatten(&c, &json!({"$ref": "#/$defs/A", "allOf": [{"type": "string", "minLength": 5, "required": ["y"], "pattern": "a"}], "pattern": "b"})).unwrap();
        assert_eq!(eff["type"], json!(["string"]));
        assert_eq!(eff["minLength"], json!(5));
        assert_eq!(eff["required"], json!(["x", "y"]));
        assert_eq!(eff["pattern"], json!("b"));
        assert_eq!(eff[EXTRA_PATTERNS], json!(["a"]));
        assert!(flatten(&c, &json!(false)).is_none());
        assert!(flatten(&c, &json!({"allOf": [false]})).is_none());
    }

    #[test]
    fn integer_is_a_number() {
        assert_eq!(
            intersect_types(&["number".into()], &["integer".into(), "string".into()]),
            ["integer"]
        );
    }
}
