//! Proptest strategies for valid and mutated Nhost Auth Session/User documents and request bodies.
//!
//! Everything is driven by a [`contract::Contract`]: the generators walk its JSON Schema, so a
//! changed schema changes the documents without code changes, and the same code serves the
//! published and the deployed Session contracts and any user schema.
//!
//! - [`valid_document`] / [`valid_definition`]: documents valid against the contract (formats
//!   asserted), with domain realism per field name and format ([`domain`]) and strings drawn
//!   from everything JSON can carry ([`text`]), at every length limit, counted in characters.
//! - [`mutants_of`] / [`mutant()`]: documents that break exactly one rule, tagged with its id
//!   ([`mutate::fails_exactly`] says what "exactly" means). The strategy shrinks the valid
//!   document underneath and keeps the tag.
//! - [`boundary_variants`]: changes a consumer must accept (empty strings, null where nullable,
//!   unknown keys where allowed, very long and exotic Unicode strings, numbers at their limits).
//! - [`requests`]: valid sign-up / sign-in / anonymous requests a default server accepts, and
//!   invalid requests for every endpoint tagged with the request rule they break.
//! - [`fuzz`]: `arbitrary` impls for offline fuzzing.
//!
//! ```
//! use contract::Contract;
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//!
//! let contract = Contract::deployed();
//! let mut runner = TestRunner::deterministic();
//! let doc = generators::valid_document(&contract).new_tree(&mut runner).unwrap().current();
//! assert!(contract.is_valid(&doc));
//! let m = generators::mutant(&contract).new_tree(&mut runner).unwrap().current();
//! assert!(contract.violations(&m.document).iter().any(|v| v.rule == m.rule));
//! ```
//!
//! Same seed, same values: every strategy is a pure function of proptest's RNG.
#![warn(missing_docs)]

pub mod boundary;
pub mod document;
pub mod domain;
pub mod fuzz;
pub mod mutant;
pub mod mutate;
pub mod requests;
pub mod text;
pub mod values;

pub use boundary::boundary_variants;
pub use document::{valid_definition, valid_document};
pub use fuzz::{ArbitrarySession, ArbitraryUser};
pub use mutant::mutant;
pub use mutate::{mutants_of, Mutant};
