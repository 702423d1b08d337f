//! Case anchors: [`case_anchor`].

use std::fmt::Write as _;

/// The HTML id of a case's details: `case-` followed by an encoding of the case name that is
/// unique per name and safe in ids and URL fragments. Letters, digits and `_` stay; `::`
/// becomes `.`; every other byte becomes `-` and two hex digits
/// (`signup::roundtrip::case_0007` → `case-signup.roundtrip.case_0007`).
pub fn case_anchor(case_name: &str) -> String {
    let mut out = String::from("case-");
    let mut rest = case_name;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("::") {
            out.push('.');
            rest = &rest[2..];
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "-{byte:02x}");
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_anchor_is_readable_and_injective() {
        assert_eq!(
            case_anchor("signup::roundtrip::case_0007"),
            "case-signup.roundtrip.case_0007"
        );
        assert_eq!(case_anchor("a:b"), "case-a-3ab");
        assert_eq!(case_anchor("a\"><x"), "case-a-22-3e-3cx");
        assert_eq!(case_anchor("é"), "case--c3-a9");
        let names = [
            "a::b", "a.b", "a-2eb", "a:b", "a-b", "a--b", "a::::b", "a.::b",
        ];
        let anchors: std::collections::BTreeSet<String> =
            names.iter().map(|n| case_anchor(n)).collect();
        assert_eq!(anchors.len(), names.len());
        for anchor in &anchors {
            assert!(
                anchor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
                "{anchor}"
            );
        }
    }
}
