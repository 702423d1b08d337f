//! The differences between a recorded shape and a contract: [`ShapeBuilder::differences`].
//!
//! Walked from the contract's entry: each object schema's `properties`, `required` and
//! `additionalProperties` against the keys seen there, each property's `type` and asserted
//! `format` against the values seen, through `$ref`s and into objects and array items. A part
//! of the schema built another way (`anyOf`, `oneOf` …) is not compared (no difference is
//! claimed where the contract's meaning is not read).

use results::drift::percent;
use results::{DriftDifference, DriftKind};
use serde_json::Value;

use super::shape::{dotted, Node, Seen, ShapeBuilder};
use crate::pointer;
use crate::rules::rule_id;
use crate::walk::ASSERTED_FORMATS;
use crate::Contract;

impl ShapeBuilder {
    /// Every difference between what was recorded and `contract` (its entry is the schema of
    /// one whole answer of this response type), in path order.
    pub fn differences(&self, contract: &Contract) -> Vec<DriftDifference> {
        let mut out = Vec::new();
        let walk = Walk {
            shape: self,
            contract,
        };
        if self.answers() > 0 {
            walk.value(contract.entry_pointer(), &[], &mut out);
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }
}

struct Walk<'a> {
    shape: &'a ShapeBuilder,
    contract: &'a Contract,
}

impl Walk<'_> {
    /// The pointer of the schema at `at` once its `$ref`s are followed (at most 32 of them).
    fn resolved(&self, at: &str) -> String {
        let mut at = at.to_owned();
        for _ in 0..32 {
            let next = self
                .contract
                .subschema(&at)
                .and_then(|s| s.get("$ref"))
                .and_then(Value::as_str)
                .and_then(|r| self.contract.resolve_ref(r));
            match next {
                Some(target) => at = target,
                None => break,
            }
        }
        at
    }

    /// A difference; its rule only when the contract has that rule.
    fn push(
        &self,
        out: &mut Vec<DriftDifference>,
        path: &[String],
        kind: DriftKind,
        rule: Option<String>,
        message: String,
    ) {
        out.push(DriftDifference {
            response: self.shape.response().to_owned(),
            path: dotted(path),
            kind,
            rule: rule.filter(|r| self.contract.rule(r).is_some()),
            message,
        });
    }

    /// Compares what was seen at `path` with the schema at `at`: its type and format, then its
    /// keys when it is an object schema, its items when it is an array schema.
    fn value(&self, at: &str, path: &[String], out: &mut Vec<DriftDifference>) {
        let at = self.resolved(at);
        let Some(schema) = self.contract.subschema(&at) else {
            return;
        };
        let Some(node) = self.shape.node(path) else {
            return;
        };
        self.types(&at, schema, path, &node.seen, out);
        self.format(&at, schema, path, &node.seen, out);
        if schema.get("properties").is_some_and(Value::is_object) && node.objects > 0 {
            self.object(&at, schema, path, node, out);
        }
        if schema.get("items").is_some_and(Value::is_object) {
            let mut item_path = path.to_vec();
            item_path.push("[]".to_owned());
            self.value(&pointer::join(&at, "items"), &item_path, out);
        }
    }

    fn types(
        &self,
        at: &str,
        schema: &Value,
        path: &[String],
        seen: &Seen,
        out: &mut Vec<DriftDifference>,
    ) {
        let allowed: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return,
        };
        let allows =
            |t: &str| allowed.contains(&t) || (t == "integer" && allowed.contains(&"number"));
        for (&sent, &count) in &seen.types {
            if !allows(sent) {
                self.push(
                    out,
                    path,
                    DriftKind::WrongType,
                    Some(rule_id(at, "type")),
                    format!(
                        "`{}` {sent} in {}% of answers, the contract allows {}",
                        dotted(path),
                        percent(count, seen.present),
                        allowed.join(" or ")
                    ),
                );
            }
        }
    }

    fn format(
        &self,
        at: &str,
        schema: &Value,
        path: &[String],
        seen: &Seen,
        out: &mut Vec<DriftDifference>,
    ) {
        let Some(format) = schema.get("format").and_then(Value::as_str) else {
            return;
        };
        if !ASSERTED_FORMATS.contains(&format) || !super::KNOWN_FORMATS.contains(&format) {
            return;
        }
        let strings = seen.types.get("string").copied().unwrap_or(0);
        let ok = seen.formats.get(format).copied().unwrap_or(0);
        if strings > ok {
            let empty = if seen.formats.get("empty").copied().unwrap_or(0) > 0 {
                " (some are \"\")"
            } else {
                ""
            };
            self.push(
                out,
                path,
                DriftKind::WrongFormat,
                Some(rule_id(at, "format")),
                format!(
                    "`{}` not a {format} in {}% of answers{empty}",
                    dotted(path),
                    percent(strings - ok, seen.present)
                ),
            );
        }
    }

    /// The keys of the object schema at `at` against the keys seen at `path`.
    fn object(
        &self,
        at: &str,
        schema: &Value,
        path: &[String],
        node: &Node,
        out: &mut Vec<DriftDifference>,
    ) {
        let objects = node.objects;
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for key in properties.keys() {
            let mut child = path.to_vec();
            child.push(key.clone());
            let present = node.children.get(key).map_or(0, |c| c.seen.present);
            let shown = dotted(&child);
            let needed = required.contains(&key.as_str());
            let (kind, message) = match (needed, present) {
                (true, 0) => (
                    DriftKind::RequiredNeverSent,
                    format!("`{shown}` required, never sent"),
                ),
                (true, p) if p < objects => (
                    DriftKind::RequiredSometimesAbsent,
                    format!(
                        "`{shown}` required, absent in {}% of answers",
                        percent(objects - p, objects)
                    ),
                ),
                (false, 0) => (
                    DriftKind::NeverSent,
                    format!("`{shown}` in the contract, never sent"),
                ),
                (false, p) if p >= objects => (
                    DriftKind::OptionalAlwaysSent,
                    format!("`{shown}` optional in the contract, sent in every answer"),
                ),
                _ => (DriftKind::NotInContract, String::new()),
            };
            if !message.is_empty() {
                let rule = needed.then(|| rule_id(at, "required"));
                self.push(out, &child, kind, rule, message);
            }
            if present > 0 {
                let property = pointer::join(&pointer::join(at, "properties"), key);
                self.value(&property, &child, out);
            }
        }
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        for (key, below) in node.children.iter().filter(|(k, _)| k.as_str() != "[]") {
            if properties.contains_key(key) {
                continue;
            }
            let mut child = path.to_vec();
            child.push(key.clone());
            let present = below.seen.present;
            let closed_note = if closed {
                " (the contract allows no other key)"
            } else {
                ""
            };
            self.push(
                out,
                &child,
                DriftKind::NotInContract,
                closed.then(|| rule_id(at, "additionalProperties")),
                format!(
                    "`{}` sent in {}% of answers, not in the contract{closed_note}",
                    dotted(&child),
                    percent(present, objects)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn differences(schema: Value, answers: &[Value]) -> Vec<(String, DriftKind, Option<String>)> {
        let contract = Contract::from_value("t", schema).unwrap();
        let mut shape = ShapeBuilder::new("Session");
        for a in answers {
            shape.observe(a, &|v| v.to_string());
        }
        shape
            .differences(&contract)
            .into_iter()
            .map(|d| (d.path, d.kind, d.rule))
            .collect()
    }

    #[test]
    fn each_kind_of_difference_is_found_with_its_rule() {
        let schema = json!({
            "type": "object",
            "required": ["user"],
            "properties": {
                "user": {"$ref": "#/$defs/User"},
                "refreshTokenId": {"type": "string"}
            },
            "$defs": {"User": {
                "type": "object",
                "required": ["allowedRoles", "email"],
                "additionalProperties": false,
                "properties": {
                    "allowedRoles": {"type": "array"},
                    "email": {"type": "string"},
                    "avatarUrl": {"type": "string", "format": "uri"},
                    "metadata": {"type": "object"},
                    "phoneNumber": {"type": ["string", "null"]}
                }
            }}
        });
        let a = json!({"refreshTokenId": "r", "user": {"roles": ["me"], "email": "a@b.co", "avatarUrl": "", "metadata": null}});
        let b = json!({"refreshTokenId": "r", "user": {"roles": ["me"], "avatarUrl": "https://x.io/a", "metadata": {}}});
        let got = differences(schema, &[a, b]);
        let rule = |r: &str| Some(r.to_owned());
        assert_eq!(
            got,
            [
                ("refreshTokenId".into(), DriftKind::OptionalAlwaysSent, None),
                (
                    "user.allowedRoles".into(),
                    DriftKind::RequiredNeverSent,
                    rule("/$defs/User:required")
                ),
                ("user.avatarUrl".into(), DriftKind::OptionalAlwaysSent, None),
                (
                    "user.avatarUrl".into(),
                    DriftKind::WrongFormat,
                    rule("/$defs/User/properties/avatarUrl:format")
                ),
                (
                    "user.email".into(),
                    DriftKind::RequiredSometimesAbsent,
                    rule("/$defs/User:required")
                ),
                ("user.metadata".into(), DriftKind::OptionalAlwaysSent, None),
                (
                    "user.metadata".into(),
                    DriftKind::WrongType,
                    rule("/$defs/User/properties/metadata:type")
                ),
                ("user.phoneNumber".into(), DriftKind::NeverSent, None),
                (
                    "user.roles".into(),
                    DriftKind::NotInContract,
                    rule("/$defs/User:additionalProperties")
                ),
            ]
        );
    }

    #[test]
    fn a_shape_that_matches_has_no_difference_and_messages_read_as_the_issue_says() {
        let schema =
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}});
        assert!(differences(schema.clone(), &[json!({"a": 1}), json!({"a": 2.0})]).is_empty());
        let contract = Contract::from_value("t", schema).unwrap();
        let mut shape = ShapeBuilder::new("User");
        for i in 0..8 {
            shape.observe(
                &json!({"a": if i < 3 { Value::Null } else { json!(i) }, "roles": []}),
                &|v| v.to_string(),
            );
        }
        let messages: Vec<String> = shape
            .differences(&contract)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            [
                "`a` null in 38% of answers, the contract allows integer",
                "`roles` sent in 100% of answers, not in the contract"
            ]
        );
    }
}
