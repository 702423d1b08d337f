//! The environment layer: `NHOST_*` variables. libtest-mimic takes no custom flags, so under
//! `cargo test` this is how a run is configured.

use std::path::{Path, PathBuf};

use super::bounds::{self, Count, Secs};
use super::layer::{
    parse_accounts, parse_bool, parse_faults, parse_list, parse_seed, read_accounts_file,
    ConfigLayer,
};
use super::sets::SetSwitches;
use super::via::ViaKind;
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
        "NHOST_VIA",
        "how requests reach the target: http (default) or sdk (the official JS SDK)",
    ),
    (
        "NHOST_SDK",
        "the SDK line of a sdk run: v4 (@nhost/nhost-js 4.x, default) or v3 (3.x)",
    ),
    (
        "NHOST_CONTRACT",
        "published (default), deployed, or a schema file path",
    ),
    (
        "NHOST_SUITES",
        "suites to run, comma-separated (default: every suite that judges the target; sdk only when named)",
    ),
    (
        "NHOST_EXCLUDE_SUITES",
        "suites to leave out, comma-separated (default: none)",
    ),
    ("NHOST_CASES", "cases per property, 1 to 100000 (default 12)"),
    (
        "NHOST_SEED",
        "run seed, a number or `random` (default 1337)",
    ),
    (
        "NHOST_TIMEOUT_SECS",
        "timeout of every request, 0.001 to 3600 s (default 10)",
    ),
    (
        "NHOST_MAX_RESPONSE_BYTES",
        "cap on a response body, 1 to 268435456 (default 1048576)",
    ),
    (
        "NHOST_RATE_LIMIT",
        "requests per second: auto (learned from the target: no cap on loopback or a private network, a gentle start elsewhere), 0 for no cap, or 0.001 to 10000 (default auto)",
    ),
    (
        "NHOST_CONCURRENCY",
        "requests in flight at once, 1 to 1024 (default 4)",
    ),
    (
        "NHOST_MAX_RETRIES",
        "at most this many retries of a 429 answer, 0 to 100 (default: no count, NHOST_MAX_THROTTLE_WAIT_SECS decides)",
    ),
    (
        "NHOST_MAX_BACKOFF_SECS",
        "longest wait between retries, 0.001 to 3600 s (default 30)",
    ),
    (
        "NHOST_MAX_THROTTLE_WAIT_SECS",
        "how long one request keeps waiting out 429 answers before its case is not covered, 1 to 86400 s (default 330)",
    ),
    (
        "NHOST_BUDGET",
        "per-operation request budgets, e.g. sign_up=10,sign_in_anonymous=10 (default none)",
    ),
    ("NHOST_JWT_SECRET", "shared secret for HS* signature checks"),
    ("NHOST_POOL_SIZE", "accounts the pool signs up, 1 to 1000 (default 3)"),
    (
        "NHOST_ACCOUNTS",
        "pre-provisioned accounts, email:password pairs separated by commas",
    ),
    (
        "NHOST_ACCOUNTS_FILE",
        "file of pre-provisioned accounts, one email:password per line (# comments)",
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
        "shrink steps after a failure, 0 to 10000 (default 48)",
    ),
    (
        "NHOST_SHRINK_SECS",
        "time bound on shrinking one case, 0.001 to 86400 s (default 30)",
    ),
    (
        "NHOST_SHRINK_REQUESTS",
        "requests the shrinking of one failure may send, 0 to 100000 (default 40)",
    ),
    (
        "NHOST_SHRINK_RUN_REQUESTS",
        "requests all the shrinking of a run may send, 0 to 10000000 (default 240)",
    ),
    (
        "NHOST_SHRINK_SIGN_UPS",
        "sign-ups all the shrinking of a run may send, 0 to 100000 (default 24); steps that sign up no one go on",
    ),
    (
        "NHOST_REGRESSIONS",
        "file of failing case seeds, replayed first",
    ),
    (
        "NHOST_EXPECTATIONS",
        "TOML file of [[expect]] entries (known deviations), added to the built-in sets",
    ),
    (
        "NHOST_EXPECTATION_SETS",
        "built-in expectation sets to switch on (name) or off (-name), comma-separated (default: published-schema and nhost-js-v3 on; see `nhost-conformance expectations`)",
    ),
    ("NHOST_JUNIT", "write a JUnit XML report here"),
    ("NHOST_NDJSON", "write an NDJSON report here"),
    (
        "NHOST_NDJSON_DIR",
        "write an NDJSON report to a new file in this directory, one per process (for cargo nextest; merge with merge-reports)",
    ),
    ("NHOST_SUMMARY_MD", "write a Markdown summary here"),
    ("NHOST_SUMMARY_HTML", "write an HTML summary here"),
    (
        "NHOST_MAX_DURATION",
        "bound on the whole run, 1 to 604800 seconds; the rest is reported not covered (default 1800 for a URL target, none for the embedded server)",
    ),
    (
        "NHOST_MAX_FAIL",
        "stop the run after this many failed cases, 1 to 1000000 (default none)",
    ),
    (
        "NHOST_BREAKER_FAILURES",
        "unanswered requests in a row that stop the run, 0 (never) to 1000 (default 4)",
    ),
    (
        "NHOST_ALLOW_WRITES",
        "1 lets the run sign up and sign in on a target that is not on loopback (default 0)",
    ),
    (
        "NHOST_ADMIN_SECRET",
        "Hasura admin secret: with a GraphQL URL, the users the run created are deleted at its end",
    ),
    (
        "NHOST_GRAPHQL_URL",
        "GraphQL endpoint for the cleanup (default: from NHOST_SUBDOMAIN and NHOST_REGION)",
    ),
    (
        "NHOST_ALLOW_INCOMPLETE",
        "1 lets a run with not-covered or not-run cases exit 0 instead of 5 (default 0)",
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
    let count = |c: Count| -> Result<Option<u64>, ConfigError> {
        let name = c.setting.env;
        var(name)
            .map(|v| c.parse(&v).map_err(|m| err(name, m)))
            .transpose()
    };
    // Every range in `bounds` fits both types, so these conversions never saturate.
    let usize_of = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let u32_of = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let secs = |s: Secs| {
        let name = s.setting.env;
        var(name)
            .map(|v| s.parse(&v).map_err(|m| err(name, m)))
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
        via: var("NHOST_VIA")
            .map(|v| ViaKind::parse(&v).map_err(|m| err("NHOST_VIA", m)))
            .transpose()?,
        sdk: var("NHOST_SDK")
            .map(|v| v.parse().map_err(|m| err("NHOST_SDK", m)))
            .transpose()?,
        contract: var("NHOST_CONTRACT"),
        suites: var("NHOST_SUITES").map(|v| parse_list(&v)),
        exclude_suites: var("NHOST_EXCLUDE_SUITES").map(|v| parse_list(&v)),
        cases: count(bounds::CASES)?.map(usize_of),
        seed: var("NHOST_SEED")
            .map(|v| parse_seed(&v).map_err(|m| err("NHOST_SEED", m)))
            .transpose()?,
        request_timeout: secs(bounds::TIMEOUT)?,
        max_response_bytes: count(bounds::MAX_RESPONSE_BYTES)?.map(usize_of),
        rate: var(bounds::RATE_LIMIT.setting.env)
            .map(|v| {
                v.parse()
                    .map_err(|m| err(bounds::RATE_LIMIT.setting.env, m))
            })
            .transpose()?,
        concurrency: count(bounds::CONCURRENCY)?.map(usize_of),
        max_retries: count(bounds::MAX_RETRIES)?.map(u32_of),
        max_backoff: secs(bounds::MAX_BACKOFF)?,
        max_throttle_wait: secs(bounds::MAX_THROTTLE_WAIT)?,
        budget: var("NHOST_BUDGET"),
        jwt_secret: var("NHOST_JWT_SECRET"),
        jwt_secret_env: None,
        pool_size: count(bounds::POOL_SIZE)?.map(usize_of),
        accounts: var("NHOST_ACCOUNTS")
            .map(|v| parse_accounts(&v).map_err(|m| err("NHOST_ACCOUNTS", m)))
            .transpose()?,
        accounts_file: None,
        allowed_locales: var("NHOST_ALLOWED_LOCALES").map(|v| parse_list(&v)),
        namespace: var("NHOST_NAMESPACE"),
        shrink_steps: count(bounds::SHRINK_STEPS)?.map(u32_of),
        shrink_time: secs(bounds::SHRINK_TIME)?,
        shrink_requests: count(bounds::SHRINK_REQUESTS)?.map(u32_of),
        shrink_run_requests: count(bounds::SHRINK_RUN_REQUESTS)?.map(u32_of),
        shrink_sign_ups: count(bounds::SHRINK_SIGN_UPS)?.map(u32_of),
        regressions: path("NHOST_REGRESSIONS"),
        expectations: None,
        expectation_sets: var("NHOST_EXPECTATION_SETS")
            .map(|v| SetSwitches::parse(v.split(',')).map_err(|m| err("NHOST_EXPECTATION_SETS", m)))
            .transpose()?,
        junit: path("NHOST_JUNIT"),
        ndjson: match (path("NHOST_NDJSON"), path("NHOST_NDJSON_DIR")) {
            (Some(_), Some(_)) => {
                return Err(err(
                    "NHOST_NDJSON_DIR",
                    "set NHOST_NDJSON or NHOST_NDJSON_DIR, not both".to_owned(),
                ))
            }
            (file, None) => file,
            (None, Some(dir)) => Some(dir.join(process_file_name())),
        },
        markdown: path("NHOST_SUMMARY_MD"),
        html: path("NHOST_SUMMARY_HTML"),
        max_duration: secs(bounds::MAX_DURATION)?,
        max_fail: count(bounds::MAX_FAIL)?.map(usize_of),
        breaker_failures: count(bounds::BREAKER_FAILURES)?.map(u32_of),
        out_dir: path("NHOST_OUT_DIR"),
        allow_incomplete: var("NHOST_ALLOW_INCOMPLETE")
            .map(|v| parse_bool(&v).map_err(|m| err("NHOST_ALLOW_INCOMPLETE", m)))
            .transpose()?,
        allow_writes: var("NHOST_ALLOW_WRITES")
            .map(|v| parse_bool(&v).map_err(|m| err("NHOST_ALLOW_WRITES", m)))
            .transpose()?,
        admin_secret: var("NHOST_ADMIN_SECRET"),
        graphql_url: var("NHOST_GRAPHQL_URL"),
    };
    if let Some(file) = var("NHOST_ACCOUNTS_FILE") {
        if layer.accounts.is_some() {
            return Err(err(
                "NHOST_ACCOUNTS_FILE",
                "set NHOST_ACCOUNTS or NHOST_ACCOUNTS_FILE, not both".to_owned(),
            ));
        }
        let (path, accounts) =
            read_accounts_file(Path::new(&file)).map_err(|m| err("NHOST_ACCOUNTS_FILE", m))?;
        layer.accounts = Some(accounts);
        layer.accounts_file = Some(path);
    }
    if let Some(file) = var("NHOST_EXPECTATIONS") {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| err("NHOST_EXPECTATIONS", format!("cannot read {file}: {e}")))?;
        let list = super::expect::parse_file(&text)
            .map_err(|m| err("NHOST_EXPECTATIONS", format!("{file}: {m}")))?;
        layer.expectations = Some(list);
    }
    Ok(layer)
}

/// A file name no other process writing to the same directory picks: the process id, the
/// time in nanoseconds and a per-process counter.
fn process_file_name() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "nhost-{}-{nanos}-{}.ndjson",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
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
    fn an_ndjson_dir_gives_each_load_its_own_file() {
        let a = layer(&[("NHOST_NDJSON_DIR", "/tmp/shard")])
            .unwrap()
            .ndjson
            .unwrap();
        let b = layer(&[("NHOST_NDJSON_DIR", "/tmp/shard")])
            .unwrap()
            .ndjson
            .unwrap();
        assert!(a.starts_with("/tmp/shard") && a.extension().is_some_and(|e| e == "ndjson"));
        assert_ne!(a, b);
        let both = layer(&[
            ("NHOST_NDJSON_DIR", "/tmp/a"),
            ("NHOST_NDJSON", "/tmp/b.ndjson"),
        ]);
        assert_eq!(both.unwrap_err().key(), "NHOST_NDJSON_DIR");
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
        ] {
            let e = layer(&[(k, v)]).unwrap_err().to_string();
            assert!(e.starts_with(k), "{k}: {e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }

    #[test]
    fn the_variable_list_states_each_bound() {
        let described = |name: &str| {
            VARIABLES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, d)| *d)
                .unwrap_or_default()
        };
        for c in [
            bounds::CASES,
            bounds::CONCURRENCY,
            bounds::MAX_RETRIES,
            bounds::POOL_SIZE,
            bounds::SHRINK_STEPS,
            bounds::MAX_RESPONSE_BYTES,
        ] {
            let range = format!("{} to {}", c.min, c.max);
            assert!(
                described(c.setting.env).contains(&range),
                "{}",
                c.setting.env
            );
        }
        for s in [
            bounds::TIMEOUT,
            bounds::MAX_BACKOFF,
            bounds::SHRINK_TIME,
            bounds::MAX_THROTTLE_WAIT,
        ] {
            let range = format!("{} to {} s", s.min.as_secs_f64(), s.max.as_secs_f64());
            assert!(
                described(s.setting.env).contains(&range),
                "{}",
                s.setting.env
            );
        }
        let r = bounds::RATE_LIMIT;
        let range = format!("{} to {}", r.min, r.max);
        assert!(described(r.setting.env).contains(&range));
    }

    #[test]
    fn bounds_are_named_in_the_message() {
        let e = layer(&[("NHOST_CASES", "99999999999")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "NHOST_CASES: must be a whole number from 1 to 100000, got 99999999999"
        );
        let e = layer(&[("NHOST_RATE_LIMIT", "1e-300")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("auto, 0 (no cap) or 0.001 to 10000"), "{e}");
        let l = layer(&[("NHOST_RATE_LIMIT", "0"), ("NHOST_MAX_RETRIES", "100")]).unwrap();
        assert_eq!(
            (l.rate, l.max_retries),
            (Some(super::super::RateSetting::Unlimited), Some(100))
        );
        let l = layer(&[("NHOST_RATE_LIMIT", "AUTO")]).unwrap();
        assert_eq!(l.rate, Some(super::super::RateSetting::Auto));
    }
}
