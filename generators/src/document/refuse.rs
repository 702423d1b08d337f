//! [`Refuse`]: a strategy that generates nothing and says why (an unsatisfiable schema, an
//! unknown definition). Proptest reports the reason instead of a made-up value.

use proptest::strategy::{Just, NewTree, Strategy};
use proptest::test_runner::TestRunner;
use serde_json::Value;

/// A strategy whose every attempt is rejected with `reason`.
#[derive(Clone, Debug)]
#[must_use = "strategies do nothing unless used"]
pub struct Refuse {
    reason: String,
}

impl Refuse {
    /// Refuses with `reason`.
    pub fn new(reason: impl Into<String>) -> Self {
        Refuse {
            reason: reason.into(),
        }
    }
}

impl Strategy for Refuse {
    type Tree = Just<Value>;
    type Value = Value;

    fn new_tree(&self, _: &mut TestRunner) -> NewTree<Self> {
        Err(self.reason.clone().into())
    }
}
