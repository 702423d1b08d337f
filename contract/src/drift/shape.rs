//! Recording the shape of one response type: [`ShapeBuilder`].
//!
//! Bounded whatever the target sends: at most [`MAX_PATHS`] paths, [`MAX_DEPTH`] levels and
//! [`MAX_ITEMS`] items of each array are recorded; examples are cut to [`EXAMPLE_CHARS`].

use std::collections::BTreeMap;

use results::{FieldShape, ResponseShape};
use serde_json::Value;

use super::formats::formats_of;

/// The most distinct paths one response type records.
pub const MAX_PATHS: usize = 256;
/// The deepest level recorded (the body is level 0).
pub const MAX_DEPTH: usize = 8;
/// The most items of one array recorded.
pub const MAX_ITEMS: usize = 64;
/// The longest example kept, in characters.
pub const EXAMPLE_CHARS: usize = 60;

/// What was seen at one path.
#[derive(Debug, Clone, Default)]
pub(super) struct Seen {
    pub(super) present: u64,
    pub(super) types: BTreeMap<&'static str, u64>,
    pub(super) formats: BTreeMap<&'static str, u64>,
    pub(super) example: Option<String>,
}

/// One path of the shape: what was seen there, how many objects, and the paths below it (an
/// array's items under `[]`).
#[derive(Debug, Clone, Default)]
pub(super) struct Node {
    pub(super) seen: Seen,
    pub(super) objects: u64,
    pub(super) children: BTreeMap<String, Node>,
}

/// The shape of one response type, built answer by answer.
#[derive(Debug, Clone)]
pub struct ShapeBuilder {
    response: String,
    answers: u64,
    /// The body; every other path below it.
    root: Node,
    /// How many paths the tree holds.
    paths: usize,
}

impl ShapeBuilder {
    /// An empty shape of the response type `response` (`Session`).
    pub fn new(response: impl Into<String>) -> Self {
        Self {
            response: response.into(),
            answers: 0,
            root: Node::default(),
            paths: 1,
        }
    }

    /// The response type.
    pub fn response(&self) -> &str {
        &self.response
    }

    /// Records one answer. `show` turns a scalar into the example kept for its path; it must
    /// redact (the values seen here are not redacted, so formats of tokens can be told).
    pub fn observe(&mut self, body: &Value, show: &dyn Fn(&Value) -> String) {
        self.answers += 1;
        visit(&mut self.root, body, 0, &mut self.paths, show);
    }

    /// How many answers were recorded.
    pub fn answers(&self) -> u64 {
        self.answers
    }

    /// The node at `path`, when something was seen there.
    pub(super) fn node(&self, path: &[String]) -> Option<&Node> {
        path.iter()
            .try_fold(&self.root, |node, segment| node.children.get(segment))
    }

    /// The shape as data: every path, with how often it was present and of how many.
    pub fn shape(&self) -> ResponseShape {
        let mut fields = Vec::new();
        flatten(&self.root, &mut Vec::new(), self.answers, &mut fields);
        ResponseShape {
            response: self.response.clone(),
            answers: self.answers,
            fields,
        }
    }
}

/// Records `value` at `node` and below; `paths` counts the tree's paths against [`MAX_PATHS`].
fn visit(
    node: &mut Node,
    value: &Value,
    depth: usize,
    paths: &mut usize,
    show: &dyn Fn(&Value) -> String,
) {
    let seen = &mut node.seen;
    seen.present += 1;
    *seen.types.entry(json_type(value)).or_default() += 1;
    if let Value::String(text) = value {
        for format in formats_of(text) {
            *seen.formats.entry(format).or_default() += 1;
        }
    }
    if seen.example.is_none() && !value.is_object() && !value.is_array() {
        seen.example = Some(cut(&show(value)));
    }
    if depth >= MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            node.objects += 1;
            for (key, child) in map {
                if let Some(next) = child_node(node, key, paths) {
                    visit(next, child, depth + 1, paths, show);
                }
            }
        }
        Value::Array(items) => {
            for item in items.iter().take(MAX_ITEMS) {
                if let Some(next) = child_node(node, "[]", paths) {
                    visit(next, item, depth + 1, paths, show);
                }
            }
        }
        _ => {}
    }
}

/// The child of `node` named `key`, made when the tree has room for one more path.
fn child_node<'a>(node: &'a mut Node, key: &str, paths: &mut usize) -> Option<&'a mut Node> {
    if !node.children.contains_key(key) {
        if *paths >= MAX_PATHS {
            return None;
        }
        *paths += 1;
        node.children.insert(key.to_owned(), Node::default());
    }
    node.children.get_mut(key)
}

/// Every path of the tree under `node` (at `path`, seen in `of` parents), in path order.
fn flatten(node: &Node, path: &mut Vec<String>, of: u64, out: &mut Vec<FieldShape>) {
    let seen = &node.seen;
    out.push(FieldShape {
        path: dotted(path),
        present: seen.present,
        of,
        types: seen
            .types
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect(),
        formats: seen
            .formats
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect(),
        example: seen.example.clone(),
    });
    for (key, child) in &node.children {
        let of = if key == "[]" {
            child.seen.present
        } else {
            node.objects
        };
        path.push(key.clone());
        flatten(child, path, of, out);
        path.pop();
    }
}

/// `user.roles`, `user.roles[]`; the body itself is `(body)`.
pub(super) fn dotted(path: &[String]) -> String {
    if path.is_empty() {
        return "(body)".to_owned();
    }
    let mut out = String::new();
    for segment in path {
        if segment != "[]" && !out.is_empty() {
            out.push('.');
        }
        out.push_str(segment);
    }
    out
}

/// The JSON Schema type name of `value` (`integer` for a number without a fraction).
pub(super) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= EXAMPLE_CHARS {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(EXAMPLE_CHARS - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shown(v: &Value) -> String {
        v.to_string()
    }

    #[test]
    fn paths_types_rates_and_examples_are_recorded() {
        let mut shape = ShapeBuilder::new("Session");
        shape.observe(
            &json!({"user": {"roles": ["me", "user"], "metadata": null}, "n": 1}),
            &shown,
        );
        shape.observe(
            &json!({"user": {"roles": [], "metadata": {"a": 1.5}}}),
            &shown,
        );
        let s = shape.shape();
        assert_eq!(s.answers, 2);
        let field = |p: &str| s.fields.iter().find(|f| f.path == p).unwrap().clone();
        assert_eq!((field("n").present, field("n").of), (1, 2));
        assert_eq!(field("user.metadata").count("null"), 1);
        assert_eq!(field("user.metadata").count("object"), 1);
        assert_eq!(
            (field("user.roles[]").present, field("user.roles[]").of),
            (2, 2)
        );
        assert_eq!(field("user.roles[]").example.as_deref(), Some("\"me\""));
        assert_eq!(field("user.metadata.a").count("number"), 1);
        assert_eq!(field("(body)").count("object"), 2);
    }

    #[test]
    fn a_hostile_answer_stays_bounded() {
        let mut shape = ShapeBuilder::new("User");
        let wide: serde_json::Map<String, Value> =
            (0..10_000).map(|i| (format!("k{i}"), json!(i))).collect();
        shape.observe(&Value::Object(wide), &shown);
        let mut deep = json!("x".repeat(10_000));
        for _ in 0..100 {
            deep = json!({ "d": [deep] });
        }
        shape.observe(&deep, &shown);
        let s = shape.shape();
        assert!(s.fields.len() <= MAX_PATHS, "{}", s.fields.len());
        assert!(s.fields.iter().all(|f| f
            .example
            .as_ref()
            .is_none_or(|e| e.chars().count() <= EXAMPLE_CHARS)));
    }
}
