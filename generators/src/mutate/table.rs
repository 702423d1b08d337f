//! The keyword → mutator table, like the validator's own keyword dispatch. The main item is
//! [`mutator`].

use serde_json::Value;

use super::input::MutateFn;
use super::{
    additional, enum_, format, items, length, minmax, pattern, properties, required, type_,
};

/// The mutator for `keyword: value`, or `None` when the mutator cannot break that keyword on its
/// own (see [`UNBREAKABLE`]).
pub fn mutator(keyword: &str, value: &Value) -> Option<MutateFn> {
    let is_false = value == &Value::Bool(false);
    Some(match keyword {
        "type" => type_::mutate,
        "required" => required::mutate,
        "format" => format::mutate,
        "enum" => enum_::mutate_enum,
        "const" => enum_::mutate_const,
        "minimum" => minmax::minimum,
        "maximum" => minmax::maximum,
        "exclusiveMinimum" => minmax::exclusive_minimum,
        "exclusiveMaximum" => minmax::exclusive_maximum,
        "multipleOf" => minmax::multiple_of,
        "minLength" => length::min_length,
        "maxLength" => length::max_length,
        "pattern" => pattern::mutate,
        "additionalProperties" | "propertyNames" if is_false => additional::mutate,
        "minItems" => items::min_items,
        "maxItems" => items::max_items,
        "uniqueItems" => items::unique_items,
        "items" | "additionalItems" if is_false => items::items_false,
        "minProperties" => properties::min_properties,
        "maxProperties" => properties::max_properties,
        _ => return None,
    })
}

/// Rule keywords the mutator leaves alone: breaking them means choosing among branches or
/// conditions (`anyOf`, `oneOf`, `not`, `then`/`else`, `contains`, `dependentRequired`,
/// `unevaluated*`, a `false` subschema), which a single local change cannot do reliably.
pub const UNBREAKABLE: &[&str] = &[
    "anyOf",
    "oneOf",
    "not",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "unevaluatedItems",
    "unevaluatedProperties",
    "false",
];

/// The mutant classes: the keyword families the mutator breaks, each a name and its keywords
/// (one module of this folder per family).
pub const FAMILIES: &[(&str, &[&str])] = &[
    ("type", &["type"]),
    ("required", &["required"]),
    ("format", &["format"]),
    ("enum", &["enum", "const"]),
    (
        "range",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
    ),
    ("length", &["minLength", "maxLength"]),
    ("pattern", &["pattern"]),
    ("additional", &["additionalProperties", "propertyNames"]),
    (
        "items",
        &[
            "minItems",
            "maxItems",
            "uniqueItems",
            "items",
            "additionalItems",
        ],
    ),
    ("properties", &["minProperties", "maxProperties"]),
];

/// The family (an index into [`FAMILIES`]) of a rule id (`{pointer}:{keyword}`).
pub fn family_of(rule: &str) -> Option<usize> {
    let (_, keyword) = rule.rsplit_once(':')?;
    FAMILIES
        .iter()
        .position(|(_, keywords)| keywords.contains(&keyword))
}

#[cfg(test)]
mod family_tests {
    use super::*;

    #[test]
    fn every_keyword_the_mutator_breaks_has_exactly_one_family() {
        let keywords = [
            "type",
            "required",
            "format",
            "enum",
            "const",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "pattern",
            "additionalProperties",
            "propertyNames",
            "minItems",
            "maxItems",
            "uniqueItems",
            "items",
            "additionalItems",
            "minProperties",
            "maxProperties",
        ];
        for keyword in keywords {
            assert!(
                mutator(keyword, &Value::Bool(false)).is_some(),
                "{keyword} is breakable"
            );
            let families = FAMILIES
                .iter()
                .filter(|(_, kws)| kws.contains(&keyword))
                .count();
            assert_eq!(families, 1, "{keyword}");
            assert!(family_of(&format!("/$defs/User/properties/a:b:{keyword}")).is_some());
        }
        assert_eq!(family_of("/x:if"), None);
    }
}
