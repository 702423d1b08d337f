//! The self-contained case file a failure leaves behind ([`CaseFile`]), and the re-run lines
//! printed from it. `nhost-conformance replay FILE` re-runs the case with no other flags; the
//! `cargo test` line sets the same settings as `NHOST_*` variables. Both lines are printed from
//! this one struct, so they cannot drift apart. Secrets (the JWT secret, account passwords) are
//! never written: a case that needs one names the variable to set instead.

use std::path::{Path, PathBuf};
use std::time::Duration;

use results::{CaseName, CaseRecord, CaseSeed, RunSeed};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::{
    parse_faults, read_accounts_file, read_secret_env, Budgets, Expectation, RunConfig,
    SetSwitches, TargetSpec, Via, ViaKind,
};
use crate::errors::HarnessError;

/// The format tag at the top of every case file.
pub const FORMAT: &str = "nhost-conformance-case/1";

/// The variable that holds the JWT secret under `cargo test`.
const JWT_SECRET_VAR: &str = "NHOST_JWT_SECRET";

/// The variable that holds inline pre-provisioned accounts.
const ACCOUNTS_VAR: &str = "NHOST_ACCOUNTS";

/// Where the case ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseTarget {
    /// The embedded reference server.
    Embedded {
        /// Its profile.
        profile: String,
        /// Its faults, by name.
        faults: Vec<String>,
    },
    /// A deployed service.
    Url {
        /// Its Auth base URL (credentials removed).
        url: String,
    },
}

/// One `[[expect]]` entry as written in a case file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseExpectation {
    /// The rule.
    pub rule: Option<String>,
    /// The property.
    pub property: Option<String>,
    /// The contract it applies to.
    pub contract: Option<String>,
    /// The way of reaching the target it applies to.
    #[serde(default)]
    pub via: Option<Via>,
    /// Whether it shows only in some runs.
    #[serde(default)]
    pub intermittent: bool,
    /// Why.
    pub reason: String,
}

/// The pace of a case file written before it was learned: `auto`.
fn auto_rate() -> String {
    "auto".to_owned()
}

/// The 429 patience of a case file written before it existed: the default.
fn default_throttle_wait() -> f64 {
    RunConfig::default().max_throttle_wait.as_secs_f64()
}

/// The shrink budgets of a case file written before they existed: the defaults.
fn default_shrink_requests() -> u32 {
    crate::config::SHRINK_REQUESTS
}

fn default_shrink_run_requests() -> u32 {
    crate::config::SHRINK_RUN_REQUESTS
}

fn default_shrink_sign_ups() -> u32 {
    crate::config::SHRINK_SIGN_UPS
}

/// The `via` of a case file written before the SDK target existed: plain HTTP.
fn http_via() -> String {
    "http".to_owned()
}

/// Everything that decides one case, and what it found the first time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    /// [`FORMAT`].
    pub format: String,
    /// The case name (with a `@seed` suffix when it was a regression).
    pub case: CaseName,
    /// The case seed.
    pub case_seed: CaseSeed,
    /// The run seed.
    pub run_seed: RunSeed,
    /// The target.
    pub target: CaseTarget,
    /// How requests reached it: `http`, or the SDK line (`v4`, `v3`) when through the SDK.
    #[serde(default = "http_via")]
    pub via: String,
    /// The contract (`published`, `deployed` or a schema path).
    pub contract: String,
    /// The project's known deviations in force.
    pub expectations: Vec<CaseExpectation>,
    /// The built-in expectation sets in force (absent in older files: the defaults).
    #[serde(default)]
    pub expectation_sets: Option<Vec<String>>,
    /// Request budgets, `operation=n,…` (empty: unlimited).
    pub budgets: String,
    /// Locales the target accepts.
    pub allowed_locales: Vec<String>,
    /// The namespace mixed into generated emails.
    pub namespace: String,
    /// Accounts the pool signs up.
    pub pool_size: usize,
    /// Request timeout, seconds.
    pub request_timeout_secs: f64,
    /// Response body cap, bytes.
    pub max_response_bytes: usize,
    /// The pace: `auto`, `0` (no cap) or requests per second.
    #[serde(default = "auto_rate")]
    pub rate: String,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// At most this many retries of a 429, when capped.
    #[serde(default)]
    pub max_retries: Option<u32>,
    /// Longest backoff, seconds.
    pub max_backoff_secs: f64,
    /// How long one request waits out 429s, seconds.
    #[serde(default = "default_throttle_wait")]
    pub max_throttle_wait_secs: f64,
    /// The accounts file of the run, if it had one (its passwords stay in it).
    #[serde(default)]
    pub accounts_file: Option<PathBuf>,
    /// The variable that held the JWT secret, when it was not `NHOST_JWT_SECRET`.
    #[serde(default)]
    pub jwt_secret_env: Option<String>,
    /// Shrink steps.
    pub shrink_steps: u32,
    /// Shrink time bound, seconds.
    pub shrink_secs: f64,
    /// Requests the shrinking of one failure may send.
    #[serde(default = "default_shrink_requests")]
    pub shrink_requests: u32,
    /// Requests all the shrinking of the run may send.
    #[serde(default = "default_shrink_run_requests")]
    pub shrink_run_requests: u32,
    /// Sign-ups all the shrinking of the run may send.
    #[serde(default = "default_shrink_sign_ups")]
    pub shrink_sign_ups: u32,
    /// Variables that must be set for the replay (secrets are never written here).
    pub needs_env: Vec<String>,
    /// The outcome the case had (`failed`, `unexpected_pass`).
    pub outcome: String,
    /// The rules it violated.
    pub rules: Vec<String>,
    /// The shrunk input that failed, redacted.
    pub minimal_input: Option<Value>,
}

impl CaseFile {
    /// The case file of a failed record in a run with `config`.
    pub fn of(config: &RunConfig, name: &CaseName, record: &CaseRecord) -> Self {
        let target = match &config.target {
            TargetSpec::Embedded { profile, faults } => CaseTarget::Embedded {
                profile: profile.to_string(),
                faults: faults.iter().map(|f| f.name().to_owned()).collect(),
            },
            TargetSpec::Url(url) => CaseTarget::Url {
                url: without_userinfo(url),
            },
        };
        let mut needs_env = Vec::new();
        if config.jwt_secret.is_some() && matches!(config.target, TargetSpec::Url(_)) {
            needs_env.push(
                config
                    .jwt_secret_env
                    .clone()
                    .unwrap_or_else(|| JWT_SECRET_VAR.to_owned()),
            );
        }
        if !config.accounts.is_empty() && config.accounts_file.is_none() {
            needs_env.push(ACCOUNTS_VAR.to_owned());
        }
        let mut rules: Vec<String> = record.findings.iter().map(|f| f.rule.clone()).collect();
        rules.sort();
        rules.dedup();
        Self {
            format: FORMAT.to_owned(),
            case: name.clone(),
            case_seed: record.seed,
            run_seed: RunSeed(config.seed),
            target,
            via: config
                .via()
                .sdk()
                .map_or_else(http_via, |l| l.name().to_owned()),
            contract: config.contract.clone(),
            expectations: config
                .expectations
                .iter()
                .map(|e| CaseExpectation {
                    rule: e.rule.clone(),
                    property: e.property.clone(),
                    contract: e.contract.clone(),
                    via: e.via,
                    intermittent: e.intermittent,
                    reason: e.reason.clone(),
                })
                .collect(),
            expectation_sets: Some(config.expectation_sets.iter().cloned().collect()),
            budgets: config.budgets.to_string(),
            allowed_locales: config.allowed_locales.clone(),
            namespace: config.namespace.clone(),
            pool_size: config.pool_size,
            request_timeout_secs: config.request_timeout.as_secs_f64(),
            max_response_bytes: config.max_response_bytes,
            rate: config.rate.to_string(),
            concurrency: config.concurrency,
            max_retries: config.max_retries,
            max_backoff_secs: config.max_backoff.as_secs_f64(),
            max_throttle_wait_secs: config.max_throttle_wait.as_secs_f64(),
            accounts_file: config.accounts_file.clone(),
            jwt_secret_env: config.jwt_secret_env.clone(),
            shrink_steps: config.shrink_steps,
            shrink_secs: config.shrink_time.as_secs_f64(),
            shrink_requests: config.shrink_requests,
            shrink_run_requests: config.shrink_run_requests,
            shrink_sign_ups: config.shrink_sign_ups,
            needs_env,
            outcome: record.outcome.kind().to_owned(),
            rules,
            minimal_input: record.minimal_input.clone(),
        }
    }

    /// The run configuration that replays the case. Secrets come from `base` (the environment).
    pub fn to_config(&self, base: &RunConfig) -> Result<RunConfig, HarnessError> {
        let bad = |key: &str, m: String| {
            HarnessError::Config(crate::errors::ConfigError::new("case file", key, m))
        };
        let mut config = match &self.target {
            CaseTarget::Embedded { profile, faults } => RunConfig {
                target: TargetSpec::Embedded {
                    profile: profile
                        .parse()
                        .map_err(|e| bad("profile", format!("{e}")))?,
                    faults: parse_faults(faults).map_err(|m| bad("faults", m))?,
                },
                ..RunConfig::default()
            },
            CaseTarget::Url { url } => RunConfig::default().with_url_defaults(url.clone()),
        };
        let secs = |key: &str, s: f64| {
            Duration::try_from_secs_f64(s).map_err(|e| bad(key, format!("{s}: {e}")))
        };
        match self.via.as_str() {
            "http" => config.via = ViaKind::Http,
            line => {
                config.via = ViaKind::Sdk;
                config.sdk = line.parse().map_err(|m| bad("via", m))?;
            }
        }
        config.contract.clone_from(&self.contract);
        config.seed = self.run_seed.0;
        config.expectations = self
            .expectations
            .iter()
            .map(|e| Expectation {
                rule: e.rule.clone(),
                property: e.property.clone(),
                contract: e.contract.clone(),
                via: e.via,
                intermittent: e.intermittent,
                reason: e.reason.clone(),
                set: None,
            })
            .collect();
        if let Some(sets) = &self.expectation_sets {
            let known = sets.iter().map(String::as_str);
            SetSwitches::parse(known).map_err(|m| bad("expectation_sets", m))?;
            config.expectation_sets = sets.iter().cloned().collect();
        }
        let mut budgets = Budgets::unlimited();
        budgets
            .parse_onto(&self.budgets)
            .map_err(|m| bad("budgets", m))?;
        config.budgets = budgets;
        config.allowed_locales.clone_from(&self.allowed_locales);
        config.namespace.clone_from(&self.namespace);
        config.pool_size = self.pool_size;
        config.request_timeout = secs("request_timeout_secs", self.request_timeout_secs)?;
        config.max_response_bytes = self.max_response_bytes;
        config.rate = self.rate.parse().map_err(|m| bad("rate", m))?;
        config.concurrency = self.concurrency;
        config.max_retries = self.max_retries;
        config.max_backoff = secs("max_backoff_secs", self.max_backoff_secs)?;
        config.max_throttle_wait = secs("max_throttle_wait_secs", self.max_throttle_wait_secs)?;
        config.shrink_steps = self.shrink_steps;
        config.shrink_time = secs("shrink_secs", self.shrink_secs)?;
        config.shrink_requests = self.shrink_requests;
        config.shrink_run_requests = self.shrink_run_requests;
        config.shrink_sign_ups = self.shrink_sign_ups;
        config.jwt_secret.clone_from(&base.jwt_secret);
        config.accounts.clone_from(&base.accounts);
        if let Some(path) = &self.accounts_file {
            let (path, accounts) = read_accounts_file(path).map_err(|m| bad("accounts_file", m))?;
            config.accounts = accounts;
            config.accounts_file = Some(path);
        }
        config.suites = vec![self.case.suite().to_owned()];
        for var in &self.needs_env {
            let missing = if var == ACCOUNTS_VAR {
                config.accounts.is_empty()
            } else if Some(var) == self.jwt_secret_env.as_ref() {
                match read_secret_env(var) {
                    Ok(secret) => {
                        config.jwt_secret = Some(secret);
                        config.jwt_secret_env = Some(var.clone());
                        false
                    }
                    Err(_) => true,
                }
            } else if var == JWT_SECRET_VAR {
                config.jwt_secret.is_none()
            } else {
                false
            };
            if missing {
                return Err(bad(
                    "needs_env",
                    format!("this case needs {var} set (secrets are never written to case files)"),
                ));
            }
        }
        Ok(config)
    }

    /// The `NHOST_*` variables that configure the same case under `cargo test`.
    pub fn env_vars(&self) -> Vec<(&'static str, String)> {
        let mut vars = Vec::new();
        match &self.target {
            CaseTarget::Embedded { profile, faults } => {
                vars.push(("NHOST_PROFILE", profile.clone()));
                if !faults.is_empty() {
                    vars.push(("NHOST_FAULTS", faults.join(",")));
                }
            }
            CaseTarget::Url { url } => vars.push(("NHOST_AUTH_URL", url.clone())),
        }
        if self.via != "http" {
            vars.push(("NHOST_VIA", "sdk".to_owned()));
            vars.push(("NHOST_SDK", self.via.clone()));
        }
        vars.push(("NHOST_CONTRACT", self.contract.clone()));
        if let Some(sets) = &self.expectation_sets {
            let switches = SetSwitches::from_defaults_to(&sets.iter().cloned().collect());
            if !switches.is_empty() {
                vars.push(("NHOST_EXPECTATION_SETS", switches.to_string()));
            }
        }
        vars.push(("NHOST_SEED", self.run_seed.to_string()));
        vars.push(("NHOST_NAMESPACE", self.namespace.clone()));
        if !self.budgets.is_empty() {
            vars.push(("NHOST_BUDGET", self.budgets.clone()));
        }
        vars.push(("NHOST_ALLOWED_LOCALES", self.allowed_locales.join(",")));
        vars.push(("NHOST_POOL_SIZE", self.pool_size.to_string()));
        vars.push(("NHOST_TIMEOUT_SECS", self.request_timeout_secs.to_string()));
        vars.push((
            "NHOST_MAX_RESPONSE_BYTES",
            self.max_response_bytes.to_string(),
        ));
        vars.push(("NHOST_RATE_LIMIT", self.rate.clone()));
        vars.push(("NHOST_CONCURRENCY", self.concurrency.to_string()));
        if let Some(n) = self.max_retries {
            vars.push(("NHOST_MAX_RETRIES", n.to_string()));
        }
        vars.push(("NHOST_MAX_BACKOFF_SECS", self.max_backoff_secs.to_string()));
        vars.push((
            "NHOST_MAX_THROTTLE_WAIT_SECS",
            self.max_throttle_wait_secs.to_string(),
        ));
        if let Some(path) = &self.accounts_file {
            vars.push(("NHOST_ACCOUNTS_FILE", path.display().to_string()));
        }
        vars.push(("NHOST_SHRINK_STEPS", self.shrink_steps.to_string()));
        vars.push(("NHOST_SHRINK_SECS", self.shrink_secs.to_string()));
        vars.push(("NHOST_SHRINK_REQUESTS", self.shrink_requests.to_string()));
        vars.push((
            "NHOST_SHRINK_RUN_REQUESTS",
            self.shrink_run_requests.to_string(),
        ));
        vars.push(("NHOST_SHRINK_SIGN_UPS", self.shrink_sign_ups.to_string()));
        vars
    }

    /// The `cargo test` line that re-runs the case alone.
    pub fn cargo_test_line(&self) -> String {
        let vars: Vec<String> = self
            .env_vars()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", shell_quote(&v)))
            .collect();
        // The secret's own variable is passed on by name, never by value.
        let needs: String = self
            .needs_env
            .iter()
            .map(|v| {
                let set = if Some(v) == self.jwt_secret_env.as_ref() {
                    JWT_SECRET_VAR
                } else {
                    v.as_str()
                };
                format!("{set}=\"${v}\" ")
            })
            .collect();
        format!(
            "{} {needs}cargo test -p harness --test conformance -- --exact {}",
            vars.join(" "),
            self.case
        )
    }

    /// The file name of the case in a case directory.
    pub fn file_name(&self) -> String {
        let name: String = self
            .case
            .to_string()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '.'
                }
            })
            .collect();
        format!("{name}.case.json")
    }

    /// Writes the file into `dir`, returning its absolute path (re-run lines name it, and they
    /// must work from any folder).
    pub fn write(&self, dir: &Path) -> Result<PathBuf, HarnessError> {
        let path = dir.join(self.file_name());
        let path = std::path::absolute(&path).unwrap_or(path);
        let write_err = |e: String| HarnessError::Write {
            path: path.display().to_string(),
            message: e,
        };
        let text = serde_json::to_string_pretty(self).map_err(|e| write_err(e.to_string()))?;
        std::fs::write(&path, text + "\n").map_err(|e| write_err(e.to_string()))?;
        Ok(path)
    }

    /// Reads a case file; `Ok(None)` when the file is not a case file (e.g. a regressions file).
    pub fn read(path: &Path) -> Result<Option<Self>, HarnessError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            HarnessError::Config(crate::errors::ConfigError::new(
                "command line",
                "replay",
                format!("cannot read {}: {e}", path.display()),
            ))
        })?;
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            return Ok(None);
        };
        if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Ok(None);
        }
        serde_json::from_value(value).map(Some).map_err(|e| {
            HarnessError::Config(crate::errors::ConfigError::new(
                "case file",
                &path.display().to_string(),
                format!("not a valid {FORMAT} file: {e}"),
            ))
        })
    }
}

/// A URL with any `user:password@` removed.
pub fn without_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

/// Quotes a word for a POSIX shell when it needs it.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:,=@%+".contains(&b));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_removed() {
        assert_eq!(without_userinfo("http://u:p@h:1/v1"), "http://h:1/v1");
        assert_eq!(without_userinfo("https://h/v1?a=b@c"), "https://h/v1?a=b@c");
        assert_eq!(without_userinfo("not a url"), "not a url");
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("a,b"), "a,b");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
