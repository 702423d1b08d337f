//! What every keyword mutator receives and returns: [`Input`] and [`Candidate`], and the one
//! shared signature [`MutateFn`].

use serde_json::{Map, Value};

/// The place a mutator works on.
pub struct Input<'a> {
    /// The schema object holding the keyword.
    pub schema: &'a Map<String, Value>,
    /// The keyword's value (`["string", "null"]` for `type` …).
    pub rule_value: &'a Value,
    /// The current (valid) value at the instance location.
    pub instance: &'a Value,
}

/// One proposed replacement of the instance value.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Stable name of the mutation within its keyword (`type:null`, `required:email`), so a
    /// shrunk document can get the same mutation again.
    pub label: String,
    /// What the mutation does, for humans.
    pub description: String,
    /// The replacement value.
    pub value: Value,
}

impl Candidate {
    /// A candidate.
    pub fn new(label: impl Into<String>, description: impl Into<String>, value: Value) -> Self {
        Candidate {
            label: label.into(),
            description: description.into(),
            value,
        }
    }
}

/// The shared signature of keyword mutators: replacements meant to break that one keyword.
/// The validator decides afterwards which of them really do.
pub type MutateFn = fn(&Input<'_>) -> Vec<Candidate>;

/// A short, safe rendering of a replacement value for descriptions.
pub fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!(
            "{}… ({} chars)",
            text.chars().take(37).collect::<String>(),
            text.chars().count()
        )
    } else {
        text
    }
}
