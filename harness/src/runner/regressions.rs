//! The regressions file: one failing case per line, `suite::property::case_NNNN <case seed> #
//! note` (the seed as [`results::CaseSeed`] prints it; bare hex is read too), replayed first on
//! the next run (like proptest's `proptest-regressions/`).

use std::io::Write;
use std::path::Path;

use results::{CaseName, CaseSeed};

use crate::errors::HarnessError;

/// One persisted failing case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regression {
    /// The case name, `suite::property::case_NNNN` (the number selects the case's kind for
    /// properties that cover rules in order), without a seed suffix.
    pub case: CaseName,
    /// The case seed.
    pub seed: CaseSeed,
}

/// Reads the file; a missing file is an empty list.
pub fn read(path: &Path) -> Result<Vec<Regression>, HarnessError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(err(path, e.to_string())),
    };
    parse(&text).map_err(|m| err(path, m))
}

/// Parses the file's text.
pub fn parse(text: &str) -> Result<Vec<Regression>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(case), Some(seed), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!(
                "line {}: expected `suite::property::case_NNNN <seed hex>`",
                n + 1
            ));
        };
        let case: CaseName = case.parse().map_err(|e| format!("line {}: {e}", n + 1))?;
        let hex = seed.strip_prefix("0x").unwrap_or(seed);
        let seed = u64::from_str_radix(hex, 16)
            .ok()
            .filter(|_| !hex.is_empty() && hex.len() <= 16)
            .ok_or_else(|| format!("line {}: {seed:?} is not a hex seed", n + 1))?;
        out.push(Regression {
            case: case.without_seed(),
            seed: CaseSeed(seed),
        });
    }
    Ok(out)
}

/// Appends a failing case unless the file already has it. The line (and the header of a new
/// file) goes out in one append-mode write, so processes running cases side by side (cargo
/// nextest) do not interleave their lines.
pub fn append(path: &Path, regression: &Regression, note: &str) -> Result<(), HarnessError> {
    let existing = read(path)?;
    if existing.contains(regression) {
        return Ok(());
    }
    let mut text = String::new();
    if std::fs::metadata(path).map_or(true, |m| m.len() == 0) {
        text.push_str(
            "# Failing nhost-conformance cases, replayed first on every run. Commit this file.\n",
        );
    }
    let note = note.replace('\n', " ");
    text.push_str(&format!(
        "{} {} # {note}\n",
        regression.case, regression.seed
    ));
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(|e| err(path, e.to_string()))
}

fn err(path: &Path, message: String) -> HarnessError {
    HarnessError::Regressions {
        path: path.display().to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_dedups() {
        let dir = std::env::temp_dir().join(format!("nc-reg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("regressions.txt");
        let _ = std::fs::remove_file(&path);
        let r = Regression {
            case: "token::rotation::case_0002".parse().unwrap(),
            seed: CaseSeed(0xabc),
        };
        append(&path, &r, "token:rotation.same-id").unwrap();
        append(&path, &r, "again").unwrap();
        assert_eq!(read(&path).unwrap(), vec![r]);
        assert!(parse("token::rotation::case_0001 zz\n")
            .unwrap_err()
            .contains("line 1"));
        assert!(parse("token::rotation 0abc\n")
            .unwrap_err()
            .contains("not a case name"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
