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

/// Where the rules that are not keywords of a request schema come from.
const BODY_SOURCE: &str = "../shared/nhost-auth-contract.md 'Error body': a request that fails the request schema (malformed JSON, …) is answered 400";
const ROLES_SOURCE: &str = "../shared/nhost-auth-contract.md 'Semantics': a role outside the allowed set → 400 role-not-allowed; a defaultRole outside allowedRoles → 400 default-role-must-be-in-allowed-roles";

/// The instance path a schema location constrains: `/properties/options/properties/locale` is
/// `/options/locale`, `/properties/allowedRoles/items` is `/allowedRoles/0`.
fn instance_path(schema_pointer: &str) -> Option<String> {
    let mut out = String::new();
    let mut tokens = pointer::tokens(schema_pointer).into_iter();
    while let Some(t) = tokens.next() {
        match t.as_str() {
            "properties" => {
                let name = tokens.next()?;
                out = pointer::join(&out, &name);
            }
            "items" => out = pointer::join(&out, "0"),
            _ => return None,
        }
    }
    Some(out)
}

/// The nearest `$comment` at or above `schema_pointer`: the citation of a schema's rule.
fn comment_above(contract: &Contract, schema_pointer: &str) -> Option<String> {
    let mut at = schema_pointer.to_owned();
    loop {
        if let Some(c) = contract
            .subschema(&at)
            .and_then(|s| s.get("$comment"))
            .and_then(Value::as_str)
        {
            return Some(c.to_owned());
        }
        let (parent, _) = at.rsplit_once('/')?;
        at = parent.to_owned();
    }
}

/// Where the request rule `rule` comes from: the contract page section (or published schema)
/// it cites, or `None` for an id that is no request rule. Every rule the harness enforces on
/// requests has one (tested).
pub fn rule_source(rule: &str) -> Option<String> {
    let (endpoint, rest) = rule.split_once(':')?;
    let endpoint = Endpoint::ALL.into_iter().find(|e| e.name() == endpoint)?;
    if rest == "body.json" || rest == "body.contentType" {
        return Some(BODY_SOURCE.to_owned());
    }
    if rule == "signup:options.allowedRoles[].allowedByServer"
        || rule == "signup:options.defaultRole.inAllowedRoles"
    {
        return Some(ROLES_SOURCE.to_owned());
    }
    let contract = Contract::request(endpoint.kind());
    for r in contract.rules() {
        let Some(path) = instance_path(&r.schema_pointer) else {
            continue;
        };
        let ids: Vec<String> = if r.keyword == "required" {
            r.value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|name| rule_id(endpoint, &pointer::join(&path, name), "required"))
                .collect()
        } else {
            vec![rule_id(endpoint, &path, &r.keyword)]
        };
        if ids.iter().any(|id| id == rule) {
            return comment_above(&contract, &r.schema_pointer);
        }
    }
    None
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
    fn every_request_rule_cites_the_contract_page() {
        for rule in crate::requests::rules() {
            let source = rule_source(&rule).unwrap_or_else(|| panic!("{rule} has no source"));
            assert!(
                source.contains("nhost-auth-contract.md"),
                "{rule}: {source}"
            );
        }
        assert!(rule_source("signup:options.additionalProperties")
            .is_some_and(|s| s.contains("no other keys allowed")));
        assert_eq!(rule_source("signout:additionalProperties"), None);
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
