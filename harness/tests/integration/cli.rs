//! The `nhost-conformance` binary: subcommands, libtest behaviour, and one-line errors.

use std::path::PathBuf;

use crate::common::workspace;
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = crate::common::bin();
    cmd.env("NHOST_NAMESPACE", "clitest");
    cmd
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    crate::common::temp_dir("cli", name)
}

#[test]
fn faults_lists_the_catalogue() {
    let out = bin().arg("faults").output().unwrap();
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    assert!(stdout.lines().count() >= 20, "{stdout}");
    assert!(stdout.contains("no-refresh-rotation"), "{stdout}");
}

#[test]
fn rules_lists_the_catalogue_with_descriptions_and_sources() {
    let out = bin().arg("rules").output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    for line in [
        "`User.locale` is of type string (Preferred locale of the user (BCP 47 language tag))  [published schema, /$defs/User/properties/locale (type)]",
        "a refresh token that was rotated is rejected with 401 invalid-refresh-token  [suite token; nhost-auth-contract.md § Semantics, Refresh (/token)]",
    ] {
        assert!(stdout.contains(line), "{line} missing from:\n{stdout}");
    }
    for id in [
        "error::required",
        "harness:panic",
        "harness:generation",
        "target:error",
    ] {
        assert!(stdout.lines().any(|l| l.starts_with(id)), "{id} missing");
    }
    assert!(stdout.trim_end().ends_with("3 of the harness"), "{stdout}");
    let deployed = bin()
        .args(["rules", "--contract", "deployed"])
        .output()
        .unwrap();
    let (deployed, _) = text(&deployed);
    assert!(deployed.contains("[deployed schema, "), "{deployed}");
}

#[test]
fn check_schema_reports_the_published_schema_examples() {
    let out = bin()
        .args(["check-schema", "schemas/session.schema.json"])
        .output()
        .unwrap();
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("refreshTokenId"), "{stdout}");
    let ok = bin()
        .args(["check-schema", "schemas/nhost-auth-deployed.schema.json"])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok).0);
}

#[test]
fn bad_inputs_get_one_line_and_a_usage_exit_code() {
    let schema_dir = temp_dir("bad");
    let not_json = schema_dir.join("x.json");
    std::fs::write(&not_json, "{ not json").unwrap();
    let not_json = not_json.display().to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["run", "--cases", "0"],
        vec!["run", "--cases", "many"],
        vec!["run", "--suite", "nope"],
        vec!["run", "--fault", "nope"],
        vec!["run", "--seed", "abc"],
        vec!["run", "--profile", "staging"],
        vec!["run", "--contract", "/nonexistent/schema.json"],
        vec!["run", "--contract", &not_json],
        vec!["run", "--target", "ftp://example.com"],
        vec!["check-schema", "/nonexistent/schema.json"],
        vec!["check-schema", &not_json],
        vec!["replay", "token::rotation::case_9999"],
        vec!["frobnicate"],
    ];
    for args in cases {
        let out = bin().args(&args).env("NHOST_CASES", "1").output().unwrap();
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines.len(),
            1,
            "{args:?}: one line expected, got {stderr:?}"
        );
        assert!(lines[0].starts_with("error"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn hostile_numbers_and_urls_get_one_line_and_a_usage_exit_code() {
    // (arguments, variables, the flag or variable the message must name)
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (vec!["run", "--target", "http://[::1"], vec![], "--target"),
        (
            vec!["run", "--target", "http://user:s3cret-pw@[::1"],
            vec![],
            "--target",
        ),
        (vec!["run", "--target", "https://"], vec![], "--target"),
        (
            vec!["run"],
            vec![("NHOST_AUTH_URL", "notaurl")],
            "NHOST_AUTH_URL",
        ),
        (vec!["run", "--jobs", "100000"], vec![], "--jobs"),
        (vec!["run", "--jobs", "0"], vec![], "--jobs"),
        (vec!["run", "--cases", "99999999999"], vec![], "--cases"),
        (
            vec!["run"],
            vec![("NHOST_CASES", "99999999999")],
            "NHOST_CASES",
        ),
        (
            vec!["run"],
            vec![("NHOST_RATE_LIMIT", "1e-300")],
            "NHOST_RATE_LIMIT",
        ),
        (
            vec!["run"],
            vec![("NHOST_CONCURRENCY", "18446744073709551615")],
            "NHOST_CONCURRENCY",
        ),
        (
            vec!["run"],
            vec![("NHOST_MAX_RETRIES", "4294967296")],
            "NHOST_MAX_RETRIES",
        ),
        (
            vec!["run"],
            vec![("NHOST_TIMEOUT_SECS", "1e-300")],
            "NHOST_TIMEOUT_SECS",
        ),
        (
            vec!["run"],
            vec![("NHOST_TIMEOUT_SECS", "1e300")],
            "NHOST_TIMEOUT_SECS",
        ),
    ];
    for (args, vars, key) in cases {
        let mut cmd = bin();
        cmd.args(&args).envs(vars.iter().copied());
        let out = cmd.output().unwrap();
        let (stdout, stderr) = text(&out);
        let what = format!("{args:?} {vars:?}");
        assert_eq!(out.status.code(), Some(2), "{what}: {stdout}{stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{what}: one line expected, got {stderr:?}");
        assert!(lines[0].starts_with("error"), "{what}: {stderr}");
        assert!(lines[0].contains(key), "{what}: {stderr}");
        assert!(!stderr.contains("s3cret-pw"), "{what}: {stderr}");
        assert!(!stderr.contains("builder error"), "{what}: {stderr}");
    }
}

#[test]
fn run_with_no_arguments_writes_every_report() {
    // A checkout's root: the repository's conformance.toml, nothing else.
    let dir = temp_dir("run");
    std::fs::copy(
        workspace().join("conformance.toml"),
        dir.join("conformance.toml"),
    )
    .unwrap();
    let out = bin()
        .arg("run")
        .current_dir(&dir)
        .env("NHOST_CASES", "2")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stderr.contains("embedded reference server"), "{stderr}");
    // Every report format, by its default file.
    for file in reports::FORMATS.iter().map(|f| f.default_file) {
        let len = std::fs::metadata(dir.join("nhost-conformance-report").join(file))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 0, "{file} missing or empty");
    }
    assert!(
        stdout.lines().any(|l| l.contains(" passed, 0 failed")),
        "{stdout}"
    );
}

#[test]
fn trials_list_exact_skip_and_json_work_the_libtest_way() {
    let listed = bin()
        .args(["trials", "--list"])
        .env("NHOST_CASES", "2")
        .output()
        .unwrap();
    let (stdout, _) = text(&listed);
    assert!(listed.status.success());
    let names: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    assert!(names.contains(&"token::rotation::case_0002"), "{stdout}");
    assert!(
        names.iter().all(|n| n.split("::").count() == 3),
        "{names:?}"
    );

    let exact = bin()
        .args([
            "trials",
            "--exact",
            "token::rotation::case_0002",
            "--format",
            "json",
            "-Z",
            "unstable-options",
        ])
        .env("NHOST_CASES", "2")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&exact);
    assert!(exact.status.success(), "{stdout}{stderr}");
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let ok: Vec<&str> = events
        .iter()
        .filter(|e| e["event"] == "ok")
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(ok, vec!["token::rotation::case_0002"], "{stdout}");

    let skipped = bin()
        .args(["trials", "token::", "--skip", "unknown"])
        .env("NHOST_CASES", "2")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&skipped);
    assert!(skipped.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("token::rotation::case_0001") && !stdout.contains("token::unknown"),
        "{stdout}"
    );
}

#[test]
fn a_failing_case_reruns_alone_by_name_with_the_same_input() {
    let env = [
        ("NHOST_CASES", "3"),
        ("NHOST_FAULTS", "no-refresh-rotation"),
        ("NHOST_SUITES", "token"),
    ];
    let first = bin().arg("trials").envs(env).output().unwrap();
    let (stdout, _) = text(&first);
    assert!(
        !first.status.success(),
        "the fault must be caught: {stdout}"
    );
    let name = stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("test ")
                .and_then(|l| l.strip_suffix(" ... FAILED"))
        })
        .map(|l| l.trim_start_matches("[embedded] ").to_owned())
        .expect("a failed trial");
    let again = bin()
        .args(["trials", "--exact", &name])
        .envs(env)
        .output()
        .unwrap();
    let (stdout2, _) = text(&again);
    assert!(!again.status.success());
    let input = |s: &str| {
        s.split("minimal input:")
            .nth(1)
            .and_then(|r| r.split("exchanges:").next())
            .map(str::to_owned)
    };
    assert_eq!(input(&stdout), input(&stdout2), "same seed, same input");
    assert!(stdout2.contains("1 failed"), "{stdout2}");
    assert!(
        stdout2.contains(&format!("--exact {name}")),
        "the message says how to re-run: {stdout2}"
    );
}

#[test]
fn readme_documents_every_setting_as_the_table_prints_it() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let table = harness::config::markdown_table();
    assert!(
        readme.contains(&table),
        "the README's configuration table differs from the settings table; it should read:\n{table}"
    );
    for (name, _) in harness::config::variables() {
        assert!(readme.contains(&format!("`{name}`")), "README lacks {name}");
    }
}

#[test]
fn failing_seeds_are_persisted_and_replayed() {
    let dir = temp_dir("replay");
    let regressions = dir.join("regressions.txt");
    let run = bin()
        .args([
            "run",
            "--suite",
            "token",
            "--cases",
            "3",
            "--fault",
            "no-refresh-rotation",
            "--out-dir",
        ])
        .arg(dir.join("out"))
        .env("NHOST_REGRESSIONS", &regressions)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", text(&run).1);
    let saved = std::fs::read_to_string(&regressions).unwrap();
    assert!(
        saved
            .lines()
            .any(|l| l.starts_with("token::rotation::case_")),
        "{saved}"
    );

    // The file replays against any target: here the faulty server fails again, a clean one passes.
    let again = bin()
        .arg("replay")
        .arg(&regressions)
        .args(["--fault", "no-refresh-rotation"])
        .output()
        .unwrap();
    let (stdout, _) = text(&again);
    assert_eq!(again.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(" failed") && !stdout.contains(" 0 failed"),
        "{stdout}"
    );
    let clean = bin().arg("replay").arg(&regressions).output().unwrap();
    let (stdout, stderr) = text(&clean);
    assert_eq!(clean.status.code(), Some(0), "{stdout}{stderr}");

    // One case by name and seed, as the failure message says.
    let one = bin()
        .args([
            "replay",
            "token::rotation::case_0001",
            "--seed",
            "1337",
            "--fault",
            "no-refresh-rotation",
        ])
        .output()
        .unwrap();
    let (stdout, _) = text(&one);
    assert_eq!(one.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
}

#[test]
fn serve_answers_until_killed() {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = bin()
        .args(["serve", "--anonymous", "--fault", "bad-signature"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first.trim().rsplit(' ').next().unwrap().to_owned();
    let authority = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mut stream = std::net::TcpStream::connect(&authority).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /v1/healthz HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(url.ends_with("/v1"), "{first}");
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.ends_with("\"OK\""),
        "{answer}"
    );
}

#[test]
fn reports_of_a_failing_run_carry_no_secret() {
    let dir = temp_dir("secrets");
    let out = bin()
        .args([
            "run", "--suite", "token", "--suite", "signin", "--suite", "signup", "--cases", "3",
        ])
        .args([
            "--fault",
            "no-refresh-rotation",
            "--fault",
            "plus-address-stripped",
            "--out-dir",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the faults must fail the run: {stdout}"
    );
    let mut texts = vec![("stderr".to_owned(), stderr)];
    for file in reports::FORMATS.iter().map(|f| f.default_file) {
        texts.push((
            file.to_owned(),
            std::fs::read_to_string(dir.join(file)).unwrap(),
        ));
    }
    for (name, raw) in texts {
        let text = raw
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .replace("\\\"", "\"");
        // CTRF carries findings and no exchange: nothing there to mask.
        assert!(
            text.contains("[redacted#") || name == "ctrf.json",
            "{name}: secrets are masked, not dropped"
        );
        assert!(!text.contains("eyJ"), "{name} carries a JWT");
        for (at, _) in text.match_indices("\"password\":") {
            let value = text[at + "\"password\":".len()..].trim_start();
            assert!(
                value.starts_with("\"[redacted#"),
                "{name} carries a password: {}",
                &value[..value.len().min(40)]
            );
        }
        for (at, _) in text.match_indices("\"refreshToken\":") {
            let value = text[at + "\"refreshToken\":".len()..].trim_start();
            assert!(
                value.starts_with("\"[redacted#"),
                "{name} carries a refresh token: {}",
                &value[..value.len().min(60)]
            );
        }
    }
}

/// Under cargo-nextest every case is a process of its own (`--exact NAME`), running side by side:
/// one case's start must not delete the case files other cases wrote (nor fail when another
/// process removed a stale file first). Only a run of the whole plan clears old case files.
#[test]
fn a_filtered_trials_run_keeps_the_case_files_of_other_cases() {
    let out = temp_dir("case-files");
    let cases = out.join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    // Named as a case file is (`CaseFile::file_name`).
    let other = cases.join("token..rotation..case_0001.case.json");
    std::fs::write(&other, "{}").unwrap();
    // `trials ARGS` with the token suite's cases and this output folder; it must pass.
    let trials = |args: &[&str], cases: &str, suites: &str| {
        let run = bin()
            .arg("trials")
            .args(args)
            .env("NHOST_CASES", cases)
            .env("NHOST_SUITES", suites)
            .env("NHOST_OUT_DIR", &out)
            .output()
            .unwrap();
        let (stdout, stderr) = text(&run);
        assert!(run.status.success(), "{args:?}: {stdout}{stderr}");
    };
    trials(&["--exact", "token::rotation::case_0002"], "2", "token");
    assert!(
        other.is_file(),
        "a filtered run removed another case's file"
    );
    trials(&["--skip", "::"], "1", "token");
    assert!(other.is_file(), "a run with --skip is not a whole run");
    // A run of the whole plan (here the token suite's) starts with no stale case file.
    trials(&[], "1", "token");
    assert!(!other.exists(), "a whole run keeps a stale case file");
    std::fs::remove_dir_all(&out).unwrap();
}

/// Without Node.js on PATH the SDK target is one clear line and exit 3, before any request.
#[test]
fn the_sdk_target_without_node_is_one_line_and_exit_3() {
    let out = bin()
        .args(["run", "--via", "sdk", "--suite", "token", "--cases", "1"])
        .arg("--out-dir")
        .arg(temp_dir("no-node"))
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("needs `node` on PATH"), "{stderr}");
}

#[test]
fn the_sdk_target_refuses_url_credentials_in_one_line_without_showing_them() {
    let out = bin()
        .args(["run", "--via", "sdk", "--suite", "token", "--cases", "1"])
        .args(["--target", "http://tester:s3cret-pw@127.0.0.1:9/v1"])
        .arg("--out-dir")
        .arg(temp_dir("sdk-userinfo"))
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("credentials in the target URL"),
        "{stderr}"
    );
    assert!(
        !format!("{stdout}{stderr}").contains("s3cret-pw"),
        "{stderr}"
    );
}

/// `compare` runs the same cases through HTTP and through an SDK line: 4.x hands the caller what
/// the service sent; 3.x rebuilds sessions, and every difference is listed.
#[test]
fn compare_lists_what_the_caller_sees_differently_through_the_sdk() {
    let dir = temp_dir("compare");
    let same = bin()
        .args(["compare", "--sdk", "v4", "--suite", "token", "--cases", "1"])
        .arg("--out-dir")
        .arg(dir.join("v4"))
        .output()
        .unwrap();
    let (stdout, stderr) = text(&same);
    assert_eq!(same.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains(": 0 differences"), "{stdout}");
    let different = bin()
        .args(["compare", "--sdk", "v3", "--suite", "token", "--cases", "1"])
        .arg("--out-dir")
        .arg(dir.join("v3"))
        .output()
        .unwrap();
    let (stdout, stderr) = text(&different);
    assert_eq!(different.status.code(), Some(1), "{stdout}{stderr}");
    let table = std::fs::read_to_string(dir.join("v3/compare.md")).unwrap();
    assert!(
        table.contains("| `/session/accessTokenExpiresIn` | 900 | 0 |"),
        "{table}"
    );
    assert!(
        !table.contains("/user/email"),
        "the pool hands each case the same account: {table}"
    );
    assert!(
        stderr.contains("DIFFERENT token::rotation::case_0001"),
        "{stderr}"
    );
}
