//! The `mutant` strategy: a valid value tree plus a mutation, shrinking with its tag kept. The
//! main type is [`MutantStrategy`].

mod strategy;
mod tree;

pub use strategy::{mutant, MutantStrategy};
pub use tree::MutantTree;
