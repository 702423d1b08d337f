//! A set of switched-on faults. The main type is [`FaultSet`].

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use crate::errors::ParseFaultError;
use crate::faults::Fault;

/// The faults switched on in one server. Empty by default (a conforming server).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultSet {
    faults: BTreeSet<Fault>,
}

impl FaultSet {
    /// No fault.
    pub fn new() -> Self {
        Self::default()
    }

    /// Exactly one fault.
    pub fn only(fault: Fault) -> Self {
        std::iter::once(fault).collect()
    }

    /// Whether `fault` is on.
    pub fn contains(&self, fault: Fault) -> bool {
        self.faults.contains(&fault)
    }

    /// Switches `fault` on; returns whether it was off before.
    pub fn insert(&mut self, fault: Fault) -> bool {
        self.faults.insert(fault)
    }

    /// Switches `fault` off; returns whether it was on.
    pub fn remove(&mut self, fault: Fault) -> bool {
        self.faults.remove(&fault)
    }

    /// Whether no fault is on.
    pub fn is_empty(&self) -> bool {
        self.faults.is_empty()
    }

    /// How many faults are on.
    pub fn len(&self) -> usize {
        self.faults.len()
    }

    /// The faults that are on, in catalogue order.
    pub fn iter(&self) -> impl Iterator<Item = Fault> + '_ {
        self.faults.iter().copied()
    }

    /// Parses names separated by commas or whitespace (`"no-refresh-rotation, bad-signature"`);
    /// an empty string is the empty set.
    pub fn parse_list(names: &str) -> Result<Self, ParseFaultError> {
        names
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|name| !name.is_empty())
            .map(str::parse)
            .collect()
    }
}

impl FromIterator<Fault> for FaultSet {
    fn from_iter<I: IntoIterator<Item = Fault>>(iter: I) -> Self {
        Self {
            faults: iter.into_iter().collect(),
        }
    }
}

impl Extend<Fault> for FaultSet {
    fn extend<I: IntoIterator<Item = Fault>>(&mut self, iter: I) {
        self.faults.extend(iter);
    }
}

impl FromStr for FaultSet {
    type Err = ParseFaultError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_list(s)
    }
}

impl fmt::Display for FaultSet {
    /// The names joined with `,`; empty for no fault.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.iter().map(Fault::name).collect();
        f.write_str(&names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_list_and_display_round_trip() {
        let set = FaultSet::parse_list("bad-signature, no-refresh-rotation").unwrap();
        assert!(set.contains(Fault::BadSignature));
        assert!(set.contains(Fault::NoRefreshRotation));
        assert!(!set.contains(Fault::LocaleIgnored));
        assert_eq!(set.len(), 2);
        assert_eq!(set.to_string().parse::<FaultSet>().unwrap(), set);
        assert!(FaultSet::parse_list("").unwrap().is_empty());
        assert!(FaultSet::parse_list("bad-signature,typo").is_err());
    }
}
