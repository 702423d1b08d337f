//! Mutants: valid documents changed in one place so that they break one rule. The main type is
//! [`Mutant`]; the entry point is [`mutants_of`].

use serde_json::{Map, Value};

use contract::walk::is_rule;
use contract::{rule_id, Contract};

use super::check::fails_exactly;
use super::input::Input;
use super::site::{sites, Site};
use super::table::mutator;
use crate::values::replaced;

/// A document that breaks exactly one rule, tagged with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mutant {
    /// The broken rule (a [`contract::Rule::id`]).
    pub rule: String,
    /// Where the validator reports it (for `required` and `additionalProperties`, the object).
    pub instance_pointer: String,
    /// What was changed, for humans.
    pub description: String,
    /// The mutated document.
    pub document: Value,
}

/// Which mutation a mutant is, so it can be applied again to a shrunk document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MutationSpec {
    /// The rule id.
    pub rule: String,
    /// The instance pointer.
    pub instance_pointer: String,
    /// The candidate's label within its keyword.
    pub label: String,
}

/// Every mutant of the valid document `doc`: for each place a rule applies, each replacement
/// its keyword's mutator proposes that [`fails_exactly`] that rule there.
pub fn mutants_of(contract: &Contract, doc: &Value) -> Vec<Mutant> {
    labelled(contract, doc, |_, _| true)
        .into_iter()
        .map(|(m, _)| m)
        .collect()
}

/// The mutants of `doc` for the rules `keep(rule_id, instance_pointer)` selects, with their
/// specs.
pub fn labelled(
    contract: &Contract,
    doc: &Value,
    keep: impl Fn(&str, &str) -> bool,
) -> Vec<(Mutant, MutationSpec)> {
    let mut out = Vec::new();
    for site in sites(contract, doc) {
        let Some(Value::Object(schema)) = contract.subschema(&site.schema) else {
            continue;
        };
        for (keyword, value) in schema {
            if !is_rule(keyword, value) {
                continue;
            }
            let rule = rule_id(&site.schema, keyword);
            if keep(&rule, &site.instance) {
                out.extend(at_site(contract, doc, &site, schema, keyword, value, &rule));
            }
        }
    }
    out
}

fn at_site(
    contract: &Contract,
    doc: &Value,
    site: &Site,
    schema: &Map<String, Value>,
    keyword: &str,
    rule_value: &Value,
    rule: &str,
) -> Vec<(Mutant, MutationSpec)> {
    let (Some(mutate), Some(instance)) =
        (mutator(keyword, rule_value), doc.pointer(&site.instance))
    else {
        return Vec::new();
    };
    let input = Input {
        schema,
        rule_value,
        instance,
    };
    mutate(&input)
        .into_iter()
        .filter_map(|candidate| {
            let document = replaced(doc, &site.instance, candidate.value);
            fails_exactly(contract, &document, rule, &site.instance).then(|| {
                let mutant = Mutant {
                    rule: rule.to_owned(),
                    instance_pointer: site.instance.clone(),
                    description: describe(&site.instance, &candidate.description),
                    document,
                };
                let spec = MutationSpec {
                    rule: rule.to_owned(),
                    instance_pointer: site.instance.clone(),
                    label: candidate.label,
                };
                (mutant, spec)
            })
        })
        .collect()
}

/// The mutation `spec` applied to `doc` again, if it still breaks exactly its rule there. Only
/// the one candidate named by the spec is built and validated.
pub fn reapply(contract: &Contract, doc: &Value, spec: &MutationSpec) -> Option<Mutant> {
    let rule = contract.rule(&spec.rule)?;
    let site = sites(contract, doc)
        .into_iter()
        .find(|s| s.instance == spec.instance_pointer && s.schema == rule.schema_pointer)?;
    let Some(Value::Object(schema)) = contract.subschema(&site.schema) else {
        return None;
    };
    let mutate = mutator(&rule.keyword, &rule.value)?;
    let instance = doc.pointer(&site.instance)?;
    let candidate = mutate(&Input {
        schema,
        rule_value: &rule.value,
        instance,
    })
    .into_iter()
    .find(|c| c.label == spec.label)?;
    let document = replaced(doc, &site.instance, candidate.value);
    fails_exactly(contract, &document, &spec.rule, &site.instance).then(|| Mutant {
        rule: spec.rule.clone(),
        instance_pointer: site.instance.clone(),
        description: describe(&site.instance, &candidate.description),
        document,
    })
}

fn describe(at: &str, what: &str) -> String {
    let at = if at.is_empty() { "the document" } else { at };
    format!("{at}: {what}")
}
