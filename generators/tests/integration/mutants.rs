//! Every mutant fails exactly its tagged rule.
//!
//! "Exactly" means (see `generators::mutate::fails_exactly`): the validator reports at least one
//! violation; all of them are at the mutant's instance pointer; one of them is the tagged rule,
//! with the tagged rule's keyword, at that pointer. Several violations at that one place are
//! allowed only where one value must break two keywords at once; for the two Session contracts
//! that is a wrong type where an `enum` applies, and a malformed UUID where a UUID `pattern`
//! applies too — the test pins that list.

use std::collections::BTreeMap;

use contract::Contract;
use generators::mutate::fails_exactly;
use generators::{mutant, mutants_of, valid_document, Mutant};

use crate::common::{contracts, sample};

/// Checks one mutant; returns whether it is pure (one violation).
fn check(c: &Contract, m: &Mutant) -> bool {
    let violations = c.violations(&m.document);
    let rule = c
        .rule(&m.rule)
        .unwrap_or_else(|| panic!("tag {} is not a rule of {}", m.rule, c.name()));
    assert!(!violations.is_empty(), "mutant {m:?} validates");
    assert!(
        violations
            .iter()
            .all(|v| v.instance_pointer == m.instance_pointer && c.rule(&v.rule).is_some()),
        "mutant tagged {} at {} broke elsewhere too: {violations:#?}",
        m.rule,
        m.instance_pointer
    );
    assert!(
        violations
            .iter()
            .any(|v| v.rule == m.rule && v.keyword == rule.keyword),
        "mutant tagged {} is judged {violations:#?}",
        m.rule
    );
    assert!(fails_exactly(c, &m.document, &m.rule, &m.instance_pointer));
    if violations.len() > 1 {
        let mut keywords: Vec<&str> = violations.iter().map(|v| v.keyword.as_str()).collect();
        keywords.sort_unstable();
        keywords.dedup();
        assert!(
            keywords == ["enum", "type"] || keywords == ["format", "pattern"],
            "unexpected double break {keywords:?} for {}: {}",
            m.rule,
            m.description
        );
    }
    violations.len() == 1
}

#[test]
fn every_mutant_of_generated_documents_fails_exactly_its_rule() {
    for (seed, c) in contracts().into_iter().enumerate() {
        let mut by_keyword: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for doc in sample(&valid_document(&c), 100 + seed as u64, 25) {
            let mutants = mutants_of(&c, &doc);
            assert!(!mutants.is_empty());
            for m in mutants {
                let pure = check(&c, &m);
                let keyword = c
                    .rule(&m.rule)
                    .map(|r| r.keyword.clone())
                    .unwrap_or_default();
                let entry = by_keyword.entry(keyword).or_default();
                entry.0 += 1;
                entry.1 += usize::from(pure);
            }
        }
        println!(
            "{}: mutants (total, pure) by keyword: {by_keyword:?}",
            c.name()
        );
        for keyword in ["required", "additionalProperties", "type"] {
            if let Some((total, pure)) = by_keyword.get(keyword) {
                assert!(
                    pure * 2 > *total,
                    "most `{keyword}` mutants break one rule only: {pure}/{total}"
                );
            }
        }
    }
}

#[test]
fn the_mutant_strategy_tags_every_mutant_truthfully() {
    for (seed, c) in contracts().into_iter().enumerate() {
        let mutants = sample(&mutant(&c), 200 + seed as u64, 200);
        for m in &mutants {
            check(&c, m);
        }
        let rules: std::collections::HashSet<&str> =
            mutants.iter().map(|m| m.rule.as_str()).collect();
        assert!(
            rules.len() > 15,
            "{} mutants spread over rules: {}",
            c.name(),
            rules.len()
        );
    }
}

#[test]
fn mutants_of_user_definitions_keep_canonical_ids() {
    for c in contracts() {
        let user = c.definition("User").unwrap();
        for m in sample(&mutant(&user), 300, 80) {
            assert!(m.rule.starts_with("/$defs/User"), "{}", m.rule);
            check(&user, &m);
        }
    }
}

#[test]
fn same_seed_same_mutants() {
    let c = Contract::deployed();
    assert_eq!(sample(&mutant(&c), 9, 10), sample(&mutant(&c), 9, 10));
}
