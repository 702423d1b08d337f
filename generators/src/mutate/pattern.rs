//! `pattern`: near misses of the current string (case changed, a character added or swapped,
//! empty) — the validator keeps those that really miss the pattern.

use serde_json::Value;

use super::input::{show, Candidate, Input};

/// Mutants for `pattern`.
pub fn mutate(input: &Input<'_>) -> Vec<Candidate> {
    let s = input.instance.as_str().unwrap_or("");
    let mut first_swapped: Vec<char> = s.chars().collect();
    if let Some(c) = first_swapped.first_mut() {
        *c = '~';
    }
    let tries = [
        s.to_uppercase(),
        s.to_lowercase(),
        format!("{s}!"),
        format!(" {s}"),
        first_swapped.into_iter().collect(),
        String::new(),
        "\u{0}".to_owned(),
        "mutant value".to_owned(),
    ];
    let mut out: Vec<Candidate> = Vec::new();
    for (i, t) in tries.into_iter().enumerate() {
        if t == s || out.iter().any(|c| c.value == t.as_str()) {
            continue;
        }
        let v = Value::String(t);
        out.push(Candidate::new(
            format!("pattern:{i}"),
            format!("{} does not match {}", show(&v), input.rule_value),
            v,
        ));
    }
    out
}
