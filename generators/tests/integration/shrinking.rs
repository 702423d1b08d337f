//! The `mutant` strategy shrinks through `ValueTree` and keeps its tag after every step.

use contract::Contract;
use generators::mutate::fails_exactly;
use generators::{mutant, Mutant};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use crate::common::{contracts, runner};

fn size(m: &Mutant) -> usize {
    m.document.to_string().len()
}

#[test]
fn simplifying_to_the_end_keeps_the_tag_and_the_place() {
    let mut shrunk_somewhere = false;
    for c in contracts() {
        let strategy = mutant(&c);
        let mut runner = runner(77);
        for _ in 0..6 {
            let mut tree = strategy.new_tree(&mut runner).unwrap();
            let first = tree.current();
            let mut steps = 0;
            while steps < 400 && tree.simplify() {
                steps += 1;
                let now = tree.current();
                assert_eq!(
                    (&now.rule, &now.instance_pointer),
                    (&first.rule, &first.instance_pointer)
                );
                assert!(
                    fails_exactly(&c, &now.document, &now.rule, &now.instance_pointer),
                    "{now:?}"
                );
            }
            let last = tree.current();
            assert!(
                size(&last) <= size(&first),
                "shrinking never grows the document"
            );
            shrunk_somewhere |= size(&last) < size(&first);
        }
    }
    assert!(shrunk_somewhere, "some mutant document got smaller");
}

#[test]
fn a_failing_property_reports_a_minimal_mutant_with_its_tag() {
    let c = Contract::published();
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 4,
            failure_persistence: None,
            ..Config::default()
        },
        crate::common::runner(5).new_rng(),
    );
    let result = runner.run(&mutant(&c), |m| {
        // A property that every mutant fails: the runner must shrink.
        if c.is_valid(&m.document) {
            Ok(())
        } else {
            Err(TestCaseError::fail("invalid, as it should be"))
        }
    });
    match result {
        Err(TestError::Fail(_, minimal)) => {
            assert!(
                fails_exactly(
                    &c,
                    &minimal.document,
                    &minimal.rule,
                    &minimal.instance_pointer
                ),
                "{minimal:?}"
            );
        }
        other => panic!("expected a failure with a minimal input, got {other:?}"),
    }
}
