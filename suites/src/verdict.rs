//! What one run of a property on one input ends with: a [`Verdict`], and the [`Stop`] that ended
//! it early.
//!
//! [`crate::Check`] builds a verdict as it judges; the runner and the reports read it.

use std::collections::BTreeSet;

use results::{Exchange, Finding, Reaction};

use crate::errors::TargetError;
use crate::redact::Secrets;

/// Why a check stopped before reaching its end.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// The target produced no response to judge.
    Target(TargetError),
    /// The rule cannot be exercised here (budget, disabled endpoint, missing secret).
    NotCovered(String),
    /// The request cannot be made through this target's client (an SDK cannot send a raw
    /// body): the case does not apply to it.
    NotApplicable(String),
    /// An earlier finding makes the rest of the check meaningless (already recorded).
    Broken,
}

impl From<TargetError> for Stop {
    fn from(e: TargetError) -> Self {
        if let TargetError::Unsupported { .. } = e {
            Stop::NotApplicable(e.to_string())
        } else if e.is_not_covered() {
            Stop::NotCovered(e.to_string())
        } else {
            Stop::Target(e)
        }
    }
}

/// The result of one run of a property on one input.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// Contract and semantic violations found.
    pub findings: Vec<Finding>,
    /// What the target did where the documentation leaves the answer open (a version-dependent
    /// limit): recorded for the report, never a failure.
    pub observations: Vec<Finding>,
    /// Every exchange, in order, already redacted.
    pub exchanges: Vec<Exchange>,
    /// Rule ids this run exercised.
    pub rules: BTreeSet<String>,
    /// Set when the check could not run to its end (`NotCovered`) or the target failed.
    pub stopped: Option<Stop>,
    /// How clients reacted to documents served to them (the `sdk` suite).
    pub reactions: Vec<Reaction>,
    /// Whole rule lists exercised at once (a contract's rules, by
    /// [`Check::conform`](crate::Check::conform)), kept shared; [`Verdict::exercised`] merges
    /// them with [`Verdict::rules`].
    pub rule_sets: Vec<std::sync::Arc<[String]>>,
    /// For each finding of [`Verdict::findings`], in order, how many exchanges had been
    /// recorded when it was found: the exchange it is about is the last of those (none when 0).
    /// Findings pushed without [`Check::finding`](crate::Check::finding) have no entry here.
    pub finding_sites: Vec<usize>,
}

impl Verdict {
    /// The verdict with every secret `secrets` knows scrubbed from its findings and exchanges
    /// (call it when the record is made: secrets learned late are then scrubbed too).
    pub fn scrubbed(mut self, secrets: &Secrets) -> Self {
        for finding in self.findings.iter_mut().chain(&mut self.observations) {
            secrets.scrub_finding_in_place(finding);
        }
        for exchange in &mut self.exchanges {
            secrets.scrub_exchange_in_place(exchange);
        }
        for reaction in &mut self.reactions {
            secrets.clean_in_place(&mut reaction.detail);
        }
        self.stopped = self.stopped.map(|stop| match stop {
            Stop::NotCovered(reason) => Stop::NotCovered(secrets.scrub(&reason)),
            Stop::NotApplicable(reason) => Stop::NotApplicable(secrets.scrub(&reason)),
            Stop::Target(e) => Stop::Target(secrets.scrub_error(e)),
            Stop::Broken => Stop::Broken,
        });
        self
    }

    /// The exchange finding number `index` is about: the last one recorded before it was found
    /// (the last of the verdict for a finding pushed without
    /// [`Check::finding`](crate::Check::finding)), or `None` when it was found before any
    /// exchange.
    pub fn finding_exchange(&self, index: usize) -> Option<&Exchange> {
        match self.finding_sites.get(index) {
            Some(0) => None,
            Some(&n) => self.exchanges.get(n - 1),
            None => self.exchanges.last(),
        }
    }

    /// Every rule exercised, one by one or in a whole list, sorted and without repeats.
    pub fn exercised(&self) -> Vec<String> {
        let mut all: BTreeSet<&str> = self.rules.iter().map(String::as_str).collect();
        for set in &self.rule_sets {
            all.extend(set.iter().map(String::as_str));
        }
        all.into_iter().map(str::to_owned).collect()
    }

    /// Whether the target failed this case: a finding, or a target error.
    pub fn is_failure(&self) -> bool {
        !self.findings.is_empty() || matches!(self.stopped, Some(Stop::Target(_)))
    }

    /// Why the case does not apply to this target's client, when it does not (and nothing
    /// failed).
    pub fn not_applicable(&self) -> Option<&str> {
        match &self.stopped {
            Some(Stop::NotApplicable(r)) if self.findings.is_empty() => Some(r),
            _ => None,
        }
    }

    /// Why the case was not covered, when it was not (and nothing failed).
    pub fn not_covered(&self) -> Option<&str> {
        match &self.stopped {
            Some(Stop::NotCovered(r)) if self.findings.is_empty() => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn scrubbed_verdicts_carry_no_known_secret() {
        let secrets = Secrets::new();
        secrets.learn("late-learned-token");
        let verdict = Verdict {
            findings: vec![Finding {
                rule: rules::ERROR_CODE.to_owned(),
                pointer: "/error".to_owned(),
                message: "answered error \"late-learned-token\"".to_owned(),
            }],
            observations: vec![Finding {
                rule: rules::BOUNDARY_VERSION_DEPENDENT.to_owned(),
                pointer: String::new(),
                message: "accepted late-learned-token".to_owned(),
            }],
            stopped: Some(Stop::Target(TargetError::Unreachable {
                url: "http://u:late-learned-token@h/v1".to_owned(),
                reason: "refused late-learned-token".to_owned(),
            })),
            // Every text of an exchange, each holding the secret and a URL with a password
            // too short to be learned.
            exchanges: vec![Exchange {
                operation: "refresh".to_owned(),
                method: "POST".to_owned(),
                url: "http://u:pw@h/v1/token".to_owned(),
                request_headers: vec![(
                    "x-late-learned-token".to_owned(),
                    "late-learned-token".to_owned(),
                )],
                request_body: Some("{\"t\":\"late-learned-token\"}".to_owned()),
                status: Some(401),
                response_headers: vec![("x-echo".to_owned(), "late-learned-token".to_owned())],
                response_body: Some("late-learned-token".to_owned()),
                elapsed_ms: 1.0,
                error: Some("fetch http://u:pw@h/v1/token failed: late-learned-token".to_owned()),
                curl: "curl 'http://u:pw@h/v1/token' -d late-learned-token".to_owned(),
                via: Some("refresh through late-learned-token".to_owned()),
                returned: Some("raised late-learned-token at http://u:pw@h/v1".to_owned()),
            }],
            reactions: vec![Reaction {
                client: "sdk".to_owned(),
                rule: Reaction::VALID.to_owned(),
                kind: results::ReactionKind::Rejected,
                detail: "late-learned-token at http://u:pw@h/v1".to_owned(),
            }],
            ..Verdict::default()
        }
        .scrubbed(&secrets);
        let text = format!("{:?}", verdict);
        assert!(!text.contains("late-learned-token"), "{text}");
        assert!(!text.contains("u:pw@"), "{text}");
        assert!(
            text.contains(&crate::redact::mark("late-learned-token")),
            "{text}"
        );
        assert_eq!(verdict.findings[0].rule, rules::ERROR_CODE);
    }
}
