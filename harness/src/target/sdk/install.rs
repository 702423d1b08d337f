//! Where the SDK bridge lives and how it gets its packages. The bridge's files (`sdk-bridge/` in
//! the source tree) are compiled into the binary, so an installed `nhost-conformance` needs no
//! checkout: on first use they are written to a folder named after their content under the
//! user's cache (`$XDG_CACHE_HOME` or `~/.cache`, `nhost-conformance/`), and `npm ci` installs
//! the chosen line's packages there exactly as its lockfile pins them. An exclusive file lock
//! keeps processes that start side by side (cargo-nextest) from installing over each other.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use std::time::Duration;

use tokio::runtime::Handle;

use super::line::SdkLine;
use crate::errors::SdkError;

/// How long `npm ci` may take before the run gives up on it.
pub const NPM_CI_TIMEOUT: Duration = Duration::from_secs(600);

/// The oldest Node.js major version the bridge runs on.
pub const MIN_NODE_MAJOR: u32 = 20;

/// The bridge's files, relative to its folder, as compiled in.
const FILES: &[(&str, &str)] = &[
    (
        "bridge.mjs",
        include_str!("../../../../sdk-bridge/bridge.mjs"),
    ),
    (
        "v4/package.json",
        include_str!("../../../../sdk-bridge/v4/package.json"),
    ),
    (
        "v4/package-lock.json",
        include_str!("../../../../sdk-bridge/v4/package-lock.json"),
    ),
    (
        "v4/adapter.mjs",
        include_str!("../../../../sdk-bridge/v4/adapter.mjs"),
    ),
    (
        "v3/package.json",
        include_str!("../../../../sdk-bridge/v3/package.json"),
    ),
    (
        "v3/package-lock.json",
        include_str!("../../../../sdk-bridge/v3/package-lock.json"),
    ),
    (
        "v3/adapter.mjs",
        include_str!("../../../../sdk-bridge/v3/adapter.mjs"),
    ),
];

/// The `@nhost/nhost-js` version `line`'s lockfile pins (the one place that fact is written).
pub fn pinned_version(line: SdkLine) -> String {
    let name = format!("{}/package-lock.json", line.name());
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, text)| serde_json::from_str::<serde_json::Value>(text).ok())
        .and_then(|lock| {
            lock["packages"]["node_modules/@nhost/nhost-js"]["version"]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| format!("{line} (unpinned)"))
}

/// `@nhost/nhost-js 4.7.0`: the SDK and the version `line` pins.
pub fn sdk_label(line: SdkLine) -> String {
    format!("@nhost/nhost-js {}", pinned_version(line))
}

/// A prepared bridge: its folder, with the line's packages installed.
#[derive(Debug, Clone)]
pub struct BridgeDir {
    /// The folder holding `bridge.mjs`.
    pub dir: PathBuf,
    /// The line whose packages are installed.
    pub line: SdkLine,
}

impl BridgeDir {
    /// The bridge script.
    pub fn script(&self) -> PathBuf {
        self.dir.join("bridge.mjs")
    }
}

/// Writes the bridge's files (once per content) and installs `line`'s packages when they are
/// missing. Checks that `node` (20 or newer) and, when an install is needed, `npm` run.
pub fn prepare(line: SdkLine, runtime: &Handle) -> Result<BridgeDir, SdkError> {
    check_node()?;
    let dir = cache_root().join(format!("sdk-bridge-{:016x}", content_hash()));
    let files_error = |e: std::io::Error| SdkError::Files {
        dir: dir.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(dir.join(line.name())).map_err(files_error)?;
    let lock = std::fs::File::create(dir.join(".lock")).map_err(files_error)?;
    lock.lock().map_err(files_error)?;
    for (name, content) in FILES {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(*content) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(files_error)?;
            }
            std::fs::write(&path, content).map_err(files_error)?;
        }
    }
    let line_dir = dir.join(line.name());
    if !installed(&line_dir) {
        npm_ci(&line_dir, runtime)?;
    }
    drop(lock);
    Ok(BridgeDir { dir, line })
}

/// Whether the line's SDK package is installed.
fn installed(line_dir: &Path) -> bool {
    line_dir
        .join("node_modules/@nhost/nhost-js/package.json")
        .is_file()
}

/// `$XDG_CACHE_HOME/nhost-conformance`, `~/.cache/nhost-conformance`, or under the temp dir.
fn cache_root() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })
        .unwrap_or_else(std::env::temp_dir);
    base.join("nhost-conformance")
}

/// FNV-1a over every file name and content: a new bridge gets a new folder.
fn content_hash() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, content) in FILES {
        for b in name.bytes().chain([0]).chain(content.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Runs `node --version` and checks the major version.
pub fn check_node() -> Result<(), SdkError> {
    let version = tool_version("node")?;
    let major = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(m) if m >= MIN_NODE_MAJOR => Ok(()),
        _ => Err(SdkError::OldNode(version.trim().to_owned())),
    }
}

/// The first line a tool prints for `--version`.
fn tool_version(tool: &'static str) -> Result<String, SdkError> {
    let out = Command::new(tool)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| SdkError::Missing {
            tool,
            reason: e.to_string(),
        })?;
    if !out.status.success() {
        return Err(SdkError::Missing {
            tool,
            reason: format!("`{tool} --version` exited with {}", out.status),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned())
}

/// `npm ci` in `line_dir`, bounded by [`NPM_CI_TIMEOUT`] (the child is killed when it passes).
fn npm_ci(line_dir: &Path, runtime: &Handle) -> Result<(), SdkError> {
    tool_version("npm")?;
    let err = |reason: String| SdkError::Install {
        dir: line_dir.display().to_string(),
        reason,
    };
    eprintln!(
        "installing the SDK bridge's packages: npm ci --prefix {}",
        line_dir.display()
    );
    // A child process is spawned and reaped inside the runtime.
    let _entered = runtime.enter();
    let child = tokio::process::Command::new("npm")
        .args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(line_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| err(e.to_string()))?;
    let output = runtime
        .block_on(async { tokio::time::timeout(NPM_CI_TIMEOUT, child.wait_with_output()).await })
        .map_err(|_| {
            err(format!(
                "it took over {} s and was stopped",
                NPM_CI_TIMEOUT.as_secs()
            ))
        })?
        .map_err(|e| err(e.to_string()))?;
    if output.status.success() && installed(line_dir) {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&output.stderr);
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message")
        .trim()
        .to_owned();
    Err(err(format!("{}: {last}", output.status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ships_its_manifest_lockfile_and_adapter() {
        for line in SdkLine::ALL {
            for file in ["package.json", "package-lock.json", "adapter.mjs"] {
                let name = format!("{}/{file}", line.name());
                assert!(
                    FILES.iter().any(|(n, _)| *n == name),
                    "{name} is not compiled in"
                );
            }
        }
        assert_ne!(content_hash(), 0);
        assert_eq!(pinned_version(SdkLine::V4), "4.7.0");
        assert_eq!(pinned_version(SdkLine::V3), "3.3.1");
    }
}
