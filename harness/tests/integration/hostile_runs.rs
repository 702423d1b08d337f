//! Whole runs against hostile targets: the reference server behind a layer that misbehaves in
//! one way per mode (echoes every secret it sees, answers escape characters and XML-forbidden
//! characters, huge bodies, duplicate keys). For each mode the run ends on its own, exits with a
//! documented code (never a panic), writes reports that a strict reader accepts, and no report,
//! case file or console line carries a secret the target saw.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{bin, temp_dir, workspace};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use reference_server::ServerConfig;
use serde_json::Value;

/// How the target misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Repeats the request (body and authorization) in a debug header of every answer, and in
    /// text/plain error bodies.
    EchoSecrets,
    /// Error answers become text with terminal escapes, NUL, BEL and XML-forbidden characters.
    EscapeCharacters,
    /// Error answers are 2 MiB of JSON (over the 1 MiB cap).
    HugeBodies,
    /// Every JSON answer repeats a key with a different value.
    DuplicateKeys,
}

#[derive(Clone)]
struct Hostile {
    mode: Mode,
    /// Every secret the target saw: passwords sent, tokens issued or presented.
    seen: Arc<Mutex<BTreeSet<String>>>,
}

fn learn(seen: &Mutex<BTreeSet<String>>, value: &Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if let (true, Some(s)) = (
                    matches!(k.as_str(), "password" | "accessToken" | "refreshToken"),
                    v.as_str(),
                ) {
                    if s.chars().count() >= suites::redact::MIN_SECRET_CHARS {
                        seen.lock().unwrap().insert(s.to_owned());
                    }
                }
                learn(seen, v);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| learn(seen, v)),
        _ => {}
    }
}

async fn misbehave(State(h): State<Hostile>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let sent = to_bytes(body, 1 << 20).await.unwrap_or_default();
    if let Ok(v) = serde_json::from_slice::<Value>(&sent) {
        learn(&h.seen, &v);
    }
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // Secrets under 4 characters are never searched for (suites::redact::MIN_SECRET_CHARS).
    if let Some(token) = bearer.as_deref().and_then(|b| b.strip_prefix("Bearer ")) {
        if token.chars().count() >= suites::redact::MIN_SECRET_CHARS {
            h.seen.lock().unwrap().insert(token.to_owned());
        }
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    let response = next
        .run(Request::from_parts(parts, Body::from(sent.clone())))
        .await;
    let (mut parts, body) = response.into_parts();
    let answer = to_bytes(body, 4 << 20).await.unwrap_or_default();
    if let Ok(v) = serde_json::from_slice::<Value>(&answer) {
        learn(&h.seen, &v);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    let failed = parts.status.is_client_error() || parts.status.is_server_error();
    let echoed = format!(
        "{} {}",
        String::from_utf8_lossy(&sent),
        bearer.unwrap_or_default()
    );
    let text = |parts: &mut axum::http::response::Parts| {
        parts
            .headers
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    };
    let body = match h.mode {
        Mode::EchoSecrets => {
            let header_safe: String = echoed
                .chars()
                .filter(|c| c.is_ascii_graphic() || *c == ' ')
                .collect();
            if let Ok(v) = HeaderValue::from_str(&header_safe) {
                parts.headers.insert("x-debug-request", v);
            }
            if failed {
                text(&mut parts);
                Body::from(format!("could not handle request {echoed}"))
            } else {
                Body::from(answer)
            }
        }
        Mode::EscapeCharacters if failed => {
            text(&mut parts);
            Body::from(
                "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[H0 failed\r\u{0}\u{fffe}\u{ffff}\u{1}\u{202e}evil"
                    .to_owned(),
            )
        }
        Mode::HugeBodies if failed => Body::from(format!("[{}0]", "0,".repeat(1 << 20))),
        Mode::DuplicateKeys if answer.first() == Some(&b'{') => {
            let mut doubled = b"{\"status\":1,\"status\":\"two\",".to_vec();
            doubled.extend_from_slice(&answer[1..]);
            if doubled.ends_with(b",}") {
                doubled.truncate(doubled.len() - 2);
                doubled.push(b'}');
            }
            Body::from(doubled)
        }
        _ => Body::from(answer),
    };
    Response::from_parts(parts, body)
}

fn serve(
    mode: Mode,
) -> (
    tokio::runtime::Runtime,
    SocketAddr,
    Arc<Mutex<BTreeSet<String>>>,
) {
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    let state = Hostile {
        mode,
        seen: Arc::clone(&seen),
    };
    let app = reference_server::app(ServerConfig::for_tests())
        .layer(middleware::from_fn_with_state(state, misbehave));
    let (rt, addr) = crate::common::serve(app);
    (rt, addr, seen)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn hostile_run(mode: Mode) {
    let (_rt, addr, seen) = serve(mode);
    let dir = temp_dir("hostile", &format!("{mode:?}"));
    let url = format!("http://ops:url-secret-pw@{addr}/v1");
    let child = bin()
        .args(["run", "--target", &url, "--cases", "2", "--out-dir"])
        .arg(&dir)
        .args(["--suite", "signup", "--suite", "token", "--suite", "user"])
        .args(["--suite", "signout", "--suite", "negative"])
        .env("NHOST_RATE_LIMIT", "0")
        .env("NHOST_NAMESPACE", format!("hostile{}", mode as u8))
        .env("NHOST_JWT_SECRET", reference_server::JwtConfig::TEST_SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The run must end on its own; a generous guard turns a hang into a failure, not a stall.
    let pid = child.id() as i32;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let out = match rx.recv_timeout(Duration::from_secs(240)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{mode:?}: the run did not end");
        }
    };
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1 | 3 | 5)),
        "{mode:?}: exit {code:?}\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{mode:?}: {stderr}");
    // Reports a strict reader accepts.
    let junit = dir.join("junit.xml");
    let read = Command::new("python3")
        .arg(workspace().join("reports/tests/read_junit.py"))
        .arg(&junit)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{mode:?}: {}",
        String::from_utf8_lossy(&read.stderr)
    );
    for line in std::fs::read_to_string(dir.join("results.ndjson"))
        .unwrap()
        .lines()
    {
        serde_json::from_str::<Value>(line).expect("every NDJSON line parses");
    }
    // No raw escape characters reach the console or the summaries.
    for (what, text) in [
        ("stderr", stderr.clone()),
        ("stdout", stdout.clone()),
        (
            "summary.md",
            std::fs::read_to_string(dir.join("summary.md")).unwrap(),
        ),
        (
            "summary.html",
            std::fs::read_to_string(dir.join("summary.html")).unwrap(),
        ),
    ] {
        let raw = text
            .chars()
            .find(|c| (c.is_control() && *c != '\n' && *c != '\t') || *c == '\u{202e}');
        assert!(raw.is_none(), "{mode:?}: raw {raw:?} in {what}");
    }
    // No secret the target saw, anywhere.
    let mut secrets: Vec<String> = seen.lock().unwrap().iter().cloned().collect();
    secrets.push("url-secret-pw".to_owned());
    secrets.push(reference_server::JwtConfig::TEST_SECRET.to_owned());
    assert!(
        secrets.len() > 3,
        "{mode:?}: the target saw the pool's passwords and tokens"
    );
    let mut texts = vec![("stderr".to_owned(), stderr), ("stdout".to_owned(), stdout)];
    for file in files_under(&dir) {
        texts.push((
            file.display().to_string(),
            String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned(),
        ));
    }
    if mode == Mode::EchoSecrets {
        // The echoes did reach the reports (masked), so the check below means something.
        let echoed = texts
            .iter()
            .any(|(_, t)| t.contains("could not handle request") && t.contains("[redacted#"));
        assert!(echoed, "the echoed requests are in the reports");
    }
    for (what, text) in &texts {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{mode:?}: {what} contains a secret ({} chars)",
                secret.len()
            );
        }
    }
}

#[test]
fn a_target_that_echoes_secrets_leaks_none() {
    hostile_run(Mode::EchoSecrets);
}

#[test]
fn a_target_that_answers_escape_characters_reaches_no_reader_raw() {
    hostile_run(Mode::EscapeCharacters);
}

#[test]
fn a_target_with_huge_error_bodies_is_judged_within_the_cap() {
    hostile_run(Mode::HugeBodies);
}

#[test]
fn a_target_that_repeats_keys_is_reported_not_crashed() {
    hostile_run(Mode::DuplicateKeys);
}
