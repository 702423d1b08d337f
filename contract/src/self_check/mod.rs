//! The schema self-check: the schema compiles and its examples validate. The main item is
//! [`self_check`], which gives a [`SelfCheckReport`].

mod batch;
mod imp;
mod report;

pub use imp::{self_check, self_check_contract};
pub use report::{ExampleFailure, SelfCheckReport};
