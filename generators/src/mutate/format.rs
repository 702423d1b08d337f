//! `format`: malformed strings of the kinds real services send (a non-hex UUID, a date without
//! zone, an address without domain, a URL with a space).

use serde_json::Value;

use super::input::{show, Candidate, Input};

/// Malformed values of `format`; an unknown format gets none (it is not asserted).
pub fn malformed(format: &str) -> &'static [&'static str] {
    match format {
        "uuid" => &[
            "b7g7f6d5-e4c3-5b2f-0a9e-8d7c6b5a4e3d",
            "not-a-uuid",
            "1fb17604-86c7-444e-b337-09a644465f2",
            "1fb1760486c7444eb33709a644465f2d0",
            "",
        ],
        "email" | "idn-email" => &[
            "plainaddress",
            "jane@",
            "@example.com",
            "jane doe@example.com",
            "jane@@example.com",
            "",
        ],
        "date-time" => &[
            "2024-01-15T10:30:00",
            "2024-01-15 10:30:00Z",
            "2024-13-01T00:00:00Z",
            "2023-02-29T10:00:00Z",
            "2024-01-15T25:00:00Z",
            "yesterday",
            "",
        ],
        "date" => &["2024-1-15", "2024-02-30", "15/01/2024", ""],
        "time" => &["10:30", "25:00:00Z", "10:30:00", ""],
        "uri" | "iri" => &[
            "not a uri",
            "//no-scheme.example/x",
            "https://exa mple.com/",
            "https://example.com/%zz",
            "",
        ],
        "uri-reference" | "iri-reference" => &["https://exa mple.com/", "%zz", "\\\\server\\share"],
        "hostname" | "idn-hostname" => {
            &["-leading-hyphen.example", "a..b", "under_score.example", ""]
        }
        "ipv4" => &["256.1.1.1", "1.2.3", "01.2.3.4", ""],
        "ipv6" => &["::g", "1:2:3:4:5:6:7:8:9", "12345::", ""],
        "duration" => &["P", "1D", "PT", ""],
        "json-pointer" => &["a/b", "/~2"],
        "relative-json-pointer" => &["-1", "/a", ""],
        "regex" => &["[", "(?<"],
        "uri-template" => &["{", "https://example.com/{id"],
        _ => &[],
    }
}

/// Mutants for `format`.
pub fn mutate(input: &Input<'_>) -> Vec<Candidate> {
    let Some(format) = input.rule_value.as_str() else {
        return Vec::new();
    };
    malformed(format)
        .iter()
        .enumerate()
        .map(|(i, bad)| {
            let v = Value::String((*bad).to_owned());
            Candidate::new(
                format!("format:{i}"),
                format!("malformed {format}: {}", show(&v)),
                v,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::walk::ASSERTED_FORMATS;
    use contract::Contract;
    use serde_json::json;

    #[test]
    fn every_asserted_format_has_malformed_values_the_validator_rejects() {
        for format in ASSERTED_FORMATS {
            let values = malformed(format);
            assert!(!values.is_empty(), "no malformed values for `{format}`");
            let c = Contract::from_value(format, json!({"format": format})).unwrap();
            for bad in values {
                assert!(!c.is_valid(&json!(bad)), "`{format}` accepts {bad:?}");
            }
        }
    }
}
