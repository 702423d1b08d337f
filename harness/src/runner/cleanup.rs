//! Staging hygiene: at the end of a run against a project, the users the run created are
//! deleted through the project's Hasura GraphQL API (`deleteUsers`, with the admin secret).
//! [`delete_users`] is the one call; its answer says how many rows went.

use std::time::Duration;

use serde_json::{json, Value};

/// The mutation sent: Nhost's Hasura schema names the `auth.users` table `users`.
pub const DELETE_USERS: &str =
    "mutation DeleteRunUsers($ids: [uuid!]!) { deleteUsers(where: {id: {_in: $ids}}) { affected_rows } }";

/// What the cleanup did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cleanup {
    /// Not configured (no admin secret or GraphQL URL), or nothing to delete.
    Skipped(String),
    /// The API answered: `deleted` of the `created` users are gone.
    Done {
        /// Users the run created.
        created: usize,
        /// Rows the API deleted.
        deleted: u64,
    },
    /// The call failed (the message names no secret).
    Failed(String),
}

impl std::fmt::Display for Cleanup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cleanup::Skipped(why) => write!(f, "cleanup skipped: {why}"),
            Cleanup::Done { created, deleted } => {
                write!(
                    f,
                    "cleanup: deleted {deleted} of the {created} user(s) this run created"
                )
            }
            Cleanup::Failed(why) => write!(f, "cleanup failed: {why}"),
        }
    }
}

/// Deletes `ids` through `graphql_url` with `admin_secret`, within `timeout`.
pub async fn delete_users(
    graphql_url: &str,
    admin_secret: &str,
    ids: &[String],
    timeout: Duration,
) -> Cleanup {
    if ids.is_empty() {
        return Cleanup::Skipped("the run created no user".to_owned());
    }
    let client = match reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => return Cleanup::Failed(format!("cannot build the HTTP client: {e}")),
    };
    let body = json!({ "query": DELETE_USERS, "variables": { "ids": ids } });
    let sent = client
        .post(graphql_url)
        .header("x-hasura-admin-secret", admin_secret)
        .json(&body)
        .send()
        .await;
    let response = match sent {
        Ok(r) => r,
        Err(e) => return Cleanup::Failed(format!("the GraphQL endpoint did not answer: {e}")),
    };
    let status = response.status().as_u16();
    let answer: Value = match response.json().await {
        Ok(v) => v,
        Err(e) => return Cleanup::Failed(format!("HTTP {status}, not a JSON answer: {e}")),
    };
    if let Some(errors) = answer.get("errors") {
        let first = errors
            .pointer("/0/message")
            .and_then(Value::as_str)
            .unwrap_or("an error");
        return Cleanup::Failed(format!("HTTP {status}: {first}"));
    }
    match answer
        .pointer("/data/deleteUsers/affected_rows")
        .and_then(Value::as_u64)
    {
        Some(deleted) => Cleanup::Done {
            created: ids.len(),
            deleted,
        },
        None => Cleanup::Failed(format!("HTTP {status}: no data.deleteUsers.affected_rows")),
    }
}
