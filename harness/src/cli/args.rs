//! The command line of `nhost-conformance` (clap). Each subcommand's flags convert themselves into a
//! [`ConfigLayer`] applied over the file and the environment.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{parse_faults, parse_seed, ConfigLayer};
use crate::errors::ConfigError;

/// Property-based conformance tests for Nhost Auth.
#[derive(Debug, Parser)]
#[command(name = "nhost-conformance", version, about, long_about = None, after_help = ENV_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const ENV_HELP: &str =
    "Every `run` setting can also come from NHOST_* variables or conformance.toml; \
flags win over variables, variables over the file. See the README for the list.";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the conformance suites against a target (default: the embedded reference server) and
    /// write the reports.
    Run(RunArgs),
    /// Run the same cases through HTTP and through the official SDK (`--sdk v4|v3`), one at a
    /// time (`--jobs` is not used), and report every difference in what the caller sees
    /// (written to OUT_DIR/compare.md). Exit 1 when anything differs.
    Compare(RunArgs),
    /// Re-run one case by name (from a failure message) or every case in a regressions file.
    Replay(ReplayArgs),
    /// Check a JSON Schema file: it compiles (draft 2020-12, formats asserted) and every
    /// example in it validates against its own subschema. Exit 1 when an example fails.
    CheckSchema(CheckSchemaArgs),
    /// Serve the reference Auth server (with optional faults) until interrupted.
    Serve(ServeArgs),
    /// List the reference server's named faults.
    Faults,
    /// List the rule catalogue: every rule id a run can report (the contract's schema rules,
    /// the error body's, the suites' semantic rules and the harness's own), with a one-line
    /// description and where it comes from.
    Rules(RulesArgs),
    /// Run the suites as libtest trials, exactly like `cargo test -p harness --test conformance`:
    /// configured by NHOST_* variables, with libtest's flags (`--list`, `--exact NAME`, `--skip`,
    /// `--format json`, a name filter).
    Trials(TrialsArgs),
    /// Run the suites once per named fault of the reference server and report which suite and
    /// rule caught each one (plus a no-fault run that must be clean).
    MutationScore(ScoreArgs),
    /// A time-bounded fuzz campaign: past failures replayed first, then round after round of
    /// every suite with fresh seeds derived from the campaign seed; each new failure becomes a
    /// case file and a regressions entry. Exit 1 when something new failed.
    Fuzz(FuzzArgs),
    /// Run the suites like `run` (same flags, same reports) and print the contract drift: each
    /// difference between what the target sent (keys, types, formats, null and absence rates)
    /// and the contract in force. With `--expectations-out FILE`, also write the differences
    /// that break a contract rule as `[[expect]]` entries, to review and commit. Exit 0 once
    /// the drift is printed, whatever the cases found (drift is information; `run` judges).
    Drift(DriftArgs),
    /// Merge NDJSON reports (files, or directories of `*.ndjson`, e.g. one per shard or per
    /// nextest process) into one JUnit, NDJSON, Markdown and HTML report. Exit 1 when a merged
    /// case failed.
    MergeReports(MergeArgs),
}

/// Flags of `fuzz`.
#[derive(Debug, Clone, Args)]
pub struct FuzzArgs {
    /// How long the campaign runs: `90s`, `30m`, `2h` (a bare number is seconds), 1 s to 7 days.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub duration: std::time::Duration,
    /// The regressions file: replayed first, new failures appended [default: NHOST_REGRESSIONS,
    /// else OUT_DIR/regressions.txt].
    #[arg(long, value_name = "PATH")]
    pub regressions: Option<PathBuf>,
    /// Target and contract; `--seed` is the campaign seed (default: NHOST_SEED, else 1337;
    /// `random` for a new one, printed).
    #[command(flatten)]
    pub target: TargetArgs,
    /// Fuzz only this suite (repeatable).
    #[arg(long = "suite", value_name = "NAME")]
    pub suites: Vec<String>,
    /// Cases per property in each round.
    #[arg(long, value_name = "N")]
    pub cases: Option<usize>,
    /// Cases run at once, 1 to 256.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = crate::config::parse_jobs)]
    pub jobs: usize,
    /// Let the campaign sign up, sign in and sign out on a target that is not on this
    /// machine's loopback [default: NHOST_ALLOW_WRITES].
    #[arg(long)]
    pub allow_writes: bool,
    /// Where the reports and case files go (`cases/` is also the corpus).
    #[command(flatten)]
    pub reports: ReportArgs,
}

impl FuzzArgs {
    /// The same flags as `run` would take them (no `--max-duration`: `--duration` bounds it).
    pub fn run_args(&self) -> RunArgs {
        RunArgs {
            target: self.target.clone(),
            suites: self.suites.clone(),
            cases: self.cases,
            jobs: self.jobs,
            reports: self.reports.clone(),
            max_duration: None,
            allow_incomplete: false,
            allow_writes: self.allow_writes,
        }
    }
}

/// The longest `fuzz --duration`: 7 days.
pub const MAX_FUZZ_DURATION: std::time::Duration = std::time::Duration::from_secs(7 * 86_400);

/// Parses `90s`, `30m`, `2h`, `1d` or bare seconds, 1 s to [`MAX_FUZZ_DURATION`].
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    let (number, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "{text:?} is not a duration (a whole number with s, m, h or d, e.g. 90s, 30m, 2h)"
            ))
        }
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration (e.g. 90s, 30m, 2h)"))?;
    let secs = n.saturating_mul(scale);
    if secs == 0 || secs > MAX_FUZZ_DURATION.as_secs() {
        return Err(format!("{text:?} is out of range: 1s to 7d"));
    }
    Ok(std::time::Duration::from_secs(secs))
}

/// Flags of `merge-reports`.
#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// NDJSON files, or directories whose `*.ndjson` files are read (not recursively).
    #[arg(required = true, value_name = "NDJSON|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Directory for the merged reports not given a path of their own
    /// [default: nhost-conformance-report].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Merged JUnit XML path (default: OUT_DIR/junit.xml).
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// Merged NDJSON path (default: OUT_DIR/results.ndjson).
    #[arg(long, value_name = "PATH")]
    pub ndjson: Option<PathBuf>,
    /// Merged Markdown summary path (default: OUT_DIR/summary.md).
    #[arg(long, value_name = "PATH")]
    pub summary: Option<PathBuf>,
    /// Merged HTML summary path (default: OUT_DIR/summary.html).
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,
}

/// Where to send requests and what to judge them against.
#[derive(Debug, Clone, Args, Default)]
pub struct TargetArgs {
    /// Auth base URL of the target (e.g. https://xyz.auth.eu-central-1.nhost.run/v1).
    #[arg(long, value_name = "URL", conflicts_with_all = ["subdomain", "region"])]
    pub target: Option<String>,
    /// Nhost cloud subdomain (with --region).
    #[arg(long, requires = "region")]
    pub subdomain: Option<String>,
    /// Nhost cloud region (with --subdomain).
    #[arg(long, requires = "subdomain")]
    pub region: Option<String>,
    /// How requests reach the target: `http`, or `sdk` through the official JS SDK's own
    /// calls [default: NHOST_VIA, else http].
    #[arg(long, value_name = "http|sdk")]
    pub via: Option<String>,
    /// The SDK line of `--via sdk`: `v4` (@nhost/nhost-js 4.x) or `v3` (3.x)
    /// [default: NHOST_SDK, else v4].
    #[arg(long, value_name = "v4|v3")]
    pub sdk: Option<String>,
    /// The contract: `published`, `deployed`, or a schema file path.
    #[arg(long, value_name = "published|deployed|PATH")]
    pub contract: Option<String>,
    /// Embedded server profile when no target is given: `published` or `deployed`.
    #[arg(long)]
    pub profile: Option<String>,
    /// Switch on a named fault of the embedded server (repeatable; see `faults`).
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Run seed: a number or `random`.
    #[arg(long)]
    pub seed: Option<String>,
    /// TOML file of [[expect]] entries: known deviations reported as expected failures.
    #[arg(long, value_name = "PATH")]
    pub expectations: Option<PathBuf>,
}

/// Flags of `run`.
#[derive(Debug, Clone, Args, Default)]
pub struct RunArgs {
    /// Target and contract.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Run only this suite (repeatable).
    #[arg(long = "suite", value_name = "NAME")]
    pub suites: Vec<String>,
    /// Cases per property.
    #[arg(long, value_name = "N")]
    pub cases: Option<usize>,
    /// Cases run at once, 1 to 256.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = crate::config::parse_jobs)]
    pub jobs: usize,
    /// Where the reports and the case files of failures go.
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Bound on the whole run, in seconds: when it passes, no new case starts and the rest are
    /// reported as not run (exit 5) [default: NHOST_MAX_DURATION, else none].
    #[arg(long, value_name = "SECS")]
    pub max_duration: Option<String>,
    /// Exit 0 even when cases could not be covered or run (default: such a run exits 5)
    /// [default: NHOST_ALLOW_INCOMPLETE].
    #[arg(long)]
    pub allow_incomplete: bool,
    /// Let the run sign up, sign in and sign out on a target that is not on this machine's
    /// loopback (a staging project) [default: NHOST_ALLOW_WRITES].
    #[arg(long)]
    pub allow_writes: bool,
}

/// Where a run writes: the directory, and any report given a path of its own (`run`, `fuzz`).
#[derive(Debug, Clone, Args, Default)]
pub struct ReportArgs {
    /// Directory for the reports not given a path of their own, and for the case files of
    /// failures (`cases/`) [default: NHOST_OUT_DIR, else nhost-conformance-report].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// JUnit XML report path (default: OUT_DIR/junit.xml).
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,
    /// NDJSON report path (default: OUT_DIR/results.ndjson).
    #[arg(long, value_name = "PATH")]
    pub ndjson: Option<PathBuf>,
    /// Markdown summary path (default: OUT_DIR/summary.md).
    #[arg(long, value_name = "PATH")]
    pub summary: Option<PathBuf>,
    /// HTML summary path (default: OUT_DIR/summary.html).
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,
}

/// Flags of `replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// A case name (`token::rotation::case_0003`) or a regressions file.
    pub case: String,
    /// Target and contract.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// Flags of `drift`.
#[derive(Debug, Clone, Args)]
pub struct DriftArgs {
    /// The run whose answers are observed.
    #[command(flatten)]
    pub run: RunArgs,
    /// Write the differences that break a contract rule as an expectations file (`[[expect]]`
    /// entries for this contract) to PATH.
    #[arg(long, value_name = "PATH")]
    pub expectations_out: Option<PathBuf>,
}

/// Flags of `check-schema`.
#[derive(Debug, Clone, Args)]
pub struct CheckSchemaArgs {
    /// The schema file.
    pub path: PathBuf,
}

/// Flags of `rules`.
#[derive(Debug, Clone, Args, Default)]
pub struct RulesArgs {
    /// The contract whose schema rules to list: `published`, `deployed`, or a schema file path
    /// (default: NHOST_CONTRACT, conformance.toml, else `published`).
    #[arg(long, value_name = "published|deployed|PATH")]
    pub contract: Option<String>,
}

/// Flags of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Response profile: `published` or `deployed`.
    #[arg(long, default_value = "published")]
    pub profile: String,
    /// Switch on a named fault (repeatable; see `faults`).
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Port on 127.0.0.1 (default: any free port).
    #[arg(long)]
    pub port: Option<u16>,
    /// Allow anonymous sign-in (the service's default is off: 409 `disabled-endpoint`).
    #[arg(long)]
    pub anonymous: bool,
    /// Sign access tokens with RS256 (key published in the JWKS) instead of HS256.
    #[arg(long, conflicts_with = "jwt_secret")]
    pub rs256: bool,
    /// The HS256 secret access tokens are signed with (pass the same as NHOST_JWT_SECRET to
    /// `run`) [default: the reference server's development secret].
    #[arg(long, value_name = "SECRET")]
    pub jwt_secret: Option<String>,
    /// Require email verification: sign-up answers `{}`, sign-in 401 `unverified-user`.
    #[arg(long)]
    pub verify_email: bool,
    /// Disable sign-up: 403 `signup-disabled`.
    #[arg(long)]
    pub signup_disabled: bool,
    /// Rate-limit every request, as `MAX/SECONDS` (429 with an empty body and Retry-After once
    /// spent) [the service's default when given without a value: 10/300].
    #[arg(long, value_name = "MAX/SECONDS", num_args = 0..=1, default_missing_value = "10/300")]
    pub rate_limit: Option<String>,
    /// Locales the server accepts, the first being its default (comma-separated)
    /// [default: en].
    #[arg(long, value_name = "LIST")]
    pub locales: Option<String>,
}

/// Flags of `trials`.
#[derive(Debug, Clone, Args)]
pub struct TrialsArgs {
    /// libtest arguments, after `--`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub libtest: Vec<String>,
}

/// Flags of `mutation-score`.
#[derive(Debug, Clone, Args)]
pub struct ScoreArgs {
    /// Profile of the reference server: `published`, `deployed`, or `both`.
    #[arg(long, default_value = "both")]
    pub profile: String,
    /// Cases per property.
    #[arg(long, value_name = "N")]
    pub cases: Option<usize>,
    /// Run seed.
    #[arg(long)]
    pub seed: Option<String>,
    /// Only these faults (repeatable; default: all).
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Write the score table as Markdown here.
    #[arg(long, value_name = "PATH")]
    pub markdown: Option<PathBuf>,
}

impl TargetArgs {
    /// The layer these flags set.
    pub fn layer(&self) -> Result<ConfigLayer, ConfigError> {
        let flag = |name: &str, m: String| ConfigError::new("command line", name, m);
        Ok(ConfigLayer {
            url: self.target.clone(),
            subdomain: self.subdomain.clone(),
            region: self.region.clone(),
            via: self
                .via
                .as_deref()
                .map(|v| crate::config::ViaKind::parse(v).map_err(|m| flag("--via", m)))
                .transpose()?,
            sdk: self
                .sdk
                .as_deref()
                .map(|v| v.parse().map_err(|m| flag("--sdk", m)))
                .transpose()?,
            contract: self.contract.clone(),
            profile: self
                .profile
                .as_deref()
                .map(|p| p.parse().map_err(|e| flag("--profile", format!("{e}"))))
                .transpose()?,
            faults: (!self.faults.is_empty())
                .then(|| parse_faults(&self.faults).map_err(|m| flag("--fault", m)))
                .transpose()?,
            seed: self
                .seed
                .as_deref()
                .map(|s| parse_seed(s).map_err(|m| flag("--seed", m)))
                .transpose()?,
            expectations: self
                .expectations
                .as_ref()
                .map(|p| {
                    let text = std::fs::read_to_string(p).map_err(|e| {
                        flag(
                            "--expectations",
                            format!("cannot read {}: {e}", p.display()),
                        )
                    })?;
                    crate::config::parse_expectations(&text)
                        .map_err(|m| flag("--expectations", format!("{}: {m}", p.display())))
                })
                .transpose()?,
            ..ConfigLayer::default()
        })
    }
}

impl RunArgs {
    /// The layer these flags set (report paths only where a flag gives one; see
    /// [`RunArgs::default_reports`]).
    pub fn layer(&self) -> Result<ConfigLayer, ConfigError> {
        let mut layer = self.target.layer()?;
        if !self.suites.is_empty() {
            layer.suites = Some(self.suites.clone());
        }
        if let Some(0) = self.cases {
            return Err(ConfigError::new(
                "command line",
                "--cases",
                "must be at least 1",
            ));
        }
        layer.cases = self.cases;
        layer.junit.clone_from(&self.reports.junit);
        layer.ndjson.clone_from(&self.reports.ndjson);
        layer.markdown.clone_from(&self.reports.summary);
        layer.html.clone_from(&self.reports.html);
        if self.allow_incomplete {
            layer.allow_incomplete = Some(true);
        }
        if self.allow_writes {
            layer.allow_writes = Some(true);
        }
        layer.max_duration = self
            .max_duration
            .as_deref()
            .map(|v| {
                crate::config::bounds::MAX_DURATION
                    .parse(v)
                    .map_err(|m| ConfigError::new("command line", "--max-duration", m))
            })
            .transpose()?;
        Ok(layer)
    }

    /// Fills the out dir (flag, else `NHOST_OUT_DIR`, else the default) and every report path
    /// still unset with its default in it.
    pub fn default_reports(&self, config: &mut crate::config::RunConfig) {
        if let Some(dir) = &self.reports.out_dir {
            config.out_dir = Some(dir.clone());
        }
        let out_dir = config
            .out_dir
            .get_or_insert_with(|| PathBuf::from(crate::runner::DEFAULT_OUT_DIR))
            .clone();
        let paths = &mut config.reports;
        for (slot, file) in [
            (&mut paths.junit, "junit.xml"),
            (&mut paths.ndjson, "results.ndjson"),
            (&mut paths.markdown, "summary.md"),
            (&mut paths.html, "summary.html"),
        ] {
            if slot.is_none() {
                *slot = Some(out_dir.join(file));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_a_unit_and_stay_in_bounds() {
        assert_eq!(
            parse_duration("90s"),
            Ok(std::time::Duration::from_secs(90))
        );
        assert_eq!(
            parse_duration("30m"),
            Ok(std::time::Duration::from_secs(1800))
        );
        assert_eq!(
            parse_duration("2h"),
            Ok(std::time::Duration::from_secs(7200))
        );
        assert_eq!(parse_duration("7d"), Ok(MAX_FUZZ_DURATION));
        assert_eq!(parse_duration("45"), Ok(std::time::Duration::from_secs(45)));
        for bad in [
            "",
            "0s",
            "8d",
            "5x",
            "1.5h",
            "-1m",
            "30 m",
            "99999999999999999999h",
        ] {
            let e = parse_duration(bad).unwrap_err();
            assert!(!e.contains('\n'), "{bad}: {e}");
        }
    }
}
