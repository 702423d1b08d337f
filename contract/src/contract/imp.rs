//! The [`Contract`] type: one JSON Schema compiled once, with its rules enumerated.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::compiler::compile_at;
use crate::errors::{ContractError, ContractErrorKind};
use crate::pointer;
use crate::rules::{enumerate, rule_id, Rule};
use crate::violation::{canonical_location, Violation};
use crate::walk::{locations, RefResolver, SchemaLocation};

/// One JSON Schema compiled once (draft 2020-12, formats asserted), with its rules enumerated.
///
/// Cheap to clone: everything sits behind an `Arc`. A contract may also be one definition of a
/// larger document ([`Contract::definition`]); its rule ids stay canonical (`/$defs/User/…`).
#[derive(Clone)]
pub struct Contract {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    document: Arc<Value>,
    resolver: Arc<RefResolver>,
    entry: String,
    validator: Validator,
    rules: Vec<Rule>,
    index: HashMap<String, usize>,
    /// The rule ids under each prefix asked for ([`Contract::rule_ids`]), built once each.
    ids: std::sync::RwLock<HashMap<String, Arc<[String]>>>,
}

impl std::fmt::Debug for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contract")
            .field("name", &self.inner.name)
            .field("entry", &self.inner.entry)
            .field("rules", &self.inner.rules.len())
            .finish_non_exhaustive()
    }
}

impl Contract {
    /// `"published"`, `"deployed"`, or the path of a schema file.
    pub fn load(spec: &str) -> Result<Contract, ContractError> {
        match spec {
            "published" => Ok(Contract::published()),
            "deployed" => Ok(Contract::deployed()),
            path => Contract::from_path(Path::new(path)),
        }
    }

    /// Reads, parses and compiles the schema file at `path`; the contract is named by the path.
    pub fn from_path(path: &Path) -> Result<Contract, ContractError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ContractError::new(&name, ContractErrorKind::Read(e)))?;
        let schema = serde_json::from_str(&text)
            .map_err(|e| ContractError::new(&name, ContractErrorKind::Parse(e)))?;
        Contract::from_value(&name, schema)
    }

    /// Compiles `schema` as a contract called `name`.
    pub fn from_value(name: &str, schema: Value) -> Result<Contract, ContractError> {
        let resolver = Arc::new(RefResolver::new(&schema));
        Contract::compile(name.to_owned(), Arc::new(schema), resolver, String::new())
    }

    fn compile(
        name: String,
        document: Arc<Value>,
        resolver: Arc<RefResolver>,
        entry: String,
    ) -> Result<Contract, ContractError> {
        if !document.is_object() && !document.is_boolean() {
            return Err(ContractError::new(name, ContractErrorKind::NotASchema));
        }
        let validator = compile_at(&document, &resolver, &entry).map_err(|e| {
            ContractError::new(&name, ContractErrorKind::Compile(one_line(&e.to_string())))
        })?;
        let rules = enumerate(&reachable_locations(&document, &resolver, &entry));
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let inner = Inner {
            name,
            document,
            resolver,
            entry,
            validator,
            rules,
            index,
            ids: std::sync::RwLock::default(),
        };
        Ok(Contract {
            inner: Arc::new(inner),
        })
    }

    /// A contract for one definition of this document (`"User"` → `#/$defs/User`). Rule ids stay
    /// canonical (`/$defs/User/properties/locale:type`).
    pub fn definition(&self, name: &str) -> Result<Contract, ContractError> {
        let document = &self.inner.document;
        let entry = ["$defs", "definitions"]
            .iter()
            .map(|container| pointer::join(&pointer::join("", container), name))
            .find(|p| document.pointer(p).is_some())
            .ok_or_else(|| {
                ContractError::new(
                    &self.inner.name,
                    ContractErrorKind::UnknownDefinition(name.to_owned()),
                )
            })?;
        Contract::compile(
            format!("{}{}", self.inner.name, pointer::to_fragment(&entry)),
            Arc::clone(document),
            Arc::clone(&self.inner.resolver),
            entry,
        )
    }

    /// `"published"`, `"deployed"`, the path the schema was read from, or the name it was given;
    /// a definition adds its fragment (`deployed#/$defs/User`).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The schema this contract validates against: the whole document, or the definition.
    pub fn schema(&self) -> &Value {
        self.inner
            .document
            .pointer(&self.inner.entry)
            .unwrap_or(&Value::Bool(false))
    }

    /// The whole schema document (for a definition, the document that holds it).
    pub fn document(&self) -> &Value {
        &self.inner.document
    }

    /// Where [`Contract::schema`] sits in [`Contract::document`] (`""`, or `/$defs/User`).
    pub fn entry_pointer(&self) -> &str {
        &self.inner.entry
    }

    /// The subschema at `pointer` of the document.
    pub fn subschema(&self, pointer: &str) -> Option<&Value> {
        self.inner.document.pointer(pointer)
    }

    /// The document pointer a `$ref` value designates, when it stays inside the document.
    pub fn resolve_ref(&self, reference: &str) -> Option<String> {
        self.inner.resolver.resolve(&self.inner.document, reference)
    }

    /// Every rule of the schema, in document order (for a definition: the rules reachable from it,
    /// through `$ref`s too).
    pub fn rules(&self) -> &[Rule] {
        &self.inner.rules
    }

    /// Every rule id, each with `prefix` in front (`error:` for the error body's rules), in
    /// document order. Built once per prefix and shared: marking a whole contract's rules
    /// exercised costs one `Arc` clone.
    pub fn rule_ids(&self, prefix: &str) -> Arc<[String]> {
        // Case threads judge side by side: they share the read lock once a prefix is built.
        let built = self.inner.ids.read().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = built.get(prefix) {
            return Arc::clone(found);
        }
        drop(built);
        let mut ids = self.inner.ids.write().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = ids.get(prefix) {
            return Arc::clone(found);
        }
        let built: Arc<[String]> = self
            .inner
            .rules
            .iter()
            .map(|r| format!("{prefix}{}", r.id))
            .collect();
        ids.insert(prefix.to_owned(), Arc::clone(&built));
        built
    }

    /// The rule with id `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.inner.index.get(id).map(|&i| &self.inner.rules[i])
    }

    /// Whether `doc` is valid. Builds no errors.
    pub fn is_valid(&self, doc: &Value) -> bool {
        self.inner.validator.is_valid(doc)
    }

    /// Every violation of `doc`, empty when it is valid.
    pub fn violations(&self, doc: &Value) -> Vec<Violation> {
        if self.is_valid(doc) {
            return Vec::new();
        }
        self.inner
            .validator
            .iter_errors(doc)
            .map(|e| self.violation(&e))
            .collect()
    }

    fn violation(&self, error: &ValidationError<'_>) -> Violation {
        let (schema_pointer, keyword) = canonical_location(
            &self.inner.document,
            &self.inner.resolver,
            &self.inner.entry,
            error.schema_path().as_str(),
        );
        Violation {
            rule: rule_id(&schema_pointer, &keyword),
            instance_pointer: error.instance_path().as_str().to_owned(),
            schema_pointer,
            keyword,
            message: one_line(&error.masked().to_string()),
        }
    }
}

/// The schema locations reachable from `entry`, in document order.
fn reachable_locations<'a>(
    document: &'a Value,
    resolver: &RefResolver,
    entry: &str,
) -> Vec<SchemaLocation<'a>> {
    let all = locations(document, &[""], resolver, false);
    if entry.is_empty() {
        return all;
    }
    let reachable: HashSet<String> = locations(document, &[entry], resolver, true)
        .into_iter()
        .map(|l| l.pointer)
        .collect();
    all.into_iter()
        .filter(|l| reachable.contains(&l.pointer))
        .collect()
}

/// Folds a message onto one line.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn contract_is_shareable_across_threads() {
        assert_send_sync::<Contract>();
    }

    #[test]
    fn violations_carry_canonical_rule_ids_and_masked_messages() {
        let schema = json!({
            "properties": {"user": {"$ref": "#/$defs/User"}},
            "$defs": {"User": {"properties": {"token": {"type": "string", "format": "uuid"}}, "required": ["id"]}}
        });
        let c = Contract::from_value("t", schema).unwrap();
        let doc = json!({"user": {"token": "secret-value-123"}});
        let mut v = c.violations(&doc);
        v.sort_by(|a, b| a.rule.cmp(&b.rule));
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(v[0].rule, "/$defs/User/properties/token:format");
        assert_eq!(v[0].instance_pointer, "/user/token");
        assert!(
            !v[0].message.contains("secret-value-123"),
            "{}",
            v[0].message
        );
        assert_eq!(v[1].rule, "/$defs/User:required");
        assert_eq!(v[1].instance_pointer, "/user");
        for violation in &v {
            assert!(
                c.rule(&violation.rule).is_some(),
                "{} not among the rules",
                violation.rule
            );
        }
    }

    #[test]
    fn definition_keeps_canonical_ids() {
        let schema = json!({
            "$id": "https://example.com/s",
            "properties": {"user": {"$ref": "#/$defs/User"}},
            "$defs": {"User": {"properties": {"locale": {"type": "string"}}}}
        });
        let user = Contract::from_value("t", schema)
            .unwrap()
            .definition("User")
            .unwrap();
        assert_eq!(user.name(), "t#/$defs/User");
        assert_eq!(
            user.schema(),
            &json!({"properties": {"locale": {"type": "string"}}})
        );
        let v = user.violations(&json!({"locale": 5}));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rule, "/$defs/User/properties/locale:type");
        assert_eq!(v[0].instance_pointer, "/locale");
        assert_eq!(user.rules().len(), 1);
        assert!(user.is_valid(&json!({"locale": "en"})));
    }

    #[test]
    fn bad_schemas_give_one_line_errors() {
        let e = Contract::from_value("bad", json!({"type": 5})).unwrap_err();
        assert!(matches!(e.kind(), ContractErrorKind::Compile(_)), "{e}");
        assert!(!e.to_string().contains('\n'));
        let e = Contract::from_value("num", json!(5)).unwrap_err();
        assert!(matches!(e.kind(), ContractErrorKind::NotASchema));
        let c = Contract::from_value("t", json!({})).unwrap();
        let e = c.definition("Nope").unwrap_err();
        assert_eq!(
            e.to_string(),
            "contract `t`: no definition named `Nope` under `$defs` or `definitions`"
        );
    }
}
