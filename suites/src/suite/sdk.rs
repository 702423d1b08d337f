//! Suite `sdk`: documents served to the official SDKs by a stub Auth service ([`SdkStage`]).
//!
//! Each property comes once per pinned SDK line (`v4_…`, `v3_…`), so a known deviation of one
//! line can be expected without hiding the other's.
//!
//! - `valid_sessions`: a session the contract allows (every other case a boundary-but-valid
//!   variant of it) comes through the SDK intact, deep-equal, and becomes its current session.
//! - `mutants`: a session broken in exactly one rule, one mutant class (keyword family) per case
//!   at least, is served to the SDK and its reaction classified: rejected with an error, passed
//!   through silently, crashed, or hung. Crashes and hangs fail; a silent pass-through is
//!   recorded as a [`Reaction`] and tabled per rule in the summary (what the SDK does not
//!   protect an app from), never a failure: the SDK's documentation promises no validation.
//!
//! The served access token is a well-formed JWT whose claims agree with the served user, so
//! an SDK that decodes it judges the session, not a placeholder.

use generators::mutate::{family_of, FAMILIES};
use generators::Mutant;
use proptest::prelude::*;
use results::diff::Difference;
use results::{Reaction, ReactionKind};
use serde_json::{json, Value};

use crate::api::Operation;
use crate::check::{Check, Stop};
use crate::env::Env;
use crate::json::{interoperable_diff, interoperable_json};
use crate::property::{always_valid, no_cost, Cases, CheckFn, Need, Prop, Property};
use crate::rules;
use crate::stage::{Seen, Served, ServedBody};

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[
    &V4_VALID_SESSIONS,
    &V4_MUTANTS,
    &V3_VALID_SESSIONS,
    &V3_MUTANTS,
];

/// The key the served access tokens are signed with: SDKs decode tokens, they cannot verify
/// them, so any key will do; a fixed one keeps cases the same for a seed.
const SERVED_TOKEN_KEY: &str = "nhost-conformance-sdk-stage";

/// One valid document to serve.
#[derive(Debug, Clone)]
pub struct ValidServe {
    /// The session.
    pub session: Value,
    /// The boundary variant it is, if it is one.
    pub boundary: Option<String>,
    /// Served as the answer to a refresh (a bare session) instead of a sign-in (`{session}`).
    pub refresh: bool,
}

/// Documents generated for one mutant case, so that the case's class has a place to break.
const DOCUMENTS_PER_CASE: usize = 8;

/// The kinds of valid serve, one per case index modulo 4: a sign-in answer, a refresh answer,
/// then the same two with a boundary-but-valid variant; every run serves each kind.
const VALID_KINDS: usize = 4;

/// Valid sessions as sign-in or refresh answers (odd indices), every other pair a boundary
/// variant.
fn valid_serves(env: &Env, index: usize) -> BoxedStrategy<ValidServe> {
    let contract = env.contract.clone();
    (
        generators::valid_document(&env.contract),
        any::<prop::sample::Index>(),
    )
        .prop_map(move |(doc, pick)| {
            let (session, boundary) = if (index / 2) % 2 == 1 {
                // The access token is minted afresh below, so its variants would not reach
                // the SDK.
                let variants: Vec<(String, Value)> = generators::boundary_variants(&contract, &doc)
                    .into_iter()
                    .filter(|(label, _)| !label.contains("/accessToken`"))
                    .collect();
                if variants.is_empty() {
                    (doc, None)
                } else {
                    let (label, variant) = variants[pick.index(variants.len())].clone();
                    (variant, Some(label))
                }
            } else {
                (doc, None)
            };
            ValidServe {
                session: with_consistent_token(session),
                boundary,
                refresh: index % 2 == 1,
            }
        })
        .boxed()
}

fn show_valid(v: &ValidServe) -> Value {
    json!({"session": v.session, "boundary": v.boundary, "served_as": if v.refresh { "refresh" } else { "sign_in" }})
}

/// Every kind of valid serve in every run.
const VALID_CASES: Cases = Cases::AtLeast(|| VALID_KINDS);

/// A property of this suite: each needs the stage, and every input it draws is meaningful.
const fn sdk_prop<I>(
    name: &'static str,
    description: &'static str,
    cases: Cases,
    strategy: fn(&Env, usize) -> BoxedStrategy<I>,
    show: fn(&I) -> Value,
    check: CheckFn<I>,
) -> Prop<I> {
    Prop {
        suite: "sdk",
        name,
        description,
        needs: &[Need::SdkStage],
        cases,
        strategy,
        check,
        show,
        still_valid: always_valid,
        cost: no_cost,
    }
}

static V4_VALID_SESSIONS: Prop<ValidServe> = sdk_prop(
    "v4_valid_sessions",
    "a session the contract allows (and its boundary variants) comes through the 4.x SDK intact and becomes its session",
    VALID_CASES,
    valid_serves,
    show_valid,
    |check, input| valid_sessions(check, input, "v4"),
);

static V3_VALID_SESSIONS: Prop<ValidServe> = sdk_prop(
    "v3_valid_sessions",
    "a session the contract allows (and its boundary variants) comes through the 3.x SDK intact and becomes its session",
    VALID_CASES,
    valid_serves,
    show_valid,
    |check, input| valid_sessions(check, input, "v3"),
);

fn valid_sessions(check: &mut Check<'_>, input: &ValidServe, line: &str) -> Result<(), Stop> {
    let (served, expected) = served(&input.session, input.refresh);
    let expected = &expected;
    let (label, seen) = serve(check, line, &served)?;
    let label = &label;
    let (kind, detail) = match seen {
        Seen::Returned { body, session } => {
            // Numbers as doubles: what RFC 8259 §6 says any JSON reader may keep.
            let intact = interoperable_json(&body, expected);
            let changes = changes(expected, &body, intact);
            check.differences(
                rules::SDK_VALID_INTACT,
                "",
                &format!("{label} did not hand its caller the session it was served"),
                ("served", "handed on"),
                &changes,
            );
            let kept = held(&session, &input.session);
            check.expect(kept.is_none(), rules::SDK_VALID_SESSION, "", || {
                format!(
                    "{label} does not hold the served session: {}",
                    kept.clone().unwrap_or_default()
                )
            });
            if intact {
                (ReactionKind::Intact, String::new())
            } else {
                let first = changes.first().map(|d| d.describe("served", "returned"));
                (
                    ReactionKind::Altered,
                    format!(
                        "changed {} value(s), first {}",
                        changes.len(),
                        first.unwrap_or_default()
                    ),
                )
            }
        }
        Seen::Rejected { error } => {
            check.finding(
                rules::SDK_VALID_INTACT,
                "",
                format!("{label} rejected a session the contract allows: {error}"),
            );
            (ReactionKind::Rejected, error)
        }
        Seen::Crashed { detail } => crashed(check, label, detail),
        Seen::Hung { detail } => hung(check, label, detail),
    };
    check.react(Reaction {
        client: label.clone(),
        rule: Reaction::VALID.to_owned(),
        kind,
        detail,
    });
    Ok(())
}

/// One mutant to serve.
#[derive(Debug, Clone)]
pub struct MutantServe {
    /// The broken session.
    pub mutant: Mutant,
    /// Served as the answer to a refresh instead of a sign-in.
    pub refresh: bool,
}

/// Mutants, case `index` of mutant class `index % FAMILIES.len()` (or the next class the
/// document has), as sign-in or refresh answers.
fn mutant_serves(env: &Env, index: usize) -> BoxedStrategy<MutantServe> {
    let contract = env.contract.clone();
    // Case `index` serves the `index`-th class the contract has, round and round.
    let classes = generators::mutate::classes(&contract);
    let wanted = classes.get(index % classes.len().max(1)).copied();
    (
        // Several documents: an optional field that holds the class's rule is in some of them.
        prop::collection::vec(
            generators::valid_document(&env.contract),
            DOCUMENTS_PER_CASE,
        ),
        any::<prop::sample::Index>(),
    )
        .prop_filter_map(
            "no document has a place to break any rule",
            move |(docs, pick)| {
                // The first document with a mutant of the wanted class, or else, of the first
                // class any document has, the first document that has it. Only that class's
                // mutants are made, document by document until one has some (making every
                // mutant of every document first took most of a case's time).
                let of = |class: usize| {
                    docs.iter().find_map(|doc| {
                        let of_class: Vec<Mutant> =
                            generators::mutate::labelled(&contract, doc, |rule, _| {
                                family_of(rule) == Some(class)
                            })
                            .into_iter()
                            .map(|(mutant, _)| mutant)
                            .collect();
                        (!of_class.is_empty()).then_some(of_class)
                    })
                };
                let of_class = wanted
                    .and_then(of)
                    .or_else(|| (0..FAMILIES.len()).find_map(of))?;
                let mut mutant = of_class[pick.index(of_class.len())].clone();
                mutant.document = with_consistent_token(mutant.document);
                Some(MutantServe {
                    mutant,
                    refresh: index % 2 == 1,
                })
            },
        )
        .boxed()
}

fn show_mutant(m: &MutantServe) -> Value {
    json!({"rule": m.mutant.rule, "at": m.mutant.instance_pointer, "change": m.mutant.description, "session": m.mutant.document, "served_as": if m.refresh { "refresh" } else { "sign_in" }})
}

/// One case per mutant class at least, so every class is served in every run.
const MUTANT_CASES: Cases = Cases::AtLeast(|| FAMILIES.len());

static V4_MUTANTS: Prop<MutantServe> = sdk_prop(
    "v4_mutants",
    "a session broken in one rule (every mutant class) never crashes or hangs the 4.x SDK; whether it stops it is tabled",
    MUTANT_CASES,
    mutant_serves,
    show_mutant,
    |check, input| mutants(check, input, "v4"),
);

static V3_MUTANTS: Prop<MutantServe> = sdk_prop(
    "v3_mutants",
    "a session broken in one rule (every mutant class) never crashes or hangs the 3.x SDK; whether it stops it is tabled",
    MUTANT_CASES,
    mutant_serves,
    show_mutant,
    |check, input| mutants(check, input, "v3"),
);

fn mutants(check: &mut Check<'_>, input: &MutantServe, line: &str) -> Result<(), Stop> {
    let (served, _) = served(&input.mutant.document, input.refresh);
    let (label, seen) = serve(check, line, &served)?;
    let label = &label;
    let (kind, detail) = match seen {
        Seen::Returned { body, .. } => (
            ReactionKind::PassedThrough,
            format!(
                "{} ({}) reached the caller as {}",
                input.mutant.description,
                input.mutant.instance_pointer,
                clip(&body)
            ),
        ),
        Seen::Rejected { error } => (ReactionKind::Rejected, error),
        Seen::Crashed { detail } => crashed(check, label, detail),
        Seen::Hung { detail } => hung(check, label, detail),
    };
    check.react(Reaction {
        client: label.clone(),
        rule: input.mutant.rule.clone(),
        kind,
        detail,
    });
    Ok(())
}

/// Serves `served` to SDK line `line` on the run's stage and records the exchange; returns the
/// client's label and what its caller saw. Not covered when the run has no stage.
fn serve(check: &mut Check<'_>, line: &str, served: &Served) -> Result<(String, Seen), Stop> {
    let stage = check.env.sdk_stage.clone().map_err(Stop::NotCovered)?;
    let label = stage.label(line);
    let staged = stage.serve(line, served).map_err(Stop::NotCovered)?;
    check.record_exchange(staged.exchange);
    check.exercised(rules::SDK_NO_CRASH);
    check.exercised(rules::SDK_NO_HANG);
    Ok((label, staged.seen))
}

/// A crash (a failure) and its reaction.
fn crashed(check: &mut Check<'_>, label: &str, detail: String) -> (ReactionKind, String) {
    check.finding(
        rules::SDK_NO_CRASH,
        "",
        format!("{label} crashed on the served document: {detail}"),
    );
    (ReactionKind::Crashed, detail)
}

/// A hang (a failure) and its reaction.
fn hung(check: &mut Check<'_>, label: &str, detail: String) -> (ReactionKind, String) {
    check.finding(
        rules::SDK_NO_HANG,
        "",
        format!("{label} gave its caller no answer: {detail}"),
    );
    (ReactionKind::Hung, detail)
}

/// The answer the stub gives: `{session}` to a sign-in, the bare session to a refresh; and its
/// body, which a valid serve expects back intact.
fn served(session: &Value, refresh: bool) -> (Served, Value) {
    let (operation, body) = if refresh {
        (Operation::Refresh, session.clone())
    } else {
        (Operation::SignIn, json!({ "session": session }))
    };
    let served = Served {
        operation,
        status: 200,
        body: ServedBody::Json(body.clone()),
    };
    (served, body)
}

/// Where `handed` differs from `served` (numbers as doubles), secrets masked in both first; one
/// difference at the root when the two differ only in a masked value (`intact` is judged on the
/// values themselves).
fn changes(served: &Value, handed: &Value, intact: bool) -> Vec<Difference> {
    let redact = crate::redact::json;
    let mut found = interoperable_diff(&redact(served), &redact(handed));
    if found.is_empty() && !intact {
        found.push(Difference {
            pointer: String::new(),
            left: Some(Value::String("a secret value".into())),
            right: Some(Value::String("another one, masked alike".into())),
        });
    }
    found
}

/// Why the SDK's current session is not the served one (`None` when it holds every served field
/// with the same value; an SDK may add fields of its own, such as a decoded token).
fn held(current: &Value, served: &Value) -> Option<String> {
    let fields = served.as_object()?;
    let Some(current) = current.as_object() else {
        return Some(format!("it holds {}", clip(current)));
    };
    // Only the served fields: an SDK may hold more.
    let kept: serde_json::Map<String, Value> = fields
        .keys()
        .filter_map(|key| Some((key.clone(), current.get(key)?.clone())))
        .collect();
    let redact = crate::redact::json;
    let found = interoperable_diff(&redact(served), &redact(&Value::Object(kept)));
    let first = found.first()?;
    Some(format!(
        "{} difference(s), first {}",
        found.len(),
        first.describe("served", "held")
    ))
}

/// The session with its access token replaced by a JWT whose claims agree with its user, when
/// the session has an access token and a user with an id (mutants keep their breakage: only a
/// string access token is replaced, and only the token).
fn with_consistent_token(mut session: Value) -> Value {
    let Some(object) = session.as_object() else {
        return session;
    };
    if !object.get("accessToken").is_some_and(Value::is_string) {
        return session;
    }
    let user = object.get("user").cloned().unwrap_or(Value::Null);
    let id = user.get("id").and_then(Value::as_str).unwrap_or("");
    let role = user
        .get("defaultRole")
        .and_then(Value::as_str)
        .unwrap_or("user");
    let roles = user
        .get("roles")
        .or_else(|| user.get("allowedRoles"))
        .cloned()
        .unwrap_or_else(|| json!([role]));
    let anonymous = user
        .get("isAnonymous")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    // Fixed instants: the token neither expires during a run nor changes with the clock.
    let claims = json!({
        "sub": id,
        "iat": 1_700_000_000,
        "exp": 4_102_444_800_i64,
        "iss": "hasura-auth",
        "https://hasura.io/jwt/claims": {
            "x-hasura-user-id": id,
            "x-hasura-default-role": role,
            "x-hasura-allowed-roles": roles,
            "x-hasura-user-is-anonymous": anonymous.to_string(),
        }
    });
    session["accessToken"] = Value::String(crate::jwt::sign_hs256(&claims, SERVED_TOKEN_KEY));
    session
}

/// At most 300 characters of a value, for messages.
fn clip(value: &Value) -> String {
    // Redacted before it is cut: a cut token would no longer match the secret it is.
    crate::json::clipped(&crate::redact::json(value), 300)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_token_agrees_with_the_user_and_breakage_is_kept() {
        let session =
            json!({"accessToken": "x", "user": {"id": "u1", "defaultRole": "me", "roles": ["me"]}});
        let served = with_consistent_token(session);
        let jwt = crate::jwt::Jwt::decode(served["accessToken"].as_str().unwrap()).unwrap();
        assert_eq!(jwt.claims["sub"], "u1");
        assert_eq!(jwt.hasura("x-hasura-default-role"), Some(&json!("me")));
        let broken = json!({"accessToken": 5, "user": {"id": "u1"}});
        assert_eq!(with_consistent_token(broken.clone()), broken);
    }

    #[test]
    fn the_mutants_of_one_class_are_those_of_every_class_filtered() {
        use proptest::strategy::{Strategy, ValueTree};
        for name in ["published", "deployed"] {
            let contract = contract::Contract::load(name).unwrap();
            let mut runner = proptest::test_runner::TestRunner::deterministic();
            for _ in 0..4 {
                let doc = generators::valid_document(&contract)
                    .new_tree(&mut runner)
                    .unwrap()
                    .current();
                let all = generators::mutants_of(&contract, &doc);
                for class in 0..FAMILIES.len() {
                    let filtered: Vec<&Mutant> = all
                        .iter()
                        .filter(|m| family_of(&m.rule) == Some(class))
                        .collect();
                    let made: Vec<Mutant> =
                        generators::mutate::labelled(&contract, &doc, |rule, _| {
                            family_of(rule) == Some(class)
                        })
                        .into_iter()
                        .map(|(m, _)| m)
                        .collect();
                    assert_eq!(
                        made.iter().collect::<Vec<_>>(),
                        filtered,
                        "{name}, class {class}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_held_session_may_add_fields_but_not_change_them() {
        let served = json!({"a": 1, "b": [1]});
        assert_eq!(
            held(&json!({"a": 1.0, "b": [1], "decoded": {}}), &served),
            None
        );
        assert_eq!(
            held(&json!({"a": 2, "b": [1, 3]}), &served).as_deref(),
            Some("2 difference(s), first /a: served 1, held 2")
        );
        assert_eq!(
            held(&json!({"b": [1]}), &served).as_deref(),
            Some("1 difference(s), first /a: served 1, held (absent)")
        );
        assert!(held(&Value::Null, &served).is_some());
    }
}
