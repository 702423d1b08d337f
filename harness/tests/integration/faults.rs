//! Every lifecycle, token and value fault of the reference server makes at least one case fail,
//! with a rule of the right family. (The full score over every fault is `mutation_score`.)

use reference_server::{Fault, FaultCategory, Profile};

use crate::common::{embedded, failed, run};

fn caught(fault: Fault, profile: Profile) -> Vec<String> {
    let (_s, records) = run(embedded(profile, profile.name(), &[fault], 6));
    failed(&records)
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.rule.clone()))
        .collect()
}

#[test]
fn lifecycle_token_and_value_faults_are_caught() {
    let mut missed = Vec::new();
    for fault in Fault::all().iter().copied().filter(|f| {
        matches!(
            f.category(),
            FaultCategory::Lifecycle | FaultCategory::Token | FaultCategory::Value
        )
    }) {
        let rules = caught(fault, Profile::Published);
        let family_ok = match fault.category() {
            // A token the server should have refused fails the one bad-token rule.
            FaultCategory::Token => rules
                .iter()
                .any(|r| r.starts_with("jwt:") || r == "user:bad-token-refused"),
            FaultCategory::Lifecycle => rules.iter().any(|r| {
                [
                    "token:",
                    "signout:",
                    "signup:duplicate",
                    "signin:",
                    "lifecycle:",
                ]
                .iter()
                .any(|p| r.starts_with(p))
            }),
            _ => !rules.is_empty(),
        };
        if !family_ok {
            missed.push(format!(
                "{} ({}): rules {rules:?}",
                fault.name(),
                fault.category()
            ));
        }
    }
    assert!(
        missed.is_empty(),
        "faults not caught by a rule of their family:\n{}",
        missed.join("\n")
    );
}
