//! The request rules, checked: a body is validated against the request schema that the
//! contract's rules table ([`contract::requests`]) states for the profile's service version
//! (closed bodies, types, `null`, lengths in characters, formats, patterns). The main item is
//! [`check`].

use contract::requests::RequestKind;
use contract::{Contract, ServiceVersion};
use serde_json::{Map, Value};

use crate::errors::ApiError;
use crate::faults::{Fault, FaultSet};

/// Checks `body` against `kind`'s request rules in `version`; the first broken rule is answered
/// 400 `invalid-request`, naming the field and the rule, never the value.
///
/// Two faults bend the rules here, in one place each: [`Fault::UnknownFieldsAccepted`] ignores
/// unknown keys, and [`Fault::SignoutAllNullAccepted`] takes a sign-out `"all": null` as absent
/// (as a Go `*bool` decodes it), removing it from `body`.
pub(crate) fn check(
    kind: RequestKind,
    version: ServiceVersion,
    body: &mut Map<String, Value>,
    faults: &FaultSet,
) -> Result<(), ApiError> {
    if kind == RequestKind::SignOut
        && faults.contains(Fault::SignoutAllNullAccepted)
        && body.get("all") == Some(&Value::Null)
    {
        body.remove("all");
    }
    let contract = Contract::request_for(kind, version);
    let document = Value::Object(std::mem::take(body));
    let outcome = first_broken(kind, &contract, &document, faults);
    if let Value::Object(map) = document {
        *body = map;
    }
    match outcome {
        None => Ok(()),
        Some(message) => Err(ApiError::invalid_request(message)),
    }
}

/// The first rule `document` breaks, described by field and rule.
fn first_broken(
    kind: RequestKind,
    contract: &Contract,
    document: &Value,
    faults: &FaultSet,
) -> Option<String> {
    if contract.is_valid(document) {
        return None;
    }
    contract
        .violations(document)
        .into_iter()
        .filter(|v| {
            !(v.keyword == "additionalProperties" && faults.contains(Fault::UnknownFieldsAccepted))
        })
        .filter(|v| !left_to_the_server(kind, v))
        .map(|v| {
            let at = v.instance_pointer.trim_start_matches('/').replace('/', ".");
            match v.keyword.as_str() {
                "additionalProperties" => {
                    let object = if at.is_empty() {
                        "the body".to_owned()
                    } else {
                        format!("`{at}`")
                    };
                    format!("{object} has an unknown field")
                }
                "required" if at.is_empty() => "a required field is missing".to_owned(),
                "required" => format!("`{at}` lacks a required field"),
                keyword => format!("`{at}` breaks `{keyword}`"),
            }
        })
        .next()
}

/// The rules the server checks itself, with its own answer or validator: a sign-up password
/// under the minimum is refused by the handler with the code the contract page gives it (400
/// `password-too-short`; the minimum is configurable), and an email's format by the server's
/// own validator (`super::fields::is_valid_email`, which takes an upper-case IDN label such as
/// `XN--BCHER-KVA`, as DNS does, and refuses everything the request rules call malformed).
fn left_to_the_server(kind: RequestKind, v: &contract::Violation) -> bool {
    match (v.instance_pointer.as_str(), v.keyword.as_str()) {
        ("/password", "minLength") => kind == RequestKind::SignUp,
        ("/email", "format") => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(
        kind: RequestKind,
        version: ServiceVersion,
        body: Value,
        faults: &FaultSet,
    ) -> Result<Value, String> {
        let Value::Object(mut map) = body else {
            panic!("an object");
        };
        check(kind, version, &mut map, faults)
            .map(|()| Value::Object(map))
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn the_table_decides_and_messages_name_no_value() {
        let none = FaultSet::new();
        let sign_up = |locale: &str| json!({"email": "a@example.com", "password": "secret-pw", "options": {"locale": locale}});
        assert!(run(
            RequestKind::SignUp,
            ServiceVersion::Newer,
            sign_up("fil"),
            &none
        )
        .is_ok());
        let refused = run(
            RequestKind::SignUp,
            ServiceVersion::V0_42,
            sign_up("fil"),
            &none,
        )
        .expect_err("v0.42 allows exactly 2 characters");
        assert!(
            refused.contains("`options.locale` breaks `maxLength`"),
            "{refused}"
        );
        assert!(!refused.contains("fil"));
        let unknown = json!({"email": "a@example.com", "password": "secret-pw", "x": 1});
        let refused = run(
            RequestKind::SignIn,
            ServiceVersion::V0_42,
            unknown.clone(),
            &none,
        )
        .expect_err("closed");
        assert!(
            refused.contains("the body has an unknown field"),
            "{refused}"
        );
        let lenient = FaultSet::only(Fault::UnknownFieldsAccepted);
        assert!(run(
            RequestKind::SignIn,
            ServiceVersion::V0_42,
            unknown,
            &lenient
        )
        .is_ok());
        assert!(run(
            RequestKind::SignOut,
            ServiceVersion::V0_42,
            json!({"x": 1}),
            &none
        )
        .is_ok());
    }

    #[test]
    fn sign_out_all_null_is_refused_unless_the_fault_drops_it() {
        let body = json!({"refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d", "all": null});
        let none = FaultSet::new();
        assert!(run(
            RequestKind::SignOut,
            ServiceVersion::Newer,
            body.clone(),
            &none
        )
        .is_err());
        let fault = FaultSet::only(Fault::SignoutAllNullAccepted);
        let kept =
            run(RequestKind::SignOut, ServiceVersion::Newer, body, &fault).expect("accepted");
        assert!(kept.get("all").is_none(), "taken as absent");
    }
}
