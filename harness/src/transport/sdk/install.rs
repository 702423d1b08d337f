//! Where the SDK bridge lives and how it gets its packages. The bridge's files (`sdk-bridge/` in
//! the source tree) are compiled into the binary, so an installed `nhost-conformance` needs no
//! checkout: on first use they are written to a folder named after their content under the
//! user's cache (`$XDG_CACHE_HOME` or `~/.cache`, `nhost-conformance/`), and `npm ci` installs
//! the chosen line's packages there exactly as its lockfile pins them. An exclusive file lock
//! keeps processes that start side by side (cargo-nextest) from installing over each other.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
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

/// The file `npm ci` leaves in a line's folder once it succeeded: the lockfile's hash.
const MARKER: &str = ".installed";

/// What `line`'s lockfile pins, read once per line.
struct Pin {
    /// `4.7.0`, or `v4 (unpinned)` when the lockfile does not say.
    version: String,
    /// `@nhost/nhost-js 4.7.0`.
    label: String,
}

/// `line`'s [`Pin`], parsed from its lockfile on first use.
fn pin(line: SdkLine) -> &'static Pin {
    static V4: OnceLock<Pin> = OnceLock::new();
    static V3: OnceLock<Pin> = OnceLock::new();
    let slot = match line {
        SdkLine::V4 => &V4,
        SdkLine::V3 => &V3,
    };
    slot.get_or_init(|| {
        let version = read_pinned_version(line);
        let label = format!("@nhost/nhost-js {version}");
        Pin { version, label }
    })
}

/// Parses `line`'s lockfile for the `@nhost/nhost-js` version.
fn read_pinned_version(line: SdkLine) -> String {
    lockfile(line)
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .and_then(|lock| {
            lock["packages"]["node_modules/@nhost/nhost-js"]["version"]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| format!("{line} (unpinned)"))
}

/// `line`'s lockfile, as compiled in.
fn lockfile(line: SdkLine) -> Option<&'static str> {
    let name = format!("{}/package-lock.json", line.name());
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The `@nhost/nhost-js` version `line`'s lockfile pins (the one place that fact is written).
pub fn pinned_version(line: SdkLine) -> String {
    pin(line).version.clone()
}

/// `@nhost/nhost-js 4.7.0`: the SDK and the version `line` pins.
pub fn sdk_label(line: SdkLine) -> String {
    pin(line).label.clone()
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
    if !installed(&line_dir, line) {
        install(&line_dir, line, runtime)?;
    }
    drop(lock);
    Ok(BridgeDir { dir, line })
}

/// What [`MARKER`] holds once `line`'s packages are installed: its lockfile's hash.
fn marker_text(line: SdkLine) -> String {
    format!(
        "{:016x}\n",
        results::hash::fnv1a(lockfile(line).unwrap_or("").bytes())
    )
}

/// Whether `npm ci` finished for this lockfile (its marker is there and matches) and the SDK
/// package is in place. A folder an interrupted `npm ci` left behind has no marker.
fn installed(line_dir: &Path, line: SdkLine) -> bool {
    std::fs::read_to_string(line_dir.join(MARKER)).ok() == Some(marker_text(line))
        && sdk_manifest(line_dir).is_file()
}

/// The installed SDK's `package.json` in a line's folder.
fn sdk_manifest(line_dir: &Path) -> PathBuf {
    line_dir.join("node_modules/@nhost/nhost-js/package.json")
}

/// Runs `npm ci` in `line_dir` and, once it succeeded, writes the marker [`installed`] checks.
/// The old marker goes first, so an install that is interrupted never looks finished.
fn install(line_dir: &Path, line: SdkLine, runtime: &Handle) -> Result<(), SdkError> {
    let err = |reason: String| SdkError::Install {
        dir: line_dir.display().to_string(),
        reason,
    };
    let marker = line_dir.join(MARKER);
    match std::fs::remove_file(&marker) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(err(e.to_string())),
        _ => {}
    }
    npm_ci(line_dir, runtime)?;
    std::fs::write(&marker, marker_text(line))
        .map_err(|e| err(format!("cannot write {}: {e}", marker.display())))
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
    results::hash::fnv1a(
        FILES
            .iter()
            .flat_map(|(name, content)| name.bytes().chain([0]).chain(content.bytes()).chain([0])),
    )
}

/// Runs `node --version` (once per process; later calls get the same answer) and checks the
/// major version.
pub fn check_node() -> Result<(), SdkError> {
    static CHECKED: OnceLock<Result<(), SdkError>> = OnceLock::new();
    CHECKED.get_or_init(check_node_now).clone()
}

/// [`check_node`], uncached.
fn check_node_now() -> Result<(), SdkError> {
    node_version_ok(&tool_version("node")?)
}

/// Whether `node --version`'s answer (`v20.11.1`) is [`MIN_NODE_MAJOR`] or newer.
fn node_version_ok(version: &str) -> Result<(), SdkError> {
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
    if output.status.success() && sdk_manifest(line_dir).is_file() {
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

    #[test]
    fn pins_are_read_once_per_line() {
        for line in SdkLine::ALL {
            assert!(std::ptr::eq(pin(line), pin(line)));
            assert_eq!(pinned_version(line), read_pinned_version(line));
            assert_eq!(
                sdk_label(line),
                format!("@nhost/nhost-js {}", pinned_version(line))
            );
        }
        assert!(!std::ptr::eq(pin(SdkLine::V4), pin(SdkLine::V3)));
    }

    #[test]
    fn a_folder_counts_as_installed_only_with_a_matching_marker() {
        let temp = tempfile::TempDir::with_prefix("nhost-conformance-install-marker-").unwrap();
        let dir = temp.path();
        let line = SdkLine::V4;
        let manifest = sdk_manifest(dir);
        std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
        std::fs::write(&manifest, "{}").unwrap();
        // What an interrupted `npm ci` leaves: the package, no marker.
        assert!(!installed(dir, line));
        std::fs::write(dir.join(MARKER), marker_text(SdkLine::V3)).unwrap();
        assert!(!installed(dir, line), "another lockfile's marker");
        std::fs::write(dir.join(MARKER), marker_text(line)).unwrap();
        assert!(installed(dir, line));
        std::fs::remove_file(&manifest).unwrap();
        assert!(!installed(dir, line), "a marker without the package");
        assert_ne!(marker_text(SdkLine::V4), marker_text(SdkLine::V3));
    }

    #[test]
    fn node_is_accepted_from_the_minimum_major_version_on() {
        for ok in [
            format!("v{MIN_NODE_MAJOR}.0.0"),
            format!("v{}.11.1\n", MIN_NODE_MAJOR + 2),
            format!("{MIN_NODE_MAJOR}.5.0"),
        ] {
            assert_eq!(node_version_ok(&ok), Ok(()), "{ok:?}");
        }
        for old in [
            format!("v{}.20.4", MIN_NODE_MAJOR - 1),
            "v8.17.0".to_owned(),
            "vnext".to_owned(),
            String::new(),
        ] {
            assert_eq!(
                node_version_ok(&format!(" {old}\n")),
                Err(SdkError::OldNode(old.clone())),
                "{old:?}"
            );
        }
    }
}
