//! Rules: the assertions of a schema that a document can break. The main type is [`Rule`].

mod enumerate;
mod rule;

pub(crate) use enumerate::enumerate;
pub use rule::{rule_id, Rule};
