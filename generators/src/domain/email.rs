//! Email addresses with the parts real addresses have: dots, `+tags`, hyphens, rare specials,
//! subdomains and IDN (punycode) labels. The main item is [`email`].

use proptest::prelude::*;

use super::re;

/// One dot-atom word of a local part.
fn atom() -> BoxedStrategy<String> {
    prop_oneof![
        6 => re("[a-z][a-z0-9]{0,9}"),
        2 => re("[a-z0-9][a-z0-9_-]{0,6}[a-z0-9]"),
        1 => re("[a-z0-9!#$%&'*/=?^_`{|}~-]{1,6}"),
    ]
    .boxed()
}

/// A local part: dotted words with an optional `+tag`.
pub fn local_part() -> BoxedStrategy<String> {
    let tag =
        proptest::collection::vec(re("[a-z0-9]{1,6}"), 1..=2).prop_map(|parts| parts.join("."));
    (
        proptest::collection::vec(atom(), 1..=3),
        proptest::option::of(tag),
    )
        .prop_map(|(words, tag)| match tag {
            Some(tag) => format!("{}+{tag}", words.join(".")),
            None => words.join("."),
        })
        .boxed()
}

/// A domain: realistic names, subdomains, hyphens, punycode labels, mixed case.
pub fn domain() -> BoxedStrategy<String> {
    let label = prop_oneof![
        5 => re("[a-z][a-z0-9]{0,10}"),
        // Hyphens inside, never two at positions 3–4 (reserved for `xn--`).
        2 => re("[a-z0-9][a-z0-9]{0,4}(-[a-z0-9]{1,6}){1,2}"),
        1 => prop::sample::select(&["xn--bcher-kva", "xn--mller-kva", "xn--80akhbyknj4f", "xn--fsqu00a"][..]).prop_map(str::to_owned),
        1 => re("[A-Z][a-zA-Z]{1,6}"),
    ];
    let tld = prop::sample::select(
        &[
            "com", "org", "net", "io", "example", "co.uk", "xn--p1ai", "travel",
        ][..],
    );
    (proptest::collection::vec(label, 1..=3), tld)
        .prop_map(|(labels, tld)| format!("{}.{tld}", labels.join(".")))
        .boxed()
}

/// An address `local@domain` the `email` format accepts.
pub fn email() -> BoxedStrategy<String> {
    (local_part(), domain())
        .prop_map(|(l, d)| format!("{l}@{d}"))
        .boxed()
}
