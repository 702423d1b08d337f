//! The schema self-check: every `example`/`examples` value validates against its own subschema.
//! The main items are [`self_check`] and, for a schema file of any size, [`check_schema_file`].

use std::path::Path;

use jsonschema::Validator;
use serde_json::Value;

use super::batch::Batch;
use super::report::{ExampleFailure, SchemaCheck, SelfCheckReport};
use crate::contract::{one_line, Contract, SubschemaCompiler};
use crate::errors::{ContractError, ContractErrorKind};
use crate::pointer;
use crate::rules::{enumerate, rule_id};
use crate::violation::canonical_location;
use crate::walk::{locations, RefResolver};

/// The most schema values (objects, arrays, strings, numbers … counted in the subschemas that
/// hold examples) one batch validator compiles at once; a document with many `$id`s,
/// `$anchor`s and `$ref`s gets a larger batch (see [`batch_budget`]).
const BATCH_VALUES: usize = 1 << 16;

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
    match SubschemaCompiler::new(document, &resolver) {
        Ok(compiler) => check_examples(&compiler, document, &resolver),
        Err(e) => uncompilable(document, &resolver, &one_line(&e.to_string())),
    }
}

/// `nhost-conformance check-schema PATH`: reads the schema file at `path` and checks it like
/// [`check_schema`].
pub fn check_schema_file(path: &Path) -> Result<SchemaCheck, ContractError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| ContractError::new(&name, ContractErrorKind::Read(e)))?;
    let schema = serde_json::from_slice(&bytes)
        .map_err(|e| ContractError::new(&name, ContractErrorKind::Parse(e)))?;
    drop(bytes);
    check_schema(&name, schema)
}

/// The whole schema check of a document of any size: it must compile as a contract called
/// `name` (draft 2020-12 against its meta-schema, formats asserted; the same error as
/// [`Contract::from_value`] when it does not), its rules are counted, and its examples are
/// self-checked.
///
/// Linear in the size of the schema, in time and in memory. The document is parsed once and
/// registered once, without a copy; the whole schema is compiled once, to know that it
/// compiles, and dropped before the examples are checked; the subschemas that hold examples
/// are compiled together into batch validators of a bounded size, one batch alive at a time.
/// Only a failing example costs a compile of its own subschema, to explain why it fails.
pub fn check_schema(name: &str, schema: Value) -> Result<SchemaCheck, ContractError> {
    let compile_error = |why: String| ContractError::new(name, ContractErrorKind::Compile(why));
    if !schema.is_object() && !schema.is_boolean() {
        return Err(ContractError::new(name, ContractErrorKind::NotASchema));
    }
    jsonschema::draft202012::meta::validate(&schema)
        .map_err(|e| compile_error(one_line(&e.to_string())))?;
    let resolver = RefResolver::new(&schema);
    let compiler = SubschemaCompiler::owning(schema, &resolver)
        .map_err(|e| compile_error(one_line(&e.to_string())))?;
    let document = compiler
        .document()
        .ok_or_else(|| compile_error("the registered document cannot be read back".to_owned()))?;
    drop(
        compiler
            .compile("")
            .map_err(|e| compile_error(one_line(&e.to_string())))?,
    );
    let rules = enumerate(&locations(document, &[""], &resolver, false)).len();
    let report = check_examples(&compiler, document, &resolver);
    Ok(SchemaCheck { rules, report })
}

/// Every example of `document` failed, because the document cannot be registered (`why`).
fn uncompilable(document: &Value, resolver: &RefResolver, why: &str) -> SelfCheckReport {
    let mut report = SelfCheckReport::default();
    for holder in example_holders(document, resolver) {
        report.failures.extend(holder.bad_examples);
        for (example_pointer, _) in holder.examples {
            report.examples_checked += 1;
            report.failures.push(ExampleFailure {
                example_pointer,
                schema_pointer: holder.pointer.clone(),
                reason: format!("its subschema does not compile on its own: {why}"),
            });
        }
    }
    report
}

/// The batch size for `resolver`'s document: each compile copies the registry's index (its
/// `$id`s, `$anchor`s and resolved references), so a batch covers at least as many values as
/// the index has entries and copying it costs no more than compiling the batch, whatever the
/// number of batches: without that, a document with a `$ref` per definition is quadratic
/// again. (Copying an entry costs far less than compiling a value.)
fn batch_budget(resolver: &RefResolver) -> usize {
    BATCH_VALUES.max(resolver.indexed())
}

/// Validates every example of `document` (registered in `compiler`) against its own
/// subschema.
///
/// The subschemas that hold examples are compiled together, in batches of at most
/// [`batch_budget`] schema values each, one batch alive at a time: one compile per batch
/// whatever the number of subschemas, and memory bounded by the batch, not the document.
/// When a batch does not compile, each of its subschemas is compiled on its own, to say which
/// one does not.
fn check_examples(
    compiler: &SubschemaCompiler,
    document: &Value,
    resolver: &RefResolver,
) -> SelfCheckReport {
    let mut report = SelfCheckReport::default();
    let mut holders = example_holders(document, resolver).into_iter().peekable();
    let budget = batch_budget(resolver);
    while holders.peek().is_some() {
        let mut chunk = Vec::new();
        let mut size = 0;
        while let Some(holder) = holders.next_if(|h| chunk.is_empty() || size + h.size <= budget) {
            size += holder.size;
            chunk.push(holder);
        }
        let entries: Vec<&str> = chunk.iter().map(|h| h.pointer.as_str()).collect();
        let batch = Batch::new(compiler, &entries).ok();
        for (index, holder) in chunk.into_iter().enumerate() {
            check_holder(
                compiler,
                document,
                resolver,
                batch.as_ref(),
                index,
                holder,
                &mut report,
            );
        }
    }
    report
}

/// Validates the examples of `holder`, entry `index` of `batch`, into `report`.
fn check_holder(
    compiler: &SubschemaCompiler,
    document: &Value,
    resolver: &RefResolver,
    batch: Option<&Batch>,
    index: usize,
    holder: Holder<'_>,
    report: &mut SelfCheckReport,
) {
    report.failures.extend(holder.bad_examples);
    // The subschema's own validator: compiled only when an example fails (or the batch could
    // not be built), then kept for the holder's other examples.
    let mut own: Option<Result<Validator, String>> = None;
    for (example_pointer, example) in holder.examples {
        report.examples_checked += 1;
        if batch.is_some_and(|b| b.is_valid(index, example)) {
            continue;
        }
        let validator = own.get_or_insert_with(|| {
            compiler
                .compile(&holder.pointer)
                .map_err(|e| one_line(&e.to_string()))
        });
        let reason = match validator {
            Err(why) => Some(format!("its subschema does not compile on its own: {why}")),
            Ok(v) if v.is_valid(example) => None,
            Ok(v) => Some(reasons(document, resolver, &holder.pointer, v, example)),
        };
        if let Some(reason) = reason {
            report.failures.push(ExampleFailure {
                example_pointer,
                schema_pointer: holder.pointer.clone(),
                reason,
            });
        }
    }
}

/// A subschema that holds examples (or a malformed `examples`).
struct Holder<'a> {
    /// Where the subschema is.
    pointer: String,
    /// Its `example` and the items of its `examples`, with their pointers.
    examples: Vec<(String, &'a Value)>,
    /// A failure for an `examples` that is not an array.
    bad_examples: Option<ExampleFailure>,
    /// How many JSON values the subschema holds (what compiling it costs), counted up to
    /// [`BATCH_VALUES`].
    size: usize,
}

/// Every subschema of `document` with an `example` or `examples`, in document order.
fn example_holders<'a>(document: &'a Value, resolver: &RefResolver) -> Vec<Holder<'a>> {
    let mut holders = Vec::new();
    for location in locations(document, &[""], resolver, false) {
        let Value::Object(map) = location.schema else {
            continue;
        };
        let mut examples: Vec<(String, &Value)> = Vec::new();
        let mut bad_examples = None;
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
            Some(_) => {
                bad_examples = Some(ExampleFailure {
                    example_pointer: pointer::join(&location.pointer, "examples"),
                    schema_pointer: location.pointer.clone(),
                    reason: "`examples` must be an array of example values".to_owned(),
                });
            }
            None => {}
        }
        if !examples.is_empty() || bad_examples.is_some() {
            holders.push(Holder {
                pointer: location.pointer,
                examples,
                bad_examples,
                size: values(location.schema, BATCH_VALUES),
            });
        }
    }
    holders
}

/// How many JSON values `value` holds (itself included), counted up to `cap`.
fn values(value: &Value, cap: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        if count >= cap {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
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
            // The validator was compiled as `{"$ref": …}` around `at`: canonical_location skips
            // that first `$ref` by itself below a subschema, not at the root.
            let path = e.schema_path().as_str();
            let path = match (at.is_empty(), path.strip_prefix("/$ref")) {
                (true, Some(rest)) => rest,
                _ => path,
            };
            let (schema_pointer, keyword) = canonical_location(document, resolver, at, path);
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
    fn a_subschema_that_does_not_compile_alone_fails_its_examples_and_the_rest_are_checked() {
        // `/$defs/Bad` is never referenced, so the whole schema compiles, but the batch of
        // example subschemas cannot: each subschema is then compiled on its own.
        let schema = json!({
            "$defs": {"Bad": {"$ref": "#/$defs/Missing", "example": 1}},
            "properties": {
                "a": {"type": "integer", "examples": [1, "x"]},
                "b": {"type": "string", "example": "ok"}
            }
        });
        let report = self_check(&schema).unwrap();
        assert_eq!(report.examples_checked, 4);
        let got: Vec<(&str, &str)> = report
            .failures
            .iter()
            .map(|f| (f.example_pointer.as_str(), f.reason.as_str()))
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "/$defs/Bad/example");
        assert!(
            got[0]
                .1
                .starts_with("its subschema does not compile on its own:"),
            "{}",
            got[0].1
        );
        assert_eq!(got[1].0, "/properties/a/examples/1");
        assert!(
            got[1].1.starts_with("/properties/a:type fails"),
            "{}",
            got[1].1
        );
    }

    #[test]
    fn many_examples_are_each_judged_by_their_own_subschema() {
        // Enough subschemas for a batch of three levels; every 7th example is wrong.
        let properties: serde_json::Map<String, Value> = (0..300)
            .map(|i| {
                let example = if i % 7 == 0 { json!(i + 1) } else { json!(i) };
                (format!("p{i}"), json!({"const": i, "example": example}))
            })
            .collect();
        let report = self_check(&json!({ "properties": properties })).unwrap();
        assert_eq!(report.examples_checked, 300);
        let failed: Vec<String> = report
            .failures
            .into_iter()
            .map(|f| f.schema_pointer)
            .collect();
        let expected: Vec<String> = (0..300)
            .filter(|i| i % 7 == 0)
            .map(|i| format!("/properties/p{i}"))
            .collect();
        assert_eq!(failed, expected);
    }

    #[test]
    fn a_schema_that_does_not_compile_is_an_error() {
        assert!(self_check(&json!({"minLength": "three"})).is_err());
        for bad in [
            json!({"minLength": "three"}),
            json!({"$ref": "#/$defs/Missing"}),
        ] {
            let e = check_schema("bad", bad.clone()).unwrap_err();
            assert!(matches!(e.kind(), ContractErrorKind::Compile(_)), "{e}");
            assert!(Contract::from_value("bad", bad).is_err());
        }
        let e = check_schema("num", json!(5)).unwrap_err();
        assert!(matches!(e.kind(), ContractErrorKind::NotASchema), "{e}");
    }

    #[test]
    fn check_schema_agrees_with_the_contract_and_the_self_check() {
        for contract in [Contract::published(), Contract::deployed()] {
            let check = check_schema(contract.name(), contract.document().clone()).unwrap();
            assert_eq!(check.rules, contract.rules().len(), "{}", contract.name());
            assert_eq!(
                check.report,
                self_check_contract(&contract),
                "{}",
                contract.name()
            );
        }
        let root = check_schema(
            "root",
            json!({"required": ["a"], "examples": [{"a": 1}, {}]}),
        )
        .unwrap();
        assert_eq!(root.rules, 1);
        assert_eq!(root.report.failures.len(), 1);
        assert!(
            root.report.failures[0]
                .reason
                .starts_with(":required fails at the example"),
            "{}",
            root.report.failures[0].reason
        );
    }

    #[test]
    fn examples_beyond_one_batch_are_each_judged_by_their_own_subschema() {
        // 4,000 subschemas of 43 values each: three batches of at most BATCH_VALUES.
        let levels: Vec<Value> = (0..40).map(|k| json!(format!("level-{k}"))).collect();
        let properties: serde_json::Map<String, Value> = (0..4000)
            .map(|i| {
                let example = if i % 7 == 0 {
                    json!("other")
                } else {
                    json!("level-3")
                };
                (format!("p{i}"), json!({"enum": levels, "example": example}))
            })
            .collect();
        let schema = json!({ "properties": properties });
        let holders = example_holders(&schema, &RefResolver::new(&schema));
        let total: usize = holders.iter().map(|h| h.size).sum();
        assert!(total > 2 * BATCH_VALUES, "{total} values fit one batch");
        let check = check_schema("big", schema).unwrap();
        assert_eq!(check.report.examples_checked, 4000);
        let failed: Vec<String> = check
            .report
            .failures
            .into_iter()
            .map(|f| f.schema_pointer)
            .collect();
        let expected: Vec<String> = (0..4000)
            .filter(|i| i % 7 == 0)
            .map(|i| format!("/properties/p{i}"))
            .collect();
        assert_eq!(failed, expected);
    }

    #[test]
    fn values_are_counted_up_to_the_cap() {
        assert_eq!(values(&json!({"a": [1, 2, {"b": null}]}), 100), 6);
        assert_eq!(values(&json!([1, 2, 3, 4, 5]), 3), 3);
    }

    #[test]
    fn property_named_example_is_a_schema_not_an_example() {
        let (n, f) = failures(json!({"properties": {"example": {"type": "string"}}}));
        assert_eq!((n, f.len()), (0, 0));
    }
}
