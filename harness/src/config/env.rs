//! The environment layer: `NHOST_*` variables. libtest-mimic takes no custom flags, so under
//! `cargo test` this is how a run is configured.

use std::path::PathBuf;

use super::layer::{parse_accounts, parse_faults, parse_list, parse_secs, parse_seed, ConfigLayer};
use crate::errors::ConfigError;

/// Every variable the harness reads, with what it sets (for `--help` and the README).
pub const VARIABLES: &[(&str, &str)] = &[
    (
        "NHOST_CONFIG",
        "path of the config file (default: conformance.toml in this or a parent directory)",
    ),
    (
        "NHOST_AUTH_URL",
        "Auth base URL of the target (default: the embedded reference server)",
    ),
    (
        "NHOST_SUBDOMAIN",
        "Nhost cloud subdomain (with NHOST_REGION)",
    ),
    ("NHOST_REGION", "Nhost cloud region (with NHOST_SUBDOMAIN)"),
    (
        "NHOST_PROFILE",
        "embedded server profile: published (default) or deployed",
    ),
    (
        "NHOST_FAULTS",
        "embedded server faults, comma-separated (see `nhost-conformance faults`)",
    ),
    (
        "NHOST_CONTRACT",
        "published (default), deployed, or a schema file path",
    ),
    (
        "NHOST_SUITES",
        "suites to run, comma-separated (default: all)",
    ),
    ("NHOST_CASES", "cases per property (default 12)"),
    (
        "NHOST_SEED",
        "run seed, a number or `random` (default 1337)",
    ),
    (
        "NHOST_TIMEOUT_SECS",
        "timeout of every request (default 10)",
    ),
    (
        "NHOST_MAX_RESPONSE_BYTES",
        "cap on a response body (default 1048576)",
    ),
    (
        "NHOST_RATE_LIMIT",
        "requests per second, 0 for none (default: none embedded, 5 for a URL)",
    ),
    (
        "NHOST_CONCURRENCY",
        "requests in flight at once (default 4)",
    ),
    ("NHOST_MAX_RETRIES", "retries of a 429 answer (default 3)"),
    (
        "NHOST_MAX_BACKOFF_SECS",
        "longest wait between retries (default 10)",
    ),
    (
        "NHOST_BUDGET",
        "per-operation request budgets, e.g. sign_up=10,sign_in_anonymous=10",
    ),
    ("NHOST_JWT_SECRET", "shared secret for HS* signature checks"),
    ("NHOST_POOL_SIZE", "accounts the pool signs up (default 3)"),
    (
        "NHOST_ACCOUNTS",
        "pre-provisioned accounts, email:password pairs separated by commas",
    ),
    (
        "NHOST_ALLOWED_LOCALES",
        "locales the target accepts, default first (default: en for a URL)",
    ),
    (
        "NHOST_NAMESPACE",
        "tag mixed into generated emails (default: random per run)",
    ),
    (
        "NHOST_SHRINK_STEPS",
        "shrink steps after a failure (default 48)",
    ),
    (
        "NHOST_SHRINK_SECS",
        "time bound on shrinking one case (default 30)",
    ),
    (
        "NHOST_REGRESSIONS",
        "file of failing case seeds, replayed first",
    ),
    (
        "NHOST_EXPECTATIONS",
        "TOML file of [[expect]] entries (known deviations)",
    ),
    ("NHOST_JUNIT", "write a JUnit XML report here"),
    ("NHOST_NDJSON", "write an NDJSON report here"),
    ("NHOST_SUMMARY_MD", "write a Markdown summary here"),
    ("NHOST_SUMMARY_HTML", "write an HTML summary here"),
    (
        "NHOST_MAX_DURATION",
        "bound on the whole run in seconds; the rest is reported not run (default none)",
    ),
    (
        "NHOST_BREAKER_FAILURES",
        "unanswered requests in a row that stop the run (default 4, 0 never)",
    ),
    (
        "NHOST_OUT_DIR",
        "directory for case files of failures (default nhost-conformance-report)",
    ),
];

/// Reads the layer from a variable lookup (the process environment in production, a map in tests).
pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<ConfigLayer, ConfigError> {
    let var = |name: &str| get(name).filter(|v| !v.trim().is_empty());
    let err = |name: &str, msg: String| ConfigError::new("environment", name, msg);
    let num = |name: &str| -> Result<Option<u64>, ConfigError> {
        var(name)
            .map(|v| {
                v.trim()
                    .parse::<u64>()
                    .map_err(|_| err(name, format!("expected a whole number, got {v:?}")))
            })
            .transpose()
    };
    let secs = |name: &str| {
        var(name)
            .map(|v| parse_secs(&v).map_err(|m| err(name, m)))
            .transpose()
    };
    let path = |name: &str| var(name).map(PathBuf::from);
    let mut layer = ConfigLayer {
        url: var("NHOST_AUTH_URL"),
        subdomain: var("NHOST_SUBDOMAIN"),
        region: var("NHOST_REGION"),
        profile: var("NHOST_PROFILE")
            .map(|v| v.parse().map_err(|e| err("NHOST_PROFILE", format!("{e}"))))
            .transpose()?,
        faults: var("NHOST_FAULTS")
            .map(|v| parse_faults(&parse_list(&v)).map_err(|m| err("NHOST_FAULTS", m)))
            .transpose()?,
        contract: var("NHOST_CONTRACT"),
        suites: var("NHOST_SUITES").map(|v| parse_list(&v)),
        cases: num("NHOST_CASES")?.map(|n| n as usize),
        seed: var("NHOST_SEED")
            .map(|v| parse_seed(&v).map_err(|m| err("NHOST_SEED", m)))
            .transpose()?,
        request_timeout: secs("NHOST_TIMEOUT_SECS")?,
        max_response_bytes: num("NHOST_MAX_RESPONSE_BYTES")?.map(|n| n as usize),
        rate_limit: var("NHOST_RATE_LIMIT")
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|r| r.is_finite() && *r >= 0.0)
                    .ok_or_else(|| {
                        err(
                            "NHOST_RATE_LIMIT",
                            format!("expected requests per second, got {v:?}"),
                        )
                    })
            })
            .transpose()?,
        concurrency: num("NHOST_CONCURRENCY")?.map(|n| n as usize),
        max_retries: num("NHOST_MAX_RETRIES")?.map(|n| n as u32),
        max_backoff: secs("NHOST_MAX_BACKOFF_SECS")?,
        budget: var("NHOST_BUDGET"),
        jwt_secret: var("NHOST_JWT_SECRET"),
        pool_size: num("NHOST_POOL_SIZE")?.map(|n| n as usize),
        accounts: var("NHOST_ACCOUNTS")
            .map(|v| parse_accounts(&v).map_err(|m| err("NHOST_ACCOUNTS", m)))
            .transpose()?,
        allowed_locales: var("NHOST_ALLOWED_LOCALES").map(|v| parse_list(&v)),
        namespace: var("NHOST_NAMESPACE"),
        shrink_steps: num("NHOST_SHRINK_STEPS")?.map(|n| n as u32),
        shrink_time: secs("NHOST_SHRINK_SECS")?,
        regressions: path("NHOST_REGRESSIONS"),
        expectations: None,
        junit: path("NHOST_JUNIT"),
        ndjson: path("NHOST_NDJSON"),
        markdown: path("NHOST_SUMMARY_MD"),
        html: path("NHOST_SUMMARY_HTML"),
        max_duration: secs("NHOST_MAX_DURATION")?,
        breaker_failures: num("NHOST_BREAKER_FAILURES")?
            .map(|n| {
                u32::try_from(n).map_err(|_| {
                    err("NHOST_BREAKER_FAILURES", format!("must be at most {}", u32::MAX))
                })
            })
            .transpose()?,
        out_dir: path("NHOST_OUT_DIR"),
    };
    if let Some(file) = var("NHOST_EXPECTATIONS") {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| err("NHOST_EXPECTATIONS", format!("cannot read {file}: {e}")))?;
        let list = super::expect::parse_file(&text)
            .map_err(|m| err("NHOST_EXPECTATIONS", format!("{file}: {m}")))?;
        layer.expectations = Some(list);
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn layer(vars: &[(&str, &str)]) -> Result<ConfigLayer, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn reads_values() {
        let l = layer(&[
            ("NHOST_CASES", "5"),
            ("NHOST_SEED", "0x10"),
            ("NHOST_SUITES", "token, jwt"),
            ("NHOST_TIMEOUT_SECS", "2.5"),
        ])
        .unwrap();
        assert_eq!(l.cases, Some(5));
        assert_eq!(l.seed, Some(16));
        assert_eq!(l.suites, Some(vec!["token".to_owned(), "jwt".to_owned()]));
        assert_eq!(
            l.request_timeout,
            Some(std::time::Duration::from_millis(2500))
        );
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (k, v) in [
            ("NHOST_CASES", "many"),
            ("NHOST_SEED", "x1"),
            ("NHOST_TIMEOUT_SECS", "-1"),
            ("NHOST_RATE_LIMIT", "fast"),
            ("NHOST_ACCOUNTS", "nobody"),
            ("NHOST_PROFILE", "staging"),
            ("NHOST_FAULTS", "no-such-fault"),
            ("NHOST_EXPECTATIONS", "/nonexistent/expect.toml"),
        ] {
            let e = layer(&[(k, v)]).unwrap_err().to_string();
            assert!(e.starts_with(k), "{k}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }
}
