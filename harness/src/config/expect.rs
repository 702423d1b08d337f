//! [`Expectation`]: a known deviation, marked as expected instead of failing the run.

use serde::{Deserialize, Serialize};

use super::Via;

/// One `[[expect]]` entry: findings of `rule` (in any case, or only in `property`'s cases) are
/// expected failures. An entry with only a `property` expects every case of it to fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// A rule id (`/$defs/User:required`, `token:rotation.same-id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A property as `suite::property`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// Only for runs against this contract (`published`, `deployed` or a path); any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// Only for runs that reach the target this way (`http`, `sdk v4`, `sdk v3`: a known
    /// deviation of an SDK); any when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
    /// The deviation shows only in some runs (it depends on timing or on the random sequence a
    /// seed draws), so a run in which it did not show does not make the entry stale.
    #[serde(default)]
    pub intermittent: bool,
    /// Why the deviation is known and accepted. Shown in every report.
    pub reason: String,
    /// The built-in set the entry comes from (none: the project's own).
    #[serde(skip)]
    pub set: Option<String>,
}

impl Expectation {
    /// Whether a finding of `rule` in a case of `property` (`suite::property`) is covered.
    pub fn covers(&self, property: &str, rule: &str) -> bool {
        self.property.as_deref().is_none_or(|p| p == property)
            && self.rule.as_deref().is_none_or(|r| r == rule)
    }

    /// Whether the entry applies to a run against `contract` that reaches the target `via`.
    pub fn applies_to(&self, contract: &str, via: Via) -> bool {
        self.contract.as_deref().is_none_or(|c| c == contract) && self.via.is_none_or(|v| v == via)
    }

    /// A short label for messages, naming the built-in set it comes from.
    pub fn label(&self) -> String {
        let what = match (&self.rule, &self.property) {
            (Some(r), Some(p)) => format!("{r} in {p}"),
            (Some(r), None) => r.clone(),
            (None, Some(p)) => p.clone(),
            (None, None) => "(empty expectation)".to_owned(),
        };
        match &self.set {
            Some(set) => format!("{what} (built-in set {set})"),
            None => what,
        }
    }
}

/// Parses a TOML document holding `[[expect]]` entries (an expectations file, or conformance.toml).
pub fn parse_file(text: &str) -> Result<Vec<Expectation>, String> {
    #[derive(Deserialize)]
    struct Doc {
        #[serde(default)]
        expect: Vec<Expectation>,
    }
    let doc: Doc = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    validate(&doc.expect)?;
    Ok(doc.expect)
}

/// Every entry names a rule or a property and gives a reason.
pub fn validate(entries: &[Expectation]) -> Result<(), String> {
    for e in entries {
        if e.rule.is_none() && e.property.is_none() {
            return Err("an [[expect]] entry needs a rule or a property".to_owned());
        }
        if e.reason.trim().is_empty() {
            return Err(format!(
                "the [[expect]] entry for {} needs a reason",
                e.label()
            ));
        }
        if let Some(rule) = &e.rule {
            results::RuleId::new(rule.as_str()).map_err(|err| format!("[[expect]]: {err}"))?;
        }
        if let Some(property) = &e.property {
            let well_formed = property
                .split_once("::")
                .is_some_and(|(s, p)| !s.is_empty() && !p.is_empty() && !p.contains("::"));
            if !well_formed {
                return Err(format!(
                    "[[expect]]: {property:?} is not a property (suite::property)"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn via_is_read_as_the_run_prints_it_and_an_unknown_one_is_refused() {
        let entry = |via: &str| {
            format!("[[expect]]\nrule = \"/a:type\"\nvia = \"{via}\"\nreason = \"known\"\n")
        };
        let parsed = parse_file(&entry("sdk v3")).unwrap();
        let v3 = Via::Sdk(crate::transport::sdk::SdkLine::V3);
        assert!(parsed[0].applies_to("published", v3));
        assert!(!parsed[0].applies_to("published", Via::Http));
        let refused = parse_file(&entry("sdk v9")).unwrap_err();
        assert!(
            refused.contains("\"sdk v9\" is not http, sdk v4 or sdk v3"),
            "{refused}"
        );
    }

    #[test]
    fn parses_entries_and_matches() {
        let list = parse_file(
            "[[expect]]\nrule = \"/$defs/User:required\"\nreason = \"roles vs allowedRoles\"\n\n[[expect]]\nproperty = \"schema::examples\"\nreason = \"bad examples upstream\"\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert!(list[0].covers("signup::roundtrip", "/$defs/User:required"));
        assert!(!list[0].covers("signup::roundtrip", "/$defs/User:type"));
        assert!(list[1].covers("schema::examples", "schema:examples-valid"));
        assert!(!list[1].covers("schema::mutants", "schema:examples-valid"));
    }

    #[test]
    fn rejects_entries_without_target_or_reason() {
        assert!(parse_file("[[expect]]\nreason = \"x\"\n")
            .unwrap_err()
            .contains("rule or a property"));
        assert!(parse_file("[[expect]]\nrule = \"r\"\nreason = \" \"\n")
            .unwrap_err()
            .contains("needs a reason"));
        assert!(parse_file("[[expect]]\nrule = \"r\"\nreason = \"x\"\nbogus = 1\n").is_err());
    }
}
