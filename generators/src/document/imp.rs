//! The entry points of schema-driven generation: [`valid_document`] and [`valid_definition`].

use proptest::prelude::*;
use serde_json::Value;

use contract::Contract;

use super::build::Builder;
use super::refuse::Refuse;

/// Documents valid against the whole contract (a Session for the Session contracts).
///
/// The schema is walked once, here: `type` (nullable through type arrays), `properties`
/// (optional ones present or absent), `required`, `enum`, `const`, `format`, `pattern`,
/// `minLength`/`maxLength` in characters, numeric bounds, `items`/`prefixItems`, `$ref`,
/// `allOf` (merged), `anyOf`/`oneOf` (one branch). Realism is plugged in per property name and
/// format (see [`crate::domain`]); unknown fields and formats fall back to any JSON text.
pub fn valid_document(contract: &Contract) -> BoxedStrategy<Value> {
    Builder::new(contract).value(contract.schema(), None, 0)
}

/// Documents valid against one definition of the contract (`"User"` → `#/$defs/User`). An
/// unknown definition gives a strategy that rejects every case with the reason.
pub fn valid_definition(contract: &Contract, def: &str) -> BoxedStrategy<Value> {
    match contract.definition(def) {
        Ok(definition) => valid_document(&definition),
        Err(e) => Refuse::new(e.to_string()).boxed(),
    }
}
