//! Generated valid documents validate (formats asserted): both contracts, their Users, the
//! request schemas and small user schemas; realism and limits show up; seeds replay.

use contract::{Contract, RequestKind};
use generators::{valid_definition, valid_document};
use serde_json::{json, Value};

use crate::common::{contracts, sample};

fn assert_all_valid(contract: &Contract, docs: &[Value]) {
    for doc in docs {
        let v = contract.violations(doc);
        assert!(
            v.is_empty(),
            "{} rejected a generated document: {v:#?}\n{doc:#}",
            contract.name()
        );
    }
}

#[test]
fn thousands_of_published_sessions_validate() {
    let c = Contract::published();
    assert_all_valid(&c, &sample(&valid_document(&c), 1, 1500));
}

#[test]
fn thousands_of_deployed_sessions_validate() {
    let c = Contract::deployed();
    assert_all_valid(&c, &sample(&valid_document(&c), 2, 1500));
}

#[test]
fn users_and_request_bodies_validate() {
    for c in contracts() {
        assert_all_valid(
            &c.definition("User").unwrap(),
            &sample(&valid_definition(&c, "User"), 3, 300),
        );
    }
    for kind in RequestKind::ALL {
        let c = Contract::request(kind);
        assert_all_valid(&c, &sample(&valid_document(&c), 4, 200));
    }
    assert_all_valid(
        &Contract::error_body(),
        &sample(&valid_document(&Contract::error_body()), 5, 100),
    );
}

#[test]
fn small_user_schemas_are_served_too() {
    let schemas = [
        json!({"type": "integer", "minimum": 3, "exclusiveMaximum": 10, "multipleOf": 3}),
        json!({"type": "number", "exclusiveMinimum": 0.5, "maximum": 0.75}),
        json!({"type": "array", "items": {"enum": ["a", "b", "c", 1]}, "uniqueItems": true, "minItems": 2, "maxItems": 3}),
        json!({"type": "array", "prefixItems": [{"type": "boolean"}, {"const": "x"}], "items": false}),
        json!({"type": "string", "pattern": "^[A-Z]{2}-[0-9]{3}$"}),
        json!({"type": "string", "minLength": 10, "maxLength": 10, "format": "date"}),
        json!({"type": "string", "format": "ipv6"}),
        json!({"anyOf": [{"type": "string", "maxLength": 2}, {"type": "object", "required": ["k"], "properties": {"k": {"type": "null"}}}]}),
        json!({"allOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]}, {"properties": {"a": {"minLength": 3}, "b": {"type": "integer"}}, "required": ["b"], "additionalProperties": false}]}),
        json!({"$defs": {"Node": {"type": "object", "properties": {"v": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}, "maxItems": 2}}, "required": ["v"]}}, "$ref": "#/$defs/Node"}),
        json!({"type": "object", "additionalProperties": {"type": "string", "format": "email"}, "minProperties": 1, "maxProperties": 3}),
        json!({"type": "object", "properties": {"unknownFormat": {"type": "string", "format": "x-custom"}, "avatarUrl": {"type": "string", "maxLength": 3}}, "required": ["unknownFormat", "avatarUrl"]}),
        json!(true),
    ];
    for (i, schema) in schemas.into_iter().enumerate() {
        let c = Contract::from_value(&format!("user-schema-{i}: {schema}"), schema).unwrap();
        assert_all_valid(&c, &sample(&valid_document(&c), 10 + i as u64, 200));
    }
}

#[test]
fn an_unknown_definition_rejects_with_a_reason() {
    let mut runner = crate::common::runner(0);
    use proptest::strategy::Strategy;
    let Err(err) = valid_definition(&Contract::published(), "Nope").new_tree(&mut runner) else {
        panic!("an unknown definition generated a value");
    };
    assert!(
        err.to_string().contains("no definition named `Nope`"),
        "{err}"
    );
}

#[test]
fn same_seed_same_documents() {
    let c = Contract::deployed();
    assert_eq!(
        sample(&valid_document(&c), 42, 20),
        sample(&valid_document(&c), 42, 20)
    );
    assert_ne!(
        sample(&valid_document(&c), 42, 20),
        sample(&valid_document(&c), 43, 20)
    );
}

fn strings_at(docs: &[Value], pointer: &str) -> Vec<String> {
    docs.iter()
        .filter_map(|d| d.pointer(pointer))
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

#[test]
fn documents_are_realistic_and_exotic() {
    let docs = sample(&valid_document(&Contract::published()), 7, 600);
    let any = |pointer: &str, what: &str, f: &dyn Fn(&str) -> bool| {
        assert!(
            strings_at(&docs, pointer).iter().any(|s| f(s)),
            "no {what} at {pointer}"
        );
    };
    any("/accessToken", "JWT with a JSON header", &|s| {
        use base64::Engine as _;
        let header = s.split('.').next().unwrap_or("");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap_or_default();
        serde_json::from_slice::<Value>(&bytes).is_ok_and(|h| h.get("alg").is_some())
    });
    any("/refreshToken", "lowercase UUID", &|s| {
        s.len() == 36 && s == s.to_lowercase()
    });
    any("/user/email", "email with +tag", &|s| s.contains('+'));
    any("/user/email", "email with a dotted local part", &|s| {
        s.split('@').next().is_some_and(|l| l.contains('.'))
    });
    any("/user/email", "email with an IDN label", &|s| {
        s.contains("xn--")
    });
    any("/user/locale", "BCP 47 tag with a region", &|s| {
        s.contains('-')
    });
    any("/user/phoneNumber", "E.164 number", &|s| {
        s.starts_with('+') && s[1..].chars().all(|c| c.is_ascii_digit())
    });
    any("/user/createdAt", "timestamp with a fraction", &|s| {
        s.contains('.')
    });
    any("/user/createdAt", "timestamp with an offset", &|s| {
        s.contains('+') || s.rfind('-').is_some_and(|i| i > 10)
    });
    any("/user/displayName", "control character", &|s| {
        s.chars().any(|c| c.is_control())
    });
    any("/user/displayName", "combining mark", &|s| {
        s.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
    });
    any("/user/displayName", "right-to-left letter", &|s| {
        s.chars().any(|c| ('\u{5d0}'..='\u{6ff}').contains(&c))
    });
    any("/user/displayName", "astral character", &|s| {
        s.chars().any(|c| c as u32 > 0xffff)
    });
    assert!(
        docs.iter().any(|d| d
            .pointer("/user/metadata")
            .and_then(Value::as_object)
            .is_some_and(|m| m.values().any(|v| v.is_object() || v.is_array()))),
        "no nested metadata"
    );
    assert!(
        docs.iter().any(|d| d["user"].get("phoneNumber").is_none()),
        "optional keys are sometimes absent"
    );
    assert!(
        docs.iter()
            .any(|d| d["user"].get("phoneNumber") == Some(&Value::Null)),
        "nullable keys are sometimes null"
    );
}

#[test]
fn realism_survives_extra_keywords_of_the_deployed_contract() {
    let docs = sample(&valid_document(&Contract::deployed()), 11, 200);
    for token in strings_at(&docs, "/accessToken") {
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3, "{token}");
        use base64::Engine as _;
        let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[0])
            .expect("base64url header");
        assert!(
            serde_json::from_slice::<Value>(&header).is_ok_and(|h| h["typ"] == "JWT"),
            "{token}"
        );
    }
    assert!(
        strings_at(&docs, "/user/avatarUrl")
            .iter()
            .any(String::is_empty),
        "avatarUrl is often empty"
    );
    assert!(strings_at(&docs, "/user/roles/0")
        .iter()
        .any(|r| r == "user" || r == "me"));
}

#[test]
fn string_lengths_sit_at_both_limits_in_characters() {
    let c = Contract::from_value(
        "bounded",
        json!({"type": "string", "minLength": 2, "maxLength": 7}),
    )
    .unwrap();
    let lens: Vec<usize> = sample(&valid_document(&c), 8, 300)
        .iter()
        .map(|v| v.as_str().unwrap().chars().count())
        .collect();
    assert!(lens.contains(&2) && lens.contains(&7), "{lens:?}");
    let multibyte_at_max = sample(&valid_document(&c), 9, 300)
        .iter()
        .filter_map(Value::as_str)
        .any(|s| s.chars().count() == 7 && s.len() > 7);
    assert!(multibyte_at_max, "a multi-byte string at maxLength");
}
