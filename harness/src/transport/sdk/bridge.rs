//! [`Bridge`]: one long-lived Node process running `sdk-bridge/bridge.mjs` for one SDK line,
//! spoken to in JSON lines, one call at a time. Every call is bounded twice: the bridge races
//! the SDK against the call's timeout, and this side kills the process when no result line
//! arrives within that timeout plus [`HARD_MARGIN`] (an SDK that blocks its event loop). A
//! process that dies (an uncaught exception, the memory cap, a signal), hangs or writes a result
//! line over [`MAX_LINE_BYTES`] is started again on the next call; its last stderr lines say why
//! it ended. After a timeout answer the call also waits (bounded) for the bridge's replacement
//! SDK worker, so reloading the SDK never counts against the next call.

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{json, Value};
use suites::json::clipped;
use suites::redact;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncWriteExt, BufReader};
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

/// Bytes read of one stderr line; the rest of a longer line is read and dropped.
const STDERR_LINE_BYTES: usize = 8 << 10;

/// Characters of a reply or a stderr line shown in a message.
const CLIP_CHARS: usize = 2000;

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
    /// Start a replacement process in the background as soon as one ends (a crash, a hang, the
    /// memory cap), its SDK loaded and connected, so the next call does not wait for Node to
    /// start: a crash then costs the next call almost nothing.
    pub spare: bool,
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

/// A process starting in the background: the spare of [`BridgeSettings::spare`].
type Starting = tokio::task::JoinHandle<Result<Process, BridgeFailure>>;

/// One SDK line's bridge, shared by every call of a run.
pub struct Bridge {
    settings: BridgeSettings,
    process: tokio::sync::Mutex<Option<Process>>,
    spare: Mutex<Option<Starting>>,
    starts: Arc<AtomicU32>,
    hello: Arc<OnceLock<Value>>,
}

impl Drop for Bridge {
    fn drop(&mut self) {
        // A spare still starting is stopped; one that started is dropped with its task's output,
        // which kills it.
        if let Some(spare) = self.spare.lock().unwrap_or_else(|e| e.into_inner()).take() {
            spare.abort();
        }
    }
}

impl Bridge {
    /// A bridge that starts its process on the first call.
    pub fn new(settings: BridgeSettings) -> Self {
        Self {
            settings,
            process: tokio::sync::Mutex::new(None),
            spare: Mutex::new(None),
            starts: Arc::new(AtomicU32::new(0)),
            hello: Arc::new(OnceLock::new()),
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
        if guard.is_none() {
            *guard = Some(self.fresh().await?);
        }
        Ok(())
    }

    /// Sends one command and waits for its result line. `timeout` is the call's own bound (the
    /// bridge answers `timeout: true` when the SDK takes longer).
    ///
    /// The process is taken out of its slot for the call and put back only when the call ends
    /// well: on any failure (or when the call is dropped) it is killed, and the next call starts
    /// a fresh one.
    pub async fn call(
        &self,
        op: &str,
        args: Value,
        timeout: Duration,
    ) -> Result<Value, BridgeFailure> {
        let mut guard = self.process.lock().await;
        let mut process = match guard.take() {
            Some(process) => process,
            None => self.fresh().await?,
        };
        let id = process.take_id();
        let timeout_ms = u64::try_from(timeout.as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let command = json!({"id": id, "op": op, "args": args, "timeoutMs": timeout_ms});
        let waited = timeout + HARD_MARGIN;
        let failure = match tokio::time::timeout(waited, exchange(&mut process, &command)).await {
            Ok(Ok(line)) => match reply_to(id, &line) {
                Ok(reply) => {
                    if reply["timeout"] == json!(true) && !self.await_worker(&mut process).await {
                        kill(process).await;
                        self.start_spare();
                    } else {
                        *guard = Some(process);
                    }
                    return Ok(reply);
                }
                Err(failure) => failure,
            },
            Ok(Err(Broken::Ended)) => {
                self.start_spare();
                return Err(ended(process).await);
            }
            Ok(Err(Broken::TooLong)) => too_long(),
            Err(_) => BridgeFailure::Hung { waited },
        };
        self.start_spare();
        kill(process).await;
        Err(failure)
    }

    /// A process for the next call: the spare when one is starting or ready (waiting for it to
    /// be ready), else a new one.
    async fn fresh(&self) -> Result<Process, BridgeFailure> {
        let spare = self.spare.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(Ok(Ok(process))) = match spare {
            Some(starting) => Some(starting.await),
            None => None,
        } {
            return Ok(process);
        }
        self.spawn().await
    }

    /// With [`BridgeSettings::spare`], starts a process in the background for the next call
    /// (none when one is already starting).
    fn start_spare(&self) {
        if !self.settings.spare {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let mut spare = self.spare.lock().unwrap_or_else(|e| e.into_inner());
        if spare.is_none() {
            let (settings, starts, hello) = (
                self.settings.clone(),
                Arc::clone(&self.starts),
                Arc::clone(&self.hello),
            );
            *spare = Some(runtime.spawn(async move {
                let mut process = spawn(&settings, &starts, &hello).await?;
                // Ready means loaded and connected: the next call then pays for neither.
                let id = process.take_id();
                let ready = json!({"id": id, "op": "ready", "args": {}});
                match tokio::time::timeout(START_TIMEOUT, exchange(&mut process, &ready)).await {
                    Ok(Ok(line)) if reply_to(id, &line).is_ok() => Ok(process),
                    _ => {
                        kill(process).await;
                        Err(BridgeFailure::Start(SdkError::Start(
                            "a spare bridge did not get ready".to_owned(),
                        )))
                    }
                }
            }));
        }
    }

    /// After a timeout the bridge replaces its SDK worker (loading the SDK again and connecting
    /// it): waits for that with a bound of its own, so the reload never counts against the next
    /// call's limit. False when the bridge gave no good answer in time (the caller kills it); a
    /// bridge that ended meanwhile counts as settled, so the next call reports how it ended.
    async fn await_worker(&self, process: &mut Process) -> bool {
        let id = process.take_id();
        let command = json!({"id": id, "op": "ready", "args": {}});
        let bound = START_TIMEOUT + self.settings.call_timeout + HARD_MARGIN;
        match tokio::time::timeout(bound, exchange(process, &command)).await {
            Ok(Ok(line)) => reply_to(id, &line).is_ok_and(|reply| reply["ok"] == json!(true)),
            Ok(Err(Broken::Ended)) => true,
            Ok(Err(Broken::TooLong)) | Err(_) => false,
        }
    }

    async fn spawn(&self) -> Result<Process, BridgeFailure> {
        spawn(&self.settings, &self.starts, &self.hello).await
    }
}

/// Starts a bridge process with `settings` and checks what it says to `hello` (counted in
/// `starts`; the first answer kept in `hello`).
async fn spawn(
    settings: &BridgeSettings,
    starts: &AtomicU32,
    hello_seen: &OnceLock<Value>,
) -> Result<Process, BridgeFailure> {
    let s = settings;
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
    // Kept only to explain a crash (and scrubbed there): an SDK may log the tokens it holds,
    // so its stderr is never logged as it is.
    let stderr_done = tokio::spawn(drain_stderr(stderr, Arc::clone(&tail)));
    starts.fetch_add(1, Ordering::Relaxed);
    let mut process = Process {
        child,
        stdin,
        stdout: BufReader::new(stdout),
        stderr: tail,
        stderr_done,
        next_id: 1,
    };
    let hello = json!({"id": 0, "op": "hello", "args": {}});
    let answer = match tokio::time::timeout(START_TIMEOUT, exchange(&mut process, &hello)).await {
        Ok(Ok(line)) => serde_json::from_slice::<Value>(&line).ok(),
        Ok(Err(Broken::Ended)) => {
            let failure = ended(process).await;
            return Err(start(failure.to_string()));
        }
        Ok(Err(Broken::TooLong)) => {
            kill(process).await;
            return Err(start(too_long().to_string()));
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
            let _ = hello_seen.set(reply["body"].clone());
            Ok(process)
        }
        other => {
            kill(process).await;
            Err(start(format!(
                "unexpected answer to `hello`: {}",
                other.map_or_else(
                    || "not JSON".to_owned(),
                    |v| clipped(&redact::json(&v), CLIP_CHARS)
                )
            )))
        }
    }
}

impl Process {
    /// The id for the next command.
    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// Why no result line could be read.
#[derive(Debug, PartialEq, Eq)]
enum Broken {
    /// The process closed its stdout (or its stdin).
    Ended,
    /// A line passed [`MAX_LINE_BYTES`]: the process is alive but useless.
    TooLong,
}

/// The failure for a result line over [`MAX_LINE_BYTES`].
fn too_long() -> BridgeFailure {
    BridgeFailure::Protocol(format!(
        "a result line passed the {} MiB cap; the bridge was killed",
        MAX_LINE_BYTES >> 20
    ))
}

/// The reply a result line holds, when it is JSON with the expected `id`. The messages quote the
/// line with its secrets masked by key and JWT shape.
fn reply_to(id: u64, line: &[u8]) -> Result<Value, BridgeFailure> {
    match serde_json::from_slice::<Value>(line) {
        Ok(reply) if reply.get("id") == Some(&json!(id)) => Ok(reply),
        Ok(reply) => Err(BridgeFailure::Protocol(format!(
            "expected the result of call {id}, got {}",
            clipped(&redact::json(&reply), CLIP_CHARS)
        ))),
        Err(e) => Err(BridgeFailure::Protocol(format!(
            "a result line is not JSON ({e}): {}",
            clip(&redact::text(&String::from_utf8_lossy(line), &[]))
        ))),
    }
}

/// Writes a command line and reads one line back (at most [`MAX_LINE_BYTES`]).
async fn exchange(process: &mut Process, command: &Value) -> Result<Vec<u8>, Broken> {
    let mut line = command.to_string().into_bytes();
    line.push(b'\n');
    process
        .stdin
        .write_all(&line)
        .await
        .map_err(|_| Broken::Ended)?;
    process.stdin.flush().await.map_err(|_| Broken::Ended)?;
    read_line_capped(&mut process.stdout, MAX_LINE_BYTES).await
}

/// One `\n`-terminated line without its terminator. Reading stops as soon as the line passes
/// `max` bytes ([`Broken::TooLong`]); an end of output or a read error is [`Broken::Ended`].
async fn read_line_capped<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    max: usize,
) -> Result<Vec<u8>, Broken> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().await.map_err(|_| Broken::Ended)?;
        if buf.is_empty() {
            return Err(Broken::Ended);
        }
        let (part, used, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(end) => (&buf[..end], end + 1, true),
            None => (buf, buf.len(), false),
        };
        line.extend_from_slice(part);
        reader.consume(used);
        if line.len() > max {
            return Err(Broken::TooLong);
        }
        if done {
            return Ok(line);
        }
    }
}

/// Reads one `\n`-terminated line into `line` (cleared first), keeping at most `max` bytes of it
/// and reading past the rest. Returns the bytes consumed: 0 at the end of the stream.
async fn read_line_prefix<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<usize> {
    line.clear();
    let mut consumed = 0;
    loop {
        let buf = reader.fill_buf().await?;
        if buf.is_empty() {
            return Ok(consumed);
        }
        let (part, used, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(end) => (&buf[..end], end + 1, true),
            None => (buf, buf.len(), false),
        };
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&part[..part.len().min(room)]);
        reader.consume(used);
        consumed += used;
        if done {
            return Ok(consumed);
        }
    }
}

/// Reads the bridge's stderr to its end (so the bridge never writes into a full or closed pipe),
/// keeping the last [`STDERR_TAIL_LINES`] lines: each cut to [`STDERR_LINE_BYTES`] bytes, decoded
/// lossily, JWT-shaped words and secret JSON values masked, clipped for messages.
async fn drain_stderr<R: AsyncRead + Unpin>(stderr: R, tail: Arc<Mutex<VecDeque<String>>>) {
    /// Read errors in a row after which the pipe is taken as gone.
    const MAX_ERRORS: u32 = 16;
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::with_capacity(STDERR_LINE_BYTES);
    let mut errors = 0;
    loop {
        match read_line_prefix(&mut reader, &mut line, STDERR_LINE_BYTES).await {
            Ok(0) => return,
            Ok(_) => errors = 0,
            Err(_) if errors < MAX_ERRORS => {
                errors += 1;
                tokio::task::yield_now().await;
                continue;
            }
            Err(_) => return,
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let text = clip(&redact::text(&String::from_utf8_lossy(&line), &[]));
        let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
        if tail.len() == STDERR_TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(text);
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

/// At most [`CLIP_CHARS`] characters of a text, ending with `…` when cut, for messages (JSON
/// values go through [`clipped`], which cuts the same way).
fn clip(text: &str) -> String {
    results::text::truncate(text, CLIP_CHARS)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::super::line::SdkLine;
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";

    #[tokio::test]
    async fn a_line_over_the_cap_is_too_long_not_an_end() {
        let mut reader: &[u8] = b"12345\n123456\n1234567";
        assert_eq!(
            read_line_capped(&mut reader, 6).await,
            Ok(b"12345".to_vec())
        );
        assert_eq!(
            read_line_capped(&mut reader, 6).await,
            Ok(b"123456".to_vec())
        );
        assert_eq!(read_line_capped(&mut reader, 6).await, Err(Broken::TooLong));
        let mut empty: &[u8] = b"";
        assert_eq!(read_line_capped(&mut empty, 6).await, Err(Broken::Ended));
        // Small buffers: the cap holds across many reads.
        let long = [b'a'; 100];
        let mut small = BufReader::with_capacity(7, &long[..]);
        assert_eq!(read_line_capped(&mut small, 50).await, Err(Broken::TooLong));
    }

    #[tokio::test]
    async fn stderr_is_drained_to_its_end_with_long_and_broken_lines_cut() {
        let mut input = Vec::new();
        input.extend_from_slice(b"first\r\n");
        input.extend(std::iter::repeat_n(b'x', 1 << 20));
        input.extend_from_slice(b"\n\xff\xfe not utf-8\n");
        input.extend_from_slice(format!("token {JWT}\n").as_bytes());
        for i in 0..STDERR_TAIL_LINES - 4 {
            input.extend_from_slice(format!("line {i}\n").as_bytes());
        }
        input.extend_from_slice(b"last, no newline");
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let reader = BufReader::with_capacity(1000, &input[..]);
        tokio::time::timeout(
            Duration::from_secs(10),
            drain_stderr(reader, Arc::clone(&tail)),
        )
        .await
        .expect("drained to the end");
        let tail: Vec<String> = tail.lock().unwrap().iter().cloned().collect();
        assert_eq!(tail.len(), STDERR_TAIL_LINES, "{tail:?}");
        assert_eq!(tail[0], format!("{}…", "x".repeat(CLIP_CHARS - 1)));
        assert!(tail[1].ends_with(" not utf-8") && tail[1].contains('\u{fffd}'));
        assert!(tail[2].starts_with("token [redacted#"), "{}", tail[2]);
        assert_eq!(tail[STDERR_TAIL_LINES - 1], "last, no newline");
        // A line is read up to its byte cap only, whatever its length.
        let mut line = Vec::new();
        let mut reader: &[u8] = &input[7..];
        let used = read_line_prefix(&mut reader, &mut line, STDERR_LINE_BYTES)
            .await
            .unwrap();
        assert_eq!((line.len(), used), (STDERR_LINE_BYTES, (1 << 20) + 1));
    }

    #[test]
    fn protocol_messages_mask_tokens() {
        let reply =
            format!(r#"{{"id":7,"body":{{"accessToken":"{JWT}","refreshToken":"r-123456"}}}}"#);
        for message in [
            reply_to(8, reply.as_bytes()).unwrap_err().to_string(),
            reply_to(8, format!("not json {reply}").as_bytes())
                .unwrap_err()
                .to_string(),
        ] {
            assert!(!message.contains(JWT), "{message}");
            assert!(!message.contains("r-123456"), "{message}");
            assert!(message.contains("[redacted#"), "{message}");
        }
        assert!(reply_to(7, reply.as_bytes()).is_ok());
        let failure = too_long().to_string();
        assert!(
            !failure.contains('\n') && failure.contains("64 MiB"),
            "{failure}"
        );
    }

    /// A stand-in for `bridge.mjs`: `huge` writes a line over the cap; `slow` answers a timeout
    /// and then, like the real bridge reloading its SDK worker, answers nothing but `hello` for
    /// 3 s.
    const FAKE: &str = r#"
import { createInterface } from 'node:readline';
let reloadUntil = 0;
createInterface({ input: process.stdin }).on('line', (line) => {
  const c = JSON.parse(line);
  const out = (o) => process.stdout.write(JSON.stringify({ id: c.id, ...o }) + '\n');
  if (c.op === 'hello') return out({ ok: true, body: { version: process.env.FAKE_PINNED } });
  if (c.op === 'huge') return process.stdout.write(Buffer.alloc((64 << 20) + 4096, 0x61));
  const later = (f) => setTimeout(f, Math.max(0, reloadUntil - Date.now()));
  if (c.op === 'slow') {
    reloadUntil = Date.now() + 3000;
    return out({ ok: false, timeout: true, error: 'timed out' });
  }
  later(() => out({ ok: true, body: c.op }));
});
"#;

    /// A bridge running [`FAKE`]. Node.js is a requirement of the tests (the README's test
    /// command runs on a machine with it): without it this fails, it does not pass unrun.
    fn fake_bridge(name: &str) -> (Bridge, tempfile::TempDir) {
        let node = std::process::Command::new("node").arg("--version").output();
        assert!(
            node.is_ok_and(|o| o.status.success()),
            "node does not run here: the bridge tests need Node.js 20 (see the README)"
        );
        let dir = tempfile::TempDir::with_prefix(format!("nhost-conformance-fake-bridge-{name}-"))
            .unwrap();
        std::fs::write(dir.path().join("bridge.mjs"), FAKE).unwrap();
        let pinned = super::super::install::pinned_version(SdkLine::V4);
        let bridge = Bridge::new(BridgeSettings {
            dir: BridgeDir {
                dir: dir.path().to_owned(),
                line: SdkLine::V4,
            },
            auth_url: "http://127.0.0.1:9/v1".to_owned(),
            call_timeout: Duration::from_secs(1),
            memory_mib: 256,
            env: vec![("FAKE_PINNED".to_owned(), pinned)],
            spare: false,
        });
        (bridge, dir)
    }

    #[tokio::test]
    async fn a_line_over_the_cap_kills_the_bridge_at_once_as_a_protocol_failure() {
        let (bridge, _dir) = fake_bridge("huge");
        let started = Instant::now();
        let failure = bridge
            .call("huge", json!({}), Duration::from_secs(20))
            .await
            .unwrap_err();
        assert!(
            matches!(&failure, BridgeFailure::Protocol(m) if m.contains("cap")),
            "{failure:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(4), "stalled");
        let next = bridge.call("ping", json!({}), Duration::from_secs(5)).await;
        assert_eq!(next.unwrap()["body"], json!("ping"));
        assert_eq!(bridge.starts(), 2, "started again once");
    }

    #[tokio::test]
    async fn the_worker_reload_after_a_timeout_is_not_charged_to_the_next_call() {
        let (bridge, _dir) = fake_bridge("reload");
        let timed_out = bridge
            .call("slow", json!({}), Duration::from_millis(200))
            .await;
        assert_eq!(timed_out.unwrap()["timeout"], json!(true));
        // 200 ms + the hard margin is less than the 3 s reload: this would be a false hang.
        let next = bridge
            .call("ping", json!({}), Duration::from_millis(200))
            .await;
        assert_eq!(next.unwrap()["body"], json!("ping"));
        assert_eq!(bridge.starts(), 1, "never restarted");
    }
}
