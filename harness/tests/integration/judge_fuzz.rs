//! Offline fuzzing of the response judge: arbitrary bytes and arbitrary JSON documents go
//! through the whole judging pipeline (parse, validate against every contract, decode and
//! verify JWTs, redact, write every report) and nothing may panic. The committed corpus
//! (`harness/tests/fuzz-corpus/`) is replayed first, then a proptest loop over random bytes.

use std::path::Path;

use proptest::prelude::*;

use serde_json::{json, Value};

use super::judge_pipeline::{judge_arbitrary, judge_token, token_of};

/// Any JSON value, nested up to a few levels: the header or payload of a token.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just("alg".to_owned()),
            Just("HS256".to_owned()),
            Just("RS256".to_owned()),
            Just("none".to_owned()),
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec(
                (
                    prop_oneof![
                        Just("alg".to_owned()),
                        Just("kid".to_owned()),
                        Just("sub".to_owned()),
                        Just("iat".to_owned()),
                        Just("exp".to_owned()),
                        Just("https://hasura.io/jwt/claims".to_owned()),
                        Just("x-hasura-allowed-roles".to_owned()),
                        ".{0,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

#[test]
fn tokens_whose_header_or_payload_is_not_an_object_never_panic_the_judge() {
    let object = json!({"alg": "HS256", "kid": "k"});
    let claims = json!({"sub": "u1", "iat": 1, "exp": 901});
    let user = json!({"id": "u1", "defaultRole": "user", "roles": ["user"]});
    for odd in [
        json!([1, 2]),
        json!(["alg", "HS256"]),
        json!("HS256"),
        json!(256),
        json!(-1.5),
        json!(null),
        json!(true),
        json!([{"alg": "HS256"}]),
        json!({"alg": ["HS256"], "kid": {"nested": [null]}}),
        json!({"alg": "RS256", "kid": 7}),
        json!({"alg": "none"}),
    ] {
        for (header, payload) in [(&odd, &claims), (&object, &odd), (&odd, &odd)] {
            let token = token_of(header, payload, b"signature");
            let result = std::panic::catch_unwind(|| judge_token(&token, &user));
            assert!(result.is_ok(), "{header} / {payload} panics the judge");
        }
    }
}

#[test]
fn the_committed_corpus_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the corpus directory exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| judge_arbitrary(&bytes));
        assert!(result.is_ok(), "{} panics the judge", path.display());
        n += 1;
    }
    assert!(n >= 20, "the corpus has {n} inputs");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_the_judge(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        judge_arbitrary(&bytes);
    }

    #[test]
    fn tokens_of_any_json_header_and_payload_never_panic_the_judge(
        header in any_json(),
        payload in any_json(),
        user in any_json(),
        signature in proptest::collection::vec(any::<u8>(), 0..80),
    ) {
        judge_token(&token_of(&header, &payload, &signature), &user);
    }

    #[test]
    fn random_json_never_panics_the_judge(text in "[\\[\\]{}\":,0-9a-z\\\\. eE+-]{0,200}") {
        judge_arbitrary(text.as_bytes());
    }
}
