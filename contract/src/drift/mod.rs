//! Contract drift: the shape a target actually sent ([`ShapeBuilder`]) and its differences from
//! a contract ([`ShapeBuilder::differences`]). The data it produces is `results`'
//! [`results::Drift`] family, which the reports render.

mod compare;
mod formats;
mod shape;

pub use formats::KNOWN_FORMATS;
pub use shape::ShapeBuilder;
