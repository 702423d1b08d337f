//! The request-body schemas say what the contract page says.

use contract::{Contract, RequestKind};
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
fn other_requests_reject_wrong_types_and_keep_the_top_level_open() {
    assert_eq!(
        rules_broken(RequestKind::SignIn, json!({"email": "a@example.com"})),
        [":required"]
    );
    // The contract closes only sign-up `options`; an unknown top-level key breaks no rule.
    for kind in [RequestKind::Anonymous, RequestKind::SignOut, RequestKind::Refresh] {
        let body = match kind {
            RequestKind::Refresh => json!({"refreshToken": "t", "extra": true}),
            _ => json!({"extra": true}),
        };
        assert!(rules_broken(kind, body).is_empty(), "{kind:?}");
    }
    assert!(rules_broken(RequestKind::Anonymous, json!({})).is_empty());
    assert_eq!(
        rules_broken(RequestKind::Refresh, json!({"refreshToken": 5})),
        ["/properties/refreshToken:type"]
    );
    assert_eq!(
        rules_broken(RequestKind::SignOut, json!({"all": "yes"})),
        ["/properties/all:type"]
    );
}
