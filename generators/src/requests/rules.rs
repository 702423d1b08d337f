//! Request rules: ids, and which rules a request body breaks. The main item is [`rules_broken`].

use std::collections::BTreeSet;

use serde_json::Value;

use contract::{pointer, Contract};

use super::types::{Endpoint, InvalidRequest, RequestBody};
use super::valid::SERVER_DEFAULT_ROLES;

/// The rule id for `keyword` at the field `path` (JSON pointer) of `endpoint`'s body:
/// `signup:options.locale.maxLength`; array indices become `[]`; the body itself has no path
/// (`signup:additionalProperties`).
pub fn rule_id(endpoint: Endpoint, path: &str, keyword: &str) -> String {
    let mut dotted = String::new();
    for token in pointer::tokens(path) {
        if token.parse::<usize>().is_ok() {
            dotted.push_str("[]");
        } else {
            if !dotted.is_empty() {
                dotted.push('.');
            }
            dotted.push_str(&token);
        }
    }
    if dotted.is_empty() {
        format!("{}:{keyword}", endpoint.name())
    } else {
        format!("{}:{dotted}.{keyword}", endpoint.name())
    }
}

/// Whether `content_type` announces JSON (`application/json`, any parameters).
pub fn is_json_content_type(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// The rules `body` breaks at `endpoint`: body rules (`body.json`, `body.contentType`), the
/// request schema's rules (a missing required key is reported at the key:
/// `signup:password.required`), and the sign-up rules a default server adds (roles outside
/// `["user", "me"]`, a default role outside the allowed roles).
pub fn rules_broken(endpoint: Endpoint, body: &RequestBody) -> BTreeSet<String> {
    match body {
        RequestBody::Json(value) => json_rules(endpoint, value),
        RequestBody::Raw {
            content_type,
            bytes,
        } => {
            let mut out = BTreeSet::new();
            if !is_json_content_type(content_type) {
                out.insert(format!("{}:body.contentType", endpoint.name()));
            }
            match serde_json::from_slice::<Value>(bytes) {
                Ok(value) => out.extend(json_rules(endpoint, &value)),
                Err(_) => {
                    out.insert(format!("{}:body.json", endpoint.name()));
                }
            }
            out
        }
    }
}

fn json_rules(endpoint: Endpoint, value: &Value) -> BTreeSet<String> {
    let contract = Contract::request(endpoint.kind());
    let mut out = BTreeSet::new();
    for v in contract.violations(value) {
        if v.keyword == "required" {
            let names = contract
                .rule(&v.rule)
                .and_then(|r| r.value.as_array().cloned())
                .unwrap_or_default();
            let object = value.pointer(&v.instance_pointer);
            for name in names.iter().filter_map(Value::as_str) {
                if object.and_then(|o| o.get(name)).is_none() {
                    out.insert(rule_id(
                        endpoint,
                        &pointer::join(&v.instance_pointer, name),
                        "required",
                    ));
                }
            }
        } else {
            out.insert(rule_id(endpoint, &v.instance_pointer, &v.keyword));
        }
    }
    if endpoint == Endpoint::SignUp {
        out.extend(server_rules(value));
    }
    out
}

/// The sign-up rules of a default server that the schema cannot say.
fn server_rules(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(options) = value.get("options").and_then(Value::as_object) else {
        return out;
    };
    let roles: Option<Vec<&str>> = options
        .get("allowedRoles")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect());
    if roles
        .as_ref()
        .is_some_and(|r| r.iter().any(|role| !SERVER_DEFAULT_ROLES.contains(role)))
    {
        out.push("signup:options.allowedRoles[].allowedByServer".to_owned());
    }
    let allowed = roles.unwrap_or(SERVER_DEFAULT_ROLES.to_vec());
    if let Some(default) = options.get("defaultRole").and_then(Value::as_str) {
        if !allowed.contains(&default) {
            out.push("signup:options.defaultRole.inAllowedRoles".to_owned());
        }
    }
    out
}

/// Whether `req` (after shrinking, say) still breaks its rule and nothing else.
pub fn still_breaks_rule(req: &InvalidRequest) -> bool {
    let broken = rules_broken(req.endpoint, &req.body);
    broken.len() == 1 && broken.contains(&req.rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_dotted_paths_with_keywords() {
        assert_eq!(
            rule_id(Endpoint::SignUp, "/password", "maxLength"),
            "signup:password.maxLength"
        );
        assert_eq!(
            rule_id(Endpoint::SignUp, "/options/allowedRoles/0", "type"),
            "signup:options.allowedRoles[].type"
        );
        assert_eq!(
            rule_id(Endpoint::SignIn, "", "additionalProperties"),
            "signin:additionalProperties"
        );
    }

    #[test]
    fn broken_rules_of_bodies() {
        let body = |v| RequestBody::Json(v);
        let ok = json!({"email": "a@example.com", "password": "secret"});
        assert!(rules_broken(Endpoint::SignUp, &body(ok.clone())).is_empty());
        let set = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(
            rules_broken(Endpoint::SignUp, &body(json!({"email": "a@example.com"}))),
            set(&["signup:password.required"])
        );
        assert_eq!(
            rules_broken(
                Endpoint::SignUp,
                &body(
                    json!({"email": "a@example.com", "password": "secret", "options": {"allowedRoles": ["me"], "defaultRole": "user"}})
                )
            ),
            set(&["signup:options.defaultRole.inAllowedRoles"])
        );
        let raw = RequestBody::Raw {
            content_type: "text/plain".into(),
            bytes: ok.to_string().into_bytes(),
        };
        assert_eq!(
            rules_broken(Endpoint::SignUp, &raw),
            set(&["signup:body.contentType"])
        );
        let raw = RequestBody::Raw {
            content_type: "application/json; charset=utf-8".into(),
            bytes: b"{\"email\":".to_vec(),
        };
        assert_eq!(
            rules_broken(Endpoint::SignUp, &raw),
            set(&["signup:body.json"])
        );
    }
}
