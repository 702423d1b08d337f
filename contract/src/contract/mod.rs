//! Loading and compiling contracts. The main type is [`Contract`].

mod builtin;
mod imp;
mod request;

pub(crate) use imp::{compile_at, one_line};
pub use imp::Contract;
pub use request::RequestKind;
