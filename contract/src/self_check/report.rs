//! The self-check's result types: [`SelfCheckReport`] and [`ExampleFailure`].

/// What [`self_check`](crate::self_check) found.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SelfCheckReport {
    /// How many example values were validated (each item of an `examples` array counts).
    pub examples_checked: usize,
    /// The examples that do not validate against their own subschema, in document order.
    pub failures: Vec<ExampleFailure>,
}

impl SelfCheckReport {
    /// Whether every example validated.
    pub fn is_clean(&self) -> bool {
        self.failures.is_empty()
    }
}

/// One example that does not validate against the subschema it sits in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ExampleFailure {
    /// Pointer of the example value (`/properties/refreshTokenId/example`, `/examples/1`).
    pub example_pointer: String,
    /// Pointer of the subschema it was validated against.
    pub schema_pointer: String,
    /// Why it fails: the broken rules with where and why, on one line.
    pub reason: String,
}

/// What `check-schema` found: the schema compiles (else there is no `SchemaCheck`), how many
/// rules it has, and its examples' self-check.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SchemaCheck {
    /// How many rules the schema has (assertion keywords at schema locations).
    pub rules: usize,
    /// The examples' self-check.
    pub report: SelfCheckReport,
}
