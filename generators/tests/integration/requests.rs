//! Valid requests satisfy the request schemas and a default server's rules; invalid ones break
//! exactly their tagged rule, and every request rule is covered.

use std::collections::{BTreeSet, HashSet};

use contract::{Contract, RequestKind};
use generators::requests::{
    self, anonymous, invalid_request, password, rules_broken, sign_up, still_breaks_rule, Endpoint,
    InvalidRequest, RequestBody,
};
use serde_json::Value;

use crate::common::sample;

#[test]
fn sign_ups_are_valid_and_unique() {
    let ups = sample(&sign_up("Run-42/ä"), 700, 300);
    let signup = Contract::request(RequestKind::SignUp);
    let mut emails = HashSet::new();
    for r in &ups {
        let body = r.to_json();
        assert!(signup.is_valid(&body), "{:?}", signup.violations(&body));
        assert!(
            rules_broken(Endpoint::SignUp, &RequestBody::Json(body.clone())).is_empty(),
            "{body}"
        );
        assert!(
            r.email.contains("+run-42."),
            "the namespace is in {}",
            r.email
        );
        assert!(
            emails.insert(r.email.to_lowercase()),
            "duplicate email {}",
            r.email
        );
        assert!(Contract::request(RequestKind::SignIn).is_valid(&r.sign_in().to_json()));
        if let Some(o) = &r.options {
            let allowed = o
                .allowed_roles
                .clone()
                .unwrap_or_else(|| vec!["user".into(), "me".into()]);
            assert!(allowed.iter().all(|role| role == "user" || role == "me"));
            assert!(o
                .default_role
                .as_ref()
                .map_or(allowed.contains(&"user".to_owned()), |d| allowed
                    .contains(d)));
            assert!(o.redirect_to.is_none());
        }
    }
    let names: Vec<&str> = ups
        .iter()
        .filter_map(|r| r.options.as_ref()?.display_name.as_deref())
        .collect();
    assert!(
        names.iter().any(|n| !n.is_ascii()),
        "display names include non-ASCII letters"
    );
    assert!(names
        .iter()
        .all(|n| n.chars().count() <= 32 && n.trim() == *n && !n.is_empty()));
}

#[test]
fn passwords_are_three_to_fifty_characters_of_anything_past_bcrypt_bytes() {
    let ps = sample(&password(), 701, 1000);
    for p in &ps {
        let n = p.chars().count();
        assert!((3..=50).contains(&n), "{n}");
    }
    assert!(ps.iter().any(|p| !p.is_ascii()));
    assert!(
        ps.iter().any(|p| p.len() > requests::PASSWORD_MAX_BYTES),
        "some passwords are longer than bcrypt's 72 bytes"
    );
    assert!(ps.iter().any(|p| p.contains('\0')), "some hold U+0000");
    assert!(
        ps.iter().any(|p| p.chars().count() == 3) && ps.iter().any(|p| p.chars().count() == 50)
    );
}

/// Every string inside `v` (keys included).
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(xs) => xs.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out);
        }),
        _ => {}
    }
}

#[test]
fn live_metadata_carries_everything_json_can() {
    let mut all = Vec::new();
    for m in sample(&requests::metadata(), 704, 600) {
        strings(&m, &mut all);
    }
    assert!(all.iter().any(|s| s.contains('\0')), "U+0000");
    assert!(
        all.iter()
            .any(|s| s.chars().any(|c| c.is_control() && c != '\0')),
        "other controls"
    );
    assert!(all.iter().any(|s| s.chars().any(|c| c.len_utf8() == 4)));
}

#[test]
fn anonymous_requests_are_valid() {
    let c = Contract::request(RequestKind::Anonymous);
    for r in sample(&anonymous(), 702, 300) {
        assert!(c.is_valid(&r.to_json()), "{:?}", c.violations(&r.to_json()));
    }
}

#[test]
fn every_invalid_request_breaks_exactly_its_rule_and_every_rule_is_drawn() {
    let all: BTreeSet<String> = requests::rules().into_iter().collect();
    let mut seen = BTreeSet::new();
    for req in sample(&invalid_request("ns"), 703, 1500) {
        assert!(
            still_breaks_rule(&req),
            "{req:?} breaks {:?}",
            rules_broken(req.endpoint, &req.body)
        );
        assert!(all.contains(&req.rule));
        seen.insert(req.rule.clone());
    }
    let missed: Vec<&String> = all.difference(&seen).collect();
    assert!(missed.is_empty(), "never drawn: {missed:?}");
    for endpoint in Endpoint::ALL {
        assert!(
            all.iter()
                .any(|r| r.starts_with(&format!("{}:", endpoint.name()))),
            "{endpoint:?}"
        );
    }
}

#[test]
fn still_breaks_rule_notices_when_a_request_stops_breaking() {
    let good = sign_up("ns");
    let req = sample(&good, 704, 1).remove(0);
    let fixed = InvalidRequest {
        endpoint: Endpoint::SignUp,
        rule: "signup:password.maxLength".into(),
        description: "shrunk too far".into(),
        body: RequestBody::Json(req.to_json()),
    };
    assert!(!still_breaks_rule(&fixed));
    let mut two = req.to_json();
    two["password"] = Value::from("x".repeat(60));
    two["email"] = Value::from("nope");
    let both = InvalidRequest {
        body: RequestBody::Json(two),
        ..fixed
    };
    assert!(!still_breaks_rule(&both), "two broken rules are not one");
}

#[test]
fn debug_output_redacts_passwords() {
    for r in sample(&sign_up("ns"), 705, 20) {
        assert!(!format!("{r:?}").contains(&r.password));
    }
    for req in sample(&invalid_request("ns"), 706, 200) {
        if let RequestBody::Json(body) = &req.body {
            if let Some(p) = body
                .get("password")
                .and_then(Value::as_str)
                .filter(|p| p.len() > 3)
            {
                assert!(!format!("{req:?}").contains(p), "{req:?}");
            }
        }
    }
}

#[test]
fn same_seed_same_requests() {
    let a: Vec<Value> = sample(&sign_up("ns"), 707, 10)
        .iter()
        .map(|r| r.to_json())
        .collect();
    let b: Vec<Value> = sample(&sign_up("ns"), 707, 10)
        .iter()
        .map(|r| r.to_json())
        .collect();
    assert_eq!(a, b);
}

/// The keys of `body` that sit in an object the rules table closes and that the table does not
/// name there.
fn unknown_keys_in_closed_objects(kind: RequestKind, body: &Value) -> Vec<String> {
    let rules = contract::requests::body(kind);
    let mut out = Vec::new();
    for (object, keys, _) in rules.objects() {
        if keys != contract::requests::Keys::Closed {
            continue;
        }
        let Some(Value::Object(map)) = body.pointer(object) else {
            continue;
        };
        for key in map.keys() {
            let path = format!("{object}/{key}");
            if rules.field(&path).is_none() {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn no_valid_request_expects_acceptance_of_a_body_the_rules_close() {
    let mut bodies: Vec<(Endpoint, Value)> = Vec::new();
    for r in sample(&sign_up("closed"), 710, 400) {
        bodies.push((Endpoint::SignUp, r.to_json()));
        bodies.push((Endpoint::SignIn, r.sign_in().to_json()));
    }
    for r in sample(&anonymous(), 711, 400) {
        bodies.push((Endpoint::Anonymous, r.to_json()));
    }
    for (endpoint, body) in &bodies {
        assert!(
            unknown_keys_in_closed_objects(endpoint.kind(), body).is_empty(),
            "{endpoint:?}: {body}"
        );
        assert_eq!(
            requests::admission(*endpoint, &RequestBody::Json(body.clone())),
            requests::Admission::Allowed,
            "{endpoint:?}: every documented version allows {body}"
        );
    }
    // The boundary phase expects acceptance (or a documented refusal) only of bodies every
    // version allows, and refusal of every unknown key in a closed object.
    for input in requests::boundary_inputs() {
        let unknown = unknown_keys_in_closed_objects(input.endpoint.kind(), &input.body);
        if !unknown.is_empty() {
            assert_eq!(
                input.admission,
                requests::Admission::Refused,
                "{}",
                input.boundary
            );
        }
    }
}
