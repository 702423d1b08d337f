//! Shared helpers: fixture runs, a temporary directory, and running a tool with a timeout.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use results::{
    CaseRecord, CaseSeed, Exchange, Finding, Outcome, RuleEntry, RunInfo, RunReport, RunSeed,
};
use tempfile::TempDir;

/// The script that installs the tools these tests need beyond cargo.
pub const TEST_DEPS: &str = "scripts/test-deps";

pub const LOCALE_TYPE: &str = "/$defs/User/properties/locale:type";
pub const SESSION_REQUIRED: &str = "/$defs/Session:required";
pub const ROTATION: &str = "semantic:token.rotation";
pub const ERROR_SHAPE: &str = "semantic:error.shape";

/// Catalogue entries for the fixture rules.
pub fn catalogue() -> Vec<RuleEntry> {
    [
        (LOCALE_TYPE, "`User.locale` is of type string"),
        (
            SESSION_REQUIRED,
            "`Session` has the properties accessToken, user",
        ),
        (ROTATION, "/token answers a new refresh token"),
        (ERROR_SHAPE, "an error answer is an error body"),
    ]
    .into_iter()
    .map(|(id, description)| RuleEntry {
        id: id.into(),
        description: description.into(),
        source: "fixture".into(),
    })
    .collect()
}

/// (d) A run shaped like `run --fault no-refresh-rotation` without expectations: an expected
/// failure first, 12 cases failing one semantic rule with the same message, and 80 schema rules
/// that pass, sorted around the failing one.
pub fn large_failing_run() -> RunReport {
    const FAILING: &str = "token:rotation.old-rejected";
    let fields = [
        "activeMfaType",
        "allowedRoles",
        "avatarUrl",
        "createdAt",
        "defaultRole",
        "displayName",
        "email",
        "emailVerified",
        "id",
        "isAnonymous",
        "locale",
        "metadata",
        "phoneNumber",
        "phoneNumberVerified",
        "updatedAt",
        "accessToken",
        "refreshToken",
        "refreshTokenId",
        "accessTokenExpiresIn",
        "roles",
    ];
    let mut passing: Vec<String> = Vec::new();
    for field in fields {
        for keyword in ["type", "format", "enum", "minLength"] {
            passing.push(format!("/$defs/User/properties/{field}:{keyword}"));
        }
    }
    let passing_refs: Vec<&str> = passing.iter().map(String::as_str).collect();
    let mut rules: Vec<RuleEntry> = passing
        .iter()
        .map(|id| RuleEntry {
            id: id.clone(),
            description: format!("the value at {id} conforms"),
            source: "published schema".into(),
        })
        .collect();
    rules.push(RuleEntry {
        id: FAILING.into(),
        description: "a refresh token that was rotated is rejected with 401 invalid-refresh-token"
            .into(),
        source: "suite token; nhost-auth-contract.md § Semantics, Refresh (/token)".into(),
    });
    let mut expected = case(
        "schema::examples::case_0000",
        Outcome::ExpectedFailure {
            reason: "the published schema has two broken examples".into(),
        },
        &["schema:examples-valid"],
    );
    expected.findings = vec![finding(
        "schema:examples-valid",
        "/properties/refreshTokenId/example",
        "example does not validate",
    )];
    let mut cases = vec![expected];
    for i in 0..24 {
        let name = format!("signup::roundtrip::case_{i:04}");
        cases.push(case(&name, Outcome::Passed, &passing_refs));
    }
    for i in 0..12 {
        let mut failed = case(
            &format!("token::rotation::case_{i:04}"),
            Outcome::Failed,
            &[FAILING],
        );
        failed.findings = vec![finding(
            FAILING,
            "",
            "the token was already rotated, yet /token answered HTTP 200",
        )];
        failed.minimal_input = Some(serde_json::json!({"account_hint": 0, "rotations": 1}));
        failed.exchanges = vec![exchange("refresh_token", "/token", 200, "{}", 7.0)];
        cases.push(failed);
    }
    RunReport {
        info: info(),
        cases,
        rules,
        rounds: Vec::new(),
        drift: None,
    }
}

/// A fresh directory `reports-it-{label}-…` under the system temp dir, removed on drop.
pub fn temp_dir(label: &str) -> TempDir {
    TempDir::with_prefix(format!("reports-it-{label}-")).expect("create temp dir")
}

/// Runs `command` in its own process group, killing the whole group after `timeout`.
/// Returns `Err` with a one-line reason when the program cannot start or times out.
pub fn run_with_timeout(mut command: Command, timeout: Duration) -> Result<Output, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start `{program}` ({e})"))?;
    let pid = child.id();
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // Read both pipes fully (stderr on its own thread so neither can fill up and block).
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            buf
        });
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        let err = err_reader.join().unwrap_or_default();
        let status = child.wait();
        let _ = sender.send(status.map(|status| Output {
            status,
            stdout: out,
            stderr: err,
        }));
    });
    match receiver.recv_timeout(timeout) {
        Ok(Ok(output)) => Ok(output),
        Ok(Err(e)) => Err(format!("`{program}` could not be waited for ({e})")),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
            Err(format!(
                "`{program}` did not finish within {} s and was killed",
                timeout.as_secs()
            ))
        }
    }
}

fn info() -> RunInfo {
    RunInfo {
        tool_version: "0.1.0".into(),
        target: "http://127.0.0.1:40123".into(),
        contract: "published".into(),
        seed: RunSeed(20_250_131),
        started_at: "2025-01-31T12:00:00.250+00:00".into(),
        duration_ms: 4_321.0,
        ..RunInfo::default()
    }
}

/// A case with no findings or exchanges; the name must be `suite::property::case_NNNN`.
pub fn case(name: &str, outcome: Outcome, rules: &[&str]) -> CaseRecord {
    let parts: Vec<&str> = name.split("::").collect();
    CaseRecord {
        name: name.into(),
        suite: parts[0].into(),
        property: parts[1].into(),
        outcome,
        duration_ms: 37.0,
        seed: CaseSeed(0xDEAD_BEEF),
        rules: rules.iter().map(|r| (*r).to_owned()).collect(),
        findings: vec![],
        exchanges: vec![],
        minimal_input: None,
        rerun: format!("cargo test -p harness -- --exact {name}"),
        reactions: Vec::new(),
        observations: Vec::new(),
        investigation: None,
    }
}

pub fn finding(rule: &str, pointer: &str, message: &str) -> Finding {
    Finding {
        rule: rule.into(),
        pointer: pointer.into(),
        message: message.into(),
    }
}

pub fn exchange(operation: &str, path: &str, status: u16, body: &str, elapsed_ms: f64) -> Exchange {
    Exchange {
        operation: operation.into(),
        method: "POST".into(),
        url: format!("http://127.0.0.1:40123{path}"),
        request_headers: vec![
            ("content-type".into(), "application/json".into()),
            ("authorization".into(), "Bearer [REDACTED]".into()),
        ],
        request_body: Some(r#"{"email":"a@example.com","password":"[REDACTED]"}"#.into()),
        status: Some(status),
        response_headers: vec![("content-type".into(), "application/json".into())],
        response_body: Some(body.into()),
        elapsed_ms,
        error: None,
        curl: format!(
            "curl -sS -X POST 'http://127.0.0.1:40123{path}' -H 'authorization: Bearer [REDACTED]' \
             --data '{{\"password\":\"[REDACTED]\"}}'"
        ),
        via: None,
        returned: None,
    }
}

/// A run against a badly broken target: `cases` failing cases spread over `rules` rules (rule
/// `i` is `suite-(i % 12):broken-rule-i`), each case with findings carrying long messages, a
/// long minimal input and three exchanges with 2,000-character bodies.
pub fn thousands_failing_run(cases: usize, rules: usize) -> RunReport {
    let body = format!("{{\"error\":\"{}\"}}", "x".repeat(2_000));
    let rule = |i: usize| format!("suite-{}:broken-rule-{i:04}", i % 12);
    let records = (0..cases)
        .map(|i| {
            let suite = format!("suite-{}", i % 12);
            let mut failed = case(
                &format!("{suite}::property::case_{i:05}"),
                Outcome::Failed,
                &[],
            );
            failed.findings = (0..4)
                .map(|k| {
                    finding(
                        &rule((i * 7 + k) % rules),
                        &format!("/session/user/metadata/{k}"),
                        &format!("value {i} number {k} is wrong: {}", "y".repeat(200)),
                    )
                })
                .collect();
            failed.minimal_input = Some(serde_json::json!({"input": "z".repeat(1_500), "i": i}));
            failed.exchanges = (0..3)
                .map(|k| exchange("sign_up", "/signup/email-password", 500, &body, k as f64))
                .collect();
            failed
        })
        .collect();
    RunReport {
        info: info(),
        rules: (0..rules)
            .map(|i| RuleEntry {
                id: rule(i),
                description: format!("rule {i} holds ({})", "d".repeat(150)),
                source: "fixture".into(),
            })
            .collect(),
        cases: records,
        rounds: Vec::new(),
        drift: None,
    }
}

/// The rules of [`history_runs`] and what each does over the five runs, oldest first
/// (`P` passed, `F` failed, `N` not covered).
pub const HISTORY_RULES: [(&str, &str); 6] = [
    ("token:starts-failing", "PPPFF"),
    ("signup:fixed", "FFPPP"),
    ("jwt:flips", "PFPFP"),
    ("user:always-passes", "PPPPP"),
    ("http:still-failing", "FFFFF"),
    ("negative:uncovered", "NNNNN"),
];

/// Five runs a night apart in which the rules of [`HISTORY_RULES`] do what it says: one case
/// per rule and run (named after the rule's suite), as the run's NDJSON report written by the
/// NDJSON writer into `dir`. Returns the runs' paths in a shuffled order: runs 3, 1, 5, 2 and
/// 4 (oldest = 1). Run 4 is a directory holding two shard files that split its cases.
pub fn history_runs(dir: &Path) -> Vec<PathBuf> {
    let run = |night: usize| -> RunReport {
        let cases = HISTORY_RULES
            .iter()
            .map(|(rule, states)| {
                let suite = rule.split(':').next().unwrap_or("x");
                let name = format!("{suite}::property::case_0000");
                match states.as_bytes()[night] {
                    b'P' => case(&name, Outcome::Passed, &[rule]),
                    b'F' => {
                        let mut failed = case(&name, Outcome::Failed, &[rule]);
                        failed.findings = vec![finding(rule, "/x", "broken")];
                        failed.exchanges = vec![exchange(
                            "sign_in",
                            "/signin/email-password",
                            200,
                            "{}",
                            5.0,
                        )];
                        failed
                    }
                    _ => case(
                        &name,
                        Outcome::NotCovered {
                            reason: "anonymous sign-in is disabled".into(),
                        },
                        &[rule],
                    ),
                }
            })
            .collect();
        let mut info = info();
        info.started_at = format!("2025-02-0{}T02:17:00Z", night + 1);
        RunReport {
            info,
            rules: HISTORY_RULES
                .iter()
                .map(|(rule, states)| RuleEntry {
                    id: (*rule).into(),
                    description: format!("a rule that goes {states}"),
                    source: "fixture".into(),
                })
                .collect(),
            cases,
            rounds: Vec::new(),
            drift: None,
        }
    };
    let mut paths = Vec::new();
    for night in [2, 0, 4, 1, 3] {
        let report = run(night);
        if night == 3 {
            let shards = dir.join("night-4");
            let (first, second) = report.cases.split_at(3);
            for (index, cases) in [first, second].into_iter().enumerate() {
                let shard = RunReport {
                    cases: cases.to_vec(),
                    ..report.clone()
                };
                let paths = reports::OutputPaths::default()
                    .with("ndjson", shards.join(format!("shard-{index}.ndjson")));
                reports::write_all(&shard, &paths).expect("write shard");
            }
            paths.push(shards);
        } else {
            let path = dir.join(format!("night-{}.ndjson", night + 1));
            let outputs = reports::OutputPaths::default().with("ndjson", path.clone());
            reports::write_all(&report, &outputs).expect("write run");
            paths.push(path);
        }
    }
    paths
}

/// Reads each path as one run (a directory's `*.ndjson` files together) and makes their
/// history.
pub fn history_of(paths: &[PathBuf]) -> reports::History {
    let runs = paths
        .iter()
        .map(|path| {
            let mut files: Vec<PathBuf> = if path.is_dir() {
                std::fs::read_dir(path)
                    .expect("read dir")
                    .map(|e| e.expect("entry").path())
                    .collect()
            } else {
                vec![path.clone()]
            };
            files.sort();
            reports::RunSummary::read(path.display().to_string(), &files).expect("read run")
        })
        .collect();
    reports::History::of(runs)
}

/// A fuzz campaign's report: the cases of [`failing_run`] and 14 rounds over 30 minutes, some
/// of them finding something new.
pub fn fuzz_campaign() -> RunReport {
    let mut run = failing_run();
    run.rounds = (1..=14u64)
        .map(|round| results::FuzzRound {
            round,
            ended_ms: round as f64 * 128_000.0,
            cases: 400 + (round * 37) % 90,
            failed: (round * 7) % 11,
            new_findings: u64::from(round % 4 == 1),
        })
        .collect();
    run
}

/// (a) Every case passes.
pub fn passing_run() -> RunReport {
    let mut signup = case(
        "signup::roundtrip::case_0000",
        Outcome::Passed,
        &[LOCALE_TYPE, SESSION_REQUIRED],
    );
    signup.exchanges = vec![exchange(
        "sign_up",
        "/signup/email-password",
        200,
        "{\"session\":{}}",
        81.5,
    )];
    RunReport {
        info: info(),
        rules: catalogue(),
        cases: vec![
            signup,
            case(
                "signup::roundtrip::case_0001",
                Outcome::Passed,
                &[LOCALE_TYPE, SESSION_REQUIRED],
            ),
            case("token::rotation::case_0000", Outcome::Passed, &[ROTATION]),
            case(
                "negative::error_shape::case_0000",
                Outcome::Passed,
                &[ERROR_SHAPE],
            ),
        ],
        rounds: Vec::new(),
        drift: None,
    }
}

/// (b) Failures (one with several findings, one with hostile text), an unexpected pass, and
/// passing cases.
pub fn failing_run() -> RunReport {
    let mut locale = case(
        "signup::roundtrip::case_0001",
        Outcome::Failed,
        &[LOCALE_TYPE, SESSION_REQUIRED],
    );
    locale.findings = vec![
        finding(
            LOCALE_TYPE,
            "/session/user/locale",
            "expected a string, got 42",
        ),
        finding(
            SESSION_REQUIRED,
            "/session",
            "missing property \"refreshTokenId\"",
        ),
    ];
    locale.minimal_input = Some(serde_json::json!({"email": "a@example.com", "locale": "en"}));
    locale.exchanges = vec![exchange(
        "sign_up",
        "/signup/email-password",
        200,
        r#"{"session":{"user":{"locale":42}}}"#,
        140.25,
    )];

    let mut hostile = case(
        "negative::error_shape::case_0003",
        Outcome::Failed,
        &[ERROR_SHAPE],
    );
    hostile.findings = vec![finding(
        ERROR_SHAPE,
        "",
        "body is not an error object: <script>document.title='pwned'</script> & \"quotes\" é",
    )];
    hostile.exchanges = vec![exchange(
        "sign_in",
        "/signin/email-password",
        500,
        "<html><script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\"></html>",
        512.0,
    )];

    let mut rotation = case(
        "token::rotation::case_0002",
        Outcome::UnexpectedPass {
            reason: "refresh tokens are not rotated yet (issue 12)".into(),
        },
        &[ROTATION],
    );
    rotation.exchanges = vec![exchange("refresh_token", "/token", 200, "{}", 33.0)];

    RunReport {
        info: info(),
        rules: catalogue(),
        cases: vec![
            case(
                "signup::roundtrip::case_0000",
                Outcome::Passed,
                &[LOCALE_TYPE, SESSION_REQUIRED],
            ),
            locale,
            hostile,
            case("token::rotation::case_0001", Outcome::Passed, &[ROTATION]),
            rotation,
        ],
        rounds: Vec::new(),
        drift: None,
    }
}

/// (c) Expected failures and not-covered cases, beside passing ones.
pub fn expected_run() -> RunReport {
    let mut sdk = case(
        "sdk::session_roundtrip::case_0000",
        Outcome::ExpectedFailure {
            reason: "the SDK drops unknown user fields".into(),
        },
        &[SESSION_REQUIRED],
    );
    sdk.findings = vec![finding(
        SESSION_REQUIRED,
        "/session/user",
        "missing property \"metadata\"",
    )];
    RunReport {
        info: info(),
        rules: catalogue(),
        cases: vec![
            case(
                "signup::roundtrip::case_0000",
                Outcome::Passed,
                &[LOCALE_TYPE],
            ),
            sdk,
            case(
                "anonymous::signin::case_0000",
                Outcome::NotCovered {
                    reason: "anonymous sign-in is disabled on the target".into(),
                },
                &[SESSION_REQUIRED],
            ),
            case(
                "anonymous::signin::case_0001",
                Outcome::NotCovered {
                    reason: "sign_up budget spent (10 per 5 minutes)".into(),
                },
                &[SESSION_REQUIRED],
            ),
        ],
        rounds: Vec::new(),
        drift: None,
    }
}
