//! Errors of the `contract` crate. The main type is [`ContractError`].

use std::fmt;

/// Why a contract could not be loaded, compiled or narrowed. Its message is one lowercase line
/// that names the contract (`published`, `deployed` or the file path).
#[derive(Debug, thiserror::Error)]
#[error("contract `{name}`: {kind}")]
pub struct ContractError {
    name: String,
    kind: ContractErrorKind,
}

impl ContractError {
    pub(crate) fn new(name: impl Into<String>, kind: ContractErrorKind) -> Self {
        ContractError {
            name: name.into(),
            kind,
        }
    }

    /// The contract the error is about: `published`, `deployed`, or the path that was given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What went wrong.
    pub fn kind(&self) -> &ContractErrorKind {
        &self.kind
    }
}

/// What went wrong with a contract.
#[derive(Debug)]
#[non_exhaustive]
pub enum ContractErrorKind {
    /// The schema file could not be read.
    Read(std::io::Error),
    /// The schema file is not JSON.
    Parse(serde_json::Error),
    /// The schema is neither an object nor a boolean.
    NotASchema,
    /// The validator rejected the schema (bad keyword value, unresolvable `$ref` …).
    Compile(String),
    /// `definition(name)` found no `$defs/name` (nor `definitions/name`).
    UnknownDefinition(String),
}

impl fmt::Display for ContractErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContractErrorKind::Read(e) => write!(f, "cannot read the schema file: {e}"),
            ContractErrorKind::Parse(e) => write!(f, "the schema file is not valid JSON: {e}"),
            ContractErrorKind::NotASchema => {
                f.write_str("the schema must be a JSON object or a boolean")
            }
            ContractErrorKind::Compile(why) => write!(f, "the schema does not compile: {why}"),
            ContractErrorKind::UnknownDefinition(name) => {
                write!(
                    f,
                    "no definition named `{name}` under `$defs` or `definitions`"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_lowercase_line_naming_the_contract() {
        let e = ContractError::new(
            "x.json",
            ContractErrorKind::UnknownDefinition("User".into()),
        );
        let text = e.to_string();
        assert_eq!(
            text,
            "contract `x.json`: no definition named `User` under `$defs` or `definitions`"
        );
        assert!(!text.contains('\n'));
        assert_eq!(e.name(), "x.json");
    }
}
