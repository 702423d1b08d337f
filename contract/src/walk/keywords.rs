//! Keyword tables for JSON Schema draft 2020-12: which keywords hold subschemas (applicators) and
//! which ones assert something about an instance (rules). The main item is [`applicator`].

use serde_json::Value;

/// How an applicator keyword holds its subschemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicator {
    /// The value is one subschema (`not`, `additionalProperties`, `items` in 2020-12 …).
    Schema,
    /// The value maps names to subschemas (`properties`, `$defs` …).
    SchemaMap,
    /// The value is an array of subschemas (`allOf`, `prefixItems` …).
    SchemaArray,
    /// `items`: one subschema (2020-12) or an array of them (older drafts).
    SchemaOrArray,
}

/// The applicator kind of `keyword`, or `None` when it holds no subschema.
pub fn applicator(keyword: &str) -> Option<Applicator> {
    Some(match keyword {
        "additionalProperties"
        | "propertyNames"
        | "contains"
        | "not"
        | "if"
        | "then"
        | "else"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "additionalItems"
        | "contentSchema" => Applicator::Schema,
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
        | "dependencies" => Applicator::SchemaMap,
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Applicator::SchemaArray,
        "items" => Applicator::SchemaOrArray,
        _ => return None,
    })
}

/// Keywords whose failures the validator reports at the keyword itself, whatever their value.
pub const ASSERTION_KEYWORDS: &[&str] = &[
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "format",
    "anyOf",
    "oneOf",
    "not",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// Applicators that become an assertion at the keyword when their value is the `false` schema
/// (`additionalProperties: false` forbids every extra key).
pub const FALSE_APPLICATORS: &[&str] = &[
    "additionalProperties",
    "propertyNames",
    "items",
    "additionalItems",
    "then",
    "else",
];

/// The formats the validator asserts; any other format is an annotation only.
pub const ASSERTED_FORMATS: &[&str] = &[
    "date",
    "date-time",
    "duration",
    "email",
    "hostname",
    "idn-email",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "regex",
    "relative-json-pointer",
    "time",
    "uri",
    "uri-reference",
    "uri-template",
    "uuid",
];

/// Whether `keyword: value` in a schema object is a rule an instance can break.
pub fn is_rule(keyword: &str, value: &Value) -> bool {
    match keyword {
        "uniqueItems" => value == &Value::Bool(true),
        "format" => value
            .as_str()
            .is_some_and(|f| ASSERTED_FORMATS.contains(&f)),
        k if FALSE_APPLICATORS.contains(&k) => value == &Value::Bool(false),
        k => ASSERTION_KEYWORDS.contains(&k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn applicators_are_classified() {
        assert_eq!(applicator("properties"), Some(Applicator::SchemaMap));
        assert_eq!(applicator("allOf"), Some(Applicator::SchemaArray));
        assert_eq!(applicator("not"), Some(Applicator::Schema));
        assert_eq!(applicator("items"), Some(Applicator::SchemaOrArray));
        assert_eq!(applicator("type"), None);
        assert_eq!(applicator("example"), None);
    }

    #[test]
    fn rules_exclude_annotations_and_inert_values() {
        assert!(is_rule("type", &json!("string")));
        assert!(is_rule("required", &json!([])));
        assert!(!is_rule("description", &json!("x")));
        assert!(!is_rule("example", &json!(1)));
        assert!(!is_rule("uniqueItems", &json!(false)));
        assert!(is_rule("uniqueItems", &json!(true)));
        assert!(is_rule("format", &json!("uuid")));
        assert!(!is_rule("format", &json!("phone")));
        assert!(is_rule("additionalProperties", &json!(false)));
        assert!(!is_rule("additionalProperties", &json!({"type": "string"})));
        assert!(!is_rule("additionalProperties", &json!(true)));
    }
}
