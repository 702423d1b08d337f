//! Helpers shared by the test modules: deterministic runners, value sampling, the two contracts.

use contract::Contract;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A runner whose RNG is seeded from `seed`, so a test draws the same values every run.
pub fn runner(seed: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

/// `n` values drawn from `strategy` with a runner seeded by `seed`.
pub fn sample<S: Strategy>(strategy: &S, seed: u64, n: usize) -> Vec<S::Value> {
    let mut runner = runner(seed);
    (0..n)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("the strategy generates values")
                .current()
        })
        .collect()
}

/// The two Session contracts.
pub fn contracts() -> [Contract; 2] {
    [Contract::published(), Contract::deployed()]
}
