//! Valid documents driven by the contract's schema: a changed schema changes the documents
//! without code changes. The main type is [`Builder`]; the entry points are [`valid_document`]
//! and [`valid_definition`].

mod build;
mod effective;
mod imp;
mod numbers;
mod refuse;
mod strings;

pub use build::{is_type, Builder};
pub use effective::flatten;
pub use imp::{valid_definition, valid_document};
pub use refuse::Refuse;
