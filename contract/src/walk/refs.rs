//! Resolution of `$ref` values to JSON pointers inside one schema document. The main type is
//! [`RefResolver`].

use std::collections::HashMap;

use serde_json::Value;

use crate::pointer;

/// Resolves `$ref` strings of one document to pointers into that document.
///
/// Handles local fragments (`#/$defs/User`, `#`), `$anchor` names (`#user`), the root `$id`
/// (`https://example.com/s#/$defs/User`) and the `$id`s of embedded resources. Anything else
/// (another document) does not resolve.
#[derive(Clone, Debug, Default)]
pub struct RefResolver {
    /// The root `$id` without its fragment, when the document has one.
    base: Option<String>,
    /// `$id` values of embedded resources (as written) → their pointers.
    ids: HashMap<String, String>,
    /// `$anchor` names → pointers.
    anchors: HashMap<String, String>,
    /// How many `$ref` and `$dynamicRef` values the document holds.
    refs: usize,
}

impl RefResolver {
    /// Indexes `document`'s `$id`s and `$anchor`s.
    pub fn new(document: &Value) -> Self {
        let base = document
            .get("$id")
            .and_then(Value::as_str)
            .map(|id| id.split('#').next().unwrap_or_default().to_owned())
            .filter(|id| !id.is_empty());
        let mut resolver = RefResolver {
            base,
            ..RefResolver::default()
        };
        resolver.index(document, "");
        resolver
    }

    /// How many entries a registry of the document indexes and copies with every compile that
    /// shares it: embedded `$id`s, `$anchor`s, and the references it resolves (at most one per
    /// `$ref` or `$dynamicRef` value).
    pub fn indexed(&self) -> usize {
        self.ids.len() + self.anchors.len() + self.refs
    }

    /// The root `$id` without fragment, when the document declares one.
    pub fn base(&self) -> Option<&str> {
        self.base.as_deref()
    }

    fn index(&mut self, value: &Value, at: &str) {
        match value {
            Value::Object(map) => {
                if !at.is_empty() {
                    if let Some(id) = map.get("$id").and_then(Value::as_str) {
                        self.ids.insert(
                            id.split('#').next().unwrap_or_default().to_owned(),
                            at.to_owned(),
                        );
                    }
                }
                if let Some(anchor) = map.get("$anchor").and_then(Value::as_str) {
                    self.anchors.insert(anchor.to_owned(), at.to_owned());
                }
                self.refs += ["$ref", "$dynamicRef"]
                    .iter()
                    .filter(|k| map.get(**k).is_some_and(Value::is_string))
                    .count();
                for (key, child) in map {
                    // Examples, defaults and constants are data, not schemas.
                    if matches!(
                        key.as_str(),
                        "enum" | "const" | "example" | "examples" | "default"
                    ) {
                        continue;
                    }
                    self.index(child, &pointer::join(at, key));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.index(child, &pointer::join_index(at, i));
                }
            }
            _ => {}
        }
    }

    /// The pointer `reference` designates in `document`, or `None` when it points elsewhere or
    /// at nothing.
    pub fn resolve(&self, document: &Value, reference: &str) -> Option<String> {
        let (uri, fragment) = match reference.split_once('#') {
            Some((uri, fragment)) => (uri, fragment),
            None => (reference, ""),
        };
        let resource = if uri.is_empty() || Some(uri) == self.base.as_deref() {
            String::new()
        } else {
            self.ids.get(uri).cloned()?
        };
        let target = if fragment.is_empty() {
            resource
        } else if fragment.starts_with('/') {
            format!("{resource}{}", pointer::from_fragment(fragment)?)
        } else {
            self.anchors.get(fragment).cloned()?
        };
        document.pointer(&target).map(|_| target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_local_id_and_anchor_references() {
        let doc = json!({
            "$id": "https://example.com/root",
            "$defs": {
                "A": {"type": "string", "$anchor": "alpha"},
                "B": {"$id": "https://example.com/b", "$defs": {"C": {"type": "null"}}},
                "with space": {}
            }
        });
        let r = RefResolver::new(&doc);
        assert_eq!(r.resolve(&doc, "#/$defs/A").as_deref(), Some("/$defs/A"));
        assert_eq!(r.resolve(&doc, "#").as_deref(), Some(""));
        assert_eq!(
            r.resolve(&doc, "https://example.com/root#/$defs/A")
                .as_deref(),
            Some("/$defs/A")
        );
        assert_eq!(r.resolve(&doc, "#alpha").as_deref(), Some("/$defs/A"));
        assert_eq!(
            r.resolve(&doc, "https://example.com/b#/$defs/C").as_deref(),
            Some("/$defs/B/$defs/C")
        );
        assert_eq!(
            r.resolve(&doc, "#/$defs/with%20space").as_deref(),
            Some("/$defs/with space")
        );
        assert_eq!(r.resolve(&doc, "#/$defs/Missing"), None);
        assert_eq!(r.resolve(&doc, "https://elsewhere.example/x"), None);
        assert_eq!(r.indexed(), 2, "one embedded $id, one $anchor");
    }

    #[test]
    fn references_count_toward_the_index_but_not_in_data() {
        let doc = json!({
            "properties": {"a": {"$ref": "#/$defs/A"}, "b": {"$dynamicRef": "#x"}},
            "$defs": {"A": {"items": {"$ref": "#"}}},
            "examples": [{"$ref": "#/not/a/schema"}]
        });
        assert_eq!(RefResolver::new(&doc).indexed(), 3);
    }
}
