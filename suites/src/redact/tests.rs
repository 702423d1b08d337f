//! The redaction module's tests.

use super::*;
use crate::api::ApiRequest;
use serde_json::json;

#[test]
fn marks_are_replaced_wherever_they_are_and_lookalikes_are_kept() {
    let (a, b) = (mark("first-secret"), mark("second-secret"));
    assert_ne!(a, b);
    let text = format!("x{a}y [redacted#zz] {b}");
    assert_eq!(replace_marks(&text, "<m>"), "x<m>y [redacted#zz] <m>");
    assert_eq!(replace_marks("no marks", "<m>"), "no marks");
}

#[test]
fn secrets_in_json_are_masked_consistently() {
    let v = json!({"email": "a@b.co", "password": "hunter22", "session": {"refreshToken": "rt-1", "user": {"id": "x"}}});
    let r = json(&v);
    let text = r.to_string();
    assert!(
        !text.contains("hunter22") && !text.contains("rt-1"),
        "{text}"
    );
    assert_eq!(r["email"], "a@b.co");
    assert_eq!(r["session"]["refreshToken"], json!(mark("rt-1")));
    assert_eq!(mark("rt-1"), mark("rt-1"));
    assert_ne!(mark("rt-1"), mark("rt-2"));
}

#[test]
fn headers_and_free_text_are_masked() {
    assert_eq!(
        header("Authorization", "Bearer abc.def"),
        format!("Bearer {}", mark("abc.def"))
    );
    assert_eq!(
        header("content-type", "application/json"),
        "application/json"
    );
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig_-";
    let out = text(
        &format!("<p>token {jwt} and pw hunter22</p>"),
        &["hunter22"],
    );
    assert!(!out.contains(jwt) && !out.contains("hunter22"), "{out}");
    let broken = text(
        r#"{"email":"a@b.co", "password" : "s3cr3t-pw", "x": 1"#,
        &[],
    );
    assert!(
        !broken.contains("s3cr3t-pw") && broken.contains("a@b.co"),
        "{broken}"
    );
}

#[test]
fn secrets_are_scrubbed_anywhere_with_the_same_mark() {
    let secrets = Secrets::new();
    assert!(secrets.learn("hunter22"));
    assert!(!secrets.learn("hunter22"), "already known");
    assert!(!secrets.learn("abc"), "too short to search for");
    let out = secrets.scrub("echo: hunter22, again hunter22; abc stays");
    assert_eq!(
        out,
        format!("echo: {m}, again {m}; abc stays", m = mark("hunter22"))
    );
    // Scrubbing twice changes nothing, and marks are never re-marked.
    assert_eq!(secrets.scrub(&out), out);
    assert!(format!("{secrets:?}").contains("known: 1"));
    assert!(!format!("{secrets:?}").contains("hunter22"));
}

#[test]
fn the_longest_secret_wins_and_escaped_forms_are_found() {
    let secrets = Secrets::new();
    secrets.learn("token-1");
    secrets.learn("token-1-long");
    assert_eq!(
        secrets.scrub("x token-1-long y token-1"),
        format!("x {} y {}", mark("token-1-long"), mark("token-1"))
    );
    secrets.learn("pa\"ss/wörd");
    let echoed = serde_json::to_string(&json!({"message": "bad pa\"ss/wörd"})).unwrap();
    let out = secrets.scrub(&echoed);
    assert!(out.contains(&mark("pa\"ss/wörd")), "{out}");
    assert!(!out.contains("ss/w"), "{out}");
    let php = r#"{"m":"pa\"ss\/wörd"}"#;
    assert!(!secrets.scrub(php).contains("ss\\/w"));
}

#[test]
fn secrets_are_learned_from_requests_responses_headers_and_urls() {
    let secrets = Secrets::new();
    secrets.learn_request(
        &ApiRequest::json(
            crate::Operation::SignIn,
            json!({"email": "a@b.co", "password": "pw-secret"}),
        )
        .with_bearer("bearer-token"),
    );
    secrets.learn_json(
        &json!({"session": {"accessToken": "access-tok", "refreshToken": "refresh-tok"}}),
    );
    secrets.learn_header("set-cookie", "rt=cookie-value; Path=/");
    secrets.learn_url("http://user:p%40ss-word@host/v1");
    // base64("user:p@ss-word")
    let text = "pw-secret bearer-token access-tok refresh-tok cookie-value p@ss-word p%40ss-word dXNlcjpwQHNzLXdvcmQ= a@b.co";
    let out = secrets.scrub(text);
    for s in text.split(' ').take(8) {
        assert!(!out.contains(s), "{s} in {out}");
    }
    assert!(out.ends_with("a@b.co"), "{out}");
    let v = secrets.scrub_json(&json!({"msg": ["got pw-secret"], "pw-secret": 1}));
    assert!(!v.to_string().contains("pw-secret"), "{v}");
}

#[test]
fn the_longest_match_is_found_among_many_shared_prefixes() {
    let secrets = Secrets::new();
    let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    let tokens: Vec<String> = (0..2000)
        .map(|i| format!("{header}.eyJzdWIiOiI{i:04}In0.sig{}", i * 7919 % 10007))
        .collect();
    for t in &tokens {
        secrets.learn(t);
    }
    for extra in [
        "eyJh",
        "eyJhbGci",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJz",
    ] {
        secrets.learn(extra);
    }
    for t in tokens.iter().step_by(97) {
        let text = format!("a {t}; {t}x eyJhbGcZ eyJhbGci eyJhb");
        let m = mark(t);
        assert_eq!(
            secrets.scrub(&text),
            format!(
                "a {m}; {m}x {}bGcZ {} {}b",
                mark("eyJh"),
                mark("eyJhbGci"),
                mark("eyJh")
            ),
            "{t}"
        );
    }
    let prefix = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI9999In0";
    assert_eq!(
        secrets.scrub(prefix),
        format!(
            "{}dWIiOiI9999In0",
            mark("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJz")
        )
    );
}

#[test]
fn userinfo_is_stripped() {
    assert_eq!(
        strip_userinfo("http://u:p@h:1/v1?x=a@b"),
        "http://h:1/v1?x=a@b"
    );
    assert_eq!(strip_userinfo("http://h/v1"), "http://h/v1");
    assert_eq!(strip_userinfo("not a url"), "not a url");
    assert_eq!(
        strip_userinfo_in("curl -X GET 'http://u:p@h/v1/user' -H 'a: b@c'"),
        "curl -X GET 'http://h/v1/user' -H 'a: b@c'"
    );
}

#[test]
fn raw_text_keeps_the_bytes_and_masks_secret_keys() {
    let secrets = Secrets::new();
    let body = r#"{"password" : "ab", "email":"a@b.co",  "x":1}"#;
    let out = raw_text(body, &secrets);
    assert_eq!(
        out,
        format!(
            r#"{{"password" : "{}", "email":"a@b.co",  "x":1}}"#,
            mark("ab")
        )
    );
    secrets.learn("long-password");
    let out = raw_text(r#"{"password":"long-password"}"#, &secrets);
    assert_eq!(
        out,
        format!(r#"{{"password":"{}"}}"#, mark("long-password"))
    );
}
