//! Compiling parts of one schema document. The main type is [`SubschemaCompiler`].

use jsonschema::{Registry, Resource, ValidationError, Validator};
use serde_json::{json, Value};

use super::options::{base_uri, options};
use crate::pointer;
use crate::walk::RefResolver;

/// Compiles subschemas of one document (a definition, the subschema of an example), each as
/// the validator would see it in place: `$ref`s resolve against the whole document.
///
/// The document is registered once, in a [`Registry`] every compile shares, which holds the
/// only copy the compiler needs ([`SubschemaCompiler::owning`] moves it in; [`Self::new`]
/// copies a borrowed one). Registering it walks and indexes the whole document, so doing that
/// per compile made the self-check quadratic in the size of the schema (one compile per
/// subschema with examples, each re-processing the document); with the shared registry a
/// compile only costs the subschema it builds.
pub(crate) struct SubschemaCompiler {
    base: String,
    registry: Registry,
}

impl SubschemaCompiler {
    /// Registers a copy of `document` under its own base URI (see [`base_uri`]).
    pub(crate) fn new(
        document: &Value,
        resolver: &RefResolver,
    ) -> Result<Self, ValidationError<'static>> {
        Self::owning(document.clone(), resolver)
    }

    /// Registers `document` itself (no copy) under its own base URI; read it back with
    /// [`Self::document`].
    pub(crate) fn owning(
        document: Value,
        resolver: &RefResolver,
    ) -> Result<Self, ValidationError<'static>> {
        let base = base_uri(resolver);
        let registry = Registry::options()
            .draft(jsonschema::Draft::Draft202012)
            .build([(base.as_str(), Resource::from_contents(document))])?;
        Ok(Self { base, registry })
    }

    /// The registered document (`None` only if the registry lost it, which it does not).
    pub(crate) fn document(&self) -> Option<&Value> {
        let resolver = self.registry.try_resolver(&self.base).ok()?;
        resolver.lookup("#").ok().map(|found| found.contents())
    }

    /// Compiles the subschema at `entry` (the whole document when `entry` is `""`) through the
    /// shared registry: no copy of the document is made.
    pub(crate) fn compile(&self, entry: &str) -> Result<Validator, ValidationError<'static>> {
        self.compile_wrapper(&self.reference(entry))
    }

    /// A schema that is the subschema at `entry` (`{"$ref": "BASE#/pointer"}`).
    pub(crate) fn reference(&self, entry: &str) -> Value {
        json!({ "$ref": format!("{}{}", self.base, pointer::to_fragment(entry)) })
    }

    /// Compiles `wrapper`, a schema whose `$ref`s (built with [`Self::reference`]) point into
    /// the document.
    ///
    /// Each compile copies the registry's index of anchors and embedded resources, so compile
    /// once for many subschemas where it matters (see the self-check's batch).
    pub(crate) fn compile_wrapper(
        &self,
        wrapper: &Value,
    ) -> Result<Validator, ValidationError<'static>> {
        options()
            .with_registry(self.registry.clone())
            .build(wrapper)
    }
}

/// Compiles the subschema at `entry` of `document` (the whole document when `entry` is `""`).
pub(crate) fn compile_at(
    document: &Value,
    resolver: &RefResolver,
    entry: &str,
) -> Result<Validator, ValidationError<'static>> {
    if entry.is_empty() {
        return options().build(document);
    }
    SubschemaCompiler::new(document, resolver)?.compile(entry)
}
