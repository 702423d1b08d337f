//! The self-contained case file a failure leaves behind ([`CaseFile`]), and the re-run lines
//! printed from it. `nhost-conformance replay FILE` re-runs the case with no other flags; the
//! `cargo test` line sets the same settings as `NHOST_*` variables. Both lines are printed from
//! this one struct, so they cannot drift apart. Secrets (the JWT secret, account passwords) are
//! never written: a case that needs one names the variable to set instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use results::{CaseName, CaseRecord, CaseSeed};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::settings::Role;
use crate::config::{resolve, ConfigLayer, Expectation, RunConfig, Setting, TargetSpec, SETTINGS};
use crate::errors::{ConfigError, HarnessError};

/// The format tag at the top of every case file.
pub const FORMAT: &str = "nhost-conformance-case/2";

/// The source name of a case file's settings in error messages.
const SOURCE: &str = "case file";

/// The row of the JWT secret (never stored; a case that needs it names its variable).
const JWT_SECRET: &str = "NHOST_JWT_SECRET";

/// The row of inline pre-provisioned accounts (never stored either).
const ACCOUNTS: &str = "NHOST_ACCOUNTS";

/// Everything that decides one case, and what it found the first time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    /// [`FORMAT`].
    pub format: String,
    /// The case name (with a `@seed` suffix when it was a regression).
    pub case: CaseName,
    /// The case seed.
    pub case_seed: CaseSeed,
    /// Every setting that decides what a case does ([`Role::Case`] rows), by its
    /// `conformance.toml` key, in the text the settings table prints and reads back: the
    /// resolved configuration of the run, not the sources it came from.
    pub settings: BTreeMap<String, String>,
    /// The known deviations in force that the project added (the built-in sets are named by
    /// the `expectation_sets` setting).
    pub expectations: Vec<Expectation>,
    /// Variables that must be set for the replay (secrets are never written here).
    pub needs_env: Vec<String>,
    /// The outcome the case had (`failed`, `unexpected_pass`).
    pub outcome: String,
    /// The rules it violated.
    pub rules: Vec<String>,
    /// The shrunk input that failed, redacted.
    pub minimal_input: Option<Value>,
}

/// The rows a case file stores, with their keys: every [`Role::Case`] row (each has one).
fn stored_rows() -> impl Iterator<Item = (&'static Setting, &'static str)> {
    SETTINGS
        .iter()
        .filter(|s| s.role == Role::Case)
        .filter_map(|s| s.key.map(|key| (s, key)))
}

fn bad(key: &str, message: impl Into<String>) -> HarnessError {
    HarnessError::Config(ConfigError::new(SOURCE, key, message))
}

impl CaseFile {
    /// The case file of a failed record in a run with `config`.
    pub fn of(config: &RunConfig, name: &CaseName, record: &CaseRecord) -> Self {
        let settings = stored_rows()
            .filter_map(|(setting, key)| setting.get(config).map(|text| (key.to_owned(), text)))
            .collect();
        let mut needs_env = Vec::new();
        if config.jwt_secret.is_some() && matches!(config.target, TargetSpec::Url(_)) {
            needs_env.push(
                config
                    .jwt_secret_env
                    .clone()
                    .unwrap_or_else(|| JWT_SECRET.to_owned()),
            );
        }
        if !config.accounts.is_empty() && config.accounts_file.is_none() {
            needs_env.push(ACCOUNTS.to_owned());
        }
        let mut rules: Vec<String> = record.findings.iter().map(|f| f.rule.clone()).collect();
        rules.sort();
        rules.dedup();
        Self {
            format: FORMAT.to_owned(),
            case: name.clone(),
            case_seed: record.seed,
            settings,
            expectations: config
                .expectations
                .iter()
                .filter(|e| e.set.is_none())
                .cloned()
                .collect(),
            needs_env,
            outcome: record.outcome.kind().to_owned(),
            rules,
            minimal_input: record.minimal_input.clone(),
        }
    }

    /// The stored settings as a configuration layer, read by the settings table like any other.
    fn layer(&self) -> Result<ConfigLayer, HarnessError> {
        let mut layer = ConfigLayer::new(SOURCE);
        for (key, text) in &self.settings {
            let setting = Setting::by_key(key)
                .filter(|s| s.role == Role::Case)
                .ok_or_else(|| bad(key, "not a setting a case file stores"))?;
            if setting.env == "NHOST_JWT_SECRET_ENV" {
                // Read below, with the message that says why it is needed.
                continue;
            }
            layer.set(setting, text.clone());
        }
        layer.expectations.clone_from(&self.expectations);
        Ok(layer)
    }

    /// The run configuration that replays the case: the stored settings read onto the defaults
    /// by the settings table, the case's suite alone, and the secrets from `base` (the
    /// environment) or the variables the case names.
    pub fn to_config(&self, base: &RunConfig) -> Result<RunConfig, HarnessError> {
        let mut config = resolve(&[&self.layer()?]).map_err(HarnessError::Config)?;
        config.suites = vec![self.case.suite().to_owned()];
        config.jwt_secret.clone_from(&base.jwt_secret);
        if config.accounts_file.is_none() {
            config.accounts.clone_from(&base.accounts);
        }
        let secret_env = self.settings.get("jwt_secret_env");
        // Whether the variable the case names for the JWT secret holds one (read once).
        let mut secret_read = false;
        if let Some(var) = secret_env {
            config.jwt_secret_env = Some(var.clone());
            if let Ok(secret) = crate::config::read_secret_env(var) {
                config.jwt_secret = Some(secret);
                secret_read = true;
            }
        }
        for var in &self.needs_env {
            let missing = if var == ACCOUNTS {
                config.accounts.is_empty()
            } else if Some(var) == secret_env {
                !secret_read
            } else {
                config.jwt_secret.is_none()
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

    /// The `NHOST_*` variables that configure the same case under `cargo test`: each stored
    /// setting under its row's variable, in the table's order (an empty value is the default).
    pub fn env_vars(&self) -> Vec<(&'static str, String)> {
        stored_rows()
            .filter(|(setting, _)| setting.env != "NHOST_JWT_SECRET_ENV")
            .filter_map(|(setting, key)| {
                let text = self.settings.get(key)?;
                (!text.is_empty()).then(|| (setting.env, text.clone()))
            })
            .collect()
    }

    /// The `cargo test` line that re-runs the case alone.
    pub fn cargo_test_line(&self) -> String {
        let vars: Vec<String> = self
            .env_vars()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", shell_quote(&v)))
            .collect();
        // The secret's own variable is passed on by name, never by value.
        let secret_env = self.settings.get("jwt_secret_env");
        let needs: String = self
            .needs_env
            .iter()
            .map(|v| {
                let set = if Some(v) == secret_env {
                    JWT_SECRET
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
        match value.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            Some(other) if other.starts_with("nhost-conformance-case/") => {
                return Err(bad(
                    &path.display().to_string(),
                    format!("{other} is an older case file format; this version reads {FORMAT} (run the case again to write one)"),
                ))
            }
            _ => return Ok(None),
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
    fn quoting() {
        assert_eq!(shell_quote("a,b"), "a,b");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
