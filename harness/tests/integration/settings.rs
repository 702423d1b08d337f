//! The settings table, walked row by row: each setting given a value that is not its default
//! through its flag, its variable and its `conformance.toml` key reads onto the same
//! configuration as the table's own parser; the README prints the table; and a case file stores
//! every setting that decides a case and reads it back to the same configuration.

use std::path::Path;

use clap::Parser;
use harness::cli::{Cli, Command};
use harness::config::settings::{Kind, Role, Scope, COMMAND_LINE};
use harness::config::{
    from_lookup, parse_file, resolve, ConfigLayer, RunConfig, Setting, SETTINGS,
};
use harness::runner::CaseFile;
use results::{CaseName, CaseRecord, CaseSeed, Finding, Outcome};

use crate::common::{temp_dir, workspace};

/// The variable the `jwt_secret_env` sample names (set once, read by the row's parser).
const SECRET_VAR: &str = "NHOST_SETTINGS_TEST_JWT_SECRET";

/// A value for every row that is not its default (files it names are written into `dir`).
fn samples(dir: &Path) -> Vec<(&'static str, String)> {
    std::env::set_var(SECRET_VAR, "settings-test-secret");
    let accounts = dir.join("accounts.txt");
    std::fs::write(
        &accounts,
        "a@example.com:pw-one-1\nb@example.com:pw-two-2\n",
    )
    .unwrap();
    let expectations = dir.join("expect.toml");
    std::fs::write(
        &expectations,
        "[[expect]]\nrule = \"token:rotation.new-token\"\nreason = \"settings test\"\n",
    )
    .unwrap();
    let path = |name: &str| dir.join(name).display().to_string();
    // Every report format's path: in the test dir, under another name than its default.
    let reports = reports::FORMATS
        .iter()
        .map(|f| (f.env, path(&format!("other-{}", f.default_file))));
    let mut samples = vec![
        ("NHOST_AUTH_URL", "http://127.0.0.1:9/v1".to_owned()),
        ("NHOST_SUBDOMAIN", "xyz".to_owned()),
        ("NHOST_REGION", "eu-central-1".to_owned()),
        ("NHOST_PROFILE", "deployed".to_owned()),
        (
            "NHOST_FAULTS",
            "no-refresh-rotation,bad-signature".to_owned(),
        ),
        ("NHOST_VIA", "sdk".to_owned()),
        ("NHOST_SDK", "v3".to_owned()),
        ("NHOST_CONTRACT", "deployed".to_owned()),
        ("NHOST_SUITES", "token,jwt".to_owned()),
        ("NHOST_EXCLUDE_SUITES", "user".to_owned()),
        ("NHOST_CASES", "7".to_owned()),
        ("NHOST_SEED", "0x2a".to_owned()),
        ("NHOST_TIMEOUT_SECS", "2.5".to_owned()),
        ("NHOST_MAX_RESPONSE_BYTES", "4096".to_owned()),
        ("NHOST_RATE_LIMIT", "12.5".to_owned()),
        ("NHOST_CONCURRENCY", "3".to_owned()),
        ("NHOST_MAX_RETRIES", "5".to_owned()),
        ("NHOST_MAX_BACKOFF_SECS", "7".to_owned()),
        ("NHOST_MAX_THROTTLE_WAIT_SECS", "90".to_owned()),
        ("NHOST_BUDGET", "sign_up=9,sign_in=11".to_owned()),
        ("NHOST_JWT_SECRET", "an-inline-secret".to_owned()),
        ("NHOST_JWT_SECRET_ENV", SECRET_VAR.to_owned()),
        ("NHOST_POOL_SIZE", "5".to_owned()),
        ("NHOST_ACCOUNTS", "c@example.com:pw-three-3".to_owned()),
        ("NHOST_ACCOUNTS_FILE", accounts.display().to_string()),
        ("NHOST_ALLOWED_LOCALES", "fr,en".to_owned()),
        ("NHOST_NAMESPACE", "settingstest".to_owned()),
        ("NHOST_SHRINK_STEPS", "9".to_owned()),
        ("NHOST_SHRINK_SECS", "4".to_owned()),
        ("NHOST_SHRINK_REQUESTS", "13".to_owned()),
        ("NHOST_SHRINK_RUN_REQUESTS", "77".to_owned()),
        ("NHOST_SHRINK_SIGN_UPS", "6".to_owned()),
        ("NHOST_REGRESSIONS", path("regressions.txt")),
        ("NHOST_EXPECTATIONS", expectations.display().to_string()),
        (
            "NHOST_EXPECTATION_SETS",
            "-nhost-js-v3,deployed-v0.42".to_owned(),
        ),
        ("NHOST_NDJSON_DIR", path("ndjson")),
        ("NHOST_MAX_DURATION", "120".to_owned()),
        ("NHOST_MAX_FAIL", "3".to_owned()),
        ("NHOST_BREAKER_FAILURES", "2".to_owned()),
        ("NHOST_ALLOW_WRITES", "1".to_owned()),
        ("NHOST_ADMIN_SECRET", "an-admin-secret".to_owned()),
        ("NHOST_GRAPHQL_URL", "http://127.0.0.1:9/graphql".to_owned()),
        ("NHOST_ALLOW_INCOMPLETE", "1".to_owned()),
        ("NHOST_OUT_DIR", path("out")),
    ];
    samples.extend(reports);
    samples
}

fn sample<'a>(samples: &'a [(&str, String)], env: &str) -> &'a str {
    samples
        .iter()
        .find(|(e, _)| *e == env)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no sample value for {env}: add one"))
}

/// What a configuration holds for a row: its printed value, or, for the rows that never print
/// (secrets, the ones that set another field), the field they set.
fn held(config: &RunConfig, setting: &Setting) -> String {
    match setting.env {
        "NHOST_SUBDOMAIN" | "NHOST_REGION" => format!("{:?}", config.target),
        "NHOST_JWT_SECRET" => format!("{:?}", config.jwt_secret),
        "NHOST_ADMIN_SECRET" => format!("{:?}", config.admin_secret),
        "NHOST_ACCOUNTS" => format!("{:?}", config.accounts),
        "NHOST_EXPECTATIONS" => format!("{:?}", config.expectations),
        // A new file in the directory each time it is read: compare the directory.
        "NHOST_NDJSON_DIR" => format!("{:?}", config.reports.get("ndjson").map(|p| p.parent())),
        _ => format!("{:?}", setting.get(config)),
    }
}

/// The configuration one row's sample gives through the row's own parser (the rows of the
/// embedded server with no URL, every other one over a URL target, as a user would give them).
fn direct(samples: &[(&str, String)], setting: &'static Setting) -> RunConfig {
    let mut layer = ConfigLayer::new("direct");
    layer.set(setting, sample(samples, setting.env));
    match setting.env {
        "NHOST_SUBDOMAIN" => layer.set_env("NHOST_REGION", sample(samples, "NHOST_REGION")),
        "NHOST_REGION" => layer.set_env("NHOST_SUBDOMAIN", sample(samples, "NHOST_SUBDOMAIN")),
        _ => {}
    }
    resolve(&[&layer]).unwrap_or_else(|e| panic!("{}: {e}", setting.env))
}

fn from_flag(samples: &[(&str, String)], setting: &Setting, flag: &str) -> RunConfig {
    let mut argv = vec!["nhost-conformance".to_owned(), "run".to_owned()];
    let mut give = |flag: &str, kind: Kind, value: &str| match kind {
        Kind::Switch => argv.push(format!("--{flag}")),
        Kind::Value => argv.extend([format!("--{flag}"), value.to_owned()]),
        Kind::List => {
            for item in value.split(',') {
                argv.push(format!("--{flag}={item}"));
            }
        }
    };
    give(flag, setting.kind, sample(samples, setting.env));
    let pair = match setting.env {
        "NHOST_SUBDOMAIN" => Some("NHOST_REGION"),
        "NHOST_REGION" => Some("NHOST_SUBDOMAIN"),
        _ => None,
    };
    if let Some(env) = pair {
        let other = Setting::by_env(env).unwrap();
        give(other.flag.unwrap(), other.kind, sample(samples, env));
    }
    let cli = Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    let Command::Run(args) = cli.command else {
        unreachable!()
    };
    let layer = args.settings.layer();
    assert_eq!(layer.source, COMMAND_LINE);
    resolve(&[&layer]).unwrap_or_else(|e| panic!("{argv:?}: {e}"))
}

fn from_env(samples: &[(&str, String)], setting: &Setting) -> RunConfig {
    let lookup = |name: &str| {
        let pair = matches!(
            (setting.env, name),
            ("NHOST_SUBDOMAIN", "NHOST_REGION") | ("NHOST_REGION", "NHOST_SUBDOMAIN")
        );
        (name == setting.env || pair).then(|| sample(samples, name).to_owned())
    };
    let layer = from_lookup(lookup).unwrap_or_else(|e| panic!("{}: {e}", setting.env));
    resolve(&[&layer]).unwrap_or_else(|e| panic!("{}: {e}", setting.env))
}

fn from_file(samples: &[(&str, String)], setting: &Setting, key: &str, dir: &Path) -> RunConfig {
    let toml_string = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let mut doc = String::new();
    let mut line = |key: &str, text: &str| match key.split_once('.') {
        Some((table, inner)) => {
            doc.push_str(&format!("[{table}]\n{inner} = {}\n", toml_string(text)))
        }
        None => doc.insert_str(0, &format!("{key} = {}\n", toml_string(text))),
    };
    line(key, sample(samples, setting.env));
    match setting.env {
        "NHOST_SUBDOMAIN" => line("region", sample(samples, "NHOST_REGION")),
        "NHOST_REGION" => line("subdomain", sample(samples, "NHOST_SUBDOMAIN")),
        _ => {}
    }
    let layer =
        parse_file(&doc, dir, "conformance.toml").unwrap_or_else(|e| panic!("{key}: {e}\n{doc}"));
    resolve(&[&layer]).unwrap_or_else(|e| panic!("{key}: {e}\n{doc}"))
}

#[test]
fn every_row_reads_the_same_from_its_flag_its_variable_and_its_file_key() {
    let dir = temp_dir("settings", "sources");
    let samples = samples(&dir);
    let defaults = RunConfig::default();
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    for setting in SETTINGS.iter() {
        let expected = held(&direct(&samples, setting), setting);
        assert_ne!(
            expected,
            held(&defaults, setting),
            "{}: the sample is the default, so it shows nothing",
            setting.env
        );
        assert_eq!(
            held(&from_env(&samples, setting), setting),
            expected,
            "{}",
            setting.env
        );
        match (setting.flag, setting.role) {
            (Some(flag), _) => assert_eq!(
                held(&from_flag(&samples, setting, flag), setting),
                expected,
                "--{flag}"
            ),
            (None, Role::Secret) => {}
            (None, _) => assert!(
                setting.key.is_none(),
                "{}: every setting a file may give has a flag too",
                setting.env
            ),
        }
        match (setting.key, setting.role) {
            (Some(key), _) => assert_eq!(
                held(&from_file(&samples, setting, key, &dir), setting),
                expected,
                "conformance.toml key {key}"
            ),
            (None, Role::Secret) => {}
            (None, _) => assert_eq!(
                setting.env, "NHOST_NDJSON_DIR",
                "only a per-process path has no key"
            ),
        }
        if setting.role == Role::Secret {
            assert!(
                setting.key.is_none() && setting.flag.is_none(),
                "{}",
                setting.env
            );
        }
        if setting.scope == Scope::SingleRun {
            assert!(setting.flag.is_some(), "{}", setting.env);
        }
        let row = format!("| `{}` |", setting.env);
        let line = readme
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("README has no row for {}", setting.env));
        assert!(line.ends_with(&format!("| {} |", setting.doc)), "{line}");
        if let Some(flag) = setting.flag {
            assert!(line.contains(&format!("`--{flag}`")), "{line}");
        }
        if let Some(key) = setting.key {
            assert!(line.contains(&format!("`{key}`")), "{line}");
        }
    }
}

fn failed_record() -> CaseRecord {
    CaseRecord {
        name: "token::rotation::case_0003".into(),
        suite: "token".into(),
        property: "rotation".into(),
        outcome: Outcome::Failed,
        duration_ms: 1.0,
        seed: CaseSeed(0x1234),
        rules: vec![],
        findings: vec![Finding {
            rule: "token:rotation.new-token".into(),
            pointer: String::new(),
            message: "the same refresh token came back".into(),
        }],
        exchanges: vec![],
        minimal_input: None,
        rerun: String::new(),
        reactions: Vec::new(),
        observations: Vec::new(),
        investigation: None,
    }
}

/// Every case row given its sample over `target` (the URL rows, or the embedded server's).
fn every_case_setting(samples: &[(&str, String)], url: bool) -> RunConfig {
    let mut layer = ConfigLayer::new("test");
    for setting in SETTINGS.iter().filter(|s| s.role == Role::Case) {
        let embedded_only = matches!(setting.env, "NHOST_PROFILE" | "NHOST_FAULTS");
        if setting.env == "NHOST_AUTH_URL" && !url || embedded_only && url {
            continue;
        }
        layer.set(setting, sample(samples, setting.env));
    }
    resolve(&[&layer]).unwrap()
}

#[test]
fn a_case_file_stores_every_case_setting_and_reads_back_the_same_configuration() {
    let dir = temp_dir("settings", "case-file");
    let samples = samples(&dir);
    let name: CaseName = "token::rotation::case_0003".parse().unwrap();
    for url in [true, false] {
        let config = every_case_setting(&samples, url);
        let file = CaseFile::of(&config, &name, &failed_record());
        let path = file.write(&dir).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for (_, secret) in samples
            .iter()
            .filter(|(env, _)| Setting::by_env(env).is_some_and(|s| s.role == Role::Secret))
        {
            assert!(
                !text.contains(secret.as_str()),
                "a secret was written: {text}"
            );
        }
        assert!(!text.contains("settings-test-secret"), "{text}");
        let back = CaseFile::read(&path).unwrap().expect("a case file");
        assert_eq!(back, file);
        let replayed = back.to_config(&RunConfig::default()).unwrap();
        let mut stored = 0;
        for setting in SETTINGS.iter() {
            let (was, is) = (setting.get(&config), setting.get(&replayed));
            match setting.role {
                Role::Case => {
                    assert_eq!(is, was, "{} (url target: {url})", setting.env);
                    if let (Some(key), Some(_)) = (setting.key, &was) {
                        assert!(file.settings.contains_key(key), "{key}");
                        stored += 1;
                    }
                }
                Role::Run | Role::Secret => {
                    if let Some(key) = setting.key {
                        assert!(!file.settings.contains_key(key), "{key} is not the case's");
                    }
                }
            }
        }
        assert_eq!(file.settings.len(), stored);
        assert_eq!(replayed.suites, vec!["token".to_owned()]);
        // The secrets come back from where the case file names them, never from the file.
        if url {
            assert_eq!(file.needs_env, vec![SECRET_VAR.to_owned()]);
            assert_eq!(replayed.jwt_secret.as_deref(), Some("settings-test-secret"));
        }
        // The `cargo test` line sets every stored setting through its variable (and the
        // secret by name: `NHOST_JWT_SECRET="$VAR"`), and those read back to the same
        // configuration.
        let vars = file.env_vars();
        let layer = from_lookup(|name| {
            vars.iter()
                .find(|(env, _)| *env == name)
                .map(|(_, v)| v.clone())
                .or_else(|| {
                    let named = file
                        .needs_env
                        .first()
                        .filter(|_| name == "NHOST_JWT_SECRET")?;
                    std::env::var(named).ok()
                })
        })
        .unwrap();
        let from_line = resolve(&[&layer]).unwrap();
        if url {
            assert_eq!(from_line.jwt_secret, config.jwt_secret);
        }
        for setting in SETTINGS
            .iter()
            .filter(|s| s.role == Role::Case && s.env != "NHOST_JWT_SECRET_ENV")
        {
            assert_eq!(
                setting.get(&from_line),
                setting.get(&config),
                "{} from the cargo test line",
                setting.env
            );
        }
    }
}

#[test]
fn a_case_that_needs_a_secret_names_its_variable_when_it_is_not_set() {
    let dir = temp_dir("settings", "needs-secret");
    let samples = samples(&dir);
    let config = every_case_setting(&samples, true);
    let mut file = CaseFile::of(
        &config,
        &"token::rotation::case_0003".parse().unwrap(),
        &failed_record(),
    );
    // The same case written on a machine whose secret sat in a variable this one lacks.
    let unset = "NHOST_SETTINGS_TEST_UNSET_SECRET";
    std::env::remove_var(unset);
    file.settings
        .insert("jwt_secret_env".to_owned(), unset.to_owned());
    file.needs_env = vec![unset.to_owned()];
    let message = file
        .to_config(&RunConfig::default())
        .expect_err("a replay without the secret cannot judge signatures")
        .to_string();
    assert!(message.contains(unset), "{message}");
    assert!(!message.contains("settings-test-secret"), "{message}");
}
