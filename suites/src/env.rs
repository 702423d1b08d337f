//! The per-run environment every property sees: [`Env`].
//!
//! It holds the compiled contracts, what the preflight probe learned about the target
//! ([`Capabilities`]), the account pool, the JWT secret, the registry of secrets to scrub from
//! what is recorded, and the namespace mixed into generated emails.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use contract::Contract;
use serde_json::Value;

use crate::pool::AccountPool;
use crate::redact::Secrets;
use crate::session::SessionView;
use crate::stage::SdkStage;
use crate::verdict::Verdict;

/// What the preflight probe learned about the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// `Ok(())` when email/password sign-up answers a session; otherwise why not
    /// (email verification required, sign-up disabled, …).
    pub signup: Result<(), String>,
    /// `Ok(())` when anonymous sign-in answers a session; otherwise why not.
    pub anonymous: Result<(), String>,
    /// The JWT `alg` the target signs access tokens with, if a token was seen.
    pub jwt_alg: Option<String>,
}

/// Everything a property may read during a run. Built once by the harness, shared by all trials.
pub struct Env {
    /// The Session contract responses are judged against.
    pub contract: Contract,
    /// The User definition of that contract (for `GET /user`).
    pub user_contract: Contract,
    /// The error-body contract.
    pub error_contract: Contract,
    /// Mixed into every generated email so reruns against a persistent target don't collide.
    pub namespace: String,
    /// The shared secret for HS* signature checks (`NHOST_JWT_SECRET`).
    pub jwt_secret: Option<String>,
    /// RSA private keys (PKCS#1 DER) the harness may forge RS* tokens with: used only when a
    /// token signed with one passes the target's JWKS.
    pub jwt_private_keys: Vec<Vec<u8>>,
    /// Locales the target accepts; any other requested locale must come back as the default.
    pub allowed_locales: Vec<String>,
    /// What the probe learned.
    pub capabilities: Capabilities,
    /// Accounts created once per run for properties that need a signed-in user.
    pub pool: AccountPool,
    /// The secrets seen during the run (passwords, tokens, the JWT secret), to scrub wherever they
    /// appear in what is recorded. Starts empty; [`crate::Check::send`] learns every request's
    /// and response's secrets into it, and a target that shares this `Arc` learns them too.
    pub secrets: Arc<Secrets>,
    /// The stage that serves documents to the official SDKs (the `sdk` suite), or why this run
    /// has none.
    pub sdk_stage: Result<Arc<dyn SdkStage>, String>,
    /// The verdict of the run's set-up: the account pool's sign-ups and sign-ins as the probe
    /// judged them ([`crate::setup`]); empty when nothing was set up.
    pub setup: Verdict,
    /// The target's JWKS, fetched at most once.
    pub(crate) jwks: OnceLock<Result<Value, String>>,
    /// A pool account's session that forged and tampered tokens are made from, and when it was
    /// signed in ([`crate::suite`]'s `template_session`).
    pub(crate) template: Mutex<Option<(SessionView, Instant)>>,
}

impl Env {
    /// An environment for `contract`; the user and error contracts are derived from it.
    pub fn new(
        contract: Contract,
        namespace: impl Into<String>,
    ) -> Result<Self, contract::ContractError> {
        let user_contract = user_definition(&contract)?;
        Ok(Self {
            contract,
            user_contract,
            error_contract: Contract::error_body(),
            namespace: namespace.into(),
            jwt_secret: None,
            jwt_private_keys: Vec::new(),
            allowed_locales: vec!["en".to_owned()],
            capabilities: Capabilities {
                signup: Ok(()),
                anonymous: Ok(()),
                jwt_alg: None,
            },
            pool: AccountPool::default(),
            secrets: Arc::new(Secrets::new()),
            sdk_stage: Err("this run has no SDK stage".to_owned()),
            setup: Verdict::default(),
            jwks: OnceLock::new(),
            template: Mutex::new(None),
        })
    }
}

/// The contract for a bare User: the definition the Session's `user` property refers to.
fn user_definition(contract: &Contract) -> Result<Contract, contract::ContractError> {
    let name = contract
        .schema()
        .pointer("/properties/user/$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .unwrap_or("User")
        .to_owned();
    contract.definition(&name)
}
