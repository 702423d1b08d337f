//! [`SettingArgs`]: the command-line flags of the settings table, for the subcommands that take
//! them. The flags are built from the table's rows ([`crate::config::SETTINGS`]: name, value,
//! help), so a setting is declared once; their values become a [`ConfigLayer`] read by the
//! table's own parsers, like the environment's and the file's.

use std::marker::PhantomData;

use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};

use crate::config::settings::{Access, Kind, Scope, COMMAND_LINE};
use crate::config::{ConfigLayer, Setting, SETTINGS};

/// Which rows a subcommand takes: by default every row whose [`Scope`] is at most
/// [`TakesSettings::UP_TO`].
pub trait TakesSettings {
    /// The widest scope taken.
    const UP_TO: Scope;

    /// Whether the subcommand takes `setting`'s flag.
    fn takes(setting: &Setting) -> bool {
        setting.scope <= Self::UP_TO
    }
}

/// The flags of a command that writes reports but reaches no target (`merge-reports`): every
/// report format's path and the out dir.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportFlags;

impl TakesSettings for ReportFlags {
    const UP_TO: Scope = Scope::Suites;

    fn takes(setting: &Setting) -> bool {
        matches!(setting.access, Access::Report(_)) || setting.env == "NHOST_OUT_DIR"
    }
}

/// The flags of a command that reaches a target but runs no suite of its own (`replay`).
#[derive(Debug, Clone, Copy, Default)]
pub struct TargetFlags;

impl TakesSettings for TargetFlags {
    const UP_TO: Scope = Scope::Target;
}

/// The flags of a command that runs suites (`fuzz`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SuiteFlags;

impl TakesSettings for SuiteFlags {
    const UP_TO: Scope = Scope::Suites;
}

/// The flags of a single run (`run`, `compare`, `drift`): every setting with a flag.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunFlags;

impl TakesSettings for RunFlags {
    const UP_TO: Scope = Scope::SingleRun;
}

/// The settings given on the command line, as text.
#[derive(Debug, Clone, Default)]
pub struct SettingArgs<S> {
    values: Vec<(&'static Setting, String)>,
    scope: PhantomData<S>,
}

impl<S: TakesSettings> SettingArgs<S> {
    fn rows() -> impl Iterator<Item = (&'static Setting, &'static str)> {
        SETTINGS
            .iter()
            .filter(|s| S::takes(s))
            .filter_map(|s| s.flag.map(|flag| (s, flag)))
    }

    /// The layer these flags give.
    pub fn layer(&self) -> ConfigLayer {
        let mut layer = ConfigLayer::new(COMMAND_LINE);
        for (setting, value) in &self.values {
            layer.set(setting, value.clone());
        }
        layer
    }

    /// Gives one more setting (a subcommand's own flag that stands for a setting).
    pub fn push(&mut self, setting: &'static Setting, value: impl Into<String>) {
        self.values.push((setting, value.into()));
    }

    /// Whether a flag gave the setting whose variable is `env`.
    pub fn has(&self, env: &str) -> bool {
        self.values.iter().any(|(s, _)| s.env == env)
    }
}

impl<S: TakesSettings> FromArgMatches for SettingArgs<S> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut args = Self {
            values: Vec::new(),
            scope: PhantomData,
        };
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for (setting, _) in Self::rows() {
            let value = match setting.kind {
                Kind::Switch => matches.get_flag(setting.env).then(|| "1".to_owned()),
                Kind::Value => matches.get_one::<String>(setting.env).cloned(),
                Kind::List => matches
                    .get_many::<String>(setting.env)
                    .map(|values| values.cloned().collect::<Vec<_>>().join(",")),
            };
            if let Some(value) = value {
                self.values.push((setting, value));
            }
        }
        Ok(())
    }
}

impl<S: TakesSettings> Args for SettingArgs<S> {
    fn augment_args(cmd: Command) -> Command {
        Self::rows().fold(cmd, |cmd, (setting, flag)| {
            let arg = Arg::new(setting.env).long(flag).help(setting.doc);
            let arg = match setting.kind {
                Kind::Switch => arg.action(ArgAction::SetTrue),
                Kind::Value => arg.value_name(setting.value).action(ArgAction::Set),
                Kind::List => arg
                    .value_name(setting.value)
                    .action(ArgAction::Append)
                    .allow_hyphen_values(true),
            };
            cmd.arg(arg)
        })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}
