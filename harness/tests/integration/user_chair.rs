//! From the user's chair: the binary run from an empty folder (no `conformance.toml`), against a
//! separate `serve` process through a URL, the way a team's CI runs it.

use std::path::Path;
use std::process::Output;

use crate::common::{
    bin_in, case_lines, closed_addr, read_junit, run_line, temp_dir, ServeProcess,
};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every case line of a report whose outcome is `kind`.
fn with_outcome<'a>(cases: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    cases
        .iter()
        .filter(|c| c["outcome"]["kind"] == kind || c["outcome"] == kind)
        .collect()
}

fn totals(dir: &Path) -> serde_json::Value {
    run_line(&dir.join("nhost-conformance-report/results.ndjson"))["totals"].clone()
}

#[test]
fn a_conforming_server_passes_from_an_empty_folder_with_no_setting() {
    let server = ServeProcess::start(&["--anonymous", "--rs256"]);
    let dir = temp_dir("chair", "conforming");
    let out = bin_in(&dir)
        .args(["run", "--target", &server.url])
        .output()
        .unwrap();
    let err = stderr(&out);
    let t = totals(&dir);
    assert_eq!(out.status.code(), Some(0), "{t}\n{err}");
    assert_eq!(t["failed"], 0, "{err}");
    assert_eq!(t["not_covered"], 0, "{err}");
    assert_eq!(t["not_run"], 0, "{err}");
    assert!(t["passed"].as_u64().unwrap() > 100, "{t}");
    assert!(
        err.contains("expectation sets in force: nhost-js-v3, published-schema"),
        "the header names the built-in sets: {err}"
    );
    let sdk_cases = case_lines(&dir.join("nhost-conformance-report/results.ndjson"))
        .into_iter()
        .filter(|c| c["suite"] == "sdk")
        .count();
    assert_eq!(sdk_cases, 0, "the default plan judges the target only");

    // The same through the libtest front-end (what `cargo test -p harness --test conformance`
    // runs), with only the two variables a team sets.
    let trials = bin_in(&dir)
        .arg("trials")
        .env("NHOST_AUTH_URL", &server.url)
        .env("NHOST_ALLOW_WRITES", "1")
        .output()
        .unwrap();
    let out_text = String::from_utf8_lossy(&trials.stdout);
    assert_eq!(
        trials.status.code(),
        Some(0),
        "{}\n{}",
        out_text
            .lines()
            .filter(|l| l.contains("FAILED"))
            .take(20)
            .collect::<Vec<_>>()
            .join("\n"),
        stderr(&trials)
    );
    assert!(out_text.contains("test result: ok"), "{out_text}");
    assert!(!out_text.contains("FAILED"), "{out_text}");
}

#[test]
fn a_rate_limited_server_slows_the_run_and_a_deadline_ends_it_coverage_first() {
    // The service's shape (sign-ups and sign-ins limited apart, no Retry-After), shrunk for a
    // test: three of each per 3 s window. The run needs about 20 sign-ins, so however slow the
    // machine, it meets the limit many times.
    let server = ServeProcess::start(&[
        "--anonymous",
        "--rs256",
        "--rate-limit",
        "sign_up=3/3,sign_in=3/3",
    ]);
    let dir = temp_dir("chair", "ratelimited");
    let suites = ["--suite", "signup", "--suite", "signin", "--suite", "token"];
    let out = bin_in(&dir)
        .args(["run", "--target", &server.url, "--cases", "2"])
        .args(suites)
        .output()
        .unwrap();
    let err = stderr(&out);
    let ndjson = dir.join("nhost-conformance-report/results.ndjson");
    let run = run_line(&ndjson);
    let t = &run["totals"];
    assert_eq!(t["failed"], 0, "no case fails because of our speed: {err}");
    assert_eq!(t["not_covered"], 0, "the cases waited instead: {err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    let traffic = &run["info"]["traffic"];
    let throttled: u64 = traffic["throttled"]
        .as_object()
        .map(|m| m.values().filter_map(serde_json::Value::as_u64).sum())
        .unwrap_or(0);
    assert!(throttled > 0, "the server did answer 429: {traffic}");
    assert!(
        traffic["slowest_per_sec"].as_f64().is_some(),
        "the pace it chose is reported: {traffic}"
    );
    assert!(
        err.contains("answer(s) 429") && err.contains("requests/s"),
        "the terminal says how many 429s came and the pace: {err}"
    );

    // The same with a bound it cannot meet: it ends on time, coverage first, exit 5, naming
    // what was left and the flag that would cover it.
    let dir = temp_dir("chair", "deadline");
    let out = bin_in(&dir)
        .args([
            "run",
            "--target",
            &server.url,
            "--cases",
            "6",
            "--jobs",
            "1",
        ])
        .args(["--max-duration", "6"])
        .args(suites)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    let ndjson = dir.join("nhost-conformance-report/results.ndjson");
    let run = run_line(&ndjson);
    assert!(
        run["info"]["duration_ms"].as_f64().unwrap() < (6.0 + 3.0 + 10.0) * 1000.0,
        "the run ended at its bound (plus the grace period): {run}"
    );
    let cases = case_lines(&ndjson);
    let left = with_outcome(&cases, "not_covered");
    assert!(!left.is_empty(), "the bound left cases out: {err}");
    for case in &left {
        let reason = case["outcome"]["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("--max-duration"), "{reason}");
    }
    // Coverage first: what was left out is the end of the plan, in plan order.
    let listed = bin_in(&dir)
        .args(["run", "--list", "--target", &server.url, "--cases", "6"])
        .args(suites)
        .output()
        .unwrap();
    let plan: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        plan.len(),
        cases.len(),
        "every planned case is in the report"
    );
    let left_names: std::collections::BTreeSet<&str> =
        left.iter().filter_map(|c| c["name"].as_str()).collect();
    let tail = &plan[plan.len() - left_names.len()..];
    assert!(
        tail.iter().all(|n| left_names.contains(n.as_str())),
        "the cases left out are the end of the plan: {left_names:?}"
    );
}

#[test]
fn without_node_the_default_run_passes_and_the_sdk_suite_says_what_it_needs() {
    let server = ServeProcess::start(&["--anonymous", "--rs256"]);
    let dir = temp_dir("chair", "nonode");
    let empty_path = temp_dir("chair", "nonode-path");
    let out = bin_in(&dir)
        .args(["run", "--target", &server.url, "--cases", "2"])
        .env("PATH", &empty_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = bin_in(&dir)
        .args(["run", "--suite", "sdk"])
        .env("PATH", &empty_path)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: ") && last.contains("node") && last.contains("Node.js 20"),
        "{err}"
    );
}

#[test]
fn a_run_that_cannot_start_still_leaves_reports_that_say_why() {
    let unreachable = format!("http://{}/v1", closed_addr());
    for (name, args, code, why) in [
        (
            "unreachable",
            vec!["--target", unreachable.as_str(), "--timeout", "2"],
            3,
            "unreachable",
        ),
        (
            "badcontract",
            vec!["--contract", "/nonexistent/schema.json"],
            2,
            "/nonexistent/schema.json",
        ),
        (
            "refusedwrite",
            vec!["--target", "https://example.invalid/v1"],
            2,
            "--allow-writes",
        ),
    ] {
        let dir = temp_dir("chair", name);
        let out = bin_in(&dir).arg("run").args(&args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{name}: {err}");
        let reports = dir.join("nhost-conformance-report");
        let junit = read_junit(&reports.join("junit.xml"));
        assert_eq!(junit["totals"]["tests"], 1, "{name}: {junit}");
        assert_eq!(junit["totals"]["errors"], 1, "{name}: {junit}");
        let case = &junit["cases"]["nhost-conformance::start"];
        assert!(
            case["message"].as_str().unwrap_or_default().contains(why),
            "{name}: {case}"
        );
        // Markdown escapes punctuation: compare the text without its backslashes.
        let summary = std::fs::read_to_string(reports.join("summary.md"))
            .unwrap()
            .replace('\\', "");
        assert!(
            summary.contains("could not start") && summary.contains(why),
            "{name}: {summary}"
        );
        let html = std::fs::read_to_string(reports.join("summary.html")).unwrap();
        assert!(html.contains("could not start"), "{name}");
        let run = run_line(&reports.join("results.ndjson"));
        assert_eq!(run["verdict"], "not_started", "{name}: {run}");
        assert!(run["info"]["not_started"].as_str().unwrap().contains(why));
    }
}

#[test]
fn replay_is_about_case_files_and_a_missing_one_says_so() {
    let dir = temp_dir("chair", "replayhelp");
    let help = bin_in(&dir).args(["replay", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.contains("FILE.case.json"), "{text}");
    let out = bin_in(&dir)
        .args(["replay", "cases/nope.case.json"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim(), "error: no such file: cases/nope.case.json");
}

#[test]
fn the_built_in_expectation_sets_are_listed_with_their_reasons() {
    let dir = temp_dir("chair", "sets");
    let out = bin_in(&dir).arg("expectations").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for name in ["published-schema", "nhost-js-v3", "published-vs-deployed"] {
        assert!(text.contains(name), "{text}");
    }
    assert!(text.contains("is not a UUID"), "reasons are listed: {text}");
}

#[test]
fn a_second_nightly_campaign_explores_and_its_summary_agrees_with_its_exit() {
    let server = ServeProcess::start(&["--anonymous", "--rs256", "--fault", "no-refresh-rotation"]);
    let dir = temp_dir("chair", "fuzz");
    let campaign = || {
        let out = bin_in(&dir)
            .args(["fuzz", "--duration", "60s", "--target", &server.url])
            .args(["--suite", "token", "--suite", "signout", "--cases", "4"])
            .output()
            .unwrap();
        let err = stderr(&out);
        let reports = dir.join("nhost-conformance-report");
        let verdict = run_line(&reports.join("results.ndjson"))["verdict"].clone();
        let summary = std::fs::read_to_string(reports.join("summary.md")).unwrap();
        (out.status.code(), err, verdict, summary)
    };
    let agree =
        |code: Option<i32>, verdict: &serde_json::Value, summary: &str, err: &str| match code {
            Some(0) => {
                assert_eq!(verdict, "passed", "{err}");
                assert!(summary.contains("nhost-conformance passed"), "{summary}");
            }
            Some(1) => {
                assert_eq!(verdict, "failed", "{err}");
                assert!(summary.contains("nhost-conformance failed"), "{summary}");
            }
            other => panic!("exit {other:?}: {err}"),
        };
    let (code, err, verdict, summary) = campaign();
    assert_eq!(code, Some(1), "the fault is found: {err}");
    agree(code, &verdict, &summary, &err);

    let (code, err, verdict, summary) = campaign();
    agree(code, &verdict, &summary, &err);
    let phases = err
        .lines()
        .find_map(|l| l.strip_prefix("fuzz: corpus replay "))
        .unwrap_or_else(|| panic!("no phase line: {err}"));
    let secs: Vec<f64> = phases
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|n| n.parse().ok())
        .collect();
    let (replay, rounds) = (secs[0], secs[1]);
    assert!(replay > 0.0, "the corpus was replayed: {err}");
    assert!(
        rounds >= (replay + rounds) / 2.0,
        "at least half the campaign explores: replay {replay} s, rounds {rounds} s\n{err}"
    );
    assert!(
        summary.contains("expected failures") || summary.contains("Expected failures"),
        "the known failures show as expected: {summary}"
    );
}
