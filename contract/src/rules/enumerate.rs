//! Enumerating the [`Rule`]s of a schema: every assertion keyword at every schema location.

use std::collections::HashSet;

use serde_json::Value;

use super::rule::Rule;
use crate::pointer;
use crate::walk::{applicator, is_rule, Applicator, SchemaLocation};

/// The rules held by `locations`, in document order, each id once.
pub fn enumerate(locations: &[SchemaLocation<'_>]) -> Vec<Rule> {
    let schema_objects: HashSet<&str> = locations
        .iter()
        .filter(|l| l.schema.is_object())
        .map(|l| l.pointer.as_str())
        .collect();
    let mut seen = HashSet::new();
    let mut rules = Vec::new();
    for location in locations {
        match location.schema {
            Value::Object(map) => {
                for (keyword, value) in map {
                    if is_rule(keyword, value) {
                        rules.push(Rule::new(&location.pointer, keyword, value.clone()));
                    }
                }
            }
            Value::Bool(false) if !is_keyword_value(&location.pointer, &schema_objects) => {
                rules.push(Rule::new(&location.pointer, "false", Value::Bool(false)));
            }
            _ => {}
        }
    }
    rules.retain(|r| seen.insert(r.id.clone()));
    rules
}

/// Whether the subschema at `at` is the whole value of a single-schema applicator keyword
/// (`…/additionalProperties`, `…/items`), whose failures the validator reports at the keyword.
fn is_keyword_value(at: &str, schema_objects: &HashSet<&str>) -> bool {
    pointer::split_last(at).is_some_and(|(parent, token)| {
        matches!(
            applicator(&token),
            Some(Applicator::Schema | Applicator::SchemaOrArray)
        ) && schema_objects.contains(parent)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walk::{locations, RefResolver};
    use serde_json::json;

    fn ids(doc: &Value) -> Vec<String> {
        let r = RefResolver::new(doc);
        enumerate(&locations(doc, &[""], &r, true))
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn every_assertion_at_every_location_including_defs() {
        let doc = json!({
            "type": "object",
            "title": "ignored",
            "required": ["a"],
            "additionalProperties": false,
            "properties": {
                "a": {"type": ["string", "null"], "maxLength": 3, "description": "ignored"},
                "b": {"items": {"enum": [1, 2]}, "uniqueItems": false},
                "c": false
            },
            "$defs": {"D": {"const": 1, "format": "uuid", "example": 5}}
        });
        assert_eq!(
            ids(&doc),
            [
                ":type",
                ":required",
                ":additionalProperties",
                "/properties/a:type",
                "/properties/a:maxLength",
                "/properties/b/items:enum",
                "/properties/c:false",
                "/$defs/D:const",
                "/$defs/D:format"
            ]
        );
    }

    #[test]
    fn false_applicator_values_are_rules_at_the_keyword() {
        let doc = json!({"items": false, "propertyNames": false, "then": false});
        assert_eq!(ids(&doc), [":items", ":propertyNames", ":then"]);
    }
}
