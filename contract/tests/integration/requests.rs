//! The request-body schemas, built from the rules table, say what the contract page says, in each
//! documented service version.

use contract::{Contract, RequestKind, ServiceVersion};
use serde_json::json;

fn rules_broken(kind: RequestKind, body: serde_json::Value) -> Vec<String> {
    Contract::request(kind)
        .violations(&body)
        .into_iter()
        .map(|v| v.rule)
        .collect()
}

#[test]
fn sign_up_password_is_three_to_fifty_characters() {
    let ok = |p: &str| {
        Contract::request(RequestKind::SignUp)
            .is_valid(&json!({"email": "a@example.com", "password": p}))
    };
    assert!(ok("abc"));
    assert!(ok(&"é".repeat(50)), "length counts characters, not bytes");
    assert!(!ok("ab"));
    assert!(!ok(&"x".repeat(51)));
    assert_eq!(
        rules_broken(
            RequestKind::SignUp,
            json!({"email": "a@example.com", "password": "ab"})
        ),
        ["/properties/password:minLength"]
    );
}

#[test]
fn sign_up_options_are_closed_and_bounded() {
    let body =
        |options| json!({"email": "a@example.com", "password": "secret", "options": options});
    assert_eq!(
        rules_broken(RequestKind::SignUp, body(json!({"nope": 1}))),
        ["/properties/options:additionalProperties"]
    );
    assert_eq!(
        rules_broken(RequestKind::SignUp, body(json!({"locale": "en-US"}))),
        ["/properties/options/properties/locale:maxLength"]
    );
    assert_eq!(
        rules_broken(
            RequestKind::SignUp,
            body(json!({"displayName": "x".repeat(33)}))
        ),
        ["/properties/options/properties/displayName:maxLength"]
    );
    assert_eq!(
        rules_broken(
            RequestKind::SignUp,
            body(json!({"displayName": "tab\there"}))
        ),
        ["/properties/options/properties/displayName:pattern"]
    );
    assert!(rules_broken(
        RequestKind::SignUp,
        body(json!({"displayName": "Zoë Ωμέγα 東京 O'Neil-Smith, Jr."}))
    )
    .is_empty());
    assert_eq!(
        rules_broken(
            RequestKind::SignUp,
            body(json!({"redirectTo": "not a uri"}))
        ),
        ["/properties/options/properties/redirectTo:format"]
    );
}

#[test]
fn every_body_but_sign_out_is_closed_and_no_field_is_nullable() {
    assert_eq!(
        rules_broken(RequestKind::SignIn, json!({"email": "a@example.com"})),
        [":required"]
    );
    // The service's OpenAPI document (v0.42) closes every body but sign-out's.
    for kind in [
        RequestKind::SignUp,
        RequestKind::SignIn,
        RequestKind::Anonymous,
        RequestKind::Refresh,
    ] {
        let body = match kind {
            RequestKind::Refresh => {
                json!({"refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d", "extra": true})
            }
            RequestKind::SignUp | RequestKind::SignIn => {
                json!({"email": "a@example.com", "password": "secret", "extra": true})
            }
            _ => json!({"extra": true}),
        };
        for version in ServiceVersion::ALL {
            let broken: Vec<String> = Contract::request_for(kind, version)
                .violations(&body)
                .into_iter()
                .map(|v| v.rule)
                .collect();
            assert_eq!(broken, [":additionalProperties"], "{kind:?} {version}");
        }
    }
    assert!(rules_broken(RequestKind::SignOut, json!({"extra": true})).is_empty());
    assert!(rules_broken(RequestKind::Anonymous, json!({})).is_empty());
    assert_eq!(
        rules_broken(RequestKind::Refresh, json!({"refreshToken": 5})),
        ["/properties/refreshToken:type"]
    );
    assert_eq!(
        rules_broken(RequestKind::Refresh, json!({"refreshToken": "not-a-uuid"})),
        ["/properties/refreshToken:format"]
    );
    assert_eq!(
        rules_broken(RequestKind::SignOut, json!({"all": "yes"})),
        ["/properties/all:type"]
    );
    assert_eq!(
        rules_broken(RequestKind::SignOut, json!({"all": null})),
        ["/properties/all:type"]
    );
}

#[test]
fn a_three_character_locale_is_allowed_only_after_v0_42() {
    let body =
        json!({"email": "a@example.com", "password": "secret", "options": {"locale": "fil"}});
    assert!(!Contract::request_for(RequestKind::SignUp, ServiceVersion::V0_42).is_valid(&body));
    assert!(Contract::request_for(RequestKind::SignUp, ServiceVersion::Newer).is_valid(&body));
    let two = json!({"locale": "fr"});
    for version in ServiceVersion::ALL {
        assert!(Contract::request_for(RequestKind::Anonymous, version).is_valid(&two));
    }
}
