//! Walking a schema document: keyword tables, `$ref` resolution and the static walk over every
//! schema location. The main type is [`RefResolver`].

mod keywords;
mod locations;
mod refs;

pub use keywords::{
    applicator, is_rule, Applicator, ASSERTED_FORMATS, ASSERTION_KEYWORDS, FALSE_APPLICATORS,
};
pub use locations::{children, locations, SchemaLocation};
pub use refs::RefResolver;
