//! The schema self-check: every `example`/`examples` value validates against its own subschema.
//! The main item is [`self_check`].

use std::collections::HashMap;

use jsonschema::Validator;
use serde_json::Value;

use super::report::{ExampleFailure, SelfCheckReport};
use crate::contract::{compile_at, one_line, Contract};
use crate::errors::ContractError;
use crate::pointer;
use crate::rules::rule_id;
use crate::violation::canonical_location;
use crate::walk::{locations, RefResolver};

/// Checks `schema`: it must compile (draft 2020-12, formats asserted), and every `example` and
/// every item of `examples`, anywhere in it (under `$defs`, next to a `$ref` …), must validate
/// against the subschema that holds it. An example beside a `$ref` is judged by the resolved
/// target together with its siblings, as the validator would.
///
/// Returns `Err` only when the schema does not compile; failing examples are in the report.
pub fn self_check(schema: &Value) -> Result<SelfCheckReport, ContractError> {
    let contract = Contract::from_value("schema under self-check", schema.clone())?;
    Ok(self_check_contract(&contract))
}

/// [`self_check`] for a contract that is already compiled (it checks the whole document).
pub fn self_check_contract(contract: &Contract) -> SelfCheckReport {
    let document = contract.document();
    let resolver = RefResolver::new(document);
    let mut validators: HashMap<String, Result<Validator, String>> = HashMap::new();
    let mut report = SelfCheckReport::default();
    for location in locations(document, &[""], &resolver, false) {
        let Value::Object(map) = location.schema else {
            continue;
        };
        let mut examples: Vec<(String, &Value)> = Vec::new();
        if let Some(example) = map.get("example") {
            examples.push((pointer::join(&location.pointer, "example"), example));
        }
        match map.get("examples") {
            Some(Value::Array(items)) => {
                let at = pointer::join(&location.pointer, "examples");
                examples.extend(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (pointer::join_index(&at, i), v)),
                );
            }
            Some(_) => report.failures.push(ExampleFailure {
                example_pointer: pointer::join(&location.pointer, "examples"),
                schema_pointer: location.pointer.clone(),
                reason: "`examples` must be an array of example values".to_owned(),
            }),
            None => {}
        }
        if examples.is_empty() {
            continue;
        }
        let validator = validators
            .entry(location.pointer.clone())
            .or_insert_with(|| {
                compile_at(document, &resolver, &location.pointer)
                    .map_err(|e| one_line(&e.to_string()))
            });
        for (example_pointer, example) in examples {
            report.examples_checked += 1;
            let reason = match validator {
                Err(why) => Some(format!("its subschema does not compile on its own: {why}")),
                Ok(v) if v.is_valid(example) => None,
                Ok(v) => Some(reasons(document, &resolver, &location.pointer, v, example)),
            };
            if let Some(reason) = reason {
                report.failures.push(ExampleFailure {
                    example_pointer,
                    schema_pointer: location.pointer.clone(),
                    reason,
                });
            }
        }
    }
    report
}

/// The example's errors, one clause each: `rule at pointer: message`.
fn reasons(
    document: &Value,
    resolver: &RefResolver,
    at: &str,
    validator: &Validator,
    example: &Value,
) -> String {
    validator
        .iter_errors(example)
        .map(|e| {
            let (schema_pointer, keyword) =
                canonical_location(document, resolver, at, e.schema_path().as_str());
            let place = match e.instance_path().as_str() {
                "" => "the example".to_owned(),
                p => format!("`{p}`"),
            };
            format!(
                "{} fails at {place}: {}",
                rule_id(&schema_pointer, &keyword),
                one_line(&e.to_string())
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn failures(schema: Value) -> (usize, Vec<(String, String)>) {
        let r = self_check(&schema).unwrap();
        (
            r.examples_checked,
            r.failures
                .into_iter()
                .map(|f| (f.example_pointer, f.schema_pointer))
                .collect(),
        )
    }

    #[test]
    fn good_examples_pass_and_bad_ones_are_located() {
        let (n, f) = failures(json!({
            "type": "object",
            "properties": {
                "id": {"type": "string", "format": "uuid", "example": "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"},
                "bad": {"type": "string", "format": "uuid", "example": "b7g7f6d5-e4c3-5b2f-0a9e-8d7c6b5a4e3d"},
                "n": {"type": "integer", "examples": [1, "two", 3]}
            }
        }));
        assert_eq!(n, 5);
        assert_eq!(
            f,
            [
                (
                    "/properties/bad/example".to_owned(),
                    "/properties/bad".to_owned()
                ),
                (
                    "/properties/n/examples/1".to_owned(),
                    "/properties/n".to_owned()
                )
            ]
        );
    }

    #[test]
    fn examples_under_defs_and_beside_refs_use_the_resolved_target() {
        let schema = json!({
            "properties": {
                "ok": {"$ref": "#/$defs/Small", "example": 3},
                "big": {"$ref": "#/$defs/Small", "example": 30}
            },
            "$defs": {"Small": {"type": "integer", "maximum": 10, "examples": [1, 11]}}
        });
        let report = self_check(&schema).unwrap();
        assert_eq!(report.examples_checked, 4);
        let got: Vec<&str> = report
            .failures
            .iter()
            .map(|f| f.example_pointer.as_str())
            .collect();
        assert_eq!(got, ["/properties/big/example", "/$defs/Small/examples/1"]);
        assert!(
            report.failures[0].reason.contains("/$defs/Small:maximum"),
            "{}",
            report.failures[0].reason
        );
    }

    #[test]
    fn whole_document_examples_are_checked_against_the_root() {
        let schema = json!({"required": ["a"], "examples": [{"a": 1}, {}]});
        let report = self_check(&schema).unwrap();
        assert_eq!(report.examples_checked, 2);
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].example_pointer, "/examples/1");
        assert_eq!(report.failures[0].schema_pointer, "");
        assert!(
            report.failures[0]
                .reason
                .starts_with(":required fails at the example"),
            "{}",
            report.failures[0].reason
        );
    }

    #[test]
    fn a_schema_that_does_not_compile_is_an_error() {
        assert!(self_check(&json!({"minLength": "three"})).is_err());
    }

    #[test]
    fn property_named_example_is_a_schema_not_an_example() {
        let (n, f) = failures(json!({"properties": {"example": {"type": "string"}}}));
        assert_eq!((n, f.len()), (0, 0));
    }
}
