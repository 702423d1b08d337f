//! The [`Rule`] type: one assertion keyword at one schema location.

use serde_json::Value;

/// One assertion a document can break: a keyword at a schema location.
///
/// The id is `{schema pointer}:{keyword}`, e.g. `/$defs/User/properties/locale:type`. The
/// pointer is canonical: the location of the keyword in the schema document after resolving
/// `$ref`, so a rule reached through several `$ref`s has one id. A `false` subschema that is not
/// the value of an applicator keyword is the rule `{its pointer}:false`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rule {
    /// `{schema_pointer}:{keyword}`.
    pub id: String,
    /// The pointer of the schema object that holds the keyword.
    pub schema_pointer: String,
    /// The keyword (`type`, `required`, `format` …), or `false` for a `false` subschema.
    pub keyword: String,
    /// The keyword's value in the schema.
    pub value: Value,
}

impl Rule {
    /// The rule for `keyword: value` in the schema object at `schema_pointer`.
    pub fn new(schema_pointer: &str, keyword: &str, value: Value) -> Rule {
        Rule {
            id: rule_id(schema_pointer, keyword),
            schema_pointer: schema_pointer.to_owned(),
            keyword: keyword.to_owned(),
            value,
        }
    }
}

/// The rule id of `keyword` in the schema object at `schema_pointer`.
pub fn rule_id(schema_pointer: &str, keyword: &str) -> String {
    format!("{schema_pointer}:{keyword}")
}
