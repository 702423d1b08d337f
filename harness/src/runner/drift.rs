//! The run's contract drift: the shapes its answers had ([`Shapes`], recorded by the record
//! layer) and their differences from the contract in force for each response type. The main
//! function is [`drift`]; `nhost-conformance drift` turns the differences into an
//! expectations file ([`expectations_toml`]).
//!
//! Information only: nothing here changes a case's outcome or the run's exit code.

use results::Drift;
use suites::Env;

use crate::transport::{ResponseType, Shapes};

/// The drift of a run whose answers were recorded in `shapes`, judged against `env`'s
/// contracts (the Session contract, its User definition, the error body; the JWKS has no
/// schema, so only its shape is reported). `None` when no answer was recorded.
pub fn drift(shapes: &Shapes, env: &Env) -> Option<Drift> {
    let recorded = shapes.snapshot();
    if recorded.is_empty() {
        return None;
    }
    let mut drift = Drift {
        contract: env.contract.name().to_owned(),
        ..Drift::default()
    };
    for (kind, builder) in recorded {
        let mut shape = builder.shape();
        for field in &mut shape.fields {
            if let Some(example) = &mut field.example {
                env.secrets.clean_in_place(example);
            }
        }
        drift.shapes.push(shape);
        let (contract, prefix) = match kind {
            ResponseType::Session => (&env.contract, ""),
            ResponseType::User => (&env.user_contract, ""),
            // Findings of the error-body contract carry its prefix (`error:…`).
            ResponseType::ErrorBody => (&env.error_contract, "error:"),
            ResponseType::Jwks => continue,
        };
        drift
            .differences
            .extend(builder.differences(contract).into_iter().map(|mut d| {
                d.rule = d.rule.map(|r| format!("{prefix}{r}"));
                env.secrets.clean_in_place(&mut d.message);
                d
            }));
    }
    Some(drift)
}

/// An expectations file (`[[expect]]` entries, the format `--expectations` reads) with one
/// entry per contract rule the drift's differences break, for runs against `drift.contract`,
/// each with the differences as its reason. Differences the contract allows need no entry.
pub fn expectations_toml(drift: &Drift) -> String {
    let mut by_rule: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for d in &drift.differences {
        if let Some(rule) = &d.rule {
            by_rule
                .entry(rule)
                .or_default()
                .push(format!("{}: {}", d.response, d.message));
        }
    }
    let mut out = format!(
        "# Written by `nhost-conformance drift --expectations-out` from what the target sent,\n\
         # against the contract `{}`. Review each entry before committing it: an entry marks a\n\
         # failure as expected, it does not make the target conform.\n",
        drift.contract
    );
    for (rule, reasons) in by_rule {
        let mut reasons = reasons;
        reasons.dedup();
        out.push_str(&format!(
            "\n[[expect]]\nrule = {}\ncontract = {}\nreason = {}\n",
            toml_string(rule),
            toml_string(&drift.contract),
            toml_string(&format!("contract drift: {}", reasons.join("; ")))
        ));
    }
    out
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use results::{DriftDifference, DriftKind};

    use super::*;
    use crate::config::parse_expectations as parse_file;

    #[test]
    fn the_expectations_file_reads_back_with_one_entry_per_broken_rule() {
        let difference = |path: &str, rule: Option<&str>, message: &str| DriftDifference {
            response: "Session".into(),
            path: path.into(),
            kind: DriftKind::RequiredNeverSent,
            rule: rule.map(str::to_owned),
            message: message.into(),
        };
        let drift = Drift {
            contract: "published".into(),
            shapes: Vec::new(),
            differences: vec![
                difference(
                    "user.allowedRoles",
                    Some("/$defs/User:required"),
                    "`user.allowedRoles` required, never sent",
                ),
                difference(
                    "user.email",
                    Some("/$defs/User:required"),
                    "`user.email` required, absent in 40% of answers \"quoted\" \\ \u{7}",
                ),
                difference(
                    "refreshTokenId",
                    None,
                    "`refreshTokenId` optional in the contract, sent in every answer",
                ),
            ],
        };
        let text = expectations_toml(&drift);
        let entries = parse_file(&text).unwrap();
        assert_eq!(entries.len(), 1, "{text}");
        assert_eq!(entries[0].rule.as_deref(), Some("/$defs/User:required"));
        assert_eq!(entries[0].contract.as_deref(), Some("published"));
        assert!(
            entries[0].reason.contains("allowedRoles") && entries[0].reason.contains("\"quoted\"")
        );
    }
}
