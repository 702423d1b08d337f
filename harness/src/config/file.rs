//! The file layer: `conformance.toml`, found at `NHOST_CONFIG` or in the working directory or one
//! of its parents.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use suites::Account;

use super::bounds::{self, Count, Secs};
use super::expect::{validate, Expectation};
use super::layer::{parse_faults, parse_seed, read_accounts_file, read_secret_env, ConfigLayer};
use super::sets::SetSwitches;
use super::via::ViaKind;
use crate::errors::ConfigError;

/// The file's name.
pub const FILE_NAME: &str = "conformance.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    target: Option<String>,
    subdomain: Option<String>,
    region: Option<String>,
    profile: Option<String>,
    #[serde(default)]
    faults: Option<Vec<String>>,
    via: Option<String>,
    sdk: Option<String>,
    contract: Option<String>,
    suites: Option<Vec<String>>,
    exclude_suites: Option<Vec<String>>,
    cases: Option<u64>,
    seed: Option<toml::Value>,
    timeout_secs: Option<f64>,
    max_response_bytes: Option<u64>,
    rate_limit: Option<toml::Value>,
    concurrency: Option<u64>,
    max_retries: Option<u64>,
    max_backoff_secs: Option<f64>,
    max_throttle_wait_secs: Option<f64>,
    budget: Option<std::collections::BTreeMap<String, u32>>,
    pool_size: Option<u64>,
    accounts_file: Option<PathBuf>,
    jwt_secret_env: Option<String>,
    max_fail: Option<u64>,
    allowed_locales: Option<Vec<String>>,
    namespace: Option<String>,
    shrink_steps: Option<u64>,
    shrink_secs: Option<f64>,
    shrink_requests: Option<u64>,
    shrink_run_requests: Option<u64>,
    shrink_sign_ups: Option<u64>,
    max_duration_secs: Option<f64>,
    breaker_failures: Option<u64>,
    out_dir: Option<PathBuf>,
    allow_incomplete: Option<bool>,
    allow_writes: Option<bool>,
    graphql_url: Option<String>,
    regressions: Option<PathBuf>,
    #[serde(default)]
    account: Vec<FileAccount>,
    #[serde(default)]
    expect: Vec<Expectation>,
    expectation_sets: Option<Vec<String>>,
    reports: Option<FileReports>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAccount {
    email: String,
    password: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileReports {
    junit: Option<PathBuf>,
    ndjson: Option<PathBuf>,
    markdown: Option<PathBuf>,
    html: Option<PathBuf>,
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

/// Parses a config document; `base` anchors its relative paths.
pub fn parse(text: &str, base: &Path, source: &str) -> Result<ConfigLayer, ConfigError> {
    let doc: FileDoc = toml::from_str(text).map_err(|e| {
        let msg = e.message().to_owned();
        let key = e
            .span()
            .map(|s| text[s].lines().next().unwrap_or("").to_owned())
            .unwrap_or_default();
        ConfigError::new(
            source,
            if key.is_empty() { "file" } else { key.as_str() },
            msg,
        )
    })?;
    let err = |key: &str, msg: String| ConfigError::new(source, key, msg);
    let secs = |b: Secs, v: Option<f64>| -> Result<Option<Duration>, ConfigError> {
        v.map(|s| b.check_f64(s).map_err(|m| err(b.setting.file, m)))
            .transpose()
    };
    // Every range in `bounds` fits `usize` and `u32`, so the conversions never saturate.
    let count = |b: Count, v: Option<u64>| -> Result<Option<u64>, ConfigError> {
        v.map(|n| b.check(n).map_err(|m| err(b.setting.file, m)))
            .transpose()
    };
    let usize_of = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let u32_of = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let rel = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    validate(&doc.expect).map_err(|m| err("expect", m))?;
    let reports = doc.reports.unwrap_or_default();
    // The secret itself never sits in a file that may be committed: only the variable's name.
    let jwt_secret = doc
        .jwt_secret_env
        .as_deref()
        .map(|name| read_secret_env(name).map_err(|m| err("jwt_secret_env", m)))
        .transpose()?;
    let accounts_file = doc
        .accounts_file
        .map(|p| read_accounts_file(&rel(p)).map_err(|m| err("accounts_file", m)))
        .transpose()?;
    if accounts_file.is_some() && !doc.account.is_empty() {
        return Err(err(
            "accounts_file",
            "give [[account]] entries or accounts_file, not both".to_owned(),
        ));
    }
    let seed = match doc.seed {
        None => None,
        Some(toml::Value::Integer(n)) if n >= 0 => Some(n as u64),
        Some(toml::Value::String(s)) => Some(parse_seed(&s).map_err(|m| err("seed", m))?),
        Some(other) => {
            return Err(err(
                "seed",
                format!("expected a whole number or \"random\", got {other}"),
            ))
        }
    };
    Ok(ConfigLayer {
        url: doc.target,
        subdomain: doc.subdomain,
        region: doc.region,
        profile: doc
            .profile
            .map(|p| p.parse().map_err(|e| err("profile", format!("{e}"))))
            .transpose()?,
        faults: doc
            .faults
            .map(|f| parse_faults(&f).map_err(|m| err("faults", m)))
            .transpose()?,
        via: doc
            .via
            .map(|v| ViaKind::parse(&v).map_err(|m| err("via", m)))
            .transpose()?,
        sdk: doc
            .sdk
            .map(|v| v.parse().map_err(|m: String| err("sdk", m)))
            .transpose()?,
        contract: doc.contract.map(|c| {
            if c == "published" || c == "deployed" || Path::new(&c).is_absolute() {
                c
            } else {
                base.join(c).display().to_string()
            }
        }),
        suites: doc.suites,
        exclude_suites: doc.exclude_suites,
        cases: count(bounds::CASES, doc.cases)?.map(usize_of),
        seed,
        request_timeout: secs(bounds::TIMEOUT, doc.timeout_secs)?,
        max_response_bytes: count(bounds::MAX_RESPONSE_BYTES, doc.max_response_bytes)?
            .map(usize_of),
        rate: doc
            .rate_limit
            .map(|r| {
                let text = match r {
                    toml::Value::String(s) => s,
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    other => other.to_string(),
                };
                text.parse()
                    .map_err(|m| err(bounds::RATE_LIMIT.setting.file, m))
            })
            .transpose()?,
        concurrency: count(bounds::CONCURRENCY, doc.concurrency)?.map(usize_of),
        max_retries: count(bounds::MAX_RETRIES, doc.max_retries)?.map(u32_of),
        max_backoff: secs(bounds::MAX_BACKOFF, doc.max_backoff_secs)?,
        max_throttle_wait: secs(bounds::MAX_THROTTLE_WAIT, doc.max_throttle_wait_secs)?,
        budget: doc.budget.map(|b| {
            b.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        }),
        jwt_secret,
        jwt_secret_env: doc.jwt_secret_env,
        pool_size: count(bounds::POOL_SIZE, doc.pool_size)?.map(usize_of),
        accounts_file: accounts_file.as_ref().map(|(path, _)| path.clone()),
        accounts: match accounts_file {
            Some((_, accounts)) => Some(accounts),
            None => (!doc.account.is_empty()).then(|| {
                doc.account
                    .into_iter()
                    .map(|a| Account {
                        email: a.email,
                        password: a.password,
                        user_id: None,
                    })
                    .collect()
            }),
        },
        allowed_locales: doc.allowed_locales,
        namespace: doc.namespace,
        shrink_steps: count(bounds::SHRINK_STEPS, doc.shrink_steps)?.map(u32_of),
        shrink_time: secs(bounds::SHRINK_TIME, doc.shrink_secs)?,
        shrink_requests: count(bounds::SHRINK_REQUESTS, doc.shrink_requests)?.map(u32_of),
        shrink_run_requests: count(bounds::SHRINK_RUN_REQUESTS, doc.shrink_run_requests)?
            .map(u32_of),
        shrink_sign_ups: count(bounds::SHRINK_SIGN_UPS, doc.shrink_sign_ups)?.map(u32_of),
        regressions: doc.regressions.map(rel),
        expectations: (!doc.expect.is_empty()).then_some(doc.expect),
        expectation_sets: doc
            .expectation_sets
            .map(|v| {
                SetSwitches::parse(v.iter().map(String::as_str))
                    .map_err(|m| err("expectation_sets", m))
            })
            .transpose()?,
        junit: reports.junit.map(rel),
        ndjson: reports.ndjson.map(rel),
        markdown: reports.markdown.map(rel),
        html: reports.html.map(rel),
        max_duration: secs(bounds::MAX_DURATION, doc.max_duration_secs)?,
        max_fail: count(bounds::MAX_FAIL, doc.max_fail)?.map(usize_of),
        breaker_failures: count(bounds::BREAKER_FAILURES, doc.breaker_failures)?.map(u32_of),
        out_dir: doc.out_dir.map(rel),
        allow_incomplete: doc.allow_incomplete,
        allow_writes: doc.allow_writes,
        // Secrets never come from a file that may be committed.
        admin_secret: None,
        graphql_url: doc.graphql_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_file() {
        let text = r#"
target = "https://x.auth.eu-central-1.nhost.run/v1"
contract = "deployed"
cases = 4
seed = "0x2a"
budget = { sign_up = 5 }
[[account]]
email = "a@example.com"
password = "pw-123"
[[expect]]
rule = "/$defs/User:required"
reason = "known"
[reports]
junit = "out/junit.xml"
"#;
        let l = parse(text, Path::new("/base"), "conformance.toml").unwrap();
        assert_eq!(
            l.url.as_deref(),
            Some("https://x.auth.eu-central-1.nhost.run/v1")
        );
        assert_eq!(l.seed, Some(42));
        assert_eq!(l.budget.as_deref(), Some("sign_up=5"));
        assert_eq!(l.accounts.as_ref().map(Vec::len), Some(1));
        assert_eq!(l.junit, Some(PathBuf::from("/base/out/junit.xml")));
        assert_eq!(l.expectations.map(|e| e.len()), Some(1));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_one_line_errors() {
        for text in [
            "cases = \"many\"",
            "bogus = 1",
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
        ] {
            let e = parse(text, Path::new("."), "conformance.toml")
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("conformance.toml"), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
        let e = parse(
            "max_retries = 4294967296",
            Path::new("."),
            "conformance.toml",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "conformance.toml: max_retries: must be a whole number from 0 to 100, got 4294967296"
        );
    }
}
