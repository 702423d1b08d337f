//! `nhost-conformance expectations`: the built-in expectation sets, with their reasons.

use std::io::Write;

use super::args::ExpectationsArgs;
use super::exit;
use crate::config::{ExpectationSet, SETS};
use crate::errors::{ConfigError, HarnessError};

/// Lists every built-in set and its entries, or prints one set's TOML.
pub fn expectations(args: &ExpectationsArgs) -> Result<u8, HarnessError> {
    let mut out = std::io::stdout().lock();
    if let Some(name) = &args.toml {
        let set = ExpectationSet::named(name).ok_or_else(|| {
            let known: Vec<&str> = SETS.iter().map(|s| s.name).collect();
            HarnessError::Config(ConfigError::new(
                "command line",
                "--toml",
                format!(
                    "unknown expectation set {name:?} (known: {})",
                    known.join(", ")
                ),
            ))
        })?;
        let _ = write!(out, "{}", set.toml);
        return Ok(exit::PASSED);
    }
    for set in SETS {
        let state = if set.default_on {
            "on by default; switch off with --expectation-set=-"
        } else {
            "off by default; switch on with --expectation-set "
        };
        let _ = writeln!(out, "{} ({state}{})", set.name, set.name);
        let _ = writeln!(out, "  {}", set.description);
        for e in set.entries() {
            let mut scope = Vec::new();
            if let Some(c) = &e.contract {
                scope.push(format!("contract {c}"));
            }
            if let Some(v) = e.via {
                scope.push(format!("via {v}"));
            }
            if e.intermittent {
                scope.push("intermittent".to_owned());
            }
            let scope = if scope.is_empty() {
                String::new()
            } else {
                format!(" [{}]", scope.join(", "))
            };
            let what = match (&e.rule, &e.property) {
                (Some(r), Some(p)) => format!("{r} in {p}"),
                (Some(r), None) => r.clone(),
                (None, Some(p)) => p.clone(),
                (None, None) => String::new(),
            };
            let _ = writeln!(out, "  - {what}{scope}: {}", e.reason);
        }
        let _ = writeln!(out);
    }
    Ok(exit::PASSED)
}
