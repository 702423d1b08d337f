//! Typed names, each parsed and printed here and nowhere else: [`CaseName`]
//! (`suite::property::case_NNNN`, optionally `@<case seed>` for a replayed regression),
//! [`RunSeed`] and [`CaseSeed`] (always printed as `0x` and 16 hex digits; read as that or as a
//! decimal number) and [`RuleId`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// A name or seed that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    /// Not `suite::property::case_NNNN`.
    #[error("{0:?} is not a case name (suite::property::case_0007)")]
    CaseName(String),
    /// Not a seed.
    #[error("{0:?} is not a seed (a decimal number or 0x and up to 16 hex digits)")]
    Seed(String),
    /// Not a rule id.
    #[error("{0:?} is not a rule id (no spaces or control characters, not empty)")]
    RuleId(String),
}

fn parse_u64(text: &str) -> Option<u64> {
    let t = text.trim();
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.len() <= 16 => u64::from_str_radix(hex, 16).ok(),
        Some(_) => None,
        None if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok(),
        None => None,
    }
}

macro_rules! seed_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:#018x}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = NameError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_u64(s).map($name).ok_or_else(|| NameError::Seed(s.to_owned()))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

seed_type!(
    /// The seed of a whole run; every case seed derives from it and the case name. Printed as
    /// `0x` and 16 hex digits (JSON: that string, so no reader loses precision).
    RunSeed
);
seed_type!(
    /// The seed of one case: with the case name it decides the case's input. Printed like
    /// [`RunSeed`].
    CaseSeed
);

/// A case name: `suite::property::case_NNNN` (NNNN from 1, at least four digits), or the same
/// followed by `@<case seed>` for a regression replayed with its own seed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseName {
    suite: String,
    property: String,
    number: usize,
    seed: Option<CaseSeed>,
}

impl CaseName {
    /// Case number `index + 1` of `suite::property`.
    pub fn new(suite: &str, property: &str, index: usize) -> Self {
        Self {
            suite: suite.to_owned(),
            property: property.to_owned(),
            number: index + 1,
            seed: None,
        }
    }

    /// The same case, replayed with its own seed (a regression).
    pub fn with_seed(mut self, seed: CaseSeed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The name without a seed suffix.
    pub fn without_seed(&self) -> Self {
        Self {
            seed: None,
            ..self.clone()
        }
    }

    /// The suite (`token`).
    pub fn suite(&self) -> &str {
        &self.suite
    }

    /// The property within the suite (`rotation`).
    pub fn property(&self) -> &str {
        &self.property
    }

    /// `suite::property`.
    pub fn property_id(&self) -> String {
        format!("{}::{}", self.suite, self.property)
    }

    /// The 0-based case index (`case_0001` is 0).
    pub fn index(&self) -> usize {
        self.number - 1
    }

    /// The seed suffix of a regression name.
    pub fn seed(&self) -> Option<CaseSeed> {
        self.seed
    }
}

impl fmt::Display for CaseName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}::{}::case_{:04}",
            self.suite, self.property, self.number
        )?;
        if let Some(seed) = self.seed {
            write!(f, "@{seed}")?;
        }
        Ok(())
    }
}

impl FromStr for CaseName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || NameError::CaseName(s.to_owned());
        let (name, seed) = match s.split_once('@') {
            Some((name, seed)) => (name, Some(seed.parse::<CaseSeed>().map_err(|_| bad())?)),
            None => (s, None),
        };
        let mut parts = name.split("::");
        let (Some(suite), Some(property), Some(case), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let word = |w: &str| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        let digits = case.strip_prefix("case_").ok_or_else(bad)?;
        if !word(suite)
            || !word(property)
            || digits.len() < 4
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let number: usize = digits.parse().map_err(|_| bad())?;
        if number == 0 {
            return Err(bad());
        }
        Ok(Self {
            suite: suite.to_owned(),
            property: property.to_owned(),
            number,
            seed,
        })
    }
}

impl Serialize for CaseName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The stable id of a rule, the key every report groups findings by: `<schema pointer>:<keyword>`
/// for schema rules (`/$defs/User/properties/locale:type`), `suite:rule.detail` for semantic
/// ones (`token:rotation.old-rejected`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleId(String);

impl RuleId {
    /// A rule id; fails on an empty id or one with whitespace or control characters.
    pub fn new(id: impl Into<String>) -> Result<Self, NameError> {
        let id = id.into();
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(NameError::RuleId(id));
        }
        Ok(Self(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RuleId {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_names_round_trip() {
        for text in [
            "token::rotation::case_0001",
            "negative::invalid_requests::case_0067",
            "a::b::case_12345",
            "token::rotation::case_0007@0x00000000000000ff",
        ] {
            let name: CaseName = text.parse().unwrap();
            assert_eq!(name.to_string(), text);
        }
        let name: CaseName = "token::rotation::case_0007@0xff".parse().unwrap();
        assert_eq!(name.seed(), Some(CaseSeed(0xff)));
        assert_eq!(name.index(), 6);
        assert_eq!(
            name.without_seed().to_string(),
            "token::rotation::case_0007"
        );
        for bad in [
            "",
            "token::rotation",
            "token::rotation::case_0000",
            "token::rotation::case_1",
            "token::rotation::case_00x1",
            "a::b::c::case_0001",
            "token::rotation::case_0001@zz",
            "to ken::rotation::case_0001",
        ] {
            assert!(bad.parse::<CaseName>().is_err(), "{bad}");
        }
    }

    #[test]
    fn seeds_print_one_way_and_read_two() {
        assert_eq!(RunSeed(1337).to_string(), "0x0000000000000539");
        assert_eq!("1337".parse::<RunSeed>().unwrap(), RunSeed(1337));
        assert_eq!("0x539".parse::<RunSeed>().unwrap(), RunSeed(1337));
        assert_eq!(
            "0x0000000000000539".parse::<CaseSeed>().unwrap(),
            CaseSeed(1337)
        );
        assert!("0x".parse::<RunSeed>().is_err());
        assert!("-1".parse::<RunSeed>().is_err());
        assert!("0x10000000000000000".parse::<RunSeed>().is_err());
        assert!("18446744073709551616".parse::<RunSeed>().is_err());
        let json = serde_json::to_string(&CaseSeed(u64::MAX)).unwrap();
        assert_eq!(json, "\"0xffffffffffffffff\"");
        assert_eq!(
            serde_json::from_str::<CaseSeed>(&json).unwrap(),
            CaseSeed(u64::MAX)
        );
    }

    #[test]
    fn rule_ids_refuse_blanks() {
        assert!(RuleId::new("token:rotation.old-rejected").is_ok());
        assert!(RuleId::new("").is_err());
        assert!(RuleId::new("a b").is_err());
        assert!(RuleId::new("a\u{1b}b").is_err());
    }
}
