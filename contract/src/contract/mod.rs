//! Loading and compiling contracts. The main type is [`Contract`].

mod builtin;
mod imp;
mod request;

pub use imp::Contract;
pub(crate) use imp::{compile_at, one_line};
pub use request::RequestKind;
