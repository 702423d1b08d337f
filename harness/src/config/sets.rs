//! Built-in expectation sets: known deviations that ship with the binary, so a conforming
//! target gets the same verdict from any folder. The main type is [`ExpectationSet`]; [`SETS`]
//! lists them. Each set is a file under `expectations/` in the repository, compiled in.
//!
//! Which sets are in force is a list of names resolved over every configuration layer
//! ([`SetSwitches`]): each layer's `name` switches a set on, `-name` switches it off, starting
//! from the sets that are on by default.

use std::collections::BTreeSet;

use super::expect::{parse_file, Expectation};

/// One built-in set of known deviations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectationSet {
    /// Its name, as the switches, the reports and `nhost-conformance expectations` write it.
    pub name: &'static str,
    /// What it holds, in one line.
    pub description: &'static str,
    /// Whether it is in force unless switched off.
    pub default_on: bool,
    /// The entries, as `[[expect]]` TOML.
    pub toml: &'static str,
}

/// Every built-in set.
pub const SETS: &[ExpectationSet] = &[
    ExpectationSet {
        name: "published-schema",
        description: "the published Session schema's own broken examples (shown in the contract section of every report)",
        default_on: true,
        toml: include_str!("../../../expectations/published-schema.toml"),
    },
    ExpectationSet {
        name: "nhost-js-v3",
        description: "the known bugs of the pinned @nhost/nhost-js 3.3.1, through `--via sdk --sdk v3` and in the `sdk` suite",
        default_on: true,
        toml: include_str!("../../../expectations/nhost-js-v3.toml"),
    },
    ExpectationSet {
        name: "published-vs-deployed",
        description: "the differences between the published Session schema and the deployed service, for running the published contract against the real service",
        default_on: false,
        toml: include_str!("../../../expectations/published-vs-deployed.toml"),
    },
    ExpectationSet {
        name: "deployed-v0.42",
        description: "what hasura-auth v0.42 (the deployed service) does differently from the newer contract, for checking a v0.42 service",
        default_on: false,
        toml: include_str!("../../../expectations/deployed-v0.42.toml"),
    },
];

impl ExpectationSet {
    /// The set named `name`.
    pub fn named(name: &str) -> Option<&'static ExpectationSet> {
        SETS.iter().find(|s| s.name == name)
    }

    /// Its entries, each marked with the set's name. The files are checked by a test, so this
    /// never fails at run time; a broken file would give no entry rather than a panic.
    pub fn entries(&self) -> Vec<Expectation> {
        parse_file(self.toml)
            .unwrap_or_default()
            .into_iter()
            .map(|mut e| {
                e.set = Some(self.name.to_owned());
                e
            })
            .collect()
    }
}

/// Switches of built-in sets from one configuration layer: `name` on, `-name` off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetSwitches(Vec<(String, bool)>);

impl SetSwitches {
    /// Parses switches (`published-vs-deployed`, `-nhost-js-v3`); an unknown name is an error
    /// that lists the known ones.
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut out = Vec::new();
        for item in items.into_iter().map(str::trim).filter(|s| !s.is_empty()) {
            let (name, on) = match item.strip_prefix('-') {
                Some(name) => (name, false),
                None => (item, true),
            };
            if ExpectationSet::named(name).is_none() {
                return Err(format!(
                    "unknown expectation set {name:?} (known: {}; `-NAME` switches one off)",
                    SETS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                ));
            }
            out.push((name.to_owned(), on));
        }
        Ok(Self(out))
    }

    /// Applies these switches to the names in force.
    pub fn apply(&self, in_force: &mut BTreeSet<String>) {
        for (name, on) in &self.0 {
            if *on {
                in_force.insert(name.clone());
            } else {
                in_force.remove(name);
            }
        }
    }

    /// The switches that turn the default sets into exactly `in_force` (for a re-run line).
    pub fn from_defaults_to(in_force: &BTreeSet<String>) -> Self {
        Self(
            SETS.iter()
                .filter(|s| s.default_on != in_force.contains(s.name))
                .map(|s| (s.name.to_owned(), !s.default_on))
                .collect(),
        )
    }

    /// Whether there is no switch.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The `NHOST_EXPECTATION_SETS` form: `name,-name`.
impl std::fmt::Display for SetSwitches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let items: Vec<String> = self
            .0
            .iter()
            .map(|(n, on)| if *on { n.clone() } else { format!("-{n}") })
            .collect();
        f.write_str(&items.join(","))
    }
}

/// The names of the sets on by default.
pub fn default_sets() -> BTreeSet<String> {
    SETS.iter()
        .filter(|s| s.default_on)
        .map(|s| s.name.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_set_parses_and_names_its_entries() {
        for set in SETS {
            let entries = parse_file(set.toml).unwrap_or_else(|e| panic!("{}: {e}", set.name));
            assert!(!entries.is_empty(), "{}", set.name);
            assert!(set
                .entries()
                .iter()
                .all(|e| e.set.as_deref() == Some(set.name)));
        }
    }

    #[test]
    fn switches_turn_sets_on_and_off_and_round_trip() {
        let mut in_force = default_sets();
        assert!(in_force.contains("nhost-js-v3") && !in_force.contains("published-vs-deployed"));
        let switches = SetSwitches::parse(["published-vs-deployed", "-nhost-js-v3"]).unwrap();
        switches.apply(&mut in_force);
        assert!(!in_force.contains("nhost-js-v3") && in_force.contains("published-vs-deployed"));
        let back = SetSwitches::from_defaults_to(&in_force);
        let mut again = default_sets();
        SetSwitches::parse(back.to_string().split(','))
            .unwrap()
            .apply(&mut again);
        assert_eq!(again, in_force);
        let e = SetSwitches::parse(["nope"]).unwrap_err();
        assert!(e.contains("published-schema") && !e.contains('\n'), "{e}");
    }
}
