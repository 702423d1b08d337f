//! Nhost Auth contracts: the embedded JSON Schemas, the request rules table, the compiled
//! validator, rule enumeration and the schema self-check.
//!
//! The main type is [`Contract`]: one JSON Schema compiled once (draft 2020-12, formats asserted),
//! with its [`Rule`]s enumerated. Validating a document gives [`Violation`]s, which are data (rule
//! id, instance pointer, schema pointer, keyword, message), never strings to parse.
//!
//! ```
//! use contract::Contract;
//! use serde_json::json;
//!
//! let user = Contract::deployed().definition("User").unwrap();
//! let violations = user.violations(&json!({"locale": 5}));
//! assert!(violations.iter().any(|v| v.rule == "/$defs/User/properties/locale:type"));
//! assert!(violations.iter().all(|v| user.rule(&v.rule).is_some()));
//! ```
//!
//! # Contracts
//! - [`Contract::published`]: `schemas/session.schema.json`, the published Session schema, verbatim.
//! - [`Contract::deployed`]: `schemas/nhost-auth-deployed.schema.json`, what the service sends.
//! - [`Contract::request_for`] and [`Contract::error_body`]: request bodies (built from the rules
//!   table in [`requests`], per service version) and the error body.
//! - [`Contract::load`] / [`Contract::from_path`] / [`Contract::from_value`]: any other schema.
//!
//! # Rules
//! A rule is one assertion keyword at one schema location; its id is
//! `{canonical schema pointer}:{keyword}` (`/$defs/User/properties/locale:type`). Annotations
//! (`title`, `description`, `example` …) are not rules, nor are formats the validator does not
//! assert. A violation's `rule` is always the canonical id, however many `$ref`s the validator went
//! through, so it can be looked up with [`Contract::rule`].
//!
//! # Self-check
//! [`self_check`] compiles a schema and validates every `example`/`examples` value against the
//! subschema that holds it, reporting each failure with its pointer and reason.
#![warn(missing_docs)]

mod contract;
pub mod drift;
mod errors;
pub mod pointer;
pub mod requests;
mod rules;
pub mod schemas;
mod self_check;
mod violation;
pub mod walk;

pub use contract::Contract;
pub use errors::{ContractError, ContractErrorKind};
pub use requests::{RequestKind, ServiceVersion};
pub use rules::{rule_id, Rule};
pub use self_check::{
    check_schema, check_schema_file, self_check, self_check_contract, ExampleFailure, SchemaCheck,
    SelfCheckReport,
};
pub use violation::Violation;
