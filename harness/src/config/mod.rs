//! Configuration of a run. The main type is [`RunConfig`]; every setting is a row of one table
//! ([`settings::SETTINGS`]), and [`load`] builds the configuration from the defaults,
//! `conformance.toml`, the `NHOST_*` environment and the command line, in that order (later
//! wins), each read by the table's own parsers.

pub mod bounds;
mod env;
mod expect;
mod file;
mod imp;
mod layer;
mod parse;
mod sets;
pub mod settings;
mod via;

pub use crate::transport::Budgets;
pub use bounds::parse_jobs;
pub use env::from_lookup;
pub use expect::{parse_file as parse_expectations, Expectation};
pub use file::{locate, parse as parse_file, FILE_NAME};
pub use imp::{
    random_namespace, RateSetting, ReportPaths, RunConfig, TargetSpec, DEFAULT_SEED,
    DEFAULT_URL_MAX_DURATION, EMBEDDED_LOCALES, SHRINK_REQUESTS, SHRINK_RUN_REQUESTS,
    SHRINK_SIGN_UPS,
};
pub use layer::{resolve, ConfigLayer};
pub use parse::{
    check_url, parse_accounts, parse_bool, parse_faults, parse_list, parse_seed,
    read_accounts_file, read_secret_env,
};
pub use sets::{default_sets, ExpectationSet, SetSwitches, SETS};
pub use settings::{markdown_table, variables, Setting, SETTINGS};
pub use via::{Via, ViaKind};

use crate::errors::ConfigError;

/// Loads the configuration: defaults, then the config file (if any), then the environment, then
/// `extra` (the command line), later layers winning.
pub fn load(extra: Option<&ConfigLayer>) -> Result<RunConfig, ConfigError> {
    let env_layer = env::from_lookup(|k| std::env::var(k).ok())?;
    let explicit = std::env::var_os(settings::CONFIG_VARIABLE.0).map(std::path::PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_default();
    let file_layer = locate(explicit, &cwd)
        .map(|path| file::load(&path))
        .transpose()?;
    let layers: Vec<&ConfigLayer> = file_layer
        .iter()
        .chain(std::iter::once(&env_layer))
        .chain(extra)
        .collect();
    resolve(&layers)
}
