//! [`ConfigLayer`]: one source of settings (file, environment, command line), every field optional.
//! Layers are applied in order onto the defaults, later ones winning.

use std::path::PathBuf;
use std::time::Duration;

use reference_server::{Fault, Profile};
use suites::Account;

use super::expect::Expectation;
use super::imp::{RunConfig, TargetSpec};
use crate::errors::ConfigError;

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
    /// Contract spec.
    pub contract: Option<String>,
    /// Suites.
    pub suites: Option<Vec<String>>,
    /// Cases per property.
    pub cases: Option<usize>,
    /// Run seed.
    pub seed: Option<u64>,
    /// Request timeout.
    pub request_timeout: Option<Duration>,
    /// Response size cap.
    pub max_response_bytes: Option<usize>,
    /// Requests per second (0 = unlimited).
    pub rate_limit: Option<f64>,
    /// Requests in flight.
    pub concurrency: Option<usize>,
    /// 429 retries.
    pub max_retries: Option<u32>,
    /// Longest backoff.
    pub max_backoff: Option<Duration>,
    /// Budget text (`sign_up=10,...`).
    pub budget: Option<String>,
    /// JWT secret.
    pub jwt_secret: Option<String>,
    /// Pool size.
    pub pool_size: Option<usize>,
    /// Pre-provisioned accounts.
    pub accounts: Option<Vec<Account>>,
    /// Allowed locales.
    pub allowed_locales: Option<Vec<String>>,
    /// Email namespace.
    pub namespace: Option<String>,
    /// Shrink steps.
    pub shrink_steps: Option<u32>,
    /// Shrink time bound.
    pub shrink_time: Option<Duration>,
    /// Regressions file.
    pub regressions: Option<PathBuf>,
    /// Expectations (added to the earlier layers' entries).
    pub expectations: Option<Vec<Expectation>>,
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
    /// `breaker_failures`.
    pub breaker_failures: Option<u32>,
    /// `out_dir`.
    pub out_dir: Option<PathBuf>,
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
            url = Some(u);
        }
    }
    if let Some(url) = url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ConfigError::new(
                "target",
                "url",
                format!("{url:?} is not an http(s) URL"),
            ));
        }
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
        contract,
        suites,
        cases,
        seed,
        request_timeout,
        max_response_bytes,
        concurrency,
        max_retries,
        max_backoff
    );
    set!(
        pool_size,
        accounts,
        allowed_locales,
        namespace,
        shrink_steps,
        shrink_time,
        breaker_failures
    );
    if l.max_duration.is_some() {
        c.max_duration = l.max_duration;
    }
    if l.out_dir.is_some() {
        c.out_dir.clone_from(&l.out_dir);
    }
    if let Some(more) = &l.expectations {
        c.expectations.extend(more.iter().cloned());
    }
    if let Some(r) = l.rate_limit {
        c.rate_limit = (r > 0.0).then_some(r);
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
    if c.cases == 0 {
        return Err(ConfigError::new(source, "cases", "must be at least 1"));
    }
    if c.concurrency == 0 {
        return Err(ConfigError::new(
            source,
            "concurrency",
            "must be at least 1",
        ));
    }
    Ok(())
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
        return Ok(super::imp::random_namespace()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            }));
    }
    text.parse::<results::RunSeed>()
        .map(|s| s.0)
        .map_err(|_| format!("expected a whole number, 0x and hex digits, or `random`, got {text:?}"))
}

/// Parses seconds (fractions allowed) into a duration.
pub fn parse_secs(text: &str) -> Result<Duration, String> {
    let s: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("expected seconds, got {text:?}"))?;
    if !(s.is_finite() && s > 0.0 && s < 86_400.0) {
        return Err(format!(
            "expected seconds between 0 and 86400, got {text:?}"
        ));
    }
    Ok(Duration::from_secs_f64(s))
}
