//! Violations of a contract and how the validator's errors become them. The main type is
//! [`Violation`].

mod canonical;
#[expect(
    clippy::module_inception,
    reason = "the module is named for its one type"
)]
mod violation;

pub(crate) use canonical::canonical_location;
pub use violation::Violation;
