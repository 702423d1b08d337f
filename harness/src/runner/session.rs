//! [`RunSession`]: one run's shared state: the runtime, the target (under the [`Guard`] layer),
//! the environment the properties see, and the expectations. It starts the target and probes it;
//! running cases and reporting them is the engine's job ([`crate::runner::Engine`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use contract::Contract;
use reference_server::{JwtConfig, RunningServer, ServerConfig};
use suites::{AuthApi, Env, Need, PoolPlan, Property, TargetInfo};

use super::groups::{FailureGroups, ShrinkBudget};
use super::guard::Guard;
use super::judge::Judge;
use super::plan::{plan, CasePlan};
use super::regressions::{self, Regression};
use super::setup;
use super::stop::StopFlag;
use crate::config::Via;
use crate::config::{RateSetting, RunConfig, TargetSpec};
use crate::errors::HarnessError;
use crate::transport::sdk::{
    self, Bridge, BridgeFailure, BridgeSettings, BridgeStage, SdkLine, SdkTransport,
};
use crate::transport::{
    BoxTransport, HttpSettings, HttpTransport, LayeredTarget, Limits, Locality, PaceSettings,
    RetryPolicy, Shapes, StackSettings,
};

/// The bounds on shrinking one case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ShrinkBounds {
    /// Steps (`--shrink-steps`).
    pub steps: u32,
    /// Wall time (`--shrink-secs`).
    pub time: Duration,
    /// Requests (`--shrink-requests`).
    pub requests: u64,
}

/// The state shared by every case of a run.
pub struct RunSession {
    config: RunConfig,
    properties: Vec<&'static dyn Property>,
    env: Env,
    api: Arc<dyn AuthApi>,
    guard: Arc<Guard>,
    judge: Judge,
    regressions: Vec<Regression>,
    stop: StopFlag,
    limits: Arc<Limits>,
    shapes: Arc<Shapes>,
    groups: Arc<FailureGroups>,
    shrink_budget: ShrinkBudget,
    started: Instant,
    // Dropped last: the server and the runtime outlive every request.
    _server: Option<RunningServer>,
    _runtime: tokio::runtime::Runtime,
}

/// The selected properties of a config, or the unknown suite.
pub fn selected_properties(config: &RunConfig) -> Result<Vec<&'static dyn Property>, HarnessError> {
    suites::select(&config.suites, &config.exclude_suites).map_err(|name| {
        HarnessError::UnknownSuite {
            name,
            known: suites::SUITES.join(", "),
        }
    })
}

/// The regressions file's entries, or none when no file is configured.
fn load_regressions(config: &RunConfig) -> Result<Vec<Regression>, HarnessError> {
    config
        .regressions
        .as_deref()
        .map_or(Ok(Vec::new()), regressions::read)
}

/// Case names without touching the target (for `--list`).
pub fn list_plan(config: &RunConfig) -> Result<Vec<CasePlan>, HarnessError> {
    let properties = selected_properties(config)?;
    let regressions = load_regressions(config)?;
    Ok(plan(
        &properties,
        config.cases,
        config.seed,
        None,
        &regressions,
    ))
}

/// The embedded server's configuration for a run: `base` (or the test defaults) with the run's
/// profile, faults and locales, signing with the run's JWT secret when one is set.
fn embedded_server(config: &RunConfig, base: Option<ServerConfig>) -> ServerConfig {
    let mut sc = base.unwrap_or_else(ServerConfig::for_tests);
    if let TargetSpec::Embedded { profile, faults } = &config.target {
        sc.profile = *profile;
        sc.faults = faults.iter().copied().collect();
    }
    sc.allowed_locales.clone_from(&config.allowed_locales);
    if let Some(secret) = config.jwt_secret.clone() {
        sc.jwt = match sc.jwt {
            JwtConfig::Hs384 { .. } => JwtConfig::Hs384 { secret },
            JwtConfig::Hs512 { .. } => JwtConfig::Hs512 { secret },
            JwtConfig::Hs256 { .. } => JwtConfig::Hs256 { secret },
            rs => rs,
        };
    }
    sc
}

/// Where the pace starts and what bounds it: `auto` runs uncapped on this machine or a private
/// network and starts gently on a public host; a rate of the user's is both start and ceiling.
fn pace_settings(config: &RunConfig, locality: Locality) -> PaceSettings {
    let (start, ceiling) = match config.rate {
        RateSetting::Auto if locality == Locality::Private => (None, None),
        RateSetting::Auto => (Some(crate::transport::GENTLE_START), None),
        RateSetting::Unlimited => (None, None),
        RateSetting::PerSec(rate) => (Some(rate), Some(rate)),
    };
    PaceSettings {
        concurrency: config.concurrency,
        start,
        ceiling,
        budgets: config.budgets.clone(),
    }
}

/// The memory cap of the SDK bridge, in MiB (V8's old space and the resident size after
/// each call).
pub const SDK_MEMORY_MIB: u32 = 512;

/// Prepares `line`'s bridge (its packages installed on first use) and starts it against `url`,
/// so that a missing Node.js or a failed install ends the run before any case. A URL with
/// credentials is refused: the SDK's `fetch` cannot send them, and the bridge would be handed
/// them on its command line. What the bridge says when it fails to start is scrubbed with
/// `secrets`.
pub fn sdk_bridge(
    line: SdkLine,
    url: &str,
    config: &RunConfig,
    runtime: &tokio::runtime::Handle,
    secrets: &suites::Secrets,
) -> Result<Arc<Bridge>, HarnessError> {
    if suites::redact::strip_userinfo(url) != url {
        return Err(HarnessError::Config(crate::errors::ConfigError::new(
            "target",
            "via",
            "the SDK cannot send the credentials in the target URL (fetch refuses a URL with user:password@): remove them or use --via http",
        )));
    }
    let dir = sdk::prepare(line, runtime)?;
    let bridge = Arc::new(Bridge::new(BridgeSettings {
        dir,
        auth_url: url.to_owned(),
        call_timeout: config.request_timeout,
        memory_mib: SDK_MEMORY_MIB,
        env: Vec::new(),
        spare: false,
    }));
    runtime.block_on(bridge.start()).map_err(|e| {
        use crate::errors::SdkError;
        HarnessError::Sdk(match e {
            // The bridge's own words (its stderr) may quote what it was given.
            BridgeFailure::Start(SdkError::Start(text)) => SdkError::Start(secrets.scrub(&text)),
            BridgeFailure::Start(e) => e,
            other => SdkError::Start(secrets.scrub(&other.to_string())),
        })
    })?;
    Ok(bridge)
}

impl RunSession {
    /// Starts a run: loads the contract, starts the embedded server when no target is given,
    /// probes the target and fills the account pool. `server` overrides the embedded server's
    /// settings (profile and faults from the config still apply). Every request goes through a
    /// [`Guard`] that refuses requests once `stop` is set and sets it when the target stops
    /// answering.
    pub fn start(
        config: RunConfig,
        server: Option<ServerConfig>,
        transport: Option<(BoxTransport, TargetInfo)>,
        stop: StopFlag,
    ) -> Result<Self, HarnessError> {
        let started = Instant::now();
        let contract = Contract::load(&config.contract)?;
        let properties = selected_properties(&config)?;
        let online = properties.iter().any(|p| {
            p.needs()
                .iter()
                .any(|n| !matches!(n, Need::Offline | Need::SdkStage))
        });
        if online && !config.allow_writes && !config.target_is_local() {
            return Err(HarnessError::Config(crate::errors::ConfigError::new(
                "target",
                "allow_writes",
                format!(
                    "{} is not on this machine and the run signs up users there: set NHOST_ALLOW_WRITES=1 or pass --allow-writes",
                    config.target_label()
                ),
            )));
        }
        let regressions = load_regressions(&config)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("nhost-conformance-io")
            .build()
            .map_err(|e| HarnessError::Runtime(e.to_string()))?;
        let mut env = Env::new(contract, config.namespace.clone())?;
        env.allowed_locales.clone_from(&config.allowed_locales);
        env.jwt_secret.clone_from(&config.jwt_secret);
        // The reference server's published development key is no secret: with it, forged RS*
        // tokens can be signed for a target that signs with it (any other key is not known).
        env.jwt_private_keys
            .push(reference_server::development_key_der());
        config.learn_secrets(&env.secrets);
        let (url, kind, running) = match &config.target {
            TargetSpec::Embedded { .. } => {
                let sc = embedded_server(&config, server);
                if env.jwt_secret.is_none() {
                    env.jwt_secret = sc.jwt.secret().map(str::to_owned);
                }
                if let Some(secret) = sc.jwt.secret() {
                    env.secrets.learn(secret);
                }
                let running = runtime
                    .block_on(reference_server::spawn(sc))
                    .map_err(|e| HarnessError::Server(e.to_string()))?;
                (running.url().to_owned(), "embedded", Some(running))
            }
            TargetSpec::Url(url) => (url.clone(), "http", None),
        };
        let locality = runtime.block_on(Locality::of(&url, config.request_timeout));
        let limits = Arc::new(Limits::new(pace_settings(&config, locality)));
        // One registry of secrets for the whole run (the configuration's, the URL's userinfo
        // among them, were learned above): what the target sends and receives, and what the
        // records are scrubbed with.
        let stack = StackSettings {
            limits: Arc::clone(&limits),
            secrets: Arc::clone(&env.secrets),
            retry: RetryPolicy {
                max_retries: config.max_retries,
                max_backoff: config.max_backoff,
                patience: config.max_throttle_wait,
            },
            cancel: stop.cancel(),
            shapes: Arc::new(Shapes::new()),
        };
        let shown_url = suites::redact::strip_userinfo(&url);
        let shared = || runtime.handle().clone();
        let target: Arc<dyn AuthApi> = match (transport, config.via()) {
            (Some((transport, info)), _) => {
                Arc::new(LayeredTarget::new(transport, info, &stack, shared()))
            }
            (None, Via::Http) => {
                let transport = HttpTransport::new(HttpSettings {
                    base_url: url.clone(),
                    timeout: config.request_timeout,
                    max_response_bytes: config.max_response_bytes,
                })?;
                let info = TargetInfo {
                    kind: kind.to_owned(),
                    url: shown_url,
                };
                // Each case thread does its own requests' I/O: no hand-off per request.
                Arc::new(LayeredTarget::each_thread(
                    move || transport.with_own_client(),
                    info,
                    &stack,
                ))
            }
            (None, Via::Sdk(line)) => {
                let bridge = sdk_bridge(line, &url, &config, runtime.handle(), &env.secrets)?;
                let info = TargetInfo {
                    kind: format!("{kind} via sdk {line}"),
                    url: shown_url,
                };
                let transport =
                    SdkTransport::new(bridge, config.request_timeout, config.max_response_bytes)
                        .counting(Arc::clone(&limits));
                Arc::new(LayeredTarget::new(transport, info, &stack, shared()))
            }
        };
        // The stage serves the SDKs only when its suite was asked for by name: then a missing
        // Node.js is an error of the run (exit 3), not a gap in it.
        if properties
            .iter()
            .any(|p| p.needs().contains(&Need::SdkStage))
        {
            let stage = BridgeStage::new(
                runtime.handle().clone(),
                Arc::clone(&env.secrets),
                SdkLine::ALL.to_vec(),
                config.request_timeout.min(sdk::STAGE_CALL_TIMEOUT),
                SDK_MEMORY_MIB,
            )?
            .counting(Arc::clone(&limits));
            env.sdk_stage = Ok(Arc::new(stage) as Arc<dyn suites::SdkStage>);
        }
        let guard = Arc::new(Guard::new(target, stop.clone(), config.breaker_failures));
        let api: Arc<dyn AuthApi> = guard.clone();
        if online {
            let pool_plan = PoolPlan {
                size: config.pool_size,
                given: config.accounts.clone(),
            };
            let probe = suites::probe(api.as_ref(), &env, &config.namespace, &pool_plan)
                .map_err(|e| HarnessError::TargetCheck(env.secrets.scrub(&e.to_string())))?;
            env.capabilities = probe.capabilities;
            env.pool = probe.pool;
            env.setup = probe.setup;
        }
        let config_shrink = (config.shrink_run_requests, config.shrink_sign_ups);
        Ok(Self {
            judge: Judge::new(config.expectations_in_force(env.contract.name())),
            config,
            properties,
            env,
            api,
            guard,
            regressions,
            stop,
            limits,
            shapes: Arc::clone(&stack.shapes),
            groups: Arc::new(FailureGroups::new()),
            shrink_budget: ShrinkBudget::new(
                u64::from(config_shrink.0),
                u64::from(config_shrink.1),
            ),
            started,
            _server: running,
            _runtime: runtime,
        })
    }

    /// The configuration of the run.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// The environment the properties see.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The target, under its guard.
    pub fn api(&self) -> &dyn AuthApi {
        self.api.as_ref()
    }

    /// The guard layer every request goes through (created users, the breaker).
    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    /// The runtime the target's requests run on.
    pub fn runtime(&self) -> &tokio::runtime::Runtime {
        &self._runtime
    }

    /// The run's stop flag.
    pub fn stop(&self) -> &StopFlag {
        &self.stop
    }

    /// The target's pacing: budgets spent, 429s seen, the pace learned from them.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The same, shared: for a reader that outlives a borrow of the session (a progress line).
    pub fn limits_handle(&self) -> Arc<Limits> {
        Arc::clone(&self.limits)
    }

    /// When the session started (before the probe).
    pub fn started(&self) -> Instant {
        self.started
    }

    /// Every case of the run, with not-covered reasons from the probe (scrubbed: they may quote
    /// what the target answered).
    pub fn plan(&self) -> Vec<CasePlan> {
        let mut cases = plan(
            &self.properties,
            self.config.cases,
            self.config.seed,
            Some(&self.env),
            &self.regressions,
        );
        setup::plan_setup(&mut cases, &self.env, self.config.seed);
        for case in &mut cases {
            if let Some(reason) = &case.ignored {
                case.ignored = Some(self.env.secrets.scrub(reason));
            }
        }
        cases
    }

    /// The shapes of every answer the target sent (the contract drift report).
    pub fn shapes(&self) -> &Shapes {
        &self.shapes
    }

    /// The judge (expectations).
    pub(crate) fn judge(&self) -> &Judge {
        &self.judge
    }

    /// Step, time and request bounds for shrinking one case.
    pub(crate) fn shrink_bounds(&self) -> ShrinkBounds {
        ShrinkBounds {
            steps: self.config.shrink_steps,
            time: self.config.shrink_time,
            requests: u64::from(self.config.shrink_requests),
        }
    }

    /// The failure signatures met so far, and who stands for each.
    pub(crate) fn groups(&self) -> &FailureGroups {
        &self.groups
    }

    /// Shares `groups` with other runs (a campaign's rounds): a failure one of them shrank is not
    /// shrunk again here.
    pub(crate) fn share_groups(&mut self, groups: Arc<FailureGroups>) {
        self.groups = groups;
    }

    /// What all the shrinking of the run may still send.
    pub(crate) fn shrink_budget(&self) -> &ShrinkBudget {
        &self.shrink_budget
    }
}
