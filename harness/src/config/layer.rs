//! [`ConfigLayer`]: one source of settings (a file, the environment, the command line) as the
//! text of each setting it gives, read onto the defaults by the settings table's own parsers
//! ([`super::settings`]). [`resolve`] applies layers in order, later ones winning.

use suites::Account;

use super::expect::Expectation;
use super::imp::RunConfig;
use super::parse::check_url;
use super::settings::Setting;
use crate::errors::ConfigError;

/// The settings one source gives, as text, and the structured entries only a file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigLayer {
    /// Where the values come from: `environment`, `command line`, or a file's path (it names
    /// each setting in error messages: [`Setting::name_in`]).
    pub source: String,
    /// Each setting given, with its text, in the order it is applied.
    pub values: Vec<(&'static Setting, String)>,
    /// `[[expect]]` entries (a file), added to the earlier layers' entries.
    pub expectations: Vec<Expectation>,
    /// `[[account]]` entries (a file).
    pub accounts: Option<Vec<Account>>,
}

impl ConfigLayer {
    /// An empty layer from `source`.
    pub fn new(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            ..Self::default()
        }
    }

    /// Gives `setting` the text `value` (a later value of the same setting wins).
    pub fn set(&mut self, setting: &'static Setting, value: impl Into<String>) {
        self.values.push((setting, value.into()));
    }

    /// Gives the setting whose variable is `env` the text `value`.
    ///
    /// # Panics
    /// When no setting has that variable: a bug of the caller, caught by its tests.
    pub fn set_env(&mut self, env: &str, value: impl Into<String>) {
        let setting = Setting::by_env(env).unwrap_or_else(|| panic!("no setting {env}"));
        self.set(setting, value);
    }

    /// The last text this layer gives the setting whose variable is `env`.
    pub fn get(&self, env: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(s, _)| s.env == env)
            .map(|(_, v)| v.as_str())
    }

    fn error(&self, setting: &Setting, message: impl Into<String>) -> ConfigError {
        ConfigError::new(&self.source, &setting.name_in(&self.source), message)
    }

    /// The URL this layer points the run at, if any: an explicit URL, or subdomain + region
    /// (and the GraphQL URL those imply).
    fn target(&self) -> Result<Option<(String, Option<String>)>, ConfigError> {
        let by = |env: &str| Setting::by_env(env).expect("a target setting");
        let (url, subdomain, region) = (
            self.get("NHOST_AUTH_URL"),
            self.get("NHOST_SUBDOMAIN"),
            self.get("NHOST_REGION"),
        );
        match (url, subdomain, region) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(self.error(
                by("NHOST_AUTH_URL"),
                "give a URL or a subdomain and a region, not both",
            )),
            (Some(url), None, None) => {
                let url = url.trim_end_matches('/').to_owned();
                check_url(&url).map_err(|m| self.error(by("NHOST_AUTH_URL"), m))?;
                Ok(Some((url, None)))
            }
            (None, Some(s), Some(r)) => Ok(Some((
                format!("https://{s}.auth.{r}.nhost.run/v1"),
                Some(format!("https://{s}.graphql.{r}.nhost.run/v1")),
            ))),
            (None, Some(_), None) => {
                Err(self.error(by("NHOST_REGION"), "a subdomain needs a region too"))
            }
            (None, None, Some(_)) => {
                Err(self.error(by("NHOST_SUBDOMAIN"), "a region needs a subdomain too"))
            }
            (None, None, None) => Ok(None),
        }
    }
}

/// The settings that name the target: read first, by [`ConfigLayer::target`].
const TARGET_SETTINGS: [&str; 3] = ["NHOST_AUTH_URL", "NHOST_SUBDOMAIN", "NHOST_REGION"];

/// Applies layers in order onto the defaults. The target is resolved first (the last layer that
/// names one wins) so that a URL target's defaults sit under every explicit setting; then each
/// layer's values, in order, through the table's parsers.
pub fn resolve(layers: &[&ConfigLayer]) -> Result<RunConfig, ConfigError> {
    let mut config = RunConfig::default();
    let mut target = None;
    for layer in layers {
        if let Some(found) = layer.target()? {
            target = Some(found);
        }
    }
    if let Some((url, graphql)) = target {
        config = config.with_url_defaults(url);
        config.graphql_url = graphql;
    }
    for layer in layers {
        for (setting, text) in &layer.values {
            if TARGET_SETTINGS.contains(&setting.env) {
                continue;
            }
            setting
                .set(&mut config, text)
                .map_err(|m| layer.error(setting, m))?;
        }
        config
            .expectations
            .extend(layer.expectations.iter().cloned());
        if let Some(accounts) = &layer.accounts {
            config.accounts.clone_from(accounts);
            config.accounts_file = None;
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(source: &str, env: &str, value: &str) -> ConfigLayer {
        let mut l = ConfigLayer::new(source);
        l.set_env(env, value);
        l
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
            let l = layer(source, "NHOST_AUTH_URL", url);
            let e = resolve(&[&l]).unwrap_err();
            assert_eq!(e.key(), key, "{url}: {e}");
            let text = e.to_string();
            assert!(
                !text.contains("hunter2-pw") && !text.contains('\n'),
                "{text}"
            );
        }
        let ok = layer(
            "environment",
            "NHOST_AUTH_URL",
            "http://user:pw@127.0.0.1:1/v1/",
        );
        let config = resolve(&[&ok]).unwrap();
        assert_eq!(config.target_label(), "http://127.0.0.1:1/v1");
    }

    #[test]
    fn bounds_hold_whatever_the_source() {
        let e = resolve(&[&layer("command line", "NHOST_CASES", "100001")]).unwrap_err();
        assert_eq!(e.key(), "--cases");
        let e = resolve(&[&layer("command line", "NHOST_TIMEOUT_SECS", "0")]).unwrap_err();
        assert_eq!(e.key(), "--timeout");
        assert!(resolve(&[&layer("command line", "NHOST_RATE_LIMIT", "inf")]).is_err());
    }

    #[test]
    fn later_layers_win_and_a_url_s_defaults_sit_under_every_explicit_setting() {
        let mut env = layer("environment", "NHOST_MAX_DURATION", "60");
        env.set_env("NHOST_CASES", "3");
        let cli = layer("command line", "NHOST_AUTH_URL", "http://127.0.0.1:9/v1");
        let config = resolve(&[&env, &cli]).unwrap();
        assert_eq!(
            config.max_duration,
            Some(std::time::Duration::from_secs(60))
        );
        assert_eq!(config.cases, 3);
        let cloud = {
            let mut l = layer("environment", "NHOST_SUBDOMAIN", "abc");
            l.set_env("NHOST_REGION", "eu-central-1");
            l
        };
        let config = resolve(&[&cloud]).unwrap();
        assert_eq!(
            config.target_label(),
            "https://abc.auth.eu-central-1.nhost.run/v1"
        );
        assert_eq!(
            config.graphql_url.as_deref(),
            Some("https://abc.graphql.eu-central-1.nhost.run/v1")
        );
        let both = {
            let mut l = layer("command line", "NHOST_AUTH_URL", "http://127.0.0.1:9/v1");
            l.set_env("NHOST_SUBDOMAIN", "abc");
            l
        };
        assert_eq!(resolve(&[&both]).unwrap_err().key(), "--target");
    }

    #[test]
    fn the_config_teaches_its_secrets() {
        let mut l = layer(
            "environment",
            "NHOST_AUTH_URL",
            "https://me:url-secret@h.example/v1",
        );
        l.set_env("NHOST_JWT_SECRET", "jwt-secret-value");
        l.set_env("NHOST_ACCOUNTS", "a@b.co:account-pw");
        let config = resolve(&[&l]).unwrap();
        let secrets = suites::Secrets::new();
        config.learn_secrets(&secrets);
        let out = secrets.scrub("url-secret jwt-secret-value account-pw");
        assert!(
            !out.contains("secret") && !out.contains("account-pw"),
            "{out}"
        );
    }
}
