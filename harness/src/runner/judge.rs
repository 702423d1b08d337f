//! Turns a verdict into an [`Outcome`], applying the expected deviations, and keeps the score of
//! which expectations were used so stale ones can be reported.

use std::sync::Mutex;

use results::{Finding, Outcome};
use suites::{Stop, Verdict};

use crate::config::Expectation;

/// The rule id of a finding that records a target error (timeout, unreachable…).
pub const TARGET_ERROR_RULE: &str = "target:error";

/// The expectations of a run and how often each matched.
#[derive(Debug, Default)]
pub struct Judge {
    expectations: Vec<Expectation>,
    hits: Mutex<Vec<usize>>,
}

impl Judge {
    /// A judge with these expectations.
    pub fn new(expectations: Vec<Expectation>) -> Self {
        let hits = Mutex::new(vec![0; expectations.len()]);
        Self { expectations, hits }
    }

    /// The findings of a verdict, with a target error as a finding of its own.
    pub fn findings(verdict: &Verdict) -> Vec<Finding> {
        let mut findings = verdict.findings.clone();
        if let Some(Stop::Target(e)) = &verdict.stopped {
            findings.push(Finding {
                rule: TARGET_ERROR_RULE.to_owned(),
                pointer: String::new(),
                message: e.to_string(),
            });
        }
        findings
    }

    /// Whether findings of a case of `property` would fail the run (some finding is not an
    /// expected deviation). Counts nothing.
    pub fn fails(&self, property: &str, findings: &[Finding]) -> bool {
        findings.iter().any(|f| {
            !self
                .expectations
                .iter()
                .any(|e| e.covers(property, &f.rule))
        })
    }

    /// Whether a property-scoped expectation says every case of `property` should fail (a case
    /// of it with no finding is then an unexpected pass, not a pass).
    pub fn expects_failure(&self, property: &str) -> bool {
        self.expectations
            .iter()
            .any(|e| e.rule.is_none() && e.property.as_deref() == Some(property))
    }

    /// The outcome of a case of `property` (`suite::property`) with these findings.
    pub fn outcome(&self, property: &str, verdict: &Verdict, findings: &[Finding]) -> Outcome {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if !findings.is_empty() {
            let mut reasons = Vec::new();
            let mut all_expected = true;
            for f in findings {
                match self
                    .expectations
                    .iter()
                    .position(|e| e.covers(property, &f.rule))
                {
                    Some(i) => {
                        hits[i] += 1;
                        if !reasons.contains(&self.expectations[i].reason) {
                            reasons.push(self.expectations[i].reason.clone());
                        }
                    }
                    None => all_expected = false,
                }
            }
            return if all_expected {
                Outcome::ExpectedFailure {
                    reason: reasons.join("; "),
                }
            } else {
                Outcome::Failed
            };
        }
        if let Some(reason) = verdict.not_applicable() {
            return Outcome::NotApplicable {
                reason: reason.to_owned(),
            };
        }
        if let Some(reason) = verdict.not_covered() {
            return Outcome::NotCovered {
                reason: reason.to_owned(),
            };
        }
        match self
            .expectations
            .iter()
            .position(|e| e.rule.is_none() && e.property.as_deref() == Some(property))
        {
            Some(i) => {
                hits[i] += 1;
                Outcome::UnexpectedPass {
                    reason: self.expectations[i].reason.clone(),
                }
            }
            None => Outcome::Passed,
        }
    }

    /// The reason of the expectation that covers `rule` in `property`, counted as used: for
    /// findings that are reported as information, not as a case (the contract's own examples).
    pub fn known(&self, property: &str, rule: &str) -> Option<String> {
        let i = self
            .expectations
            .iter()
            .position(|e| e.covers(property, rule))?;
        self.hits.lock().unwrap_or_else(|e| e.into_inner())[i] += 1;
        Some(self.expectations[i].reason.clone())
    }

    /// Expectations that matched nothing in the whole run: stale entries to remove.
    pub fn unused(&self) -> Vec<Expectation> {
        let hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        self.expectations
            .iter()
            .zip(hits.iter())
            .filter(|(_, n)| **n == 0)
            .map(|(e, _)| e.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(rules: &[&str]) -> Verdict {
        Verdict {
            findings: rules
                .iter()
                .map(|r| Finding {
                    rule: (*r).into(),
                    pointer: String::new(),
                    message: "m".into(),
                })
                .collect(),
            ..Verdict::default()
        }
    }

    fn judge() -> Judge {
        Judge::new(vec![
            Expectation {
                rule: Some("/$defs/User:required".into()),
                property: None,
                contract: None,
                via: None,
                intermittent: false,
                reason: "roles".into(),
                set: None,
            },
            Expectation {
                rule: None,
                property: Some("schema::examples".into()),
                contract: None,
                via: None,
                intermittent: false,
                reason: "bad examples".into(),
                set: None,
            },
            Expectation {
                rule: Some("never".into()),
                property: None,
                contract: None,
                via: None,
                intermittent: false,
                reason: "stale".into(),
                set: None,
            },
        ])
    }

    #[test]
    fn expected_unexpected_and_stale() {
        let j = judge();
        let v = verdict(&["/$defs/User:required"]);
        assert_eq!(
            j.outcome("signup::roundtrip", &v, &v.findings),
            Outcome::ExpectedFailure {
                reason: "roles".into()
            }
        );
        let v = verdict(&["/$defs/User:required", "token:rotation.same-id"]);
        assert_eq!(
            j.outcome("token::rotation", &v, &v.findings),
            Outcome::Failed
        );
        let v = verdict(&[]);
        assert_eq!(
            j.outcome("schema::examples", &v, &[]),
            Outcome::UnexpectedPass {
                reason: "bad examples".into()
            }
        );
        assert_eq!(j.outcome("token::rotation", &v, &[]), Outcome::Passed);
        let unused: Vec<_> = j.unused().into_iter().map(|e| e.reason).collect();
        assert_eq!(unused, vec!["stale".to_owned()]);
    }
}
