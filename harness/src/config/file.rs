//! The file layer: `conformance.toml`, found at `NHOST_CONFIG` or in the working directory or one
//! of its parents. Its keys are the settings table's ([`super::settings`]): each value is read as
//! text by the table's own parser; `[[expect]]` and `[[account]]` entries are read as entries.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use suites::Account;

use super::expect::{validate, Expectation};
use super::layer::ConfigLayer;
use super::settings::SETTINGS;
use crate::errors::ConfigError;

/// The file's name.
pub const FILE_NAME: &str = "conformance.toml";

/// The entries a file may hold besides settings.
#[derive(Debug, Default, Deserialize)]
struct Entries {
    #[serde(default)]
    account: Vec<FileAccount>,
    #[serde(default)]
    expect: Vec<Expectation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAccount {
    email: String,
    password: String,
}

/// Finds the config file: `explicit`, else `conformance.toml` in `start` or a parent.
pub fn locate(explicit: Option<PathBuf>, start: &Path) -> Option<PathBuf> {
    if explicit.is_some() {
        return explicit;
    }
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and parses a config file. Relative paths in it are relative to the file.
pub fn load(path: &Path) -> Result<ConfigLayer, ConfigError> {
    let source = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::new(&source, "file", format!("cannot read it: {e}")))?;
    parse(&text, path.parent().unwrap_or(Path::new(".")), &source)
}

/// The text form of a TOML value, as the settings table reads it: strings as they are, numbers
/// and booleans printed, arrays joined with commas, a table as `key=value` pairs (budgets).
fn text_of(value: &toml::Value) -> Result<String, String> {
    let scalar = |v: &toml::Value| match v {
        toml::Value::String(s) => Ok(s.clone()),
        toml::Value::Integer(n) => Ok(n.to_string()),
        toml::Value::Float(f) => Ok(f.to_string()),
        toml::Value::Boolean(b) => Ok(b.to_string()),
        other => Err(format!(
            "expected a string, a number or a boolean, got {other}"
        )),
    };
    match value {
        toml::Value::Array(items) => Ok(items
            .iter()
            .map(scalar)
            .collect::<Result<Vec<_>, _>>()?
            .join(",")),
        toml::Value::Table(pairs) => Ok(pairs
            .iter()
            .map(|(k, v)| scalar(v).map(|v| format!("{k}={v}")))
            .collect::<Result<Vec<_>, _>>()?
            .join(",")),
        other => scalar(other),
    }
}

/// Parses a config document; `base` anchors its relative paths.
pub fn parse(text: &str, base: &Path, source: &str) -> Result<ConfigLayer, ConfigError> {
    let err = |key: &str, msg: String| ConfigError::new(source, key, msg);
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let key = e
            .span()
            .map(|s| text[s].lines().next().unwrap_or("").to_owned())
            .unwrap_or_default();
        err(
            if key.is_empty() { "file" } else { key.as_str() },
            e.message().to_owned(),
        )
    })?;
    for (key, value) in &table {
        let known = matches!(key.as_str(), "expect" | "account" | "reports")
            || SETTINGS.iter().any(|s| s.key == Some(key.as_str()));
        if !known {
            return Err(err(
                key,
                "unknown setting (the README's configuration table lists them)".to_owned(),
            ));
        }
        if key == "reports" {
            for inner in value.as_table().into_iter().flat_map(|t| t.keys()) {
                let dotted = format!("reports.{inner}");
                if !SETTINGS.iter().any(|s| s.key == Some(dotted.as_str())) {
                    return Err(err(
                        &dotted,
                        "unknown report (junit, ndjson, markdown, html)".to_owned(),
                    ));
                }
            }
        }
    }
    let mut layer = ConfigLayer::new(source);
    for setting in SETTINGS.iter() {
        let Some(key) = setting.key else { continue };
        let value = match key.split_once('.') {
            Some((outer, inner)) => table
                .get(outer)
                .and_then(toml::Value::as_table)
                .and_then(|t| t.get(inner)),
            None => table.get(key),
        };
        let Some(value) = value else { continue };
        let mut text = text_of(value).map_err(|m| err(key, m))?;
        let builtin = matches!(text.as_str(), "published" | "deployed");
        if setting.path && !builtin && !Path::new(&text).is_absolute() {
            text = base.join(&text).display().to_string();
        }
        layer.set(setting, text);
    }
    let entries: Entries = table
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| err("file", e.message().to_owned()))?;
    validate(&entries.expect).map_err(|m| err("expect", m))?;
    layer.expectations = entries.expect;
    if !entries.account.is_empty() {
        if layer.get("NHOST_ACCOUNTS_FILE").is_some() {
            return Err(err(
                "accounts_file",
                "give [[account]] entries or accounts_file, not both".to_owned(),
            ));
        }
        layer.accounts = Some(
            entries
                .account
                .into_iter()
                .map(|a| Account {
                    email: a.email,
                    password: a.password,
                    user_id: None,
                })
                .collect(),
        );
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::resolve;

    fn config(text: &str) -> Result<crate::config::RunConfig, ConfigError> {
        resolve(&[&parse(text, Path::new("/base"), "conformance.toml")?])
    }

    #[test]
    fn parses_a_full_file() {
        let text = r#"
target = "https://x.auth.eu-central-1.nhost.run/v1"
contract = "deployed"
cases = 4
seed = "0x2a"
budget = { sign_up = 5 }
expectation_sets = ["published-vs-deployed", "-nhost-js-v3"]
[[account]]
email = "a@example.com"
password = "pw-123"
[[expect]]
rule = "/$defs/User:required"
reason = "known"
[reports]
junit = "out/junit.xml"
"#;
        let c = config(text).unwrap();
        assert_eq!(c.target_label(), "https://x.auth.eu-central-1.nhost.run/v1");
        assert_eq!(
            (c.contract.as_str(), c.cases, c.seed),
            ("deployed", 4, results::RunSeed(42))
        );
        assert_eq!(c.budgets.to_string(), "sign_up=5");
        assert_eq!(c.accounts.len(), 1);
        assert_eq!(
            c.reports.get("junit"),
            Some(Path::new("/base/out/junit.xml"))
        );
        assert_eq!(c.expectations.len(), 1);
        assert!(c.expectation_sets.contains("published-vs-deployed"));
        assert!(!c.expectation_sets.contains("nhost-js-v3"));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_one_line_errors() {
        for text in [
            "cases = \"many\"",
            "bogus = 1",
            "[reports]\nxml = \"x\"",
            "profile = \"staging\"",
            "timeout_secs = -3",
            "[[expect]]\nreason = \"r\"",
            "timeout_secs = 1e300",
            "timeout_secs = 1e-300",
            "rate_limit = 1e-300",
            "rate_limit = \"fast\"",
            "pool_size = 0",
            "max_fail = 0",
            "accounts_file = \"/nonexistent/accounts.txt\"",
            "jwt_secret_env = \"NHOST_TEST_SURELY_UNSET_VARIABLE\"",
            "concurrency = 18446744073709551615",
            "max_retries = 4294967296",
            "cases = 99999999999",
            "max_backoff_secs = 1e300",
            "suites = [{ a = 1 }]",
        ] {
            let e = config(text).unwrap_err().to_string();
            assert!(e.starts_with("conformance.toml"), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
        assert_eq!(
            config("max_retries = 4294967296").unwrap_err().to_string(),
            "conformance.toml: max_retries: must be a whole number from 0 to 100, got 4294967296"
        );
    }
}
