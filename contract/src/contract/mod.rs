//! Loading and compiling contracts. The main type is [`Contract`].

mod builtin;
mod compiler;
mod imp;

pub(crate) use compiler::SubschemaCompiler;
pub use imp::Contract;
pub(crate) use imp::{one_line, options};
