//! Invalid requests for every endpoint, each breaking one request rule and tagged with it. The
//! main items are [`invalid_request`] and [`cases`].

use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{json, Value};

use contract::pointer;

use super::rules::SERVER_DEFAULT_ROLES;
use super::rules::{lengths, rule_id};
use super::types::{Endpoint, InvalidRequest, RequestBody};
use super::valid::{anonymous, display_name, sign_up};
use crate::domain::uuid;
use crate::values::{remove_at, set_at};

/// One kind of invalid request: the rule it breaks and how to make it.
pub struct Case {
    /// The rule every request of this case breaks.
    pub rule: String,
    /// The requests.
    pub strategy: BoxedStrategy<InvalidRequest>,
}

/// How a value is described: secrets by length only, others in full when short.
fn describe(at: &str, v: &Value) -> String {
    match v {
        Value::String(s) if at.ends_with("password") => {
            format!("a string of {} characters", s.chars().count())
        }
        Value::String(s) if s.chars().count() > 24 => {
            format!("a string of {} characters", s.chars().count())
        }
        other => other.to_string(),
    }
}

fn json_case(
    endpoint: Endpoint,
    rule: String,
    base: BoxedStrategy<Value>,
    bad: BoxedStrategy<Value>,
    edit: impl Fn(&mut Value, Value) -> String + 'static,
) -> Case {
    let tag = rule.clone();
    let strategy = (base, bad)
        .prop_map(move |(mut body, bad)| {
            let description = edit(&mut body, bad);
            InvalidRequest {
                endpoint,
                rule: tag.clone(),
                description,
                body: RequestBody::Json(body),
            }
        })
        .boxed();
    Case { rule, strategy }
}

/// The field at `at` set to a value from `bad`, breaking `keyword` there.
fn set(
    endpoint: Endpoint,
    base: &BoxedStrategy<Value>,
    at: &'static str,
    keyword: &str,
    bad: BoxedStrategy<Value>,
) -> Case {
    json_case(
        endpoint,
        rule_id(endpoint, at, keyword),
        base.clone(),
        bad,
        move |body, v| {
            let d = format!("`{at}` is {}", describe(at, &v));
            set_at(body, at, v);
            d
        },
    )
}

fn missing(endpoint: Endpoint, base: &BoxedStrategy<Value>, at: &'static str) -> Case {
    json_case(
        endpoint,
        rule_id(endpoint, at, "required"),
        base.clone(),
        Just(Value::Null).boxed(),
        move |body, _| {
            remove_at(body, at);
            format!("required `{at}` missing")
        },
    )
}

fn extra(
    endpoint: Endpoint,
    base: &BoxedStrategy<Value>,
    object: &'static str,
    keys: &'static [&'static str],
) -> Case {
    let bad = prop::sample::select(keys).prop_map(|k| json!(k)).boxed();
    json_case(
        endpoint,
        rule_id(endpoint, object, "additionalProperties"),
        base.clone(),
        bad,
        move |body, key| {
            let key = key.as_str().unwrap_or("x-extra").to_owned();
            let at = pointer::join(object, &key);
            set_at(body, &at, json!("x"));
            format!("unknown key `{at}`")
        },
    )
}

fn strings(values: &'static [&'static str]) -> BoxedStrategy<Value> {
    prop::sample::select(values).prop_map(|s| json!(s)).boxed()
}

fn wrong_types(values: Vec<Value>) -> BoxedStrategy<Value> {
    prop::sample::select(values).boxed()
}

const MALFORMED_EMAILS: &[&str] = &[
    "plainaddress",
    "jane@",
    "@example.com",
    "jane doe@example.com",
    "jane@@example.com",
    "jane@example..com",
    "",
];
/// Characters a display name may not hold (none is a letter, digit, symbol, space or `,.'-`).
const FORBIDDEN_NAME_CHARS: &[char] = &[
    '!', '@', '#', '_', '"', '?', '\t', '\n', '(', ')', '*', '/', ':', ';', '\\', '[', ']', '{',
    '}', '&', '%', '\u{0}',
];
const MALFORMED_JSON: &[&str] = &[
    "{",
    "{\"email\": }",
    "{'email': 'a@example.com'}",
    "{\"email\":\"a@example.com\",}",
    "NaN",
    "[1,]",
    "{\"a\" \"b\"}",
];
const NOT_JSON_TYPES: &[&str] = &[
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "text/html",
];

fn string_of(
    chars: impl Strategy<Value = char> + Clone + 'static,
    lengths: std::ops::RangeInclusive<usize>,
) -> BoxedStrategy<Value> {
    lengths
        .prop_flat_map(move |n| proptest::collection::vec(chars.clone(), n))
        .prop_map(|cs| json!(cs.into_iter().collect::<String>()))
        .boxed()
}

/// Lengths past the longest that any documented version allows at `path` (up to twice it).
fn too_long(endpoint: Endpoint, path: &str) -> std::ops::RangeInclusive<usize> {
    let max = lengths(endpoint, path).1.max.unwrap_or(0);
    max + 1..=(2 * max).max(max + 1)
}

/// Lengths under the shortest that any documented version allows at `path`.
fn too_short(endpoint: Endpoint, path: &str) -> std::ops::RangeInclusive<usize> {
    0..=lengths(endpoint, path).1.min.saturating_sub(1)
}

fn long_password(endpoint: Endpoint) -> BoxedStrategy<Value> {
    string_of(
        prop_oneof![4 => proptest::char::range('!', '~'), 1 => Just('é'), 1 => Just('😀')],
        too_long(endpoint, "/password"),
    )
}

fn short_password(endpoint: Endpoint) -> BoxedStrategy<Value> {
    string_of(
        prop_oneof![proptest::char::range('a', 'z'), Just('😀')],
        too_short(endpoint, "/password"),
    )
}

fn long_display_name() -> BoxedStrategy<Value> {
    (
        proptest::collection::vec(display_name(), 2..=6),
        too_long(Endpoint::SignUp, "/options/displayName"),
    )
        .prop_map(|(names, n)| {
            let joined = names.join(" ");
            let mut s: String = joined.chars().cycle().take(n).collect();
            if s.ends_with(' ') {
                s.pop();
                s.push('x');
            }
            json!(s)
        })
        .boxed()
}

fn forbidden_display_name() -> BoxedStrategy<Value> {
    (
        display_name(),
        prop::sample::select(FORBIDDEN_NAME_CHARS),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(name, bad, at)| {
            let mut chars: Vec<char> = name.chars().take(31).collect();
            let i = at.index(chars.len() + 1);
            chars.insert(i, bad);
            json!(chars.into_iter().collect::<String>())
        })
        .boxed()
}

fn body_cases(endpoint: Endpoint, base: &BoxedStrategy<Value>) -> Vec<Case> {
    let malformed = (
        base.clone(),
        any::<prop::sample::Index>(),
        proptest::option::of(prop::sample::select(MALFORMED_JSON)),
    )
        .prop_map(move |(body, cut, fixed)| {
            let text = body.to_string();
            let bytes = match fixed {
                Some(f) => f.as_bytes().to_vec(),
                // A proper prefix of a JSON object is never JSON: its closing brace is last.
                None => text.as_bytes()[..1 + cut.index(text.len() - 1)].to_vec(),
            };
            InvalidRequest {
                endpoint,
                rule: format!("{}:body.json", endpoint.name()),
                description: format!("malformed JSON ({} bytes)", bytes.len()),
                body: RequestBody::Raw {
                    content_type: "application/json".into(),
                    bytes,
                },
            }
        })
        .boxed();
    let wrong_type = (base.clone(), prop::sample::select(NOT_JSON_TYPES))
        .prop_map(move |(body, content_type)| InvalidRequest {
            endpoint,
            rule: format!("{}:body.contentType", endpoint.name()),
            description: format!("a JSON body sent as `{content_type}`"),
            body: RequestBody::Raw {
                content_type: content_type.into(),
                bytes: body.to_string().into_bytes(),
            },
        })
        .boxed();
    vec![
        Case {
            rule: format!("{}:body.json", endpoint.name()),
            strategy: malformed,
        },
        Case {
            rule: format!("{}:body.contentType", endpoint.name()),
            strategy: wrong_type,
        },
    ]
}

fn sign_up_cases(namespace: &str) -> Vec<Case> {
    let e = Endpoint::SignUp;
    let base = sign_up(namespace).prop_map(|r| r.to_json()).boxed();
    // Bases whose options hold no roles, so that a role change breaks one rule only.
    let no_roles = base
        .clone()
        .prop_map(|mut b| {
            remove_at(&mut b, "/options/allowedRoles");
            remove_at(&mut b, "/options/defaultRole");
            b
        })
        .boxed();
    let not_string = || {
        wrong_types(vec![
            json!(5),
            json!(true),
            Value::Null,
            json!([]),
            json!({}),
        ])
    };
    let roles_pair = prop::sample::select(vec![("user", "me"), ("me", "user")]);
    let mut cases = vec![
        set(e, &base, "/password", "minLength", short_password(e)),
        set(e, &base, "/password", "maxLength", long_password(e)),
        set(e, &base, "/email", "format", strings(MALFORMED_EMAILS)),
        missing(e, &base, "/email"),
        missing(e, &base, "/password"),
        set(e, &base, "/email", "type", not_string()),
        set(e, &base, "/password", "type", not_string()),
        set(
            e,
            &base,
            "/options",
            "type",
            wrong_types(vec![json!("options"), json!(5), json!([]), Value::Null]),
        ),
        extra(e, &base, "", &["x-extra", "role", "rememberMe"]),
        extra(
            e,
            &base,
            "/options",
            &["role", "x-extra", "allowedroles", "display_name"],
        ),
        set(
            e,
            &base,
            "/options/displayName",
            "maxLength",
            long_display_name(),
        ),
        set(
            e,
            &base,
            "/options/displayName",
            "pattern",
            forbidden_display_name(),
        ),
        set(
            e,
            &base,
            "/options/displayName",
            "type",
            wrong_types(vec![json!(5), Value::Null, json!([])]),
        ),
        set(
            e,
            &base,
            "/options/locale",
            "maxLength",
            strings(&["en-US", "english", "engl", "zh-Hant"]),
        ),
        set(
            e,
            &base,
            "/options/locale",
            "minLength",
            strings(&["e", ""]),
        ),
        set(
            e,
            &base,
            "/options/locale",
            "type",
            wrong_types(vec![json!(1), json!(["en"]), Value::Null]),
        ),
        set(
            e,
            &base,
            "/options/metadata",
            "type",
            wrong_types(vec![json!("meta"), json!(5), json!([1, 2]), json!(true)]),
        ),
        set(
            e,
            &base,
            "/options/redirectTo",
            "format",
            strings(&["not a url", "//no-scheme.example/x", "http://exa mple.com"]),
        ),
        set(
            e,
            &no_roles,
            "/options/allowedRoles",
            "type",
            wrong_types(vec![json!("user"), json!(5), json!({"user": true})]),
        ),
        set(
            e,
            &no_roles,
            "/options/defaultRole",
            "type",
            wrong_types(vec![json!(5), json!(["user"]), Value::Null]),
        ),
        json_case(
            e,
            rule_id(e, "/options/allowedRoles/0", "type"),
            no_roles.clone(),
            wrong_types(vec![json!(1), Value::Null, json!(["user"])]),
            |body, v| {
                let d = format!("`/options/allowedRoles` holds {v}");
                set_at(body, "/options/allowedRoles", json!(["user", v]));
                d
            },
        ),
        json_case(
            e,
            "signup:options.defaultRole.inAllowedRoles".into(),
            no_roles.clone(),
            roles_pair.prop_map(|(a, d)| json!([a, d])).boxed(),
            |body, pair| {
                let (allowed, default) = (pair[0].clone(), pair[1].clone());
                let d = format!("defaultRole {default} outside allowedRoles [{allowed}]");
                set_at(body, "/options/allowedRoles", json!([allowed]));
                set_at(body, "/options/defaultRole", default);
                d
            },
        ),
        json_case(
            e,
            "signup:options.allowedRoles[].allowedByServer".into(),
            no_roles,
            strings(&["admin", "superuser", "editor", "anonymous"]),
            |body, role| {
                let d =
                    format!("allowedRoles asks for {role}, which a default server does not allow");
                set_at(
                    body,
                    "/options/allowedRoles",
                    json!([SERVER_DEFAULT_ROLES[0], role]),
                );
                set_at(body, "/options/defaultRole", json!(SERVER_DEFAULT_ROLES[0]));
                d
            },
        ),
    ];
    cases.extend(body_cases(e, &base));
    cases
}

fn sign_in_cases(namespace: &str) -> Vec<Case> {
    let e = Endpoint::SignIn;
    let base = sign_up(namespace)
        .prop_map(|r| r.sign_in().to_json())
        .boxed();
    let not_string = || wrong_types(vec![json!(5), json!(false), Value::Null, json!(["x"])]);
    let mut cases = vec![
        extra(e, &base, "", &["x-extra", "options", "remember"]),
        set(e, &base, "/email", "format", strings(MALFORMED_EMAILS)),
        missing(e, &base, "/email"),
        missing(e, &base, "/password"),
        set(e, &base, "/email", "type", not_string()),
        set(e, &base, "/password", "type", not_string()),
        set(e, &base, "/password", "minLength", short_password(e)),
        set(e, &base, "/password", "maxLength", long_password(e)),
    ];
    cases.extend(body_cases(e, &base));
    cases
}

fn anonymous_cases() -> Vec<Case> {
    let e = Endpoint::Anonymous;
    let base = anonymous().prop_map(|r| r.to_json()).boxed();
    let mut cases = vec![
        extra(e, &base, "", &["x-extra", "email", "options"]),
        set(
            e,
            &base,
            "/displayName",
            "type",
            wrong_types(vec![json!(5), Value::Null, json!({})]),
        ),
        set(
            e,
            &base,
            "/locale",
            "maxLength",
            strings(&["en-US", "english"]),
        ),
        set(e, &base, "/locale", "minLength", strings(&["e", ""])),
        set(
            e,
            &base,
            "/locale",
            "type",
            wrong_types(vec![json!(1), Value::Null]),
        ),
        set(
            e,
            &base,
            "/metadata",
            "type",
            wrong_types(vec![json!("meta"), json!([1]), json!(2)]),
        ),
    ];
    cases.extend(body_cases(e, &base));
    cases
}

fn refresh_cases() -> Vec<Case> {
    let e = Endpoint::Refresh;
    let base = uuid().prop_map(|t| json!({"refreshToken": t})).boxed();
    let mut cases = vec![
        extra(e, &base, "", &["x-extra", "accessToken"]),
        missing(e, &base, "/refreshToken"),
        set(
            e,
            &base,
            "/refreshToken",
            "format",
            strings(&["not-a-uuid", "1234", "1fb17604-86c7-444e-b337-09a644465f2g"]),
        ),
        set(
            e,
            &base,
            "/refreshToken",
            "type",
            wrong_types(vec![json!(5), Value::Null, json!(["x"]), json!({})]),
        ),
    ];
    cases.extend(body_cases(e, &base));
    cases
}

fn sign_out_cases() -> Vec<Case> {
    let e = Endpoint::SignOut;
    let base = (uuid(), any::<bool>())
        .prop_map(|(t, with_all)| {
            if with_all {
                json!({"refreshToken": t, "all": false})
            } else {
                json!({"refreshToken": t})
            }
        })
        .boxed();
    let mut cases = vec![
        set(
            e,
            &base,
            "/refreshToken",
            "type",
            wrong_types(vec![json!(5), Value::Null, json!([])]),
        ),
        set(
            e,
            &base,
            "/all",
            "type",
            wrong_types(vec![json!("true"), json!(1), Value::Null]),
        ),
    ];
    cases.extend(body_cases(e, &base));
    cases
}

/// Every kind of invalid request, for every endpoint, with the rule it breaks.
pub fn cases(namespace: &str) -> Vec<Case> {
    let mut all = sign_up_cases(namespace);
    all.extend(sign_in_cases(namespace));
    all.extend(anonymous_cases());
    all.extend(refresh_cases());
    all.extend(sign_out_cases());
    all
}

/// Every request rule [`invalid_request`] breaks, in case order.
pub fn rules() -> Vec<String> {
    cases("ns").into_iter().map(|c| c.rule).collect()
}

/// Invalid requests for all endpoints, each kind equally likely; each breaks exactly its tagged
/// rule ([`super::still_breaks_rule`] holds).
pub fn invalid_request(namespace: &str) -> BoxedStrategy<InvalidRequest> {
    Union::new(cases(namespace).into_iter().map(|c| c.strategy)).boxed()
}
