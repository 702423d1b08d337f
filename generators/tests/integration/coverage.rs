//! Every rule of every embedded contract has a mutant generator, and generated documents give
//! each rule at least one mutant.

use std::collections::BTreeSet;

use contract::{Contract, RequestKind};
use generators::mutate::{labelled, mutator, UNBREAKABLE};
use generators::valid_document;

use crate::common::sample;

fn embedded() -> Vec<Contract> {
    let mut all = vec![
        Contract::published(),
        Contract::deployed(),
        Contract::error_body(),
    ];
    all.extend(RequestKind::ALL.map(Contract::request));
    all
}

#[test]
fn every_rule_keyword_of_the_embedded_contracts_has_a_mutator() {
    for c in embedded() {
        for rule in c.rules() {
            assert!(
                mutator(&rule.keyword, &rule.value).is_some(),
                "{} in {} has no mutator (unbreakable keywords: {UNBREAKABLE:?})",
                rule.id,
                c.name()
            );
        }
    }
}

#[test]
fn every_rule_is_broken_by_some_mutant_of_generated_documents() {
    for (seed, c) in embedded().into_iter().enumerate() {
        let all: BTreeSet<String> = c.rules().iter().map(|r| r.id.clone()).collect();
        let mut hit = BTreeSet::new();
        for doc in sample(&valid_document(&c), 500 + seed as u64, 300) {
            for (m, _) in labelled(&c, &doc, |rule, _| !hit.contains(rule)) {
                hit.insert(m.rule);
            }
            if hit.len() == all.len() {
                break;
            }
        }
        let missed: Vec<&String> = all.difference(&hit).collect();
        assert!(
            missed.is_empty(),
            "{}: no mutant breaks {missed:?}",
            c.name()
        );
    }
}

#[test]
fn unbreakable_keywords_are_rules_without_mutators() {
    for keyword in UNBREAKABLE {
        assert!(
            mutator(keyword, &serde_json::json!([])).is_none(),
            "{keyword}"
        );
    }
}
