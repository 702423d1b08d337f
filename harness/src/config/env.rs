//! The environment layer: `NHOST_*` variables, one per row of the settings table. libtest-mimic
//! takes no custom flags, so under `cargo test` this is how a run is configured.

use super::layer::ConfigLayer;
use super::settings::{ENVIRONMENT, SETTINGS};
use crate::errors::ConfigError;

/// Reads the layer from a variable lookup (the process environment in production, a map in
/// tests): every set, non-blank variable of the table, read later by the table's own parser.
pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<ConfigLayer, ConfigError> {
    let var = |name: &str| get(name).filter(|v| !v.trim().is_empty());
    let mut layer = ConfigLayer::new(ENVIRONMENT);
    for setting in SETTINGS.iter() {
        if let Some(value) = var(setting.env) {
            layer.set(setting, value);
        }
    }
    if layer.get("NHOST_NDJSON").is_some() && layer.get("NHOST_NDJSON_DIR").is_some() {
        return Err(ConfigError::new(
            ENVIRONMENT,
            "NHOST_NDJSON_DIR",
            "set NHOST_NDJSON or NHOST_NDJSON_DIR, not both",
        ));
    }
    if layer.get("NHOST_ACCOUNTS").is_some() && layer.get("NHOST_ACCOUNTS_FILE").is_some() {
        return Err(ConfigError::new(
            ENVIRONMENT,
            "NHOST_ACCOUNTS_FILE",
            "set NHOST_ACCOUNTS or NHOST_ACCOUNTS_FILE, not both",
        ));
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::config::{resolve, RunConfig};

    fn config(vars: &[(&str, &str)]) -> Result<RunConfig, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        resolve(&[&from_lookup(|k| map.get(k).cloned())?])
    }

    #[test]
    fn an_ndjson_dir_gives_each_load_its_own_file() {
        let a = config(&[("NHOST_NDJSON_DIR", "/tmp/shard")])
            .unwrap()
            .reports
            .remove("ndjson")
            .unwrap();
        let b = config(&[("NHOST_NDJSON_DIR", "/tmp/shard")])
            .unwrap()
            .reports
            .remove("ndjson")
            .unwrap();
        assert!(a.starts_with("/tmp/shard") && a.extension().is_some_and(|e| e == "ndjson"));
        assert_ne!(a, b);
        let both = config(&[
            ("NHOST_NDJSON_DIR", "/tmp/a"),
            ("NHOST_NDJSON", "/tmp/b.ndjson"),
        ]);
        assert_eq!(both.unwrap_err().key(), "NHOST_NDJSON_DIR");
    }

    #[test]
    fn reads_values() {
        let c = config(&[
            ("NHOST_CASES", "5"),
            ("NHOST_SEED", "0x10"),
            ("NHOST_SUITES", "token, jwt"),
            ("NHOST_TIMEOUT_SECS", "2.5"),
            ("NHOST_RATE_LIMIT", "AUTO"),
        ])
        .unwrap();
        assert_eq!(c.cases, 5);
        assert_eq!(c.seed, results::RunSeed(16));
        assert_eq!(c.suites, vec!["token".to_owned(), "jwt".to_owned()]);
        assert_eq!(c.request_timeout, std::time::Duration::from_millis(2500));
        assert_eq!(c.rate, crate::config::RateSetting::Auto);
        let c = config(&[("NHOST_RATE_LIMIT", "0"), ("NHOST_MAX_RETRIES", "100")]).unwrap();
        assert_eq!(
            (c.rate, c.max_retries),
            (crate::config::RateSetting::Unlimited, Some(100))
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
            // Inputs that used to panic, wrap or pass silently.
            ("NHOST_RATE_LIMIT", "1e-300"),
            ("NHOST_RATE_LIMIT", "1e300"),
            ("NHOST_CONCURRENCY", "18446744073709551615"),
            ("NHOST_CONCURRENCY", "0"),
            ("NHOST_MAX_RETRIES", "4294967296"),
            ("NHOST_MAX_RETRIES", "101"),
            ("NHOST_CASES", "99999999999"),
            ("NHOST_CASES", "0"),
            ("NHOST_TIMEOUT_SECS", "1e-300"),
            ("NHOST_TIMEOUT_SECS", "1e300"),
            ("NHOST_MAX_BACKOFF_SECS", "1e300"),
            ("NHOST_SHRINK_SECS", "inf"),
            ("NHOST_MAX_RESPONSE_BYTES", "18446744073709551616"),
            ("NHOST_POOL_SIZE", "1e3"),
            ("NHOST_SHRINK_STEPS", "4294967297"),
            ("NHOST_POOL_SIZE", "0"),
            ("NHOST_MAX_FAIL", "0"),
            ("NHOST_MAX_THROTTLE_WAIT_SECS", "0"),
            ("NHOST_ACCOUNTS_FILE", "/nonexistent/accounts.txt"),
            ("NHOST_JWT_SECRET_ENV", "NHOST_TEST_SURELY_UNSET_VARIABLE"),
        ] {
            let e = config(&[(k, v)]).unwrap_err().to_string();
            assert!(e.starts_with(k), "{k}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }

    #[test]
    fn bounds_are_named_in_the_message() {
        let e = config(&[("NHOST_CASES", "99999999999")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "NHOST_CASES: must be a whole number from 1 to 100000, got 99999999999"
        );
        let e = config(&[("NHOST_RATE_LIMIT", "1e-300")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("auto, 0 (no cap) or 0.001 to 10000"), "{e}");
    }
}
