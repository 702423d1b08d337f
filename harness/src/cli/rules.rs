//! `nhost-conformance rules [--contract …]`: the rule catalogue, one rule a line with what it
//! demands and where it comes from.

use std::io::Write;

use contract::Contract;

use super::args::RulesArgs;
use super::exit;
use crate::config;
use crate::errors::HarnessError;

/// Prints every rule of the catalogue for the selected contract (`--contract`, else
/// `NHOST_CONTRACT` or `conformance.toml`, else `published`).
pub fn rules(args: &RulesArgs) -> Result<u8, HarnessError> {
    let spec = match &args.contract {
        Some(spec) => spec.clone(),
        None => config::load(None)?.contract,
    };
    let contract = Contract::load(&spec)?;
    let entries = suites::catalogue(&contract);
    let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for entry in &entries {
        let line = format!(
            "{:<width$}  {}  [{}]",
            entry.id, entry.description, entry.source
        );
        // A closed stdout (`rules | head`) ends the listing quietly.
        if writeln!(out, "{}", reports::terminal_safe(&line)).is_err() {
            return Ok(exit::PASSED);
        }
    }
    let _ = writeln!(
        out,
        "{} rules: {} of the {} contract, {} of the error body, {} semantic, {} of the harness",
        entries.len(),
        contract.rules().len(),
        contract.name(),
        Contract::error_body().rules().len(),
        suites::rules::ALL.len(),
        suites::rules::HARNESS.len(),
    );
    Ok(exit::PASSED)
}

#[cfg(test)]
mod tests {
    use crate::runner::{GENERATION_RULE, PANIC_RULE, TARGET_ERROR_RULE};

    #[test]
    fn the_catalogue_describes_the_harness_rules() {
        let entries = suites::catalogue(&contract::Contract::published());
        for id in [PANIC_RULE, GENERATION_RULE, TARGET_ERROR_RULE] {
            assert!(
                results::catalogue::find(&entries, id).is_some(),
                "{id} is not in the catalogue"
            );
        }
    }
}
