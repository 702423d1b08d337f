//! Staging hygiene: the users a run creates are deleted at its end through the project's GraphQL
//! API, exactly those and no other; writes to a target off this machine need `allow_writes`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use crate::common::serve;
use apollo_parser::{cst, Parser};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use harness::config::RunConfig;
use harness::runner::{Cleanup, Engine, EngineOptions, RerunStyle};
use reference_server::ServerConfig;
use serde_json::{json, Value};

const ADMIN_SECRET: &str = "hasura-admin-secret-for-the-cleanup-test";

/// One GraphQL request as the fake endpoint understood it.
#[derive(Debug, Clone)]
struct Recorded {
    secret: Option<String>,
    operation: String,
    root_field: String,
    ids: Vec<String>,
}

/// A GraphQL endpoint that parses every document with a real GraphQL parser and records it.
fn graphql(log: Arc<Mutex<Vec<Recorded>>>) -> Router {
    async fn handle(
        State(log): State<Arc<Mutex<Vec<Recorded>>>>,
        headers: HeaderMap,
        Json(body): Json<Value>,
    ) -> Json<Value> {
        let query = body["query"].as_str().unwrap_or_default();
        let tree = Parser::new(query).parse();
        let errors: Vec<String> = tree.errors().map(|e| e.message().to_owned()).collect();
        if !errors.is_empty() {
            return Json(json!({"errors": [{"message": errors.join("; ")}]}));
        }
        let mut operation = String::new();
        let mut root_field = String::new();
        for definition in tree.document().definitions() {
            if let cst::Definition::OperationDefinition(op) = definition {
                let kind = op.operation_type();
                if kind.as_ref().and_then(|k| k.mutation_token()).is_some() {
                    operation = "mutation".to_owned();
                }
                if let Some(cst::Selection::Field(field)) =
                    op.selection_set().and_then(|s| s.selections().next())
                {
                    root_field = field
                        .name()
                        .map(|n| n.text().to_string())
                        .unwrap_or_default();
                }
            }
        }
        let ids: Vec<String> = body["variables"]["ids"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let affected = ids.len();
        log.lock().unwrap().push(Recorded {
            secret: headers
                .get("x-hasura-admin-secret")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            operation,
            root_field,
            ids,
        });
        Json(json!({"data": {"deleteUsers": {"affected_rows": affected}}}))
    }
    Router::new().route("/v1", post(handle)).with_state(log)
}

/// Records the id of every user a sign-up or anonymous sign-in answer carries.
async fn note_created(
    State(created): State<Arc<Mutex<BTreeSet<String>>>>,
    request: Request,
    next: Next,
) -> Response {
    let creates = request.uri().path().ends_with("/signup/email-password")
        || request.uri().path().ends_with("/signin/anonymous");
    let response = next.run(request).await;
    if !creates || !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, 1 << 20).await.unwrap_or_default();
    if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
        if let Some(id) = v.pointer("/session/user/id").and_then(Value::as_str) {
            created.lock().unwrap().insert(id.to_owned());
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[test]
fn the_cleanup_deletes_exactly_the_users_this_run_created() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let (_g, graphql_addr) = serve(graphql(Arc::clone(&log)));
    let graphql_url = format!("http://{graphql_addr}");
    let created = Arc::new(Mutex::new(BTreeSet::new()));
    let auth = reference_server::app(ServerConfig::for_tests()).layer(
        middleware::from_fn_with_state(Arc::clone(&created), note_created),
    );
    let (_a, auth_addr) = serve(auth);
    let auth_url = format!("http://{auth_addr}");
    let mut config = RunConfig::default().with_url_defaults(format!("{auth_url}/v1"));
    config.suites = vec![
        "signup".to_owned(),
        "anonymous".to_owned(),
        "token".to_owned(),
    ];
    config.cases = 2;
    config.namespace = "cleanup".to_owned();
    config.admin_secret = Some(ADMIN_SECRET.to_owned());
    config.graphql_url = Some(format!("{graphql_url}/v1"));
    config.jwt_secret = Some(reference_server::JwtConfig::TEST_SECRET.to_owned());
    let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)).unwrap();
    engine.execute(2).unwrap();
    let outcome = engine.finish(&|_| true, true);
    let made: BTreeSet<String> = created.lock().unwrap().clone();
    assert!(made.len() > 3, "the run created users: {made:?}");
    let calls = log.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call.secret.as_deref(), Some(ADMIN_SECRET));
    assert_eq!(
        (call.operation.as_str(), call.root_field.as_str()),
        ("mutation", "deleteUsers")
    );
    let deleted: BTreeSet<String> = call.ids.iter().cloned().collect();
    assert_eq!(deleted.len(), call.ids.len(), "no id twice");
    assert_eq!(deleted, made, "exactly the users this run created");
    assert_eq!(
        outcome.cleanup,
        Some(Cleanup::Done {
            created: made.len(),
            deleted: made.len() as u64
        })
    );
    let text = outcome.cleanup.unwrap().to_string();
    assert!(!text.contains(ADMIN_SECRET), "{text}");
}

#[test]
fn a_remote_target_is_not_written_to_unless_allowed() {
    // A documentation address: nothing may be sent there, and nothing is.
    let config = RunConfig::default().with_url_defaults("http://[2001:db8::1]/v1".to_owned());
    assert!(!config.target_is_local());
    let error = match Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)) {
        Ok(_) => panic!("the run must not start"),
        Err(e) => e,
    };
    let text = error.to_string();
    assert_eq!(harness::cli::code_of(&error), harness::cli::USAGE, "{text}");
    assert!(
        text.contains("NHOST_ALLOW_WRITES=1") && !text.contains('\n'),
        "{text}"
    );
    for local in [
        "http://127.0.0.1:4000/v1",
        "http://localhost/v1",
        "http://[::1]:9/v1",
    ] {
        assert!(
            RunConfig::default()
                .with_url_defaults(local.to_owned())
                .target_is_local(),
            "{local}"
        );
    }
    assert!(
        RunConfig::default().target_is_local(),
        "the embedded server"
    );
}
