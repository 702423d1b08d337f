//! [`RunConfig`]: everything a run needs, with its defaults.

use std::path::PathBuf;
use std::time::Duration;

use results::RunSeed;

use reference_server::{Fault, Profile};
use suites::{Account, Secrets};

use super::expect::Expectation;
use super::via::{Via, ViaKind};
use crate::transport::sdk::SdkLine;
use crate::transport::Budgets;

/// Where the requests go.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetSpec {
    /// The embedded reference server, started on an ephemeral loopback port for the run.
    Embedded {
        /// The response profile (`NHOST_PROFILE`, default `published`).
        profile: Profile,
        /// Faults switched on (`NHOST_FAULTS`, comma-separated names; default none).
        faults: Vec<Fault>,
    },
    /// A deployed Auth service at this base URL (`NHOST_AUTH_URL`, or built from `NHOST_SUBDOMAIN`
    /// and `NHOST_REGION` as `https://{subdomain}.auth.{region}.nhost.run/v1`). Checked when the
    /// configuration is resolved: http or https, with a host. Userinfo (`user:pass@`) is sent as
    /// basic auth and never shown ([`RunConfig::target_label`] drops it).
    Url(String),
}

/// Where each report goes, by format name ([`reports::FORMATS`]); a format with no path is not
/// written.
pub type ReportPaths = reports::OutputPaths;

/// The whole configuration of a run. Environment beats `conformance.toml` beats these defaults.
/// Every numeric setting is checked against the bounds in [`super::bounds`], whatever its source.
#[derive(Debug, Clone, PartialEq)]
pub struct RunConfig {
    /// The target. Default: the embedded reference server, published profile, no fault.
    pub target: TargetSpec,
    /// How requests reach the target: `http` or `sdk` (`NHOST_VIA`, `--via`; default `http`).
    pub via: ViaKind,
    /// The SDK line a `sdk` run goes through: `v4` (`@nhost/nhost-js` 4.x) or `v3` (`NHOST_SDK`,
    /// `--sdk`; default `v4`).
    pub sdk: SdkLine,
    /// The contract: `published`, `deployed` or a schema file path (`NHOST_CONTRACT`, default `published`).
    pub contract: String,
    /// Suites to run (`NHOST_SUITES`, comma-separated; `--suite`); empty for every suite that
    /// judges the target (all but `sdk`, which runs only when named).
    pub suites: Vec<String>,
    /// Suites left out (`NHOST_EXCLUDE_SUITES`, comma-separated; `--exclude-suite`).
    pub exclude_suites: Vec<String>,
    /// Cases per property (`NHOST_CASES`, 1 to 100,000, default 12). Properties without input run once.
    pub cases: usize,
    /// The run seed (`NHOST_SEED`, a number or `random`; default 1337). Case seeds derive from it
    /// and the case name.
    pub seed: RunSeed,
    /// Timeout of every request, connect to last byte (`NHOST_TIMEOUT_SECS`, 1 ms to 3600 s,
    /// default 10).
    pub request_timeout: Duration,
    /// Cap on a response body (`NHOST_MAX_RESPONSE_BYTES`, 1 byte to 256 MiB, default 1 MiB).
    pub max_response_bytes: usize,
    /// How fast requests go (`NHOST_RATE_LIMIT`, `--rate`: `auto`, the default, learns the
    /// target's pace; `0` sets no cap; a number of requests per second, 0.001 to 10,000, is
    /// where the pace starts and the most it may reach). 429 answers slow any of them down.
    pub rate: RateSetting,
    /// Requests in flight at once (`NHOST_CONCURRENCY`, `--concurrency`, 1 to 1024, default 4).
    pub concurrency: usize,
    /// At most this many retries of a 429 answer (`NHOST_MAX_RETRIES`, `--max-retries`, 0 to
    /// 100); default none: [`RunConfig::max_throttle_wait`] decides.
    pub max_retries: Option<u32>,
    /// The longest wait between retries, whatever Retry-After says (`NHOST_MAX_BACKOFF_SECS`,
    /// `--max-backoff`, 1 ms to 3600 s, default 30).
    pub max_backoff: Duration,
    /// How long one request keeps waiting out 429 answers before its case is not covered
    /// (`NHOST_MAX_THROTTLE_WAIT_SECS`, `--max-throttle-wait`, 1 s to 1 day, default 330: one
    /// of Nhost's 5-minute sign-up windows and a margin).
    pub max_throttle_wait: Duration,
    /// Requests allowed per operation in one run (`NHOST_BUDGET`, `--budget`, e.g.
    /// `sign_up=10,sign_in_anonymous=10`); default none: time bounds a run, not request counts.
    pub budgets: Budgets,
    /// Shared secret for HS* signature checks (`NHOST_JWT_SECRET`, or the variable named by
    /// `--jwt-secret-env` / `jwt_secret_env`; default none: the check is not covered).
    pub jwt_secret: Option<String>,
    /// The variable the JWT secret was read from, when it was not `NHOST_JWT_SECRET`.
    pub jwt_secret_env: Option<String>,
    /// Accounts the pool creates by sign-up when none are given (`NHOST_POOL_SIZE`,
    /// `--pool-size`, 1 to 1000, default 3).
    pub pool_size: usize,
    /// Pre-provisioned accounts (`NHOST_ACCOUNTS`, `email:password` pairs separated by commas;
    /// an accounts file, `NHOST_ACCOUNTS_FILE` / `--accounts-file`, one pair per line; or
    /// `[[account]]` in the file). With these, the pool spends no sign-up.
    pub accounts: Vec<Account>,
    /// The accounts file the accounts were read from, if they were (absolute).
    pub accounts_file: Option<PathBuf>,
    /// Locales the target accepts, the first being its default (`NHOST_ALLOWED_LOCALES`; default
    /// `en` for a URL, the embedded server's list otherwise).
    pub allowed_locales: Vec<String>,
    /// Mixed into generated emails (`NHOST_NAMESPACE`; default random per process).
    pub namespace: String,
    /// Shrink steps after a failure (`NHOST_SHRINK_STEPS`, 0 to 10,000, default 48). Each step
    /// costs requests.
    pub shrink_steps: u32,
    /// Wall-clock bound on shrinking one case (`NHOST_SHRINK_SECS`, 1 ms to 1 day, default 30).
    pub shrink_time: Duration,
    /// Requests the shrinking of one failure may send (`NHOST_SHRINK_REQUESTS`, 0 to 100,000,
    /// default [`SHRINK_REQUESTS`]).
    pub shrink_requests: u32,
    /// Requests all the shrinking of a run may send (`NHOST_SHRINK_RUN_REQUESTS`, 0 to
    /// 10,000,000, default [`SHRINK_RUN_REQUESTS`]).
    pub shrink_run_requests: u32,
    /// Sign-ups all the shrinking of a run may send (`NHOST_SHRINK_SIGN_UPS`, 0 to 100,000,
    /// default [`SHRINK_SIGN_UPS`]): sign-ups are what a rate-limited project allows least, so
    /// shrink steps that need none go on after these are spent.
    pub shrink_sign_ups: u32,
    /// File of failing case seeds, replayed first (`NHOST_REGRESSIONS`; default none).
    pub regressions: Option<PathBuf>,
    /// The project's known deviations (`[[expect]]` in the file, or the file named by
    /// `NHOST_EXPECTATIONS` / `--expectations`), added to the built-in sets in force.
    pub expectations: Vec<Expectation>,
    /// The built-in expectation sets in force, by name (default: those on by default;
    /// `NHOST_EXPECTATION_SETS`, `expectation_sets`, `--expectation-set`: `name` on, `-name` off).
    pub expectation_sets: std::collections::BTreeSet<String>,
    /// Report outputs.
    pub reports: ReportPaths,
    /// Wall-clock bound on the whole run (`NHOST_MAX_DURATION`, `--max-duration`, seconds;
    /// default [`DEFAULT_URL_MAX_DURATION`] for a URL target, none for the embedded server).
    /// When it passes, no new case starts and the rest are reported as not covered (exit 5).
    pub max_duration: Option<Duration>,
    /// Stop the run after this many failed cases (`NHOST_MAX_FAIL`, `--max-fail`; default
    /// none); the rest are reported as not run.
    pub max_fail: Option<usize>,
    /// Consecutive requests without an answer (timeouts, refused connections, endless 429s) after
    /// which the run stops and reports the rest as not run (`NHOST_BREAKER_FAILURES`, default 4;
    /// 0 never stops).
    pub breaker_failures: u32,
    /// The Hasura admin secret of the project (`NHOST_ADMIN_SECRET`; default none). With a GraphQL
    /// URL, the users the run created are deleted at its end. Never printed.
    pub admin_secret: Option<String>,
    /// The project's GraphQL endpoint (`NHOST_GRAPHQL_URL`; default: derived from
    /// `NHOST_SUBDOMAIN` and `NHOST_REGION` as `https://{subdomain}.graphql.{region}.nhost.run/v1`).
    pub graphql_url: Option<String>,
    /// Whether the run may write (sign up users, sign in, sign out) to a target that is not on
    /// this machine's loopback (`NHOST_ALLOW_WRITES=1`, `--allow-writes`; default off).
    pub allow_writes: bool,
    /// Let a run that could not exercise everything it planned (not-covered cases, a deadline)
    /// exit 0 instead of 5 (`NHOST_ALLOW_INCOMPLETE=1`, `--allow-incomplete`; default off).
    pub allow_incomplete: bool,
    /// Directory for case files of failures (`NHOST_OUT_DIR`; the CLI's `--out-dir`, default
    /// `nhost-conformance-report`; under `cargo test`, `target/tmp/nhost-conformance`).
    pub out_dir: Option<PathBuf>,
}

/// The default run seed.
pub const DEFAULT_SEED: RunSeed = RunSeed(1337);

/// Requests the shrinking of one failure may send, by default: the re-run that checks a failure
/// is not flaky is not counted.
pub const SHRINK_REQUESTS: u32 = 40;

/// Requests all the shrinking of a run may send, by default.
pub const SHRINK_RUN_REQUESTS: u32 = 240;

/// Sign-ups all the shrinking of a run may send, by default (a rate-limited Nhost project
/// allows 10 every 5 minutes).
pub const SHRINK_SIGN_UPS: u32 = 24;

/// The bound on a run against a URL target when none is set: 30 minutes.
pub const DEFAULT_URL_MAX_DURATION: Duration = Duration::from_secs(30 * 60);

/// How fast a run sends requests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RateSetting {
    /// Learn the target's pace: no cap on this machine or a private network, a gentle start
    /// that speeds up while no 429 comes for a public host.
    Auto,
    /// No cap (429 answers still slow the run down).
    Unlimited,
    /// Start at this many requests per second and never go faster.
    PerSec(f64),
}

impl std::fmt::Display for RateSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RateSetting::Auto => f.write_str("auto"),
            RateSetting::Unlimited => f.write_str("0"),
            RateSetting::PerSec(r) => write!(f, "{r}"),
        }
    }
}

impl std::str::FromStr for RateSetting {
    type Err = String;

    /// `auto`, `0` (no cap) or requests per second within [`super::bounds::RATE_LIMIT`].
    fn from_str(text: &str) -> Result<Self, String> {
        if text.trim().eq_ignore_ascii_case("auto") {
            return Ok(RateSetting::Auto);
        }
        super::bounds::RATE_LIMIT.parse(text).map(|r| {
            if r == 0.0 {
                RateSetting::Unlimited
            } else {
                RateSetting::PerSec(r)
            }
        })
    }
}

/// Locales the embedded reference server accepts (its first is the default).
pub const EMBEDDED_LOCALES: &[&str] = reference_server::ServerConfig::TEST_LOCALES;

impl Default for RunConfig {
    fn default() -> Self {
        Self {
            target: TargetSpec::Embedded {
                profile: Profile::Published,
                faults: Vec::new(),
            },
            via: ViaKind::Http,
            sdk: SdkLine::default(),
            contract: "published".to_owned(),
            suites: Vec::new(),
            exclude_suites: Vec::new(),
            cases: 12,
            seed: DEFAULT_SEED,
            request_timeout: Duration::from_secs(10),
            max_response_bytes: 1 << 20,
            rate: RateSetting::Auto,
            concurrency: 4,
            max_retries: None,
            max_backoff: Duration::from_secs(30),
            max_throttle_wait: Duration::from_secs(330),
            budgets: Budgets::unlimited(),
            jwt_secret: None,
            jwt_secret_env: None,
            pool_size: 3,
            accounts: Vec::new(),
            accounts_file: None,
            allowed_locales: EMBEDDED_LOCALES.iter().map(|s| (*s).to_owned()).collect(),
            namespace: random_namespace(),
            shrink_steps: 48,
            shrink_time: Duration::from_secs(30),
            shrink_requests: SHRINK_REQUESTS,
            shrink_run_requests: SHRINK_RUN_REQUESTS,
            shrink_sign_ups: SHRINK_SIGN_UPS,
            regressions: None,
            expectations: Vec::new(),
            expectation_sets: super::sets::default_sets(),
            reports: ReportPaths::default(),
            max_duration: None,
            max_fail: None,
            breaker_failures: 4,
            allow_incomplete: false,
            admin_secret: None,
            graphql_url: None,
            allow_writes: false,
            out_dir: None,
        }
    }
}

impl RunConfig {
    /// Switches to a URL target with the defaults that suit a deployed service (a bound on the
    /// run's time, `en` as the only locale) unless they were set explicitly. The pace is
    /// learned from the target ([`RateSetting::Auto`]), and no request count is budgeted.
    pub fn with_url_defaults(mut self, url: String) -> Self {
        self.target = TargetSpec::Url(url);
        self.max_duration = Some(DEFAULT_URL_MAX_DURATION);
        self.allowed_locales = vec!["en".to_owned()];
        self
    }

    /// Every expectation in force for this run: the entries of the built-in sets in force, then
    /// the project's own, each kept only when it applies to the run's contract and client.
    pub fn expectations_in_force(&self, contract: &str) -> Vec<Expectation> {
        let via = self.via();
        super::sets::SETS
            .iter()
            .filter(|s| self.expectation_sets.contains(s.name))
            .flat_map(|s| s.entries())
            .chain(self.expectations.iter().cloned())
            .filter(|e| e.applies_to(contract, via))
            .collect()
    }

    /// How requests reach the target.
    pub fn via(&self) -> Via {
        Via::from_parts(self.via, self.sdk)
    }

    /// Whether the target is on this machine: the embedded server, or a URL whose host is a
    /// loopback address or `localhost`.
    pub fn target_is_local(&self) -> bool {
        let TargetSpec::Url(url) = &self.target else {
            return true;
        };
        reqwest::Url::parse(url).is_ok_and(|u| {
            let host = u.host_str().unwrap_or("");
            let host = host.trim_start_matches('[').trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    }

    /// A short description of the target for reports and trial kinds, naming the SDK when the
    /// run goes through one.
    pub fn target_label(&self) -> String {
        match self.via().sdk() {
            None => self.target_only_label(),
            Some(line) => format!(
                "{} via {}",
                self.target_only_label(),
                crate::transport::sdk::install::sdk_label(line)
            ),
        }
    }

    /// The target alone, without the way it is reached.
    fn target_only_label(&self) -> String {
        match &self.target {
            TargetSpec::Embedded { profile, faults } if faults.is_empty() => {
                format!("embedded reference server ({profile})")
            }
            TargetSpec::Embedded { profile, faults } => {
                let names: Vec<&str> = faults.iter().map(|f| f.name()).collect();
                format!(
                    "embedded reference server ({profile}, faults: {})",
                    names.join(",")
                )
            }
            TargetSpec::Url(url) => suites::redact::strip_userinfo(url),
        }
    }

    /// Teaches `secrets` the secrets of this configuration: the JWT secret, the target URL's
    /// userinfo and the passwords of the pre-provisioned accounts. (There is no admin-secret
    /// setting.)
    pub fn learn_secrets(&self, secrets: &Secrets) {
        if let Some(s) = &self.jwt_secret {
            secrets.learn(s);
        }
        if let Some(s) = &self.admin_secret {
            secrets.learn(s);
        }
        if let TargetSpec::Url(url) = &self.target {
            secrets.learn_url(url);
        }
        for account in &self.accounts {
            secrets.learn(&account.password);
        }
    }
}

/// A namespace unique enough per process: time and pid, base-36.
pub fn random_namespace() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut n = (nanos ^ (u128::from(std::process::id()) << 64)) as u64;
    let mut out = String::new();
    while n > 0 && out.len() < 8 {
        let d = (n % 36) as u32;
        out.push(char::from_digit(d, 36).unwrap_or('x'));
        n /= 36;
    }
    out
}
