//! `minLength` and `maxLength`, counted in characters: one character too few or too many, in
//! ASCII and in astral-plane characters (four bytes each, one character each).

use serde_json::Value;

use super::input::{Candidate, Input};

fn current(input: &Input<'_>) -> Vec<char> {
    input.instance.as_str().unwrap_or("").chars().collect()
}

fn padded(mut chars: Vec<char>, len: usize, pad: char) -> String {
    chars.truncate(len);
    while chars.len() < len {
        chars.push(pad);
    }
    chars.into_iter().collect()
}

/// Mutants for `minLength`: `minLength - 1` characters.
pub fn min_length(input: &Input<'_>) -> Vec<Candidate> {
    let Some(min) = input
        .rule_value
        .as_u64()
        .map(|n| n as usize)
        .filter(|n| *n > 0)
    else {
        return Vec::new();
    };
    let short = padded(current(input), min - 1, 'x');
    vec![Candidate::new(
        "minLength:short",
        format!("{} characters where at least {min} are required", min - 1),
        Value::String(short),
    )]
}

/// Mutants for `maxLength`: `maxLength + 1` characters, ASCII and astral.
pub fn max_length(input: &Input<'_>) -> Vec<Candidate> {
    let Some(max) = input.rule_value.as_u64().map(|n| n as usize) else {
        return Vec::new();
    };
    let ascii = padded(current(input), max + 1, 'x');
    let astral = padded(Vec::new(), max + 1, '😀');
    vec![
        Candidate::new(
            "maxLength:ascii",
            format!("{} characters where at most {max} are allowed", max + 1),
            Value::String(ascii),
        ),
        Candidate::new(
            "maxLength:astral",
            format!(
                "{} emoji (4 bytes each) where at most {max} characters are allowed",
                max + 1
            ),
            Value::String(astral),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lengths_miss_by_one_character_not_one_byte() {
        let schema = serde_json::Map::new();
        let instance = json!("héllo");
        let max = max_length(&Input {
            schema: &schema,
            rule_value: &json!(3),
            instance: &instance,
        });
        assert_eq!(max[0].value, json!("héll"));
        assert_eq!(max[1].value, json!("😀😀😀😀"));
        let min = min_length(&Input {
            schema: &schema,
            rule_value: &json!(3),
            instance: &instance,
        });
        assert_eq!(min[0].value, json!("hé"));
        assert!(min_length(&Input {
            schema: &schema,
            rule_value: &json!(0),
            instance: &instance
        })
        .is_empty());
    }
}
