//! Loading and compiling contracts. The main type is [`Contract`].

mod builtin;
mod compiler;
mod imp;
mod options;

pub(crate) use compiler::SubschemaCompiler;
pub(crate) use imp::one_line;
pub use imp::Contract;
pub(crate) use options::options;
