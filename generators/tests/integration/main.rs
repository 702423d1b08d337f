//! Integration tests of the `generators` crate: one binary, one module per concern.

mod boundary;
mod common;
mod coverage;
mod fuzz;
mod mutants;
mod requests;
mod shrinking;
mod valid_documents;
