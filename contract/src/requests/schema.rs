//! The request schemas, built from the rules table: one JSON Schema (draft 2020-12) per endpoint
//! and service version. The main item is [`schema`].
//!
//! Each field's subschema carries the table's citation in its `$comment` and the table's example
//! in `examples` (so the schema self-check checks the table's examples against its rules).

use serde_json::{json, Map, Value};

use super::kind::RequestKind;
use super::table::{body, Body, Field, FieldType, Keys};
use super::version::ServiceVersion;

/// The request-body schema of `kind` as `version` documents it.
pub fn schema(kind: RequestKind, version: ServiceVersion) -> Value {
    let rules = body(kind);
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert(
        "$id".into(),
        json!(format!(
            "urn:nhost-conformance:schema:{}-request:{}",
            kind.name(),
            version.name()
        )),
    );
    root.insert(
        "title".into(),
        json!(format!("{} request ({})", kind.name(), version.name())),
    );
    root.extend(object_schema(rules, "", rules.keys, rules.source, version));
    Value::Object(root)
}

/// The schema of the object at `pointer` (`""`: the body): its fields, which of them are
/// required, closed when `keys` says so, citing `source`.
fn object_schema(
    rules: &Body,
    pointer: &str,
    keys: Keys,
    source: &str,
    version: ServiceVersion,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    let children: Vec<&Field> = rules
        .fields
        .iter()
        .filter(|f| f.parent() == pointer)
        .collect();
    if !children.is_empty() {
        let properties: Map<String, Value> = children
            .iter()
            .map(|f| (leaf(f).to_owned(), field_schema(rules, f, version)))
            .collect();
        out.insert("properties".into(), Value::Object(properties));
    }
    let required: Vec<Value> = children
        .iter()
        .filter(|f| f.required)
        .map(|f| json!(leaf(f)))
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    if keys == Keys::Closed {
        out.insert("additionalProperties".into(), json!(false));
    }
    out.insert("$comment".into(), json!(source));
    out
}

/// The last token of a field's path (its key in the parent object).
fn leaf(field: &Field) -> &'static str {
    field.path.rsplit('/').next().unwrap_or_default()
}

fn field_schema(rules: &Body, field: &Field, version: ServiceVersion) -> Value {
    let mut out = match field.ty {
        FieldType::Object(keys) => object_schema(rules, field.path, keys, field.source, version),
        FieldType::StringArray => {
            let mut m = Map::new();
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), json!({ "type": "string" }));
            m
        }
        FieldType::String | FieldType::Boolean => {
            let mut m = Map::new();
            m.insert("type".into(), json!(field.ty.json_type()));
            m
        }
    };
    if field.nullable {
        out.insert("type".into(), json!([field.ty.json_type(), "null"]));
    }
    let chars = field.chars.get(version);
    if field.ty == FieldType::String {
        if chars.min > 0 {
            out.insert("minLength".into(), json!(chars.min));
        }
        if let Some(max) = chars.max {
            out.insert("maxLength".into(), json!(max));
        }
        if let Some(format) = field.format {
            out.insert("format".into(), json!(format.name()));
        }
        if let Some(pattern) = field.pattern {
            out.insert("pattern".into(), json!(pattern));
        }
    }
    out.insert("description".into(), json!(field.description));
    out.insert("examples".into(), json!([field.example_value()]));
    out.insert("$comment".into(), json!(field.source));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_up_schema_has_the_table_s_keywords() {
        let v042 = schema(RequestKind::SignUp, ServiceVersion::V0_42);
        assert_eq!(v042["additionalProperties"], false);
        assert_eq!(v042["required"], json!(["email", "password"]));
        let options = &v042["properties"]["options"];
        assert_eq!(options["additionalProperties"], false);
        assert_eq!(options["properties"]["locale"]["maxLength"], 2);
        assert_eq!(options["properties"]["displayName"]["maxLength"], 32);
        let newer = schema(RequestKind::SignUp, ServiceVersion::Newer);
        assert_eq!(
            newer["properties"]["options"]["properties"]["locale"]["maxLength"],
            3
        );
        let signout = schema(RequestKind::SignOut, ServiceVersion::V0_42);
        assert!(signout.get("additionalProperties").is_none());
        assert_eq!(signout["properties"]["all"]["type"], "boolean");
    }
}
