//! The settings table: every setting of a run declared once. The main type is [`Setting`];
//! [`SETTINGS`] lists them all.
//!
//! A row holds a setting's names in each source (`NHOST_*` variable, `conformance.toml` key,
//! command-line flag), its one-line description (the help text, the variable list and the README
//! table), how its text is read onto a [`RunConfig`] (`set`: the one parser, with its bounds) and
//! how it is printed back (`get`: the one printer, which `set` reads back). From the table come
//! the environment reader ([`super::env`]), the file reader ([`super::file`]), the command-line
//! flags ([`crate::cli::SettingArgs`]), the layered merge ([`super::resolve`]), and the settings
//! a case file stores and a `cargo test` re-run line sets ([`crate::runner::CaseFile`]).

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;

use reports::ReportFormat;
use results::RunSeed;

use super::bounds;
use super::imp::{RunConfig, TargetSpec};
use super::parse::{
    check_url, parse_accounts, parse_bool, parse_faults, parse_list, parse_seed, process_file_name,
    read_accounts_file, read_secret_env,
};
use super::sets::SetSwitches;
use super::via::ViaKind;
use super::Expectation;

/// How a flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `--flag VALUE`.
    Value,
    /// `--flag` alone: on.
    Switch,
    /// `--flag VALUE`, repeatable; the values are joined with commas (`--suite a --suite b`).
    List,
}

/// What a setting is to a case: whether a case file stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// It decides what a case does (the target, the contract, timeouts, seeds): a case file
    /// stores it and its re-run lines set it.
    Case,
    /// It shapes the run around the cases (which suites, how many, where reports go): a case
    /// file does not store it.
    Run,
    /// A secret: never stored, never printed; a case file names its variable instead.
    Secret,
}

/// Which subcommands take a setting's flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Every command that reaches a target: `run`, `fuzz`, `compare`, `drift`, `replay`.
    Target,
    /// Every command that runs suites: `run`, `fuzz`, `compare`, `drift`.
    Suites,
    /// Bounds of a single run: `run`, `compare`, `drift` (`fuzz` has `--duration`).
    SingleRun,
}

/// One setting: its names, its description, and its one parser and printer.
#[derive(Clone, Copy)]
pub struct Setting {
    /// The `conformance.toml` key (dotted for a table: `reports.junit`); `None` for a setting
    /// that never comes from a file (a secret: a file may be committed).
    pub key: Option<&'static str>,
    /// The `NHOST_*` variable.
    pub env: &'static str,
    /// The flag without its dashes (`max-throttle-wait`), when there is one.
    pub flag: Option<&'static str>,
    /// The flag's value in help texts (`SECS`).
    pub value: &'static str,
    /// How the flag takes its value.
    pub kind: Kind,
    /// Which subcommands take the flag.
    pub scope: Scope,
    /// What a case is to it.
    pub role: Role,
    /// Whether a value from a file is a path, read relative to the file.
    pub path: bool,
    /// One line: what it sets, its range, its default.
    pub doc: &'static str,
    /// How it is read onto a configuration and printed back.
    pub access: Access,
}

/// How a setting is read onto a configuration and printed back.
#[derive(Clone, Copy)]
pub enum Access {
    /// A field of the configuration, through its one parser and printer.
    Field {
        /// Reads the text form onto a configuration (parsing and bounds in one place).
        set: fn(&mut RunConfig, &str) -> Result<(), String>,
        /// The text form of the value in a configuration, which `set` reads back; `None`
        /// when it is unset or may not be printed.
        get: fn(&RunConfig) -> Option<String>,
    },
    /// The path of the report format of this name ([`reports::FORMATS`]).
    Report(&'static str),
}

impl std::fmt::Debug for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.env)
    }
}

impl PartialEq for Setting {
    fn eq(&self, other: &Self) -> bool {
        self.env == other.env
    }
}

impl Setting {
    /// Reads the text form `text` onto `config` (the one parser, with its bounds).
    pub fn set(&self, config: &mut RunConfig, text: &str) -> Result<(), String> {
        match self.access {
            Access::Field { set, .. } => set(config, text),
            Access::Report(name) => {
                config.reports.set(name, PathBuf::from(text.trim()));
                Ok(())
            }
        }
    }

    /// The text form of the value in `config`, which [`Setting::set`] reads back; `None` when
    /// it is unset or may not be printed.
    pub fn get(&self, config: &RunConfig) -> Option<String> {
        match self.access {
            Access::Field { get, .. } => get(config),
            Access::Report(name) => config.reports.get(name).map(|p| p.display().to_string()),
        }
    }

    /// The row of a report format's path.
    fn of_report(format: &'static ReportFormat) -> Self {
        Self {
            key: Some(format.key),
            env: format.env,
            flag: Some(format.flag),
            value: "PATH",
            kind: Kind::Value,
            scope: Scope::Suites,
            role: Role::Run,
            path: true,
            doc: format.doc,
            access: Access::Report(format.name),
        }
    }

    /// The setting's name where a value came from: the variable in the environment, the flag on
    /// the command line, the key in a file.
    pub fn name_in(&self, source: &str) -> String {
        match source {
            ENVIRONMENT => self.env.to_owned(),
            COMMAND_LINE => self
                .flag
                .map_or_else(|| self.env.to_owned(), |f| format!("--{f}")),
            _ => self.key.unwrap_or(self.env).to_owned(),
        }
    }

    /// The row whose variable is `env`.
    pub fn by_env(env: &str) -> Option<&'static Setting> {
        SETTINGS.iter().find(|s| s.env == env)
    }

    /// The row whose file key is `key`.
    pub fn by_key(key: &str) -> Option<&'static Setting> {
        SETTINGS.iter().find(|s| s.key == Some(key))
    }
}

/// The source name of the environment layer.
pub const ENVIRONMENT: &str = "environment";

/// The source name of the command-line layer.
pub const COMMAND_LINE: &str = "command line";

/// The variable that names the config file: read before any layer, so not a row.
pub const CONFIG_VARIABLE: (&str, &str) = (
    "NHOST_CONFIG",
    "path of the config file (default: conformance.toml in this or a parent directory)",
);

/// Every variable the harness reads, with what it sets: [`CONFIG_VARIABLE`], then the table.
pub fn variables() -> impl Iterator<Item = (&'static str, &'static str)> {
    std::iter::once(CONFIG_VARIABLE).chain(SETTINGS.iter().map(|s| (s.env, s.doc)))
}

/// The README's configuration table, printed from the rows: variable, flag, `conformance.toml`
/// key and meaning (a test keeps the README's copy equal to it).
pub fn markdown_table() -> String {
    let mut out =
        String::from("| variable | flag | `conformance.toml` | meaning |\n|---|---|---|---|\n");
    let code = |t: Option<String>| t.map_or_else(|| "—".to_owned(), |t| format!("`{t}`"));
    out.push_str(&format!(
        "| `{}` | — | — | {} |\n",
        CONFIG_VARIABLE.0, CONFIG_VARIABLE.1
    ));
    for s in SETTINGS.iter() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            s.env,
            code(s.flag.map(|f| format!("--{f}"))),
            code(s.key.map(str::to_owned)),
            s.doc
        ));
    }
    out
}

fn secs(d: Duration) -> String {
    d.as_secs_f64().to_string()
}

fn path(p: &Option<PathBuf>) -> Option<String> {
    p.as_ref().map(|p| p.display().to_string())
}

fn count(b: bounds::Count, t: &str) -> Result<usize, String> {
    b.parse_usize(t)
}

fn count32(b: bounds::Count, t: &str) -> Result<u32, String> {
    b.parse_u32(t)
}

/// A URL without a trailing slash, checked.
fn url(t: &str) -> Result<String, String> {
    check_url(t)?;
    Ok(t.trim_end_matches('/').to_owned())
}

macro_rules! row {
    (
        $key:expr, $env:literal, $flag:expr, $value:literal, $kind:ident, $scope:ident,
        $role:ident, path: $path:literal, $doc:literal,
        set: $set:expr, get: $get:expr $(,)?
    ) => {
        Setting {
            key: $key,
            env: $env,
            flag: $flag,
            value: $value,
            kind: Kind::$kind,
            scope: Scope::$scope,
            role: Role::$role,
            path: $path,
            doc: $doc,
            access: Access::Field {
                set: $set,
                get: $get,
            },
        }
    };
}

/// Every setting of a run, in the order the help, the variable list and the README show them:
/// the rows below, with one row per report format ([`reports::FORMATS`]) after the expectation
/// sets.
pub static SETTINGS: LazyLock<Vec<Setting>> = LazyLock::new(|| {
    BEFORE_REPORTS
        .iter()
        .copied()
        .chain(reports::FORMATS.iter().map(Setting::of_report))
        .chain(AFTER_REPORTS.iter().copied())
        .collect()
});

static BEFORE_REPORTS: &[Setting] = &[
    row!(Some("target"), "NHOST_AUTH_URL", Some("target"), "URL", Value, Target, Case, path: false,
    "Auth base URL of the target (default: the embedded reference server)",
    set: |c, t| {
        c.target = TargetSpec::Url(url(t)?);
        Ok(())
    },
    get: |c| match &c.target {
        TargetSpec::Url(u) => Some(suites::redact::strip_userinfo(u)),
        TargetSpec::Embedded { .. } => None,
    }),
    row!(Some("subdomain"), "NHOST_SUBDOMAIN", Some("subdomain"), "NAME", Value, Target, Run, path: false,
        "Nhost cloud subdomain (with NHOST_REGION)",
        set: |_, _| Ok(()), get: |_| None),
    row!(Some("region"), "NHOST_REGION", Some("region"), "NAME", Value, Target, Run, path: false,
        "Nhost cloud region (with NHOST_SUBDOMAIN)",
        set: |_, _| Ok(()), get: |_| None),
    row!(Some("profile"), "NHOST_PROFILE", Some("profile"), "published|deployed", Value, Target, Case, path: false,
    "embedded server profile: published (default) or deployed",
    set: |c, t| {
        let p = t.trim().parse().map_err(|e| format!("{e}"))?;
        if let TargetSpec::Embedded { profile, .. } = &mut c.target {
            *profile = p;
        }
        Ok(())
    },
    get: |c| match &c.target {
        TargetSpec::Embedded { profile, .. } => Some(profile.to_string()),
        TargetSpec::Url(_) => None,
    }),
    row!(Some("faults"), "NHOST_FAULTS", Some("fault"), "NAME", List, Target, Case, path: false,
    "embedded server faults, comma-separated (see `nhost-conformance faults`)",
    set: |c, t| {
        let parsed = parse_faults(&parse_list(t))?;
        match &mut c.target {
            TargetSpec::Embedded { faults, .. } => *faults = parsed,
            TargetSpec::Url(_) if parsed.is_empty() => {}
            TargetSpec::Url(_) => {
                return Err("faults apply only to the embedded reference server, not to a URL target".to_owned())
            }
        }
        Ok(())
    },
    get: |c| match &c.target {
        TargetSpec::Embedded { faults, .. } => Some(
            faults.iter().map(|f| f.name()).collect::<Vec<_>>().join(","),
        ),
        TargetSpec::Url(_) => None,
    }),
    row!(Some("via"), "NHOST_VIA", Some("via"), "http|sdk", Value, Target, Case, path: false,
        "how requests reach the target: http (default) or sdk (the official JS SDK)",
        set: |c, t| {
            c.via = ViaKind::parse(t)?;
            Ok(())
        },
        get: |c| Some(c.via.name().to_owned())),
    row!(Some("sdk"), "NHOST_SDK", Some("sdk"), "v4|v3", Value, Target, Case, path: false,
        "the SDK line of a sdk run: v4 (@nhost/nhost-js 4.x, default) or v3 (3.x)",
        set: |c, t| {
            c.sdk = t.trim().parse()?;
            Ok(())
        },
        get: |c| Some(c.sdk.name().to_owned())),
    row!(Some("contract"), "NHOST_CONTRACT", Some("contract"), "published|deployed|PATH", Value, Target, Case, path: true,
        "published (default), deployed, or a schema file path",
        set: |c, t| {
            c.contract = t.trim().to_owned();
            Ok(())
        },
        get: |c| Some(c.contract.clone())),
    row!(Some("suites"), "NHOST_SUITES", Some("suite"), "NAME", List, Suites, Run, path: false,
        "suites to run, comma-separated (default: every suite that judges the target; sdk only when named)",
        set: |c, t| {
            c.suites = parse_list(t);
            Ok(())
        },
        get: |c| Some(c.suites.join(","))),
    row!(Some("exclude_suites"), "NHOST_EXCLUDE_SUITES", Some("exclude-suite"), "NAME", List, Suites, Run, path: false,
        "suites to leave out, comma-separated (default: none)",
        set: |c, t| {
            c.exclude_suites = parse_list(t);
            Ok(())
        },
        get: |c| Some(c.exclude_suites.join(","))),
    row!(Some("cases"), "NHOST_CASES", Some("cases"), "N", Value, Suites, Run, path: false,
        "cases per property, 1 to 100000 (default 12)",
        set: |c, t| {
            c.cases = count(bounds::CASES, t)?;
            Ok(())
        },
        get: |c| Some(c.cases.to_string())),
    row!(Some("seed"), "NHOST_SEED", Some("seed"), "N|random", Value, Target, Case, path: false,
        "run seed, a number or `random` (default 1337)",
        set: |c, t| {
            c.seed = RunSeed(parse_seed(t)?);
            Ok(())
        },
        get: |c| Some(c.seed.to_string())),
    row!(Some("timeout_secs"), "NHOST_TIMEOUT_SECS", Some("timeout"), "SECS", Value, Suites, Case, path: false,
        "timeout of every request, 0.001 to 3600 s (default 10)",
        set: |c, t| {
            c.request_timeout = bounds::TIMEOUT.parse(t)?;
            Ok(())
        },
        get: |c| Some(secs(c.request_timeout))),
    row!(Some("max_response_bytes"), "NHOST_MAX_RESPONSE_BYTES", Some("max-response-bytes"), "BYTES", Value, Suites, Case, path: false,
        "cap on a response body, 1 to 268435456 (default 1048576)",
        set: |c, t| {
            c.max_response_bytes = count(bounds::MAX_RESPONSE_BYTES, t)?;
            Ok(())
        },
        get: |c| Some(c.max_response_bytes.to_string())),
    row!(Some("rate_limit"), "NHOST_RATE_LIMIT", Some("rate"), "auto|0|N", Value, Suites, Case, path: false,
        "requests per second: auto (learned from the target: no cap on loopback or a private network, a gentle start elsewhere), 0 for no cap, or 0.001 to 10000 (default auto)",
        set: |c, t| {
            c.rate = t.parse()?;
            Ok(())
        },
        get: |c| Some(c.rate.to_string())),
    row!(Some("concurrency"), "NHOST_CONCURRENCY", Some("concurrency"), "N", Value, Suites, Case, path: false,
        "requests in flight at once, 1 to 1024 (default 4)",
        set: |c, t| {
            c.concurrency = count(bounds::CONCURRENCY, t)?;
            Ok(())
        },
        get: |c| Some(c.concurrency.to_string())),
    row!(Some("max_retries"), "NHOST_MAX_RETRIES", Some("max-retries"), "N", Value, Suites, Case, path: false,
        "at most this many retries of a 429 answer, 0 to 100 (default: no count, NHOST_MAX_THROTTLE_WAIT_SECS decides)",
        set: |c, t| {
            c.max_retries = Some(count32(bounds::MAX_RETRIES, t)?);
            Ok(())
        },
        get: |c| c.max_retries.map(|n| n.to_string())),
    row!(Some("max_backoff_secs"), "NHOST_MAX_BACKOFF_SECS", Some("max-backoff"), "SECS", Value, Suites, Case, path: false,
        "longest wait between retries, 0.001 to 3600 s (default 30)",
        set: |c, t| {
            c.max_backoff = bounds::MAX_BACKOFF.parse(t)?;
            Ok(())
        },
        get: |c| Some(secs(c.max_backoff))),
    row!(Some("max_throttle_wait_secs"), "NHOST_MAX_THROTTLE_WAIT_SECS", Some("max-throttle-wait"), "SECS", Value, Suites, Case, path: false,
        "how long one request keeps waiting out 429 answers before its case is not covered, 1 to 86400 s (default 330)",
        set: |c, t| {
            c.max_throttle_wait = bounds::MAX_THROTTLE_WAIT.parse(t)?;
            Ok(())
        },
        get: |c| Some(secs(c.max_throttle_wait))),
    row!(Some("budget"), "NHOST_BUDGET", Some("budget"), "OP=N", List, Suites, Case, path: false,
        "per-operation request budgets, e.g. sign_up=10,sign_in_anonymous=10 (default none)",
        set: |c, t| c.budgets.parse_onto(t),
        get: |c| Some(c.budgets.to_string())),
    row!(None, "NHOST_JWT_SECRET", None, "SECRET", Value, Suites, Secret, path: false,
        "shared secret for HS* signature checks",
        set: |c, t| {
            c.jwt_secret = Some(t.to_owned());
            c.jwt_secret_env = None;
            Ok(())
        },
        get: |_| None),
    row!(Some("jwt_secret_env"), "NHOST_JWT_SECRET_ENV", Some("jwt-secret-env"), "VAR", Value, Suites, Case, path: false,
        "the name of the variable that holds the HS* JWT secret (never the secret itself)",
        set: |c, t| {
            let name = t.trim();
            c.jwt_secret = Some(read_secret_env(name)?);
            c.jwt_secret_env = Some(name.to_owned());
            Ok(())
        },
        get: |c| c.jwt_secret_env.clone()),
    row!(Some("pool_size"), "NHOST_POOL_SIZE", Some("pool-size"), "N", Value, Suites, Case, path: false,
        "accounts the pool signs up, 1 to 1000 (default 3)",
        set: |c, t| {
            c.pool_size = count(bounds::POOL_SIZE, t)?;
            Ok(())
        },
        get: |c| Some(c.pool_size.to_string())),
    row!(None, "NHOST_ACCOUNTS", None, "EMAIL:PASSWORD,…", Value, Suites, Secret, path: false,
        "pre-provisioned accounts, email:password pairs separated by commas",
        set: |c, t| {
            c.accounts = parse_accounts(t)?;
            c.accounts_file = None;
            Ok(())
        },
        get: |_| None),
    row!(Some("accounts_file"), "NHOST_ACCOUNTS_FILE", Some("accounts-file"), "PATH", Value, Suites, Case, path: true,
        "file of pre-provisioned accounts, one email:password per line (# comments)",
        set: |c, t| {
            let (file, accounts) = read_accounts_file(std::path::Path::new(t.trim()))?;
            c.accounts = accounts;
            c.accounts_file = Some(file);
            Ok(())
        },
        get: |c| path(&c.accounts_file)),
    row!(Some("allowed_locales"), "NHOST_ALLOWED_LOCALES", Some("allowed-locales"), "LIST", Value, Suites, Case, path: false,
        "locales the target accepts, default first (default: en for a URL)",
        set: |c, t| {
            c.allowed_locales = parse_list(t);
            Ok(())
        },
        get: |c| Some(c.allowed_locales.join(","))),
    row!(Some("namespace"), "NHOST_NAMESPACE", Some("namespace"), "TAG", Value, Suites, Case, path: false,
        "tag mixed into generated emails (default: random per run)",
        set: |c, t| {
            c.namespace = t.trim().to_owned();
            Ok(())
        },
        get: |c| Some(c.namespace.clone())),
    row!(Some("shrink_steps"), "NHOST_SHRINK_STEPS", Some("shrink-steps"), "N", Value, Suites, Case, path: false,
        "shrink steps after a failure, 0 to 10000 (default 48)",
        set: |c, t| {
            c.shrink_steps = count32(bounds::SHRINK_STEPS, t)?;
            Ok(())
        },
        get: |c| Some(c.shrink_steps.to_string())),
    row!(Some("shrink_secs"), "NHOST_SHRINK_SECS", Some("shrink-secs"), "SECS", Value, Suites, Case, path: false,
        "time bound on shrinking one case, 0.001 to 86400 s (default 30)",
        set: |c, t| {
            c.shrink_time = bounds::SHRINK_TIME.parse(t)?;
            Ok(())
        },
        get: |c| Some(secs(c.shrink_time))),
    row!(Some("shrink_requests"), "NHOST_SHRINK_REQUESTS", Some("shrink-requests"), "N", Value, Suites, Case, path: false,
        "requests the shrinking of one failure may send, 0 to 100000 (default 40)",
        set: |c, t| {
            c.shrink_requests = count32(bounds::SHRINK_REQUESTS, t)?;
            Ok(())
        },
        get: |c| Some(c.shrink_requests.to_string())),
    row!(Some("shrink_run_requests"), "NHOST_SHRINK_RUN_REQUESTS", Some("shrink-run-requests"), "N", Value, Suites, Case, path: false,
        "requests all the shrinking of a run may send, 0 to 10000000 (default 240)",
        set: |c, t| {
            c.shrink_run_requests = count32(bounds::SHRINK_RUN_REQUESTS, t)?;
            Ok(())
        },
        get: |c| Some(c.shrink_run_requests.to_string())),
    row!(Some("shrink_sign_ups"), "NHOST_SHRINK_SIGN_UPS", Some("shrink-sign-ups"), "N", Value, Suites, Case, path: false,
        "sign-ups all the shrinking of a run may send, 0 to 100000 (default 24); steps that sign up no one go on",
        set: |c, t| {
            c.shrink_sign_ups = count32(bounds::SHRINK_SIGN_UPS, t)?;
            Ok(())
        },
        get: |c| Some(c.shrink_sign_ups.to_string())),
    row!(Some("regressions"), "NHOST_REGRESSIONS", Some("regressions"), "PATH", Value, Suites, Run, path: true,
        "file of failing case seeds, replayed first (fuzz: default OUT_DIR/regressions.txt)",
        set: |c, t| {
            c.regressions = Some(PathBuf::from(t.trim()));
            Ok(())
        },
        get: |c| path(&c.regressions)),
    row!(Some("expectations"), "NHOST_EXPECTATIONS", Some("expectations"), "PATH", Value, Target, Run, path: true,
        "TOML file of [[expect]] entries (known deviations), added to the built-in sets",
        set: |c, t| {
            let file = t.trim();
            let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let entries: Vec<Expectation> =
                super::parse_expectations(&text).map_err(|m| format!("{file}: {m}"))?;
            c.expectations.extend(entries);
            Ok(())
        },
        get: |_| None),
    row!(Some("expectation_sets"), "NHOST_EXPECTATION_SETS", Some("expectation-set"), "[-]NAME", List, Target, Case, path: false,
        "built-in expectation sets to switch on (name) or off (-name), comma-separated (default: published-schema and nhost-js-v3 on; see `nhost-conformance expectations`)",
        set: |c, t| {
            SetSwitches::parse(t.split(','))?.apply(&mut c.expectation_sets);
            Ok(())
        },
        get: |c| Some(SetSwitches::from_defaults_to(&c.expectation_sets).to_string())),
];

static AFTER_REPORTS: &[Setting] = &[
    row!(None, "NHOST_NDJSON_DIR", None, "DIR", Value, Suites, Run, path: false,
        "write an NDJSON report to a new file in this directory, one per process (for cargo nextest; merge with merge-reports)",
        set: |c, t| {
            c.reports.set("ndjson", PathBuf::from(t.trim()).join(process_file_name()));
            Ok(())
        },
        get: |_| None),
    row!(Some("max_duration_secs"), "NHOST_MAX_DURATION", Some("max-duration"), "SECS", Value, SingleRun, Run, path: false,
        "bound on the whole run, 1 to 604800 seconds; the rest is reported not covered (default 1800 for a URL target, none for the embedded server)",
        set: |c, t| {
            c.max_duration = Some(bounds::MAX_DURATION.parse(t)?);
            Ok(())
        },
        get: |c| c.max_duration.map(secs)),
    row!(Some("max_fail"), "NHOST_MAX_FAIL", Some("max-fail"), "N", Value, SingleRun, Run, path: false,
        "stop the run after this many failed cases, 1 to 1000000 (default none)",
        set: |c, t| {
            c.max_fail = Some(count(bounds::MAX_FAIL, t)?);
            Ok(())
        },
        get: |c| c.max_fail.map(|n| n.to_string())),
    row!(Some("breaker_failures"), "NHOST_BREAKER_FAILURES", Some("breaker-failures"), "N", Value, Suites, Run, path: false,
        "unanswered requests in a row that stop the run, 0 (never) to 1000 (default 4)",
        set: |c, t| {
            c.breaker_failures = count32(bounds::BREAKER_FAILURES, t)?;
            Ok(())
        },
        get: |c| Some(c.breaker_failures.to_string())),
    row!(Some("allow_writes"), "NHOST_ALLOW_WRITES", Some("allow-writes"), "", Switch, Suites, Case, path: false,
        "1 lets the run sign up and sign in on a target that is not on loopback (default 0)",
        set: |c, t| {
            c.allow_writes = parse_bool(t)?;
            Ok(())
        },
        get: |c| Some(u8::from(c.allow_writes).to_string())),
    row!(None, "NHOST_ADMIN_SECRET", None, "SECRET", Value, Suites, Secret, path: false,
        "Hasura admin secret: with a GraphQL URL, the users the run created are deleted at its end",
        set: |c, t| {
            c.admin_secret = Some(t.to_owned());
            Ok(())
        },
        get: |_| None),
    row!(Some("graphql_url"), "NHOST_GRAPHQL_URL", Some("graphql-url"), "URL", Value, Suites, Run, path: false,
        "GraphQL endpoint for the cleanup (default: from NHOST_SUBDOMAIN and NHOST_REGION)",
        set: |c, t| {
            c.graphql_url = Some(url(t)?);
            Ok(())
        },
        get: |c| c.graphql_url.clone()),
    row!(Some("allow_incomplete"), "NHOST_ALLOW_INCOMPLETE", Some("allow-incomplete"), "", Switch, SingleRun, Run, path: false,
        "1 lets a run with not-covered or not-run cases exit 0 instead of 5 (default 0)",
        set: |c, t| {
            c.allow_incomplete = parse_bool(t)?;
            Ok(())
        },
        get: |c| Some(u8::from(c.allow_incomplete).to_string())),
    row!(Some("out_dir"), "NHOST_OUT_DIR", Some("out-dir"), "DIR", Value, Suites, Run, path: true,
        "directory for the reports and the case files of failures (default nhost-conformance-report)",
        set: |c, t| {
            c.out_dir = Some(PathBuf::from(t.trim()));
            Ok(())
        },
        get: |c| path(&c.out_dir)),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_in_every_source() {
        for (i, a) in SETTINGS.iter().enumerate() {
            for b in &SETTINGS[i + 1..] {
                assert_ne!(a.env, b.env);
                assert!(a.key.is_none() || a.key != b.key, "{}", a.env);
                assert!(a.flag.is_none() || a.flag != b.flag, "{}", a.env);
            }
        }
    }

    #[test]
    fn secrets_come_from_the_environment_only_and_are_never_printed() {
        let mut config = RunConfig::default();
        for s in SETTINGS.iter().filter(|s| s.role == Role::Secret) {
            assert!(s.key.is_none() && s.flag.is_none(), "{}", s.env);
            s.set(&mut config, "a@b.co:secret-value").unwrap();
            assert_eq!(s.get(&config), None, "{}", s.env);
        }
    }
}
