//! [`Signature`]: how a case fails, the key failures are grouped by before any is re-run or
//! shrunk. One part per finding: its rule, the operation and status class of the exchange it is
//! about (the last one recorded before it was found), and its pointer with array indices left
//! out (`/steps/3` and `/steps/7` are the same place in two sequences). Two cases with the same
//! parts fail the same way, whatever their inputs and messages say.

use std::collections::BTreeSet;

use results::Exchange;
use suites::{Stop, Verdict};

use super::judge::TARGET_ERROR_RULE;

/// The longest [`Signature::label`], in characters.
const LABEL_CHARS: usize = 300;

/// One finding's part of a [`Signature`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Part {
    operation: String,
    status: String,
    rule: String,
    pointer: String,
}

/// How a case fails: the set of its findings' parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    parts: BTreeSet<Part>,
}

impl Signature {
    /// The signature of a verdict's findings (and of its target error, when it ended with one).
    pub fn of(verdict: &Verdict) -> Self {
        let mut parts: BTreeSet<Part> = verdict
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| Part::new(&f.rule, &f.pointer, verdict.finding_exchange(i)))
            .collect();
        if let Some(Stop::Target(_)) = &verdict.stopped {
            parts.insert(Part::new(TARGET_ERROR_RULE, "", verdict.exchanges.last()));
        }
        Self { parts }
    }

    /// A stable id: FNV-1a over the parts, the same on every machine.
    pub fn id(&self) -> u64 {
        let text: String = self
            .parts
            .iter()
            .map(|p| format!("{}\t{}\t{}\t{}\n", p.operation, p.status, p.rule, p.pointer))
            .collect();
        results::hash::fnv1a(text.bytes())
    }

    /// The id as 16 hex digits, as records carry it.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.id())
    }

    /// The signature in words, one group per operation and status class:
    /// `sign_up 5xx: http:no-server-error, http:status; refresh 2xx: token:rotation.old-rejected`.
    pub fn label(&self) -> String {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for p in &self.parts {
            let head = format!("{} {}", p.operation, p.status);
            let item = if p.pointer.is_empty() {
                p.rule.clone()
            } else {
                format!("{} at {}", p.rule, p.pointer)
            };
            match groups.last_mut() {
                Some((h, items)) if *h == head => items.push(item),
                _ => groups.push((head, vec![item])),
            }
        }
        let text = groups
            .iter()
            .map(|(head, items)| format!("{head}: {}", items.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        results::text::one_line(&text, LABEL_CHARS)
    }
}

impl Part {
    fn new(rule: &str, pointer: &str, exchange: Option<&Exchange>) -> Self {
        let (operation, status) = match exchange {
            None => ("-".to_owned(), "-".to_owned()),
            Some(x) => (
                x.operation.clone(),
                x.status
                    .map_or_else(|| "no answer".to_owned(), |s| format!("{}xx", s / 100)),
            ),
        };
        Self {
            operation,
            status,
            rule: rule.to_owned(),
            pointer: without_indices(pointer),
        }
    }
}

/// A JSON pointer with every all-digit segment (an array index) written `*`.
fn without_indices(pointer: &str) -> String {
    if pointer.is_empty() {
        return String::new();
    }
    pointer
        .split('/')
        .map(|segment| {
            if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use results::Finding;

    fn exchange(operation: &str, status: Option<u16>) -> Exchange {
        Exchange {
            operation: operation.to_owned(),
            method: "POST".to_owned(),
            url: String::new(),
            request_headers: Vec::new(),
            request_body: None,
            status,
            response_headers: Vec::new(),
            response_body: None,
            elapsed_ms: 0.0,
            error: None,
            curl: String::new(),
            via: None,
            returned: None,
        }
    }

    fn verdict(findings: &[(&str, &str, usize)], exchanges: Vec<Exchange>) -> Verdict {
        Verdict {
            findings: findings
                .iter()
                .map(|(rule, pointer, _)| Finding {
                    rule: (*rule).to_owned(),
                    pointer: (*pointer).to_owned(),
                    message: format!("a message that differs {}", rule.len()),
                })
                .collect(),
            finding_sites: findings.iter().map(|(_, _, site)| *site).collect(),
            exchanges,
            ..Verdict::default()
        }
    }

    #[test]
    fn the_same_failure_on_other_inputs_has_one_signature() {
        let a = verdict(
            &[
                ("http:no-server-error", "", 1),
                ("lifecycle:model", "/steps/3", 2),
            ],
            vec![
                exchange("sign_up", Some(500)),
                exchange("refresh", Some(200)),
            ],
        );
        let b = verdict(
            &[
                ("lifecycle:model", "/steps/11", 2),
                ("http:no-server-error", "", 1),
            ],
            vec![
                exchange("sign_up", Some(503)),
                exchange("refresh", Some(201)),
            ],
        );
        assert_eq!(Signature::of(&a), Signature::of(&b));
        assert_eq!(Signature::of(&a).hex(), Signature::of(&b).hex());
        assert_eq!(
            Signature::of(&a).label(),
            "refresh 2xx: lifecycle:model at /steps/*; sign_up 5xx: http:no-server-error"
        );
    }

    #[test]
    fn another_operation_status_class_rule_or_pointer_is_another_signature() {
        let base = Signature::of(&verdict(
            &[("http:status", "/user", 1)],
            vec![exchange("sign_up", Some(500))],
        ));
        for other in [
            verdict(
                &[("http:status", "/user", 1)],
                vec![exchange("sign_in", Some(500))],
            ),
            verdict(
                &[("http:status", "/user", 1)],
                vec![exchange("sign_up", Some(400))],
            ),
            verdict(
                &[("http:status", "/user", 1)],
                vec![exchange("sign_up", None)],
            ),
            verdict(
                &[("http:json-body", "/user", 1)],
                vec![exchange("sign_up", Some(500))],
            ),
            verdict(
                &[("http:status", "/id", 1)],
                vec![exchange("sign_up", Some(500))],
            ),
            verdict(
                &[("http:status", "/user", 0)],
                vec![exchange("sign_up", Some(500))],
            ),
        ] {
            assert_ne!(Signature::of(&other), base, "{other:?}");
        }
    }

    #[test]
    fn a_finding_without_a_site_is_about_the_last_exchange() {
        let mut v = verdict(
            &[],
            vec![
                exchange("sign_in", Some(200)),
                exchange("get_user", Some(500)),
            ],
        );
        v.findings.push(Finding {
            rule: "harness:panic".to_owned(),
            pointer: String::new(),
            message: String::new(),
        });
        assert_eq!(Signature::of(&v).label(), "get_user 5xx: harness:panic");
        assert_eq!(without_indices("/a/0/b/12x/"), "/a/*/b/12x/");
    }
}
