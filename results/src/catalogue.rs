//! The rule catalogue's entries: what each rule id means and where it comes from. The main type is
//! [`RuleEntry`].
//!
//! The catalogue itself is built in one place, `suites::catalogue`, which knows both the contract
//! (schema and error-body rules) and the suites (semantic rules); a run carries the entries of the
//! rules it mentions in [`RunReport::rules`](crate::RunReport::rules), so every report can print a
//! description next to an id without knowing where rules come from.

use serde::{Deserialize, Serialize};

/// One rule of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleEntry {
    /// The stable rule id (`/$defs/User/properties/locale:type`, `token:rotation.same-id`).
    pub id: String,
    /// What the rule demands, in one line.
    pub description: String,
    /// Where the rule comes from: a schema location, or the suite and the section of the
    /// contract document that states it.
    pub source: String,
}

/// The entry of `id` in `entries`, if there is one.
pub fn find<'a>(entries: &'a [RuleEntry], id: &str) -> Option<&'a RuleEntry> {
    entries.iter().find(|entry| entry.id == id)
}

/// The description of `id` in `entries`, or `""` when the catalogue does not know it.
pub fn description<'a>(entries: &'a [RuleEntry], id: &str) -> &'a str {
    find(entries, id).map_or("", |entry| entry.description.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_id() {
        let entries = vec![RuleEntry {
            id: "a:b".into(),
            description: "does b".into(),
            source: "suite a".into(),
        }];
        assert_eq!(
            find(&entries, "a:b").map(|e| e.source.as_str()),
            Some("suite a")
        );
        assert_eq!(description(&entries, "a:b"), "does b");
        assert_eq!(description(&entries, "nope"), "");
    }
}
