//! [`MutantStrategy`]: a valid document plus one mutation, drawn rule-first so that rare rules
//! are mutated as often as common ones.

use std::collections::BTreeMap;

use proptest::prelude::{BoxedStrategy, RngExt};
use proptest::strategy::{NewTree, Strategy};
use proptest::test_runner::TestRunner;
use serde_json::Value;

use contract::walk::is_rule;
use contract::{rule_id, Contract};

use super::tree::MutantTree;
use crate::mutate::{labelled, mutator, sites, Mutant, MutationSpec};

/// How many valid documents one case may draw before giving up on finding a breakable rule.
const ATTEMPTS: usize = 8;

/// Mutants of documents valid against one contract; see [`mutant()`].
#[derive(Debug)]
#[must_use = "strategies do nothing unless used"]
pub struct MutantStrategy {
    contract: Contract,
    valid: BoxedStrategy<Value>,
}

impl MutantStrategy {
    /// Mutants of `valid`'s documents, judged by `contract`.
    pub fn new(contract: Contract, valid: BoxedStrategy<Value>) -> Self {
        MutantStrategy { contract, valid }
    }
}

/// The (rule → instance pointers) pairs of `doc` that have a mutator, in document order.
fn breakable(contract: &Contract, doc: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for site in sites(contract, doc) {
        let Some(Value::Object(schema)) = contract.subschema(&site.schema) else {
            continue;
        };
        for (keyword, value) in schema {
            if is_rule(keyword, value) && mutator(keyword, value).is_some() {
                out.entry(rule_id(&site.schema, keyword))
                    .or_default()
                    .push(site.instance.clone());
            }
        }
    }
    out
}

fn pick<T>(runner: &mut TestRunner, items: &mut Vec<T>) -> Option<T> {
    if items.is_empty() {
        return None;
    }
    let i = runner.rng().random_range(0..items.len());
    Some(items.swap_remove(i))
}

/// One mutant of `doc`: a rule drawn uniformly among the breakable ones, then a place, then a
/// replacement; rules or places without an accepted replacement are dropped and drawn again.
fn draw(
    runner: &mut TestRunner,
    contract: &Contract,
    doc: &Value,
) -> Option<(Mutant, MutationSpec)> {
    let mut rules: Vec<(String, Vec<String>)> = breakable(contract, doc).into_iter().collect();
    while let Some((rule, mut places)) = pick(runner, &mut rules) {
        while let Some(place) = pick(runner, &mut places) {
            let mut found = labelled(contract, doc, |r, at| r == rule && at == place);
            if let Some(hit) = pick(runner, &mut found) {
                return Some(hit);
            }
        }
    }
    None
}

impl Strategy for MutantStrategy {
    type Tree = MutantTree;
    type Value = Mutant;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        for _ in 0..ATTEMPTS {
            let tree = self.valid.new_tree(runner)?;
            let doc = tree.current();
            if let Some((mutant, spec)) = draw(runner, &self.contract, &doc) {
                return Ok(MutantTree::new(self.contract.clone(), tree, spec, mutant));
            }
        }
        Err(format!(
            "no rule of contract `{}` can be broken in its generated documents",
            self.contract.name()
        )
        .into())
    }
}

/// Mutants of documents valid against `contract`, each failing exactly its tagged rule (see
/// [`crate::mutate::fails_exactly`]). Shrinking simplifies the valid document and re-applies the
/// same mutation after every step, so the tag never changes. A contract with no rule the
/// mutator can break rejects every case with that reason.
pub fn mutant(contract: &Contract) -> BoxedStrategy<Mutant> {
    MutantStrategy::new(contract.clone(), crate::valid_document(contract)).boxed()
}
