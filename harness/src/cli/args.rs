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
    /// Pacing, budgets, timeouts and bounds.
    #[command(flatten)]
    pub knobs: KnobArgs,
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
            knobs: self.knobs.clone(),
            cases: self.cases,
            jobs: self.jobs,
            reports: self.reports.clone(),
            allow_writes: self.allow_writes,
            ..RunArgs::default()
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
    /// TOML file of [[expect]] entries: known deviations reported as expected failures, added
    /// to the built-in sets.
    #[arg(long, value_name = "PATH")]
    pub expectations: Option<PathBuf>,
    /// Switch a built-in expectation set on (`NAME`) or off (`-NAME`; write
    /// `--expectation-set=-NAME`), repeatable; `nhost-conformance expectations` lists them.
    #[arg(
        long = "expectation-set",
        value_name = "[-]NAME",
        allow_hyphen_values = true
    )]
    pub expectation_sets: Vec<String>,
}

/// How hard and how long a run may press the target: every pacing, budget, timeout and bound
/// setting, as flags (`run`, `fuzz`, `compare`). Each also has an `NHOST_*` variable and a
/// `conformance.toml` key.
#[derive(Debug, Clone, Args, Default)]
pub struct KnobArgs {
    /// Requests per second: `auto` (learned: no cap on loopback or a private network, a gentle
    /// start on a public host that speeds up while no 429 comes), `0` for no cap, or a number
    /// that is both the start and the ceiling [default: NHOST_RATE_LIMIT, else auto].
    #[arg(long, value_name = "auto|0|N")]
    pub rate: Option<String>,
    /// A request budget for one operation, `OPERATION=N` (repeatable or comma-separated, e.g.
    /// `--budget sign_up=40`): past it, cases are not covered [default: NHOST_BUDGET, else none].
    #[arg(long = "budget", value_name = "OP=N")]
    pub budgets: Vec<String>,
    /// Requests in flight at once, 1 to 1024 [default: NHOST_CONCURRENCY, else 4].
    #[arg(long, value_name = "N")]
    pub concurrency: Option<String>,
    /// Timeout of every request, seconds [default: NHOST_TIMEOUT_SECS, else 10].
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<String>,
    /// Cap on a response body, bytes [default: NHOST_MAX_RESPONSE_BYTES, else 1048576].
    #[arg(long, value_name = "BYTES")]
    pub max_response_bytes: Option<String>,
    /// How long one request keeps waiting out 429 answers before its case is not covered,
    /// seconds [default: NHOST_MAX_THROTTLE_WAIT_SECS, else 330].
    #[arg(long, value_name = "SECS")]
    pub max_throttle_wait: Option<String>,
    /// At most this many retries of a 429 answer [default: NHOST_MAX_RETRIES, else no count].
    #[arg(long, value_name = "N")]
    pub max_retries: Option<String>,
    /// Longest wait between two retries, seconds [default: NHOST_MAX_BACKOFF_SECS, else 30].
    #[arg(long, value_name = "SECS")]
    pub max_backoff: Option<String>,
    /// Accounts the pool signs up when none are given [default: NHOST_POOL_SIZE, else 3].
    #[arg(long, value_name = "N")]
    pub pool_size: Option<String>,
    /// A file of pre-provisioned accounts, one `email:password` per line: the pool signs up
    /// no one [default: NHOST_ACCOUNTS_FILE / NHOST_ACCOUNTS].
    #[arg(long, value_name = "PATH")]
    pub accounts_file: Option<PathBuf>,
    /// The name of the environment variable that holds the HS* JWT secret (the secret itself is
    /// never a flag) [default: NHOST_JWT_SECRET].
    #[arg(long, value_name = "VAR")]
    pub jwt_secret_env: Option<String>,
    /// Shrink steps after a failure [default: NHOST_SHRINK_STEPS, else 48].
    #[arg(long, value_name = "N")]
    pub shrink_steps: Option<String>,
    /// Time bound on shrinking one case, seconds [default: NHOST_SHRINK_SECS, else 30].
    #[arg(long, value_name = "SECS")]
    pub shrink_secs: Option<String>,
    /// Requests the shrinking of one failure may send [default: NHOST_SHRINK_REQUESTS, else 40].
    #[arg(long, value_name = "N")]
    pub shrink_requests: Option<String>,
    /// Requests all the shrinking of a run may send
    /// [default: NHOST_SHRINK_RUN_REQUESTS, else 240].
    #[arg(long, value_name = "N")]
    pub shrink_run_requests: Option<String>,
    /// Sign-ups all the shrinking of a run may send; shrink steps that sign up no one go on
    /// after [default: NHOST_SHRINK_SIGN_UPS, else 24].
    #[arg(long, value_name = "N")]
    pub shrink_sign_ups: Option<String>,
    /// Unanswered requests in a row that stop the run, 0 for never
    /// [default: NHOST_BREAKER_FAILURES, else 4].
    #[arg(long, value_name = "N")]
    pub breaker_failures: Option<String>,
}

impl KnobArgs {
    /// Sets what these flags give on `layer`.
    pub fn apply(&self, layer: &mut ConfigLayer) -> Result<(), ConfigError> {
        use crate::config::bounds;
        let flag = |b: bounds::Setting, m: String| {
            ConfigError::new("command line", b.flag.unwrap_or(b.file), m)
        };
        let count = |b: bounds::Count, v: &Option<String>| {
            v.as_deref()
                .map(|t| b.parse(t).map_err(|m| flag(b.setting, m)))
                .transpose()
        };
        let secs = |b: bounds::Secs, v: &Option<String>| {
            v.as_deref()
                .map(|t| b.parse(t).map_err(|m| flag(b.setting, m)))
                .transpose()
        };
        let usize_of = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        let u32_of = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        if let Some(rate) = &self.rate {
            layer.rate = Some(
                rate.parse()
                    .map_err(|m| flag(bounds::RATE_LIMIT.setting, m))?,
            );
        }
        if !self.budgets.is_empty() {
            let text = self.budgets.join(",");
            crate::config::Budgets::unlimited()
                .parse_onto(&text)
                .map_err(|m| ConfigError::new("command line", "--budget", m))?;
            layer.budget = Some(text);
        }
        if let Some(n) = count(bounds::CONCURRENCY, &self.concurrency)? {
            layer.concurrency = Some(usize_of(n));
        }
        if let Some(d) = secs(bounds::TIMEOUT, &self.timeout)? {
            layer.request_timeout = Some(d);
        }
        if let Some(n) = count(bounds::MAX_RESPONSE_BYTES, &self.max_response_bytes)? {
            layer.max_response_bytes = Some(usize_of(n));
        }
        if let Some(d) = secs(bounds::MAX_THROTTLE_WAIT, &self.max_throttle_wait)? {
            layer.max_throttle_wait = Some(d);
        }
        if let Some(n) = count(bounds::MAX_RETRIES, &self.max_retries)? {
            layer.max_retries = Some(u32_of(n));
        }
        if let Some(d) = secs(bounds::MAX_BACKOFF, &self.max_backoff)? {
            layer.max_backoff = Some(d);
        }
        if let Some(n) = count(bounds::POOL_SIZE, &self.pool_size)? {
            layer.pool_size = Some(usize_of(n));
        }
        if let Some(n) = count(bounds::SHRINK_STEPS, &self.shrink_steps)? {
            layer.shrink_steps = Some(u32_of(n));
        }
        if let Some(d) = secs(bounds::SHRINK_TIME, &self.shrink_secs)? {
            layer.shrink_time = Some(d);
        }
        if let Some(n) = count(bounds::SHRINK_REQUESTS, &self.shrink_requests)? {
            layer.shrink_requests = Some(u32_of(n));
        }
        if let Some(n) = count(bounds::SHRINK_RUN_REQUESTS, &self.shrink_run_requests)? {
            layer.shrink_run_requests = Some(u32_of(n));
        }
        if let Some(n) = count(bounds::SHRINK_SIGN_UPS, &self.shrink_sign_ups)? {
            layer.shrink_sign_ups = Some(u32_of(n));
        }
        if let Some(n) = count(bounds::BREAKER_FAILURES, &self.breaker_failures)? {
            layer.breaker_failures = Some(u32_of(n));
        }
        if let Some(path) = &self.accounts_file {
            let (path, accounts) = crate::config::read_accounts_file(path)
                .map_err(|m| ConfigError::new("command line", "--accounts-file", m))?;
            layer.accounts = Some(accounts);
            layer.accounts_file = Some(path);
        }
        if let Some(name) = &self.jwt_secret_env {
            layer.jwt_secret = Some(
                crate::config::read_secret_env(name)
                    .map_err(|m| ConfigError::new("command line", "--jwt-secret-env", m))?,
            );
            layer.jwt_secret_env = Some(name.clone());
        }
        Ok(())
    }
}

/// Flags of `run`.
#[derive(Debug, Clone, Args, Default)]
pub struct RunArgs {
    /// Run only the cases whose name contains one of these (`token::rotation`,
    /// `jwt::claims::case_0003`, `signup::`); default: every case of the selected suites.
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,
    /// Target and contract.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Run only this suite (repeatable). The `sdk` suite (the official SDKs against a stub,
    /// no target; needs Node.js) runs only when named here.
    #[arg(long = "suite", value_name = "NAME")]
    pub suites: Vec<String>,
    /// Leave this suite out (repeatable).
    #[arg(long = "exclude-suite", value_name = "NAME")]
    pub exclude_suites: Vec<String>,
    /// Print the plan (every case name, and what cannot be covered without probing) and exit:
    /// no request is sent.
    #[arg(long)]
    pub list: bool,
    /// Stop the run after this many failed cases; the rest are reported as not run
    /// [default: NHOST_MAX_FAIL, else none].
    #[arg(long, value_name = "N")]
    pub max_fail: Option<String>,
    /// Pacing, budgets, timeouts and bounds.
    #[command(flatten)]
    pub knobs: KnobArgs,
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
#[command(
    after_help = "Example: nhost-conformance replay nhost-conformance-report/cases/token..rotation..case_0001.case.json"
)]
pub struct ReplayArgs {
    /// A case file (`FILE.case.json`), a case name (`token::rotation::case_0003`) or a
    /// regressions file.
    #[arg(value_name = "FILE.case.json|CASE|REGRESSIONS")]
    pub case: String,
    /// Target and contract.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// Flags of `expectations`.
#[derive(Debug, Clone, Args, Default)]
pub struct ExpectationsArgs {
    /// Print this set as `[[expect]]` TOML (to copy into a project's file and edit) instead of
    /// listing every set.
    #[arg(long, value_name = "NAME")]
    pub toml: Option<String>,
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
            expectation_sets: (!self.expectation_sets.is_empty())
                .then(|| {
                    crate::config::SetSwitches::parse(
                        self.expectation_sets.iter().map(String::as_str),
                    )
                    .map_err(|m| flag("--expectation-set", m))
                })
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
        if !self.exclude_suites.is_empty() {
            layer.exclude_suites = Some(self.exclude_suites.clone());
        }
        self.knobs.apply(&mut layer)?;
        layer.max_fail = self
            .max_fail
            .as_deref()
            .map(|v| {
                crate::config::bounds::MAX_FAIL
                    .parse_usize(v)
                    .map_err(|m| ConfigError::new("command line", "--max-fail", m))
            })
            .transpose()?;
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
