//! Suite `lifecycle`: random sequences of sign-up, sign-in, anonymous sign-in, refresh, sign-out
//! and get-user, checked step by step against a model of users and refresh tokens, and shrunk (by
//! proptest's `vec` shrinking) to the shortest sequence that still diverges. Also: two concurrent
//! refreshes of one token succeed at most once.
//!
//! Steps name users and sessions by index *modulo what exists*, so every subsequence is still a
//! meaningful sequence and shrinking never produces a step that cannot run.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::common::{account_hint, leased_session, user_roles};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, SessionView, Stop, Wrapping};
use crate::env::Env;
use crate::property::{always_valid, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&SEQUENCES, &CONCURRENT_REFRESH];

/// One step of a sequence.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Sign up a new user.
    SignUp {
        /// Random tag making the email unique.
        tag: u32,
    },
    /// Sign up again with an existing user's email in another letter case.
    SignUpAgain {
        /// Which user.
        user: usize,
    },
    /// Sign in (with the right or a wrong password).
    SignIn {
        /// Which user.
        user: usize,
        /// Whether the password is the right one.
        right_password: bool,
    },
    /// Anonymous sign-in.
    Anonymous,
    /// Refresh a live session.
    Refresh {
        /// Which user.
        user: usize,
        /// Which of its sessions.
        session: usize,
    },
    /// Refresh with a token that was rotated or revoked.
    RefreshStale {
        /// Which user.
        user: usize,
        /// Which dead token.
        token: usize,
    },
    /// Sign out one session.
    SignOut {
        /// Which user.
        user: usize,
        /// Which session.
        session: usize,
    },
    /// Sign out every session of a user.
    SignOutAll {
        /// Which user.
        user: usize,
        /// The session whose access token authorizes it.
        session: usize,
    },
    /// Read the user with an access token.
    GetUser {
        /// Which user.
        user: usize,
        /// Which access token.
        token: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let ix = || 0usize..8;
    prop_oneof![
        3 => any::<u32>().prop_map(|tag| Step::SignUp { tag }),
        1 => ix().prop_map(|user| Step::SignUpAgain { user }),
        3 => (ix(), prop::bool::weighted(0.7)).prop_map(|(user, right_password)| Step::SignIn { user, right_password }),
        1 => Just(Step::Anonymous),
        4 => (ix(), ix()).prop_map(|(user, session)| Step::Refresh { user, session }),
        2 => (ix(), ix()).prop_map(|(user, token)| Step::RefreshStale { user, token }),
        2 => (ix(), ix()).prop_map(|(user, session)| Step::SignOut { user, session }),
        1 => (ix(), ix()).prop_map(|(user, session)| Step::SignOutAll { user, session }),
        2 => (ix(), ix()).prop_map(|(user, token)| Step::GetUser { user, token }),
    ]
}

static SEQUENCES: Prop<Vec<Step>> = Prop {
    suite: "lifecycle",
    name: "sequences",
    description: "random sequences of auth operations answer what a model of users and refresh tokens predicts",
    needs: &[Need::SignUp],
    cases: Cases::Configured,
    strategy: |_, _| prop::collection::vec(step(), 1..=14).boxed(),
    check: sequences,
    show: |steps| json!(steps.iter().enumerate().map(|(i, s)| format!("{}. {s:?}", i + 1)).collect::<Vec<_>>()),
    still_valid: always_valid,
    cost: sequence_cost,
};

/// What a sequence sends that a rate limit counts most, at most (a step that finds no user to
/// act on is skipped).
fn sequence_cost(env: &Env, steps: &Vec<Step>) -> Cost {
    let anonymous = env.capabilities.anonymous.is_ok();
    let mut cost = Cost::NONE;
    for step in steps {
        cost += match step {
            Step::SignUp { .. } | Step::SignUpAgain { .. } => Cost::new(1, 0, 0),
            Step::SignIn { .. } => Cost::new(0, 1, 0),
            Step::Anonymous if anonymous => Cost::new(0, 0, 1),
            _ => Cost::NONE,
        };
    }
    cost
}

/// A live session of the model.
#[derive(Debug, Clone)]
struct Live {
    refresh: String,
    refresh_id: Option<String>,
}

/// A user of the model.
#[derive(Debug, Clone, Default)]
struct ModelUser {
    email: Option<String>,
    password: String,
    id: Option<String>,
    anonymous: bool,
    live: Vec<Live>,
    dead: Vec<String>,
    access: Vec<String>,
}

impl ModelUser {
    fn open(&mut self, session: &SessionView) {
        if let Some(refresh) = session.refresh_token.clone() {
            self.live.push(Live {
                refresh,
                refresh_id: session.refresh_token_id.clone(),
            });
        }
        if let Some(a) = session.access_token.clone() {
            self.access.push(a);
        }
    }
}

/// Records a divergence from the model at step `i` and stops the sequence there.
fn diverged(check: &mut Check<'_>, i: usize, step: &Step, what: String) -> Stop {
    check.finding(
        rules::LIFECYCLE_MODEL,
        &format!("/steps/{i}"),
        format!("step {} ({step:?}): {what}", i + 1),
    );
    Stop::Broken
}

#[expect(
    clippy::ptr_arg,
    reason = "the check signature is fn(&mut Check, &Input)"
)]
fn sequences(check: &mut Check<'_>, steps: &Vec<Step>) -> Result<(), Stop> {
    check.exercised(rules::LIFECYCLE_MODEL);
    let mut users: Vec<ModelUser> = Vec::new();
    let namespace = check.env.namespace.clone();
    let anonymous_on = check.env.capabilities.anonymous.is_ok();
    for (i, step) in steps.iter().enumerate() {
        match *step {
            Step::SignUp { tag } => {
                let email = check.fresh_email(&format!(
                    "lc-{tag:08x}-{}.{namespace}@example.com",
                    users.len()
                ));
                let password = format!("Lc-{tag:08x}-pw");
                let r = check.send(ApiRequest::json(
                    Operation::SignUp,
                    json!({ "email": email, "password": password }),
                ))?;
                let session = expect_session(
                    check,
                    &r,
                    Wrapping::Wrapped,
                    i,
                    step,
                    "sign-up of a new email",
                )?;
                let mut user = ModelUser {
                    email: Some(email),
                    password,
                    id: session.user_id().map(str::to_owned),
                    ..ModelUser::default()
                };
                user.open(&session);
                users.push(user);
            }
            Step::SignUpAgain { user } => {
                let Some(u) = pick_user(&users, user, |u| u.email.is_some()) else {
                    continue;
                };
                let email = users[u].email.clone().unwrap_or_default().to_uppercase();
                let r = check.send(ApiRequest::json(
                    Operation::SignUp,
                    json!({ "email": email, "password": "Another-pw-1" }),
                ))?;
                if r.status != 409 {
                    return Err(diverged(check, i, step, format!("sign-up with a taken email in upper case answered HTTP {}, expected 409", r.status)));
                }
            }
            Step::SignIn {
                user,
                right_password,
            } => {
                let Some(u) = pick_user(&users, user, |u| u.email.is_some()) else {
                    continue;
                };
                let email = users[u].email.clone().unwrap_or_default();
                let password = if right_password {
                    users[u].password.clone()
                } else {
                    format!("{}x", users[u].password)
                };
                let r = check.send(ApiRequest::json(
                    Operation::SignIn,
                    json!({ "email": email, "password": password }),
                ))?;
                if !right_password {
                    if r.status != 401 {
                        return Err(diverged(
                            check,
                            i,
                            step,
                            format!(
                                "sign-in with a wrong password answered HTTP {}, expected 401",
                                r.status
                            ),
                        ));
                    }
                    continue;
                }
                let session = expect_session(
                    check,
                    &r,
                    Wrapping::Wrapped,
                    i,
                    step,
                    "sign-in with the right password",
                )?;
                if session.user_id() != users[u].id.as_deref() {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        format!(
                            "sign-in answered user {:?}, the model has {:?}",
                            session.user_id(),
                            users[u].id
                        ),
                    ));
                }
                users[u].open(&session);
            }
            Step::Anonymous => {
                if !anonymous_on {
                    continue;
                }
                let r = check.send(ApiRequest::json(Operation::SignInAnonymous, json!({})))?;
                let session =
                    expect_session(check, &r, Wrapping::Wrapped, i, step, "anonymous sign-in")?;
                let mut user = ModelUser {
                    id: session.user_id().map(str::to_owned),
                    anonymous: true,
                    ..ModelUser::default()
                };
                user.open(&session);
                users.push(user);
            }
            Step::Refresh { user, session } => {
                let Some(u) = pick_user(&users, user, |u| !u.live.is_empty()) else {
                    continue;
                };
                let s = session % users[u].live.len();
                let old = users[u].live.remove(s);
                let r = check.refresh(&old.refresh)?;
                let next = expect_session(
                    check,
                    &r,
                    Wrapping::Bare,
                    i,
                    step,
                    "refresh of a live token",
                )?;
                if next.refresh_token.as_deref() == Some(old.refresh.as_str()) {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        "refresh answered the same refresh token".into(),
                    ));
                }
                if old.refresh_id.is_some() && next.refresh_token_id != old.refresh_id {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        format!(
                            "refresh changed refreshTokenId from {:?} to {:?}",
                            old.refresh_id, next.refresh_token_id
                        ),
                    ));
                }
                if next.user_id() != users[u].id.as_deref() {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        format!(
                            "refresh answered user {:?}, the model has {:?}",
                            next.user_id(),
                            users[u].id
                        ),
                    ));
                }
                users[u].dead.push(old.refresh);
                users[u].open(&next);
            }
            Step::RefreshStale { user, token } => {
                let Some(u) = pick_user(&users, user, |u| !u.dead.is_empty()) else {
                    continue;
                };
                let stale = users[u].dead[token % users[u].dead.len()].clone();
                let r = check.refresh(&stale)?;
                if r.status != 401 {
                    return Err(diverged(check, i, step, format!("refresh with a rotated or revoked token answered HTTP {}, expected 401", r.status)));
                }
            }
            Step::SignOut { user, session } => {
                let Some(u) = pick_user(&users, user, |u| !u.live.is_empty()) else {
                    continue;
                };
                let s = session % users[u].live.len();
                let old = users[u].live.remove(s);
                let r = check.send(ApiRequest::json(
                    Operation::SignOut,
                    json!({ "refreshToken": old.refresh }),
                ))?;
                if r.status != 200 {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        format!("sign-out answered HTTP {}", r.status),
                    ));
                }
                users[u].dead.push(old.refresh);
            }
            Step::SignOutAll { user, session } => {
                let Some(u) =
                    pick_user(&users, user, |u| !u.live.is_empty() && !u.access.is_empty())
                else {
                    continue;
                };
                let token = users[u].live[session % users[u].live.len()].refresh.clone();
                let bearer = users[u].access.last().cloned().unwrap_or_default();
                let r = check.send(
                    ApiRequest::json(
                        Operation::SignOut,
                        json!({ "refreshToken": token, "all": true }),
                    )
                    .with_bearer(bearer),
                )?;
                if r.status != 200 {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        format!("sign-out of all sessions answered HTTP {}", r.status),
                    ));
                }
                let revoked: Vec<String> = users[u].live.drain(..).map(|l| l.refresh).collect();
                users[u].dead.extend(revoked);
            }
            Step::GetUser { user, token } => {
                let Some(u) = pick_user(&users, user, |u| !u.access.is_empty()) else {
                    continue;
                };
                let bearer = users[u].access[token % users[u].access.len()].clone();
                let r = check.send(ApiRequest::empty(Operation::GetUser).with_bearer(bearer))?;
                let (want, got) = (if users[u].anonymous { 403 } else { 200 }, r.status);
                if got != want {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        format!("GET /user answered HTTP {got}, expected {want}"),
                    ));
                }
                let id = r
                    .body
                    .json()
                    .and_then(|b| b.get("id"))
                    .and_then(Value::as_str);
                if want == 200 && id != users[u].id.as_deref() {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        format!(
                            "GET /user answered user {id:?}, the model has {:?}",
                            users[u].id
                        ),
                    ));
                }
                if want == 200 && user_roles(r.body.json().unwrap_or(&Value::Null)).is_none() {
                    return Err(diverged(
                        check,
                        i,
                        step,
                        "GET /user answered a user without a role list".into(),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The `n`th user (modulo how many there are) among those that `has` what the step needs.
fn pick_user(users: &[ModelUser], n: usize, has: impl Fn(&ModelUser) -> bool) -> Option<usize> {
    let holders: Vec<usize> = (0..users.len()).filter(|&u| has(&users[u])).collect();
    (!holders.is_empty()).then(|| holders[n % holders.len()])
}

/// The session of an answer the model says must succeed, or a divergence.
fn expect_session(
    check: &mut Check<'_>,
    r: &crate::api::Response,
    wrapping: Wrapping,
    i: usize,
    step: &Step,
    what: &str,
) -> Result<SessionView, Stop> {
    session_of(r, wrapping)
        .ok_or_else(|| diverged(check, i, step, format!("{what} answered HTTP {}", r.status)))
}

/// A session from a 200 answer, read leniently (shape is the schema suites' job).
fn session_of(r: &crate::api::Response, wrapping: Wrapping) -> Option<SessionView> {
    if r.status != 200 {
        return None;
    }
    let body = r.body.json()?;
    let session = match wrapping {
        Wrapping::Wrapped => body.get("session")?,
        Wrapping::Bare => body,
    };
    Some(SessionView::read(session)).filter(|s| s.refresh_token.is_some())
}

static CONCURRENT_REFRESH: Prop<(usize, u8)> = Prop {
    suite: "lifecycle",
    name: "concurrent_refresh",
    description: "concurrent refreshes of one refresh token succeed at most once",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| (account_hint(), 2u8..=4).boxed(),
    check: concurrent_refresh,
    show: |(h, n)| json!({ "account_hint": h, "concurrent_refreshes": n }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

fn concurrent_refresh(check: &mut Check<'_>, (hint, n): &(usize, u8)) -> Result<(), Stop> {
    let (_lease, session) = leased_session(check, *hint)?;
    let token = session.require_refresh_token()?.to_owned();
    let api = check.api();
    let request = ApiRequest::json(Operation::Refresh, json!({ "refreshToken": token }));
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..*n).map(|_| s.spawn(|| api.send(&request))).collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| Stop::Broken))
            .collect()
    });
    let mut successes = 0;
    for result in results {
        let response = result??;
        check.record(&response);
        if response.status == 200 {
            successes += 1;
        }
    }
    check.expect(
        successes <= 1,
        rules::LIFECYCLE_CONCURRENT_REFRESH,
        "",
        || format!("{successes} of {n} concurrent refreshes of one token succeeded"),
    );
    Ok(())
}
