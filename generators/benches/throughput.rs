//! Throughput of the generators: documents generated and validated per second for both Session
//! contracts, mutants per second, and request bodies per second.
//!
//! Run with `cargo bench -p generators --bench throughput`; the `items/s` column is the figure.

use contract::Contract;
use divan::counter::ItemsCount;
use divan::Bencher;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

fn main() {
    divan::main();
}

const CONTRACTS: [&str; 2] = ["published", "deployed"];

/// One value from a strategy.
fn draw<S: Strategy>(strategy: &S, runner: &mut TestRunner) -> S::Value {
    strategy
        .new_tree(runner)
        .expect("the strategy generates")
        .current()
}

fn load(name: &str) -> Contract {
    Contract::load(name).expect("embedded contracts load")
}

/// One valid Session generated, then validated (formats asserted).
#[divan::bench(args = CONTRACTS)]
fn valid_document_generated_and_validated(bencher: Bencher, name: &str) {
    let contract = load(name);
    let strategy = generators::valid_document(&contract);
    let mut runner = TestRunner::deterministic();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let doc = draw(&strategy, &mut runner);
        assert!(contract.is_valid(&doc));
    });
}

/// Building the valid-document strategy from the schema (done once per `valid_document` call).
#[divan::bench(args = CONTRACTS)]
fn strategy_built_from_schema(bencher: Bencher, name: &str) {
    let contract = load(name);
    bencher.bench_local(|| generators::valid_document(&contract));
}

/// One mutant drawn (valid document + one verified mutation), then its violations built.
#[divan::bench(args = CONTRACTS)]
fn mutant_generated_and_judged(bencher: Bencher, name: &str) {
    let contract = load(name);
    let strategy = generators::mutant(&contract);
    let mut runner = TestRunner::deterministic();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let m = draw(&strategy, &mut runner);
        assert!(!contract.violations(&m.document).is_empty());
    });
}

/// Every mutant of one valid document (the count is per document).
#[divan::bench(args = CONTRACTS)]
fn all_mutants_of_a_document(bencher: Bencher, name: &str) {
    let contract = load(name);
    let strategy = generators::valid_document(&contract);
    let mut runner = TestRunner::deterministic();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let doc = draw(&strategy, &mut runner);
        generators::mutants_of(&contract, &doc).len()
    });
}

/// One valid sign-up request body.
#[divan::bench]
fn sign_up_request(bencher: Bencher) {
    let strategy = generators::requests::sign_up("bench");
    let mut runner = TestRunner::deterministic();
    bencher
        .counter(ItemsCount::new(1usize))
        .bench_local(|| draw(&strategy, &mut runner).to_json());
}

/// One invalid request, re-checked against its rule.
#[divan::bench]
fn invalid_request_checked(bencher: Bencher) {
    let strategy = generators::requests::invalid_request("bench");
    let mut runner = TestRunner::deterministic();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let req = draw(&strategy, &mut runner);
        assert!(generators::requests::still_breaks_rule(&req));
    });
}
