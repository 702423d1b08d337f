//! Numeric bounds: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`.
//! The value just past the bound (or exactly on an exclusive one).

use super::input::{Candidate, Input};
use crate::values::number;

/// Mutants for one numeric bound keyword.
pub fn mutate(input: &Input<'_>, keyword: &str) -> Vec<Candidate> {
    let Some(bound) = input.rule_value.as_f64() else {
        return Vec::new();
    };
    let values: Vec<(String, f64)> = match keyword {
        "minimum" => vec![
            ("below".into(), bound - 1.0),
            ("just-below".into(), bound - 0.5),
        ],
        "maximum" => vec![
            ("above".into(), bound + 1.0),
            ("just-above".into(), bound + 0.5),
        ],
        "exclusiveMinimum" => vec![("at".into(), bound), ("below".into(), bound - 1.0)],
        "exclusiveMaximum" => vec![("at".into(), bound), ("above".into(), bound + 1.0)],
        "multipleOf" => {
            let base = input.instance.as_f64().unwrap_or(0.0);
            vec![
                ("off".into(), base + bound / 2.0),
                ("off-one".into(), bound * 1.5),
            ]
        }
        _ => return Vec::new(),
    };
    values
        .into_iter()
        .map(|(what, x)| {
            Candidate::new(
                format!("{keyword}:{what}"),
                format!("{x} breaks {keyword} {bound}"),
                number(x),
            )
        })
        .collect()
}

/// [`mutate`] for `minimum`.
pub fn minimum(input: &Input<'_>) -> Vec<Candidate> {
    mutate(input, "minimum")
}
/// [`mutate`] for `maximum`.
pub fn maximum(input: &Input<'_>) -> Vec<Candidate> {
    mutate(input, "maximum")
}
/// [`mutate`] for `exclusiveMinimum`.
pub fn exclusive_minimum(input: &Input<'_>) -> Vec<Candidate> {
    mutate(input, "exclusiveMinimum")
}
/// [`mutate`] for `exclusiveMaximum`.
pub fn exclusive_maximum(input: &Input<'_>) -> Vec<Candidate> {
    mutate(input, "exclusiveMaximum")
}
/// [`mutate`] for `multipleOf`.
pub fn multiple_of(input: &Input<'_>) -> Vec<Candidate> {
    mutate(input, "multipleOf")
}
