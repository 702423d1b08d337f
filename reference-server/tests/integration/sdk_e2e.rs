//! End to end through the official JS SDK (`@nhost/nhost-js`, pinned in `sdk-bridge/`): sign-up,
//! sign-in, refresh with rotation, get-user and sign-out against a spawned reference server.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use reference_server::{spawn, Profile, ServerConfig};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::support::{email, PASSWORD};

/// Per-command bound on the Rust side (the bridge has its own, shorter, SDK timeout).
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

fn bridge_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sdk-bridge")
}

/// The node bridge process; killed on drop.
struct Bridge {
    _child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    next_id: u64,
}

impl Bridge {
    fn start(auth_url: &str) -> Self {
        let dir = bridge_dir();
        assert!(
            dir.join("node_modules/@nhost/nhost-js/package.json")
                .is_file(),
            "sdk-bridge/node_modules is missing: run `npm ci --prefix sdk-bridge`"
        );
        let mut child = Command::new("node")
            .arg(dir.join("bridge.mjs"))
            .args(["--auth-url", auth_url, "--timeout-ms", "10000"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `node` for the SDK bridge: {e}"));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        Self {
            _child: child,
            stdin,
            lines: BufReader::new(stdout).lines(),
            next_id: 1,
        }
    }

    async fn call(&mut self, op: &str, args: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut line = serde_json::to_vec(&json!({ "id": id, "op": op, "args": args })).unwrap();
        line.push(b'\n');
        let exchange = async {
            self.stdin.write_all(&line).await.expect("write to bridge");
            self.stdin.flush().await.expect("flush bridge");
            let reply = self
                .lines
                .next_line()
                .await
                .expect("read from bridge")
                .expect("bridge exited early");
            serde_json::from_str::<Value>(&reply).expect("bridge answers JSON")
        };
        let reply = tokio::time::timeout(CALL_TIMEOUT, exchange)
            .await
            .unwrap_or_else(|_| panic!("bridge did not answer `{op}` in time"));
        assert_eq!(reply["id"], id, "{reply}");
        reply
    }

    async fn ok(&mut self, op: &str, args: Value) -> Value {
        let reply = self.call(op, args).await;
        assert_eq!(reply["ok"], true, "{op} failed: {}", redact(&reply));
        assert_eq!(reply["status"], 200, "{op}: {}", redact(&reply));
        reply["body"].clone()
    }
}

/// Only the error parts, never tokens.
fn redact(reply: &Value) -> Value {
    json!({ "ok": reply["ok"], "status": reply["status"], "error": reply["error"], "code": reply["body"]["error"] })
}

async fn drive(profile: Profile) {
    let server = spawn(ServerConfig {
        profile,
        ..ServerConfig::for_tests()
    })
    .await
    .expect("server starts");
    let mut sdk = Bridge::start(server.url());
    let address = email("sdk");

    let signed_up = sdk
        .ok("signUp", json!({ "email": address, "password": PASSWORD, "options": { "displayName": "SDK User", "locale": "fr" } }))
        .await;
    let user_id = signed_up["session"]["user"]["id"].clone();
    assert!(user_id.is_string());
    assert_eq!(signed_up["session"]["user"]["displayName"], "SDK User");

    let signed_in = sdk
        .ok("signIn", json!({ "email": address, "password": PASSWORD }))
        .await;
    let session = &signed_in["session"];
    assert_eq!(session["user"]["id"], user_id);
    let old_token = session["refreshToken"].clone();

    // Refresh the SDK's stored session: a new token, the same token id.
    let refreshed = sdk.ok("refresh", json!({})).await;
    assert_ne!(refreshed["refreshToken"], old_token);
    assert_eq!(refreshed["refreshTokenId"], session["refreshTokenId"]);
    let stored = sdk.call("session", json!({})).await;
    assert_eq!(stored["body"]["refreshToken"], refreshed["refreshToken"]);

    // The rotated-out token is rejected.
    let stale = sdk
        .call("refresh", json!({ "refreshToken": old_token }))
        .await;
    assert_eq!(stale["ok"], false);
    assert_eq!(stale["status"], 401);
    assert_eq!(stale["body"]["error"], "invalid-refresh-token");

    let user = sdk.ok("getUser", json!({})).await;
    assert_eq!(user["id"], user_id);

    // Sign out the stored session; its refresh token is then rejected.
    let current = refreshed["refreshToken"].clone();
    assert_eq!(sdk.ok("signOut", json!({})).await, json!("OK"));
    let after = sdk
        .call("refresh", json!({ "refreshToken": current }))
        .await;
    assert_eq!(after["ok"], false);
    assert_eq!(after["status"], 401);
    assert_eq!(sdk.call("session", json!({})).await["body"], Value::Null);

    let anonymous = sdk.ok("signInAnonymous", json!({})).await;
    assert_eq!(anonymous["session"]["user"]["isAnonymous"], true);
}

#[tokio::test]
async fn official_sdk_round_trip_published_profile() {
    drive(Profile::Published).await;
}

#[tokio::test]
async fn official_sdk_round_trip_deployed_profile() {
    drive(Profile::Deployed).await;
}
