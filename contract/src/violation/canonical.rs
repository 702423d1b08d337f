//! Mapping a validator's schema path (which runs through `$ref`s) to the canonical location of
//! the keyword that failed. The main item is [`canonical_location`].

use serde_json::Value;

use crate::pointer;
use crate::walk::{applicator, Applicator, RefResolver};

/// The canonical `(schema pointer, keyword)` of a failure whose evaluation path is `path`.
///
/// `start` is where evaluation began in `document` (`""` for a whole-document contract). For a
/// contract compiled as a `{"$ref": …}` wrapper around `start`, the path's first `$ref` token is
/// the wrapper's and is skipped. A path that ends on a subschema (a `false` schema) gives the
/// keyword `false`, or the applicator keyword when the subschema is that keyword's whole value.
pub fn canonical_location(
    document: &Value,
    resolver: &RefResolver,
    start: &str,
    path: &str,
) -> (String, String) {
    let tokens = pointer::tokens(path);
    let mut rest = tokens.as_slice();
    if !start.is_empty() && rest.first().map(String::as_str) == Some("$ref") {
        rest = &rest[1..];
    }
    let mut at = start.to_owned();
    loop {
        let Some((token, tail)) = rest.split_first() else {
            return (at, "false".to_owned());
        };
        let node = document.pointer(&at);
        if matches!(token.as_str(), "$ref" | "$dynamicRef") {
            let target = node
                .and_then(|n| n.get(token))
                .and_then(Value::as_str)
                .and_then(|r| resolver.resolve(document, r));
            match target {
                Some(target) => {
                    at = target;
                    rest = tail;
                    continue;
                }
                None => return (at, token.clone()),
            }
        }
        let value = node.and_then(|n| n.get(token));
        let kind = applicator(token);
        let takes_index = matches!(kind, Some(Applicator::SchemaArray))
            || (kind == Some(Applicator::SchemaOrArray) && value.is_some_and(Value::is_array));
        let takes_name = kind == Some(Applicator::SchemaMap);
        match (kind, tail.split_first()) {
            (None, _) | (Some(_), None) => return (at, token.clone()),
            (Some(_), Some((child, after))) if takes_index || takes_name => {
                at = pointer::join(&pointer::join(&at, token), child);
                rest = after;
            }
            (Some(_), Some(_)) => {
                at = pointer::join(&at, token);
                rest = tail;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canon(doc: &Value, start: &str, path: &str) -> String {
        let r = RefResolver::new(doc);
        let (p, k) = canonical_location(doc, &r, start, path);
        format!("{p}:{k}")
    }

    #[test]
    fn resolves_refs_maps_and_arrays() {
        let doc = json!({
            "properties": {"user": {"$ref": "#/$defs/User"}, "x": false},
            "allOf": [{"type": "object"}, false],
            "$defs": {"User": {"properties": {"locale": {"type": "string"}}, "required": ["id"]}}
        });
        assert_eq!(
            canon(&doc, "", "/properties/user/$ref/properties/locale/type"),
            "/$defs/User/properties/locale:type"
        );
        assert_eq!(
            canon(&doc, "", "/properties/user/$ref/required"),
            "/$defs/User:required"
        );
        assert_eq!(canon(&doc, "", "/allOf/0/type"), "/allOf/0:type");
        assert_eq!(canon(&doc, "", "/allOf/1"), "/allOf/1:false");
        assert_eq!(canon(&doc, "", "/properties/x"), "/properties/x:false");
        assert_eq!(
            canon(&doc, "", "/additionalProperties"),
            ":additionalProperties"
        );
        assert_eq!(
            canon(&doc, "/$defs/User", "/$ref/properties/locale/type"),
            "/$defs/User/properties/locale:type"
        );
    }

    #[test]
    fn property_names_that_look_like_keywords_stay_names() {
        let doc = json!({"properties": {"type": {"properties": {"items": {"type": "null"}}}}});
        assert_eq!(
            canon(&doc, "", "/properties/type/properties/items/type"),
            "/properties/type/properties/items:type"
        );
    }
}
