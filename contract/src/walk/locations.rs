//! The static walk over every schema location of a document. The main item is [`locations`].

use std::collections::HashSet;

use serde_json::Value;

use super::keywords::{applicator, Applicator};
use super::refs::RefResolver;
use crate::pointer;

/// One subschema of a document: where it is and what it is (an object or a boolean schema).
#[derive(Clone, Debug)]
pub struct SchemaLocation<'a> {
    /// The pointer of the subschema in the document.
    pub pointer: String,
    /// The subschema itself.
    pub schema: &'a Value,
}

/// The pointers of the subschemas that `keyword: value` holds, in document order.
pub fn children(at: &str, keyword: &str, value: &Value) -> Vec<String> {
    let here = pointer::join(at, keyword);
    let Some(kind) = applicator(keyword) else {
        return Vec::new();
    };
    match (kind, value) {
        (Applicator::Schema | Applicator::SchemaOrArray, Value::Object(_) | Value::Bool(_)) => {
            vec![here]
        }
        (Applicator::SchemaMap, Value::Object(map)) => map
            .iter()
            // `dependencies` mixes schemas with arrays of names; only schemas are locations.
            .filter(|(_, v)| v.is_object() || v.is_boolean())
            .map(|(name, _)| pointer::join(&here, name))
            .collect(),
        (Applicator::SchemaArray | Applicator::SchemaOrArray, Value::Array(items)) => (0..items
            .len())
            .map(|i| pointer::join_index(&here, i))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every subschema reachable from `starts`: nested through applicators and, when
/// `follow_refs`, through resolvable `$ref`s. In document order, each location once.
pub fn locations<'a>(
    document: &'a Value,
    starts: &[&str],
    resolver: &RefResolver,
    follow_refs: bool,
) -> Vec<SchemaLocation<'a>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for start in starts {
        visit(document, start, resolver, follow_refs, &mut seen, &mut out);
    }
    out
}

fn visit<'a>(
    document: &'a Value,
    at: &str,
    resolver: &RefResolver,
    follow_refs: bool,
    seen: &mut HashSet<String>,
    out: &mut Vec<SchemaLocation<'a>>,
) {
    if !seen.insert(at.to_owned()) {
        return;
    }
    let Some(schema) = document.pointer(at) else {
        return;
    };
    out.push(SchemaLocation {
        pointer: at.to_owned(),
        schema,
    });
    let Value::Object(map) = schema else {
        return;
    };
    for (keyword, value) in map {
        for child in children(at, keyword, value) {
            visit(document, &child, resolver, follow_refs, seen, out);
        }
        if follow_refs && matches!(keyword.as_str(), "$ref" | "$dynamicRef") {
            if let Some(target) = value.as_str().and_then(|r| resolver.resolve(document, r)) {
                visit(document, &target, resolver, follow_refs, seen, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn walks_applicators_in_document_order_and_skips_data() {
        let doc = json!({
            "properties": {"a": {"type": "string"}, "b": {"items": {"type": "integer"}}},
            "allOf": [true, {"not": false}],
            "example": {"properties": {"nope": {}}},
            "$defs": {"D": {"$ref": "#/properties/a"}}
        });
        let r = RefResolver::new(&doc);
        let ptrs: Vec<String> = locations(&doc, &[""], &r, true)
            .into_iter()
            .map(|l| l.pointer)
            .collect();
        assert_eq!(
            ptrs,
            [
                "",
                "/properties/a",
                "/properties/b",
                "/properties/b/items",
                "/allOf/0",
                "/allOf/1",
                "/allOf/1/not",
                "/$defs/D"
            ]
        );
    }

    #[test]
    fn follows_refs_from_a_definition_only_when_asked() {
        let doc = json!({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"type": "null"}, "C": {}}});
        let r = RefResolver::new(&doc);
        let with: Vec<String> = locations(&doc, &["/$defs/A"], &r, true)
            .into_iter()
            .map(|l| l.pointer)
            .collect();
        assert_eq!(with, ["/$defs/A", "/$defs/B"]);
        let without: Vec<String> = locations(&doc, &["/$defs/A"], &r, false)
            .into_iter()
            .map(|l| l.pointer)
            .collect();
        assert_eq!(without, ["/$defs/A"]);
    }
}
