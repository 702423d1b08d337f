//! [`RunSession`]: one run's shared state — the runtime, the target, the environment the
//! properties see, the expectations and the collected results.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contract::Contract;
use reference_server::{RunningServer, ServerConfig};
use reports::{CaseRecord, Outcome, RunInfo, RunReport};
use suites::{AuthApi, Env, Need, PoolPlan, Property};

use super::case;
use super::judge::Judge;
use super::plan::{plan, CasePlan};
use super::regressions::{self, Regression};
use crate::config::{ReportPaths, RunConfig, TargetSpec};
use crate::errors::HarnessError;
use crate::target::{HttpSettings, HttpTarget, Limits};

/// How failure messages tell the user to re-run one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RerunStyle {
    /// `cargo test -p harness --test conformance -- --exact NAME`.
    CargoTest,
    /// `nhost-conformance replay NAME`.
    Cli,
}

/// The state shared by every case of a run.
pub struct RunSession {
    config: RunConfig,
    properties: Vec<&'static dyn Property>,
    env: Env,
    api: Arc<dyn AuthApi>,
    judge: Judge,
    regressions: Vec<Regression>,
    results: Mutex<Vec<CaseRecord>>,
    rerun: RerunStyle,
    started: Instant,
    started_at: String,
    // Dropped last: the server and the runtime outlive every request.
    _server: Option<RunningServer>,
    _runtime: tokio::runtime::Runtime,
}

/// The selected properties of a config, or the unknown suite.
pub fn selected_properties(config: &RunConfig) -> Result<Vec<&'static dyn Property>, HarnessError> {
    suites::select(&config.suites).map_err(|name| HarnessError::UnknownSuite {
        name,
        known: suites::SUITES.join(", "),
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

impl RunSession {
    /// Starts a run: loads the contract, starts the embedded server when no target is given,
    /// probes the target and fills the account pool. `server` overrides the embedded server's
    /// settings (profile and faults from the config still apply).
    pub fn start(
        config: RunConfig,
        server: Option<ServerConfig>,
        rerun: RerunStyle,
    ) -> Result<Self, HarnessError> {
        let started = Instant::now();
        let contract = Contract::load(&config.contract)?;
        let properties = selected_properties(&config)?;
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
        let (url, kind, running) = match &config.target {
            TargetSpec::Embedded { profile, faults } => {
                let mut sc = server.unwrap_or_else(ServerConfig::for_tests);
                sc.profile = *profile;
                sc.faults = faults.iter().copied().collect();
                sc.allowed_locales.clone_from(&config.allowed_locales);
                if env.jwt_secret.is_none() {
                    env.jwt_secret = sc.jwt.secret().map(str::to_owned);
                }
                let running = runtime
                    .block_on(reference_server::spawn(sc))
                    .map_err(|e| HarnessError::Server(e.to_string()))?;
                (running.url().to_owned(), "embedded", Some(running))
            }
            TargetSpec::Url(url) => (url.clone(), "http", None),
        };
        let limits = Arc::new(Limits::new(
            config.concurrency,
            config.rate_limit,
            config.budgets.clone(),
        ));
        let settings = HttpSettings {
            base_url: url,
            kind: kind.to_owned(),
            timeout: config.request_timeout,
            max_response_bytes: config.max_response_bytes,
            max_retries: config.max_retries,
            max_backoff: config.max_backoff,
        };
        let api: Arc<dyn AuthApi> =
            Arc::new(HttpTarget::new(settings, limits, runtime.handle().clone())?);
        let online = properties
            .iter()
            .any(|p| p.needs().iter().any(|n| *n != Need::Offline));
        if online {
            let pool_plan = PoolPlan {
                size: config.pool_size,
                given: config.accounts.clone(),
            };
            let probe = suites::probe(api.as_ref(), &config.namespace, &pool_plan)?;
            env.capabilities = probe.capabilities;
            env.pool = probe.pool;
        }
        Ok(Self {
            judge: Judge::new(
                config
                    .expectations
                    .iter()
                    .filter(|e| e.applies_to(env.contract.name()))
                    .cloned()
                    .collect(),
            ),
            config,
            properties,
            env,
            api,
            regressions,
            results: Mutex::new(Vec::new()),
            rerun,
            started,
            started_at: now_rfc3339(),
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

    /// The target.
    pub fn api(&self) -> &dyn AuthApi {
        self.api.as_ref()
    }

    /// Every case of the run, with ignore reasons from the probe.
    pub fn plan(&self) -> Vec<CasePlan> {
        plan(
            &self.properties,
            self.config.cases,
            self.config.seed,
            Some(&self.env),
            &self.regressions,
        )
    }

    /// Runs one case (shrinking on failure), records it and returns its record.
    /// A panic inside a property (a bug of the harness, never of the target) becomes a failed
    /// case with the panic message, so one bad property cannot take the whole run down.
    pub fn run_case(&self, case_plan: &CasePlan) -> CaseRecord {
        let record = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            case::execute(self, case_plan)
        }))
        .unwrap_or_else(|panic| case::panicked(self, case_plan, panic_message(panic.as_ref())));
        if record.outcome == Outcome::Failed {
            if let Some(path) = &self.config.regressions {
                let note = record
                    .findings
                    .first()
                    .map_or("failed", |f| f.rule.as_str());
                let case = plan_case_name(case_plan);
                let entry = Regression {
                    case,
                    seed: record.seed.0,
                };
                if let Err(e) = regressions::append(path, &entry, note) {
                    tracing::warn!("{e}");
                }
            }
        }
        self.results
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record.clone());
        record
    }

    /// Records a case that was not run because the target cannot support it.
    pub fn record_ignored(&self, case_plan: &CasePlan, reason: &str) -> CaseRecord {
        let record = case::not_run(self, case_plan, reason);
        self.results
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record.clone());
        record
    }

    /// The judge (expectations).
    pub(crate) fn judge(&self) -> &Judge {
        &self.judge
    }

    /// How to re-run a case.
    pub fn rerun_command(&self, name: &str) -> String {
        match self.rerun {
            RerunStyle::CargoTest => {
                format!(
                    "NHOST_SEED={} cargo test -p harness --test conformance -- --exact {name}",
                    self.config.seed
                )
            }
            RerunStyle::Cli => format!(
                "nhost-conformance replay {name} --seed {}",
                self.config.seed
            ),
        }
    }

    /// Rule-scoped expectations that matched nothing although a case exercised their rule, and
    /// property-scoped ones whose property ran and never failed: stale entries.
    pub fn stale_expectations(&self) -> Vec<crate::config::Expectation> {
        let results = self.results.lock().unwrap_or_else(|e| e.into_inner());
        let exercised: BTreeSet<&str> = results
            .iter()
            .flat_map(|c| c.rules.iter().map(String::as_str))
            .collect();
        let ran: BTreeSet<String> = results
            .iter()
            .map(|c| format!("{}::{}", c.suite, c.property))
            .collect();
        self.judge
            .unused()
            .into_iter()
            .filter(|e| {
                e.rule.as_deref().is_none_or(|r| exercised.contains(r))
                    && e.property.as_ref().is_none_or(|p| ran.contains(p))
            })
            .collect()
    }

    /// The report of every case recorded so far, in the order they finished.
    pub fn report(&self) -> RunReport {
        let cases = self
            .results
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        RunReport {
            info: RunInfo {
                tool_version: env!("CARGO_PKG_VERSION").to_owned(),
                target: self.config.target_label(),
                contract: self.env.contract.name().to_owned(),
                seed: reports::RunSeed(self.config.seed),
                started_at: self.started_at.clone(),
                duration_ms: self.started.elapsed().as_secs_f64() * 1000.0,
            },
            cases,
        }
    }

    /// Writes the configured reports.
    pub fn write_reports(&self, report: &RunReport) -> Result<(), HarnessError> {
        write_reports(report, &self.config.reports)
    }

    /// Time budget for shrinking one case.
    pub(crate) fn shrink_bounds(&self) -> (u32, Duration) {
        (self.config.shrink_steps, self.config.shrink_time)
    }
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// The `suite::property::case_NNNN` a plan replays or runs (regressions keep their original name).
fn plan_case_name(plan: &CasePlan) -> String {
    format!(
        "{}::case_{:04}",
        super::plan::property_id(plan.property),
        plan.index + 1
    )
}

/// Writes the reports whose paths are set (the sinks create missing directories). A Markdown summary aimed at `$GITHUB_STEP_SUMMARY` is
/// appended to, so the step's earlier content is kept.
pub fn write_reports(report: &RunReport, paths: &ReportPaths) -> Result<(), HarnessError> {
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").map(std::path::PathBuf::from);
    let append_markdown = paths.markdown.is_some() && paths.markdown == step_summary;
    let out = reports::OutputPaths {
        junit: paths.junit.clone(),
        ndjson: paths.ndjson.clone(),
        markdown: if append_markdown {
            None
        } else {
            paths.markdown.clone()
        },
        html: paths.html.clone(),
    };
    reports::write_all(report, &out)?;
    if let (true, Some(path)) = (append_markdown, &paths.markdown) {
        use reports::ReportSink;
        let mut sink = reports::MarkdownSink::append(path)?;
        sink.run_finished(report)?;
    }
    Ok(())
}

/// Now, as RFC 3339 UTC with seconds.
fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let days = secs / 86_400;
    let (h, m, s) = ((secs % 86_400) / 3600, (secs % 3600) / 60, secs % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}
