//! The parsers of setting texts that more than one source or setting shares (URLs, lists,
//! yes/no, seeds, faults, accounts and the files and variables they come from), and the
//! per-process file name of `NHOST_NDJSON_DIR`. Each returns a message, which the caller names
//! with the setting's variable, key or flag.

use std::path::{Path, PathBuf};

use reference_server::Fault;
use suites::Account;

/// Checks a target URL: it parses, its scheme is http or https, and it names a host. The
/// message never repeats the URL's userinfo.
pub fn check_url(url: &str) -> Result<(), String> {
    let shown = suites::redact::strip_userinfo(url);
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| format!("{shown:?} is not a valid URL ({e}); expected http(s)://host/path"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "{shown:?} is not an http(s) URL; expected http(s)://host/path"
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "{shown:?} has no host; expected http(s)://host/path"
        ));
    }
    Ok(())
}

/// Parses a yes/no setting: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`.
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!(
            "expected 1/true/yes/on or 0/false/no/off, got {text:?}"
        )),
    }
}

/// Parses `email:password` pairs separated by commas.
pub fn parse_accounts(text: &str) -> Result<Vec<Account>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (email, password) = pair
                .split_once(':')
                .ok_or("expected email:password pairs separated by commas")?;
            if !email.contains('@') || password.is_empty() {
                return Err("expected email:password pairs separated by commas".to_owned());
            }
            Ok(Account {
                email: email.to_owned(),
                password: password.to_owned(),
                user_id: None,
            })
        })
        .collect()
}

/// Reads an accounts file: one `email:password` per line; blank lines and lines starting with
/// `#` are skipped. Returns the file's absolute path (for case files) and the accounts. The
/// message never quotes a line (it holds a password).
pub fn read_accounts_file(path: &Path) -> Result<(PathBuf, Vec<Account>), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut accounts = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = parse_accounts(line)
            .ok()
            .filter(|a| a.len() == 1)
            .ok_or_else(|| format!("{} line {}: expected email:password", path.display(), n + 1))?;
        accounts.extend(parsed);
    }
    if accounts.is_empty() {
        return Err(format!("{} holds no account", path.display()));
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok((absolute, accounts))
}

/// Reads the JWT secret from the variable `name` (`--jwt-secret-env`, `jwt_secret_env`): the
/// secret itself is never given on a command line or in a file.
pub fn read_secret_env(name: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(v),
        _ => Err(format!(
            "the variable {name} is not set (it should hold the JWT secret)"
        )),
    }
}

/// Parses a comma-separated list.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses fault names, with an error that lists the known ones.
pub fn parse_faults(names: &[String]) -> Result<Vec<Fault>, String> {
    names
        .iter()
        .map(|n| n.parse::<Fault>().map_err(|e| e.to_string()))
        .collect()
}

/// Parses `random` or a whole number.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    if text.eq_ignore_ascii_case("random") {
        return Ok(results::hash::fnv1a(super::imp::random_namespace().bytes()));
    }
    text.parse::<results::RunSeed>().map(|s| s.0).map_err(|_| {
        format!("expected a whole number, 0x and hex digits, or `random`, got {text:?}")
    })
}

/// A file name no other process writing to the same directory picks: the process id, the
/// time in nanoseconds and a per-process counter.
pub fn process_file_name() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "nhost-{}-{nanos}-{}.ndjson",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
