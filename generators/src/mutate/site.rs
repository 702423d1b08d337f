//! Where each schema location applies in a document: the walk of document × schema that the
//! mutator and the boundary variants share. The main item is [`sites`].

use std::collections::HashSet;

use serde_json::Value;

use contract::pointer;
use contract::Contract;

/// One schema object applied to one place of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// Pointer of the instance in the document.
    pub instance: String,
    /// Canonical pointer of the schema object in the contract's document.
    pub schema: String,
}

/// Every (instance, schema object) pair the validator evaluates, following `properties`,
/// `additionalProperties`, `items`, `prefixItems`, `allOf` and `$ref`. Branches of `anyOf`,
/// `oneOf`, `not` and `if` are not entered: which of them applies is not known statically.
pub fn sites(contract: &Contract, doc: &Value) -> Vec<Site> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    visit(
        contract,
        doc,
        "",
        contract.entry_pointer(),
        &mut seen,
        &mut out,
    );
    out
}

fn visit(
    contract: &Contract,
    value: &Value,
    at: &str,
    schema_at: &str,
    seen: &mut HashSet<(String, String)>,
    out: &mut Vec<Site>,
) {
    if !seen.insert((at.to_owned(), schema_at.to_owned())) {
        return;
    }
    let Some(Value::Object(schema)) = contract.subschema(schema_at) else {
        return;
    };
    out.push(Site {
        instance: at.to_owned(),
        schema: schema_at.to_owned(),
    });
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| contract.resolve_ref(r))
    {
        visit(contract, value, at, &target, seen, out);
    }
    if let Some(Value::Array(members)) = schema.get("allOf") {
        for i in 0..members.len() {
            let member = pointer::join_index(&pointer::join(schema_at, "allOf"), i);
            visit(contract, value, at, &member, seen, out);
        }
    }
    match value {
        Value::Object(map) => {
            let props = schema.get("properties").and_then(Value::as_object);
            let has_pattern_props = schema.contains_key("patternProperties");
            for (key, child) in map {
                let child_at = pointer::join(at, key);
                if props.is_some_and(|p| p.contains_key(key)) {
                    let sub = pointer::join(&pointer::join(schema_at, "properties"), key);
                    visit(contract, child, &child_at, &sub, seen, out);
                } else if !has_pattern_props
                    && schema
                        .get("additionalProperties")
                        .is_some_and(Value::is_object)
                {
                    let sub = pointer::join(schema_at, "additionalProperties");
                    visit(contract, child, &child_at, &sub, seen, out);
                }
            }
        }
        Value::Array(items) => {
            let prefix = schema
                .get("prefixItems")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            for (i, item) in items.iter().enumerate() {
                let child_at = pointer::join_index(at, i);
                let sub = if i < prefix {
                    pointer::join_index(&pointer::join(schema_at, "prefixItems"), i)
                } else {
                    match schema.get("items") {
                        Some(Value::Object(_)) => pointer::join(schema_at, "items"),
                        Some(Value::Array(list)) if i < list.len() => {
                            pointer::join_index(&pointer::join(schema_at, "items"), i)
                        }
                        _ => continue,
                    }
                };
                visit(contract, item, &child_at, &sub, seen, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sites_follow_refs_properties_and_items() {
        let c = Contract::from_value(
            "t",
            json!({
                "properties": {"user": {"$ref": "#/$defs/U"}, "tags": {"items": {"type": "string"}}},
                "$defs": {"U": {"properties": {"name": {"type": "string"}}}}
            }),
        )
        .unwrap();
        let doc = json!({"user": {"name": "x", "other": 1}, "tags": ["a", "b"], "free": true});
        let got: Vec<(String, String)> = sites(&c, &doc)
            .into_iter()
            .map(|s| (s.instance, s.schema))
            .collect();
        let expected = [
            ("", ""),
            ("/user", "/properties/user"),
            ("/user", "/$defs/U"),
            ("/user/name", "/$defs/U/properties/name"),
            ("/tags", "/properties/tags"),
            ("/tags/0", "/properties/tags/items"),
            ("/tags/1", "/properties/tags/items"),
        ];
        assert_eq!(got, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    }
}
