//! The command line of `nhost-conformance` (clap). The flags of the run settings come from the
//! settings table ([`SettingArgs`]) and become a [`ConfigLayer`](crate::config::ConfigLayer)
//! applied over the file and the environment; each subcommand adds its own flags.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::settings_args::{ReportFlags, RunFlags, SettingArgs, SuiteFlags, TargetFlags};
use crate::config::RunConfig;
use crate::errors::HarnessError;

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
    /// Re-run one failure alone: `replay FILE.case.json` (the file a failure's re-run line
    /// names; it holds everything, no other flag is needed). Also takes a case name
    /// (`token::rotation::case_0003`, with the run's flags) or a regressions file.
    Replay(ReplayArgs),
    /// List the built-in expectation sets (known deviations that ship with the binary), which
    /// are in force by default, and each entry with its reason.
    Expectations(ExpectationsArgs),
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
    /// Read the NDJSON results of past runs (e.g. the nightly's artifacts) and write a history
    /// page, HTML and Markdown: per rule, when it first failed and last passed, and which rules
    /// are newly failing, fixed, or flipping between runs; with a chart of failures and
    /// coverage per run. Exit 0 once the pages are written.
    History(HistoryArgs),
}

/// Flags of `fuzz`.
#[derive(Debug, Clone, Args)]
pub struct FuzzArgs {
    /// How long the campaign runs: `90s`, `30m`, `2h` (a bare number is seconds), 1 s to 7 days.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub duration: std::time::Duration,
    /// Cases run at once, 1 to 256.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = crate::config::parse_jobs)]
    pub jobs: usize,
    /// The settings: `--seed` is the campaign seed (`random` for a new one, printed); the
    /// regressions file (default OUT_DIR/regressions.txt) is replayed first and gets every new
    /// failure; `OUT_DIR/cases/` is the corpus.
    #[command(flatten)]
    pub settings: SettingArgs<SuiteFlags>,
}

impl FuzzArgs {
    /// The configuration these flags give over the file and the environment, with every report
    /// path not given set in the out dir.
    pub fn config(&self) -> Result<RunConfig, HarnessError> {
        let mut config = crate::config::load(Some(&self.settings.layer()))?;
        default_reports(&mut config);
        Ok(config)
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
    /// Where the merged reports go: the out dir (default nhost-conformance-report) and each
    /// report's own path (default: its file in the out dir).
    #[command(flatten)]
    pub reports: SettingArgs<ReportFlags>,
}

/// Flags of `history`.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// The past runs: each an NDJSON file, or a directory whose `*.ndjson` files (not
    /// recursively) are one run, such as its shards. Runs are put in order by their start
    /// time; when one has none (no run line), in the order given.
    #[arg(required = true, value_name = "NDJSON|DIR")]
    pub runs: Vec<PathBuf>,
    /// Directory for the pages not given a path of their own [default: nhost-conformance-report].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// The HTML page (default: OUT_DIR/history.html).
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,
    /// A file to append the Markdown to, such as "$GITHUB_STEP_SUMMARY" [default:
    /// OUT_DIR/history.md, rewritten].
    #[arg(long, value_name = "PATH")]
    pub summary: Option<PathBuf>,
}

/// Flags of `run` (and `compare`, `drift`).
#[derive(Debug, Clone, Args, Default)]
pub struct RunArgs {
    /// Run only the cases whose name contains one of these (`token::rotation`,
    /// `jwt::claims::case_0003`, `signup::`); default: every case of the selected suites.
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,
    /// Print the plan (every case name) and exit: no request is sent.
    #[arg(long)]
    pub list: bool,
    /// Cases run at once, 1 to 256.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = crate::config::parse_jobs)]
    pub jobs: usize,
    /// The settings (each also an `NHOST_*` variable and a `conformance.toml` key).
    #[command(flatten)]
    pub settings: SettingArgs<RunFlags>,
}

impl RunArgs {
    /// The configuration these flags give over the file and the environment, with every report
    /// path not given set in the out dir.
    pub fn config(&self) -> Result<RunConfig, HarnessError> {
        let mut config = crate::config::load(Some(&self.settings.layer()))?;
        default_reports(&mut config);
        Ok(config)
    }
}

/// Fills the out dir (default `nhost-conformance-report`) and every report path still unset
/// with its default in it.
pub fn default_reports(config: &mut RunConfig) {
    let out_dir = config
        .out_dir
        .get_or_insert_with(|| PathBuf::from(crate::runner::DEFAULT_OUT_DIR))
        .clone();
    for format in reports::FORMATS {
        if config.reports.get(format.name).is_none() {
            config
                .reports
                .set(format.name, out_dir.join(format.default_file));
        }
    }
}

/// Flags of `replay`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example: nhost-conformance replay nhost-conformance-report/cases/token..rotation..case_0001.case.json"
)]
pub struct ReplayArgs {
    /// A case file (`FILE.case.json`), a case name (`token::rotation::case_0003`) or a
    /// regressions file.
    #[arg(value_name = "FILE.case.json|CASE|REGRESSIONS")]
    pub case: String,
    /// The target and what it is judged against (a case file needs none of them).
    #[command(flatten)]
    pub settings: SettingArgs<TargetFlags>,
}

/// Flags of `expectations`.
#[derive(Debug, Clone, Args, Default)]
pub struct ExpectationsArgs {
    /// Print this set as `[[expect]]` TOML (to copy into a project's file and edit) instead of
    /// listing every set.
    #[arg(long, value_name = "NAME")]
    pub toml: Option<String>,
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
    /// Rate limits like a project with rate limiting on: `nhost` (the service's defaults: 10
    /// sign-ups and 10 sign-ins per 300 s, 100 requests per 60 s in all), or limits of your own,
    /// `sign_up=MAX/SECONDS,sign_in=MAX/SECONDS,all=MAX/SECONDS` (any of the three; a bare
    /// `MAX/SECONDS` limits all requests). Over a limit: 429 with an empty body
    /// [default when given without a value: nhost].
    #[arg(long, value_name = "nhost|LIMITS", num_args = 0..=1, default_missing_value = "nhost")]
    pub rate_limit: Option<String>,
    /// Send `Retry-After` with a 429 (the service usually sends none).
    #[arg(long, requires = "rate_limit")]
    pub retry_after: bool,
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
    /// Cases per property (as `--cases` of `run`).
    #[arg(long, value_name = "N")]
    pub cases: Option<String>,
    /// Run seed (as `--seed` of `run`).
    #[arg(long)]
    pub seed: Option<String>,
    /// Only these faults (repeatable; default: all).
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Write the score table as Markdown here.
    #[arg(long, value_name = "PATH")]
    pub markdown: Option<PathBuf>,
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
