//! Every boundary-but-valid variant validates, and the variants cover the boundary kinds.

use std::collections::BTreeSet;

use contract::Contract;
use generators::{boundary_variants, valid_document};
use serde_json::json;

use crate::common::{contracts, sample};

/// The kinds of variant seen (the text before ` at `), and the places unknown keys were added.
fn kinds(c: &Contract, seed: u64, n: usize) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut kinds = BTreeSet::new();
    let mut unknown_at = BTreeSet::new();
    for doc in sample(&valid_document(c), seed, n) {
        for (what, variant) in boundary_variants(c, &doc) {
            let v = c.violations(&variant);
            assert!(
                v.is_empty(),
                "{}: boundary variant `{what}` is invalid: {v:#?}",
                c.name()
            );
            let (kind, at) = what.split_once(" at ").unwrap_or((&what, ""));
            if kind == "unknown keys where allowed" {
                unknown_at.insert(at.to_owned());
            }
            kinds.insert(kind.split(" (").next().unwrap_or_default().to_owned());
        }
    }
    (kinds, unknown_at)
}

#[test]
fn every_variant_of_both_contracts_validates() {
    let [published, deployed] = contracts();
    let (p, _) = kinds(&published, 600, 80);
    for kind in [
        "empty string",
        "very long string",
        "exotic Unicode string",
        "null where nullable",
        "unknown keys where allowed",
        "every optional key absent",
        "empty array",
        "integral float",
        "largest unsigned 64-bit integer",
        "most negative 64-bit integer",
    ] {
        assert!(p.contains(kind), "published lacks `{kind}`: {p:?}");
    }
    let (d, unknown_at) = kinds(&deployed, 601, 80);
    assert!(
        d.contains("null where nullable") && d.contains("every optional key absent"),
        "{d:?}"
    );
    assert_eq!(
        unknown_at.into_iter().collect::<Vec<_>>(),
        ["`/user/metadata`"],
        "the deployed contract forbids unknown keys in the session and the user; only metadata is free-form"
    );
}

#[test]
fn bounded_strings_and_numbers_get_variants_at_their_limits() {
    let c = Contract::from_value(
        "bounded",
        json!({"type": "object", "properties": {"s": {"type": "string", "maxLength": 4}, "n": {"type": "integer", "minimum": 1, "maximum": 9}}, "required": ["s", "n"]}),
    )
    .unwrap();
    let doc = json!({"s": "ab", "n": 5});
    let variants = boundary_variants(&c, &doc);
    let get = |prefix: &str| {
        variants
            .iter()
            .find(|(w, _)| w.starts_with(prefix))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        get("string of exactly maxLength").unwrap()["s"],
        json!("😀😀😀😀")
    );
    assert_eq!(get("number at its minimum").unwrap()["n"], json!(1));
    assert_eq!(get("number at its maximum").unwrap()["n"], json!(9));
    assert!(variants.iter().all(|(_, v)| c.is_valid(v)));
}
