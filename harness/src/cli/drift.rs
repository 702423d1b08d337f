//! `nhost-conformance drift`: a run, then its contract drift on stdout and, with
//! `--expectations-out`, as an expectations file.

use std::io::Write;

use super::args::DriftArgs;
use super::exit;
use crate::errors::HarnessError;
use crate::runner::drift::expectations_toml;

/// Runs the suites like `run`, prints every difference from the contract and writes the
/// expectations file when asked; exit 0 once done, whatever the cases found.
pub fn drift(args: &DriftArgs) -> Result<u8, HarnessError> {
    let outcome = super::run::execute(&args.run)?;
    let Some(drift) = &outcome.report.drift else {
        eprintln!("the target answered nothing that has a shape to compare: no contract drift");
        return Ok(exit::PASSED);
    };
    let mut out = format!(
        "Contract drift from `{}`: {} difference(s)\n",
        drift.contract,
        drift.differences.len()
    );
    for d in &drift.differences {
        let rule = d
            .rule
            .as_deref()
            .map_or_else(String::new, |r| format!(" [{r}]"));
        out.push_str(&format!(
            "  {}: {}{rule}\n",
            d.response,
            reports::terminal_safe(&d.message)
        ));
    }
    // A closed stdout (`| head`) is not an error of the drift.
    let _ = std::io::stdout().write_all(out.as_bytes());
    if let Some(path) = &args.expectations_out {
        let write_error = |e: std::io::Error| HarnessError::Write {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        std::fs::write(path, expectations_toml(drift)).map_err(write_error)?;
        eprintln!("expectations: {}", path.display());
    }
    Ok(exit::PASSED)
}
