//! The request rules: per endpoint and service version, which bodies are closed and each field's
//! type, nullability, length, format and pattern, with where each is documented. The main items
//! are [`body`] (the table), [`ServiceVersion`] and [`schema`] (a JSON Schema built from the
//! table, compiled by [`crate::Contract::request_for`]).

mod kind;
mod schema;
mod table;
mod version;

pub use kind::RequestKind;
pub use schema::schema;
pub use table::{body, Body, Chars, Field, FieldType, Format, Keys, NULLABILITY_SOURCE};
pub use version::{PerVersion, ServiceVersion};
