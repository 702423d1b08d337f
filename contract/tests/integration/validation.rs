//! Violations: canonical rule ids that are always among the contract's rules.

use contract::Contract;
use serde_json::{json, Value};

fn check_all_known(c: &Contract, doc: &Value) -> Vec<(String, String)> {
    let v = c.violations(doc);
    assert_eq!(v.is_empty(), c.is_valid(doc));
    for violation in &v {
        assert!(
            c.rule(&violation.rule).is_some(),
            "{} is not a rule of {}",
            violation.rule,
            c.name()
        );
        assert_eq!(
            violation.rule,
            format!("{}:{}", violation.schema_pointer, violation.keyword)
        );
        assert!(!violation.message.contains('\n'));
    }
    v.into_iter()
        .map(|v| (v.rule, v.instance_pointer))
        .collect()
}

#[test]
fn every_violation_names_a_rule_of_the_contract() {
    let docs = [
        json!(null),
        json!([]),
        json!({}),
        json!({"user": {}}),
        json!({"user": {"allowedRoles": [1, "x"], "activeMfaType": "sms", "phoneNumber": 5, "createdAt": "yesterday"}}),
        json!({"refreshToken": "nope", "refreshTokenId": "ABC", "accessToken": 1, "extra": {}}),
        json!({"user": {"metadata": [], "roles": "user", "email": "not an email", "avatarUrl": "::"}}),
    ];
    for c in [Contract::published(), Contract::deployed()] {
        for doc in &docs {
            check_all_known(&c, doc);
        }
    }
}

#[test]
fn rule_ids_resolve_refs_to_the_definition() {
    let got = check_all_known(
        &Contract::published(),
        &json!({"user": {"allowedRoles": [1]}}),
    );
    assert!(
        got.contains(&(
            "/$defs/User/properties/allowedRoles/items:type".to_owned(),
            "/user/allowedRoles/0".to_owned()
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&("/$defs/User:required".to_owned(), "/user".to_owned())),
        "{got:?}"
    );
}

#[test]
fn messages_mask_instance_values() {
    let secret = "c3b747ef-76a9-4c56-8091-SECRETSECRET";
    let v = Contract::deployed().violations(&json!({"refreshToken": secret}));
    assert!(v.iter().any(|v| v.instance_pointer == "/refreshToken"));
    assert!(v.iter().all(|v| !v.message.contains("SECRET")), "{v:?}");
}
