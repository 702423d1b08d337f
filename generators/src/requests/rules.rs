//! Request rules: ids, which rules a request body breaks in each documented service version, and
//! whether a body is allowed in every version, in none, or only in some. The main items are
//! [`rules_broken`] and [`admission`]. The rules themselves are the contract's table
//! ([`contract::requests`]).

use std::collections::BTreeSet;

use serde_json::Value;

use contract::requests::{self, Chars, FieldType, Keys};
use contract::{pointer, Contract, ServiceVersion};

use super::types::{Endpoint, InvalidRequest, RequestBody};

/// The roles a default server lets a sign-up ask for.
pub const SERVER_DEFAULT_ROLES: [&str; 2] = ["user", "me"];

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

/// The lengths in characters the documented versions allow at `path` of `endpoint`'s body, as
/// `(every, some)`: what every version allows, and what at least one does (no limit for a field
/// the table does not have).
pub fn lengths(endpoint: Endpoint, path: &str) -> (Chars, Chars) {
    let Some(field) = requests::body(endpoint.kind()).field(path) else {
        return (Chars::ANY, Chars::ANY);
    };
    let all = ServiceVersion::ALL.map(|v| field.chars.get(v));
    let maxes = || all.iter().map(|c| c.max);
    let every = Chars {
        min: all.iter().map(|c| c.min).max().unwrap_or(0),
        max: maxes().flatten().min(),
    };
    let some = Chars {
        min: all.iter().map(|c| c.min).min().unwrap_or(0),
        max: if maxes().any(|m| m.is_none()) {
            None
        } else {
            maxes().flatten().max()
        },
    };
    (every, some)
}

/// What the documented service versions say of a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Every version allows it: a 2xx or a documented 4xx, never a 5xx.
    Allowed,
    /// Every version refuses it: a 4xx.
    Refused,
    /// Some versions allow it and others refuse it (a 3-character locale): either answer
    /// conforms, and which one the target gave is an observation.
    VersionDependent {
        /// The versions that allow it.
        allowed_in: Vec<ServiceVersion>,
    },
}

impl Admission {
    /// `allowed`, `refused`, or `allowed only in v0.42`.
    pub fn describe(&self) -> String {
        match self {
            Admission::Allowed => "allowed".to_owned(),
            Admission::Refused => "refused".to_owned(),
            Admission::VersionDependent { allowed_in } => {
                let names: Vec<&str> = allowed_in.iter().map(|v| v.name()).collect();
                format!("allowed only in {}", names.join(", "))
            }
        }
    }
}

/// What every documented version says of `body` at `endpoint`.
pub fn admission(endpoint: Endpoint, body: &RequestBody) -> Admission {
    let allowed_in: Vec<ServiceVersion> = ServiceVersion::ALL
        .into_iter()
        .filter(|v| rules_broken_in(endpoint, *v, body).is_empty())
        .collect();
    if allowed_in.is_empty() {
        Admission::Refused
    } else if allowed_in.len() == ServiceVersion::ALL.len() {
        Admission::Allowed
    } else {
        Admission::VersionDependent { allowed_in }
    }
}

/// The rules `body` breaks at `endpoint` in any documented version (see [`rules_broken_in`]).
pub fn rules_broken(endpoint: Endpoint, body: &RequestBody) -> BTreeSet<String> {
    ServiceVersion::ALL
        .into_iter()
        .flat_map(|v| rules_broken_in(endpoint, v, body))
        .collect()
}

/// The rules `body` breaks at `endpoint` as `version` documents them: body rules (`body.json`,
/// `body.contentType`), the request schema's rules (a missing required key is reported at the
/// key: `signup:password.required`), and the sign-up rules a default server adds (roles outside
/// `["user", "me"]`, a default role outside the allowed roles).
pub fn rules_broken_in(
    endpoint: Endpoint,
    version: ServiceVersion,
    body: &RequestBody,
) -> BTreeSet<String> {
    match body {
        RequestBody::Json(value) => json_rules(endpoint, version, value),
        RequestBody::Raw {
            content_type,
            bytes,
        } => {
            let mut out = BTreeSet::new();
            if !is_json_content_type(content_type) {
                out.insert(format!("{}:body.contentType", endpoint.name()));
            }
            match serde_json::from_slice::<Value>(bytes) {
                Ok(value) => out.extend(json_rules(endpoint, version, &value)),
                Err(_) => {
                    out.insert(format!("{}:body.json", endpoint.name()));
                }
            }
            out
        }
    }
}

fn json_rules(endpoint: Endpoint, version: ServiceVersion, value: &Value) -> BTreeSet<String> {
    let contract = Contract::request_for(endpoint.kind(), version);
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

/// Where the rules that are not in the rules table come from.
const BODY_SOURCE: &str = "nhost-auth-contract.md § Error body: a request that fails the request schema (malformed JSON, …) is answered 400";
const ROLES_SOURCE: &str = "nhost-auth-contract.md § Semantics: a role outside the allowed set → 400 role-not-allowed; a defaultRole outside allowedRoles → 400 default-role-must-be-in-allowed-roles";

/// Where the request rule `rule` comes from: the citation of the rules table's row (or of the
/// contract page section) that states it, or `None` for an id that is no request rule. Every
/// rule the harness enforces on requests has one (tested).
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
    let (path, keyword) = rest.rsplit_once('.').unwrap_or(("", rest));
    let body = requests::body(endpoint.kind());
    let dotted = |p: &str| p.trim_start_matches('/').replace('/', ".");
    if keyword == "additionalProperties" {
        return body
            .objects()
            .into_iter()
            .find(|(at, keys, _)| dotted(at) == path && *keys == Keys::Closed)
            .map(|(_, _, source)| source.to_owned());
    }
    let (path, items) = match path.strip_suffix("[]") {
        Some(p) => (p, true),
        None => (path, false),
    };
    let field = body.fields.iter().find(|f| f.name() == path)?;
    let chars = ServiceVersion::ALL.map(|v| field.chars.get(v));
    let states = match keyword {
        "type" => !items || field.ty == FieldType::StringArray,
        "required" => field.required,
        "minLength" => chars.iter().any(|c| c.min > 0),
        "maxLength" => chars.iter().any(|c| c.max.is_some()),
        "format" => field.format.is_some(),
        "pattern" => field.pattern.is_some(),
        _ => false,
    };
    (states && (!items || keyword == "type")).then(|| field.source.to_owned())
}

/// Whether `req` (after shrinking, say) still breaks its rule and nothing else, in every
/// documented version.
pub fn still_breaks_rule(req: &InvalidRequest) -> bool {
    ServiceVersion::ALL.into_iter().all(|v| {
        let broken = rules_broken_in(req.endpoint, v, &req.body);
        broken.len() == 1 && broken.contains(&req.rule)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_three_character_locale_is_version_dependent() {
        let body = |locale: &str| {
            RequestBody::Json(
                json!({"email": "a@example.com", "password": "secret", "options": {"locale": locale}}),
            )
        };
        assert_eq!(admission(Endpoint::SignUp, &body("fr")), Admission::Allowed);
        assert_eq!(
            admission(Endpoint::SignUp, &body("fil")),
            Admission::VersionDependent {
                allowed_in: vec![ServiceVersion::Newer]
            }
        );
        assert_eq!(
            admission(Endpoint::SignUp, &body("fili")),
            Admission::Refused
        );
        let unknown = RequestBody::Json(
            json!({"refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d", "x": 1}),
        );
        assert_eq!(admission(Endpoint::Refresh, &unknown), Admission::Refused);
        assert_eq!(admission(Endpoint::SignOut, &unknown), Admission::Allowed);
        let all_null = RequestBody::Json(json!({"all": null}));
        assert_eq!(admission(Endpoint::SignOut, &all_null), Admission::Refused);
    }

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
        assert!(rule_source("signin:additionalProperties")
            .is_some_and(|s| s.contains("which are closed")));
        assert!(rule_source("signup:options.locale.maxLength")
            .is_some_and(|s| s.contains("exactly 2 characters in v0.42")));
        assert_eq!(rule_source("signout:additionalProperties"), None);
        assert_eq!(rule_source("signin:password.pattern"), None);
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
        assert_eq!(
            rules_broken(
                Endpoint::SignIn,
                &body(json!({"email": "a@example.com", "password": "secret", "x": 1}))
            ),
            set(&["signin:additionalProperties"])
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
