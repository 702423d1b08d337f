//! [`MutantTree`]: shrinks the valid document underneath a mutant and applies the same mutation
//! again after every step, so the mutant keeps its tag while it gets smaller.

use proptest::strategy::ValueTree;
use serde_json::Value;

use contract::Contract;

use crate::mutate::{reapply, Mutant, MutationSpec};

/// The value tree of [`super::MutantStrategy`].
///
/// `simplify` shrinks the valid document, then re-applies the mutation and checks with the
/// validator that it still fails exactly its rule at the same place. A step that loses the
/// mutation (an optional key dropped, say) is walked back with `complicate` until an accepted
/// state returns, as proptest's own filter does. `current` is always the last accepted mutant.
pub struct MutantTree {
    contract: Contract,
    document: Box<dyn ValueTree<Value = Value>>,
    spec: MutationSpec,
    current: Mutant,
    stuck: bool,
}

impl MutantTree {
    pub(crate) fn new(
        contract: Contract,
        document: Box<dyn ValueTree<Value = Value>>,
        spec: MutationSpec,
        current: Mutant,
    ) -> Self {
        MutantTree {
            contract,
            document,
            spec,
            current,
            stuck: false,
        }
    }

    /// The mutation this tree keeps applying.
    pub fn spec(&self) -> &MutationSpec {
        &self.spec
    }

    /// Walks the document back until the mutation applies again; `false` when it cannot.
    fn settle(&mut self) -> bool {
        loop {
            if let Some(m) = reapply(&self.contract, &self.document.current(), &self.spec) {
                self.current = m;
                return true;
            }
            if !self.document.complicate() {
                self.stuck = true;
                return false;
            }
        }
    }
}

impl std::fmt::Debug for MutantTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MutantTree")
            .field("spec", &self.spec)
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

impl ValueTree for MutantTree {
    type Value = Mutant;

    fn current(&self) -> Mutant {
        self.current.clone()
    }

    fn simplify(&mut self) -> bool {
        if self.stuck || !self.document.simplify() {
            return false;
        }
        self.settle()
    }

    fn complicate(&mut self) -> bool {
        if self.stuck || !self.document.complicate() {
            return false;
        }
        self.settle()
    }
}
