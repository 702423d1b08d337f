//! How every contract is compiled: the draft 2020-12 options (formats asserted) and the base URI
//! a document is registered under when a part of it is compiled on its own.

use crate::walk::RefResolver;

/// The base URI a schema without an absolute `$id` is registered under when a part of it is
/// compiled on its own (a definition, an example's subschema).
const FALLBACK_BASE: &str = "urn:nhost-conformance:contract";

/// The draft 2020-12 options every contract is compiled with: formats are assertions.
pub(crate) fn options() -> jsonschema::ValidationOptions {
    jsonschema::draft202012::options().should_validate_formats(true)
}

/// The URI `document` is registered under when a subschema of it is compiled on its own.
pub(crate) fn base_uri(resolver: &RefResolver) -> String {
    match resolver.base() {
        Some(id) if id.contains(':') => id.to_owned(),
        _ => FALLBACK_BASE.to_owned(),
    }
}
