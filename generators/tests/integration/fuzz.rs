//! The `arbitrary` impls: same bytes, same document; valid unless tagged as a mutant.

use arbitrary::{Arbitrary, Unstructured};
use contract::Contract;
use generators::fuzz::Which;
use generators::mutate::fails_exactly;
use generators::{ArbitrarySession, ArbitraryUser};

fn contract(which: Which) -> Contract {
    match which {
        Which::Published => Contract::published(),
        Which::Deployed => Contract::deployed(),
    }
}

#[test]
fn sessions_from_bytes_are_deterministic_and_truthful() {
    let mut seen_mutant = false;
    let mut seen_valid = false;
    for i in 0u8..40 {
        let bytes: Vec<u8> = (0..64u8)
            .map(|j| j.wrapping_mul(31).wrapping_add(i.wrapping_mul(97)))
            .collect();
        let a = ArbitrarySession::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
        let b = ArbitrarySession::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
        assert_eq!(a.document, b.document);
        let c = contract(a.contract);
        match &a.broken_rule {
            None => {
                seen_valid = true;
                assert!(c.is_valid(&a.document));
            }
            Some(rule) => {
                seen_mutant = true;
                let v = c.violations(&a.document);
                let at = v
                    .iter()
                    .find(|v| &v.rule == rule)
                    .expect("the tagged rule is broken")
                    .instance_pointer
                    .clone();
                assert!(fails_exactly(&c, &a.document, rule, &at));
            }
        }
    }
    assert!(seen_mutant && seen_valid);
}

#[test]
fn users_from_bytes_follow_the_user_definition() {
    let bytes = [7u8; 64];
    let u = ArbitraryUser::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
    let user = contract(u.contract).definition("User").unwrap();
    assert_eq!(user.is_valid(&u.document), u.broken_rule.is_none());
}
