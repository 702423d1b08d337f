//! Shared helpers: a quick config for the embedded server, and running a whole plan.

use harness::config::{RunConfig, TargetSpec};
use std::sync::Arc;

use harness::runner::{Engine, EngineOptions, RerunStyle};
use reference_server::{Fault, Profile};
use results::{CaseRecord, Outcome};

/// A small, fast run against the embedded server.
pub fn embedded(profile: Profile, contract: &str, faults: &[Fault], cases: usize) -> RunConfig {
    RunConfig {
        target: TargetSpec::Embedded {
            profile,
            faults: faults.to_vec(),
        },
        contract: contract.to_owned(),
        // The suites that judge the target (the `sdk` suite's stage is tested in `sdk.rs`).
        suites: suites::target_suites()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        cases,
        namespace: "itest".to_owned(),
        shrink_steps: 8,
        ..RunConfig::default()
    }
}

/// Starts the engine and runs every planned case, in plan order.
pub fn run(config: RunConfig) -> (Arc<Engine>, Vec<CaseRecord>) {
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::CargoTest)).expect("the run starts");
    engine.execute(2).expect("the run executes");
    let records = engine.finish(&|_| true, true).report.cases;
    (engine, records)
}

/// The failed cases.
pub fn failed(records: &[CaseRecord]) -> Vec<&CaseRecord> {
    records
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .collect()
}

/// A one-line-per-finding description of failures, for assertion messages.
pub fn describe(records: &[&CaseRecord]) -> String {
    records
        .iter()
        .flat_map(|r| {
            r.findings
                .iter()
                .map(move |f| format!("{} [{}] {} {}", r.name, f.rule, f.pointer, f.message))
        })
        .take(30)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The workspace root (where `conformance.toml` and the scripts are).
pub fn workspace() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The `nhost-conformance` binary, run in the workspace without any `NHOST_*` variable.
pub fn bin() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_nhost-conformance"));
    cmd.current_dir(workspace());
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("NHOST_")) {
        cmd.env_remove(k);
    }
    cmd
}

/// A fresh, empty directory `nc-{area}-{name}-{pid}` under the system temp dir.
pub fn temp_dir(area: &str, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nc-{area}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Python's junitparser reading `file` (the reports crate's reader script). Fails, never
/// skips, when the reader is missing.
pub fn read_junit(file: &std::path::Path) -> serde_json::Value {
    let out = std::process::Command::new("python3")
        .arg(workspace().join("reports/tests/read_junit.py"))
        .arg(file)
        .output()
        .expect("python3 runs (install the test tools with scripts/test-deps)");
    assert!(
        out.status.success(),
        "junitparser rejects {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Serves `app` on 127.0.0.1:0 on a runtime of its own; returns the runtime (keep it alive)
/// and the address.
pub fn serve(app: axum::Router) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, app).await });
    (rt, addr)
}

/// A loopback address nothing listens on any more: the port the OS picked for a listener that
/// is closed at once (a target that refuses every connection).
pub fn closed_addr() -> std::net::SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// A `nhost-conformance serve` process of its own, on a port the OS picked: the target of a
/// test run the way a team's CI meets it (a separate process, through a URL). Killed on drop.
pub struct ServeProcess {
    child: std::process::Child,
    /// Its base URL (`http://127.0.0.1:PORT/v1`).
    pub url: String,
}

impl ServeProcess {
    /// Starts `serve` with `args` and waits for the line that names its URL.
    pub fn start(args: &[&str]) -> Self {
        use std::io::BufRead;
        let mut child = bin()
            .arg("serve")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("serve prints its URL");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .filter(|u| u.starts_with("http://"))
            .unwrap_or_else(|| panic!("serve said {line:?}"))
            .to_owned();
        Self { child, url }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary run from `dir` (an empty folder under the system temp dir: no `conformance.toml`
/// in it or above it, as in a team's own folder) with no `NHOST_*` variable.
pub fn bin_in(dir: &std::path::Path) -> std::process::Command {
    let mut cmd = bin();
    cmd.current_dir(dir);
    cmd
}

/// The `{"type":"run"}` line of an NDJSON report.
pub fn run_line(ndjson: &std::path::Path) -> serde_json::Value {
    let text =
        std::fs::read_to_string(ndjson).unwrap_or_else(|e| panic!("{}: {e}", ndjson.display()));
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["type"] == "run")
        .unwrap_or_else(|| panic!("no run line in {}", ndjson.display()))
}

/// The `{"type":"case"}` lines of an NDJSON report.
pub fn case_lines(ndjson: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(ndjson)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["type"] == "case")
        .collect()
}
