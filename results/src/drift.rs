//! Contract drift: the shape a target actually sent, per response type, and each difference of
//! that shape from the contract in force. The main type is [`Drift`].
//!
//! Drift is information, never a verdict: a difference that also breaks a rule of the contract
//! is failed by the case that saw it, and [`DriftDifference::rule`] names that rule (so an
//! expectations file can be written from the differences); the others (a key the contract does
//! not mention where other keys are allowed, an optional key always sent) fail nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a run observed and how it differs from the contract.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    /// The contract the differences are measured against (the run's contract).
    pub contract: String,
    /// The shape of each response type the target answered, in a stable order.
    pub shapes: Vec<ResponseShape>,
    /// Every difference from the contract, by response type and path.
    pub differences: Vec<DriftDifference>,
}

impl Drift {
    /// Whether nothing was observed.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

/// The observed shape of one response type (`Session`, `User`, `error body`, `JWKS`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseShape {
    /// The response type.
    pub response: String,
    /// How many answers of this type were observed.
    pub answers: u64,
    /// Every field seen at any depth, in path order.
    pub fields: Vec<FieldShape>,
}

/// What was seen at one path of a response type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldShape {
    /// Dotted path (`user.roles`; `user.roles[]` for the items of an array).
    pub path: String,
    /// How many times the field was present.
    pub present: u64,
    /// How many times its parent object was seen (for array items: how many items).
    pub of: u64,
    /// JSON types seen, with counts (`null`, `boolean`, `integer`, `number`, `string`,
    /// `array`, `object`).
    pub types: BTreeMap<String, u64>,
    /// Of the string values: how many satisfy each known format (`uuid`, `date-time`, `email`,
    /// `uri`, `jwt`, `empty` …).
    pub formats: BTreeMap<String, u64>,
    /// One value seen, redacted by value (every secret of the run masked); scalars only.
    pub example: Option<String>,
}

impl FieldShape {
    /// How many values of JSON type `name` were seen.
    pub fn count(&self, name: &str) -> u64 {
        self.types.get(name).copied().unwrap_or(0)
    }
}

/// One difference between what the target sent and the contract in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftDifference {
    /// The response type (`Session`).
    pub response: String,
    /// The dotted path (`user.roles`).
    pub path: String,
    /// What differs.
    pub kind: DriftKind,
    /// The contract rule this difference breaks, when it breaks one (the rule the failing
    /// cases report, e.g. `/$defs/User:required`); `None` for a difference the contract allows.
    pub rule: Option<String>,
    /// The difference in words: "`user.roles` sent in 100% of answers, not in the contract".
    pub message: String,
}

/// What kind of difference a [`DriftDifference`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DriftKind {
    /// A key the contract does not list.
    NotInContract,
    /// A required key that was never sent.
    RequiredNeverSent,
    /// A required key that was absent from some answers.
    RequiredSometimesAbsent,
    /// An optional key that every answer carried.
    OptionalAlwaysSent,
    /// An optional key of the contract that no answer carried.
    NeverSent,
    /// A JSON type the contract does not allow (`null` for an object).
    WrongType,
    /// String values that are not of the contract's format.
    WrongFormat,
}

impl DriftKind {
    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            DriftKind::NotInContract => "not-in-contract",
            DriftKind::RequiredNeverSent => "required-never-sent",
            DriftKind::RequiredSometimesAbsent => "required-sometimes-absent",
            DriftKind::OptionalAlwaysSent => "optional-always-sent",
            DriftKind::NeverSent => "never-sent",
            DriftKind::WrongType => "wrong-type",
            DriftKind::WrongFormat => "wrong-format",
        }
    }
}

/// `part` of `whole` as a whole percentage, rounded half up; a part above zero never shows as
/// 0% and a part below the whole never as 100%.
pub fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    let p = (part * 100 + whole / 2) / whole;
    match p {
        0 if part > 0 => 1,
        100 if part < whole => 99,
        p => p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_never_round_to_the_ends() {
        assert_eq!(percent(0, 10), 0);
        assert_eq!(percent(1, 1000), 1);
        assert_eq!(percent(999, 1000), 99);
        assert_eq!(percent(10, 10), 100);
        assert_eq!(percent(37, 100), 37);
        assert_eq!(percent(1, 0), 0);
    }

    #[test]
    fn kinds_serialize_as_their_names() {
        for kind in [
            DriftKind::NotInContract,
            DriftKind::RequiredNeverSent,
            DriftKind::RequiredSometimesAbsent,
            DriftKind::OptionalAlwaysSent,
            DriftKind::NeverSent,
            DriftKind::WrongType,
            DriftKind::WrongFormat,
        ] {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.name())
            );
        }
    }
}
