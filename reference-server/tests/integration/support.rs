//! Shared helpers: an in-process client over `app()` (tower `oneshot`), schema validators compiled
//! once from the repository's schema files, and JWT decoding.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use jsonschema::Validator;
use reference_server::{app_with_store, Fault, MemoryStore, Profile, ServerConfig, Store};
use serde_json::{json, Value};
use tower::ServiceExt as _;

const PUBLISHED_SCHEMA: &str = include_str!("../../../schemas/session.schema.json");
const DEPLOYED_SCHEMA: &str = include_str!("../../../schemas/nhost-auth-deployed.schema.json");
const ERROR_SCHEMA: &str = include_str!("../../../schemas/error.schema.json");

/// A password every helper uses.
pub const PASSWORD: &str = "correct-horse-battery";

/// An answer: status, headers and the body as JSON (`Null` when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub raw: Vec<u8>,
    pub body: Value,
}

impl Reply {
    /// `body.session`, failing the test if missing.
    pub fn session(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        let session = &self.body["session"];
        assert!(session.is_object(), "no session in {}", self.body);
        session
    }

    /// Asserts an error answer with this status and code, a body conforming to the error schema
    /// and `status` equal to the HTTP status.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["error"], code, "body: {}", self.body);
        assert_eq!(self.body["status"], status, "body: {}", self.body);
        assert!(self.body["message"].is_string(), "body: {}", self.body);
        assert_valid(error_validator(), &self.body, "error body");
    }
}

/// An application under test.
#[derive(Clone)]
pub struct TestApp {
    pub router: Router,
    pub store: Arc<MemoryStore>,
}

impl TestApp {
    /// `config` with a fresh store.
    pub fn new(config: ServerConfig) -> Self {
        let store = Arc::new(MemoryStore::new());
        let router = app_with_store(config, store.clone() as Arc<dyn Store>).expect("valid config");
        Self { router, store }
    }

    /// `ServerConfig::for_tests()` in `profile`.
    pub fn with_profile(profile: Profile) -> Self {
        Self::new(ServerConfig {
            profile,
            ..ServerConfig::for_tests()
        })
    }

    /// `ServerConfig::for_tests()` with one fault on.
    pub fn with_fault(fault: Fault) -> Self {
        let mut config = ServerConfig::for_tests();
        config.faults.insert(fault);
        Self::new(config)
    }

    /// Sends a raw request.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        bearer: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(format!("/v1{path}"));
        if let Some(content_type) = content_type {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        if let Some(token) = bearer {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = builder.body(Body::from(body)).expect("request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let raw = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body")
            .to_vec();
        let body = if raw.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&raw)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&raw)))
        };
        Reply {
            status,
            headers,
            raw,
            body,
        }
    }

    /// POST a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.post_bearer(path, None, body).await
    }

    /// POST a JSON body with a bearer token.
    pub async fn post_bearer(&self, path: &str, bearer: Option<&str>, body: Value) -> Reply {
        let bytes = serde_json::to_vec(&body).expect("json");
        self.send(Method::POST, path, Some("application/json"), bearer, bytes)
            .await
    }

    /// GET with an optional bearer token.
    pub async fn get(&self, path: &str, bearer: Option<&str>) -> Reply {
        self.send(Method::GET, path, None, bearer, Vec::new()).await
    }

    /// Signs up `email` with [`PASSWORD`] and returns the session.
    pub async fn sign_up(&self, email: &str) -> Value {
        self.sign_up_with(json!({ "email": email, "password": PASSWORD }))
            .await
    }

    /// Signs up with a full body and returns the session.
    pub async fn sign_up_with(&self, body: Value) -> Value {
        self.post("/signup/email-password", body)
            .await
            .session()
            .clone()
    }

    /// Signs in `email` with `password` and returns the answer.
    pub async fn sign_in(&self, email: &str, password: &str) -> Reply {
        self.post(
            "/signin/email-password",
            json!({ "email": email, "password": password }),
        )
        .await
    }

    /// Signs in anonymously and returns the session.
    pub async fn anonymous(&self) -> Value {
        self.post("/signin/anonymous", json!({}))
            .await
            .session()
            .clone()
    }

    /// Refreshes `token`.
    pub async fn refresh(&self, token: &Value) -> Reply {
        self.post("/token", json!({ "refreshToken": token })).await
    }
}

/// A unique email for a test.
pub fn email(tag: &str) -> String {
    format!("{tag}-{}@example.com", uuid::Uuid::new_v4().simple())
}

fn compile(schema: &Value) -> Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("schema compiles")
}

/// A validator for `$defs/User` of `schema`.
fn user_validator_of(source: &str) -> Validator {
    let mut schema: Value = serde_json::from_str(source).expect("schema json");
    let object = schema.as_object_mut().expect("object schema");
    for key in [
        "type",
        "properties",
        "required",
        "additionalProperties",
        "examples",
    ] {
        object.remove(key);
    }
    object.insert("$ref".into(), json!("#/$defs/User"));
    compile(&schema)
}

pub fn published_session_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| compile(&serde_json::from_str(PUBLISHED_SCHEMA).expect("json")))
}

pub fn published_user_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| user_validator_of(PUBLISHED_SCHEMA))
}

pub fn deployed_session_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| compile(&serde_json::from_str(DEPLOYED_SCHEMA).expect("json")))
}

pub fn deployed_user_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| user_validator_of(DEPLOYED_SCHEMA))
}

pub fn error_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| compile(&serde_json::from_str(ERROR_SCHEMA).expect("json")))
}

/// Asserts `instance` is valid, listing every error otherwise.
pub fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} invalid: {errors:#?}\n{instance:#}"
    );
}

/// Asserts a session conforms to the contract of `profile`.
pub fn assert_session_conforms(profile: Profile, session: &Value) {
    match profile {
        Profile::Published => assert_valid(published_session_validator(), session, "session"),
        Profile::Deployed => {
            assert_valid(deployed_session_validator(), session, "session");
            assert_deployed_user_shape(&session["user"]);
        }
    }
}

/// Asserts a bare user conforms to the contract of `profile`.
pub fn assert_user_conforms(profile: Profile, user: &Value) {
    match profile {
        Profile::Published => assert_valid(published_user_validator(), user, "user"),
        Profile::Deployed => {
            assert_valid(deployed_user_validator(), user, "user");
            assert_deployed_user_shape(user);
        }
    }
}

/// The deployed service's user, field by field (contract page).
pub fn assert_deployed_user_shape(user: &Value) {
    let object = user.as_object().expect("user object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let anonymous = user["isAnonymous"] == true;
    let mut expected = vec![
        "activeMfaType",
        "avatarUrl",
        "createdAt",
        "defaultRole",
        "displayName",
        "emailVerified",
        "id",
        "isAnonymous",
        "locale",
        "metadata",
        "phoneNumberVerified",
        "roles",
    ];
    if !anonymous {
        expected.push("email");
    }
    expected.sort_unstable();
    assert_eq!(keys, expected, "{user:#}");
    assert_eq!(user["activeMfaType"], Value::Null);
    assert_eq!(user["avatarUrl"], "");
    assert_eq!(user["phoneNumberVerified"], false);
    let created = user["createdAt"].as_str().expect("createdAt");
    let fraction = created
        .split_once('.')
        .and_then(|(_, f)| f.strip_suffix('Z'))
        .expect("createdAt with a fraction and Z");
    assert_eq!(fraction.len(), 9, "nanosecond createdAt: {created}");
    assert!(user["metadata"].is_null() || user["metadata"].is_object());
}

/// The claims of a JWT without checking its signature.
pub fn claims(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).expect("three JWT parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// The claims of a JWT whose HS signature is checked with `secret`; `None` if it does not verify.
pub fn verify_hs(token: &str, secret: &str) -> Option<Value> {
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
    let header = decode_header(token).ok()?;
    let mut validation = Validation::new(header.alg);
    validation.set_required_spec_claims(&["exp"]);
    decode::<Value>(
        token,
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    )
    .ok()
    .map(|d| d.claims)
}

/// The claims of a JWT whose RS signature is checked with the key of `jwks` named by its `kid`.
pub fn verify_with_jwks(token: &str, jwks: &Value) -> Option<Value> {
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
    let header = decode_header(token).ok()?;
    let kid = header.kid.clone()?;
    let key = jwks["keys"]
        .as_array()?
        .iter()
        .find(|k| k["kid"] == kid.as_str())?;
    let decoding = DecodingKey::from_rsa_components(key["n"].as_str()?, key["e"].as_str()?).ok()?;
    let mut validation = Validation::new(header.alg);
    validation.set_required_spec_claims(&["exp"]);
    decode::<Value>(token, &decoding, &validation)
        .ok()
        .map(|d| d.claims)
}
