//! [`ConfigLayer`]: one source of settings (file, environment, command line), every field optional.
//! Layers are applied in order onto the defaults, later ones winning.

use std::path::{Path, PathBuf};
use std::time::Duration;

use reference_server::{Fault, Profile};
use suites::Account;

use super::bounds;
use super::expect::Expectation;
use super::imp::{RateSetting, RunConfig, TargetSpec};
use super::sets::SetSwitches;
use super::via::ViaKind;
use crate::errors::ConfigError;
use crate::target::sdk::SdkLine;

/// Settings from one source. `source` names where each came from in error messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigLayer {
    /// Auth base URL.
    pub url: Option<String>,
    /// Nhost cloud subdomain.
    pub subdomain: Option<String>,
    /// Nhost cloud region.
    pub region: Option<String>,
    /// Embedded server profile.
    pub profile: Option<Profile>,
    /// Embedded server faults.
    pub faults: Option<Vec<Fault>>,
    /// `http` or `sdk`.
    pub via: Option<ViaKind>,
    /// The SDK line.
    pub sdk: Option<SdkLine>,
    /// Contract spec.
    pub contract: Option<String>,
    /// Suites.
    pub suites: Option<Vec<String>>,
    /// Suites left out.
    pub exclude_suites: Option<Vec<String>>,
    /// Cases per property.
    pub cases: Option<usize>,
    /// Run seed.
    pub seed: Option<u64>,
    /// Request timeout.
    pub request_timeout: Option<Duration>,
    /// Response size cap.
    pub max_response_bytes: Option<usize>,
    /// The pace: `auto`, no cap, or requests per second.
    pub rate: Option<RateSetting>,
    /// Requests in flight.
    pub concurrency: Option<usize>,
    /// 429 retries.
    pub max_retries: Option<u32>,
    /// Longest backoff.
    pub max_backoff: Option<Duration>,
    /// How long one request waits out 429s.
    pub max_throttle_wait: Option<Duration>,
    /// Budget text (`sign_up=10,...`).
    pub budget: Option<String>,
    /// JWT secret.
    pub jwt_secret: Option<String>,
    /// The variable the JWT secret was read from (not `NHOST_JWT_SECRET`).
    pub jwt_secret_env: Option<String>,
    /// Pool size.
    pub pool_size: Option<usize>,
    /// Pre-provisioned accounts.
    pub accounts: Option<Vec<Account>>,
    /// The file the accounts were read from.
    pub accounts_file: Option<PathBuf>,
    /// Allowed locales.
    pub allowed_locales: Option<Vec<String>>,
    /// Email namespace.
    pub namespace: Option<String>,
    /// Shrink steps.
    pub shrink_steps: Option<u32>,
    /// Shrink time bound.
    pub shrink_time: Option<Duration>,
    /// Shrink requests per failure.
    pub shrink_requests: Option<u32>,
    /// Shrink requests per run.
    pub shrink_run_requests: Option<u32>,
    /// Shrink sign-ups per run.
    pub shrink_sign_ups: Option<u32>,
    /// Regressions file.
    pub regressions: Option<PathBuf>,
    /// Expectations (added to the earlier layers' entries).
    pub expectations: Option<Vec<Expectation>>,
    /// Built-in expectation sets switched on or off.
    pub expectation_sets: Option<SetSwitches>,
    /// JUnit path.
    pub junit: Option<PathBuf>,
    /// NDJSON path.
    pub ndjson: Option<PathBuf>,
    /// Markdown summary path.
    pub markdown: Option<PathBuf>,
    /// HTML summary path.
    pub html: Option<PathBuf>,
    /// `max_duration`.
    pub max_duration: Option<Duration>,
    /// `max_fail`.
    pub max_fail: Option<usize>,
    /// `breaker_failures`.
    pub breaker_failures: Option<u32>,
    /// `out_dir`.
    pub out_dir: Option<PathBuf>,
    /// `allow_incomplete`.
    pub allow_incomplete: Option<bool>,
    /// `admin_secret`.
    pub admin_secret: Option<String>,
    /// `graphql_url`.
    pub graphql_url: Option<String>,
    /// `allow_writes`.
    pub allow_writes: Option<bool>,
}

impl ConfigLayer {
    /// The URL this layer points at, if any: an explicit URL, or subdomain + region.
    pub fn target_url(&self, source: &str) -> Result<Option<String>, ConfigError> {
        if let Some(url) = &self.url {
            return Ok(Some(url.trim_end_matches('/').to_owned()));
        }
        match (&self.subdomain, &self.region) {
            (Some(s), Some(r)) => Ok(Some(format!("https://{s}.auth.{r}.nhost.run/v1"))),
            (Some(_), None) => Err(ConfigError::new(
                source,
                "region",
                "a subdomain needs a region too",
            )),
            (None, Some(_)) => Err(ConfigError::new(
                source,
                "subdomain",
                "a region needs a subdomain too",
            )),
            (None, None) => Ok(None),
        }
    }
}

/// Applies layers in order onto the defaults. The target is resolved first (the last layer that
/// names one wins) so that a URL target's defaults sit under every explicit setting.
pub fn resolve(layers: &[(&str, &ConfigLayer)]) -> Result<RunConfig, ConfigError> {
    let mut config = RunConfig::default();
    let mut url = None;
    for (source, layer) in layers {
        if let Some(u) = layer.target_url(source)? {
            let key = if layer.url.is_some() {
                bounds::URL.key(source)
            } else {
                "subdomain"
            };
            url = Some((u, *source, key));
        }
    }
    if let Some((url, source, key)) = url {
        check_url(&url).map_err(|m| ConfigError::new(source, key, m))?;
        config = config.with_url_defaults(url);
    }
    for (source, layer) in layers {
        apply(&mut config, source, layer)?;
    }
    Ok(config)
}

fn apply(c: &mut RunConfig, source: &str, l: &ConfigLayer) -> Result<(), ConfigError> {
    if let TargetSpec::Embedded { profile, faults } = &mut c.target {
        if let Some(p) = l.profile {
            *profile = p;
        }
        if let Some(f) = &l.faults {
            faults.clone_from(f);
        }
    } else if l.faults.as_ref().is_some_and(|f| !f.is_empty()) {
        return Err(ConfigError::new(
            source,
            "faults",
            "faults apply only to the embedded reference server, not to a URL target",
        ));
    }
    macro_rules! set {
        ($($field:ident),*) => { $( if let Some(v) = &l.$field { c.$field = v.clone(); } )* };
    }
    set!(
        via,
        sdk,
        contract,
        suites,
        exclude_suites,
        cases,
        seed,
        request_timeout,
        max_response_bytes,
        concurrency,
        max_backoff,
        max_throttle_wait,
        rate
    );
    set!(
        pool_size,
        accounts,
        allowed_locales,
        namespace,
        shrink_steps,
        shrink_time,
        shrink_requests,
        shrink_run_requests,
        shrink_sign_ups,
        breaker_failures
    );
    if l.max_duration.is_some() {
        c.max_duration = l.max_duration;
    }
    if l.max_fail.is_some() {
        c.max_fail = l.max_fail;
    }
    if l.max_retries.is_some() {
        c.max_retries = l.max_retries;
    }
    if l.accounts.is_some() {
        c.accounts_file.clone_from(&l.accounts_file);
    }
    if l.out_dir.is_some() {
        c.out_dir.clone_from(&l.out_dir);
    }
    if let Some(allow) = l.allow_incomplete {
        c.allow_incomplete = allow;
    }
    if let Some(allow) = l.allow_writes {
        c.allow_writes = allow;
    }
    if l.admin_secret.is_some() {
        c.admin_secret.clone_from(&l.admin_secret);
    }
    if let Some(url) = &l.graphql_url {
        super::check_url(url).map_err(|m| ConfigError::new(source, "graphql_url", m))?;
        c.graphql_url = Some(url.trim_end_matches('/').to_owned());
    } else if let (Some(s), Some(r), None) = (&l.subdomain, &l.region, &l.url) {
        c.graphql_url = Some(format!("https://{s}.graphql.{r}.nhost.run/v1"));
    }
    if let Some(switches) = &l.expectation_sets {
        switches.apply(&mut c.expectation_sets);
    }
    if let Some(more) = &l.expectations {
        c.expectations.extend(more.iter().cloned());
    }
    if let Some(b) = &l.budget {
        let mut budgets = c.budgets.clone();
        budgets
            .parse_onto(b)
            .map_err(|m| ConfigError::new(source, "budget", m))?;
        c.budgets = budgets;
    }
    if l.jwt_secret.is_some() {
        c.jwt_secret.clone_from(&l.jwt_secret);
        c.jwt_secret_env.clone_from(&l.jwt_secret_env);
    }
    if l.regressions.is_some() {
        c.regressions.clone_from(&l.regressions);
    }
    for (slot, value) in [
        (&mut c.reports.junit, &l.junit),
        (&mut c.reports.ndjson, &l.ndjson),
        (&mut c.reports.markdown, &l.markdown),
        (&mut c.reports.html, &l.html),
    ] {
        if value.is_some() {
            slot.clone_from(value);
        }
    }
    check_bounds(source, l)
}

/// Checks every numeric value a layer sets against its bounds (the environment and file parsers
/// check while parsing; this also covers layers built in code, such as the command line's).
fn check_bounds(source: &str, l: &ConfigLayer) -> Result<(), ConfigError> {
    let wide = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let counts = [
        (bounds::CASES, l.cases.map(wide)),
        (bounds::MAX_RESPONSE_BYTES, l.max_response_bytes.map(wide)),
        (bounds::CONCURRENCY, l.concurrency.map(wide)),
        (bounds::MAX_RETRIES, l.max_retries.map(u64::from)),
        (bounds::POOL_SIZE, l.pool_size.map(wide)),
        (bounds::SHRINK_STEPS, l.shrink_steps.map(u64::from)),
        (bounds::SHRINK_REQUESTS, l.shrink_requests.map(u64::from)),
        (
            bounds::SHRINK_RUN_REQUESTS,
            l.shrink_run_requests.map(u64::from),
        ),
        (bounds::SHRINK_SIGN_UPS, l.shrink_sign_ups.map(u64::from)),
        (bounds::MAX_FAIL, l.max_fail.map(wide)),
    ];
    for (bound, value) in counts {
        if let Some(n) = value {
            bound
                .check(n)
                .map_err(|m| ConfigError::new(source, bound.setting.key(source), m))?;
        }
    }
    let durations = [
        (bounds::TIMEOUT, l.request_timeout),
        (bounds::MAX_BACKOFF, l.max_backoff),
        (bounds::SHRINK_TIME, l.shrink_time),
        (bounds::MAX_THROTTLE_WAIT, l.max_throttle_wait),
        (bounds::MAX_DURATION, l.max_duration),
    ];
    for (bound, value) in durations {
        if let Some(d) = value {
            bound
                .check(d)
                .map_err(|m| ConfigError::new(source, bound.setting.key(source), m))?;
        }
    }
    if let Some(RateSetting::PerSec(r)) = l.rate {
        let bound = bounds::RATE_LIMIT;
        bound
            .check(r)
            .map_err(|m| ConfigError::new(source, bound.setting.key(source), m))?;
    }
    Ok(())
}

/// Checks a target URL: it parses, its scheme is http or https, and it names a host. The
/// message never repeats the URL's userinfo.
pub fn check_url(url: &str) -> Result<(), String> {
    let shown = suites::redact::strip_userinfo(url);
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| format!("{shown:?} is not a valid URL ({e}); expected http(s)://host/path"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "{shown:?} is not an http(s) URL; expected http(s)://host/path"
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "{shown:?} has no host; expected http(s)://host/path"
        ));
    }
    Ok(())
}

/// Parses a yes/no setting: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`.
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!(
            "expected 1/true/yes/on or 0/false/no/off, got {text:?}"
        )),
    }
}

/// Parses `email:password` pairs separated by commas.
pub fn parse_accounts(text: &str) -> Result<Vec<Account>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (email, password) = pair
                .split_once(':')
                .ok_or("expected email:password pairs separated by commas")?;
            if !email.contains('@') || password.is_empty() {
                return Err("expected email:password pairs separated by commas".to_owned());
            }
            Ok(Account {
                email: email.to_owned(),
                password: password.to_owned(),
                user_id: None,
            })
        })
        .collect()
}

/// Reads an accounts file: one `email:password` per line; blank lines and lines starting with
/// `#` are skipped. Returns the file's absolute path (for case files) and the accounts. The
/// message never quotes a line (it holds a password).
pub fn read_accounts_file(path: &Path) -> Result<(PathBuf, Vec<Account>), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut accounts = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = parse_accounts(line)
            .ok()
            .filter(|a| a.len() == 1)
            .ok_or_else(|| format!("{} line {}: expected email:password", path.display(), n + 1))?;
        accounts.extend(parsed);
    }
    if accounts.is_empty() {
        return Err(format!("{} holds no account", path.display()));
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok((absolute, accounts))
}

/// Reads the JWT secret from the variable `name` (`--jwt-secret-env`, `jwt_secret_env`): the
/// secret itself is never given on a command line or in a file.
pub fn read_secret_env(name: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(v),
        _ => Err(format!(
            "the variable {name} is not set (it should hold the JWT secret)"
        )),
    }
}

/// Parses a comma-separated list.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses fault names, with an error that lists the known ones.
pub fn parse_faults(names: &[String]) -> Result<Vec<Fault>, String> {
    names
        .iter()
        .map(|n| n.parse::<Fault>().map_err(|e| e.to_string()))
        .collect()
}

/// Parses `random` or a whole number.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    if text.eq_ignore_ascii_case("random") {
        return Ok(results::hash::fnv1a(super::imp::random_namespace().bytes()));
    }
    text.parse::<results::RunSeed>().map(|s| s.0).map_err(|_| {
        format!("expected a whole number, 0x and hex digits, or `random`, got {text:?}")
    })
}

/// Parses seconds (fractions allowed) into a duration of 1 ms to 1 day; never panics.
pub fn parse_secs(text: &str) -> Result<Duration, String> {
    bounds::SHRINK_TIME.parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_layer(url: &str) -> ConfigLayer {
        ConfigLayer {
            url: Some(url.to_owned()),
            ..ConfigLayer::default()
        }
    }

    #[test]
    fn malformed_urls_are_config_errors_that_hide_userinfo() {
        for (source, url, key) in [
            ("environment", "notaurl", "NHOST_AUTH_URL"),
            ("command line", "http://[::1", "--target"),
            ("conformance.toml", "ftp://example.com/v1", "target"),
            ("command line", "http://user:hunter2-pw@[::1", "--target"),
            ("command line", "https://", "--target"),
        ] {
            let layer = url_layer(url);
            let e = resolve(&[(source, &layer)]).unwrap_err();
            assert_eq!(e.key(), key, "{url}: {e}");
            let text = e.to_string();
            assert!(
                !text.contains("hunter2-pw") && !text.contains('\n'),
                "{text}"
            );
        }
        let ok = url_layer("http://user:pw@127.0.0.1:1/v1/");
        let config = resolve(&[("environment", &ok)]).unwrap();
        assert_eq!(config.target_label(), "http://127.0.0.1:1/v1");
    }

    #[test]
    fn layers_built_in_code_are_bounded_too() {
        let layer = ConfigLayer {
            cases: Some(100_001),
            ..ConfigLayer::default()
        };
        let e = resolve(&[("command line", &layer)]).unwrap_err();
        assert_eq!(e.key(), "--cases");
        let layer = ConfigLayer {
            request_timeout: Some(Duration::ZERO),
            ..ConfigLayer::default()
        };
        let e = resolve(&[("command line", &layer)]).unwrap_err();
        assert_eq!(e.key(), "--timeout");
        let layer = ConfigLayer {
            rate: Some(RateSetting::PerSec(f64::INFINITY)),
            ..ConfigLayer::default()
        };
        assert!(resolve(&[("command line", &layer)]).is_err());
    }

    #[test]
    fn the_config_teaches_its_secrets() {
        let layer = ConfigLayer {
            url: Some("https://me:url-secret@h.example/v1".to_owned()),
            jwt_secret: Some("jwt-secret-value".to_owned()),
            accounts: Some(parse_accounts("a@b.co:account-pw").unwrap()),
            ..ConfigLayer::default()
        };
        let config = resolve(&[("environment", &layer)]).unwrap();
        let secrets = suites::Secrets::new();
        config.learn_secrets(&secrets);
        let out = secrets.scrub("url-secret jwt-secret-value account-pw");
        assert!(
            !out.contains("secret") && !out.contains("account-pw"),
            "{out}"
        );
    }
}
