//! Configuration of a run. The main type is [`RunConfig`]; [`load`] builds it from the defaults,
//! `conformance.toml` and the `NHOST_*` environment, in that order (later wins).

pub mod bounds;
mod budget;
mod env;
mod expect;
mod file;
mod imp;
mod layer;
mod sets;
mod via;

pub use bounds::parse_jobs;
pub use budget::Budgets;
pub use env::{from_lookup, VARIABLES};
pub use expect::{parse_file as parse_expectations, Expectation};
pub use file::{locate, FILE_NAME};
pub use imp::{
    random_namespace, RateSetting, ReportPaths, RunConfig, TargetSpec, DEFAULT_SEED,
    DEFAULT_URL_MAX_DURATION, EMBEDDED_LOCALES, SHRINK_REQUESTS, SHRINK_RUN_REQUESTS,
    SHRINK_SIGN_UPS,
};
pub use layer::{
    check_url, parse_accounts, parse_bool, parse_faults, parse_list, parse_secs, parse_seed,
    read_accounts_file, read_secret_env, resolve, ConfigLayer,
};
pub use sets::{default_sets, ExpectationSet, SetSwitches, SETS};
pub use via::{Via, ViaKind};

use crate::errors::ConfigError;

/// Loads the configuration: defaults, then the config file (if any), then the environment, then
/// `extra` (the command line), later layers winning.
pub fn load(extra: Option<&ConfigLayer>) -> Result<RunConfig, ConfigError> {
    let env_layer = env::from_lookup(|k| std::env::var(k).ok())?;
    let explicit = std::env::var_os("NHOST_CONFIG").map(std::path::PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_default();
    let file_layer = match locate(explicit, &cwd) {
        Some(path) => Some((path.display().to_string(), file::load(&path)?)),
        None => None,
    };
    let mut layers: Vec<(&str, &ConfigLayer)> = Vec::new();
    if let Some((name, layer)) = &file_layer {
        layers.push((name.as_str(), layer));
    }
    layers.push(("environment", &env_layer));
    if let Some(extra) = extra {
        layers.push(("command line", extra));
    }
    resolve(&layers)
}
