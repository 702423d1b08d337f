//! Suite `schema`: the contract itself, and the generators' agreement with it. Runs offline.

use generators::Mutant;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::check::{Check, Stop};
use crate::property::{always_valid, Cases, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&EXAMPLES, &VALID_DOCUMENTS, &MUTANTS];

static EXAMPLES: Prop<()> = Prop {
    suite: "schema",
    name: "examples",
    description: "every example in the contract validates against its own subschema",
    needs: &[Need::Offline],
    cases: Cases::Once,
    strategy: |_, _| Just(()).boxed(),
    check: examples,
    show: |_| Value::Null,
    still_valid: always_valid,
};

fn examples(check: &mut Check<'_>, _: &()) -> Result<(), Stop> {
    let report = contract::self_check(check.env.contract.schema()).map_err(|e| {
        Stop::Target(crate::TargetError::Other {
            operation: "self-check".into(),
            reason: e.to_string(),
        })
    })?;
    check.exercised(rules::SCHEMA_EXAMPLES_VALID);
    for f in report.failures {
        check.finding(
            rules::SCHEMA_EXAMPLES_VALID,
            &f.example_pointer,
            format!(
                "example does not validate against {}: {}",
                f.schema_pointer, f.reason
            ),
        );
    }
    Ok(())
}

static VALID_DOCUMENTS: Prop<Value> = Prop {
    suite: "schema",
    name: "valid_documents",
    description: "every document the generators call valid validates against the contract",
    needs: &[Need::Offline],
    cases: Cases::Configured,
    strategy: |env, _| generators::valid_document(&env.contract),
    check: |check, doc| {
        check.exercised(rules::SCHEMA_GENERATED_VALID);
        for v in check.env.contract.violations(doc) {
            check.finding(
                rules::SCHEMA_GENERATED_VALID,
                &v.instance_pointer,
                format!("generated document breaks {}: {}", v.rule, v.message),
            );
        }
        Ok(())
    },
    show: Value::clone,
    still_valid: always_valid,
};

static MUTANTS: Prop<Mutant> = Prop {
    suite: "schema",
    name: "mutants",
    description: "every mutant fails the contract at the rule it is tagged with",
    needs: &[Need::Offline],
    cases: Cases::Configured,
    strategy: |env, _| generators::mutant(&env.contract),
    check: |check, mutant| {
        let violations = check.env.contract.violations(&mutant.document);
        let hit = violations
            .iter()
            .any(|v| v.rule == mutant.rule && v.instance_pointer == mutant.instance_pointer);
        let seen: Vec<String> = violations
            .iter()
            .map(|v| format!("{} at {:?}", v.rule, v.instance_pointer))
            .collect();
        check.expect(
            hit,
            rules::SCHEMA_MUTANT_REJECTED,
            &mutant.instance_pointer,
            || {
                format!(
                    "mutant tagged {} ({}) was judged: {seen:?}",
                    mutant.rule, mutant.description
                )
            },
        );
        Ok(())
    },
    show: |m| json!({ "rule": m.rule, "pointer": m.instance_pointer, "description": m.description, "document": m.document }),
    still_valid: always_valid,
};
