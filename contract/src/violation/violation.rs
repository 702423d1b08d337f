//! The [`Violation`] type: one broken rule at one place of a document.

/// One rule a document breaks, as data: reports group by `rule`, never by message text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// The canonical rule id (a [`Rule::id`](crate::Rule::id) of the contract).
    pub rule: String,
    /// Where in the document (JSON pointer; `""` is the whole document). For `required` and
    /// `additionalProperties` this is the object that misses or carries the key.
    pub instance_pointer: String,
    /// The canonical pointer of the schema object holding the keyword.
    pub schema_pointer: String,
    /// The keyword that failed.
    pub keyword: String,
    /// A one-line explanation with instance values masked, so secrets never leak into reports.
    pub message: String,
}
