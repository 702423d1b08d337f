//! The embedded contracts compile, enumerate the expected rules and differ as the contract page says.

use contract::{Contract, RequestKind};
use serde_json::{json, Value};

fn ids(c: &Contract) -> Vec<&str> {
    c.rules().iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn published_rules_cover_every_assertion_keyword() {
    let c = Contract::published();
    let ids = ids(&c);
    for expected in [
        ":type",
        ":required",
        "/properties/accessTokenExpiresIn:type",
        "/properties/refreshToken:format",
        "/properties/refreshTokenId:format",
        "/$defs/User:required",
        "/$defs/User/properties/locale:type",
        "/$defs/User/properties/email:format",
        "/$defs/User/properties/avatarUrl:format",
        "/$defs/User/properties/phoneNumber:type",
        "/$defs/User/properties/allowedRoles/items:type",
        "/$defs/User/properties/activeMfaType:enum",
        "/$defs/User/properties/createdAt:format",
    ] {
        assert!(ids.contains(&expected), "missing {expected} in {ids:?}");
    }
    assert!(ids.iter().all(|id| !id.ends_with(":description")
        && !id.ends_with(":example")
        && !id.ends_with(":title")));
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    for rule in c.rules() {
        assert_eq!(rule.id, format!("{}:{}", rule.schema_pointer, rule.keyword));
        assert_eq!(
            c.subschema(&rule.schema_pointer)
                .and_then(|s| s.get(&rule.keyword)),
            Some(&rule.value)
        );
    }
}

#[test]
fn deployed_rules_have_the_deployed_shape() {
    let c = Contract::deployed();
    let ids = ids(&c);
    for expected in [
        ":additionalProperties",
        "/properties/refreshTokenId:pattern",
        "/properties/accessToken:pattern",
        "/$defs/User:additionalProperties",
        "/$defs/User/properties/roles/items:type",
        "/$defs/User/properties/metadata:type",
        "/$defs/User/properties/id:pattern",
    ] {
        assert!(ids.contains(&expected), "missing {expected}");
    }
    assert!(!ids.iter().any(|id| id.contains("allowedRoles")));
    assert!(
        !ids.contains(&"/$defs/User/properties/avatarUrl:format"),
        "avatarUrl may be empty"
    );
    let required = c.rule(":required").unwrap();
    assert!(required
        .value
        .as_array()
        .unwrap()
        .contains(&json!("refreshTokenId")));
}

fn deployed_session() -> Value {
    json!({"accessToken": "eyJh.eyJz.c2ln", "accessTokenExpiresIn": 900,
        "refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d", "refreshTokenId": "c3b747ef-76a9-4c56-8091-ed3e6b8afb2c",
        "user": {"activeMfaType": null, "avatarUrl": "", "createdAt": "2025-01-01T12:00:00.123456789Z",
            "defaultRole": "anonymous", "displayName": "Anonymous User", "emailVerified": false,
            "id": "db477732-48fa-4289-b694-2886a646b6eb", "isAnonymous": true, "locale": "en", "metadata": null,
            "phoneNumberVerified": false, "roles": ["anonymous"]}})
}

#[test]
fn the_two_contracts_disagree_where_the_table_says() {
    let doc = deployed_session();
    assert!(Contract::deployed().is_valid(&doc));
    let published: Vec<String> = Contract::published()
        .violations(&doc)
        .into_iter()
        .map(|v| v.rule)
        .collect();
    assert!(
        published.contains(&"/$defs/User:required".to_owned()),
        "{published:?}"
    );
    assert!(
        published.contains(&"/$defs/User/properties/metadata:type".to_owned()),
        "{published:?}"
    );
    let mut with_extra = doc.clone();
    with_extra["user"]["updatedAt"] = json!("2025-01-01T12:00:00Z");
    let v = Contract::deployed().violations(&with_extra);
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].rule.as_str(), v[0].instance_pointer.as_str()),
        ("/$defs/User:additionalProperties", "/user")
    );
}

#[test]
fn user_definitions_validate_bare_users_with_canonical_ids() {
    for c in [Contract::published(), Contract::deployed()] {
        let user = c.definition("User").unwrap();
        assert_eq!(user.entry_pointer(), "/$defs/User");
        assert!(user.rules().iter().all(|r| r.id.starts_with("/$defs/User")));
        for v in user.violations(&json!({"id": 7})) {
            assert!(user.rule(&v.rule).is_some(), "{} from {}", v.rule, c.name());
            assert!(c.rule(&v.rule).is_some());
        }
    }
    let user = Contract::deployed().definition("User").unwrap();
    assert!(user.is_valid(&deployed_session()["user"]));
}

#[test]
fn embedded_contracts_are_compiled_once_and_shared() {
    let a = Contract::published();
    let b = Contract::published();
    assert!(std::ptr::eq(a.rules().as_ptr(), b.rules().as_ptr()));
    assert_eq!(a.name(), "published");
    assert_eq!(Contract::deployed().name(), "deployed");
    for kind in RequestKind::ALL {
        for version in contract::ServiceVersion::ALL {
            let c = Contract::request_for(kind, version);
            assert_eq!(c.name(), format!("{}-request ({version})", kind.name()));
            assert!(!c.rules().is_empty());
            let again = Contract::request_for(kind, version);
            assert!(std::ptr::eq(c.rules().as_ptr(), again.rules().as_ptr()));
        }
    }
    assert!(Contract::error_body()
        .is_valid(&json!({"status": 401, "message": "m", "error": "invalid-refresh-token"})));
    assert!(!Contract::error_body().is_valid(&json!({"error": "bad request"})));
}
