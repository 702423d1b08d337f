//! The schema self-check: the schema compiles and its examples validate. The main item is
//! [`self_check`], which gives a [`SelfCheckReport`].

mod batch;
mod imp;
mod report;

pub use imp::{check_schema, check_schema_file, self_check, self_check_contract};
pub use report::{ExampleFailure, SchemaCheck, SelfCheckReport};
