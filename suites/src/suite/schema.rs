//! Suite `schema`: the generators' agreement with the contract (valid documents validate, each
//! mutant breaks its rule). Runs offline. The contract's own examples are checked by
//! `check-schema` and shown in every report's contract section, never as a case of a run.

use generators::Mutant;
use serde_json::{json, Value};

use crate::property::{always_valid, no_cost, Cases, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&VALID_DOCUMENTS, &MUTANTS];

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
    cost: no_cost,
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
    cost: no_cost,
};
