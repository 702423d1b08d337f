//! How each client reacted to the documents served to it, per rule (the `sdk` suite). The main
//! type is [`ReactionTable`]: one row per rule the served documents broke (`valid` for the
//! documents the contract allows), one column per client, each cell the count of every kind of
//! reaction. It tells an app developer what the SDK does not protect them from.

use std::collections::BTreeMap;

use crate::model::{Reaction, ReactionKind, RunReport};

/// The reactions of one client to the documents of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReactionCell {
    /// How many times each kind of reaction was seen, in [`ReactionKind::ALL`] order.
    pub counts: BTreeMap<ReactionKind, usize>,
}

impl ReactionCell {
    /// `rejected ×3, passed through ×1`; empty when nothing was served.
    pub fn describe(&self) -> String {
        self.counts
            .iter()
            .map(|(kind, n)| format!("{} ×{n}", kind.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether any reaction here is a crash or a hang (a failure).
    pub fn failed(&self) -> bool {
        self.counts.contains_key(&ReactionKind::Crashed)
            || self.counts.contains_key(&ReactionKind::Hung)
    }
}

/// One rule's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionRow {
    /// The rule the served documents broke, or `valid`.
    pub rule: String,
    /// One cell per client, in [`ReactionTable::clients`] order.
    pub cells: Vec<ReactionCell>,
}

/// Every reaction of a run, by rule and client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReactionTable {
    /// The clients, in order of first appearance.
    pub clients: Vec<String>,
    /// The rows: `valid` first, then the broken rules in id order.
    pub rows: Vec<ReactionRow>,
}

impl ReactionTable {
    /// The table of `report`; empty when no case served a document.
    pub fn of(report: &RunReport) -> Self {
        let mut clients: Vec<String> = Vec::new();
        let mut cells: BTreeMap<(bool, &str), BTreeMap<usize, ReactionCell>> = BTreeMap::new();
        for reaction in report.cases.iter().flat_map(|c| &c.reactions) {
            let client = match clients.iter().position(|c| *c == reaction.client) {
                Some(i) => i,
                None => {
                    clients.push(reaction.client.clone());
                    clients.len() - 1
                }
            };
            let key = (reaction.rule != Reaction::VALID, reaction.rule.as_str());
            *cells
                .entry(key)
                .or_default()
                .entry(client)
                .or_default()
                .counts
                .entry(reaction.kind)
                .or_default() += 1;
        }
        let rows = cells
            .into_iter()
            .map(|((_, rule), by_client)| ReactionRow {
                rule: rule.to_owned(),
                cells: (0..clients.len())
                    .map(|i| by_client.get(&i).cloned().unwrap_or_default())
                    .collect(),
            })
            .collect();
        Self { clients, rows }
    }

    /// Whether the run served nothing.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many documents each client passed through silently, per client.
    pub fn passed_through(&self) -> Vec<usize> {
        (0..self.clients.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| {
                        r.cells[i]
                            .counts
                            .get(&ReactionKind::PassedThrough)
                            .copied()
                            .unwrap_or(0)
                    })
                    .sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Reaction;
    use crate::testutil::{case, report};
    use results::Outcome;

    fn reaction(client: &str, rule: &str, kind: ReactionKind) -> Reaction {
        Reaction {
            client: client.into(),
            rule: rule.into(),
            kind,
            detail: String::new(),
        }
    }

    #[test]
    fn rows_are_rules_columns_are_clients_valid_first() {
        let mut a = case("sdk::mutants::case_0001", Outcome::Passed, &[], &[]);
        a.reactions = vec![
            reaction("v4", "/b:type", ReactionKind::PassedThrough),
            reaction("v3", "/b:type", ReactionKind::Rejected),
        ];
        let mut b = case("sdk::mutants::case_0002", Outcome::Failed, &[], &[]);
        b.reactions = vec![
            reaction("v4", "/a:type", ReactionKind::PassedThrough),
            reaction("v3", "/a:type", ReactionKind::Crashed),
            reaction("v4", "/b:type", ReactionKind::PassedThrough),
        ];
        let mut c = case("sdk::valid_sessions::case_0001", Outcome::Passed, &[], &[]);
        c.reactions = vec![reaction("v4", "valid", ReactionKind::Intact)];
        let table = ReactionTable::of(&report(vec![a, b, c]));
        assert_eq!(table.clients, ["v4", "v3"]);
        let rules: Vec<&str> = table.rows.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules, ["valid", "/a:type", "/b:type"]);
        assert_eq!(table.rows[2].cells[0].describe(), "passed through ×2");
        assert_eq!(table.rows[2].cells[1].describe(), "rejected ×1");
        assert!(table.rows[1].cells[1].failed());
        assert_eq!(table.rows[0].cells[1].describe(), "");
        assert_eq!(table.passed_through(), [3, 0]);
    }
}
