//! [`Bridge`]: one long-lived Node process running `sdk-bridge/bridge.mjs` for one SDK line,
//! spoken to in JSON lines, one call at a time. Every call is bounded twice: the bridge races
//! the SDK against the call's timeout, and this side kills the process when no result line
//! arrives within that timeout plus [`HARD_MARGIN`] (an SDK that blocks its event loop). A
//! process that dies (an uncaught exception, the memory cap, a signal) or hangs is started
//! again on the next call; its last stderr lines say why it ended.

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout};

use super::install::BridgeDir;
use crate::errors::SdkError;

/// How much longer than a call's own timeout this side waits before it kills the bridge.
pub const HARD_MARGIN: Duration = Duration::from_secs(2);

/// How long a fresh bridge may take to load its SDK and answer `hello`.
pub const START_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest result line read from the bridge; a longer one kills it.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// Stderr lines of the bridge kept to explain a crash.
const STDERR_TAIL_LINES: usize = 12;

/// Exit code the bridge uses after an uncaught exception or unhandled rejection.
const EXIT_CRASH: i32 = 70;

/// Exit code the bridge uses when its memory passed the cap.
const EXIT_MEMORY: i32 = 71;

/// How a bridge is started.
#[derive(Debug, Clone)]
pub struct BridgeSettings {
    /// The prepared bridge folder and line.
    pub dir: BridgeDir,
    /// The Auth base URL the SDK client starts connected to.
    pub auth_url: String,
    /// The default per-call timeout.
    pub call_timeout: Duration,
    /// The memory cap in MiB: V8's old space, and the resident size checked after each call.
    pub memory_mib: u32,
    /// Extra environment for the process (tests switch on the bridge's test-only ops with
    /// `NHOST_SDK_BRIDGE_TEST_OPS=1`).
    pub env: Vec<(String, String)>,
}

/// Why a call produced no result line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeFailure {
    /// No result within the call's timeout plus [`HARD_MARGIN`]: the process was killed.
    Hung {
        /// How long this side waited.
        waited: Duration,
    },
    /// The process ended (an uncaught exception, the memory cap, a signal, a closed pipe).
    Crashed {
        /// How it ended (`uncaught exception (exit 70)`, `killed by signal 9`…).
        how: String,
        /// Its last stderr lines, joined with ` | `.
        stderr: String,
    },
    /// The bridge could not be started.
    Start(SdkError),
    /// The bridge answered something that is not the expected result line.
    Protocol(String),
}

impl std::fmt::Display for BridgeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BridgeFailure::Hung { waited } => write!(
                f,
                "the SDK bridge gave no answer within {:.1} s and was restarted",
                waited.as_secs_f64()
            ),
            BridgeFailure::Crashed { how, stderr } if stderr.is_empty() => {
                write!(f, "the SDK bridge died: {how}")
            }
            BridgeFailure::Crashed { how, stderr } => {
                write!(f, "the SDK bridge died: {how}; it said: {stderr}")
            }
            BridgeFailure::Start(e) => write!(f, "{e}"),
            BridgeFailure::Protocol(m) => write!(f, "the SDK bridge broke its protocol: {m}"),
        }
    }
}

/// A running bridge process.
struct Process {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    stderr: Arc<Mutex<VecDeque<String>>>,
    stderr_done: tokio::task::JoinHandle<()>,
    next_id: u64,
}

/// One SDK line's bridge, shared by every call of a run.
pub struct Bridge {
    settings: BridgeSettings,
    process: tokio::sync::Mutex<Option<Process>>,
    starts: AtomicU32,
    hello: OnceLock<Value>,
}

impl Bridge {
    /// A bridge that starts its process on the first call.
    pub fn new(settings: BridgeSettings) -> Self {
        Self {
            settings,
            process: tokio::sync::Mutex::new(None),
            starts: AtomicU32::new(0),
            hello: OnceLock::new(),
        }
    }

    /// The settings it was made with.
    pub fn settings(&self) -> &BridgeSettings {
        &self.settings
    }

    /// How many times a process was started (1 after the first call; more after restarts).
    pub fn starts(&self) -> u32 {
        self.starts.load(Ordering::Relaxed)
    }

    /// What the first process said to `hello`: the SDK, its line and version, Node's version.
    pub fn hello(&self) -> Option<&Value> {
        self.hello.get()
    }

    /// `@nhost/nhost-js 4.7.0`: the SDK and the version its lockfile pins.
    pub fn sdk_label(&self) -> String {
        super::install::sdk_label(self.settings.dir.line)
    }

    /// Starts the process now (when none runs), so that a missing tool or a broken install is
    /// reported before the run instead of on its first case.
    pub async fn start(&self) -> Result<(), BridgeFailure> {
        let mut guard = self.process.lock().await;
        self.running(&mut guard).await.map(|_| ())
    }

    /// The running process, started when there is none.
    async fn running<'a>(
        &self,
        slot: &'a mut Option<Process>,
    ) -> Result<&'a mut Process, BridgeFailure> {
        if slot.is_none() {
            *slot = Some(self.spawn().await?);
        }
        slot.as_mut()
            .ok_or_else(|| BridgeFailure::Protocol("no process".into()))
    }

    /// Sends one command and waits for its result line. `timeout` is the call's own bound (the
    /// bridge answers `timeout: true` when the SDK takes longer).
    pub async fn call(
        &self,
        op: &str,
        args: Value,
        timeout: Duration,
    ) -> Result<Value, BridgeFailure> {
        let mut guard = self.process.lock().await;
        let process = self.running(&mut guard).await?;
        let id = process.next_id;
        process.next_id += 1;
        let timeout_ms = u64::try_from(timeout.as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let command = json!({"id": id, "op": op, "args": args, "timeoutMs": timeout_ms});
        let waited = timeout + HARD_MARGIN;
        let result = match tokio::time::timeout(waited, exchange(process, &command)).await {
            Err(_) => Err(BridgeFailure::Hung { waited }),
            Ok(Err(Ended)) => Err(BridgeFailure::Crashed {
                how: String::new(),
                stderr: String::new(),
            }),
            Ok(Ok(line)) => match serde_json::from_slice::<Value>(&line) {
                Ok(reply) if reply.get("id") == Some(&json!(id)) => Ok(reply),
                Ok(reply) => Err(BridgeFailure::Protocol(format!(
                    "expected the result of call {id}, got {}",
                    clip(&reply.to_string())
                ))),
                Err(e) => Err(BridgeFailure::Protocol(format!(
                    "a result line is not JSON ({e}): {}",
                    clip(&String::from_utf8_lossy(&line))
                ))),
            },
        };
        match result {
            Ok(reply) => Ok(reply),
            Err(failure) => {
                // Whatever went wrong, this process is done: the next call starts a fresh one.
                let process = guard.take();
                Err(match (failure, process) {
                    (BridgeFailure::Crashed { .. }, Some(p)) => ended(p).await,
                    (failure, Some(p)) => {
                        kill(p).await;
                        failure
                    }
                    (failure, None) => failure,
                })
            }
        }
    }

    async fn spawn(&self) -> Result<Process, BridgeFailure> {
        let s = &self.settings;
        let start = |reason: String| BridgeFailure::Start(SdkError::Start(reason));
        let mut child = tokio::process::Command::new("node")
            .arg(format!("--max-old-space-size={}", s.memory_mib))
            .arg(s.dir.script())
            .args(["--sdk", s.dir.line.name(), "--auth-url", &s.auth_url])
            .arg("--timeout-ms")
            .arg(s.call_timeout.as_millis().max(1).to_string())
            .arg("--max-rss-mb")
            .arg(s.memory_mib.to_string())
            .envs(s.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| start(format!("cannot run node: {e}")))?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(start("the process has no pipes".into()));
        };
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let sink = Arc::clone(&tail);
        // Kept only to explain a crash (and scrubbed there): an SDK may log the tokens it holds,
        // so its stderr is never logged as it is.
        let stderr_done = tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let mut tail = sink.lock().unwrap_or_else(|e| e.into_inner());
                if tail.len() == STDERR_TAIL_LINES {
                    tail.pop_front();
                }
                tail.push_back(clip(&line));
            }
        });
        self.starts.fetch_add(1, Ordering::Relaxed);
        let mut process = Process {
            child,
            stdin,
            stdout: BufReader::new(stdout),
            stderr: tail,
            stderr_done,
            next_id: 1,
        };
        let hello = json!({"id": 0, "op": "hello", "args": {}});
        let answer = match tokio::time::timeout(START_TIMEOUT, exchange(&mut process, &hello)).await
        {
            Ok(Ok(line)) => serde_json::from_slice::<Value>(&line).ok(),
            Ok(Err(Ended)) => {
                let failure = ended(process).await;
                return Err(start(failure.to_string()));
            }
            Err(_) => {
                kill(process).await;
                return Err(start(format!(
                    "no answer to `hello` within {} s",
                    START_TIMEOUT.as_secs()
                )));
            }
        };
        match answer {
            Some(reply) if reply["ok"] == json!(true) => {
                // The installed SDK must be the one the lockfile pins (a hand-edited cache is not).
                let pinned = super::install::pinned_version(s.dir.line);
                let running = reply["body"]["version"].as_str().unwrap_or("unknown");
                if running != pinned {
                    kill(process).await;
                    return Err(start(format!(
                        "the installed SDK is @nhost/nhost-js {running}, the lockfile pins {pinned} (remove {} to reinstall)",
                        s.dir.dir.display()
                    )));
                }
                let _ = self.hello.set(reply["body"].clone());
                Ok(process)
            }
            other => {
                kill(process).await;
                Err(start(format!(
                    "unexpected answer to `hello`: {}",
                    other.map_or_else(|| "not JSON".to_owned(), |v| clip(&v.to_string()))
                )))
            }
        }
    }
}

/// The process closed its stdout.
struct Ended;

/// Writes a command line and reads one line back (at most [`MAX_LINE_BYTES`]).
async fn exchange(process: &mut Process, command: &Value) -> Result<Vec<u8>, Ended> {
    let mut line = command.to_string().into_bytes();
    line.push(b'\n');
    process.stdin.write_all(&line).await.map_err(|_| Ended)?;
    process.stdin.flush().await.map_err(|_| Ended)?;
    read_line_capped(&mut process.stdout, MAX_LINE_BYTES).await
}

/// One `\n`-terminated line without its terminator; a line longer than `max` ends the process's
/// usefulness like a closed pipe.
async fn read_line_capped(
    reader: &mut BufReader<ChildStdout>,
    max: usize,
) -> Result<Vec<u8>, Ended> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().await.map_err(|_| Ended)?;
        if buf.is_empty() {
            return Err(Ended);
        }
        match buf.iter().position(|b| *b == b'\n') {
            Some(end) => {
                line.extend_from_slice(&buf[..end]);
                reader.consume(end + 1);
                return Ok(line);
            }
            None => {
                let n = buf.len();
                line.extend_from_slice(buf);
                reader.consume(n);
                if line.len() > max {
                    return Err(Ended);
                }
            }
        }
    }
}

/// Kills a process and waits (briefly) for it.
async fn kill(mut process: Process) {
    let _ = process.child.start_kill();
    let _ = tokio::time::timeout(Duration::from_secs(5), process.child.wait()).await;
    process.stderr_done.abort();
}

/// Collects how a process that closed its stdout ended, and its last stderr lines.
async fn ended(mut process: Process) -> BridgeFailure {
    let status = match tokio::time::timeout(Duration::from_secs(5), process.child.wait()).await {
        Ok(Ok(status)) => Some(status),
        _ => {
            let _ = process.child.start_kill();
            let _ = process.child.wait().await;
            None
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), &mut process.stderr_done).await;
    let how = match status {
        None => "it closed its output and was killed".to_owned(),
        Some(s) => match s.code() {
            Some(EXIT_CRASH) => format!("an uncaught exception (exit {EXIT_CRASH})"),
            Some(EXIT_MEMORY) => format!("its memory passed the cap (exit {EXIT_MEMORY})"),
            Some(code) => format!("exit {code}"),
            None => {
                use std::os::unix::process::ExitStatusExt;
                s.signal()
                    .map_or_else(|| s.to_string(), |n| format!("killed by signal {n}"))
            }
        },
    };
    let stderr = process
        .stderr
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .cloned()
        .collect::<Vec<_>>()
        .join(" | ");
    BridgeFailure::Crashed { how, stderr }
}

/// At most 2,000 characters of a text, for messages.
fn clip(text: &str) -> String {
    const MAX: usize = 2000;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
