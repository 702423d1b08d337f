//! The rule catalogue: every rule id a run can report, with a one-line description and where the
//! rule comes from. The main function is [`catalogue`].
//!
//! Built in this one place because this crate knows both sources: the schema rules of the
//! selected [`Contract`] and of the error-body contract (prefixed `error:`), the semantic rules of
//! the suites ([`rules::ALL`]) and the harness's own rules ([`rules::HARNESS`]). Schema rules are
//! described from the keyword and the `description` the schema gives the property.

use std::collections::BTreeSet;

use contract::{Contract, Rule};
use results::{CaseRecord, RuleEntry};
use serde_json::Value;

use crate::rules::{self, SemanticRule};

/// The document the semantic rules are stated in.
const CONTRACT_DOC: &str = "nhost-auth-contract.md";

/// Every rule of `contract`, of the error-body contract, of the suites and of the harness, in that
/// order.
pub fn catalogue(contract: &Contract) -> Vec<RuleEntry> {
    let mut entries: Vec<RuleEntry> = contract
        .rules()
        .iter()
        .map(|rule| schema_entry(contract, rule, ""))
        .collect();
    let error = Contract::error_body();
    entries.extend(
        error
            .rules()
            .iter()
            .map(|rule| schema_entry(&error, rule, "error:")),
    );
    entries.extend(rules::ALL.iter().map(semantic_entry));
    entries.extend(rules::HARNESS.iter().map(|rule| RuleEntry {
        id: rule.id.to_owned(),
        description: rule.description.to_owned(),
        source: "the harness (nhost-conformance itself)".to_owned(),
    }));
    entries
}

/// The catalogue entries of the rules `cases` mention (in their `rules` or findings), sorted by
/// id. Rules the catalogue does not know (a finding from a custom check) are left out.
pub fn of_cases(contract: &Contract, cases: &[CaseRecord]) -> Vec<RuleEntry> {
    let used: BTreeSet<&str> = cases
        .iter()
        .flat_map(|case| {
            case.rules
                .iter()
                .map(String::as_str)
                .chain(case.findings.iter().map(|f| f.rule.as_str()))
        })
        .collect();
    let mut entries: Vec<RuleEntry> = catalogue(contract)
        .into_iter()
        .filter(|entry| used.contains(entry.id.as_str()))
        .collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries.dedup_by(|a, b| a.id == b.id);
    entries
}

/// A schema rule: what the keyword demands of which value, and the property's own description.
fn schema_entry(contract: &Contract, rule: &Rule, prefix: &str) -> RuleEntry {
    let subject = subject(&rule.schema_pointer);
    let demand = demand(&rule.keyword, &rule.value);
    let mut description = format!("{subject} {demand}");
    if let Some(text) = contract
        .subschema(&rule.schema_pointer)
        .and_then(|s| s.get("description"))
        .and_then(Value::as_str)
    {
        description.push_str(" (");
        description.push_str(text.trim_end_matches('.'));
        description.push(')');
    }
    let pointer = if rule.schema_pointer.is_empty() {
        "/"
    } else {
        rule.schema_pointer.as_str()
    };
    let source = if prefix.is_empty() {
        format!("{} schema, {pointer} ({})", contract.name(), rule.keyword)
    } else {
        format!(
            "error-body schema, {pointer} ({}); {CONTRACT_DOC} § Error body",
            rule.keyword
        )
    };
    RuleEntry {
        id: format!("{prefix}{}", rule.id),
        description,
        source,
    }
}

/// The value a schema location describes, for people: `` → "the document",
/// `/$defs/User/properties/locale` → "`User.locale`", `/properties/roles/items` → "each item of
/// `roles`".
fn subject(pointer: &str) -> String {
    let tokens = contract::pointer::tokens(pointer);
    let mut path: Vec<String> = Vec::new();
    let mut items = false;
    let mut iter = tokens.iter().peekable();
    while let Some(token) = iter.next() {
        match token.as_str() {
            "$defs" | "definitions" | "properties" => {
                if let Some(name) = iter.next() {
                    path.push(name.clone());
                }
            }
            "items" | "prefixItems" | "additionalItems" => items = true,
            _ => {}
        }
    }
    let name = if path.is_empty() {
        "the document".to_owned()
    } else {
        format!("`{}`", path.join("."))
    };
    if items {
        format!("each item of {name}")
    } else {
        name
    }
}

/// What `keyword: value` demands, as the end of a sentence.
fn demand(keyword: &str, value: &Value) -> String {
    let list = |v: &Value| match v {
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        other => other
            .as_str()
            .map_or_else(|| other.to_string(), str::to_owned),
    };
    match keyword {
        "type" => format!("is of type {}", list(value).replace(", ", " or ")),
        "format" => format!("is a valid {} (format)", list(value)),
        "required" => format!("has the properties {}", list(value)),
        "enum" => format!("is one of {value}"),
        "const" => format!("is exactly {value}"),
        "pattern" => format!("matches the pattern {}", list(value)),
        "minLength" => format!("has at least {value} characters"),
        "maxLength" => format!("has at most {value} characters"),
        "minimum" => format!("is at least {value}"),
        "maximum" => format!("is at most {value}"),
        "exclusiveMinimum" => format!("is greater than {value}"),
        "exclusiveMaximum" => format!("is less than {value}"),
        "minItems" => format!("has at least {value} items"),
        "maxItems" => format!("has at most {value} items"),
        "uniqueItems" => "has no duplicate items".to_owned(),
        "minProperties" => format!("has at least {value} properties"),
        "maxProperties" => format!("has at most {value} properties"),
        "additionalProperties" if value == &Value::Bool(false) => {
            "has no properties beyond those the schema lists".to_owned()
        }
        "false" => "is absent (the schema allows no value here)".to_owned(),
        other => format!("satisfies `{other}: {value}`"),
    }
}

/// A semantic rule, with the suite and the section of the contract document that state it.
fn semantic_entry(rule: &SemanticRule) -> RuleEntry {
    let area = rule.id.split(':').next().unwrap_or_default();
    let section = match area {
        "schema" => "the contract's own examples and the generators (schema suite)",
        "http" | "session" => "§ Endpoints the harness must cover",
        "error-body" => "§ Error body",
        "signup" => "§ Semantics, Sign-up",
        "signin" => "§ Semantics, Sign-in",
        "anonymous" => "§ Semantics, Anonymous",
        "token" => "§ Semantics, Refresh (/token)",
        "signout" => "§ Semantics, Sign-out",
        "user" => "§ Semantics, GET /user",
        "jwt" => "§ Access token (JWT)",
        "negative" => "§ Error body (a malformed request is answered 400)",
        "boundary" => "§ Request bodies (the request rules table, contract/src/requests/table.rs)",
        "lifecycle" => "§ Semantics",
        _ => "",
    };
    let source = match area {
        "schema" => format!("suite schema; {section}"),
        "http" | "session" | "error-body" => format!("every suite; {CONTRACT_DOC} {section}"),
        _ => format!("suite {area}; {CONTRACT_DOC} {section}"),
    };
    RuleEntry {
        id: rule.id.to_owned(),
        description: rule.description.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_description_and_a_source() {
        for contract in [Contract::published(), Contract::deployed()] {
            let entries = catalogue(&contract);
            assert!(entries.len() > rules::ALL.len() + rules::HARNESS.len());
            for entry in &entries {
                assert!(!entry.description.is_empty(), "{entry:?}");
                assert!(!entry.source.is_empty(), "{entry:?}");
            }
            let ids: BTreeSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(ids.len(), entries.len(), "duplicate ids");
            for id in [
                "/$defs/User/properties/locale:type",
                "error::required",
                "token:rotation.old-rejected",
                "harness:panic",
                "harness:generation",
                "target:error",
            ] {
                assert!(ids.contains(id), "{} lacks {id}", contract.name());
            }
        }
    }

    #[test]
    fn schema_rules_use_the_property_description() {
        let entries = catalogue(&Contract::published());
        let locale = results::catalogue::find(&entries, "/$defs/User/properties/locale:type")
            .expect("locale rule");
        assert_eq!(
            locale.description,
            "`User.locale` is of type string (Preferred locale of the user (BCP 47 language tag))"
        );
        assert_eq!(
            locale.source,
            "published schema, /$defs/User/properties/locale (type)"
        );
        let rotation =
            results::catalogue::find(&entries, "token:rotation.old-rejected").expect("rotation");
        assert!(rotation
            .source
            .starts_with("suite token; nhost-auth-contract.md § Semantics"));
    }
}
