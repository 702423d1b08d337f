//! The mutator: valid documents changed in one place to break exactly one rule, each tagged with
//! it. One module per keyword family, one shared signature ([`input::MutateFn`]) and a keyword →
//! function table ([`table::mutator`]). The main type is [`Mutant`].

mod additional;
mod check;
mod enum_;
mod format;
mod imp;
pub mod input;
mod items;
mod length;
mod minmax;
mod pattern;
mod properties;
mod required;
mod site;
pub mod table;
mod type_;

pub use check::fails_exactly;
pub use format::malformed;
pub use imp::{labelled, mutants_of, reapply, Mutant, MutationSpec};
pub use site::{sites, Site};
pub use table::{classes, family_of, mutator, Family, FAMILIES, UNBREAKABLE};
