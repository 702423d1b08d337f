//! `arbitrary` impls for offline fuzzing: Session and User documents drawn by the schema-driven
//! generators from fuzzer bytes. The main type is [`ArbitrarySession`].

use std::cell::RefCell;

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

use contract::Contract;

use crate::{mutant, valid_document, Mutant};

/// The contract a fuzz document is drawn for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Which {
    /// The published Session schema.
    Published,
    /// The deployed-service Session schema.
    Deployed,
}

/// Strategies per (contract, user?): built once per thread, they are not `Sync`.
struct Cache {
    valid: [Option<BoxedStrategy<Value>>; 4],
    mutants: [Option<BoxedStrategy<Mutant>>; 4],
}

thread_local! {
    static CACHE: RefCell<Cache> = const { RefCell::new(Cache { valid: [None, None, None, None], mutants: [None, None, None, None] }) };
}

fn contract_for(which: Which, user: bool) -> Contract {
    let c = match which {
        Which::Published => Contract::published(),
        Which::Deployed => Contract::deployed(),
    };
    if user {
        // Both embedded Session contracts define `User`; the test suite pins that.
        c.definition("User").unwrap_or(c)
    } else {
        c
    }
}

/// Draws a document (or a mutant of one) for `which` from the fuzzer's bytes.
fn draw(u: &mut Unstructured<'_>, user: bool) -> arbitrary::Result<(Which, Value, Option<String>)> {
    let which = if u.arbitrary::<bool>()? {
        Which::Deployed
    } else {
        Which::Published
    };
    let seed: [u8; 32] = u.arbitrary()?;
    let mutate: bool = u.arbitrary()?;
    let slot = usize::from(which == Which::Deployed) * 2 + usize::from(user);
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if mutate {
            let strategy = cache.mutants[slot]
                .get_or_insert_with(|| mutant(&contract_for(which, user)))
                .clone();
            let m = strategy
                .new_tree(&mut runner)
                .map_err(|_| arbitrary::Error::IncorrectFormat)?
                .current();
            Ok((which, m.document, Some(m.rule)))
        } else {
            let strategy = cache.valid[slot]
                .get_or_insert_with(|| valid_document(&contract_for(which, user)))
                .clone();
            let doc = strategy
                .new_tree(&mut runner)
                .map_err(|_| arbitrary::Error::IncorrectFormat)?
                .current();
            Ok((which, doc, None))
        }
    })
}

/// A Session document drawn from fuzzer bytes: valid against `contract`, or (when
/// `broken_rule` is set) a mutant failing exactly that rule. The same bytes give the same
/// document.
#[derive(Clone, Debug)]
pub struct ArbitrarySession {
    /// The contract it was drawn for.
    pub contract: Which,
    /// The document.
    pub document: Value,
    /// The rule the document breaks, if it is a mutant.
    pub broken_rule: Option<String>,
}

impl<'a> Arbitrary<'a> for ArbitrarySession {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let (contract, document, broken_rule) = draw(u, false)?;
        Ok(ArbitrarySession {
            contract,
            document,
            broken_rule,
        })
    }
}

/// A bare User document drawn from fuzzer bytes; see [`ArbitrarySession`].
#[derive(Clone, Debug)]
pub struct ArbitraryUser {
    /// The contract whose `User` definition it was drawn for.
    pub contract: Which,
    /// The document.
    pub document: Value,
    /// The rule the document breaks, if it is a mutant.
    pub broken_rule: Option<String>,
}

impl<'a> Arbitrary<'a> for ArbitraryUser {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let (contract, document, broken_rule) = draw(u, true)?;
        Ok(ArbitraryUser {
            contract,
            document,
            broken_rule,
        })
    }
}
